"""``python -m sim.decide``: one command from an organisation to the decision report, resumable."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim import store
from sim.studies.decide import parser, sweep_arguments

ROOT = Path(__file__).resolve().parents[2]
TINY = ["--scenarios", "10", "--seeds", "1", "--designs", "peer,peer_circles", "--years", "0.4", "org.n_employees=40"]


def decide(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sim.decide", *args], cwd=cwd, capture_output=True, text=True, timeout=600,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("decide")
    r = decide(*TINY, "--out", "study", cwd=cwd)
    return cwd, r


def test_one_command_runs_the_study_and_prints_the_summary_and_the_report(study):
    cwd, r = study
    assert r.returncode == 0, r.stderr[-3000:]
    report = cwd / "study" / "report"
    assert (report / "report.html").is_file() and (report / "regret.csv").is_file()
    assert "The whole report: study/report/report.html" in r.stdout
    assert "Summary for decision makers" in r.stdout
    for goal in ("know-how kept", "people kept", "net money", "The money, for", "When the answer changes"):
        assert goal in r.stdout, goal
    assert sorted(p.name for p in (cwd / "study").iterdir()) == [".baselines", "multirun.yaml", "report", "store"]
    assert len(store.records(cwd / "study" / "store")) == 3 * 10  # none, peer, peer circles x 10 scenarios x 1 seed
    assert "Simulated" not in r.stdout, "a sweep prints its progress line, not each run's summary"
    figures = {p.name for p in (report / "figures").iterdir()}
    assert {"goals.png", "regret.png", "pareto.png"} <= figures


def test_the_report_opens_with_the_page_for_decision_makers(study):
    cwd, _ = study
    md = (cwd / "study" / "report" / "report.md").read_text()
    assert md.startswith("# Which mentoring programme should we run?")
    first = md.split("## Each design, goal by goal")[0]
    assert "## Summary for decision makers" in first and "$" in first and "pays back in" in first
    assert "standardised effect size" not in first and "g =" not in first
    # one seed: no simulation error to estimate, so nothing but exact equals is tied, and the report says so
    assert "With one seed per scenario the simulation error cannot be estimated" in first
    for section in ("### Per unit of effort", "## Simulation error and seeds", "best or tied in", "alone best in"):
        assert section in md, section


def counts(text: str) -> list[tuple[int, int]]:
    """Every progress line's (runs done, total)."""
    return [(int(d), int(t)) for d, t in re.findall(r"progress: (\d+)/(\d+) runs done", text)]


def test_a_study_prints_a_handful_of_lines_to_a_log(study):
    """Not a terminal (captured): no launch log, no PRIM log, a few progress lines, then the summary.

    Measured (2026-12-07, 2 cores): 17 lines -- where the study is, 3 progress lines, where the report
    is, a blank line, the summary for decision makers in 9 lines (the try-out mark, a line per goal, the
    money, when the answer changes, whose figures, the unit), a blank line and the path of the whole
    report. Progress lines come at most one per quarter of the runs or 30 s, and the last
    (sim.run.progress): 6 at most for a study under a minute, so 20 lines at most.
    """
    _, r = study
    text = r.stdout + r.stderr
    assert "[HYDRA]" not in text and "Launching jobs" not in text and not re.search(r"#\d+ : ", text), "no job list"
    assert "cases of interest" not in text and "res_dim" not in text, "no PRIM log line"
    assert "stepped together" not in text and "WARNING" not in text and "Traceback" not in text
    lines = text.splitlines()
    summary = lines.index("Summary for decision makers")
    after = [k for k, line in enumerate(lines) if line.startswith("The whole report: ")]
    assert after == [len(lines) - 1] and not r.stderr, "the path of the report last, nothing on stderr"
    assert not any(line.startswith("progress:") for line in lines[summary:])
    found = counts(text)
    head = [line for line in lines[:summary] if not line.startswith("progress: ")]
    assert head == ["Decision study in study/ (run the same command again to resume it)", head[1], ""], head
    assert head[1].startswith("Report: study/report/report.html") and len(lines[:summary]) == 3 + len(found)
    seconds = int(re.search(r"(\d+)s elapsed\n", r.stdout).group(1))
    assert 1 <= len(found) <= 4 + seconds // 30, "a line each quarter of the runs or 30 s, and the last"
    assert all(done <= total == 30 for done, total in found) and found[-1] == (30, 30)
    assert [d for d, _ in found] == sorted({d for d, _ in found}), "the count only grows, no line repeated"
    assert len(lines) <= 14 + len(found) <= 20, text


