"""Mentoring ties as edge arrays: one row per active tie (pair or circle member pair).

A circle of s people is held as its s(s-1)/2 member pairs sharing one ``group`` id; a
one-to-one tie has a group of its own. Meetings are drawn per group, so a circle meets as
a whole. ``share`` is each pair's part of its members' attention: 1 for a pair, 1/(s-1) in
a circle of s.
"""

from __future__ import annotations

import numpy as np

from sim.arrays import unique

#: Tie kinds. EXTERNAL ties live in the programme's table of external ties, whose ``mentor``
#: indexes the pool of external mentors (sim.mechanisms.external), never a row.
HIERARCHICAL, PEER, CIRCLE, REVERSE, EXTERNAL = 0, 1, 2, 3, 4
#: Kinds whose two sides are roles, a mentor and a mentee (retention is reported by role).
ROLE_KINDS = (HIERARCHICAL, REVERSE, EXTERNAL)

_COLUMNS: dict[str, type] = {
    "mentor": np.int64,  # the teaching side: more experienced; circles: more knowledgeable; reverse: the junior
    "mentee": np.int64,
    "kind": np.int8,
    "group": np.int64,
    "focus": np.int64,  # skill the tie concentrates on, -1 = all skills
    "share": np.float64,
    "start": np.int64,
    "end": np.int64,  # step at which the tie closes (programme duration)
    "rapport": np.float64,
    "trust_cap": np.float64,  # ceiling on rapport: the trust cap scaled by fit (sim.mechanisms.fit)
    "power": np.float64,  # level distance / (levels - 1)
    "meetings": np.int64,
    "fit": np.float64,  # latent pair fit in (0, 1), hidden from matching (sim.mechanisms.fit)
    "reviewed": np.bool_,  # the no-fault review has been held (sim.mechanisms.lifecycle)
    "key": np.uint64,  # the tie's identity for its weekly draws (its pair and round; a circle's ties share one)
}


def columns() -> tuple[str, ...]:
    """The names of a tie table's columns."""
    return tuple(_COLUMNS)


class Ties:
    """Columns of equal length, one entry per active tie."""

    def __init__(self, external: bool = False) -> None:
        """An empty table; ``external=True`` when ``mentor`` indexes a pool outside the workforce."""
        for name, dtype in _COLUMNS.items():
            setattr(self, name, np.empty(0, dtype=dtype))
        self.next_group = 0
        self.external = external
        self._circle_members: tuple[np.ndarray, np.ndarray] | None = None  # (group, row) pairs, cached

    def __len__(self) -> int:
        return len(self.mentor)

    def add(self, **columns: np.ndarray) -> None:
        """Append ties; every column must be given (scalars broadcast)."""
        missing = set(_COLUMNS) - set(columns)
        if missing:
            raise ValueError(f"missing tie columns: {sorted(missing)}")
        m = len(np.atleast_1d(columns["mentor"]))
        if not self.external and np.any(np.atleast_1d(columns["mentor"]) == np.atleast_1d(columns["mentee"])):
            raise ValueError("a tie must join two different people")
        for name, dtype in _COLUMNS.items():
            new = np.asarray(columns[name], dtype=dtype)
            if new.shape != (m,):  # a scalar for every new tie
                new = np.full(m, new, dtype=dtype)
            setattr(self, name, np.concatenate((getattr(self, name), new)))
        self._circle_members = None

    def keep(self, mask: np.ndarray) -> None:
        """Keep only the ties where ``mask`` is true."""
        if mask.all():
            return
        for name in _COLUMNS:
            setattr(self, name, getattr(self, name)[mask])
        self._circle_members = None

    def take(self, mask: np.ndarray) -> Ties:
        """A new table of the ties where ``mask`` is true (copies; the group counter carried over)."""
        out = Ties(external=self.external)
        for name in _COLUMNS:
            setattr(out, name, getattr(self, name)[mask])
        out.next_group = self.next_group
        return out

    def extend(self, other: Ties, first: int, offset: int) -> None:
        """Append ``other``'s ties from its ``first`` on, their rows moved by ``offset`` (an external mentor stays)."""
        columns = {name: getattr(other, name)[first:] for name in _COLUMNS}
        columns["mentee"] = columns["mentee"] + offset
        if not self.external:
            columns["mentor"] = columns["mentor"] + offset
        self.add(**columns)
        self.next_group = max(self.next_group, other.next_group)

    def move_rows(self, src: np.ndarray, dst: np.ndarray) -> None:
        """People moved from rows ``src`` to rows ``dst`` (a promotion) keep their ties: their ends follow them."""
        if not len(self) or not len(src):
            return
        where = dict(zip(src.tolist(), dst.tolist(), strict=True))
        ends = ("mentee",) if self.external else ("mentor", "mentee")
        for name in ends:
            column = getattr(self, name)
            hit = np.isin(column, src)
            if hit.any():
                column[hit] = [where[r] for r in column[hit].tolist()]
        self._circle_members = None

    def touching(self, rows: np.ndarray, n: int) -> np.ndarray:
        """Mask of ties with either end in ``rows`` (positions out of ``n``)."""
        hit = np.zeros(n, dtype=bool)
        hit[rows] = True
        return hit[self.mentor] | hit[self.mentee]

    def new_groups(self, m: int) -> np.ndarray:
        """Reserve ``m`` fresh group ids."""
        g = np.arange(self.next_group, self.next_group + m, dtype=np.int64)
        self.next_group += m
        return g

    def pair_keys(self, n: int) -> np.ndarray:
        """Order-free key of each tie's pair, ``min * n + max``."""
        return np.minimum(self.mentor, self.mentee) * n + np.maximum(self.mentor, self.mentee)

    def load(self, n: int, kind: int | None = None) -> np.ndarray:
        """Ties per row as mentor plus as mentee (of one kind, or all)."""
        sel = slice(None) if kind is None else self.kind == kind
        return np.bincount(self.mentor[sel], minlength=n) + np.bincount(self.mentee[sel], minlength=n)

    def memberships(self, n: int, mask: np.ndarray | None = None) -> np.ndarray:
        """Commitments per row: one per one-to-one tie, one per circle (however many pairs).

        Args:
            n: number of rows.
            mask: optional bool per tie; count only those ties (e.g. the ones that met).
        """
        sel = np.ones(len(self), dtype=bool) if mask is None else mask
        pair = sel & (self.kind != CIRCLE)
        out = (np.bincount(self.mentor[pair], minlength=n) + np.bincount(self.mentee[pair], minlength=n)).astype(float)
        circ = sel & (self.kind == CIRCLE)
        if circ.any():
            group, member = self._circle_membership(n)
            if mask is not None:  # a circle meets as a whole: select members of the selected groups
                chosen = np.zeros(int(self.group.max()) + 1, dtype=bool)
                chosen[self.group[circ]] = True
                member = member[chosen[group]]
            out += np.bincount(member, minlength=n)
        return out

    def _circle_membership(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (circle group, member row) pairs; recomputed only after ties change."""
        if self._circle_members is None:
            circ = self.kind == CIRCLE
            key = unique(
                np.concatenate((self.group[circ], self.group[circ])) * n
                + np.concatenate((self.mentor[circ], self.mentee[circ]))
            )
            self._circle_members = (key // n, key % n)
        return self._circle_members
