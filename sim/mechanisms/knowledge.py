"""Knowledge: transfer along ties, learning by doing, obsolescence.

Transfer (stage 3 of the weekly step, sim.model). A flow f carries knowledge from ``src[f]`` to ``dst[f]`` with a
coefficient ``c[f]`` in [0, 1] and, optionally, per-skill weights ``w[f, k]`` in [0, 1]. The
receiver gains a share of the gap where the source knows more:

    gain[i, k] = sum_{f: dst[f] = i} c[f] * w[f, k] * max(x[src[f], k] - x[i, k], 0)

computed from the values before the call (all flows passed in one call are simultaneous; the
model calls it for mentoring flows first, then informal contacts).
If a receiver's coefficients sum to more than 1 they are scaled down to sum to 1, so the new
value is a convex combination of old values: a transfer never overshoots the largest gap,
and knowledge stays in [0, 1]. Nobody loses knowledge by teaching (knowledge is non-rival;
Cowan & Jonard 2004 model it as barter between linked agents; here only the side that knows
less gains).

Learning by doing: tacit know-how grows with practice toward mastery at a per-skill speed,
``dx = r * a_ik * (1 - x)`` per week (Nonaka 1994: tacit knowledge is built through
experience and socialisation; March 1991 and later models let individuals learn from
experience). Explicit knowledge grows the same way through training at its own rate.
Obsolescence (turbulence, March 1991) makes a share of all knowledge stale each week, faster
for one fast-changing skill (``knowledge.fast_skill``, e.g. new tools) in which new hires
arrive better trained: the opening for reverse mentoring (seed texts: "you and your mentor
can switch roles ... if you have areas in which you can guide your mentor").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.config import KnowledgeConfig
from sim.mechanisms import kernels
from sim.units import WEEKS_PER_YEAR


def transfer(
    x: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    coef: np.ndarray,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Apply simultaneous gap-closing flows to ``x`` in place; return each row's gain.

    Args:
        x: float[N, K] knowledge in [0, 1], updated in place.
        src: int[F] row each flow comes from.
        dst: int[F] row each flow goes to (never equal to ``src``).
        coef: float[F] share of the gap passed, in [0, 1].
        weights: optional float[F, K] per-skill share in [0, 1].

    Returns:
        float[N, K] gain of each row (zero where nothing was learnt).
    """
    return kernels.transfer_numpy(x, src, dst, coef, weights)


@dataclass(frozen=True)
class Conversations:
    """How the informal network's ties talk: the chance of a conversation and the shares of the gaps it passes.

    Each is one value for every tie or one per tie (a network file's weights as contact rates).
    """

    p: float | np.ndarray
    explicit: float | np.ndarray
    tacit: float | np.ndarray

    @classmethod
    def of(cls, cfg: KnowledgeConfig, rate: np.ndarray | None = None, weeks: int = 1) -> Conversations:
        """Conversations over ``weeks`` (one draw a stride) at ``cfg``'s rates, each tie's chance times its ``rate``.

        Over a stride of several weeks a tie talks with the chance of at least one conversation and
        passes the expected transfer of all of them (sim.mechanisms.history).
        """
        p = cfg.informal_contact_p if rate is None else np.minimum(cfg.informal_contact_p * rate, 1.0)
        if weeks == 1:
            return cls(p, cfg.informal_explicit_rate, cfg.informal_tacit_rate)
        stride = np.asarray(1.0 - (1.0 - p) ** weeks)
        scale = np.divide(weeks * p, stride, out=np.zeros_like(stride), where=stride > 0)
        explicit = np.minimum(1.0, cfg.informal_explicit_rate * scale)
        return cls(stride, explicit, np.minimum(1.0, cfg.informal_tacit_rate * scale))


