"""A sweep's progress, one line after each run: runs done of the total, time taken, time left.

:func:`sim.run.app.main` counts a grid sweep's runs during pre-flight and puts the total and
the start time in the environment (:data:`ENV_TOTAL`, :data:`ENV_START`), which the
launchers' worker processes inherit.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TextIO

from sim import io, store

ENV_TOTAL = "MENTORING_SIM_SWEEP_TOTAL"  # runs in the current multirun, set by sim.run.app.main
ENV_START = "MENTORING_SIM_SWEEP_START"  # its start, seconds since the epoch


def sweep_progress(sweep_dir: Path, now: float | None = None) -> str | None:
    """One line on a sweep's progress: runs done of the total, time elapsed, an estimate of what is left.

    Counts run directories holding summary.json or error.json and the runs of a store
    (:mod:`sim.store`); the rate comes from the runs
    finished since the command started (skipped runs count as done, not in the rate). The
    total and start time come from the environment :func:`main` sets; without them, None.
    """
    try:
        total, start = int(os.environ[ENV_TOTAL]), float(os.environ[ENV_START])
    except (KeyError, ValueError):
        return None
    now = time.time() if now is None else now
    done, fresh, failed = _count(sweep_dir, start)
    elapsed = now - start
    text = f"progress: {done}/{total} runs done" + (f" ({failed} failed)" if failed else "")
    if done - fresh:
        text += f", {done - fresh} of them finished before this command"
    text += f", {_duration(elapsed)} elapsed"
    if 0 < fresh and done < total:
        text += f", about {_duration(elapsed / fresh * (total - done))} left"
    return text


def _count(sweep_dir: Path, start: float) -> tuple[int, int, int]:
    """Runs done (finished or failed), done since ``start``, and failed."""
    done, fresh, failed = store.progress(store.store_dir(sweep_dir), int(start * 1e9))
    for run in sweep_dir.iterdir():
        marks = [run / io.SUMMARY, run / io.ERROR]
        mark = next((m for m in marks if m.is_file()), None)
        if mark is None:
            continue
        done += 1
        failed += mark.name == io.ERROR
        fresh += mark.stat().st_mtime >= start
    return done, fresh, failed


def show_progress(sweep_dir: Path, stream: TextIO | None = None) -> None:
    """Print the sweep's progress after a run: in place on a terminal; in a log, once per whole percent.

    A sweep of thousands of runs then writes about a hundred lines to a log, and one line that
    keeps changing to a terminal.
    """
    stream = sys.stdout if stream is None else stream
    line = sweep_progress(sweep_dir)
    if line is None:
        return
    total = int(os.environ[ENV_TOTAL])
    done = int(line.split()[1].split("/")[0])
    if stream.isatty():
        end = "\n" if done >= total else ""
        print(f"\r{line}\033[K", end=end, file=stream, flush=True)
    elif done <= total and (100 * done) // total > (100 * (done - 1)) // total:  # crossing a whole percent
        print(line, file=stream, flush=True)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"
