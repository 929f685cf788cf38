"""Design optimisation with Hydra's Optuna sweeper, and the objective a run returns to it."""

import json
import subprocess
import sys

import pytest
from omegaconf import OmegaConf

from sim.config import OBJECTIVES
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.run import objectives
from sim.run.objectives import objective
from tests.helpers import small_config


def test_the_gain_per_hour_objective_is_measured_against_the_same_seed_without_a_program():
    cfg = small_config(**{"program.design": "peer", "outputs.objective": "tacit_gain_per_1000h", "steps": 30})
    model = MentoringModel(cfg)
    model.run()
    s = model.summary()
    got = objective(resolve(cfg), s)
    none = MentoringModel(small_config(**{"program.design": "none", "steps": 30}))
    none.run()
    base = none.summary()["tacit_mean_final"]
    assert got["baseline_tacit_mean_final"] == base
    assert s["programme_hours_total"] > 0
    expected = (s["tacit_mean_final"] - base) * 200 / (s["programme_hours_total"] / 1000)
    assert got["objective"] == pytest.approx(expected)
    plain = objective(resolve(small_config()), {"tacit_mean_final": 0.5})
    assert plain == {"objective": 0.5, "objective_name": "tacit_mean_final"}


def test_the_objectives_registry_names_the_schema_s_choices():
    assert set(objectives.OBJECTIVES) == set(OBJECTIVES)


def test_optimise_design_experiment_runs_trials_and_reports_the_best(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "-m",
            "+experiment=optimise_design",
            "hydra.sweep.dir=sw",
            "hydra.sweeper.n_trials=4",
            "hydra.sweeper.sampler.n_startup_trials=2",
            "org.n_employees=80",
            "steps=20",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    sweep = tmp_path / "sw"
    values = [json.loads(p.read_text())["objective"] for p in sweep.glob("*/summary.json")]
    assert len(values) == 4
    result = OmegaConf.load(sweep / "optimization_results.yaml")
    assert result.best_value == pytest.approx(max(values))
    assert set(result.best_params) == {
        "program",
        "matching",
        "program.meetings_per_month",
        "program.duration_weeks",
        "program.mentor_capacity",
    }
    r = subprocess.run([sys.executable, "-m", "sim.report", "sw"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    report = (sweep / "report" / "report.md").read_text()
    assert "# Optimisation report" in report and f"Best value: {result.best_value:.4g}" in report
    assert (sweep / "report" / "figures" / "optimisation.png").stat().st_size > 10_000
