"""Your own turnover: the people who left, with hire and leaving dates, fitted to the model's hazard.

An HR export of leavers (``org.leavers_path``, CSV or .xlsx; one row per person who left, a
header row):

| column | required | meaning |
|---|---|---|
| ``hire_date`` | yes | ISO date the person was hired (``2019-03-01``) |
| ``leave_date`` | yes | ISO date they left, on or after the hire date |
| ``reason`` | no | why: ``voluntary``/``quit``/``resigned``, ``involuntary``/``layoff``/``dismissed``, ``retired`` |

Column names are matched as a roster's are ("Termination Date", "Date of Leaving", "Exit
Reason" are understood). With the roster of the people employed now (``org=roster``, tenure to
``org.roster_date`` or from hire dates), the two files are one survival study of the
organisation's employment: everyone employed at some time from the earliest leaving date in the
file (the window's start) to the roster's date, each observed from their hire or the window's
start, whichever is later (left truncation: people who left before the window are not in the
file), to their leaving (an event) or the roster's date (still employed: censored).

What is fitted (:func:`fit`), and used in the run instead of the defaults:

- ``turnover.rate_annual``: separations per person-year of employment in the window, the
  definition the model's rate has (separations over average headcount);
- ``turnover.newcomer_multiplier`` and ``turnover.newcomer_weeks``: the shape of the hazard by
  tenure, ``h(t) = a (1 + (m - 1) exp(-t / tau))``, by maximum likelihood with left truncation
  and censoring (scipy), the shape of the model's quit hazard;
- ``turnover.quit_share`` and ``turnover.retirement_share``, when the file gives reasons: the
  shares of voluntary leavers and retirements among those with a reason.

Beside it, the Kaplan-Meier estimate (product-limit with delayed entry) gives the share of new
hires still employed after a year (and after five, when the file covers five years or more),
which the run's summary keeps (``turnover_fitted``) and prints (a year).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from sim.inputs.examples import HR_EXPORT_AS_OF
from sim.inputs.roster import load_roster, normalise, require_size
from sim.inputs.tables import RosterError, read_table
from sim.units import WEEKS_PER_YEAR

#: Column names understood for each field (normalised as roster columns are).
LEAVER_ALIASES = {
    "hire_date": ("hire_date", "hiredate", "date_of_hire", "start_date", "date_hired", "original_hire_date"),
    "leave_date": (
        "leave_date",
        "leaving_date",
        "date_of_leaving",
        "termination_date",
        "term_date",
        "end_date",
        "exit_date",
        "separation_date",
        "last_day",
    ),
    "reason": ("reason", "exit_reason", "termination_reason", "leaving_reason", "separation_reason", "type"),
}
#: How reasons are read (normalised words): the kind of separation (sim.mechanisms.turnover.KINDS).
REASONS = {
    "quit": ("voluntary", "quit", "resigned", "resignation", "resign"),
    "layoff": ("involuntary", "layoff", "laid_off", "dismissed", "dismissal", "discharge", "fired", "redundancy"),
    "retirement": ("retired", "retirement", "retire"),
}
#: The fewest leavers a fit is made from.
MIN_LEAVERS = 20
DAYS_PER_WEEK = 7.0


@dataclass(frozen=True)
class Leavers:
    """The people who left: tenure at leaving and how long before the reference date they left, in weeks."""

    tenure_weeks: np.ndarray
    weeks_before: np.ndarray
    reason: np.ndarray  # str[M]: quit, layoff, retirement, or "" where the file gives none
    window_weeks: float  # from the earliest leaving date to the reference date


def load_leavers(path: str | Path, as_of: date) -> Leavers:
    """Read and check a file of leavers against the reference date ``as_of``.

    Raises:
        RosterError: naming the file, row and column of the first problem.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{path}: no such file")
    table = read_table(path)
    original = [h.strip() for h in (table[0] if table else [])]
    field_of = {}
    for i, h in enumerate(original):
        for fld, names in LEAVER_ALIASES.items():
            if normalise(h) in names and fld not in field_of:
                field_of[fld] = i
    for needed in ("hire_date", "leave_date"):
        if needed not in field_of:
            raise RosterError(
                f"{path.name}: missing column {needed!r}; a leavers file needs hire_date and leave_date (and may give "
                f"reason); found: {', '.join(original) or 'none'}"
            )
    hires, leaves, reasons = [], [], []
    for line, row in enumerate(table[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = {f: (row[i].strip() if i < len(row) else "") for f, i in field_of.items()}
        hired = _date(cell["hire_date"], path, line, original[field_of["hire_date"]])
        left = _date(cell["leave_date"], path, line, original[field_of["leave_date"]])
        if left < hired:
            raise RosterError(f"{path.name}, row {line}: left on {left} before being hired on {hired}")
        if left > as_of:
            raise RosterError(
                f"{path.name}, row {line}, column {original[field_of['leave_date']]!r}: {left} is after the roster's "
                f"date {as_of} (org.roster_date); leavers must have left by then"
            )
        hires.append(hired)
        leaves.append(left)
        reasons.append(
            _reason(cell.get("reason", ""), path, line, original[field_of["reason"]] if "reason" in field_of else "")
        )
    if len(hires) < MIN_LEAVERS:
        raise RosterError(f"{path.name}: {len(hires)} leavers; a fit needs at least {MIN_LEAVERS}")
    tenure = np.array([(b - a).days for a, b in zip(hires, leaves, strict=True)], dtype=float) / DAYS_PER_WEEK
    before = np.array([(as_of - b).days for b in leaves], dtype=float) / DAYS_PER_WEEK
    return Leavers(tenure, before, np.array(reasons), float(before.max()))


def _date(text: str, path: Path, line: int, column: str) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise RosterError(
            f"{path.name}, row {line}, column {column!r}: {text!r} is not a date as YYYY-MM-DD (e.g. 2019-03-01)"
        ) from None


def _reason(text: str, path: Path, line: int, column: str) -> str:
    if not text:
        return ""
    word = normalise(text)
    for kind, words in REASONS.items():
        if word.startswith(words):  # "retired_early", "voluntary_resignation"
            return kind
    allowed = ", ".join(w for words in REASONS.values() for w in words[:2])
    raise RosterError(f"{path.name}, row {line}, column {column!r}: {text!r} is not a reason this reads ({allowed})")


@dataclass(frozen=True)
class LeaverFit:
    """The organisation's own turnover, fitted (module docstring)."""

    leavers: int
    stayers: int
    person_years: float
    rate_annual: float
    newcomer_multiplier: float
    newcomer_weeks: float
    quit_share: float | None
    retirement_share: float | None
    km_one_year: float
    km_five_years: float | None

    def values(self) -> dict[str, float]:
        """The config values the run uses instead of the defaults."""
        out = {
            "turnover.rate_annual": round(self.rate_annual, 4),
            "turnover.newcomer_multiplier": round(self.newcomer_multiplier, 3),
            "turnover.newcomer_weeks": round(self.newcomer_weeks, 1),
        }
        if self.quit_share is not None:
            out["turnover.quit_share"] = round(self.quit_share, 3)
            out["turnover.retirement_share"] = round(self.retirement_share or 0.0, 3)
        return out


def _cumulative(t: np.ndarray, a: float, m: float, tau: float) -> np.ndarray:
    """H(t) of ``h(t) = a (1 + (m - 1) exp(-t / tau))``, t in weeks."""
    return a * (t + (m - 1.0) * tau * (1.0 - np.exp(-t / tau)))


def fit(leavers: Leavers, stayers_tenure_weeks: np.ndarray) -> LeaverFit:
    """Fit the organisation's turnover from its leavers and the tenures of the people employed now."""
    from scipy.optimize import minimize  # start-up time: only a run with a leavers file fits

    window = leavers.window_weeks
    stay = np.asarray(stayers_tenure_weeks, dtype=float)
    # entry: tenure when the window opened (0 if hired during it); exit: tenure at leaving or now
    exit_t = np.concatenate((leavers.tenure_weeks, stay))
    weeks_before_exit = np.concatenate((leavers.weeks_before, np.zeros(len(stay))))
    entry_t = np.maximum(0.0, exit_t - (window - weeks_before_exit))
    event = np.concatenate((np.ones(len(leavers.tenure_weeks), bool), np.zeros(len(stay), bool)))
    exposure = float((exit_t - entry_t).sum())
    rate = event.sum() / exposure * WEEKS_PER_YEAR

    def params(x: np.ndarray) -> tuple[float, float, float]:  # within the config's ranges: m <= 50, 1 <= tau <= 1000
        return math.exp(x[0]), 1.0 + math.exp(min(max(x[1], -12.0), math.log(49.0))), math.exp(min(max(x[2], 0.0), 6.9))

    def nll(x: np.ndarray) -> float:
        a, m, tau = params(x)
        h = a * (1.0 + (m - 1.0) * np.exp(-exit_t[event] / tau))
        return float(-(np.log(h).sum()) + (_cumulative(exit_t, a, m, tau) - _cumulative(entry_t, a, m, tau)).sum())

    start = np.array([math.log(event.sum() / exposure / 2), math.log(2.0), math.log(52.0)])
    best = minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-9, "maxiter": 4000})
    _, m, tau = params(best.x)
    given = leavers.reason[leavers.reason != ""]
    quit = retire = None
    if len(given):
        quit = float((given == "quit").mean())
        retire = float((given == "retirement").mean())
    return LeaverFit(
        leavers=int(event.sum()),
        stayers=len(stay),
        person_years=exposure / WEEKS_PER_YEAR,
        rate_annual=float(rate),
        newcomer_multiplier=m,
        newcomer_weeks=tau,
        quit_share=quit,
        retirement_share=retire,
        km_one_year=kaplan_meier(entry_t, exit_t, event, WEEKS_PER_YEAR),
        km_five_years=kaplan_meier(entry_t, exit_t, event, 5 * WEEKS_PER_YEAR) if window >= 5 * 52 else None,
    )


