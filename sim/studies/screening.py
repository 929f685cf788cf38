"""Which assumed effect sizes move a decision: each assumption at both ends of its range, on the study's goals.

The lever audit (:mod:`sim.studies.levers`) asks whether each lever moves the mechanism it
claims to. A decision study (:mod:`sim.studies.decide`) asks a different question of the
same assumptions: does the value of this one change what a design is worth on the goals a
decision weighs -- people kept, know-how kept, net money, each against no programme on the
same seed? This screen runs every audited lever whose default is an assumption
(``sim.provenance``) at its low and high setting, in the design where it acts, with no
programme beside it on the same seeds, and reports each goal's paired change (high - low)
with its 95% interval. An assumption *moves a decision outcome* when the interval excludes
zero and the change exceeds the goal's margin (what the study calls "as good as",
:data:`sim.analysis.robustness.GOALS`). The decision study samples every such assumption
(:data:`sim.sampling.scenarios.UNCERTAINTIES`) or lists it as fixed, with the reason
(:data:`sim.sampling.scenarios.FIXED`); ``tests/studies/test_robustness.py`` holds it to that.

    python -m sim.studies.screening                 # 10 paired seeds, 400 employees, 5 years
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import numpy as np
import pandas as pd

from sim import provenance
from sim.analysis.statistics import mean_ci
from sim.config import SimConfig, with_overrides
from sim.economics import money
from sim.ensemble import Ensemble
from sim.resolved import resolve
from sim.run.pool import process_pool
from sim.studies.levers import LEVERS, Lever, Size

#: What the screen found (python -m sim.studies.screening --seeds 8, 2026-12-06: 400 employees, 5 years): the
#: assumptions that move a decision outcome beyond its margin. The decision study samples or fixes each.
MOVES_A_DECISION = (
    "program.opt_in_rate",
    "program.volunteer_selection",
    "lifecycle.preparation_weeks",
    "lifecycle.negotiating_weeks",
    "lifecycle.preparation_quality",
    "lifecycle.negotiating_quality",
    "lifecycle.peer_duration_multiplier",
    "support.free_hours_per_month",
    "support.free_hours_cv",
    "support.training_effect",
    "support.recognition_boost",
    "support.cap_without_confidentiality",
    "knowledge.mentoring_tacit_rate",
    "knowledge.power_penalty",
    "knowledge.off_focus_share",
    "knowledge.rapport_initial",
    "knowledge.similarity_rapport_bonus",
    "knowledge.rapport_gain",
    "knowledge.fit_floor",
    "engagement.meeting_boost",
    "engagement.learning_boost",
    "engagement.overload_penalty",
)
#: The goals as the decision study computes them against no programme: column -> words.
GOAL_COLUMNS = {"people_kept": "people kept", "tacit_kept": "know-how kept", "net_benefit": "net money"}


def assumptions() -> tuple[Lever, ...]:
    """The audited levers whose default is an assumption (not a setting, a fit or a source)."""
    return tuple(lv for lv in LEVERS if provenance.kind(lv.key) == "assumption")


def _goals(args: tuple[Lever, dict[str, Any], Any, int]) -> dict[str, float]:
    """The lever's design and no programme at one setting and seed, stepped together: the goals against none."""
    lever, base, value, seed = args
    cfg = with_overrides(SimConfig(), {**base, **lever.setting, lever.key: value, "seed": seed})
    runs = [resolve(with_overrides(cfg, {"program.design": "none"})), resolve(cfg)]
    none, design = Ensemble(runs).run().summaries()
    return {
        "people_kept": 100.0 * (design["retention_all"] - none["retention_all"]),
        "tacit_kept": 100.0 * (design["tacit_mean_final"] - none["tacit_mean_final"]),
        "net_benefit": float(money(runs[1].config, design, none)["net_benefit"]),
        "payroll": float(money(runs[1].config, design, none)["payroll_annual"]),
    }


