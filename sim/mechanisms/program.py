"""Programme designs: who is eligible, how ties are formed, how they close.

Designs (``program.design``), from the seed texts and the mentoring literature:
- ``none``: no programme; knowledge moves only through the informal network and practice.
- ``hierarchical``: one-to-one, a more senior mentor (higher level, at least
  ``mentor_min_tenure_years``) for an employee in the first ``mentee_max_tenure_years``;
  each mentor takes up to ``mentor_capacity`` mentees. Mostly one-way, with a smaller
  reverse flow (Kram 1985).
- ``peer``: one-to-one between volunteers at the same level; the more experienced peer is
  recorded as mentor, but both learn (co-learning; Kram & Isabella 1985).
- ``reverse``: role switching (seed texts: "you and your mentor can switch roles ... if you
  have areas in which you can guide your mentor"): an employee in the first
  ``mentee_max_tenure_years`` teaches a more senior volunteer the fast-changing skill, where
  newcomers arrive better trained (``knowledge.fast_skill``), and learns everything else
  back; the junior is recorded as mentor.
- ``hybrid``: hierarchical mentoring for employees in their first ``mentee_max_tenure_years``,
  peer mentoring for those past it ("traditional mentoring relationships might be most useful
  at early stages of career, peer relationships may have more to offer at later stages",
  Kram & Isabella 1985 as quoted in the seed texts).
- ``peer_circles``: groups of ``circle_size`` volunteers with a common focus skill (the seed
  texts: "a common focus but ... diverse backgrounds"). Volunteers are dealt round-robin
  into circles: in team order for ``random`` and ``diversity`` (teammates land in different
  circles), in order of knowledge for ``skill_gap``, ``optimal`` and ``stable`` (each circle
  spans novices to experts); ``similarity`` groups consecutive people by tenure.

Every ``match_every_weeks`` from ``start_step`` on, volunteers without a tie are matched;
ties close after ``duration_weeks`` (peer and circle ties after
``lifecycle.peer_duration_multiplier`` times that), at a no-fault exit (``sim.lifecycle``) or
when either side leaves, and the freed people can be matched again in the next round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.mechanisms import matching
from sim.mechanisms import support
from sim.config import KnowledgeConfig, LifecycleConfig, MatchingConfig, ProgramConfig, SupportConfig
from sim.state import Workforce
from sim.ties import CIRCLE, HIERARCHICAL, PEER, REVERSE, Ties

#: Designs in plain words, for summaries, reports and the teaching page.
DESIGN_NAMES: dict[str, str] = {
    "none": "no programme",
    "hierarchical": "senior mentors",
    "peer": "peer mentoring",
    "peer_circles": "peer circles",
    "reverse": "reverse mentoring",
    "hybrid": "senior, then peer",
}

WEEKS_PER_YEAR = 52.0


@dataclass
class ProgrammeContext:
    """What a matching round needs besides the state and the ties."""

    program: ProgramConfig
    matching: MatchingConfig
    knowledge: KnowledgeConfig
    lifecycle: LifecycleConfig
    support: SupportConfig
    step: int
    rng: np.random.Generator
    has_external: np.ndarray | None = None  # rows already mentored from outside (sim.external)

    def end_step(self, kind: int) -> int:
        """Week a tie of ``kind`` formed now closes: peer ties last longer (sim.lifecycle)."""
        weeks = self.program.duration_weeks
        if kind in (PEER, CIRCLE):
            weeks = int(round(weeks * self.lifecycle.peer_duration_multiplier))
        return self.step + weeks

    def trust_cap(self, state: Workforce, mentor: np.ndarray, mentee: np.ndarray) -> np.ndarray:
        """Rapport ceiling: the confidentiality ceiling, lower when the mentor is the manager."""
        is_manager = (state.manager[mentee] == mentor) | (state.manager[mentor] == mentee)
        ceiling = support.trust_ceiling(self.support)
        return np.where(is_manager, np.minimum(self.knowledge.manager_trust_cap, ceiling), ceiling)


def is_matching_round(program: ProgramConfig, step: int) -> bool:
    """Tell whether a matching round happens at ``step``."""
    if program.design == "none" or step < program.start_step:
        return False
    return (step - program.start_step) % program.match_every_weeks == 0


def close_expired(ties: Ties, step: int) -> None:
    """End ties whose programme duration is over."""
    if len(ties):
        ties.keep(ties.end > step)  # a no-op (cache kept) when nothing expires


def run_round(state: Workforce, ties: Ties, ctx: ProgrammeContext) -> np.ndarray:
    """Form new ties for this round; return the rows newly matched."""
    design = ctx.program.design
    if design == "hierarchical":
        return _hierarchical(state, ties, ctx)
    if design == "peer":
        return _peer(state, ties, ctx)
    if design == "peer_circles":
        return _circles(state, ties, ctx)
    if design == "reverse":
        return _hierarchical(state, ties, ctx, kind=REVERSE)
    if design == "hybrid":
        # Hierarchical mentoring early in a career, peer mentoring later (Kram & Isabella 1985).
        early = _hierarchical(state, ties, ctx)
        seasoned = state.tenure_weeks / WEEKS_PER_YEAR >= ctx.program.mentee_max_tenure_years
        return np.concatenate((early, _peer(state, ties, ctx, eligible=seasoned)))
    return np.empty(0, dtype=np.int64)


def initial_rapport(state: Workforce, a: np.ndarray, b: np.ndarray, k: KnowledgeConfig) -> np.ndarray:
    """Rapport of new ties: higher for people of similar experience (Eby et al. 2013)."""
    return np.minimum(k.rapport_initial + k.similarity_rapport_bonus * matching.similarity(state, a, b), 1.0)


def _not_manager(state: Workforce, allow: bool):
    def allowed(mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        ok = mentee != mentor
        if not allow:
            ok &= (state.manager[mentee] != mentor) & (state.manager[mentor] != mentee)
        return ok

    return allowed


def _add_pairs(
    state: Workforce,
    ties: Ties,
    mentor: np.ndarray,
    mentee: np.ndarray,
    kind: int,
    ctx: ProgrammeContext,
    focus: int | np.ndarray = -1,
    group: np.ndarray | None = None,
    share: float = 1.0,
) -> None:
    """Add ties with their starting rapport, trust cap, power gap and end (one group each by default)."""
    k = ctx.knowledge
    n_levels = max(state.n_levels - 1, 1)
    cap = ctx.trust_cap(state, mentor, mentee)  # confidentiality ceiling; lower for manager-report pairs
    ties.add(
        mentor=mentor,
        mentee=mentee,
        kind=kind,
        group=ties.new_groups(len(mentor)) if group is None else group,
        focus=focus,
        share=share,
        start=ctx.step,
        end=ctx.end_step(kind),
        rapport=np.minimum(initial_rapport(state, mentor, mentee, k), cap),
        trust_cap=cap,
        power=np.abs(state.level[mentor].astype(float) - state.level[mentee]) / n_levels,
        meetings=0,
    )


def _hierarchical(state: Workforce, ties: Ties, ctx: ProgrammeContext, kind: int = HIERARCHICAL) -> np.ndarray:
    """Newer employees with more senior partners; ``kind=REVERSE`` makes the junior the teacher."""
    prog = ctx.program
    top = state.n_levels - 1
    junior_side = ties.mentee if kind == HIERARCHICAL else ties.mentor
    senior_side = ties.mentor if kind == HIERARCHICAL else ties.mentee
    has_partner = np.zeros(state.n, dtype=bool)
    has_partner[junior_side[ties.kind == kind]] = True
    if kind == HIERARCHICAL and ctx.has_external is not None:
        has_partner |= ctx.has_external
    tenure_years = state.tenure_weeks / WEEKS_PER_YEAR
    mentees = np.flatnonzero(
        state.opted_in & ~has_partner & (state.level < top) & (tenure_years < prog.mentee_max_tenure_years)
    )
    load = np.bincount(senior_side[ties.kind == kind], minlength=state.n)
    mentors = np.flatnonzero(
        state.opted_in
        & (state.level > 0)
        & (tenure_years >= prog.mentor_min_tenure_years)
        & (load < prog.mentor_capacity)
    )

    def higher_level(pool_level: np.ndarray, mentee: np.ndarray):
        lo = np.searchsorted(pool_level, state.level[mentee], side="right")
        return lo, np.full(len(mentee), len(pool_level))

    mentor, mentee = matching.match(
        state,
        ctx.rng.permutation(mentees),
        mentors,
        prog.mentor_capacity - load[mentors],
        higher_level,
        _not_manager(state, ctx.matching.allow_direct_manager),
        ctx.matching,
        ctx.rng,
        symmetric=kind == REVERSE,
    )
    if kind == REVERSE:  # the junior teaches the fast-changing skill
        mentor, mentee = mentee, mentor
        focus = ctx.knowledge.fast_skill if 0 <= ctx.knowledge.fast_skill < state.n_skills else -1
        _add_pairs(state, ties, mentor, mentee, REVERSE, ctx, focus=focus)
    else:
        _add_pairs(state, ties, mentor, mentee, HIERARCHICAL, ctx)
    return np.concatenate((mentor, mentee))


def _peer(state: Workforce, ties: Ties, ctx: ProgrammeContext, eligible: np.ndarray | None = None) -> np.ndarray:
    prog = ctx.program
    load = ties.load(state.n, PEER)
    ok = state.opted_in & (load < prog.mentor_capacity)
    if eligible is not None:
        ok &= eligible
    pool = ctx.rng.permutation(np.flatnonzero(ok))
    half = len(pool) // 2
    proposers, acceptors = pool[:half], pool[half:]
    existing = ties.pair_keys(state.n)
    not_manager = _not_manager(state, ctx.matching.allow_direct_manager)

    def allowed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        key = np.minimum(a, b) * state.n + np.maximum(a, b)
        return not_manager(a, b) & ~np.isin(key, existing)

    def same_level(pool_level: np.ndarray, mentee: np.ndarray):
        lv = state.level[mentee]
        return np.searchsorted(pool_level, lv, side="left"), np.searchsorted(pool_level, lv, side="right")

    a, b = matching.match(
        state,
        proposers,
        acceptors,
        prog.mentor_capacity - load[acceptors],
        same_level,
        allowed,
        ctx.matching,
        ctx.rng,
        symmetric=True,
    )
    # The more experienced peer leads (is recorded as mentor).
    a_leads = state.tenure_weeks[a] >= state.tenure_weeks[b]
    mentor, mentee = np.where(a_leads, a, b), np.where(a_leads, b, a)
    _add_pairs(state, ties, mentor, mentee, PEER, ctx)
    return np.concatenate((mentor, mentee))


def _circles(state: Workforce, ties: Ties, ctx: ProgrammeContext) -> np.ndarray:
    prog = ctx.program
    in_circle = ties.load(state.n, CIRCLE) > 0
    pool = np.flatnonzero(state.opted_in & ~in_circle)
    n_circles = len(pool) // prog.circle_size
    if n_circles == 0:
        return np.empty(0, dtype=np.int64)
    rng, strategy = ctx.rng, ctx.matching.strategy
    tiebreak = rng.random(len(pool))
    if strategy == "similarity":
        # Consecutive people in order of tenure: circles of similar experience.
        order = np.lexsort((tiebreak, state.tenure_weeks[pool]))
        dealt = pool[order][: n_circles * prog.circle_size]
        members = dealt.reshape(n_circles, prog.circle_size)
    else:
        if strategy in ("skill_gap", "optimal", "stable"):
            # Deal in order of knowledge: every circle spans novices to experts.
            order = np.lexsort((tiebreak, -state.tacit[pool].mean(axis=1)))
        else:  # random, diversity
            # Deal teammates to different circles: members from diverse teams.
            team_rank = rng.permutation(int(state.team.max()) + 1)[state.team[pool]]
            order = np.lexsort((tiebreak, team_rank))
        dealt = pool[order][: n_circles * prog.circle_size]
        members = dealt.reshape(prog.circle_size, n_circles).T  # row c = circle c, dealt round-robin
    # Common focus: the skill where the circle's know-how is most unequal (most to share).
    t = state.tacit[members]  # [circles, size, K]
    focus = np.argmax(t.max(axis=1) - t.min(axis=1), axis=1)
    i, j = np.triu_indices(prog.circle_size, k=1)
    a, b = members[:, i].ravel(), members[:, j].ravel()
    a_leads = state.tacit[a].mean(axis=1) >= state.tacit[b].mean(axis=1)
    mentor, mentee = np.where(a_leads, a, b), np.where(a_leads, b, a)
    group = np.repeat(ties.new_groups(n_circles), len(i))
    focus_each = np.repeat(focus, len(i))
    _add_pairs(
        state, ties, mentor, mentee, CIRCLE, ctx, focus=focus_each, group=group, share=1.0 / (prog.circle_size - 1)
    )
    return dealt
