"""Build the organisation: a pyramid of levels, teams under managers, tenure and knowledge.

Level sizes follow a pyramid: level l holds a share of the headcount proportional to
``span ** (levels - 1 - l)``, so each manager has about ``span_of_control`` direct reports
(the span of control, Urwick 1956). The default span of 4 is an assumption; set it from
your own organisation, or load a roster (``org=roster``).
A team is one manager's direct reports; the top level has no manager and forms one team.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from sim.config import SimConfig
from sim.inputs.roster import Roster
from sim.mechanisms import engagement, fit, knowledge, practice, support, turnover, volunteering
from sim.state import Workforce
from sim.streams import KeyedDraws, Streams
from sim.units import WEEKS_PER_YEAR


def level_sizes(n: int, levels: int, span: float) -> np.ndarray:
    """Headcount per level (front line first), at least one person per level, summing to n."""
    weights = span ** np.arange(levels - 1, -1, -1, dtype=float)
    sizes = np.maximum(np.floor(n * weights / weights.sum()).astype(np.int64), 1)
    sizes[0] += n - sizes.sum()
    if sizes[0] < 1:  # tiny organisations: fall back to one person per upper level
        sizes = np.ones(levels, dtype=np.int64)
        sizes[0] = n - (levels - 1)
    return sizes


def reporting_lines(sizes: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Level and manager row of each position; reports are spread evenly over managers."""
    level = np.repeat(np.arange(len(sizes), dtype=np.int8), sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)))
    manager = np.full(len(level), -1, dtype=np.int64)
    for lv in range(len(sizes) - 1):
        reports = np.arange(starts[lv], starts[lv + 1])
        managers = np.arange(starts[lv + 1], starts[lv + 2])
        order = rng.permutation(len(reports))
        manager[reports[order]] = managers[np.arange(len(reports)) % len(managers)]
    return level, manager


def teams_from_managers(manager: np.ndarray) -> np.ndarray:
    """Dense team ids: positions with the same manager form a team."""
    _, team = np.unique(manager, return_inverse=True)
    return team.astype(np.int64)


def draw_tenure_weeks(cfg: SimConfig, n: int, rng: np.random.Generator) -> np.ndarray:
    """Initial tenures (weeks) for the ``exponential`` and ``uniform`` distributions."""
    org = cfg.org
    if org.tenure_distribution == "uniform":
        return rng.uniform(0.0, org.tenure_max_years * WEEKS_PER_YEAR, n)
    return rng.exponential(org.tenure_mean_years * WEEKS_PER_YEAR, n)


def assign_by_level(
    people: np.ndarray, tenure: np.ndarray, level: np.ndarray, correlation: float, rng: np.random.Generator
) -> np.ndarray:
    """Seat people so that higher levels tend to get the longer-tenured.

    Seats are ranked by ``correlation * level share + (1 - correlation) * noise`` and filled
    with people in order of tenure; returns the person placed in each seat.
    """
    n_levels = int(level.max()) + 1
    key = correlation * level / max(n_levels - 1, 1) + (1.0 - correlation) * rng.random(len(level))
    seat_of = np.empty_like(people)
    seat_of[np.argsort(key, kind="stable")] = people[np.argsort(tenure, kind="stable")]
    return seat_of


def workforce_from_roster(roster: Roster, cfg: SimConfig, streams: Streams) -> Workforce:
    """The initial organisation read from a roster; knowledge not in the file is generated."""
    baseline = engagement.draw_baseline(roster.n, cfg.engagement, streams.organisation)
    return _populate(
        roster.level.copy(),
        roster.manager.copy(),
        roster.team.copy(),
        roster.tenure_weeks.copy(),
        baseline,
        cfg,
        streams,
        skills=None if roster.skills is None else roster.skills.copy(),
        tacit=None if roster.tacit is None else roster.tacit.copy(),
    )


def _populate(
    level: np.ndarray,
    manager: np.ndarray,
    team: np.ndarray,
    tenure: np.ndarray,
    baseline: np.ndarray,
    cfg: SimConfig,
    streams: Streams,
    skills: np.ndarray | None = None,
    tacit: np.ndarray | None = None,
) -> Workforce:
    """Seats and people to a Workforce: draw what is not given.

    Aptitude, knowledge, engagement and traits come from the organisation's stream; opt-in and
    free hours, which a programme's settings read, and exit clocks from their own streams.
    """
    n, rng = len(level), streams.organisation
    aptitude = knowledge.draw_aptitude(n, cfg.org.n_skills, rng)
    made_skills, made_tacit = knowledge.initial_knowledge(level, tenure, aptitude, cfg.knowledge, rng)
    return Workforce(
        level=level,
        manager=manager,
        team=team,
        tenure_weeks=tenure,
        skills=made_skills if skills is None else skills,
        tacit=made_tacit if tacit is None else tacit,
        aptitude=aptitude,
        engagement=engagement.draw_initial(baseline, cfg.engagement, rng),
        baseline=baseline,
        opted_in=volunteering.draw_opt_in(baseline, cfg.program, cfg.support, cfg.engagement, streams.opt_in),
        traits=fit.draw_traits(n, rng),
        free_hours=support.draw_free_hours(n, cfg.support, streams.free_hours),
        exit_clock=streams.exits.exponential(size=n),
        seat_hires=np.zeros(n, dtype=np.int64),
    )


