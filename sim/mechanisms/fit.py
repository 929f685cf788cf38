"""Pair fit: how well two people get on, which matching sees in part and meetings reveal.

People. Each employee has a work-style and values profile, ``traits``: three independent
standard-normal dimensions drawn at hire (an assumption standing for the attitudes, values
and personality whose similarity Eby et al. 2013 measured; not tenure). Their *affinity* is
``a_ij = t_i . t_j / sqrt(3)``, about standard normal over random pairs.

Pairs. When a tie forms it gets a hidden compatibility, its *latent fit*:

    z_ij = rho * a_ij + sqrt(1 - rho^2) * eps_ij,   eps_ij ~ N(0, 1),   fit = Phi(z) in (0, 1)

so fit is uniform over random pairs, correlates about ``rho`` (``matching.fit_visible``)
with trait affinity, and has a part (eps) nobody can see from profiles. Eby et al. (2013,
Psychological Bulletin 139, 173 samples) report rho .38-.59 between similarity of attitudes,
values and personality and the quality of the relationship; the default 0.45 sits in that
range (the meta-analysis measured *perceived* similarity, so this is an upper bound: an
assumption, not a fit). Strategies that score trait similarity (``similarity``, ``optimal``)
therefore achieve better fit than ``random``; ``stable`` lets each side rank candidates by
its own noisy view of z itself (``matching.preference_noise`` in SDs of z): what
"participants having a say" buys (seed texts).

What fit does (sim.mechanisms.meetings, sim.mechanisms.lifecycle): rapport grows toward a
ceiling ``trust_cap * (fit_floor + (1 - fit_floor) * fit)`` (``knowledge.fit_floor``), so
a poorly fitting pair learns less per meeting however often it meets; and at the no-fault
review a pair that has met judges its fit from its meetings, with an error of sd
``lifecycle.fit_signal_sd / sqrt(meetings)``, and ends the tie when that judgement falls below
``lifecycle.no_fault_fit``. A pair that never met is not reviewed until it has.

Every draw comes from the run's generator.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from sim.state import Workforce
from sim.units import WEEKS_PER_YEAR

TRAIT_DIMS = 3
SIMILARITY_SCALE_WEEKS = 5 * WEEKS_PER_YEAR  # tenure similarity: gap at which it falls to 1/e


def draw_traits(m: int, rng: np.random.Generator) -> np.ndarray:
    """Work-style and values profiles of ``m`` people (float[m, 3], standard normal)."""
    return rng.standard_normal((m, TRAIT_DIMS))


def affinity(traits: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Trait affinity ``t_a . t_b / sqrt(3)`` of each pair (about standard normal over random pairs)."""
    out = traits[a, 0] * traits[b, 0]
    for d in range(1, TRAIT_DIMS):  # column by column: no [pairs, 3] gathers
        out += traits[a, d] * traits[b, d]
    return out / np.sqrt(TRAIT_DIMS)


def similarity(state: Workforce, a: np.ndarray, b: np.ndarray, basis: str = "traits") -> np.ndarray:
    """Similarity in (0, 1): of traits, ``Phi(affinity)``; of tenure, ``exp(-|tenure gap| / 5 years)``."""
    if basis == "tenure":
        return np.exp(-np.abs(state.tenure_weeks[a] - state.tenure_weeks[b]) / SIMILARITY_SCALE_WEEKS)
    return ndtr(affinity(state.traits, a, b))


def latent(state: Workforce, a: np.ndarray, b: np.ndarray, rho: float, rng: np.random.Generator) -> np.ndarray:
    """Latent fit on the normal scale, z, for each pair (one fresh unseen draw per pair)."""
    return rho * affinity(state.traits, a, b) + np.sqrt(1.0 - rho**2) * rng.standard_normal(len(a))


def of_latent(z: np.ndarray) -> np.ndarray:
    """Fit in (0, 1) from its normal-scale value."""
    return ndtr(z)


def ceiling(fit: np.ndarray, trust_cap: np.ndarray | float, floor: float) -> np.ndarray:
    """Rapport ceiling of pairs of this fit under this trust cap."""
    return np.asarray(trust_cap) * (floor + (1.0 - floor) * np.asarray(fit))


def judged(fit: np.ndarray, meetings: np.ndarray, signal_sd: float, rng: np.random.Generator) -> np.ndarray:
    """A pair's judgement of its fit after ``meetings`` (>= 1) meetings: fit plus noise of sd ``signal_sd / sqrt(k)``."""
    return fit + rng.normal(0.0, 1.0, len(fit)) * signal_sd / np.sqrt(np.maximum(meetings, 1))
