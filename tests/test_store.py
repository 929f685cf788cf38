"""The consolidated store (sim.store): a sweep's runs in a few Parquet files, read as run directories are."""

import shutil
import subprocess
import sys
import time

import pandas as pd
import pytest
from omegaconf import OmegaConf

from sim import io, store
from sim.analysis.gather import gather, load_timeseries
from sim.config import ConfigError, SimConfig, with_overrides
from sim.resolved import resolve

SWEEP = ["org.n_employees=60", "steps=8", "seed=0,1", "program=none,peer"]


def _sweep(out, *extra):
    cmd = [sys.executable, "-m", "sim", "-m", *SWEEP, f"hydra.sweep.dir={out}", *extra]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return r


@pytest.fixture(scope="module")
def dir_sweep(tmp_path_factory):
    """The sweep into run directories, with its report."""
    out = tmp_path_factory.mktemp("dirs") / "s"
    _sweep(out)
    return out


def _ts(i):
    return pd.DataFrame({"step": [0, 1, 2], "tacit_mean": [0.5, 0.5 + i / 10, 0.6]})


def test_parts_round_trip_runs_and_failures_and_the_last_written_wins(tmp_path):
    ok = [store.StoredRun(str(i), f"h{i}", "ok", {"seed": i}, summary={"x": i}, timeseries=_ts(i)) for i in range(3)]
    store.write_part(tmp_path, ok)
    time.sleep(0.01)  # a later modification time
    again = store.StoredRun("1", "h1b", "ok", {"seed": 1}, summary={"x": 10}, timeseries=_ts(5))
    bad = store.StoredRun("3", "h3", "failed", {"seed": 3}, error="ValueError: boom")
    store.write_part(tmp_path, [again, bad])
    found = store.records(tmp_path)
    assert sorted(found) == ["0", "1", "2", "3"] and found["1"]["summary"] == {"x": 10}
    assert found["3"]["status"] == "failed" and found["3"]["error"] == "ValueError: boom"
    assert set(store.finished(tmp_path)) == {"h0", "h1b", "h2"}
    ts = store.timeseries(tmp_path, ["1", "2", "3"], ["step", "tacit_mean"])
    assert sorted(set(ts["run"])) == ["1", "2"]
    assert ts[ts["run"] == "1"]["tacit_mean"].tolist() == [0.5, 1.0, 0.6]  # from the later part


def test_a_sweep_into_a_store_writes_parts_not_directories_reports_alike_and_resumes(tmp_path, dir_sweep):
    _sweep(tmp_path / "st", "outputs.store=true")
    top = sorted(p.name for p in (tmp_path / "st").iterdir())
    assert top == [".baselines", "multirun.yaml", "report", "store"]
    parts = store.parts(tmp_path / "st" / "store")
    assert sum(runs for _, runs, _ in parts) == 4 and len(parts) == 2  # replicates batched: a part per batch of 2
    a = (dir_sweep / "report" / "report.md").read_text().split("\n", 1)[1]
    b = (tmp_path / "st" / "report" / "report.md").read_text().split("\n", 1)[1]
    assert a == b  # the same report, but for its title (the folder's name)
    pd.testing.assert_frame_equal(
        pd.read_csv(dir_sweep / "report" / "comparison.csv"),
        pd.read_csv(tmp_path / "st" / "report" / "comparison.csv"),
    )
    r = _sweep(tmp_path / "st", "outputs.store=true", "report.auto=false")
    assert "progress: 4/4 runs done, all 4 finished before this command: nothing to run" in r.stdout
    assert store.parts(tmp_path / "st" / "store") == parts  # nothing run again


def test_pack_turns_run_directories_into_a_store_the_report_reads_alike(tmp_path, dir_sweep):
    shutil.copytree(dir_sweep, tmp_path / "s")
    before, _ = gather(tmp_path / "s")
    first = pd.read_parquet(tmp_path / "s" / "0" / io.TIMESERIES)
    r = subprocess.run(
        [sys.executable, "-m", "sim.store", "pack", str(tmp_path / "s"), "--remove"], capture_output=True, text=True
    )
    assert r.returncode == 0 and "packed 4 runs into 1 parts" in r.stdout, r.stderr
    assert not any(p.name.isdigit() for p in (tmp_path / "s").iterdir())
    after, _ = gather(tmp_path / "s")
    pd.testing.assert_frame_equal(before.sort_index(axis=1), after.sort_index(axis=1))
    stored = store.timeseries(tmp_path / "s" / "store", ["0"], list(first.columns)).drop(columns="run")
    pd.testing.assert_frame_equal(first, stored, check_exact=True)
    runs = after.assign(condition=pd.Categorical(after["program.design"]), stratum="all")
    assert len(load_timeseries(tmp_path / "s", runs)) == 4 * 9


def test_run_configs_read_fast_equal_omegaconf(dir_sweep):
    for run in ("0", "3"):
        slow = io.flatten(OmegaConf.to_container(OmegaConf.load(dir_sweep / run / ".hydra" / "config.yaml")))
        fast = io.read_run_config(dir_sweep / run)
        assert fast == slow and all(type(fast[k]) is type(slow[k]) for k in slow)


def test_a_store_keeps_no_employees_table_and_says_so():
    with pytest.raises(ConfigError, match=r"outputs.employees=true: a store \(outputs.store=true\) keeps"):
        resolve(with_overrides(SimConfig(), {"outputs.store": True, "outputs.employees": True}))
