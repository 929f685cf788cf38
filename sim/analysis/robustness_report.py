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
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from sim.analysis import robustness as rb  # noqa: E402
from sim.analysis import selection  # noqa: E402
from sim.analysis.comparison import set_by_study  # noqa: E402
from sim.analysis.document import FIGURES, Document, Sweep, write_report  # noqa: E402
from sim.analysis.findings import warm_start_note  # noqa: E402
from sim.config import SimConfig, SupportConfig, format_bound, iter_fields  # noqa: E402
from sim.economics import amount  # noqa: E402
from sim.mechanisms import designs  # noqa: E402
from sim.sampling.scenarios import BY_KEY, UNCERTAINTIES  # noqa: E402

NONE = designs.label("none")
REGRET = "regret.csv"
SCENARIOS = "scenarios.csv"
#: Bootstrap resamples of each scenario's seeds that the leader of each goal is re-read on.
RESAMPLES = 200
#: A leader holds if it leads in at least this share of the resamples; else the report calls a tie.
LEADER_STABLE = 0.9
#: Designs that lead in at least this share of the resamples are named in a tie.
CONTENDER = 0.1
#: What the sequential study (python -m sim.decide --seeds auto) records in its folder.
SELECTION = "selection.json"


def applies(sweep: Sweep) -> bool:
    """A sweep whose runs took robustness scenarios."""
    return "scenario.index" in sweep.ok and bool((sweep.ok["scenario.index"].astype(int) >= 0).any())


def policy_labels(ok: pd.DataFrame) -> pd.Series:
    """Each run's choice in plain words: its design, and its support when support was a lever."""
    labels = ok["program.design"].map(designs.label)
    basic = SupportConfig()
    levers = [c for c in ok.columns if c.startswith("support.") and not set_by_study(ok, c)]
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
    robust: dict[str, pd.DataFrame]  # goal -> per policy: shares, regret, spread, standard error
    margins: dict[str, float]
    leaders: dict[str, str]
    ties: dict[str, selection.Ties]  # goal -> the scenarios' tie calls (rows as tables[goal])
    leader_share: dict[str, dict[str, float]]  # goal -> policy -> share of resamples of the seeds it leads in
    effort: pd.DataFrame  # per policy: each goal per 1,000 programme hours and per 100,000 spent
    seeds_per_scenario: pd.Series
    currency: str
    seeds: int
    years: float
    payroll: float
    yours: pd.DataFrame  # the figures the user gave (your_figures)
    selection_record: dict[str, Any] | None = None  # what --seeds auto did (SELECTION), if it ran


def analyse(ok: pd.DataFrame) -> Study:
    """Every goal's per-scenario table, each policy's robustness, and the leader per goal."""
    runs = rb.outcomes(ok)
    runs["policy"] = policy_labels(ok)
    # No programme with full support is no programme (a run without one never reads the support levers).
    runs = runs[~((runs["program.design"] == "none") & (runs["policy"] != NONE))]
    count, seed = int(runs["scenario.count"].iloc[0]), int(runs["scenario.seed"].iloc[0])
    scenarios = sorted(runs["scenario.index"].astype(int).unique())
    pinned = pinned_keys(ok)
    x = rb.scenario_frame(count, seed).loc[scenarios].drop(columns=pinned)  # a pinned key does not vary
    order = list(dict.fromkeys(runs["policy"].tolist()))
    policies = [NONE, *[p for p in order if p != NONE]] if NONE in order else order
    payroll = float(runs["payroll_annual"].median())
    margins = rb.goal_margins(payroll)
    tables, robust, leaders, ties, stability = {}, {}, {}, {}, {}
    for g in rb.GOALS:
        scenario_ids, values = rb.seed_tables(runs, "policy", g.column, policies)
        calls = selection.tie_table(values, margins[g.column])
        complete = ~np.isnan(calls.mean).any(axis=1)  # scenarios where every policy ran
        values, calls = values[complete], _subset(calls, complete)
        t = pd.DataFrame(calls.mean, index=np.asarray(scenario_ids)[complete], columns=policies)
        tables[g.column], ties[g.column] = t, calls
        r = rb.regret(t, margins[g.column], calls)
        robust[g.column] = r
        leaders[g.column] = _leader(r["within_share"], r["best_share"], r["median"], policies)
        stability[g.column] = _leader_share(values, margins[g.column], policies)
    seeds = runs.groupby("scenario.index")["seed"].nunique()
    return Study(
        runs=runs,
        x=x,
        policies=policies,
        tables=tables,
        robust=robust,
        margins=margins,
        leaders=leaders,
        ties=ties,
        leader_share=stability,
        effort=rb.effort(runs, policies),
        seeds_per_scenario=seeds,
        currency=str(runs["currency"].iloc[0]),
        seeds=int(runs["seed"].nunique()),
        years=float(runs["years"].iloc[0]),
        payroll=payroll,
        yours=your_figures(ok),
    )


