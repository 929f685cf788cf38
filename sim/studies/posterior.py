"""The Sun Microsystems calibration as a posterior: ABC-SMC with pyabc (the ``calibration`` extra).

The Optuna route (:mod:`sim.studies.calibration`) finds one point that fits Sun's three
retention shares with three parameters: no degrees of freedom, and nothing said about which
parameters the figures pin down. Here Approximate Bayesian Computation by sequential Monte
Carlo (Toni et al. 2009; pyabc, Schaelte et al. 2022) gives a *posterior*: the parameter
values whose simulated study looks like the published one, weighted by how plausible they
were beforehand.

**Targets** (:data:`OBSERVED`): the three retention shares over the seven years (72% of
mentees, 69% of mentors, 49% of non-participants) and what the evaluators' counts add: 838
mentees in an organisation of about 6,400 (13.1%). The mentors' count (677) is not a
target: the model lets a mentor take a new mentee when a tie closes, Sun's 677 mentors
took about 1.2 mentees each, and no parameter here changes that; the summary reports the
model's count beside it.

**Distance**: each statistic's gap divided by the published figure's binomial standard
error (the study's sampling error), combined as a Euclidean norm. Each particle is one
simulated study of the study's size, so the simulator's own sampling noise is the
study's: the posterior carries that uncertainty rather than averaging it away.

**Priors** (:data:`PRIORS`, uniform, stated with their reasons).

Every simulation's seed is a hash of its parameter values, so any accepted particle re-runs
to the same bytes; with ``--workers 1`` (pyabc's single-core sampler, numpy seeded by
``--seed``) the whole posterior does too. With more workers the order in which particles
arrive differs and the posterior is reproducible in distribution only.

``python -m sim.studies.posterior run --out DIR`` runs it (8 generations of 80 particles,
about 1,600 simulated studies: 52 minutes on 2 cores for the posterior in
``docs/calibration/sun_posterior/``) and writes ``DIR/posterior.csv`` (the last
generation's particles, weights and statistics), ``DIR/summary.md`` (intervals, what is identified, the predictive check)
and ``DIR/posterior.png``; ``python -m sim.studies.posterior write DIR`` writes the preset
``sun_microsystems`` at the posterior's centre (weighted medians) and ``DRAWS`` equally
weighted draws as ``configs/sun_posterior/draw_NN.yaml``, so a sweep runs over them:
``python -m sim -m +preset=sun_microsystems '+sun_posterior=glob(*)'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim import io
from sim.compose import CONFIG_DIR
from sim.config import ConfigError, SimConfig, with_overrides
from sim.model import MentoringModel
from sim.resolved import check
from sim.studies import calibration
from sim.studies.pairing import parse_override


@dataclass(frozen=True)
class Prior:
    """A uniform prior over ``[low, high]``, why, and the parameter in words (with its unit)."""

    low: float
    high: float
    why: str
    label: str


PRIORS: dict[str, Prior] = {
    "turnover.rate_annual": Prior(
        0.04,
        0.20,
        "4-20% a year: non-participants kept 49% over 7 years, about 10% a year; wide either side",
        "base turnover (share leaving per year)",
    ),
    "turnover.newcomer_multiplier": Prior(
        1.0,
        6.0,
        "1 (no newcomer excess) to 6 times the base hazard in the first year; the BLS fit gives 10 for "
        "the whole US workforce, a single large employer less",
        "newcomers' excess hazard (x base rate)",
    ),
    "program.volunteer_selection": Prior(
        0.0,
        3.0,
        "0 (volunteering unrelated to engagement) to 3 (the most engaged volunteer about 20 times as "
        "readily as the least); the sign is assumed",
        "volunteer selection (log-odds per SD of engagement)",
    ),
    "program.opt_in_rate": Prior(
        0.03, 0.40, "3-40% of those eligible volunteer each round", "share of the eligible volunteering per round"
    ),
}


MENTEES_PUBLISHED, MENTORS_PUBLISHED = (t.n for t in calibration.TARGETS[:2])  # phase two: 838 and 677
STUDY_SIZE = calibration.SETUP["org.n_employees"]


@dataclass(frozen=True)
class Statistic:
    """A published figure the simulated study is compared with."""

    label: str
    value: float
    se: float  # the published figure's sampling error (binomial, or Poisson for a count)


OBSERVED: dict[str, Statistic] = {
    **{t.key: Statistic(f"retention of {t.label}", t.share, t.se) for t in calibration.TARGETS},
    "mentees_share": Statistic(
        "mentees in the period, share of the organisation",
        MENTEES_PUBLISHED / STUDY_SIZE,
        np.sqrt(MENTEES_PUBLISHED) / STUDY_SIZE,
    ),
}
DRAWS = 20
POSTERIOR_GROUP = "sun_posterior"


def seed_of(params: dict[str, float]) -> int:
    """A seed fixed by the parameter values (same values, same simulation)."""
    words = np.array([params[k] for k in sorted(params)], dtype=np.float64).view(np.uint32)
    return int(np.random.SeedSequence(words.tolist()).generate_state(1)[0])


def statistics(summary: dict[str, Any]) -> dict[str, float]:
    """The simulated study's statistics, as :data:`OBSERVED` names them (NaN where a group is empty)."""
    out = {k: float("nan") if summary.get(k) is None else float(summary[k]) for k in OBSERVED if k in summary}
    out["mentees_share"] = summary["mentees_ever_n"] / summary["n_employees"]
    out["mentors_share"] = summary["mentors_ever_n"] / summary["n_employees"]
    return out


