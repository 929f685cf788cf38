"""The report of a robustness study (sim.studies.robustness): which design to run, for which goal, how sure.

It opens with a page for a leadership team (a recommendation per goal, what it costs and
saves, how often it holds, when it fails, in plain sentences), then the researcher's
detail: per goal each design's share of scenarios in which it is best and within the
margin of the best, its regret, the Pareto front, PRIM's boxes, and the uncertainties
sampled. Outcomes are per scenario, the mean over its seeds; every design of a scenario and
seed ran on the same scenario and seed (common random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from sim.analysis.document import FIGURES, Document, Sweep, write_report  # noqa: E402
from sim.analysis.findings import warm_start_note  # noqa: E402
from sim.config import SupportConfig  # noqa: E402
from sim.economics import amount  # noqa: E402
from sim.mechanisms import designs  # noqa: E402
from sim.studies import robustness as rb  # noqa: E402

NONE = designs.label("none")
REGRET = "regret.csv"
SCENARIOS = "scenarios.csv"


def applies(sweep: Sweep) -> bool:
    """A sweep whose runs took robustness scenarios."""
    return "scenario.index" in sweep.ok and bool((sweep.ok["scenario.index"].astype(int) >= 0).any())


def policy_labels(ok: pd.DataFrame) -> pd.Series:
    """Each run's choice in plain words: its design, and its support when support was a lever."""
    labels = ok["program.design"].map(designs.label)
    basic = SupportConfig()
    levers = [
        c
        for c in ok.columns
        if c.startswith("support.") and c.split(".", 1)[1] not in ("free_hours_per_month", "free_hours_cv")
    ]
    varied = [c for c in levers if ok[c].astype(str).nunique() > 1]
    if not varied:
        return labels
    is_basic = np.ones(len(ok), dtype=bool)
    for c in varied:
        is_basic &= ok[c].astype(str).to_numpy() == str(getattr(basic, c.split(".", 1)[1]))
    support = np.where(is_basic, "", " with full support")
    return labels + pd.Series(support, index=ok.index)


@dataclass
class Study:
    """A robustness study's runs and what the analysis derives from them."""

    runs: pd.DataFrame
    x: pd.DataFrame  # the uncertainties, one row per scenario
    policies: list[str]
    tables: dict[str, pd.DataFrame]  # goal -> scenario x policy (mean over seeds)
    robust: dict[str, pd.DataFrame]  # goal -> per policy: shares, regret, spread
    margins: dict[str, float]
    leaders: dict[str, str]
    currency: str
    seeds: int
    years: float
    payroll: float


def analyse(ok: pd.DataFrame) -> Study:
    """Every goal's per-scenario table, each policy's robustness, and the leader per goal."""
    runs = rb.outcomes(ok)
    runs["policy"] = policy_labels(ok)
    # No programme with full support is no programme (a run without one never reads the support levers).
    runs = runs[~((runs["program.design"] == "none") & (runs["policy"] != NONE))]
    count, seed = int(runs["scenario.count"].iloc[0]), int(runs["scenario.seed"].iloc[0])
    scenarios = sorted(runs["scenario.index"].astype(int).unique())
    x = rb.scenario_frame(count, seed).loc[scenarios]
    order = list(dict.fromkeys(runs["policy"].tolist()))
    policies = [NONE, *[p for p in order if p != NONE]] if NONE in order else order
    payroll = float(runs["payroll_annual"].median())
    margins = rb.goal_margins(payroll)
    tables, robust, leaders = {}, {}, {}
    for g in rb.GOALS:
        t = rb.by_scenario(runs, "policy", g.column).reindex(columns=policies).dropna()
        tables[g.column] = t
        r = rb.regret(t, margins[g.column])
        robust[g.column] = r
        leaders[g.column] = str(r.sort_values(["within_share", "best_share", "median"], ascending=False).index[0])
    return Study(
        runs=runs,
        x=x,
        policies=policies,
        tables=tables,
        robust=robust,
        margins=margins,
        leaders=leaders,
        currency=str(runs["currency"].iloc[0]),
        seeds=int(runs["seed"].nunique()),
        years=float(runs["years"].iloc[0]),
        payroll=payroll,
    )


