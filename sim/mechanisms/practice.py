"""A new practice: one skill (a new tool or method) that a handful of experts in one team know.

The classroom's scenario (``practice.experts > 0``; off by default, when nothing here acts).
At the start nobody knows the practice's skill (explicit knowledge and tacit know-how 0)
except ``practice.experts`` people of one front-line team, who know it at
``practice.expert_level``; new hires arrive knowing none of it. It then spreads as any
knowledge does, through conversations over the informal network and mentoring meetings
(sim.mechanisms.knowledge), with one difference: nobody can practise a method they have not
begun to learn, so learning it by doing grows with what one knows,
``dx = r * a * x * (1 - x)`` per week instead of ``r * a * (1 - x)`` (each contact's seed then
grows by practice, the S-shaped adoption curve of Rogers' diffusion of innovations).
Obsolescence acts on it as on any skill. With ``practice.experts_leave_week`` the experts
all leave that week (they retire; new hires take their seats): does the know-how survive them?

Who knows it: tacit know-how of at least ``practice.knows_at`` (:func:`share_knowing`).
"""

from __future__ import annotations

import numpy as np

from sim.config import PracticeConfig
from sim.state import Workforce


def learning(cfg: PracticeConfig, n_skills: int, explicit: bool) -> tuple[int, float, float] | None:
    """(skill, learning rate per year, start) of the practice for knowledge.learn_by_doing; None when off."""
    k = skill_of(cfg, n_skills)
    if k is None:
        return None
    return k, cfg.explicit_learning_per_year if explicit else cfg.learning_per_year, cfg.start_at


def skill_of(cfg: PracticeConfig, n_skills: int) -> int | None:
    """The practice's skill index, or None when the scenario is off."""
    if cfg.experts <= 0:
        return None
    return n_skills - 1 if cfg.skill < 0 else cfg.skill


def choose_experts(level: np.ndarray, team: np.ndarray, count: int) -> np.ndarray:
    """Rows of the experts: the first ``count`` people, in row order, of the largest front-line team.

    Ties between teams of one size go to the lower team number; if the team holds fewer than
    ``count`` people, the next largest team gives the rest. No random draw: the run's stream
    is the one it would be without the scenario.
    """
    front = level == 0
    sizes = np.bincount(team[front], minlength=int(team.max()) + 1)
    order = np.lexsort((np.arange(len(sizes)), -sizes))  # largest first, then by team number
    rows = np.concatenate([np.flatnonzero(front & (team == t)) for t in order[sizes[order] > 0]])
    return rows[:count]


def seed(state: Workforce, cfg: PracticeConfig) -> np.ndarray:
    """Set the practice's skill at the start (experts know it, nobody else); return the experts' rows."""
    k = skill_of(cfg, state.n_skills)
    if k is None:
        return np.zeros(0, dtype=np.int64)
    experts = choose_experts(state.level, state.team, cfg.experts)
    for x in (state.skills, state.tacit):
        x[:, k] = 0.0
        x[experts, k] = cfg.expert_level
    state.opted_in[experts] = True  # the experts volunteer for any programme: they want it to spread
    return experts


def hires_know_nothing(state: Workforce, rows: np.ndarray, cfg: PracticeConfig) -> None:
    """New hires in ``rows`` arrive knowing none of the practice."""
    k = skill_of(cfg, state.n_skills)
    if k is not None:
        state.skills[rows, k] = 0.0
        state.tacit[rows, k] = 0.0


def share_knowing(tacit: np.ndarray, cfg: PracticeConfig) -> float:
    """Share of people whose tacit know-how of the practice is at least ``knows_at`` (0 when off)."""
    k = skill_of(cfg, tacit.shape[1])
    return 0.0 if k is None else float((tacit[:, k] >= cfg.knows_at).mean())
