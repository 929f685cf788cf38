"""Peer mentoring: one-to-one ties between volunteers at the same level (Kram & Isabella 1985).

Volunteers with places left (``program.mentor_capacity`` partners each) are split at random
into proposers and acceptors and matched within their level, never to an existing partner
or (unless ``matching.allow_direct_manager``) their manager. The more experienced peer is
recorded as mentor, but both learn (co-learning; sim.mechanisms.meetings).
"""

from __future__ import annotations

import numpy as np

from sim import streams
from sim.mechanisms import matching
from sim.mechanisms.designs.base import Design, RoundContext, add_pairs, not_manager
from sim.state import Workforce
from sim.ties import PEER, Ties


def form(state: Workforce, ties: Ties, ctx: RoundContext, eligible: np.ndarray | None = None) -> np.ndarray:
    """A round of peer mentoring among ``eligible`` rows (default: everyone); returns the rows matched."""
    prog = ctx.program
    load = ties.load(state.n, PEER)
    ok = state.opted_in & (load < prog.mentor_capacity)
    if eligible is not None:
        ok &= eligible
    pool = ctx.draws.order(np.flatnonzero(ok), streams.SHUFFLE)
    half = len(pool) // 2
    proposers, acceptors = pool[:half], pool[half:]
    existing = ties.pair_keys(state.n)
    outside_line = not_manager(state, ctx.matching.allow_direct_manager)

    def allowed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        key = np.minimum(a, b) * state.n + np.maximum(a, b)
        return outside_line(a, b) & ~np.isin(key, existing)

    def same_level(pool_level: np.ndarray, mentee: np.ndarray):
        lv = state.level[mentee]
        return np.searchsorted(pool_level, lv, side="left"), np.searchsorted(pool_level, lv, side="right")

    a, b, pair_fit = matching.match(
        state,
        proposers,
        acceptors,
        prog.mentor_capacity - load[acceptors],
        same_level,
        allowed,
        ctx.matching,
        ctx.draws,
        symmetric=True,
    )
    # The more experienced peer leads (is recorded as mentor).
    a_leads = state.tenure_weeks[a] >= state.tenure_weeks[b]
    mentor, mentee = np.where(a_leads, a, b), np.where(a_leads, b, a)
    add_pairs(state, ties, mentor, mentee, PEER, ctx, pair_fit=pair_fit)
    return np.concatenate((mentor, mentee))


DESIGN = Design(
    name="peer",
    label="peer mentoring",
    eligibility="volunteers, paired with a volunteer at the same level",
    form=form,
    kinds=(PEER,),
)
