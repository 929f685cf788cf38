"""The consolidated store: a sweep's runs in a few Parquet files, not a directory of files each.

A study of 10^4 to 10^6 runs written the usual way leaves a directory per run (the Hydra
config, the timeseries, the summary, a log): hundreds of thousands of small files, which a
cluster's shared file system handles badly. With ``outputs.store=true`` a sweep writes
instead into ``<sweep>/store/``, one *part* per batch of runs (today every run is a batch of
one; :func:`pack` packs finished run directories into parts of many):

    store/part-<writer>-r<runs>-f<failed>.parquet

A part is one Parquet file: its rows are the timeseries of its runs (a ``run`` column, then
the timeseries columns of ``sim.metrics``); its footer's key-value metadata
(``mentoring_sim.runs``) holds, per run, the run's name in the sweep (its job number), its
``config_hash``, its status (``ok`` or ``failed``), its config as Hydra composed it (flat
dotted keys, as ``.hydra/config.yaml`` holds them), its summary (``summary.json``) or its
error. Reading a sweep's runs reads the footers only (``pyarrow.parquet.read_metadata``).
Parts are written atomically and never changed, so writers on many machines need no lock;
the name says how many runs (and failures) a part holds. Where a run appears in several parts
(run again), the last written wins.

The report (:mod:`sim.analysis.gather`), a resumed sweep (:mod:`sim.run.execute`) and the
decision study read a store as they read run directories, and a sweep may hold both.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim import io

DIRECTORY = "store"
_META_KEY = b"mentoring_sim.runs"
_PART = re.compile(r"^part-(?P<writer>[\w.-]+)-r(?P<runs>\d+)-f(?P<failed>\d+)\.parquet$")
_COUNTER = itertools.count()


@dataclass(frozen=True)
class StoredRun:
    """One run as the store keeps it.

    Attributes:
        run: its name in the sweep (the job number, as a run directory is named).
        config_hash: its fingerprint (sim.run.fingerprint).
        status: ``ok`` or ``failed``.
        config: its config as Hydra composed it, flat dotted keys.
        summary: its summary (``ok``), else None.
        error: its error (``failed``), else None.
        timeseries: its timeseries (``ok``), else None.
    """

    run: str
    config_hash: str
    status: str
    config: dict[str, Any]
    summary: dict[str, Any] | None = None
    error: str | None = None
    timeseries: pd.DataFrame | None = None


def store_dir(sweep_dir: Path) -> Path:
    """Where a sweep's store is."""
    return Path(sweep_dir) / DIRECTORY


def parts(directory: Path) -> list[tuple[Path, int, int]]:
    """The store's parts as (path, runs, failed), oldest first (by modification time, then name)."""
    if not Path(directory).is_dir():
        return []
    found = []
    for p in Path(directory).iterdir():
        m = _PART.match(p.name)
        if m:
            found.append((p.stat().st_mtime_ns, p.name, p, int(m["runs"]), int(m["failed"])))
    return [(p, runs, failed) for _, _, p, runs, failed in sorted(found)]


def write_part(directory: Path, runs: list[StoredRun]) -> Path:
    """Write ``runs`` as one new part in ``directory``, atomically; return its path."""
    if not runs:
        raise ValueError("a part holds at least one run")
    records = [
        {
            "run": r.run,
            "config_hash": r.config_hash,
            "status": r.status,
            "config": r.config,
            "summary": r.summary,
            "error": r.error,
        }
        for r in runs
    ]
    frames = [r.timeseries.assign(run=r.run) for r in runs if r.timeseries is not None]
    if frames:
        ts = pd.concat(frames, ignore_index=True)
        ts = ts[["run", *[c for c in ts.columns if c != "run"]]]
    else:
        ts = pd.DataFrame({"run": pd.Series([], dtype=str)})
    table = pa.Table.from_pandas(ts, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_META_KEY] = json.dumps(records, sort_keys=True).encode()
    table = table.replace_schema_metadata(meta)
    failed = sum(r.status != "ok" for r in runs)
    writer = f"{socket.gethostname().split('.')[0]}.{os.getpid()}.{next(_COUNTER)}.{uuid.uuid4().hex[:8]}"
    path = Path(directory) / f"part-{writer}-r{len(runs)}-f{failed}.parquet"
    return io.write_atomically(path, lambda tmp: pq.write_table(table, tmp))


def records(directory: Path) -> dict[str, dict[str, Any]]:
    """Every run in the store by name (the last written where one is in several parts), with ``part``."""
    out: dict[str, dict[str, Any]] = {}
    for path, _, _ in parts(directory):
        try:
            meta = pq.read_metadata(path).metadata or {}
            found = json.loads(meta[_META_KEY])
        except (OSError, ValueError, KeyError, pa.ArrowException):
            continue  # not a part of this store's format: left alone
        for record in found:
            out[record["run"]] = {**record, "part": path}
    return out


