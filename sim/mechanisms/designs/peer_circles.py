"""Peer circles: groups of volunteers with a common focus and diverse members.

The seed texts: "a common focus but ... diverse backgrounds". Volunteers not yet in a circle
are grouped into circles of ``program.circle_size`` by ``matching.strategy``:

- ``random``: in random order, names out of a hat;
- ``diversity``: dealt round-robin in team order, so teammates land in different circles;
- ``skill_gap``: dealt round-robin in order of know-how, so each circle spans novices to experts;
- ``similarity``: consecutive people in order of their work-style profile (its projection
  on one direction; sim.mechanisms.fit) or of tenure (``matching.similarity_basis=tenure``).

``optimal`` and ``stable`` are refused: an exact best grouping of people into circles is a
partition problem with no assignment solver behind it, and stable matching needs two sides
that rank each other, which a circle has not. A circle's focus is the skill where its
members' know-how differs most (most to share). A circle of s is held as its s(s-1)/2 member
pairs sharing one group (sim.ties), each pair with its own latent fit; the more
knowledgeable of each pair is recorded as mentor.
"""

from __future__ import annotations

import numpy as np

from sim import streams
from sim.config import MATCHING_STRATEGIES, SimConfig
from sim.mechanisms.designs.base import Design, RoundContext, add_pairs
from sim.state import Workforce
from sim.ties import CIRCLE, Ties

#: Strategies a circle cannot use, and why (``python -m sim`` refuses them with this reason).
REFUSED = {
    "optimal": "an exact best grouping into circles has no assignment solver behind it",
    "stable": "stable matching needs two sides that rank each other, and a circle has none",
}


def _deal(state: Workforce, pool: np.ndarray, n_circles: int, ctx: RoundContext) -> tuple[np.ndarray, np.ndarray]:
    """The rows grouped, in order, and each circle's members (int[circles, size])."""
    size, strategy = ctx.program.circle_size, ctx.matching.strategy
    tiebreak = ctx.draws.people(pool, streams.TIEBREAK).random(len(pool))
    if strategy in ("random", "similarity"):
        if strategy == "random":
            key = tiebreak
        elif ctx.matching.similarity_basis == "tenure":
            key = state.tenure_weeks[pool]
        else:
            # Along one direction of the profile space: neighbours in this order have aligned traits.
            key = state.traits[pool].sum(axis=1)
        grouped = pool[np.lexsort((tiebreak, key))][: n_circles * size]
        return grouped, grouped.reshape(n_circles, size)  # consecutive people share a circle
    if strategy == "skill_gap":
        # Deal in order of knowledge: every circle spans novices to experts.
        order = np.lexsort((tiebreak, -state.tacit[pool].mean(axis=1)))
    else:  # diversity
        # Deal teammates to different circles: members from diverse teams.
        teams = np.arange(int(state.team.max()) + 1)
        team_rank = ctx.draws.things(teams, streams.TEAMS).random(len(teams))[state.team[pool]]
        order = np.lexsort((tiebreak, team_rank))
    dealt = pool[order][: n_circles * size]
    return dealt, dealt.reshape(size, n_circles).T  # row c = circle c, dealt round-robin


def form(state: Workforce, ties: Ties, ctx: RoundContext) -> np.ndarray:
    """A round of circles; returns the rows dealt into them."""
    size = ctx.program.circle_size
    in_circle = ties.load(state.n, CIRCLE) > 0
    pool = np.flatnonzero(state.opted_in & ~in_circle)
    n_circles = len(pool) // size
    if n_circles == 0:
        return np.empty(0, dtype=np.int64)
    dealt, members = _deal(state, pool, n_circles, ctx)
    # Common focus: the skill where the circle's know-how is most unequal (most to share).
    t = state.tacit[members]  # [circles, size, K]
    focus = np.argmax(t.max(axis=1) - t.min(axis=1), axis=1)
    i, j = np.triu_indices(size, k=1)
    a, b = members[:, i].ravel(), members[:, j].ravel()
    a_leads = state.tacit[a].mean(axis=1) >= state.tacit[b].mean(axis=1)
    mentor, mentee = np.where(a_leads, a, b), np.where(a_leads, b, a)
    group = np.repeat(ties.new_groups(n_circles), len(i))
    add_pairs(state, ties, mentor, mentee, CIRCLE, ctx, np.repeat(focus, len(i)), group, 1.0 / (size - 1))
    return dealt


def check(cfg: SimConfig) -> str | None:
    """A circle cannot be larger than the organisation, nor formed by a strategy that has no meaning for groups."""
    size, n = cfg.program.circle_size, cfg.org.n_employees
    if size > n:
        return f"program.circle_size={size}: must not exceed org.n_employees ({n})"
    strategy = cfg.matching.strategy
    if strategy in REFUSED:
        usable = ", ".join(s for s in MATCHING_STRATEGIES if s not in REFUSED)
        return (
            f"matching.strategy={strategy!r} has no meaning for program.design='peer_circles' ({REFUSED[strategy]}); "
            f"use one of {usable}"
        )
    return None


DESIGN = Design(
    name="peer_circles",
    label="peer circles",
    eligibility="volunteers, in circles of a few from different teams with a common focus skill",
    form=form,
    kinds=(CIRCLE,),
    check=check,
)