@dataclass(frozen=True)
class Simulator:
    """One simulated study at the preset's set-up with the given parameters (picklable for workers)."""

    overrides: tuple[tuple[str, Any], ...] = ()

    def __call__(self, params: dict[str, float]) -> dict[str, float]:
        """The statistics of one simulated study, seeded by the parameter values."""
        values = {k: float(params[k]) for k in PRIORS}
        run = calibration.load_preset({**dict(self.overrides), **values})
        stats = statistics(MentoringModel(run, seed=seed_of(values)).run().summary())
        # an empty group is as far from the study as anything can be
        return {k: (v if np.isfinite(v) else 10.0) for k, v in stats.items()}


def distance(x: dict[str, float], x0: dict[str, float]) -> float:
    """Euclidean norm of the gaps in units of each published figure's standard error."""
    return float(np.sqrt(sum(((x[k] - x0[k]) / s.se) ** 2 for k, s in OBSERVED.items())))


def run(
    out: Path,
    population: int = 80,
    generations: int = 8,
    workers: int | None = None,
    seed: int = 0,
    overrides: dict[str, Any] | None = None,
    resume: bool = False,
) -> pd.DataFrame:
    """Run ABC-SMC; write ``posterior.csv``, ``summary.md`` and ``posterior.png`` to ``out``.

    The sequence of generations is kept in ``out/abc.db`` (pyabc's history); with ``resume``
    the run continues it for ``generations`` more instead of starting afresh.
    """
    import pyabc  # the calibration extra

    logging.getLogger("ABC").setLevel(logging.WARNING)
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", p.low, p.high - p.low) for k, p in PRIORS.items()})
    workers = workers or os.cpu_count() or 1
    sampler = (
        pyabc.sampler.SingleCoreSampler()
        if workers == 1
        else pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers)
    )
    simulator = Simulator(tuple(sorted((overrides or {}).items())))
    abc = pyabc.ABCSMC(simulator, prior, distance, population_size=population, sampler=sampler)
    np.random.seed(seed)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "abc.db"
    if resume:
        if not db.is_file():
            raise FileNotFoundError(f"{db}: no earlier run to resume")
        abc.load(f"sqlite:///{db}", 1)
    else:
        db.unlink(missing_ok=True)
        abc.new(f"sqlite:///{db}", {k: s.value for k, s in OBSERVED.items()})
    history = abc.run(max_nr_populations=generations)
    particles = history.get_population().get_particles_by_model()[0]
    epsilons = history.get_all_populations()
    total = int(history.total_nr_simulations)
    table = pd.DataFrame([{k: p.parameter[k] for k in PRIORS} for p in particles])
    weights = np.array([p.weight for p in particles])
    table["weight"] = weights / weights.sum()
    for k in (*OBSERVED, "mentors_share"):
        table[f"sim_{k}"] = [p.sum_stat[k] for p in particles]
    eps = [float(e) for e in epsilons.epsilon if np.isfinite(e)]
    io.write_csv(table, out / "posterior.csv")
    text = summary_text(table, eps, total, population, overrides)
    io.write_text(text, out / "summary.md")
    figure(table, out / "posterior.png")
    return table