def test_on_one_core_the_runs_log_leaves_the_launch_log_quiet_too(tmp_path):
    """One worker runs the jobs in the launching process, whose logging each job sets to its own (INFO)."""
    r = decide(*TINY, "--out", "one", "hydra.launcher.n_jobs=1", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    text = r.stdout + r.stderr
    assert "cases of interest" not in text and "stepped together" not in text and "[INFO]" not in text
    assert counts(text)[-1] == (30, 30)


def test_running_it_again_says_every_run_was_finished_and_runs_none(study):
    cwd, _ = study
    before = sorted(p.name for p, _, _ in store.parts(cwd / "study" / "store"))
    r = decide(*TINY, "--out", "study", cwd=cwd)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "progress: 30/30 runs done, all 30 finished before this command: nothing to run" in r.stdout
    assert all(done <= total == 30 for done, total in counts(r.stdout))
    assert sorted(p.name for p, _, _ in store.parts(cwd / "study" / "store")) == before  # nothing run again


def test_an_interrupted_study_resumed_counts_the_runs_done_before_and_never_passes_the_total(study, tmp_path):
    cwd, _ = study
    shutil.copytree(cwd / "study", tmp_path / "study")
    parts = store.parts(tmp_path / "study" / "store")
    for path, _, _ in parts[len(parts) // 2 :]:  # as if stopped half-way
        path.unlink()
    kept = sum(runs for _, runs, _ in store.parts(tmp_path / "study" / "store"))
    assert 0 < kept < 30
    r = decide(*TINY, "--out", "study", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    last = [line for line in r.stdout.splitlines() if line.startswith("progress:")][-1]
    assert last.startswith(f"progress: 30/30 runs done, {kept} of them finished before this command, ")
    assert all(done <= total == 30 for done, total in counts(r.stdout))
    assert len(store.records(tmp_path / "study" / "store")) == 30


def _as_on_a_terminal() -> None:
    """In the child, before it starts: Ctrl-C as a terminal delivers it (a test worker may run with SIGINT ignored,
    which a child inherits; Python then never turns the signal into KeyboardInterrupt)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_the_study_with_one_line_not_a_traceback(tmp_path):
    import os
    import signal
    import time

    bigger = ["--scenarios", "60", "--seeds", "2", "--designs", "peer,peer_circles", "org.n_employees=300"]
    bigger += ["--years", "10", "--out", "stopped"]  # 30 s or more: far longer than the 6 s before Ctrl-C
    p = subprocess.Popen(
        [sys.executable, "-m", "sim.decide", *bigger], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, start_new_session=True,
        preexec_fn=_as_on_a_terminal,
    )  # fmt: skip
    time.sleep(6)  # the sweep is under way
    os.killpg(p.pid, signal.SIGINT)  # as Ctrl-C on a terminal: the command and its workers
    out, err = p.communicate(timeout=120)
    assert p.returncode == 130 and "Traceback" not in err + out, f"status {p.returncode}\n{out[-2000:]}\n{err[-3000:]}"
    assert (
        err.strip().splitlines()[-1]
        == "stopped: the runs finished so far are kept; the same command again runs the rest"
    )
    assert all(done <= total == 60 for done, total in counts(out))


@pytest.mark.parametrize("command", ["sim.decide", "sim", "sim.validate"])
def test_ctrl_c_while_a_command_starts_up_is_one_line_too(tmp_path, command):
    """The heavy imports of the first second or so, before a command's own handler (sim.interrupt)."""
    import os
    import signal
    import time

    p = subprocess.Popen(
        [sys.executable, "-m", command], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, start_new_session=True, preexec_fn=_as_on_a_terminal,
    )  # fmt: skip
    time.sleep(0.4)
    os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130 and "Traceback" not in err + out, err[-3000:]
    assert err.strip().splitlines()[-1].startswith("stopped")


def test_verbose_prints_the_launch_log_and_the_libraries_log_lines(study, tmp_path):
    cwd, _ = study
    shutil.copytree(cwd / "study", tmp_path / "study")
    r = decide(*TINY, "--out", "study", "--verbose", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "Launching jobs, sweep output dir : study" in r.stdout and "#0 : program=none" in r.stdout
    assert "cases of interest" in r.stdout, "PRIM's own log lines (the report runs PRIM on this study)"
    assert "progress: 30/30 runs done, all 30 finished before this command: nothing to run" in r.stdout


def test_the_study_folder_is_named_after_the_roster_and_the_size(tmp_path):
    roster = tmp_path / "Acme Corp.csv"
    roster.write_text("id\n")
    argv, out = sweep_arguments(parser().parse_args(["--roster", str(roster), "--quick"]))
    assert out == Path("results/decide/Acme_Corp_24x2")
    assert "org=roster" in argv and f"org.roster_path={roster}" in argv and "scenario.index=range(0,24)" in argv
    assert argv[2] == "program=none,hierarchical,peer,peer_circles,reverse,hybrid"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--designs", "peer,mentoring"], "error: --designs: 'mentoring' is not a design; choose from none,"),
        (["--designs", "none"], "error: --designs: name at least one programme"),
        (["--support", "lots"], "error: --support lots: choose basic, full or basic,full"),
        (["--scenarios", "3"], "error: --scenarios 3: at least 10 are needed"),
        (["--roster", "missing.csv"], "error: --roster missing.csv: no such file"),
        (["--frobnicate"], "error: unrecognized arguments: --frobnicate"),
        (["--seeds", "lots"], "error: --seeds lots: a whole number of seeds, or auto"),
        (["--seeds", "auto", "--support", "basic,full"], "error: --seeds auto compares designs at one support level"),
    ],
)
def test_bad_options_are_one_line_and_write_nothing(tmp_path, args, message):
    r = decide(*args, cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip().startswith(message) and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "results").exists()


def test_seeds_auto_adds_seeds_where_designs_are_close_within_its_budget(tmp_path):
    """Round one: 10 scenarios x 2 designs x 3 seeds = 60 runs; the budget of 100 then buys 2 seeds for 10 of them."""
    import json

    args = ["--scenarios", "10", "--seeds", "auto", "--budget", "100", "--designs", "peer", "--years", "0.4"]
    r = decide(*args, "org.n_employees=40", "--out", "auto", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "round 1: 10 scenarios x 2 designs x seeds 0-2" in r.stdout
    record = json.loads((tmp_path / "auto" / "selection.json").read_text())
    assert record["runs"] <= record["budget"] == 100 and record["first_stage"] == 3
    assert len(store.records(tmp_path / "auto" / "store")) == record["runs"] > 60
    assert "budget" in record["stopped"] or "resolved" in record["stopped"]
    md = (tmp_path / "auto" / "report" / "report.md").read_text()
    assert "Kim & Nelson's fully sequential procedure KN" in md and "seeds first" in md

    from sim.analysis.gather import gather
    from sim.studies.agreement import agreement

    table, _ = gather(tmp_path / "auto")
    result = agreement(table[table["status"] == "ok"], group=1, draws=2)
    assert set(result["goal"]) == {"tacit_kept", "people_kept", "net_benefit"} and result["agree"].dtype == bool


def test_python_m_sim_decide_quick_prints_a_handful_of_lines(tmp_path):
    """``--quick`` as a new user runs it (here on 40 people for 0.4 years, two designs: 144 runs in about 20 s).

    Measured (2026-12-07): 17 lines -- where the study is, a few progress lines, where the report is, the
    try-out mark, a line per goal, the money, when the answer changes, whose figures, the unit and the
    report's path -- none from Hydra or PRIM.
    """
    r = decide("--quick", "--designs", "peer,peer_circles", "--years", "0.4", "org.n_employees=40", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    lines = (r.stdout + r.stderr).splitlines()
    assert len(lines) <= 20, "\n".join(lines)
    assert lines[0].startswith("Decision study in results/decide/synthetic_24x2/")
    assert any(line.startswith("Try-out study, not a basis for a decision") for line in lines)
    assert sum(line.startswith(("  know-how kept:", "  people kept:", "  net money:")) for line in lines) == 3
    assert all(done <= total == 3 * 24 * 2 for done, total in counts(r.stdout))
    assert "[HYDRA]" not in r.stdout + r.stderr and "cases of interest" not in r.stdout + r.stderr
