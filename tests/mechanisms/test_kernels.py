"""The compiled transfer kernel gives the numpy twin's bits (sim.mechanisms.kernels)."""

import numpy as np
import pandas as pd
import pytest

from sim.config import KnowledgeConfig
from sim.mechanisms import kernels, knowledge
from sim.model import MentoringModel
from sim.resolved import resolve
from tests.helpers import small_config

pytestmark = pytest.mark.skipif(
    not kernels.available(), reason="Numba not installed (the numpy twin is then the only path)"
)


@pytest.mark.parametrize("weighted", [False, True])
def test_the_kernel_gives_numpy_s_bits_with_crowded_receivers(weighted):
    rng = np.random.default_rng(3)
    n, k, f = 300, 4, 5_000  # ~17 flows per receiver: coefficients summing past 1 are scaled
    x1, x2 = rng.random((n, k)), rng.random((n, k))
    x1[0] = 1.0  # a source at exactly 1 (the clip at 1)
    src, dst = rng.integers(0, n, f), rng.integers(0, n, f)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    c1, c2 = rng.random(len(src)) * 0.2, rng.random(len(src)) * 0.1
    w = rng.random((len(src), k)) if weighted else None
    a1, a2, b1, b2 = x1.copy(), x2.copy(), x1.copy(), x2.copy()
    ga = kernels.transfer_pair(a1, c1, a2, c2, src, dst, w, compiled=False)
    gb = kernels.transfer_pair(b1, c1, b2, c2, src, dst, w, compiled=True)
    assert np.array_equal(a1, b1) and np.array_equal(a2, b2) and np.array_equal(ga, gb)
    assert (a2 <= 1.0).all() and not np.array_equal(a2, x2)


def test_reused_work_arrays_start_from_zero_and_a_kept_gain_is_never_overwritten():
    rng = np.random.default_rng(4)
    n, k = 200, 3
    src, dst = rng.integers(0, n, 2_000), rng.integers(0, n, 2_000)
    keep = src != dst
    src, dst = src[keep], dst[keep]
    c = rng.random(len(src)) * 0.1

    def run(keep_gain):
        x1, x2 = np.random.default_rng(5).random((n, k)), np.random.default_rng(6).random((n, k))
        return kernels.transfer_pair(x1, c, x2, c, src, dst, compiled=True, keep_gain=keep_gain), x2

    kept, after = run(True)
    first = kept.copy()
    scratch, again = run(False)
    assert np.array_equal(scratch, first) and np.array_equal(again, after)  # a reused buffer starts from zero
    run(False)
    assert np.array_equal(kept, first), "a gain the caller keeps is its own array"


@pytest.mark.parametrize(
    ("p", "practice", "rated"), [(0.3, False, False), (0.3, True, False), (0.0, False, False), (1.0, False, False),
                                 (0.3, False, True), (0.3, True, True)]
)  # fmt: skip
def test_the_fused_informal_week_gives_numpy_s_bits(p, practice, rated, monkeypatch):
    """Conversations (crowded receivers, a source at 1), learning and obsolescence: one pass, numpy's bits."""
    rng = np.random.default_rng(7)
    n, k, e = 400, 5, 6_000  # ~30 ties a person: a receiver's coefficients pass 1 and are scaled
    u, v = rng.integers(0, n, e), rng.integers(0, n, e)
    keep = u != v
    u, v = u[keep], v[keep]
    x1, x2, aptitude = rng.random((n, k)), rng.random((n, k)), rng.uniform(0.5, 1.5, (n, k))
    x1[0] = x2[0] = 1.0
    cfg = KnowledgeConfig(informal_contact_p=p, informal_explicit_rate=0.2, informal_tacit_rate=0.1)
    stale = knowledge.obsolescence_rates(cfg, k)
    rule = ((k - 1, 0.8, 0.1), (k - 1, 0.5, 0.1)) if practice else (None, None)
    out = []
    for compiled_from in (10**9, 0):
        rng_rates = np.random.default_rng(9)
        monkeypatch.setattr(kernels, "COMPILED_FROM", compiled_from)
        a1, a2 = x1.copy(), x2.copy()
        rate = rng_rates.uniform(0.2, 4.0, len(u)) if rated else None  # a network file's weights over their mean
        for weeks in (3, 1):  # a history's stride, then a week
            knowledge.informal_week(a1, a2, u, v, cfg, np.random.default_rng(8), aptitude, stale, weeks, rule, rate)
        out.append((a1, a2))
    (a1, a2), (b1, b2) = out
    assert np.array_equal(a1, b1) and np.array_equal(a2, b2)
    assert not np.array_equal(a2, x2) and (a2 <= 1.0).all()


@pytest.mark.parametrize("practice", [False, True])
def test_a_run_is_the_same_with_and_without_the_kernel(monkeypatch, practice):
    extra = {"practice.experts": 4} if practice else {}
    run = resolve(small_config(**{"program.design": "peer_circles", "org.n_employees": 300, "steps": 30, **extra}))
    monkeypatch.setattr(kernels, "COMPILED_FROM", 10**9)
    plain = MentoringModel(run).run()
    monkeypatch.setattr(kernels, "COMPILED_FROM", 0)
    fast = MentoringModel(run).run()
    pd.testing.assert_frame_equal(plain.timeseries(), fast.timeseries(), check_exact=True)
    assert plain.summary() == fast.summary()


def test_the_kernel_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("MENTORING_SIM_NUMBA", "0")
    assert not kernels.available() and not kernels.use_compiled(10**6)
    monkeypatch.setenv("MENTORING_SIM_NUMBA", "1")
    assert kernels.use_compiled(kernels.COMPILED_FROM) and not kernels.use_compiled(kernels.COMPILED_FROM - 1)


@pytest.mark.parametrize("seed", range(40))
def test_compiled_deferred_acceptance_gives_numpy_s_matching(seed):
    """Ties in scores, forbidden and empty candidates, full and zero capacities: the same pairs and slots."""
    from sim.mechanisms.matching import assign

    rng = np.random.default_rng(seed)
    m, c, r = int(rng.integers(1, 60)), int(rng.integers(1, 8)), int(rng.integers(1, 30))
    candidates = rng.integers(-1, r, (m, c))
    scores = rng.integers(0, 4, (m, c)).astype(float)  # few values: many equals
    scores[rng.random((m, c)) < 0.1] = -np.inf
    mentor_scores = None if seed % 2 else rng.integers(0, 3, (m, c)).astype(float)
    capacity = rng.integers(0, 3, r)
    a = assign(candidates, scores, capacity, mentor_scores, with_slots=True, compiled=False)
    b = assign(candidates, scores, capacity, mentor_scores, with_slots=True, compiled=True)
    assert a[0].tolist() == b[0].tolist() and a[1].tolist() == b[1].tolist()
    assert (np.bincount(a[0][a[0] >= 0], minlength=r) <= capacity).all()


def test_a_matching_round_is_the_same_compiled_or_not(monkeypatch):
    """Every design's runs give the same bytes with the compiled matching loop and without it."""
    import sim.mechanisms.kernels as k

    def run(design):
        cfg = small_config(**{"program.design": design, "steps": 30, "program.match_every_weeks": 6})
        return MentoringModel(resolve(cfg)).run().timeseries()

    for design in ("hierarchical", "peer", "hybrid", "reverse"):
        monkeypatch.setattr(k, "loaded", lambda: False)
        plain = run(design)
        monkeypatch.setattr(k, "loaded", lambda: True)
        pd.testing.assert_frame_equal(plain, run(design), check_exact=True)
