import numpy as np

from sim import MentoringModel
from sim.config import LifecycleConfig
from sim.mechanisms import lifecycle
from sim.ties import CIRCLE, HIERARCHICAL, Ties
from tests.helpers import small_config


def ties_started(starts, end=60, kind=HIERARCHICAL, rapport=0.5):
    t = Ties()
    m = len(starts)
    t.add(
        mentor=np.arange(m),
        mentee=np.arange(m) + 100,
        kind=kind,
        group=np.arange(m),
        focus=-1,
        share=1.0,
        start=np.asarray(starts),
        end=end,
        rapport=rapport,
        trust_cap=1.0,
        power=0.0,
        meetings=0,
    )
    return t


def test_phases_follow_preparation_negotiating_growth_closure():
    cfg = LifecycleConfig(preparation_weeks=2, negotiating_weeks=6, closure_weeks=4)
    t = ties_started([0, 0, 0, 0, 0])
    # Weeks 1, 5, 20 and 57 of a tie that ends at week 60.
    got = [int(lifecycle.phases(t, now, cfg)[0]) for now in (1, 5, 20, 57)]
    assert got == [lifecycle.PREPARATION, lifecycle.NEGOTIATING, lifecycle.GROWTH, lifecycle.CLOSURE]
    q = lifecycle.phase_quality(np.array(got), cfg)
    np.testing.assert_allclose(q, [cfg.preparation_quality, cfg.negotiating_quality, 1.0, cfg.closure_quality])


def test_no_fault_review_ends_low_rapport_pairs_only_at_the_review():
    cfg = LifecycleConfig(preparation_weeks=2, negotiating_weeks=6, no_fault_rapport=0.4)
    t = ties_started([0, 0, 1], rapport=np.array([0.2, 0.6, 0.2]))
    assert lifecycle.no_fault_exits(t, 8, cfg).tolist() == [True, False, False]
    assert lifecycle.no_fault_exits(t, 9, cfg).tolist() == [False, False, True]
    assert not lifecycle.no_fault_exits(t, 8, LifecycleConfig(no_fault_exit=False)).any()
    circle = ties_started([0], kind=CIRCLE, rapport=0.1)
    assert not lifecycle.no_fault_exits(circle, 8, cfg).any(), "circles are not reviewed pairwise"


def test_no_fault_exits_happen_and_free_people_for_rematching():
    """With direct managers allowed, capped trust keeps some pairs' rapport low: they exit."""
    cfg = small_config(
        **{
            "program.design": "hierarchical",
            "program.opt_in_rate": 1.0,
            "program.match_every_weeks": 4,
            "matching.allow_direct_manager": True,
            "knowledge.manager_trust_cap": 0.35,
            "lifecycle.no_fault_rapport": 0.4,
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
