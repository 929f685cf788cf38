"""Programme support: the organisation's levers, and the time budget of meetings.

Time. Each tie asks ``meetings_per_month * meeting_hours`` hours a month of both people; a
circle counts once for each member, an external mentor's tie once for the mentee. Each
person can find their own number of free hours a month for mentoring, drawn at hire from a
gamma distribution with mean ``free_hours_per_month`` and coefficient of variation
``free_hours_cv`` (an assumption: some people are far busier than others), plus the
programme's ``protected_hours_per_month``; when their ties ask for more, their meetings
happen less often, in proportion (availability = hours available / hours asked, at most 1;
a tie meets at the rate of its busier side), and the hours missing weigh on engagement. The
budget is everyone's: mentors', mentees' and circle members' alike. "Time constraints: busy
schedules can make it difficult ... to consistently find time" and "allocate time ... in
the work calendar" (seed texts).

Levers (config group ``support``), each named by the seed texts' list of what good
programmes do:
- ``protected_hours_per_month``: time set aside ("allocate specific times");
- ``mentor_training``: transfer at meetings is ``1 + training_effect`` times as effective
  ("provide training ... effective mentoring techniques");
- ``mentor_recognition``: mentors gain ``recognition_boost`` engagement a week while
  mentoring ("reward the mentor in some way");
- ``confidentiality``: without an agreement trust, and so rapport, is capped at
  ``cap_without_confidentiality`` ("concerns about confidentiality can limit the openness");
- ``leadership_backing`` in [0, 1]: scales volunteering (``opt_in_rate * (0.5 + backing)``;
  who volunteers: sim.mechanisms.volunteering) and follow-through (meeting rates times ``0.75 + 0.5 * backing``); 0.5 is neutral
  ("leaders are invested and supportive ... requires follow through").
The effect sizes are modelling assumptions, to be calibrated.
"""

from __future__ import annotations

import numpy as np

from sim.config import ProgramConfig, SupportConfig
from sim.ties import CIRCLE, Ties


def draw_free_hours(m: int, support: SupportConfig, rng: np.random.Generator) -> np.ndarray:
    """Free mentoring hours a month of ``m`` new people: gamma, mean ``free_hours_per_month``, cv ``free_hours_cv``."""
    mean, cv = support.free_hours_per_month, support.free_hours_cv
    if cv < 1e-6 or mean == 0.0:  # no spread to speak of (and 1 / cv^2 would overflow)
        return np.full(m, mean)
    shape = 1.0 / cv**2
    return rng.gamma(shape, mean / shape, m)


def commitments(ties: Ties, n: int) -> np.ndarray:
    """Ties each person is in, a circle counting once (float per row)."""
    return ties.memberships(n)


def hours_asked(commitments: np.ndarray, program: ProgramConfig, support: SupportConfig) -> np.ndarray:
    """Mentoring hours a month ``commitments`` (float[N], a circle counting once) ask of each person."""
    return commitments * program.meetings_per_month * support.meeting_hours


def hours_available(free_hours: np.ndarray, support: SupportConfig) -> np.ndarray:
    """Mentoring hours a month each person has: their free hours plus the protected ones."""
    return free_hours + support.protected_hours_per_month


def person_availability(
    commitments: np.ndarray, free_hours: np.ndarray, program: ProgramConfig, support: SupportConfig
) -> np.ndarray:
    """Share of the hours their ties ask that each person has: ``min(1, hours available / hours asked)``.

    Args:
        commitments: float[N] ties each person is in (a circle counting once).
        free_hours: float[N] each person's free mentoring hours a month.
    """
    asked = hours_asked(commitments, program, support)
    return np.minimum(1.0, hours_available(free_hours, support) / np.maximum(asked, 1e-12))


def tie_availability(ties: Ties, person: np.ndarray) -> np.ndarray:
    """Share of asked meetings each tie can hold: its busier side's availability (``person``, float[N])."""
    return np.minimum(person[ties.mentor], person[ties.mentee])


def hours_short(
    commitments: np.ndarray, free_hours: np.ndarray, program: ProgramConfig, support: SupportConfig
) -> np.ndarray:
    """Hours a month each person's commitments ask beyond what they have."""
    return np.maximum(hours_asked(commitments, program, support) - hours_available(free_hours, support), 0.0)


def follow_through(support: SupportConfig) -> float:
    """Meeting-rate multiplier from leadership backing (1 at the neutral 0.5)."""
    return 0.75 + 0.5 * support.leadership_backing


def training_multiplier(support: SupportConfig) -> float:
    """Transfer multiplier from mentor training."""
    return 1.0 + support.training_effect if support.mentor_training else 1.0


def trust_ceiling(support: SupportConfig) -> float:
    """Rapport ceiling from confidentiality (1 with an agreement)."""
    return 1.0 if support.confidentiality else support.cap_without_confidentiality


def mentoring_now(ties: Ties, n: int) -> np.ndarray:
    """Rows on the mentor side of a one-to-one tie (for recognition)."""
    out = np.zeros(n, dtype=bool)
    out[ties.mentor[ties.kind != CIRCLE]] = True
    return out


def meeting_hours(
    ties: Ties, met: np.ndarray, person_meetings: np.ndarray, support: SupportConfig
) -> tuple[float, float]:
    """Hours spent in this week's meetings: (mentor side of one-to-one ties, everyone else).

    Args:
        person_meetings: float[N] meetings each person attended (``ties.memberships(n, met)``: both
            sides of pairs and circle members).
    """
    pairs = float((met & (ties.kind != CIRCLE)).sum())
    return pairs * support.meeting_hours, (float(person_meetings.sum()) - pairs) * support.meeting_hours
