"""Random streams: one generator per purpose, and draws keyed to a person.

A comparison of designs on one seed is only as sharp as the randomness they share (common
random numbers; Law & Kelton, *Simulation Modeling and Analysis*, on variance reduction).
So the run's seed does not feed one generator that every mechanism draws from in turn: it
spawns one independent generator per purpose (:data:`PURPOSES`, children of the seed's
``numpy.random.SeedSequence``, in the manner of L'Ecuyer's streams), so a programme's draws
(matching, meetings, reviews) never move the organisation's (informal contacts, engagement
noise, who leaves, who is hired). Draws that belong to a person are keyed to the person:

- **who is hired**: the k-th person hired into seat s is drawn from a counter-based hash of
  (the run's hiring key, s, k) (:class:`KeyedDraws`), so the replacement of a leaver is the
  same person in every design, whichever week they arrive;
- **when people leave**: each person draws an exit clock when they arrive, a unit-exponential
  amount of hazard they survive (sim.mechanisms.turnover); the weekly hazard is spent from it
  and they leave when it runs out. A person whose engagement a programme raises leaves later,
  not at another person's random moment.

The organisation's weekly draws (one per informal tie, one per position) are the same number
in every design, so the same stream positions fall to the same ties and seats. docs/model.md
("Random streams") lays the streams out.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import gammaincinv, ndtri

from sim import compiled

#: The generators: each purpose's child index of the seed's SeedSequence. Append new purposes:
#: never renumber, or every run's draws change.
PURPOSES: dict[str, int] = {
    "organisation": 0,  # building: levels, reporting lines, tenure, knowledge, engagement, traits
    "network": 1,  # the informal network
    "opt_in": 2,  # who volunteers at the start
    "free_hours": 3,  # the hours people find at the start
    "exits": 4,  # the initial workforce's exit clocks
    "informal": 6,  # which informal ties talk this week
    "engagement": 7,  # engagement's weekly noise
    "history": 11,  # the knowledge history built before step 0 (sim.mechanisms.history)
}
#: The keys of keyed draws (each the grandchild (index, 1) of the seed's SeedSequence): a hire's
#: person and exit clock, and the programme's draws, which are keyed to people, pairs and ties
#: and to the round or week (:meth:`Streams.occasion`), so the programme has no stream to move.
KEYS: dict[str, int] = {
    "exits": 4,  # each hire's exit clock
    "hiring": 5,  # each hire's knowledge, aptitude, engagement, opt-in, traits and hours
    "matching": 8,  # a matching round: shuffles, candidates, random scores, preferences, fit, external mentors
    "meetings": 9,  # which ties meet in a week
    "review": 10,  # the no-fault review's judgements
    "separation": 12,  # which kind of separation a leaver's is (quit, layoff, retirement)
    "promotion": 13,  # whether a vacancy is offered inside, and each report's luck (sim.mechanisms.careers)
    "informal_mentoring": 14,  # who seeks an informal mentor, a pair's fit, the ties' meetings
    "contacts": 15,  # a network that remembers: ties left by mentoring, ties that fade, contacts made
    "headcount": 16,  # growth and cuts: who is laid off
}


class Streams:
    """One generator per purpose from a seed, and the keys of the draws that belong to people.

    Args:
        entropy: the seed (an int) or a sequence of ints (a warm start adds the saved step).

    Attributes:
        organisation, network, ...: a ``numpy.random.Generator`` for each of :data:`PURPOSES`.
        keys: a uint64 key for each of :data:`KEYS`.
    """

    def __init__(self, entropy: int | list[int]) -> None:
        self.entropy = entropy
        for name, index in PURPOSES.items():
            setattr(self, name, np.random.default_rng(_child(entropy, index)))
        self.keys = {
            name: np.uint64(_child(entropy, index, 1).generate_state(1, np.uint64)[0]) for name, index in KEYS.items()
        }

    organisation: np.random.Generator
    network: np.random.Generator
    opt_in: np.random.Generator
    free_hours: np.random.Generator
    exits: np.random.Generator
    informal: np.random.Generator
    engagement: np.random.Generator
    history: np.random.Generator

    @property
    def hire_key(self) -> np.uint64:
        """The key of hires' persons (:class:`KeyedDraws`)."""
        return self.keys["hiring"]

    @property
    def exit_key(self) -> np.uint64:
        """The key of hires' exit clocks."""
        return self.keys["exits"]

    def occasion(self, purpose: str, step: int) -> np.uint64:
        """The key of one occasion of a keyed purpose: the matching round, meetings or reviews of week ``step``."""
        return hashed(self.keys[purpose], np.array([step], dtype=np.uint64))[0]

    def state(self) -> dict[str, Any]:
        """The seed and every generator's state (JSON-ready), for a checkpoint."""
        return {"entropy": self.entropy, **{name: getattr(self, name).bit_generator.state for name in PURPOSES}}

    @classmethod
    def restored(cls, saved: dict[str, Any]) -> Streams:
        """The streams as :meth:`state` saved them: same keys, every generator where it was."""
        streams = cls(saved["entropy"])
        for name in PURPOSES:
            getattr(streams, name).bit_generator.state = saved[name]
        return streams


