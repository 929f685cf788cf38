"""Shared test helpers: the checkout, small configurations, hand-built workforces and tie tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from sim.config import SimConfig, iter_fields, with_overrides
from sim.state import Workforce
from sim.ties import HIERARCHICAL, Ties

#: The checkout's root (examples/, docs/, configs/, experiments/).
ROOT = Path(__file__).resolve().parents[1]


#: The package's layers, lowest first: a module imports only from its own layer and those before it
#: (tests/test_imports.py checks them; docs/code-map.md is generated from them: python -m tests.docs.generate).
#: Top-level modules are named; a subpackage is a layer by its name.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "core",
        ("sim.arrays", "sim.units", "sim.config", "sim.provenance", "sim.state", "sim.ties", "sim.streams", "sim.io")
        + ("sim.compiled",)
        + ("sim.inputs",),
    ),
    ("mechanisms", ("sim.mechanisms",)),
    ("model", ("sim", "sim.sampling")),  # the remaining top-level modules: model, schedule, ensemble, ...
    ("run", ("sim.run",)),
    ("analysis", ("sim.analysis",)),
    ("studies", ("sim.studies",)),
    ("validation", ("sim.validation",)),
    (
        "commands",
        ("sim.teaching", "sim.bench", "sim.__main__", "sim.decide", "sim.levers", "sim.report", "sim.validate")
        + ("sim.viz", "sim.animate", "sim.roster"),
    ),
)


def layer_of(module: str) -> int:
    """The index in :data:`LAYERS` of ``module``'s layer: its longest matching name."""
    best, found = -1, 2  # a top-level module not named elsewhere belongs to the model
    for i, (_, names) in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, found = len(name), i
    return found


def run_sim(*args: str, cwd: Path, module: str = "sim", timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m sim ARGS`` (or another of the project's commands) in ``cwd``, as a user runs it; output captured."""
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def assert_ensemble_is_its_single_runs(runs: list):
    """Step ``runs`` (resolved configs) as one ensemble; assert each replicate is its single run to the byte."""
    import json

    import pandas as pd

    from sim.ensemble import Ensemble
    from sim.model import MentoringModel

    batch = Ensemble(runs).run()
    for run, ts, summary in zip(runs, batch.timeseries(), batch.summaries(), strict=True):
        single = MentoringModel(run).run()
        pd.testing.assert_frame_equal(single.timeseries(), ts, check_exact=True)
        assert json.dumps(single.summary(), sort_keys=True) == json.dumps(summary, sort_keys=True)
    return batch


def same_outputs(a, b) -> None:
    """Two models' outputs are the same bytes: timeseries, summary, employees, and the streams go on alike."""
    import json

    import pandas as pd

    pd.testing.assert_frame_equal(a.timeseries(), b.timeseries(), check_exact=True)
    assert json.dumps(a.summary(), sort_keys=True) == json.dumps(b.summary(), sort_keys=True)
    pd.testing.assert_frame_equal(a.employees(), b.employees(), check_exact=True)
    assert a.streams.state() == b.streams.state() and a.rng.random() == b.rng.random()


def resumed(tmp_path: Path, run, at: int, **extra):
    """``run`` (resolved) stopped after ``at`` steps, saved, and resumed from its checkpoint to the end (the model)."""
    from sim import checkpoint
    from sim.config import with_overrides
    from sim.model import MentoringModel
    from sim.resolved import resolve
    from sim.run.fingerprint import config_hash

    half = MentoringModel(run).run(at)
    path = checkpoint.save(half, tmp_path / "state.npz", config_hash(run))
    return MentoringModel(resolve(with_overrides(run.asked, {"checkpoint.resume": str(path), **extra}))).run()


def small_config(**overrides) -> SimConfig:
    """A fast configuration (200 employees, 52 weeks) with dotted-key overrides."""
    base = {"org.n_employees": 200, "steps": 52}
    base.update(overrides)
    return with_overrides(SimConfig(), base)


def hand_workforce(level, manager, tacit, skills=None, tenure_weeks=None) -> Workforce:
    """A workforce built row by row, so expected values can be worked out on paper."""
    level = np.asarray(level, dtype=np.int8)
    n = len(level)
    tacit = np.asarray(tacit, dtype=float).reshape(n, -1)
    skills = tacit.copy() if skills is None else np.asarray(skills, dtype=float).reshape(n, -1)
    manager = np.asarray(manager, dtype=np.int64)
    _, team = np.unique(manager, return_inverse=True)
    return Workforce(
        level=level,
        manager=manager,
        team=team.astype(np.int64),
        tenure_weeks=np.asarray(tenure_weeks if tenure_weeks is not None else np.full(n, 52.0), dtype=float),
        skills=skills,
        tacit=tacit,
        aptitude=np.ones_like(tacit),
        engagement=np.full(n, 0.6),
        baseline=np.full(n, 0.6),
        opted_in=np.ones(n, dtype=bool),
        traits=np.zeros((n, 3)),
        free_hours=np.full(n, 3.0),
        uid=np.arange(n, dtype=np.int64),
        hired_step=np.zeros(n, dtype=np.int64),
    )


#: A hand-built tie's columns when a test does not set them (sim.ties).
TIE_DEFAULTS = {
    "kind": HIERARCHICAL,
    "focus": -1,
    "share": 1.0,
    "start": 0,
    "end": 100,
    "rapport": 0.5,
    "trust_cap": 1.0,
    "power": 0.0,
    "meetings": 0,
    "fit": 0.5,
    "reviewed": False,
}


def add_ties(table: Ties, mentor, mentee, **columns) -> Ties:
    """Append ties to ``table`` (one group each unless ``group`` is given), other columns from TIE_DEFAULTS."""
    mentee = np.atleast_1d(np.asarray(mentee))
    group = columns.pop("group", None)
    group = table.new_groups(len(mentee)) if group is None else group
    columns.setdefault("key", np.asarray(group, dtype=np.uint64) + np.uint64(1000))  # one draw per group
    table.add(mentor=mentor, mentee=mentee, group=group, **{**TIE_DEFAULTS, **columns})
    return table


def far_value(key: str):
    """A value of ``key`` other than its default and inside its range, as a user could set it."""
    fields = {k: (v, f) for k, v, f in iter_fields(SimConfig())}
    default, m = fields[key][0], fields[key][1].metadata
    if isinstance(default, bool):
        return not default
    if m.get("choices"):
        return next(c for c in m["choices"] if c != default)
    if isinstance(default, (int, float)) and m.get("hi") is not None:
        lo, hi = m["lo"], min(m["hi"], max(4 * abs(default), 10))
        value = lo + 0.7 * (hi - lo) if default < lo + 0.5 * (hi - lo) else lo + 0.2 * (hi - lo)
        return int(round(value)) if isinstance(default, int) else value
    if isinstance(default, str):
        return "x"
    if isinstance(default, list):
        return ["turnover.rate_annual"] if key == "scenario.pinned" else [50_000.0]
    raise AssertionError(f"no far value for {key}")
