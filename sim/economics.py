"""Money: what a programme costs and what it saves, against the same organisation and seed without one.

Every amount is in ``economics.currency``, undiscounted, summed over the run's years.

- **Salary** of level l: ``salary_by_level[l]``, or ``salary_front_line * salary_level_ratio ** l``.
- **Time**: an employee's hour in a mentoring meeting costs ``hourly_cost`` or, when that is 0,
  their level's salary times ``benefits_loading`` over ``hours_per_year`` (the BLS figures give
  $40.35 an hour at the front line, the December 2021 civilian average); an external mentor's hour
  costs ``external_hourly_cost``.
- **Administration**: ``admin_per_year`` for each year the programme runs plus
  ``admin_per_participant_year`` for each person-year in a tie; **training**:
  ``training_cost_per_mentor`` for everyone who mentored (for designs without roles, everyone
  who took part) when ``support.mentor_training`` is on.
- **Replacement**: each leaver costs ``replacement_cost_share`` of their level's salary
  (21%, the median of Boushey & Glynn 2012); the *avoided* replacement cost is the baseline
  run's replacement cost minus this run's.
- **Productivity**: a year of a fully productive employee's output is worth ``output_value_ratio``
  times their salary; the run's output, level by level, is its weeks of full output
  (``output_by_level``, sim.mechanisms.productivity: new hires ramping up, know-how above or
  below the organisation's starting level) over 52 times that. The *productivity gained* is this
  run's output value minus its baseline's: what keeping people (fewer ramping up) and teaching
  them (more know-how) is worth.
- **Know-how** (a judgement, off by default): ``tacit_value`` per full-expert equivalent of
  tacit knowledge above the baseline at the end (beside productivity, which already prices
  know-how as output: set one or the other).
- **Net benefit** = avoided replacement cost + productivity gained + know-how value - programme
  cost; **return on investment** = net benefit / programme cost (none when nothing was spent).
  Both are given without the productivity line too (``net_benefit_without_productivity``,
  ``roi_without_productivity``): what a finance team that counts only cash costs would sign.

:func:`money` is arithmetic on two summaries (this run's and its baseline's, ``sim.metrics``):
tests work it by hand (tests/test_economics.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config import CURRENCY_SYMBOLS, EconomicsConfig, SimConfig
from sim.mechanisms.designs import has_programme
from sim.units import WEEKS_PER_YEAR

#: The summary keys :func:`money` adds, amounts in the config's currency.
MONEY_KEYS = (
    "cost_time",
    "cost_admin",
    "cost_training",
    "programme_cost",
    "replacement_cost",
    "baseline_replacement_cost",
    "avoided_replacement_cost",
    "output_value",
    "baseline_output_value",
    "productivity_gained",
    "tacit_value_kept",
    "net_benefit",
    "roi",
    "net_benefit_without_productivity",
    "roi_without_productivity",
    "payroll_annual",
)


def salaries(econ: EconomicsConfig, n_levels: int) -> np.ndarray:
    """Annual salary of each level, front line first (float[L])."""
    if econ.salary_by_level:
        return np.asarray(econ.salary_by_level, dtype=float)
    return econ.salary_front_line * econ.salary_level_ratio ** np.arange(n_levels, dtype=float)


def hourly_costs(econ: EconomicsConfig, n_levels: int) -> np.ndarray:
    """Loaded cost of an hour of each level's time (float[L])."""
    if econ.hourly_cost > 0:
        return np.full(n_levels, econ.hourly_cost)
    return salaries(econ, n_levels) * econ.benefits_loading / econ.hours_per_year


def replacement_cost(econ: EconomicsConfig, exits_by_level: list[int]) -> float:
    """What replacing these leavers costs: each a share of their level's salary."""
    exits = np.asarray(exits_by_level, dtype=float)
    return float(econ.replacement_cost_share * (exits * salaries(econ, len(exits))).sum())


def output_value(econ: EconomicsConfig, output_by_level: list[float]) -> float:
    """What the weeks of full output a run's people produced (float[L] by level) are worth."""
    weeks = np.asarray(output_by_level, dtype=float)
    return float(econ.output_value_ratio * (weeks * salaries(econ, len(weeks))).sum() / WEEKS_PER_YEAR)


