"""Reading a sweep: its runs gathered into one tidy table, and their per-step and per-employee files.

Reads only what runs wrote (each run directory's ``.hydra/config.yaml`` and ``summary.json``,
or ``error.json`` for a failed run, and the runs of a consolidated store, :mod:`sim.store`): one row per run with the run's directory name, its
status (``ok`` or ``failed``), every configuration key as a dotted column
(``program.design``, ``seed``, ...) and every summary metric. A run directory without either
file (still running, or crashed before finishing) is counted as unfinished and left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import OmegaConf

from sim import io, store
from sim.units import WEEKS_PER_YEAR


class ReportError(ValueError):
    """A sweep directory that cannot be reported on; the message is one line for the user."""


def run_directories(sweep_dir: Path) -> list[Path]:
    """Subdirectories that hold a run's Hydra config, in numeric order where names are numbers."""
    runs = [p for p in sweep_dir.iterdir() if p.is_dir() and (p / ".hydra" / "config.yaml").is_file()]
    return sorted(runs, key=lambda p: (0, int(p.name)) if p.name.isdigit() else (1, p.name))


#: Summary prefixes of the values a study set in a run (sim.run.execute.finish_summary).
SET_BY_STUDY = ("scenario_values.", "parameters.")


def gather(sweep_dir: str | Path) -> tuple[pd.DataFrame, int]:
    """One row per finished or failed run; also the number of unfinished runs.

    Raises:
        ReportError: if the directory does not exist or holds no runs.
    """
    sweep_dir = Path(sweep_dir)
    if not sweep_dir.is_dir():
        raise ReportError(f"{sweep_dir}: no such directory")
    rows: dict[str, dict[str, Any]] = {}
    unfinished = 0
    for run in run_directories(sweep_dir):
        config = io.read_run_config(run)
        if (run / io.SUMMARY).is_file():
            try:
                summary = json.loads((run / io.SUMMARY).read_text())
            except ValueError:
                raise ReportError(f"{run / io.SUMMARY}: not valid JSON; delete it and re-run the sweep") from None
            rows[run.name] = {"run": run.name, "status": "ok", **config, **io.flatten(summary)}
        elif (run / io.ERROR).is_file():
            error = json.loads((run / io.ERROR).read_text())
            rows[run.name] = {"run": run.name, "status": "failed", **config, "error": error.get("error", "")}
        else:
            unfinished += 1
    for name, record in store.records(store.store_dir(sweep_dir)).items():  # a store's runs win over a directory's
        row = {"run": name, "status": record["status"], **record["config"]}
        if record["status"] == "ok":
            row.update(io.flatten(record["summary"]))
        else:
            row["error"] = record["error"] or ""
        rows[name] = row
    if not rows:
        raise ReportError(
            f"{sweep_dir}: no finished runs (expected subdirectories with .hydra/config.yaml and summary.json, "
            "or a store/ of runs, as written by python -m sim -m ...)"
        )
    rows = dict(sorted(rows.items(), key=lambda kv: (0, int(kv[0])) if kv[0].isdigit() else (1, kv[0])))
    table = pd.DataFrame(list(rows.values()))
    return values_used(table), unfinished


def values_used(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each config column holding the value its run used.

    A robustness scenario or a sensitivity sample sets values after Hydra composed the config
    (summary.json's ``scenario_values`` and ``parameters``). Runs record the values they used
    (``config.json``, a store's records); runs written before they did recorded the composed
    config, which this corrects from their summaries. The used value wins.
    """
    for col in [c for c in table.columns if c.startswith(SET_BY_STUDY)]:
        key = col.split(".", 1)[1]
        if key in table.columns:
            table[key] = table[col].where(table[col].notna(), table[key])
        else:
            table[key] = table[col]
    return table


def _stack(sweep_dir: Path, runs: pd.DataFrame, name: str, columns: list[str]) -> pd.DataFrame | None:
    """One file of every run in ``runs`` (where it exists), stacked with run, condition and stratum."""
    parts = []
    labels = runs.set_index("run")[["condition", "stratum"]]
    stored = store.timeseries(store.store_dir(sweep_dir), list(runs["run"]), columns) if name == io.TIMESERIES else None
    if stored is not None:
        parts.append(stored)
    in_store = set() if stored is None else set(stored["run"])
    for r in runs.itertuples(index=False):
        path = sweep_dir / r.run / name
        if r.run not in in_store and path.is_file():
            part = pd.read_parquet(path, columns=columns)
            part["run"] = r.run
            parts.append(part)
    if not parts:
        return None
    out = pd.concat(parts, ignore_index=True)
    out["condition"] = labels["condition"].reindex(out["run"]).to_numpy()
    out["stratum"] = labels["stratum"].reindex(out["run"]).to_numpy()
    out["condition"] = pd.Categorical(out["condition"], categories=runs["condition"].cat.categories, ordered=True)
    return out


def load_timeseries(sweep_dir: Path, runs: pd.DataFrame) -> pd.DataFrame:
    """Explicit and tacit knowledge per step of every run in ``runs``, with ``year``."""
    out = _stack(sweep_dir, runs, io.TIMESERIES, ["step", "knowledge_mean", "tacit_mean"])
    out["year"] = out["step"] / WEEKS_PER_YEAR
    return out


def load_employees(sweep_dir: Path, runs: pd.DataFrame) -> pd.DataFrame | None:
    """Final engagement and participation of every employee, where runs wrote employees.parquet."""
    return _stack(sweep_dir, runs, io.EMPLOYEES, ["engagement", "ever_participant"])


def optimisation_results(sweep_dir: Path) -> dict[str, Any] | None:
    """What Hydra's Optuna sweeper wrote about a sweep (best settings and value), or None."""
    path = sweep_dir / io.OPTIMISATION_RESULTS
    if not path.is_file():
        return None
    data = OmegaConf.to_container(OmegaConf.load(path), resolve=True)
    return data if isinstance(data, dict) and "best_params" in data else None
