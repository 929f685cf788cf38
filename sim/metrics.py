"""Metrics: one row per step, and the run's summary (the output contract's columns).

Both are computed from what the model hands over -- the state, this week's counts and the
run's ledger (:mod:`sim.ledger`) -- never from the model itself.

Timeseries columns (``timeseries.parquet``; step 0 is the initial state):

| column | meaning |
|---|---|
| step | weeks simulated so far |
| headcount | employees at the end of the step |
| hires | employees hired this step |
| exits | employees who left this step |
| knowledge_mean | mean explicit knowledge over employees and skills, 0 to 1 |
| tacit_mean | mean tacit knowledge over employees and skills, 0 to 1 |
| knowledge_gini | Gini coefficient of employees' mean explicit knowledge |
| tacit_gini | Gini coefficient of employees' mean tacit knowledge |
| engagement_mean | mean engagement, 0 to 1 |
| active_ties | mentoring ties (pairs; a circle of s counts s(s-1)/2) active at the end of the step |
| participants | employees in at least one active tie |
| meetings | tie meetings held this step (a circle meeting counts once) |
| no_fault_exits | one-to-one ties ended this step at the no-fault review (low rapport) |
| mentor_hours | hours the mentor side of one-to-one ties spent in meetings this step |
| mentee_hours | hours mentees and circle members spent in meetings this step |
| external_hours | hours external mentors spent in meetings this step (a bought service) |
| tacit_lost | tacit knowledge that left with this step's leavers, in full-expert equivalents |
| tacit_lost_cum | the same, summed since step 0 |
| tacit_transferred | tacit know-how passed along mentoring ties this step, in full-expert equivalents |
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.config import SimConfig
from sim.ledger import Cohort, Ledger
from sim.mechanisms.designs import has_programme
from sim.mechanisms.knowledge import person_mean
from sim.state import Workforce
from sim.units import WEEKS_PER_YEAR

TIMESERIES_COLUMNS = (
    "step",
    "headcount",
    "hires",
    "exits",
    "knowledge_mean",
    "tacit_mean",
    "knowledge_gini",
    "tacit_gini",
    "engagement_mean",
    "active_ties",
    "participants",
    "meetings",
    "no_fault_exits",
    "mentor_hours",
    "mentee_hours",
    "external_hours",
    "tacit_lost",
    "tacit_lost_cum",
    "tacit_transferred",
)


@dataclass(frozen=True)
class WeekCounts:
    """What happened in one step: leavers, meetings, reviews failed, hours, know-how lost and passed on.

    Each leaver is replaced by a hire.

    ``hours`` is (mentor side of one-to-one ties, mentees and circle members, external mentors).
    ``tacit_transferred`` is the tacit know-how people gained from mentoring ties (sum over people of
    their mean gain over skills: full-expert equivalents).
    """

    exits: int = 0
    meetings: int = 0
    no_fault_exits: int = 0
    hours: tuple[float, float, float] = (0.0, 0.0, 0.0)
    tacit_lost: float = 0.0
    tacit_transferred: float = 0.0


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, toward 1 = concentrated): :func:`ginis` of one row."""
    return float(ginis(np.asarray(x, dtype=float)[None, :])[0])


