"""Validation: does the model reproduce what is known? ``python -m sim.validate``.

Runs each validation experiment, writes ``results/validation/report.md`` with its figures
(each check: the published result, what the model gave, the tolerance, pass or fail), and
exits 0 only when every check passes. ``--quick`` runs every check at reduced size (fewer
replicates and periods; the tests run that).

Checks so far. March (1991), "Exploration and Exploitation in Organizational Learning",
*Organization Science* 2(1):71-87, with the model in :mod:`sim.march`:

1. slower socialisation gives the code a higher equilibrium knowledge;
2. with fast socialisation, moderate turnover improves the code's knowledge;
3. turbulence erodes the code's knowledge unless turnover brings in new beliefs.

Watts & Strogatz (1998), with :mod:`sim.diffusion`:

4. know-how seeded in a few experts reaches half the organisation much faster once a few
   ties of a ring lattice are rewired, following the path length L(p);
5. on a complete graph the share who know follows the logistic curve of the matching
   susceptible-infected mean field.

Calibration to a real programme, with :mod:`sim.calibration`:

6. the preset ``sun_microsystems`` retains mentees, mentors and non-participants as Sun
   Microsystems' programme did (72%, 69%, 49% over seven years), on seeds the fit never
   saw; the report splits each role's gap into counting, selection and mentoring.

A finding is reproduced when the model's difference has the published sign and its 95%
confidence interval (Welch's t over independent runs) clears the stated margin.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.analysis.comparison import diff_ci, mean_ci
from sim.validation.march import MarchParams, equilibrium, trajectory

DEFAULT_OUT = Path("results/validation")
MARCH = 'March, J. G. (1991). "Exploration and Exploitation in Organizational Learning." *Organization Science* 2(1), 71-87.'


@dataclass(frozen=True)
class Size:
    """How large each experiment runs: independent runs and periods."""

    runs: int
    periods: int


FULL, QUICK = Size(runs=80, periods=400), Size(runs=24, periods=200)


@dataclass
class Check:
    """One validation check and its outcome."""

    name: str
    published: str
    source: str
    result: str
    tolerance: str
    passed: bool
    figure: str | None = None


def _difference(name: str, low: np.ndarray, high: np.ndarray, margin: float) -> tuple[bool, str]:
    d, lo, hi = diff_ci(low, high)
    text = f"{name}: {high.mean():.3f} vs {low.mean():.3f}, difference {d:+.3f} (95% CI {lo:+.3f} to {hi:+.3f})"
    return bool(lo > margin), text


def check_socialisation(size: Size, out: Path) -> Check:
    """March (1991): slower socialisation (lower p1) gives a higher equilibrium code knowledge."""
    rates = (0.1, 0.3, 0.5, 0.7, 0.9)
    results = {p1: equilibrium(MarchParams(p1=p1, p2=0.5), size.runs, size.periods, seed=1000) for p1 in rates}
    passed, text = _difference("code knowledge at p1 = 0.1 vs 0.9", results[0.9], results[0.1], 0.02)
    monotone = all(results[a].mean() >= results[b].mean() - 0.01 for a, b in zip(rates, rates[1:], strict=False))
    _points(
        {f"{p1:.1f}": results[p1] for p1 in rates},
        "socialisation rate p1 (share of differing beliefs adopted from the code per period)",
        "equilibrium code knowledge (share of reality right)",
        f"March (1991) model, p2 = 0.5, m = 30, n = 50: {size.runs} runs x {size.periods} periods",
        out / "march_socialisation.png",
    )
    return Check(
        name="Slower socialisation, wiser code",
        published="Slower socialisation (lower p1) leads to a higher equilibrium knowledge of the code.",
        source=MARCH,
        result=text + ("; decreasing across p1 = 0.1 ... 0.9" if monotone else "; not decreasing across p1"),
        tolerance="difference > +0.02 at the lower end of its 95% CI, and no rise of more than 0.01 between neighbours",
        passed=passed and monotone,
        figure="march_socialisation.png",
    )


def check_turnover(size: Size, out: Path) -> Check:
    """March (1991): with fast socialisation, moderate turnover improves the code's knowledge."""
    rates = (0.0, 0.02, 0.05, 0.1)
    results = {p3: equilibrium(MarchParams(p1=0.9, p2=0.5, p3=p3), size.runs, size.periods, seed=2000) for p3 in rates}
    passed, text = _difference("code knowledge with turnover 0.1 vs none", results[0.0], results[0.1], 0.02)
    _points(
        {f"{p3:.2f}": results[p3] for p3 in rates},
        "turnover p3 (share of people replaced per period)",
        f"code knowledge after {size.periods} periods",
        f"March (1991) model, fast socialisation p1 = 0.9, p2 = 0.5: {size.runs} runs",
        out / "march_turnover.png",
    )
    return Check(
        name="Turnover refreshes a fast-socialising organisation",
        published="With fast socialisation, moderate turnover improves the code's knowledge.",
        source=MARCH,
        result=text,
        tolerance="difference > +0.02 at the lower end of its 95% CI",
        passed=passed,
        figure="march_turnover.png",
    )


