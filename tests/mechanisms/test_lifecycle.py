import numpy as np

from sim import MentoringModel
from sim.config import LifecycleConfig
from sim.mechanisms import lifecycle
from sim.ties import CIRCLE, HIERARCHICAL, Ties
from tests.helpers import add_ties, small_config


def ties_started(starts, end=60, kind=HIERARCHICAL, rapport=0.5, fit=0.5, meetings=0):
    m = len(starts)
    return add_ties(
        Ties(),
        np.arange(m),
        np.arange(m) + 100,
        kind=kind,
        start=np.asarray(starts),
        end=end,
        rapport=rapport,
        fit=fit,
        meetings=meetings,
    )


def test_phases_follow_preparation_negotiating_growth_closure():
    cfg = LifecycleConfig(preparation_weeks=2, negotiating_weeks=6, closure_weeks=4)
    t = ties_started([0, 0, 0, 0, 0])
    # Weeks 1, 5, 20 and 57 of a tie that ends at week 60.
    got = [int(lifecycle.phases(t, now, cfg)[0]) for now in (1, 5, 20, 57)]
    assert got == [lifecycle.PREPARATION, lifecycle.NEGOTIATING, lifecycle.GROWTH, lifecycle.CLOSURE]
    q = lifecycle.phase_quality(np.array(got), cfg)
    np.testing.assert_allclose(q, [cfg.preparation_quality, cfg.negotiating_quality, 1.0, cfg.closure_quality])


def test_the_review_ends_poorly_fitting_pairs_that_met_once_negotiating_is_over():
    # A pair's judgement is exact with no signal noise: the review is a rule on fit and meetings alone.
    cfg = LifecycleConfig(preparation_weeks=2, negotiating_weeks=6, no_fault_fit=0.25, fit_signal_sd=0.0)
    rng = np.uint64(0)  # the week's review key (the judgement is exact here)
    fits, met = np.array([0.1, 0.9, 0.1, 0.1]), np.array([4, 4, 0, 4])
    t = ties_started([0, 0, 0, 1], fit=fits, meetings=met)
    assert lifecycle.no_fault_exits(t, 7, cfg, rng).tolist() == [False] * 4, "still negotiating"
    assert lifecycle.no_fault_exits(t, 8, cfg, rng).tolist() == [True, False, False, False]
    assert t.reviewed.tolist() == [True, True, False, False], "a pair that never met is not reviewed yet"
    assert lifecycle.no_fault_exits(t, 9, cfg, rng).tolist() == [False, False, False, True]
    t.meetings[2] = 1  # the pair that had not met meets: now it is reviewed
    assert lifecycle.no_fault_exits(t, 20, cfg, rng).tolist() == [False, False, True, False]
    assert not lifecycle.no_fault_exits(t, 30, cfg, rng).any(), "each tie is reviewed once"
    off = ties_started([0], fit=0.0, meetings=5)
    assert not lifecycle.no_fault_exits(off, 8, LifecycleConfig(no_fault_exit=False), rng).any()
    circle = ties_started([0], kind=CIRCLE, fit=0.0, meetings=5)
    assert not lifecycle.no_fault_exits(circle, 8, cfg, rng).any(), "circles are not reviewed pairwise"


def test_meetings_sharpen_the_judgement_of_fit():
    """Poorly fitting pairs that met often leave; well-fitting pairs that met once are rarely ended."""
    cfg = LifecycleConfig()
    rng = np.uint64(1)  # the week's review key: each tie's judgement keyed to it and the tie
    n = 4000
    poor_faithful = ties_started([0] * n, fit=0.1, meetings=8)
    good_rare = ties_started([0] * n, fit=0.8, meetings=1)
    review = cfg.preparation_weeks + cfg.negotiating_weeks
    # Expected with the defaults (fit_signal_sd 0.3, threshold 0.25): P(0.1 + N(0, 0.3/sqrt 8) < 0.25) = 0.92;
    # P(0.8 + N(0, 0.3) < 0.25) = 0.03.
    assert lifecycle.no_fault_exits(poor_faithful, review, cfg, rng).mean() > 0.85
    assert lifecycle.no_fault_exits(good_rare, review, cfg, rng).mean() < 0.06


def test_no_fault_exits_happen_and_free_people_for_rematching():
    """Poorly fitting pairs that meet leave at the review, and their people are matched again."""
    cfg = small_config(
        **{
            "program.design": "hierarchical",
            "program.opt_in_rate": 1.0,
            "program.match_every_weeks": 4,
            "matching.allow_direct_manager": True,
            "knowledge.manager_trust_cap": 0.35,
            "org.n_employees": 400,
        }
    )
    model = MentoringModel(cfg).run(30)
    ts = model.timeseries()
    assert ts["no_fault_exits"].sum() > 0
    assert model.ledger.ties_formed > len(model.ties) + ts["no_fault_exits"].sum() - 1


def test_quality_is_lower_early_so_less_is_learnt_in_preparation():
    def learnt(weeks_of_preparation):
        cfg = small_config(
            **{
                "program.design": "peer",
                "program.opt_in_rate": 1.0,
                "lifecycle.preparation_weeks": weeks_of_preparation,
                "lifecycle.negotiating_weeks": 0,
                "steps": 12,
            }
        )
        return MentoringModel(cfg).run().summary()["tacit_mean_final"]

    assert learnt(12) < learnt(0)
