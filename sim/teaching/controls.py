"""The teaching page's settings: the levers a class may move, each usable only where it means something.

A setting that a chosen design does not use is greyed out (disabled) rather than left to look
as if it acted: under "No programme" nothing about matching, meetings or mentoring time does;
peer circles are groups, so "Mentees per mentor" does not apply to them, nor do the matching
strategies that need two sides (sim.mechanisms.designs.peer_circles). Each slider's label sits
above its track, so every track has the card's full width whatever its label says.
"""

from __future__ import annotations

from typing import Any

import solara

from sim.mechanisms.designs import DESIGNS, has_programme
from sim.mechanisms.designs.peer_circles import REFUSED
from sim.mechanisms.matching import STRATEGY_NAMES
from sim.teaching.classroom import design_words

DESIGN_BY_WORDS = {design_words(d): d for d in DESIGNS}
STRATEGY_BY_WORDS = {words[:1].upper() + words[1:]: name for name, words in STRATEGY_NAMES.items()}

#: The sliders: key, label (formatted with the value), lowest, highest, step.
SLIDERS: tuple[tuple[str, str, float, float, float], ...] = (
    ("program.meetings_per_month", "Meetings per month: {:g}", 0.5, 4.0, 0.5),
    ("program.mentor_capacity", "Mentees per mentor: {}", 1, 5, 1),
    ("practice.experts", "Experts at the start: {}", 1, 8, 1),
    ("turnover.rate_annual", "Turnover: {:.0%} of people leave a year", 0.0, 0.4, 0.02),
    ("support.protected_hours_per_month", "Protected mentoring time: {:g} hours a month", 0.0, 8.0, 1.0),
    ("org.n_employees", "People in the organisation: {}", 60, 300, 10),
    ("seed", "Random seed: {}", 0, 99, 1),
)

#: Settings only a programme uses.
PROGRAMME_SETTINGS = frozenset(
    {"matching.strategy", "program.meetings_per_month", "program.mentor_capacity", "support.protected_hours_per_month"}
)
#: Programme settings a design has no use for, by design.
UNUSED_BY = {"peer_circles": frozenset({"program.mentor_capacity"})}

#: The page's style for the settings: each slider's label on its own line above the full-width track.
CSS = """
.settings .v-input__slider .v-input__slot { flex-wrap: wrap; }
.settings .v-input__slider .v-input__slot > .v-label { flex: 1 0 100%; margin: 0 0 2px; }
.settings .v-input__slider .v-slider { flex: 1 0 100%; margin: 0; }
"""


def applies(key: str, design: str) -> bool:
    """Whether the setting ``key`` acts in a run of ``design`` (a ``program.design`` value)."""
    if key in PROGRAMME_SETTINGS and not has_programme(design):
        return False
    return key not in UNUSED_BY.get(design, ())


def strategies(design: str) -> list[str]:
    """The matching strategies ``design`` can use, by name."""
    return [s for s in STRATEGY_NAMES if not (design == "peer_circles" and s in REFUSED)]


def with_design(params: dict[str, Any], design: str) -> dict[str, Any]:
    """``params`` with ``design`` chosen; a matching strategy the design cannot use falls back to names out of a hat."""
    chosen = {**params, "program.design": design}
    if chosen["matching.strategy"] not in strategies(design):
        chosen["matching.strategy"] = "random"
    return chosen


@solara.component
def Controls(params: solara.Reactive[dict[str, Any]]) -> None:
    """The settings, each with its value and unit in its label; Reset applies them."""
    p = params.value
    design = p["program.design"]

    def setter(key: str, convert=lambda v: v):
        return lambda value: params.set({**params.value, key: convert(value)})

    with solara.Column(classes=["settings"], gap="4px"):
        solara.Style(CSS)
        solara.Select(
            label="Programme design",
            value=design_words(design),
            values=list(DESIGN_BY_WORDS),
            on_value=lambda words: params.set(with_design(params.value, DESIGN_BY_WORDS[words])),
        )
        words = {v: k for k, v in STRATEGY_BY_WORDS.items()}
        solara.Select(
            label="How mentors are matched",
            value=words[p["matching.strategy"]],
            values=[words[s] for s in strategies(design)],
            on_value=setter("matching.strategy", STRATEGY_BY_WORDS.get),
            disabled=not applies("matching.strategy", design),
        )
        for spec in SLIDERS[:3]:
            _slider(p, setter, *spec)
        solara.Checkbox(
            label="The experts retire at week 52",
            value=p["practice.experts_leave_week"] == 52,
            on_value=setter("practice.experts_leave_week", lambda on: 52 if on else -1),
        )
        for spec in SLIDERS[3:]:
            _slider(p, setter, *spec)


def _slider(p: dict[str, Any], setter: Any, key: str, label: str, low: float, high: float, step: float) -> None:
    """A slider whose label shows its value (``label`` formats it); whole numbers where the bounds are."""
    value, off = p[key], not applies(key, p["program.design"])
    if all(isinstance(x, int) for x in (low, high, step)):
        solara.SliderInt(
            label.format(value), value=value, min=low, max=high, step=step, on_value=setter(key), disabled=off
        )
    else:
        solara.SliderFloat(
            label.format(value), value=value, min=low, max=high, step=step, on_value=setter(key, float), disabled=off
        )
