"""The report of a sensitivity sweep: Morris or Sobol indices per outcome, with a figure and a table."""

from __future__ import annotations

from typing import Any

from sim.analysis import figures, sensitivity
from sim.analysis.comparison import label_value
from sim.analysis.document import FIGURES, Document, Sweep, write_report
from sim.analysis.gather import ReportError
from sim.sampling.sensitivity import OUTCOMES, PARAMETERS

SENSITIVITY = "sensitivity.csv"


def applies(sweep: Sweep) -> bool:
    """A sweep over the rows of a SALib sample."""
    return sensitivity.is_sensitivity_sweep(sweep.ok)


def write(sweep: Sweep, compare: str | None = None, baseline: str | None = None) -> dict[str, Any]:
    """The indices of every outcome (``compare`` and ``baseline`` do not apply)."""
    ok, failed, unfinished = sweep.ok, sweep.failed, sweep.unfinished
    try:
        method, indices = sensitivity.analyse(sweep.ok)
    except ValueError as exc:
        raise ReportError(f"{sweep.sweep_dir}: {exc}") from None
    names = {p.key: p.name for p in PARAMETERS}
    fig = figures.sensitivity(indices, method, OUTCOMES, names)
    doc = Document()
    what = "Morris screening" if method == "morris" else "Sobol indices"
    doc.h(1, f"Sensitivity report ({what}): {sweep.sweep_dir.name}")
    doc.p(
        f"{len(ok)} runs of one SALib {method} sample over {len(names)} parameters "
        f"(ranges in sim/sampling/sensitivity.py), design {label_value('program.design', ok['program.design'].iloc[0])}, "
        f"the same model seed in every run; {len(failed)} failed, {unfinished} unfinished."
    )
    doc.h(2, "Findings")
    lines = []
    key = "mu_star" if method == "morris" else "ST"
    for outcome, title in OUTCOMES.items():
        d = indices[indices.outcome == outcome].sort_values(key, ascending=False)
        top = [f"{names[r.parameter]} ({getattr(r, key):.3g})" for r in d.head(3).itertuples()]
        lines.append(f"{title[0].upper()}{title[1:]}: most influential {', '.join(top)}.")
        if method == "sobol":
            interaction = float((d["ST"] - d["S1"]).clip(lower=0).sum())
            lines[-1] += f" Interactions account for about {interaction:.2f} of the variance (sum of ST - S1)."
    doc.ul(lines)
    doc.p(
        "How to read this: Morris mu* ranks parameters by their mean absolute effect on the outcome across their "
        "ranges, sigma large against mu* means the effect depends on other parameters or is non-linear; Sobol S1 "
        "is the share of the outcome's variance a parameter explains alone, ST including its interactions. "
        "Intervals are SALib's bootstrap 95% intervals."
    )
    doc.h(2, "Figure")
    doc.img(f"{FIGURES}/sensitivity.png", what)
    doc.h(2, "Indices")
    shown = indices.copy()
    shown["parameter"] = shown["parameter"].map(names)
    shown["outcome"] = shown["outcome"].map(OUTCOMES)
    doc.table(shown.round(4))
    figs = {"sensitivity.png": (fig, what)}
    title = f"Sensitivity report: {sweep.sweep_dir.name}"
    return write_report(sweep, doc, title, figs, {SENSITIVITY: indices}, None)
