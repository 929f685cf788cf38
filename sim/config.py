"""Typed configuration: the schema Hydra composes into.

Every parameter is declared once, here, with its type, default, allowed range or choices,
unit and a one-line meaning (:func:`param`). Hydra rejects unknown keys and wrong types at
composition time (the dataclasses are its structured-config schema, :mod:`sim.compose`);
:func:`sim.resolved.resolve` checks ranges, choices and the rules that tie keys together
from the same metadata, and so does docs/configuration.md (``python -m sim.config``).

The choices of ``program.design``, ``matching.strategy`` and ``outputs.objective`` are the
names of registries in the modules that implement them (``sim.mechanisms.designs.DESIGNS``,
``sim.mechanisms.matching.STRATEGIES``, ``sim.run.objectives.OBJECTIVES``); the schema
lists them because data flows one way, from the config to the mechanisms, and a test checks
that each list and its registry name the same options.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

from sim.provenance import BASIS

DESIGNS = ("none", "hierarchical", "peer", "peer_circles", "reverse", "hybrid")
MATCHING_STRATEGIES = ("random", "skill_gap", "similarity", "diversity", "optimal", "stable")
NETWORK_KINDS = ("small_world", "scale_free", "random", "teams")
TENURE_DISTRIBUTIONS = ("stationary", "exponential", "uniform")
ORG_KINDS = ("synthetic", "roster")

#: What a key is besides its value. Each key's roles are tagged once, here: a group's with
#: :func:`tagged`, a key's own with ``param(roles=...)``; every list another module needs (the
#: fingerprint, what an ensemble's runs may differ in, what a warm start must share, what a report
#: can compare) is derived from the tags (:func:`keys_with`, :func:`has_role`).
ROLES = {
    "output": "says what a run writes or prints, not what it simulates; no report compares runs by it",
    "inert": "changes none of a run's results (printing, where they go, checkpointing): left out of the "
    "fingerprint a finished run is recognised by (sim.run.fingerprint) and of a resume's check",
    "replicate": "read only by a run's programme stages, or its seed: the runs of one ensemble (sim.ensemble) "
    "may differ in it, each replicate's programme on its own rows",
    "organisation": "the organisation's shape: a warm start (sim.checkpoint) must share it with the run that "
    "saved the state",
}
#: Two more tags hold a value. ``baseline``: the value the key takes in the run's baseline, the same
#: organisation and seed without a programme (sim.run.baseline), :data:`AT_DEFAULT` for the schema's
#: default; untagged keys keep the run's value. ``alone``: why a run with the key set (true, non-zero,
#: non-empty) steps alone rather than in an ensemble (:func:`alone_reason`).


class _Mark:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


AT_DEFAULT = _Mark("AT_DEFAULT")
KEEP = _Mark("KEEP")
_UNSET = _Mark("UNSET")


def param(
    default: Any,
    lo: float | None = None,
    hi: float | None = None,
    *,
    choices: tuple[str, ...] | None = None,
    unit: str = "",
    help: str = "",
    roles: tuple[str, ...] = (),
    baseline: Any = _UNSET,
    alone: str = "",
) -> Any:
    """Declare a config field with its range (inclusive) or choices, unit and meaning.

    ``roles``, ``baseline`` and ``alone`` tag the key beyond its group's tags (:func:`tagged`,
    :data:`ROLES`): roles are added to the group's, the other two replace the group's.
    """
    meta = {"lo": lo, "hi": hi, "choices": choices, "unit": unit, "help": help, "roles": roles}
    if baseline is not _UNSET:
        meta["baseline"] = baseline
    if alone:
        meta["alone"] = alone
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Tags:
    """A key's tags (:data:`ROLES`): its roles, the value its baseline takes, why it makes a run step alone."""

    roles: frozenset[str] = frozenset()
    baseline: Any = KEEP
    alone: str = ""


