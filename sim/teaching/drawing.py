"""Pictures of the organisation as a network, for the teaching page, the classroom file and slides.

One layout for every picture of a run, so a class watches the same people change: each
front-line team a cluster of its members around its manager, the teams around an outer
circle in org-chart order, the managers above them on inner rings and the top in the
centre. Positions follow from the org chart alone (no random draws, cached per chart), so
the same organisation always looks the same and two designs run on one organisation line up.

Nodes are coloured by tacit know-how (or one skill, such as the new practice) on a fixed
0-to-1 scale, sized by tenure; managers are squares outlined more heavily the higher they
sit; reporting lines are faint dotted lines, informal ties thin grey ones, mentoring ties
thick orange ones. Someone hired in the last ``NEW_WEEKS`` weeks -- into the seat of a
person who left -- fades in with a red ring, so exits and hires show where they happen.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.collections import LineCollection
from matplotlib.colors import Normalize, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.mechanisms import designs
from sim.mechanisms.knowledge import person_mean
from sim.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.model import MentoringModel

NEW_WEEKS = 8  # a newcomer's ring fades over this many weeks
MAX_INFORMAL_EDGES = 2_000  # beyond this, draw an even sample (a picture, not a census)
TIE_COLOUR = "#e8590c"
INFORMAL_COLOUR = "#adb5bd"
REPORTING_COLOUR = "#495057"
NEW_COLOUR = "#c92a2a"
GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))


def layout(level: np.ndarray, manager: np.ndarray) -> np.ndarray:
    """Positions (float[N, 2]) in the unit disc: each front-line team a cluster around its manager.

    The front-line teams (people sharing a manager) sit around an outer circle in org-chart
    order (teams that share a manager's manager side by side), each a small disc of its
    members with its manager at the centre and a gap to the next team; the managers above
    them sit on inner rings, each at the mean angle of their reports, the top in the middle.
    Positions follow from the org chart alone (no random draws) and are cached per chart.

    Args:
        level: int[N], 0 = front line.
        manager: int[N], row of each position's manager, -1 at the top.
    """
    as_bytes = [np.ascontiguousarray(x, dtype=np.int64).tobytes() for x in (level, manager)]
    return _layout(*as_bytes)


@functools.lru_cache(maxsize=16)
def _layout(level_bytes: bytes, manager_bytes: bytes) -> np.ndarray:
    level, manager = np.frombuffer(level_bytes, dtype=np.int64), np.frombuffer(manager_bytes, dtype=np.int64)
    n = len(level)
    if n == 0:
        return np.zeros((0, 2))
    top = int(level.max())
    # Each row's chain of managers from the top: sorting by it keeps subtrees together.
    chain = np.full((n, top + 1), -1, dtype=np.int64)
    node = np.arange(n)
    for depth in range(top + 1):
        chain[:, top - depth] = node
        node = np.where(node >= 0, manager[np.maximum(node, 0)], -1)
    front = np.flatnonzero(level == 0) if top > 0 else np.arange(n)
    order = front[np.lexsort(chain[front].T[::-1])]
    teams = np.split(order, np.flatnonzero(np.diff(manager[order])) + 1)
    gap = 1.5  # empty slots between teams, so the clusters stand apart
    slots = sum(len(team) for team in teams) + gap * len(teams)
    pos = np.full((n, 2), np.nan)
    angle = np.full(n, np.nan)
    ring, used = 0.74, 0.0
    for team in teams:
        width = 2 * np.pi * (len(team) + gap) / slots
        centre = 2 * np.pi * (used + (len(team) + gap) / 2) / slots
        used += len(team) + gap
        # a sunflower of the team's members around its centre, sized to its share of the circle
        r = min(0.2, 0.45 * ring * width) * np.sqrt((np.arange(len(team)) + 0.7) / len(team))
        theta = GOLDEN_ANGLE * np.arange(len(team))
        cx, cy = ring * np.cos(centre), ring * np.sin(centre)
        pos[team] = np.column_stack((cx + r * np.cos(theta), cy + r * np.sin(theta)))
        angle[team] = centre
        boss = manager[team[0]]
        if boss >= 0 and level[boss] == 1 and np.isnan(angle[boss]):  # the team's manager at its centre
            pos[boss], angle[boss] = (cx, cy), centre
    for lv in range(1, top + 1):  # the managers above: inner rings, at the mean angle of their reports
        radius = ring * (top - lv) / max(top, 1) * 0.85
        if lv == top and (level == top).sum() > 1:  # several at the top: a small ring, not one point
            radius = 0.12
        for m in np.flatnonzero((level == lv) & np.isnan(angle)):
            reports = np.flatnonzero((manager == m) & ~np.isnan(angle))
            a = np.arctan2(np.sin(angle[reports]).mean(), np.cos(angle[reports]).mean()) if len(reports) else 0.0
            angle[m] = a
            pos[m] = (radius * np.cos(a), radius * np.sin(a))
    missing = np.isnan(pos[:, 0])
    if missing.any():  # a chart without front-line teams: a sunflower of the rest
        k = np.flatnonzero(missing)
        r = 0.9 * np.sqrt((np.arange(len(k)) + 0.5) / len(k))
        pos[k] = np.column_stack(
            (r * np.cos(GOLDEN_ANGLE * np.arange(len(k))), r * np.sin(GOLDEN_ANGLE * np.arange(len(k))))
        )
    pos.setflags(write=False)
    return pos


def colour_values(model: MentoringModel, skill: int | None = None) -> np.ndarray:
    """What the node colour shows: mean tacit knowledge, or tacit knowledge of one skill."""
    tacit = model.state.tacit
    return person_mean(tacit) if skill is None else tacit[:, skill]


def informal_edges(model: MentoringModel) -> np.ndarray:
    """The informal ties drawn (int[E, 2]): all of them, or an even sample of ``MAX_INFORMAL_EDGES``."""
    edges = np.column_stack((model.network.u, model.network.v))
    if len(edges) > MAX_INFORMAL_EDGES:
        edges = edges[:: int(np.ceil(len(edges) / MAX_INFORMAL_EDGES))]
    return edges


def reporting_lines(manager: np.ndarray) -> np.ndarray:
    """Each position and its manager (int[R, 2]), the top left out."""
    reports = np.flatnonzero(manager >= 0)
    return np.column_stack((reports, manager[reports]))


def weeks_since_hire(model: MentoringModel) -> np.ndarray:
    """Weeks since each person was hired into a seat someone left, capped at ``NEW_WEEKS`` (the cap for the rest)."""
    st = model.state
    since = np.where(st.hired_step > 0, model.steps - st.hired_step, NEW_WEEKS)
    return np.clip(since, 0, NEW_WEEKS)


def draw(
    ax: Axes, model: MentoringModel, pos: np.ndarray | None = None, skill: int | None = None, extent: float = 1.15
) -> None:
    """Draw the organisation now on ``ax``, which shows -``extent`` to ``extent`` both ways (the layout's disc is 1)."""
    st = model.state
    pos = layout(st.level, st.manager) if pos is None else pos
    lines = informal_edges(model)
    ax.add_collection(LineCollection(pos[lines], colors=INFORMAL_COLOUR, linewidths=0.3, alpha=0.45, zorder=1))
    ax.add_collection(
        LineCollection(
            pos[reporting_lines(st.manager)],
            colors=REPORTING_COLOUR,
            linewidths=0.8,
            alpha=0.5,
            linestyles=":",
            zorder=1,
        )
    )
    ties = model.ties
    if len(ties):
        pairs = np.column_stack((ties.mentor, ties.mentee))
        ax.add_collection(LineCollection(pos[pairs], colors=TIE_COLOUR, linewidths=1.6, alpha=0.75, zorder=2))
    value = colour_values(model, skill)
    size = 12 + 10 * np.sqrt(st.tenure_weeks / WEEKS_PER_YEAR)
    weeks_in = weeks_since_hire(model)
    alpha = 0.25 + 0.75 * weeks_in / NEW_WEEKS
    managers = st.level > 0
    for mask, marker in ((~managers, "o"), (managers, "s")):
        if mask.any():
            ax.scatter(
                pos[mask, 0],
                pos[mask, 1],
                c=value[mask],
                s=size[mask],
                marker=marker,
                cmap="viridis",
                vmin=0.0,
                vmax=1.0,
                alpha=alpha[mask],
                edgecolors="black" if marker == "s" else "none",
                linewidths=0.4 * st.level[mask],  # the higher the manager, the heavier the outline
                zorder=3,
            )
    new = weeks_in < NEW_WEEKS
    if new.any():
        ring = np.tile(to_rgba(NEW_COLOUR), (int(new.sum()), 1))
        ring[:, 3] = 1.0 - weeks_in[new] / NEW_WEEKS
        ax.scatter(
            pos[new, 0], pos[new, 1], s=size[new] * 2.2, facecolors="none", edgecolors=ring, linewidths=1.2, zorder=4
        )
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal")
    ax.axis("off")


def figure(
    model: MentoringModel,
    title: str | None = None,
    pos: np.ndarray | None = None,
    skill: int | None = None,
    size: float = 6.0,
    skill_name: str | None = None,
    **options: Any,
) -> Figure:
    """A figure of the organisation with a colour bar and a legend (``skill_name`` names the coloured skill).

    ``options`` as :func:`panels`'.
    """
    return panels([model], [title or describe(model)], pos, skill, size, skill_name, **options)


def panels(
    models: list[MentoringModel],
    titles: list[str],
    pos: np.ndarray | None = None,
    skill: int | None = None,
    size: float = 6.0,
    skill_name: str | None = None,
    key: bool = True,
    mark: tuple[float, str] | None = None,
    title_size: float = 9,
    extent: float = 1.15,
) -> Figure:
    """Runs of one organisation side by side, one picture each, with one colour bar and one legend.

    ``key=False`` leaves out the colour bar and the legend (the teaching page shows its own);
    ``mark`` = (value, words) marks a level on the colour bar, such as "knows it" at 0.3; ``extent`` as
    :func:`draw`'s.
    """
    k = len(models)
    width = size * (0.12 + 0.88 * k) if key else size * 0.88 * k
    fig = Figure(figsize=(width, size * 0.92 if key else size * 0.88 + 0.35), layout="constrained")
    axes = fig.subplots(1, k, squeeze=False)[0]
    for ax, model, title in zip(axes, models, titles, strict=True):
        draw(ax, model, pos, skill, extent)
        ax.set_title(title, fontsize=title_size)
    if key:
        what = "tacit know-how" if skill is None else f"know-how of {skill_name or f'skill {skill}'}"
        _colour_bar(fig, list(axes), what, mark)
        _legend(fig, axes)
    return fig


def _colour_bar(fig: Figure, axes: list[Axes], what: str, mark: tuple[float, str] | None) -> None:
    """The 0-1 colour scale beside ``axes``, with ``mark`` = (value, words) drawn across it."""
    bar = fig.colorbar(ScalarMappable(Normalize(0, 1), "viridis"), ax=axes, shrink=0.6, pad=0.01)
    bar.set_label(f"{what} (0 = none, 1 = expert)", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    if mark is not None:
        level, words = mark
        bar.ax.axhline(level, color="white", lw=2.5)
        bar.ax.axhline(level, color="black", lw=1.0)
        ticks = sorted({level, *(t for t in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0) if abs(t - level) >= 0.15)})
        bar.set_ticks(ticks, labels=[f"{t:g} {words}" if t == level else f"{t:g}" for t in ticks])


def _legend(fig: Figure, axes: Any) -> None:
    """The key to lines and marks: under the picture, or across the foot of several."""
    handles = [
        Line2D([], [], color=INFORMAL_COLOUR, lw=0.6, label="informal tie"),
        Line2D([], [], color=REPORTING_COLOUR, lw=0.8, ls=":", label="reports to"),
        Line2D([], [], color=TIE_COLOUR, lw=2.2, label="mentoring tie"),
        Line2D([], [], marker="s", ls="", mfc="white", mec="black", label="manager"),
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            mfc="none",
            mec=NEW_COLOUR,
            label=f"new hire in a seat someone left (< {NEW_WEEKS} weeks)",
        ),
    ]
    if len(axes) == 1:
        axes[0].legend(
            handles=handles, loc="upper center", fontsize=7, frameon=False, ncol=2, bbox_to_anchor=(0.5, 0.0)
        )
    else:
        fig.legend(handles=handles, loc="lower center", fontsize=7, frameon=False, ncol=len(handles))


def describe(model: MentoringModel) -> str:
    """Title: design in words and week; headcount, mentoring ties and tacit know-how below."""
    design = designs.label(model.config.program.design)
    row = model.last_row
    return (
        f"{design[:1].upper()}{design[1:]} -- week {model.steps}\n{row['headcount']} people, "
        f"{row['active_ties']} mentoring ties, mean tacit know-how {row['tacit_mean']:.3f}"
    )
