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
week the informal network talks, people learn by doing and knowledge goes stale, exactly as
in a run without a programme; at their hire week each occupant arrives with a hire's
knowledge. A person hired more than H weeks ago starts the history at the closed form for
their tenure minus H. A predecessor starts at the mean closed-form knowledge of the seat's
level (assumption: what the seat's earlier occupants knew is not on record). Tenure,
engagement, people and seats are untouched: a roster stays the roster, and knowledge given
in a roster is kept as given. The draws come from the run's ``history`` stream, so every
design of a seed starts from the same organisation.
"""

from __future__ import annotations

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
) -> None:
    """Replace the closed-form knowledge of ``state`` by the knowledge its seats' histories build, in place.

    Args:
        state: the built organisation (levels, tenure, aptitude; knowledge in closed form).
        u, v: the informal network's ties.
        cfg: the knowledge parameters (rates of conversation, learning, obsolescence, hires).
        weeks: H, the weeks of history before step 0 (0: keep the closed form).
        rng: the run's history stream (hires' knowledge, then each week's conversations).
        keep_skills, keep_tacit: keep explicit or tacit knowledge as it is (given in a roster).
    """
    if weeks <= 0 or (keep_skills and keep_tacit):
        return
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
    bounds = np.searchsorted(hired[order], np.arange(weeks + 2))  # people hired w weeks ago: order[bounds[w]:bounds[w+1]]
    for w in range(weeks, -1, -1):  # w weeks before step 0
        arriving = order[bounds[w] : bounds[w + 1]]
        skills[arriving], tacit[arriving] = hire_skills[arriving], hire_tacit[arriving]
        if w == 0:
            break  # hired in the week the run starts: a hire's knowledge
        knowledge.informal_contacts(skills, tacit, u, v, cfg, rng)
        knowledge.learn_by_doing(tacit, cfg.tacit_learning_per_year, state.aptitude)
        knowledge.learn_by_doing(skills, cfg.explicit_learning_per_year)
        knowledge.obsolesce(tacit, stale)
        knowledge.obsolesce(skills, stale)
    if not keep_skills:
        state.skills[:] = skills
    if not keep_tacit:
        state.tacit[:] = tacit


def history_weeks(cfg: KnowledgeConfig) -> int:
    """``knowledge.history_years`` in whole weeks."""
    return round(cfg.history_years * WEEKS_PER_YEAR)
