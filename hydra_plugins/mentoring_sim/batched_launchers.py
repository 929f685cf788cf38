"""Hydra's submitit (SLURM, local jobs) and Ray launchers, with a batch of replicates as one task.

A grid sweep's jobs that differ only in their seed or programme settings go to one task (a SLURM array task, a
local submitit job, a Ray task) in batches sized so every worker gets about four
(:func:`hydra_plugins.mentoring_sim.cores_launcher.batches`: at least 2, at most 32 runs);
the task sets each job up as Hydra's launcher would (its config, directory, ``.hydra/``,
log) and steps them together as one ensemble (:mod:`sim.run.batch`), each run writing the
same bytes as alone. Other sweepers' jobs (Optuna's trials) go one per task, as in Hydra.
Each task hands back what became of its runs, and the launching process shows the sweep's
progress line (:mod:`sim.run.progress`) as the tasks come back, in the order they were sent.

Hydra's settings for these launchers are unchanged (``configs/hydra/launcher/slurm.yaml``,
``local_jobs.yaml``, ``ray_cluster.yaml``). The plugins are extras: without Hydra's submitit
plugin the submitit classes are not defined, and Ray is imported only when a sweep uses it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.core.singleton import Singleton
from hydra.core.utils import JobReturn, configure_log, filter_overrides, run_job, setup_globals
from hydra.plugins.launcher import Launcher
from hydra.types import HydraContext, TaskFunction
from omegaconf import DictConfig, OmegaConf, open_dict

from hydra_plugins.mentoring_sim.cores_launcher import batches
from sim.run import batch
from sim.run.preflight import BASIC_SWEEPER, CHECKED_GRID_SWEEPER
from sim.run.progress import Tally, for_launch

log = logging.getLogger(__name__)

Indexed = list[tuple[int, list[str]]]


def chunks(config: DictConfig, job_overrides: Sequence[Sequence[str]], workers: int) -> list[list[int]]:
    """Job indices per task: batches of replicates in a grid sweep, else one job per task."""
    grid = str(OmegaConf.select(config, "hydra.sweeper._target_")) in (BASIC_SWEEPER, CHECKED_GRID_SWEEPER)
    return batches(job_overrides, workers) if grid else [[i] for i in range(len(job_overrides))]


def list_jobs(job_overrides: Sequence[Sequence[str]], initial_job_idx: int, tasks: int) -> None:
    """Log every job's overrides, as Hydra's launchers do, and how many tasks carry them."""
    for idx, overrides in enumerate(job_overrides):
        log.info(f"\t#{initial_job_idx + idx} : {' '.join(filter_overrides(overrides))}")
    if tasks < len(job_overrides):
        log.info(f"{len(job_overrides)} jobs in {tasks} tasks (replicates of one configuration share a task)")


def run_configs(
    hydra_context: HydraContext, task_function: TaskFunction, configs: Sequence[DictConfig]
) -> tuple[list[JobReturn], Tally]:
    """Run composed job configs as one batch: Hydra's ``run_job`` sets each up, one ensemble steps them.

    Returns each job's JobReturn and what became of the runs (for the progress line).
    """

    def setup(cfg: DictConfig) -> JobReturn:
        HydraConfig.instance().set_config(cfg)
        return run_job(
            hydra_context=hydra_context,
            task_function=task_function,
            config=cfg,
            job_dir_key="hydra.sweep.dir",
            job_subdir_key="hydra.sweep.subdir",
        )

    results, batched, tally = batch.run_as_batch([lambda cfg=cfg: setup(cfg) for cfg in configs])
    if batched:
        log.info(f"{batched} of {len(configs)} runs of this task stepped together in an ensemble (sim.ensemble)")
    return results, tally


try:
    from hydra_plugins.hydra_submitit_launcher.submitit_launcher import BaseSubmititLauncher
except ImportError:  # the cluster extra is not installed: no submitit launchers
    BaseSubmititLauncher = None

if BaseSubmititLauncher is not None:

    class _BatchedSubmitit(BaseSubmititLauncher):
        """Hydra's submitit launcher, a batch of replicates per submitit job (array task on SLURM)."""

        def __call__(  # type: ignore[override]
            self, indexed: Indexed, singleton_state: dict[Any, Any]
        ) -> tuple[list[tuple[int, JobReturn]], Tally]:
            """Run one task's jobs (in the submitit job); each job's (index, JobReturn) and what became of them."""
            import submitit  # imported here, as Hydra's launcher does: plugin discovery stays fast

            assert self.hydra_context is not None and self.config is not None and self.task_function is not None
            Singleton.set_state(singleton_state)
            setup_globals()
            job_id = submitit.JobEnvironment().job_id
            configs = []
            for idx, overrides in indexed:
                cfg = self.hydra_context.config_loader.load_sweep_config(self.config, overrides)
                with open_dict(cfg.hydra.job) as job:
                    job.id = job_id
                    job.num = idx
                configs.append(cfg)
            results, tally = run_configs(self.hydra_context, self.task_function, configs)
            return list(zip((idx for idx, _ in indexed), results, strict=True)), tally

        def _executor(self) -> Any:
            """The submitit executor with this launcher's settings (as Hydra's ``launch`` makes it)."""
            import submitit  # imported here, as Hydra's launcher does
            from hydra_plugins.hydra_submitit_launcher.config import BaseQueueConf

            init = {"folder": self.params["submitit_folder"]}
            if "max_num_timeout" in self.params:
                init[f"{self._EXECUTOR}_max_num_timeout"] = self.params["max_num_timeout"]
            executor = submitit.AutoExecutor(cluster=self._EXECUTOR, **init)
            common = set(OmegaConf.structured(BaseQueueConf).keys())
            executor.update_parameters(
                **{
                    (key if key in common else f"{self._EXECUTOR}_{key}"): value
                    for key, value in self.params.items()
                    if key not in ("submitit_folder", "max_num_timeout")
                }
            )
            return executor

        def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
            """Submit the sweep's jobs, a batch of replicates per task; Hydra's results in job order."""
            assert self.config is not None and len(job_overrides) > 0
            executor = self._executor()
            sweep_dir = Path(str(self.config.hydra.sweep.dir))
            log.info(f"Submitit '{self._EXECUTOR}' sweep output dir : {sweep_dir}")
            sweep_dir.mkdir(parents=True, exist_ok=True)
            if "mode" in self.config.hydra.sweep:
                os.chmod(sweep_dir, mode=int(str(self.config.hydra.sweep.mode), 8))
            workers = int(self.params.get("array_parallelism") or os.cpu_count() or 1)
            tasks = chunks(self.config, job_overrides, workers)
            list_jobs(job_overrides, initial_job_idx, len(tasks))
            indexed = [[(initial_job_idx + i, list(job_overrides[i])) for i in task] for task in tasks]
            progress = for_launch(sweep_dir, len(job_overrides))
            submitted = executor.map_array(self, indexed, [Singleton.get_state()] * len(indexed))
            progress.show()
            done = []
            try:
                for job in submitted:
                    pairs, tally = job.results()[0]
                    done += pairs
                    progress.add(tally)
            finally:
                progress.close()
            return [result for _, result in sorted(done, key=lambda pair: pair[0])]

    class BatchedSlurmLauncher(_BatchedSubmitit):
        """SLURM: each task of the job array runs a batch of replicates."""

        _EXECUTOR = "slurm"

    class BatchedLocalLauncher(_BatchedSubmitit):
        """Submitit's local jobs (the SLURM code path on one machine), a batch per job."""

        _EXECUTOR = "local"


