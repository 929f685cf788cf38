"""``python -m sim``'s comparison over seeds: the programme against none, paired, as one ensemble (sim.run.paired)."""

import json

import numpy as np
import pytest

from sim.config import SimConfig, with_overrides
from sim.resolved import resolve
from sim.run.execute import finish_summary, run_model
from sim.run.fingerprint import config_hash
from sim.run.paired import AUTO_SEEDS, compare, interval, rounded, seeds_to_compare
from tests.helpers import run_sim

SMALL = {"org.n_employees": 120, "steps": 52, "program.design": "peer"}


def _run(**values):
    return resolve(with_overrides(SimConfig(), {**SMALL, **values}))


def test_each_seed_s_difference_is_its_single_run_s_against_its_baseline(tmp_path):
    result = compare(_run(seed=3), 3, finish_summary)
    assert result["seeds"] == [3, 4, 5]
    for k, seed in enumerate(result["seeds"]):
        run = _run(seed=seed)
        s, _, _ = run_model(run, config_hash(run), None, tmp_path / str(seed))
        assert result["differences"]["exits_total"][k] == s["exits_total"] - s["baseline_exits_total"]
        assert result["differences"]["tacit_mean_final"][k] == s["tacit_mean_final"] - s["baseline_tacit_mean_final"]
        assert result["differences"]["net_benefit"][k] == s["net_benefit"]
    d = np.asarray(result["differences"]["exits_total"])
    assert result["mean"]["exits_total"] == pytest.approx(d.mean())
    assert result["low"]["exits_total"] < d.mean() < result["high"]["exits_total"]


def test_seeds_past_an_ensemble_s_size_step_in_several_and_give_the_same_figures(monkeypatch):
    whole = compare(_run(seed=1), 3, finish_summary)
    monkeypatch.setattr("sim.run.sizes.MAX_ENSEMBLE_EMPLOYEES", 2 * SMALL["org.n_employees"])  # one pair each
    assert compare(_run(seed=1), 3, finish_summary) == whole


def test_the_interval_is_student_t_over_the_paired_differences_and_rounding_follows_it():
    mean, low, high = interval(np.array([1.0, 2.0, 3.0, 4.0]))
    half = 3.182446 * np.std([1, 2, 3, 4], ddof=1) / 2  # t(0.975, 3 df) x SD / sqrt(4)
    assert mean == 2.5 and low == pytest.approx(2.5 - half) and high == pytest.approx(2.5 + half)
    assert interval(np.array([1.0])) == (None, None, None)
    assert rounded(3_140_565.0, 512_000.0) == 3_100_000.0
    assert rounded(0.01874, 0.0035) == pytest.approx(0.019)
    assert rounded(90.4, 14.9) == 90.0


def test_who_gets_a_comparison():
    assert seeds_to_compare(_run()) == (AUTO_SEEDS, None)
    assert seeds_to_compare(_run(**{"outputs.compare_seeds": 4})) == (4, None)
    for values in (
        {"outputs.compare_seeds": 0},
        {"program.design": "none"},
        {"economics.baseline": False},
        {"outputs.quiet": True},
    ):
        assert seeds_to_compare(_run(**values)) == (0, None), values
    seeds, note = seeds_to_compare(_run(**{"org.n_employees": 20_000, "steps": 260}))
    assert seeds == 0 and "outputs.compare_seeds=10 asks for it" in note and "million employee-steps" in note
    seeds, note = seeds_to_compare(_run(**{"outputs.employees": True}))
    assert seeds == 0 and "outputs.employees" in note


def test_python_m_sim_prints_the_comparison_and_writes_its_figures(tmp_path):
    out = tmp_path / "run"
    args = [f"{k.replace('program.design', 'program')}={v}" for k, v in SMALL.items()]
    r = run_sim(*args, "outputs.compare_seeds=5", f"hydra.run.dir={out}", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    shown = r.stdout.split("Over 5 seeds (0-4)")[1].splitlines()
    assert shown[1].startswith("  tacit knowledge (mean, 0-1)") and "(" in shown[1] and " to " in shown[1]
    saved = json.loads((out / "paired.json").read_text())
    assert saved["seeds"] == [0, 1, 2, 3, 4] and len(saved["differences"]["exits_total"]) == 5
    single = json.loads((out / "summary.json").read_text())
    assert saved["differences"]["exits_total"][0] == single["exits_total"] - single["baseline_exits_total"]
