"""Command line: ``python -m sim [overrides]``, a Hydra app over ``configs/``.

:func:`main` checks the whole command first (:mod:`sim.run.preflight`: one line and exit
status 2 for any mistake, nothing written), then hands it to Hydra, whose task function
:func:`hydra_app` resolves the run's config once and runs it (:mod:`sim.run.execute`); in a
sweep the launcher counts each run for the sweep's progress line (:mod:`sim.run.progress`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig

from sim import checkpoint, version_line
from sim.compose import CONFIG_DIR, to_sim_config
from sim.config import SimConfig, iter_fields
from sim.interrupt import EXIT_INTERRUPTED
from sim.resolved import resolve
from sim.run import batch
from sim.run.baseline import BASELINES
from sim.run.execute import execute
from sim.run.preflight import BASIC_SWEEPER, CHECKED_GRID_SWEEPER, UserError, preflight
from sim.run.progress import ENV_START, ENV_TOTAL
from sim.sampling import scenarios, sensitivity

EXIT_USAGE = 2
PREFLIGHT_ENV = "MENTORING_SIM_PREFLIGHT_DONE"  # read by hydra_plugins/mentoring_sim (skip Hydra's re-check)


@hydra.main(config_path=str(CONFIG_DIR), config_name="config", version_base="1.3")
def hydra_app(cfg: DictConfig) -> float | None:
    """Hydra's task function: one run into Hydra's output directory."""
    hc = HydraConfig.get()
    sweep = hc.mode == RunMode.MULTIRUN
    job = sweep_job(to_sim_config(cfg), Path(hc.runtime.output_dir), sweep, hc.job.num if sweep else 0)
    if sweep and batch.collect(job):
        return None  # a batch of the launcher runs it (sim.run.batch)
    if sweep:
        summary = batch.run_one(job)  # counted for the progress line
    else:
        summary = execute(job.run, job.out_dir, keep_going=False, baselines=job.baselines)
    return None if summary is None else summary.get("objective")


def sweep_job(composed: SimConfig, out_dir: Path, sweep: bool, num: int) -> batch.Job:
    """A job of ``composed`` (its typed config as composed, not yet resolved) writing into ``out_dir``.

    What the task function runs, and what a batch makes of a job of a store sweep without Hydra
    setting it up (:func:`sim.run.batch.run_as_batch`).
    """
    run = scenarios.apply(sensitivity.apply(resolve(composed)))
    baselines = out_dir.parent / BASELINES if sweep else None
    into_store = sweep and run.config.outputs.store  # every job's output dir is the sweep's store/ (config.yaml)
    job_config = checkpoint.flat_config(run.config) if into_store else {}  # the values the run used
    name = f"{run.config.outputs.run_prefix}{num}" if into_store else None
    return batch.Job(run, out_dir, baselines, name, job_config, composed=composed)


def plain_keys(argv: list[str]) -> list[str]:
    """``+key=value`` as ``key=value`` for a key the config already has (``+warm_start=PATH`` works as written).

    Hydra's ``+`` adds a key and refuses one that exists; every key of the schema exists.
    """
    keys = {key for key, _, _ in iter_fields(SimConfig())}
    return [a[1:] if a.startswith("+") and not a.startswith("++") and a[1:].split("=")[0] in keys else a for a in argv]


def main(argv: list[str] | None = None) -> None:
    """Entry point of ``python -m sim``: pre-flight check, then Hydra."""
    argv = scenarios.pin_arguments(plain_keys(sys.argv[1:] if argv is None else argv))
    if "--version" in argv or "-V" in argv:  # this simulator's, not Hydra's own
        print(version_line())
        return
    try:
        checked = preflight(argv)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    if checked.sweeper == BASIC_SWEEPER:
        # Hydra's grid sweeper re-composes every job in this process before launching any;
        # pre-flight has just checked them all, so swap in the same sweeper minus that check
        # (hydra_plugins/mentoring_sim). Set on the command line, so an experiment or user
        # choosing another sweeper (optuna) is left alone.
        os.environ[PREFLIGHT_ENV] = "1"
        argv = [*argv, f"hydra.sweeper._target_={CHECKED_GRID_SWEEPER}"]
    if checked.total is not None:
        # Read by the launcher, in this process, for the sweep's progress line (sim.run.progress).
        os.environ[ENV_TOTAL] = str(checked.total)
        os.environ[ENV_START] = repr(time.time())
    sys.argv = [sys.argv[0], *argv]
    try:
        hydra_app()
    except KeyboardInterrupt:  # Ctrl-C: one line, not the traceback of wherever it landed
        kept = ": the runs finished so far are kept; the same command again runs the rest" if checked.sweeper else ""
        print(f"\nstopped{kept}", file=sys.stderr, flush=True)
        sys.exit(EXIT_INTERRUPTED)
