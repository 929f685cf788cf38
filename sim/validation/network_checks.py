"""Diffusion over networks: Watts & Strogatz's small worlds and the logistic curve of a fully mixed population.

4. know-how seeded in a few experts reaches half the organisation much faster once a few
   ties of a ring lattice are rewired, following the path length L(p);
5. on a complete graph the share who know follows the logistic curve of the matching
   susceptible-infected mean field.

The models: :mod:`sim.validation.diffusion`, on this package's network and transfer kernel.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.analysis.statistics import mean_ci
from sim.validation import figures
from sim.validation.check import Check, Size
from sim.validation.diffusion import consult_spread, logistic_mean_field, path_length, spread_time

WATTS_STROGATZ = (
    "Watts, D. J., & Strogatz, S. H. (1998). \"Collective dynamics of 'small-world' networks.\" *Nature* 393, 440-442."
)


def check_small_world(size: Size, out: Path) -> Check:
    """Watts & Strogatz (1998): spread time falls steeply with a little rewiring, tracking L(p)."""
    rates = (0.0, 0.001, 0.01, 0.1, 1.0)
    runs = max(4, size.runs // 8)
    times = {p: np.array([spread_time(p, seed=4000 + r) for r in range(runs)], dtype=float) for p in rates}
    lengths = {p: path_length(p, seed=4000) for p in rates}
    t0, l0 = times[0.0].mean(), lengths[0.0]
    rel_t = {p: times[p].mean() / t0 for p in rates}
    rel_l = {p: lengths[p] / l0 for p in rates}
    falling = all(rel_t[a] > rel_t[b] for a, b in zip(rates, rates[1:], strict=False))
    steep = rel_t[0.01] <= 0.5
    tracked = [p for p in rates if p >= 0.01]
    gap = max(abs(rel_t[p] - rel_l[p]) for p in tracked)
    fig, ax = figures.figure()
    xs = [max(p, 1e-4) for p in rates]
    ax.plot(xs, [rel_t[p] for p in rates], "o-", label=f"time for half to learn, T(p)/T(0) (mean of {runs} runs)")
    ax.plot(xs, [rel_l[p] for p in rates], "s--", label="characteristic path length, L(p)/L(0)")
    ax.set_xscale("log")
    figures.finish(
        fig,
        ax,
        "rewiring probability p (p = 0 drawn at 1e-4)",
        "relative to the ring lattice",
        "Know-how from 5 experts over a small-world network of 1,000 people, 8 ties each",
        out / "small_world.png",
    )
    cells = ", ".join(f"p={p:g}: {rel_t[p]:.2f} (L {rel_l[p]:.2f})" for p in rates)
    return Check(
        name="Small worlds spread know-how fast",
        published="The time for something to spread through the whole network falls steeply as a few ties are "
        "rewired from a ring lattice, and follows the characteristic path length L(p).",
        source=WATTS_STROGATZ,
        result=f"T(p)/T(0) with T(0) = {t0:.0f} weeks: {cells}; largest gap to L(p)/L(0) for p >= 0.01: {gap:.2f}",
        tolerance="T falls at every step of p; T(0.01) <= 0.5 T(0); |T(p)/T(0) - L(p)/L(0)| <= 0.1 for p >= 0.01",
        passed=falling and steep and gap <= 0.1,
        figure="small_world.png",
    )


ANDERSON_MAY = (
    "Anderson, R. M., & May, R. M. (1991). *Infectious Diseases of Humans: Dynamics and Control*. "
    "Oxford University Press (the susceptible-infected model and its logistic solution)."
)


def check_logistic(size: Size, out: Path) -> Check:
    """On a complete graph, the share who know follows the logistic of the SI mean field."""
    runs = max(12, size.runs // 2)
    sims = np.array([consult_spread(seed=5000 + r) for r in range(runs)])
    analytic = logistic_mean_field()
    mean = sims.mean(axis=0)
    gap = float(np.abs(mean - analytic).max())
    half_sim = float(np.interp(0.5, mean, np.arange(len(mean))))
    half_model = float(np.interp(0.5, analytic, np.arange(len(analytic))))
    fig, ax = figures.figure()
    t = np.arange(len(mean))
    stats = np.array([mean_ci(sims[:, i]) for i in t])
    ax.fill_between(t, stats[:, 1], stats[:, 2], alpha=0.3, label="model, 95% CI of the mean")
    ax.plot(t, mean, label=f"model, mean of {runs} runs")
    ax.plot(t, analytic, "k--", label="logistic mean field")
    figures.finish(
        fig,
        ax,
        "week",
        "share of people who know",
        "1,000 people, 20 experts, each asks a random colleague with probability 0.3 a week",
        out / "logistic.png",
    )
    return Check(
        name="On a complete graph, know-how spreads logistically",
        published="Spreading by contact in a fully mixed population follows the logistic curve of the "
        "susceptible-infected mean field (the textbook diffusion result).",
        source=ANDERSON_MAY,
        result=f"largest gap between the mean share who know and the logistic: {gap:.3f}; "
        f"half reached in week {half_sim:.1f} (logistic: {half_model:.1f})",
        tolerance="largest gap <= 0.04 and half-time within 1 week",
        passed=gap <= 0.04 and abs(half_sim - half_model) <= 1.0,
        figure="logistic.png",
    )
