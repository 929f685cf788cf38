"""What a sweep compares: its conditions and strata, the per-run measures, each condition against the baseline.

Pure functions of the tidy table :func:`sim.analysis.gather.gather` builds (one row per run). A sweep
compares the values of one config key, ``report.compare`` (by default the programme
design), against a baseline value (``report.baseline``, by default ``none``); every other
swept key (apart from the seed) splits the runs into *strata*, and comparisons are made
within a stratum only, so a design at 20% turnover is compared with no programme at 20%.
Statistics: :mod:`sim.analysis.statistics`; sentences: :mod:`sim.analysis.findings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.statistics import diff_ci, hedges_g, mean_ci
from sim.mechanisms import designs
from sim.mechanisms.matching import STRATEGY_NAMES


def _is_config_column(name: str) -> bool:
    # A scenario's or sample's values (summary.json's scenario_values, parameters) follow from its row.
    return ("." in name and not name.startswith(("scenario_values.", "parameters."))) or name in ("seed", "steps")


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
        return designs.label(str(value))
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
    keys = [
        c
        for c in ok.columns
        if _is_config_column(c) and c not in ("seed",) and not c.startswith("report.") and not set_by_study(ok, c)
    ]
    return [c for c in keys if ok[c].astype(str).nunique() > 1]


def set_by_study(table: pd.DataFrame, key: str) -> bool:
    """Tell whether a study's scenario or sample set ``key`` in these runs (it follows from the row, not swept)."""
    return f"scenario_values.{key}" in table.columns or f"parameters.{key}" in table.columns


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


@dataclass(frozen=True)
class Measure:
    """A per-run outcome: its column, its name and unit for people, how to print it."""

    column: str
    name: str
    unit: str
    fmt: str


#: The unit of money measures; reports name the runs' currency in its place.
MONEY_UNIT = "money"

MEASURES: tuple[Measure, ...] = (
    Measure("tacit_mean_final", "tacit knowledge at the end", "mean, 0-1 scale", "{:.3f}"),
    Measure("knowledge_mean_final", "explicit knowledge at the end", "mean, 0-1 scale", "{:.3f}"),
    Measure("engagement_mean_final", "engagement at the end", "mean, 0-1 scale", "{:.3f}"),
    Measure("retained_per_100", "people still employed", "per 100 employed at the start", "{:.1f}"),
    Measure("turnover_pct", "turnover", "% a year", "{:.1f}"),
    Measure("tacit_lost_total", "tacit knowledge lost to leavers", "full-expert equivalents", "{:.1f}"),
    Measure("programme_hours_total", "time spent in mentoring", "hours, all participants", "{:,.0f}"),
    # Money (sim.economics): each run against the same seed without a programme.
    Measure("programme_cost", "programme cost", MONEY_UNIT, "{:,.0f}"),
    Measure("avoided_replacement_cost", "replacement cost avoided", MONEY_UNIT, "{:,.0f}"),
    Measure("productivity_gained", "productivity gained", MONEY_UNIT, "{:,.0f}"),
    Measure("net_benefit", "net benefit", MONEY_UNIT, "{:,.0f}"),
    Measure("roi_pct", "return on investment", "% of programme cost", "{:.0f}"),
    Measure("net_benefit_without_productivity", "net benefit without productivity", MONEY_UNIT, "{:,.0f}"),
    Measure(
        "roi_without_productivity_pct", "return on investment without productivity", "% of programme cost", "{:.0f}"
    ),
    Measure(
        "tacit_gain_per_1000h", "tacit knowledge gained per 1,000 mentoring hours", "full-expert equivalents", "{:.2f}"
    ),
    # Reach and quality apart (summary.json's tacit_transferred_total, tacit_per_meeting, tacit_per_participant).
    Measure("participants_ever", "people reached", "people ever in a tie", "{:,.0f}"),
    Measure("meetings_total", "meetings held", "meetings over the run", "{:,.0f}"),
    Measure("tacit_transferred_total", "tacit know-how passed along ties", "full-expert equivalents", "{:.1f}"),
    Measure(
        "tacit_per_100_meetings", "know-how passed per meeting", "full-expert equivalents per 100 meetings", "{:.3f}"
    ),
    Measure(
        "tacit_per_100_participants",
        "know-how passed per person reached",
        "full-expert equivalents per 100 people",
        "{:.2f}",
    ),
    # The network mentoring leaves behind (network.legacy_p > 0; sim.mechanisms.contacts).
    Measure("network_legacy_ties", "informal ties mentoring left", "ties over the run", "{:,.0f}"),
    Measure("network_legacy_cross_team", "informal ties mentoring left across teams", "ties over the run", "{:,.0f}"),
    Measure("network_legacy_alive_end", "ties mentoring left still there at the end", "ties", "{:,.0f}"),
    Measure("network_legacy_years_expected", "how long a tie mentoring left lasts", "years, expected", "{:.1f}"),
)
#: The measures that tell reach from quality (findings.reach_or_quality).
REACH = (
    "participants_ever",
    "meetings_total",
    "tacit_transferred_total",
    "tacit_per_100_meetings",
    "tacit_per_100_participants",
)


def derive(ok: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Add the derived per-run measures: people kept per 100, turnover and returns in %, gain per 1,000 hours.

    The gain of a run is its final mean tacit knowledge minus the mean of its stratum's
    baseline runs, times its headcount (a full-expert equivalent is one person at 1.0 on
    every skill), per 1,000 hours of everyone's time in mentoring meetings. Baseline runs
    and runs without mentoring hours have none.
    """
    out = with_conditions(ok, plan)
    out["retained_per_100"] = 100.0 * pd.to_numeric(out.get("retention_all"), errors="coerce")
    out["turnover_pct"] = 100.0 * pd.to_numeric(out.get("annual_turnover_rate"), errors="coerce")
    for roi in ("roi", "roi_without_productivity"):  # None where nothing was spent: no return to speak of
        out[f"{roi}_pct"] = 100.0 * pd.to_numeric(out.get(roi, pd.Series(np.nan, index=out.index)), errors="coerce")
    is_base = out["condition"] == plan.label(plan.baseline)
    base_tacit = out[is_base].groupby("stratum", observed=True)["tacit_mean_final"].mean()
    gain = (out["tacit_mean_final"] - out["stratum"].map(base_tacit)) * out["n_employees"]
    hours = pd.to_numeric(out.get("programme_hours_total"), errors="coerce")
    out["tacit_gain_per_1000h"] = (gain / (hours / 1000.0)).where(~is_base & (hours > 0))
    for per, column in (
        ("tacit_per_meeting", "tacit_per_100_meetings"),
        ("tacit_per_participant", "tacit_per_100_participants"),
    ):
        out[column] = 100.0 * pd.to_numeric(out.get(per, pd.Series(np.nan, index=out.index)), errors="coerce")
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
