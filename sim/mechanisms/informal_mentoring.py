"""Informal mentoring: mentoring ties that form without a programme, between people who already talk.

Each week a junior -- below the top level, with under ``informal.max_tenure_years`` of tenure
and no informal mentor -- finds one with chance ``informal.formation_per_year / 52``, times
``1 - informal.crowd_out`` while they are in a formal programme's tie (0: a programme adds to
informal mentoring; 1: it replaces it). The mentor is one of the junior's informal contacts who
is senior to them -- at a higher level, or at theirs with ``informal.seniority_years`` more
tenure -- with room (``informal.mentor_capacity``): the one they get on with best, by the
pair's latent fit (sim.mechanisms.fit), which the two see (they know each other), where a
programme's matching sees only the part profiles show (``matching.fit_visible``). That
choice, mutual identification in Ragins & Cotton's (1999) and Kram's (1985) accounts, makes an
informal tie the better relationship on average (higher fit and rapport), as the literature
reports of informal mentoring (Ragins & Cotton 1999; Underhill 2006, meta-analysis); whether it
also passes more know-how depends on whom it pairs (``python -m sim.validate`` reports both:
``informal_vs_formal``).

An informal tie then lives as a programme's one-to-one tie does, without a programme's
support: it meets ``informal.meetings_per_month`` (a draw keyed to the tie and week) as far as
both people have time left after a programme's asks (their free hours, without protected ones),
carries
knowledge as a senior mentor's tie does (mentoring rates, rapport, a power gap), its rapport
grows toward a ceiling set by its fit with full confidentiality (it is private), it ends after
``informal.duration_weeks`` or when either person leaves; a promoted person keeps it. Its
meetings take the two people's time but are no programme's cost. Every draw is keyed to the
run, the week and the people (:mod:`sim.streams`), so a run's informal ties are the same in
an ensemble as alone. Off unless ``informal.formation_per_year`` > 0.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from sim.config import InformalConfig, KnowledgeConfig, MatchingConfig
from sim.mechanisms import fit
from sim.state import Workforce
from sim.streams import hashed, uniforms
from sim.ties import HIERARCHICAL, Ties
from sim.units import WEEKS_PER_MONTH, WEEKS_PER_YEAR

#: Sub-keys of a week's informal key: who looks for a mentor, a pair's unseen fit, a tie, its meetings.
SEEK, FIT, TIE, MEET = 1, 2, 3, 4


def close_expired(ties: Ties, step: int) -> None:
    """End the informal ties whose time is over."""
    ties.keep(ties.end > step)


def form(
    state: Workforce,
    ties: Ties,
    u: np.ndarray,
    v: np.ndarray,
    in_formal: np.ndarray,
    keys: np.ndarray,
    n: int,
    step: int,
    cfg: InformalConfig,
    kc: KnowledgeConfig,
    mc: MatchingConfig,
) -> int:
    """Form the week's new informal ties over a stack's runs, added to ``ties``; return how many formed.

    Args:
        state: the stacked workforce; u, v: the informal network's ties (stacked rows).
        in_formal: bool per row, in a formal programme's tie this week.
        keys: each run's informal key of the week (uint64[R]); n: rows per run.
    """
    if cfg.formation_per_year <= 0:
        return 0
    person = state.seat_hires.astype(np.uint64)
    local = np.arange(state.n) % n
    run_key = keys[np.arange(state.n) // n]
    mentored = np.zeros(state.n, dtype=bool)
    mentored[ties.mentee] = True
    top = state.level.max()  # every run of a stack has the same seats
    seeking = (state.level < top) & ~mentored & (state.tenure_weeks < cfg.max_tenure_years * WEEKS_PER_YEAR)
    seeking &= state.occupied  # an empty seat (sim.mechanisms.headcount) seeks nobody
    chance = cfg.formation_per_year / WEEKS_PER_YEAR * np.where(in_formal, 1.0 - cfg.crowd_out, 1.0)
    luck = uniforms(hashed(run_key, SEEK, local, person))
    seeking &= luck < chance
    if not seeking.any():
        return 0
    # each seeker's contacts above them with room: both directions of every informal tie
    a, b = np.concatenate((u, v)), np.concatenate((v, u))
    load = np.bincount(ties.mentor, minlength=state.n)
    senior = (state.level[b] > state.level[a]) | (
        (state.level[b] == state.level[a])
        & (state.tenure_weeks[b] >= state.tenure_weeks[a] + cfg.seniority_years * WEEKS_PER_YEAR)
    )
    ok = seeking[a] & senior & (load[b] < cfg.mentor_capacity) & state.occupied[b]
    a, b = a[ok], b[ok]
    if not len(a):
        return 0
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pair = hashed(run_key[a], FIT, local[lo], person[lo], local[hi], person[hi])
    rho = mc.fit_visible
    z = rho * fit.affinity(state.traits, a, b) + np.sqrt(1.0 - rho**2) * ndtri(uniforms(pair))
    order = np.lexsort((-z, a))  # each seeker's best-fitting contact first
    first = np.ones(len(order), dtype=bool)
    first[1:] = a[order[1:]] != a[order[:-1]]
    pick = order[first]
    mentee, mentor, z = a[pick], b[pick], z[pick]
    by_mentor = np.lexsort((-z, mentor))  # a mentor with several askers takes the best fits up to their room
    rank = np.zeros(len(by_mentor), dtype=np.int64)
    same = np.concatenate(([False], mentor[by_mentor[1:]] == mentor[by_mentor[:-1]]))
    for i in range(1, len(by_mentor)):  # a few a week: a running count within each mentor
        rank[i] = rank[i - 1] + 1 if same[i] else 0
    take = by_mentor[rank < cfg.mentor_capacity - load[mentor[by_mentor]]]
    take = np.sort(take)
    mentee, mentor, pair_fit = mentee[take], mentor[take], fit.of_latent(z[take])
    _add(state, ties, mentor, mentee, pair_fit, hashed(run_key[mentee], TIE, pair[pick][take]), step, cfg, kc)
    return len(take)


def _add(state, ties, mentor, mentee, pair_fit, key, step, cfg: InformalConfig, kc: KnowledgeConfig) -> None:
    n_levels = max(int(state.level.max()), 1)
    cap = fit.ceiling(pair_fit, 1.0, kc.fit_floor)  # private: full confidentiality
    ties.add(
        mentor=mentor,
        mentee=mentee,
        kind=HIERARCHICAL,  # in a table of its own; carries knowledge as a senior mentor's tie does
        group=ties.new_groups(len(mentor)),
        focus=-1,
        share=1.0,
        start=step,
        end=step + cfg.duration_weeks,
        rapport=np.minimum(kc.rapport_initial, cap),
        trust_cap=cap,
        power=np.abs(state.level[mentor].astype(float) - state.level[mentee]) / n_levels,
        meetings=0,
        fit=pair_fit,
        reviewed=True,  # no programme reviews it
        key=key,
    )


#: Hours an informal meeting takes (assumption: an hour, as a programme's meeting by default).
MEETING_HOURS = 1.0


def draw_meetings(
    ties: Ties, keys: np.ndarray, n: int, cfg: InformalConfig, free_hours: np.ndarray, formal_asked: np.ndarray | float
) -> np.ndarray:
    """Which informal ties meet this week, keyed to the tie and week.

    Chance ``meetings_per_month / weeks per month`` times the share of the hours its ties ask that
    the busier side has left after what a programme's ties ask of them (``formal_asked``, hours a
    month per row; a programme's time is scheduled first): no time is the obstacle here too.
    """
    if not len(ties):
        return np.zeros(0, dtype=bool)
    commitments = np.bincount(ties.mentor, minlength=len(free_hours)) + np.bincount(
        ties.mentee, minlength=len(free_hours)
    )
    asked = commitments * cfg.meetings_per_month * MEETING_HOURS
    left = np.maximum(free_hours - formal_asked, 0.0)
    person = np.minimum(1.0, left / np.maximum(asked, 1e-12))
    p = np.minimum(cfg.meetings_per_month / WEEKS_PER_MONTH * np.minimum(person[ties.mentor], person[ties.mentee]), 1.0)
    return uniforms(hashed(keys[ties.mentee // n], MEET, ties.key)) < p
