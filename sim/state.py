"""The model's state as arrays: one row per position in the organisation.

A row is a position (a seat in the org chart); its occupant changes when someone leaves
and a replacement is hired into the same seat. ``uid`` names the current occupant (the
Mesa agent's ``unique_id``), so tables can follow people rather than seats.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

#: The fields that belong to a seat's occupant, not the seat: they move with a person promoted to
#: another seat (sim.mechanisms.careers); ``level``, ``manager``, ``team`` and ``seat_hires`` stay.
PERSON_FIELDS = (
    "tenure_weeks",
    "skills",
    "tacit",
    "aptitude",
    "engagement",
    "baseline",
    "opted_in",
    "traits",
    "free_hours",
    "uid",
    "hired_step",
    "exit_clock",
)


@dataclass
class Workforce:
    """Struct of arrays for N positions and K skills.

    Attributes:
        level: int8[N], 0 = front line, levels-1 = top.
        manager: int64[N], row of the position's manager, -1 at the top.
        team: int64[N], dense team id (the manager's direct reports form a team).
        tenure_weeks: float64[N], weeks the current occupant has been employed.
        skills: float64[N, K], explicit (codified) knowledge in [0, 1].
        tacit: float64[N, K], tacit (know-how) knowledge in [0, 1].
        aptitude: float64[N, K], learning-by-doing speed multiplier per skill.
        engagement: float64[N], in [0, 1].
        baseline: float64[N], each occupant's personal engagement baseline.
        opted_in: bool[N], volunteers for the programme.
        traits: float64[N, 3], each occupant's work-style and values profile (sim.mechanisms.fit).
        free_hours: float64[N], mentoring hours a month the occupant finds without protected time
            (sim.mechanisms.support).
        uid: int64[N], unique id of the current occupant; -1 for an empty seat (sim.mechanisms.headcount).
        hired_step: int64[N], step the occupant was hired (negative: before the run).
        exit_clock: float64[N], the hazard the occupant has yet to survive before leaving (a
            unit exponential drawn when they arrive, spent week by week: sim.mechanisms.turnover).
        seat_hires: int64[N], people hired into the seat so far in the run (0: its first occupant);
            the k-th hire into a seat is the same person in every design (sim.streams.KeyedDraws).
    """

    level: np.ndarray
    manager: np.ndarray
    team: np.ndarray
    tenure_weeks: np.ndarray
    skills: np.ndarray
    tacit: np.ndarray
    aptitude: np.ndarray
    engagement: np.ndarray
    baseline: np.ndarray
    opted_in: np.ndarray
    traits: np.ndarray
    free_hours: np.ndarray
    uid: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    hired_step: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    exit_clock: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float64))
    seat_hires: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    @property
    def n(self) -> int:
        """Number of positions N."""
        return len(self.level)

    @property
    def n_skills(self) -> int:
        """Number of skill dimensions K."""
        return self.skills.shape[1]

    @property
    def occupied(self) -> np.ndarray:
        """Seats with an occupant (bool[N]); a seat is empty (``uid`` -1) only under a headcount plan (sim.mechanisms.headcount)."""
        return self.uid >= 0 if len(self.uid) == len(self.level) else np.ones(len(self.level), dtype=bool)

    @property
    def n_levels(self) -> int:
        """Number of hierarchy levels in use."""
        return int(self.level.max()) + 1


#: Every field of a workforce, in order (what a stack concatenates and a checkpoint saves).
FIELDS = tuple(f.name for f in dataclasses.fields(Workforce))
