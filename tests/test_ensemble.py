"""Batched ensembles (sim.ensemble): each replicate gives the bytes of its single run."""

import dataclasses
import json

import numpy as np
import pytest

from sim.config import SimConfig, all_tags, format_value, with_overrides
from sim.ensemble import Ensemble, EnsembleError, check_batchable
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.state import FIELDS
from sim.ties import _COLUMNS
from tests.helpers import ROOT, assert_ensemble_is_its_single_runs

DESIGNS = ("hierarchical", "peer", "peer_circles", "reverse", "hybrid")
FULL_SUPPORT = {
    "support.protected_hours_per_month": 2.0,
    "support.mentor_training": True,
    "support.mentor_recognition": True,
}


def _runs(seeds, **overrides):
    if overrides.pop("support", False) is None:
        overrides.update(FULL_SUPPORT)
    base = {"org.n_employees": 150, "steps": 60, "program.design": "none", **overrides}
    return [resolve(with_overrides(SimConfig(), {**base, "seed": s})) for s in seeds]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        *({"program.design": d, "program.match_every_weeks": 8, "program.duration_weeks": 20} for d in DESIGNS),
        {"program.design": "hybrid", "program.external_mentors": 3, "support": None},
        {"network.kind": "teams", "turnover.rate_annual": 0.6, "support.free_hours_cv": 0.0},
        {"org.kind": "roster", "org.roster_path": str(ROOT / "examples" / "roster.csv"), "org.n_employees": 500},
        {"program.design": "peer", "practice.experts": 4, "practice.experts_leave_week": 30},
    ],
)
def test_every_replicate_is_the_bytes_of_its_single_run(overrides):
    runs = _runs(range(4), **overrides)
    assert_ensemble_is_its_single_runs(runs)


def test_scenarios_of_one_organisation_are_the_bytes_of_their_single_runs():
    """Runs differing in design, matching, support, lifecycle and prices step as one ensemble."""
    runs = [
        *_runs([0], **{"program.design": "peer_circles", "program.match_every_weeks": 8}),
        *_runs([0]),
        *_runs([1], **{"program.design": "hierarchical", "matching.strategy": "optimal", "program.opt_in_rate": 0.9}),
        *_runs([1], **{"program.design": "peer", "support": None, "support.free_hours_per_month": 6.0}),
        *_runs([2], **{"program.design": "hybrid", "program.external_mentors": 2, "lifecycle.no_fault_exit": True}),
        *_runs([3], **{"program.design": "reverse", "program.start_step": 10, "economics.hourly_cost": 80.0}),
    ]
    batch = assert_ensemble_is_its_single_runs(runs)
    assert len({s["design"] for s in batch.summaries()}) == 6


def test_warm_started_runs_step_as_an_ensemble_and_are_the_bytes_of_their_single_runs(tmp_path):
    from sim import checkpoint
    from sim.run.execute import simulate

    simulate(_runs([5], **{"steps": 40, "checkpoint.final": True})[0], tmp_path)
    warm = {"warm_start": str(checkpoint.locate(tmp_path)), "program.match_every_weeks": 8}
    runs = _runs([0, 1], **warm) + _runs([0], **{**warm, "program.design": "peer"})
    assert_ensemble_is_its_single_runs(runs)


#: A value that sets each key tagged ``alone`` (sim.config.all_tags).
_SET = {"checkpoint.every": 10, "checkpoint.final": True, "checkpoint.resume": "somewhere", "outputs.employees": True}


@pytest.mark.parametrize("key", [k for k, t in all_tags().items() if t.alone])
def test_runs_that_step_alone_are_refused_by_the_one_rule_sweeps_use(key):
    from sim.run.batch import batchable

    plain, other = _runs([0, 1])
    runs = [plain, dataclasses.replace(other, config=with_overrides(other.config, {key: _SET[key]}))]
    assert not batchable(runs[1]) and batchable(runs[0])
    with pytest.raises(EnsembleError, match=f"{key}={format_value(_SET[key])}: " + all_tags()[key].alone):
        check_batchable(runs)


def test_ensembles_refuse_runs_that_differ_in_an_organisation_wide_setting():
    with pytest.raises(EnsembleError, match=r"org.n_employees: 150 in the first run, 160 in another; the runs of"):
        check_batchable(_runs([0]) + _runs([1], **{"org.n_employees": 160}))
    with pytest.raises(EnsembleError, match=r"turnover.rate_annual: .* differ only in seed, program.\*, matching"):
        check_batchable(_runs([0]) + _runs([1], **{"turnover.rate_annual": 0.3}))


@pytest.mark.parametrize("design", DESIGNS)
def test_a_replicate_ends_with_the_state_and_ties_of_its_single_run(design):
    """What a finished run is measured on (sim.studies.levers) is its single run's: people, ties, network, summary."""
    runs = _runs([0, 1, 2], **{"program.design": design, "program.match_every_weeks": 8})
    batch = Ensemble(runs).run()
    for i, run in enumerate(runs):
        single, ended = MentoringModel(run).run(), batch.ended(i)
        for f in FIELDS:
            np.testing.assert_array_equal(getattr(single.state, f), getattr(ended.state, f), err_msg=f)
        for name in ("ties", "external"):
            mine, theirs = getattr(single.program, name), getattr(ended.program, name)
            assert len(mine) == len(theirs) and (name == "external" or len(mine) > 0)
            for column in _COLUMNS:  # a group's number counts over the cohort: the same groups, numbered apart
                a, b = getattr(mine, column), getattr(theirs, column)
                if column == "group":
                    a, b = np.unique(a, return_inverse=True)[1], np.unique(b, return_inverse=True)[1]
                np.testing.assert_array_equal(a, b, err_msg=column)
        np.testing.assert_array_equal(single.isolated, ended.isolated)
        assert json.dumps(single.summary(), sort_keys=True) == json.dumps(ended.summary(), sort_keys=True)
