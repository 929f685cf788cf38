"""Metrics: one row per step, and the run's summary (the output contract's columns).

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
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.mechanisms.knowledge import person_mean

if TYPE_CHECKING:
    from sim.model import MentoringModel

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
)


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, toward 1 = concentrated).

    Uses the sorted-rank formula ``G = sum_i (2i - n - 1) x_(i) / (n sum x)``.
    """
    x = np.sort(np.asarray(x, dtype=float))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(((2 * ranks - n - 1) * x).sum() / (n * total))


def step_row(
    model: MentoringModel,
    exits: int,
    meetings: int,
    tacit_lost: float,
    no_fault_exits: int,
    hours: tuple[float, float, float],
) -> dict[str, Any]:
    """The timeseries row describing the model's state after a step (hires replace exits)."""
    st, ties = model.state, model.ties
    per_person_skill = person_mean(st.skills)
    per_person_tacit = person_mean(st.tacit)
    in_tie = np.zeros(st.n, dtype=bool)
    in_tie[ties.mentor] = True
    in_tie[ties.mentee] = True
    in_tie[model.external.mentee] = True
    return {
        "step": int(model.steps),
        "headcount": int(st.n),
        "hires": int(exits),
        "exits": int(exits),
        "knowledge_mean": float(per_person_skill.mean()),
        "tacit_mean": float(per_person_tacit.mean()),
        "knowledge_gini": gini(per_person_skill),
        "tacit_gini": gini(per_person_tacit),
        "engagement_mean": float(st.engagement.mean()),
        "active_ties": int(len(ties) + len(model.external)),
        "participants": int(in_tie.sum()),
        "meetings": int(meetings),
        "no_fault_exits": int(no_fault_exits),
        "mentor_hours": float(hours[0]),
        "mentee_hours": float(hours[1]),
        "external_hours": float(hours[2]),
        "tacit_lost": float(tacit_lost),
        "tacit_lost_cum": float(model.tacit_lost_cum),
    }


def _uids(people: set[int]) -> np.ndarray:
    return np.fromiter(people, dtype=np.int64, count=len(people))


def _share_retained(cohort: np.ndarray | None, present: np.ndarray) -> float | None:
    if cohort is None or len(cohort) == 0:
        return None
    return float(np.isin(cohort, present).mean())


#: Tenure bands (years, lower edges) of the strata that make non-participants comparable.
TENURE_BANDS = (0.0, 1.0, 2.0, 3.0, 5.0, 10.0)


def comparable_retention(model: MentoringModel) -> float | None:
    """Retention of non-participants reweighted to the participants' mix of level and tenure.

    Like a demographically matched control group (the Sun Microsystems study compared
    participants with "demographically similar" employees): the first round's people are
    cut into strata of level x tenure band (``TENURE_BANDS``) as they were at that round;
    each stratum's non-participant retention is weighted by the share of participants in
    it. Strata with participants but no non-participants are left out and the weights
    renormalised. None without participants.
    """
    part, everyone = model.cohort_participants, model.cohort_all
    if part is None or everyone is None or len(part) == 0:
        return None
    band = np.searchsorted(TENURE_BANDS, model.cohort_tenure_years, side="right") - 1
    stratum = model.cohort_level.astype(np.int64) * len(TENURE_BANDS) + band
    is_part = np.isin(everyone, part)
    stayed = np.isin(everyone, model.state.uid).astype(float)
    size = int(stratum.max()) + 1
    n_part = np.bincount(stratum[is_part], minlength=size).astype(float)
    n_other = np.bincount(stratum[~is_part], minlength=size).astype(float)
    kept_other = np.bincount(stratum[~is_part], weights=stayed[~is_part], minlength=size)
    covered = (n_part > 0) & (n_other > 0)
    if not covered.any():
        return None
    rate = kept_other[covered] / n_other[covered]
    return float(np.average(rate, weights=n_part[covered]))


