"""The robustness study (sim.sampling.scenarios, sim.analysis.robustness): scenarios, regret, the Pareto front, PRIM, common random numbers."""

import numpy as np
import pandas as pd
import pytest

from sim.analysis import robustness as rb
from sim.config import ConfigError
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.sampling import scenarios
from tests.helpers import small_config


def test_scenarios_are_a_latin_hypercube_over_the_documented_ranges():
    x = scenarios.scenario_table(50, 3)
    assert x.shape == (50, len(scenarios.UNCERTAINTIES))
    for j, u in enumerate(scenarios.UNCERTAINTIES):
        col = x[:, j]
        assert col.min() >= u.lo and col.max() <= u.hi
        # Latin hypercube: exactly one scenario in each of 50 equal slices of every range
        slices = np.floor((col - u.lo) / (u.hi - u.lo) * 50).astype(int)
        assert sorted(slices.tolist()) == list(range(50))
    assert np.array_equal(x, scenarios.scenario_table(50, 3)) and not np.array_equal(x, scenarios.scenario_table(50, 4))


def test_every_uncertainty_is_a_config_key_with_its_range_inside_the_allowed_one():
    from sim.config import SimConfig, iter_fields

    fields = {k: f for k, _, f in iter_fields(SimConfig())}
    for u in scenarios.UNCERTAINTIES:
        meta = fields[u.key].metadata
        assert meta["lo"] <= u.lo < u.hi <= meta["hi"], u.key
        assert u.basis.split(":")[0].split()[0].strip(",") in ("assumption", "fitted", "source"), u.key


def test_a_scenario_sets_its_values_and_the_same_scenario_and_seed_is_shared_across_designs():
    runs = {}
    for design in ("none", "peer", "hierarchical"):
        cfg = small_config(**{"program.design": design, "scenario.index": 7, "scenario.count": 20, "steps": 3})
        runs[design] = scenarios.apply(resolve(cfg))
    want = scenarios.values(runs["peer"].config)
    for run in runs.values():
        assert {u.key: _get(run.config, u.key) for u in scenarios.UNCERTAINTIES} == want
    # Common random numbers: the same organisation at the start (the programme's draws come later).
    starts = [MentoringModel(run).timeseries().iloc[0] for run in runs.values()]
    for s in starts[1:]:
        pd.testing.assert_series_equal(s, starts[0])
    other = scenarios.apply(resolve(small_config(**{"scenario.index": 8, "scenario.count": 20})))
    assert scenarios.values(other.config) != want


def _get(cfg, key):
    group, leaf = key.split(".")
    return getattr(getattr(cfg, group), leaf)


def test_scenario_errors_are_one_line():
    with pytest.raises(ConfigError, match=r"scenario.index=20: must be below scenario.count \(20\)"):
        scenarios.apply(resolve(small_config(**{"scenario.index": 20, "scenario.count": 20})))
    with pytest.raises(ConfigError, match="both set parameters"):
        scenarios.check(small_config(**{"scenario.index": 1, "sensitivity.method": "morris"}))


def test_regret_and_shares_on_a_table_with_known_answers():
    # Four scenarios, three designs; higher is better.
    table = pd.DataFrame(
        {"a": [10.0, 5.0, 3.0, 8.0], "b": [9.0, 6.0, 3.0, 1.0], "c": [0.0, 0.0, 3.0, 7.5]},
        index=pd.Index([0, 1, 2, 3], name="scenario.index"),
    )
    r = rb.regret(table, margin=1.0)
    # best: a in 0 and 3, b in 1, all three tie in 2
    assert r["best_share"].to_dict() == {"a": 0.75, "b": 0.5, "c": 0.25}
    # within 1 of the best: a (0,1,2,3), b (0,1,2), c (2,3)
    assert r["within_share"].to_dict() == {"a": 1.0, "b": 0.75, "c": 0.5}
    # shortfalls: a [0,1,0,0], b [1,0,0,7], c [10,6,0,0.5]
    assert r.loc["a", "regret_median"] == 0.0 and r.loc["b", "regret_median"] == 0.5
    assert r.loc["c", "regret_median"] == pytest.approx(3.25)
    assert r.loc["b", "regret_p90"] == pytest.approx(np.quantile([1, 0, 0, 7], 0.9))
    assert r.loc["a", "median"] == 6.5


def test_the_pareto_front_keeps_the_designs_nothing_beats_on_every_goal():
    means = pd.DataFrame({"knowledge": [1.0, 2.0, 0.5, 2.0], "money": [5.0, 1.0, 4.0, 1.0]}, index=["a", "b", "c", "d"])
    # c is beaten by a on both; b and d tie (neither dominates the other)
    assert rb.pareto_front(means).to_dict() == {"a": True, "b": True, "c": False, "d": True}


def test_prim_recovers_a_planted_box():
    rng = np.random.default_rng(0)
    keys = [u.key for u in scenarios.UNCERTAINTIES[:5]]
    unit = pd.DataFrame(rng.random((400, 5)), columns=keys)
    x = pd.DataFrame(
        {k: scenarios.BY_KEY[k].lo + unit[k] * (scenarios.BY_KEY[k].hi - scenarios.BY_KEY[k].lo) for k in keys}
    )
    a, c = keys[0], keys[2]
    a_cut = scenarios.BY_KEY[a].lo + 0.3 * (scenarios.BY_KEY[a].hi - scenarios.BY_KEY[a].lo)
    c_cut = scenarios.BY_KEY[c].lo + 0.6 * (scenarios.BY_KEY[c].hi - scenarios.BY_KEY[c].lo)
    y = ((x[a] < a_cut) & (x[c] > c_cut)).to_numpy() ^ (rng.random(400) < 0.03)  # 3% label noise
    box = rb.discover(x, y)
    assert box is not None and set(box.limits) == {a, c}
    lo_a, hi_a = box.limits[a]
    lo_c, hi_c = box.limits[c]
    assert lo_a is None and hi_a == pytest.approx(a_cut, rel=0.15)
    assert hi_c is None and lo_c == pytest.approx(c_cut, rel=0.1)
    # 3% of 400 labels flipped, most of them outside the box: about 0.8 coverage is all there is to find
    assert box.coverage >= 0.75 and box.density >= 0.9
    sentence = rb.describe(box, "peer circles do not pay back", "scenarios where they do not pay back")
    assert sentence.startswith("Peer circles do not pay back mostly when")
    assert f"{scenarios.BY_KEY[a].name} is below" in sentence and f"{scenarios.BY_KEY[c].name} is above" in sentence


def test_prim_finds_nothing_in_noise_or_without_cases():
    rng = np.random.default_rng(1)
    x = pd.DataFrame(rng.random((300, 4)), columns=[u.key for u in scenarios.UNCERTAINTIES[:4]])
    assert rb.discover(x, np.zeros(300, dtype=bool)) is None
    noise = rb.discover(x, rng.random(300) < 0.3)
    assert noise is None or noise.density < 0.6
    assert rb.describe(None, "x fails", "failures").startswith("No simple region")
