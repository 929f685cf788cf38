"""The report of a sweep that compares conditions (designs, by default) against a baseline.

Findings in plain words, figures (knowledge over time, tacit knowledge lost, retention,
engagement, outcome per mentoring hour) and, per measure, each condition's mean, its
difference from the baseline and the effect size; ``comparison.csv`` holds the same numbers
unrounded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.analysis import figures
from sim.analysis.comparison import MEASURES, MONEY_UNIT, Measure, Plan, compare, derive, make_plan
from sim.analysis.document import FIGURES, RUNS, Document, Sweep, write_report
from sim.analysis.findings import best, findings, period_words, reach_or_quality, size_word, warm_start_note
from sim.analysis.gather import load_employees, load_timeseries
from sim.economics import amount

COMPARISON = "comparison.csv"


def write(sweep: Sweep, compare_key: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """Compare ``compare_key``'s values (default: the experiment's, else the design) against ``baseline``."""
    plan = make_plan(sweep.ok, compare_key, baseline)
    runs = derive(sweep.ok, plan)
    ts = load_timeseries(sweep.sweep_dir, runs)
    comp = compare(runs, plan)
    years = float(sweep.ok["years"].iloc[0])
    employees = load_employees(sweep.sweep_dir, runs)
    colours = figures.palette(runs, plan)

    figs = {
        "knowledge_curves.png": (figures.curves(ts, colours), "Explicit and tacit knowledge over time"),
        "tacit_lost.png": (
            figures.per_condition(
                runs,
                colours,
                "tacit_lost_total",
                "Tacit knowledge lost (full-expert equivalents)",
                f"Tacit knowledge that left with leavers over {period_words(years)}",
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

    doc = _document(sweep, plan, comp, years, figs)
    return write_report(sweep, doc, f"Sweep report: {sweep.sweep_dir.name}", figs, {COMPARISON: comp}, plan)


def _fmt_ci(m: Measure, mean: float, lo: float, hi: float) -> str:
    f = m.fmt
    if not np.isfinite(mean):
        return "n/a"
    if not np.isfinite(lo):
        return f.format(mean)
    return f"{f.format(mean)} ({f.format(lo)} to {f.format(hi)})"


def _fmt_diff(m: Measure, d: float, lo: float, hi: float) -> str:
    if not np.isfinite(d):
        return ""
    f = m.fmt.replace("{:", "{:+")
    return f"{f.format(d)} ({f.format(lo)} to {f.format(hi)})" if np.isfinite(lo) else f.format(d)


def _money_lines(comp: pd.DataFrame, plan: Plan, currency: str, years: float) -> list[str]:
    """A sentence per programme condition: its cost, the replacements it saved, its net benefit with the interval."""
    rows = comp.set_index(["stratum", "condition", "measure"])
    out = []
    base = plan.label(plan.baseline)
    for stratum, cond in dict.fromkeys(zip(comp["stratum"], comp["condition"], strict=True)):
        if cond == base or (stratum, cond, "net_benefit") not in rows.index:
            continue
        cost = rows.loc[(stratum, cond, "programme_cost"), "mean"]
        saved = rows.loc[(stratum, cond, "avoided_replacement_cost"), "mean"]
        net = rows.loc[(stratum, cond, "net_benefit")]
        if not np.isfinite(net["mean"]) or cost == 0:
            continue
        where = f" ({stratum})" if stratum else ""
        gained = ""
        if (stratum, cond, "productivity_gained") in rows.index:
            g = rows.loc[(stratum, cond, "productivity_gained"), "mean"]
            gained = f", {'gained' if g >= 0 else 'lost'} {amount(abs(g), currency)} of output"
        text = (
            f"{cond[0].upper() + cond[1:]}{where} cost {amount(cost, currency)} over {period_words(years)}, "
            f"saved {amount(saved, currency)} in replacing leavers{gained}: net {amount(net['mean'], currency)} "
            f"(95% CI {amount(net['low'], currency)} to {amount(net['high'], currency)})"
        )
        if (stratum, cond, "roi_pct") in rows.index and np.isfinite(rows.loc[(stratum, cond, "roi_pct"), "mean"]):
            r = rows.loc[(stratum, cond, "roi_pct")]
            text += f", a return of {r['mean']:+.0f}% (95% CI {r['low']:+.0f}% to {r['high']:+.0f}%)"
        if (stratum, cond, "net_benefit_without_productivity") in rows.index:
            cash = rows.loc[(stratum, cond, "net_benefit_without_productivity")]
            text += (
                f"; without the productivity line, net {amount(cash['mean'], currency)} "
                f"({amount(cash['low'], currency)} to {amount(cash['high'], currency)})"
            )
        out.append(text + ".")
    return out


def _legacy_lines(comp: pd.DataFrame, plan: Plan, years: float) -> list[str]:
    """A sentence per condition whose mentoring ties left informal ties: how many across teams, still there, how long they last."""
    rows = comp.set_index(["stratum", "condition", "measure"])
    out = []
    for stratum, cond in dict.fromkeys(zip(comp["stratum"], comp["condition"], strict=True)):
        if (stratum, cond, "network_legacy_cross_team") not in rows.index:
            continue
        cross, alive = (
            rows.loc[(stratum, cond, "network_legacy_cross_team")],
            rows.loc[(stratum, cond, "network_legacy_alive_end")],
        )
        if not cross["mean"] > 0:
            continue
        where = f" ({stratum})" if stratum else ""
        text = (
            f"{cond[0].upper() + cond[1:]}{where}: mentoring ties that ended left {cross['mean']:,.0f} informal ties "
            f"across teams over {period_words(years)} (95% CI {cross['low']:,.0f} to {cross['high']:,.0f}), "
            f"{alive['mean']:,.0f} of all the ties it left still there at the end"
        )
        if (stratum, cond, "network_legacy_years_expected") in rows.index:
            life = rows.loc[(stratum, cond, "network_legacy_years_expected")]
            if np.isfinite(life["mean"]):
                text += f"; such a tie lasts about {life['mean']:.1f} years (95% CI {life['low']:.1f} to {life['high']:.1f})"
        out.append(text + ".")
    return out


def _g_words(g: float) -> str:
    """Hedges' g with its size in words: g compares a difference with seed noise, not with what matters."""
    return f"{g:+.2f} ({size_word(g)})" if np.isfinite(g) else ""


