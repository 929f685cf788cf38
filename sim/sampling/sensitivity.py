"""Global sensitivity analysis with SALib: Morris screening and Sobol indices.

Which of the model's main parameters move its outcomes, alone or through interactions?
A sensitivity sweep is an ordinary Hydra multirun over ``sensitivity.sample``, the row of a
SALib sample (``sensitivity.method``: ``morris`` or ``sobol``); each run recomputes the
sample (deterministic in ``sensitivity.seed``) and sets :data:`PARAMETERS` to that row's
values, so the sweep runs on any launcher (every core, SLURM, Ray) and resumes like any
other. ``python -m sim.report SWEEP_DIR`` then estimates the indices.

- Morris (1991) elementary effects, trajectories as in Campolongo, Cariboni & Saltelli
  (2007): ``mu_star`` (mean absolute effect over the parameter's range: importance) and
  ``sigma`` (spread: non-linearity or interactions); ``r`` trajectories cost ``r (D + 1)`` runs.
- Sobol (2001) indices with Saltelli's (2010) estimators on a scrambled Sobol' sequence:
  ``S1`` (share of the outcome's variance due to the parameter alone) and ``ST`` (including
  all its interactions); ``N`` base samples cost ``N (D + 2)`` runs.

Every run uses the same model seed (common random numbers), so the indices describe the
parameters, not seed-to-seed luck; SALib's bootstrap gives their 95% intervals. The
parameter ranges are plausible spans around the defaults (roughly half to double), not
measured distributions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.config import ConfigError, SimConfig
from sim.resolved import Resolved

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class Parameter:
    """A parameter the analysis varies: its config key, range, name for people."""

    key: str
    lo: float
    hi: float
    name: str
    integer: bool = False


#: The main parameters and their ranges (design: ``program`` as configured, peer by default).
PARAMETERS: tuple[Parameter, ...] = (
    Parameter("turnover.rate_annual", 0.10, 0.60, "turnover rate (per year)"),
    Parameter("program.meetings_per_month", 0.5, 4.0, "meetings per month"),
    Parameter("program.opt_in_rate", 0.1, 0.9, "share who volunteer"),
    Parameter("program.duration_weeks", 13, 104, "tie length (weeks)", integer=True),
    Parameter("knowledge.mentoring_tacit_rate", 0.02, 0.12, "tacit transfer per meeting"),
    Parameter("knowledge.informal_tacit_rate", 0.0, 0.01, "tacit transfer per informal contact"),
    Parameter("knowledge.tacit_learning_per_year", 0.1, 0.4, "learning by doing (per year)"),
    Parameter("engagement.meeting_boost", 0.0, 0.04, "engagement gained per meeting"),
)

#: The outcomes analysed (summary.json keys) and their names for people.
OUTCOMES: dict[str, str] = {
    "tacit_mean_final": "tacit knowledge at the end",
    "retention_all": "share still employed at the end",
    "engagement_mean_final": "engagement at the end",
}


def problem() -> dict[str, Any]:
    """The SALib problem definition of :data:`PARAMETERS`."""
    return {
        "num_vars": len(PARAMETERS),
        "names": [p.key for p in PARAMETERS],
        "bounds": [[p.lo, p.hi] for p in PARAMETERS],
    }


def sample_size(method: str, trajectories: int, base_samples: int) -> int:
    """Runs a sweep needs: ``r (D + 1)`` for Morris, ``N (D + 2)`` for Sobol (first and total order)."""
    d = len(PARAMETERS)
    return trajectories * (d + 1) if method == "morris" else base_samples * (d + 2)


@lru_cache(maxsize=8)
def sample_rows(method: str, trajectories: int, levels: int, base_samples: int, seed: int) -> np.ndarray:
    """The SALib sample of ``method`` at these sizes, one row per run (deterministic in ``seed``)."""
    if method == "morris":
        from SALib.sample import morris  # an optional extra: pip install 'mentoring-sim[sensitivity]'

        return morris.sample(problem(), trajectories, num_levels=levels, seed=seed)
    from SALib.sample import sobol  # an optional extra, as above

    return sobol.sample(problem(), base_samples, calc_second_order=False, scramble=True, seed=seed)


def sample(cfg: SimConfig) -> np.ndarray:
    """The SALib sample of ``cfg.sensitivity``, shape (runs, len(PARAMETERS))."""
    s = cfg.sensitivity
    return sample_rows(s.method, s.trajectories, s.levels, s.base_samples, s.seed)


def values(cfg: SimConfig) -> dict[str, float | int]:
    """The parameter values of row ``cfg.sensitivity.sample`` (integers rounded)."""
    row = sample(cfg)[cfg.sensitivity.sample]
    return {p.key: int(round(v)) if p.integer else float(v) for p, v in zip(PARAMETERS, row, strict=True)}


def check(cfg: SimConfig) -> None:
    """Check the sample ``cfg.sensitivity`` asks for and its row (nothing to check for an ordinary run).

    Raises:
        ConfigError: for a Sobol sample whose size is not a power of 2, or a row beyond the sample.
    """
    sa = cfg.sensitivity
    if sa.method == "none":
        return
    if sa.method == "sobol" and sa.base_samples & (sa.base_samples - 1):
        raise ConfigError(f"sensitivity.base_samples={sa.base_samples}: must be a power of 2 (64, 128, 256, ...)")
    size = sample_size(sa.method, sa.trajectories, sa.base_samples)
    if sa.sample >= size:
        raise ConfigError(
            f"sensitivity.sample={sa.sample}: must be below {size}, the {sa.method} sample's size; "
            f"sweep sensitivity.sample=range(0,{size})"
        )


def apply(run: Resolved) -> Resolved:
    """``run`` with its sample row's values set (unchanged when ``sensitivity.method`` is none).

    Raises:
        ConfigError: as :func:`check`.
    """
    cfg = run.config
    if cfg.sensitivity.method == "none":
        return run
    check(cfg)
    return run.with_values(values(cfg))
