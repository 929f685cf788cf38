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
- the launch context is pickled once for all runs instead of once a run.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, filter_overrides, run_job, setup_globals
from hydra_plugins.hydra_joblib_launcher._core import process_joblib_cfg
from hydra_plugins.hydra_joblib_launcher.joblib_launcher import JoblibLauncher
from omegaconf import open_dict

from sim.run.worker_cache import enter, launch_token, settle, sweep_config

try:
    import cloudpickle  # joblib >= 1.5 depends on it
except ImportError:  # older joblib vendors it
    from joblib.externals import cloudpickle

log = logging.getLogger(__name__)


def execute_job(idx: int, overrides: Sequence[str], payload: bytes | tuple[Any, ...], token: str) -> JobReturn:
    """Run one job (Hydra's joblib ``execute_job`` with the cached compose).

    ``payload``: Hydra's context, the sweep's config, the task function and the singleton
    state, pickled once for all jobs (worker processes) or as they are (in this process).
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
    return result


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
        runs = Parallel(**joblib_cfg)(
            delayed(execute_job)(initial_job_idx + idx, overrides, payload, token)
            for idx, overrides in enumerate(job_overrides)
        )
        assert all(isinstance(run, JobReturn) for run in runs)
        return runs