def screen(levers: tuple[Lever, ...], size: Size, workers: int = 1) -> pd.DataFrame:
    """Each lever's paired change of each goal from its low to its high setting: one row per (lever, goal).

    Columns: ``key``, ``design``, ``low``, ``high``, ``goal``, ``change``, ``ci_low``, ``ci_high``,
    ``margin``, ``moves`` (the interval excludes zero and the change exceeds the margin).
    """
    from sim.analysis.robustness import goal_margins  # the study's own margins

    base = {"org.n_employees": size.employees, "steps": size.weeks}
    jobs = [(lv, base, value, s) for lv in levers for value in (lv.low, lv.high) for s in range(size.seeds)]
    if workers > 1:
        with process_pool(workers) as pool:
            results = list(pool.map(_goals, jobs, chunksize=2))
    else:
        results = [_goals(j) for j in jobs]
    margins = goal_margins(float(np.median([r["payroll"] for r in results])))
    rows = []
    for i, lv in enumerate(levers):
        low = results[2 * i * size.seeds : (2 * i + 1) * size.seeds]
        high = results[(2 * i + 1) * size.seeds : (2 * i + 2) * size.seeds]
        for goal in GOAL_COLUMNS:
            d = np.array([h[goal] - lo[goal] for h, lo in zip(high, low, strict=True)])
            mean, ci_lo, ci_hi = mean_ci(d)
            excludes_zero = ci_lo > 0 or ci_hi < 0
            rows.append(
                {
                    "key": lv.key,
                    "design": lv.setting.get("program.design", "none"),
                    "low": lv.low,
                    "high": lv.high,
                    "goal": goal,
                    "change": mean,
                    "ci_low": ci_lo,
                    "ci_high": ci_hi,
                    "margin": margins[goal],
                    "moves": bool(excludes_zero and abs(mean) > margins[goal]),
                }
            )
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    """Screen every assumed effect size and print, per assumption, what it moves."""
    p = argparse.ArgumentParser(prog="python -m sim.studies.screening", description=__doc__.splitlines()[0])
    p.add_argument("--seeds", type=int, default=10, help="paired seeds (default 10)")
    p.add_argument("--employees", type=int, default=400, help="default 400")
    p.add_argument("--weeks", type=int, default=260, help="default 260")
    p.add_argument("--workers", type=int, default=0, help="parallel processes (default: every core)")
    args = p.parse_args(argv)
    if args.seeds < 2 or args.employees < 10 or args.weeks < 1:
        p.error("--seeds must be at least 2, --employees at least 10 and --weeks at least 1")
    from sim.sampling.scenarios import BY_KEY, FIXED  # what the decision study does with each

    levers = assumptions()
    table = screen(levers, Size(args.seeds, args.employees, args.weeks), args.workers or os.cpu_count() or 1)
    print(
        f"Assumed effect sizes on the decision study's goals ({args.seeds} paired seeds, {args.employees:,} "
        f"employees, {args.weeks} weeks; change from low to high against no programme, 95% CI):"
    )
    for key, rows in table.groupby("key", sort=False):
        r0 = rows.iloc[0]
        fate = "sampled" if key in BY_KEY else ("fixed: " + FIXED[key] if key in FIXED else "NOT HANDLED")
        cells = []
        for r in rows.itertuples():
            fmt = "{:+,.0f}" if r.goal == "net_benefit" else "{:+.2f}"
            mark = " *" if r.moves else ""
            cells.append(
                f"{GOAL_COLUMNS[r.goal]} {fmt.format(r.change)} ({fmt.format(r.ci_low)} to {fmt.format(r.ci_high)}){mark}"
            )
        print(f"{key} {r0['low']} -> {r0['high']} ({r0['design']}): " + "; ".join(cells) + f" -> {fate}")
    moving = sorted(set(table.loc[table["moves"], "key"]))
    unhandled = [k for k in moving if k not in BY_KEY and k not in FIXED]
    print(
        f"{len(moving)} assumptions move a decision outcome (*: beyond the goal's margin); {len(unhandled)} unhandled"
    )
    return 1 if unhandled else 0


if __name__ == "__main__":
    sys.exit(main())
