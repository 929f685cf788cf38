"""The classroom's scenarios, presets and the model the teaching page and the classroom file show.

One phenomenon, as in NetLogo's models library: a new practice (a tool or a method) that a
handful of experts in one team know and nobody else (:mod:`sim.mechanisms.practice`). Without
a programme it creeps along everyday ties and stalls at team borders; a mentoring programme
gives it bridges. "Experts retire" asks whether the know-how survives them.

The organisation is small enough to see (150 people in teams of about eight under 16 managers
and two directors); the weeks are the model's. The contrast the presets promise is measured
(``tests/teaching/test_classroom.py``: over seeds, the programme side ahead after two years).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sim.config import with_overrides
from sim.mechanisms import practice
from sim.model import MentoringModel

#: The classroom's organisation and the new-practice scenario (the page's defaults).
CLASSROOM: dict[str, Any] = {
    "org.n_employees": 150,
    "org.levels": 3,
    "org.span_of_control": 8.0,
    "practice.experts": 5,
    "program.design": "none",
    "matching.strategy": "random",
    "program.meetings_per_month": 2.0,
    "program.mentor_capacity": 2,
    "turnover.rate_annual": 0.12,
    "support.protected_hours_per_month": 0.0,
    "practice.experts_leave_week": -1,
    "seed": 0,
}

#: The scenarios, by name: their settings over :data:`CLASSROOM`.
SCENARIOS: dict[str, dict[str, Any]] = {
    "A new practice": {},
    "Experts retire": {"practice.experts_leave_week": 52},
}

#: How many weeks the page and the classroom file run by default: two years.
WEEKS = 104


@dataclass(frozen=True)
class Preset:
    """A "thing to try": settings, the design to compare with, and what to predict first."""

    title: str
    predict: str
    settings: dict[str, Any] = field(default_factory=dict)
    compare_with: str = "peer"
    side_by_side: bool = True


PRESETS: tuple[Preset, ...] = (
    Preset(
        "No programme vs peer mentoring",
        "Predict: after two years, how many people will know the practice with no programme? With peer mentoring?",
        {"program.design": "none"},
        compare_with="peer",
    ),
    Preset(
        "No programme, one organisation",
        "Predict: will the practice leave the experts' team without a programme? Which teams get it first?",
        {"program.design": "none"},
        side_by_side=False,
    ),
    Preset(
        "The experts retire after a year",
        "Predict: when the five experts leave at week 52, does the practice survive them? With or without a programme?",
        {"program.design": "none", "practice.experts_leave_week": 52},
        compare_with="peer",
    ),
    Preset(
        "Peer circles vs one-to-one peers",
        "Predict: do small circles that meet as a group spread it further than pairs?",
        {"program.design": "peer_circles"},
        compare_with="peer",
    ),
    Preset(
        "Peer mentoring, half the meetings",
        "Predict: if pairs meet once a month instead of twice, how much slower does it spread?",
        {"program.design": "peer", "program.meetings_per_month": 1.0},
        compare_with="none",
    ),
)


def settings(scenario: str = "A new practice", **overrides: Any) -> dict[str, Any]:
    """The model's keyword settings for a scenario, with dotted-key overrides."""
    return {**CLASSROOM, **SCENARIOS[scenario], **overrides}


class ClassroomModel(MentoringModel):
    """A run as the classroom shows it: the model, plus the share who know the practice each week.

    ``MentoringModel(**settings)`` with a ``seed`` (or ``rng``) keyword; everything else as the model.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "seed" in kwargs and "rng" not in kwargs:
            kwargs["rng"] = kwargs.pop("seed")
        super().__init__(*args, **kwargs)
        #: Share of people who know the new practice, week 0 first (sim.mechanisms.practice.share_knowing).
        self.practice_share: list[float] = [self.share_knowing()]

    @property
    def practice_skill(self) -> int | None:
        """The skill that is the new practice, or None without the scenario."""
        return practice.skill_of(self.config.practice, self.state.n_skills)

    def share_knowing(self) -> float:
        """Share of people who know the practice now."""
        return practice.share_knowing(self.state.tacit, self.config.practice)

    def step(self) -> None:
        """One week, then the share who know the practice."""
        super().step()
        self.practice_share.append(self.share_knowing())


def twin(model: ClassroomModel, design: str) -> ClassroomModel:
    """A new model of the same organisation and seed as ``model`` with another design (not stepped)."""
    return ClassroomModel(with_overrides(model.config, {"program.design": design}))
