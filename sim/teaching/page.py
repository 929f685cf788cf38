"""The teaching page: watch a new practice spread through an organisation, in the browser.

    python -m sim.viz                 # starts it on http://127.0.0.1:8765 and prints the address
    solara run sim.viz                # the same page through Solara's own command (or sim/viz.py)

One phenomenon (:mod:`sim.teaching.classroom`): a new practice a handful of experts in one team
know. Two tabs, "One organisation" and "Two designs side by side" (the same organisation and
seed under two designs, step for step, their shares who know the practice on one chart);
"Things to try" buttons set the controls and ask the student to predict first; the Info text
follows NetLogo's headings. Charts keep fixed 0-1 axes, so noise does not look like a trend.
The pictures, the colour scale (:mod:`sim.teaching.legend`) and the share chart fit one
1024 x 768 screen, a classroom projector's; Pause stops at the week on screen (ticker.vue).
The page works offline (Solara's bundled front end, the matplotlib backend): classrooms often
have no internet.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

import solara
import solara.lab
from matplotlib.figure import Figure

from sim.mechanisms.designs import DESIGNS
from sim.teaching import classroom, drawing, legend
from sim.teaching.classroom import CLASSROOM, PRESETS, WEEKS, ClassroomModel, Preset, twin
from sim.teaching.controls import DESIGN_BY_WORDS, Controls

HOST, PORT = "127.0.0.1", 8765
#: Play speeds a teacher can choose, in simulated weeks per second of play; the default shows
#: two years in under a minute.
SPEEDS = (1, 2, 4, 8)
DEFAULT_SPEED = 4
#: A warning filter for Solara's 12-line cookie warning, which it prints on every page load over
#: plain http from an address other than localhost (a classroom's): the page sets no cross-site
#: cookie, so there is nothing to act on, and the terminal stays quiet.
QUIET_COOKIES = "ignore:Cookies with samesite=none require https:UserWarning"


_words = classroom.design_words


#: The charts' width in inches (100 pixels each on the page): the pictures' width, on a 1024 x 768 projector.
CHART_WIDTH = 6.6

#: The page's own style: at projector widths the settings column narrows to leave the pictures room.
CSS = """
@media (max-width: 1279px) {
  .v-navigation-drawer { min-width: 340px !important; max-width: 340px !important; width: 340px !important; }
  .v-main, .v-content { padding-left: 340px !important; }
}
"""

FIRST_QUESTION = next(p.predict for p in PRESETS if not p.side_by_side)


# -- pictures -----------------------------------------------------------------------------


def network_figure(models: list[ClassroomModel], size: float) -> Figure:
    """The organisation (one run, or two side by side) coloured by know-how of the new practice.

    No colour bar or key: the page shows its own beside the pictures (:mod:`sim.teaching.legend`).
    """
    return drawing.panels(
        models,
        [classroom.title(m, narrow=True) for m in models],
        skill=models[0].practice_skill,
        size=size,
        key=False,
        title_size=10,
        extent=1.02,
    )


def share_figure(runs: list[tuple[str, ClassroomModel]], weeks: int = WEEKS, width: float = CHART_WIDTH) -> Figure:
    """The share who know the practice over time, each run one line, on a fixed 0-1 axis."""
    fig = Figure(figsize=(width, 1.5), layout="constrained")
    ax = fig.add_subplot()
    for name, model in runs:
        ax.plot(range(len(model.practice_share)), model.practice_share, label=name, lw=2.5)
        steps = model.steps
    return _finish(fig, ax, max(weeks, steps), (0, 1), "share who\nknow it", "upper left")


def means_figure(model: ClassroomModel, weeks: int = WEEKS) -> Figure:
    """Mean engagement and mean tacit know-how (all skills), on a fixed 0-1 axis."""
    df = model.timeseries()
    fig = Figure(figsize=(CHART_WIDTH, 2.2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(df["step"], df["engagement_mean"], label="engagement (mean)")
    ax.plot(df["step"], df["tacit_mean"], label="tacit know-how, all skills (mean)")
    return _finish(fig, ax, max(weeks, model.steps), (0, 1), "mean over\npeople (0-1)", "lower left")


def people_figure(model: ClassroomModel, weeks: int = WEEKS) -> Figure:
    """Leavers and mentoring ties each week (counts from 0)."""
    df = model.timeseries()
    fig = Figure(figsize=(CHART_WIDTH, 2.2), layout="constrained")
    ax = fig.add_subplot()
    ax.plot(df["step"], df["active_ties"], label="mentoring ties", color=drawing.TIE_COLOUR)
    ax.bar(df["step"], df["exits"], label="people who left that week", color=drawing.NEW_COLOUR, width=1.0)
    top = max(10, 1.15 * float(max(df["active_ties"].max(), df["exits"].max())))
    return _finish(fig, ax, max(weeks, model.steps), (0, top), "count", "upper left")


def _finish(fig: Figure, ax: Any, weeks: int, ylim: tuple[float, float], ylabel: str, legend: str) -> Figure:
    """The charts' common frame: weeks 0..``weeks`` across, fixed ``ylim``, a legend, a light grid."""
    ax.set_xlim(0, weeks)
    ax.set_ylim(*ylim)
    ax.set_xlabel("week", fontsize=10)
    ax.set_ylabel(ylabel, fontsize=10)
    ax.tick_params(labelsize=9)
    ax.legend(loc=legend, fontsize=10, frameon=False)
    ax.grid(alpha=0.3)
    return fig