def _years(years: float) -> str:
    return "1 year" if round(years, 1) == 1.0 else f"{years:.3g} years"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _range(values: np.ndarray, fmt) -> str:
    lo, hi = np.quantile(values, [0.05, 0.95])
    return f"{fmt(np.median(values))} (90% of scenarios: {fmt(lo)} to {fmt(hi)})"


def money_by_policy(study: Study) -> pd.DataFrame:
    """Per policy, over scenarios (mean of seeds): cost, replacement avoided, net, share paying back."""
    cols = ["programme_cost", "avoided_replacement_cost", "net_benefit"]
    per = study.runs.groupby(["policy", "scenario.index"], observed=True)[cols].mean()
    rows = {}
    for policy in study.policies:
        if policy not in per.index.get_level_values(0):
            continue
        p = per.loc[policy]
        rows[policy] = {
            **{f"{c}_median": float(p[c].median()) for c in cols},
            **{f"{c}_p05": float(p[c].quantile(0.05)) for c in cols},
            **{f"{c}_p95": float(p[c].quantile(0.95)) for c in cols},
            "pays_back_share": float((p["net_benefit"] > 0).mean()),
        }
    return pd.DataFrame(rows).T


@dataclass
class Failure:
    """Where a policy fails a goal: the cases and PRIM's box."""

    policy: str
    goal: str
    what: str
    cases_word: str
    cases: np.ndarray
    box: rb.Box | None

    def sentence(self) -> str:  # noqa: D102
        return rb.describe(self.box, self.what, self.cases_word)


def failures(study: Study) -> list[Failure]:
    """For each goal's leader: where it loses its lead; for the money leader among programmes: where it does not pay back."""
    out = []
    for g in rb.GOALS:
        leader = study.leaders[g.column]
        t = study.tables[g.column]
        short = t.max(axis=1) - t[leader]
        y = (short > study.margins[g.column] + 1e-12).to_numpy()
        x = study.x.loc[t.index]
        if leader == NONE:  # doing nothing leads: where does a programme beat it?
            what = f"a programme beats no programme on {g.name}"
            cases = f"scenarios where a programme does better on {g.name} by more than the margin"
        else:
            what = f"{leader} loses its lead on {g.name}"
            cases = f"scenarios where another design does better on {g.name} by more than the margin"
        out.append(Failure(leader, g.column, what, cases, y, rb.discover(x, y)))
    money = study.tables["net_benefit"]
    programmes = [p for p in study.policies if p != NONE]
    if programmes:
        best = max(programmes, key=lambda p: float(money[p].median()))
        y = (money[best] <= 0).to_numpy()
        out.append(
            Failure(
                best,
                "pays_back",
                f"{best} does not pay back",
                f"scenarios where {best} does not pay back",
                y,
                rb.discover(study.x.loc[money.index], y),
            )
        )
    return out


# -- figures ----------------------------------------------------------------------------------


def _colours(policies: list[str]) -> dict[str, tuple]:
    pal = sns.color_palette("colorblind", max(len(policies) - 1, 1))
    out, i = {}, 0
    for p in policies:
        if p == NONE:
            out[p] = matplotlib.colors.to_rgb("#555555")
        else:
            out[p] = pal[i % len(pal)]
            i += 1
    return out


def goals_figure(study: Study) -> plt.Figure:
    """Each goal's spread over scenarios per design: against no programme, with the median marked."""
    fig, axes = plt.subplots(1, len(rb.GOALS), figsize=(5.2 * len(rb.GOALS), 0.55 * len(study.policies) + 2.2))
    colours = _colours(study.policies)
    for ax, g in zip(axes, rb.GOALS, strict=True):
        t = study.tables[g.column]
        scale = 1e3 if g.column == "net_benefit" else 1.0
        long = t.melt(var_name="design", value_name="value")
        long["value"] = long["value"] / scale
        sns.boxplot(
            data=long,
            y="design",
            x="value",
            hue="design",
            order=study.policies,
            palette=colours,
            whis=(5, 95),
            showfliers=False,
            legend=False,
            ax=ax,
        )
        ax.axvline(0, color="#333333", lw=0.8, ls="--")
        unit = f"thousand {study.currency}, {study.years:.0f} years" if g.column == "net_benefit" else g.unit
        ax.set_xlabel(f"{g.name} vs no programme\n({unit})")
        ax.set_ylabel("")
        ax.set_title(g.name[0].upper() + g.name[1:])
        if ax is not axes[0]:
            ax.set_yticklabels([])
    fig.suptitle(
        f"Across {len(study.x)} scenarios of the model's uncertain parameters "
        f"(each the mean of {study.seeds} seeds): box 25-75%, whiskers 5-95%, line median",
        fontsize=10,
    )
    fig.tight_layout()
    return fig


