"""Analysis of a sweep's runs: conditions, confidence intervals, effect sizes, findings.

Pure functions of the tidy table ``sim.report.gather`` builds (one row per run). A sweep
compares the values of one config key, ``report.compare`` (by default the programme
design), against a baseline value (``report.baseline``, by default ``none``); every other
swept key (apart from the seed) splits the runs into *strata*, and comparisons are made
within a stratum only, so a design at 20% turnover is compared with no programme at 20%.

Statistics, with replicates (seeds) as the unit of observation:
- the mean of a condition with a Student t 95% interval, ``mean +- t(0.975, n-1) s / sqrt(n)``;
- the difference of two means with Welch's t interval (unequal variances; Welch 1947);
- the standardised effect size Hedges' g, Cohen's d with the small-sample correction
  ``J = 1 - 3 / (4 (n_a + n_b) - 9)`` (Hedges & Olkin 1985, eq. 5.10).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.mechanisms.matching import STRATEGY_NAMES
from sim.mechanisms.program import DESIGN_NAMES

LEVEL = 0.95


# -- statistics ----------------------------------------------------------------------------


def _finite(values: Sequence[float] | np.ndarray) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[~np.isnan(x)]


def mean_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean and its t interval; NaNs are dropped. Returns (mean, low, high); NaN bounds if n < 2."""
    x = _finite(values)
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = float(x.mean())
    if n < 2:
        return m, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return m, m - half, m + half


