"""Checkpoints (sim.checkpoint): resume gives the bytes of a run never interrupted; warm starts begin from a saved organisation."""

import json
import signal
import subprocess
import sys
import time
import zipfile

import numpy as np
import pandas as pd
import pytest

from sim import checkpoint
from sim.config import ConfigError, SimConfig, with_overrides
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.run.execute import simulate
from sim.run.fingerprint import config_hash
from tests.helpers import ROOT, resumed, same_outputs

SMALL = {"org.n_employees": 120, "steps": 60, "program.match_every_weeks": 8, "program.duration_weeks": 20}
DESIGNS = ("none", "hierarchical", "peer", "peer_circles", "reverse", "hybrid")


def _run(**overrides):
    return resolve(with_overrides(SimConfig(), {**SMALL, **overrides}))


@pytest.mark.parametrize("design", DESIGNS)
def test_resume_gives_the_bytes_of_a_run_never_interrupted(tmp_path, design):
    extra = {"program.external_mentors": 3} if design in ("hierarchical", "hybrid") else {}
    run = _run(**{"program.design": design, **extra})
    same_outputs(MentoringModel(run).run(), resumed(tmp_path, run, at=27))  # mid-tie, after 3 rounds


@pytest.mark.parametrize("design", ["none", "hierarchical"])
def test_resume_with_careers_and_informal_mentoring_gives_the_bytes_of_a_run_never_interrupted(tmp_path, design):
    over = {"careers.internal_share": 0.6, "informal.formation_per_year": 0.5, "program.design": design}
    run = _run(**over)
    whole = MentoringModel(run).run()
    assert whole.summary()["informal_ties_formed_total"] > 0 and whole.summary()["promotions_total"] > 0
    same_outputs(whole, resumed(tmp_path, run, at=33))


def test_resume_with_a_roster_and_support(tmp_path):
    over = {"org.kind": "roster", "org.roster_path": str(ROOT / "examples" / "roster.csv"), "program.design": "hybrid"}
    run = _run(**over, **{"support.mentor_training": True, "support.protected_hours_per_month": 2.0})
    same_outputs(MentoringModel(run).run(), resumed(tmp_path, run, at=33))


def test_a_checkpoint_is_an_open_archive_without_pickle(tmp_path):
    run = _run(**{"program.design": "peer"})
    path = checkpoint.save(MentoringModel(run).run(10), tmp_path / "c.npz", config_hash(run))
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    assert {"meta.npy", "state.tacit.npy", "network.u.npy", "ties.rapport.npy", "ts.tacit_mean.npy"} <= names
    with np.load(path, allow_pickle=False) as archive:  # nothing needs pickle
        arrays = {n: archive[n] for n in archive.files}
    meta = json.loads(bytes(arrays["meta"]).decode())
    assert meta["step"] == 10 and meta["config"]["program.design"] == "peer" and len(arrays["ts.step"]) == 11
    assert not any(a.dtype == object for a in arrays.values())


def test_periodic_checkpoints_keep_the_latest_and_a_final_one(tmp_path):
    run = _run(**{"program.design": "peer", "checkpoint.every": 10, "checkpoint.keep": 2, "checkpoint.final": True})
    simulate(run, tmp_path)
    assert [s for s, _ in checkpoint.saved_steps(tmp_path / "checkpoints")] == [40, 50, 60]
    assert checkpoint.locate(tmp_path) == tmp_path / "checkpoints" / "step_00000060.npz"


