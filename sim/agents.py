"""Employee: a Mesa agent whose attributes are views of the model's state arrays.

The weekly rules run as vectorised kernels over the arrays (see :mod:`sim.model`); the agent
exists so that Mesa's tools (``model.agents``, AgentSet selection, DataCollector,
SolaraViz portrayals) see employees as usual. Reading an attribute reads the array;
``skills`` and ``tacit`` are live views into the model's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.arrays import unique
from sim.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from sim.model import MentoringModel


class Employee(mesa.Agent):
    """One employee, occupying row ``row`` of the model's state."""

    model: MentoringModel

    def __init__(self, model: MentoringModel, row: int) -> None:
        super().__init__(model)
        self.row = int(row)

    @property
    def level(self) -> int:
        """Hierarchy level, 0 = front line."""
        return int(self.model.state.level[self.row])

    @property
    def team(self) -> int:
        """Team id (the manager's direct reports)."""
        return int(self.model.state.team[self.row])

    @property
    def manager(self) -> Employee | None:
        """The current occupant of this employee's manager position, or None at the top."""
        m = int(self.model.state.manager[self.row])
        return None if m < 0 else self.model.employee_at(m)

    @property
    def tenure_years(self) -> float:
        """Years employed."""
        return float(self.model.state.tenure_weeks[self.row]) / WEEKS_PER_YEAR

    @property
    def engagement(self) -> float:
        """Engagement in [0, 1]."""
        return float(self.model.state.engagement[self.row])

    @property
    def skills(self) -> np.ndarray:
        """Explicit knowledge per skill, a live view of the model's array."""
        return self.model.state.skills[self.row]

    @property
    def tacit(self) -> np.ndarray:
        """Tacit knowledge per skill, a live view of the model's array."""
        return self.model.state.tacit[self.row]

    @property
    def knowledge(self) -> float:
        """Mean explicit knowledge over skills."""
        return float(self.skills.mean())

    @property
    def tacit_mean(self) -> float:
        """Mean tacit knowledge over skills."""
        return float(self.tacit.mean())

    @property
    def opted_in(self) -> bool:
        """Volunteered for the mentoring programme."""
        return bool(self.model.state.opted_in[self.row])

    @property
    def mentoring_partners(self) -> list[Employee]:
        """Employees this one shares an active mentoring tie with."""
        ties = self.model.ties
        rows = np.concatenate((ties.mentee[ties.mentor == self.row], ties.mentor[ties.mentee == self.row]))
        return [self.model.employee_at(int(r)) for r in unique(rows)]

    def __repr__(self) -> str:
        return f"Employee(id={self.unique_id}, level={self.level}, tenure={self.tenure_years:.1f}y)"
