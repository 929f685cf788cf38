import numpy as np
import pytest

from sim.mechanisms import knowledge


def test_single_transfer_closes_share_of_gap():
    x = np.array([[0.8, 0.2], [0.2, 0.6]])
    gain = knowledge.transfer(x, np.array([0]), np.array([1]), np.array([0.5]))
    # Receiver 1 gains half the gap where the source knows more (skill 0), nothing on skill 1.
    np.testing.assert_allclose(x[1], [0.5, 0.6])
    np.testing.assert_allclose(x[0], [0.8, 0.2])  # teaching costs the source nothing
    np.testing.assert_allclose(gain[1], [0.3, 0.0])


def test_many_sources_never_overshoot_the_largest_gap(rng):
    n, k, f = 30, 4, 400
    x = rng.random((n, k))
    src = rng.integers(0, n, f)
    dst = (src + rng.integers(1, n, f)) % n  # never self
    coef = rng.random(f)  # sums per receiver far above 1
    before = x.copy()
    gain = knowledge.transfer(x, src, dst, coef)
    assert np.all(gain >= 0)
    best_source = np.zeros((n, k))
    for s, d in zip(src, dst, strict=True):
        best_source[d] = np.maximum(best_source[d], before[s])
    ceiling = np.maximum(before, best_source)
    assert np.all(x <= ceiling + 1e-12), "a receiver passed its best source"
    assert np.all((x >= 0) & (x <= 1))


def test_weights_limit_transfer_per_skill():
    x = np.array([[1.0, 1.0], [0.0, 0.0]])
    knowledge.transfer(x, np.array([0]), np.array([1]), np.array([0.5]), np.array([[1.0, 0.2]]))
    np.testing.assert_allclose(x[1], [0.5, 0.1])


def test_no_flows_is_a_no_op():
    x = np.array([[0.3, 0.4]])
    empty = np.array([], dtype=np.int64)
    gain = knowledge.transfer(x, empty, empty, np.array([]))
    np.testing.assert_allclose(x, [[0.3, 0.4]])
    assert gain.sum() == 0


def test_learning_by_doing_moves_toward_mastery_and_stays_below_one():
    x = np.array([[0.0, 0.5, 1.0]])
    knowledge.learn_by_doing(x, 52.0 * 0.1)  # 10% of the remaining gap per week
    np.testing.assert_allclose(x, [[0.1, 0.55, 1.0]])


def test_closed_form_matches_weekly_iteration():
    x0 = np.array([[0.1, 0.4]])
    rates = np.array([[0.3, 0.1]])
    x = x0.copy()
    for _ in range(520):
        x += rates / 52 * (1 - x)
        x *= 1 - 0.1 / 52
    closed = knowledge.at_tenure(x0, np.array([520.0]), rates, 0.1)
    # Weekly updates approximate the continuous solution to well under 1%.
    np.testing.assert_allclose(x, closed, rtol=5e-3)


@pytest.mark.parametrize("level", [0, 3])
def test_hires_bring_little_tacit_knowledge_except_in_the_fast_changing_skill(level, rng):
    from sim.config import KnowledgeConfig

    cfg = KnowledgeConfig()
    explicit, tacit = knowledge.hire_knowledge(np.full(500, level), 4, 3, cfg, rng)
    others = [k for k in range(3) if k != cfg.fast_skill]
    assert abs(tacit[:, others].mean() - cfg.hire_tacit_mean) < 0.02
    assert abs(tacit[:, cfg.fast_skill].mean() - cfg.hire_tacit_mean - cfg.hire_fast_skill_bonus) < 0.02
    assert explicit[:, cfg.fast_skill].mean() > explicit[:, others].mean() + 0.15
    assert np.all((explicit >= 0) & (explicit <= 1) & (tacit >= 0) & (tacit <= 1))
    if level == 3:
        assert explicit[:, others].mean() > cfg.hire_explicit_mean + 0.2


def test_the_fast_changing_skill_goes_stale_faster():
    from sim.config import KnowledgeConfig

    rates = knowledge.obsolescence_rates(KnowledgeConfig(fast_skill=1), 3)
    assert rates.tolist() == [0.1, 0.25, 0.1]
    assert knowledge.obsolescence_rates(KnowledgeConfig(fast_skill=-1), 3).tolist() == [0.1] * 3
