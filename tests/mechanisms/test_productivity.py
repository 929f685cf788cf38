"""Productivity (sim.mechanisms.productivity): the ramp and know-how by hand, and what a run counts."""

import numpy as np
import pytest

from sim.config import EconomicsConfig
from sim.mechanisms import productivity
from sim.resolved import resolve
from sim.run.execute import simulate
from tests.helpers import small_config


class People:
    """The fields productivity reads, for hand-worked cases."""

    def __init__(self, tenure, skills, tacit):
        self.tenure_weeks = np.asarray(tenure, dtype=float)
        self.skills = np.asarray(skills, dtype=float)
        self.tacit = np.asarray(tacit, dtype=float)


def test_a_new_hire_ramps_up_linearly_to_full_output():
    econ = EconomicsConfig(ramp_weeks=20.0, ramp_start=0.25)
    assert productivity.ramp(np.array([0.0, 10.0, 20.0, 300.0]), econ).tolist() == [0.25, 0.625, 1.0, 1.0]
    assert productivity.ramp(np.array([0.0, 3.0]), EconomicsConfig(ramp_weeks=0.0)).tolist() == [1.0, 1.0]


def test_know_how_above_the_start_adds_output_at_the_elasticity():
    people = People([100, 100, 10], [[0.6, 0.8], [0.4, 0.4], [0.7, 0.7]], [[0.5, 0.5], [0.2, 0.2], [0.7, 0.7]])
    # know-how: (0.7 + 0.5) / 2 = 0.6, (0.4 + 0.2) / 2 = 0.3, 0.7
    assert productivity.know_how(people) == pytest.approx([0.6, 0.3, 0.7])
    econ = EconomicsConfig(ramp_weeks=20.0, ramp_start=0.25, knowhow_elasticity=2.0)
    # 1 + 2 (0.6 - 0.5) = 1.2; 1 + 2 (0.3 - 0.5) = 0.6; ramp 0.625 x (1 + 2 x 0.2) = 0.875
    assert productivity.output(people, econ, 0.5) == pytest.approx([1.2, 0.6, 0.875])
    floor = EconomicsConfig(knowhow_elasticity=10.0)
    assert productivity.output(people, floor, 0.5)[1] == 0.0  # never below nothing


def test_without_ramp_or_know_how_every_seat_produces_a_full_week_every_week(tmp_path):
    flat = {"economics.ramp_weeks": 0.0, "economics.knowhow_elasticity": 0.0, "steps": 30}
    s, _ = simulate(resolve(small_config(**flat)), tmp_path / "flat")
    assert np.array_equal(np.asarray(s["output_by_level"]), 30.0 * np.asarray(s["headcount_by_level"]))


def test_more_turnover_means_more_weeks_lost_to_ramping_up(tmp_path):
    """Paired seeds: know-how off, the ramp alone; the lost weeks grow with the leavers (measured: 0.4 vs 0.1 a year)."""
    lost = {}
    for rate in (0.1, 0.4):
        cfg = small_config(**{"economics.knowhow_elasticity": 0.0, "turnover.rate_annual": rate, "steps": 52})
        s, _ = simulate(resolve(cfg), tmp_path / f"r{rate}")
        full = 52.0 * sum(s["headcount_by_level"])
        lost[rate] = (full - sum(s["output_by_level"]), s["exits_total"])
    (lost_low, exits_low), (lost_high, exits_high) = lost[0.1], lost[0.4]
    assert exits_high > 2 * exits_low and lost_high > 2 * lost_low
    # each hire loses (1 - 0.25) / 2 x 20 = 7.5 weeks when ramping up fully inside the year: at most that many each
    assert lost_high - lost_low <= 7.5 * (exits_high - exits_low) + 1e-9


def test_a_programme_that_teaches_gains_output_only_through_the_elasticity(tmp_path):
    """Paired seed, peer mentoring against none: with the ramp off, output moves only through know-how."""
    gained = {}
    for e in (0.0, 1.0):
        values = {"economics.ramp_weeks": 0.0, "economics.knowhow_elasticity": e, "steps": 52, "seed": 2}
        s, _ = simulate(resolve(small_config(**{**values, "program.design": "peer"})), tmp_path / f"peer{e}")
        gained[e] = s["productivity_gained"]
    assert gained[0.0] == 0.0  # no ramp, no elasticity: every week is a full week in both runs
    assert gained[1.0] > 0.0
