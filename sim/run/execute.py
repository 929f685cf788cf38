"""One run and its output contract: simulate a resolved config and write what the run leaves behind.

A run directory holds ``timeseries.parquet`` (one row per step, ``sim.metrics``),
``summary.json`` (final figures, the objective and the ``config_hash``), and where asked
``timeseries.csv`` and ``employees.parquet``; Hydra adds ``.hydra/``. Every file is written
atomically (sim.io) and ``summary.json`` last, so its presence with a matching hash marks a
finished run: a sweep run again skips it (:func:`finished`). A run that fails writes
``error.json`` with its traceback instead.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from sim import __version__, checkpoint, io
from sim.config import SimConfig, iter_fields
from sim.resolved import Resolved, resolve
from sim.run import paired
from sim.run.fingerprint import config_hash
from sim.run.summary_text import format_summary
from sim.sampling import scenarios, sensitivity


def finished(out_dir: Path, digest: str) -> dict[str, Any] | None:
    """The summary of a finished run in ``out_dir`` with this config, else None.

    ``summary.json`` is written last and atomically, so its presence with a matching
    ``config_hash`` means every output of that run is complete.
    """
    path = out_dir / io.SUMMARY
    try:
        summary = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    ok = summary.get("config_hash") == digest and (out_dir / io.TIMESERIES).is_file()
    return summary if ok else None


def execute(
    run: Resolved | SimConfig, out_dir: Path, *, keep_going: bool, baselines: Path | None = None
) -> dict[str, Any] | None:
    """Run into ``out_dir`` unless it is already done there; record a failure.

    Returns the summary (None if the run failed and ``keep_going``). A failure writes
    ``error.json`` (the error and its traceback) beside the run; in a sweep
    (``keep_going``) the other runs go on, otherwise the error is raised. ``baselines`` is
    where a sweep keeps the runs without a programme its runs are priced against
    (:mod:`sim.run.baseline`).
    """
    run = run if isinstance(run, Resolved) else resolve(run)
    digest = config_hash(run)
    done = finished(out_dir, digest)
    if done is not None:
        if not keep_going:  # a sweep's progress line counts skipped runs as done
            print(f"{_shown(out_dir)}/: already finished with this configuration, skipped", flush=True)
        return done
    run = _resumable(run, out_dir / checkpoint.DIRECTORY, digest, _shown(out_dir))
    try:
        summary, seconds = simulate(run, out_dir, digest, baselines)
    except Exception as exc:
        io.write_json(
            {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(), "config_hash": digest},
            out_dir / io.ERROR,
        )
        print(f"{_shown(out_dir)}/: run FAILED ({type(exc).__name__}: {exc}); details in {io.ERROR}", file=sys.stderr)
        if keep_going:
            return None
        raise
    (out_dir / io.ERROR).unlink(missing_ok=True)  # a later success clears an earlier failure
    out = run.config.outputs
    if not out.quiet and (not keep_going or out.sweep_summaries):  # a sweep prints its progress line instead
        print(format_summary(summary, seconds, _shown(out_dir)), flush=True)
    if not keep_going:  # a run of its own: its programme against none over several seeds (sim.run.paired)
        paired.print_comparison(run, out_dir, summary["years"], finish_summary)
    return summary


def _resumable(run: Resolved, checkpoints: Path, digest: str, shown: Any) -> Resolved:
    """The run, set to go on from its own latest checkpoint in ``checkpoints`` when it left one (a killed run)."""
    ck = run.config.checkpoint
    if ck.resume or ck.every == 0:
        return run
    for step, path in reversed(checkpoint.saved_steps(checkpoints)):
        try:
            same = checkpoint.read_meta(path)["config_hash"] == digest
        except checkpoint.CheckpointError:
            continue
        if same and step <= run.config.steps:
            if not run.config.outputs.quiet:
                print(f"{shown}/: going on from its checkpoint at step {step}", flush=True)
            return run.with_values({"checkpoint.resume": str(path)})
    return run


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def simulate(
    run: Resolved, out_dir: Path, digest: str | None = None, baselines: Path | None = None
) -> tuple[dict[str, Any], float]:
    """Simulate ``run`` and write the output contract into ``out_dir``; return (summary, seconds).

    With ``economics.baseline`` the summary prices the programme against the same run
    without one (:mod:`sim.run.baseline`, kept in ``baselines`` in a sweep); ``seconds``
    counts this run's simulation only.
    """
    summary, seconds, model = run_model(run, digest or config_hash(run), baselines, out_dir / checkpoint.DIRECTORY)
    write_run(run, out_dir, summary, model.timeseries(), model.employees if run.config.outputs.employees else None)
    return summary, seconds


def write_run(run: Resolved, out_dir: Path, summary: dict[str, Any], ts: Any, employees: Any = None) -> None:
    """Write a run's output contract into ``out_dir`` (``employees``: a callable giving the table, or None)."""
    io.write_parquet(ts, out_dir / io.TIMESERIES)
    io.write_json(checkpoint.flat_config(run.config), out_dir / io.CONFIG_USED)
    if run.config.outputs.csv:
        io.write_csv(ts, out_dir / "timeseries.csv")
    if employees is not None:
        io.write_parquet(employees(), out_dir / io.EMPLOYEES)
    io.write_json(summary, out_dir / io.SUMMARY)  # last: its presence marks a finished run


