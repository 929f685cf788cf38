"""What ``python -m sim`` adds to one run: the programme against no programme over several seeds, paired.

One seed's difference between a run with a programme and the same run without one is partly
chance: the default run's "people who left" moves by tens of people from seed to seed. So after
its own run ``python -m sim`` steps the run's design and its baseline (sim.run.baseline) on
``outputs.compare_seeds`` seeds (the run's own seed and the next ones) as one ensemble
(sim.ensemble: each run the same bytes as its single run; seed s with and without the programme
share every draw that is not the programme's own, sim.streams), and prints each difference's mean
over the seeds with a 95% interval (Student's t over the paired differences), rounded to what the
interval allows. The figures are written to ``paired.json`` beside the run's outputs.

With ``outputs.compare_seeds=-1`` (the default) the comparison takes :data:`AUTO_SEEDS` seeds when
they are at most :data:`AUTO_BUDGET` employee-steps (about 10-20 s on one core) and is left out, with
a line saying how to ask for it, above that.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from sim import io
from sim.config import alone_reason
from sim.economics import amount
from sim.mechanisms.designs import has_programme
from sim.resolved import Resolved
from sim.run import baseline
from sim.run.fingerprint import config_hash
from sim.run.sizes import ensemble_sizes

#: Completes a run's summary against its baseline: (run, summary, config hash, baselines folder) -> summary.
Finish = Callable[[Resolved, dict[str, Any], str, Path | None], dict[str, Any]]
#: Seeds of the comparison when ``outputs.compare_seeds=-1``.
AUTO_SEEDS = 10
#: Employee-steps (runs x employees x weeks, with and without the programme) the automatic comparison may take.
AUTO_BUDGET = 30_000_000
#: The file of the comparison's figures in the run's directory.
PAIRED = "paired.json"


@dataclass(frozen=True)
class Row:
    """One compared figure: its label, the summary keys it is computed from, and how it is shown."""

    label: str
    key: str  # a summary key, or "exits_total" / money keys (differences from the baseline's)
    scale: float = 1.0
    unit: str = ""
    money: bool = False


ROWS = (
    Row("tacit knowledge (mean, 0-1)", "tacit_mean_final"),
    Row("explicit knowledge (mean, 0-1)", "knowledge_mean_final"),
    Row("engagement (mean, 0-1)", "engagement_mean_final"),
    Row("still employed (% of the start)", "retention_all", 100.0, " points"),
    Row("people who left", "exits_total"),
    Row("programme cost", "programme_cost", money=True),
    Row("net benefit", "net_benefit", money=True),
    Row("net, without productivity", "net_benefit_without_productivity", money=True),
)


def seeds_to_compare(run: Resolved) -> tuple[int, str | None]:
    """How many seeds the comparison takes for ``run`` (0: none) and, when it is left out, why in one line."""
    cfg = run.config
    if not (has_programme(cfg.program.design) and cfg.economics.baseline) or cfg.outputs.quiet:
        return 0, None
    asked = cfg.outputs.compare_seeds
    if asked in (0, 1):
        return 0, None
    reason = alone_reason(cfg)
    if reason:
        return 0, f"  (no comparison over seeds: {reason})"
    if asked > 1:
        return asked, None
    steps = 2 * AUTO_SEEDS * cfg.org.n_employees * cfg.steps
    if steps > AUTO_BUDGET:
        return 0, (
            f"  (no comparison over seeds at this size, {steps / 1e6:,.0f} million employee-steps: "
            f"outputs.compare_seeds={AUTO_SEEDS} asks for it)"
        )
    return AUTO_SEEDS, None


def compare(run: Resolved, seeds: int, finish: Finish) -> dict[str, Any]:
    """The programme against no programme on ``seeds`` seeds from the run's own, as one ensemble: per seed and mean.

    Past :data:`sim.run.sizes.MAX_ENSEMBLE_EMPLOYEES` the seeds step in several ensembles, each seed's pair in one.

    Returns ``{"seeds": [...], "differences": {key: [per seed]}, "mean": {...}, "low": {...}, "high": {...}}``,
    a difference being with the programme minus without (money: the run's own money keys, which are already
    against its baseline). ``finish`` completes a run's summary against its baseline
    (:func:`sim.run.execute.finish_summary`).
    """
    from sim.ensemble import Ensemble  # imported here: only a run that prints its comparison steps one

    first = run.config.seed
    runs = [run.with_values({"seed": first + k}) for k in range(seeds)]
    bases = [baseline.baseline_run(r) for r in runs]
    own, without, start = [], [], 0
    for size in ensemble_sizes(seeds, 2 * run.config.org.n_employees):  # a seed's pair steps in one ensemble
        summaries = Ensemble(runs[start : start + size] + bases[start : start + size]).run().summaries()
        own, without, start = own + summaries[:size], without + summaries[size:], start + size
    differences: dict[str, list[float]] = {row.key: [] for row in ROWS}
    for r, base_run, s, base in zip(runs, bases, own, without, strict=True):
        baseline.remember(config_hash(base_run), base)
        s = finish(r, s, config_hash(r), None)
        for row in ROWS:
            now, then = s.get(row.key), None if row.money else base.get(row.key)
            value = now if row.money else (None if now is None or then is None else now - then)
            differences[row.key].append(math.nan if value is None else float(value))
    out: dict[str, Any] = {"seeds": [first + k for k in range(seeds)], "differences": differences}
    for part in ("mean", "low", "high"):
        out[part] = {}
    for key, values in differences.items():
        mean, low, high = interval(np.asarray(values, dtype=float))
        out["mean"][key], out["low"][key], out["high"][key] = mean, low, high
    return out


def interval(values: np.ndarray, level: float = 0.95) -> tuple[float | None, float | None, float | None]:
    """The mean of paired differences and its Student-t interval (None where a seed has no figure)."""
    if len(values) < 2 or not np.all(np.isfinite(values)):
        return None, None, None
    mean = float(values.mean())
    half = float(stats.t.ppf(0.5 + level / 2, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values)))
    return mean, mean - half, mean + half


def rounded(value: float, half_width: float) -> float:
    """``value`` rounded to the leading digit's place of the interval's half-width (what the uncertainty allows)."""
    if half_width <= 0 or not math.isfinite(half_width):
        return value
    step = 10.0 ** math.floor(math.log10(half_width))
    return round(value / step) * step


def lines(result: dict[str, Any], currency: str, years: float, seconds: float | None = None) -> list[str]:
    """The printed comparison: each figure's mean difference over the seeds and its 95% interval."""
    n = len(result["seeds"])
    out = [
        f"Over {n} seeds ({result['seeds'][0]}-{result['seeds'][-1]}), with minus without the programme, paired "
        "(mean and 95% interval):"
    ]
    for row in ROWS:
        mean, low, high = (result[p][row.key] for p in ("mean", "low", "high"))
        if mean is None:
            out.append(f"  {row.label:<32}n/a")
            continue
        out.append(f"  {row.label:<32}{_shown(row, mean, low, high, currency)}")
    took = "" if seconds is None else f"; {2 * n} runs as one ensemble in {seconds:.1f} s"
    out += [
        f"  (money over {years:.1f} years; costs and effect sizes are assumptions: docs/economics.md;",
        f"   an interval that spans 0 is a tie; each seed's figures in {PAIRED}{took})",
    ]
    return out


