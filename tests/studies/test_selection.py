"""Simulation error and ties (sim.analysis.selection), on tables small enough to work out by hand."""

import numpy as np
import pytest
from scipy import stats

from sim.analysis import selection


def test_a_design_is_tied_with_the_best_when_its_paired_shortfall_is_within_the_t_interval():
    # scenario 0: design 0 leads design 1 by 1.0 on every seed (no spread): clearly apart.
    # scenario 1: design 1 leads design 0 by +1, -1, +2 (mean 0.667, sd 1.528, se 0.882, t(2) 4.30): tied.
    x = np.array(
        [
            [[2.0, 1.0, 0.0], [3.0, 2.0, 0.0], [4.0, 3.0, 0.0]],
            [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 2.0, 0.0]],
        ]
    )
    t = selection.tie_table(x, margin=0.5)
    assert t.best.tolist() == [0, 1]
    assert t.tied[0].tolist() == [True, False, False]
    assert t.tied[1].tolist() == [True, True, True]
    assert t.shortfall[1, 0] == pytest.approx(2 / 3)
    assert t.se[1, 0] == pytest.approx(np.std([1, -1, 2], ddof=1) / np.sqrt(3))
    # design 2 in scenario 1 is 1, 0, 2 short of design 1: shortfall 1.0, se 0.577 -> 1.0 <= 4.30 * 0.577: tied.
    x[1, :, 2] = [-5.0, -6.0, -5.0]  # now far behind: shortfall 7.0 with se 0.577 -> apart
    t = selection.tie_table(x, margin=0.5)
    assert not t.tied[1, 2] and not t.within[1, 2]
    assert t.within[0].tolist() == [True, False, False], "1.0 short is beyond a margin of 0.5"
    assert t.sole_best[0].tolist() == [True, False, False] and not t.sole_best[1].any()


def test_one_seed_ties_only_exact_equals_and_missing_runs_are_left_out():
    x = np.array([[[1.0, 1.0, 0.5]]])
    t = selection.tie_table(x, margin=0.0)
    assert t.tied[0].tolist() == [True, True, False] and np.isnan(t.se).all()
    x = np.array([[[1.0, 3.0], [2.0, np.nan], [3.0, np.nan]]])  # design 1 ran one seed
    t = selection.tie_table(x, margin=0.0)
    assert t.seeds.tolist() == [3] and t.best.tolist() == [1]


def test_kn_constants_and_elimination_follow_kim_and_nelson():
    k, alpha, n0 = 6, 0.05, 3
    eta = 0.5 * ((2 * alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1)
    assert eta == pytest.approx(24.5) and 2 * eta * (n0 - 1) == pytest.approx(98.0)
    rng = np.random.default_rng(0)
    common = rng.normal(0, 5, (40, 1))  # common random numbers: a shared seed effect
    noise = rng.normal(0, 0.2, (40, 3))
    x = common + noise + np.array([0.0, -3.0, -0.01])  # design 1 far behind; 0 and 2 nearly equal
    assert selection.kn_survivors(x[:10], delta=0.5).tolist() == [True, False, True], "the far one is out"
    # KN goes on until one is left: of two designs within the indifference zone, either may be selected
    alive = selection.kn_survivors(x, delta=0.5)
    assert alive.sum() == 1 and not alive[1]
    assert selection.kn_survivors(x[:2], delta=0.5).all(), "before n0 seeds nobody is screened out"


def test_a_scenario_is_resolved_when_one_design_is_left_or_the_rest_are_known_within_half_the_margin():
    rng = np.random.default_rng(1)
    base = rng.normal(0, 5, (6, 1))
    far = base + np.array([0.0, -10.0])
    assert selection.resolved(far, delta=0.5)[0]
    equal = base + np.array([0.0, 0.0])  # identical designs: known to differ by exactly 0
    ok, alive = selection.resolved(equal, delta=0.5)
    assert ok and alive.all()
    noisy = base + rng.normal(0, 1.0, (6, 2))  # indistinguishable and not yet precise
    assert not selection.resolved(noisy, delta=0.5)[0]
    half = stats.t.ppf(0.975, 5) * np.std(noisy[:, 0] - noisy[:, 1], ddof=1) / np.sqrt(6)
    assert half > 0.25


def test_the_next_round_adds_seeds_to_unresolved_scenarios_within_the_budget():
    rng = np.random.default_rng(2)
    base = rng.normal(0, 5, (3, 3, 1))
    resolved_ = base[:1] + np.array([0.0, -10.0, -20.0])  # clearly ordered: resolved at once
    dead_heat = base[1:2] + rng.normal(0, 1, (1, 3, 3))  # noisy and close
    near = base[2:] + np.array([0.0, -2.0, -4.0]) + rng.normal(0, 1, (1, 3, 3))
    x = np.concatenate([resolved_, dead_heat, near])
    designs = ["none", "peer", "hybrid"]
    r, done = selection.next_round({"g": x}, {"g": 0.5}, [7, 9, 11], designs, 0, 27, budget=100)
    assert done["g"][0] and r.stop is None and 7 not in r.scenarios
    assert r.groups[0][1] == range(3, 5) and "none" in r.designs
    # a budget for one scenario only: the dead heat (fewest standard errors apart) goes first
    r, _ = selection.next_round({"g": x}, {"g": 0.5}, [7, 9, 11], designs, 0, 27, budget=33)
    assert r.scenarios == [9] and r.stop is None
    r, _ = selection.next_round({"g": x}, {"g": 0.5}, [7, 9, 11], designs, 0, 27, budget=30)
    assert r.stop and "budget" in r.stop and r.open == [9, 11]
    # scenarios that have run different numbers of seeds take their own next seeds
    longer = np.concatenate([x, np.full((3, 2, 3), np.nan)], axis=1)
    longer[1, 3:5] = base[1, :2] + rng.normal(0, 1, (2, 3))
    r, _ = selection.next_round({"g": longer}, {"g": 0.5}, [7, 9, 11], designs, 0, 40, budget=200)
    assert r.groups == [([11], range(3, 5)), ([9], range(5, 7))]