def regret_figure(study: Study) -> plt.Figure:
    """Each design's regret per goal: median bar, 90th percentile marker."""
    fig, axes = plt.subplots(1, len(rb.GOALS), figsize=(5.2 * len(rb.GOALS), 0.55 * len(study.policies) + 2.2))
    colours = _colours(study.policies)
    for ax, g in zip(axes, rb.GOALS, strict=True):
        r = study.robust[g.column].reindex(study.policies)
        scale = 1e3 if g.column == "net_benefit" else 1.0
        y = np.arange(len(r))
        ax.barh(y, r["regret_median"] / scale, color=[colours[p] for p in r.index])
        ax.scatter(r["regret_p90"] / scale, y, marker="|", s=200, color="#222222", label="90th percentile", zorder=3)
        ax.set_yticks(y, r.index if ax is axes[0] else [""] * len(r))
        ax.invert_yaxis()
        unit = f"thousand {study.currency}" if g.column == "net_benefit" else g.unit
        ax.set_xlabel(f"shortfall from the best design in the scenario\n({unit})")
        ax.set_title(f"Regret on {g.name}")
        ax.set_xlim(left=0)
    axes[0].legend(loc="lower right", fontsize=8)
    fig.suptitle(
        "Regret: how far each design falls short of the best one, scenario by scenario (bar: median)", fontsize=10
    )
    fig.tight_layout()
    return fig


def pareto_figure(study: Study, front: pd.Series) -> plt.Figure:
    """Median know-how kept against median net money per design; the Pareto front (all three goals) ringed."""
    fig, ax = plt.subplots(figsize=(7.5, 5.2))
    colours = _colours(study.policies)
    kn = study.robust["tacit_kept"]["median"]
    money = study.robust["net_benefit"]["median"] / 1e3
    people = study.robust["people_kept"]["median"]
    span_x = max(float(money.max() - money.min()), 1e-9)
    span_y = max(float(kn.max() - kn.min()), 1e-9)
    placed: list[tuple[float, float]] = []
    for p in study.policies:
        ax.scatter(money[p], kn[p], s=90, color=colours[p], zorder=3, edgecolor="black" if front[p] else "none", lw=1.5)
        # a design next to one already labelled (senior and reverse mentoring often are) gets its label below
        near = sum(abs(money[p] - x) < 0.08 * span_x and abs(kn[p] - y) < 0.08 * span_y for x, y in placed)
        placed.append((money[p], kn[p]))
        ax.annotate(f"{p}\n({people[p]:+.1f} people per 100)", (money[p], kn[p]), textcoords="offset points",
                    xytext=(6, 4 - 26 * near), fontsize=8)  # fmt: skip
    ax.axvline(0, color="#333333", lw=0.8, ls="--")
    ax.set_xlabel(f"net money, median over scenarios (thousand {study.currency}, {study.years:.0f} years)")
    ax.set_ylabel("know-how kept, median over scenarios\n(full-expert equivalents per 100 employees)")
    ax.set_title("Trade-offs: ringed designs are on the Pareto front (no design is better on all three goals)")
    ax.title.set_fontsize(9)
    fig.tight_layout()
    return fig


