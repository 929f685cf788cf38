"""The validation report's figures: means with 95% intervals, bands over time, Sun's retention."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from sim import io
from sim.analysis.statistics import mean_ci
from sim.studies import calibration


def points(groups: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str, path: Path) -> None:
    """Mean and 95% CI of each group, in order, saved to ``path``."""
    fig, ax = figure()
    labels = list(groups)
    stats = [mean_ci(v) for v in groups.values()]
    means = [s[0] for s in stats]
    ax.errorbar(
        range(len(labels)),
        means,
        yerr=[
            [m - s[1] for m, s in zip(means, stats, strict=True)],
            [s[2] - m for m, s in zip(means, stats, strict=True)],
        ],
        fmt="o-",
        capsize=4,
        label="mean with 95% CI",
    )
    ax.set_xticks(range(len(labels)), labels)
    finish(fig, ax, xlabel, ylabel, title, path)


def bands(groups: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str, path: Path) -> None:
    """Mean and 95% CI band per step of each group's runs (float[runs, steps]), saved to ``path``."""
    fig, ax = figure()
    for label, runs in groups.items():
        t = np.arange(runs.shape[1])
        stats = np.array([mean_ci(runs[:, i]) for i in t])
        ax.plot(t, stats[:, 0], label=label)
        ax.fill_between(t, stats[:, 1], stats[:, 2], alpha=0.25)
    finish(fig, ax, xlabel, ylabel, title, path)


def march_figure1(table, runs: str, path: Path) -> None:
    """March's Figure 1: the model's points (mean, 95% CI) beside the reference curves, one per p2."""
    fig, ax = figure()
    for (p2, group), colour in zip(table.groupby("p2"), ("tab:blue", "tab:orange", "tab:green"), strict=True):
        ax.plot(group.p1, group.published, "--", color=colour, alpha=0.7, label=f"published (recreation), p2 = {p2}")
        ax.errorbar(
            group.p1,
            group.knowledge,
            yerr=1.96 * group.se,
            fmt="o",
            color=colour,
            ms=4,
            capsize=3,
            label=f"model, p2 = {p2}",
        )
    ax.set_ylim(min(0.6, table.knowledge.min() - 0.05), 1.0)
    finish(
        fig,
        ax,
        "socialisation rate p1 (chance per period that a belief moves toward the code)",
        "equilibrium knowledge of the code\n(dimensions right - wrong) / m",
        f"March (1991) Figure 1, m = 30, n = 50: model ({runs}) vs published",
        path,
    )


def figure() -> tuple[Figure, Axes]:
    """A figure of the validation report's size and its one panel."""
    fig = Figure(figsize=(6.4, 4.0))
    return fig, fig.add_subplot()


def finish(fig, ax, xlabel: str, ylabel: str, title: str, path: Path) -> None:
    """Label, grid, legend, and save the figure atomically."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    io.write_figure(fig, path)


def sun_figure(stats: np.ndarray, splits: dict[str, dict[str, float]], runs: int, path: Path) -> None:
    """Left: retention, published against the preset; right: each role's gap split into its parts.

    ``stats`` holds the model's mean, CI low and CI high for each target, in ``TARGETS`` order.
    """
    fig = Figure(figsize=(10.0, 4.2))
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    x = np.arange(len(calibration.TARGETS))
    pub = np.array([t.share for t in calibration.TARGETS])
    pub_err = 1.96 * np.array([t.se for t in calibration.TARGETS])
    left.bar(x - 0.2, 100 * pub, 0.4, yerr=100 * pub_err, capsize=4, color="0.6", label="published (binomial 95% CI)")
    left.bar(
        x + 0.2,
        100 * stats[:, 0],
        0.4,
        yerr=100 * np.abs(stats[:, 1:].T - stats[:, 0]),
        capsize=4,
        color="tab:blue",
        label=f"model, preset sun_microsystems (mean of {runs} seeds, 95% CI)",
    )
    left.set_xticks(x, [t.label for t in calibration.TARGETS])
    left.set_ylabel("still employed after seven years (%)")
    left.set_ylim(0, 112)
    left.set_yticks(range(0, 101, 20))
    left.set_title("Retention over the study period", fontsize=9)
    left.legend(frameon=False, fontsize=8, loc="upper center")
    left.grid(alpha=0.3, axis="y")
    roles = list(splits)
    bottom = np.zeros(len(roles))
    colours = {"counting": "0.75", "selection": "tab:orange", "mentoring": "tab:green"}
    names = {
        "counting": "counting and composition:\nlate joiners had to stay; mentors are senior",
        "selection": "selection: the engaged volunteer",
        "mentoring": "mentoring: what meetings add",
    }
    for part, colour in colours.items():
        vals = np.array([100 * splits[r][part] for r in roles])
        right.bar(roles, vals, 0.5, bottom=bottom, color=colour, label=names[part])
        bottom += vals
    share = {t.label: t.share for t in calibration.TARGETS}
    published_gap = {r: 100 * (share[r] - share["non-participants"]) for r in roles}
    right.scatter(
        roles, [published_gap[r] for r in roles], marker="_", s=600, color="k", zorder=3, label="published gap"
    )
    right.set_ylabel("retention gap over non-participants (points)")
    right.set_title("What makes the gap, in the model", fontsize=9)
    right.legend(frameon=False, fontsize=7, loc="upper center", markerscale=0.4)
    right.set_ylim(0, max(bottom.max(), *published_gap.values()) * 1.5)
    right.grid(alpha=0.3, axis="y")
    io.write_figure(fig, path)