def kaplan_meier(entry: np.ndarray, exit_: np.ndarray, event: np.ndarray, at: float) -> float:
    """The product-limit estimate of the share still employed at tenure ``at`` (weeks), with delayed entry."""
    times = np.unique(exit_[event & (exit_ <= at)])
    survival = 1.0
    for t in times:
        at_risk = np.count_nonzero((entry <= t) & (exit_ >= t))
        d = np.count_nonzero(event & (exit_ == t))
        if at_risk:
            survival *= 1.0 - d / at_risk
    return float(survival)


def synthetic(
    seats: int, years: float, a: float, m: float, tau: float, seed: int, as_of: date, reasons: bool = True
) -> tuple[list[tuple[str, str, str]], np.ndarray]:
    """An organisation's leavers and present tenures under the hazard ``a (1 + (m - 1) exp(-t / tau))`` (weeks).

    Each seat runs for 60 years before the window of ``years`` so it starts in its steady state;
    returns the leavers of the window as (hire date, leave date, reason) and the tenures now (weeks).
    For the example file and for tests that the fit finds what made the data.
    """
    from datetime import timedelta  # only the example and the tests make data

    rng = np.random.default_rng(seed)
    burn, window = int(60 * WEEKS_PER_YEAR), int(round(years * WEEKS_PER_YEAR))
    tenure = np.zeros(seats)
    rows = []
    kinds = np.array(["voluntary", "involuntary", "retired"])
    for week in range(burn + window):
        h = a * (1.0 + (m - 1.0) * np.exp(-tenure / tau))
        gone = rng.random(seats) < h
        if week >= burn:
            for t in tenure[gone]:
                before = burn + window - week  # weeks before the reference date
                left = as_of - timedelta(days=int(before * DAYS_PER_WEEK))
                hired = left - timedelta(days=int(round((t + 0.5) * DAYS_PER_WEEK)))  # left during the week
                why = str(rng.choice(kinds, p=[0.7, 0.25, 0.05])) if reasons else ""
                rows.append((hired.isoformat(), left.isoformat(), why))
        tenure = np.where(gone, 0.0, tenure + 1.0)
    return rows, tenure


