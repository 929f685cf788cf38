"""The classroom's scenario and presets (sim.teaching.classroom): the contrast they promise, measured over seeds."""

import numpy as np
import pytest

from sim.mechanisms.designs import DESIGNS
from sim.teaching import classroom
from sim.teaching.classroom import PRESETS, ClassroomModel


def _share(design: str, seed: int, weeks: int = classroom.WEEKS, **extra) -> float:
    model = ClassroomModel(**classroom.settings(**{"program.design": design, "seed": seed, **extra}))
    model.run(weeks)
    return model.practice_share[-1]


def test_the_model_records_the_share_who_know_it_each_week():
    model = ClassroomModel(**classroom.settings(seed=2))
    assert model.practice_share == [pytest.approx(5 / 150)], "five experts of 150 at the start"
    model.run(6)
    assert len(model.practice_share) == 7 and model.practice_share[-1] == model.share_knowing()
    assert model.practice_skill == model.config.org.n_skills - 1
    again = classroom.twin(model, "peer")
    assert again.config.program.design == "peer" and again.steps == 0
    assert np.array_equal(again.state.tacit, ClassroomModel(**classroom.settings(seed=2)).state.tacit)


def test_no_programme_creeps_peer_mentoring_pulls_ahead_over_seeds():
    """The first preset's promise: margins from measurement (5 seeds, 104 weeks)."""
    none = np.array([_share("none", s) for s in range(5)])
    peer = np.array([_share("peer", s) for s in range(5)])
    assert none.max() < 0.25, none
    assert (peer - none).min() > 0.1 and (peer - none).mean() > 0.2, (none, peer)


def test_when_the_experts_retire_less_of_it_survives():
    stay = np.mean([_share("none", s, weeks=78) for s in range(3)])
    retire = np.mean([_share("none", s, weeks=78, **{"practice.experts_leave_week": 52}) for s in range(3)])
    assert retire < stay, (stay, retire)


@pytest.mark.parametrize("preset", PRESETS, ids=[p.title for p in PRESETS])
def test_every_preset_builds_and_asks_for_a_prediction(preset):
    model = ClassroomModel(**{**classroom.CLASSROOM, **preset.settings})
    assert model.practice_skill is not None
    assert preset.predict.startswith("Predict:")
    assert preset.compare_with in DESIGNS
    if preset.side_by_side:
        assert preset.compare_with != model.config.program.design


def test_the_teachers_sheet_prints_each_thing_to_try_as_the_model_runs_it(capsys):
    assert classroom.main(["--seeds", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines if any(line.startswith(p.title) for p in PRESETS)]
    assert len(rows) == sum(1 + p.side_by_side for p in PRESETS)
    first = rows[0].split()
    assert first[-2] == f"{_share('none', 0):.1%}", "week 104, seed 0, no programme"
    assert first[-1] == f"{_share('none', 0):.0%}-{_share('none', 0):.0%}"


def test_rewinding_gives_the_state_the_run_had_at_that_week():
    """What the page's Pause relies on: a frame drawn ahead of the screen is undone exactly."""
    model = ClassroomModel(**classroom.settings(**{"program.design": "peer", "seed": 4}))
    model.run(9)
    tacit, ties, shares = model.state.tacit.copy(), len(model.ties), list(model.practice_share)
    model.run(7)
    back = classroom.rewind(model, 9)
    assert back.steps == 9 and back.practice_share == shares and len(back.ties) == ties
    assert np.array_equal(back.state.tacit, tacit)
    back.run(7)
    assert np.array_equal(back.state.tacit, model.state.tacit), "and it goes on as the first run did"


def test_the_first_weeks_explain_themselves_until_someone_new_knows_it():
    model = ClassroomModel(**classroom.settings(seed=0))
    assert "picked up a little so far: **0**" in classroom.nothing_yet([model])
    model.run(8)
    assert classroom.picked_up(model) > 0, "a few have picked up a little"
    assert classroom.nothing_yet([model]) is not None
    model.run(60)
    assert max(model.practice_share) > model.practice_share[0] and classroom.nothing_yet([model]) is None
