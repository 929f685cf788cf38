"""Separations: quits that rise as engagement falls and are highest for newcomers; layoffs; retirements.

The weekly probability that the occupant of row i leaves is the sum of three kinds,

    h_i = b * exp(s * (e_ref - e_i)) * (1 + (m - 1) * exp(-t_i / tau))     quits
        + l                                                                 layoffs and discharges
        + r * 2 ** (t_i / (52 D))                                           retirements

with engagement e_i, tenure t_i in weeks, sensitivity s, newcomer multiplier m, decay time tau
and doubling time D (``TurnoverConfig``). Only quits read engagement, so only quits move with a
programme. The scales b, l and r are calibrated once, at the start of a run, so that an
organisation in its steady state without a programme loses ``rate_annual`` of its people a year
in the shares ``quit_share`` and ``retirement_share`` (the rest layoffs): by renewal theory the
steady-state exit rate equals the reciprocal of the mean completed tenure, so with quits only b
is the root of ``sum_t S(t) = 1 / h*`` (S the survival curve, ``h* = rate_annual / 52``), and
with other kinds each kind's rate is its hazard averaged over the occupied seats (:func:`kind_rates`).

Sources: engagement lowers intention to quit and turnover (Harter, Schmidt & Hayes 2002,
J. Applied Psychology 87(2)); turnover is highest early in tenure (the "liability of
newness" in the first year; Griffeth, Hom & Gaertner 2000, J. Management 26(3), meta-
analysis, tenure as a predictor); 70% of separations are quits (BLS JOLTS, July 2022). m and
tau are fitted with a rate of 42.5% a year, every separation a quit, to the US tenure profile of
January 2022 (BLS: median 4.1 years, 27% at 10+ years, 24.3% at a year or less;
``workforce=us_all_workers``, with s = 4); the default s, 8, so that engagement correlates with
quitting within a year as satisfaction and commitment do (-.21; sim.studies.engagement_fit), and
jointly the default rate, 23.0%, to knowledge work's median tenure of 5.0 years (BLS table 6;
``workforce=knowledge_work``; sim.studies.workforce).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from sim.config import EngagementConfig, TurnoverConfig
from sim.mechanisms.engagement import baseline_quantile, stationary_sd
from sim.units import WEEKS_PER_YEAR

# Survival curves are evaluated on a weekly grid of at least 80 years (beyond any working
# life) and at least ten mean tenures, so the truncated tail carries no measurable mass.
_GRID_WEEKS = int(80 * WEEKS_PER_YEAR)
#: The lowest non-zero turnover a steady state is computed for (a mean tenure of 100 years).
MIN_RATE_ANNUAL = 0.01


def _grid_weeks(rate_annual: float) -> int:
    return max(_GRID_WEEKS, int(10 * WEEKS_PER_YEAR / rate_annual))


def weekly_rate(rate_annual: float) -> float:
    """Weekly exit probability for an annual turnover rate.

    The annual rate is counted as employers count it: separations in a year divided by
    the average headcount (BLS JOLTS and SHRM definitions). With every leaver replaced,
    a seat can turn over more than once a year, so the weekly rate is ``rate / 52``.
    """
    return rate_annual / WEEKS_PER_YEAR


def tenure_factor(tenure_weeks: np.ndarray, cfg: TurnoverConfig) -> np.ndarray:
    """Newcomer excess hazard: m at tenure 0, decaying to 1 with time constant ``newcomer_weeks``."""
    return 1.0 + (cfg.newcomer_multiplier - 1.0) * np.exp(-tenure_weeks / cfg.newcomer_weeks)


def engagement_factor(engagement: np.ndarray, e_ref: float, cfg: TurnoverConfig) -> np.ndarray:
    """Hazard multiplier for engagement: 1 at ``e_ref``, larger when less engaged."""
    return np.exp(cfg.engagement_sensitivity * (e_ref - engagement))


def retirement_factor(tenure_weeks: np.ndarray, cfg: TurnoverConfig) -> np.ndarray:
    """Growth of the retirement hazard with tenure: 1 at tenure 0, doubling every ``retirement_doubling_years``."""
    return np.exp2(tenure_weeks / (cfg.retirement_doubling_years * WEEKS_PER_YEAR))


def _survival(scale: np.ndarray, cfg: TurnoverConfig, layoff: float = 0.0, retirement: float = 0.0) -> np.ndarray:
    """S(t) on the weekly grid for hazards ``scale * tenure_factor(t)`` (+ layoffs and retirements; capped at 1).

    Args:
        scale: float[B] quits' hazard scales.

    Returns:
        float[B, G] probability of still being employed at the start of each week.
    """
    t = np.arange(_grid_weeks(cfg.rate_annual), dtype=float)
    f = tenure_factor(t, cfg)
    h = np.asarray(scale, dtype=float)[:, None] * f[None, :]
    if layoff or retirement:
        h = h + (layoff + retirement * retirement_factor(t, cfg))[None, :]
    h = np.minimum(h, 1.0)
    s = np.cumprod(1.0 - h, axis=1)
    return np.concatenate((np.ones((h.shape[0], 1)), s[:, :-1]), axis=1)


#: The kinds of separation, in the order of the ledger's counts (sim.ledger.Ledger.exits_by_kind).
KINDS = ("quit", "layoff", "retirement")


@dataclass(frozen=True)
class Hazard:
    """The calibrated weekly hazards of each kind of separation (module docstring).

    Attributes:
        quit_weekly: quits' scale b: the hazard at engagement ``e_ref`` for long tenure.
        layoff_weekly: layoffs' and discharges' flat hazard.
        retirement_weekly: retirements' hazard at tenure 0 (doubling every ``retirement_doubling_years``).
    """

    quit_weekly: float = 0.0
    layoff_weekly: float = 0.0
    retirement_weekly: float = 0.0

    @property
    def quits_only(self) -> bool:
        """Every separation is a quit (the US all-workers fit): the hazard of one kind."""
        return self.layoff_weekly == 0.0 and self.retirement_weekly == 0.0


@dataclass
class SteadyState:
    """The no-programme steady state of the workforce under the hazard.

    Hires draw a personal engagement baseline from ``EngagementConfig``; people with low
    baselines leave sooner, so seats are occupied by a population more engaged than the
    hires (selection). With the baseline distribution cut into equal-probability bins,
    renewal theory gives each bin's share of occupied seats, proportional to its mean
    tenure, and the tenure distribution within a bin, proportional to its survival curve.

    Attributes:
        base_weekly: quits' hazard at engagement ``e_ref`` for long tenure, per week.
        bin_lo, bin_hi: float[B] quantile range (0 to 1) of each baseline bin.
        occupancy: float[B] share of seats held by each bin (sums to 1).
        tenure_pmf: float[B, G] probability of each whole-week tenure within a bin.
    """

    base_weekly: float
    bin_lo: np.ndarray
    bin_hi: np.ndarray
    occupancy: np.ndarray
    tenure_pmf: np.ndarray
    layoff_weekly: float = 0.0
    retirement_weekly: float = 0.0

    @property
    def hazard(self) -> Hazard:
        """The weekly hazards of each kind."""
        return Hazard(self.base_weekly, self.layoff_weekly, self.retirement_weekly)


_CALIBRATED: dict[tuple, SteadyState | None] = {}
_MAX_CALIBRATED = 1024


def steady_state(cfg: TurnoverConfig, eng: EngagementConfig, n_bins: int = 64) -> SteadyState | None:
    """The calibrated steady state (:func:`calibrate`), computed once per process for each set of values.

    A sweep worker builds many organisations with the same turnover and engagement settings;
    the root-finding takes about 70 ms, a tenth of a 500-employee, five-year run. The result's
    arrays are shared: read them, never write them.
    """
    key = (dataclasses.astuple(cfg), dataclasses.astuple(eng), n_bins)
    if key not in _CALIBRATED:
        if len(_CALIBRATED) >= _MAX_CALIBRATED:
            _CALIBRATED.pop(next(iter(_CALIBRATED)))
        ss = calibrate(cfg, eng, n_bins)
        for f in () if ss is None else dataclasses.fields(ss):
            value = getattr(ss, f.name)
            if isinstance(value, np.ndarray):
                value.flags.writeable = False  # shared by every run of these settings
        _CALIBRATED[key] = ss
    return _CALIBRATED[key]


def calibrate(cfg: TurnoverConfig, eng: EngagementConfig, n_bins: int = 64) -> SteadyState | None:
    """Calibrate the hazard so the steady state loses ``rate_annual`` of headcount a year.

    Solves ``sum_b p_b * M(base * phi(b)) = 1 / h*`` for ``base``, with M the mean tenure
    under a hazard scale, ``phi(b) = exp(s (e_ref - b) + s^2 sigma^2 / 2)`` the mean
    engagement factor of a person with baseline b whose weekly engagement varies with
    stationary spread sigma around it, and p_b = 1 / n_bins. Returns None without turnover.
    """
    target = weekly_rate(cfg.rate_annual)
    if target <= 0.0:
        return None
    q_lo = np.arange(n_bins) / n_bins
    q_hi = q_lo + 1.0 / n_bins
    b = baseline_quantile((q_lo + q_hi) / 2.0, eng)
    sigma = stationary_sd(eng)
    phi = np.exp(cfg.engagement_sensitivity * (eng.baseline_mean - b) + (cfg.engagement_sensitivity * sigma) ** 2 / 2)

    def excess(base: float) -> float:
        return float(_survival(base * phi, cfg).sum(axis=1).mean()) - 1.0 / target

    # At base = target / min(phi) even the most engaged bin leaves faster than wanted, so
    # the root lies below; as base -> 0 tenures run off the grid. Bracket and solve.
    base = float(brentq(excess, 1e-12, target / phi.min(), xtol=1e-15, rtol=1e-12))
    layoff = retirement = 0.0
    if cfg.quit_share < 1.0:
        base, layoff, retirement = _kinds(base, phi, target, cfg)
    surv = _survival(base * phi, cfg, layoff, retirement)
    mean_tenure = surv.sum(axis=1)
    return SteadyState(
        base_weekly=base,
        bin_lo=q_lo,
        bin_hi=q_hi,
        occupancy=mean_tenure / mean_tenure.sum(),
        tenure_pmf=surv / mean_tenure[:, None],
        layoff_weekly=layoff,
        retirement_weekly=retirement,
    )


def kind_rates(base: float, phi: np.ndarray, layoff: float, retirement: float, cfg: TurnoverConfig) -> np.ndarray:
    """Separations per head per week of each kind (quit, layoff, retirement) in the steady state of these hazards.

    By renewal theory each kind's rate is its hazard averaged over the occupied seats: each bin's
    seats in proportion to its mean tenure, each tenure in proportion to its survival.
    """
    surv = _survival(base * phi, cfg, layoff, retirement)
    t = np.arange(surv.shape[1], dtype=float)
    occupied = surv / surv.sum()  # [B, G], the steady state's share of seats at each bin and tenure
    quits = float((occupied * (base * phi[:, None] * tenure_factor(t, cfg)[None, :])).sum())
    retire = float((occupied.sum(axis=0) * retirement * retirement_factor(t, cfg)).sum())
    return np.array([quits, layoff, retire])


def _kinds(base: float, phi: np.ndarray, target: float, cfg: TurnoverConfig) -> tuple[float, float, float]:
    """The quit scale, layoff hazard and retirement scale whose steady state separates ``target`` a week in the shares asked.

    Layoffs are a flat hazard, so their rate is their scale. The quit and retirement scales
    interact (each kind's leavers shorten the others' tenures): each is multiplied by its wanted
    rate over its steady-state rate (a fixed point, a few rounds for usual rates); where that
    converges slowly (very low rates, where retirements dominate long tenures) a root finder on
    the two log scales finishes, until every kind is within a millionth of its share.
    """
    shares = np.array([cfg.quit_share, 1.0 - cfg.quit_share - cfg.retirement_share, cfg.retirement_share])
    shares = np.maximum(shares, 0.0)
    want = shares * target
    ten_years = retirement_factor(np.arange(10 * WEEKS_PER_YEAR, dtype=float), cfg).mean()
    scales = np.array([base * shares[0], want[1], want[2] / ten_years])  # a start: the fixed point finds the rest

    def rates(s: np.ndarray) -> np.ndarray:
        return kind_rates(s[0], phi, s[1], s[2], cfg)

    def close(got: np.ndarray) -> bool:
        return bool(np.all(np.abs(got - want) <= 1e-6 * target))

    got = rates(scales)
    for _ in range(30):
        if close(got):
            return float(scales[0]), float(scales[1]), float(scales[2])
        scales = np.where(want > 0, scales * np.divide(want, got, out=np.ones(3), where=got > 0), 0.0)
        got = rates(scales)
    from scipy.optimize import root  # Start-up time: only slow fixed points need it.

    free = [k for k in (0, 2) if want[k] > 0]

    def residual(x: np.ndarray) -> np.ndarray:
        s = scales.copy()
        s[free] = np.exp(x)
        return np.log(rates(s)[free] / want[free])

    found = root(residual, np.log(scales[free]), method="hybr", options={"xtol": 1e-12})
    scales[free] = np.exp(found.x)
    got = rates(scales)
    if not close(got):  # pragma: no cover - the shares are always reachable; say so if not
        raise RuntimeError(f"turnover: separation shares {shares} not reached ({got / target})")
    return float(scales[0]), float(scales[1]), float(scales[2])


def draw_steady_state(
    ss: SteadyState, n: int, eng: EngagementConfig, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw (engagement baseline, tenure in weeks) for ``n`` seats from the steady state."""
    bins = rng.choice(len(ss.occupancy), size=n, p=ss.occupancy)
    q = ss.bin_lo[bins] + rng.random(n) * (ss.bin_hi[bins] - ss.bin_lo[bins])
    baseline = baseline_quantile(q, eng)
    u = rng.random(n)
    cdfs = np.cumsum(ss.tenure_pmf, axis=1)
    weeks = np.empty(n, dtype=np.int64)
    for j in np.unique(bins):  # at most n_bins inversions, each vectorised
        sel = bins == j
        weeks[sel] = np.searchsorted(cdfs[j], u[sel], side="right")
    weeks = np.minimum(weeks, ss.tenure_pmf.shape[1] - 1)
    return baseline, weeks + rng.random(n)


