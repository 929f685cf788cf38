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

A full-expert equivalent is one person with tacit knowledge 1 in every skill.

Summary keys (``summary.json``; ``null`` where a figure does not apply). :func:`summary` computes
the figures of the run itself; the run adds its baseline's figures and the money
(:mod:`sim.economics`), the objective (:mod:`sim.run.objectives`), the sample's values, the
fingerprint and the version (:func:`sim.run.execute.finish_summary`), and a roster's date and
notes (:mod:`sim.schedule`):

| key | meaning |
|---|---|
| seed, design, matching, program_start_step, network, n_employees, steps, years | what was run (years = steps / 52; network: network.kind, or file for your own, org.network_path) |
| version | the version of the simulator that ran it (``python -m sim --version``; CHANGELOG.md) |
| config_hash | fingerprint of the configuration that produced the run (the keys not at their defaults, the roster file, a warm start's saved state, the model's revision); sweeps use it to skip finished runs, so a newer version that only adds keys still recognises them |
| knowledge_mean_initial, knowledge_mean_final, tacit_mean_initial, tacit_mean_final, engagement_mean_initial, engagement_mean_final, knowledge_gini_final | the timeseries' first and last values, 0 to 1 |
| annual_turnover_rate | exits per year over the mean headcount of steps 1 to T |
| exits_total, hires_total, meetings_total, ties_formed_total, tacit_lost_total | totals over the run (a circle counts its pairs as ties; tacit knowledge in full-expert equivalents) |
| quits_total, layoffs_total, retirements_total | the leavers by kind of separation: quits, layoffs and discharges, retirements |
| annual_turnover_before_start, annual_turnover_after_start | annual turnover over the weeks before and from program.start_step (for design none the whole run is before) |
| tacit_growth_per_year_before_start, tacit_growth_per_year_after_start | change of tacit_mean per year over the same two periods |
| participants_n, nonparticipants_n | the sizes of the first round's cohorts: the people matched in the programme's first round, and everyone else employed then |
| retention_participants, retention_nonparticipants | share of each of those cohorts still employed at the end (null without a programme) |
| retention_mentees, retention_mentors, mentees_n, mentors_n | the first round's participants by role in one-to-one ties (null for peer designs, whose ties have no roles) |
| retention_comparable_nonparticipants | the first round's non-participants reweighted to the participants' mix of level and tenure band (0-1, 1-2, 2-3, 3-5, 5-10, 10+ years), like a matched control group |
| retention_mentees_ever, retention_mentors_ever, mentees_ever_n, mentors_ever_n | everyone ever in that role during the run, counted as many evaluations count: this favours participants even without an effect (docs/model.md, "Calibration") |
| retention_never_participants, never_participants_n | everyone employed at the programme's start who never took part |
| retention_all | share of everyone employed at the programme's start week (for none, the week it would start) still employed at the end; compares any design with the baseline (null if the run ends before that week) |
| mentor_hours_total, mentee_hours_total, external_hours_total, programme_hours_total, no_fault_exits_total | hours over the run (programme_hours_total includes external mentors'); ties ended at the no-fault review |
| participants_ever, hours_per_participant | people matched in any round; the employees' own programme hours per such person |
| tacit_transferred_total, tacit_per_meeting, tacit_per_participant | reach and quality apart: tacit know-how passed along ties in all (full-expert equivalents), per meeting held and per person ever in a tie (null without meetings or participants) |
| exits_by_level, hours_by_level, headcount_by_level, output_by_level, participant_years, programme_years | what the money is counted from: leavers and meeting hours by level, people by level at the end, weeks of full output by level, person-years in a tie, years the programme ran |
| cost_time, cost_admin, cost_training, programme_cost | the programme's cost: people's meeting hours at their loaded cost, administration, mentor training, and their sum |
| replacement_cost, baseline_replacement_cost, avoided_replacement_cost | the cost of replacing this run's leavers, the baseline's, and the difference |
| output_value, baseline_output_value, productivity_gained | the value of the work done, the baseline's, and the difference |
| tacit_value_kept, net_benefit, roi, net_benefit_without_productivity, roi_without_productivity | the know-how kept, priced; net benefit and return on investment against the baseline, also without the productivity line (docs/economics.md) |
| currency, payroll_annual | the currency of every amount (economics.currency); a year's salaries at the end |
| baseline_tacit_mean_final, baseline_knowledge_mean_final, baseline_engagement_mean_final, baseline_retention_all, baseline_exits_total, baseline_annual_turnover_rate | the same organisation and seed without a programme (programme runs with economics.baseline=true) |
| objective, objective_name | the value the run returns to an optimising sweeper and which it is (outputs.objective; tacit_gain_per_1000h also sets baseline_tacit_mean_final, with or without economics.baseline) |
| roster_tenure_as_of, roster_notes | roster runs only: the date hire dates were counted to (null for tenure_years), and notes on the file (a manager not above a report) |
| promotions_total, promotions_by_level, internal_fill_rate, promotion_tenure_years_mean | careers (0 and null while careers.internal_share is 0): promotions over the run and by the level promoted to; the share of the vacancies above the front line (leavers' seats and promoted people's) filled by promotion; the promoted people's mean tenure when promoted, in years |
| promoted_share_mentees_ever, promoted_share_never_participants | of everyone employed at the programme's start, the share promoted at least once by the end: those ever a mentee, and those who never took part (Sun's comparison; null without a programme or careers) |
| informal_ties_formed_total, informal_tie_years, informal_meetings_total, informal_tacit_transferred_total, informal_tacit_per_tie_year | informal mentoring (null while informal.formation_per_year is 0): ties formed, their years active, their meetings, the tacit know-how they passed (full-expert equivalents) in all and per tie-year |
| formal_tacit_per_tie_year | the programme's ties' tacit know-how passed per tie-year (null without ties), to set beside informal ties' |
| headcount_start, headcount_end, headcount_mean, laid_off_total, unreplaced_by_level | people employed at the start, at the end and on average over the weeks; people laid off by a headcount plan; seats left empty after their occupant left or moved up, by level (all 0 without a plan: sim.mechanisms.headcount); headcount_by_level is then the end's |
| network_ties_end, network_mean_degree_end, network_newcomer_contacts_mean | the informal network at the end: its ties, the mean ties per person, and the mean ties of people hired in its last 26 weeks (null without any) |
| network_contacts_made, network_ties_faded, network_ties_lost_to_leavers | a network whose ties are people's (null unless network.personal): contacts made, ties that faded, ties that ended with a leaver (sim.mechanisms.contacts) |
| network_legacy_ties, network_legacy_cross_team, network_legacy_alive_end, network_legacy_years_expected | the ties mentoring left behind (null while network.legacy_p is 0): informal ties left by mentoring ties that ended, those between people of different teams, those still there at the end, and their expected life in years (weeks lasted, the living counted to the end, over the number that ended; null before any ended) |
| turnover_fitted | runs with a leavers file only (org.leavers_path): the turnover fitted to it (sim.inputs.leavers) |
| turnover_warning | runs whose realised turnover without a programme misses turnover.rate_annual beyond seed noise only: one line saying so (sim.run.targets) |
| warm_start | warm-started runs only: the saved state's path, step and config_hash |
| parameters | sensitivity sweeps only: the values this run's row of the SALib sample set |
| scenario_values | decision studies only: the values of the uncertain parameters this run's scenario sets |
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim import outcomes
from sim.config import SimConfig
from sim.ledger import Ledger
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

    Each leaver is replaced by a hire, unless a headcount plan says otherwise (``hires``: None means as many as
    ``exits``; sim.mechanisms.headcount).

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
    hires: int | None = None


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal, toward 1 = concentrated): :func:`ginis` of one row."""
    return float(ginis(np.asarray(x, dtype=float)[None, :])[0])


def ginis(x: np.ndarray, keep: np.ndarray | None = None) -> np.ndarray:
    """The Gini coefficient of each row of ``x`` (float[R, N], non-negative; 0 = equal, toward 1 = concentrated).

    The sorted-rank formula ``G = sum_i (2i - n - 1) x_(i) / (n sum x)``, 0 for an empty or all-zero row.
    ``keep`` (bool[R, N]): only those entries count (rows of unequal length).
    """
    if keep is not None:
        return np.array([ginis(row[k][None, :])[0] for row, k in zip(np.asarray(x, dtype=float), keep, strict=True)])
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
    occupied: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """The timeseries rows of R runs stacked in ``state`` (run r in rows r*N ..), as :func:`step_row` of each.

    ``in_tie`` is bool[R x N], ``active_ties`` int[R], ``weeks`` and ``tacit_lost_cum`` one per run; ``occupied``
    (bool[R x N]) the seats held under a headcount plan (None: every seat is).
    """
    r = len(weeks)
    n = state.n // r
    skill = person_mean(state.skills).reshape(r, n)
    tacit = person_mean(state.tacit).reshape(r, n)
    engagement = state.engagement.reshape(r, n)
    occupied = None if occupied is None or occupied.all() else occupied.reshape(r, n)
    if occupied is None:
        figures = {
            "knowledge_mean": skill.mean(axis=1),
            "tacit_mean": tacit.mean(axis=1),
            "knowledge_gini": ginis(skill),
            "tacit_gini": ginis(tacit),
            "engagement_mean": engagement.mean(axis=1),
        }
    else:  # empty seats under a headcount plan (sim.mechanisms.headcount): figures of the people employed
        figures = {
            "knowledge_mean": _masked_mean(skill, occupied),
            "tacit_mean": _masked_mean(tacit, occupied),
            "knowledge_gini": ginis(skill, occupied),
            "tacit_gini": ginis(tacit, occupied),
            "engagement_mean": _masked_mean(engagement, occupied),
        }
    heads = np.full(r, n) if occupied is None else occupied.sum(axis=1)
    participants = in_tie.reshape(r, n).sum(axis=1)
    return [
        _row(
            step,
            int(heads[i]),
            {k: float(v[i]) for k, v in figures.items()},
            int(active_ties[i]),
            int(participants[i]),
            week,
            lost,
        )
        for i, (week, lost) in enumerate(zip(weeks, tacit_lost_cum, strict=True))
    ]


def _masked_mean(x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Each row's mean over the entries ``mask`` keeps (float[R]; NaN for a row with none)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(mask, x, 0.0).sum(axis=1) / mask.sum(axis=1)


def step_row(
    step: int,
    state: Workforce,
    in_tie: np.ndarray,
    active_ties: int,
    week: WeekCounts,
    tacit_lost_cum: float,
    occupied: np.ndarray | None = None,
) -> dict[str, Any]:
    """The timeseries row describing the state after a step.

    Args:
        step: steps simulated so far.
        state: the workforce after the step.
        in_tie: bool[N] rows in at least one active tie.
        active_ties: mentoring ties active at the end of the step.
        week: the step's counts.
        tacit_lost_cum: tacit knowledge lost since step 0.
        occupied: bool[N] the seats held under a headcount plan (None: every seat is).
    """
    return step_rows(step, state, in_tie, np.array([active_ties]), [week], [tacit_lost_cum], occupied)[0]


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
        "hires": int(week.exits if week.hires is None else week.hires),
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


def summary(cfg: SimConfig, ts: pd.DataFrame, ledger: Ledger, present: np.ndarray, steps: int) -> dict[str, Any]:
    """Final figures of a run (``summary.json``); ``None`` where a figure does not apply.

    Retention compares the people matched in the programme's first round (participants)
    with everyone else employed at that moment (non-participants): the share of each
    group still employed at the end. Fixing both groups at the first round avoids crediting
    the programme with the survival of people who stayed long enough to be matched later.
    ``retention_mentees`` and ``retention_mentors`` split the participants by their role in
    that round's one-to-one ties (None for peer designs, whose ties have no roles);
    ``retention_comparable_nonparticipants`` reweights non-participants to the
    participants' level and tenure (:func:`sim.outcomes.comparable_retention`).

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
        "network": "file" if cfg.org.network_path else cfg.network.kind,  # file: the user's own (org.network_path)
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
        "headcount_mean": mean_headcount,
        "hires_total": int(ts["hires"].sum()),
        "tacit_lost_total": float(last["tacit_lost_cum"]),
        "meetings_total": int(ts["meetings"].sum()),
        "ties_formed_total": int(ledger.ties_formed),
    }
    out.update(outcomes.retention(ledger, present))
    out.update(outcomes.programme_reach(ledger, ts))
    out.update(outcomes.before_after(cfg, ts, steps))
    out.update(outcomes.careers(ledger, cfg.careers.internal_share > 0))
    out.update(outcomes.informal(ledger, ts, cfg.informal.formation_per_year > 0))
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