def ginis(x: np.ndarray) -> np.ndarray:
    """The Gini coefficient of each row of ``x`` (float[R, N], non-negative; 0 = equal, toward 1 = concentrated).

    The sorted-rank formula ``G = sum_i (2i - n - 1) x_(i) / (n sum x)``, 0 for an empty or all-zero row.
    """
    x = np.sort(np.asarray(x, dtype=float), axis=1)
    n, total = x.shape[1], x.sum(axis=1)
    ranks = np.arange(1, n + 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = ((2 * ranks - n - 1) * x).sum(axis=1) / (n * total)
    return np.where((total <= 0) | (n == 0), 0.0, out)


def step_rows(
    step: int,
    state: Workforce,
    in_tie: np.ndarray,
    active_ties: np.ndarray,
    weeks: list[WeekCounts],
    tacit_lost_cum: list[float],
) -> list[dict[str, Any]]:
    """The timeseries rows of R runs stacked in ``state`` (run r in rows r*N ..), as :func:`step_row` of each.

    ``in_tie`` is bool[R x N], ``active_ties`` int[R], ``weeks`` and ``tacit_lost_cum`` one per run.
    """
    r = len(weeks)
    n = state.n // r
    skill = person_mean(state.skills).reshape(r, n)
    tacit = person_mean(state.tacit).reshape(r, n)
    figures = {
        "knowledge_mean": skill.mean(axis=1),
        "tacit_mean": tacit.mean(axis=1),
        "knowledge_gini": ginis(skill),
        "tacit_gini": ginis(tacit),
        "engagement_mean": state.engagement.reshape(r, n).mean(axis=1),
    }
    participants = in_tie.reshape(r, n).sum(axis=1)
    return [
        _row(
            step, n, {k: float(v[i]) for k, v in figures.items()}, int(active_ties[i]), int(participants[i]), week, lost
        )
        for i, (week, lost) in enumerate(zip(weeks, tacit_lost_cum, strict=True))
    ]


def step_row(
    step: int, state: Workforce, in_tie: np.ndarray, active_ties: int, week: WeekCounts, tacit_lost_cum: float
) -> dict[str, Any]:
    """The timeseries row describing the state after a step.

    Args:
        step: steps simulated so far.
        state: the workforce after the step.
        in_tie: bool[N] rows in at least one active tie.
        active_ties: mentoring ties active at the end of the step.
        week: the step's counts.
        tacit_lost_cum: tacit knowledge lost since step 0.
    """
    return step_rows(step, state, in_tie, np.array([active_ties]), [week], [tacit_lost_cum])[0]


def _row(
    step: int,
    headcount: int,
    figures: dict[str, float],
    active_ties: int,
    participants: int,
    week: WeekCounts,
    tacit_lost_cum: float,
) -> dict[str, Any]:
    """A timeseries row from the state's figures (means and Ginis) and the week's counts."""
    return {
        "step": int(step),
        "headcount": int(headcount),
        "hires": int(week.exits),
        "exits": int(week.exits),
        **figures,
        "active_ties": int(active_ties),
        "participants": int(participants),
        "meetings": int(week.meetings),
        "no_fault_exits": int(week.no_fault_exits),
        "mentor_hours": float(week.hours[0]),
        "mentee_hours": float(week.hours[1]),
        "external_hours": float(week.hours[2]),
        "tacit_lost": float(week.tacit_lost),
        "tacit_lost_cum": float(tacit_lost_cum),
        "tacit_transferred": float(week.tacit_transferred),
    }


def _uids(people: set[int]) -> np.ndarray:
    return np.fromiter(people, dtype=np.int64, count=len(people))


def _share_retained(cohort: np.ndarray | None, present: np.ndarray) -> float | None:
    if cohort is None or len(cohort) == 0:
        return None
    return float(np.isin(cohort, present).mean())


#: Tenure bands (years, lower edges) of the strata that make non-participants comparable.
TENURE_BANDS = (0.0, 1.0, 2.0, 3.0, 5.0, 10.0)


def comparable_retention(cohort: Cohort | None, present: np.ndarray) -> float | None:
    """Retention of non-participants reweighted to the participants' mix of level and tenure.

    Like a demographically matched control group (the Sun Microsystems study compared
    participants with "demographically similar" employees): the first round's people are
    cut into strata of level x tenure band (``TENURE_BANDS``) as they were at that round;
    each stratum's non-participant retention is weighted by the share of participants in
    it. Strata with participants but no non-participants are left out and the weights
    renormalised. None without participants.

    Args:
        cohort: the first round's cohort.
        present: uids employed at the end.
    """
    if cohort is None or len(cohort.participants) == 0:
        return None
    band = np.searchsorted(TENURE_BANDS, cohort.tenure_years, side="right") - 1
    stratum = cohort.level.astype(np.int64) * len(TENURE_BANDS) + band
    is_part = np.isin(cohort.everyone, cohort.participants)
    stayed = np.isin(cohort.everyone, present).astype(float)
    size = int(stratum.max()) + 1
    n_part = np.bincount(stratum[is_part], minlength=size).astype(float)
    n_other = np.bincount(stratum[~is_part], minlength=size).astype(float)
    kept_other = np.bincount(stratum[~is_part], weights=stayed[~is_part], minlength=size)
    covered = (n_part > 0) & (n_other > 0)
    if not covered.any():
        return None
    rate = kept_other[covered] / n_other[covered]
    return float(np.average(rate, weights=n_part[covered]))


def summary(cfg: SimConfig, ts: pd.DataFrame, ledger: Ledger, present: np.ndarray, steps: int) -> dict[str, Any]:
    """Final figures of a run (``summary.json``); ``None`` where a figure does not apply.

    Retention compares the people matched in the programme's first round (participants)
    with everyone else employed at that moment (non-participants): the share of each
    group still employed at the end. Fixing both groups at the first round avoids crediting
    the programme with the survival of people who stayed long enough to be matched later.
    ``retention_mentees`` and ``retention_mentors`` split the participants by their role in
    that round's one-to-one ties (None for peer designs, whose ties have no roles);
    ``retention_comparable_nonparticipants`` reweights non-participants to the
    participants' level and tenure (:func:`comparable_retention`).

    Counted as programme evaluations often count (the Sun Microsystems study among them):
    ``retention_mentees_ever`` and ``retention_mentors_ever`` are the shares still employed at
    the end of everyone who was ever in that role during the run, and
    ``retention_never_participants`` of everyone employed at the start who never took part.
    People matched late had to stay until then, so these favour participants even without
    any effect (immortal-time bias; docs/model.md, "Calibration"). Volunteers differ from
    non-volunteers (selection): see docs/model.md. ``retention_all`` is the share of
    everyone employed at the programme's start week (for design ``none``, the week it would
    have started) still employed at the end: it compares any design with the baseline.

    Args:
        cfg: the run's configuration.
        ts: the run's timeseries (:data:`TIMESERIES_COLUMNS`), step 0 first.
        ledger: what the run recorded (sim.ledger).
        present: uids employed at the end.
        steps: steps simulated.
    """
    years = steps / WEEKS_PER_YEAR
    first, last = ts.iloc[0], ts.iloc[-1]
    exits = int(ts["exits"].sum())
    mean_headcount = float(ts["headcount"].iloc[1:].mean()) if len(ts) > 1 else float(first["headcount"])
    out = {
        "seed": int(cfg.seed),
        "design": cfg.program.design,
        "matching": cfg.matching.strategy,
        "program_start_step": int(cfg.program.start_step),
        "network": cfg.network.kind,
        "n_employees": int(cfg.org.n_employees),
        "steps": int(steps),
        "years": years,
        "knowledge_mean_initial": float(first["knowledge_mean"]),
        "knowledge_mean_final": float(last["knowledge_mean"]),
        "tacit_mean_initial": float(first["tacit_mean"]),
        "tacit_mean_final": float(last["tacit_mean"]),
        "knowledge_gini_final": float(last["knowledge_gini"]),
        "engagement_mean_initial": float(first["engagement_mean"]),
        "engagement_mean_final": float(last["engagement_mean"]),
        "annual_turnover_rate": exits / mean_headcount / years if years > 0 else None,
        "exits_total": exits,
        "hires_total": int(ts["hires"].sum()),
        "tacit_lost_total": float(last["tacit_lost_cum"]),
        "meetings_total": int(ts["meetings"].sum()),
        "ties_formed_total": int(ledger.ties_formed),
    }
    out.update(_retention(ledger, present))
    out.update(_program_costs(ledger, ts))
    out.update(_before_after(cfg, ts, steps))
    out["headcount_by_level"] = ledger.headcount_by_level.tolist()
    out["exits_by_level"] = ledger.exits_by_level.tolist()
    out["output_by_level"] = ledger.output_by_level.tolist()
    out["quits_total"], out["layoffs_total"], out["retirements_total"] = (int(x) for x in ledger.exits_by_kind)
    out["hours_by_level"] = ledger.hours_by_level.tolist()
    out["participant_years"] = float(ts["participants"].iloc[1:].sum()) / WEEKS_PER_YEAR
    out["programme_years"] = (
        max(steps - cfg.program.start_step, 0) / WEEKS_PER_YEAR if has_programme(cfg.program.design) else 0.0
    )
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in out.items()}


