"""The teaching page: watch know-how spread through an organisation, in the browser.

    python -m sim.viz                 # starts it on http://127.0.0.1:8765 and prints the address
    solara run sim.viz                # the same page through Solara's own command (or sim/viz.py)

A Mesa SolaraViz page: the organisation as a network (:mod:`sim.teaching.drawing`), live charts of
knowledge, engagement and headcount, controls for the programme, and, on a second tab, two
designs running side by side on the same organisation with the same seed. The text beside
it follows NetLogo's Info tab. The page works offline (Solara's bundled front end, the
matplotlib backend): classrooms often have no internet.
"""

from __future__ import annotations

import argparse
import os
import sys

import solara
from matplotlib.figure import Figure
from mesa.visualization import Slider, SolaraViz
from mesa.visualization.utils import update_counter

from sim.config import MATCHING_STRATEGIES, with_overrides
from sim.mechanisms.designs import DESIGNS
from sim.mechanisms.matching import STRATEGY_NAMES
from sim.model import MentoringModel
from sim.teaching import drawing

HOST, PORT = "127.0.0.1", 8765

# What the controls start at: a small organisation with a peer programme, so the first press
# of "play" shows ties forming and know-how moving.
START = {
    "org.n_employees": 150,
    "program.design": "peer",
    "matching.strategy": "random",
    "program.meetings_per_month": 2.0,
    "program.mentor_capacity": 2,
    "turnover.rate_annual": 0.12,
    "support.protected_hours_per_month": 0.0,
    "support.mentor_training": False,
    "support.confidentiality": False,
    "matching.allow_direct_manager": False,
    "rng": 0,
}

model_params = {
    "program.design": {
        "type": "Select",
        "value": START["program.design"],
        "values": list(DESIGNS),
        "label": "Programme design (each is described under The designs)",
    },
    "matching.strategy": {
        "type": "Select",
        "value": START["matching.strategy"],
        "values": list(MATCHING_STRATEGIES),
        "label": "How mentors are matched",
    },
    "program.meetings_per_month": Slider("Meetings per month", START["program.meetings_per_month"], 0.5, 4.0, 0.5),
    "program.mentor_capacity": Slider("Mentees per mentor (capacity)", START["program.mentor_capacity"], 1, 5, 1),
    "turnover.rate_annual": Slider("Turnover per year (share of staff)", START["turnover.rate_annual"], 0.0, 0.4, 0.02),
    "support.protected_hours_per_month": Slider(
        "Protected mentoring hours per month", START["support.protected_hours_per_month"], 0.0, 8.0, 1.0
    ),
    "support.mentor_training": {"type": "Checkbox", "value": False, "label": "Mentors are trained"},
    "support.confidentiality": {"type": "Checkbox", "value": False, "label": "Confidentiality agreement"},
    "matching.allow_direct_manager": {
        "type": "Checkbox",
        "value": False,
        "label": "A mentor may be the mentee's own manager",
    },
    "org.n_employees": Slider("People in the organisation", START["org.n_employees"], 30, 400, 10),
    "rng": Slider("Random seed", START["rng"], 0, 99, 1),
}

INFO = (
    """
### What is it?
An organisation of employees in a pyramid of teams. Each person has **explicit** knowledge
(what can be written down) and **tacit know-how** (what is learnt by doing and by working
beside someone who knows). A mentoring programme pairs people up; this page shows how
know-how spreads through those pairs and the everyday network, and what walks out of the
door when people leave.

### How it works
Every step is one week. Pairs meet at the programme's cadence when they have the time; at a
meeting the one who knows less closes part of the gap, more when rapport is high and less
when the mentor is far above in the hierarchy. Everybody also learns a little from everyday
conversations and from practice, and knowledge goes stale. Engagement drifts toward each
person's own level, lifted by meetings and learning, worn down by overload. Less engaged
people and newcomers are more likely to leave; a new hire takes each empty seat.

### How to use it
Choose a design and the settings on the left, press **Reset** to build the organisation
with them, then **Play** (or **Step** for one week). Colour shows tacit know-how (dark = little,
yellow = expert), size shows tenure, squares are managers, orange lines are mentoring ties,
a red ring is someone hired in the last weeks. The **Page 1** tab runs the chosen design
beside another one (no programme, to start with) on the same organisation with the same
seed, step for step.

### Things to notice
- Tacit know-how climbs faster with a programme than without, but only where pairs meet.
- When someone experienced leaves, the red ring marks a newcomer starting near zero.
- Engagement and turnover move together: watch exits when meetings become overload.

### Things to try
- Tick **A mentor may be the mentee's own manager** with *hierarchical* and watch rapport:
  a boss who also evaluates you is trusted less, so less know-how passes.
- Set meetings to 4 a month with no protected hours: people run out of time.
- Raise turnover to 0.3 and compare *peer* with *none* side by side.
- Try *reverse*: juniors teach the fast-changing skill to seniors.

### The designs
"""
    + "\n".join(f"- **{d.name}** ({d.label}): {d.eligibility}" for d in DESIGNS.values())
    + """

### How mentors are matched
"""
    + "\n".join(f"- **{name}**: {words}" for name, words in STRATEGY_NAMES.items())
    + "\n"
)


