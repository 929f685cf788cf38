"""March (1991): mutual learning between an organisational code and its members.

James G. March, "Exploration and Exploitation in Organizational Learning", *Organization
Science* 2(1):71-87, 1991. The model, as the paper states it:

- **Reality** has ``m`` dimensions, each +1 or -1 with equal probability.
- **Individuals** (``n``) hold a belief on each dimension: +1, 0 or -1, initially each with
  probability 1/3. The **organisational code** starts with 0 everywhere.
- **Socialisation** (``p1``): on each dimension where the code is not 0 and an individual's
  belief differs from it, the individual adopts the code's belief with probability ``p1``.
- **Code learning** (``p2``): the code learns from the *superior group*, the individuals whose
  beliefs match reality on more dimensions than the code's do. On each dimension, if the
  dominant non-zero belief in that group differs from the code, the code adopts it with
  probability ``1 - (1 - p2)**k``, ``k`` being how many more of the group hold the dominant
  belief than the other non-zero one.
- **Turnover** (``p3``): each period each individual leaves with probability ``p3`` and is
  replaced by a newcomer with random beliefs.
- **Turbulence** (``p4``): each period each dimension of reality flips with probability ``p4``.

**Knowledge** is the share of dimensions on which beliefs (the code's, or an individual's)
equal reality; 0 counts as wrong. Socialisation and code learning both read the beliefs at
the start of the period. Leaving is drawn with this package's turnover kernel
(:func:`sim.mechanisms.turnover.draw_leavers`) with a constant hazard ``p3`` (no engagement or tenure
effect), and the population is a Mesa model stepped like :class:`sim.model.MentoringModel`.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from sim.config import TurnoverConfig
from sim.mechanisms import turnover


@dataclass(frozen=True)
class MarchParams:
    """The paper's parameters (defaults: its base case, m = 30 dimensions, n = 50 people)."""

    m: int = 30
    n: int = 50
    p1: float = 0.1  # socialisation rate
    p2: float = 0.5  # code learning rate
    p3: float = 0.0  # turnover per period
    p4: float = 0.0  # turbulence per period


# Turnover as this package draws it, with every modifier off: a constant hazard p3.
_CONSTANT_HAZARD = TurnoverConfig(rate_annual=0.0, engagement_sensitivity=0.0, newcomer_multiplier=1.0)


class MarchModel(mesa.Model):
    """Mutual learning of individuals and the code; one step is one period."""

    def __init__(self, params: MarchParams = MarchParams(), *, rng: int | None = 0) -> None:
        for name in ("p1", "p2", "p3", "p4"):
            value = getattr(params, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name}={value}: must be a probability in [0, 1]")
        if params.m < 1 or params.n < 1:
            raise ValueError("m and n must be at least 1")
        super().__init__(rng=rng)
        self.params = params
        self.reality = self.rng.choice(np.array([-1, 1], dtype=np.int8), size=params.m)
        self.beliefs = self._newcomers(params.n)
        self.code = np.zeros(params.m, dtype=np.int8)
        self.history: list[tuple[float, float]] = [(self.code_knowledge(), self.individual_knowledge())]

    def _newcomers(self, count: int) -> np.ndarray:
        return self.rng.integers(-1, 2, size=(count, self.params.m), dtype=np.int8)

    def code_knowledge(self) -> float:
        """Share of reality the code gets right."""
        return float((self.code == self.reality).mean())

    def individual_knowledge(self) -> float:
        """Mean share of reality individuals get right."""
        return float((self.beliefs == self.reality).mean())

    def step(self) -> None:
        """One period: socialisation and code learning (simultaneous), turnover, turbulence."""
        p, rng = self.params, self.rng
        beliefs, code = self.beliefs, self.code
        # Socialisation: individuals move to the code where it has a view and they differ.
        differs = (code != 0) & (beliefs != code)
        adopt = differs & (rng.random(beliefs.shape) < p.p1)
        # Code learning from the superior group, read from the beliefs before socialisation.
        right = (beliefs == self.reality).sum(axis=1)
        superior = beliefs[right > (code == self.reality).sum()]
        new_code = code.copy()
        if len(superior):
            plus = (superior == 1).sum(axis=0)
            minus = (superior == -1).sum(axis=0)
            dominant = np.sign(plus - minus).astype(np.int8)
            k = np.abs(plus - minus)
            change = (dominant != 0) & (dominant != code) & (rng.random(p.m) < 1.0 - (1.0 - p.p2) ** k)
            new_code[change] = dominant[change]
        beliefs[adopt] = np.broadcast_to(code, beliefs.shape)[adopt]
        self.code = new_code
        # Turnover: this package's kernel with a constant hazard p3.
        if p.p3 > 0:
            leavers = turnover.draw_leavers(np.zeros(p.n), np.zeros(p.n), p.p3, 0.0, _CONSTANT_HAZARD, rng)
            beliefs[leavers] = self._newcomers(len(leavers))
        # Turbulence: reality drifts.
        if p.p4 > 0:
            flip = rng.random(p.m) < p.p4
            self.reality[flip] *= -1
        self.history.append((self.code_knowledge(), self.individual_knowledge()))

    def run(self, periods: int) -> MarchModel:
        """Run ``periods`` periods; return self."""
        for _ in range(periods):
            self.step()
        return self


def equilibrium(params: MarchParams, runs: int, periods: int, seed: int = 0) -> np.ndarray:
    """Code knowledge after ``periods`` periods in each of ``runs`` independent runs."""
    return np.array([MarchModel(params, rng=seed + r).run(periods).code_knowledge() for r in range(runs)])


def trajectory(params: MarchParams, runs: int, periods: int, seed: int = 0) -> np.ndarray:
    """Code knowledge per period (float[runs, periods + 1])."""
    return np.array([[c for c, _ in MarchModel(params, rng=seed + r).run(periods).history] for r in range(runs)])
