"""The programme's groups: its design and schedule, a tie's lifecycle, support, matching, and the money."""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.config.fields import AT_DEFAULT, DESIGNS, KEEP, MATCHING_STRATEGIES, param, tagged


@tagged("replicate", baseline=AT_DEFAULT)
@dataclass
class ProgramConfig:
    """The mentoring programme design and its schedule."""

    design: str = param("none", choices=DESIGNS, help="programme design", baseline="none")
    start_step: int = param(
        0,
        0,
        1_000_000,
        unit="weeks",
        help="week of the first matching round",
        baseline=KEEP,  # the summary counts from it
    )
    match_every_weeks: int = param(13, 1, 1_000_000, unit="weeks", help="weeks between matching rounds")
    duration_weeks: int = param(52, 1, 1_000_000, unit="weeks", help="how long a tie lasts before closure")
    mentor_capacity: int = param(
        2,
        1,
        50,
        unit="people",
        help="hierarchical: mentees per mentor; peer: partners per person; reverse: juniors per senior",
    )
    meetings_per_month: float = param(2.0, 0.0, 30.0, unit="per month", help="scheduled meetings of a tie")
    opt_in_rate: float = param(0.5, 0.0, 1.0, help="share of employees who volunteer")
    volunteer_selection: float = param(
        0.0,
        0.0,
        5.0,
        unit="log-odds per SD",
        help="how much more engaged people volunteer: log-odds of opting in per standard deviation of the "
        "engagement baseline, the share who volunteer unchanged (0 = volunteering ignores engagement)",
    )
    circle_size: int = param(6, 3, 50, unit="people", help="peer_circles: members per circle")
    external_mentors: int = param(
        0,
        0,
        1_000_000,
        unit="people",
        help="hierarchical, hybrid: external mentors for mentees no internal mentor could take",
    )
    mentee_max_tenure_years: float = param(
        3.0,
        0.0,
        60.0,
        unit="years",
        help="hierarchical, reverse: only employees this new may be (junior) mentees; hybrid: the switch to peer",
    )
    mentor_min_tenure_years: float = param(
        2.0, 0.0, 60.0, unit="years", help="hierarchical: mentors need at least this tenure"
    )


@tagged("replicate", baseline=AT_DEFAULT)
@dataclass
class LifecycleConfig:
    """Phases of a tie (Zachary 2000), no-fault exit, and peer longevity."""

    preparation_weeks: int = param(2, 0, 520, unit="weeks", help="getting to know each other")
    negotiating_weeks: int = param(6, 0, 520, unit="weeks", help="agreeing goals and ways of working")
    closure_weeks: int = param(4, 0, 520, unit="weeks", help="wrapping up before the tie ends")
    preparation_quality: float = param(0.3, 0.0, 1.0, help="transfer multiplier while preparing")
    negotiating_quality: float = param(0.7, 0.0, 1.0, help="transfer multiplier while negotiating")
    closure_quality: float = param(0.5, 0.0, 1.0, help="transfer multiplier in closure")
    no_fault_exit: bool = param(True, help="end one-to-one ties whose fit, as the pair has met it, is poor")
    no_fault_fit: float = param(
        0.25, 0.0, 1.0, help="fit (0-1) below which a pair that has met ends its tie at the review after negotiating"
    )
    fit_signal_sd: float = param(
        0.3, 0.0, 5.0, help="error of a pair's judgement of its fit after one meeting (falls as 1/sqrt(meetings))"
    )
    peer_duration_multiplier: float = param(
        1.5, 1.0, 10.0, help="peer and circle ties last this many times program.duration_weeks"
    )


@tagged("replicate", baseline=AT_DEFAULT)
@dataclass
class SupportConfig:
    """What the organisation gives the programme: time, training, recognition, trust, backing."""

    protected_hours_per_month: float = param(0.0, 0.0, 160.0, unit="hours/month", help="mentoring time set aside")
    free_hours_per_month: float = param(
        3.0, 0.0, 160.0, unit="hours/month", help="mean mentoring time people find without protected time"
    )
    free_hours_cv: float = param(
        0.7, 0.0, 5.0, help="spread of free hours between people (coefficient of variation of a gamma; 0 = all equal)"
    )
    meeting_hours: float = param(1.0, 0.1, 24.0, unit="hours", help="length of one meeting")
    mentor_training: bool = param(False, help="mentors are trained")
    training_effect: float = param(0.3, 0.0, 5.0, help="extra transfer at meetings with trained mentors")
    mentor_recognition: bool = param(False, help="mentors are recognised or rewarded")
    recognition_boost: float = param(0.002, 0.0, 1.0, unit="per week", help="engagement mentors gain while mentoring")
    confidentiality: bool = param(False, help="pairs sign a confidentiality agreement")
    cap_without_confidentiality: float = param(0.8, 0.0, 1.0, help="rapport ceiling without an agreement")
    leadership_backing: float = param(
        0.5, 0.0, 1.0, help="0 = none, 0.5 = neutral, 1 = full: scales volunteering and follow-through"
    )