def _yours_sentence(study: Study) -> str:
    """The summary's line on whose figures the answer rests."""
    if study.yours.empty:
        return (
            "**Your figures.** None given: the answer rests on the model's defaults and the sampled ranges; "
            "give your own salaries, turnover or costs as key=value (docs/decide.md)."
        )
    listed = "; ".join(
        f"{r['key']} {r['yours']}" + (f" (not sampled over {r['instead of'][8:]})" if r["instead of"] else "")
        for _, r in study.yours.iterrows()
    )
    return f"**Your figures**, held in every run: {listed}. Everything else is the model's default or sampled."


def pinned_keys(runs: pd.DataFrame) -> list[str]:
    """The uncertain keys the study held at the user's value (``scenario.pinned``), in the table's order."""
    if "scenario.pinned" not in runs.columns or runs.empty:
        return []
    given = runs["scenario.pinned"].iloc[0]
    given = set([] if given is None or (isinstance(given, float) and np.isnan(given)) else list(given))
    return [u.key for u in UNCERTAINTIES if u.key in given]


#: Keys that say how the study runs or that it sets itself: not the user's facts.
_STUDY_PREFIXES = ("scenario.", "outputs.", "report.", "checkpoint.", "sensitivity.", "hydra.")
_STUDY_KEYS = {"program.design", "economics.baseline", "seed", "org.kind"}
#: A roster gives these (its path is listed instead).
_ROSTER_SIZES = {"org.n_employees", "org.levels", "org.n_skills"}


def your_figures(runs: pd.DataFrame) -> pd.DataFrame:
    """The figures the user gave: every key held at one value in all runs that is not its default, and every pinned key.

    Columns: key, value (yours), default, and for a pinned key the range the study would have
    sampled. The organisation's sizes are left out (a roster gives them: its path is listed).
    """
    defaults = {key: value for key, value, _ in iter_fields(SimConfig())}
    pinned = pinned_keys(runs)
    roster = "org.kind" in runs.columns and (runs["org.kind"] == "roster").any()
    rows = []
    for key, default in defaults.items():
        if key not in runs.columns or (key not in pinned and (key.startswith(_STUDY_PREFIXES) or key in _STUDY_KEYS)):
            continue
        if roster and key in _ROSTER_SIZES:
            continue
        if key not in pinned and set_by_study(runs, key):
            continue
        shown = runs[key].map(_show_value)
        if shown.nunique() != 1:  # a lever or a swept key, not a figure
            continue
        value = shown.iloc[0]
        if key in pinned or value != _show_value(default):
            u = BY_KEY.get(key)
            rows.append(
                {
                    "key": key,
                    "yours": value,
                    "default": _show_value(default),
                    "instead of": f"sampled {u.show(u.lo)} to {u.show(u.hi)}" if u else "",
                }
            )
    return pd.DataFrame(rows, columns=["key", "yours", "default", "instead of"])


