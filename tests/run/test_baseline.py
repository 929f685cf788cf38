"""The baseline a programme is priced against (sim.run.baseline): what it may ignore, and where it is kept."""

import json
from pathlib import Path

import pandas as pd
import pytest

from sim.config import SupportConfig, baseline_values, has_role
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.run import baseline
from sim.run.execute import config_hash, simulate
from tests.helpers import far_value, small_config

#: Every key a baseline resets (tagged in sim.config) that the model reads, at a value far from its default
#: (but external mentors, which a run without a programme refuses).
IGNORED = {
    k: far_value(k)
    for k in baseline_values()
    if k not in ("program.design", "program.external_mentors") and not has_role(k, "output")
}


def test_a_run_without_a_programme_never_reads_the_keys_its_baseline_resets():
    plain = MentoringModel(small_config(steps=40, seed=5)).run()
    varied = MentoringModel(small_config(steps=40, seed=5, **IGNORED)).run()
    pd.testing.assert_frame_equal(plain.timeseries(), varied.timeseries())
    a, b = plain.summary(), varied.summary()
    assert {k: v for k, v in a.items() if k != "matching"} == {k: v for k, v in b.items() if k != "matching"}


def test_free_hours_have_their_own_stream_so_the_baseline_resets_every_support_lever():
    plain = MentoringModel(small_config(steps=20, seed=5)).run().timeseries()
    flat = MentoringModel(small_config(steps=20, seed=5, **{"support.free_hours_cv": 0.0})).run().timeseries()
    pd.testing.assert_frame_equal(plain, flat, check_exact=True)
    cfg = baseline.baseline_config(small_config(**{"support.free_hours_cv": 0.0, "program.design": "peer"}))
    assert cfg.support == SupportConfig() and cfg.program.design == "none"


def test_designs_of_one_seed_share_one_baseline():
    digests = {
        config_hash(baseline.baseline_run(resolve(small_config(seed=2, **{"program.design": d, **IGNORED}))))
        for d in ("hierarchical", "peer", "peer_circles", "none")
    }
    assert len(digests) == 1
    other_seed = config_hash(baseline.baseline_run(resolve(small_config(seed=3))))
    assert other_seed not in digests


def test_a_sweep_keeps_its_baselines_on_disk_and_reuses_them(tmp_path: Path, monkeypatch):
    store = tmp_path / ".baselines"
    run = resolve(small_config(steps=20, seed=7, **{"program.design": "peer"}))
    first, _ = simulate(run, tmp_path / "0", baselines=store)
    files = list(store.glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text())["exits_total"] == first["baseline_exits_total"]
    baseline._KEPT.clear()  # a fresh worker process

    def no_simulation(self, steps=None):
        raise AssertionError("the stored baseline should have been read")

    monkeypatch.setattr(MentoringModel, "run", no_simulation, raising=True)
    base = baseline.baseline_summary(run, store)
    assert base["exits_total"] == first["baseline_exits_total"]


def test_without_a_baseline_a_run_gives_costs_only(tmp_path: Path):
    s, _ = simulate(
        resolve(small_config(steps=20, **{"program.design": "peer", "economics.baseline": False})), tmp_path
    )
    assert s["programme_cost"] > 0
    assert s["avoided_replacement_cost"] is None and "baseline_exits_total" not in s


@pytest.fixture(autouse=True)
def _fresh_cache():
    baseline._KEPT.clear()
    yield
    baseline._KEPT.clear()
