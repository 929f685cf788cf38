"""Compiled kernels for the step's heaviest loops, each with a pure-numpy twin giving the same bits.

Knowledge transfer (below), the week's informal conversations with learning by doing and
obsolescence in one pass (:func:`informal_week`, the twin of the numpy stages in
:func:`sim.mechanisms.knowledge.informal_week`) and a matching round's deferred acceptance
(:func:`deferred_acceptance`, the twin of :func:`sim.mechanisms.matching.assign`'s numpy loop).

Transfer along F flows into N x K knowledge (sim.mechanisms.knowledge) in numpy gathers two
F x K blocks at random rows, multiplies them and scatters K columns back with ``bincount``:
several passes over memory that outgrow the caches past a few thousand employees. The
Numba kernel does it in one pass per flow, for both knowledge kinds at once. It performs the
same floating-point operations in the same order as the numpy twin (each receiver's gains
summed flow by flow, as ``bincount`` does; no fast-math, so no reordering or fused
multiply-adds), so the two give the same bits: ``tests/mechanisms/test_kernels.py`` checks
it, and the golden outputs hold with either.

Numba is optional (:mod:`sim.compiled`). Where it is installed the knowledge kernels are
used for organisations (or stacks of runs) of :data:`COMPILED_FROM` rows or more (below that
numpy's fixed costs are small and Numba's import would cost more than it saves), and
deferred acceptance wherever Numba is loaded already; compilation is cached on disk, so only
the first run on a machine compiles (a few seconds). ``MENTORING_SIM_NUMBA=0`` turns it off.
"""

from __future__ import annotations

import time

import numpy as np

from sim import compiled as _numba
from sim.compiled import available, loaded

#: Employees from which the compiled kernel is used (where Numba is installed).
COMPILED_FROM = 5_000


def use_compiled(n: int) -> bool:
    """Tell whether an organisation of ``n`` employees uses the compiled kernel."""
    return n >= COMPILED_FROM and available()


def transfer_pair(
    x1: np.ndarray,
    c1: np.ndarray,
    x2: np.ndarray,
    c2: np.ndarray,
    src: np.ndarray,
    dst: np.ndarray,
    weights: np.ndarray | None = None,
    compiled: bool | None = None,
    keep_gain: bool = True,
) -> np.ndarray:
    """Two simultaneous gap-closing transfers along the same flows, in place; return ``x2``'s gain.

    ``x1`` (explicit) gets coefficients ``c1``, ``x2`` (tacit) ``c2``, each scaled per receiver
    to sum to at most 1 (sim.mechanisms.knowledge.transfer); ``weights`` (F x K) is applied to
    both. ``compiled`` forces the kernel (True) or numpy (False); None chooses by size. With
    ``keep_gain=False`` the returned gain is a scratch buffer the next call overwrites (a caller
    that discards it saves a fresh N x K array a call).
    """
    n, k = x2.shape
    if compiled is None:
        compiled = use_compiled(n)
    if len(src) == 0:
        return np.zeros((n, k))
    if not compiled:
        transfer_numpy(x1, src, dst, c1, weights)
        return transfer_numpy(x2, src, dst, c2, weights)
    w = np.empty((0, k)) if weights is None else np.ascontiguousarray(weights, dtype=np.float64)
    gain1 = _scratch((n, k), 0)  # explicit gain: nobody reads it
    gain2 = np.zeros((n, k)) if keep_gain else _scratch((n, k), 1)
    _transfer_pair_compiled(x1, c1, x2, c2, src, dst, w, weights is not None, gain1, gain2)
    return gain2


def warm() -> float:
    """Compile the kernels now (or load them from Numba's cache); return the seconds it took (0 without Numba).

    A benchmark calls it before timing, so that no timed run pays for a first compilation.
    """
    if not available():
        return 0.0
    t0 = time.perf_counter()
    x1, x2 = np.zeros((2, 1)), np.zeros((2, 1))
    flows = np.zeros(1, dtype=np.int64)
    transfer_pair(x1, np.zeros(1), x2, np.zeros(1), flows, flows + 1, compiled=True)
    transfer_pair(x1, np.zeros(1), x2, np.zeros(1), flows, flows + 1, np.ones((1, 1)), compiled=True)
    deferred_acceptance(
        np.zeros((1, 1), dtype=np.int64), np.zeros((1, 1)), np.zeros((1, 1)), np.ones(1, dtype=np.int64)
    )
    for then in (None, (0.0, 0.0, np.ones((2, 1)), np.ones(1), np.ones(1))):
        informal_week(x1, 0.1, x2, 0.1, flows, flows + 1, np.zeros(1), 0.5, then)
        informal_week(
            x1,
            np.full(2, 0.1),
            x2,
            np.full(2, 0.1),
            np.zeros(2, np.int64),
            np.ones(2, np.int64),
            np.zeros(2),
            np.full(2, 0.5),
            then,
        )
    return time.perf_counter() - t0