def tagged(*roles: str, baseline: Any = KEEP, alone: str = ""):
    """Tag every key of a config group (and of the groups inside it) with ``roles`` and the rest."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; the roles are {', '.join(ROLES)}")

    def apply(cls):
        cls.__tags__ = Tags(frozenset(roles), baseline, alone)
        return cls

    return apply


#: What a run can return to an optimising sweeper (``outputs.objective``; sim.run.objectives).
OBJECTIVES = (
    "tacit_mean_final",
    "knowledge_mean_final",
    "engagement_mean_final",
    "retention_all",
    "tacit_gain_per_1000h",
    "sun_retention_error",
)


@dataclass
class RosterColumnsConfig:
    """org=roster: the file's own name for a field's column, where neither the field's name nor an alias matches."""

    id: str = param("", help="the column of employee ids, e.g. org.roster_columns.id='Staff number'")
    manager_id: str = param("", help="the column of each employee's manager's id")
    level: str = param("", help="the column of hierarchy levels (0 = front line)")
    team: str = param("", help="the column of team names")
    tenure_years: str = param("", help="the column of years employed")
    hire_date: str = param("", help="the column of hire dates (YYYY-MM-DD), instead of tenure_years")


@tagged("organisation")
@dataclass
class OrgConfig:
    """The organisation: size, pyramid, tenure and initial knowledge."""

    kind: str = param("synthetic", choices=ORG_KINDS, help="synthetic = generated pyramid; roster = read from a CSV")
    roster_path: str = param(
        "", help="org=roster: the roster CSV (see docs/roster.md); relative to the working directory"
    )
    roster_columns: RosterColumnsConfig = field(default_factory=RosterColumnsConfig)
    roster_date: str = param(
        "",
        help="org=roster with hire dates: the date tenure is counted to, YYYY-MM-DD; empty = the day of the run "
        "(the run's config records it)",
    )
    leavers_path: str = param(
        "",
        help="org=roster: a CSV of the people who left (hire and leaving dates, optional reason); the run's turnover "
        "is fitted to it and to the roster (docs/roster.md)",
    )
    n_employees: int = param(500, 10, 2_000_000, help="headcount (kept constant by replacement hiring)")
    levels: int = param(4, 1, 12, help="hierarchy levels, 0 = front line")
    span_of_control: float = param(
        4.0, 1.5, 50.0, unit="reports per manager", help="pyramid shape: each level is this many times the one above"
    )
    n_skills: int = param(5, 1, 64, help="skill dimensions K (explicit and tacit, each in [0, 1])")
    tenure_distribution: str = param(
        "stationary",
        choices=TENURE_DISTRIBUTIONS,
        help="initial tenure: stationary = the steady state of the turnover hazard; exponential; uniform",
    )
    tenure_mean_years: float = param(6.0, 0.1, 60.0, unit="years", help="mean of the exponential tenure distribution")
    tenure_max_years: float = param(
        20.0, 0.1, 60.0, unit="years", help="upper bound of the uniform tenure distribution"
    )
    tenure_level_correlation: float = param(
        0.5, 0.0, 1.0, help="how strongly longer-tenured people sit at higher levels (0 = unrelated)"
    )


@tagged("organisation")
@dataclass
class NetworkConfig:
    """The informal network laid over the organisation (who talks to whom)."""

    kind: str = param("small_world", choices=NETWORK_KINDS, help="generator of the informal network")
    mean_degree: int = param(
        8, 2, 200, unit="ties per person", help="small_world: ring neighbours; random: mean degree"
    )
    rewire_p: float = param(0.1, 0.0, 1.0, help="small_world: probability of rewiring each lattice tie")
    attach_m: int = param(4, 1, 100, unit="ties per newcomer", help="scale_free: Barabasi-Albert attachment m")
    within_team_p: float = param(0.6, 0.0, 1.0, help="teams: probability two teammates are tied")
    between_team_degree: float = param(
        1.5, 0.0, 100.0, unit="ties per person", help="teams: mean number of ties outside one's team"
    )
    include_reporting_lines: bool = param(True, help="add every manager-report pair to the informal network")


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


