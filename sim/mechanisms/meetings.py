"""Meetings of mentoring ties, and the knowledge flows a meeting carries.

A tie meets in a week with probability
``p = meetings_per_month * 12 / 52 * availability * follow_through`` (at most 1): the share of
the asked hours its busier side has (sim.mechanisms.support; no time is the most named
obstacle in the seed texts) and leadership follow-through. A circle meets as a whole: one draw per group.

At a meeting the flow's quality is ``q = rapport * (1 - power_penalty * power) * share * f``: rapport
builds with meetings and a power gap inhibits it (seed texts: "a power differential ...
can inhibit development of rapport"); f is the tie's phase quality (sim.mechanisms.lifecycle)
times the training multiplier (sim.mechanisms.support). Flows per met tie:
- hierarchical: mentor -> mentee at ``rate * q``; mentee -> mentor at ``reverse_share`` of that;
- peer: both ways at ``rate * q`` (co-learning);
- circle: both ways at ``rate * q * share``, full on the focus skill and ``off_focus_share``
  on the others;
- reverse (role switching): junior -> senior at ``rate * q`` on the fast-changing skill and
  ``off_focus_share`` of that on the others; senior -> junior
  at full quality on every skill: each teaches where they are stronger.
After meeting, rapport moves ``rapport_gain`` of the way to the tie's ceiling: its trust cap
(the confidentiality ceiling, or ``manager_trust_cap`` when the mentor evaluates the mentee)
scaled by the pair's latent fit (sim.mechanisms.fit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import KnowledgeConfig, ProgramConfig, SupportConfig
from sim.mechanisms import support as support_
from sim.streams import keyed_uniforms
from sim.ties import CIRCLE, HIERARCHICAL, REVERSE, Ties
from sim.units import WEEKS_PER_MONTH


def weekly_probability(availability: np.ndarray, program: ProgramConfig, support: SupportConfig) -> np.ndarray:
    """The meeting rule: ``min(meetings_per_month / weeks per month * availability * follow_through, 1)``.

    Args:
        availability: float[T] share of the asked hours each tie's busier side has (sim.mechanisms.support).
    """
    base = program.meetings_per_month / WEEKS_PER_MONTH
    return np.minimum(base * availability * support_.follow_through(support), 1.0)


def meeting_probability(ties: Ties, program: ProgramConfig, support: SupportConfig, person: np.ndarray) -> np.ndarray:
    """Weekly meeting probability of each tie, given each person's availability ``person`` (float[N])."""
    return weekly_probability(support_.tie_availability(ties, person), program, support)


def draw_meetings(
    ties: Ties, program: ProgramConfig, support: SupportConfig, person: np.ndarray, key: np.uint64 | np.ndarray
) -> np.ndarray:
    """Which ties meet this week (bool per tie; all pairs of a circle together).

    Args:
        person: float[N] each person's availability (sim.mechanisms.support.person_availability).
        key: the week's meetings key (sim.streams.Streams.occasion), or each tie's (its run's, in a
            stack of runs): each tie's draw is keyed to the tie (``ties.key``) and the week, so it
            does not depend on which other ties exist.
    """
    if len(ties) == 0:
        return np.zeros(0, dtype=bool)
    groups, first, inverse = np.unique(ties.group, return_index=True, return_inverse=True)
    # A circle's pairs share one draw and, being one group, one probability: its busiest member's.
    p = meeting_probability(ties, program, support, person)
    p_group = np.full(len(groups), np.inf)
    np.minimum.at(p_group, inverse, p)
    key = key if np.ndim(key) == 0 else key[first]
    return keyed_uniforms(key, ties.key[first])[inverse] < p_group[inverse]


@dataclass
class Flows:
    """Directed knowledge flows of one step: ``src -> dst`` with a quality-weighted share."""

    src: np.ndarray
    dst: np.ndarray
    quality: np.ndarray  # multiply by the mechanism's rate to get the coefficient
    weights: np.ndarray  # [F, K] per-skill share
    explicit: np.ndarray | None = None  # the coefficients once rates are applied (sim.mechanisms.program)
    tacit: np.ndarray | None = None


def mentoring_flows(
    ties: Ties, met: np.ndarray, cfg: KnowledgeConfig, n_skills: int, factor: np.ndarray | float = 1.0
) -> Flows:
    """The flows carried by the ties that met; ``factor`` (per tie or scalar) scales quality."""
    idx = np.flatnonzero(met)
    kind = ties.kind[idx]
    factor = np.broadcast_to(np.asarray(factor, dtype=float), (len(ties),))[idx]
    q = ties.rapport[idx] * (1.0 - cfg.power_penalty * ties.power[idx]) * ties.share[idx] * factor
    forward_q = q
    backward_q = np.where(kind == HIERARCHICAL, q * cfg.reverse_share, q)
    focus = ties.focus[idx]
    w = np.ones((len(idx), n_skills))
    focused = np.flatnonzero(((kind == CIRCLE) | (kind == REVERSE)) & (focus >= 0))
    if len(focused):
        w[focused] = cfg.off_focus_share
        w[focused, focus[focused]] = 1.0
    w_back = w.copy()
    w_back[kind == REVERSE] = 1.0  # the senior teaches everything back
    both = np.concatenate
    return Flows(
        src=both((ties.mentor[idx], ties.mentee[idx])),
        dst=both((ties.mentee[idx], ties.mentor[idx])),
        quality=both((forward_q, backward_q)),
        weights=both((w, w_back)),
    )


def attended(ties: Ties, met: np.ndarray, n: int) -> np.ndarray:
    """Meetings each row attended this week (a circle meeting counts once per member)."""
    return ties.memberships(n, met)


def build_rapport(ties: Ties, met: np.ndarray, cfg: KnowledgeConfig) -> None:
    """Ties that met move ``rapport_gain`` of the way toward their ceiling (``trust_cap``, set by fit); count meetings."""
    ties.rapport += np.where(met, cfg.rapport_gain * (ties.trust_cap - ties.rapport), 0.0)
    ties.meetings += met
