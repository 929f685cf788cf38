"""The decision report's words: durations, shares, returns, ranges, the simulation error and the sequential study in sentences."""

from __future__ import annotations

import numpy as np

from sim.analysis import robustness as rb
from sim.analysis.robustness_report.study import NONE, RESAMPLES, Study
from sim.economics import amount


def _years(years: float) -> str:
    return "1 year" if round(years, 1) == 1.0 else f"{years:.3g} years"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _roi(value: float) -> str:
    """A return on investment as a percentage (n/a where nothing was spent)."""
    return "n/a" if value is None or not np.isfinite(value) else f"{100 * value:+.0f}%"


def _goal_fmt(study: Study, goal: str):
    if goal == "net_benefit":
        return lambda v: amount(v, study.currency)
    g = next(g for g in rb.GOALS if g.column == goal)
    return lambda v: g.fmt.format(v)


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
