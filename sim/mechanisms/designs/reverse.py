"""Reverse mentoring: a newer employee strong in the fast-changing skill teaches a senior who lacks it.

The seed texts: "you and your mentor can switch roles ... if you have areas in which you
can guide your mentor". Newcomers arrive better trained in the fast-changing skill
(``knowledge.fast_skill``, sim.mechanisms.knowledge); reverse mentoring pairs those who are
strong in it with seniors who are not (Murphy 2012, Human Resource Management 51(4)): juniors
in their first years whose explicit knowledge of the skill is at or above the organisation's
median, with volunteers above the front line below that median, matched as senior mentoring
matches (:func:`sim.mechanisms.designs.hierarchical.senior_pairs`, scored both ways). The
junior is recorded as mentor and teaches the fast-changing skill while learning everything
else back (sim.mechanisms.meetings); each week they mentor a senior they gain
``engagement.visibility_boost`` (visibility to leaders, sim.mechanisms.program). Without a
fast-changing skill (``knowledge.fast_skill=-1``) the skill rule falls away.
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.designs.base import Design, RoundContext, add_pairs
from sim.mechanisms.designs.hierarchical import check_seniors, senior_pairs
from sim.state import Workforce
from sim.ties import REVERSE, Ties


def skill_rule(state: Workforce, fast: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Who may take part by the fast-changing skill: (juniors at or above its median, seniors below), bool[N] each.

    None without a fast-changing skill.
    """
    if not 0 <= fast < state.n_skills:
        return None
    level = state.skills[:, fast]
    median = np.median(level)
    return level >= median, level < median


def form(state: Workforce, ties: Ties, ctx: RoundContext) -> np.ndarray:
    """A round of reverse mentoring; returns the rows matched (juniors, then seniors)."""
    fast = ctx.knowledge.fast_skill
    senior, junior, pair_fit = senior_pairs(state, ties, ctx, REVERSE, skill_rule(state, fast))
    focus = fast if 0 <= fast < state.n_skills else -1
    add_pairs(state, ties, junior, senior, REVERSE, ctx, focus=focus, pair_fit=pair_fit)
    return np.concatenate((junior, senior))


DESIGN = Design(
    name="reverse",
    label="reverse mentoring",
    eligibility="volunteers in their first years strong in the newest tools, each teaching them to a more senior "
    "volunteer who lacks them",
    form=form,
    kinds=(REVERSE,),
    check=check_seniors,
)
