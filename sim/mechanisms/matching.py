"""Matching: who is paired with whom, behind one interface.

A *strategy* gives each candidate pair (mentee row, mentor row) a score from each side;
an assignment procedure turns scores into ties that respect every mentor's remaining
capacity. Candidates are sampled: each mentee draws ``matching.candidates`` mentors
uniformly from its eligible block (a contiguous range of the mentor pool sorted by level,
e.g. "any higher level" or "the same level"), so a round costs O(mentees x candidates)
whatever the organisation's size; real matching tools likewise shortlist a handful of
suggested matches per person (the documentation of commercial matching software such as
Chronus: suggested matches, a person recommended only as often as they have capacity).

Assignment:
- :func:`assign`, deferred acceptance (Gale & Shapley 1962, with capacities as in the
  college-admissions problem): every unmatched mentee proposes to its best candidate not
  yet tried; each mentor holds its best proposals up to capacity (by its own scores) and
  rejects the rest, trading up when a better proposal arrives. The result is stable with
  respect to the candidate lists: no mentee and mentor both prefer each other to what they
  got. Used by every strategy but ``optimal``.
- :func:`optimal_assign`, for ``optimal``: the assignment maximising total compatibility
  (scipy's ``linear_sum_assignment``, Crouse 2016), each mentor's places as columns. An exact
  optimum needs a dense mentees x places matrix, so beyond ``matching.optimal_block``
  mentees the pool is split at random into blocks of at most that many mentees, each with
  an equal random share of the mentor places, and each block is solved exactly: the optimum
  within blocks, not across them. The solver's time grows about as the cube of the block, so
  the default block is 200: ``python -m sim.bench --optimal-blocks 8000`` (hierarchical,
  everyone volunteering, 2,172 mentees) prints each block size's share of the exact
  optimum's total compatibility (blocks of 200: 99.6% of one block of 3,000) and its time.

Strategies (``matching.strategy``):
- ``random``: uniform random scores, "names out of a hat" (seed texts).
- ``skill_gap``: what the mentee can learn, the mean positive gap ``mentor - mentee`` over
  tacit and explicit skills; for peers (``symmetric``) the gap both ways, i.e.
  complementary strengths.
- ``similarity``: similarity of work style and values (``matching.similarity_basis=traits``,
  sim.mechanisms.fit), or of experience, ``exp(-|tenure difference| / 5 years)`` (``tenure``);
  similar pairs start with more rapport, and similar traits predict a better latent fit
  (Eby et al. 2013), but similar people may know much the same.
- ``diversity``: cross-team pairs first (the seed texts' "diverse backgrounds"), then the
  larger skill gap plus ``similarity_weight`` times how *unlike* the pair is (1 - similarity):
  different teams and different work styles, at some cost in fit.
- ``optimal``: maximum total compatibility, ``skill_gap + similarity_weight * similarity``.
- ``stable``: participants have a say (seed texts: programmes that "give participants some
  say in the matching process are the most successful"): each side ranks the other by
  ``skill_gap + similarity_weight * Phi(z + noise)``, its own view of the pair's latent fit
  z with independent noise of sd ``preference_noise``, and deferred acceptance finds a
  stable matching.

Every tie gets its latent fit (sim.mechanisms.fit) from the pair's traits and a draw no
strategy but ``stable`` sees; :func:`match` returns the fit stable's participants saw, and
for the other strategies the new ties draw it (sim.mechanisms.designs.base.add_pairs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.special import ndtr

from sim import streams
from sim.config import MatchingConfig
from sim.mechanisms import fit, kernels
from sim.state import Workforce
from sim.streams import KeyedDraws, Occasion

Scores = tuple[np.ndarray, np.ndarray]

#: Strategies in plain words, for reports and the teaching page.
STRATEGY_NAMES: dict[str, str] = {
    "random": "names out of a hat",
    "skill_gap": "by skill gap",
    "similarity": "by similar work style",
    "diversity": "across teams",
    "optimal": "optimal assignment",
    "stable": "participants' preferences",
}
#: (state, mentee rows, mentor rows, the pairs' latent fit z -- given to ``stable`` only, None for the others --,
#: the pairs' own draws (sim.streams.KeyedDraws), symmetric, cfg) -> (mentee's, mentor's) scores.
Scorer = Callable[[Workforce, np.ndarray, np.ndarray, np.ndarray, KeyedDraws, bool, MatchingConfig], Scores]


def similarity(state: Workforce, a: np.ndarray, b: np.ndarray, cfg: MatchingConfig) -> np.ndarray:
    """Similarity in (0, 1) on the configured basis (``matching.similarity_basis``; sim.mechanisms.fit)."""
    return fit.similarity(state, a, b, cfg.similarity_basis)


def skill_gap(state: Workforce, mentee: np.ndarray, mentor: np.ndarray, symmetric: bool) -> np.ndarray:
    """Mean gap the mentee can close (one-sided), or both sides can (``symmetric``), in [0, 2]."""
    d_tacit = state.tacit[mentor] - state.tacit[mentee]
    d_skill = state.skills[mentor] - state.skills[mentee]
    if symmetric:
        return np.abs(d_tacit).mean(axis=1) + np.abs(d_skill).mean(axis=1)
    return np.maximum(d_tacit, 0).mean(axis=1) + np.maximum(d_skill, 0).mean(axis=1)


def compatibility(
    state: Workforce, mentee: np.ndarray, mentor: np.ndarray, symmetric: bool, cfg: MatchingConfig
) -> np.ndarray:
    """What the pair can learn plus how well they look like getting on: ``gap + w * similarity``."""
    return skill_gap(state, mentee, mentor, symmetric) + cfg.similarity_weight * similarity(state, mentee, mentor, cfg)


def _same(score: np.ndarray) -> Scores:
    return score, score


def random_scores(state, mentee, mentor, z, rng, symmetric, cfg) -> Scores:
    """Uniform random scores: names out of a hat."""
    return _same(rng.random(len(mentee)))


def skill_gap_scores(state, mentee, mentor, z, rng, symmetric, cfg) -> Scores:
    """Score by the knowledge gap the pair can close."""
    return _same(skill_gap(state, mentee, mentor, symmetric))


def similarity_scores(state, mentee, mentor, z, rng, symmetric, cfg) -> Scores:
    """Score by similarity (of traits, or of tenure)."""
    return _same(similarity(state, mentee, mentor, cfg))


def diversity_scores(state, mentee, mentor, z, rng, symmetric, cfg) -> Scores:
    """Cross-team pairs first, then by knowledge gap plus difference of work style.

    The cross-team bonus, 2 + w, is at least what the rest can add (gap <= 2, ``w * (1 - similarity)`` < w).
    """
    cross = (state.team[mentee] != state.team[mentor]).astype(float)
    unlike = 1.0 - similarity(state, mentee, mentor, cfg)
    return _same(
        (2.0 + cfg.similarity_weight) * cross
        + skill_gap(state, mentee, mentor, symmetric)
        + cfg.similarity_weight * unlike
    )


def compatibility_scores(state, mentee, mentor, z, rng, symmetric, cfg) -> Scores:
    """Score by visible compatibility (used by ``optimal``)."""
    return _same(compatibility(state, mentee, mentor, symmetric, cfg))


def perceived_scores(state, mentee, mentor, z, rng, symmetric, cfg) -> Scores:
    """Each side's score from its own noisy view of the pair's latent fit (used by ``stable``)."""
    gap = skill_gap(state, mentee, mentor, symmetric)
    noise = rng.normal(0.0, cfg.preference_noise, (len(mentee), 2)).T
    w = cfg.similarity_weight
    return gap + w * ndtr(z + noise[0]), gap + w * ndtr(z + noise[1])


STRATEGIES: dict[str, Scorer] = {
    "random": random_scores,
    "skill_gap": skill_gap_scores,
    "similarity": similarity_scores,
    "diversity": diversity_scores,
    "optimal": compatibility_scores,
    "stable": perceived_scores,
}


def sample_candidates(lo: np.ndarray, hi: np.ndarray, n_candidates: int, rng: Any) -> np.ndarray:
    """``n_candidates`` indices per row drawn uniformly from ``[lo, hi)``; -1 where empty.

    ``rng``: a Generator, or the rows' own draws (sim.streams.KeyedDraws).
    """
    width = (hi - lo)[:, None]
    idx = lo[:, None] + np.floor(rng.random((len(lo), n_candidates)) * width).astype(np.int64)
    return np.where(width > 0, idx, -1)


def assign(
    candidates: np.ndarray,
    scores: np.ndarray,
    capacity: np.ndarray,
    mentor_scores: np.ndarray | None = None,
    with_slots: bool = False,
    compiled: bool | None = None,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Deferred acceptance: match each mentee to at most one candidate, within capacity.

    Args:
        candidates: int[M, C] mentor index per mentee and candidate slot (-1 = none).
        scores: float[M, C] the mentee's preference for each candidate; -inf forbids.
        capacity: int[R] remaining places of each mentor.
        mentor_scores: float[M, C] the mentor's preference for that mentee (default:
            ``scores``, one shared score).
        with_slots: also return the candidate slot each mentee was matched through.
        compiled: the compiled loop (:func:`sim.mechanisms.kernels.deferred_acceptance`, the same
            result) or numpy's; None: compiled where Numba is loaded already.

    Returns:
        int[M] the chosen mentor index per mentee, -1 if unmatched (and, ``with_slots``, the
        int[M] slot in ``candidates``, -1 if unmatched). Stable: no mentee prefers a
        candidate that would rather hold it than one of its current mentees.
    """
    m = candidates.shape[0]
    s = np.where(candidates >= 0, scores, -np.inf).astype(float)
    ms = s if mentor_scores is None else np.where(np.isfinite(s), mentor_scores, -np.inf)
    cap = capacity.astype(np.int64)
    if compiled is None:
        compiled = kernels.loaded()
    if compiled and m:
        ms = ms.astype(float) if ms is not s else s.copy()
        held, held_slot = kernels.deferred_acceptance(candidates.astype(np.int64), s, ms, cap)
        return (held, held_slot) if with_slots else held
    held = np.full(m, -1, dtype=np.int64)  # mentor index tentatively holding each mentee
    held_score = np.full(m, -np.inf)  # that mentor's score for the mentee
    held_slot = np.full(m, -1, dtype=np.int64)  # the candidate slot it was proposed through
    rows = np.arange(m)
    while True:
        free = rows[(held < 0) & np.isfinite(s).any(axis=1)] if m else rows
        if len(free) == 0:
            break
        best = np.argmax(s[free], axis=1)
        prop_mentor = candidates[free, best]
        prop_score = ms[free, best]
        s[free, best] = -np.inf  # each candidate is tried once
        holding = rows[held >= 0]
        who = np.concatenate((holding, free))
        mentor = np.concatenate((held[holding], prop_mentor))
        value = np.concatenate((held_score[holding], prop_score))
        slot = np.concatenate((held_slot[holding], best))
        order = np.lexsort((-value, mentor))
        mentor_sorted = mentor[order]
        first = np.searchsorted(mentor_sorted, mentor_sorted, side="left")
        keep = (np.arange(len(order)) - first) < cap[mentor_sorted]
        held[who] = -1
        held_score[who] = -np.inf
        held_slot[who] = -1
        kept = order[keep]
        held[who[kept]] = mentor[kept]
        held_score[who[kept]] = value[kept]
        held_slot[who[kept]] = slot[kept]
    return (held, held_slot) if with_slots else held


