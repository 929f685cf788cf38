"""Who volunteers for the programme: how many (the opt-in rate, scaled by leadership backing) and who.

Everyone draws once, at hire (or when the organisation is built), whether they opt in. The
share who do is ``program.opt_in_rate * (0.5 + support.leadership_backing)``, at most 1:
backing of 0.5 is neutral ("leaders are invested and supportive", seed texts). Who they are
follows their engagement baseline with strength ``program.volunteer_selection``
(:func:`opt_in_chances`). The effect sizes are modelling assumptions.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, logit, ndtri

from sim.config import EngagementConfig, ProgramConfig, SupportConfig


def opt_in_probability(program: ProgramConfig, support: SupportConfig) -> float:
    """Chance an employee volunteers, after leadership backing (the share of hires who do)."""
    return float(min(1.0, program.opt_in_rate * (0.5 + support.leadership_backing)))


# Standard normal quantiles at 20,000 equal-probability midpoints: expectations over the
# baseline distribution as plain means (error below 1e-4 for the clipped normal).
_QUANTILE_Z = ndtri((np.arange(20_000) + 0.5) / 20_000)


@lru_cache(maxsize=64)
def _selection_intercept(p: float, k: float, z_lo: float, z_hi: float) -> float:
    """Intercept a of logit P(opt in | z) = a + k z with E[P] = p, z ~ N(0, 1) clipped to [z_lo, z_hi].

    The clipping bounds are where baselines are clipped to [0, 1] (``baseline_quantile``).
    """
    z = np.clip(_QUANTILE_Z, z_lo, z_hi)

    def excess(a: float) -> float:
        return float(expit(a + k * z).mean()) - p

    # Every a + k z lies within k max|z| of a, so the mean is below p at logit(p) - k max|z| and above it at
    # logit(p) + k max|z|: the root is bracketed for any p in (0, 1), however small.
    centre, reach = float(logit(p)), k * float(np.abs(z).max()) + 1.0
    return float(brentq(excess, centre - reach, centre + reach, xtol=1e-12))


def opt_in_chances(
    baseline: np.ndarray, program: ProgramConfig, support: SupportConfig, eng: EngagementConfig
) -> np.ndarray | float:
    """Each person's chance of volunteering, from their engagement baseline.

    Volunteers for mentoring are not a random sample: who initiates mentoring depends on the
    person (Turban & Dougherty 1994, Academy of Management J. 37(3)), and the Sun
    Microsystems study's participants volunteered (docs/model.md, "Calibration"); that the
    difference runs through engagement, and the logistic form, are assumptions. With
    selection k = ``program.volunteer_selection``, the log-odds of opting in rise by k per
    standard deviation of the baseline: ``logit P = a + k z``, z = (baseline - mean) / sd,
    the intercept a set so that the share of hires who volunteer stays
    ``opt_in_probability``: selection changes who volunteers, not how many. Returns the
    scalar probability when there is no selection.
    """
    p = opt_in_probability(program, support)
    k = program.volunteer_selection
    if k == 0.0 or eng.baseline_sd == 0.0 or not (1e-12 < p < 1.0 - 1e-12):
        return p  # no selection, or a share so near 0 or 1 that nobody's chance differs measurably
    sd, mean = eng.baseline_sd, eng.baseline_mean
    z = (np.asarray(baseline, dtype=float) - mean) / sd
    return expit(_selection_intercept(p, k, (0.0 - mean) / sd, (1.0 - mean) / sd) + k * z)


def draw_opt_in(
    baseline: np.ndarray,
    program: ProgramConfig,
    support: SupportConfig,
    eng: EngagementConfig,
    rng: np.random.Generator,
) -> np.ndarray:
    """Who volunteers among people with these baselines (one uniform draw each)."""
    return rng.random(len(baseline)) < opt_in_chances(baseline, program, support, eng)
