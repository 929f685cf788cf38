"""March (1991): mutual learning between an organisational code and its members.

James G. March, "Exploration and Exploitation in Organizational Learning", *Organization
Science* 2(1):71-87, 1991. The model:

- **Reality** has ``m`` dimensions, each +1 or -1 with equal probability.
- **Individuals** (``n``) hold a belief on each dimension: +1, 0 or -1, initially each with
  probability 1/3. The **organisational code** starts with 0 everywhere.
- **Socialisation** (``p1``, one rate for all or one per person): on each dimension where the
  code is not 0 and an individual's belief differs from it, the belief moves toward the code
  with probability ``p1``.
- **Code learning** (``p2``): the code learns from the *superior group*, the individuals who
  score better than the code. On each dimension, if the group's majority differs from the
  code, the code adopts it with probability ``1 - (1 - p2)**k``, ``k`` being how many more
  of the group are on the majority's side than on the other.
- **Turnover** (``p3``): each period each individual leaves with probability ``p3`` and is
  replaced by a newcomer with random beliefs.
- **Turbulence** (``p4``): each period each dimension of reality flips with probability ``p4``.

**Knowledge** is March's measure: (dimensions right - dimensions wrong) / m, a 0 belief
counting as neither; the code starts at 0 and individuals at 0 on average.

Two rules, the ``rule`` parameter:

``"replication"`` (the default) is the algorithm that generates the paper's Figure 1, as the
replications reconstructed it (Rodan 2005; Christensen 2015; Workiewicz's public recreation
of March's original code, ``Mac13kW/March_1991_Original``): each period every individual
*acts* on each belief, a 0 belief acting at random (+1 or -1); an individual's score is the
sum of action x reality, the code's the sum of code x reality; the superior group are
those whose actions scored above the code, and the code learns from their *actions*.
Socialisation moves a belief *one step* toward the code (-1 -> 0 -> +1), so a socialised
person can return to not knowing.

``"text"`` is the paper's text taken literally: the superior group are those whose beliefs
match reality on more dimensions than the code's, the code learns from their beliefs, and
a socialised belief jumps to the code's. It reproduces the paper's directions but not its
Figure 1: its equilibrium knowledge lies 0.2-0.5 below the published curves and misses the
U across ``p1`` at ``p2 = 0.1`` (see ``python -m sim.validate --only march_figure1``).

Each period: turnover, turbulence, then socialisation and code learning, both reading the
beliefs and the code at the start of the learning stage. Leaving is drawn with this
package's turnover kernel (exit clocks, :func:`sim.mechanisms.turnover.spend`) with a constant
hazard ``p3``; the population is a Mesa model stepped like :class:`sim.model.MentoringModel`.
Without turnover and turbulence the process reaches an equilibrium in which nothing can
change any more (:meth:`MarchModel.settled`); :meth:`MarchModel.run_to_equilibrium` runs to
it, with a cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import mesa
import numpy as np

from sim.config import TurnoverConfig
from sim.mechanisms import turnover

Rule = Literal["replication", "text"]
RULES: tuple[Rule, ...] = ("replication", "text")
EQUILIBRIUM_CAP = 5000  # periods; at p1 = 0.1 most runs settle in 80-500 (Workiewicz's notes)


@dataclass(frozen=True)
class MarchParams:
    """The paper's parameters (defaults: its base case, m = 30 dimensions, n = 50 people).

    ``p1`` is one socialisation rate for everyone or a tuple of one rate per person
    (:meth:`mixed` builds March's fast and slow learners).
    """

    m: int = 30
    n: int = 50
    p1: float | tuple[float, ...] = 0.1  # socialisation rate
    p2: float = 0.5  # code learning rate
    p3: float = 0.0  # turnover per period
    p4: float = 0.0  # turbulence per period
    rule: Rule = "replication"

    @classmethod
    def mixed(cls, fast: int, p1_fast: float = 0.9, p1_slow: float = 0.1, **kw) -> MarchParams:
        """``fast`` people socialise at ``p1_fast``, the rest of ``n`` at ``p1_slow``."""
        n = kw.get("n", cls.n)
        if not 0 <= fast <= n:
            raise ValueError(f"fast={fast}: must be between 0 and n={n}")
        return cls(p1=(p1_fast,) * fast + (p1_slow,) * (n - fast), **kw)

    def rates(self) -> np.ndarray:
        """Socialisation rate per person (float[n])."""
        return np.broadcast_to(np.asarray(self.p1, dtype=float), (self.n,))

    @property
    def closed(self) -> bool:
        """No turnover and no turbulence: the process reaches an equilibrium."""
        return self.p3 == 0 and self.p4 == 0


def _validate(params: MarchParams) -> None:
    if params.m < 1 or params.n < 1:
        raise ValueError("m and n must be at least 1")
    if params.rule not in RULES:
        raise ValueError(f"rule={params.rule!r}: must be one of {', '.join(RULES)}")
    p1 = np.asarray(params.p1, dtype=float)
    if p1.ndim > 1 or (p1.ndim == 1 and len(p1) != params.n):
        raise ValueError(f"p1 has {p1.size} rates: give one rate, or one per person (n={params.n})")
    if p1.size and not ((p1 >= 0) & (p1 <= 1)).all():
        raise ValueError(f"p1={params.p1}: must be a probability in [0, 1]")
    for name in ("p2", "p3", "p4"):
        value = getattr(params, name)
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name}={value}: must be a probability in [0, 1]")


# Turnover as this package draws it, with every modifier off: a constant hazard p3.
_CONSTANT_HAZARD = TurnoverConfig(rate_annual=0.0, engagement_sensitivity=0.0, newcomer_multiplier=1.0)


class MarchModel(mesa.Model):
    """Mutual learning of individuals and the code; one step is one period."""

    def __init__(self, params: MarchParams = MarchParams(), *, rng: int | None = 0) -> None:
        _validate(params)
        super().__init__(rng=rng)
        self.params = params
        self._rates = params.rates()[:, None]
        self.reality = self.rng.choice(np.array([-1, 1], dtype=np.int8), size=params.m)
        self.beliefs = self._newcomers(params.n)
        self.code = np.zeros(params.m, dtype=np.int8)
        self.clock: np.ndarray | None = None  # exit clocks, drawn at the first period with turnover
        self.periods = 0
        self.history: list[tuple[float, float]] = [(self.code_knowledge(), self.individual_knowledge())]

    def _newcomers(self, count: int) -> np.ndarray:
        return self.rng.integers(-1, 2, size=(count, self.params.m), dtype=np.int8)

    def code_knowledge(self) -> float:
        """March's measure of the code: (dimensions right - dimensions wrong) / m."""
        return float((self.code * self.reality).mean())

    def individual_knowledge(self) -> float:
        """March's measure, averaged over individuals."""
        return float((self.beliefs * self.reality).mean())

    def code_share_right(self) -> float:
        """Share of dimensions on which the code equals reality (a 0 counts as wrong)."""
        return float((self.code == self.reality).mean())

    def _superior(self) -> np.ndarray:
        """What the superior group shows the code (int8[members, m]): beliefs (text rule) or actions."""
        beliefs, reality = self.beliefs, self.reality
        if self.params.rule == "text":
            return beliefs[(beliefs == reality).sum(axis=1) > (self.code == reality).sum()]
        unsure = beliefs == 0
        actions = np.where(unsure, self.rng.choice(np.array([-1, 1], dtype=np.int8), size=beliefs.shape), beliefs)
        return actions[(actions.astype(np.int32) @ reality) > int(self.code.astype(np.int32) @ reality)]

    def step(self) -> None:
        """One period: turnover, turbulence, then socialisation and code learning (simultaneous)."""
        p, rng = self.params, self.rng
        if p.p3 > 0:
            if self.clock is None:
                self.clock = rng.exponential(size=p.n)
            hazard = turnover.weekly_hazard(np.zeros(p.n), np.zeros(p.n), p.p3, 0.0, _CONSTANT_HAZARD)
            leavers = turnover.spend(self.clock, hazard)
            self.clock[leavers] = rng.exponential(size=len(leavers))
            self.beliefs[leavers] = self._newcomers(len(leavers))
        if p.p4 > 0:
            flip = rng.random(p.m) < p.p4
            self.reality[flip] *= -1
        beliefs, code = self.beliefs, self.code
        signals = self._superior()
        # Socialisation: where the code has a view and a belief differs, the belief moves toward it.
        adopt = (code != 0) & (beliefs != code) & (rng.random(beliefs.shape) < self._rates)
        new_code = code.copy()
        if len(signals):
            majority, k = _majority(signals)
            change = (majority != 0) & (majority != code) & (rng.random(p.m) < 1.0 - (1.0 - p.p2) ** k)
            new_code[change] = majority[change]
        moved = np.broadcast_to(code, beliefs.shape)[adopt]
        if p.rule == "replication":
            beliefs[adopt] += moved  # one step toward the code: -1 -> 0 -> +1
        else:
            beliefs[adopt] = moved
        self.code = new_code
        self.periods += 1
        self.history.append((self.code_knowledge(), self.individual_knowledge()))

    def settled(self) -> bool:
        """Whether nothing can change any more (without turnover or turbulence).

        No belief differs from a code with a view (socialisation has nothing to do), and no
        one could join the superior group: under the replication rule even acting luckily on
        every 0 belief would not beat the code; under the text rule no one's beliefs beat it
        with a majority that differs from the code.
        """
        beliefs, code, reality = self.beliefs, self.code, self.reality
        if ((code != 0) & (beliefs != code)).any():
            return False
        code_score = int(code.astype(np.int32) @ reality)
        if self.params.rule == "replication":
            best = beliefs.astype(np.int32) @ reality + (beliefs == 0).sum(axis=1)
            return not (best > code_score).any()
        superior = self._superior()  # the text rule draws nothing here
        if not len(superior):
            return True
        majority, _ = _majority(superior)
        return not ((majority != 0) & (majority != code)).any()

    def run(self, periods: int) -> MarchModel:
        """Run ``periods`` periods; return self."""
        for _ in range(periods):
            self.step()
        return self

    def run_to_equilibrium(self, cap: int = EQUILIBRIUM_CAP) -> bool:
        """Step until :meth:`settled` or ``cap`` periods; whether it settled."""
        if not self.params.closed:
            raise ValueError("with turnover or turbulence there is no equilibrium: run a number of periods")
        while not self.settled():
            if self.periods >= cap:
                return False
            self.step()
        return True


def _majority(signals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per dimension, the superior group's majority (+1, -1, 0 for a tie) and its margin k."""
    lead = (signals == 1).sum(axis=0) - (signals == -1).sum(axis=0)
    return np.sign(lead).astype(np.int8), np.abs(lead)


def equilibrium(
    params: MarchParams, runs: int, periods: int | None = None, seed: int = 0, cap: int = EQUILIBRIUM_CAP
) -> np.ndarray:
    """The code's knowledge in each of ``runs`` independent runs (seeds ``seed``, ``seed + 1``, ...).

    With ``periods`` None, each run goes to its equilibrium (``params`` must be closed;
    capped at ``cap`` periods); otherwise it stops after ``periods`` periods.
    """
    out = np.empty(runs)
    for r in range(runs):
        model = MarchModel(params, rng=seed + r)
        if periods is None:
            model.run_to_equilibrium(cap)
        else:
            model.run(periods)
        out[r] = model.code_knowledge()
    return out


def trajectory(params: MarchParams, runs: int, periods: int, seed: int = 0) -> np.ndarray:
    """The code's knowledge per period (float[runs, periods + 1])."""
    return np.array([[c for c, _ in MarchModel(params, rng=seed + r).run(periods).history] for r in range(runs)])
