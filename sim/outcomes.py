"""The summary's groups of figures (:func:`sim.metrics.summary`), each read from the run's ledger and timeseries.

Who stayed, careers, informal mentoring, the programme's time and reach, before and after its start.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sim.config import SimConfig
from sim.ledger import Cohort, Ledger
from sim.mechanisms.contacts import COUNTS as NETWORK_COUNTS
from sim.mechanisms.contacts import LEGACY
from sim.mechanisms.designs import has_programme
from sim.units import WEEKS_PER_YEAR


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


def retention(ledger: Ledger, present: np.ndarray) -> dict[str, Any]:
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


def careers(ledger: Ledger, on: bool) -> dict[str, Any]:
    """Promotions (sim.mechanisms.careers): how many, the share of vacancies above the front line they filled, when.

    ``promoted_share_*``: of everyone employed at the programme's start, the share promoted at least
    once by the end, for those ever a mentee and those who never took part (Sun's comparison:
    docs/validation.md). With careers off (``on`` false) the shares and rates are None: they do not apply.
    """
    promotions = int(ledger.promotions_by_level.sum())
    vacancies = int(ledger.exits_by_level[1:].sum() + ledger.promoted_from_by_level[1:].sum())
    out: dict[str, Any] = {
        "promotions_total": promotions,
        "promotions_by_level": ledger.promotions_by_level.tolist(),
        "internal_fill_rate": promotions / vacancies if vacancies else None,
        "promotion_tenure_years_mean": float(ledger.promotion_years_by_level.sum()) / promotions
        if promotions
        else None,
    }
    if not on:
        return out | dict.fromkeys(
            ("internal_fill_rate", "promoted_share_mentees_ever", "promoted_share_never_participants")
        )
    start = ledger.start_cohort
    promoted = _uids(ledger.promoted_ever)
    mentees = None if start is None or not ledger.mentees_ever else np.intersect1d(start, _uids(ledger.mentees_ever))
    never = (
        None if start is None or ledger.first_round is None else np.setdiff1d(start, _uids(ledger.participants_ever))
    )
    for name, group in (("mentees_ever", mentees), ("never_participants", never)):
        share = None if group is None or not len(group) else float(np.isin(group, promoted).mean())
        out[f"promoted_share_{name}"] = share
    return out


def programme_reach(ledger: Ledger, ts: pd.DataFrame) -> dict[str, Any]:
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


def before_after(cfg: SimConfig, ts: pd.DataFrame, steps: int) -> dict[str, Any]:
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


def informal(ledger: Ledger, ts: pd.DataFrame, on: bool) -> dict[str, Any]:
    """Informal mentoring (sim.mechanisms.informal_mentoring) beside the programme's ties, per tie-year.

    A programme's tie-years are its active ties summed over the steps (a circle counts its pairs);
    know-how is tacit know-how passed along the ties, both ways, in full-expert equivalents. With
    informal mentoring off (``on`` false) its figures are None, as the programme's are without ties.
    """
    formal_years = float(ts["active_ties"].iloc[1:].sum()) / WEEKS_PER_YEAR
    formal = float(ts["tacit_transferred"].sum()) / formal_years if formal_years else None
    out: dict[str, Any] = {"formal_tacit_per_tie_year": formal}
    if not on and not ledger.informal_formed:
        return out | dict.fromkeys(
            (
                "informal_ties_formed_total",
                "informal_tie_years",
                "informal_meetings_total",
                "informal_tacit_transferred_total",
                "informal_tacit_per_tie_year",
            )
        )
    years = ledger.informal_tie_weeks / WEEKS_PER_YEAR
    return out | {
        "informal_ties_formed_total": int(ledger.informal_formed),
        "informal_tie_years": years,
        "informal_meetings_total": int(ledger.informal_meetings),
        "informal_tacit_transferred_total": float(ledger.informal_tacit),
        "informal_tacit_per_tie_year": float(ledger.informal_tacit) / years if years else None,
    }


#: Hired within this many weeks of the end: the newcomers whose contacts ``network_newcomer_contacts_mean`` counts.
NEWCOMER_WEEKS = 26


def network(
    ledger: Ledger, u: np.ndarray, v: np.ndarray, hired_step: np.ndarray, steps: int, cfg: SimConfig
) -> dict[str, Any]:
    """The informal network at the end and what a network that remembers did (sim.mechanisms.contacts).

    ``u, v``: the run's ties at the end over its rows; ``hired_step``: each row's occupant's hire step.
    Counts of contacts made and ties faded are None unless ``network.personal``; the legacy of mentoring
    ties None unless ``network.legacy_p`` > 0. A legacy tie's expected life is the weeks the legacy ties
    have lasted so far (ended ones and those still there) over the number that ended: the exponential's
    estimate, which counts the ties still alive as lasting at least their age (None before any ended).
    """
    n = len(hired_step)
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    newcomers = hired_step > steps - NEWCOMER_WEEKS
    out: dict[str, Any] = {
        "network_ties_end": int(len(u)),
        "network_mean_degree_end": float(degree.mean()),
        "network_newcomer_contacts_mean": float(degree[newcomers].mean()) if newcomers.any() else None,
    }
    counts = dict(zip(NETWORK_COUNTS, ledger.network.tolist(), strict=True))
    personal = cfg.network.personal
    out["network_contacts_made"] = counts["made"] if personal else None
    out["network_ties_faded"] = counts["faded"] if personal else None
    out["network_ties_lost_to_leavers"] = counts["lost_to_leavers"] if personal else None
    return out


def legacy(ledger: Ledger, origin: np.ndarray | None, since: np.ndarray | None, steps: int, on: bool) -> dict[str, Any]:
    """The informal ties mentoring left behind (None while ``network.legacy_p`` is 0): made, across teams, alive, expected life."""
    keys = (
        "network_legacy_ties",
        "network_legacy_cross_team",
        "network_legacy_alive_end",
        "network_legacy_years_expected",
    )
    if not on or origin is None:
        return dict.fromkeys(keys)
    counts = dict(zip(NETWORK_COUNTS, ledger.network.tolist(), strict=True))
    alive = origin == LEGACY
    weeks = counts["legacy_weeks_ended"] + float((steps - since[alive]).sum())
    ended = counts["legacy_ended"]
    return {
        "network_legacy_ties": counts["legacy"],
        "network_legacy_cross_team": counts["legacy_cross_team"],
        "network_legacy_alive_end": int(alive.sum()),
        "network_legacy_years_expected": weeks / ended / WEEKS_PER_YEAR if ended else None,
    }


def headcount(ledger: Ledger, state: Any, cfg: SimConfig) -> dict[str, Any]:
    """Headcount at the start and the end, the end's by level (what payroll is counted from), and the plan's cuts.

    ``state``: the run's workforce at the end. ``headcount_by_level`` replaces the start's in the summary: with
    a headcount plan (sim.mechanisms.headcount) the two differ; without one they are the same seats.
    """
    occupied = state.occupied
    by_level = np.bincount(state.level[occupied], minlength=len(ledger.headcount_by_level))
    return {
        "headcount_start": int(ledger.headcount_by_level.sum()),
        "headcount_end": int(occupied.sum()),
        "headcount_by_level": by_level.tolist(),
        "laid_off_total": int(ledger.cut),
        "unreplaced_by_level": ledger.unreplaced_by_level.tolist(),
    }