def ci_bounds(values: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """The 95% t interval of a mean as (low, high): seaborn's ``errorbar=`` callable."""
    _, lo, hi = mean_ci(values)
    return lo, hi


def diff_ci(baseline: np.ndarray, other: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """``mean(other) - mean(baseline)`` with Welch's t interval: (difference, low, high)."""
    a, b = _finite(baseline), _finite(other)
    if len(a) == 0 or len(b) == 0:
        return math.nan, math.nan, math.nan
    d = float(b.mean() - a.mean())
    if len(a) < 2 or len(b) < 2:
        return d, math.nan, math.nan
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    if se == 0.0:
        return d, d, d
    dof = se**4 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(stats.t.ppf(0.5 + level / 2, dof) * se)
    return d, d - half, d + half


def hedges_g(baseline: np.ndarray, other: np.ndarray) -> float:
    """Hedges' g of ``other`` against ``baseline`` (positive: ``other`` is higher)."""
    a, b = _finite(baseline), _finite(other)
    na, nb = len(a), len(b)
    if na < 2 or nb < 2:
        return math.nan
    pooled = math.sqrt(((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2))
    if pooled == 0.0:
        return math.nan
    return float((b.mean() - a.mean()) / pooled * (1.0 - 3.0 / (4.0 * (na + nb) - 9.0)))


# -- what the sweep compares ---------------------------------------------------------------


def _is_config_column(name: str) -> bool:
    return "." in name or name in ("seed", "steps")


def _same(value: Any, wanted: str) -> bool:
    if str(value) == str(wanted):
        return True
    try:
        return float(value) == float(wanted)
    except (TypeError, ValueError):
        return False


def label_value(key: str, value: Any) -> str:
    """A value of a config key in plain words where we have them (designs, matching)."""
    if key == "program.design":
        return DESIGN_NAMES.get(str(value), str(value))
    if key == "matching.strategy":
        return STRATEGY_NAMES.get(str(value), str(value))
    return f"{key.rsplit('.', 1)[-1].replace('_', ' ')} {_plain(value)}"


@dataclass
class Plan:
    """What a sweep compares: the key, its values in run order (baseline first), the strata."""

    compare: str | None
    baseline: Any
    levels: list[Any]
    strata: list[str] = field(default_factory=list)

    def label(self, value: Any) -> str:
        """A condition's name for people."""
        return "all runs" if self.compare is None else label_value(self.compare, value)

    def stratum_label(self, row: pd.Series | dict[str, Any]) -> str:
        """A stratum's name: its swept keys and values (empty when there are none)."""
        return ", ".join(f"{k}={_plain(row[k])}" for k in self.strata)


def _plain(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def varying_keys(ok: pd.DataFrame) -> list[str]:
    """Config keys (dotted, or top-level ``steps``) with more than one value among the runs, in column order."""
    keys = [c for c in ok.columns if _is_config_column(c) and c not in ("seed",) and not c.startswith("report.")]
    return [c for c in keys if ok[c].astype(str).nunique() > 1]


def make_plan(ok: pd.DataFrame, compare: str | None = None, baseline: str | None = None) -> Plan:
    """Decide the compared key and baseline of a table of finished runs.

    ``compare``/``baseline`` default to the runs' ``report.compare``/``report.baseline``
    (what the experiment declared), then to the programme design and ``none``. A key that
    does not vary in the sweep gives way to the first one that does; a baseline that was not
    run gives way to the key's first value in run order.
    """
    varying = varying_keys(ok)
    if compare is None:
        compare = str(ok["report.compare"].iloc[0]) if "report.compare" in ok else "program.design"
    if baseline is None:
        baseline = str(ok["report.baseline"].iloc[0]) if "report.baseline" in ok else "none"
    if compare not in varying:
        compare = varying[0] if varying else None
    if compare is None:
        return Plan(None, None, [None], [])
    levels = list(dict.fromkeys(ok[compare].tolist()))
    base = next((v for v in levels if _same(v, baseline)), levels[0])
    levels = [base] + [v for v in levels if v != base]
    return Plan(compare, base, levels, [k for k in varying if k != compare])


def with_conditions(ok: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """``ok`` with ``condition`` (plain words, ordered categorical) and ``stratum`` columns."""
    out = ok.copy()
    labels = [plan.label(v) for v in plan.levels]
    raw = out[plan.compare].map(plan.label) if plan.compare else pd.Series("all runs", index=out.index)
    out["condition"] = pd.Categorical(raw, categories=labels, ordered=True)
    out["stratum"] = out.apply(plan.stratum_label, axis=1) if plan.strata else ""
    return out


# -- measures and comparisons --------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A per-run outcome: its column, its name and unit for people, how to print it."""

    column: str
    name: str
    unit: str
    fmt: str


MEASURES: tuple[Measure, ...] = (
    Measure("tacit_mean_final", "tacit knowledge at the end", "mean, 0-1 scale", "{:.3f}"),
    Measure("knowledge_mean_final", "explicit knowledge at the end", "mean, 0-1 scale", "{:.3f}"),
    Measure("engagement_mean_final", "engagement at the end", "mean, 0-1 scale", "{:.3f}"),
    Measure("retained_per_100", "people still employed", "per 100 employed at the start", "{:.1f}"),
    Measure("turnover_pct", "turnover", "% a year", "{:.1f}"),
    Measure("tacit_lost_total", "tacit knowledge lost to leavers", "full-expert equivalents", "{:.1f}"),
    Measure("programme_hours_total", "time spent in mentoring", "hours, all participants", "{:,.0f}"),
    Measure(
        "tacit_gain_per_1000h", "tacit knowledge gained per 1,000 mentoring hours", "full-expert equivalents", "{:.2f}"
    ),
)


def derive(ok: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Add the derived per-run measures: people kept per 100, turnover in %, gain per 1,000 hours.

    The gain of a run is its final mean tacit knowledge minus the mean of its stratum's
    baseline runs, times its headcount (a full-expert equivalent is one person at 1.0 on
    every skill), per 1,000 hours of everyone's time in mentoring meetings. Baseline runs
    and runs without mentoring hours have none.
    """
    out = with_conditions(ok, plan)
    out["retained_per_100"] = 100.0 * pd.to_numeric(out.get("retention_all"), errors="coerce")
    out["turnover_pct"] = 100.0 * pd.to_numeric(out.get("annual_turnover_rate"), errors="coerce")
    is_base = out["condition"] == plan.label(plan.baseline)
    base_tacit = out[is_base].groupby("stratum", observed=True)["tacit_mean_final"].mean()
    gain = (out["tacit_mean_final"] - out["stratum"].map(base_tacit)) * out["n_employees"]
    hours = pd.to_numeric(out.get("programme_hours_total"), errors="coerce")
    out["tacit_gain_per_1000h"] = (gain / (hours / 1000.0)).where(~is_base & (hours > 0))
    return out


def compare(runs: pd.DataFrame, plan: Plan, measures: Sequence[Measure] = MEASURES) -> pd.DataFrame:
    """Each condition against its stratum's baseline, one row per (stratum, condition, measure).

    Columns: stratum, condition, measure, n, mean, low, high (its 95% interval),
    baseline_mean, diff, diff_low, diff_high (Welch 95% interval of the difference) and
    hedges_g. The baseline's own rows have no difference.
    """
    rows = []
    base_label = plan.label(plan.baseline)
    for stratum, group in runs.groupby("stratum", sort=False):
        base = group[group["condition"] == base_label]
        for cond in runs["condition"].cat.categories:
            sel = group[group["condition"] == cond]
            if sel.empty:
                continue
            for m in measures:
                if m.column not in sel:
                    continue
                x = pd.to_numeric(sel[m.column], errors="coerce").to_numpy(dtype=float)
                if np.isnan(x).all():
                    continue
                mean, lo, hi = mean_ci(x)
                row = {"stratum": stratum, "condition": cond, "measure": m.column, "n": int((~np.isnan(x)).sum())}
                row.update(mean=mean, low=lo, high=hi)
                b = pd.to_numeric(base[m.column], errors="coerce").to_numpy(dtype=float) if m.column in base else []
                if cond != base_label and len(b) and not np.isnan(b).all():
                    d, dlo, dhi = diff_ci(b, x)
                    row.update(baseline_mean=float(np.nanmean(b)), diff=d, diff_low=dlo, diff_high=dhi)
                    row["hedges_g"] = hedges_g(b, x)
                rows.append(row)
    cols = ["stratum", "condition", "measure", "n", "mean", "low", "high"]
    cols += ["baseline_mean", "diff", "diff_low", "diff_high", "hedges_g"]
    return pd.DataFrame(rows).reindex(columns=cols)


# -- findings in plain words ---------------------------------------------------------------


def _clear(row: pd.Series) -> bool:
    """True when the 95% interval of the difference excludes zero."""
    return bool(np.isfinite(row["diff_low"]) and (row["diff_low"] > 0 or row["diff_high"] < 0))


def _size(g: float) -> str:
    if not np.isfinite(g):
        return ""
    a = abs(g)
    word = "negligible" if a < 0.2 else "small" if a < 0.5 else "medium" if a < 0.8 else "large"
    return f"{word} effect, g = {g:+.2f}"


def period_words(years: float) -> str:
    """A run's length for people: "5 years", "2.5 years", "8 weeks"."""
    weeks = round(years * 52)
    if weeks < 104 and weeks % 52:
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    y = round(years, 1)
    return f"{y:g} year{'s' if y != 1 else ''}"


def findings(table: pd.DataFrame, plan: Plan, years: float) -> list[str]:
    """Plain-language sentences, one per condition and stratum, from :func:`compare`'s table."""
    out: list[str] = []
    base = plan.label(plan.baseline)
    period = period_words(years)
    for (stratum, cond), g in table.groupby(["stratum", "condition"], sort=False, observed=True):
        if cond == base:
            continue
        by = {r.measure: r for r in g.itertuples(index=False)}
        where = f" ({stratum})" if stratum else ""
        parts: list[str] = []
        n = by["tacit_mean_final"].n if "tacit_mean_final" in by else g["n"].max()
        nb = table[(table.stratum == stratum) & (table.condition == base)]["n"].max()
        if "retained_per_100" in by and np.isfinite(by["retained_per_100"].diff):
            r = pd.Series(by["retained_per_100"]._asdict())
            ci = f"95% CI {r['diff_low']:+.1f} to {r['diff_high']:+.1f}"
            if _clear(r):
                more = "more" if r["diff"] > 0 else "fewer"
                parts.append(f"kept {abs(r['diff']):.1f} {more} people per 100 after {period} ({ci})")
            else:
                parts.append(f"made no clear difference to how many people stayed ({r['diff']:+.1f} per 100, {ci})")
        if "tacit_mean_final" in by and np.isfinite(by["tacit_mean_final"].diff):
            t = pd.Series(by["tacit_mean_final"]._asdict())
            rel = 100 * t["diff"] / t["baseline_mean"] if t["baseline_mean"] else math.nan
            ci = f"95% CI {t['diff_low']:+.3f} to {t['diff_high']:+.3f}; {_size(t['hedges_g'])}"
            if _clear(t):
                verb = "raised" if t["diff"] > 0 else "lowered"
                parts.append(f"{verb} tacit knowledge by {abs(t['diff']):.3f} on the 0-1 scale, {rel:+.1f}% ({ci})")
            else:
                parts.append(f"left tacit knowledge about where it was ({t['diff']:+.3f}, {ci})")
        if "tacit_gain_per_1000h" in by and np.isfinite(by["tacit_gain_per_1000h"].mean):
            h = by["programme_hours_total"].mean if "programme_hours_total" in by else math.nan
            p = by["tacit_gain_per_1000h"]
            parts.append(
                f"for {h:,.0f} hours of mentoring, {p.mean:.2f} full-expert equivalents of tacit knowledge "
                f"per 1,000 hours (95% CI {p.low:.2f} to {p.high:.2f})"
            )
        if parts:
            runs = f"{n} runs each" if n == nb else f"{n} runs against {nb}"
            out.append(f"Compared with {base}{where}, {cond} " + "; ".join(parts) + f" ({runs}).")
    return out


def best(table: pd.DataFrame, plan: Plan, measure: str) -> list[str]:
    """Per stratum, the condition with the largest clear gain over the baseline on ``measure``.

    "Clear": the 95% interval of its difference from the baseline excludes zero. Other
    conditions may not differ clearly from it; the comparison tables say.
    """
    out = []
    sel = table[(table.measure == measure) & table["diff"].notna()]
    for stratum, g in sel.groupby("stratum", sort=False):
        clear = g[g.apply(_clear, axis=1) & (g["diff"] > 0)]
        if clear.empty:
            out.append(f"no condition beat {plan.label(plan.baseline)}" + (f" ({stratum})" if stratum else ""))
        else:
            top = clear.loc[clear["diff"].idxmax()]
            m = next(x for x in MEASURES if x.column == measure)
            diff = m.fmt.replace("{:", "{:+").format(top["diff"])
            out.append(f"{top['condition']} ({diff}" + (f", {stratum})" if stratum else ")"))
    return out