def weighted_quantiles(x: np.ndarray, w: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """Quantiles of ``x`` under weights ``w`` (linear interpolation of the weighted CDF)."""
    order = np.argsort(x)
    cdf = np.cumsum(w[order]) - 0.5 * w[order]
    return [float(np.interp(q, cdf / w.sum(), x[order])) for q in qs]


def identification(table: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: the posterior's median and 90% interval, and its width against the prior's.

    ``shrinkage`` is 1 - (posterior 90% width) / (prior 90% width): near 0, the figures say
    nothing about the parameter; a parameter counts as identified above 0.5.
    """
    w = table.weight.to_numpy()
    rows = []
    for k, p in PRIORS.items():
        lo, mid, hi = weighted_quantiles(table[k].to_numpy(), w, (0.05, 0.5, 0.95))
        shrink = 1.0 - (hi - lo) / (0.9 * (p.high - p.low))
        rows.append(
            {
                "parameter": k,
                "median": mid,
                "q05": lo,
                "q95": hi,
                "prior_low": p.low,
                "prior_high": p.high,
                "shrinkage": shrink,
                "identified": shrink > 0.5,
            }
        )
    return pd.DataFrame(rows)


def summary_text(table: pd.DataFrame, eps: list[float], total: int, population: int, overrides) -> str:
    """The posterior in words and tables: intervals, identification, correlations, predictive check."""
    ident = identification(table)
    w = table.weight.to_numpy()
    lines = [
        "# Sun Microsystems calibration: the posterior (ABC-SMC)",
        "",
        f"{len(eps)} generation{'' if len(eps) == 1 else 's'} of {population} particles, {total} simulated studies"
        + (f", overrides {overrides}" if overrides else "")
        + f"; tolerance (distance in published standard errors) {' -> '.join(f'{e:.2f}' for e in eps)}.",
        "",
        "| parameter | prior | posterior median | 90% interval | shrinkage | identified |",
        "|---|---|---|---|---|---|",
    ]
    for r in ident.itertuples():
        lines.append(
            f"| `{r.parameter}` | uniform {r.prior_low:g}-{r.prior_high:g} | {r.median:.3g} | {r.q05:.3g}-{r.q95:.3g} "
            f"| {r.shrinkage:.2f} | {'yes' if r.identified else '**no**'} |"
        )
    names = list(PRIORS)
    x = table[names].to_numpy()
    mean = (w[:, None] * x).sum(0)
    cov = ((x - mean) * w[:, None]).T @ (x - mean)
    corr = cov / np.sqrt(np.outer(np.diag(cov), np.diag(cov)))
    pairs = sorted(((abs(corr[i, j]), i, j) for i in range(len(names)) for j in range(i)), reverse=True)
    lines += ["", "Shrinkage is 1 - (posterior 90% width) / (prior 90% width); identified above 0.5.", ""]
    lines += ["Strongest posterior correlations (a ridge: the figures fix a combination, not each part):", ""]
    lines += [f"- `{names[i]}` and `{names[j]}`: {corr[i, j]:+.2f}" for _, i, j in pairs[:3]]
    lines += ["", "Predictive check: the accepted simulated studies beside the published figures.", ""]
    lines += ["| statistic | published | simulated median | 90% range |", "|---|---|---|---|"]
    for k, s in OBSERVED.items():
        lo, mid, hi = weighted_quantiles(table[f"sim_{k}"].to_numpy(), w, (0.05, 0.5, 0.95))
        lines.append(f"| {s.label} | {100 * s.value:.1f}% | {100 * mid:.1f}% | {100 * lo:.1f}-{100 * hi:.1f}% |")
    lo, mid, hi = weighted_quantiles(table["sim_mentors_share"].to_numpy(), w, (0.05, 0.5, 0.95))
    lines.append(
        f"| mentors in the period, share of the organisation (not a target) | {100 * MENTORS_PUBLISHED / STUDY_SIZE:.1f}% "
        f"| {100 * mid:.1f}% | {100 * lo:.1f}-{100 * hi:.1f}% |"
    )
    return "\n".join(lines) + "\n"


def figure(table: pd.DataFrame, path: Path) -> None:
    """Each parameter's weighted posterior histogram over its prior range."""
    names = list(PRIORS)
    fig = Figure(figsize=(10.0, 2.8))
    axes = fig.subplots(1, len(names))
    for ax, k in zip(axes, names, strict=True):
        p = PRIORS[k]
        ax.hist(table[k], bins=15, range=(p.low, p.high), weights=table.weight, color="tab:blue", alpha=0.8)
        ax.axhline(1 / 15, color="0.4", ls="--", lw=1, label="prior (uniform)")
        ax.set_xlim(p.low, p.high)
        ax.set_xlabel(textwrap.fill(p.label, 26), fontsize=8)
        ax.set_ylabel("posterior weight per bin" if k == names[0] else "", fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0].legend(frameon=False, fontsize=7)
    fig.suptitle(
        "Sun Microsystems calibration: posterior of each parameter (ABC-SMC), prior range on the x axis", fontsize=9
    )
    fig.tight_layout()
    io.write_figure(fig, path)


def draws(table: pd.DataFrame, n: int = DRAWS, seed: int = 0) -> pd.DataFrame:
    """``n`` equally weighted draws from the posterior (weighted resampling, seeded)."""
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(table), size=n, replace=True, p=table.weight.to_numpy())
    return table.iloc[pick][list(PRIORS)].reset_index(drop=True)


def write(posterior_dir: Path, config_dir: Path = CONFIG_DIR, n: int = DRAWS) -> list[Path]:
    """The preset at the posterior's centre and ``n`` draws as a config group; the paths written."""
    table = pd.read_csv(posterior_dir / "posterior.csv")
    ident = identification(table).set_index("parameter")
    when = dt.date.today().isoformat()
    centre = {k: float(ident.loc[k, "median"]) for k in PRIORS}
    provenance = [
        f"fitted:  {when}, posterior of `python -m sim.studies.posterior run` ({posterior_dir.name}):",
        "         ABC-SMC on the three retention shares and the mentees' count; values are weighted medians",
        f"code:    {calibration._commit() or 'unknown commit'}",
        *[
            f"  {k} {ident.loc[k, 'median']:.3g} (90% {ident.loc[k, 'q05']:.3g}-{ident.loc[k, 'q95']:.3g}, "
            f"{'identified' if ident.loc[k, 'identified'] else 'NOT identified'})"
            for k in PRIORS
        ],
        f"{n} posterior draws for sweeps: configs/{POSTERIOR_GROUP}/ "
        f"(python -m sim -m +preset=sun_microsystems '+{POSTERIOR_GROUP}=glob(*)')",
    ]
    text = calibration.preset_text(centre, provenance)
    paths = [io.write_text(text, calibration.preset_path(config_dir))]
    group = config_dir / POSTERIOR_GROUP
    for old in group.glob("draw_*.yaml"):
        old.unlink()
    for i, row in draws(table, n).iterrows():
        body = ["# @package _global_", f"# Posterior draw {i} of {n} ({posterior_dir}, {when})"]
        sections: dict[str, list[str]] = {}
        for k in PRIORS:
            g, name = k.split(".")
            sections.setdefault(g, []).append(f"  {name}: {row[k]:.4g}")
        for g, entries in sections.items():
            body += [f"{g}:", *entries]
        paths.append(io.write_text("\n".join(body) + "\n", group / f"draw_{i:02d}.yaml"))
    return paths


def main(argv: list[str] | None = None) -> int:
    """``run`` the ABC-SMC study, or ``write`` the preset and draws from one."""
    parser = argparse.ArgumentParser(prog="python -m sim.studies.posterior", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run ABC-SMC and write posterior.csv, summary.md, posterior.png")
    r.add_argument("--out", type=Path, default=Path("results/calibration/sun_posterior"))
    r.add_argument("--population", type=int, default=80, help="particles per generation (default 80)")
    r.add_argument("--generations", type=int, default=8, help="SMC generations (default 8)")
    r.add_argument("--workers", type=int, default=None, help="processes (default: every core; 1: reproducible)")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--employees", type=int, default=None, help="organisation size (default the study's 6,400)")
    r.add_argument("--weeks", type=int, default=None, help="weeks simulated (default the study's 364)")
    r.add_argument("--resume", action="store_true", help="continue the run kept in OUT/abc.db for more generations")
    r.add_argument(
        "values",
        nargs="*",
        metavar="KEY=VALUE",
        help="model values held in every simulated study, over the preset's (e.g. turnover.engagement_sensitivity=8)",
    )
    w = sub.add_parser("write", help="write the preset at the posterior's centre and the draws")
    w.add_argument("posterior_dir", type=Path)
    w.add_argument("--config-dir", type=Path, default=CONFIG_DIR)
    w.add_argument("--draws", type=int, default=DRAWS)
    args = parser.parse_args(argv)
    if args.command == "run":
        for name in ("population", "generations"):
            if getattr(args, name) < 1:
                parser.error(f"--{name}={getattr(args, name)}: must be at least 1")
        try:
            import pyabc  # noqa: F401
        except ImportError:
            print("error: the posterior needs pyabc: pip install 'mentoring-sim[calibration]'", file=sys.stderr)
            return 2
        overrides = {k: v for k, v in (("org.n_employees", args.employees), ("steps", args.weeks)) if v is not None}
        try:
            overrides |= dict(parse_override(text) for text in args.values)
            check(with_overrides(SimConfig(), overrides))  # a key or value the model does not take: say so now
        except (ValueError, ConfigError) as exc:
            parser.error(str(exc))
        if set(overrides) & set(PRIORS):
            parser.error(f"{', '.join(sorted(set(overrides) & set(PRIORS)))}: fitted here, so not held fixed")
        try:
            run(args.out, args.population, args.generations, args.workers, args.seed, overrides, args.resume)
        except FileNotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print((args.out / "summary.md").read_text())
        print(f"written: {args.out}/posterior.csv, summary.md, posterior.png")
        return 0
    if not (args.posterior_dir / "posterior.csv").is_file():
        print(
            f"error: {args.posterior_dir}/posterior.csv: not found; run `python -m sim.studies.posterior run` first",
            file=sys.stderr,
        )
        return 2
    for path in write(args.posterior_dir, args.config_dir, args.draws):
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