def _ray_task(
    hydra_context: HydraContext, task_function: TaskFunction, configs: list[DictConfig], singleton_state: Any
) -> tuple[list[JobReturn], Tally]:
    """One Ray task: a batch of composed job configs; their JobReturns and what became of the runs."""
    setup_globals()
    Singleton.set_state(singleton_state)
    return run_configs(hydra_context, task_function, configs)


class BatchedRayLauncher(Launcher):
    """Hydra's Ray launcher (settings ``ray.init``, ``ray.remote``), a batch of replicates per Ray task."""

    def __init__(self, ray: DictConfig) -> None:
        self.ray_cfg = ray
        self.hydra_context: HydraContext | None = None
        self.task_function: TaskFunction | None = None
        self.config: DictConfig | None = None

    def setup(self, *, hydra_context: HydraContext, task_function: TaskFunction, config: DictConfig) -> None:
        """Hydra hands the launcher its context, task function and the sweep's config."""
        self.config = config
        self.hydra_context = hydra_context
        self.task_function = task_function

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        """Compose each job here (as Hydra's Ray launcher does), send a batch per task, wait for all."""
        import ray  # imported here: the ray extra lives in its own environment
        from hydra_plugins.hydra_ray_launcher._launcher_util import start_ray

        setup_globals()
        assert self.config is not None and self.hydra_context is not None and self.task_function is not None
        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        sweep_dir.mkdir(parents=True, exist_ok=True)
        log.info(f"Ray Launcher is launching {len(job_overrides)} jobs, sweep output dir: {sweep_dir}")
        self.ray_cfg.init.setdefault("object_store_memory", 78643200)  # as Hydra's: small machines start
        start_ray(self.ray_cfg.init)
        remote_cfg = OmegaConf.to_container(self.ray_cfg.remote, resolve=True) if self.ray_cfg.remote else {}
        per_task = float(remote_cfg.get("num_cpus") or 1)
        workers = max(1, int(ray.cluster_resources().get("CPU", 1) / per_task))
        tasks = chunks(self.config, job_overrides, workers)
        list_jobs(job_overrides, initial_job_idx, len(tasks))
        remote = ray.remote(**remote_cfg)(_ray_task) if remote_cfg else ray.remote(_ray_task)
        pending = []
        for task in tasks:
            configs = []
            for i in task:
                idx = initial_job_idx + i
                cfg = self.hydra_context.config_loader.load_sweep_config(self.config, list(job_overrides[i]))
                with open_dict(cfg):
                    cfg.hydra.job.id = f"job_id_for_{idx}"
                    cfg.hydra.job.num = idx
                configs.append(cfg)
            pending.append(
                (task, remote.remote(self.hydra_context, self.task_function, configs, Singleton.get_state()))
            )
        progress = for_launch(sweep_dir, len(job_overrides))
        progress.show()
        done = []
        try:
            for task, ref in pending:
                results, tally = ray.get(ref)
                done += zip(task, results, strict=True)
                progress.add(tally)
        finally:
            progress.close()
        return [result for _, result in sorted(done, key=lambda pair: pair[0])]
