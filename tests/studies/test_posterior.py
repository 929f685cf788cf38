"""The Sun calibration's posterior (ABC-SMC): reproducible, weighted, identification and the preset it writes."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from omegaconf import OmegaConf

pytest.importorskip("pyabc")

from sim.studies import calibration, posterior  # noqa: E402

TINY = {"org.n_employees": 200, "steps": 52}


@pytest.fixture(scope="module")
def tiny_posterior(tmp_path_factory):
    out = tmp_path_factory.mktemp("abc")
    table = posterior.run(out, population=8, generations=2, workers=1, seed=3, overrides=TINY)
    return out, table


def test_the_posterior_is_written_weighted_and_inside_the_priors(tiny_posterior):
    out, table = tiny_posterior
    assert len(table) == 8 and table.weight.sum() == pytest.approx(1.0)
    for key, prior in posterior.PRIORS.items():
        assert table[key].between(prior.low, prior.high).all()
    saved = pd.read_csv(out / "posterior.csv")
    assert list(saved.columns[:5]) == [*posterior.PRIORS, "weight"]
    assert {f"sim_{k}" for k in posterior.OBSERVED} <= set(saved.columns)
    text = (out / "summary.md").read_text()
    assert "| parameter | prior | posterior median | 90% interval | shrinkage | identified |" in text
    assert "mentors in the period" in text and "Predictive check" in text
    assert (out / "posterior.png").stat().st_size > 10_000


def test_one_worker_gives_the_same_posterior_twice(tiny_posterior, tmp_path):
    _, first = tiny_posterior
    again = posterior.run(tmp_path, population=8, generations=2, workers=1, seed=3, overrides=TINY)
    pd.testing.assert_frame_equal(first, again)


def test_each_particle_re_runs_to_the_same_statistics(tiny_posterior):
    _, table = tiny_posterior
    row = table.iloc[0]
    stats = posterior.Simulator(tuple(sorted(TINY.items())))({k: row[k] for k in posterior.PRIORS})
    for k in posterior.OBSERVED:
        assert stats[k] == pytest.approx(row[f"sim_{k}"])


def test_identification_tells_a_narrow_posterior_from_the_prior():
    rng = np.random.default_rng(0)
    n = 2000
    table = pd.DataFrame({k: rng.uniform(p.low, p.high, n) for k, p in posterior.PRIORS.items()})
    table["turnover.rate_annual"] = rng.normal(0.11, 0.004, n)  # pinned down
    table["weight"] = 1.0 / n
    ident = posterior.identification(table).set_index("parameter")
    assert ident.loc["turnover.rate_annual", "identified"] and ident.loc["turnover.rate_annual", "shrinkage"] > 0.9
    assert ident.loc["turnover.rate_annual", "median"] == pytest.approx(0.11, abs=0.001)
    for k in ("turnover.newcomer_multiplier", "program.volunteer_selection", "program.opt_in_rate"):
        assert abs(ident.loc[k, "shrinkage"]) < 0.1 and not ident.loc[k, "identified"]


def test_write_puts_the_preset_at_the_centre_and_the_draws_in_a_config_group(tiny_posterior, tmp_path):
    out, table = tiny_posterior
    (tmp_path / "preset").mkdir()
    paths = posterior.write(out, tmp_path, n=5)
    assert len(paths) == 6
    preset = OmegaConf.load(calibration.preset_path(tmp_path))
    ident = posterior.identification(table).set_index("parameter")
    for key in posterior.PRIORS:
        assert OmegaConf.select(preset, key) == pytest.approx(ident.loc[key, "median"], rel=1e-3)
    assert OmegaConf.select(preset, "org.n_employees") == calibration.SETUP["org.n_employees"]
    text = calibration.preset_path(tmp_path).read_text()
    assert "ABC-SMC" in text and "Optuna" not in text and "90%" in text
    draws = sorted((tmp_path / posterior.POSTERIOR_GROUP).glob("draw_*.yaml"))
    assert len(draws) == 5
    for d in draws:
        cfg = OmegaConf.load(d)
        assert np.isclose(OmegaConf.select(cfg, "turnover.rate_annual"), table["turnover.rate_annual"], rtol=1e-3).any()


def test_the_command_refuses_a_missing_posterior_and_bad_sizes_in_one_line(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "sim.studies.posterior", "write", str(tmp_path / "none")], capture_output=True, text=True
    )
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "posterior.csv: not found" in r.stderr
    r = subprocess.run(
        [sys.executable, "-m", "sim.studies.posterior", "run", "--population", "0"], capture_output=True, text=True
    )
    assert r.returncode == 2 and "--population=0: must be at least 1" in r.stderr and "Traceback" not in r.stderr
    out = tmp_path / "never"
    for value, says in (
        ("turnover.bogus=3", "turnover.bogus: unknown key"),
        ("turnover.engagement_sensitivity=abc", "turnover.engagement_sensitivity='abc': must be a finite number"),
        ("turnover.rate_annual=0.1", "turnover.rate_annual: fitted here, so not held fixed"),
        ("turnover.engagement_sensitivity", "expected key=value"),
    ):
        r = subprocess.run(
            [sys.executable, "-m", "sim.studies.posterior", "run", "--out", str(out), value],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 2 and says in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert not out.exists()  # refused before anything is written


def test_a_run_resumes_for_more_generations(tmp_path):
    posterior.run(tmp_path, population=6, generations=1, workers=1, seed=1, overrides=TINY)
    assert "1 generation of" in (tmp_path / "summary.md").read_text()
    posterior.run(tmp_path, population=6, generations=1, workers=1, seed=1, overrides=TINY, resume=True)
    assert "2 generations" in (tmp_path / "summary.md").read_text()
    with pytest.raises(FileNotFoundError, match="no earlier run to resume"):
        posterior.run(tmp_path / "fresh", population=6, generations=1, workers=1, overrides=TINY, resume=True)
