"""Decisions under uncertainty, the analysis: which programme holds up across what the model does not know.

The *levers* are what a programme designer chooses (the design and its support); the
*uncertainties* are the model's parameters that no published number pins down (effect
sizes marked as assumptions in docs/configuration.md, or fitted with wide intervals),
each over a documented plausible range (:data:`sim.sampling.scenarios.UNCERTAINTIES`). A robustness study samples
``scenario.count`` scenarios from those ranges by Latin hypercube (McKay, Beckman & Conover
1979; ``scipy.stats.qmc``), deterministic in ``scenario.seed``, and runs every lever
combination on every scenario and seed: runs of one scenario and seed share the scenario's
values and the seed (common random numbers), so designs differ by what they do, not by luck.
Like a sensitivity sweep, it is an ordinary Hydra multirun over ``scenario.index``
(``+experiment=robust_designs``, or ``python -m sim.decide``), on any launcher.

Per goal (:data:`GOALS`: know-how kept, people kept, net money), over scenarios (each the
mean of its seeds), the analysis gives each policy's share of scenarios in which it is best
and in which it is within the goal's margin of the best, and its *regret*: how far it falls
short of the best policy in that scenario (Savage 1951; the robustness metrics of
McPhail et al. 2018), as a median and a 90th percentile; and a Pareto front across the
goals. Scenario discovery (Bryant & Lempert 2010) uses PRIM from the EMA Workbench
(Kwakkel 2017) to find where in the uncertainties a leading policy loses its lead or fails
to pay back (:func:`discover`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.sampling.scenarios import BY_KEY, UNCERTAINTIES, scenario_table

if TYPE_CHECKING:
    import pandas as pd

    from sim.analysis.selection import Ties


@dataclass(frozen=True)
class Goal:
    """An outcome a decision weighs: its summary column, words, unit, margin, and how to print it."""

    column: str
    name: str
    unit: str
    margin: float
    fmt: str


#: The goals, higher is better. Margins: what a leadership team would call "as good as".
GOALS: tuple[Goal, ...] = (
    Goal("tacit_kept", "know-how kept", "full-expert equivalents per 100 employees", 0.1, "{:+.2f}"),
    Goal("people_kept", "people kept", "per 100 employed at the start", 0.5, "{:+.1f}"),
    Goal("net_benefit", "net money", "currency, over the run", 0.0, "{:+,.0f}"),
)
#: The money goal's margin: a share of the organisation's annual payroll (set in :func:`goal_margins`).
MONEY_MARGIN_OF_PAYROLL = 0.001


def regret(table: pd.DataFrame, margin: float, ties: Ties | None = None) -> pd.DataFrame:
    """Each policy's robustness on one goal, higher being better.

    Args:
        table: outcomes, one row per scenario, one column per policy (each the mean of its seeds).
        margin: how far below the best still counts as "as good as" (goal units).
        ties: the scenarios' tie calls from their seeds (sim.analysis.selection.tie_table, rows and
            columns as ``table``); without them only exact equals tie.

    Returns:
        One row per policy: ``best_share`` (scenarios where it is best or cannot be told apart
        from the best: each tied policy counts), ``sole_best_share`` (best with none tied),
        ``within_share`` (within ``margin`` of the best, or tied), ``regret_median`` and
        ``regret_p90`` (shortfall from the scenario's best), ``median``, ``p05``, ``p95``, and
        ``se_median`` (the median standard error of its paired difference from the best).
    """
    import pandas as pd  # start-up time: pre-flight imports this module and needs no pandas

    x = table.to_numpy(dtype=float)
    best = np.nanmax(x, axis=1, keepdims=True)
    short = best - x
    if ties is None:
        tied = short <= 1e-12 * np.maximum(1.0, np.abs(best))
        within = short <= margin + 1e-12
        sole = tied & (tied.sum(axis=1, keepdims=True) == 1)
        se = np.full(x.shape, np.nan)
    else:
        tied, within, sole, se = ties.tied, ties.within, ties.sole_best, ties.se
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a policy without a standard error anywhere
        se_median = np.nanmedian(np.where(np.isnan(se) | (short <= 0), np.nan, se), axis=0)
    rows = {
        "best_share": tied.mean(axis=0),
        "sole_best_share": sole.mean(axis=0),
        "within_share": within.mean(axis=0),
        "regret_median": np.median(short, axis=0),
        "regret_p90": np.quantile(short, 0.9, axis=0),
        "median": np.median(x, axis=0),
        "p05": np.quantile(x, 0.05, axis=0),
        "p95": np.quantile(x, 0.95, axis=0),
        "se_median": se_median,
    }
    return pd.DataFrame(rows, index=table.columns)


def effort(runs: pd.DataFrame, policies: list[str]) -> pd.DataFrame:
    """Each policy's goals per unit of effort: median over scenarios of (goal / hours) and (goal / money spent).

    Per scenario the goal's mean over seeds is divided by the mean programme hours (per 1,000
    hours: ``<goal>_per_1000h``) and by the mean programme cost (per 100,000 of the currency:
    ``<goal>_per_100k``); the medians over scenarios are returned, one row per policy (NaN for
    no programme, which spends nothing). It tells "wins by reach" (a large total from many
    hours) from "wins by quality" (much per hour).
    """
    import pandas as pd  # start-up time: pre-flight imports this module and needs no pandas

    goals = [g.column for g in GOALS]
    per = runs.groupby(["policy", "scenario.index"], observed=True)[
        [*goals, "programme_hours_total", "programme_cost"]
    ].mean()
    rows = {}
    for policy in policies:
        if policy not in per.index.get_level_values(0):
            continue
        p = per.loc[policy]
        hours, cost = p["programme_hours_total"].to_numpy(float), p["programme_cost"].to_numpy(float)
        row = {}
        for goal in goals:
            value = p[goal].to_numpy(float)
            row[f"{goal}_per_1000h"] = _median_ratio(value, hours / 1e3)
            row[f"{goal}_per_100k"] = _median_ratio(value, cost / 1e5)
        row["hours_median"] = float(np.median(hours))
        row["cost_median"] = float(np.median(cost))
        rows[policy] = row
    return pd.DataFrame(rows).T


def _median_ratio(value: np.ndarray, per: np.ndarray) -> float:
    """The median of ``value / per`` where ``per`` is positive (NaN where it never is: no programme)."""
    spent = per > 0
    return float(np.median(value[spent] / per[spent])) if spent.any() else float("nan")


def seed_tables(runs: pd.DataFrame, policy: str, goal: str, policies: list[str]) -> tuple[list[int], np.ndarray]:
    """A goal's outcomes as float[scenario, seed, policy] (NaN where a run is missing), and the scenarios in order.

    Seeds are each scenario's own, in increasing order (a sequential study runs more in some).
    """
    wide = runs.pivot_table(
        index=["scenario.index", "seed"], columns=policy, values=goal, aggfunc="mean", observed=True
    )
    wide = wide.reindex(columns=policies)
    scenarios = sorted(wide.index.get_level_values(0).unique().astype(int))
    counts = wide.groupby(level=0).size()
    out = np.full((len(scenarios), int(counts.max()), len(policies)), np.nan)
    for i, s in enumerate(scenarios):
        block = wide.xs(s, level=0).sort_index().to_numpy(dtype=float)
        out[i, : len(block)] = block
    return scenarios, out


def pareto_front(means: pd.DataFrame) -> pd.Series:
    """Which policies no other beats on every goal (rows: policies, columns: goals, higher better)."""
    import pandas as pd  # start-up time: pre-flight imports this module and needs no pandas

    x = means.to_numpy(dtype=float)
    front = []
    for i in range(len(x)):
        dominated = np.any(np.all(x >= x[i], axis=1) & np.any(x > x[i], axis=1))
        front.append(not dominated)
    return pd.Series(front, index=means.index)


@dataclass(frozen=True)
class Box:
    """A region of the uncertainties found by PRIM: its limits and how well it describes the cases.

    Attributes:
        limits: key -> (low, high) for each restricted uncertainty (None for an open side).
        coverage: share of the cases of interest inside the box.
        density: share of the scenarios inside the box that are cases of interest.
        mass: share of all scenarios inside the box.
        cases: number of cases of interest; scenarios: number of scenarios.
    """

    limits: dict[str, tuple[float | None, float | None]]
    coverage: float
    density: float
    mass: float
    cases: int
    scenarios: int

    def inside(self, x: pd.DataFrame) -> np.ndarray:
        """Which rows of ``x`` lie in the box."""
        ok = np.ones(len(x), dtype=bool)
        for key, (lo, hi) in self.limits.items():
            if lo is not None:
                ok &= x[key].to_numpy() >= lo
            if hi is not None:
                ok &= x[key].to_numpy() <= hi
        return ok

    def conditions(self) -> list[str]:
        """The box as plain phrases: ``turnover is below 18%``."""
        out = []
        for key, (lo, hi) in self.limits.items():
            u = BY_KEY.get(key)
            # two significant figures: a box's edge is where its few cases happen to fall
            name, show = (u.name, lambda v, u=u: u.show(_two_figures(v))) if u else (key, lambda v: f"{v:.2g}")
            if lo is not None and hi is not None:
                out.append(f"{name} is between {show(lo)} and {show(hi)}")
            elif lo is not None:
                out.append(f"{name} is above {show(lo)}")
            elif hi is not None:
                out.append(f"{name} is below {show(hi)}")
        return out


def _two_figures(value: float) -> float:
    """``value`` to two significant figures (0.00912 -> 0.0091, 0.1837 -> 0.18)."""
    if value == 0 or not np.isfinite(value):
        return value
    return float(round(value, 1 - int(np.floor(np.log10(abs(value))))))


#: PRIM keeps a restriction only if its quasi-p value is below this (Bryant & Lempert 2010).
SIGNIFICANCE = 0.05
#: A box is reported only if the cases are this much denser in it than overall (share points).
MIN_LIFT = 0.10


def discover(x: pd.DataFrame, y: np.ndarray, max_dims: int = 3) -> Box | None:
    """PRIM's box of the scenarios where ``y`` holds, simplified to what is significant.

    Runs the EMA Workbench's PRIM (peeling and pasting); simplifies every box on its peeling
    trajectory to its restrictions whose quasi-p value is below :data:`SIGNIFICANCE` (at most
    ``max_dims``, the most significant), recounts each simplified box's coverage and density
    on the data, and returns the one that best concentrates the cases: the highest coverage
    times lift, ``coverage * (density - base) / (1 - base)`` with ``base`` the share of cases
    overall, among boxes at least :data:`MIN_LIFT` denser than the base. None when there are no
    cases, every scenario is a case, or no box is that much denser.

    Args:
        x: the uncertainties' values, one row per scenario.
        y: bool per scenario, the cases of interest.
    """
    y = np.asarray(y, dtype=bool)
    if y.sum() == 0 or y.all() or len(y) < 10:
        return None
    base = float(y.mean())
    x = x.reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim  # the decide extra: pip install 'mentoring-sim[decide]'

        found = prim.Prim(x, y).find_box()
        candidates = [found.inspect(i, style="data")[0][1] for i in range(len(found.peeling_trajectory))]
    best: Box | None = None
    best_score = 0.0
    for lims in candidates:
        box = _simplified(lims, x, y, max_dims)
        if box is None:
            continue
        score = box.coverage * (box.density - base) / (1.0 - base)
        if box.density - base >= MIN_LIFT and score > best_score + 1e-12:
            best, best_score = box, score
    return best


def _simplified(lims: pd.DataFrame, x: pd.DataFrame, y: np.ndarray, max_dims: int) -> Box | None:
    """A PRIM box cut down to its significant restrictions, with coverage and density counted on the data."""
    lims = lims.copy()
    lims.columns = ["min", "max", "qp_min", "qp_max"]
    full_lo, full_hi = x.min(), x.max()
    significant = []
    for key, row in lims.iterrows():
        lo = row["min"] if row["min"] > full_lo[key] and row["qp_min"] < SIGNIFICANCE else None
        hi = row["max"] if row["max"] < full_hi[key] and row["qp_max"] < SIGNIFICANCE else None
        if lo is not None or hi is not None:
            p = min(row["qp_min"] if lo is not None else 1.0, row["qp_max"] if hi is not None else 1.0)
            significant.append((p, str(key), (lo, hi)))
    if not significant:
        return None
    significant.sort(key=lambda t: t[0])
    limits = {key: bounds for _, key, bounds in significant[:max_dims]}
    inside = Box(limits, 0.0, 0.0, 0.0, 0, 0).inside(x)
    return Box(
        limits,
        coverage=float((inside & y).sum() / y.sum()),
        density=float((inside & y).sum() / max(inside.sum(), 1)),
        mass=float(inside.mean()),
        cases=int(y.sum()),
        scenarios=len(y),
    )


def describe(box: Box | None, what: str, cases_word: str) -> str:
    """A sentence a manager can read: ``Peer circles do not pay back when ...: 18% of the scenarios ...``.

    Args:
        box: PRIM's box, or None.
        what: the subject and verb, e.g. ``"peer circles do not pay back"``.
        cases_word: the cases in words, e.g. ``"scenarios where they do not pay back"``.
    """
    if box is None:
        return f"No simple region of the uncertainties explains the {cases_word}."
    conds = box.conditions()
    joined = conds[0] if len(conds) == 1 else ", ".join(conds[:-1]) + " and " + conds[-1]
    return (
        f"{what[0].upper() + what[1:]} mostly when {joined}: {100 * box.mass:.0f}% of the scenarios. "
        f"That region holds {100 * box.coverage:.0f}% of the {box.cases} {cases_word} "
        f"(coverage), and {100 * box.density:.0f}% of the scenarios in it are such cases (density)."
    )


def scenario_frame(count: int, seed: int) -> pd.DataFrame:
    """The scenario table as a frame: one row per scenario (index = scenario.index), one column per key."""
    import pandas as pd  # start-up time: pre-flight imports the scenarios, this module is only read by reports

    return pd.DataFrame(scenario_table(count, seed), columns=[u.key for u in UNCERTAINTIES])


def goal_margins(payroll: float) -> dict[str, float]:
    """Each goal's margin; the money goal's is :data:`MONEY_MARGIN_OF_PAYROLL` of a year's payroll."""
    return {g.column: (g.margin if g.column != "net_benefit" else MONEY_MARGIN_OF_PAYROLL * payroll) for g in GOALS}


def outcomes(runs: pd.DataFrame) -> pd.DataFrame:
    """Per run, the goals against the same scenario and seed without a programme (columns of :data:`GOALS`).

    ``tacit_kept``: tacit knowledge above no programme at the end, full-expert equivalents per
    100 employees; ``people_kept``: people of every 100 employed at the start still employed,
    above no programme; ``net_benefit``: as summary.json (sim.economics).
    """
    out = runs.copy()
    out["tacit_kept"] = 100.0 * (
        out["tacit_mean_final"] - out["baseline_tacit_mean_final"].fillna(out["tacit_mean_final"])
    )
    base_ret = out["baseline_retention_all"].fillna(out["retention_all"])
    out["people_kept"] = 100.0 * (out["retention_all"] - base_ret)
    out["net_benefit"] = out["net_benefit"].astype(float)
    return out


def by_scenario(runs: pd.DataFrame, policy: str, goal: str) -> pd.DataFrame:
    """A goal's mean over seeds, one row per scenario, one column per policy."""
    return runs.pivot_table(index="scenario.index", columns=policy, values=goal, aggfunc="mean", observed=True)