@solara.component_vue("ticker.vue")
def Player(
    playing: bool,
    interval: int,
    frame: int,
    week: int,
    event_tick: Any,
    event_play: Any,
    event_pause: Any,
    event_step_week: Any,
    event_reset: Any,
) -> None:
    """Play/Pause, Step, Reset and the week on screen, with the browser's clock for Play (ticker.vue).

    Pause stops in the browser at once and sends the week on screen (see :func:`Classroom`).
    """


def _show(fig: Figure) -> None:
    solara.FigureMatplotlib(fig, format="png")  # the figure's own size: the page's layout counts on it


@solara.component
def Classroom() -> None:
    """The whole page: controls and presets on the left, the two tabs on the right."""
    params = solara.use_reactive(dict(CLASSROOM))
    model = solara.use_reactive(solara.use_memo(lambda: ClassroomModel(**CLASSROOM), []))
    other = solara.use_reactive("peer")  # the design the side-by-side view compares with
    tab = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(DEFAULT_SPEED)
    prediction = solara.use_reactive(FIRST_QUESTION)
    tick, set_tick = solara.use_state(0)  # frames drawn

    clock = solara.use_ref([0.0, 0, 0])  # play's start time, weeks stepped since, its speed
    partner = use_partner(model.value, other.value, tab.value == 1)
    runs = [model.value] if partner is None else [model.value, partner]

    def advance() -> None:
        """The next frame of play: the weeks due at the chosen speed (several when drawing is slower)."""
        if not playing.value:  # a tick sent just before Pause
            return
        now = time.monotonic()
        start, done, rate = clock.current
        if not done or rate != speed.value:  # play starts, or a new speed from now on
            start, done, rate = now, 0, speed.value
        due = max(1, int((now - start) * rate) - done)
        for _ in range(due):
            model.value.step()
        clock.current = [start, done + due, rate]
        set_tick(lambda n: n + 1)

    def play() -> None:
        clock.current = [0.0, 0, 0]
        playing.set(True)

    def pause(week: Any) -> None:
        """Stop at the week the browser showed when Pause was pressed (a frame may have been under way)."""
        if isinstance(week, int) and 0 <= week < model.value.steps:
            model.set(classroom.rewind(model.value, week))
        playing.set(False)  # after: the browser shows the week it paused at until the run is back there

    def step() -> None:
        model.value.step()
        set_tick(lambda n: n + 1)

    def reset() -> None:
        playing.set(False)
        model.set(ClassroomModel(**params.value))

    def choose(preset: Preset) -> None:
        playing.set(False)
        chosen = {**CLASSROOM, **preset.settings, "seed": params.value["seed"]}
        params.set(chosen)
        if preset.compare_with != chosen["program.design"]:
            other.set(preset.compare_with)
        prediction.set(preset.predict)
        tab.set(1 if preset.side_by_side else 0)
        model.set(ClassroomModel(**chosen))

    with solara.AppBar():
        solara.AppBarTitle("How a new practice spreads through an organisation")
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run"):
            Player(
                playing=playing.value,
                interval=int(1000 / speed.value),
                frame=tick,
                week=model.value.steps,
                event_tick=lambda *_: advance(),
                event_play=lambda *_: play(),
                event_pause=lambda week, *_: pause(week),
                event_step_week=lambda *_: step(),
                event_reset=lambda *_: reset(),
            )
            Waiting(runs, tick)
            solara.Select(
                label="Speed (weeks per second of play)",
                value=f"{speed.value} weeks per second",
                values=[f"{s} weeks per second" for s in SPEEDS],
                on_value=lambda words: speed.set(int(words.split()[0])),
            )
        ThingsToTry(choose)
        with solara.Card("Settings", subtitle="Press Reset to apply them"):
            Controls(params)
    Main(prediction.value, tab, model.value, partner, other, tick)


@solara.component
def ThingsToTry(choose: Any) -> None:
    """The presets, one button each (``choose`` applies one)."""
    with solara.Card("Things to try"):
        for preset in PRESETS:
            solara.Button(
                preset.title,
                on_click=lambda preset=preset: choose(preset),
                text=True,
                style="text-transform: none; justify-content: flex-start",
            )


