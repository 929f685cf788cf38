"""The new practice (sim.mechanisms.practice): who knows it at the start, how it spreads, and the experts leaving.

Margins are from measurement (4 seeds each, 150 employees, 5 experts, 104 weeks; the
classroom's defaults): the share who know it ended at 0.10 without a programme and 0.46 with
peer mentoring (random matching), seed-to-seed sd 0.02 and 0.07.
"""

import numpy as np
import pytest

from sim.config import ConfigError, PracticeConfig
from sim.mechanisms import knowledge, practice
from sim.model import MentoringModel
from sim.resolved import resolve
from tests.helpers import small_config

CLASSROOM = {"org.n_employees": 150, "practice.experts": 5, "steps": 104}


def _share_after(seed, weeks=104, **overrides):
    model = MentoringModel(rng=seed, **{**CLASSROOM, **overrides})
    model.run(weeks)
    return practice.share_knowing(model.state.tacit, model.config.practice), model


def test_at_the_start_only_the_experts_of_one_front_line_team_know_it():
    model = MentoringModel(rng=3, **CLASSROOM)
    st, k = model.state, model.config.org.n_skills - 1
    knowers = np.flatnonzero(st.tacit[:, k] > 0)
    assert len(knowers) == 5 and len(np.unique(st.team[knowers])) == 1 and (st.level[knowers] == 0).all()
    assert np.allclose(st.tacit[knowers, k], 0.9) and np.allclose(st.skills[knowers, k], 0.9)
    assert (st.skills[:, k] > 0).sum() == 5 and st.opted_in[knowers].all()
    assert sorted(model.practice_experts) == sorted(st.uid[knowers])
    others = [j for j in range(st.n_skills) if j != k]
    plain = MentoringModel(rng=3, **{**CLASSROOM, "practice.experts": 0})
    assert np.array_equal(plain.state.tacit[:, others], st.tacit[:, others]), "the other skills as without it"


def test_the_experts_are_the_first_of_the_largest_team_then_the_next():
    level = np.array([0, 0, 0, 0, 0, 0, 1])
    team = np.array([1, 0, 1, 0, 1, 2, 3])  # team 1 holds three front-line people, team 0 two
    assert list(practice.choose_experts(level, team, 2)) == [0, 2]
    assert list(practice.choose_experts(level, team, 4)) == [0, 2, 4, 1]


def test_one_practises_it_only_once_begun():
    x = np.array([[0.0, 0.05], [0.0, 0.2], [0.0, 0.9]])
    knowledge.learn_by_doing(x, 0.0, None, started=(1, 5.2, 0.1))
    assert x[0, 1] == 0.05, "below start_at: no growth by practice"
    assert x[1, 1] == pytest.approx(0.2 + 0.1 * 0.2 * 0.8) and x[2, 1] == pytest.approx(0.9 + 0.1 * 0.9 * 0.1)
    assert (x[:, 0] == 0).all()


def test_new_hires_arrive_knowing_none_of_it():
    from sim.config import with_overrides
    from sim.mechanisms.organisation import fill_seats
    from sim.streams import KeyedDraws

    model = MentoringModel(rng=0, **CLASSROOM)
    st, k = model.state, model.config.org.n_skills - 1
    seats = np.array([3, 40, 41])

    def hired(cfg):  # the same three people (keyed draws) hired under cfg
        fill_seats(st, seats, cfg, KeyedDraws(np.full(3, model.streams.hire_key), seats, np.ones(3, dtype=int)), 10)
        return st.tacit[seats].copy(), st.skills[seats].copy()

    tacit, skills = hired(model.config)
    assert (tacit[:, k] == 0).all() and (skills[:, k] == 0).all()
    plain_tacit, plain_skills = hired(with_overrides(model.config, {"practice.experts": 0}))
    assert (plain_tacit[:, k] > 0).any(), "without the practice the skill is any hire's"
    assert np.array_equal(tacit[:, :k], plain_tacit[:, :k]) and np.array_equal(skills[:, :k], plain_skills[:, :k])


def test_without_a_programme_it_creeps_with_peer_mentoring_it_spreads():
    none = [_share_after(s, **{"program.design": "none"})[0] for s in range(3)]
    peer = [_share_after(s, **{"program.design": "peer"})[0] for s in range(3)]
    assert max(none) < 0.2, none  # 0.10 measured
    assert min(p - n for p, n in zip(peer, none, strict=True)) > 0.12, (none, peer)  # 0.36 measured on average
    assert np.mean(peer) > 0.3, peer


def test_when_the_experts_leave_their_know_how_goes_with_them():
    calm = {"program.design": "none", "turnover.rate_annual": 0.0}  # no one else leaves
    stay, model = _share_after(1, weeks=60, **calm)
    gone, left = _share_after(1, weeks=60, **calm, **{"practice.experts_leave_week": 52})
    assert np.isin(model.state.uid, model.practice_experts).sum() == 5
    assert not np.isin(left.state.uid, left.practice_experts).any(), "every expert left at week 52"
    assert list(left.timeseries()["exits"].iloc[50:56]) == [0, 0, 0, 5, 0, 0]
    assert gone < stay - 0.02, (stay, gone)


def test_off_by_default_and_share_zero():
    assert practice.skill_of(PracticeConfig(), 5) is None
    assert practice.share_knowing(np.ones((3, 5)), PracticeConfig()) == 0.0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"practice.skill": 0}, r"practice.skill=0: skill 0 is already the fast-changing skill"),
        ({"practice.skill": 7}, r"practice.skill=7: must be below org.n_skills \(5\)"),
    ],
)
def test_a_practice_skill_that_cannot_be_is_refused(overrides, message):
    with pytest.raises(ConfigError, match=message):
        resolve(small_config(**{"practice.experts": 3, **overrides}))
