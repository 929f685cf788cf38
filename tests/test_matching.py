import itertools

import numpy as np
import pytest

from sim import matching
from tests.conftest import hand_workforce


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


def test_skill_gap_pairs_the_novice_with_the_expert(rng):
    # Rows: 0 novice, 1 expert, 2 middling; both 1 and 2 can mentor, capacity 1 each.
    st = hand_workforce(level=[0, 1, 1], manager=[-1, -1, -1], tacit=[[0.1], [0.9], [0.5]])
    mentor, mentee = matching.match(
        st,
        np.array([0]),
        np.array([1, 2]),
        np.array([1, 1]),
        lambda lv, m: (np.zeros(len(m), dtype=int), np.full(len(m), len(lv))),
        lambda a, b: a != b,
        "skill_gap",
        16,
        rng,
    )
    assert mentor.tolist() == [1] and mentee.tolist() == [0]
