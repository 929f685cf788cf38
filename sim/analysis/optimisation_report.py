"""The report of an optimising sweep (Hydra's Optuna sweeper): the best settings found and every trial."""

from __future__ import annotations

from typing import Any

from sim.analysis import figures
from sim.analysis.comparison import derive, label_value, make_plan
from sim.analysis.document import FIGURES, Document, Sweep, write_report
from sim.analysis.gather import load_timeseries, optimisation_results

GROUP_KEYS = {"program": "program.design", "matching": "matching.strategy", "network": "network.kind"}


def applies(sweep: Sweep) -> bool:
    """A sweep whose folder holds the Optuna sweeper's results."""
    return optimisation_results(sweep.sweep_dir) is not None


def _setting(key: str, value: Any) -> str:
    if key in GROUP_KEYS.values():
        return label_value(key, value)
    return f"{value:.3g}" if isinstance(value, float) else str(value)


def write(sweep: Sweep, compare: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """The best settings, the ten best trials and two figures; trials are pooled by the compared key."""
    ok, failed, unfinished = sweep.ok, sweep.failed, sweep.unfinished
    optimised = optimisation_results(sweep.sweep_dir)
    assert optimised is not None
    plan = make_plan(ok, compare, baseline)
    plan.strata = []  # every trial has its own settings: pool them by the compared key
    runs = derive(ok, plan)
    ts = load_timeseries(sweep.sweep_dir, runs)
    colours = figures.palette(runs, plan, grey_baseline=False)
    params = [GROUP_KEYS.get(k, k) for k in optimised["best_params"]]
    params = [p for p in params if p in runs]
    name = str(ok["objective_name"].iloc[0]) if "objective_name" in ok else "objective"
    label = {"tacit_gain_per_1000h": "Tacit knowledge gained per 1,000 h\n(full-expert equivalents)"}.get(name, name)
    figs = {
        "optimisation.png": (figures.optimisation(runs, params, label, colours), "Every trial of the optimisation"),
        "knowledge_curves.png": (figures.curves(ts, colours), "Knowledge over time, trials pooled by design"),
    }
    doc = Document()
    doc.h(1, f"Optimisation report: {sweep.sweep_dir.name}")
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
    return write_report(sweep, doc, f"Optimisation report: {sweep.sweep_dir.name}", figs, {}, plan)
