"""The report of a sweep: ``python -m sim.report SWEEP_DIR``.

Gathers the sweep's runs (:mod:`sim.analysis.gather`) and writes ``SWEEP_DIR/report/``:
``runs.parquet`` (one row per run: its config and summary), ``report.md`` and
``report.html`` (findings in plain words, tables and figures), ``figures/*.png`` and the
kind's own tables. The kind of report follows the sweep, first match in
:data:`REPORT_KINDS`: a robustness study gets its decision report
(:mod:`~sim.analysis.robustness_report`), a sensitivity sweep gets its indices
(:mod:`~sim.analysis.sensitivity_report`), an optimising one its best settings
(:mod:`~sim.analysis.optimisation_report`), any other a comparison of conditions against a
baseline (:mod:`~sim.analysis.comparison_report`: ``comparison.csv``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim import io
from sim.analysis import comparison_report, optimisation_report, robustness_report, sensitivity_report
from sim.analysis.comparison import varying_keys
from sim.analysis.document import FIGURES, REPORT_HTML, REPORT_MD, RUNS, Sweep
from sim.analysis.gather import ReportError, gather


@dataclass(frozen=True)
class ReportKind:
    """A kind of report: which sweeps it is for, and how it is written."""

    name: str
    applies: Callable[[Sweep], bool]
    write: Callable[[Sweep, str | None, str | None], dict[str, Any]]


#: The kinds, in the order a sweep is matched against them (the last takes any sweep).
REPORT_KINDS = (
    ReportKind("robustness", robustness_report.applies, robustness_report.write),
    ReportKind("sensitivity", sensitivity_report.applies, sensitivity_report.write),
    ReportKind("optimisation", optimisation_report.applies, optimisation_report.write),
    ReportKind("comparison", lambda sweep: True, comparison_report.write),
)


def build(sweep_dir: str | Path, compare: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """Gather a sweep and write its report; return what was written and the counts.

    Raises:
        ReportError: if the directory holds no finished runs, or ``compare`` is not one of their keys.
    """
    sweep_dir = Path(sweep_dir)
    table, unfinished = gather(sweep_dir)
    ok = table[table["status"] == "ok"].reset_index(drop=True)
    failed = table[table["status"] == "failed"]
    sweep = Sweep(sweep_dir, table, ok, failed, unfinished)
    if ok.empty:
        io.write_parquet(table, sweep.out_dir / RUNS)
        raise ReportError(
            f"{sweep_dir}: all {len(table)} runs failed; see their error.json (first: {failed.iloc[0]['run']})"
        )
    if compare is not None and compare not in ok:
        keys = ", ".join(varying_keys(ok)) or "none"
        raise ReportError(f"--compare {compare}: not a config key of these runs; keys swept here: {keys}")
    kind = next(k for k in REPORT_KINDS if k.applies(sweep))
    return kind.write(sweep, compare, baseline)


def main(argv: list[str] | None = None) -> int:
    """Gather a sweep directory and write its report."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.report",
        description="Gather a sweep's runs into one table and write a report (Markdown, HTML, PNG figures).",
    )
    parser.add_argument("sweep_dir", help="a directory written by python -m sim -m ... (results/sweeps/<date_time>)")
    parser.add_argument(
        "--compare", help="config key to compare (default: the experiment's report.compare, else program.design)"
    )
    parser.add_argument("--baseline", help="value of that key to compare against (default: report.baseline, else none)")
    args = parser.parse_args(argv)
    try:
        done = build(args.sweep_dir, args.compare, args.baseline)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = done["out_dir"]
    failures = f"; failures: {', '.join(done['failed_runs'])}" if done["failed"] else ""
    print(
        f"{done['runs']} runs gathered ({done['failed']} failed, {done['unfinished']} unfinished){failures}\n"
        f"Report: {out / REPORT_MD} (and {REPORT_HTML}), {len(done['figures'])} figures in {out / FIGURES}/, "
        f"table {out / RUNS}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
