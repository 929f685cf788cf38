"""The decision report's text: the page for decision makers, then the researcher's detail, section by section."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.analysis import robustness as rb
from sim.analysis.document import FIGURES, Document, Sweep
from sim.analysis.findings import warm_start_note
from sim.analysis.robustness_report import board
from sim.analysis.robustness_report.study import NONE, Failure, Study
from sim.analysis.robustness_report.words import (
    _error_section,
    _goal_fmt,
    _pct,
    _roi,
    _seeds_words,
    _years,
)
from sim.economics import amount
from sim.sampling.scenarios import UNCERTAINTIES


def document(sweep: Sweep, study: Study, money: pd.DataFrame, fails: list[Failure], front: pd.Series, figs) -> Document:
    """The decision report: the page for decision makers, then the researcher's detail."""
    doc = Document()
    _opening(doc, study)
    board.summary(doc, study, fails)
    _designs(doc, study, front)
    _money(doc, study, money)
    _prim(doc, fails)
    _error_and_inputs(doc, study)
    _figures(doc, sweep, figs)
    return doc


def _opening(doc: Document, study: Study) -> None:
    """The title and what was simulated."""
    runs = study.runs
    n_emp = int(runs["n_employees"].iloc[0])
    org = "your roster" if str(runs["org.kind"].iloc[0]) == "roster" else "a synthetic organisation"
    doc.h(1, "Which mentoring programme should we run?")
    doc.p(
        f"{org[0].upper() + org[1:]} of {n_emp:,} employees, simulated for {_years(study.years)} under each of "
        f"{len(study.policies)} choices, in {len(study.x)} scenarios of what the model does not know (how much a "
        f"meeting teaches, how strongly engagement drives leaving, how many volunteer, turnover, the cost of "
        f"replacing a leaver, ...), {_seeds_words(study)}: {len(runs):,} runs. Money in {study.currency}, "
        "undiscounted, over the whole period."
    )
    warm = warm_start_note(runs)
    if warm:
        doc.p(warm)


def _designs(doc: Document, study: Study, front: pd.Series) -> None:
    """Each design goal by goal, per unit of effort, and its regret."""
    doc.h(2, "Each design, goal by goal")
    shown = _per_goal_table(
        study,
        lambda fmt, r: {
            "median vs none": fmt(r["median"]),
            "best or tied in": _pct(r["best_share"]),
            "alone best in": _pct(r["sole_best_share"]),
            "within margin": _pct(r["within_share"]),
        },
    )
    shown["on the Pareto front"] = ["yes" if front[p] else "" for p in study.policies]
    doc.table(shown)
    doc.p(
        "Margins (what counts as 'as good as the best'): "
        + "; ".join(
            f"{g.name} {_goal_fmt(study, g.column)(study.margins[g.column]).lstrip('+')}"
            + ("" if g.column == "net_benefit" else f" {g.unit}")
            for g in rb.GOALS
        )
        + f" (money: {100 * rb.MONEY_MARGIN_OF_PAYROLL:.1f}% of a year's payroll)."
    )
    doc.h(3, "Per unit of effort")
    doc.table(_effort_table(study))
    doc.p(
        "The same goals per 1,000 hours of everyone's time in programme meetings and per 100,000 "
        f"{study.currency} of programme cost (medians over scenarios of each scenario's ratio): a design can lead on "
        "a goal by reach (many hours, a large total) or by quality (much per hour); here they can be told apart."
    )
    doc.h(3, "Regret")
    doc.table(
        _per_goal_table(
            study,
            lambda fmt, r: {
                "median": fmt(r["regret_median"]).lstrip("+"),
                "90th percentile": fmt(r["regret_p90"]).lstrip("+"),
            },
        )
    )
    doc.p(
        "Regret is how far a design falls short of the best design in the same scenario (0 where it is the best); "
        "a robust choice has a small regret even in its bad scenarios (the 90th percentile)."
    )


def _money(doc: Document, study: Study, money: pd.DataFrame) -> None:
    """The money table and what its columns mean."""
    doc.h(3, "Money")
    rows = []
    for p in money.index:
        m, c = money.loc[p], study.currency
        row = {
            "design": p,
            "programme cost": amount(m["programme_cost_median"], c),
            "replacement cost avoided": amount(m["avoided_replacement_cost_median"], c),
        }
        if "productivity_gained_median" in m.index:
            row["productivity gained"] = amount(m["productivity_gained_median"], c)
        row["net benefit (median)"] = amount(m["net_benefit_median"], c)
        row["net benefit, 90% of scenarios"] = f"{amount(m['net_benefit_p05'], c)} to {amount(m['net_benefit_p95'], c)}"
        row["return on investment (median)"] = _roi(m["roi_median"])
        row["pays back in"] = _pct(m["pays_back_share"])
        if "net_benefit_without_productivity_median" in m.index:
            row["without productivity: net (median)"] = amount(m["net_benefit_without_productivity_median"], c)
            row["without productivity: pays back in"] = _pct(m["pays_back_cash_share"])
        rows.append(row)
    doc.table(pd.DataFrame(rows))
    doc.p(
        "Productivity gained is the output the programme's people produced beyond no programme's on the same seed "
        "(fewer new hires ramping up, more know-how), priced at salary times the output-value ratio "
        "(docs/economics.md); the last two columns leave it out, for a reader who counts cash costs only. Amounts "
        f"are medians over scenarios of each scenario's mean over seeds, undiscounted, over {_years(study.years)}."
    )