def programme_cost(cfg: SimConfig, s: dict[str, Any]) -> dict[str, float]:
    """The programme's cost in time, administration and training, from a run's summary ``s``."""
    econ = cfg.economics
    hours = np.asarray(s["hours_by_level"], dtype=float)
    time = float((hours * hourly_costs(econ, len(hours))).sum()) + s["external_hours_total"] * econ.external_hourly_cost
    admin = econ.admin_per_year * s["programme_years"] + econ.admin_per_participant_year * s["participant_years"]
    if s["programme_years"] == 0:  # a programme that never started costs nothing to run
        admin = 0.0
    trained = 0
    if cfg.support.mentor_training:
        trained = s["mentors_ever_n"] if s["mentors_ever_n"] is not None else s["participants_ever"]
    training = econ.training_cost_per_mentor * trained
    return {
        "cost_time": time,
        "cost_admin": admin,
        "cost_training": training,
        "programme_cost": time + admin + training,
    }


def replaced(s: dict[str, Any]) -> list[int]:
    """Leavers by level whose seats were filled: every leaver, less the seats a headcount plan left empty."""
    gone = s["exits_by_level"]
    kept_empty = s.get("unreplaced_by_level") or [0] * len(gone)
    return [a - b for a, b in zip(gone, kept_empty, strict=True)]


def money(cfg: SimConfig, s: dict[str, Any], base: dict[str, Any] | None) -> dict[str, Any]:
    """The money keys of a run's summary ``s`` against its baseline's summary ``base``.

    Without a baseline (``economics.baseline=false``) the costs are still given and what
    depends on the comparison is None. A run without a programme is its own baseline.
    """
    econ = cfg.economics
    out: dict[str, Any] = dict.fromkeys(MONEY_KEYS)
    if not has_programme(cfg.program.design):
        out.update(dict.fromkeys(("cost_time", "cost_admin", "cost_training", "programme_cost"), 0.0))
    else:
        out.update(programme_cost(cfg, s))
    out["replacement_cost"] = replacement_cost(econ, replaced(s))
    out["output_value"] = output_value(econ, s["output_by_level"])
    heads = np.asarray(s["headcount_by_level"], dtype=float)
    out["payroll_annual"] = float((heads * salaries(econ, len(heads))).sum())
    if base is None and not has_programme(cfg.program.design):
        base = s
    if base is not None:
        out["baseline_replacement_cost"] = replacement_cost(econ, replaced(base))
        out["avoided_replacement_cost"] = out["baseline_replacement_cost"] - out["replacement_cost"]
        out["baseline_output_value"] = output_value(econ, base["output_by_level"])
        out["productivity_gained"] = out["output_value"] - out["baseline_output_value"]
        tacit_gain = (s["tacit_mean_final"] - base["tacit_mean_final"]) * s.get("headcount_end", s["n_employees"])
        out["tacit_value_kept"] = econ.tacit_value * tacit_gain
        cost = out["programme_cost"]
        cash = out["avoided_replacement_cost"] + out["tacit_value_kept"] - cost
        out["net_benefit_without_productivity"] = cash
        out["net_benefit"] = cash + out["productivity_gained"]
        out["roi"] = out["net_benefit"] / cost if cost > 0 else None
        out["roi_without_productivity"] = cash / cost if cost > 0 else None
    out["currency"] = econ.currency
    return out


def baseline_figures(base: dict[str, Any]) -> dict[str, Any]:
    """What the summary keeps of its baseline run, for the comparison a reader sees."""
    keys = (
        "tacit_mean_final",
        "knowledge_mean_final",
        "engagement_mean_final",
        "retention_all",
        "exits_total",
        "annual_turnover_rate",
    )
    return {f"baseline_{k}": base[k] for k in keys}


def amount(value: float | None, currency: str) -> str:
    """An amount for people: ``$1,234,567``, ``-€12,300``; ``n/a`` for None."""
    if value is None or not np.isfinite(value):
        return "n/a"
    sign = "-" if value < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    digits = f"{abs(value):,.0f}"
    return f"{sign}{symbol}{digits}" if symbol else f"{sign}{digits} {currency}"