def optimal_assign(
    mentees: np.ndarray,
    pool: np.ndarray,
    pool_cap: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    score: Callable[[np.ndarray, np.ndarray], np.ndarray],
    allowed: Callable[[np.ndarray, np.ndarray], np.ndarray],
    block: int,
    draws: Occasion,
) -> np.ndarray:
    """Maximum-total-score assignment of mentees to mentor places (block-wise beyond ``block``).

    Args:
        mentees: int[M] mentee rows.
        pool: int[R] mentor rows, sorted by level (``lo``/``hi`` index into it).
        pool_cap: int[R] remaining places per mentor.
        lo, hi: int[M] each mentee's eligible range in ``pool``.
        score: (mentee rows, mentor rows) -> float scores, higher is better.
        allowed: (mentee rows, mentor rows) -> bool.
        block: largest number of mentees solved as one exact problem.
        draws: the round's draws (the random split into blocks, keyed to people and places).

    Returns:
        int[M] chosen index into ``pool`` per mentee, -1 if unmatched.
    """
    # Start-up time: scipy.optimize takes most of a second to import, and pre-flight loads this module.
    from scipy.optimize import linear_sum_assignment

    chosen = np.full(len(mentees), -1, dtype=np.int64)
    places = np.repeat(np.arange(len(pool)), pool_cap)
    if len(places) == 0 or len(mentees) == 0:
        return chosen
    n_blocks = -(-len(mentees) // block)
    mentee_order = np.argsort(draws.people(mentees, streams.BLOCKS).random(len(mentees)), kind="stable")
    place_id = pool[places] * (int(pool_cap.max()) + 1) + (np.arange(len(places)) - np.searchsorted(places, places))
    place_order = places[np.argsort(draws.things(place_id, streams.BLOCKS).random(len(places)), kind="stable")]
    mentee_blocks = np.array_split(mentee_order, n_blocks)
    place_blocks = np.array_split(place_order, n_blocks)
    for rows, cols in zip(mentee_blocks, place_blocks, strict=True):
        if len(rows) == 0 or len(cols) == 0:
            continue
        r, c = np.meshgrid(rows, cols, indexing="ij")
        r, c = r.ravel(), c.ravel()
        ok = (c >= lo[r]) & (c < hi[r]) & allowed(mentees[r], pool[c])
        value = np.zeros(len(r))
        value[ok] = score(mentees[r[ok]], pool[c[ok]])
        # Forbidden pairs cost more than any allowed assignment could gain.
        big = 1.0 + 2.0 * len(rows) * (np.abs(value).max() + 1.0)
        cost = np.where(ok, -value, big).reshape(len(rows), len(cols))
        ri, ci = linear_sum_assignment(cost)
        good = cost[ri, ci] < big
        chosen[rows[ri[good]]] = cols[ci[good]]
    return chosen


def match(
    state: Workforce,
    mentees: np.ndarray,
    mentors: np.ndarray,
    capacity: np.ndarray,
    block: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    allowed: Callable[[np.ndarray, np.ndarray], np.ndarray],
    cfg: MatchingConfig,
    draws: Occasion,
    symmetric: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Pair mentees with mentors by ``cfg.strategy``.

    Args:
        state: the workforce (for scores).
        mentees: int[M] rows that want one partner.
        mentors: int[R] rows that can take partners.
        capacity: int[R] remaining places per mentor.
        block: given the mentor pool's levels (sorted) and the mentees, returns ``lo, hi``
            per mentee: the eligible range in the sorted pool.
        allowed: vectorised filter over (mentee rows, mentor rows) -> bool, e.g. not self,
            not one's own manager, not an existing pair.
        cfg: the matching configuration.
        draws: the round's draws, keyed to people and pairs (sim.streams.Occasion).
        symmetric: score peers symmetrically.

    Returns:
        ``(mentor_rows, mentee_rows, fit)`` of the new ties: ``fit`` their latent fit in (0, 1)
        where the strategy saw it (``stable``), else None (the new ties draw it).
    """
    empty = np.empty(0, dtype=np.int64)
    if len(mentees) == 0 or len(mentors) == 0:
        return empty, empty, None
    order = np.argsort(state.level[mentors], kind="stable")
    pool, pool_cap = mentors[order], capacity[order]
    lo, hi = block(state.level[pool], mentees)
    if cfg.strategy == "optimal":

        def score(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return compatibility(state, a, b, symmetric, cfg)

        chosen = optimal_assign(mentees, pool, pool_cap, lo, hi, score, allowed, cfg.optimal_block, draws)
        hit = chosen >= 0
        return pool[chosen[hit]], mentees[hit], None
    cand = sample_candidates(lo, hi, cfg.candidates, draws.people(mentees, streams.CANDIDATES))
    flat_mentee = np.repeat(mentees, cfg.candidates)
    flat_mentor = pool[np.maximum(cand, 0)].ravel()
    # Only stable's participants see the unseen part of fit, so only stable draws it for every candidate;
    # for the other strategies the new ties draw it (designs.base.add_pairs): the same number for a pair.
    sees_fit = cfg.strategy == "stable"
    fit_draws = draws.pairs(flat_mentee, flat_mentor, streams.FIT) if sees_fit else None
    z = fit.latent(state, flat_mentee, flat_mentor, cfg.fit_visible, fit_draws) if sees_fit else None
    pair_draws = draws.pairs(flat_mentee, flat_mentor, streams.SCORES)
    mine, theirs = STRATEGIES[cfg.strategy](state, flat_mentee, flat_mentor, z, pair_draws, symmetric, cfg)
    ok = (cand.ravel() >= 0) & allowed(flat_mentee, flat_mentor)
    mine = np.where(ok, mine, -np.inf).reshape(cand.shape)
    theirs = np.where(ok, theirs, -np.inf).reshape(cand.shape)
    chosen, slot = assign(cand, mine, pool_cap, theirs, with_slots=True)
    hit = np.flatnonzero(chosen >= 0)
    pair_fit = None if z is None else fit.of_latent(z.reshape(cand.shape)[hit, slot[hit]])
    return pool[chosen[hit]], mentees[hit], pair_fit
