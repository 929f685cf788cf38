"""A sweep's runs in batches: replicates of one configuration stepped as one ensemble, outputs as today.

Every launcher of a grid sweep (cores: ``hydra_plugins/mentoring_sim/cores_launcher.py``;
submitit and Ray: ``batched_launchers.py``) hands a worker or task a batch of jobs that
differ only in their seed or programme settings (keys tagged ``replicate`` in ``sim.config``). Hydra sets each job up as usual (its directory, ``.hydra/``, its
log) while :func:`collecting` is on, so the task function (:func:`sim.run.app.hydra_app`)
only records the job; :func:`execute_jobs` then skips the finished ones, runs the rest that
can be batched as one :class:`sim.ensemble.Ensemble` and writes each run's outputs exactly as
a single run writes them (run directories, or one store part for the batch), the same bytes
(``tests/run/test_batch.py``). Every job's outcome (run now, finished before, failed) is
counted while :func:`counting` is on, for the sweep's progress line (:mod:`sim.run.progress`). Runs that cannot be batched (:func:`sim.config.alone_reason`:
saving or resuming checkpoints, ``outputs.employees``) or a batch of one run alone, as before; an ensemble stacks at most
:data:`sim.run.sizes.MAX_ENSEMBLE_EMPLOYEES` employees; if an ensemble fails, each of its runs is run alone,
so a failure is recorded per run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim import io
from sim.config import SimConfig, alone_reason, ensemble_shared
from sim.resolved import Resolved
from sim.run import execute as ex
from sim.run.fingerprint import config_hash, fingerprinted_values
from sim.run.progress import Tally
from sim.run.sizes import ensemble_sizes


@dataclass
class Job:
    """A sweep job set up by Hydra and waiting to run.

    Attributes:
        run: its resolved configuration.
        out_dir: its directory (a store's directory for a sweep into a store).
        baselines: where the sweep keeps its baselines.
        store_name: the run's name in a store (its job number), or None for a run directory.
        job_config: its config as Hydra composed it, flat (a store keeps it).
        composed: its typed config as composed, before it was resolved.
    """

    run: Resolved
    out_dir: Path
    baselines: Path | None
    store_name: str | None = None
    job_config: dict[str, Any] = field(default_factory=dict)
    composed: SimConfig | None = None


_collected: list[Job] | None = None


@contextmanager
def collecting() -> Iterator[list[Job]]:
    """While on, the task function records each job here instead of running it."""
    global _collected
    _collected = jobs = []
    try:
        yield jobs
    finally:
        _collected = None


def collect(job: Job) -> bool:
    """Record ``job`` if :func:`collecting` is on; tell whether it was recorded."""
    if _collected is None:
        return False
    _collected.append(job)
    return True


def collected() -> int:
    """How many jobs :func:`collecting` has recorded so far (0 when off)."""
    return 0 if _collected is None else len(_collected)


def last_collected() -> Job:
    """The job :func:`collecting` recorded last."""
    assert _collected, "no job recorded"
    return _collected[-1]


_tally: Tally | None = None


@contextmanager
def counting() -> Iterator[Tally]:
    """While on, every sweep job run here (:func:`execute_jobs`, :func:`run_one`) is counted in the tally yielded."""
    global _tally
    _tally = tally = Tally()
    try:
        yield tally
    finally:
        _tally = None


def _count(summary: dict[str, Any] | None, before: bool = False) -> None:
    """Count a job's outcome: finished ``before`` this command, else run now (failed if no ``summary``)."""
    if _tally is None:
        return
    if before:
        _tally.before += 1
    else:
        _tally.ran += 1
        _tally.failed += summary is None


def run_as_batch[R](setups: Sequence[Callable[[], R]]) -> tuple[list[R], int, Tally]:
    """Set up a batch's jobs (each ``setup`` is one job's Hydra ``run_job``), then run them with :func:`execute_jobs`.

    What every launcher's batch task does (cores, submitit, Ray). Returns each setup's result,
    how many runs stepped in an ensemble, and what became of the runs; a batch of one job runs
    as alone (the task function runs it: :func:`run_one`).
    """
    with counting() as tally:
        if len(setups) == 1:
            return [setups[0]()], 0, tally
        with collecting() as jobs:  # the task function records each job instead of running it
            results = [setup() for setup in setups]
        return results, execute_jobs(jobs), tally


def run_one(job: Job) -> dict[str, Any] | None:
    """Run one sweep job unless an earlier command finished it; return its summary (None if it failed)."""
    done = _finished(job, config_hash(job.run))
    if done is not None:
        _count(done, before=True)
        return done
    summary = _alone(job)
    _count(summary)
    return summary


def batchable(run: Resolved) -> bool:
    """Tell whether a run can step in an ensemble (the one rule: :func:`sim.config.alone_reason`)."""
    return alone_reason(run.config) is None


def replicate_key(run: Resolved) -> str:
    """What the runs of one ensemble share: the organisation-wide settings (sim.config.ensemble_shared)."""
    values = {k: v for k, v in fingerprinted_values(run.asked).items() if ensemble_shared(k)}
    return json.dumps(values, sort_keys=True, default=str)


def execute_jobs(jobs: list[Job]) -> int:
    """Run ``jobs``, replicates of one configuration together, counting each (:func:`counting`).

    Returns how many runs stepped in an ensemble.
    """
    batched = 0
    pending: dict[str, list[tuple[Job, str]]] = {}
    for job in jobs:
        digest = config_hash(job.run)
        done = _finished(job, digest)
        if done is not None:
            _count(done, before=True)
            continue
        key = replicate_key(job.run) if batchable(job.run) else f"alone-{id(job)}"
        pending.setdefault(key, []).append((job, digest))
    for group in (part for whole in pending.values() for part in _split(whole)):
        if len(group) > 1 and _ensemble(group):
            batched += len(group)
            continue
        for job, _ in group:
            _count(_alone(job))
    return batched


def _split(group: list[tuple[Job, str]]) -> list[list[tuple[Job, str]]]:
    """``group`` in ensembles of at most :data:`sim.run.sizes.MAX_ENSEMBLE_EMPLOYEES` employees (replicates share a size)."""
    out, start = [], 0
    for size in ensemble_sizes(len(group), group[0][0].run.config.org.n_employees):
        out.append(group[start : start + size])
        start += size
    return out


def _finished(job: Job, digest: str) -> dict[str, Any] | None:
    """The job's summary if an earlier command finished it with this config, else None."""
    if job.store_name is None:
        return ex.finished(job.out_dir, digest)
    return ex.finished_in_store(job.out_dir, job.store_name, digest)


def _alone(job: Job) -> dict[str, Any] | None:
    """Run the job by itself; its summary, None if it failed (recorded)."""
    if job.store_name is None:
        return ex.execute(job.run, job.out_dir, keep_going=True, baselines=job.baselines)
    return ex.execute_into_store(job.run, job.out_dir, job.store_name, job.job_config, baselines=job.baselines)


def _ensemble(group: list[tuple[Job, str]]) -> bool:
    """Step ``group`` as one ensemble and write each run's outputs; False (nothing written) if it fails."""
    # Imported here: a sweep's launching process never simulates.
    from sim.ensemble import Ensemble
    from sim.mechanisms.designs import has_programme
    from sim.run import baseline

    runs = [job.run for job, _ in group]
    kept = group[0][0].baselines  # one sweep's
    extras = baseline.missing(runs, kept)  # stepped along, so no run simulates its baseline alone afterwards
    try:
        ens = Ensemble(runs + extras).run()
        summaries, series = ens.summaries(), ens.timeseries()
        for run, summary in zip(extras, summaries[len(runs) :], strict=True):
            baseline.keep(run, summary, kept)
        finished: dict[int, dict[str, Any]] = {}
        # runs without a programme first: each is its seed's designs' baseline (finish_summary keeps it)
        for i in sorted(range(len(group)), key=lambda i: has_programme(runs[i].config.program.design)):
            job, digest = group[i]
            finished[i] = ex.finish_summary(job.run, summaries[i], digest, job.baselines)
        done = [(job, finished[i], series[i]) for i, (job, _) in enumerate(group)]
    except Exception:  # each run alone then records its own failure (error.json)
        return False
    stored = []
    for job, summary, ts in done:
        if job.store_name is None:
            ex.write_run(job.run, job.out_dir, summary, ts)
            (job.out_dir / io.ERROR).unlink(missing_ok=True)  # as a run alone clears an earlier failure
            _count(summary)
        else:
            stored.append((job, summary, ts))
    if stored:
        from sim import store  # imported here: only sweeps into a store need pyarrow

        parts = [
            store.StoredRun(
                job.store_name, summary["config_hash"], "ok", job.job_config, summary=summary, timeseries=ts
            )
            for job, summary, ts in stored
        ]
        store.write_part(stored[0][0].out_dir, parts)  # one part for the batch
        for _, summary, _ in stored:
            _count(summary)
    return True