def summary(model: MentoringModel) -> dict[str, Any]:
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
    """
    ts = model.timeseries()
    cfg = model.config
    years = model.steps / 52.0
    first, last = ts.iloc[0], ts.iloc[-1]
    exits = int(ts["exits"].sum())
    mean_headcount = float(ts["headcount"].iloc[1:].mean()) if len(ts) > 1 else float(first["headcount"])
    present = model.state.uid
    part = model.cohort_participants
    nonpart = None if model.cohort_all is None else np.setdiff1d(model.cohort_all, part)
    never = None
    if model.cohort_all is not None and model.start_cohort is not None:
        never = np.setdiff1d(model.start_cohort, _uids(model.participants_ever))
    out = {
        "seed": int(cfg.seed),
        "design": cfg.program.design,
        "matching": cfg.matching.strategy,
        "program_start_step": int(cfg.program.start_step),
        "network": cfg.network.kind,
        "n_employees": int(cfg.org.n_employees),
        "steps": int(model.steps),
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
        "ties_formed_total": int(model.ties_formed),
        "participants_n": None if part is None else int(len(part)),
        "nonparticipants_n": None if nonpart is None else int(len(nonpart)),
        "retention_participants": _share_retained(part, present),
        "retention_nonparticipants": _share_retained(nonpart, present),
        "mentees_n": None if model.cohort_mentees is None else int(len(model.cohort_mentees)),
        "mentors_n": None if model.cohort_mentors is None else int(len(model.cohort_mentors)),
        "retention_mentees": _share_retained(model.cohort_mentees, present),
        "retention_mentors": _share_retained(model.cohort_mentors, present),
        "retention_comparable_nonparticipants": comparable_retention(model),
        "mentees_ever_n": len(model.mentees_ever) if model.mentees_ever else None,
        "mentors_ever_n": len(model.mentors_ever) if model.mentors_ever else None,
        "never_participants_n": None if never is None else int(len(never)),
        "retention_mentees_ever": _share_retained(_uids(model.mentees_ever), present),
        "retention_mentors_ever": _share_retained(_uids(model.mentors_ever), present),
        "retention_never_participants": _share_retained(never, present),
        "retention_all": _share_retained(model.start_cohort, present),
    }
    out.update(_programme_costs(model, ts))
    out.update(_before_after(model, ts))
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in out.items()}


def _programme_costs(model: MentoringModel, ts) -> dict[str, Any]:
    mentor_h, mentee_h = float(ts["mentor_hours"].sum()), float(ts["mentee_hours"].sum())
    ever = len(model.participants_ever)
    return {
        "mentor_hours_total": mentor_h,
        "external_hours_total": float(ts["external_hours"].sum()),
        "mentee_hours_total": mentee_h,
        "programme_hours_total": mentor_h + mentee_h + float(ts["external_hours"].sum()),
        "participants_ever": ever,
        "hours_per_participant": (mentor_h + mentee_h) / ever if ever else None,  # employees' own hours
        "no_fault_exits_total": int(ts["no_fault_exits"].sum()),
    }


def _period(ts, lo: int, hi: int) -> dict[str, float | None]:
    """Annual turnover and tacit growth per year over steps lo..hi (rows lo+1..hi are its weeks)."""
    weeks = hi - lo
    if weeks <= 0:
        return {"turnover": None, "tacit_growth": None}
    exits = float(ts["exits"].iloc[lo + 1 : hi + 1].sum())
    headcount = float(ts["headcount"].iloc[lo + 1 : hi + 1].mean())
    growth = float(ts["tacit_mean"].iloc[hi] - ts["tacit_mean"].iloc[lo])
    return {"turnover": exits / headcount / (weeks / 52.0), "tacit_growth": growth / (weeks / 52.0)}


def _before_after(model: MentoringModel, ts) -> dict[str, Any]:
    """Turnover and tacit growth before and after the programme's start (None if a side is empty)."""
    start = min(model.config.program.start_step, model.steps)
    if model.config.program.design == "none":
        start = model.steps
    before, after = _period(ts, 0, start), _period(ts, start, model.steps)
    return {
        "annual_turnover_before_start": before["turnover"],
        "annual_turnover_after_start": after["turnover"],
        "tacit_growth_per_year_before_start": before["tacit_growth"],
        "tacit_growth_per_year_after_start": after["tacit_growth"],
    }
