"""Two yardsticks for the benchmark: one trivial rule as a naive per-agent Mesa model, and vectorised.

The rule is engagement's weekly drift (sim.mechanisms.engagement, without its lifts and
drags): each employee's engagement moves a tenth of the way toward a personal baseline, plus
noise, and stays in [0, 1]:

    e <- clip(e + 0.1 * (b - e) + N(0, 0.02), 0, 1)

:class:`OneRuleMesa` is how a Mesa tutorial writes it: an agent per employee holding its own
numbers, its ``step`` drawing its own noise, the model calling ``shuffle_do("step")``.
:func:`one_rule_numpy` is the same rule over arrays, one draw per step. They are the same
process (tests/bench/test_one_rule.py compares their outcomes), and they bound the real
model's speed from below (an agent per employee, the usual Mesa way) and from above (one
rule, vectorised, nothing else).
"""

from __future__ import annotations

import time

import mesa
import numpy as np

PULL, NOISE = 0.1, 0.02


class _Employee(mesa.Agent):
    def __init__(self, model: OneRuleMesa, engagement: float, baseline: float) -> None:
        super().__init__(model)
        self.engagement, self.baseline = engagement, baseline

    def step(self) -> None:
        e = self.engagement + PULL * (self.baseline - self.engagement) + self.model.rng.normal(0.0, NOISE)
        self.engagement = min(max(e, 0.0), 1.0)


class OneRuleMesa(mesa.Model):
    """The rule, agent by agent (``shuffle_do``)."""

    def __init__(self, n: int, seed: int = 0) -> None:
        super().__init__(rng=seed)
        baseline = self.rng.uniform(0.5, 0.9, n)
        for b in baseline:
            _Employee(self, float(b), float(b))

    def step(self) -> None:
        """Every agent applies the rule, in a shuffled order."""
        self.agents.shuffle_do("step")


def one_rule_numpy(n: int, steps: int, seed: int = 0) -> np.ndarray:
    """The rule over arrays for ``steps`` steps; return the final engagement."""
    rng = np.random.default_rng(seed)
    baseline = rng.uniform(0.5, 0.9, n)
    e = baseline.copy()
    for _ in range(steps):
        e += PULL * (baseline - e) + rng.normal(0.0, NOISE, n)
        np.clip(e, 0.0, 1.0, out=e)
    return e


def measure_one_rule(n: int, mesa_steps: int, numpy_steps: int, seed: int = 0) -> dict[str, float]:
    """Agent-steps per second of both yardsticks at ``n`` employees."""
    model = OneRuleMesa(n, seed)
    t0 = time.perf_counter()
    for _ in range(mesa_steps):
        model.step()
    mesa_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    one_rule_numpy(n, numpy_steps, seed)
    numpy_s = time.perf_counter() - t0
    return {
        "n": n,
        "mesa_steps_per_s": n * mesa_steps / mesa_s,
        "numpy_steps_per_s": n * numpy_steps / numpy_s,
    }
