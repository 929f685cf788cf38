"""Pictures of the organisation as a network, for the teaching page and for slides.

One layout for every picture of a run, so a class watches the same people change: the
hierarchy as rings (the top of the pyramid in the centre, the front line outside), each team
a wedge around its manager. Positions follow from the org chart alone (no random draws), so
the same organisation always looks the same and two designs run on one organisation line up.

Nodes are coloured by tacit knowledge (or one skill), sized by tenure, and managers are
drawn as squares outlined more heavily the higher they sit; informal ties are thin grey lines, mentoring ties thick orange ones.
Someone hired in the last ``NEW_WEEKS`` weeks -- into the seat of a person who left -- fades
in with a red ring, so exits and hires show where they happen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
NEW_COLOUR = "#c92a2a"
GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))


def layout(level: np.ndarray, manager: np.ndarray) -> np.ndarray:
    """Positions (float[N, 2]) in the unit disc: rings by level, each manager amid their people.

    The front line is spread evenly around the outer ring in org-chart order (people who
    share a manager side by side, teams that share a manager's manager side by side); every
    manager sits at the mean angle of their direct reports, one ring further in.

    Args:
        level: int[N], 0 = front line.
        manager: int[N], row of each position's manager, -1 at the top.
    """
    n = len(level)
    if n == 0:
        return np.zeros((0, 2))
    top = int(level.max())
    # Each row's chain of managers from the top: sorting the front line by it keeps subtrees together.
    chain = np.full((n, top + 1), -1, dtype=np.int64)
    node = np.arange(n)
    for depth in range(top + 1):
        chain[:, top - depth] = node
        node = np.where(node >= 0, manager[np.maximum(node, 0)], -1)
    chain = np.where(chain < 0, -1, chain)
    front = np.flatnonzero(level == 0) if (level == 0).any() else np.arange(n)
    order = front[np.lexsort(chain[front].T[::-1])]
    angle = np.full(n, np.nan)
    angle[order] = 2 * np.pi * np.arange(len(order)) / len(order)
    for lv in range(1, top + 1):  # managers: the circular mean of their reports
        for m in np.flatnonzero(level == lv):
            reports = np.flatnonzero((manager == m) & ~np.isnan(angle))
            if len(reports):
                angle[m] = np.arctan2(np.sin(angle[reports]).mean(), np.cos(angle[reports]).mean())
    missing = np.isnan(angle)
    angle[missing] = GOLDEN_ANGLE * np.flatnonzero(missing)
    radius = (top - level + 0.6) / (top + 0.6)
    radius = radius * (1.0 + 0.05 * np.cos(GOLDEN_ANGLE * np.arange(n)))  # break up the rings a little
    return np.column_stack((radius * np.cos(angle), radius * np.sin(angle)))


def colour_values(model: MentoringModel, skill: int | None = None) -> np.ndarray:
    """What the node colour shows: mean tacit knowledge, or tacit knowledge of one skill."""
    tacit = model.state.tacit
    return person_mean(tacit) if skill is None else tacit[:, skill]


def draw(ax: Axes, model: MentoringModel, pos: np.ndarray | None = None, skill: int | None = None) -> None:
    """Draw the organisation now on ``ax``."""
    st = model.state
    pos = layout(st.level, st.manager) if pos is None else pos
    net = model.network
    edges = np.column_stack((net.u, net.v))
    if len(edges) > MAX_INFORMAL_EDGES:
        edges = edges[:: int(np.ceil(len(edges) / MAX_INFORMAL_EDGES))]
    ax.add_collection(LineCollection(pos[edges], colors="#adb5bd", linewidths=0.4, alpha=0.6, zorder=1))
    ties = model.ties
    if len(ties):
        pairs = np.column_stack((ties.mentor, ties.mentee))
        ax.add_collection(LineCollection(pos[pairs], colors=TIE_COLOUR, linewidths=2.0, alpha=0.9, zorder=2))
    value = colour_values(model, skill)
    size = 12 + 10 * np.sqrt(st.tenure_weeks / WEEKS_PER_YEAR)
    weeks_in = model.steps - st.hired_step
    alpha = np.clip(0.25 + 0.75 * weeks_in / NEW_WEEKS, 0.25, 1.0)
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
    new = (weeks_in < NEW_WEEKS) & (st.hired_step > 0)
    if new.any():
        ring = np.tile(to_rgba(NEW_COLOUR), (int(new.sum()), 1))
        ring[:, 3] = 1.0 - weeks_in[new] / NEW_WEEKS
        ax.scatter(
            pos[new, 0], pos[new, 1], s=size[new] * 2.2, facecolors="none", edgecolors=ring, linewidths=1.2, zorder=4
        )
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-1.15, 1.15)
    ax.set_aspect("equal")
    ax.axis("off")


def figure(
    model: MentoringModel,
    title: str | None = None,
    pos: np.ndarray | None = None,
    skill: int | None = None,
    size: float = 6.0,
) -> Figure:
    """A figure of the organisation with a colour bar and a legend."""
    fig = Figure(figsize=(size, size * 0.92))
    ax = fig.add_subplot()
    draw(ax, model, pos, skill)
    what = "tacit know-how" if skill is None else f"tacit know-how, skill {skill}"
    bar = fig.colorbar(ScalarMappable(Normalize(0, 1), "viridis"), ax=ax, shrink=0.6, pad=0.01)
    bar.set_label(f"{what} (0 = none, 1 = expert)", fontsize=8)
    bar.ax.tick_params(labelsize=7)
    handles = [
        Line2D([], [], color="#adb5bd", lw=1, label="informal tie"),
        Line2D([], [], color=TIE_COLOUR, lw=2, label="mentoring tie"),
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
    ax.legend(handles=handles, loc="upper center", fontsize=7, frameon=False, ncol=2, bbox_to_anchor=(0.5, 0.0))
    ax.set_title(title or describe(model), fontsize=9)
    return fig


def describe(model: MentoringModel) -> str:
    """Title: design in words and week; headcount, mentoring ties and tacit know-how below."""
    design = designs.label(model.config.program.design)
    row = model.last_row
    return (
        f"{design[:1].upper()}{design[1:]} -- week {model.steps}\n{row['headcount']} people, "
        f"{row['active_ties']} mentoring ties, mean tacit know-how {row['tacit_mean']:.3f}"
    )