def build_workforce(cfg: SimConfig, streams: Streams, steady: turnover.SteadyState | None = None) -> Workforce:
    """The initial organisation for ``cfg`` (positions, tenure, knowledge, engagement).

    With ``org.tenure_distribution=stationary`` and turnover, each seat's engagement
    baseline and tenure are drawn together from the turnover steady state ``steady``
    (long-tenured people are the more engaged ones, as selection would leave them).
    """
    org, rng = cfg.org, streams.organisation
    n = org.n_employees
    sizes = level_sizes(n, org.levels, org.span_of_control)
    level, manager = reporting_lines(sizes, rng)
    if org.tenure_distribution == "stationary" and steady is not None:
        baseline, tenure = turnover.draw_steady_state(steady, n, cfg.engagement, rng)
    else:
        baseline, tenure = engagement.draw_baseline(n, cfg.engagement, rng), draw_tenure_weeks(cfg, n, rng)
    # Move each person (tenure with their baseline) to a seat, senior seats to long tenure.
    seat_of = assign_by_level(np.arange(n), tenure, level, org.tenure_level_correlation, rng)
    return _populate(level, manager, teams_from_managers(manager), tenure[seat_of], baseline[seat_of], cfg, streams)


def fill_seats(state: Workforce, rows: np.ndarray, cfg: SimConfig, rng: Any, step: int) -> None:
    """New people in the vacated seats ``rows``, in place, hired at ``step`` with tenure 0.

    Draws, in this order: knowledge, aptitude, engagement baseline and level, opt-in, traits,
    free hours. ``rng`` is a Generator or, as :func:`hire` passes it, each person's own draws.
    """
    st, m, k = state, len(rows), state.n_skills
    st.skills[rows], st.tacit[rows] = knowledge.hire_knowledge(st.level[rows], st.n_levels, k, cfg.knowledge, rng)
    st.aptitude[rows] = knowledge.draw_aptitude(m, k, rng)
    st.baseline[rows] = engagement.draw_baseline(m, cfg.engagement, rng)
    st.engagement[rows] = engagement.draw_initial(st.baseline[rows], cfg.engagement, rng)
    st.opted_in[rows] = volunteering.draw_opt_in(st.baseline[rows], cfg.program, cfg.support, cfg.engagement, rng)
    st.traits[rows] = fit.draw_traits(m, rng)
    st.free_hours[rows] = support.draw_free_hours(m, cfg.support, rng)
    st.tenure_weeks[rows] = 0.0
    st.hired_step[rows] = step
    practice.hires_know_nothing(st, rows, cfg.practice)


def hire(
    state: Workforce,
    rows: np.ndarray,
    seats: np.ndarray,
    hire_keys: np.ndarray,
    exit_keys: np.ndarray,
    cfg: SimConfig,
    step: int,
) -> None:
    """Replacement hires into the vacated ``rows``, in place: each the same person in every design.

    The k-th person hired into a seat is drawn from keys of (run, seat, k) (sim.streams.KeyedDraws):
    their knowledge, aptitude, engagement, opt-in, traits and free hours (:func:`fill_seats`) and
    their exit clock, so who arrives does not depend on when the seat fell vacant.

    Args:
        state: the (stacked) workforce.
        rows: int[m] rows of ``state`` hired into.
        seats: int[m] the same seats numbered within their own run (an ensemble stacks runs).
        hire_keys, exit_keys: uint64[m] each row's run's keys (:class:`sim.streams.Streams`).
        cfg: the settings hires are drawn under (the rows' runs hire alike: :func:`hiring_settings`).
        step: the week they are hired.
    """
    state.seat_hires[rows] += 1
    occupant = state.seat_hires[rows]
    fill_seats(state, rows, cfg, KeyedDraws(hire_keys, seats, occupant), step)
    state.exit_clock[rows] = KeyedDraws(exit_keys, seats, occupant).exponential()


def hiring_settings(cfg: SimConfig) -> tuple[Any, ...]:
    """The programme's settings :func:`fill_seats` reads (opt-in and free hours): runs agreeing on them hire alike.

    A stack of scenarios (sim.schedule) fills the seats of the replicates that agree in one call.
    Keep it in step with :func:`fill_seats` and ``sim.mechanisms.volunteering.opt_in_chances``.
    """
    prog, sup = cfg.program, cfg.support
    return (
        prog.opt_in_rate,
        prog.volunteer_selection,
        sup.leadership_backing,
        sup.free_hours_per_month,
        sup.free_hours_cv,
    )
