"""Behaviour preserved: the golden cases give the same outputs, bit for bit (tests/golden/cases.py)."""

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tests.golden import cases

ROOT = Path(__file__).resolve().parents[2]


def _why_not_comparable() -> str | None:
    """Why this machine cannot reproduce the goldens' floating point, or None if it can."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return f"the goldens were written on x86-64 kernels; this is {platform.machine()}"
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return "cannot read the CPU's features (/proc/cpuinfo) to pin the vector kernels"
    if " avx2" not in flags or " fma" not in flags:
        return "the pinned kernels (AVX2, FMA) are not available on this CPU"
    probe = subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore",
            "-c",
            "from tests.golden.cases import avx512_still_on; print(avx512_still_on())",
        ],
        cwd=ROOT,
        env={**os.environ, **cases.PINNED_ENV, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0 or probe.stdout.strip() != "[]":
        return f"numpy's AVX-512 kernels cannot be switched off here ({probe.stdout.strip() or probe.stderr[-200:]})"
    recorded = json.loads(cases.GOLDEN.read_text())["environment"]
    now = cases.environment()
    changed = [f"{lib} {recorded.get(lib)} -> {now[lib]}" for lib in cases.LIBRARIES if recorded.get(lib) != now[lib]]
    if changed:
        return (
            "the goldens were written with other library versions (" + ", ".join(changed) + "); rewrite them at a "
            "commit known to be right: python -m tests.golden.cases write"
        )
    return None


@pytest.mark.slow
def test_every_golden_case_gives_the_same_outputs_bit_for_bit():
    reason = _why_not_comparable()
    if reason:
        pytest.skip(reason)
    r = subprocess.run(
        [sys.executable, "-m", "tests.golden.cases", "check"],
        cwd=ROOT,
        env={**os.environ, **cases.PINNED_ENV, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-4000:]
    assert "0 differences" in r.stdout


def test_the_comparison_names_what_changed():
    summary = json.dumps({"a": 1.0, "b": 2.0})
    expected = {"run:x": {"summary.json": summary, "timeseries.parquet": "d1"}, "run:y": {"f": "1"}}
    got = {"run:x": {"summary.json": json.dumps({"a": 1.0, "b": 2.0000000000000004}), "timeseries.parquet": "d1"}}
    assert cases.compare(expected, got) == ["run:x: summary.json differs (keys b)", "run:y: missing"]
    assert cases.compare(expected, expected) == []


def test_a_last_bit_change_in_a_parameter_changes_the_digests(tmp_path):
    # The canonical forms keep every bit: a parameter nudged by one part in 10^12 shows.
    outs = []
    for rate in (0.06, 0.06 * (1 + 1e-12)):
        out = tmp_path / str(rate)
        cases.write_run({"program.design": "peer", "knowledge.mentoring_tacit_rate": rate, "steps": 12}, out)
        outs.append(cases.directory_digests(out))
    assert outs[0]["timeseries.parquet"] != outs[1]["timeseries.parquet"]