def _configured(model: MentoringModel, design: str) -> MentoringModel:
    """A fresh model with ``model``'s settings and seed but another design."""
    return MentoringModel(with_overrides(model.config, {"program.design": design}))


@solara.component
def Network(model: MentoringModel) -> None:
    """The organisation as a network, redrawn every step."""
    update_counter.get()
    fig = drawing.figure(model, size=4.4)  # fits the page's grid cell
    solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")


def _chart(model: MentoringModel, columns: dict[str, str], ylabel: str, ylim: tuple[float, float] | None = None):
    df = model.datacollector.get_model_vars_dataframe()
    fig = Figure(figsize=(5, 2.6))
    ax = fig.add_subplot()
    for column, label in columns.items():
        ax.plot(df.index, df[column], label=label)
    ax.set_xlim(0, max(10, len(df) - 1))
    ax.set_xlabel("week")
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(*ylim)
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.grid(alpha=0.3)
    solara.FigureMatplotlib(fig, format="png", bbox_inches="tight")


@solara.component
def KnowledgeChart(model: MentoringModel) -> None:
    """Mean explicit knowledge and tacit know-how."""
    update_counter.get()
    _chart(
        model,
        {"knowledge_mean": "explicit knowledge", "tacit_mean": "tacit know-how"},
        "mean over people (0-1)",
    )


@solara.component
def EngagementChart(model: MentoringModel) -> None:
    """Mean engagement."""
    update_counter.get()
    _chart(model, {"engagement_mean": "engagement"}, "mean engagement (0-1)")


@solara.component
def PeopleChart(model: MentoringModel) -> None:
    """Headcount, exits and mentoring ties."""
    update_counter.get()
    _chart(
        model,
        {"headcount": "people", "exits": "left this week", "active_ties": "mentoring ties"},
        "people / ties",
    )


@solara.component
def SideBySide(model: MentoringModel) -> None:
    """The chosen design and another one on the same organisation and seed, step for step."""
    update_counter.get()
    other, set_other = solara.use_state("none" if model.config.program.design != "none" else "peer")
    twin = solara.use_memo(lambda: _configured(model, other), dependencies=[model, other])
    while twin.steps < model.steps:
        twin.step()
    with solara.Column():
        solara.Select(
            label="Compare with",
            value=other,
            values=[d for d in DESIGNS if d != model.config.program.design],
            on_value=set_other,
        )
        with solara.Row():
            for m in (model, twin):
                solara.FigureMatplotlib(drawing.figure(m, size=4.6), format="png", bbox_inches="tight")
        solara.Markdown(
            f"Same organisation, same seed: **{_name(model.config.program.design)}** "
            f"(left) against **{_name(other)}** (right), week {model.steps}."
        )


def _name(design: str) -> str:
    words = DESIGNS[design].label
    return words[:1].upper() + words[1:]


@solara.component
def Info(model: MentoringModel) -> None:
    """What the page is and how to use it (NetLogo's Info tab)."""
    solara.Markdown(INFO)


page = SolaraViz(
    MentoringModel(**START),
    components=[
        (Network, 0),
        (KnowledgeChart, 0),
        (EngagementChart, 0),
        (PeopleChart, 0),
        (Info, 0),
        (SideBySide, 1),
    ],
    model_params=model_params,
    name="How know-how spreads through mentoring",
    play_interval=300,
)


def main(argv: list[str] | None = None) -> int:
    """Start the page with Solara's server and print its address."""
    parser = argparse.ArgumentParser(prog="python -m sim.viz", description="Start the teaching page.")
    parser.add_argument("--host", default=HOST, help=f"address to listen on (default {HOST})")
    parser.add_argument("--port", type=int, default=PORT, help=f"port (default {PORT})")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port}: must be between 1 and 65535")
    print(f"The teaching page is at http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    cmd = [sys.executable, "-m", "solara", "run", "sim.viz"]
    # No version check: it would contact PyPI and advise an upgrade that breaks the offline page.
    cmd += ["--host", args.host, "--port", str(args.port), "--no-open", "--production", "--no-check-version"]
    os.execv(sys.executable, cmd)
    return 0  # not reached