@dataclass
class KnowledgeConfig:
    """Rates of knowledge transfer, learning by doing and obsolescence."""

    informal_contact_p: float = param(0.2, 0.0, 1.0, unit="per week", help="chance an informal tie exchanges knowledge")
    informal_explicit_rate: float = param(0.02, 0.0, 1.0, help="share of the explicit gap passed per informal contact")
    informal_tacit_rate: float = param(0.005, 0.0, 1.0, help="share of the tacit gap passed per informal contact")
    mentoring_explicit_rate: float = param(0.08, 0.0, 1.0, help="share of the explicit gap passed per meeting")
    mentoring_tacit_rate: float = param(0.06, 0.0, 1.0, help="share of the tacit gap passed per meeting")
    reverse_share: float = param(0.25, 0.0, 1.0, help="hierarchical: mentee-to-mentor flow relative to the main flow")
    off_focus_share: float = param(
        0.3, 0.0, 1.0, help="peer_circles, reverse: transfer on skills other than the focus skill"
    )
    power_penalty: float = param(0.5, 0.0, 1.0, help="loss of transfer quality per unit of normalised level distance")
    rapport_initial: float = param(0.3, 0.0, 1.0, help="rapport of a new tie between very dissimilar people")
    similarity_rapport_bonus: float = param(
        0.2, 0.0, 1.0, help="extra initial rapport for identical people (scaled by similarity)"
    )
    rapport_gain: float = param(0.15, 0.0, 1.0, help="share of the way to the rapport ceiling gained per meeting")
    fit_floor: float = param(
        0.4, 0.0, 1.0, help="rapport ceiling of the worst-fitting pair, as a share of the best-fitting pair's"
    )
    manager_trust_cap: float = param(0.5, 0.0, 1.0, help="rapport cap when the mentor is the mentee's manager")
    tacit_learning_per_year: float = param(0.25, 0.0, 10.0, unit="per year", help="learning by doing: tacit")
    explicit_learning_per_year: float = param(0.30, 0.0, 10.0, unit="per year", help="training and study: explicit")
    obsolescence_per_year: float = param(0.10, 0.0, 10.0, unit="per year", help="turbulence: knowledge that goes stale")
    fast_skill: int = param(0, -1, 63, help="index of a fast-changing skill (e.g. new tools); -1 = none")
    fast_skill_obsolescence_per_year: float = param(
        0.25, 0.0, 10.0, unit="per year", help="obsolescence of the fast-changing skill"
    )
    hire_fast_skill_bonus: float = param(
        0.4, 0.0, 1.0, help="extra explicit and tacit knowledge hires bring in the fast-changing skill"
    )
    external_explicit: float = param(0.9, 0.0, 1.0, help="explicit knowledge external mentors bring, every skill")
    external_tacit: float = param(0.5, 0.0, 1.0, help="tacit know-how of external mentors (less organisation-specific)")
    hire_explicit_mean: float = param(0.35, 0.0, 1.0, help="explicit knowledge of a front-line hire")
    hire_explicit_level_bonus: float = param(0.3, 0.0, 1.0, help="extra explicit knowledge of a top-level hire")
    hire_tacit_mean: float = param(0.1, 0.0, 1.0, help="tacit (organisation-specific) knowledge of any hire")
    history_years: float = param(
        5.0,
        0.0,
        50.0,
        unit="years",
        help="each seat's history built before step 0 (conversations, learning by doing, obsolescence), so a run "
        "starts settled; 0 = knowledge from tenure in closed form",
    )


@dataclass
class EngagementConfig:
    """Engagement dynamics: an Ornstein-Uhlenbeck drift with programme effects."""

    baseline_mean: float = param(0.65, 0.0, 1.0, help="mean of each employee's personal baseline")
    baseline_sd: float = param(0.1, 0.0, 0.5, help="spread of personal baselines")
    drift_per_week: float = param(0.05, 0.0, 1.0, unit="per week", help="pull toward the personal baseline")
    noise_sd: float = param(0.02, 0.0, 0.5, unit="per week", help="week-to-week shocks")
    meeting_boost: float = param(0.02, 0.0, 1.0, help="share of the way to full engagement per mentoring meeting")
    learning_boost: float = param(
        8.0,
        0.0,
        100.0,
        help="engagement gained per unit of tacit knowledge learnt from ties (fitted to the virtual survey; "
        "sim/studies/engagement_fit.py)",
    )
    overload_penalty: float = param(
        0.0005, 0.0, 1.0, unit="per week per hour", help="loss per mentoring hour a month asked beyond what one has"
    )
    isolation_penalty: float = param(0.01, 0.0, 1.0, unit="per week", help="loss for employees with no informal ties")
    visibility_boost: float = param(
        0.002,
        0.0,
        1.0,
        unit="per week",
        help="reverse mentoring: engagement a newer employee gains each week they mentor a senior (visibility to leaders)",
    )


