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
