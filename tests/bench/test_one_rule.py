"""The benchmark's yardsticks (sim.bench.one_rule) are one process written two ways."""

import numpy as np

from sim.bench.one_rule import OneRuleMesa, one_rule_numpy


def test_the_mesa_and_numpy_yardsticks_give_the_same_outcomes():
    n, steps = 3_000, 40
    model = OneRuleMesa(n, seed=1)
    start = np.array([a.engagement for a in model.agents])
    for _ in range(steps):
        model.step()
    mesa_e = np.array([a.engagement for a in model.agents])
    numpy_e = one_rule_numpy(n, steps, seed=1)
    # Same baselines (same seed), so each person's engagement ends near its baseline in both:
    # the noise's stationary sd is 0.02 / sqrt(1 - 0.9^2) = 0.046, so means of 3,000 agree to ~0.002.
    assert abs(mesa_e.mean() - numpy_e.mean()) < 0.005
    assert abs(mesa_e.std() - numpy_e.std()) < 0.005
    assert abs((mesa_e - start).std() - 0.046) < 0.005  # the noise is there, at its stationary size
