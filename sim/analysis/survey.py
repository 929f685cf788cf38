"""A virtual survey: the simulated employees asked what the field studies ask real ones.

In a default organisation running a formal programme (senior mentors, ``program=hierarchical``),
everyone is surveyed at week ``weeks`` and followed for a year, as the field studies of
mentoring do: does the person have a mentor now, how much mentoring have they received (the
meetings of their current tie), how good is the relationship (its rapport), how engaged are
they (the model's stand-in for job satisfaction and commitment), and did they leave within
the next 52 weeks. :func:`survey` returns, per seed, the correlations those studies report:

- ``mentor_engagement``: has a mentor (0/1) with engagement (point-biserial r);
- ``mentor_left``: has a mentor with leaving within the year;
- ``engagement_left``: engagement with leaving within the year, for any reason;
- ``engagement_quit``: engagement with quitting within the year (voluntary turnover, what
  Griffeth, Hom & Gaertner 2000 and Rubenstein et al. 2018 correlate satisfaction and
  commitment with: -.19 and -.23; -.28 and -.29);
- ``quality_engagement``: among people with a mentor, the relationship's rapport with
  engagement (Eby et al. 2013: relationship quality with situational satisfaction);
- ``meetings_engagement``: among people with a mentor, meetings held so far with engagement.

Correlations are of the model's true values: no measurement error, so they compare with a
meta-analysis's corrected (rho) values, not its observed ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config import SimConfig, with_overrides
from sim.model import MentoringModel
from sim.ties import ROLE_KINDS

MEASURES = (
    "mentor_engagement",
    "mentor_left",
    "engagement_left",
    "engagement_quit",
    "quality_engagement",
    "meetings_engagement",
)
FOLLOW_UP_WEEKS = 52

#: What the survey is held to (sim.validation.survey_check) and fitted to (sim.studies.engagement_fit).
#: Relationship quality ~ situational satisfaction among proteges: Eby et al. (2013, abstract) rho .38; the band
#: stated before the first run.
PUBLISHED_QUALITY, QUALITY_BAND = 0.38, (0.23, 0.53)
#: Satisfaction and commitment ~ actual voluntary turnover, corrected: Griffeth, Hom & Gaertner (2000, pp. 479-480)
#: -.19 and -.23, Rubenstein et al. (2018, table 2) -.28 and -.29, as quoted; the band they span; the fit's target,
#: the mean of Griffeth et al.'s two.
PUBLISHED_QUIT, QUIT_BAND, QUIT_TARGET = (-0.19, -0.23, -0.28, -0.29), (-0.30, -0.15), -0.21
#: Has a mentor ~ engagement at most this: an assumption (its published value, Allen et al. 2004 table 1, not read;
#: the meta-analyses read in abstract call mentoring's effects on attitudes small; .30 is Cohen's "medium").
MENTOR_BOUND = 0.30


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    if len(x) < 3 or np.std(x) == 0 or np.std(y) == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])


def respondents(model: MentoringModel) -> pd.DataFrame:
    """One row per employee at the survey: has a mentor, rapport, meetings, engagement, hired step."""
    n = model.state.n
    has = np.zeros(n, dtype=bool)
    rapport = np.full(n, np.nan)
    meetings = np.zeros(n)
    for ties in (model.program.ties, model.program.external):
        role = np.isin(ties.kind, ROLE_KINDS)
        rows = ties.mentee[role]
        has[rows] = True
        rapport[rows] = np.fmax(rapport[rows], ties.rapport[role])  # a mentee in two ties: the better one
        np.add.at(meetings, rows, ties.meetings[role])
    return pd.DataFrame(
        {
            "has_mentor": has,
            "rapport": rapport,
            "meetings": meetings,
            "engagement": model.state.engagement.copy(),
            "hired_step": model.state.hired_step.copy(),
        }
    )


def survey_one(seed: int, n: int = 1000, weeks: int = 104, **overrides) -> dict[str, float]:
    """One organisation's survey at ``weeks`` and its year of follow-up: the correlations of :data:`MEASURES`."""
    cfg = with_overrides(
        SimConfig(),
        {"program.design": "hierarchical", "org.n_employees": n, "steps": weeks + FOLLOW_UP_WEEKS, **overrides},
    )
    model = MentoringModel(cfg, rng=seed)
    model.run(weeks)
    people = respondents(model)
    surveyed = model.state.uid.copy()
    quitters = []
    for _ in range(FOLLOW_UP_WEEKS):  # who quit (turnover.KINDS[0]) as the year goes
        model.step()
        uids, kinds = model.schedule.left_last_week[0]
        quitters.append(uids[kinds == 0])
    left = (model.state.hired_step != people.hired_step.to_numpy()).astype(float)
    quit = np.isin(surveyed, np.concatenate(quitters)).astype(float)
    has = people.has_mentor.to_numpy()
    eng = people.engagement.to_numpy()
    return {
        "mentor_engagement": _corr(has.astype(float), eng),
        "mentor_left": _corr(has.astype(float), left),
        "engagement_left": _corr(eng, left),
        "engagement_quit": _corr(eng, quit),
        "quality_engagement": _corr(people.rapport.to_numpy()[has], eng[has]),
        "meetings_engagement": _corr(people.meetings.to_numpy()[has], eng[has]),
        "share_with_mentor": float(has.mean()),
        "left_within_year": float(left.mean()),
    }


def survey(seeds: list[int], n: int = 1000, weeks: int = 104, **overrides) -> pd.DataFrame:
    """:func:`survey_one` on each seed: one row per seed."""
    return pd.DataFrame([survey_one(s, n, weeks, **overrides) for s in seeds], index=seeds)
