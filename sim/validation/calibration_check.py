"""Calibration to a real programme: the preset against Sun Microsystems' published retention.

6. the preset ``sun_microsystems`` retains mentees, mentors and non-participants as Sun
   Microsystems' programme did (72%, 69%, 49% over seven years), on seeds the fit never
   saw; the report splits each role's gap into counting, selection and mentoring.

The calibration: :mod:`sim.studies.calibration`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.analysis.statistics import mean_ci
from sim.run import objectives
from sim.studies import calibration
from sim.validation import figures
from sim.validation.check import Check, Size


def check_sun_retention(size: Size, out: Path) -> Check:
    """The calibrated preset against Sun Microsystems' published retention, on fresh seeds."""
    seeds = list(range(200, 200 + max(4, size.runs // 8)))  # the fit used seeds 0-7
    tables = calibration.evaluate(seeds)
    fitted = tables["fitted"]
    cells, ok, stats = [], [], []
    for t in calibration.TARGETS:
        values = fitted[t.key].to_numpy(dtype=float)
        mean, lo, hi = mean_ci(values)
        stats.append((mean, lo, hi))
        se_model = float(values.std(ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0
        allowed = 2.0 * np.hypot(t.se, se_model) + 0.005  # published shares are rounded to whole points
        ok.append(abs(mean - t.share) <= allowed)
        cells.append(
            f"{t.label} {100 * mean:.1f}% (95% CI {100 * lo:.1f}-{100 * hi:.1f}) vs {100 * t.share:.0f}% "
            f"(allowed +/-{100 * allowed:.1f})"
        )
    splits = {role: calibration.gap_split(tables, role) for role in ("mentees", "mentors")}
    parts = "; ".join(
        f"{role}' gap {100 * d['gap']:.1f} points = counting and composition {100 * d['counting']:.1f} + selection "
        f"{100 * d['selection']:.1f} + mentoring {100 * d['mentoring']:.1f}"
        for role, d in splits.items()
    )
    figures.sun_figure(np.array(stats), splits, len(seeds), out / "sun_retention.png")
    return Check(
        name="Retention in Sun Microsystems' mentoring programme",
        published="Over the seven-year study, 72% of mentees, 69% of mentors and 49% of non-participants stayed "
        "(phase two: 838 mentees, 677 mentors, about 5,000 controls; participants volunteered).",
        source=objectives.SOURCES,
        result=f"preset sun_microsystems on {len(seeds)} fresh seeds: " + "; ".join(cells) + f". Split: {parts}",
        tolerance="each share within twice the combined standard error of the published figure (binomial, on the "
        "phase-two counts) and the model's mean, plus 0.5 points for rounding",
        passed=all(ok),
        figure="sun_retention.png",
    )