def test_a_killed_run_goes_on_from_its_checkpoint_when_run_again(tmp_path):
    args = ["org.n_employees=1500", "steps=150", "program=peer", "report.auto=false", "economics.baseline=false"]
    whole = tmp_path / "whole"
    r = subprocess.run([sys.executable, "-m", "sim", *args, f"hydra.run.dir={whole}"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    killed = tmp_path / "killed"
    again = [sys.executable, "-m", "sim", *args, "checkpoint.every=25", f"hydra.run.dir={killed}"]
    proc = subprocess.Popen(again, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not checkpoint.saved_steps(killed / "checkpoints") and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    saved = checkpoint.saved_steps(killed / "checkpoints")
    assert saved and not (killed / "summary.json").exists(), "killed before its first checkpoint or after its end"
    r = subprocess.run(again, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "going on from its checkpoint at step" in r.stdout
    a, b = pd.read_parquet(whole / "timeseries.parquet"), pd.read_parquet(killed / "timeseries.parquet")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    sa, sb = (json.loads((d / "summary.json").read_text()) for d in (whole, killed))
    assert sa == sb  # config_hash too: checkpointing does not change what a run is


def _warm_state(tmp_path, steps=312, **overrides):
    """A run without a programme, saved at its end (six years: past the drift from the built state)."""
    run = _run(**{"program.design": "none", "steps": steps, "checkpoint.final": True, **overrides})
    simulate(run, tmp_path)
    return checkpoint.locate(tmp_path), MentoringModel(run).run()


def test_warm_start_begins_from_the_saved_organisation(tmp_path):
    path, saved = _warm_state(tmp_path)
    warm = MentoringModel(_run(**{"program.design": "peer", "warm_start": str(path)}))
    before, after = saved.employees(), warm.employees()
    kept = ["uid", "level", "team", "manager_row", "tenure_years", "engagement", "knowledge_mean", "tacit_mean"]
    pd.testing.assert_frame_equal(before[kept], after[kept], check_exact=True)
    assert np.array_equal(saved.network.u, warm.network.u) and np.array_equal(saved.network.v, warm.network.v)
    for column in ("knowledge_mean", "tacit_mean", "tacit_gini", "engagement_mean"):
        assert warm.last_row[column] == saved.last_row[column]
    assert warm.steps == 0 and warm.last_row["tacit_lost_cum"] == 0.0 and not warm.ledger.ever_participant.any()
    warm.run()
    assert warm.summary()["steps"] == SMALL["steps"] and warm.timeseries()["participants"].max() > 0


def test_warm_started_designs_share_their_draws(tmp_path):
    path, _ = _warm_state(tmp_path)
    none, peer = (MentoringModel(_run(**{"program.design": d, "warm_start": str(path)})) for d in ("none", "peer"))
    assert np.array_equal(none.state.opted_in, peer.state.opted_in)
    assert np.array_equal(none.state.free_hours, peer.state.free_hours)
    assert none.streams.state() == peer.streams.state()


def test_a_warm_started_run_records_it_and_resumes_too(tmp_path):
    path, _ = _warm_state(tmp_path / "warm", steps=30)
    run = _run(**{"program.design": "peer", "warm_start": str(path)})
    summary, _ = simulate(run, tmp_path / "peer")
    assert summary["warm_start"]["step"] == 30 and summary["warm_start"]["path"] == str(path)
    same_outputs(MentoringModel(run).run(), resumed(tmp_path, run, at=17))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"program.design": "peer"},
            r"checkpoint.resume=.*saved by a run with program.design='none' \(this run: 'peer'\)",
        ),
        ({"steps": 5}, "saved at step 10, past this run's steps=5"),
    ],
)
def test_resume_refuses_another_configuration(tmp_path, change, message):
    run = _run(**{"program.design": "none"})
    path = checkpoint.save(MentoringModel(run).run(10), tmp_path / "c.npz", config_hash(run))
    with pytest.raises(ConfigError, match=message):
        resolve(with_overrides(run.asked, {"checkpoint.resume": str(path), **change}))


def test_warm_start_refuses_a_programme_run_another_organisation_or_a_stray_file(tmp_path):
    run = _run(**{"program.design": "peer"})
    path = checkpoint.save(MentoringModel(run).run(5), tmp_path / "peer.npz", config_hash(run))
    with pytest.raises(ConfigError, match=r"warm_start=.*a programme \(program.design='peer'\).*program=none"):
        resolve(with_overrides(run.asked, {"warm_start": str(path)}))
    none_path, _ = _warm_state(tmp_path / "none", steps=5)
    with pytest.raises(ConfigError, match=r"an organisation with org.n_employees=120 \(this run: 150\)"):
        resolve(with_overrides(run.asked, {"warm_start": str(none_path), "org.n_employees": 150}))
    (tmp_path / "stray.npz").write_text("not a zip")
    with pytest.raises(ConfigError, match=r"warm_start='.*stray.npz': not a checkpoint of this simulator"):
        resolve(with_overrides(run.asked, {"warm_start": str(tmp_path / "stray.npz")}))
    with pytest.raises(ConfigError, match=r"checkpoint.resume='.*nowhere': no such file or directory"):
        resolve(with_overrides(run.asked, {"checkpoint.resume": str(tmp_path / "nowhere")}))


def test_the_command_line_takes_plus_warm_start_and_refuses_in_one_line(tmp_path):
    path, _ = _warm_state(tmp_path / "warm", steps=5)
    base = [sys.executable, "-m", "sim", *(f"{k}={v}" for k, v in SMALL.items()), "outputs.quiet=true"]
    ok = subprocess.run(
        [*base, f"+warm_start={path}", f"hydra.run.dir={tmp_path / 'ok'}"], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "ok" / "summary.json").read_text())["warm_start"]["step"] == 5
    other = [a for a in base if not a.startswith("org.n_employees=")] + ["org.n_employees=150"]
    bad = subprocess.run([*other, f"+warm_start={path}"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "the organisation must match" in bad.stderr


def test_the_fingerprint_ignores_keys_at_their_defaults_and_checkpointing():
    from sim.run.fingerprint import fingerprinted_values

    assert fingerprinted_values(SimConfig()) == {}  # a key added at its default changes no run's hash
    run = _run(**{"program.design": "peer"})
    same = _run(**{"program.design": "peer", "checkpoint.every": 7, "program.circle_size": 6})  # 6 = default
    assert config_hash(run) == config_hash(same)
    assert config_hash(run) != config_hash(_run(**{"program.design": "peer", "seed": 1}))


def test_a_report_says_which_runs_were_warm_started():
    from sim.analysis.findings import warm_start_note

    runs = pd.DataFrame({"warm_start.step": [312.0, 312.0, None], "warm_start.path": ["w.npz", "w.npz", None]})
    note = warm_start_note(runs)
    assert note.startswith("Warm start: 2 of 3 runs began from an organisation saved at week 312 (w.npz)")
    assert warm_start_note(runs.iloc[:2]).startswith("Warm start: All runs began")
    assert warm_start_note(pd.DataFrame({"seed": [0, 1]})) is None
