"""A sweep's progress, one line after each run: runs done of the total, time taken, time left.

:func:`sim.run.app.main` counts a grid sweep's runs during pre-flight and puts the total and
the start time in the environment (:data:`ENV_TOTAL`, :data:`ENV_START`), which the
launchers' worker processes inherit.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sim import io

ENV_TOTAL = "MENTORING_SIM_SWEEP_TOTAL"  # runs in the current multirun, set by sim.run.app.main
ENV_START = "MENTORING_SIM_SWEEP_START"  # its start, seconds since the epoch


def sweep_progress(sweep_dir: Path, now: float | None = None) -> str | None:
    """One line on a sweep's progress: runs done of the total, time elapsed, an estimate of what is left.

    Counts run directories holding summary.json or error.json; the rate comes from the runs
    finished since the command started (skipped runs count as done, not in the rate). The
    total and start time come from the environment :func:`main` sets; without them, None.
    """
    try:
        total, start = int(os.environ[ENV_TOTAL]), float(os.environ[ENV_START])
    except (KeyError, ValueError):
        return None
    now = time.time() if now is None else now
    done = fresh = failed = 0
    for run in sweep_dir.iterdir():
        marks = [run / io.SUMMARY, run / io.ERROR]
        mark = next((m for m in marks if m.is_file()), None)
        if mark is None:
            continue
        done += 1
        failed += mark.name == io.ERROR
        fresh += mark.stat().st_mtime >= start
    elapsed = now - start
    text = f"progress: {done}/{total} runs done" + (f" ({failed} failed)" if failed else "")
    text += f", {_duration(elapsed)} elapsed"
    if 0 < fresh and done < total:
        text += f", about {_duration(elapsed / fresh * (total - done))} left"
    return text


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"
