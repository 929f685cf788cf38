"""A sensitivity sweep's analysis: Morris elementary effects or Sobol indices of its finished runs (SALib).

The sample, its parameters and the values a run's row sets are :mod:`sim.sampling.sensitivity`;
``python -m sim.report SWEEP_DIR`` estimates the indices (:mod:`sim.analysis.sensitivity_report`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.sampling.sensitivity import OUTCOMES, PARAMETERS, problem, sample_rows

if TYPE_CHECKING:
    import pandas as pd


def is_sensitivity_sweep(ok: pd.DataFrame) -> bool:
    """True for a table of runs from a sensitivity sweep."""
    return "sensitivity.method" in ok and str(ok["sensitivity.method"].iloc[0]) != "none"


def analyse(ok: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """The indices of every outcome from the finished runs of a sensitivity sweep.

    Returns the method and a table with one row per (outcome, parameter): for Morris
    ``mu_star``, ``mu_star_conf``, ``sigma``; for Sobol ``S1``, ``S1_conf``, ``ST``, ``ST_conf``
    (``_conf``: half-width of the bootstrap 95% interval).

    Raises:
        ValueError: if runs of the sample are missing (SALib needs every one).
    """
    first = ok.iloc[0]
    method = str(first["sensitivity.method"])
    traj, levels = int(first["sensitivity.trajectories"]), int(first["sensitivity.levels"])
    base, seed = int(first["sensitivity.base_samples"]), int(first["sensitivity.seed"])
    x = sample_rows(method, traj, levels, base, seed)
    idx = ok["sensitivity.sample"].astype(int).to_numpy()
    missing = sorted(set(range(len(x))) - set(idx.tolist()))
    if missing:
        raise ValueError(
            f"{len(missing)} of the {len(x)} runs of the {method} sample are missing or failed "
            f"(first: sensitivity.sample={missing[0]}); re-run the sweep to complete it"
        )
    import pandas as pd  # start-up time: reports import this module before they need pandas

    order = np.argsort(idx)
    rows = []
    names = [p.key for p in PARAMETERS]
    for outcome in OUTCOMES:
        y = pd.to_numeric(ok[outcome], errors="coerce").to_numpy(dtype=float)[order][: len(x)]
        if method == "morris":
            from SALib.analyze import morris  # an optional extra, as above

            res = morris.analyze(problem(), x, y, num_levels=levels, conf_level=0.95, seed=seed)
            cols: tuple[str, ...] = ("mu_star", "mu_star_conf", "sigma")
        else:
            from SALib.analyze import sobol  # an optional extra, as above

            res = sobol.analyze(problem(), y, calc_second_order=False, conf_level=0.95, seed=seed)
            cols = ("S1", "S1_conf", "ST", "ST_conf")
        for i, key in enumerate(names):
            rows.append({"outcome": outcome, "parameter": key, **{c: float(res[c][i]) for c in cols}})
    return method, pd.DataFrame(rows)
