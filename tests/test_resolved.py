"""A run's config is checked once and then passed on: resolving, the roster, the model taking it as it is."""

import pytest

from sim import MentoringModel, resolved
from sim.config import ConfigError, SimConfig, with_overrides
from sim.resolved import Resolved, resolve
from sim.run.execute import execute
from tests.helpers import ROOT, small_config


@pytest.fixture
def checks(monkeypatch):
    """Count every config check made."""
    calls = []
    real = resolved.check

    def counting(cfg, **kwargs):
        calls.append(cfg)
        return real(cfg, **kwargs)

    monkeypatch.setattr(resolved, "check", counting)
    return calls


def test_a_run_checks_its_config_once(checks, tmp_path):
    execute(small_config(**{"program.design": "peer", "steps": 4, "outputs.quiet": True}), tmp_path, keep_going=False)
    assert len(checks) == 1
    run = resolve(small_config(steps=3))
    assert len(checks) == 2
    MentoringModel(run).run()
    assert len(checks) == 2, "the model takes a resolved config as it is"
    MentoringModel(run, seed=5)
    assert len(checks) == 3, "a changed value is a new config, checked once"


def test_a_roster_is_read_once_and_sizes_the_organisation(tmp_path):
    cfg = small_config(**{"org.kind": "roster", "org.roster_path": str(ROOT / "examples" / "roster.csv")})
    run = resolve(cfg)
    assert run.roster is not None and run.config.org.n_employees == run.roster.n != 200
    assert run.asked.org.n_employees == 200 and cfg.org.n_employees == 200, "what was asked for is kept"
    model = MentoringModel(run)
    assert model.roster is run.roster and model.state.n == run.roster.n


def test_a_bad_value_is_refused_before_anything_is_built():
    with pytest.raises(ConfigError, match="turnover.rate_annual=1.5: must be between 0 and 1"):
        resolve(small_config(**{"turnover.rate_annual": 1.5}))
    with pytest.raises(ConfigError, match="turnover.rate_annual"):
        MentoringModel(with_overrides(SimConfig(), {"turnover.rate_annual": -0.1}))


def test_a_study_s_values_change_the_config_and_what_was_asked_for():
    run = resolve(small_config(**{"org.kind": "roster", "org.roster_path": str(ROOT / "examples" / "roster.csv")}))
    moved = run.with_values({"turnover.rate_annual": 0.2})
    assert isinstance(moved, Resolved) and moved.roster is run.roster
    assert moved.config.turnover.rate_annual == moved.asked.turnover.rate_annual == 0.2
    assert run.config.turnover.rate_annual == SimConfig().turnover.rate_annual, "the original is unchanged"
