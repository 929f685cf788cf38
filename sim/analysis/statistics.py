"""Statistics of replicates: means with t intervals, differences with Welch intervals, Hedges' g.

Replicates (seeds) are the unit of observation:
- the mean of a condition with a Student t 95% interval, ``mean +- t(0.975, n-1) s / sqrt(n)``;
- the difference of two means with Welch's t interval (unequal variances; Welch 1947);
- the standardised effect size Hedges' g, Cohen's d with the small-sample correction
  ``J = 1 - 3 / (4 (n_a + n_b) - 9)`` (Hedges & Olkin 1985, eq. 5.10).
NaNs (runs where a figure does not apply) are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

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
