"""Careers: seats above the front line filled by promotion from below or from outside (vacancy chains).

When a seat above the front line falls vacant (its occupant left), it is offered to the seat's
own reports with chance ``careers.internal_share`` (else, or when no report is eligible, it is
filled from outside, as every seat was before careers). A report is eligible after
``careers.min_tenure_years``; one is chosen by readiness,

    readiness = know-how + engagement_weight x engagement (+ sponsor_boost while a more senior mentor sponsors them),

with luck: each report's chance is proportional to ``exp(readiness / readiness_spread)`` (the
largest of readiness / spread plus a Gumbel draw, keyed to the person and the week, so the
same person has the same luck in every design). The promoted person takes their know-how,
engagement, tenure, exit clock and ties up to the seat, and their own seat falls vacant in
turn: a vacancy chain (White 1970) that ends at the front line, or at a seat filled from
outside, with one outside hire. The informal network is seat-based: the promoted person works
with the seat's contacts.

The rule is run top level first over every run of a stack at once; the draws are keyed to
each run's promotion key and the week (:mod:`sim.streams`), so an ensemble's runs promote as
their single runs do. Parameters and their bases: ``sim.config.CareersConfig`` and
docs/model.md ("Careers").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.config import CareersConfig
from sim.state import PERSON_FIELDS, Workforce
from sim.streams import hashed, keyed_uniforms, uniforms
from sim.units import WEEKS_PER_YEAR

#: Sub-keys of the week's promotion key: whether a seat is offered inside, and each report's luck.
OFFER, LUCK = 1, 2


@dataclass
class Moves:
    """A week's promotions over a stack, in steps: in step j the people in rows ``src[j]`` move up to rows ``dst[j]``.

    The steps go top level first (a chain moves one step at a time: a seat is filled before its
    promoted person's own seat is); ``vacant`` are the rows left to fill from outside (ascending).
    """

    src: list[np.ndarray] = field(default_factory=list)
    dst: list[np.ndarray] = field(default_factory=list)
    vacant: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Every move's (from, to) rows, in order (int64 each)."""
        if not self.src:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(self.src), np.concatenate(self.dst)


def stacked_managers(manager: np.ndarray, n: int) -> np.ndarray:
    """Each row's manager as a row of the stack (runs of ``n`` rows keep their managers local); -1 at the top."""
    offset = (np.arange(len(manager)) // n) * n
    return np.where(manager >= 0, manager + offset, -1)


def readiness(state: Workforce, know_how: np.ndarray, sponsored: np.ndarray, cfg: CareersConfig) -> np.ndarray:
    """Each row's readiness for promotion (float[N]): know-how, engagement and a sponsor's push."""
    return know_how + cfg.engagement_weight * state.engagement + cfg.sponsor_boost * sponsored


def sponsored(state: Workforce, mentor: np.ndarray, mentee: np.ndarray) -> np.ndarray:
    """Rows with a more senior mentor in an active tie (bool[N]): a sponsor who can push for them."""
    out = np.zeros(state.n, dtype=bool)
    senior = state.level[mentor] > state.level[mentee]
    out[mentee[senior]] = True
    return out


def fill_from_within(
    state: Workforce,
    vacant: np.ndarray,
    boss: np.ndarray,
    ready: np.ndarray,
    keys: np.ndarray,
    n: int,
    cfg: CareersConfig,
) -> Moves:
    """Promotions into this week's vacancies, top level first, and the rows left to fill from outside.

    Args:
        state: the stacked workforce (not changed: the caller moves people, :func:`move`).
        vacant: rows whose occupant left this week (ascending).
        boss: each row's manager as a stacked row (:func:`stacked_managers`).
        ready: each row's :func:`readiness`.
        keys: each run's promotion key of the week (uint64[R]).
        n: rows per run.
        cfg: the careers settings (shared by the stack's runs).
    """
    level = state.level
    above = vacant[level[vacant] > 0]
    if cfg.internal_share <= 0 or not len(above):
        return Moves(vacant=vacant)
    open_rows = np.zeros(state.n, dtype=bool)
    open_rows[vacant] = True
    eligible = (state.tenure_weeks >= cfg.min_tenure_years * WEEKS_PER_YEAR) & state.occupied
    person = state.seat_hires.astype(np.uint64)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    pending = above
    for top in range(int(level.max()), 0, -1):
        seats = pending[level[pending] == top]
        pending = pending[level[pending] != top]
        if not len(seats):
            continue
        run = seats // n
        offer = keyed_uniforms(keys[run], hashed(OFFER, seats % n)) < cfg.internal_share
        seats = seats[offer]
        reports = np.flatnonzero(np.isin(boss, seats) & eligible & ~open_rows)
        if not len(reports):
            continue
        luck = uniforms(hashed(keys[reports // n], LUCK, reports % n, person[reports]))
        score = ready[reports] / cfg.readiness_spread - np.log(-np.log(luck))  # Gumbel: a draw proportional to exp
        order = np.lexsort((-score, boss[reports]))  # by seat, the best first
        first = np.ones(len(order), dtype=bool)
        first[1:] = boss[reports[order[1:]]] != boss[reports[order[:-1]]]
        chosen = reports[order[first]]
        src.append(chosen)
        dst.append(boss[chosen])
        open_rows[chosen] = True
        pending = np.concatenate((pending, chosen[level[chosen] > 0]))
    moves = Moves(src, dst, vacant)
    if src:
        moved_from, moved_to = moves.pairs()
        moves.vacant = np.setdiff1d(np.union1d(vacant, moved_from), moved_to)
    return moves


def move(state: Workforce, moves: Moves) -> None:
    """Move the promoted people up, step by step, in place (each step's ``dst`` rows are vacant before it).

    A person's own fields (sim.state.PERSON_FIELDS) move; the seat's level, manager and team
    stay; the seat counts a new occupant (``seat_hires``), so draws keyed to the seat's
    occupant are the promoted person's own from now on.
    """
    for src, dst in zip(moves.src, moves.dst, strict=True):
        for name in PERSON_FIELDS:
            column = getattr(state, name)
            column[dst] = column[src]
        state.seat_hires[dst] += 1
