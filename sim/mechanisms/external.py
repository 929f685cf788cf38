"""External mentors: people from outside the organisation who bring knowledge it lacks.

With ``program.external_mentors`` > 0 (designs ``hierarchical`` and ``hybrid``), mentees left
without an internal mentor after a matching round are given an external mentor while
places last (``program.mentor_capacity`` mentees each), in random order: an external
provider's mentors are interchangeable to the programme. An external mentor knows
``knowledge.external_explicit`` of every skill explicitly and ``knowledge.external_tacit``
tacitly: codified expertise from elsewhere, less of the organisation's own know-how.
External mentors stand outside the hierarchy (no power gap, never the mentee's manager) and
do not leave; their hours are counted apart (``external_hours``), as a bought service.

External ties live in their own :class:`~sim.ties.Ties` table whose ``mentor`` column
indexes the external pool (0 .. external_mentors - 1), never a row of the workforce. They
share the lifecycle (phases, no-fault exit, duration) of hierarchical ties. At a meeting the
mentee gains ``rate * q * max(external - x, 0)`` per skill, with q the tie's rapport times
its phase and training factors: each mentee has at most one external mentor, so the gain
never overshoots the external level.
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms import support
from sim.config import KnowledgeConfig, ProgramConfig, SupportConfig
from sim.state import Workforce
from sim.ties import HIERARCHICAL, Ties

EXTERNAL = 4
WEEKS_PER_MONTH = 52.0 / 12.0


def assign(state: Workforce, external: Ties, internal: Ties, ctx) -> np.ndarray:
    """Give unmatched eligible mentees an external mentor while places last; return their rows."""
    prog = ctx.program
    if prog.external_mentors <= 0 or prog.design not in ("hierarchical", "hybrid"):
        return np.empty(0, dtype=np.int64)
    covered = np.zeros(state.n, dtype=bool)
    covered[internal.mentee[internal.kind == HIERARCHICAL]] = True
    covered[external.mentee] = True
    top = state.n_levels - 1
    years = state.tenure_weeks / 52.0
    mentees = np.flatnonzero(state.opted_in & ~covered & (state.level < top) & (years < prog.mentee_max_tenure_years))
    places = prog.mentor_capacity - np.bincount(external.mentor, minlength=prog.external_mentors)
    slots = ctx.rng.permutation(np.repeat(np.arange(prog.external_mentors), np.maximum(places, 0)))
    m = min(len(mentees), len(slots))
    if m == 0:
        return np.empty(0, dtype=np.int64)
    mentee = ctx.rng.permutation(mentees)[:m]
    ceiling = support.trust_ceiling(ctx.support)
    external.add(
        mentor=slots[:m],
        mentee=mentee,
        kind=EXTERNAL,
        group=external.new_groups(m),
        focus=-1,
        share=1.0,
        start=ctx.step,
        end=ctx.end_step(HIERARCHICAL),
        rapport=min(ctx.knowledge.rapport_initial, ceiling),
        trust_cap=ceiling,
        power=0.0,
        meetings=0,
    )
    return mentee


def commitments(external: Ties, n: int) -> np.ndarray:
    """External ties per workforce row (mentee side only)."""
    return np.bincount(external.mentee, minlength=n).astype(float)


def draw_meetings(
    external: Ties,
    internal: Ties,
    program: ProgramConfig,
    sup: SupportConfig,
    n: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Which external ties meet this week: cadence x the mentee's availability x follow-through."""
    if len(external) == 0:
        return np.zeros(0, dtype=bool)
    asked = (
        (support.commitments(internal, n) + commitments(external, n)) * program.meetings_per_month * sup.meeting_hours
    )
    have = sup.free_hours_per_month + sup.protected_hours_per_month
    available = np.minimum(1.0, have / np.maximum(asked, 1e-12))[external.mentee]
    p = np.minimum(program.meetings_per_month / WEEKS_PER_MONTH * available * support.follow_through(sup), 1.0)
    return rng.random(len(external)) < p


def transfer(
    skills: np.ndarray,
    tacit: np.ndarray,
    external: Ties,
    met: np.ndarray,
    cfg: KnowledgeConfig,
    factor: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Apply this week's external meetings in place; return each row's tacit gain [N, K]."""
    gain = np.zeros_like(tacit)
    idx = np.flatnonzero(met)
    if len(idx) == 0:
        return gain
    rows = external.mentee[idx]  # unique: one external mentor per mentee
    q = external.rapport[idx] * np.broadcast_to(np.asarray(factor, dtype=float), (len(external),))[idx]
    skills[rows] += (cfg.mentoring_explicit_rate * q)[:, None] * np.maximum(cfg.external_explicit - skills[rows], 0.0)
    g = (cfg.mentoring_tacit_rate * q)[:, None] * np.maximum(cfg.external_tacit - tacit[rows], 0.0)
    tacit[rows] += g
    gain[rows] = g
    return gain
