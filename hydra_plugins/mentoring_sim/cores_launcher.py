"""The launcher of ``python -m sim -m``: Hydra's joblib launcher, composing each run faster.

Settings, logs and results are those of Hydra's joblib launcher (``n_jobs``, ``verbose``,
...). What differs is what a worker does between runs, the overhead that kept two cores
from nearly doubling the runs per minute of one (``python -m sim.bench --sweep 40`` measures
both):

- Hydra composes every run's configuration from the YAML files; this composes once per
  combination of config groups and sets the run's plain values on a copy
  (:func:`sim.run.worker_cache.sweep_config`, checked equal to Hydra's compose in
  ``tests/run/test_launchers.py``);
- Hydra's singleton state rediscovers every plugin in every run (:func:`sim.run.worker_cache.enter`);
- joblib's workers collect all garbage about every second, over everything Hydra, pandas
  and Mesa loaded (:func:`sim.run.worker_cache.settle`);
- the launch context is pickled once for all runs instead of once a run, and unpickled once a batch;
- in a sweep into a store (``outputs.store=true``: nothing written per job), a job after the first
  of its combination is not set up by Hydra at all: its typed config is the first job's with its
  plain values set (:func:`setup_job`), about 60 ms less a job;
- in a grid sweep, jobs that differ only in their seed or programme settings go to a worker as one batch, whose runs
  step together as one ensemble (:mod:`sim.run.batch`, :mod:`sim.ensemble`), each writing the
  same bytes as alone.
"""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, JobStatus, configure_log, filter_overrides, run_job, setup_globals
from hydra_plugins.hydra_joblib_launcher._core import process_joblib_cfg
from hydra_plugins.hydra_joblib_launcher.joblib_launcher import JoblibLauncher
from omegaconf import OmegaConf, open_dict

from sim.config import has_role, with_overrides
from sim.run import batch
from sim.run.preflight import BASIC_SWEEPER, CHECKED_GRID_SWEEPER
from sim.run.progress import Tally, for_launch
from sim.run.worker_cache import enter, interpolates, launch_token, settle, sweep_config, typed_values

try:
    import cloudpickle  # joblib >= 1.5 depends on it
except ImportError:  # older joblib vendors it
    from joblib.externals import cloudpickle

log = logging.getLogger(__name__)


def execute_job(
    idx: int, overrides: Sequence[str], payload: bytes | tuple[Any, ...], token: str, with_config: bool = False
) -> Any:
    """Run one job (Hydra's joblib ``execute_job`` with the cached compose); return its JobReturn (and config).

    ``payload``: Hydra's context, the sweep's config, the task function and the singleton
    state, pickled once for all jobs (worker processes) or as they are (in this process).
    ``with_config``: return (JobReturn, the job's composed config).
    """
    if isinstance(payload, bytes):
        payload = cloudpickle.loads(payload)
    hydra_context, config, task_function, singleton_state = payload
    setup_globals()
    enter(singleton_state, token)
    cfg = sweep_config(hydra_context, config, overrides, token)
    with open_dict(cfg):
        cfg.hydra.job.id = f"{cfg.hydra.job.name}_{idx}"
        cfg.hydra.job.num = idx
    HydraConfig.instance().set_config(cfg)
    result = run_job(
        hydra_context=hydra_context,
        config=cfg,
        task_function=task_function,
        job_dir_key="hydra.sweep.dir",
        job_subdir_key="hydra.sweep.subdir",
    )
    settle()
    return (result, cfg) if with_config else result


def execute_batch(
    indexed: Sequence[tuple[int, Sequence[str]]], payload: bytes | tuple[Any, ...], token: str
) -> tuple[list[tuple[int, JobReturn]], int, Tally]:
    """Run a batch of jobs that differ in their seed: set each up as Hydra does, then step them together.

    Returns each job's (index, JobReturn), how many runs stepped in an ensemble and what became
    of the runs (sim.run.batch), for the launching process's progress line.
    """
    if isinstance(payload, bytes):
        payload = cloudpickle.loads(payload)  # once for the batch
    results, batched, tally = batch.run_as_batch(
        [partial(setup_job, idx, overrides, payload, token) for idx, overrides in indexed]
    )
    settle()
    return list(zip((idx for idx, _ in indexed), results, strict=True)), batched, tally


#: In each worker, for the launch now running: the first job of each combination of a sweep into a store,
#: set up by Hydra, whose typed config later jobs of the combination start from (:func:`setup_job`).
_store_jobs: dict[tuple[Any, ...], tuple[batch.Job, str | None]] = {}
_store_token: list[str] = [""]


