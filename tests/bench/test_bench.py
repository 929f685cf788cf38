import re
import subprocess
import sys


def test_benchmark_prints_a_table_and_a_machine_readable_last_line():
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim.bench",
            "--sizes",
            "60",
            "120",
            "--steps",
            "3",
            "--no-yardsticks",
            "--no-sweep-paths",
            "--no-targets",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    pattern = r"bench: n=120 steps=3 seconds=[\d.]+ employee_steps_per_s=\d+ peak_rss_mb=\d+ eps_60=\S+ eps_120=\S+"
    m = re.fullmatch(pattern, last)
    assert m, last


def test_matching_benchmarks_cover_every_design_and_strategy_it_accepts():
    from sim.bench.measure import measure_matching, measure_optimal_blocks
    from sim.config import DESIGNS, MATCHING_STRATEGIES

    rows = measure_matching(300)
    refused = {("peer_circles", "optimal"), ("peer_circles", "stable")}
    every = {(d, s) for d in DESIGNS[1:] for s in MATCHING_STRATEGIES}
    assert {(r["design"], r["strategy"]) for r in rows} == every - refused
    assert all(r["ties"] > 0 for r in rows)
    blocks = measure_optimal_blocks(400, blocks=(20, 1000))
    assert blocks[0]["ties"] == blocks[1]["ties"] and blocks[0]["total"] <= blocks[1]["total"] + 1e-9


def test_benchmark_splits_time_by_mechanism_and_compares_with_the_per_agent_baseline():
    r = subprocess.run(
        [sys.executable, "-m", "sim.bench", "--sizes", "200", "500", "--steps", "5"]
        + ["--baseline-steps", "2", "--scaling-steps", "2", "--no-sweep-paths", "--no-targets"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    out = r.stdout
    shares = re.findall(r"^\s+(200|500)((?:\s+[\d.]+%){6})$", out, flags=re.M)
    assert [n for n, _ in shares] == ["200", "500"]
    for _, row in shares:
        assert abs(sum(float(x) for x in re.findall(r"[\d.]+", row)) - 100.0) < 0.5
    ratio = float(re.search(r"^bench-baseline: n=500 .* ratio=([\d.]+)$", out, flags=re.M).group(1))
    assert ratio > 2, "arrays beat a per-agent loop even on a tiny organisation"
    scaling = re.findall(r"^\s+(200|500)\s+(8|16)\s+[\d,]+\s+[\d,]+\s+[\d.]+\s+[\d.]+\s+[\d.]+$", out, flags=re.M)
    assert scaling == [("200", "8"), ("200", "16"), ("500", "8"), ("500", "16")]
    assert out.strip().splitlines()[-1].startswith("bench: n=500 steps=5 ")
    yard = re.search(r"naive per-agent Mesa ([\d,]+) agent-steps/s, the same rule in numpy ([\d,]+)/s", out)
    mesa, vectorised = (float(g.replace(",", "")) for g in yard.groups())
    assert vectorised > 10 * mesa, "the one rule vectorised beats it agent by agent"
    assert re.search(r" ratio_mesa=\S+ ratio_numpy=\S+$", out.strip().splitlines()[-1])


def test_bench_rejects_negative_step_counts():
    r = subprocess.run(
        [sys.executable, "-m", "sim.bench", "--baseline-steps", "-1"], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "--baseline-steps and --scaling-steps must be >= 0" in r.stderr


def test_the_targets_are_printed_beside_what_was_measured(monkeypatch, capsys):
    """Each target gets its measured figure and a verdict; a smaller decision study is scaled to 6,000 runs."""
    from sim.bench import targets

    monkeypatch.setattr(
        targets, "whole_run", lambda n, steps: {"seconds": 4.0 if n == 10_000 else 31.0, "peak_rss_mb": 1900.0}
    )
    monkeypatch.setattr(targets, "decision_study", lambda s: {"seconds": 30.0, "runs": 6 * s * 5})
    results = [{"n": 10_000, "steps": 520, "employee_steps_per_s": 5.5e6, "seconds": 1.0}]
    figures = {"sweep_ratio": 4.0, "sweep_in_process_s": 100.0, "sweep_batched_s": 20.0}
    out = targets.print_targets(results, figures, scenarios=50)
    text = capsys.readouterr().out
    assert re.search(r"decision study \(1,500 runs; x4 for 6,000\).*30 s \(about 120 s\)\s+met", text)
    assert re.search(r"10,000 x 520 in process.*5,500,000\s+met", text)
    assert "3.0 s to the run's 1.0 s" in text
    assert re.search(r"1,000,000 x 52, whole process.*31.0 s\s+MISSED", text)
    assert re.search(r"peak memory.*1,900 MB\s+met", text)
    assert re.search(r"batched vs one run a job.*4.00x\s+MISSED", text)
    assert re.search(r"one process / 2 cores.*20.0 s vs 50.0 s\s+met", text)
    assert out["whole_1m_s"] == 31.0


def test_a_whole_command_is_timed_from_outside_and_a_failure_says_what_failed(tmp_path):
    import numpy as np

    from sim.bench.targets import run_child, whole_run

    got = whole_run(60, 3)
    assert got["seconds"] > 0 and 50 < got["peak_rss_mb"] < 1000
    big = np.ones(300 * 2**20 // 8)  # 300 MiB held by this process: not the child's
    (tmp_path / "grow.py").write_text("import numpy as np\nx = np.ones(200 * 2**20 // 8)\nprint(x.sum())\n")
    (tmp_path / "fail.py").write_text("import sys\nprint('boom')\nsys.exit(3)\n")
    small = run_child("json.tool", ["--help"], tmp_path)["peak_rss_mb"]
    grown = run_child("grow", [], tmp_path)["peak_rss_mb"]
    assert small < 100 and 200 < grown - small < 260, (small, grown)
    try:
        run_child("fail", [], tmp_path)
    except RuntimeError as exc:
        assert "failed (3)" in str(exc) and "boom" in str(exc)
    else:
        raise AssertionError("a failing command must raise")
    del big