def box_figure(study: Study, fail: Failure) -> plt.Figure | None:
    """The scenarios on the box's two main uncertainties, the cases marked and PRIM's box drawn."""
    if fail.box is None:
        return None
    keys = list(fail.box.limits)[:2]
    x = study.x.loc[study.tables["net_benefit" if fail.goal == "pays_back" else fail.goal].index]
    if len(keys) == 1:
        others = [k for k in x.columns if k not in keys]
        keys.append(others[0])
    ux, uy = (rb.BY_KEY[k] for k in keys)
    fig, ax = plt.subplots(figsize=(6.8, 5.2))
    scale = [100.0 if u.percent else 1.0 for u in (ux, uy)]
    ax.scatter(x[keys[0]][~fail.cases] * scale[0], x[keys[1]][~fail.cases] * scale[1], s=16, color="#9ecae1",
               label="other scenarios")  # fmt: skip
    ax.scatter(x[keys[0]][fail.cases] * scale[0], x[keys[1]][fail.cases] * scale[1], s=22, color="#d62728",
               marker="x", label=fail.cases_word)  # fmt: skip
    lims = []
    for k, s in zip(keys, scale, strict=True):
        lo, hi = fail.box.limits.get(k, (None, None))
        lims.append(((x[k].min() if lo is None else lo) * s, (x[k].max() if hi is None else hi) * s))
    (x0, x1), (y0, y1) = lims
    ax.add_patch(plt.Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, lw=2, color="black", label="PRIM's box"))
    ax.set_xlabel(ux.name + (" (%)" if ux.percent else ""))
    ax.set_ylabel(uy.name + (" (%)" if uy.percent else ""))
    ax.set_title(
        f"{fail.what[0].upper() + fail.what[1:]}: coverage {_pct(fail.box.coverage)}, density {_pct(fail.box.density)}",
        fontsize=9,
    )
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


# -- the document -------------------------------------------------------------------------------