def _show_value(value: Any) -> str:
    """A config value as text, the same for a list read from JSON, YAML or Parquet."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return "[" + ", ".join(_show_value(v) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value)).lower()
    if isinstance(value, (int, float, np.integer, np.floating)):
        return format_bound(float(value))
    return "" if value is None else str(value)


def _subset(calls: selection.Ties, rows: np.ndarray) -> selection.Ties:
    """The tie calls of the scenarios in ``rows``."""
    return selection.Ties(*(getattr(calls, f)[rows] for f in selection.Ties.__dataclass_fields__))


def _leader(within: Any, best: Any, median: Any, policies: list[str]) -> str:
    """The leading policy: the most often within the margin, then the most often best, then the highest median."""
    order = np.lexsort((-np.asarray(median, dtype=float), -np.asarray(best, dtype=float), -np.asarray(within)))
    return policies[int(order[0])]


def _leader_share(x: np.ndarray, margin: float, policies: list[str], draws: int = RESAMPLES) -> dict[str, float]:
    """How often each policy leads when each scenario's seeds are resampled (paired across policies).

    A deterministic bootstrap (its generator seeded 0), so a report reads the same every time.
    """
    rng = np.random.default_rng(0)
    s, r, _ = x.shape
    n = np.sum(~np.isnan(x).all(axis=2), axis=1)  # seeds each scenario ran
    wins: dict[str, int] = dict.fromkeys(policies, 0)
    rows = np.arange(s)[:, None]
    for _ in range(draws):
        pick = np.floor(rng.random((s, r)) * n[:, None]).astype(np.int64)
        sample = x[rows, pick]
        sample[np.arange(r)[None, :] >= n[:, None]] = np.nan  # a scenario keeps its own number of seeds
        calls = selection.tie_table(sample, margin)
        median = np.median(calls.mean, axis=0)
        wins[_leader(calls.within.mean(axis=0), calls.tied.mean(axis=0), median, policies)] += 1
    return {p: w / draws for p, w in wins.items()}


def _years(years: float) -> str:
    return "1 year" if round(years, 1) == 1.0 else f"{years:.3g} years"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _roi(value: float) -> str:
    """A return on investment as a percentage (n/a where nothing was spent)."""
    return "n/a" if value is None or not np.isfinite(value) else f"{100 * value:+.0f}%"


def _range(values: np.ndarray, fmt) -> str:
    lo, hi = np.quantile(values, [0.05, 0.95])
    return f"{fmt(np.median(values))} (90% of scenarios: {fmt(lo)} to {fmt(hi)})"


def money_by_policy(study: Study) -> pd.DataFrame:
    """Per policy, over scenarios (mean of seeds): cost, replacement avoided, net, share paying back."""
    cols = ["programme_cost", "avoided_replacement_cost", "productivity_gained", "net_benefit"]
    cols += ["net_benefit_without_productivity"]
    cols = [c for c in cols if c in study.runs.columns]  # a study run before productivity was priced lacks two
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
            "roi_median": float((p["net_benefit"] / p["programme_cost"]).median()),
        }
        if "net_benefit_without_productivity" in p.columns:
            cash = p["net_benefit_without_productivity"]
            rows[policy]["pays_back_cash_share"] = float((cash > 0).mean())
            rows[policy]["roi_cash_median"] = float((cash / p["programme_cost"]).median())
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
    ux, uy = (BY_KEY[k] for k in keys)
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


def _seeds_words(study: Study) -> str:
    """How many seeds each scenario ran, in words."""
    n = study.seeds_per_scenario
    if n.min() == n.max():
        return f"{int(n.min())} seed{'s' if n.min() > 1 else ''} each"
    return f"{int(n.min())} to {int(n.max())} seeds each (median {n.median():g}), more where designs were close"


def _error_sentence(study: Study) -> str:
    """The median standard error of a design's paired difference from the best, per goal, in words."""
    parts = []
    for g in rb.GOALS:
        se = study.robust[g.column]["se_median"].drop(index=NONE, errors="ignore")
        se = float(np.nanmedian(se)) if se.notna().any() else float("nan")
        if not np.isfinite(se):
            return "With one seed per scenario the simulation error cannot be estimated: nothing is called tied."
        fmt = _goal_fmt(study, g.column)
        unit = "" if g.column == "net_benefit" else f" {g.unit}"
        parts.append(f"{g.name} {fmt(se).lstrip('+')}{unit}")
    return (
        "Simulation error (median standard error of a design's paired difference from the best): "
        + "; ".join(parts)
        + "."
    )


def _error_section(study: Study) -> list[str]:
    """Paragraphs on the simulation error: per goal how often the best stands alone, and the seeds each took."""
    out = [_error_sentence(study)]
    for g in rb.GOALS:
        calls = study.ties[g.column]
        alone = float(calls.sole_best.any(axis=1).mean())
        tied = calls.tied.sum(axis=1)
        share = study.leader_share[g.column]
        stable = ", ".join(f"{p} {_pct(v)}" for p, v in sorted(share.items(), key=lambda kv: -kv[1]) if v > 0)
        out.append(
            f"{g.name[0].upper() + g.name[1:]}: in {_pct(alone)} of the scenarios one design is best with none "
            f"tied; elsewhere {np.median(tied[tied > 1]) if (tied > 1).any() else 0:.0f} designs are tied for best "
            f"(median). Leader over {RESAMPLES} bootstrap resamples of each scenario's seeds: {stable}."
        )
    seq = _sequential(study)
    if seq:
        out.append(seq)
    return out