def check_turbulence(size: Size, out: Path) -> Check:
    """March (1991): turbulence erodes knowledge unless turnover brings new beliefs."""
    p = MarchParams(p1=0.5, p2=0.5, p4=0.02)
    closed = trajectory(p, size.runs, size.periods, seed=3000)
    open_ = trajectory(MarchParams(p1=0.5, p2=0.5, p3=0.1, p4=0.02), size.runs, size.periods, seed=3000)
    early = 10  # the code learns fastest in its first periods
    eroded, text1 = _difference(
        "without turnover, period 10 vs last", closed[:, -1], closed[:, early], 0.1
    )  # knowledge at period 10 exceeds the end by more than 0.1
    kept, text2 = _difference("at the last period, turnover 0.1 vs none", closed[:, -1], open_[:, -1], 0.1)
    _bands(
        {"no turnover": closed, "turnover 0.1 a period": open_},
        "period",
        "code knowledge (share of reality right)",
        f"March (1991) model, turbulence p4 = 0.02, p1 = p2 = 0.5: {size.runs} runs, 95% CI",
        out / "march_turbulence.png",
    )
    return Check(
        name="Turbulence erodes knowledge unless people turn over",
        published="In a turbulent environment the code's knowledge decays over time without turnover; "
        "turnover brings in new beliefs that keep it up.",
        source=MARCH,
        result=f"{text1}; {text2}",
        tolerance="each difference > +0.1 at the lower end of its 95% CI",
        passed=eroded and kept,
        figure="march_turbulence.png",
    )


WATTS_STROGATZ = (
    "Watts, D. J., & Strogatz, S. H. (1998). \"Collective dynamics of 'small-world' networks.\" *Nature* 393, 440-442."
)