def setup_job(idx: int, overrides: Sequence[str], payload: tuple[Any, ...], token: str) -> JobReturn:
    """Set one job of a batch up, as Hydra does or, in a sweep into a store, from its combination's first job.

    A sweep into a store writes nothing per job (no job directory, no ``.hydra/``, no job log), so
    Hydra's setting up of a job -- composing its config (copied from a template: tens of
    milliseconds for a config of this size), copying it twice more and configuring its log --
    gives nothing a later job of the same combination needs: that job's config is the first one's
    typed config with the job's plain values set (:func:`sim.run.worker_cache.typed_values`; a value
    whose type is not plainly its field's, or a config with interpolations, goes through Hydra),
    resolved as the task function resolves it (:func:`sim.run.app.sweep_job`).
    ``tests/run/test_launchers.py`` checks the store holds the bytes of Hydra's own launcher's.
    """
    from sim.run.app import sweep_job  # imported here: the task function's module imports this launcher's registry

    hydra_context, config, _, _ = payload
    if token != _store_token[0]:
        _store_jobs.clear()
        _store_token[0] = token
    light = typed_values(hydra_context, config, overrides)
    first = _store_jobs.get(light[0]) if light is not None else None
    if first is not None and first[0].composed is not None:
        template, task_name = first
        composed = with_overrides(template.composed, light[1])
        batch.collect(sweep_job(composed, template.out_dir, True, idx))
        return JobReturn(
            overrides=list(overrides),
            working_dir=os.getcwd(),
            task_name=task_name,
            status=JobStatus.COMPLETED,
            _return_value=None,
        )
    seen = batch.collected()
    result, cfg = execute_job(idx, overrides, payload, token, with_config=True)
    if light is not None and batch.collected() > seen and not interpolates(cfg):
        job = batch.last_collected()
        if job.store_name is not None:
            _store_jobs[light[0]] = (job, result.task_name)
    return result


#: Most jobs a batch holds (replicates stepped as one ensemble).
MAX_BATCH = 32


def per_replicate(override: str) -> bool:
    """Whether an override sets what the runs of one ensemble may differ in (a key or group tagged ``replicate``)."""
    return has_role(override.lstrip("+~").split("=")[0], "replicate")


def batches(job_overrides: Sequence[Sequence[str]], workers: int) -> list[list[int]]:
    """Job indices in batches of jobs whose overrides differ only in the seed or the programme, in job order.

    The programme's settings (design, matching, support, lifecycle, economics: tagged ``replicate`` in ``sim.config``)
    may differ within an ensemble; :func:`sim.run.batch.execute_jobs` checks the composed configs.
    Batches hold at least 2 and at most :data:`MAX_BATCH` jobs, smaller where that keeps every
    worker busy (about four batches per worker).
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, overrides in enumerate(job_overrides):
        groups.setdefault(tuple(sorted(o for o in overrides if not per_replicate(o))), []).append(i)
    size = max(2, min(MAX_BATCH, math.ceil(len(job_overrides) / (4 * max(workers, 1)))))
    out = [idxs[k : k + size] for idxs in groups.values() for k in range(0, len(idxs), size)]
    return sorted(out)


#: A sweep of more than twice this many jobs lists only its first and last this many at launch.
LISTED_JOBS = 5


class CoresLauncher(JoblibLauncher):
    """Runs a sweep's jobs in joblib worker processes (loky), every core by default."""

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        """Launch a batch of jobs; same logs and results as Hydra's joblib launcher."""
        from joblib import Parallel, delayed, effective_n_jobs

        setup_globals()
        assert self.config is not None and self.task_function is not None and self.hydra_context is not None
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        joblib_cfg = dict(self.joblib)
        joblib_cfg["backend"] = "loky"  # the threading backend cannot run Hydra jobs
        process_joblib_cfg(joblib_cfg)
        log.info(
            "Joblib.Parallel({}) is launching {} jobs".format(
                ",".join(f"{k}={v}" for k, v in joblib_cfg.items()), len(job_overrides)
            )
        )
        log.info(f"Launching jobs, sweep output dir : {sweep_dir}")
        # Every job's overrides, as Hydra's launchers list them; a long sweep lists its first and last few
        # (each run's .hydra/overrides.yaml has its own, and the progress line counts them).
        listed = range(len(job_overrides))
        if len(job_overrides) > 2 * LISTED_JOBS:
            listed = [*range(LISTED_JOBS), *range(len(job_overrides) - LISTED_JOBS, len(job_overrides))]
        for idx in listed:
            if idx == len(job_overrides) - LISTED_JOBS and len(listed) < len(job_overrides):
                log.info(f"\t... {len(job_overrides) - 2 * LISTED_JOBS} more jobs ...")
            log.info("\t#{} : {}".format(idx, " ".join(filter_overrides(job_overrides[idx]))))
        payload: bytes | tuple[Any, ...] = (self.hydra_context, self.config, self.task_function, Singleton.get_state())
        if effective_n_jobs(joblib_cfg.get("n_jobs")) != 1:
            payload = cloudpickle.dumps(payload)  # once, not once per job
        token = launch_token()
        workers = effective_n_jobs(joblib_cfg.get("n_jobs"))
        grid = str(OmegaConf.select(self.config, "hydra.sweeper._target_")) in (BASIC_SWEEPER, CHECKED_GRID_SWEEPER)
        chunks = batches(job_overrides, workers) if grid else [[i] for i in range(len(job_overrides))]
        progress = for_launch(sweep_dir, len(job_overrides))
        progress.show()
        done = []
        try:  # each batch as it comes back, for the progress line
            for result in Parallel(**joblib_cfg, return_as="generator_unordered")(
                delayed(execute_batch)([(initial_job_idx + i, job_overrides[i]) for i in chunk], payload, token)
                for chunk in chunks
            ):
                done.append(result)
                progress.add(result[2])
        finally:
            progress.close()
        # Runs in this process (one core) left their job logging; the launch log is the launcher's again.
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        runs = [run for _, run in sorted((pair for results, _, _ in done for pair in results), key=lambda p: p[0])]
        batched = sum(n for _, n, _ in done)
        if batched:
            log.info(f"{batched} of {len(job_overrides)} runs stepped together in ensembles (sim.ensemble)")
        assert all(isinstance(run, JobReturn) for run in runs)
        return runs
