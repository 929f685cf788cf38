import numpy as np
import pytest

from sim.config import EngagementConfig
from sim.mechanisms import engagement


def step(e, **kw):
    n = len(e)
    args = {"meetings": np.zeros(n), "learnt": np.zeros(n), "extra_mentees": np.zeros(n), "isolated": np.zeros(n, bool)}
    args.update(kw)
    cfg = EngagementConfig(noise_sd=0.0)
    engagement.update(
        e,
        np.full(n, 0.6),
        args["meetings"],
        args["learnt"],
        args["extra_mentees"],
        args["isolated"],
        cfg,
        np.random.default_rng(0),
    )
    return e


def test_engagement_drifts_toward_the_baseline():
    e = step(np.array([0.2, 0.6, 0.9]))
    d = EngagementConfig().drift_per_week
    np.testing.assert_allclose(e, [0.2 + d * 0.4, 0.6, 0.9 - d * 0.3])


def test_meetings_and_learning_lift_overload_and_isolation_lower():
    base = step(np.full(4, 0.6))
    e = step(
        np.full(4, 0.6),
        meetings=np.array([1.0, 0, 0, 0]),
        learnt=np.array([0, 0.05, 0, 0]),
        extra_mentees=np.array([0, 0, 2.0, 0]),
        isolated=np.array([False, False, False, True]),
    )
    assert e[0] > base[0] and e[1] > base[1] and e[2] < base[2] and e[3] < base[3]


def test_engagement_is_clipped_to_unit_interval():
    e = step(np.array([0.0, 1.0]), extra_mentees=np.array([100.0, 0]), learnt=np.array([0, 100.0]))
    assert e.tolist() == [0.0, 1.0]


def test_stationary_spread_matches_simulation():
    cfg = EngagementConfig(baseline_sd=0.0)
    rng = np.random.default_rng(1)
    n = 20000
    e = np.full(n, cfg.baseline_mean)
    for _ in range(300):
        engagement.update(
            e, np.full(n, cfg.baseline_mean), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n, bool), cfg, rng
        )
    assert e.std() == pytest.approx(engagement.stationary_sd(cfg), rel=0.03)


def test_baselines_follow_the_configured_distribution():
    cfg = EngagementConfig()
    b = engagement.draw_baseline(50000, cfg, np.random.default_rng(2))
    assert b.mean() == pytest.approx(cfg.baseline_mean, abs=0.003)
    assert b.std() == pytest.approx(cfg.baseline_sd, rel=0.03)
    assert b.min() >= 0 and b.max() <= 1