#: Zeroed work arrays by (shape, slot), reused call after call: a fresh N x K array each call
#: lands on new pages once glibc's allocator hands large blocks out by mmap, and the kernel's
#: sparse writes then page-fault (measured at 100,000 employees: 1.2 s against 3.5 s of transfer
#: over 52 weeks).
_SCRATCH: dict[tuple[tuple[int, int], int], np.ndarray] = {}


def _scratch(shape: tuple[int, int], slot: int) -> np.ndarray:
    """A zeroed float64 array of ``shape`` owned by this module (overwritten by the next call for the slot)."""
    buf = _SCRATCH.get((shape, slot))
    if buf is None:
        if len(_SCRATCH) >= 8:  # a process running organisations of many sizes keeps only a few
            _SCRATCH.clear()
        buf = _SCRATCH[(shape, slot)] = np.zeros(shape)
    else:
        buf.fill(0.0)
    return buf


def transfer_numpy(
    x: np.ndarray, src: np.ndarray, dst: np.ndarray, coef: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """The numpy transfer (sim.mechanisms.knowledge.transfer documents it); return each row's gain."""
    n, k = x.shape
    gain = np.zeros((n, k))
    if len(src) == 0:
        return gain
    total = np.bincount(dst, weights=coef, minlength=n)
    scale = np.where(total > 1.0, 1.0 / np.maximum(total, 1e-300), 1.0)
    c = coef * scale[dst]
    gap = x[src] - x[dst]
    np.maximum(gap, 0.0, out=gap)
    gap *= c[:, None]
    if weights is not None:
        gap *= weights
    for j in range(k):
        gain[:, j] = np.bincount(dst, weights=gap[:, j], minlength=n)
    x += gain
    # Rounding can leave x a hair above 1 when a source sits at exactly 1.
    np.minimum(x, 1.0, out=x)
    return gain


def _transfer_pair_loop(x1, c1, x2, c2, src, dst, w, weighted, gain1, gain2):  # pragma: no cover - compiled
    """The kernel (compiled by Numba): numpy's operations, flow by flow, in numpy's order."""
    n, k = x2.shape
    total1 = np.zeros(n)
    total2 = np.zeros(n)
    for f in range(len(src)):
        total1[dst[f]] += c1[f]
        total2[dst[f]] += c2[f]
    for which in range(2):
        x, c, total, gain = (x1, c1, total1, gain1) if which == 0 else (x2, c2, total2, gain2)
        for f in range(len(src)):
            s, d = src[f], dst[f]
            t = total[d]
            cf = c[f] * (1.0 / max(t, 1e-300) if t > 1.0 else 1.0)
            for j in range(k):
                g = x[s, j] - x[d, j]
                if g < 0.0:
                    g = 0.0
                g *= cf
                if weighted:
                    g *= w[f, j]
                gain[d, j] += g
        for i in range(n):
            for j in range(k):
                v = x[i, j] + gain[i, j]
                x[i, j] = v if v < 1.0 else 1.0


def informal_week(
    x1: np.ndarray,
    c1: float | np.ndarray,
    x2: np.ndarray,
    c2: float | np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    draws: np.ndarray,
    p: float | np.ndarray,
    then: tuple[float, float, np.ndarray, np.ndarray, np.ndarray] | None,
) -> None:
    """A week of informal conversations, then learning by doing and obsolescence, fused into one pass, in place.

    The compiled twin of :func:`sim.mechanisms.knowledge.informal_contacts` (the ties with
    ``draws < p`` talk, passing ``c1`` of the explicit gap ``x1`` and ``c2`` of the tacit gap
    ``x2`` both ways; ``p``, ``c1`` and ``c2`` one value or one per tie) followed, when
    ``then = (r1, r2, aptitude, f1, f2)`` is given, by
    ``x1 += r1 * (1 - x1)``, ``x2 += r2 * aptitude * (1 - x2)``, ``x1 *= f1``, ``x2 *= f2`` (f per
    skill): :func:`~sim.mechanisms.knowledge.learn_by_doing` and
    :func:`~sim.mechanisms.knowledge.obsolesce`, the same operations in the same order on each
    cell, so the same bits. The conversations' flows are ``u -> v`` for every talking tie, then
    ``v -> u``, as the numpy version concatenates them; each receiver's gains add up in that order.
    """
    n, k = x2.shape
    fused = then is not None
    r1, r2, aptitude, f1, f2 = then if fused else (0.0, 0.0, np.empty((0, k)), np.empty(k), np.empty(k))
    p, c1, c2 = (np.atleast_1d(np.asarray(x, dtype=np.float64)) for x in (p, c1, c2))  # one value, or one a tie
    _informal_week_compiled(
        x1, x2, u, v, draws, p, c1, c2, _scratch((n, k), 0), _scratch((n, k), 1), fused, r1, r2, aptitude, f1, f2
    )


def _informal_week_loop(
    x1, x2, u, v, draws, p, c1, c2, gain1, gain2, fused, r1, r2, aptitude, f1, f2
):  # pragma: no cover
    n, k = x2.shape
    total1 = np.zeros(n)
    total2 = np.zeros(n)
    talking = np.empty(len(u), dtype=np.int64)
    talked = 0
    each_p, each_c = len(p) > 1, len(c1) > 1  # one value per tie, or one for all
    for e in range(len(u)):  # the ties that talk, in order
        talking[talked] = e
        talked += draws[e] < p[e if each_p else 0]
    for a in range(talked):  # the flows' totals by receiver, in flow order: u -> v first ...
        e = talking[a]
        d, j = v[e], e if each_c else 0
        total1[d] += c1[j]
        total2[d] += c2[j]
    for a in range(talked):  # ... then v -> u
        e = talking[a]
        d, j = u[e], e if each_c else 0
        total1[d] += c1[j]
        total2[d] += c2[j]
    for i in range(n):  # each receiver's scale-down, where their coefficients sum past 1
        t1, t2 = total1[i], total2[i]
        total1[i] = 1.0 / max(t1, 1e-300) if t1 > 1.0 else 1.0
        total2[i] = 1.0 / max(t2, 1e-300) if t2 > 1.0 else 1.0
    for half in range(2):
        for a in range(talked):
            e = talking[a]
            s, d = (u[e], v[e]) if half == 0 else (v[e], u[e])
            j = e if each_c else 0
            cf1, cf2 = c1[j] * total1[d], c2[j] * total2[d]
            for j in range(k):
                g = x1[s, j] - x1[d, j]
                if g < 0.0:
                    g = 0.0
                gain1[d, j] += g * cf1
                g = x2[s, j] - x2[d, j]
                if g < 0.0:
                    g = 0.0
                gain2[d, j] += g * cf2
    for i in range(n):
        for j in range(k):
            a, b = x1[i, j], x2[i, j]
            if talked:  # as the numpy transfer: nothing added, nothing clipped, when nobody talked
                a += gain1[i, j]
                a = a if a < 1.0 else 1.0
                b += gain2[i, j]
                b = b if b < 1.0 else 1.0
            if fused:
                a += r1 * (1.0 - a)
                b += r2 * aptitude[i, j] * (1.0 - b)
                a *= f1[j]
                b *= f2[j]
            x1[i, j], x2[i, j] = a, b


def deferred_acceptance(
    candidates: np.ndarray, s: np.ndarray, ms: np.ndarray, cap: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The compiled twin of :func:`sim.mechanisms.matching.assign`'s rounds; returns (held, held_slot).

    ``s`` (float[M, C], -inf where forbidden; consumed) and ``ms`` are the mentees' and mentors'
    scores, ``cap`` (int64[R]) the places. Round by round, exactly as the numpy loop: every free
    mentee with a candidate left proposes to its best (the first of equals); each mentor keeps,
    of those holding and proposing, the best ``cap`` by its score, equals in the order of
    ``(mentees held, then proposers)``, each in row order.
    """
    return _deferred_acceptance_compiled(candidates, s, ms, cap)


def _deferred_acceptance_loop(candidates, s, ms, cap):  # pragma: no cover - compiled
    m, c = s.shape
    held = np.full(m, -1, dtype=np.int64)
    held_score = np.full(m, -np.inf)
    held_slot = np.full(m, -1, dtype=np.int64)
    who = np.empty(m, dtype=np.int64)
    mentor = np.empty(m, dtype=np.int64)
    value = np.empty(m)
    slot = np.empty(m, dtype=np.int64)
    while True:
        k = 0
        for i in range(m):  # those holding a place first, in row order
            if held[i] >= 0:
                who[k], mentor[k], value[k], slot[k] = i, held[i], held_score[i], held_slot[i]
                k += 1
        proposers = 0
        for i in range(m):  # then each free mentee with a candidate left proposes to its best
            if held[i] >= 0:
                continue
            best = -1
            for j in range(c):
                if np.isfinite(s[i, j]) and (best < 0 or s[i, j] > s[i, best]):
                    best = j
            if best >= 0:
                who[k], mentor[k], value[k], slot[k] = i, candidates[i, best], ms[i, best], best
                s[i, best] = -np.inf
                k += 1
                proposers += 1
        if proposers == 0:
            break
        order = np.argsort(-value[:k], kind="mergesort")  # np.lexsort((-value, mentor)): by mentor, then best first
        order = order[np.argsort(mentor[:k][order], kind="mergesort")]
        for a in range(k):
            i = who[a]
            held[i], held_score[i], held_slot[i] = -1, -np.inf, -1
        rank, previous = 0, -1
        for a in range(k):
            e = order[a]
            if mentor[e] != previous:
                rank, previous = 0, mentor[e]
            if rank < cap[mentor[e]]:
                i = who[e]
                held[i], held_score[i], held_slot[i] = mentor[e], value[e], slot[e]
            rank += 1
    return held, held_slot


_transfer_pair_compiled = _numba.kernel(_transfer_pair_loop)
_informal_week_compiled = _numba.kernel(_informal_week_loop)
_deferred_acceptance_compiled = _numba.kernel(_deferred_acceptance_loop)

__all__ = ["COMPILED_FROM", "available", "deferred_acceptance", "informal_week", "loaded", "transfer_pair", "warm"]
