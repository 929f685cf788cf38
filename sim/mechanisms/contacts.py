"""A network that remembers: people hold their contacts, newcomers make theirs, ties fade, mentoring leaves ties.

Off by default: the informal network (docs/model.md 7.7) is then the seat-based one it always was, a
newcomer inheriting the leaver's contacts. With ``network.personal`` its ties belong to people:

- a leaver's ties end (reporting lines stay: they belong to the seats); a promoted person takes theirs
  up (sim.mechanisms.careers);
- everyone with fewer personal contacts (ties that are not reporting lines) than their seat had in the
  starting network makes one in a week with chance ``1 - (1 - 1/network.build_weeks) ** missing``, so a
  newcomer, who starts with their reporting lines only, builds their contacts over the first months;
- a new contact is a contact's contact with the run's starting share of ties that close a triangle
  (triadic closure: Kossinets & Watts 2006 found a tie far likelier between people with a contact in
  common), else a teammate with the starting share of within-team ties among the rest, else anyone in the
  organisation: both shares are measured on the starting network, so the shape it was given is the
  shape it keeps (tests/test_contacts.py measures degree, clustering and path length over ten years);
- with ``network.fade_years`` > 0 a personal tie ends in a week with chance ``1 / (52 x fade_years)``
  (ties decay, Burt 2000; the rate is an assumption), and is made again by the rule above.

With ``network.legacy_p`` > 0 a mentoring tie, a programme's or an informal one, that ends while both its
people are employed leaves an informal tie between them with that chance (an assumption) when they had
none. What such ties add and how long they last is counted for the report (:data:`COUNTS`).

Every draw is keyed to the run's ``contacts`` key, the week and the people (sim.streams): two designs on
one seed make, keep and lose the same ties wherever their people are the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from sim import compiled
from sim.config import NetworkConfig
from sim.streams import KeyedDraws, hashed
from sim.units import WEEKS_PER_YEAR

#: Where a tie came from (:attr:`Memory.origin`).
STARTING, MADE, LEGACY = 0, 1, 2
#: A run's counts of what happened to its network (``Ledger.network``, in this order).
COUNTS = (
    "made",  # contacts made by the rule above
    "faded",  # personal ties that faded
    "lost_to_leavers",  # personal ties that ended with a leaver
    "legacy",  # informal ties left by a mentoring tie that ended
    "legacy_cross_team",  # ... of them between people of different teams (then)
    "legacy_ended",  # ... of them that have ended since
    "legacy_weeks_ended",  # the weeks those lasted, summed
)
#: Sub-keys of the week's ``contacts`` key.
_FADE, _MAKE, _LEGACY = 1, 2, 3


def remembers(cfg: NetworkConfig) -> bool:
    """Whether the network changes as the run goes (any key of this module set)."""
    return cfg.personal or cfg.legacy_p > 0


@dataclass
class Memory:
    """What a network that remembers keeps beyond its ties (sim.mechanisms.network.InformalNetwork).

    Attributes:
        since: int64[E] the week each tie formed (-1: the starting network's).
        origin: int8[E] where it came from (:data:`STARTING`, :data:`MADE`, :data:`LEGACY`).
        target: int64[N] each seat's personal contacts in the starting network (what its occupant rebuilds to).
        closure: float[N] the run's starting share of personal ties that close a triangle (per row: a stack's runs
            each keep their own).
        team: float[N] the run's starting share of within-team ties among the personal ties that close none.
    """

    since: np.ndarray
    origin: np.ndarray
    target: np.ndarray
    closure: np.ndarray
    team: np.ndarray

    def take(self, keep: np.ndarray) -> None:
        """Keep the ties ``keep`` selects (bool or indices), dropping the rest."""
        self.since, self.origin = self.since[keep], self.origin[keep]


def reporting(u: np.ndarray, v: np.ndarray, manager: np.ndarray, lines: bool) -> np.ndarray:
    """Which ties are reporting lines (bool[E]): those belong to the seats and never end."""
    if not lines:
        return np.zeros(len(u), dtype=bool)
    return (manager[u] == v) | (manager[v] == u)


def starting_memory(u: np.ndarray, v: np.ndarray, n: int, team: np.ndarray, manager: np.ndarray, lines: bool) -> Memory:
    """The memory of a starting network over one run's ``n`` rows: its seats' contacts and its shares."""
    personal = ~reporting(u, v, manager, lines)
    target = np.bincount(u[personal], minlength=n) + np.bincount(v[personal], minlength=n)
    closes = _closes_triangle(u, v, n)[personal]
    within = (team[u] == team[v])[personal]
    team_share = float(within.mean()) if len(within) else 0.0
    rest = closes[~within]
    closure = _beyond_chance(float(rest.mean()), len(u), n) if len(rest) else 0.0
    return Memory(
        since=np.full(len(u), -1, dtype=np.int64),
        origin=np.zeros(len(u), dtype=np.int8),
        target=target.astype(np.int64),
        closure=np.full(n, closure),
        team=np.full(n, team_share),
    )


def _beyond_chance(share: float, edges: int, n: int) -> float:
    """The share of ties closing a triangle beyond what ties drawn at random close: (share - c) / (1 - c), at least 0.

    ``c`` is the chance two people share a contact in a random network of the same size and mean degree,
    ``1 - (1 - p^2)^(n - 2)`` with ``p = 2 edges / (n (n - 1))``: a partner drawn from anyone closes triangles
    at about that rate already.
    """
    p = 2.0 * edges / (n * (n - 1)) if n > 1 else 0.0
    chance = 1.0 - (1.0 - p * p) ** max(n - 2, 0)
    return max(0.0, (share - chance) / (1.0 - chance)) if chance < 1.0 else 0.0


def _closes_triangle(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    """Whether each tie's two people have a contact in common (bool[E])."""
    return Adjacency.of(u, v, n).shared(u, v) > 0