def informal_contacts(
    skills: np.ndarray,
    tacit: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    cfg: KnowledgeConfig,
    rng: np.random.Generator,
    talk: Conversations | None = None,
) -> None:
    """Conversations over the informal network this week, in place.

    Each tie ``(u[e], v[e])`` is a conversation with probability ``informal_contact_p``; a
    conversation passes ``informal_explicit_rate`` of the explicit and ``informal_tacit_rate``
    of the tacit gap, both ways (:func:`transfer`, all conversations simultaneous). ``talk``
    gives other chances and shares (per tie, or a history's strides: :class:`Conversations`).
    """
    talk = talk or Conversations.of(cfg)
    contact = rng.random(len(u)) < talk.p
    a, b = u[contact], v[contact]
    src, dst = np.concatenate((a, b)), np.concatenate((b, a))
    rates = [
        np.full(len(src), r) if np.ndim(r) == 0 else np.concatenate((r[contact], r[contact]))
        for r in (talk.explicit, talk.tacit)
    ]
    kernels.transfer_pair(skills, rates[0], tacit, rates[1], src, dst, keep_gain=False)


def informal_week(
    skills: np.ndarray,
    tacit: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    cfg: KnowledgeConfig,
    rng: np.random.Generator,
    aptitude: np.ndarray,
    stale: np.ndarray,
    weeks: int = 1,
    practice: tuple[tuple[int, float, float] | None, tuple[int, float, float] | None] = (None, None),
    rate: np.ndarray | None = None,
) -> None:
    """Stage 3 after the mentoring flows, in place: :func:`informal_contacts`, learning by doing, obsolescence.

    Tacit know-how learns at ``tacit_learning_per_year`` times ``aptitude``, explicit knowledge at
    ``explicit_learning_per_year``; both go stale at ``stale`` per year (per skill); ``weeks``
    multiplies the rates (the history's strides, sim.mechanisms.history); ``practice`` is the new
    practice's rule for (tacit, explicit) (:func:`learn_by_doing`'s ``started``); ``rate`` each tie's
    contact rate (sim.mechanisms.network.InformalNetwork.rate; None: all alike). From
    :data:`kernels.COMPILED_FROM` employees, where Numba is installed, the stages run as one compiled
    pass (:func:`kernels.informal_week`, the same bits).
    """
    tacit_rate, explicit_rate = weeks * cfg.tacit_learning_per_year, weeks * cfg.explicit_learning_per_year
    stale_rate = weeks * stale
    talk = Conversations.of(cfg, rate, weeks)
    if kernels.use_compiled(len(tacit)):
        draws = rng.random(len(u))
        plain = practice == (None, None)
        then = None
        if plain:
            factor = np.broadcast_to(1.0 - np.asarray(stale_rate) / WEEKS_PER_YEAR, (tacit.shape[1],))
            then = (explicit_rate / WEEKS_PER_YEAR, tacit_rate / WEEKS_PER_YEAR, aptitude, factor, factor)
        kernels.informal_week(skills, talk.explicit, tacit, talk.tacit, u, v, draws, talk.p, then)
        if plain:
            return
    else:
        informal_contacts(skills, tacit, u, v, cfg, rng, talk)
    learn_by_doing(tacit, tacit_rate, aptitude, practice[0])
    learn_by_doing(skills, explicit_rate, None, practice[1])
    obsolesce(tacit, stale_rate)
    obsolesce(skills, stale_rate)


def person_mean(x: np.ndarray) -> np.ndarray:
    """Each row's mean over skills (float[N] from float[N, K]).

    A matrix-vector product: numpy's ``mean(axis=1)`` over a short last axis costs several
    times more, and the step needs this every week.
    """
    return x @ np.full(x.shape[1], 1.0 / x.shape[1])


def learn_by_doing(
    x: np.ndarray,
    rate_per_year: float,
    aptitude: np.ndarray | None = None,
    started: tuple[int, float, float] | None = None,
) -> None:
    """Move ``x`` toward mastery: ``x += r/52 * a * (1 - x)`` (in place).

    ``started``: (skill, rate per year, start) of a skill one practises only once begun (a new
    practice, sim.mechanisms.practice): it grows by ``rate/52 * a * x * (1 - x)`` where ``x >= start``
    and not at all below.
    """
    r = rate_per_year / WEEKS_PER_YEAR
    before = None if started is None else x[:, started[0]].copy()
    if aptitude is None:
        x += r * (1.0 - x)
    else:
        x += r * aptitude * (1.0 - x)
    if started is not None:
        k, rate, start = started
        a = 1.0 if aptitude is None else aptitude[:, k]
        x[:, k] = before + np.where(before >= start, rate / WEEKS_PER_YEAR * a * before * (1.0 - before), 0.0)