def _shown(row: Row, mean: float, low: float, high: float, currency: str) -> str:
    half = (high - low) / 2
    m, lo, hi = (row.scale * rounded(x, half) for x in (mean, low, high))
    if row.money:
        return f"{amount(m, currency)}   ({amount(lo, currency)} to {amount(hi, currency)})"
    if row.key == "exits_total":  # people: fewer or more who left
        return f"{_people(m)}   ({_people(lo)} to {_people(hi)})"
    digits = max(0, -math.floor(math.log10(row.scale * half))) if half > 0 else 3
    return f"{m:+.{digits}f}{row.unit}   ({lo:+.{digits}f} to {hi:+.{digits}f})"


def _people(difference: float) -> str:
    return f"{abs(difference):,.0f} {'fewer' if difference <= 0 else 'more'}"


def print_comparison(run: Resolved, out_dir: Path, years: float, finish: Finish) -> None:
    """Run and print the comparison over seeds when the run asks for one; write it to ``paired.json``."""
    seeds, note = seeds_to_compare(run)
    if note:
        print(note, flush=True)
    if not seeds:
        return
    t0 = time.perf_counter()
    result = compare(run, seeds, finish)
    seconds = time.perf_counter() - t0
    io.write_json(result, out_dir / PAIRED)
    print("\n".join(lines(result, run.config.economics.currency, years, seconds)), flush=True)