@dataclass
class TurnoverConfig:
    """Separations: quits by engagement and tenure, layoffs, retirements; calibrated to an annual rate (knowledge work)."""

    rate_annual: float = param(
        0.2299,
        0.0,
        1.0,
        unit="per year",
        help="baseline separations per year / average headcount (no programme), every kind; fitted to knowledge "
        "work's median tenure (sim/studies/workforce.py; workforce=us_all_workers: 0.425)",
    )
    engagement_sensitivity: float = param(
        8.0,
        0.0,
        50.0,
        help="quit hazard multiplies by exp(s * (mean baseline - engagement)) (fitted to the virtual survey; "
        "sim/studies/engagement_fit.py; workforce=us_all_workers: 4)",
    )
    newcomer_multiplier: float = param(
        9.97, 1.0, 50.0, help="hazard of a brand-new hire relative to a long-tenured one (fitted, as rate_annual)"
    )
    newcomer_weeks: float = param(
        61.7, 1.0, 1000.0, unit="weeks", help="decay time of the newcomer excess hazard (fitted, as rate_annual)"
    )
    quit_share: float = param(
        0.7,
        0.0,
        1.0,
        help="share of separations that are quits, the only kind engagement (and so a programme) moves; "
        "the rest are layoffs and discharges (flat) and retirements (late in tenure)",
    )
    retirement_share: float = param(
        0.05, 0.0, 1.0, help="share of separations that are retirements and other late-career exits"
    )
    retirement_doubling_years: float = param(
        5.0, 0.5, 100.0, unit="years", help="the retirement hazard doubles with every this many years of tenure"
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


@tagged("output")
@dataclass
class OutputsConfig:
    """What a run writes beside timeseries.parquet and summary.json."""

    csv: bool = param(False, help="also write timeseries.csv")
    employees: bool = param(
        False,
        help="also write employees.parquet (final state, one row per employee)",
        alone="the per-employee table is written by a run alone",
    )
    quiet: bool = param(False, help="do not print the summary", roles=("inert",), baseline=True)
    store: bool = param(
        False,
        help="a sweep writes its runs into one consolidated store (store/, a few Parquet files; sim/store.py) "
        "instead of a directory of files per run",
        roles=("inert",),
    )
    sweep_summaries: bool = param(
        False,
        help="in a sweep, print every run's summary too (by default a sweep prints one progress line)",
        roles=("inert",),
    )
    run_prefix: str = param(
        "",
        help="prefix of each run's name in a sweep's store, before its job number (a sequential study's later "
        "rounds write r2-0, r2-1, ... beside round one's 0, 1, ...)",
        roles=("inert",),
    )
    objective: str = param(
        "tacit_mean_final",
        choices=OBJECTIVES,
        help="what a run returns to a Hydra sweeper such as Optuna (saved as summary.json's objective); "
        "tacit_gain_per_1000h also runs the same seed without a programme (twice the time); "
        "sun_retention_error: RMS gap to Sun Microsystems' published retention, in points, over 8 seeds "
        "(sim/studies/calibration.py)",
        baseline=AT_DEFAULT,
    )


@tagged("output", "inert", baseline=AT_DEFAULT)
@dataclass
class CheckpointConfig:
    """Saving a run's whole state as it goes, and going on from a saved one (sim.checkpoint; docs/checkpoints.md)."""

    every: int = param(
        0,
        0,
        1_000_000,
        unit="weeks",
        help="save the run's state every this many steps (0 = never)",
        alone="a run saving checkpoints steps alone",
    )
    keep: int = param(2, 1, 1_000_000, help="how many of the latest periodic checkpoints to keep")
    final: bool = param(
        False,
        help="also save the state after the last step (a state to warm-start from)",
        alone="a run saving checkpoints steps alone",
    )
    resume: str = param(
        "",
        help="go on with the run saved in this checkpoint file (or the latest in this run or checkpoints "
        "directory); the config must be the run's own",
        alone="a resumed run goes on alone",
    )


@dataclass
class SensitivityConfig:
    """A global sensitivity sweep (sim.sampling.sensitivity): which SALib sample, and this run's row of it."""

    method: str = param(
        "none", choices=("none", "morris", "sobol"), help="none = an ordinary run; else the SALib sampling method"
    )
    sample: int = param(0, 0, 10_000_000, help="this run's row of the sample (the sweep covers every row)")
    trajectories: int = param(20, 2, 10_000, help="morris: trajectories r (runs: r x (parameters + 1))")
    levels: int = param(4, 2, 100, help="morris: grid levels per parameter (even)")
    base_samples: int = param(
        128, 2, 1_048_576, help="sobol: base samples N, a power of 2 (runs: N x (parameters + 2))"
    )
    seed: int = param(0, 0, 2**32 - 1, help="seed of the SALib sample (the model's seed is the top-level seed)")


@dataclass
class ScenarioConfig:
    """A robustness study's scenario (sim.sampling.scenarios): this run's row of the study's Latin hypercube."""

    index: int = param(-1, -1, 10_000_000, help="this run's scenario, a row of the sample; -1 = the config as given")
    count: int = param(200, 1, 10_000_000, help="scenarios in the study's Latin hypercube sample")
    seed: int = param(0, 0, 2**32 - 1, help="seed of the scenario sample (the model's seed is the top-level seed)")
    pinned: list[str] = field(
        default_factory=list,
        metadata={
            "lo": None,
            "hi": None,
            "choices": None,
            "unit": "",
            "help": "uncertain keys held at this config's value instead of sampled (your own figures), e.g. "
            "[turnover.rate_annual]; python -m sim.decide pins every such key you set",
        },
    )


@tagged("output", "inert")
@dataclass
class ReportConfig:
    """How ``python -m sim.report`` compares a sweep's runs (does not change a run's outputs)."""

    compare: str = param(
        "program.design",
        help="the config key whose values the report compares (others swept become panels); "
        "if it does not vary in the sweep, the first key that does",
    )
    baseline: str = param(
        "none", help="the value of report.compare every other value is compared with; if absent, the first one run"
    )
    auto: bool = param(True, help="a sweep writes its report (report/ in the sweep directory) when it ends")


@dataclass
class PracticeConfig:
    """A new practice (a tool or a method) that a few experts in one team know and nobody else: the classroom's scenario."""

    experts: int = param(
        0, 0, 10_000, help="people who know the new practice at the start, in one front-line team; 0 = no new practice"
    )
    skill: int = param(-1, -1, 63, help="the skill that is the new practice; -1 = the last skill")
    expert_level: float = param(0.9, 0.0, 1.0, help="the experts' explicit knowledge and tacit know-how of it")
    learning_per_year: float = param(
        10.0,
        0.0,
        52.0,
        unit="per year",
        help="learning it by doing, once begun: tacit grows by rate x know-how x (1 - know-how)",
    )
    explicit_learning_per_year: float = param(
        10.0, 0.0, 52.0, unit="per year", help="the same for explicit knowledge of it (reading up once shown it)"
    )
    start_at: float = param(
        0.1, 0.0, 1.0, help="know-how of it from which one can practise it (below, one learns it only from others)"
    )
    knows_at: float = param(
        0.3, 0.0, 1.0, help="tacit know-how of it from which a person counts as knowing it (the share who know it)"
    )
    experts_leave_week: int = param(
        -1, -1, 100_000, unit="weeks", help="the week the experts leave (retire, replaced by new hires); -1 = they stay"
    )


@dataclass
class SimConfig:
    """A whole run."""

    seed: int = param(
        0,
        0,
        2**63 - 1,
        help="the run's seed: every random draw comes from it, through a stream per purpose (sim.streams)",
        roles=("replicate",),
    )
    steps: int = param(260, 0, 100_000, unit="weeks", help="weekly steps to simulate")
    warm_start: str = param(
        "",
        help="start from the organisation saved in this checkpoint (a run without a programme, sim.checkpoint): "
        "its people, knowledge and network at step 0 instead of a newly built one",
    )
    org: OrgConfig = field(default_factory=OrgConfig)
    network: NetworkConfig = field(default_factory=NetworkConfig)
    program: ProgramConfig = field(default_factory=ProgramConfig)
    matching: MatchingConfig = field(default_factory=MatchingConfig)
    lifecycle: LifecycleConfig = field(default_factory=LifecycleConfig)
    support: SupportConfig = field(default_factory=SupportConfig)
    knowledge: KnowledgeConfig = field(default_factory=KnowledgeConfig)
    practice: PracticeConfig = field(default_factory=PracticeConfig)
    engagement: EngagementConfig = field(default_factory=EngagementConfig)
    turnover: TurnoverConfig = field(default_factory=TurnoverConfig)
    economics: EconomicsConfig = field(default_factory=EconomicsConfig)
    outputs: OutputsConfig = field(default_factory=OutputsConfig)
    checkpoint: CheckpointConfig = field(default_factory=CheckpointConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    scenario: ScenarioConfig = field(default_factory=ScenarioConfig)


class ConfigError(ValueError):
    """A config value outside what is allowed; its message is one line for the user."""


def _walk(node: Any, prefix: str, group: Tags):
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        if dataclasses.is_dataclass(value):
            yield from _walk(value, f"{prefix}{f.name}.", getattr(type(value), "__tags__", group))
        else:
            m = f.metadata
            yield (
                f"{prefix}{f.name}",
                Tags(
                    group.roles | set(m.get("roles", ())),
                    m.get("baseline", group.baseline),
                    m.get("alone", group.alone),
                ),
            )


@functools.cache
def all_tags() -> dict[str, Tags]:
    """Every key's tags (:data:`ROLES`), from the schema."""
    return dict(_walk(SimConfig(), "", Tags()))


def tags_of(key: str) -> Tags:
    """``key``'s tags; a key this version does not have (a saved run's) takes its group's, else none."""
    found = all_tags().get(key)
    if found is not None:
        return found
    group = getattr(SimConfig(), key.split(".")[0], None)
    return getattr(type(group), "__tags__", Tags()) if dataclasses.is_dataclass(group) else Tags()


@functools.cache
def has_role(key: str, role: str) -> bool:
    """Tell whether ``key`` (a dotted key, or a group: all of its keys) has ``role`` (:data:`ROLES`)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; the roles are {', '.join(ROLES)}")
    under = [k for k in all_tags() if k.startswith(key + ".")]
    return all(role in tags_of(k).roles for k in under or [key])


def keys_with(role: str) -> tuple[str, ...]:
    """Every key with ``role``, in the schema's order."""
    return tuple(k for k in all_tags() if has_role(k, role))


def in_fingerprint(key: str) -> bool:
    """Tell whether ``key``'s value shapes a run's outputs (it is not ``inert``: :data:`ROLES`)."""
    return not has_role(key, "inert")


def ensemble_shared(key: str) -> bool:
    """Tell whether the runs of one ensemble must agree on ``key`` (fingerprinted, not ``replicate``)."""
    return in_fingerprint(key) and not has_role(key, "replicate")


def replicate_names() -> tuple[str, ...]:
    """What the runs of one ensemble may differ in, for people: ``seed``, ``program.*``, ... (from the tags)."""
    tops = dict.fromkeys(k.split(".")[0] for k in keys_with("replicate"))
    return tuple(t if t in all_tags() else f"{t}.*" for t in tops if has_role(t, "replicate"))


def baseline_values() -> dict[str, Any]:
    """The keys a run's baseline sets (sim.run.baseline), with the values it sets them to."""
    defaults = {k: v for k, v, _ in iter_fields(SimConfig())}
    return {
        k: defaults[k] if t.baseline is AT_DEFAULT else t.baseline
        for k, t in all_tags().items()
        if t.baseline is not KEEP
    }


def alone_reason(cfg: SimConfig) -> str | None:
    """Why a run of ``cfg`` steps alone rather than in an ensemble (sim.ensemble), or None when it can step in one.

    The one rule for ensembles and the sweeps that batch their runs (sim.run.batch): a key tagged
    ``alone`` that is set.
    """
    tags = all_tags()
    for key, value, _ in iter_fields(cfg):
        if value and tags[key].alone:
            return f"{key}={format_value(value)}: {tags[key].alone}"
    return None


def format_value(value: Any) -> str:
    """A value as the command line writes it: strings quoted."""
    return repr(value) if isinstance(value, str) else str(value)


def format_bound(x: float) -> str:
    """A bound for people: 5,000,000 rather than 5e+06; 0.95 as is."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def iter_fields(node: Any, prefix: str = ""):
    """Yield ``(dotted_key, value, dataclass_field)`` for every leaf of a config dataclass."""
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        key = f"{prefix}{f.name}"
        if dataclasses.is_dataclass(value):
            yield from iter_fields(value, key + ".")
        else:
            yield key, value, f


def with_overrides(cfg: SimConfig, overrides: dict[str, Any]) -> SimConfig:
    """Return a copy of ``cfg`` with dotted keys (``"org.n_employees"``) replaced."""
    cfg = _deep_copy(cfg)
    for dotted, value in overrides.items():
        *path, leaf = dotted.split(".")
        node = cfg
        for part in path:
            if not dataclasses.is_dataclass(node) or not hasattr(node, part):
                raise ConfigError(f"{dotted}: unknown key")
            node = getattr(node, part)
        if not dataclasses.is_dataclass(node) or leaf not in {f.name for f in dataclasses.fields(node)}:
            raise ConfigError(f"{dotted}: unknown key")
        setattr(node, leaf, value)
    return cfg


def _deep_copy(node: Any) -> Any:
    changes = {
        f.name: _deep_copy(getattr(node, f.name))
        for f in dataclasses.fields(node)
        if dataclasses.is_dataclass(getattr(node, f.name))
    }
    return dataclasses.replace(node, **changes)


def reference_markdown() -> str:
    """The parameter reference as Markdown tables, one per config group."""
    lines: list[str] = []
    top = SimConfig()
    sections: dict[str, list[tuple[str, Any, dataclasses.Field]]] = {}
    for key, value, f in iter_fields(top):
        group = key.split(".")[0] if "." in key else "(top level)"
        sections.setdefault(group, []).append((key, value, f))
    for group, rows in sections.items():
        lines += [
            f"**{group}**",
            "",
            "| key | default | allowed | unit | meaning | basis of the default |",
            "|---|---|---|---|---|---|",
        ]
        for key, value, f in rows:
            m = f.metadata
            if m.get("choices"):
                allowed = " \\| ".join(m["choices"])
            elif m.get("lo") is not None:
                allowed = f"{format_bound(m['lo'])} to {format_bound(m['hi'])}"
            else:
                allowed = "true \\| false" if isinstance(value, bool) else ""
            basis = BASIS[key].replace("|", "\\|")
            lines.append(
                f"| `{key}` | `{format_value(value)}` | {allowed} | {m.get('unit', '')} | {m.get('help', '')} "
                f"| {basis} |"
            )
        lines.append("")
    return "\n".join(lines)


def reference_document() -> str:
    """docs/configuration.md: a header and :func:`reference_markdown`."""
    return (
        "# Configuration reference\n\n"
        "Every key of `python -m sim`, generated from `sim/config.py` by\n"
        "`python -m sim.config > docs/configuration.md` (a test checks it is current). Override any key\n"
        "on the command line (`python -m sim org.n_employees=2000`); pick a group option with\n"
        "`group=option` (`program=peer`). Ranges are inclusive. The last column says where each default\n"
        "comes from (`sim/provenance.py`): *source* (a published number), *fitted* (to the named figures),\n"
        "*assumption* (a modelling judgement; what follows from it is a consequence, not a forecast) or\n"
        "*setting* (a choice about the run or the programme).\n\n" + reference_markdown()
    )


if __name__ == "__main__":
    print(reference_document(), end="")
