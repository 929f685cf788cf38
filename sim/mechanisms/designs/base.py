"""What every programme design shares: its registry entry, a round's context, and how a tie starts.

A design (``program.design``) says who may take part and how a matching round turns
volunteers into ties; its module holds that rule and one :class:`Design` entry, which the
registry (:data:`sim.mechanisms.designs.DESIGNS`) lists. New ties start here
(:func:`add_pairs`): their latent fit (sim.mechanisms.fit), rapport (higher for similar
people, Eby et al. 2013), rapport ceiling (the confidentiality ceiling, lower when the mentor
is the mentee's manager, scaled by fit), power gap (level distance) and the week they close.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim import streams
from sim.config import (
    KnowledgeConfig,
    LifecycleConfig,
    MatchingConfig,
    ProgramConfig,
    SimConfig,
    SupportConfig,
)
from sim.mechanisms import fit, matching, support
from sim.state import Workforce
from sim.streams import Occasion
from sim.ties import CIRCLE, PEER, ROLE_KINDS, Ties
from sim.units import WEEKS_PER_YEAR


@dataclass(frozen=True)
class RoundContext:
    """What a matching round needs besides the state and the ties.

    ``draws`` are the round's random numbers, keyed to people and pairs (sim.streams.Occasion):
    who is shuffled where, which candidates a mentee sees, random scores, preferences and fit.
    """

    program: ProgramConfig
    matching: MatchingConfig
    knowledge: KnowledgeConfig
    lifecycle: LifecycleConfig
    support: SupportConfig
    step: int
    draws: Occasion
    covered_outside: np.ndarray | None = None  # rows already mentored from outside (sim.mechanisms.external)

    @classmethod
    def of(
        cls,
        cfg: SimConfig,
        step: int,
        key: int | np.uint64,
        covered_outside: np.ndarray | None = None,
        occupants: np.ndarray | None = None,
    ):
        """The context of a round at ``step`` of a run configured by ``cfg``, its draws keyed by ``key``.

        ``occupants``: each seat's hire count (``Workforce.seat_hires``), so draws follow people.
        """
        draws = Occasion(np.uint64(key), occupants)
        return cls(cfg.program, cfg.matching, cfg.knowledge, cfg.lifecycle, cfg.support, step, draws, covered_outside)

    def end_step(self, kind: int) -> int:
        """Week a tie of ``kind`` formed now closes: peer ties last longer (sim.mechanisms.lifecycle)."""
        weeks = self.program.duration_weeks
        if kind in (PEER, CIRCLE):
            weeks = int(round(weeks * self.lifecycle.peer_duration_multiplier))
        return self.step + weeks

    def trust_cap(self, state: Workforce, mentor: np.ndarray, mentee: np.ndarray) -> np.ndarray:
        """Rapport ceiling: the confidentiality ceiling, lower when the mentor is the manager."""
        is_manager = (state.manager[mentee] == mentor) | (state.manager[mentor] == mentee)
        ceiling = support.trust_ceiling(self.support)
        return np.where(is_manager, np.minimum(self.knowledge.manager_trust_cap, ceiling), ceiling)


#: Forms a round's ties in place; returns the rows it matched.
FormTies = Callable[[Workforce, Ties, RoundContext], np.ndarray]


@dataclass(frozen=True)
class Design:
    """One programme design, as the registry lists it.

    Attributes:
        name: the ``program.design`` value.
        label: the design in plain words (summaries, reports, the teaching page).
        eligibility: who takes part, in plain words.
        form: forms a matching round's ties (None: the design has no programme).
        kinds: the tie kinds its rounds form (``sim.ties``).
        external_mentors: whether mentees no internal mentor could take may get one from outside.
        check: the design's own rule on the config: a one-line problem, or None.
    """

    name: str
    label: str
    eligibility: str
    form: FormTies | None
    kinds: tuple[int, ...] = ()
    external_mentors: bool = False
    check: Callable[[SimConfig], str | None] | None = None

    @property
    def roles(self) -> bool:
        """Whether its ties have a mentor and a mentee side (retention is then reported by role)."""
        return any(k in ROLE_KINDS for k in self.kinds)


def tenure_years(state: Workforce) -> np.ndarray:
    """Each occupant's tenure in years."""
    return state.tenure_weeks / WEEKS_PER_YEAR


def juniors_seeking(state: Workforce, covered: np.ndarray, program: ProgramConfig) -> np.ndarray:
    """Rows that may be a junior mentee now: volunteers in their first years, below the top, not yet mentored."""
    top = state.n_levels - 1
    return np.flatnonzero(
        state.opted_in & ~covered & (state.level < top) & (tenure_years(state) < program.mentee_max_tenure_years)
    )


def initial_rapport(
    state: Workforce, a: np.ndarray, b: np.ndarray, k: KnowledgeConfig, m: MatchingConfig
) -> np.ndarray:
    """Rapport of new ties: higher for similar people (Eby et al. 2013), on the configured basis."""
    return np.minimum(k.rapport_initial + k.similarity_rapport_bonus * matching.similarity(state, a, b, m), 1.0)


def not_manager(state: Workforce, allow: bool) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """The pair filter of one-to-one designs: never oneself, and not one's own manager unless ``allow``."""

    def allowed(mentee: np.ndarray, mentor: np.ndarray) -> np.ndarray:
        ok = mentee != mentor
        if not allow:
            ok &= (state.manager[mentee] != mentor) & (state.manager[mentor] != mentee)
        return ok

    return allowed


def add_pairs(
    state: Workforce,
    ties: Ties,
    mentor: np.ndarray,
    mentee: np.ndarray,
    kind: int,
    ctx: RoundContext,
    focus: int | np.ndarray = -1,
    group: np.ndarray | None = None,
    share: float = 1.0,
    pair_fit: np.ndarray | None = None,
) -> None:
    """Add ties with their fit, starting rapport, rapport ceiling, power gap and end (one group each by default).

    ``pair_fit`` is the latent fit the pairs were matched on (``stable`` sees it); None draws it here,
    as it is for every strategy that does not see it.
    """
    k = ctx.knowledge
    n_levels = max(state.n_levels - 1, 1)
    if pair_fit is None:
        draws = ctx.draws.pairs(mentee, mentor, streams.FIT)
        pair_fit = fit.of_latent(fit.latent(state, mentee, mentor, ctx.matching.fit_visible, draws))
    key = ctx.draws.pair_ids(mentor, mentee, streams.TIE)
    if group is not None:  # a circle's pairs meet together: one key, the least of its pairs'
        first = np.full(int(group.max()) + 1, np.iinfo(np.uint64).max, dtype=np.uint64)
        np.minimum.at(first, group, key)
        key = first[group]
    # Confidentiality ceiling, lower for manager-report pairs, scaled by how well the pair fits.
    cap = fit.ceiling(pair_fit, ctx.trust_cap(state, mentor, mentee), k.fit_floor)
    ties.add(
        mentor=mentor,
        mentee=mentee,
        kind=kind,
        group=ties.new_groups(len(mentor)) if group is None else group,
        focus=focus,
        share=share,
        start=ctx.step,
        end=ctx.end_step(kind),
        rapport=np.minimum(initial_rapport(state, mentor, mentee, k, ctx.matching), cap),
        trust_cap=cap,
        power=np.abs(state.level[mentor].astype(float) - state.level[mentee]) / n_levels,
        meetings=0,
        fit=pair_fit,
        reviewed=False,
        key=key,
    )
