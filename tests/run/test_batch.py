"""Sweeps step replicates together (sim.run.batch, the cores launcher): the same bytes as one by one."""

import subprocess
import sys

import pytest

from hydra_plugins.mentoring_sim.cores_launcher import MAX_BATCH, batches
from sim import store
from sim.run.progress import Tally


def test_batches_group_jobs_that_differ_only_in_their_seed_or_programme():
    jobs = [[f"org.n_employees={n}", f"seed={s}"] for n in (50, 60) for s in range(5)] + [["org.n_employees=70"]]
    got = batches(jobs, workers=1)  # 11 jobs, one worker: batches of ceil(11 / 4) = 3
    assert got == [[0, 1, 2], [3, 4], [5, 6, 7], [8, 9], [10]]
    designs = [
        [f"program={d}", f"seed={s}", "support.mentor_training=true"] for d in ("none", "peer") for s in range(3)
    ]
    assert batches(designs, workers=1) == [[0, 1], [2, 3], [4, 5]], "programme settings may differ in a batch"
    assert all(len(b) <= MAX_BATCH for b in batches([[f"seed={s}"] for s in range(1000)], workers=2))
    assert len(batches([[f"seed={s}"] for s in range(1000)], workers=2)) >= 8  # every worker kept busy


def test_a_batched_sweep_into_a_store_writes_the_runs_of_one_by_one(tmp_path):
    common = ["-m", "program=none,peer_circles", "seed=0,1,2", "org.n_employees=60", "steps=12", "outputs.store=true"]
    common += ["practice.experts=3", "practice.experts_leave_week=6"]  # the new practice batches too (one week)
    found = {}
    for launcher in ("cores", "joblib"):  # batched, and Hydra's own launcher one run at a time
        cmd = [sys.executable, "-m", "sim", *common, f"hydra/launcher={launcher}", f"hydra.sweep.dir={launcher}"]
        r = subprocess.run([*cmd, "report.auto=false"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        found[launcher] = store.records(tmp_path / launcher / "store")
    assert len(store.parts(tmp_path / "cores" / "store")) < 6  # a part per batch
    assert set(found["cores"]) == set(found["joblib"]) == {str(i) for i in range(6)}
    for name, record in found["cores"].items():
        assert record["summary"] == found["joblib"][name]["summary"]
        a = store.timeseries(tmp_path / "cores" / "store", [name], ["step", "tacit_mean", "participants"])
        b = store.timeseries(tmp_path / "joblib" / "store", [name], ["step", "tacit_mean", "participants"])
        assert a.equals(b)


def test_an_ensemble_stacks_at_most_its_employee_limit():
    from types import SimpleNamespace

    from sim.run import batch, sizes

    def group(n_employees, runs):
        cfg = SimpleNamespace(org=SimpleNamespace(n_employees=n_employees))
        return [(SimpleNamespace(run=SimpleNamespace(config=cfg)), f"h{i}") for i in range(runs)]

    assert [len(g) for g in batch._split(group(500, 40))] == [40], "small runs: the whole batch together"
    assert [len(g) for g in batch._split(group(30_000, 7))] == [3, 3, 1]
    assert [len(g) for g in batch._split(group(1_000_000, 2))] == [1, 1], "past the limit each run alone"
    assert sizes.MAX_ENSEMBLE_EMPLOYEES == 100_000


def test_an_ensemble_steps_the_baselines_its_runs_are_priced_against(tmp_path, monkeypatch):
    """A batch of designs without their no-programme runs simulates those baselines along, not alone after."""
    import json

    from sim.config import SimConfig, with_overrides
    from sim.model import MentoringModel
    from sim.resolved import resolve
    from sim.run import baseline, batch
    from sim.run import execute as ex

    def run(design, seed):
        base = {"org.n_employees": 80, "steps": 20, "program.design": design, "seed": seed, "outputs.quiet": True}
        return resolve(with_overrides(SimConfig(), base))

    designs = [("peer", 0), ("hierarchical", 0), ("peer", 1)]
    alone = {}
    for i, (d, s) in enumerate(designs):  # one at a time, each simulating its baseline
        alone[i] = ex.execute(run(d, s), tmp_path / "alone" / str(i), keep_going=False, baselines=tmp_path / "b1")
    monkeypatch.setattr(baseline, "_KEPT", {})  # as in a new worker: no baseline in memory
    monkeypatch.setattr(MentoringModel, "run", lambda self, steps=None: pytest.fail("a run simulated alone"))
    jobs = [batch.Job(run(d, s), tmp_path / "batched" / str(i), tmp_path / "b2") for i, (d, s) in enumerate(designs)]
    with batch.counting() as tally:
        assert batch.execute_jobs(jobs) == 3
    assert tally == Tally(ran=3), "each run of the ensemble counted once, for the progress line"
    for i in range(3):
        got = json.loads((tmp_path / "batched" / str(i) / "summary.json").read_text())
        assert got == json.loads(json.dumps(alone[i])) and "baseline_tacit_mean_final" in json.dumps(got)
    assert sorted(p.name for p in (tmp_path / "b2").iterdir()) == sorted(p.name for p in (tmp_path / "b1").iterdir())


def test_each_job_is_counted_once_as_run_now_finished_before_or_failed(tmp_path, monkeypatch):
    from sim.config import SimConfig, with_overrides
    from sim.resolved import resolve
    from sim.run import batch

    run = resolve(with_overrides(SimConfig(), {"org.n_employees": 40, "steps": 2, "outputs.quiet": True}))
    job = batch.Job(run, tmp_path / "0", None)
    with batch.counting() as tally:
        summary = batch.run_one(job)
        assert batch.run_one(job) == summary  # again: finished by the first
    assert summary is not None and tally == Tally(ran=1, before=1)
    monkeypatch.setattr(batch.ex, "execute", lambda *args, **kwargs: None)  # a run that fails (error.json)
    with batch.counting() as tally:
        assert batch.run_one(batch.Job(run, tmp_path / "1", None)) is None
    assert tally == Tally(ran=1, failed=1)
    assert batch.run_one(batch.Job(run, tmp_path / "2", None)) is None, "not counting: runs all the same"
