"""Simulation error in a decision study: which designs a scenario's seeds tell apart, and when to stop adding seeds.

Every design of a scenario runs on the same seeds with common random numbers (sim.streams), so
designs are compared by their *paired* differences, seed by seed. For one goal, a scenario's
outcomes form a table ``x[seed, design]``; the functions here work on a stack of such tables,
``x[scenario, seed, design]``, with NaN where a run is missing (a design screened out early, or a
scenario that took fewer seeds).

- :func:`tie_table`: per scenario, the best design (highest mean), each design's paired
  difference from it with its standard error, and whether it is *tied* with the best (its
  shortfall is within the 95% t interval of the paired difference: the seeds cannot tell them
  apart) or *within the margin* (its shortfall is no more than the goal's margin, or it is tied).
- :func:`kn_survivors`: Kim & Nelson's fully sequential procedure KN (Kim & Nelson 2001, ACM
  TOMACS 11(3) 251-273; their section 3), which screens designs out seed by seed once they
  fall clearly behind another, with indifference zone ``delta`` (the goal's margin) and
  confidence ``1 - alpha``; with common random numbers it uses the variances of paired
  differences, as the procedure allows.
- :func:`resolved`: a scenario needs no more seeds on a goal when KN has left one design, or
  when the designs still in are known to within ``delta / 2`` of each other (the half-width of
  each 95% paired interval): tied within the stated precision.

``python -m sim.decide --seeds auto`` adds seeds to the scenarios not yet resolved on every goal
until each is, or a run budget is spent (:func:`next_round`).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

#: Confidence of a tie call and of KN's selection.
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Ties:
    """One goal's tie calls over scenarios.

    Attributes:
        mean: float[S, K] each design's mean over its seeds.
        best: int[S] the design with the highest mean.
        shortfall: float[S, K] the best's mean less each design's, over the seeds both ran (0 for the best).
        se: float[S, K] standard error of that paired difference (NaN where fewer than two seeds).
        tied: bool[S, K] cannot be told apart from the best (the best itself included).
        within: bool[S, K] no more than ``margin`` short of the best, or tied.
        seeds: int[S] seeds each scenario ran.
    """

    mean: np.ndarray
    best: np.ndarray
    shortfall: np.ndarray
    se: np.ndarray
    tied: np.ndarray
    within: np.ndarray
    seeds: np.ndarray

    @property
    def sole_best(self) -> np.ndarray:
        """bool[S, K]: the best, with no design tied with it."""
        alone = self.tied.sum(axis=1) == 1
        out = np.zeros_like(self.tied)
        out[np.arange(len(self.best)), self.best] = alone
        return out


def tie_table(x: np.ndarray, margin: float, confidence: float = CONFIDENCE) -> Ties:
    """Tie calls of ``x[scenario, seed, design]`` (higher is better; NaN = not run).

    A design is tied with its scenario's best when the best's paired lead over it is at most
    ``t(n - 1) * se``, the half-width of the ``confidence`` t interval of the paired difference
    over the n seeds both ran; with one seed nothing is tied but exact equals.
    """
    from scipy import stats  # start-up time: sim.decide's pre-flight imports the study modules

    x = np.asarray(x, dtype=float)
    s, _, k = x.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: designs not run in a scenario
            mean = np.nanmean(x, axis=1)
            best = np.nanargmax(np.where(np.isnan(mean), -np.inf, mean), axis=1)
            lead = x[np.arange(s), :, best][:, :, None] - x  # [S, R, K] the best less each design, seed by seed
            n = np.sum(~np.isnan(lead), axis=1)
            shortfall = np.nanmean(lead, axis=1)
            sd = np.nanstd(lead, axis=1, ddof=1)
    se = np.where(n >= 2, sd / np.sqrt(np.maximum(n, 1)), np.nan)
    t = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
    exact = np.nan_to_num(shortfall, nan=np.inf) <= 1e-12 * np.maximum(1.0, np.abs(np.nan_to_num(mean)))
    tied = exact | (np.nan_to_num(shortfall, nan=np.inf) <= np.nan_to_num(t * se, nan=-1.0))
    within = tied | (np.nan_to_num(shortfall, nan=np.inf) <= margin + 1e-12)
    seeds = np.max(np.sum(~np.isnan(x), axis=1), axis=1)
    return Ties(mean, best, np.nan_to_num(shortfall, nan=np.inf), se, tied, within, seeds)


def kn_survivors(x: np.ndarray, delta: float, alpha: float = 1 - CONFIDENCE, n0: int = 3) -> np.ndarray:
    """Designs still in after Kim & Nelson's procedure KN over the seeds of one scenario, in order.

    Args:
        x: float[R, K] one scenario's outcomes (seeds in the order run, designs; higher is better).
            Designs with a missing seed (NaN) were screened out before it and stay out.
        delta: the indifference zone: differences smaller than this need not be told apart.
        alpha: 1 - the confidence of selecting a design within ``delta`` of the best.
        n0: first-stage seeds, from which the variances of the paired differences are estimated.

    Returns:
        bool[K] the designs KN has not eliminated (all, with fewer than ``n0`` seeds).

    KN: ``eta = ((2 alpha / (k - 1)) ** (-2 / (n0 - 1)) - 1) / 2``, ``h2 = 2 eta (n0 - 1)``; after r
    seeds design i is eliminated if, for some l still in, its mean falls below l's by more than
    ``W_il(r) = max(0, delta / (2 r) * (h2 S2_il / delta**2 - r))``, with ``S2_il`` the variance of the
    paired difference over the first ``n0`` seeds.
    """
    x = np.asarray(x, dtype=float)
    r_all, k = x.shape
    alive = ~np.isnan(x[0]) if r_all else np.ones(k, dtype=bool)
    if r_all < n0 or k < 2 or n0 < 2:
        return alive
    first = x[:n0]
    eta = 0.5 * ((2 * alpha / (k - 1)) ** (-2.0 / (n0 - 1)) - 1.0)
    h2 = 2.0 * eta * (n0 - 1)
    diff = first[:, :, None] - first[:, None, :]  # [n0, K, K] i less l
    s2 = np.nanvar(diff, axis=0, ddof=1)
    for r in range(n0, r_all + 1):
        alive &= ~np.isnan(x[r - 1])
        means = np.nanmean(x[:r], axis=0)
        w = np.maximum(0.0, delta / (2 * r) * (h2 * s2 / delta**2 - r)) if delta > 0 else np.full_like(s2, np.inf)
        behind = means[:, None] < means[None, :] - w  # i clearly behind l
        behind &= alive[None, :]
        np.fill_diagonal(behind, False)
        alive &= ~behind.any(axis=1)
        if alive.sum() <= 1:
            break
    return alive


def resolved(x: np.ndarray, delta: float, alpha: float = 1 - CONFIDENCE, n0: int = 3) -> tuple[bool, np.ndarray]:
    """Whether one scenario needs no more seeds on a goal, and the designs still in (:func:`kn_survivors`).

    Resolved when one design is left, or when every pair still in is known to within ``delta / 2``:
    the half-width of its 95% paired interval is at most ``delta / 2`` (tied within the precision).
    """
    from scipy import stats  # start-up time: sim.decide's pre-flight imports the study modules

    alive = kn_survivors(x, delta, alpha, n0)
    if alive.sum() <= 1:
        return True, alive
    idx = np.flatnonzero(alive)
    sub = np.asarray(x, dtype=float)[:, idx]
    sub = sub[~np.isnan(sub).any(axis=1)]
    n = len(sub)
    if n < 2:
        return False, alive
    d = sub[:, :, None] - sub[:, None, :]
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * d.std(axis=0, ddof=1) / np.sqrt(n)
    return bool(np.all(half <= delta / 2 + 1e-12)), alive


@dataclass(frozen=True)
class Round:
    """What the next round of ``--seeds auto`` runs, and why it stops if it does.

    Attributes:
        groups: (scenarios, seeds) pairs: the scenarios of a group have run the same seeds so far
            and take the same next ones (one multirun each).
        designs: the designs run (no programme, and every design still in in a chosen scenario).
        open: the scenarios not yet resolved on every goal.
        stop: None to go on; else why the study stops.
    """

    groups: list[tuple[list[int], range]]
    designs: list[str]
    open: list[int]
    stop: str | None

    @property
    def scenarios(self) -> list[int]:
        """Every scenario the round runs."""
        return sorted(s for group, _ in self.groups for s in group)


def ambiguity(x: np.ndarray, alive: np.ndarray) -> float:
    """How hard one scenario's leaders are to tell apart (0: a dead heat; large: nearly resolved).

    The lead of the best design still in over the next, in standard errors of their paired difference.
    """
    idx = np.flatnonzero(alive)
    if len(idx) < 2:
        return np.inf
    sub = np.asarray(x, dtype=float)[:, idx]
    sub = sub[~np.isnan(sub).any(axis=1)]
    means = sub.mean(axis=0)
    order = np.argsort(-means)
    d = sub[:, order[0]] - sub[:, order[1]]
    se = d.std(ddof=1) / np.sqrt(len(d)) if len(d) > 1 else np.inf
    return float(d.mean() / se) if se > 0 else np.inf


def next_round(
    x: dict[str, np.ndarray],
    margins: dict[str, float],
    scenarios: list[int],
    designs: list[str],
    first_seed: int,
    runs_done: int,
    budget: int,
    step: int = 2,
    max_seeds: int = 40,
    n0: int = 3,
) -> tuple[Round, dict[str, np.ndarray]]:
    """The next round of a sequential study, and each goal's resolved flags per scenario.

    Every scenario not yet resolved on every goal (:func:`resolved`) and below ``max_seeds`` is
    open. If the budget cannot give all of them ``step`` more seeds, the most ambiguous go first:
    those whose leaders on some open goal are fewest standard errors apart (:func:`ambiguity`),
    in the spirit of Chen et al.'s (2000) optimal computing budget allocation, which spends runs
    where they are likeliest to change a selection.

    Args:
        x: goal -> float[S, R, K] outcomes so far (scenarios in ``scenarios`` order, designs in
            ``designs`` order; a scenario's seeds are ``first_seed`` onwards, in order).
        margins: goal -> its indifference zone (the study's margin).
        runs_done: runs in the study so far; ``budget``: most runs it may take.
        step: seeds added to each chosen scenario per round; ``max_seeds``: most seeds a scenario takes.

    Returns:
        The round, and goal -> bool[S] resolved.
    """
    any_goal = next(iter(x.values()))
    ran = np.sum(~np.isnan(any_goal).all(axis=2), axis=1)  # seeds each scenario has run
    done, alive, ambiguous = {}, np.zeros((len(scenarios), len(designs)), dtype=bool), np.full(len(scenarios), np.inf)
    for goal, table in x.items():
        flags = []
        for s in range(len(scenarios)):
            ok, still = resolved(table[s, : ran[s]], margins[goal], n0=n0)
            flags.append(ok)
            if not ok:
                alive[s] |= still
                ambiguous[s] = min(ambiguous[s], ambiguity(table[s, : ran[s]], still))
        done[goal] = np.array(flags)
    unresolved = np.flatnonzero(~np.logical_and.reduce(list(done.values())))
    open_ = unresolved[ran[unresolved] + step <= max_seeds]
    listed = [scenarios[i] for i in unresolved]
    if len(unresolved) == 0:
        return Round([], [], [], "every scenario was resolved on every goal"), done
    if len(open_) == 0:
        return Round([], [], listed, f"the most seeds a scenario takes ({max_seeds}) was reached"), done
    picked: list[int] = []
    none = np.array(designs) == "none"
    for i in open_[np.argsort(ambiguous[open_], kind="stable")]:
        trial = [*picked, i]
        keep = alive[trial].any(axis=0) | none
        if runs_done + len(trial) * int(keep.sum()) * step > budget:
            break
        picked = trial
    if not picked:
        return Round([], [], listed, f"the run budget ({budget:,}) was spent"), done
    keep = alive[picked].any(axis=0) | none
    groups: dict[int, list[int]] = {}
    for i in sorted(picked):
        groups.setdefault(int(ran[i]), []).append(scenarios[i])
    rounds = [(g, range(first_seed + n, first_seed + n + step)) for n, g in sorted(groups.items())]
    return Round(rounds, [d for d, k in zip(designs, keep, strict=True) if k], listed, None), done
