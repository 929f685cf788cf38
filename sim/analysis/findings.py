"""Findings in plain words: one sentence per condition and stratum, and the clearest gain.

From the table :func:`sim.analysis.comparison.compare` builds. A difference is "clear" when
its 95% interval excludes zero; effect sizes are named as Cohen's conventions (0.2 small,
0.5 medium, 0.8 large).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from sim.analysis.comparison import MEASURES, Plan
from sim.units import WEEKS_PER_YEAR


def _clear(row: pd.Series) -> bool:
    """True when the 95% interval of the difference excludes zero."""
    return bool(np.isfinite(row["diff_low"]) and (row["diff_low"] > 0 or row["diff_high"] < 0))


def warm_start_note(runs: pd.DataFrame) -> str | None:
    """A sentence saying which runs were warm-started, and from what (None when none were)."""
    if "warm_start.step" not in runs or runs["warm_start.step"].isna().all():
        return None
    warm = runs[runs["warm_start.step"].notna()]
    starts = sorted({(int(s), str(p)) for s, p in zip(warm["warm_start.step"], warm["warm_start.path"], strict=True)})
    which = "All runs" if len(warm) == len(runs) else f"{len(warm)} of {len(runs)} runs"
    saved = "; ".join(f"week {s} ({p})" for s, p in starts)
    return (
        f"Warm start: {which} began from an organisation saved at {saved} of a run without a programme, not from "
        "a newly built one, so they leave out the first years' drift of the built organisation toward its steady "
        "state (docs/checkpoints.md); week 0 of these runs is that saved state."
    )


def size_word(g: float) -> str:
    """Hedges' g in words, by Cohen's bands: negligible, small, medium, large."""
    a = abs(g)
    return "negligible" if a < 0.2 else "small" if a < 0.5 else "medium" if a < 0.8 else "large"


def _size(g: float) -> str:
    if not np.isfinite(g):
        return ""
    return f"{size_word(g)} effect, g = {g:+.2f}"


def period_words(years: float) -> str:
    """A run's length for people: "5 years", "2.5 years", "8 weeks"."""
    weeks = round(years * WEEKS_PER_YEAR)
    if weeks < 2 * WEEKS_PER_YEAR and weeks % WEEKS_PER_YEAR:
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


def reach_or_quality(table: pd.DataFrame, plan: Plan) -> list[str]:
    """Say, per stratum, when the design that passes on the most know-how wins by reach rather than quality.

    Among conditions whose runs held meetings, take the one that passed the most tacit
    know-how along ties in all; for each other such condition that passed on clearly more *per
    meeting* (95% intervals apart), the leader's margin comes from reaching more people and
    holding more meetings, not from better meetings: one sentence each.
    """
    out: list[str] = []
    for stratum, g in table.groupby("stratum", sort=False, observed=True):
        by = {
            (r.condition, r.measure): r
            for r in g.itertuples(index=False)
            if r.measure in ("tacit_transferred_total", "tacit_per_100_meetings", "meetings_total", "participants_ever")
        }
        held = [
            c
            for c in g["condition"].unique()
            if (c, "meetings_total") in by
            and by[(c, "meetings_total")].mean > 0
            and (c, "tacit_per_100_meetings") in by
        ]
        if len(held) < 2:
            continue
        lead = max(held, key=lambda c: by[(c, "tacit_transferred_total")].mean)
        per_lead = by[(lead, "tacit_per_100_meetings")]
        where = f" ({stratum})" if stratum else ""
        for other in held:
            if other == lead:
                continue
            per_other = by[(other, "tacit_per_100_meetings")]
            if not (np.isfinite(per_other.low) and np.isfinite(per_lead.high) and per_other.low > per_lead.high):
                continue
            meetings = by[(lead, "meetings_total")].mean / by[(other, "meetings_total")].mean
            people = by[(lead, "participants_ever")].mean / max(by[(other, "participants_ever")].mean, 1e-12)
            total_lead, total_other = (by[(c, "tacit_transferred_total")].mean for c in (lead, other))
            out.append(
                f"{lead[0].upper()}{lead[1:]}{where} passed on more tacit know-how in all than {other} ({total_lead:.1f} against "
                f"{total_other:.1f} full-expert equivalents) by reach, not quality: {meetings:.1f}x the meetings and "
                f"{people:.1f}x the people, while each meeting of {other} passed on "
                f"{per_other.mean / per_lead.mean:.1f}x as much ({per_other.mean:.3f} against {per_lead.mean:.3f} "
                "per 100 meetings)."
            )
    return out