#: Each PRIM row's goal in words: the three goals, and whether the money leader pays back.
GOAL_NAMES = {**{g.column: g.name for g in rb.GOALS}, "pays_back": "pays back"}


def _prim(doc: Document, fails: list[Failure]) -> None:
    """Where each leader fails: PRIM's boxes."""
    doc.h(3, "Scenario discovery (PRIM)")
    doc.p(
        "For each goal's leading design, PRIM (EMA Workbench) looks for a box in the uncertainties where it loses "
        "its lead, or does not pay back; only restrictions with a quasi-p value below 0.05 are kept. Coverage: the "
        "share of the failing scenarios inside the box; density: the share of the box's scenarios that fail."
    )
    rows = []
    for f in fails:
        b = f.box
        rows.append(
            {
                "goal": GOAL_NAMES.get(f.goal, f.goal),
                "design": f.policy,
                "fails when": "; ".join(b.conditions()) if b else "(no simple region)",
                "failing scenarios": f"{int(f.cases.sum())} of {len(f.cases)}",
                "box holds": _pct(b.mass) if b else "",
                "coverage": _pct(b.coverage) if b else "",
                "density": _pct(b.density) if b else "",
            }
        )
    doc.table(pd.DataFrame(rows))


def _error_and_inputs(doc: Document, study: Study) -> None:
    """The simulation error, the user's figures and the uncertainties sampled."""
    doc.h(2, "Simulation error and seeds")
    for line in _error_section(study):
        doc.p(line)
    doc.h(2, "Your figures")
    if study.yours.empty:
        doc.p(
            "None given: every figure is the model's default (docs/configuration.md says where each comes from) "
            "or sampled (below). Give yours as key=value after the command, e.g. turnover.rate_annual=0.12."
        )
    else:
        doc.p(
            "Held at your value in every run; a figure the study would otherwise sample is pinned (it is left out "
            "of the scenarios and of PRIM). Everything not listed is the model's default or sampled (below)."
        )
        doc.table(study.yours)
    runs = study.runs
    doc.h(2, "The uncertainties")
    doc.p(
        f"Sampled by Latin hypercube ({len(study.x)} scenarios, scenario.seed "
        f"{int(runs['scenario.seed'].iloc[0])}); every design of a scenario and seed ran with the same values and "
        "seed (common random numbers). sim/sampling/scenarios.py holds the table; docs/decide.md explains it."
    )
    doc.table(
        pd.DataFrame(
            [
                {
                    "parameter": u.name,
                    "key": u.key,
                    "range": f"{u.show(u.lo)} to {u.show(u.hi)}" if u.key in study.x.columns else "yours (pinned)",
                    "basis": u.basis,
                }
                for u in UNCERTAINTIES
            ]  # fmt: skip
        )
    )


def _figures(doc: Document, sweep: Sweep, figs: dict[str, tuple[Any, str]]) -> None:
    """Every figure, and the runs left out."""
    doc.h(2, "Figures")
    for name, (_, alt) in figs.items():
        doc.h(3, alt)
        doc.img(f"{FIGURES}/{name}", alt)
    if len(sweep.failed) or sweep.unfinished:
        doc.p(f"{len(sweep.failed)} runs failed and {sweep.unfinished} are unfinished; they are left out.")


def _effort_table(study: Study) -> pd.DataFrame:
    """Per design: hours, cost, and each goal's total and per-unit medians."""
    rows = []
    c = study.currency
    for p in study.policies:
        if p == NONE or p not in study.effort.index:
            continue
        e = study.effort.loc[p]
        row = {
            "design": p,
            "programme hours": f"{e['hours_median']:,.0f}",
            "programme cost": amount(e["cost_median"], c),
        }
        for g in rb.GOALS:
            fmt = _goal_fmt(study, g.column)
            if g.column != "net_benefit":  # two decimals: a few hours' worth is a small share of a person
                row[f"{g.name} per 1,000 h"] = f"{e[f'{g.column}_per_1000h']:+.2f}"
            row[f"{g.name} per 100,000 {c}"] = (
                fmt(e[f"{g.column}_per_100k"]) if g.column == "net_benefit" else f"{e[f'{g.column}_per_100k']:+.2f}"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _per_goal_table(study: Study, cells) -> pd.DataFrame:
    """One row per design, the columns ``cells(fmt, robustness row)`` gives for each goal, prefixed by the goal."""
    rows = []
    for p in study.policies:
        row = {"design": p}
        for g in rb.GOALS:
            fmt = _goal_fmt(study, g.column)
            row.update({f"{g.name}: {k}": v for k, v in cells(fmt, study.robust[g.column].loc[p]).items()})
        rows.append(row)
    return pd.DataFrame(rows)