#: The example leavers' hazard by tenure (weeks): a (1 + (m - 1) exp(-t / tau)), about 15% a year.
EXAMPLE_HAZARD = {"a": 0.0022, "m": 4.0, "tau": 30.0}


def main(argv: list[str] | None = None) -> int:
    """``python -m sim.roster leavers FILE --roster ROSTER``: write an example leavers file for a roster, and fit it."""
    parser = argparse.ArgumentParser(
        prog="python -m sim.roster leavers",
        description="Write an example file of leavers (hire and leaving dates, reasons) for a roster, and fit it.",
    )
    parser.add_argument("path")
    parser.add_argument("--roster", required=True, help="the roster the leavers left (its size and tenures)")
    parser.add_argument("--years", type=float, default=3.0, help="years of leavers (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        roster = require_size(load_roster(args.roster), args.roster)
        rows, _ = synthetic(roster.n, args.years, **EXAMPLE_HAZARD, seed=args.seed, as_of=HR_EXPORT_AS_OF)
        Path(args.path).write_text("hire_date,leave_date,reason\n" + "".join(f"{h},{d},{r}\n" for h, d, r in rows))
        got = fit(load_leavers(args.path, HR_EXPORT_AS_OF), roster.tenure_weeks)
    except RosterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    values = " ".join(f"{k}={v}" for k, v in got.values().items())
    print(
        f"{args.path}: {got.leavers} leavers over {args.years:g} years to {HR_EXPORT_AS_OF}; with the roster: {values}"
    )
    return 0