@dataclass(frozen=True)
class Adjacency:
    """Each row's contacts, ascending (row i's are ``adj[ptr[i]:ptr[i+1]]``), from one sort of the ties a week.

    ``keys`` are ``row x n + contact``, ascending: a pair's tie is found by binary search.
    """

    ptr: np.ndarray
    adj: np.ndarray
    keys: np.ndarray
    n: int

    @classmethod
    def of(cls, u: np.ndarray, v: np.ndarray, n: int) -> Adjacency:
        """The contacts of ties (u, v) over ``n`` rows, the ties in canonical order (``u < v``, by ``u`` then ``v``).

        Where Numba is loaded, two passes over the ties (each row's smaller contacts arrive in order, then its
        larger ones); else one sort of both directions: the same arrays (tested).
        """
        ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(u, minlength=n) + np.bincount(v, minlength=n), out=ptr[1:])
        if compiled.loaded():
            adj = np.empty(2 * len(u), dtype=np.int64)
            _fill_contacts(u, v, ptr, adj)
            keys = np.repeat(np.arange(n, dtype=np.int64), np.diff(ptr)) * n + adj
            return cls(ptr, adj, keys, n)
        keys = np.sort(np.concatenate((u * n + v, v * n + u)))
        return cls(ptr, keys % n, keys, n)

    def degree(self, rows: np.ndarray) -> np.ndarray:
        """Contacts of each of ``rows``."""
        return self.ptr[rows + 1] - self.ptr[rows]

    def tied(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether each pair (a, b) is tied (bool[M])."""
        if not len(self.keys):
            return np.zeros(len(a), dtype=bool)
        want = a * self.n + b
        at = np.minimum(np.searchsorted(self.keys, want), len(self.keys) - 1)
        return self.keys[at] == want

    def nth(self, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A contact of each of ``rows`` picked by uniform ``u`` (-1 for a row without contacts)."""
        if not len(self.adj):
            return np.full(len(rows), -1, dtype=np.int64)
        degree = self.degree(rows)
        k = np.minimum((u * degree).astype(np.int64), np.maximum(degree - 1, 0))
        return np.where(degree > 0, self.adj[np.minimum(self.ptr[rows] + k, len(self.adj) - 1)], -1)

    def shared(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """How many contacts each pair (a, b) has in common (int64[M])."""
        n, m = self.n, len(a)
        parts = []
        for rows in (a, b):
            degree = self.degree(rows)
            pair = np.repeat(np.arange(m), degree)
            at = (
                np.arange(len(pair)) - np.repeat(np.cumsum(degree) - degree, degree) + np.repeat(self.ptr[rows], degree)
            )
            parts.append(pair * n + self.adj[at])
        keys = np.sort(np.concatenate(parts))  # a contact in common appears twice (a row lists each contact once)
        twice = keys[1:][keys[1:] == keys[:-1]]
        return np.bincount(twice // n, minlength=m)


def _fill_contacts_loop(u, v, ptr, adj):  # pragma: no cover - compiled
    fill = ptr[:-1].copy()
    for e in range(len(u)):  # a row's smaller contacts: the ties ending at it, in order of u
        b = v[e]
        adj[fill[b]] = u[e]
        fill[b] += 1
    for e in range(len(u)):  # then its larger ones, in order of v
        a = u[e]
        adj[fill[a]] = v[e]
        fill[a] += 1


_fill_contacts = compiled.kernel(_fill_contacts_loop)


def stacked(memories: list[Memory]) -> Memory:
    """Runs' memories as one, in stack order (their ties concatenated as their networks are)."""
    return Memory(
        *(np.concatenate([getattr(m, f) for m in memories]) for f in ("since", "origin", "target", "closure", "team"))
    )


def one_run(memory: Memory, ties: np.ndarray, rows: slice) -> Memory:
    """Run ``rows``'s part of a stacked memory (its ties ``ties``)."""
    return Memory(memory.since[ties], memory.origin[ties], memory.target[rows], memory.closure[rows], memory.team[rows])


class LivingNetwork:
    """A stack's informal network as it changes week by week (see the module's docstring).

    Holds the stack's :class:`sim.mechanisms.network.InformalNetwork` (changed in place: a single run's
    model reads the network it holds) and counts what happens in each run's ledger (``Ledger.network``).

    Args:
        net: the stacked network with its :class:`Memory`.
        n: rows per run; cfg: the network's keys (organisation-wide).
        team, manager: each stacked row's team and manager row (-1 at the top), fixed seat properties.
        ledgers: each run's ledger, in stack order.
        keys: each run's ``contacts`` key (uint64[R]).
    """

    def __init__(
        self,
        net: Any,
        n: int,
        cfg: NetworkConfig,
        team: np.ndarray,
        manager: np.ndarray,
        ledgers: list[Any],
        keys: np.ndarray,
    ) -> None:
        self.net, self.n, self.cfg, self.ledgers, self.keys = net, n, cfg, ledgers, keys
        self.r = len(ledgers)
        self._lines = cfg.include_reporting_lines
        self.regroup(team, manager)
        self._pairs = np.zeros((0, 3), dtype=np.int64)  # last week's mentoring pairs: (run, uid, uid)

    def regroup(self, team: np.ndarray, manager: np.ndarray) -> None:
        """Take the org chart as it is (each stacked row's team and manager row): teams are seats', changed by a layoff."""
        self.manager = manager
        # each row's teammates: rows of one run and team, grouped
        n = self.n
        group = (np.arange(len(team)) // n) * (int(team.max()) + 1) + team
        self._team_rows = np.argsort(group, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(group[self._team_rows]) != 0])
        sizes = np.diff(np.r_[starts, len(team)])
        at = np.empty(len(team), dtype=np.int64)
        at[self._team_rows] = np.repeat(np.arange(len(starts)), sizes)
        self._team_start, self._team_size = starts[at], sizes[at]

    def relink(self, moved: np.ndarray, old: np.ndarray, new: np.ndarray, step: int) -> None:
        """Reports moved to a new manager (a layoff closed their manager's seat): the old lines go, the new come."""
        net = self.net
        gone = np.minimum(moved, old) * net.n + np.maximum(moved, old)
        drop = np.isin(net.u * net.n + net.v, gone)
        if drop.any():
            self._drop(drop, step, None)
        self._add(moved, new, step, STARTING)

    @property
    def memory(self) -> Memory:
        """The network's memory."""
        return self.net.memory

    def _count(self, name: str, rows: np.ndarray, weights: np.ndarray | None = None) -> None:
        """Add to each run's ``name`` count its share of ``rows`` (stacked rows; weighted or one each)."""
        if not len(rows):
            return
        per_run = np.bincount(rows // self.n, weights=weights, minlength=self.r)
        j = COUNTS.index(name)
        for ledger, value in zip(self.ledgers, per_run, strict=True):
            ledger.network[j] += int(round(value))

    def _drop(self, drop: np.ndarray, step: int, counted_as: str | None) -> None:
        """End the ties ``drop`` (bool[E]); count them as ``counted_as`` (None: not counted) and end the legacy ties among them."""
        net, mem = self.net, self.memory
        if not drop.any():
            return
        if counted_as is not None:
            self._count(counted_as, net.u[drop])
        legacy = drop & (mem.origin == LEGACY)
        self._count("legacy_ended", net.u[legacy])
        self._count("legacy_weeks_ended", net.u[legacy], weights=(step - mem.since[legacy]).astype(float))
        keep = ~drop
        net.u, net.v = net.u[keep], net.v[keep]
        if net.rate is not None:
            net.rate = net.rate[keep]
        mem.take(keep)

    def personal(self) -> np.ndarray:
        """Which ties are personal (bool[E]): not reporting lines."""
        return ~reporting(self.net.u, self.net.v, self.manager, self._lines)

    # -- the week's changes ---------------------------------------------------------------------

    def leave(self, leavers: np.ndarray, step: int) -> None:
        """A leaver's personal ties end with them (with ``network.personal``; else the seat keeps them)."""
        if not self.cfg.personal or not len(leavers):
            return
        gone = np.zeros(self.net.n, dtype=bool)
        gone[leavers] = True
        self._drop((gone[self.net.u] | gone[self.net.v]) & self.personal(), step, "lost_to_leavers")

    def move(self, moves: Any, step: int) -> None:
        """Promoted people take their personal ties up, step by step (sim.mechanisms.careers.Moves)."""
        if not self.cfg.personal:
            return
        net = self.net
        for src, dst in zip(moves.src, moves.dst, strict=True):
            if not len(src):
                continue
            where = np.arange(net.n)
            where[src] = dst
            personal = self.personal()
            u = np.where(personal, where[net.u], net.u)
            v = np.where(personal, where[net.v], net.v)
            self._set(u, v, step)

    def _set(self, u: np.ndarray, v: np.ndarray, step: int) -> None:
        """Ties relabelled to ``u, v``: put back in canonical order, a tie now there twice kept once (its older self)."""
        net, mem = self.net, self.memory
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        key = lo * net.n + hi
        order = np.lexsort((mem.since, key))
        key = key[order]
        first = np.r_[True, key[1:] != key[:-1]]
        keep = order[first]
        net.u, net.v = lo[keep], hi[keep]
        if net.rate is not None:
            net.rate = net.rate[keep]
        dropped = order[~first]
        legacy = dropped[mem.origin[dropped] == LEGACY]
        self._count("legacy_ended", lo[legacy])
        self._count("legacy_weeks_ended", lo[legacy], weights=(step - mem.since[legacy]).astype(float))
        mem.take(keep)

    def week(self, step: int, uid: np.ndarray, team: np.ndarray, pairs: np.ndarray) -> None:
        """The week's legacy ties, fading and contacts made (after turnover: leavers gone, hires in).

        Args:
            step: the week (0-based). uid, team: each stacked row's occupant and team.
            pairs: this week's mentoring pairs as stacked rows (int64[M, 2]: a programme's and informal ones).
        """
        occasions = hashed(self.keys, np.array([step], dtype=np.uint64))
        self._legacy(step, uid, team, pairs, occasions)
        if self.cfg.personal and self.cfg.fade_years > 0:
            self._fade(step, uid, occasions)
        if self.cfg.personal:
            self._make(step, uid, occasions)

    def _legacy(self, step: int, uid: np.ndarray, team: np.ndarray, pairs: np.ndarray, occasions: np.ndarray) -> None:
        """Mentoring ties that ended since last week, both people still here, leave a tie with ``legacy_p``."""
        if self.cfg.legacy_p <= 0:
            return
        now = (
            np.column_stack((pairs[:, 0] // self.n, uid[pairs[:, 0]], uid[pairs[:, 1]]))
            if len(pairs)
            else self._pairs[:0]
        )
        now[:, 1:] = np.sort(now[:, 1:], axis=1)
        before, self._pairs = self._pairs, now
        if not len(before):
            return
        ended = before[~_rows_in(before, now)]
        if not len(ended):
            return
        # both still employed: find their rows (uids are unique within a run)
        run_uid = (np.arange(len(uid)) // self.n) * (1 << 40) + uid
        order = np.argsort(run_uid)
        found = []
        for col in (1, 2):
            want = ended[:, 0] * (1 << 40) + ended[:, col]
            at = np.clip(np.searchsorted(run_uid[order], want), 0, len(order) - 1)
            found.append(np.where(run_uid[order][at] == want, order[at], -1))
        a, b = found
        here = (a >= 0) & (b >= 0)
        ended, a, b = ended[here], a[here], b[here]
        u = KeyedDraws.of(hashed(occasions[ended[:, 0]], _LEGACY, ended[:, 1], ended[:, 2])).random(len(ended))
        left = u < self.cfg.legacy_p
        a, b = a[left], b[left]
        added = self._add(a, b, step, LEGACY)
        self._count("legacy", a[added])
        self._count("legacy_cross_team", a[added][team[a[added]] != team[b[added]]])

    def _fade(self, step: int, uid: np.ndarray, occasions: np.ndarray) -> None:
        """Each personal tie ends this week with chance 1 / (52 x fade_years), keyed to its two people."""
        net = self.net
        if not net.n_edges:
            return
        a, b = uid[net.u], uid[net.v]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        u = KeyedDraws.of(hashed(occasions[net.u // self.n], _FADE, lo, hi)).random(net.n_edges)
        chance = 1.0 / (WEEKS_PER_YEAR * self.cfg.fade_years)
        self._drop((u < chance) & self.personal(), step, "faded")

    def _make(self, step: int, uid: np.ndarray, occasions: np.ndarray) -> None:
        """People short of their seat's contacts make one this week (each with chance 1 - (1 - 1/build_weeks)^missing)."""
        net, mem, n_rows = self.net, self.memory, self.net.n
        personal = self.personal()
        have = np.bincount(net.u[personal], minlength=n_rows) + np.bincount(net.v[personal], minlength=n_rows)
        here = uid >= 0  # an empty seat (sim.mechanisms.headcount) makes no contact and is none
        missing = np.where(here, np.maximum(mem.target - have, 0), 0)
        who = np.flatnonzero(missing)
        if not len(who):
            return
        draws = KeyedDraws.of(hashed(occasions[who // self.n], _MAKE, uid[who])).random((len(who), 3 + 3 * PATHS))
        chance = 1.0 - (1.0 - 1.0 / self.cfg.build_weeks) ** missing[who]
        go = draws[:, 0] < chance
        who, draws = who[go], draws[go]
        if not len(who):
            return
        now = Adjacency.of(net.u, net.v, n_rows)
        # a teammate, else a contact's contact (where one is found), else anyone in the run
        by_team = draws[:, 1] < mem.team[who]
        via = ~by_team & (draws[:, 2] < mem.closure[who])
        picks = draws[:, 3 : 3 + PATHS]
        partner = np.full(len(who), -1, dtype=np.int64)
        if by_team.any():
            w = who[by_team]
            mates = self._team_rows[
                self._team_start[w, None] + (picks[by_team] * self._team_size[w, None]).astype(np.int64)
            ]
            partner[by_team] = _first_new(w, mates, now, here)
        if via.any():
            partner[via] = _closing(who[via], now, draws[via, 3 + PATHS :], here)
        rest = ~by_team & (partner < 0)
        if rest.any():
            w = who[rest]
            anyone = (w // self.n)[:, None] * self.n + (picks[rest] * self.n).astype(np.int64)
            partner[rest] = _first_new(w, anyone, now, here)
        made = self._add(who, partner, step, MADE)
        self._count("made", who[made])

    def _add(self, a: np.ndarray, b: np.ndarray, step: int, origin: int) -> np.ndarray:
        """Add ties (a, b) that are new (not a self-tie, not there already, the first of a repeat); which were added."""
        net, mem = self.net, self.memory
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        key = lo * net.n + hi
        existing = net.u * net.n + net.v  # ascending: ties are kept in canonical order
        at = np.clip(np.searchsorted(existing, key), 0, max(len(existing) - 1, 0))
        there = (existing[at] == key) if len(existing) else np.zeros(len(key), dtype=bool)
        new = (lo != hi) & ~there & (lo >= 0)
        first = np.zeros(len(key), dtype=bool)
        cand = np.flatnonzero(new)
        _, firsts = np.unique(key[cand], return_index=True)
        first[cand[firsts]] = True
        if not first.any():
            return first
        fresh = np.flatnonzero(first)
        fresh = fresh[np.argsort(key[fresh])]
        at = np.searchsorted(existing, key[fresh])  # new keys are in none: inserted there, the order stays canonical
        m = len(fresh)
        net.u, net.v = np.insert(net.u, at, lo[fresh]), np.insert(net.v, at, hi[fresh])
        if net.rate is not None:
            net.rate = np.insert(net.rate, at, np.ones(m))
        mem.since = np.insert(mem.since, at, np.full(m, step, dtype=np.int64))
        mem.origin = np.insert(mem.origin, at, np.full(m, origin, dtype=np.int8))
        return first


#: Two-step paths a person looks along for a contact's contact; the one sharing most contacts is made.
PATHS = 6


def _closing(who: np.ndarray, now: Adjacency, draws: np.ndarray, here: np.ndarray) -> np.ndarray:
    """For each of ``who``, a contact's contact sharing the most contacts with them among :data:`PATHS` two-step paths.

    The paths are drawn with ``draws`` (float[M, 2 x PATHS]: a contact, then one of theirs); a path ending at
    the person, at a contact already or at an empty seat (``here`` false) is no candidate; -1 where none is.
    Looking along several paths and taking the end with most contacts in common makes a tie likelier the more
    contacts two people share, as Kossinets & Watts (2006) measured.
    """
    best, most = np.full(len(who), -1, dtype=np.int64), np.full(len(who), -1)
    for j in range(PATHS):
        friend = now.nth(who, draws[:, 2 * j])
        cand = np.where(friend >= 0, now.nth(np.maximum(friend, 0), draws[:, 2 * j + 1]), -1)
        ok = (friend >= 0) & (cand >= 0) & (cand != who)
        ok[ok] = here[cand[ok]]
        ok[ok] = ~now.tied(who[ok], cand[ok])  # not a contact already
        shared = np.zeros(len(who), dtype=np.int64)
        shared[ok] = now.shared(who[ok], cand[ok])
        better = ok & (shared > most)
        best[better], most[better] = cand[better], shared[better]
    return best


def _first_new(who: np.ndarray, candidates: np.ndarray, now: Adjacency, here: np.ndarray) -> np.ndarray:
    """Each of ``who``'s first candidate (int64[M, K]) who is neither them, nor a contact, nor an empty seat; -1 where none is."""
    m, k = candidates.shape
    flat_who, flat = np.repeat(who, k), candidates.ravel()
    ok = ((flat != flat_who) & here[flat] & ~now.tied(flat_who, flat)).reshape(m, k)
    first = np.argmax(ok, axis=1)
    return np.where(ok.any(axis=1), candidates[np.arange(m), first], -1)


def _rows_in(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which rows of ``a`` (int64[M, 3]) are rows of ``b`` (bool[M]): one sort of both, equal rows side by side."""
    if not len(a) or not len(b):
        return np.zeros(len(a), dtype=bool)
    rows = np.concatenate((a, b))
    order = np.lexsort(rows.T[::-1])
    ranked = rows[order]
    group = np.concatenate(([0], np.cumsum(np.any(ranked[1:] != ranked[:-1], axis=1))))
    in_b = np.bincount(group, weights=order >= len(a)) > 0
    out = np.empty(len(rows), dtype=bool)
    out[order] = in_b[group]
    return out[: len(a)]


def shape(u: np.ndarray, v: np.ndarray, n: int) -> dict[str, float]:
    """A network's shape over ``n`` rows: mean degree, average clustering and the mean path length in its largest part.

    For tests and reports (networkx; not the hot path).
    """
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    giant = g.subgraph(max(nx.connected_components(g), key=len))
    return {
        "mean_degree": 2.0 * g.number_of_edges() / n,
        "clustering": nx.average_clustering(g),
        "path_length": nx.average_shortest_path_length(giant),
        "giant_share": giant.number_of_nodes() / n,
    }
