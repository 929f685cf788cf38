"""Global sensitivity sweeps: the sample each run takes its values from, and the indices."""

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim.analysis.sensitivity import analyse
from sim.config import ConfigError
from sim.resolved import resolve
from sim.sampling import sensitivity
from tests.helpers import small_config


def test_each_run_takes_its_row_of_a_deterministic_sample():
    cfg = small_config(**{"sensitivity.method": "morris", "sensitivity.trajectories": 3, "sensitivity.sample": 5})
    x = sensitivity.sample(cfg)
    assert x.shape == (3 * (len(sensitivity.PARAMETERS) + 1), len(sensitivity.PARAMETERS))
    applied = sensitivity.apply(resolve(cfg)).config
    assert applied.turnover.rate_annual == pytest.approx(x[5, 0])
    assert applied.program.duration_weeks == round(x[5, 3]) and isinstance(applied.program.duration_weeks, int)
    for p, v in zip(sensitivity.PARAMETERS, x[5], strict=True):
        assert p.lo <= v <= p.hi
    plain = resolve(small_config())
    assert sensitivity.apply(plain) is plain, "method none leaves a run alone"
    with pytest.raises(ConfigError, match="must be below 27"):
        sensitivity.check(
            small_config(**{"sensitivity.method": "morris", "sensitivity.trajectories": 3, "sensitivity.sample": 27})
        )
    with pytest.raises(ConfigError, match="power of 2"):
        sensitivity.apply(resolve(small_config(**{"sensitivity.method": "sobol", "sensitivity.base_samples": 100})))


def synthetic_runs(method: str, n: int, outcome) -> pd.DataFrame:
    """Runs whose outcomes are a known function of the sample, in shuffled order."""
    cfg = small_config(**{"sensitivity.method": method, "sensitivity.trajectories": n, "sensitivity.base_samples": n})
    x = sensitivity.sample(cfg)
    order = np.random.default_rng(0).permutation(len(x))
    rows = []
    for i in order:
        y = outcome(x[i])
        rows.append(
            {
                "sensitivity.method": method,
                "sensitivity.trajectories": n,
                "sensitivity.levels": 4,
                "sensitivity.base_samples": n,
                "sensitivity.seed": 0,
                "sensitivity.sample": i,
                "tacit_mean_final": y,
                "retention_all": y,
                "engagement_mean_final": y,
            }
        )
    return pd.DataFrame(rows)


def test_morris_finds_the_one_parameter_that_matters():
    ok = synthetic_runs("morris", 10, lambda v: 2.0 * v[0] + 0.1 * v[2])  # turnover strongly, opt-in weakly
    method, table = analyse(ok)
    t = table[table.outcome == "tacit_mean_final"].set_index("parameter")
    assert method == "morris"
    assert t["mu_star"].idxmax() == "turnover.rate_annual"
    assert t.loc["program.opt_in_rate", "mu_star"] > 0
    others = t.drop(index=["turnover.rate_annual", "program.opt_in_rate"])
    assert (others["mu_star"] == 0).all() and (t["sigma"] < 1e-9).all(), "a linear function: no spread"


def test_sobol_attributes_the_variance_to_the_right_parameter():
    ok = synthetic_runs("sobol", 256, lambda v: v[4])  # only the tacit transfer rate
    _, table = analyse(ok)
    t = table[table.outcome == "tacit_mean_final"].set_index("parameter")
    assert t.loc["knowledge.mentoring_tacit_rate", "S1"] == pytest.approx(1.0, abs=0.05)
    assert t.loc["knowledge.mentoring_tacit_rate", "ST"] == pytest.approx(1.0, abs=0.05)
    assert t.drop(index="knowledge.mentoring_tacit_rate")["ST"].abs().max() < 0.02
    with pytest.raises(ValueError, match="missing or failed"):
        analyse(ok.iloc[1:])


def test_a_small_morris_sweep_end_to_end(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "-m",
            "+experiment=sensitivity_morris",
            "hydra.sweep.dir=sw",
            "sensitivity.trajectories=2",
            "sensitivity.sample=range(0,18)",
            "org.n_employees=60",
            "steps=20",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    summary = json.loads((tmp_path / "sw" / "3" / "summary.json").read_text())
    cfg = small_config(**{"sensitivity.method": "morris", "sensitivity.trajectories": 2, "sensitivity.sample": 3})
    assert summary["parameters"] == sensitivity.values(cfg), "the run used its row's values"
    r = subprocess.run([sys.executable, "-m", "sim.report", "sw"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(tmp_path / "sw" / "report" / "sensitivity.csv")
    assert len(table) == 3 * len(sensitivity.PARAMETERS) and table["mu_star"].notna().all()
    report = (tmp_path / "sw" / "report" / "report.md").read_text()
    assert "Sensitivity report (Morris screening)" in report and "most influential" in report


def test_without_salib_a_sensitivity_sweep_is_one_line(monkeypatch):
    from sim.run import preflight

    monkeypatch.setattr(preflight, "_installed", lambda module: module != "SALib")
    with pytest.raises(
        preflight.UserError, match=r"sensitivity.method=morris: needs SALib; pip install 'mentoring-sim\[sensitivity\]'"
    ):
        preflight.preflight(["-m", "+experiment=sensitivity_morris"])


def test_every_parameter_s_range_lies_within_what_its_key_allows():
    # A sample row is set without a second check (Resolved.with_values): its ranges must be allowed values.
    from sim.config import iter_fields, with_overrides
    from sim.resolved import check

    keys = {key for key, _, _ in iter_fields(small_config())}
    for p in sensitivity.PARAMETERS:
        assert p.key in keys
        for end in (p.lo, p.hi):
            check(with_overrides(small_config(), {p.key: int(end) if p.integer else float(end)}))
