"""Reverse mentoring (role switching): a junior teaches a senior the fast-changing skill.

The seed texts: "you and your mentor can switch roles ... if you have areas in which you
can guide your mentor". The same people as hierarchical mentoring are paired
(:func:`sim.mechanisms.designs.hierarchical.senior_pairs`, scored both ways), but the
junior is recorded as mentor and teaches the fast-changing skill (``knowledge.fast_skill``),
in which newcomers arrive better trained, while learning everything else back
(sim.mechanisms.meetings).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.designs.base import Design, RoundContext, add_pairs
from sim.mechanisms.designs.hierarchical import senior_pairs
from sim.state import Workforce
from sim.ties import REVERSE, Ties


def form(state: Workforce, ties: Ties, ctx: RoundContext) -> np.ndarray:
    """A round of reverse mentoring; returns the rows matched (juniors, then seniors)."""
    senior, junior, pair_fit = senior_pairs(state, ties, ctx, REVERSE)
    fast = ctx.knowledge.fast_skill
    focus = fast if 0 <= fast < state.n_skills else -1
    add_pairs(state, ties, junior, senior, REVERSE, ctx, focus=focus, pair_fit=pair_fit)
    return np.concatenate((junior, senior))


DESIGN = Design(
    name="reverse",
    label="reverse mentoring",
    eligibility="volunteers in their first years, each teaching the newest tools to a more senior volunteer",
    form=form,
    kinds=(REVERSE,),
)