@solara.component
def Main(
    question: str,
    tab: solara.Reactive[int],
    model: ClassroomModel,
    partner: ClassroomModel | None,
    other: solara.Reactive[str],
    frame: Any,
) -> None:
    """The right-hand side: the question to predict, the two tabs and the Info text."""
    with solara.Column(gap="8px"):
        solara.Style(CSS + legend.CSS)
        solara.Info(question, dense=True)
        with solara.lab.Tabs(value=tab.value, on_value=tab.set, lazy=True):  # draw only the tab on show
            with solara.lab.Tab("One organisation"):
                OneOrganisation(model, frame)
            with solara.lab.Tab("Two designs side by side"):
                if partner is not None:
                    SideBySide(model, partner, other, frame)
        solara.Markdown(classroom.info(model))


@solara.component
def ColourScale(model: ClassroomModel, height: int, vertical_key: bool) -> None:
    """The colour scale with "knows it" marked, and the key to the pictures' lines and marks."""
    scale = legend.colour_scale(model.config.practice.knows_at, height)
    solara.HTML(unsafe_innerHTML=scale + (legend.key(vertical=True) if vertical_key else ""))


@solara.component
def OneOrganisation(model: ClassroomModel, frame: Any) -> None:
    """The organisation and its charts (``frame`` changes when there is a new week to draw)."""
    with solara.Row(style="flex-wrap: nowrap; align-items: flex-start; gap: 16px"):
        _show(network_figure([model], size=3.5))
        ColourScale(model, height=150, vertical_key=True)
    _show(share_figure([(_words(model.config.program.design), model)]))
    share, steps = model.share_knowing(), model.steps
    solara.Markdown(
        f"Week {steps}: **{share:.0%}** of people know the new practice "
        f"({_words(model.config.program.design).lower()})."
    )
    _show(means_figure(model))
    _show(people_figure(model))


@solara.component
def Waiting(runs: list[ClassroomModel], frame: Any) -> None:
    """In the first weeks, while nobody new knows the practice: why nothing changes yet."""
    words = classroom.nothing_yet(runs)
    if words:
        solara.Markdown(words, style="font-size: 14px; margin-top: 8px")


def use_partner(model: ClassroomModel, other: str, shown: bool) -> ClassroomModel | None:
    """The side-by-side view's other run (design ``other``), stepped with ``model``; None while not ``shown``."""
    compared = _compared(model.config.program.design, other)
    partner = solara.use_memo(lambda: twin(model, compared) if shown else None, dependencies=[model, compared, shown])
    while partner is not None and partner.steps < model.steps:
        partner.step()
    return partner


def _compared(design: str, other: str) -> str:
    """The design the side-by-side view shows beside ``design``: ``other``, or peer mentoring (or none) if the same."""
    return other if other != design else ("peer" if design != "peer" else "none")


@solara.component
def SideBySide(model: ClassroomModel, partner: ClassroomModel, other: solara.Reactive[str], frame: Any) -> None:
    """The chosen design and another on the same organisation and seed, step for step, and one chart for both."""
    design, shown = model.config.program.design, partner.config.program.design
    with solara.Row(style="flex-wrap: nowrap; align-items: flex-start; gap: 12px"):
        _show(network_figure([model, partner], size=2.85))
        with solara.Column(style="width: 150px; flex: none"):
            ColourScale(model, height=130, vertical_key=False)
            solara.Select(
                label="Compare with",
                value=_words(shown),
                values=[_words(d) for d in DESIGNS if d != design],
                on_value=lambda words: other.set(DESIGN_BY_WORDS[words]),
            )
    _show(share_figure([(_words(design), model), (_words(shown), partner)]))
    left, right = model.share_knowing(), partner.share_knowing()
    solara.Markdown(
        f"Same organisation, same seed: **{_words(design)}** (left) against **{_words(shown)}** (right), "
        f"week {model.steps}: {left:.0%} and {right:.0%} of people know the new practice."
    )
    solara.HTML(unsafe_innerHTML=legend.key())


page = Classroom()


def main(argv: list[str] | None = None) -> int:
    """Start the page with Solara's server and print its address."""
    parser = argparse.ArgumentParser(prog="python -m sim.viz", description="Start the teaching page.")
    parser.add_argument("--host", default=HOST, help=f"address to listen on (default {HOST})")
    parser.add_argument("--port", type=int, default=PORT, help=f"port (default {PORT})")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port}: must be between 1 and 65535")
    print(f"The teaching page is at http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    cmd = [sys.executable, "-W", QUIET_COOKIES, "-m", "solara", "run", "sim.viz"]
    # No version check: it would contact PyPI and advise an upgrade that breaks the offline page.
    cmd += ["--host", args.host, "--port", str(args.port), "--no-open", "--production", "--no-check-version"]
    # Solara's "This website runs on Solara" banner covers the bottom-right corner of a 1024 x 768 projector.
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "false")
    os.execv(sys.executable, cmd)
    return 0  # not reached
