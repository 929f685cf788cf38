import itertools

import numpy as np
import pytest

from sim.config import MatchingConfig
from sim.mechanisms import fit, matching
from sim.streams import Occasion
from tests.helpers import hand_workforce


def test_assign_respects_capacity_and_prefers_higher_scores():
    cand = np.array([[0, 1], [0, 1], [0, 1]])
    scores = np.array([[0.9, 0.1], [0.8, 0.2], [0.7, 0.3]])
    chosen = matching.assign(cand, scores, np.array([1, 2]))
    # Mentor 0 has one place: the best proposal (mentee 0) wins; the others go to mentor 1.
    assert chosen.tolist() == [0, 1, 1]


def test_assign_leaves_unmatched_when_places_run_out():
    cand = np.array([[0], [0], [0]])
    chosen = matching.assign(cand, np.array([[1.0], [2.0], [3.0]]), np.array([2]))
    assert sorted(chosen.tolist()) == [-1, 0, 0] and chosen[0] == -1


def test_assign_never_uses_forbidden_or_missing_candidates():
    cand = np.array([[0, -1], [1, 0]])
    scores = np.array([[-np.inf, 5.0], [1.0, 2.0]])
    chosen = matching.assign(cand, scores, np.array([1, 1]))
    assert chosen.tolist() == [-1, 0]


@pytest.mark.parametrize("seed", range(5))
def test_assign_is_greedy_stable_on_small_random_cases(seed):
    """No mentee-mentor pair would both rather be together (mentor-side by score)."""
    rng = np.random.default_rng(seed)
    m, r = 7, 3
    cand = np.tile(np.arange(r), (m, 1))
    scores = rng.random((m, r))
    cap = rng.integers(1, 3, r)
    chosen = matching.assign(cand, scores, cap)
    assert np.all(np.bincount(chosen[chosen >= 0], minlength=r) <= cap)
    for i, j in itertools.product(range(m), range(r)):
        mine = scores[i, chosen[i]] if chosen[i] >= 0 else -np.inf
        if scores[i, j] > mine:  # i prefers j ...
            held = scores[chosen == j, j]
            # ... so j must be full with mentees it ranks at least as high as i.
            assert len(held) == cap[j] and held.min() >= scores[i, j]


def test_sample_candidates_stays_in_block(rng):
    lo, hi = np.array([0, 5, 3]), np.array([5, 9, 3])
    c = matching.sample_candidates(lo, hi, 50, rng)
    assert np.all((c[0] >= 0) & (c[0] < 5)) and np.all((c[1] >= 5) & (c[1] < 9))
    assert np.all(c[2] == -1), "an empty block gives no candidates"


def test_skill_gap_pairs_the_novice_with_the_expert():
    # Rows: 0 novice, 1 expert, 2 middling; both 1 and 2 can mentor, capacity 1 each.
    st = hand_workforce(level=[0, 1, 1], manager=[-1, -1, -1], tacit=[[0.1], [0.9], [0.5]])

    def match(strategy):
        return matching.match(
            st,
            np.array([0]),
            np.array([1, 2]),
            np.array([1, 1]),
            lambda lv, m: (np.zeros(len(m), dtype=int), np.full(len(m), len(lv))),
            lambda a, b: a != b,
            MatchingConfig(strategy=strategy, candidates=16),
            Occasion(np.uint64(3)),
        )

    mentor, mentee, pair_fit = match("skill_gap")
    assert mentor.tolist() == [1] and mentee.tolist() == [0]
    assert pair_fit is None, "skill_gap does not see the pair's fit: the new tie draws it"
    *_, seen = match("stable")
    assert len(seen) == 1 and 0.0 < seen[0] < 1.0, "stable returns the fit its participants saw"


@pytest.mark.parametrize("seed", range(20))
def test_deferred_acceptance_has_no_blocking_pair_with_two_sided_preferences(seed):
    rng = np.random.default_rng(seed)
    m, r, c = 9, 4, 3
    cand = np.stack([rng.choice(r, c, replace=False) for _ in range(m)])
    mine, theirs = rng.random((m, c)), rng.random((m, c))
    cap = rng.integers(1, 3, r)
    chosen = matching.assign(cand, mine, cap, theirs)
    assert np.all(np.bincount(chosen[chosen >= 0], minlength=r) <= cap)

    def mentor_view(i, j):  # mentor j's score of mentee i (j is on i's list)
        return theirs[i, list(cand[i]).index(j)]

    for i in range(m):
        my_now = mine[i, list(cand[i]).index(chosen[i])] if chosen[i] >= 0 else -np.inf
        for slot, j in enumerate(cand[i]):
            if mine[i, slot] <= my_now:
                continue  # i does not prefer j
            held = [mentor_view(h, j) for h in np.flatnonzero(chosen == j)]
            blocking = len(held) < cap[j] or min(held) < mentor_view(i, j)
            assert not blocking, f"mentee {i} and mentor {j} would both rather be together"


