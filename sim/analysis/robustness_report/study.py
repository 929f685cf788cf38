"""A robustness study read: per goal each design's outcomes over scenarios, its leader and how stable, the money, where leaders fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis import robustness as rb
from sim.analysis import selection
from sim.analysis.comparison import set_by_study
from sim.config import SimConfig, SupportConfig, format_bound, iter_fields
from sim.mechanisms import designs
from sim.sampling.scenarios import BY_KEY, UNCERTAINTIES

NONE = designs.label("none")


#: Bootstrap resamples of each scenario's seeds that the leader of each goal is re-read on.
RESAMPLES = 200


#: A leader holds if it leads in at least this share of the resamples; else the report calls a tie.
LEADER_STABLE = 0.9


#: Designs that lead in at least this share of the resamples are named in a tie.
CONTENDER = 0.1


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
