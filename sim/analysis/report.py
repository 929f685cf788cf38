"""The report of a sweep: ``python -m sim.report SWEEP_DIR``.

Writes into ``SWEEP_DIR/report/``: ``runs.parquet`` (the tidy table below),
``comparison.csv`` (every condition against the baseline: means, 95% intervals,
differences, effect sizes), ``report.md`` and ``report.html`` (findings in plain words, the
comparison tables and the figures) and ``figures/*.png``. Statistics: ``sim.analysis``;
figures: ``sim.figures``.

Reads only what runs wrote (each run directory's ``.hydra/config.yaml`` and ``summary.json``,
or ``error.json`` for a failed run) and gathers them into one tidy table,
``SWEEP_DIR/report/runs.parquet``: one row per run, the run's directory name, its status
(``ok`` or ``failed``), every configuration key as a dotted column (``program.design``,
``seed``, ...) and every summary metric. A run directory without either file (still
running, or crashed before finishing) is counted as unfinished and left out.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from omegaconf import OmegaConf

from sim import io
from sim.analysis import comparison as analysis

REPORT_DIR = "report"
RUNS = "runs.parquet"
COMPARISON = "comparison.csv"
REPORT_MD = "report.md"
REPORT_HTML = "report.html"
FIGURES = "figures"


class ReportError(ValueError):
    """A sweep directory that cannot be reported on; the message is one line for the user."""


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: node}


def run_directories(sweep_dir: Path) -> list[Path]:
    """Subdirectories that hold a run's Hydra config, in numeric order where names are numbers."""
    runs = [p for p in sweep_dir.iterdir() if p.is_dir() and (p / ".hydra" / "config.yaml").is_file()]
    return sorted(runs, key=lambda p: (0, int(p.name)) if p.name.isdigit() else (1, p.name))


def gather(sweep_dir: str | Path) -> tuple[pd.DataFrame, int]:
    """One row per finished or failed run; also the number of unfinished runs.

    Raises:
        ReportError: if the directory does not exist or holds no runs.
    """
    sweep_dir = Path(sweep_dir)
    if not sweep_dir.is_dir():
        raise ReportError(f"{sweep_dir}: no such directory")
    rows: list[dict[str, Any]] = []
    unfinished = 0
    for run in run_directories(sweep_dir):
        config = _flatten(OmegaConf.to_container(OmegaConf.load(run / ".hydra" / "config.yaml"), resolve=True))
        if (run / io.SUMMARY).is_file():
            try:
                summary = json.loads((run / io.SUMMARY).read_text())
            except ValueError:
                raise ReportError(f"{run / io.SUMMARY}: not valid JSON; delete it and re-run the sweep") from None
            rows.append({"run": run.name, "status": "ok", **config, **_flatten(summary)})
        elif (run / io.ERROR).is_file():
            error = json.loads((run / io.ERROR).read_text())
            rows.append({"run": run.name, "status": "failed", **config, "error": error.get("error", "")})
        else:
            unfinished += 1
    if not rows:
        raise ReportError(
            f"{sweep_dir}: no finished runs (expected subdirectories with .hydra/config.yaml and summary.json, "
            "as written by python -m sim -m ...)"
        )
    table = pd.DataFrame(rows)
    return table, unfinished


def _stack(sweep_dir: Path, runs: pd.DataFrame, name: str, columns: list[str]) -> pd.DataFrame | None:
    """One file of every run in ``runs`` (where it exists), stacked with run, condition and stratum."""
    parts = []
    for r in runs.itertuples(index=False):
        path = sweep_dir / r.run / name
        if path.is_file():
            part = pd.read_parquet(path, columns=columns)
            part["run"], part["condition"], part["stratum"] = r.run, r.condition, r.stratum
            parts.append(part)
    if not parts:
        return None
    out = pd.concat(parts, ignore_index=True)
    out["condition"] = pd.Categorical(out["condition"], categories=runs["condition"].cat.categories, ordered=True)
    return out


