"""Every named experiment runs end to end at smoke size: a small organisation, a few weeks, a few runs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import OmegaConf

from sim import store
from tests.helpers import ROOT

EXPERIMENTS = sorted(p.stem for p in (ROOT / "experiments").glob("*.yaml"))
SMALL = ["org.n_employees=40", "steps=6", "outputs.quiet=true", "hydra.launcher.verbose=0"]


def smoke_overrides(name: str) -> tuple[list[str], int]:
    """Overrides that shrink an experiment's sweep to two values a key (two trials for Optuna), and the runs expected."""
    cfg = OmegaConf.load(ROOT / "experiments" / f"{name}.yaml")
    params = OmegaConf.select(cfg, "hydra.sweeper.params") or {}
    optuna = any("optuna" in str(d) for d in cfg.get("defaults", []))
    if optuna:
        return ["hydra.sweeper.n_trials=2", "hydra.sweeper.n_jobs=1", "hydra.sweeper.sampler.n_startup_trials=2"], 2
    parser = OverridesParser.create()
    out, runs = [], 1
    for key, value in params.items():
        o = parser.parse_override(f"{key}={value}")
        values = list(o.sweep_string_iterator())[:2] if o.is_sweep_override() else [str(value)]
        out.append(f"{key}={','.join(values)}")
        runs *= len(values)
    return out, runs


@pytest.mark.slow
@pytest.mark.parametrize("name", EXPERIMENTS)
def test_every_experiment_runs_at_smoke_size(name, tmp_path: Path):
    overrides, runs = smoke_overrides(name)
    r = subprocess.run(
        [sys.executable, "-m", "sim", "-m", f"+experiment={name}", *SMALL, *overrides, "hydra.sweep.dir=sw"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    summaries = [json.loads(p.read_text()) for p in (tmp_path / "sw").glob("*/summary.json")]
    summaries += [r["summary"] for r in store.records(tmp_path / "sw" / "store").values()]  # outputs.store=true
    assert len(summaries) == runs and all(s["steps"] == 6 and s["n_employees"] == 40 for s in summaries)