def _sequential(study: Study) -> str | None:
    """What a sequential study (--seeds auto) did, from the record it left, or None."""
    record = study.selection_record
    if not record:
        return None
    n = study.seeds_per_scenario
    runs = study.runs.groupby("scenario.index").size()
    took = (
        f"Every scenario took {int(n.min())} seeds ({int(runs.min())} runs)"
        if n.min() == n.max()
        else f"Scenarios took {int(n.min())} to {int(n.max())} seeds ({int(runs.min())} to {int(runs.max())} runs, "
        f"median {runs.median():g})"
    )
    return (
        f"Seeds were added where the leading designs were not yet told apart: Kim & Nelson's fully sequential "
        f"procedure KN (2001; indifference zone the goal's margin, 95%), {record['first_stage']} seeds first, then "
        f"{record['step']} at a time, until one design was left or the designs still in were known to within half "
        f"the margin, in {max(r['round'] for r in record['rounds'])} rounds. {took}; {record['stopped']}; "
        f"{record['unresolved']} of {len(n)} scenarios were still unresolved on some goal when it stopped "
        f"({record['runs']:,} runs of a budget of {record['budget']:,})."
    )


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
        f"replacing a leaver, ...), {_seeds_words(study)}: {len(runs):,} runs. Money in {study.currency}, "
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
        share = study.leader_share[g.column]
        if share[lead] >= LEADER_STABLE:
            head = f"**{title}: {lead}** (it leads in {_pct(share[lead])} of resamples of the seeds)"
        else:
            rivals = [p for p, v in sorted(share.items(), key=lambda kv: -kv[1]) if v >= CONTENDER]
            named = " and ".join(rivals) if len(rivals) <= 2 else ", ".join(rivals[:-1]) + " and " + rivals[-1]
            leads = ", ".join(f"{p} in {_pct(share[p])}" for p in rivals)
            head = (
                f"**{title}: a tie between {named}**: the seeds run cannot tell them apart (each leads in some "
                f"resamples of the seeds: {leads}); more seeds would (python -m sim.decide --seeds auto). "
                f"{lead[0].upper() + lead[1:]} leads on these seeds"
            )
        sure = "" if r["within_share"] >= 0.5 else " (no design is reliably the best)"
        text = (
            f"{head}{sure}. As good as the best (within {margin}{unit}) in {_pct(r['within_share'])} of the "
            f"scenarios, the best or tied with it in {_pct(r['best_share'])}"
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
        if "productivity_gained_median" in m.index:
            gained = m["productivity_gained_median"]
            saves += f", {'gains' if gained >= 0 else 'loses'} {amount(abs(gained), c)} of output"
        doc.p(
            f"**What it costs.** Of the programmes, {best} has the highest median net benefit: it costs "
            f"{amount(m['programme_cost_median'], c)} over {_years(study.years)} (90% of scenarios "
            f"{amount(m['programme_cost_p05'], c)} to {amount(m['programme_cost_p95'], c)}), {saves}, and nets "
            f"{amount(m['net_benefit_median'], c)} ({amount(m['net_benefit_p05'], c)} to "
            f"{amount(m['net_benefit_p95'], c)}), a return of {_roi(m['roi_median'])}; it pays back in "
            f"{_pct(m['pays_back_share'])} of the scenarios"
            + (
                f" ({_pct(m['pays_back_cash_share'])} counting cash costs and savings only, "
                f"{amount(m['net_benefit_without_productivity_median'], c)} net)"
                if "pays_back_cash_share" in m.index
                else ""
            )
            + f". A year's payroll is about {amount(study.payroll, c)}."
        )
    doc.p(_yours_sentence(study))
    doc.p("**When the answer changes.**")
    doc.ul([f.sentence() for f in fails])
    doc.p(
        "**How to read this.** These are consequences of the model's assumptions over the ranges listed under "
        "'The uncertainties' below, not forecasts: a design that wins in most scenarios is a robust choice under "
        "those assumptions. Shares count scenarios, each the mean of its seeds. Every design of a scenario ran on "
        "the same seeds and random streams, so designs are compared seed by seed; two designs whose difference "
        "the seeds cannot tell from zero are called tied (95% interval of the paired difference), and a tied "
        "design counts as best too. " + _error_sentence(study)
    )
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
    doc.h(2, "Figures")
    for name, (_, alt) in figs.items():
        doc.h(3, alt)
        doc.img(f"{FIGURES}/{name}", alt)
    if len(sweep.failed) or sweep.unfinished:
        doc.p(f"{len(sweep.failed)} runs failed and {sweep.unfinished} are unfinished; they are left out.")
    return doc
