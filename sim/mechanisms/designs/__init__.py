"""Programme designs: a registry of who takes part and how a matching round forms ties.

Each design is a module holding its rule and one :class:`~sim.mechanisms.designs.base.Design`
entry; :data:`DESIGNS` lists them by ``program.design``. The config's checks (a design's own
rules, who takes external mentors), the step (:func:`form_ties`), the summaries' and
reports' labels, the teaching page and the benchmark all read this registry. Adding a
design is its module, a line here, its name in ``sim.config.DESIGNS`` and its option in
``configs/program/`` (a test checks that all four agree).
"""

from __future__ import annotations

import numpy as np

from sim.mechanisms.designs import hierarchical, hybrid, peer, peer_circles, reverse
from sim.mechanisms.designs.base import Design, RoundContext
from sim.state import Workforce
from sim.ties import Ties

NONE = Design(
    name="none",
    label="no programme",
    eligibility="nobody: knowledge moves through the informal network and practice only",
    form=None,
)

#: Every design by its ``program.design`` name, in the order the docs list them.
DESIGNS: dict[str, Design] = {
    d.name: d for d in (NONE, hierarchical.DESIGN, peer.DESIGN, peer_circles.DESIGN, reverse.DESIGN, hybrid.DESIGN)
}


def label(name: str) -> str:
    """A design's name in plain words (the name itself if it is not a design)."""
    design = DESIGNS.get(name)
    return design.label if design else name


def has_programme(design: str) -> bool:
    """Whether ``design`` (a ``program.design`` value) runs a programme: forms ties (``none`` does not).

    The one answer to "does this run have a programme?" (its baseline, its costs, its matching rounds,
    its summary and report all ask it).
    """
    return DESIGNS[design].form is not None


def form_ties(state: Workforce, ties: Ties, ctx: RoundContext) -> np.ndarray:
    """Form this round's ties by ``ctx.program.design``; return the rows newly matched."""
    design = DESIGNS[ctx.program.design]
    return np.empty(0, dtype=np.int64) if design.form is None else design.form(state, ties, ctx)


__all__ = ["DESIGNS", "Design", "RoundContext", "form_ties", "has_programme", "label"]