def brute_force_best(score, cap):
    """Best total score over all assignments matching every mentee (small cases only)."""
    m, r = score.shape
    best = -np.inf
    for combo in itertools.product(range(r), repeat=m):
        if np.all(np.bincount(combo, minlength=r) <= cap):
            best = max(best, sum(score[i, j] for i, j in enumerate(combo)))
    return best


@pytest.mark.parametrize("seed", range(10))
def test_optimal_assignment_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    m, r = 5, 3
    score = rng.random((m, r))
    cap = np.array([2, 2, 1])
    mentees, pool = np.arange(m), np.arange(r)
    chosen = matching.optimal_assign(
        mentees,
        pool,
        cap,
        np.zeros(m, int),
        np.full(m, r),
        lambda a, b: score[a, b],
        lambda a, b: a >= 0,
        100,
        Occasion(np.uint64(seed)),
    )
    assert np.all(chosen >= 0) and np.all(np.bincount(chosen, minlength=r) <= cap)
    assert score[mentees, chosen].sum() == pytest.approx(brute_force_best(score, cap))


def test_optimal_assignment_respects_forbidden_pairs_and_blocks(rng):
    m, r = 40, 30
    score = rng.random((m, r))
    cap = np.full(r, 1)
    forbidden = lambda a, b: (a + b) % 3 != 0  # noqa: E731
    chosen = matching.optimal_assign(
        np.arange(m),
        np.arange(r),
        cap,
        np.zeros(m, int),
        np.full(m, r),
        lambda a, b: score[a, b],
        forbidden,
        7,
        Occasion(np.uint64(5)),
    )
    hit = chosen >= 0
    assert hit.sum() > 20 and np.all(forbidden(np.arange(m)[hit], chosen[hit]))
    assert np.all(np.bincount(chosen[hit], minlength=r) <= 1)


def test_stable_preferences_are_noisy_views_of_the_latent_fit(rng):
    st = hand_workforce(level=[0] * 4, manager=[-1] * 4, tacit=[[0.1], [0.9], [0.5], [0.3]])
    a, b = np.array([0, 0, 2]), np.array([1, 3, 1])
    z = np.array([-1.0, 0.0, 2.0])
    cfg = MatchingConfig(preference_noise=0.0)
    mine, theirs = matching.perceived_scores(st, a, b, z, rng, False, cfg)
    expected = matching.skill_gap(st, a, b, False) + cfg.similarity_weight * fit.of_latent(z)
    np.testing.assert_allclose(mine, expected)
    np.testing.assert_allclose(theirs, expected)
    noisy = matching.perceived_scores(st, a, b, z, rng, False, MatchingConfig(preference_noise=1.0))
    assert not np.allclose(noisy[0], noisy[1]), "the two sides perceive independently"


def test_diversity_puts_cross_team_pairs_first(rng):
    st = hand_workforce(level=[0, 1, 1], manager=[1, -1, -1], tacit=[[0.1], [0.2], [0.9]])
    st.team[:] = [0, 0, 1]
    z = np.zeros(2)
    mine, _ = matching.diversity_scores(st, np.array([0, 0]), np.array([1, 2]), z, rng, False, MatchingConfig())
    assert mine[1] > mine[0]
    same = matching.similarity(st, np.array([0]), np.array([0]), MatchingConfig(similarity_basis="tenure"))
    assert same[0] == pytest.approx(1.0)


def test_the_strategy_registry_the_schema_and_the_config_options_name_the_same_strategies():
    from sim import config
    from sim.compose import CONFIG_DIR
    from sim.mechanisms.matching import STRATEGIES, STRATEGY_NAMES

    assert list(STRATEGIES) == list(config.MATCHING_STRATEGIES) == list(STRATEGY_NAMES)
    assert set(STRATEGIES) == {p.stem for p in (CONFIG_DIR / "matching").glob("*.yaml")}
