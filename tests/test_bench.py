import re
import subprocess
import sys


def test_benchmark_prints_a_table_and_a_machine_readable_last_line():
    r = subprocess.run(
        [sys.executable, "-m", "sim.bench", "--sizes", "60", "120", "--steps", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"bench: n=120 steps=3 seconds=[\d.]+ employee_steps_per_s=\d+ peak_rss_mb=\d+", last)
    assert m, last


def test_matching_benchmarks_cover_every_design_and_strategy():
    from sim.bench import measure_matching, measure_optimal_blocks
    from sim.config import DESIGNS, MATCHING_STRATEGIES

    rows = measure_matching(300)
    assert {(r["design"], r["strategy"]) for r in rows} == {(d, s) for d in DESIGNS[1:] for s in MATCHING_STRATEGIES}
    assert all(r["ties"] > 0 for r in rows)
    blocks = measure_optimal_blocks(400, blocks=(20, 1000))
    assert blocks[0]["ties"] == blocks[1]["ties"] and blocks[0]["total"] <= blocks[1]["total"] + 1e-9