def comparison_tables(table: pd.DataFrame, plan: Plan, currency: str = "") -> list[tuple[str, pd.DataFrame]]:
    """Per measure (and stratum), a table for people: each condition's mean, difference, effect size.

    Money measures are in ``currency`` (the runs' ``economics.currency``).
    """
    out = []
    by_col = {m.column: m for m in MEASURES}
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
                        "standardised effect size g (against seed-to-seed noise)": _g_words(r.hedges_g),
                    }
                )
            unit = m.unit.replace(MONEY_UNIT, f"{currency or 'money'}, over the run, undiscounted")
            title = f"{m.name[0].upper()}{m.name[1:]} ({unit})" + (f", {stratum}" if stratum else "")
            out.append((title, pd.DataFrame(rows)))
    return out


def _document(sweep: Sweep, plan: Plan, comp: pd.DataFrame, years: float, figs: dict[str, Any]) -> Document:
    """The document: what was run, the findings, the figures and a table per measure."""
    sweep_dir, ok, failed, unfinished = sweep.sweep_dir, sweep.ok, sweep.failed, sweep.unfinished
    doc = Document()
    doc.h(1, f"Sweep report: {sweep_dir.name}")
    n_emp = sorted(set(ok["n_employees"].astype(int)))
    what = (
        f"{len(ok)} finished runs of {', '.join(f'{n:,}' for n in n_emp)} employees over {period_words(years)} "
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
    warm = warm_start_note(ok)
    if warm:
        doc.p(warm)
    if len(failed) or unfinished:
        doc.p(
            f"Not included: {len(failed)} failed runs"
            + (f" ({', '.join(failed['run'])}; see each run's error.json)" if len(failed) else "")
            + f" and {unfinished} unfinished runs (no summary.json yet)."
        )

    doc.h(2, "Findings")
    found = findings(comp, plan, years) if plan.compare else []
    if found:
        doc.ul(found)
        for label, measure in (("tacit knowledge", "tacit_mean_final"), ("people kept per 100", "retained_per_100")):
            tops = best(comp, plan, measure)
            if tops:
                doc.p(
                    f"Largest clear gain over {plan.label(plan.baseline)} in {label}: {'; '.join(tops)}. "
                    "Conditions close to it may not differ from it clearly: see the tables below."
                )
        reach = reach_or_quality(comp, plan)
        if reach:
            doc.p("Reach or quality: " + " ".join(reach))
        money = _money_lines(comp, plan, str(ok["currency"].iloc[0]) if "currency" in ok else "", years)
        if money:
            doc.p("Money (docs/economics.md): " + " ".join(money))
        legacy = _legacy_lines(comp, plan, years)
        if legacy:
            doc.p(
                "The network mentoring leaves behind (network.legacy_p, an assumption; docs/model.md 7.15): "
                + " ".join(legacy)
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
    currency = str(ok["currency"].iloc[0]) if "currency" in ok else ""
    for title, t in comparison_tables(comp, plan, currency):
        doc.h(3, title)
        doc.table(t)
    doc.p(f"The same numbers, unrounded: {COMPARISON}. Every run, its config and summary: {RUNS}.")
    return doc