def load_timeseries(sweep_dir: Path, runs: pd.DataFrame) -> pd.DataFrame:
    """Explicit and tacit knowledge per step of every run in ``runs``, with ``year``."""
    out = _stack(sweep_dir, runs, io.TIMESERIES, ["step", "knowledge_mean", "tacit_mean"])
    out["year"] = out["step"] / 52.0
    return out


def load_employees(sweep_dir: Path, runs: pd.DataFrame) -> pd.DataFrame | None:
    """Final engagement and participation of every employee, where runs wrote employees.parquet."""
    return _stack(sweep_dir, runs, io.EMPLOYEES, ["engagement", "ever_participant"])


# -- the document: blocks rendered as Markdown and as HTML ---------------------------------


@dataclass
class Document:
    """A report as a list of blocks: ("h", level, text), ("p", text), ("ul", items), ("table", df), ("img", path, alt)."""

    blocks: list[tuple] = field(default_factory=list)

    def h(self, level: int, text: str) -> None:  # noqa: D102
        self.blocks.append(("h", level, text))

    def p(self, text: str) -> None:  # noqa: D102
        self.blocks.append(("p", text))

    def ul(self, items: list[str]) -> None:  # noqa: D102
        self.blocks.append(("ul", items))

    def table(self, df: pd.DataFrame) -> None:  # noqa: D102
        self.blocks.append(("table", df))

    def img(self, path: str, alt: str) -> None:  # noqa: D102
        self.blocks.append(("img", path, alt))

    def markdown(self) -> str:
        """The document as GitHub-flavoured Markdown."""
        out = []
        for b in self.blocks:
            if b[0] == "h":
                out.append("#" * b[1] + " " + b[2])
            elif b[0] == "p":
                out.append(b[1])
            elif b[0] == "ul":
                out.append("\n".join(f"- {i}" for i in b[1]))
            elif b[0] == "table":
                df = b[1].astype(str)
                lines = ["| " + " | ".join(df.columns) + " |", "|" + "---|" * len(df.columns)]
                lines += ["| " + " | ".join(v.replace("|", "\\|") for v in row) + " |" for row in df.to_numpy()]
                out.append("\n".join(lines))
            elif b[0] == "img":
                out.append(f"![{b[2]}]({b[1]})")
        return "\n\n".join(out) + "\n"

    def html(self, title: str) -> str:
        """The document as one self-contained HTML page (figures linked beside it)."""
        e = html.escape
        body = []
        for b in self.blocks:
            if b[0] == "h":
                body.append(f"<h{b[1]}>{e(b[2])}</h{b[1]}>")
            elif b[0] == "p":
                body.append(f"<p>{e(b[1])}</p>")
            elif b[0] == "ul":
                body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b[1]) + "</ul>")
            elif b[0] == "table":
                df = b[1].astype(str)
                head = "".join(f"<th>{e(c)}</th>" for c in df.columns)
                rows = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in r) + "</tr>" for r in df.to_numpy())
                body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
            elif b[0] == "img":
                body.append(f'<figure><img src="{e(b[1])}" alt="{e(b[2])}"><figcaption>{e(b[2])}</figcaption></figure>')
        style = (
            "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;line-height:1.45;"
            "color:#222}table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}"
            "th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}th{background:#f3f3f3}"
            "td:first-child,th:first-child{text-align:left}img{max-width:100%}figcaption{color:#555;font-size:.9rem}"
        )
        return (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
            f"<style>{style}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
        )


# -- the report ----------------------------------------------------------------------------


def _fmt_ci(m: analysis.Measure, mean: float, lo: float, hi: float) -> str:
    f = m.fmt
    if not np.isfinite(mean):
        return "n/a"
    if not np.isfinite(lo):
        return f.format(mean)
    return f"{f.format(mean)} ({f.format(lo)} to {f.format(hi)})"


