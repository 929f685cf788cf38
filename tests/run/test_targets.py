"""A run whose realised turnover misses ``turnover.rate_annual`` beyond seed noise says so (sim.run.targets)."""

import json

import pytest

from sim.config import SimConfig, with_overrides
from sim.resolved import resolve
from sim.run.execute import run_model
from sim.run.fingerprint import config_hash
from sim.run.targets import turnover_miss
from tests.helpers import run_sim

#: Settings the calibration cannot reach at 5,000 people: 91% realised without a programme against 95%, where
#: seed noise is about +/-1% (measured 2026-12-07: 91.1% at seed 0; 89-93% over seeds 0-5 at 500 people).
OFF_TARGET = {"turnover.rate_annual": 0.95, "turnover.newcomer_multiplier": 50.0, "org.n_employees": 5000}


def _summary(tmp_path, **values):
    run = resolve(with_overrides(SimConfig(), values))
    summary, _, _ = run_model(run, config_hash(run), None, tmp_path / "checkpoints")
    return summary


@pytest.mark.parametrize("seed", range(4))
def test_runs_on_target_say_nothing(seed, tmp_path):
    # the default organisation and two other rates, without and with a programme (judged by its baseline)
    for values in ({}, {"turnover.rate_annual": 0.425, "org.n_employees": 200}, {"turnover.rate_annual": 0.05}):
        for design in ("none", "peer"):
            s = _summary(tmp_path, seed=seed, **{"program.design": design, **values})
            assert "turnover_warning" not in s, (values, design, s["annual_turnover_rate"])


def test_settings_that_miss_their_target_are_reported_in_the_summary_and_the_printout(tmp_path):
    out = tmp_path / "run"
    args = [f"{k}={v}" for k, v in OFF_TARGET.items()]
    r = run_sim(*args, "program=none", f"hydra.run.dir={out}", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["annual_turnover_rate"] < 0.93
    warning = summary["turnover_warning"]
    assert "target of 95.0% (turnover.rate_annual" in warning and f"{summary['annual_turnover_rate']:.1%}" in warning
    assert [line for line in r.stdout.splitlines() if "WARNING" in line] == [f"  WARNING{' ' * 25}{warning}"]


def test_a_programme_is_judged_by_its_baseline_and_without_one_not_at_all():
    cfg = with_overrides(SimConfig(), {**OFF_TARGET, "program.design": "peer"})
    # a programme that lowers turnover far below the target is what it is for, not a miss
    with_programme = {"design": "peer", "annual_turnover_rate": 0.70, "years": 5.0, "n_employees": 5000}
    assert turnover_miss(cfg, with_programme) is None
    base_on_target = {**with_programme, "baseline_annual_turnover_rate": 0.948}
    assert turnover_miss(cfg, base_on_target) is None
    base_off = {**with_programme, "baseline_annual_turnover_rate": 0.91}
    assert "without the programme lost 91.0%" in turnover_miss(cfg, base_off)