def _child(entropy: int | list[int], *index: int) -> np.random.SeedSequence:
    """Descendant ``index`` of the seed's SeedSequence (``(i,)``: what ``SeedSequence(entropy).spawn`` gives as its i-th)."""
    return np.random.SeedSequence(entropy, spawn_key=index)


class ReplicateStreams:
    """Draws for stacked replicates, each part from its own replicate's generator.

    ``counts`` says how many of the draw's leading rows belong to each replicate, in
    replicate order; a draw of shape (sum(counts), ...) concatenates each generator's draw
    of shape (counts[r], ...). The mechanisms call it as they call a Generator.
    """

    def __init__(self, generators: list[np.random.Generator], counts: list[int]) -> None:
        self.generators = generators
        self.counts = counts

    def _draw(self, name: str, size: Any, *args: Any) -> np.ndarray:
        shape = (size,) if np.isscalar(size) else tuple(size)
        if shape[0] != sum(self.counts):
            raise ValueError(f"a draw of {shape[0]} rows for replicates holding {sum(self.counts)}")
        if len(self.generators) == 1:
            return getattr(self.generators[0], name)(*args, size=shape)
        parts = [
            getattr(g, name)(*args, size=(c, *shape[1:])) for g, c in zip(self.generators, self.counts, strict=True)
        ]
        return np.concatenate(parts)

    def random(self, size: Any) -> np.ndarray:  # noqa: D102 - as numpy.random.Generator
        return self._draw("random", size)

    def normal(self, loc: float, scale: float, size: Any) -> np.ndarray:  # noqa: D102
        return self._draw("normal", size, loc, scale)

    def uniform(self, low: float, high: float, size: Any) -> np.ndarray:  # noqa: D102
        return self._draw("uniform", size, low, high)

    def standard_normal(self, size: Any) -> np.ndarray:  # noqa: D102
        return self._draw("standard_normal", size)

    def gamma(self, shape: float, scale: float, size: Any) -> np.ndarray:  # noqa: D102
        return self._draw("gamma", size, shape, scale)


