"""Matching: who is paired with whom, behind one interface.

A *strategy* scores candidate pairs (mentee row, mentor row); :func:`assign` turns scores
into ties that respect every mentor's remaining capacity. Candidates are sampled: each
mentee draws ``candidates`` mentors uniformly from its eligible block (a contiguous range
of the mentor pool sorted by level, e.g. "any higher level" or "the same level"), so a
round costs O(mentees x candidates) whatever the organisation's size; real matching tools
likewise shortlist a handful of suggested matches per person (see REFERENCES.md).

:func:`assign` is a vectorised proposal-and-acceptance procedure: each round every
unmatched mentee proposes to its best remaining candidate; each mentor keeps the best
proposals up to its remaining capacity and rejects the rest; rejected mentees move to
their next candidate. It ends when no mentee has a candidate left. With random scores it
is "names out of a hat" (seed texts), with ``skill_gap`` scores it pairs mentees with the
people they can learn most from.

Strategies (``matching.strategy``):
- ``random``: uniform random scores.
- ``skill_gap``: what the mentee can learn, the mean positive gap ``mentor - mentee`` over
  tacit and explicit skills; for peers (``symmetric``) the gap both ways, i.e.
  complementary strengths.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.state import Workforce

Scorer = Callable[[Workforce, np.ndarray, np.ndarray, np.random.Generator, bool], np.ndarray]


def random_scores(
    state: Workforce, mentee: np.ndarray, mentor: np.ndarray, rng: np.random.Generator, symmetric: bool
) -> np.ndarray:
    """Uniform random scores: names out of a hat."""
    return rng.random(len(mentee))


def skill_gap_scores(
    state: Workforce, mentee: np.ndarray, mentor: np.ndarray, rng: np.random.Generator, symmetric: bool
) -> np.ndarray:
    """Mean gap the mentee can close (one-sided), or both sides can (``symmetric``)."""
    d_tacit = state.tacit[mentor] - state.tacit[mentee]
    d_skill = state.skills[mentor] - state.skills[mentee]
    if symmetric:
        return np.abs(d_tacit).mean(axis=1) + np.abs(d_skill).mean(axis=1)
    return np.maximum(d_tacit, 0).mean(axis=1) + np.maximum(d_skill, 0).mean(axis=1)


STRATEGIES: dict[str, Scorer] = {"random": random_scores, "skill_gap": skill_gap_scores}


def sample_candidates(lo: np.ndarray, hi: np.ndarray, n_candidates: int, rng: np.random.Generator) -> np.ndarray:
    """``n_candidates`` indices per row drawn uniformly from ``[lo, hi)``; -1 where empty."""
    width = (hi - lo)[:, None]
    idx = lo[:, None] + np.floor(rng.random((len(lo), n_candidates)) * width).astype(np.int64)
    return np.where(width > 0, idx, -1)


def assign(
    candidates: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
) -> np.ndarray:
    """Match each mentee to at most one candidate, within mentor capacity.

    Args:
        candidates: int[M, C] mentor index per mentee and candidate slot (-1 = none).
        scores: float[M, C] desirability; -inf marks a forbidden pair.
        capacity: int[R] remaining places of each mentor.

    Returns:
        int[M] the chosen mentor index per mentee, -1 if unmatched.
    """
    m, c = candidates.shape
    s = np.where(candidates >= 0, scores, -np.inf).astype(float)
    cap = capacity.astype(np.int64).copy()
    chosen = np.full(m, -1, dtype=np.int64)
    rows_all = np.arange(m)
    for _ in range(c):
        open_rows = rows_all[(chosen < 0) & np.isfinite(s).any(axis=1)] if m else rows_all
        if len(open_rows) == 0:
            break
        best = np.argmax(s[open_rows], axis=1)
        mentor = candidates[open_rows, best]
        score = s[open_rows, best]
        order = np.lexsort((-score, mentor))
        mentor_sorted = mentor[order]
        first = np.searchsorted(mentor_sorted, mentor_sorted, side="left")
        rank = np.arange(len(order)) - first
        accepted = np.zeros(len(open_rows), dtype=bool)
        accepted[order] = rank < cap[mentor_sorted]
        chosen[open_rows[accepted]] = mentor[accepted]
        np.subtract.at(cap, mentor[accepted], 1)
        s[open_rows[~accepted], best[~accepted]] = -np.inf
        full = cap <= 0
        if full.any():
            s[np.where(candidates >= 0, full[np.maximum(candidates, 0)], False)] = -np.inf
    return chosen


def match(
    state: Workforce,
    mentees: np.ndarray,
    mentors: np.ndarray,
    capacity: np.ndarray,
    block: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    allowed: Callable[[np.ndarray, np.ndarray], np.ndarray],
    strategy: str,
    n_candidates: int,
    rng: np.random.Generator,
    symmetric: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Pair mentees with mentors.

    Args:
        state: the workforce (for scores).
        mentees: int[M] rows that want one partner.
        mentors: int[R] rows that can take partners.
        capacity: int[R] remaining places per mentor.
        block: given the mentor pool sorted by level (levels, rows) and the mentees, returns
            ``lo, hi`` per mentee: the eligible range in the sorted pool.
        allowed: vectorised filter over (mentee rows, mentor rows) -> bool, e.g. not self,
            not one's own manager, not an existing pair.
        strategy: key of :data:`STRATEGIES`.
        n_candidates: candidates sampled per mentee.
        rng: the run's generator.
        symmetric: score peers symmetrically.

    Returns:
        ``(mentor_rows, mentee_rows)`` of the new ties.
    """
    empty = np.empty(0, dtype=np.int64)
    if len(mentees) == 0 or len(mentors) == 0:
        return empty, empty
    order = np.argsort(state.level[mentors], kind="stable")
    pool, pool_cap = mentors[order], capacity[order]
    lo, hi = block(state.level[pool], mentees)
    cand = sample_candidates(lo, hi, n_candidates, rng)
    flat_mentee = np.repeat(mentees, n_candidates)
    flat_mentor = pool[np.maximum(cand, 0)].ravel()
    score = STRATEGIES[strategy](state, flat_mentee, flat_mentor, rng, symmetric)
    ok = (cand.ravel() >= 0) & allowed(flat_mentee, flat_mentor)
    score = np.where(ok, score, -np.inf).reshape(cand.shape)
    chosen = assign(cand, score, pool_cap)
    hit = chosen >= 0
    return pool[chosen[hit]], mentees[hit]
