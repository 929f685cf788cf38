"""The knowledge history (sim.mechanisms.history): a run starts from an organisation that has settled."""

import numpy as np
import pytest

from sim.config import SimConfig, with_overrides
from sim.mechanisms import history, knowledge
from sim.model import MentoringModel
from sim.resolved import resolve
from tests.helpers import ROOT


def test_without_history_know_how_drifts_far_more_than_seeds_differ_and_with_it_less():
    """Measured (python -m sim.studies.drift --seeds 30, 500 people, 5 years): tacit know-how of no
    programme drifts +0.059 +- 0.002 from the closed form, -0.0011 +- 0.0019 after the default five
    years of history, against a spread of 0.0085 between seeds."""
    from sim.studies.drift import measure

    table = measure([0.0, 5.0], list(range(16)))
    cold, settled = table.loc[0.0], table.loc[5.0]
    assert cold["tacit_drift"] > 4 * cold["tacit_seed_sd"]
    assert abs(settled["tacit_drift"]) < settled["tacit_seed_sd"], "below seed noise"
    assert abs(settled["tacit_drift"]) < 3 * settled["tacit_drift_se"] + 0.001, "no drift to speak of"


def test_each_occupant_lives_their_tenure_and_newcomers_arrive_with_a_hire_s_knowledge():
    run = resolve(with_overrides(SimConfig(), {"org.n_employees": 300}))
    built = MentoringModel(run)
    st = built.state
    new = st.tenure_weeks < 4
    assert new.any()
    # hired this month: a hire's knowledge, far below that of people here a year or more
    year = st.tenure_weeks > 52
    assert st.tacit[new].mean() < st.tacit[year].mean() - 0.2 and st.skills[new].mean() < st.skills[year].mean()
    long = st.tenure_weeks > 10 * 52
    assert st.tacit[long].mean() > st.tacit[~long].mean()
    # the closed form lacks the conversations the history has: less know-how
    closed = MentoringModel(resolve(with_overrides(run.config, {"knowledge.history_years": 0.0})))
    assert closed.state.tacit.mean() < st.tacit.mean() - 0.03


def test_a_roster_s_given_knowledge_is_kept_and_designs_of_a_seed_share_the_history():
    roster = {"org.kind": "roster", "org.roster_path": str(ROOT / "examples" / "roster.csv")}
    given = MentoringModel(resolve(with_overrides(SimConfig(), {**roster, "knowledge.history_years": 0.0})))
    settled = MentoringModel(resolve(with_overrides(SimConfig(), roster)))
    assert given.roster.tacit is not None, "the example roster gives tacit know-how"
    np.testing.assert_array_equal(settled.state.tacit, given.state.tacit)
    a, b = (MentoringModel(resolve(with_overrides(SimConfig(), {"program.design": d}))) for d in ("none", "peer"))
    np.testing.assert_array_equal(a.state.tacit, b.state.tacit)
    np.testing.assert_array_equal(a.state.skills, b.state.skills)


@pytest.mark.parametrize("weeks", [3, 40])
def test_strides_far_from_the_start_pass_what_weekly_steps_pass(weeks):
    """Four weeks in one stride: the chance of any conversation and the expected transfer of all."""
    rng = np.random.default_rng(0)
    n, k = 400, 3
    u, v = rng.integers(0, n, 4000), rng.integers(0, n, 4000)
    keep = u != v
    u, v = u[keep], v[keep]
    base = rng.random((n, k)), rng.random((n, k))
    cfg = SimConfig().knowledge
    stale = knowledge.obsolescence_rates(cfg, k)
    apt = np.ones((n, k))
    weekly = [x.copy() for x in base]
    strided = [x.copy() for x in base]
    for _ in range(4 * weeks):
        history._weeks_of_history(*weekly, u, v, cfg, apt, stale, 1, rng)
    for _ in range(weeks):
        history._weeks_of_history(*strided, u, v, cfg, apt, stale, 4, rng)
    for a, b in zip(weekly, strided, strict=True):
        assert abs(a.mean() - b.mean()) < 0.01
