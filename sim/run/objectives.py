"""What a run returns to an optimising sweeper (``outputs.objective``), as a registry.

Each objective is a function of the resolved run and its summary that returns the
``objective`` (what Hydra's Optuna sweeper optimises; saved in summary.json) with what it
took to compute it. Most read one summary figure; two run more:

- ``tacit_gain_per_1000h``: the final mean tacit knowledge above the same organisation and
  seed without a programme (common random numbers make the difference precise), times
  headcount (full-expert equivalents), per 1,000 hours of everyone's time in mentoring
  meetings; 0 when no mentoring happened. Runs the baseline too (twice the time).
- ``sun_retention_error``: the RMS gap to Sun Microsystems' published retention (:data:`TARGETS`),
  in percentage points, over several seeds (:func:`replicated_error`; the calibration that
  minimises it is :mod:`sim.studies.calibration`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.model import MentoringModel
from sim.resolved import Resolved
from sim.run.baseline import baseline_summary

SOURCES = (
    "Capital Analytics for Sun Microsystems, summarised by Gartner (2006), via Dickinson, K., Jankot, T., & "
    "Gracon, H. (2009). *Sun Mentoring: 1996-2009*. Sun Microsystems Laboratories Technical Report SMLI "
    "TR-2009-185; study design and counts: Pease, G., Beresford, B., & Walker, L. (2014). *Optimize Your "
    "Greatest Asset -- Your People*. Wiley, appendix E (Sun Microsystems mentoring case study)."
)


@dataclass(frozen=True)
class Target:
    """A published retention figure and the group it was measured on."""

    key: str  # the summary.json figure the model gives for the group
    label: str
    share: float  # retained over the study period
    n: int  # people in the group (phase two)

    @property
    def se(self) -> float:
        """Binomial standard error of the published share."""
        return math.sqrt(self.share * (1.0 - self.share) / self.n)


#: Counted as the study counted: everyone who was a mentee (mentor) at any time in the period,
#: against employees who never took part (summary.json's ``*_ever`` and ``never`` figures).
TARGETS = (
    Target("retention_mentees_ever", "mentees", 0.72, 838),
    Target("retention_mentors_ever", "mentors", 0.69, 677),
    Target("retention_never_participants", "non-participants", 0.49, 5000),
)
#: Seeds each calibration trial averages (the run's own seed and the next ones): one seed's
#: sampling noise (about 1.5 points a figure) would let the search chase luck.
REPLICATES = 8


def retention_error(summaries: list[dict[str, Any]]) -> float:
    """Root mean square gap, in percentage points, between the runs' mean and Sun's retention.

    A group the runs have no figure for (no programme, or a peer design without roles)
    counts as 100 points off, so such runs never look like a fit.
    """
    gaps = []
    for t in TARGETS:
        got = [s.get(t.key) for s in summaries]
        gaps.append(100.0 if None in got or not got else 100.0 * (sum(got) / len(got) - t.share))
    return math.sqrt(sum(g * g for g in gaps) / len(gaps))


def replicated_error(run: Resolved, summary: dict[str, Any]) -> dict[str, Any]:
    """The calibration's objective (``outputs.objective=sun_retention_error``).

    :func:`retention_error` of this run and ``REPLICATES - 1`` more runs of the same
    config on the next seeds; returns the objective and the seeds it averaged.
    """
    seed = run.config.seed
    runs = [summary]
    for k in range(1, REPLICATES):
        runs.append(MentoringModel(run, seed=seed + k).run().summary())
    return {
        "objective": retention_error(runs),
        "objective_seeds": [seed + k for k in range(REPLICATES)],
        **{f"objective_mean_{t.key}": sum(r[t.key] or 0.0 for r in runs) / len(runs) for t in TARGETS},
    }


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
    """RMS gap to Sun Microsystems' retention over this seed and the next ones (:func:`replicated_error`)."""
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