@tagged("replicate", baseline=AT_DEFAULT)
@dataclass
class MatchingConfig:
    """How participants are paired or grouped."""

    strategy: str = param("random", choices=MATCHING_STRATEGIES, help="matching strategy")
    candidates: int = param(32, 1, 10_000, help="candidate partners scored per participant and round")
    allow_direct_manager: bool = param(False, help="may a mentor be the mentee's own manager")
    similarity_basis: str = param(
        "traits",
        choices=("traits", "tenure"),
        help="what similarity compares: work-style and values profiles (traits) or tenure",
    )
    similarity_weight: float = param(
        0.5, 0.0, 10.0, help="optimal, stable: weight of similarity (stable: of perceived fit) in compatibility"
    )
    fit_visible: float = param(
        0.45, 0.0, 1.0, help="correlation of a pair's latent fit with its trait affinity (the rest nobody sees)"
    )
    preference_noise: float = param(
        1.0, 0.0, 10.0, help="stable: spread of each side's misperception of the pair's latent fit (SDs of fit)"
    )
    optimal_block: int = param(
        200, 10, 20_000, unit="mentees", help="optimal: largest group solved as one exact assignment"
    )


#: Currencies whose symbol the summary prints (others print their ISO code after the amount).
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF ", "CAD": "C$", "AUD": "A$"}


@tagged("replicate")
@dataclass
class EconomicsConfig:
    """Money: what the programme's time and running cost, and what leavers cost to replace (sim.economics).

    Amounts are in ``currency``, undiscounted, over the run's years. Each level's annual
    salary is ``salary_by_level`` when given, else ``salary_front_line`` times
    ``salary_level_ratio`` per level above the front line; an hour of an employee's time
    costs their salary times ``benefits_loading`` over ``hours_per_year`` (or
    ``hourly_cost`` for everyone, when set).
    """

    currency: str = param("USD", help="ISO code of the currency every amount is in (printed with its symbol)")
    salary_front_line: float = param(
        57_900.0, 0.0, 1e9, unit="per year", help="annual salary of a front-line (level 0) employee"
    )
    salary_level_ratio: float = param(
        1.4, 1.0, 10.0, help="each level's salary is this many times the one below (when salary_by_level is empty)"
    )
    salary_by_level: list[float] = field(
        default_factory=list,
        metadata={
            "lo": None,
            "hi": None,
            "choices": None,
            "unit": "per year",
            "help": "annual salary of each level, front line first, e.g. [52000,70000,95000,140000]; "
            "empty = salary_front_line x salary_level_ratio per level",
        },
    )
    benefits_loading: float = param(
        1.45, 1.0, 5.0, help="an employer's cost of an hour of work over the wage paid for it (benefits, taxes)"
    )
    hours_per_year: float = param(2080.0, 100.0, 8760.0, unit="hours/year", help="paid hours in a working year")
    hourly_cost: float = param(
        0.0, 0.0, 1e6, unit="per hour", help="loaded cost of an hour of anyone's time; 0 = from each level's salary"
    )
    external_hourly_cost: float = param(
        150.0, 0.0, 1e6, unit="per hour", help="what an hour of an external mentor costs the organisation"
    )
    replacement_cost_share: float = param(
        0.21, 0.0, 5.0, help="cost of replacing a leaver (hiring, vacancy, training) as a share of annual salary"
    )
    admin_per_year: float = param(
        10_000.0, 0.0, 1e9, unit="per year", help="running the programme: coordination, software, whatever the size"
    )
    admin_per_participant_year: float = param(
        250.0, 0.0, 1e7, unit="per participant-year", help="running the programme, per person in a tie for a year"
    )
    training_cost_per_mentor: float = param(
        500.0, 0.0, 1e7, unit="per mentor", help="support.mentor_training: training each mentor once"
    )
    output_value_ratio: float = param(
        1.45,
        0.0,
        20.0,
        help="what a year of a fully productive employee's output is worth, as a multiple of their salary; "
        "0 = productivity not priced",
    )
    ramp_weeks: float = param(
        20.0, 0.0, 520.0, unit="weeks", help="a new hire's time to full productivity (0 = productive from day one)"
    )
    ramp_start: float = param(
        0.25, 0.0, 1.0, help="a new hire's productivity in their first week, as a share of full; rises linearly"
    )
    knowhow_elasticity: float = param(
        1.0,
        0.0,
        10.0,
        help="output gained per unit of know-how (0-1 scale, explicit and tacit averaged) above the organisation's "
        "level at the start: 1 = 0.1 more know-how, 10% more output",
    )
    tacit_value: float = param(
        0.0,
        0.0,
        1e9,
        unit="per full-expert equivalent",
        help="a judgement, off by default: what one full-expert equivalent of tacit know-how above no programme "
        "at the end is worth",
    )
    baseline: bool = param(
        True,
        help="price avoided replacements against the same organisation and seed without a programme "
        "(runs it too, once per seed in a sweep)",
        baseline=False,  # the baseline is not priced against itself
    )