def _retention(ledger: Ledger, present: np.ndarray) -> dict[str, Any]:
    """Who of each group is still employed at the end (:func:`summary` says which groups)."""
    cohort = ledger.first_round
    part = None if cohort is None else cohort.participants
    nonpart = None if cohort is None else np.setdiff1d(cohort.everyone, part)
    never = None
    if cohort is not None and ledger.start_cohort is not None:
        never = np.setdiff1d(ledger.start_cohort, _uids(ledger.participants_ever))
    mentees = None if cohort is None else cohort.mentees
    mentors = None if cohort is None else cohort.mentors
    return {
        "participants_n": None if part is None else int(len(part)),
        "nonparticipants_n": None if nonpart is None else int(len(nonpart)),
        "retention_participants": _share_retained(part, present),
        "retention_nonparticipants": _share_retained(nonpart, present),
        "mentees_n": None if mentees is None else int(len(mentees)),
        "mentors_n": None if mentors is None else int(len(mentors)),
        "retention_mentees": _share_retained(mentees, present),
        "retention_mentors": _share_retained(mentors, present),
        "retention_comparable_nonparticipants": comparable_retention(cohort, present),
        "mentees_ever_n": len(ledger.mentees_ever) if ledger.mentees_ever else None,
        "mentors_ever_n": len(ledger.mentors_ever) if ledger.mentors_ever else None,
        "never_participants_n": None if never is None else int(len(never)),
        "retention_mentees_ever": _share_retained(_uids(ledger.mentees_ever), present),
        "retention_mentors_ever": _share_retained(_uids(ledger.mentors_ever), present),
        "retention_never_participants": _share_retained(never, present),
        "retention_all": _share_retained(ledger.start_cohort, present),
    }


