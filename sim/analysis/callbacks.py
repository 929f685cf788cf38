"""Hydra callbacks of ``python -m sim``: a sweep writes its report when it ends.

:class:`WriteReport` is registered in ``configs/config.yaml`` (``hydra.callbacks``). After
the last run of a multirun it gathers the sweep directory and writes ``report/`` as
``python -m sim.report DIR`` would (the kind follows the sweep: a decision report for a
robustness study, indices for a sensitivity sweep, ...), then prints where it is. With
``report.auto=false`` it does nothing; a report that cannot be written says why in one line
and leaves the runs as they are (``python -m sim.report DIR`` writes it later).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig


class WriteReport(Callback):
    """Write a finished sweep's report and print its path."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:  # noqa: D102
        if not config.get("report", {}).get("auto", True):
            return
        sweep_dir = Path(str(config.hydra.sweep.dir))
        if not sweep_dir.is_dir():
            return
        # Imported when the sweep ends: launching a sweep need not load the report's libraries.
        from sim.analysis.document import REPORT_HTML
        from sim.analysis.gather import ReportError
        from sim.analysis.report import build

        try:
            done = build(sweep_dir)
        except ReportError as exc:
            print(f"report not written: {exc}", file=sys.stderr, flush=True)
            return
        except Exception as exc:  # a report is a convenience: never lose a finished sweep to it
            print(
                f"report not written ({type(exc).__name__}: {exc}); try python -m sim.report {sweep_dir}",
                file=sys.stderr,
                flush=True,
            )
            return
        print(f"Report: {done['out_dir'] / REPORT_HTML} ({done['runs']} runs)", flush=True)