def obsolesce(x: np.ndarray, rate_per_year: float | np.ndarray) -> None:
    """Let a weekly share ``rate/52`` of knowledge go stale (in place; a rate per skill broadcasts)."""
    x *= 1.0 - np.asarray(rate_per_year) / WEEKS_PER_YEAR


def at_tenure(
    x0: np.ndarray, tenure_weeks: np.ndarray, learn_per_year: np.ndarray, obsolete_per_year: float | np.ndarray
) -> np.ndarray:
    """Knowledge after ``tenure_weeks`` of learning by doing and obsolescence from ``x0``.

    Solves ``dx/dt = r (1 - x) - o x`` in closed form: ``x* - (x* - x0) exp(-(r + o) t)``
    with ``x* = r / (r + o)``, rates per week. Used to give the initial organisation the
    knowledge its people would have built in their tenure.
    """
    r = learn_per_year / WEEKS_PER_YEAR
    o = np.asarray(obsolete_per_year) / WEEKS_PER_YEAR
    total = r + o
    x_star = np.divide(r, total, out=np.ones_like(total * 1.0), where=total > 0)
    t = tenure_weeks[:, None] if np.ndim(tenure_weeks) == 1 and np.ndim(x0) == 2 else tenure_weeks
    return np.clip(x_star - (x_star - x0) * np.exp(-total * t), 0.0, 1.0)


def hire_knowledge(
    level: np.ndarray, n_levels: int, n_skills: int, cfg: KnowledgeConfig, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Explicit and tacit knowledge of new hires into positions at ``level``.

    Explicit knowledge comes with the person (higher positions hire more experienced
    people); tacit, organisation-specific know-how starts low for everyone.
    """
    m = len(level)
    frac = level / max(n_levels - 1, 1)
    explicit_mean = np.clip(cfg.hire_explicit_mean + cfg.hire_explicit_level_bonus * frac, 0.0, 1.0)
    bonus = np.zeros(n_skills)
    if 0 <= cfg.fast_skill < n_skills:
        bonus[cfg.fast_skill] = cfg.hire_fast_skill_bonus  # newcomers know the newest tools
    explicit = np.clip(explicit_mean[:, None] + bonus + rng.normal(0.0, 0.1, (m, n_skills)), 0.0, 1.0)
    tacit = np.clip(cfg.hire_tacit_mean + bonus + rng.normal(0.0, 0.05, (m, n_skills)), 0.0, 1.0)
    return explicit, tacit


def obsolescence_rates(cfg: KnowledgeConfig, n_skills: int) -> np.ndarray:
    """Obsolescence per year of each skill: the general rate, faster for the fast-changing skill."""
    rates = np.full(n_skills, cfg.obsolescence_per_year)
    if 0 <= cfg.fast_skill < n_skills:
        rates[cfg.fast_skill] = cfg.fast_skill_obsolescence_per_year
    return rates


def draw_aptitude(m: int, n_skills: int, rng: np.random.Generator) -> np.ndarray:
    """Per-person, per-skill learning speed: uniform on [0.5, 1.5], mean 1.

    Heterogeneous aptitude gives each person strong and weak skills, so peers have
    something to teach each other.
    """
    return rng.uniform(0.5, 1.5, (m, n_skills))


def initial_knowledge(
    level: np.ndarray,
    tenure_weeks: np.ndarray,
    aptitude: np.ndarray,
    cfg: KnowledgeConfig,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Explicit and tacit knowledge of the initial workforce, given level and tenure."""
    n_levels = int(level.max()) + 1 if len(level) else 1
    x0, t0 = hire_knowledge(level, n_levels, aptitude.shape[1], cfg, rng)
    stale = obsolescence_rates(cfg, aptitude.shape[1])
    explicit = at_tenure(x0, tenure_weeks, np.full_like(x0, cfg.explicit_learning_per_year), stale)
    tacit = at_tenure(t0, tenure_weeks, cfg.tacit_learning_per_year * aptitude, stale)
    return explicit, tacit