def weekly_hazard(
    engagement: np.ndarray,
    tenure_weeks: np.ndarray,
    base_weekly: float | Hazard,
    e_ref: float,
    cfg: TurnoverConfig,
) -> np.ndarray:
    """Each occupant's probability of leaving this week, ``h_i`` of the module's equation (float[N], capped at 1).

    ``base_weekly`` is the quits' scale, or the :class:`Hazard` of every kind.
    """
    hz = base_weekly if isinstance(base_weekly, Hazard) else Hazard(base_weekly)
    hazard = _quits(engagement, tenure_weeks, hz, e_ref, cfg)
    if not hz.quits_only:
        hazard += hz.layoff_weekly + _retirements(tenure_weeks, hz, cfg)
    return np.minimum(hazard, 1.0)


def _quits(engagement: np.ndarray, tenure_weeks: np.ndarray, hz: Hazard, e_ref: float, cfg: TurnoverConfig):
    """The quit term of each occupant's hazard (float[N])."""
    return hz.quit_weekly * engagement_factor(engagement, e_ref, cfg) * tenure_factor(tenure_weeks, cfg)


def _retirements(tenure_weeks: np.ndarray, hz: Hazard, cfg: TurnoverConfig) -> np.ndarray:
    """The retirement term of each occupant's hazard (float[N])."""
    return hz.retirement_weekly * retirement_factor(tenure_weeks, cfg)


