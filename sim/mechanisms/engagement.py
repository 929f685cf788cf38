"""Engagement: a weekly pull toward a personal baseline, lifted by mentoring, worn by overload.

    e <- e + d (b_i - e) + B_m * meetings_i * (1 - e) + B_l * learnt_i + R_i
           - P_o * hours_short_i - P_i * isolated_i + N(0, sigma^2),   clipped to [0, 1]

Without a programme this is an AR(1) (discrete Ornstein-Uhlenbeck) process around each
person's baseline b_i. Mentoring meetings raise engagement through psychosocial support and
belonging (Kram 1985's psychosocial functions; Allen et al. 2004 meta-analysis: mentored
employees report higher satisfaction and commitment), and learning progress adds to it;
recognised mentors gain R_i (``support.recognition_boost``; seed texts: "reward the mentor
in some way"); people whose ties ask more mentoring hours than they have (hours_short, a
month) lose engagement (time constraints are a named risk in the seed texts), and so do
people with no informal ties (assumption: lost belonging; the seed texts tie peer support to
a sense of belongingness).

The learning boost is fitted, with the exit hazard's engagement sensitivity, to a virtual
survey of the published correlations (sim.studies.engagement_fit); the other coefficients are
assumptions.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

from sim.config import EngagementConfig


def baseline_quantile(q: np.ndarray, cfg: EngagementConfig) -> np.ndarray:
    """Quantile function of personal baselines: normal(mean, sd) clipped to [0, 1]."""
    if cfg.baseline_sd == 0:
        return np.full(np.shape(q), cfg.baseline_mean)
    return np.clip(ndtri(np.clip(q, 1e-12, 1 - 1e-12)) * cfg.baseline_sd + cfg.baseline_mean, 0.0, 1.0)


def draw_baseline(n: int, cfg: EngagementConfig, rng: np.random.Generator) -> np.ndarray:
    """Personal engagement baselines of new hires, normal around ``baseline_mean``, clipped to [0, 1]."""
    return baseline_quantile(rng.random(n), cfg)


def stationary_sd(cfg: EngagementConfig) -> float:
    """Spread of engagement around the baseline in the AR(1) steady state."""
    d = cfg.drift_per_week
    denom = 1.0 - (1.0 - d) ** 2
    return cfg.noise_sd / np.sqrt(denom) if denom > 0 else 0.0


def draw_initial(baseline: np.ndarray, cfg: EngagementConfig, rng: np.random.Generator) -> np.ndarray:
    """Engagement drawn from the no-programme steady state around each baseline."""
    return np.clip(baseline + rng.normal(0.0, stationary_sd(cfg), len(baseline)), 0.0, 1.0)


def update(
    e: np.ndarray,
    baseline: np.ndarray,
    meetings: np.ndarray,
    learnt: np.ndarray,
    hours_short: np.ndarray,
    isolated: np.ndarray,
    cfg: EngagementConfig,
    rng: np.random.Generator,
    recognition: np.ndarray | float = 0.0,
) -> None:
    """Advance engagement one week, in place.

    Args:
        e: float[N] engagement, updated in place.
        baseline: float[N] personal baselines.
        meetings: float[N] mentoring meetings attended this week.
        learnt: float[N] tacit knowledge gained from ties this week (mean over skills).
        hours_short: float[N] mentoring hours a month asked beyond what the person has.
        isolated: bool[N] no informal ties.
        cfg: engagement parameters.
        rng: the run's generator.
        recognition: float[N] (or scalar) engagement gained from recognition this week.
    """
    step = cfg.drift_per_week * (baseline - e)
    step += cfg.meeting_boost * meetings * (1.0 - e)
    step += cfg.learning_boost * learnt
    step += recognition
    step -= cfg.overload_penalty * hours_short
    step -= cfg.isolation_penalty * isolated
    if cfg.noise_sd > 0:
        step += rng.normal(0.0, cfg.noise_sd, len(e))
    e += step
    np.clip(e, 0.0, 1.0, out=e)
