"""Analysis of a sweep: ``python -m sim.report SWEEP_DIR``.

Reads only what runs wrote (each run directory's ``.hydra/config.yaml`` and ``summary.json``,
or ``error.json`` for a failed run) and gathers them into one tidy table,
``SWEEP_DIR/report/runs.parquet``: one row per run, the run's directory name, its status
(``ok`` or ``failed``), every configuration key as a dotted column (``program.design``,
``seed``, ...) and every summary metric. A run directory without either file (still
running, or crashed before finishing) is counted as unfinished and left out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
from omegaconf import OmegaConf

from sim import io

REPORT_DIR = "report"
RUNS = "runs.parquet"


class ReportError(ValueError):
    """A sweep directory that cannot be reported on; the message is one line for the user."""


def _flatten(node: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            out.update(_flatten(value, f"{prefix}{key}."))
        return out
    return {prefix[:-1]: node}


def run_directories(sweep_dir: Path) -> list[Path]:
    """Subdirectories that hold a run's Hydra config, in numeric order where names are numbers."""
    runs = [p for p in sweep_dir.iterdir() if p.is_dir() and (p / ".hydra" / "config.yaml").is_file()]
    return sorted(runs, key=lambda p: (0, int(p.name)) if p.name.isdigit() else (1, p.name))


def gather(sweep_dir: str | Path) -> tuple[pd.DataFrame, int]:
    """One row per finished or failed run; also the number of unfinished runs.

    Raises:
        ReportError: if the directory does not exist or holds no runs.
    """
    sweep_dir = Path(sweep_dir)
    if not sweep_dir.is_dir():
        raise ReportError(f"{sweep_dir}: no such directory")
    rows: list[dict[str, Any]] = []
    unfinished = 0
    for run in run_directories(sweep_dir):
        config = _flatten(OmegaConf.to_container(OmegaConf.load(run / ".hydra" / "config.yaml"), resolve=True))
        if (run / io.SUMMARY).is_file():
            try:
                summary = json.loads((run / io.SUMMARY).read_text())
            except ValueError:
                raise ReportError(f"{run / io.SUMMARY}: not valid JSON; delete it and re-run the sweep") from None
            rows.append({"run": run.name, "status": "ok", **config, **summary})
        elif (run / io.ERROR).is_file():
            error = json.loads((run / io.ERROR).read_text())
            rows.append({"run": run.name, "status": "failed", **config, "error": error.get("error", "")})
        else:
            unfinished += 1
    if not rows:
        raise ReportError(
            f"{sweep_dir}: no finished runs (expected subdirectories with .hydra/config.yaml and summary.json, "
            "as written by python -m sim -m ...)"
        )
    table = pd.DataFrame(rows)
    return table, unfinished


def main(argv: list[str] | None = None) -> int:
    """Gather a sweep directory into ``report/runs.parquet``."""
    parser = argparse.ArgumentParser(prog="python -m sim.report", description="Gather a sweep's runs into one table.")
    parser.add_argument("sweep_dir", help="a directory written by python -m sim -m ... (results/sweeps/<date_time>)")
    args = parser.parse_args(argv)
    try:
        table, unfinished = gather(args.sweep_dir)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.sweep_dir) / REPORT_DIR / RUNS
    io.write_parquet(table, out)
    failed = int((table["status"] == "failed").sum())
    print(
        f"{len(table)} runs gathered ({failed} failed, {unfinished} unfinished) into {out}"
        + (f"; failures: {', '.join(table.loc[table.status == 'failed', 'run'])}" if failed else "")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
