"""The performance targets' measurements: whole commands as a user runs them, timed from outside.

Each runs a real command in a fresh temporary folder, in a child process, and returns its wall
time and the child's own peak resident memory (:func:`run_child`). :mod:`sim.bench.cli` prints
them beside the targets.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The performance targets (docs/performance.md): seconds, employee-steps per second, MiB, ratios.
DECISION_SECONDS = 120.0
DECISION_SCENARIOS, DECISION_SEEDS = 200, 5  # the study's default size: 6 designs x 200 x 5 = 6,000 runs
STEPS_PER_S_10K = 5_000_000
MILLION_SECONDS, MILLION_MB = 30.0, 2048.0
SWEEP_RATIO = 5.0


#: Runs a module as ``python -m`` would and, at exit, writes the process's own peak resident memory
#: (``VmHWM``: the high-water mark of its address space since it started) to the file named first.
#: A child's ``ru_maxrss`` would not do: Linux carries the parent's peak into it across fork and exec.
_WITH_PEAK = """
import atexit, runpy, sys
path, module = sys.argv[1], sys.argv[2]
def peak():
    try:
        with open('/proc/self/status') as status:
            kib = next(line.split()[1] for line in status if line.startswith('VmHWM:'))
        with open(path, 'w') as out:
            out.write(kib)
    except (OSError, StopIteration):
        pass
atexit.register(peak)
sys.argv = [module, *sys.argv[3:]]
runpy.run_module(module, run_name='__main__', alter_sys=True)
"""


def run_child(module: str, args: list[str], cwd: Path) -> dict[str, float]:
    """Run ``python -m module args`` in ``cwd``; its wall seconds and its own peak resident memory in MiB.

    The memory is the child's high-water mark (Linux's ``/proc``); elsewhere, ``nan``.

    Raises:
        RuntimeError: when the command fails, with the end of what it printed.
    """
    peak_file = cwd / ".peak_kib"
    cmd = [sys.executable, "-c", _WITH_PEAK, str(peak_file), module, *args]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        done = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        seconds = time.perf_counter() - t0
        if done.returncode != 0:
            out.seek(0)
            tail = out.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"python -m {module} {' '.join(args[:3])} ... failed ({done.returncode}):\n{tail}")
    peak = float(peak_file.read_text()) / 1024 if peak_file.is_file() else float("nan")
    return {"seconds": seconds, "peak_rss_mb": peak}


def shipped_roster(folder: Path) -> Path:
    """The shipped example roster (examples/roster.csv in a checkout; written afresh where it is not)."""
    checkout = Path(__file__).resolve().parents[2] / "examples" / "roster.csv"
    if checkout.is_file():
        return checkout
    from sim.inputs.examples import write_example  # only an installed copy without the examples folder needs it

    return write_example(folder / "roster.csv")


def decision_study(scenarios: int = DECISION_SCENARIOS, seeds: int = DECISION_SEEDS) -> dict[str, Any]:
    """``python -m sim.decide --roster <shipped roster>`` at ``scenarios`` x ``seeds``: seconds, report included."""
    with tempfile.TemporaryDirectory() as tmp:
        roster = shipped_roster(Path(tmp))
        args = ["--roster", str(roster), "--scenarios", str(scenarios), "--seeds", str(seeds), "--out", f"{tmp}/study"]
        out = run_child("sim.decide", args, Path(tmp))
        designs = 6
        out["runs"] = designs * scenarios * seeds
        out["report"] = (Path(tmp) / "study" / "report" / "report.html").is_file()
    return out


def whole_run(n: int, steps: int, design: str = "peer") -> dict[str, Any]:
    """``python -m sim org.n_employees=n steps=steps program=design``: the whole process (build, baseline, writing)."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [f"org.n_employees={n}", f"steps={steps}", f"program={design}", "outputs.quiet=true"]
        out = run_child("sim", [*args, f"hydra.run.dir={tmp}/run"], Path(tmp))
    out.update(n=n, steps=steps)
    return out


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


Row = tuple[str, str, str, bool | None]  # what, target, measured, met (None: said, not judged)


