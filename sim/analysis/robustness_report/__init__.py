"""The report of a robustness study (sim.studies.decide; its analysis sim.analysis.robustness): which design to run, for which goal, how sure.

It opens with a page for a leadership team (a recommendation per goal, or a tie where the
seeds cannot tell the leaders apart, what it costs and saves, how often it holds, when it
fails, in plain sentences), then the researcher's detail: per goal each design's share of
scenarios in which it is best (or tied with the best) and within the margin of the best, its
regret, its effect per hour and per unit of money spent, the Pareto front, PRIM's boxes, the
simulation error, and the uncertainties sampled. Outcomes are per scenario, the mean over its
seeds; every design of a scenario and seed ran on the same scenario and seed (common random
numbers), so designs are compared by paired differences and tie calls come from their
standard errors (sim.analysis.selection). Whether a goal's leader holds up is asked of the seeds
too: the study is re-read on bootstrap resamples of each scenario's seeds (:data:`RESAMPLES`),
and a leader that loses its lead in more than :data:`LEADER_STABLE` of them is reported as a tie
with the designs that take it.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from sim.analysis import robustness as rb
from sim.analysis.document import Sweep, write_report
from sim.analysis.robustness_report.document import document
from sim.analysis.robustness_report.figures import box_figure, goals_figure, pareto_figure, regret_figure
from sim.analysis.robustness_report.study import (
    CONTENDER,
    LEADER_STABLE,
    NONE,
    RESAMPLES,
    Failure,
    Study,
    analyse,
    failures,
    money_by_policy,
    pinned_keys,
    policy_labels,
    your_figures,
)

__all__ = [
    "CONTENDER",
    "LEADER_STABLE",
    "NONE",
    "REGRET",
    "RESAMPLES",
    "SCENARIOS",
    "SELECTION",
    "Failure",
    "Study",
    "analyse",
    "applies",
    "failures",
    "money_by_policy",
    "pinned_keys",
    "policy_labels",
    "write",
    "your_figures",
]

REGRET = "regret.csv"


SCENARIOS = "scenarios.csv"


#: What the sequential study (python -m sim.decide --seeds auto) records in its folder.
SELECTION = "selection.json"


def applies(sweep: Sweep) -> bool:
    """A sweep whose runs took robustness scenarios."""
    return "scenario.index" in sweep.ok and bool((sweep.ok["scenario.index"].astype(int) >= 0).any())


def write(sweep: Sweep, compare: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """The decision report of a robustness study."""
    study = analyse(sweep.ok)
    record = sweep.sweep_dir / SELECTION
    if record.is_file():
        study.selection_record = json.loads(record.read_text())
    money = money_by_policy(study)
    fails = failures(study)
    means = pd.DataFrame({g.column: study.robust[g.column]["median"] for g in rb.GOALS})
    front = rb.pareto_front(means)
    figs: dict[str, tuple[Any, str]] = {
        "goals.png": (goals_figure(study), "Each design on each goal across the scenarios"),
        "regret.png": (regret_figure(study), "Regret: each design's shortfall from the best"),
        "pareto.png": (pareto_figure(study, front), "Trade-offs between the goals"),
    }
    for i, f in enumerate(fails):
        fig = box_figure(study, f)
        if fig is not None:
            figs[f"when_it_fails_{i}.png"] = (fig, f"Where {f.what}")
    doc = document(sweep, study, money, fails, front, figs)
    tables = {REGRET: _regret_csv(study), SCENARIOS: study.x.rename_axis("scenario.index").reset_index()}
    return write_report(sweep, doc, f"Decision report: {sweep.sweep_dir.name}", figs, tables, None)


def _regret_csv(study: Study) -> pd.DataFrame:
    frames = []
    for g in rb.GOALS:
        r = study.robust[g.column].copy()
        r.insert(0, "goal", g.column)
        r.insert(1, "margin", study.margins[g.column])
        frames.append(r.rename_axis("design").reset_index())
    return pd.concat(frames, ignore_index=True)