def kind_of(
    engagement: np.ndarray, tenure_weeks: np.ndarray, hz: Hazard, e_ref: float, cfg: TurnoverConfig, u: np.ndarray
) -> np.ndarray:
    """Which kind of separation each leaver's is (int[M], indices of :data:`KINDS`), by each kind's share of the hazard.

    Args:
        engagement, tenure_weeks: the leavers' (float[M]).
        u: float[M] uniforms in [0, 1), one per leaver (keyed to the person: sim.streams).
    """
    if hz.quits_only:
        return np.zeros(len(u), dtype=np.int64)
    quits = _quits(engagement, tenure_weeks, hz, e_ref, cfg)
    parts = np.stack((quits, np.full_like(quits, hz.layoff_weekly), _retirements(tenure_weeks, hz, cfg)), axis=1)
    cum = np.cumsum(parts, axis=1)
    return np.minimum((u[:, None] * cum[:, -1:] >= cum).sum(axis=1), 2)


def spend(clock: np.ndarray, hazard: np.ndarray) -> np.ndarray:
    """Spend a week's hazard from each occupant's exit clock, in place; return the rows whose clock ran out.

    Each occupant arrives with a unit-exponential clock E (sim.streams) and survives a week
    of probability ``h`` of leaving by spending ``-log(1 - h)`` from it: since E is memoryless,
    the chance of leaving in a week one began is exactly ``h``, as a weekly Bernoulli draw
    would give. The difference is in what two designs share: the same person leaves when the
    same amount of hazard is spent, so a programme that lowers someone's hazard delays that
    person's exit instead of drawing another person's (common random numbers, docs/model.md).

    Args:
        clock: float[N] hazard left on each clock, decreased in place.
        hazard: float[N] this week's probabilities in [0, 1] (1 spends the whole clock).
    """
    with np.errstate(divide="ignore"):  # h = 1: log(0) = -inf, the occupant leaves
        clock += np.log1p(-hazard)
    return np.flatnonzero(clock <= 0.0)
