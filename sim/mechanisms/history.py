"""The organisation's know-how as its people built it: each seat's history before step 0.

A built organisation gives each person the knowledge their tenure would give them by
learning by doing and obsolescence alone (:func:`sim.mechanisms.knowledge.at_tenure`, in
closed form). Conversations over the informal network (stage 3 of the week) also pass
know-how, so a run started from the closed form drifts up for years without any programme
(measured at 500 people: tacit know-how 0.485 -> 0.55 over six years, by 0.06 in the five
years a comparison usually covers, several times the spread between seeds), and a "before
and after" or a late-starting programme mixes that drift into its effect. With informal
contacts switched off the drift all but vanishes (0.489 -> 0.494), so it is theirs.

So the organisation's knowledge is built by its history (``knowledge.history_years``, H
weeks): every seat is occupied for H weeks before step 0, by its current occupant from the
week they were hired (``tenure_weeks`` before step 0) and by a predecessor before that; each
week the informal network talks, people learn by doing and knowledge goes stale, as in a run
without a programme (the last quarter week by week, earlier weeks eight at a time:
:data:`COARSE_WEEKS`); at their hire week each occupant arrives with a hire's knowledge. A
person hired more than H weeks ago starts the history at the closed form for their tenure
minus H. A predecessor starts at the mean closed-form knowledge of the seat's level
(assumption: what the seat's earlier occupants knew is not on record). Tenure, engagement,
people and seats are untouched: a roster stays the roster, and knowledge given in a roster is
kept as given. The draws come from the run's ``history`` stream, so every design of a seed
starts from the same organisation; a process keeps the last histories it built
(:data:`_BUILT`), so the designs of one seed in a sweep worker or an ensemble build it once.

The default of five years is where the drift is least: -0.0011 +- 0.0019 over five years at
500 people (30 seeds; spread between seeds 0.0085); longer histories settle slightly above the
model's own level (-0.006 at eight years), since the seats' earlier occupants are not modelled.
What remains: explicit knowledge still rises by about 0.007 over five years (twice its spread
between seeds) because the builder seats long-tenured people in senior seats
(``org.tenure_level_correlation``) and hires into senior seats bring more explicit knowledge,
while the hazard of leaving does not depend on the level, so the correlation fades in a run.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict

import numpy as np

from sim.config import KnowledgeConfig
from sim.mechanisms import knowledge
from sim.state import Workforce
from sim.units import WEEKS_PER_YEAR


def build(
    state: Workforce,
    u: np.ndarray,
    v: np.ndarray,
    cfg: KnowledgeConfig,
    weeks: int,
    rng: np.random.Generator,
    keep_skills: bool = False,
    keep_tacit: bool = False,
    rate: np.ndarray | None = None,
) -> None:
    """Replace the closed-form knowledge of ``state`` by the knowledge its seats' histories build, in place.

    Args:
        state: the built organisation (levels, tenure, aptitude; knowledge in closed form).
        u, v: the informal network's ties.
        cfg: the knowledge parameters (rates of conversation, learning, obsolescence, hires).
        weeks: H, the weeks of history before step 0 (0: keep the closed form).
        rng: the run's history stream (hires' knowledge, then each week's conversations).
        keep_skills, keep_tacit: keep explicit or tacit knowledge as it is (given in a roster).
        rate: each tie's contact rate (a network file's weights; sim.mechanisms.network), or None.
    """
    if weeks <= 0 or (keep_skills and keep_tacit):
        return
    key = _key(state, u, v, cfg, weeks, rng, rate)
    if key not in _BUILT:
        _BUILT[key] = _built(state, u, v, cfg, weeks, rng, rate)
        while len(_BUILT) > _MAX_BUILT:
            _BUILT.popitem(last=False)
    skills, tacit, after = _BUILT[key]
    rng.bit_generator.state = after
    if not keep_skills:
        state.skills[:] = skills
    if not keep_tacit:
        state.tacit[:] = tacit


#: Histories built in this process, by their inputs' digest: (skills, tacit, the stream's state after).
_BUILT: OrderedDict[str, tuple[np.ndarray, np.ndarray, dict]] = OrderedDict()
_MAX_BUILT = 16


def _key(state: Workforce, u: np.ndarray, v: np.ndarray, cfg: KnowledgeConfig, weeks: int, rng, rate) -> str:
    """A digest of everything a history depends on: the seats, people, network, parameters and stream."""
    h = hashlib.blake2b(repr((cfg, weeks, rng.bit_generator.state, rate is None)).encode(), digest_size=20)
    for a in (
        state.level,
        state.tenure_weeks,
        state.aptitude,
        state.skills,
        state.tacit,
        u,
        v,
        *([] if rate is None else [rate]),
    ):
        h.update(np.ascontiguousarray(a).view(np.uint8))
    return h.hexdigest()


def _built(
    state: Workforce,
    u: np.ndarray,
    v: np.ndarray,
    cfg: KnowledgeConfig,
    weeks: int,
    rng: np.random.Generator,
    rate: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, dict]:
    """The history's knowledge (skills, tacit; read-only) and the stream's state after it."""
    n, k = state.n, state.n_skills
    explicit_rate = np.full((n, k), cfg.explicit_learning_per_year)
    tacit_rate = cfg.tacit_learning_per_year * state.aptitude
    stale = knowledge.obsolescence_rates(cfg, k)
    hire_skills, hire_tacit = knowledge.hire_knowledge(state.level, state.n_levels, k, cfg, rng)
    hired = np.floor(state.tenure_weeks).astype(np.int64)  # whole weeks each occupant has been here
    before = np.maximum(hired - weeks, 0).astype(float)  # of which before the history began
    skills = knowledge.at_tenure(hire_skills, before, explicit_rate, stale)
    tacit = knowledge.at_tenure(hire_tacit, before, tacit_rate, stale)
    later = hired < weeks  # a predecessor holds these seats when the history begins
    for x, now in ((skills, state.skills), (tacit, state.tacit)):
        level_mean = np.stack([now[state.level == lv].mean(axis=0) for lv in range(state.n_levels)])
        x[later] = level_mean[state.level[later]]
    order = np.argsort(hired, kind="stable")
    bounds = np.searchsorted(hired[order], np.arange(weeks + 2))  # hired w weeks ago: order[bounds[w]:bounds[w+1]]
    w = weeks  # weeks before step 0
    while w > 0:
        length = min(COARSE_WEEKS, w - FINE_WEEKS) if w > FINE_WEEKS else 1
        arriving = order[bounds[w - length + 1] : bounds[w + 1]]  # hired during these weeks: from their start
        skills[arriving], tacit[arriving] = hire_skills[arriving], hire_tacit[arriving]
        _weeks_of_history(skills, tacit, u, v, cfg, state.aptitude, stale, length, rng, rate)
        w -= length
    arriving = order[bounds[0] : bounds[1]]  # hired in the week the run starts: a hire's knowledge
    skills[arriving], tacit[arriving] = hire_skills[arriving], hire_tacit[arriving]
    skills.flags.writeable = tacit.flags.writeable = False  # kept and shared: copied into each state
    return skills, tacit, rng.bit_generator.state


#: Weeks the history takes in one stride, far from step 0 (its cost falls about sixfold) ...
COARSE_WEEKS = 8
#: ... and the last weeks before step 0, taken week by week (newcomers' knowledge to the week).
FINE_WEEKS = 13


def _weeks_of_history(
    skills: np.ndarray,
    tacit: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    cfg: KnowledgeConfig,
    aptitude: np.ndarray,
    stale: np.ndarray,
    length: int,
    rng: np.random.Generator,
    rate: np.ndarray | None = None,
) -> None:
    """``length`` weeks of a week without a programme's knowledge stages in one stride, in place.

    A tie talks in the stride with the chance of at least one conversation in ``length`` weeks
    and then passes the expected transfer of all of them (sim.mechanisms.knowledge.Conversations);
    learning and obsolescence take ``length`` weeks' rates (one Euler step; the rates are a few
    per cent a month). ``rate``: each tie's contact rate (a network file's weights), or None.
    """
    knowledge.informal_week(skills, tacit, u, v, cfg, rng, aptitude, stale, weeks=length, rate=rate)


def history_weeks(cfg: KnowledgeConfig) -> int:
    """``knowledge.history_years`` in whole weeks."""
    return round(cfg.history_years * WEEKS_PER_YEAR)
