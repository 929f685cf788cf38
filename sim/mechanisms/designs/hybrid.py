"""Hybrid: hierarchical mentoring early in a career, peer mentoring after.

"Traditional mentoring relationships might be most useful at early stages of career, peer
relationships may have more to offer at later stages" (Kram & Isabella 1985, as quoted in
the seed texts): employees in their first ``program.mentee_max_tenure_years`` get a senior
mentor (:mod:`~sim.mechanisms.designs.hierarchical`), those past it a peer
(:mod:`~sim.mechanisms.designs.peer`).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.designs import hierarchical, peer
from sim.mechanisms.designs.base import Design, RoundContext, tenure_years
from sim.state import Workforce
from sim.ties import HIERARCHICAL, PEER, Ties


def form(state: Workforce, ties: Ties, ctx: RoundContext) -> np.ndarray:
    """A hierarchical round for the newer, then a peer round for the seasoned; returns the rows matched."""
    early = hierarchical.form(state, ties, ctx)
    seasoned = tenure_years(state) >= ctx.program.mentee_max_tenure_years
    return np.concatenate((early, peer.form(state, ties, ctx, eligible=seasoned)))


DESIGN = Design(
    name="hybrid",
    label="senior, then peer",
    eligibility="volunteers in their first years with a senior mentor; the more seasoned with a peer",
    form=form,
    kinds=(HIERARCHICAL, PEER),
    external_mentors=True,
)
