"""Productivity: what each employee's week of work is worth, as a share of a fully productive one.

An occupant's output in a week is

    p_i = ramp(t_i) * max(0, 1 + e * (k_i - k_ref))

with ``ramp(t) = min(1, r0 + (1 - r0) * t / T)`` of tenure t in weeks: a new hire starts at r0
of full output and reaches it after T weeks (``economics.ramp_start``, ``economics.ramp_weeks``;
T = 20 weeks for professionals, Rollag, Parise & Cross 2005). The ramp stands for what the
model's know-how does not hold: the firm's tools, people and routines. k_i is the person's
know-how, explicit and tacit averaged over skills (0-1), and k_ref the organisation's mean at
the start of the run, so know-how above the level the organisation began with adds output at
the elasticity e (``economics.knowhow_elasticity``, an assumption). Both terms are what a
programme changes: fewer leavers mean fewer people ramping, and mentoring raises know-how.

The run counts, level by level, the weeks of full output its people produced
(``sim.ledger.Ledger.output_by_level``); ``sim.economics`` prices them at each level's salary
times ``economics.output_value_ratio`` and compares them with the baseline run's.
"""

from __future__ import annotations

import numpy as np

from sim.config import EconomicsConfig
from sim.mechanisms.knowledge import person_mean
from sim.state import Workforce


def know_how(state: Workforce) -> np.ndarray:
    """Each occupant's know-how: explicit and tacit knowledge averaged over skills (float[N], 0-1)."""
    return 0.5 * (person_mean(state.skills) + person_mean(state.tacit))


def ramp(tenure_weeks: np.ndarray, econ: EconomicsConfig) -> np.ndarray:
    """Share of full output a person of each tenure produces while new (float[N], 1 once ramped up)."""
    if econ.ramp_weeks <= 0:
        return np.ones_like(tenure_weeks, dtype=float)
    return np.minimum(1.0, econ.ramp_start + (1.0 - econ.ramp_start) * tenure_weeks / econ.ramp_weeks)


def output(state: Workforce, econ: EconomicsConfig, know_ref: float, known: np.ndarray | None = None) -> np.ndarray:
    """Each occupant's output this week as a share of a fully productive one's (float[N], at least 0).

    ``known``: the occupants' :func:`know_how`, where the caller has it already.
    """
    known = know_how(state) if known is None else known
    skill = np.maximum(0.0, 1.0 + econ.knowhow_elasticity * (known - know_ref))
    return ramp(state.tenure_weeks, econ) * skill
