"""The organisation's groups: its people and pyramid, informal network, knowledge, engagement, turnover, a new practice."""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.config.fields import NETWORK_KINDS, ORG_KINDS, TENURE_DISTRIBUTIONS, param, tagged


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
    network_path: str = param(
        "",
        help="org=roster: your informal network as an edge list (source, target: ids of the roster; optional "
        "weight), used instead of network.kind's generator (docs/roster.md)",
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
    personal: bool = param(
        False,
        help="ties belong to people, not seats: a leaver's end, a promoted person takes theirs, a newcomer makes "
        "their own over the first months (false: a newcomer inherits the leaver's; docs/model.md 7.15)",
    )
    build_weeks: float = param(
        13.0,
        1.0,
        520.0,
        unit="weeks",
        help="network.personal: a missing contact is made in a week with chance 1/this; at 13 a newcomer has half "
        "their seat's contacts after 9 weeks, four in five after 26 (assumption)",
    )
    fade_years: float = param(
        0.0,
        0.0,
        100.0,
        unit="years",
        help="network.personal: the mean life of a personal tie, which then fades and is made again with "
        "someone; 0 = ties never fade (assumption)",
    )
    legacy_p: float = param(
        0.0,
        0.0,
        1.0,
        help="chance a mentoring tie (a programme's or an informal one) that ends with both people employed "
        "leaves an informal tie between them; 0 = none (assumption)",
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


@dataclass
class InformalConfig:
    """Informal mentoring: mentoring ties people form with a senior contact, without a programme."""

    formation_per_year: float = param(
        0.0,
        0.0,
        12.0,
        unit="per year",
        help="chance a year that a junior without an informal mentor finds one among their informal contacts "
        "above them; 0 = off, the model before informal mentoring (assumption; docs/model.md 7.14)",
    )
    max_tenure_years: float = param(
        5.0, 0.0, 40.0, unit="years", help="juniors look for an informal mentor in their first years (assumption)"
    )
    crowd_out: float = param(
        0.5,
        0.0,
        1.0,
        help="how far a formal tie stands in for an informal one: a junior in a programme's tie looks with "
        "(1 - this) of the chance; 0 = a programme adds to informal mentoring, 1 = replaces it (assumption)",
    )
    seniority_years: float = param(
        3.0,
        0.0,
        40.0,
        unit="years",
        help="an informal mentor is a contact at a higher level, or at one's own with this much more tenure "
        "(assumption)",
    )
    mentor_capacity: int = param(2, 1, 20, help="informal mentees a person takes at most (assumption)")
    meetings_per_month: float = param(
        2.0,
        0.0,
        8.0,
        unit="per month",
        help="how often an informal pair meets (assumption: as often as a programme asks its ties by default, so "
        "that a comparison of the two is of the ties, not of their cadence)",
    )
    duration_weeks: int = param(
        156,
        1,
        2_000,
        unit="weeks",
        help="how long an informal tie lasts (assumption; Kram 1985: cultivation lasts two to five years)",
    )


@dataclass
class CareersConfig:
    """Careers: a seat above the front line that falls vacant is filled by promoting one of its reports, or from outside."""

    internal_share: float = param(
        0.0,
        0.0,
        1.0,
        help="share of vacancies above the front line offered first to the seat's own reports (a promotion, "
        "whose seat falls vacant in turn); 0 = every seat filled from outside (the model before careers); "
        "0.33: US corporations fill a third or less of vacancies internally (Cappelli 2019)",
    )
    min_tenure_years: float = param(
        1.0, 0.0, 40.0, unit="years", help="tenure a report needs before they can be promoted (assumption)"
    )
    engagement_weight: float = param(
        0.5,
        0.0,
        10.0,
        help="readiness for promotion = know-how + this x engagement (+ sponsor_boost with a senior mentor; "
        "assumption)",
    )
    sponsor_boost: float = param(
        0.1,
        0.0,
        10.0,
        help="readiness a report gains while a more senior mentor sponsors them (assumption; objective career "
        "effects of mentoring are small: Allen et al. 2004)",
    )
    readiness_spread: float = param(
        0.1,
        0.001,
        10.0,
        help="luck against readiness: a report's chance to be chosen is proportional to exp(readiness / spread) "
        "(assumption)",
    )


@dataclass
class HeadcountConfig:
    """Growth and cuts: a planned change of headcount, a hiring freeze, a layoff (docs/model.md 7.16)."""

    change_per_year: float = param(
        0.0,
        -0.9,
        2.0,
        unit="per year",
        help="planned change of headcount a year while the plan runs: 0.2 grows by a fifth (new front-line "
        "seats), -0.1 shrinks by a tenth (front-line leavers not replaced); 0 = every leaver replaced",
    )
    start_week: int = param(0, 0, 100_000, unit="weeks", help="the week the plan starts (its freeze and layoff too)")
    weeks: int = param(52, 1, 100_000, unit="weeks", help="how long the planned change runs; headcount holds after")
    freeze_weeks: int = param(
        0,
        0,
        100_000,
        unit="weeks",
        help="a hiring freeze from start_week: front-line leavers not replaced for this long",
    )
    layoff_share: float = param(
        0.0,
        0.0,
        0.9,
        help="share of headcount.layoff_level laid off in start_week (their seats close; a closed manager's "
        "reports go to a colleague of theirs); 0 = no layoff",
    )
    layoff_level: int = param(
        0,
        -1,
        20,
        help="the level a layoff cuts: 0 = the front line, 1 = first-line managers, ...; -1 = every level "
        "below the top",
    )


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
