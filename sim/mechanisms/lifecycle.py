"""The life of a mentoring tie: phases, their effect on learning, and no-fault exits.

Phases follow Zachary's four-phase model of a mentoring relationship, named in the seed
texts ("preparation, negotiating, enabling growth, and closure ... sequential phases [that]
build on each other and vary in length"; Zachary 2000, *The Mentor's Guide*):

- preparation (the first ``preparation_weeks``): getting to know each other;
- negotiating (the next ``negotiating_weeks``): agreeing goals and ways of working;
- enabling growth: the main learning phase;
- closure (the last ``closure_weeks`` before the tie's end): wrapping up.

A meeting's transfer is multiplied by its phase's quality (``*_quality``; growth = 1).

No-fault review. Once negotiating is over and the pair has met at least once, it judges its
fit from its meetings (the latent fit plus an error of sd ``fit_signal_sd / sqrt(meetings)``;
sim.mechanisms.fit) and, if the judgement is below ``no_fault_fit``, the tie ends without
blame and both people can be re-matched in the next round, as real programmes offer a
re-pair when a pairing is "not a good fit" (commercial matching software such as Chronus
asks each side to rate the fit after the first session). A pair that has not met yet is
reviewed after its first meeting: meeting rarely is not in itself a poor fit. Each tie is
reviewed once; circles are not reviewed.
Peer ties last ``peer_duration_multiplier`` times the programme duration: peer
relationships "may have more longevity" (Kram & Isabella 1985, as quoted in the seed texts).
"""

from __future__ import annotations

import numpy as np

from sim.config import LifecycleConfig
from sim.mechanisms import fit
from sim.streams import KeyedDraws, hashed
from sim.ties import CIRCLE, Ties

PREPARATION, NEGOTIATING, GROWTH, CLOSURE = 0, 1, 2, 3


def phases(ties: Ties, now: int, cfg: LifecycleConfig) -> np.ndarray:
    """Phase of each tie in week ``now`` (int8 per tie)."""
    age = now - ties.start
    phase = np.full(len(ties), GROWTH, dtype=np.int8)
    phase[age < cfg.preparation_weeks + cfg.negotiating_weeks] = NEGOTIATING
    phase[age < cfg.preparation_weeks] = PREPARATION
    phase[ties.end - now <= cfg.closure_weeks] = CLOSURE
    return phase


def phase_quality(phase: np.ndarray, cfg: LifecycleConfig) -> np.ndarray:
    """Transfer multiplier of each phase."""
    table = np.array([cfg.preparation_quality, cfg.negotiating_quality, 1.0, cfg.closure_quality])
    return table[phase]


def due_for_review(ties: Ties, now: int, cfg: LifecycleConfig) -> np.ndarray:
    """One-to-one ties past negotiating that have met and not yet been reviewed."""
    past = (now - ties.start) >= cfg.preparation_weeks + cfg.negotiating_weeks
    return past & ~ties.reviewed & (ties.meetings > 0) & (ties.kind != CIRCLE)


def no_fault_exits(ties: Ties, now: int, cfg: LifecycleConfig, key: np.uint64 | np.ndarray) -> np.ndarray:
    """Hold this week's reviews (marking the ties reviewed); return the mask of ties that end.

    ``key``: the week's review key (sim.streams.Streams.occasion), or each tie's (its run's, in a
    stack of runs); each tie's judgement is keyed to the tie and the week.
    """
    if not cfg.no_fault_exit or len(ties) == 0:
        return np.zeros(len(ties), dtype=bool)
    due = due_for_review(ties, now, cfg)
    ends = np.zeros(len(ties), dtype=bool)
    if due.any():
        idx = np.flatnonzero(due)
        draws = KeyedDraws.of(hashed(key if np.ndim(key) == 0 else key[idx], ties.key[idx]))
        ends[idx] = fit.judged(ties.fit[idx], ties.meetings[idx], cfg.fit_signal_sd, draws) < cfg.no_fault_fit
        ties.reviewed[idx] = True
    return ends