def _fmt_diff(m: analysis.Measure, d: float, lo: float, hi: float) -> str:
    if not np.isfinite(d):
        return ""
    f = m.fmt.replace("{:", "{:+")
    return f"{f.format(d)} ({f.format(lo)} to {f.format(hi)})" if np.isfinite(lo) else f.format(d)


def comparison_tables(table: pd.DataFrame, plan: analysis.Plan) -> list[tuple[str, pd.DataFrame]]:
    """Per measure (and stratum), a table for people: each condition's mean, difference, effect size."""
    out = []
    by_col = {m.column: m for m in analysis.MEASURES}
    for measure, g in table.groupby("measure", sort=False):
        m = by_col[measure]
        for stratum, s in g.groupby("stratum", sort=False):
            rows = []
            for r in s.itertuples(index=False):
                rows.append(
                    {
                        "condition": r.condition,
                        "runs": r.n,
                        "mean (95% CI)": _fmt_ci(m, r.mean, r.low, r.high),
                        f"difference from {plan.label(plan.baseline)} (95% CI)": (
                            "(baseline)"
                            if r.condition == plan.label(plan.baseline)
                            else _fmt_diff(m, r.diff, r.diff_low, r.diff_high) or "n/a"
                        ),
                        "effect size g": "" if not np.isfinite(r.hedges_g) else f"{r.hedges_g:+.2f}",
                    }
                )
            title = f"{m.name[0].upper()}{m.name[1:]} ({m.unit})" + (f", {stratum}" if stratum else "")
            out.append((title, pd.DataFrame(rows)))
    return out


