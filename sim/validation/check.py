"""One validation check: how large it runs, what it found, and the test of a published difference.

A finding is reproduced when the model's difference has the published sign and its 95%
confidence interval (Welch's t over independent runs) clears the stated margin.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.statistics import diff_ci


@dataclass(frozen=True)
class Size:
    """How large each experiment runs: independent runs and periods."""

    runs: int
    periods: int


FULL, QUICK = Size(runs=80, periods=400), Size(runs=24, periods=200)


@dataclass
class Check:
    """One validation check and its outcome.

    A *gating* check must pass for ``python -m sim.validate`` to exit 0. A check that is not
    gating compares the model with a finding it has no mechanism for; the report gives its
    verdict and why it does not gate.
    """

    name: str
    published: str
    source: str
    result: str
    tolerance: str
    passed: bool
    figure: str | None = None
    gating: bool = True

    @property
    def verdict(self) -> str:
        """``pass``, ``FAIL``, or for a check that does not gate ``reproduced`` / ``not reproduced``."""
        if self.gating:
            return "pass" if self.passed else "FAIL"
        return "reproduced" if self.passed else "not reproduced"


def difference(name: str, low: np.ndarray, high: np.ndarray, margin: float) -> tuple[bool, str]:
    """Whether ``high - low`` clears ``margin`` at the lower end of its 95% interval, and a sentence saying so."""
    d, lo, hi = diff_ci(low, high)
    text = f"{name}: {high.mean():.3f} vs {low.mean():.3f}, difference {d:+.3f} (95% CI {lo:+.3f} to {hi:+.3f})"
    return bool(lo > margin), text
