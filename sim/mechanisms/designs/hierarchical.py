"""Hierarchical mentoring: a more senior mentor for each employee in their first years (Kram 1985).

Mentees are volunteers in their first ``program.mentee_max_tenure_years`` below the top
level; mentors are volunteers above the front line with at least
``program.mentor_min_tenure_years``, at a higher level than their mentee, each taking up to
``program.mentor_capacity`` mentees. A mentor is never the mentee's own manager unless
``matching.allow_direct_manager``. Knowledge flows mostly one way, with a smaller reverse
flow (``knowledge.reverse_share``; sim.mechanisms.meetings). :func:`senior_pairs` also
serves reverse mentoring, which pairs the same people with the roles swapped.
"""

from __future__ import annotations

import numpy as np

from sim import streams
from sim.config import SimConfig
from sim.mechanisms import matching
from sim.mechanisms.designs.base import Design, RoundContext, add_pairs, juniors_seeking, not_manager, tenure_years
from sim.state import Workforce
from sim.ties import HIERARCHICAL, REVERSE, Ties


def senior_pairs(
    state: Workforce,
    ties: Ties,
    ctx: RoundContext,
    kind: int,
    eligible: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Match juniors without a tie of ``kind`` to seniors with places left; return (senior rows, junior rows, fit).

    Juniors already mentored from outside (``ctx.covered_outside``) are left out of hierarchical rounds;
    ``eligible`` (bool[N] for juniors, bool[N] for seniors), when given, narrows each side further
    (reverse mentoring's skill rule).
    """
    prog = ctx.program
    junior_side = ties.mentee if kind == HIERARCHICAL else ties.mentor
    senior_side = ties.mentor if kind == HIERARCHICAL else ties.mentee
    has_partner = np.zeros(state.n, dtype=bool)
    has_partner[junior_side[ties.kind == kind]] = True
    if kind == HIERARCHICAL and ctx.covered_outside is not None:
        has_partner |= ctx.covered_outside
    if eligible is not None:
        has_partner |= ~eligible[0]
    juniors = juniors_seeking(state, has_partner, prog)
    load = np.bincount(senior_side[ties.kind == kind], minlength=state.n)
    seniors = np.flatnonzero(
        state.opted_in
        & (state.level > 0)
        & (tenure_years(state) >= prog.mentor_min_tenure_years)
        & (load < prog.mentor_capacity)
        & (True if eligible is None else eligible[1])
    )

    def higher_level(pool_level: np.ndarray, junior: np.ndarray):
        lo = np.searchsorted(pool_level, state.level[junior], side="right")
        return lo, np.full(len(junior), len(pool_level))

    return matching.match(
        state,
        ctx.draws.order(juniors, streams.SHUFFLE),
        seniors,
        prog.mentor_capacity - load[seniors],
        higher_level,
        not_manager(state, ctx.matching.allow_direct_manager),
        ctx.matching,
        ctx.draws,
        symmetric=kind == REVERSE,
    )


def check_seniors(cfg: SimConfig) -> str | None:
    """A design that pairs juniors with seniors needs a level above the front line and juniors new enough.

    With one level nobody is senior to anybody (external mentors take only mentees below the top, so none
    either); with ``program.mentee_max_tenure_years=0`` nobody is new enough to be a junior.
    """
    design, org = cfg.program.design, cfg.org
    if org.levels < 2:
        where = f"the roster {org.roster_path} has one level" if org.kind == "roster" else "org.levels=1"
        return (
            f"program.design={design}: pairs juniors with more senior people and {where}, so no tie can form; "
            "use program=peer or program=peer_circles, or an organisation with at least 2 levels"
        )
    if cfg.program.mentee_max_tenure_years <= 0:
        return (
            f"program.mentee_max_tenure_years=0: program.design={design} takes juniors newer than this, "
            "so no tie can form; set it above 0 (the default is 3 years)"
        )
    return None


def form(state: Workforce, ties: Ties, ctx: RoundContext) -> np.ndarray:
    """A round of hierarchical mentoring; returns the rows matched (mentors, then mentees)."""
    mentor, mentee, pair_fit = senior_pairs(state, ties, ctx, HIERARCHICAL)
    add_pairs(state, ties, mentor, mentee, HIERARCHICAL, ctx, pair_fit=pair_fit)
    return np.concatenate((mentor, mentee))


DESIGN = Design(
    name="hierarchical",
    label="senior mentors",
    eligibility="volunteers in their first years, each with a more senior volunteer as mentor",
    form=form,
    kinds=(HIERARCHICAL,),
    external_mentors=True,
    check=check_seniors,
)