def run_model(
    run: Resolved, digest: str, baselines: Path | None, checkpoints: Path
) -> tuple[dict[str, Any], float, Any]:
    """Simulate ``run`` (saving checkpoints into ``checkpoints`` as asked); return (summary, seconds, model)."""
    from sim.model import MentoringModel  # imported here for start-up time: a sweep's launcher never simulates

    t0 = time.perf_counter()
    model = MentoringModel(run)
    _run_with_checkpoints(model, run.config, checkpoints, digest)
    seconds = time.perf_counter() - t0
    return finish_summary(run, model.summary(), digest, baselines, model.warm_started), seconds, model


def finish_summary(
    run: Resolved, summary: dict[str, Any], digest: str, baselines: Path | None, warm_started: Any = None
) -> dict[str, Any]:
    """A model's summary with what the run adds: money against its baseline, the objective, sample values, hash."""
    # Imported here for start-up time: a sweep's launching process never simulates.
    from sim.economics import baseline_figures, money
    from sim.mechanisms.designs import has_programme
    from sim.run.baseline import baseline_summary, keep
    from sim.run.objectives import objective
    from sim.run.targets import turnover_miss

    cfg = run.config
    base = None
    if cfg.economics.baseline:
        if not has_programme(cfg.program.design):
            keep(run, summary, baselines)  # this run is its designs' baseline
        else:
            base = baseline_summary(run, baselines)
            summary.update(baseline_figures(base))
    summary.update(money(cfg, summary, base))
    summary.update(objective(run, summary, baselines))
    if cfg.sensitivity.method != "none":  # the values this run's sample row set (not in .hydra/config.yaml)
        keys = {p.key for p in sensitivity.PARAMETERS}
        summary["parameters"] = {k: v for k, v, _ in iter_fields(cfg) if k in keys}
    if cfg.scenario.index >= 0:  # the values this run's scenario set (sim.sampling.scenarios)
        keys = {u.key for u in scenarios.UNCERTAINTIES}
        summary["scenario_values"] = {k: v for k, v, _ in iter_fields(cfg) if k in keys}
    if run.leavers is not None:  # the organisation's own turnover, fitted to its leavers (sim.inputs.leavers)
        summary["turnover_fitted"] = dataclasses.asdict(run.leavers)
    miss = turnover_miss(cfg, summary)
    if miss:  # only then: a run on target keeps the summary it always had
        summary["turnover_warning"] = miss
    summary["config_hash"] = digest
    summary["version"] = __version__  # of the simulator that ran it (CHANGELOG.md)
    if warm_started is not None:
        summary["warm_start"] = warm_started
    return summary


def _run_with_checkpoints(model: Any, cfg: Any, directory: Path, digest: str) -> None:
    """Step ``model`` to the config's ``steps``, saving its state as ``checkpoint.every`` and ``.final`` ask."""
    ck = cfg.checkpoint
    if ck.every == 0:
        model.run()
    else:
        while model.steps < cfg.steps:
            model.step()
            if model.steps % ck.every == 0 and model.steps < cfg.steps:
                checkpoint.save(model, checkpoint.step_path(directory, model.steps), digest)
                checkpoint.prune(directory, ck.keep)
    if ck.final:
        checkpoint.save(model, checkpoint.step_path(directory, model.steps), digest)


#: Summaries already in a store, by config_hash, read once per process (a sweep's own new
#: parts hold other jobs, which this process never runs again).
_STORED: dict[Path, dict[str, dict[str, Any]]] = {}


def finished_in_store(directory: Path, name: str, digest: str) -> dict[str, Any] | None:
    """The summary of run ``name`` finished with this config in the store ``directory``, else None.

    A run finished before as a run directory of the same sweep counts too.
    """
    if directory not in _STORED:
        from sim import store  # imported here: pyarrow is needed only by sweeps into a store

        _STORED[directory] = store.finished(directory)
    if digest in _STORED[directory]:
        return _STORED[directory][digest]
    return finished(directory.parent / name, digest)


def execute_into_store(
    run: Resolved, directory: Path, name: str, job_config: dict[str, Any], *, baselines: Path | None = None
) -> dict[str, Any] | None:
    """A sweep's run into its consolidated store (:mod:`sim.store`) unless it is there already; record a failure.

    ``name`` is the run's name in the sweep (its job number), ``job_config`` its config as
    Hydra composed it (flat). The other runs go on after a failure (returns None).
    """
    from sim import store  # imported here: pyarrow is needed only by sweeps into a store

    digest = config_hash(run)
    done = finished_in_store(directory, name, digest)
    if done is not None:
        return done
    checkpoints = directory / checkpoint.DIRECTORY / name
    run = _resumable(run, checkpoints, digest, f"{_shown(directory)}/ run {name}")
    try:
        summary, _, model = run_model(run, digest, baselines, checkpoints)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        store.write_part(directory, [store.StoredRun(name, digest, "failed", job_config, error=error)])
        print(f"{_shown(directory)}/ run {name}: FAILED ({error})", file=sys.stderr)
        return None
    stored = store.StoredRun(name, digest, "ok", job_config, summary=summary, timeseries=model.timeseries())
    store.write_part(directory, [stored])
    return summary