# -- draws keyed to a person ------------------------------------------------------------------

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 2.0**-53
_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijection of uint64 that scatters every bit."""
    z = z ^ (z >> _S30)  # a new array: the caller's is left alone; then in place
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    return z


def hashed(key: np.uint64 | np.ndarray, *words: Any) -> np.ndarray:
    """A uint64 per row hashed from ``key`` (one, or one per row) and integer ``words`` (arrays or scalars).

    Each word is folded in by SplitMix64's finaliser, so distinct words give unrelated hashes.
    Where Numba is loaded (:mod:`sim.compiled`) one compiled loop does it (the same bits:
    integer arithmetic), not a dozen numpy calls a word.
    """
    if compiled.loaded():
        key = np.asarray(key, dtype=np.uint64).reshape(-1)
        cols = [np.asarray(word).astype(np.uint64).reshape(-1) for word in words]
        sizes = {len(key), *map(len, cols)} - {1}  # numpy's broadcasting of one-row words
        m = sizes.pop() if sizes else 1
        table = np.empty((len(cols), m), dtype=np.uint64)
        for row, col in zip(table, cols, strict=True):
            row[:] = col
        return _hashed_compiled(key, table, np.empty(m, np.uint64))
    with np.errstate(over="ignore"):  # uint64 arithmetic wraps by design
        z = np.asarray(key, dtype=np.uint64)
        for word in words:
            z = _mix(z ^ _mix(np.asarray(word).astype(np.uint64) + _GOLDEN))
    return np.atleast_1d(z)


def uniforms(states: np.ndarray) -> np.ndarray:
    """One uniform strictly inside (0, 1) per uint64 ``states`` (their top 53 bits)."""
    return ((states >> np.uint64(11)).astype(np.float64) + 0.5) * _TO_UNIT


class KeyedDraws:
    """Draws for people keyed by (key, seat, occupant), in the call pattern of a ``numpy.random.Generator``.

    Person i's j-th number is SplitMix64's j-th output from a state hashed from
    ``(keys[i], seats[i], occupants[i])``: a counter-based generator (Salmon et al. 2011's idea),
    so the k-th hire into a seat gets the same numbers whenever, and in whichever design, they
    are hired. Each call takes the next columns of every person's numbers: a draw of
    ``size=m`` one column, of ``size=(m, k)`` k columns. Normals, gammas and exponentials are
    drawn by inversion (one uniform each), so a change of a distribution's parameters moves a
    person's value monotonically and never the numbers of the draws after it.

    Args:
        keys: uint64 key of each person's run and purpose (:class:`Streams`' ``hire_key``).
        seats: int[m] each person's seat (row) in their run.
        occupants: int[m] how many people held the seat before them in the run.
    """

    def __init__(self, keys: np.ndarray, seats: np.ndarray, occupants: np.ndarray) -> None:
        self._state = hashed(keys, seats, occupants)
        self.m = len(self._state)
        self._column = 0

    @classmethod
    def of(cls, states: np.ndarray) -> KeyedDraws:
        """Draws for rows whose identities are already hashed (uint64[m]: people, pairs or ties)."""
        draws = cls.__new__(cls)
        draws._state, draws.m, draws._column = np.asarray(states, dtype=np.uint64), len(states), 0
        return draws

    def _uniforms(self, size: Any) -> np.ndarray:
        """The next columns as uniforms strictly inside (0, 1), shaped ``size``."""
        shape = (size,) if np.isscalar(size) else tuple(size)
        if shape[0] != self.m:
            raise ValueError(f"a draw of {shape[0]} rows for {self.m} people")
        k = int(np.prod(shape[1:], dtype=np.int64))
        j = np.arange(self._column + 1, self._column + k + 1, dtype=np.uint64)
        self._column += k
        if compiled.loaded():
            return _uniforms_compiled(self._state, j, np.empty((self.m, k))).reshape(shape)
        with np.errstate(over="ignore"):
            bits = _mix(self._state[:, None] + j[None, :] * _GOLDEN)
        return uniforms(bits).reshape(shape)

    def random(self, size: Any) -> np.ndarray:  # noqa: D102 - as numpy.random.Generator
        return self._uniforms(size)

    def uniform(self, low: float, high: float, size: Any) -> np.ndarray:  # noqa: D102
        return low + (high - low) * self._uniforms(size)

    def standard_normal(self, size: Any) -> np.ndarray:  # noqa: D102
        return ndtri(self._uniforms(size))

    def normal(self, loc: float, scale: float, size: Any) -> np.ndarray:  # noqa: D102
        return loc + scale * ndtri(self._uniforms(size))

    def gamma(self, shape: float, scale: float, size: Any) -> np.ndarray:  # noqa: D102
        return scale * gammaincinv(shape, self._uniforms(size))

    def exponential(self, scale: float = 1.0, size: Any = None) -> np.ndarray:  # noqa: D102
        return -scale * np.log1p(-self._uniforms(self.m if size is None else size))


# -- the programme's draws, keyed to people, pairs and ties on one occasion ---------------------

#: What a draw of a matching round is for: each its own sub-key, so adding one moves no other.
SHUFFLE, CANDIDATES, SCORES, FIT, PREFERENCES, BLOCKS, TIEBREAK, TEAMS, SLOTS, EXTERNAL_FIT, TIE = range(1, 12)


class Occasion:
    """Draws keyed to people and pairs on one occasion (a matching round).

    A person is (seat, how many held the seat before them in the run), so the same person gets
    the same numbers whoever else is in the pool: a leaver missing from one design's round
    changes the round only where that person would have been (common random numbers within
    the programme too). Pairs are keyed order-free (by their two people).

    Args:
        key: the occasion's key (:meth:`Streams.occasion`).
        occupants: int[N] each seat's hire count (``Workforce.seat_hires``); None or empty: all first occupants.
    """

    def __init__(self, key: np.uint64, occupants: np.ndarray | None = None) -> None:
        self.key = np.uint64(key)
        self.occupants = occupants if occupants is not None and len(occupants) else None

    def _occ(self, rows: np.ndarray) -> np.ndarray:
        return np.zeros(len(rows), dtype=np.int64) if self.occupants is None else self.occupants[rows]

    def ids(self, rows: np.ndarray, purpose: int) -> np.ndarray:
        """The people in ``rows``, hashed for ``purpose`` (uint64[m])."""
        return hashed(self.key, purpose, rows, self._occ(rows))

    def pair_ids(self, a: np.ndarray, b: np.ndarray, purpose: int) -> np.ndarray:
        """The pairs (a, b), order-free, hashed for ``purpose`` (uint64[m])."""
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        return hashed(self.key, purpose, lo, self._occ(lo), hi, self._occ(hi))

    def people(self, rows: np.ndarray, purpose: int) -> KeyedDraws:
        """Draws for the people in ``rows``."""
        return KeyedDraws.of(self.ids(rows, purpose))

    def pairs(self, a: np.ndarray, b: np.ndarray, purpose: int) -> KeyedDraws:
        """Draws for the pairs (a, b)."""
        return KeyedDraws.of(self.pair_ids(a, b, purpose))

    def things(self, ids: np.ndarray, purpose: int) -> KeyedDraws:
        """Draws for numbered things that are not people (teams, external mentors' places)."""
        return KeyedDraws.of(hashed(self.key, purpose, ids))

    def order(self, rows: np.ndarray, purpose: int) -> np.ndarray:
        """``rows`` in a random order keyed to the people (a shuffle that a missing person does not reshuffle)."""
        return rows[np.argsort(self.people(rows, purpose).random(len(rows)), kind="stable")]


def keyed_uniforms(key: np.uint64, ids: np.ndarray) -> np.ndarray:
    """One uniform per identity ``ids`` (uint64[m], e.g. ties' keys) on the occasion ``key``."""
    return uniforms(hashed(key, ids))


def _hashed_loop(key, table, out):  # pragma: no cover - compiled
    """:func:`hashed`'s numpy arithmetic, row by row: ``key`` uint64[m] (or [1]: one for all), ``table`` the words uint64[W, m]."""
    one = key.shape[0] == 1
    for i in range(out.shape[0]):
        z = key[0] if one else key[i]
        for w in range(table.shape[0]):
            x = table[w, i] + _GOLDEN  # _mix(x), written out: Numba calls no Python function
            x = x ^ (x >> _S30)
            x = x * _M1
            x = x ^ (x >> _S27)
            x = x * _M2
            x = x ^ (x >> _S31)
            z = z ^ x  # then _mix(z ^ x)
            z = z ^ (z >> _S30)
            z = z * _M1
            z = z ^ (z >> _S27)
            z = z * _M2
            z = z ^ (z >> _S31)
        out[i] = z
    return out


def _uniforms_loop(state, j, out):  # pragma: no cover - compiled
    """:meth:`KeyedDraws._uniforms`' numpy arithmetic: column c of row i from ``state[i] + j[c] * golden``."""
    for i in range(out.shape[0]):
        for c in range(out.shape[1]):
            z = state[i] + j[c] * _GOLDEN
            z = z ^ (z >> _S30)
            z = z * _M1
            z = z ^ (z >> _S27)
            z = z * _M2
            z = z ^ (z >> _S31)
            out[i, c] = (np.float64(z >> _S11) + 0.5) * _TO_UNIT
    return out


_S11 = np.uint64(11)
_hashed_compiled = compiled.kernel(_hashed_loop)
_uniforms_compiled = compiled.kernel(_uniforms_loop)