def run_whole_commands(scenarios: int) -> dict[str, dict[str, Any]]:
    """The targets' whole commands, each printed as it finishes."""
    print("\nWhole commands, each in a fresh process and folder (wall seconds, that process's peak memory)")
    out = {}
    for name, n, steps in (("ten", 10_000, 520), ("million", 1_000_000, 52)):
        out[name] = got = whole_run(n, steps)
        command = f"python -m sim org.n_employees={n} steps={steps}"
        print(f"  {command:<46} {got['seconds']:>7.1f} s  {got['peak_rss_mb']:>6,.0f} MB", flush=True)
    out["study"] = study = decision_study(scenarios)
    print(
        f"  python -m sim.decide --roster examples/roster.csv --scenarios {scenarios} --seeds {DECISION_SEEDS} "
        f"({study['runs']:,} runs, report included)  {study['seconds']:>7.1f} s",
        flush=True,
    )
    return out


def target_rows(
    results: list[dict[str, Any]], figures: dict[str, Any], measured: dict[str, dict[str, Any]], scenarios: int
) -> list[Row]:
    """Each target beside its figure from this run (a smaller decision study scaled to 6,000 runs)."""
    study, ten, million = measured["study"], measured["ten"], measured["million"]
    rows: list[Row] = []
    if scenarios == DECISION_SCENARIOS:
        seconds, what, got = study["seconds"], "decision study, 6,000 runs, 2 cores", f"{study['seconds']:.0f} s"
    else:
        seconds = study["seconds"] * DECISION_SCENARIOS / scenarios
        what = f"decision study ({study['runs']:,} runs; x{DECISION_SCENARIOS / scenarios:.3g} for 6,000)"
        got = f"{study['seconds']:.0f} s (about {seconds:.0f} s)"
    rows.append((what, f"<= {DECISION_SECONDS:.0f} s", got, seconds <= DECISION_SECONDS))
    ours = next((r for r in results if r["n"] == 10_000 and r["steps"] == 520), None)
    if ours is not None:
        eps = ours["employee_steps_per_s"]
        rows.append(
            (
                "10,000 x 520 in process, employee-steps/s",
                f">= {STEPS_PER_S_10K:,}",
                f"{eps:,.0f}",
                eps >= STEPS_PER_S_10K,
            )
        )
        added = f"{ten['seconds'] - ours['seconds']:.1f} s to the run's {ours['seconds']:.1f} s"
        rows.append(("  the whole python -m sim process adds", "(said)", added, None))
    rows.append(
        (
            "1,000,000 x 52, whole process",
            f"<= {MILLION_SECONDS:.0f} s",
            f"{million['seconds']:.1f} s",
            million["seconds"] <= MILLION_SECONDS,
        )
    )
    peak = million["peak_rss_mb"]
    rows.append(("1,000,000 x 52, peak memory", f"<= {MILLION_MB:,.0f} MB", f"{peak:,.0f} MB", peak <= MILLION_MB))
    if "sweep_ratio" in figures:
        ratio = figures["sweep_ratio"]
        rows.append(
            ("120-run sweep: batched vs one run a job", f">= {SWEEP_RATIO:.0f}x", f"{ratio:.2f}x", ratio >= SWEEP_RATIO)
        )
        per_core, batched = figures["sweep_in_process_s"] / 2, figures["sweep_batched_s"]
        got = f"{batched:.1f} s vs {per_core:.1f} s"
        rows.append(("  batched vs one process / 2 cores", "faster", got, batched < per_core))
    return rows


def print_targets(results: list[dict[str, Any]], figures: dict[str, Any], scenarios: int) -> dict[str, float]:
    """The whole commands of the performance targets, then every target beside what this run measured."""
    measured = run_whole_commands(scenarios)
    rows = target_rows(results, figures, measured, scenarios)
    print("\nPerformance targets, measured in this run on this machine")
    width = max(len(r[0]) for r in rows)
    for what, target, got, ok in rows:
        print(f"  {what:<{width}}  {target:>14}  {got:>34}  {'' if ok is None else _verdict(ok)}")
    return {
        "decision_s": measured["study"]["seconds"],
        "whole_10k_s": measured["ten"]["seconds"],
        "whole_1m_s": measured["million"]["seconds"],
        "whole_1m_mb": measured["million"]["peak_rss_mb"],
    }
