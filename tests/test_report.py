"""The sweep report's table, on a synthetic sweep directory with known numbers."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from sim.report import ReportError, gather


def make_run(root, name, design, seed, tacit=None, error=None):
    run = root / name
    (run / ".hydra").mkdir(parents=True)
    (run / ".hydra" / "config.yaml").write_text(f"seed: {seed}\nprogram:\n  design: {design}\n  start_step: 0\n")
    if tacit is not None:
        (run / "summary.json").write_text(json.dumps({"tacit_mean_final": tacit, "design": design, "seed": seed}))
    if error is not None:
        (run / "error.json").write_text(json.dumps({"error": error}))


def test_gather_makes_one_tidy_row_per_run(tmp_path):
    make_run(tmp_path, "0", "none", 0, tacit=0.60)
    make_run(tmp_path, "1", "peer", 0, tacit=0.66)
    make_run(tmp_path, "10", "peer", 1, tacit=0.70)
    make_run(tmp_path, "2", "peer", 2, error="RuntimeError: boom")
    make_run(tmp_path, "3", "none", 1)  # unfinished: neither summary nor error
    (tmp_path / "multirun.yaml").write_text("x: 1\n")
    table, unfinished = gather(tmp_path)
    assert unfinished == 1
    assert table["run"].tolist() == ["0", "1", "2", "10"], "numeric order"
    assert table["status"].tolist() == ["ok", "ok", "failed", "ok"]
    assert table.loc[table.status == "ok"].groupby("program.design")[
        "tacit_mean_final"
    ].mean().to_dict() == pytest.approx({"none": 0.60, "peer": 0.68})
    assert table.loc[2, "error"] == "RuntimeError: boom"


@pytest.mark.parametrize("make", ["missing", "empty", "foreign"])
def test_a_broken_or_foreign_directory_is_one_clear_line(tmp_path, make):
    target = tmp_path / "nope" if make == "missing" else tmp_path
    if make == "foreign":
        (tmp_path / "notes").mkdir()
        (tmp_path / "notes" / "a.txt").write_text("hello")
    with pytest.raises(ReportError):
        gather(target)
    r = subprocess.run([sys.executable, "-m", "sim.report", str(target)], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: ")
    assert not (tmp_path / "report").exists()


def test_report_command_on_a_real_sweep(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "sim", "-m", "+experiment=smoke", "hydra.sweep.dir=sw", "outputs.quiet=true"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "sim.report", "sw"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and "4 runs gathered (0 failed, 0 unfinished)" in r.stdout
    table = pd.read_parquet(tmp_path / "sw" / "report" / "runs.parquet")
    assert len(table) == 4 and {"program.design", "seed", "tacit_mean_final", "config_hash"} <= set(table.columns)
    assert sorted(zip(table["program.design"], table["seed"], strict=True)) == [
        ("none", 0),
        ("none", 1),
        ("peer", 0),
        ("peer", 1),
    ]