def _program_costs(ledger: Ledger, ts: pd.DataFrame) -> dict[str, Any]:
    """The programme's time and reach: hours by side, people reached, know-how passed in all, per meeting, per person.

    Reach and quality apart: a design can pass on more in all by reaching more people or by
    passing on more at each meeting; ``tacit_per_meeting`` and ``tacit_per_participant`` say which.
    """
    mentor_h, mentee_h = float(ts["mentor_hours"].sum()), float(ts["mentee_hours"].sum())
    ever = len(ledger.participants_ever)
    meetings = int(ts["meetings"].sum())
    passed = float(ts["tacit_transferred"].sum())
    return {
        "tacit_transferred_total": passed,
        "tacit_per_meeting": passed / meetings if meetings else None,
        "tacit_per_participant": passed / ever if ever else None,
        "mentor_hours_total": mentor_h,
        "external_hours_total": float(ts["external_hours"].sum()),
        "mentee_hours_total": mentee_h,
        "programme_hours_total": mentor_h + mentee_h + float(ts["external_hours"].sum()),
        "participants_ever": ever,
        "hours_per_participant": (mentor_h + mentee_h) / ever if ever else None,  # employees' own hours
        "no_fault_exits_total": int(ts["no_fault_exits"].sum()),
    }


def _period(ts: pd.DataFrame, lo: int, hi: int) -> dict[str, float | None]:
    """Annual turnover and tacit growth per year over steps lo..hi (rows lo+1..hi are its weeks)."""
    weeks = hi - lo
    if weeks <= 0:
        return {"turnover": None, "tacit_growth": None}
    exits = float(ts["exits"].iloc[lo + 1 : hi + 1].sum())
    headcount = float(ts["headcount"].iloc[lo + 1 : hi + 1].mean())
    growth = float(ts["tacit_mean"].iloc[hi] - ts["tacit_mean"].iloc[lo])
    years = weeks / WEEKS_PER_YEAR
    return {"turnover": exits / headcount / years, "tacit_growth": growth / years}


def _before_after(cfg: SimConfig, ts: pd.DataFrame, steps: int) -> dict[str, Any]:
    """Turnover and tacit growth before and after the programme's start (None if a side is empty)."""
    start = min(cfg.program.start_step, steps)
    if not has_programme(cfg.program.design):
        start = steps
    before, after = _period(ts, 0, start), _period(ts, start, steps)
    return {
        "annual_turnover_before_start": before["turnover"],
        "annual_turnover_after_start": after["turnover"],
        "tacit_growth_per_year_before_start": before["tacit_growth"],
        "tacit_growth_per_year_after_start": after["tacit_growth"],
    }