def build(sweep_dir: str | Path, compare: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """Gather a sweep and write its report; return what was written and the counts.

    Raises:
        ReportError: if the directory holds no finished runs.
    """
    from sim.analysis import figures  # matplotlib is imported only when a report is drawn

    sweep_dir = Path(sweep_dir)
    table, unfinished = gather(sweep_dir)
    out_dir = sweep_dir / REPORT_DIR
    ok = table[table["status"] == "ok"].reset_index(drop=True)
    failed = table[table["status"] == "failed"]
    if ok.empty:
        io.write_parquet(table, out_dir / RUNS)
        raise ReportError(
            f"{sweep_dir}: all {len(table)} runs failed; see their error.json (first: {failed.iloc[0]['run']})"
        )
    if compare is not None and compare not in ok:
        keys = ", ".join(analysis.varying_keys(ok)) or "none"
        raise ReportError(f"--compare {compare}: not a config key of these runs; keys swept here: {keys}")
    from sim.studies import sensitivity

    if sensitivity.is_sensitivity_sweep(ok):
        return _write_sensitivity(sweep_dir, out_dir, table, ok, failed, unfinished)
    plan = analysis.make_plan(ok, compare, baseline)
    optimised = _optimisation_results(sweep_dir)
    if optimised is not None:
        plan.strata = []  # every trial has its own settings: pool them by the compared key
    runs = analysis.derive(ok, plan)
    ts = load_timeseries(sweep_dir, runs)
    if optimised is not None:
        colours = figures.palette(runs, plan, grey_baseline=False)
        return _write_optimisation(
            sweep_dir, out_dir, table, ok, failed, unfinished, plan, runs, ts, colours, optimised
        )
    comp = analysis.compare(runs, plan)
    years = float(ok["years"].iloc[0])
    employees = load_employees(sweep_dir, runs)
    colours = figures.palette(runs, plan)

    figs = {
        "knowledge_curves.png": (figures.curves(ts, colours), "Explicit and tacit knowledge over time"),
        "tacit_lost.png": (
            figures.per_condition(
                runs,
                colours,
                "tacit_lost_total",
                "Tacit knowledge lost (full-expert equivalents)",
                f"Tacit knowledge that left with leavers over {analysis.period_words(years)}",
            ),
            "Tacit knowledge lost to turnover",
        ),
        "retention.png": (figures.retention(runs), "Retention of participants and non-participants"),
        "engagement.png": (figures.engagement(runs, employees, colours), "Engagement at the end"),
    }
    if runs["tacit_gain_per_1000h"].notna().any():
        figs["per_mentoring_hour.png"] = (
            figures.per_condition(
                runs,
                colours,
                "tacit_gain_per_1000h",
                "Tacit knowledge gained per 1,000 hours\n(full-expert equivalents)",
                f"Outcome per mentoring hour: tacit knowledge above {plan.label(plan.baseline)}, "
                "per 1,000 hours of participants' time",
            ),
            "Outcome per mentoring hour",
        )

    doc = _document(sweep_dir, ok, failed, unfinished, plan, comp, years, figs)
    return _write(
        out_dir, table, failed, unfinished, doc, f"Sweep report: {sweep_dir.name}", figs, {COMPARISON: comp}, plan
    )


def _write(out_dir, table, failed, unfinished, doc, title, figs, tables, plan) -> dict[str, Any]:
    """Write the report's files (figures first, the documents last) and say what was written."""
    import matplotlib.pyplot as plt

    io.write_parquet(table, out_dir / RUNS)
    for name, df in tables.items():
        io.write_csv(df, out_dir / name)
    for name, (fig, _) in figs.items():
        io.write_figure(fig, out_dir / FIGURES / name)
        plt.close(fig)
    io.write_text(doc.markdown(), out_dir / REPORT_MD)
    io.write_text(doc.html(title), out_dir / REPORT_HTML)
    return {
        "out_dir": out_dir,
        "runs": len(table),
        "failed": len(failed),
        "failed_runs": failed["run"].tolist(),
        "unfinished": unfinished,
        "figures": list(figs),
        "plan": plan,
        "comparison": next(iter(tables.values()), None),
    }


OPTIMISATION_RESULTS = "optimization_results.yaml"  # written by Hydra's Optuna sweeper
GROUP_KEYS = {"program": "program.design", "matching": "matching.strategy", "network": "network.kind"}


def _optimisation_results(sweep_dir: Path) -> dict[str, Any] | None:
    path = sweep_dir / OPTIMISATION_RESULTS
    if not path.is_file():
        return None
    data = OmegaConf.to_container(OmegaConf.load(path), resolve=True)
    return data if isinstance(data, dict) and "best_params" in data else None


SENSITIVITY = "sensitivity.csv"


def _write_sensitivity(sweep_dir, out_dir, table, ok, failed, unfinished):
    """The report of a sensitivity sweep: Morris or Sobol indices per outcome, figure and table."""
    from sim.analysis import figures
    from sim.studies import sensitivity

    try:
        method, indices = sensitivity.analyse(ok)
    except ValueError as exc:
        raise ReportError(f"{sweep_dir}: {exc}") from None
    names = {p.key: p.name for p in sensitivity.PARAMETERS}
    fig = figures.sensitivity(indices, method, sensitivity.OUTCOMES, names)
    doc = Document()
    what = "Morris screening" if method == "morris" else "Sobol indices"
    doc.h(1, f"Sensitivity report ({what}): {sweep_dir.name}")
    doc.p(
        f"{len(ok)} runs of one SALib {method} sample over {len(names)} parameters "
        f"(ranges in sim/sensitivity.py), design {analysis.label_value('program.design', ok['program.design'].iloc[0])}, "
        f"the same model seed in every run; {len(failed)} failed, {unfinished} unfinished."
    )
    doc.h(2, "Findings")
    lines = []
    key = "mu_star" if method == "morris" else "ST"
    for outcome, title in sensitivity.OUTCOMES.items():
        d = indices[indices.outcome == outcome].sort_values(key, ascending=False)
        top = [f"{names[r.parameter]} ({getattr(r, key):.3g})" for r in d.head(3).itertuples()]
        lines.append(f"{title[0].upper()}{title[1:]}: most influential {', '.join(top)}.")
        if method == "sobol":
            interaction = float((d["ST"] - d["S1"]).clip(lower=0).sum())
            lines[-1] += f" Interactions account for about {interaction:.2f} of the variance (sum of ST - S1)."
    doc.ul(lines)
    doc.p(
        "How to read this: Morris mu* ranks parameters by their mean absolute effect on the outcome across their "
        "ranges, sigma large against mu* means the effect depends on other parameters or is non-linear; Sobol S1 "
        "is the share of the outcome's variance a parameter explains alone, ST including its interactions. "
        "Intervals are SALib's bootstrap 95% intervals."
    )
    doc.h(2, "Figure")
    doc.img(f"{FIGURES}/sensitivity.png", what)
    doc.h(2, "Indices")
    shown = indices.copy()
    shown["parameter"] = shown["parameter"].map(names)
    shown["outcome"] = shown["outcome"].map(sensitivity.OUTCOMES)
    doc.table(shown.round(4))
    figs = {"sensitivity.png": (fig, what)}
    title = f"Sensitivity report: {sweep_dir.name}"
    return _write(out_dir, table, failed, unfinished, doc, title, figs, {SENSITIVITY: indices}, None)


def _setting(key: str, value: Any) -> str:
    if key in GROUP_KEYS.values():
        return analysis.label_value(key, value)
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def _write_optimisation(sweep_dir, out_dir, table, ok, failed, unfinished, plan, runs, ts, colours, optimised):
    """The report of an optimising sweep (Hydra's Optuna sweeper): the best settings, every trial."""
    from sim.analysis import figures

    params = [GROUP_KEYS.get(k, k) for k in optimised["best_params"]]
    params = [p for p in params if p in runs]
    name = str(ok["objective_name"].iloc[0]) if "objective_name" in ok else "objective"
    label = {"tacit_gain_per_1000h": "Tacit knowledge gained per 1,000 h\n(full-expert equivalents)"}.get(name, name)
    figs = {
        "optimisation.png": (figures.optimisation(runs, params, label, colours), "Every trial of the optimisation"),
        "knowledge_curves.png": (figures.curves(ts, colours), "Knowledge over time, trials pooled by design"),
    }
    doc = Document()
    doc.h(1, f"Optimisation report: {sweep_dir.name}")
    doc.p(
        f"{len(ok)} finished trials chosen by Hydra's Optuna sweeper, maximising {name} "
        f"(summary.json's objective); {len(failed)} failed, {unfinished} unfinished."
    )
    doc.h(2, "Best settings found")
    best = optimised["best_params"]
    doc.ul([f"{GROUP_KEYS.get(k, k)} = {_setting(GROUP_KEYS.get(k, k), v)}" for k, v in best.items()])
    doc.p(
        f"Best value: {optimised['best_value']:.4g}. One seed per trial (common random numbers): confirm the best "
        "settings with replicates (several seeds) against the runner-up before acting on them."
    )
    top = runs.sort_values("objective", ascending=False).head(10)
    cols = ["run", "objective", *params]
    shown = top[cols].copy()
    shown["objective"] = shown["objective"].map(lambda v: f"{v:.4g}")
    for p in params:
        shown[p] = [_setting(p, v) for v in shown[p]]
    doc.h(2, "The ten best trials")
    doc.table(shown.rename(columns={"run": "trial"}))
    doc.h(2, "Figures")
    for fname, (_, alt) in figs.items():
        doc.h(3, alt)
        doc.img(f"{FIGURES}/{fname}", alt)
    return _write(out_dir, table, failed, unfinished, doc, f"Optimisation report: {sweep_dir.name}", figs, {}, plan)


def _document(sweep_dir, ok, failed, unfinished, plan, comp, years, figs) -> Document:
    doc = Document()
    doc.h(1, f"Sweep report: {sweep_dir.name}")
    n_emp = sorted(set(ok["n_employees"].astype(int)))
    what = (
        f"{len(ok)} finished runs of {', '.join(f'{n:,}' for n in n_emp)} employees over {analysis.period_words(years)} "
        f"({int(ok['steps'].iloc[0])} weekly steps)"
    )
    if plan.compare:
        what += (
            f", comparing {plan.compare} ({', '.join(plan.label(v) for v in plan.levels)}) "
            f"against {plan.label(plan.baseline)}"
        )
    if plan.strata:
        what += f", separately for each value of {', '.join(plan.strata)}"
    seeds = ok.groupby([plan.compare] + plan.strata)["seed"].nunique() if plan.compare else ok["seed"].nunique()
    lo_seeds, hi_seeds = int(np.min(seeds)), int(np.max(seeds))
    span = f"{lo_seeds}" if lo_seeds == hi_seeds else f"{lo_seeds} to {hi_seeds}"
    what += f"; {span} seeds (replicates) per condition."
    doc.p(what)
    if len(failed) or unfinished:
        doc.p(
            f"Not included: {len(failed)} failed runs"
            + (f" ({', '.join(failed['run'])}; see each run's error.json)" if len(failed) else "")
            + f" and {unfinished} unfinished runs (no summary.json yet)."
        )

    doc.h(2, "Findings")
    found = analysis.findings(comp, plan, years) if plan.compare else []
    if found:
        doc.ul(found)
        for label, measure in (("tacit knowledge", "tacit_mean_final"), ("people kept per 100", "retained_per_100")):
            tops = analysis.best(comp, plan, measure)
            if tops:
                doc.p(
                    f"Largest clear gain over {plan.label(plan.baseline)} in {label}: {'; '.join(tops)}. "
                    "Conditions close to it may not differ from it clearly: see the tables below."
                )
    elif plan.compare is None:
        doc.p("All runs share one configuration apart from the seed: there is nothing to compare.")
    else:
        doc.p(f"No condition has runs of {plan.label(plan.baseline)} with the same other settings to compare with.")
    doc.p(
        "How to read this: each run is one replicate (a seed); intervals are 95% confidence intervals of the mean "
        "over runs (Student t; differences: Welch t), and g is Hedges' standardised effect size (0.2 small, 0.5 "
        "medium, 0.8 large). A difference whose interval includes zero is reported as no clear difference. "
        "Retention of participants against non-participants also reflects who volunteers, not only mentoring "
        "(docs/model.md). The model's effect sizes are assumptions from the literature (docs/model.md), so read "
        "these as what follows from them, not as a forecast."
    )

    doc.h(2, "Figures")
    for name, (_, alt) in figs.items():
        doc.h(3, alt)
        doc.img(f"{FIGURES}/{name}", alt)

    doc.h(2, "Each condition against the baseline")
    for title, t in comparison_tables(comp, plan):
        doc.h(3, title)
        doc.table(t)
    doc.p(f"The same numbers, unrounded: {COMPARISON}. Every run, its config and summary: {RUNS}.")
    return doc


def main(argv: list[str] | None = None) -> int:
    """Gather a sweep directory and write its report."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.report",
        description="Gather a sweep's runs into one table and write a report (Markdown, HTML, PNG figures).",
    )
    parser.add_argument("sweep_dir", help="a directory written by python -m sim -m ... (results/sweeps/<date_time>)")
    parser.add_argument(
        "--compare", help="config key to compare (default: the experiment's report.compare, else program.design)"
    )
    parser.add_argument("--baseline", help="value of that key to compare against (default: report.baseline, else none)")
    args = parser.parse_args(argv)
    try:
        done = build(args.sweep_dir, args.compare, args.baseline)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = done["out_dir"]
    failures = f"; failures: {', '.join(done['failed_runs'])}" if done["failed"] else ""
    print(
        f"{done['runs']} runs gathered ({done['failed']} failed, {done['unfinished']} unfinished){failures}\n"
        f"Report: {out / REPORT_MD} (and {REPORT_HTML}), {len(done['figures'])} figures in {out / FIGURES}/, "
        f"table {out / RUNS}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