def check_small_world(size: Size, out: Path) -> Check:
    """Watts & Strogatz (1998): spread time falls steeply with a little rewiring, tracking L(p)."""
    from sim.validation.diffusion import path_length, spread_time

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
    fig, ax = _figure()
    xs = [max(p, 1e-4) for p in rates]
    ax.plot(xs, [rel_t[p] for p in rates], "o-", label=f"time for half to learn, T(p)/T(0) (mean of {runs} runs)")
    ax.plot(xs, [rel_l[p] for p in rates], "s--", label="characteristic path length, L(p)/L(0)")
    ax.set_xscale("log")
    _finish(
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
    from sim.validation.diffusion import consult_spread, logistic_mean_field

    runs = max(12, size.runs // 2)
    sims = np.array([consult_spread(seed=5000 + r) for r in range(runs)])
    analytic = logistic_mean_field()
    mean = sims.mean(axis=0)
    gap = float(np.abs(mean - analytic).max())
    half_sim = float(np.interp(0.5, mean, np.arange(len(mean))))
    half_model = float(np.interp(0.5, analytic, np.arange(len(analytic))))
    fig, ax = _figure()
    t = np.arange(len(mean))
    stats = np.array([mean_ci(sims[:, i]) for i in t])
    ax.fill_between(t, stats[:, 1], stats[:, 2], alpha=0.3, label="model, 95% CI of the mean")
    ax.plot(t, mean, label=f"model, mean of {runs} runs")
    ax.plot(t, analytic, "k--", label="logistic mean field")
    _finish(
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


def check_sun_retention(size: Size, out: Path) -> Check:
    """The calibrated preset against Sun Microsystems' published retention, on fresh seeds."""
    from sim.studies import calibration

    seeds = list(range(200, 200 + max(4, size.runs // 8)))  # the fit used seeds 0-7
    tables = calibration.evaluate(seeds)
    fitted = tables["fitted"]
    cells, ok, stats = [], [], []
    for t in calibration.TARGETS:
        values = fitted[t.key].to_numpy(dtype=float)
        mean, lo, hi = mean_ci(values)
        stats.append((mean, lo, hi))
        se_model = float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0
        allowed = 2.0 * np.hypot(t.se, se_model) + 0.005  # published shares are rounded to whole points
        ok.append(abs(mean - t.share) <= allowed)
        cells.append(
            f"{t.label} {100 * mean:.1f}% (95% CI {100 * lo:.1f}-{100 * hi:.1f}) vs {100 * t.share:.0f}% "
            f"(allowed +/-{100 * allowed:.1f})"
        )
    splits = {role: calibration.gap_split(tables, role) for role in ("mentees", "mentors")}
    parts = "; ".join(
        f"{role}' gap {100 * d['gap']:.1f} points = counting and composition {100 * d['counting']:.1f} + selection "
        f"{100 * d['selection']:.1f} + mentoring {100 * d['mentoring']:.1f}"
        for role, d in splits.items()
    )
    _sun_figure(np.array(stats), splits, len(seeds), out / "sun_retention.png")
    return Check(
        name="Retention in Sun Microsystems' mentoring programme",
        published="Over the seven-year study, 72% of mentees, 69% of mentors and 49% of non-participants stayed "
        "(phase two: 838 mentees, 677 mentors, about 5,000 controls; participants volunteered).",
        source=calibration.SOURCES,
        result=f"preset sun_microsystems on {len(seeds)} fresh seeds: " + "; ".join(cells) + f". Split: {parts}",
        tolerance="each share within twice the combined standard error of the published figure (binomial, on the "
        "phase-two counts) and the model's mean, plus 0.5 points for rounding",
        passed=all(ok),
        figure="sun_retention.png",
    )


def _sun_figure(stats: np.ndarray, splits: dict[str, dict[str, float]], runs: int, path: Path) -> None:
    """Left: retention, published against the preset; right: each role's gap split into its parts.

    ``stats`` holds the model's mean, CI low and CI high for each target, in ``TARGETS`` order.
    """
    from matplotlib.figure import Figure

    from sim import io
    from sim.studies import calibration

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


CHECKS: dict[str, Callable[[Size, Path], Check]] = {
    "march_socialisation": check_socialisation,
    "march_turnover": check_turnover,
    "march_turbulence": check_turbulence,
    "small_world": check_small_world,
    "logistic": check_logistic,
    "sun_retention": check_sun_retention,
}


def _points(groups: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str, path: Path) -> None:
    """Mean and 95% CI of each group, in order, saved to ``path``."""
    fig, ax = _figure()
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
    _finish(fig, ax, xlabel, ylabel, title, path)


def _bands(groups: dict[str, np.ndarray], xlabel: str, ylabel: str, title: str, path: Path) -> None:
    """Mean and 95% CI band per step of each group's runs (float[runs, steps]), saved to ``path``."""
    fig, ax = _figure()
    for label, runs in groups.items():
        t = np.arange(runs.shape[1])
        stats = np.array([mean_ci(runs[:, i]) for i in t])
        ax.plot(t, stats[:, 0], label=label)
        ax.fill_between(t, stats[:, 1], stats[:, 2], alpha=0.25)
    _finish(fig, ax, xlabel, ylabel, title, path)


def _figure():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.0))
    return fig, fig.add_subplot()


def _finish(fig, ax, xlabel: str, ylabel: str, title: str, path: Path) -> None:
    """Label, grid, legend, and save the figure atomically."""
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    from sim import io

    io.write_figure(fig, path)


def report(checks: list[Check], size: Size, command: str = "python -m sim.validate") -> str:
    """The Markdown report: a summary table, then each check with its figure."""
    passed = sum(c.passed for c in checks)
    lines = [
        "# Validation report",
        "",
        f"{passed} of {len(checks)} checks pass ({size.runs} independent runs x {size.periods} periods each; "
        f"`{command}`).",
        "",
        "| check | published result | model | tolerance | pass |",
        "|---|---|---|---|---|",
    ]
    for c in checks:
        lines.append(f"| {c.name} | {c.published} | {c.result} | {c.tolerance} | {'yes' if c.passed else '**no**'} |")
    for c in checks:
        lines += ["", f"## {c.name}", "", f"**Published:** {c.published}", "", f"**Source:** {c.source}", ""]
        lines += [f"**Model:** {c.result}", "", f"**Tolerance:** {c.tolerance} -- **{'pass' if c.passed else 'FAIL'}**"]
        if c.figure:
            lines += ["", f"![{c.name}]({c.figure})"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the checks, write the report, exit 0 only if all pass."""
    parser = argparse.ArgumentParser(prog="python -m sim.validate", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help=f"reduced size ({QUICK.runs} runs x {QUICK.periods} periods)"
    )
    parser.add_argument("--only", nargs="+", choices=sorted(CHECKS), help="run only these checks")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    size = QUICK if args.quick else FULL
    checks = []
    for name in args.only or CHECKS:
        check = CHECKS[name](size, args.out)
        checks.append(check)
        print(f"{'PASS' if check.passed else 'FAIL'}  {check.name}: {check.result}", flush=True)
    from sim import io

    command = "python -m sim.validate" + (" --quick" if args.quick else "")
    path = io.write_text(report(checks, size, command), args.out / "report.md")
    failed = [c.name for c in checks if not c.passed]
    print(f"{len(checks) - len(failed)} of {len(checks)} checks pass; report: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