def write(sweep: Sweep, compare: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """The decision report of a robustness study."""
    study = analyse(sweep.ok)
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
    doc = _document(sweep, study, money, fails, front, figs)
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


def _goal_fmt(study: Study, goal: str):
    if goal == "net_benefit":
        return lambda v: amount(v, study.currency)
    g = next(g for g in rb.GOALS if g.column == goal)
    return lambda v: g.fmt.format(v)


def _document(sweep, study: Study, money: pd.DataFrame, fails: list[Failure], front: pd.Series, figs) -> Document:
    doc = Document()
    runs = study.runs
    n_emp = int(runs["n_employees"].iloc[0])
    org = "your roster" if str(runs["org.kind"].iloc[0]) == "roster" else "a synthetic organisation"
    doc.h(1, "Which mentoring programme should we run?")
    doc.p(
        f"{org[0].upper() + org[1:]} of {n_emp:,} employees, simulated for {_years(study.years)} under each of "
        f"{len(study.policies)} choices, in {len(study.x)} scenarios of what the model does not know (how much a "
        f"meeting teaches, how strongly engagement drives leaving, how many volunteer, turnover, the cost of "
        f"replacing a leaver, ...), {study.seeds} seed{'s' if study.seeds > 1 else ''} each: {len(runs):,} runs. Money in {study.currency}, "
        "undiscounted, over the whole period."
    )
    warm = warm_start_note(runs)
    if warm:
        doc.p(warm)
    doc.h(2, "Summary for decision makers")
    items = []
    for g in rb.GOALS:
        lead = study.leaders[g.column]
        r = study.robust[g.column].loc[lead]
        fmt = _goal_fmt(study, g.column)
        margin = fmt(study.margins[g.column]).lstrip("+")
        unit = "" if g.column == "net_benefit" else f" {g.unit}"
        title = g.name[0].upper() + g.name[1:]
        sure = "" if r["within_share"] >= 0.5 else " (no design is reliably the best)"
        text = (
            f"**{title}: {lead}**{sure}. As good as the best (within {margin}{unit}) in "
            f"{_pct(r['within_share'])} of the scenarios, the best in {_pct(r['best_share'])}"
        )
        if lead == NONE:
            others = study.robust[g.column].drop(index=NONE)
            runner = str(others.sort_values(["within_share", "median"], ascending=False).index[0])
            text += (
                f"; the best programme on this goal, {runner}, is as good as the best in "
                f"{_pct(others.loc[runner, 'within_share'])}, at "
                f"{_range(study.tables[g.column][runner].to_numpy(), fmt)}{unit} against no programme."
            )
        else:
            text += f"; against no programme {_range(study.tables[g.column][lead].to_numpy(), fmt)}{unit}."
        items.append(text)
    doc.ul(items)
    programmes = [p for p in study.policies if p != NONE and p in money.index]
    if programmes:
        best = max(programmes, key=lambda p: money.loc[p, "net_benefit_median"])
        m = money.loc[best]
        c = study.currency
        avoided = m["avoided_replacement_cost_median"]
        saves = (
            f"saves {amount(avoided, c)} in replacing leavers"
            if avoided >= 0
            else f"adds {amount(-avoided, c)} to the cost of replacing leavers"
        )
        doc.p(
            f"**What it costs.** Of the programmes, {best} has the highest median net benefit: it costs "
            f"{amount(m['programme_cost_median'], c)} over {_years(study.years)} (90% of scenarios "
            f"{amount(m['programme_cost_p05'], c)} to {amount(m['programme_cost_p95'], c)}), {saves}, and nets "
            f"{amount(m['net_benefit_median'], c)} ({amount(m['net_benefit_p05'], c)} to "
            f"{amount(m['net_benefit_p95'], c)}); it pays back in {_pct(m['pays_back_share'])} of the scenarios. "
            f"A year's payroll is about {amount(study.payroll, c)}."
        )
    doc.p("**When the answer changes.**")
    doc.ul([f.sentence() for f in fails])
    doc.p(
        "**How to read this.** These are consequences of the model's assumptions over the ranges listed under "
        "'The uncertainties' below, not forecasts: a design that wins in most scenarios is a robust choice under "
        "those assumptions. Shares count scenarios, each the mean of its seeds; seed-to-seed noise within a "
        "scenario is of the order of the differences between designs on people kept."
    )
    doc.h(2, "Each design, goal by goal")
    shown = _per_goal_table(
        study,
        lambda fmt, r: {
            "median vs none": fmt(r["median"]),
            "best in": _pct(r["best_share"]),
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
    doc.h(3, "Money")
    rows = []
    for p in money.index:
        m = money.loc[p]
        rows.append(
            {
                "design": p,
                "programme cost": amount(m["programme_cost_median"], study.currency),
                "replacement cost avoided": amount(m["avoided_replacement_cost_median"], study.currency),
                "net benefit (median)": amount(m["net_benefit_median"], study.currency),
                "net benefit, 90% of scenarios": f"{amount(m['net_benefit_p05'], study.currency)} to "
                f"{amount(m['net_benefit_p95'], study.currency)}",
                "pays back in": _pct(m["pays_back_share"]),
            }
        )
    doc.table(pd.DataFrame(rows))
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
                "design": f.policy,
                "fails when": "; ".join(b.conditions()) if b else "(no simple region)",
                "failing scenarios": f"{int(f.cases.sum())} of {len(f.cases)}",
                "box holds": _pct(b.mass) if b else "",
                "coverage": _pct(b.coverage) if b else "",
                "density": _pct(b.density) if b else "",
            }
        )
    doc.table(pd.DataFrame(rows))
    doc.h(2, "The uncertainties")
    doc.p(
        f"Sampled by Latin hypercube ({len(study.x)} scenarios, scenario.seed "
        f"{int(runs['scenario.seed'].iloc[0])}); every design of a scenario and seed ran with the same values and "
        "seed (common random numbers). sim/studies/robustness.py holds the table; docs/decide.md explains it."
    )
    doc.table(
        pd.DataFrame(
            [
                {"parameter": u.name, "key": u.key, "range": f"{u.show(u.lo)} to {u.show(u.hi)}", "basis": u.basis}
                for u in rb.UNCERTAINTIES
            ]  # fmt: skip
        )
    )
    doc.h(2, "Figures")
    for name, (_, alt) in figs.items():
        doc.h(3, alt)
        doc.img(f"{FIGURES}/{name}", alt)
    if len(sweep.failed) or sweep.unfinished:
        doc.p(f"{len(sweep.failed)} runs failed and {sweep.unfinished} are unfinished; they are left out.")
    return doc
