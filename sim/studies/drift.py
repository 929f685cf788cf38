"""How far an organisation without a programme drifts over the compared years.

A comparison should start from an organisation that has settled (sim.mechanisms.history):
then what changes over the run is what the designs do. This study runs no programme over
seeds and prints, for each history length asked, the mean know-how at the start and the end,
the drift over the run with its standard error, and the spread between seeds:

    python -m sim.studies.drift                         # 12 seeds, history 0 and the default
    python -m sim.studies.drift --history 0,5,8,10 org.n_employees=300
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
import pandas as pd

from sim.config import ConfigError, SimConfig, with_overrides
from sim.studies.pairing import parse_override


def measure(history_years: list[float], seeds: list[int], overrides: dict[str, Any] | None = None) -> pd.DataFrame:
    """One row per history length: tacit and explicit know-how at the start and end, drift, its SE, seed spread."""
    from sim.ensemble import Ensemble  # the model's modules: --help answers without loading them
    from sim.resolved import resolve  # as above

    rows = []
    for years in history_years:
        base = with_overrides(SimConfig(), {**(overrides or {}), "program.design": "none"})
        runs = [resolve(with_overrides(base, {"knowledge.history_years": years, "seed": seed})) for seed in seeds]
        series = Ensemble(runs).run().timeseries()
        row: dict[str, Any] = {"history_years": years}
        for column, name in (("tacit_mean", "tacit"), ("knowledge_mean", "explicit")):
            x = np.array([ts[column].to_numpy() for ts in series])
            drift = x[:, -1] - x[:, 0]
            row |= {
                f"{name}_start": x[:, 0].mean(),
                f"{name}_end": x[:, -1].mean(),
                f"{name}_drift": drift.mean(),
                f"{name}_drift_se": drift.std(ddof=1) / np.sqrt(len(drift)),
                f"{name}_seed_sd": x[:, -1].std(ddof=1),
            }
        rows.append(row)
    return pd.DataFrame(rows).set_index("history_years")


def main(argv: list[str] | None = None) -> int:
    """Measure and print the drift table."""
    p = argparse.ArgumentParser(prog="python -m sim.studies.drift", description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=12, help="seeds 0..S-1 (default 12)")
    p.add_argument(
        "--history", default=None, help="history lengths in years, comma-separated (default: 0 and the default)"
    )
    p.add_argument("overrides", nargs="*", help="key=value settings of the organisation, e.g. org.n_employees=300")
    args = p.parse_args(argv)
    try:
        overrides = dict(parse_override(o) for o in args.overrides)
        default = with_overrides(SimConfig(), overrides).knowledge.history_years
        years = [0.0, default] if args.history is None else [float(x) for x in args.history.split(",")]
        table = measure(years, list(range(args.seeds)), overrides)
    except (ConfigError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    with pd.option_context("display.width", 200, "display.float_format", "{:+.4f}".format):
        print(table.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
