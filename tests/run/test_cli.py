"""The command line as a user runs it: ``python -m sim ...`` in a fresh directory."""

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from sim.metrics import TIMESERIES_COLUMNS
from tests.helpers import run_sim

FAST = ["org.n_employees=60", "steps=8"]


def sim(*args, cwd: Path) -> subprocess.CompletedProcess:
    return run_sim(*args, cwd=cwd)


def test_a_run_writes_the_output_contract_and_a_summary(tmp_path):
    out = tmp_path / "run"
    r = sim(*FAST, "program=peer", f"hydra.run.dir={out}", "outputs.csv=true", "outputs.employees=true", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "tacit knowledge" in r.stdout and "Outputs in run/" in r.stdout  # shown relative to the cwd
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert list(ts.columns) == list(TIMESERIES_COLUMNS) and len(ts) == 9
    summary = json.loads((out / "summary.json").read_text())
    for key in (
        "knowledge_mean_final",
        "tacit_mean_final",
        "engagement_mean_final",
        "annual_turnover_rate",
        "retention_participants",
        "retention_nonparticipants",
    ):
        assert key in summary
    assert summary["design"] == "peer" and summary["retention_participants"] is not None
    assert (out / ".hydra" / "config.yaml").is_file()
    assert pd.read_csv(out / "timeseries.csv").shape == ts.shape
    assert len(pd.read_parquet(out / "employees.parquet")) == 60
    assert not list(out.glob(".*.tmp")), "no temporary files are left behind"


def test_default_output_directory_is_under_results_runs(tmp_path):
    r = sim(*FAST, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    runs = list((tmp_path / "results" / "runs").iterdir())
    assert len(runs) == 1 and (runs[0] / "summary.json").is_file()


def test_same_seed_same_bytes(tmp_path):
    for name in ("a", "b"):
        assert (
            sim(*FAST, "seed=7", "program=hierarchical", f"hydra.run.dir={tmp_path / name}", cwd=tmp_path).returncode
            == 0
        )
    for f in ("timeseries.parquet", "summary.json"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_multirun_writes_one_directory_per_job(tmp_path):
    r = sim("-m", *FAST, "program=none,peer_circles", "hydra.sweep.dir=sweep", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    designs = {json.loads((tmp_path / "sweep" / n / "summary.json").read_text())["design"] for n in ("0", "1")}
    assert designs == {"none", "peer_circles"}


@pytest.mark.parametrize(
    "args, must_name",
    [
        (["org.n_employees=-5"], "org.n_employees=-5"),
        (["program=mentorish"], "program='mentorish'"),
        (["turnover.rate_annual=1.7"], "turnover.rate_annual=1.7"),
        (["seed=abc"], "seed='abc'"),
        (["org.headcount=5"], "org.headcount"),
        (["network.rewire_p=0.2,7"], "network.rewire_p"),  # a sweep needs -m
        (["-m", "program=peer,mentorish"], "program='mentorish'"),  # every swept value is checked
        (["-m", "turnover.rate_annual=0.1,1.5"], "turnover.rate_annual=1.5"),
        # a key given twice: the one line names both values (Hydra would apply both, one after the other)
        (["org.n_employees=300", "org.n_employees=abc"], "org.n_employees=300 and org.n_employees=abc"),
        (["-m", "seed=1,2", "seed=3"], "seed is given twice"),
        # a programme that could never form a tie in the organisation or run given
        (["org.levels=1"], "org.levels=1, so no tie can form"),
        (["program=reverse", "org.levels=1"], "program.design=reverse"),
        (["program.opt_in_rate=0"], "nobody volunteers"),
        (["program.mentee_max_tenure_years=0"], "program.mentee_max_tenure_years=0"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(args, must_name, tmp_path):
    earlier = tmp_path / "results" / "runs" / "earlier"
    earlier.mkdir(parents=True)
    (earlier / "summary.json").write_text("{}")
    r = sim(*args, cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and must_name in lines[0], r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert [p.name for p in (tmp_path / "results" / "runs").iterdir()] == ["earlier"], "no run directory created"
    assert not (tmp_path / "results" / "sweeps").exists()
    assert (earlier / "summary.json").read_text() == "{}", "nothing written earlier is lost"


def test_experiments_run_with_joblib_and_each_writes_its_runs(tmp_path):
    r = sim("-m", "+experiment=smoke", "hydra.sweep.dir=sw", "outputs.quiet=true", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    runs = sorted(p.name for p in (tmp_path / "sw").iterdir() if p.name.isdigit())
    assert runs == ["0", "1", "2", "3"]
    seen = {
        (s["design"], s["seed"]) for s in (json.loads((tmp_path / "sw" / n / "summary.json").read_text()) for n in runs)
    }
    assert seen == {("none", 0), ("none", 1), ("peer", 0), ("peer", 1)}
    assert "progress: 4/4 runs done" in r.stdout, "the sweep's progress line"
    assert "[HYDRA]" not in r.stdout + r.stderr and "#0 : " not in r.stdout, "no launch log unless asked"
    sweeper = (tmp_path / "sw" / "multirun.yaml").read_text()
    assert "_target_: hydra_plugins.mentoring_sim.checked_grid_sweeper.CheckedGridSweeper" in sweeper


def test_values_an_experiment_file_sweeps_are_checked_before_anything_runs(tmp_path, monkeypatch):
    import shutil

    from sim.compose import CONFIG_DIR
    from sim.run.preflight import UserError, preflight

    configs = tmp_path / "configs"
    shutil.copytree(CONFIG_DIR, configs, symlinks=False)
    (configs / "experiment" / "bad.yaml").write_text(
        "# @package _global_\nhydra:\n  sweeper:\n    params:\n      turnover.rate_annual: 0.1,1.5\n"
    )
    with pytest.raises(UserError, match=r"turnover.rate_annual=1.5: must be between 0 and 1"):
        preflight(["-m", "+experiment=bad"], configs)
    preflight(["-m", "+experiment=smoke"], configs)  # a good one passes


def test_an_unknown_experiment_is_one_line(tmp_path):
    r = sim("-m", "+experiment=nope", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip().startswith(
        "error: experiment='nope': not a known experiment; choose one of:"
    )
    assert "compare_designs" in r.stderr and not (tmp_path / "results").exists()


def test_a_rerun_sweep_skips_finished_runs_and_redoes_a_crashed_one(tmp_path):
    args = ("-m", "+experiment=smoke", "hydra.sweep.dir=sw", "outputs.quiet=true")
    assert sim(*args, cwd=tmp_path).returncode == 0
    sw = tmp_path / "sw"
    before = {n: (sw / n / "summary.json").stat().st_mtime_ns for n in "0123"}
    (sw / "2" / "summary.json").unlink()  # a run that crashed before finishing has no summary
    r = sim(*args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # One progress line per run, no line per skipped run: the sweep says how many were done before.
    assert "progress: 4/4 runs done, 3 of them finished before this command" in r.stdout
    assert "skipped" not in r.stdout
    after = {n: (sw / n / "summary.json").stat().st_mtime_ns for n in "0123"}
    assert all(after[n] == before[n] for n in "013") and (sw / "2" / "summary.json").is_file()
    # Another configuration in the same directory is not mistaken for a finished run.
    r = sim(*args, "steps=12", cwd=tmp_path)
    assert "skipped" not in r.stdout and json.loads((sw / "0" / "summary.json").read_text())["steps"] == 12


def test_a_failed_run_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    from sim.model import MentoringModel
    from sim.run import execute as cli
    from tests.helpers import small_config

    def broken(self, steps=None):
        raise RuntimeError("simulated failure")

    good, bad = tmp_path / "good", tmp_path / "bad"
    assert cli.execute(small_config(**{"outputs.quiet": True}), good, keep_going=True)["steps"] == 52
    monkeypatch.setattr(MentoringModel, "run", broken)
    assert cli.execute(small_config(), bad, keep_going=True) is None
    error = json.loads((bad / "error.json").read_text())
    assert error["error"] == "RuntimeError: simulated failure" and "Traceback" in error["traceback"]
    assert not (bad / "summary.json").exists()
    with pytest.raises(RuntimeError):
        cli.execute(small_config(), bad, keep_going=False)  # a single run fails loudly
    monkeypatch.undo()
    cli.execute(small_config(**{"outputs.quiet": True}), bad, keep_going=True)
    assert (bad / "summary.json").is_file() and not (bad / "error.json").exists(), "success clears the failure"


def test_a_glob_over_a_config_group_sweeps_its_options(tmp_path):
    # the Sun posterior's draws are swept this way; pre-flight once crashed on a glob
    from sim.run.preflight import preflight

    assert preflight(["-m", "+preset=sun_microsystems", "+sun_posterior=glob(draw_0*)"]).total == 10
    r = sim(
        "-m", "+preset=sun_microsystems", "+sun_posterior=glob([draw_00,draw_01])", *FAST,
        "outputs.quiet=true", f"hydra.sweep.dir={tmp_path / 'sw'}", cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    rates = {
        (d / ".hydra" / "config.yaml").read_text().split("rate_annual: ")[1].split()[0]
        for d in (tmp_path / "sw").iterdir()
        if d.name.isdigit()
    }
    assert len(rates) == 2, rates


def test_the_default_run_has_a_programme_and_prints_what_it_changed(tmp_path):
    """python -m sim with no arguments: senior mentors for 500 people over 5 years, against the same seed without."""
    r = sim("hydra.run.dir=out", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    s = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert s["design"] == "hierarchical" and s["n_employees"] == 500 and s["steps"] == 260
    out = r.stdout
    assert "Against the same organisation and seed without a programme (without -> with):" in out
    shown = f"{s['baseline_tacit_mean_final']:.3f} -> {s['tacit_mean_final']:.3f}"
    assert shown in out.split("Against")[1], "the comparison shows the baseline's and the programme's values"
    fewer = s["baseline_exits_total"] - s["exits_total"]
    assert f"{s['baseline_exits_total']:,} -> {s['exits_total']:,}   ({abs(fewer):,} " in out
    assert f"programme cost ${s['programme_cost']:,.0f}" in out and "net benefit" in out
    assert "python -m sim.decide" in out
    # The baseline is the same seed without a programme: it matches a run of program=none.
    r0 = sim("program=none", "hydra.run.dir=none", cwd=tmp_path)
    none = json.loads((tmp_path / "none" / "summary.json").read_text())
    assert r0.returncode == 0 and none["exits_total"] == s["baseline_exits_total"]
    assert none["tacit_mean_final"] == s["baseline_tacit_mean_final"]
