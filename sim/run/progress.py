"""A sweep's progress: one line, written by the process that launched the sweep.

The project's launchers (``hydra_plugins/mentoring_sim``: cores, submitit, Ray) count each
batch of runs as it comes back from its worker or task: runs simulated now, runs found
finished by an earlier command (a resumed sweep skips them), runs that failed
(:class:`Tally`). Counting jobs, not files, the count never exceeds the total and a run is
never counted twice. The line:

    progress: 120/288 runs done, 24 of them finished before this command, 1m10s elapsed, about 2m05s left

On a terminal it is rewritten in place (a carriage return) as each batch comes back and ends
with a new line once every run is done. In a log (stdout not a terminal) a line is written
when another quarter of the runs is done (:data:`LOG_STEP`) or :data:`LOG_INTERVAL` seconds
have passed since the last line, never two within :data:`LOG_MIN_GAP` seconds, and the last
line always: a long sweep writes about a line every half-minute, a sweep of a minute at most
six lines. Hydra's own launchers (``hydra/launcher=joblib``, ``basic``) show no progress line.

:func:`sim.run.app.main` counts a grid sweep's runs during pre-flight and puts the total and
the command's start time in the environment (:data:`ENV_TOTAL`, :data:`ENV_START`).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

ENV_TOTAL = "MENTORING_SIM_SWEEP_TOTAL"  # runs in the current multirun, set by sim.run.app.main
ENV_START = "MENTORING_SIM_SWEEP_START"  # its start, seconds since the epoch

LOG_STEP = 0.25  # in a log: a line each time another quarter of the runs is done,
LOG_INTERVAL = 30.0  # or this many seconds after the last line,
LOG_MIN_GAP = 2.0  # but not two lines within this many seconds (the last line excepted)


@dataclass
class Tally:
    """What became of some of a sweep's runs.

    Attributes:
        ran: simulated by this command (failed ones included).
        before: found finished by an earlier command, so skipped.
        failed: of ``ran``, those that failed (error.json, or a failed run in a store).
    """

    ran: int = 0
    before: int = 0
    failed: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.ran + other.ran, self.before + other.before, self.failed + other.failed)

    @property
    def done(self) -> int:
        """Runs done: simulated now or before."""
        return self.ran + self.before


def progress_line(counts: Tally, total: int, elapsed: float) -> str:
    """The progress line: runs done of ``total``, how many an earlier command finished, time taken and left."""
    done = counts.done
    text = f"progress: {done}/{total} runs done" + (f" ({counts.failed} failed)" if counts.failed else "")
    if counts.before and counts.before == done == total:
        return f"{text}, all {done} finished before this command: nothing to run"
    if counts.before:
        text += f", {counts.before} of them finished before this command"
    text += f", {_duration(elapsed)} elapsed"
    if counts.ran and done < total:
        text += f", about {_duration(elapsed / counts.ran * (total - done))} left"
    return text


class Progress:
    """The progress line of one sweep, updated as its batches of runs come back (in the launching process)."""

    def __init__(self, total: int, start: float, stream: TextIO | None = None) -> None:
        self.total = total
        self.start = start
        self.counts = Tally()
        self.launched = 0  # runs the launchers were handed so far
        self.stream = sys.stdout if stream is None else stream
        self.tty = self.stream.isatty()
        self._shown = (0, start)  # runs done and time at the last line written to a log
        self._open = False  # a terminal line waits for its end of line

    def launch(self, jobs: int, expected: int | None) -> None:
        """A launch of ``jobs`` more runs; ``expected``: the sweep's runs as pre-flight counted them, if it did."""
        self.launched += jobs
        self.total = max(expected or 0, self.launched, self.counts.done)

    def add(self, tally: Tally, now: float | None = None) -> None:
        """Count a batch that came back, and show the line if it is due."""
        self.counts += tally
        self.total = max(self.total, self.counts.done)  # a total counted short never shows 12/10
        self.show(now)

    def show(self, now: float | None = None) -> None:
        """Rewrite the line on a terminal; write it to a log when due (:func:`due`)."""
        now = time.time() if now is None else now
        line = progress_line(self.counts, self.total, now - self.start)
        if self.tty:
            complete = self.counts.done >= self.total
            print(f"\r{line}\033[K", end="\n" if complete else "", file=self.stream, flush=True)
            self._open = not complete
        elif due(self.counts.done, self.total, now, *self._shown):
            print(line, file=self.stream, flush=True)
            self._shown = (self.counts.done, now)

    def close(self) -> None:
        """End a terminal line left open (a sweep stopped before its last run)."""
        if self._open:
            print(file=self.stream, flush=True)
            self._open = False


def due(done: int, total: int, now: float, last_done: int, last_at: float) -> bool:
    """Whether a log gets a line now, the last one having said ``last_done`` runs at ``last_at``."""
    if done == last_done:
        return False
    if done >= total:
        return True
    if now - last_at < LOG_MIN_GAP:
        return False
    return done - last_done >= LOG_STEP * total or now - last_at >= LOG_INTERVAL


_sweeps: dict[tuple[Path, str | None], Progress] = {}


def for_launch(sweep_dir: Path, jobs: int) -> Progress:
    """The progress of the sweep in ``sweep_dir`` as a launch of ``jobs`` more runs starts.

    The total is the run count :func:`sim.run.app.main` put in the environment; a sweeper that
    decides as it goes (Optuna) has none, and the total is then the runs launched so far. The
    start is the command's, or now; a sweep started again in the same process starts afresh.
    """
    key = (sweep_dir, os.environ.get(ENV_START))
    progress = _sweeps.get(key)
    if progress is None:
        progress = _sweeps[key] = Progress(0, _from_env(ENV_START, float) or time.time())
    progress.launch(jobs, _from_env(ENV_TOTAL, int))
    return progress


def _from_env[T](name: str, kind: type[T]) -> T | None:
    try:
        return kind(os.environ[name])  # type: ignore[call-arg]
    except (KeyError, ValueError):
        return None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}h{m:02d}m" if h else f"{m}m{s:02d}s" if m else f"{s}s"
