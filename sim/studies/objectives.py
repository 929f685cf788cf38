"""What a run returns to an optimising sweeper (``outputs.objective``), as a registry.

Each objective is a function of the resolved run and its summary that returns the
``objective`` (what Hydra's Optuna sweeper optimises; saved in summary.json) with what it
took to compute it. Most read one summary figure; two run more:

- ``tacit_gain_per_1000h``: the final mean tacit knowledge above the same organisation and
  seed without a programme (common random numbers make the difference precise), times
  headcount (full-expert equivalents), per 1,000 hours of everyone's time in mentoring
  meetings; 0 when no mentoring happened. Runs the baseline too (twice the time).
- ``sun_retention_error``: the RMS gap to Sun Microsystems' published retention, in
  percentage points, over several seeds (:func:`sim.studies.calibration.replicated_error`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sim.resolved import Resolved
from sim.run.baseline import baseline_summary
from sim.studies.calibration import replicated_error

Objective = Callable[[Resolved, dict[str, Any], Path | None], dict[str, Any]]


def _figure(name: str) -> Objective:
    def read(run: Resolved, summary: dict[str, Any], baselines: Path | None = None) -> dict[str, Any]:
        return {"objective": summary[name]}

    read.__doc__ = f"The summary's {name}."
    return read


def tacit_gain_per_1000h(run: Resolved, summary: dict[str, Any], baselines: Path | None = None) -> dict[str, Any]:
    """Tacit knowledge gained over the same run without a programme, per 1,000 mentoring hours."""
    base_tacit = float(baseline_summary(run, baselines)["tacit_mean_final"])
    hours = summary["programme_hours_total"]
    gain = (summary["tacit_mean_final"] - base_tacit) * summary["n_employees"]
    value = gain / (hours / 1000.0) if hours > 0 else 0.0
    return {"objective": value, "baseline_tacit_mean_final": base_tacit}


def sun_retention_error(run: Resolved, summary: dict[str, Any], baselines: Path | None = None) -> dict[str, Any]:
    """RMS gap to Sun Microsystems' retention over this seed and the next (sim.studies.calibration)."""
    return replicated_error(run, summary)


#: Every objective by its ``outputs.objective`` name (the schema's choices, sim.config.OBJECTIVES).
OBJECTIVES: dict[str, Objective] = {
    "tacit_mean_final": _figure("tacit_mean_final"),
    "knowledge_mean_final": _figure("knowledge_mean_final"),
    "engagement_mean_final": _figure("engagement_mean_final"),
    "retention_all": _figure("retention_all"),
    "tacit_gain_per_1000h": tacit_gain_per_1000h,
    "sun_retention_error": sun_retention_error,
}


def objective(run: Resolved, summary: dict[str, Any], baselines: Path | None = None) -> dict[str, Any]:
    """The run's ``outputs.objective`` and its name, with what it took to compute it."""
    name = run.config.outputs.objective
    return {**OBJECTIVES[name](run, summary, baselines), "objective_name": name}