def finished(directory: Path) -> dict[str, dict[str, Any]]:
    """Summaries of the runs finished in the store, by config_hash (what a resumed sweep skips)."""
    return {r["config_hash"]: r["summary"] for r in records(directory).values() if r["status"] == "ok"}


def timeseries(directory: Path, runs: list[str], columns: list[str]) -> pd.DataFrame | None:
    """The timeseries columns of the named runs, stacked with a ``run`` column (None if none is stored)."""
    index = records(directory)
    by_part: dict[Path, list[str]] = {}
    for run in runs:
        if run in index and index[run]["status"] == "ok":
            by_part.setdefault(index[run]["part"], []).append(run)
    frames = []
    for path, names in by_part.items():
        frame = pq.read_table(path, columns=["run", *columns], filters=[("run", "in", names)]).to_pandas()
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else None


# -- packing run directories into a store ------------------------------------------------------


def _from_directory(run_dir: Path) -> StoredRun | None:
    """A finished or failed run directory as a stored run (None while it is unfinished)."""
    config = io.read_run_config(run_dir)
    if (run_dir / io.SUMMARY).is_file() and (run_dir / io.TIMESERIES).is_file():
        summary = json.loads((run_dir / io.SUMMARY).read_text())
        ts = pd.read_parquet(run_dir / io.TIMESERIES)
        return StoredRun(run_dir.name, summary.get("config_hash", ""), "ok", config, summary=summary, timeseries=ts)
    if (run_dir / io.ERROR).is_file():
        error = json.loads((run_dir / io.ERROR).read_text())
        return StoredRun(run_dir.name, error.get("config_hash", ""), "failed", config, error=error.get("error", ""))
    return None


def pack(sweep_dir: Path, per_part: int = 1000, remove: bool = False) -> tuple[int, int]:
    """Pack a sweep's finished run directories into its store, ``per_part`` runs a part; return (runs, parts).

    With ``remove``, each run directory is deleted once the part holding it is written (its
    ``employees.parquet`` or ``timeseries.csv``, which a store does not keep, with it).
    """
    import shutil  # imported here: only packing deletes

    runs = sorted(
        (p for p in Path(sweep_dir).iterdir() if p.is_dir() and (p / ".hydra" / "config.yaml").is_file()),
        key=lambda p: (0, int(p.name)) if p.name.isdigit() else (1, p.name),
    )
    directory = store_dir(sweep_dir)
    packed = written = 0
    for start in range(0, len(runs), per_part):
        batch = [(p, r) for p in runs[start : start + per_part] if (r := _from_directory(p)) is not None]
        if not batch:
            continue
        write_part(directory, [r for _, r in batch])
        packed, written = packed + len(batch), written + 1
        if remove:
            for p, _ in batch:
                shutil.rmtree(p)
    return packed, written


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.store pack SWEEP_DIR [--per-part N] [--remove]``, or ``info SWEEP_DIR``."""
    import argparse  # imported here: only the command line needs it
    import sys  # imported here: only the command line needs it

    p = argparse.ArgumentParser(prog="python -m sim.store", description="A sweep's consolidated store (sim/store.py).")
    sub = p.add_subparsers(dest="command", required=True)
    pk = sub.add_parser("pack", help="pack finished run directories into the sweep's store/")
    pk.add_argument("sweep_dir", type=Path)
    pk.add_argument("--per-part", type=int, default=1000, metavar="N", help="runs per part (default 1000)")
    pk.add_argument("--remove", action="store_true", help="delete each run directory once packed")
    info = sub.add_parser("info", help="runs and parts in the sweep's store/")
    info.add_argument("sweep_dir", type=Path)
    args = p.parse_args(argv)
    if not args.sweep_dir.is_dir():
        print(f"error: {args.sweep_dir}: no such directory", file=sys.stderr)
        return 2
    if args.command == "pack":
        if args.per_part < 1:
            print(f"error: --per-part {args.per_part}: must be at least 1", file=sys.stderr)
            return 2
        runs, written = pack(args.sweep_dir, args.per_part, args.remove)
        print(f"packed {runs:,} runs into {written} parts in {store_dir(args.sweep_dir)}")
        return 0
    found = records(store_dir(args.sweep_dir))
    failed = sum(r["status"] != "ok" for r in found.values())
    n_parts = len(parts(store_dir(args.sweep_dir)))
    print(f"{store_dir(args.sweep_dir)}: {len(found):,} runs ({failed} failed) in {n_parts} parts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
