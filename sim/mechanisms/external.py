"""External mentors: people from outside the organisation who bring knowledge it lacks.

With ``program.external_mentors`` > 0 (designs ``hierarchical`` and ``hybrid``), mentees left
without an internal mentor after a matching round are given an external mentor while
places last (``program.mentor_capacity`` mentees each), in random order: an external
provider's mentors are interchangeable to the programme. An external mentor knows
``knowledge.external_explicit`` of every skill explicitly and ``knowledge.external_tacit``
tacitly: codified expertise from elsewhere, less of the organisation's own know-how.
External mentors stand outside the hierarchy (no power gap, never the mentee's manager) and
do not leave; their hours are counted apart (``external_hours``), as a bought service.

External ties live in the programme's second :class:`~sim.ties.Ties` table
(:class:`sim.mechanisms.program.Program`), whose ``mentor`` column indexes the external pool
(0 .. external_mentors - 1), never a row of the workforce. The programme runs both tables
through the same stages: the lifecycle (phases, no-fault exit, the duration of hierarchical
ties), the meeting rule (cadence x availability x follow-through, sim.mechanisms.meetings) and
the mentees' eligibility (that of hierarchical mentoring, sim.mechanisms.designs.base). At a meeting the
mentee gains ``rate * q * max(external - x, 0)`` per skill, with q the tie's rapport times
its phase and training factors: each mentee has at most one external mentor, so the gain
never overshoots the external level.
"""

from __future__ import annotations

import numpy as np

from sim import streams
from sim.config import KnowledgeConfig, ProgramConfig, SupportConfig
from sim.mechanisms import fit, meetings, support
from sim.mechanisms.designs.base import RoundContext, juniors_seeking
from sim.state import Workforce
from sim.streams import hashed, keyed_uniforms
from sim.ties import EXTERNAL, HIERARCHICAL, Ties


def assign(state: Workforce, external: Ties, internal: Ties, ctx: RoundContext) -> np.ndarray:
    """Give unmatched eligible mentees an external mentor while places last; return their rows."""
    prog = ctx.program
    covered = np.zeros(state.n, dtype=bool)
    covered[internal.mentee[internal.kind == HIERARCHICAL]] = True
    covered[external.mentee] = True
    mentees = juniors_seeking(state, covered, prog)
    places = prog.mentor_capacity - np.bincount(external.mentor, minlength=prog.external_mentors)
    slots = np.repeat(np.arange(prog.external_mentors), np.maximum(places, 0))
    m = min(len(mentees), len(slots))
    if m == 0:
        return np.empty(0, dtype=np.int64)
    place = np.arange(len(slots)) - np.searchsorted(slots, slots)  # each mentor's free places, numbered
    slot_id = slots * (prog.mentor_capacity + 1) + place
    slots = slots[np.argsort(ctx.draws.things(slot_id, streams.SLOTS).random(len(slots)), kind="stable")]
    mentee = ctx.draws.order(mentees, streams.SHUFFLE)[:m]
    # Nothing of an external mentor's profile is known to the programme: their fit is all unseen.
    pair_fit = fit.of_latent(ctx.draws.people(mentee, streams.EXTERNAL_FIT).standard_normal(m))
    ceiling = fit.ceiling(pair_fit, support.trust_ceiling(ctx.support), ctx.knowledge.fit_floor)
    external.add(
        mentor=slots[:m],
        mentee=mentee,
        kind=EXTERNAL,
        group=external.new_groups(m),
        focus=-1,
        share=1.0,
        start=ctx.step,
        end=ctx.end_step(HIERARCHICAL),
        rapport=np.minimum(ctx.knowledge.rapport_initial, ceiling),
        trust_cap=ceiling,
        power=0.0,
        meetings=0,
        fit=pair_fit,
        reviewed=False,
        key=hashed(ctx.draws.ids(mentee, streams.TIE), slots[:m]),
    )
    return mentee


def commitments(external: Ties, n: int) -> np.ndarray:
    """External ties per workforce row (mentee side only)."""
    return np.bincount(external.mentee, minlength=n).astype(float)


def draw_meetings(
    external: Ties, program: ProgramConfig, sup: SupportConfig, person: np.ndarray, key: np.uint64 | np.ndarray
) -> np.ndarray:
    """Which external ties meet this week: the meeting rule at the mentee's availability.

    ``person`` (float[N]) is each person's availability over all their ties, internal and
    external; the external mentor, a bought service, always has the time.
    """
    if len(external) == 0:
        return np.zeros(0, dtype=bool)
    p = meetings.weekly_probability(person[external.mentee], program, sup)
    return keyed_uniforms(key, external.key) < p


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
