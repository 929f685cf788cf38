"""Batched ensembles: runs of one organisation stepped together over stacked arrays.

A run of 500 employees spends most of a step on the fixed cost of a few hundred small numpy
calls. An :class:`Ensemble` of R runs builds each organisation exactly as its single run does
(:class:`sim.model.MentoringModel`), then stacks their state into arrays of R x N rows and one
informal network and steps them with the week every run uses (:class:`sim.schedule.Stack`):
every row-wise rule runs once over all R x N rows, each run keeping its own generator, ledger
and timeseries. So a replicate's timeseries and summary are **the same bytes** as the single
run of its configuration (``tests/test_ensemble.py`` checks it over seeds and designs).

The runs of an ensemble share the organisation (every organisation-wide setting: size,
network, knowledge, engagement, turnover, the new practice, a warm start, steps); they may
differ in the seed and in what only their programme stages read (keys tagged ``replicate`` in ``sim.config``:
the programme's design and settings, matching, support, lifecycle, prices), so a sweep of
designs x seeds steps as one ensemble. Which runs step alone is one rule, :func:`sim.config.alone_reason`,
used here and by the sweeps (:mod:`sim.run.batch`; the cores, submitit and Ray launchers).
``python -m sim.bench`` times ensembles against single runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.config import alone_reason, ensemble_shared, iter_fields, replicate_names
from sim.mechanisms.network import stacked_network
from sim.mechanisms.program import Program
from sim.model import MentoringModel
from sim.resolved import Resolved
from sim.schedule import Stack
from sim.state import FIELDS, Workforce
from sim.ties import Ties


@dataclass
class RunEnd:
    """One run of an ensemble at its end, as its single model holds it: for measures read off a finished run.

    Attributes:
        state: its people (copies of its rows of the stack).
        program: its programme, its ties in its own rows (copies).
        isolated: its rows without an informal tie.
        informal_ties: its informal mentoring ties in its own rows (copies; as ``MentoringModel.informal_ties``).
    """

    state: Workforce
    program: Program
    isolated: np.ndarray
    _summary: dict[str, Any]
    informal_ties: Ties | None = None

    @property
    def ties(self) -> Ties:
        """Its active ties (as ``MentoringModel.ties``)."""
        return self.program.ties

    def summary(self) -> dict[str, Any]:
        """Its summary (as ``MentoringModel.summary()``)."""
        return self._summary


class EnsembleError(ValueError):
    """Runs that cannot be batched together; the message is one line for the user."""


def check_batchable(runs: list[Resolved]) -> None:
    """Refuse runs an ensemble cannot step together.

    Raises:
        EnsembleError: for a run that steps alone (:func:`sim.config.alone_reason`), or runs differing in an
            organisation-wide setting (any key not tagged ``replicate``: :data:`sim.config.ROLES`).
    """
    if not runs:
        raise EnsembleError("an ensemble needs at least one run")
    first = runs[0].config
    for run in runs:
        reason = alone_reason(run.config)
        if reason:
            raise EnsembleError(reason)
    values = {k: v for k, v, _ in iter_fields(first) if ensemble_shared(k)}
    allowed = ", ".join(replicate_names())
    for other in runs[1:]:
        for k, v, _ in iter_fields(other.config):
            if k in values and values[k] != v:
                raise EnsembleError(
                    f"{k}: {values[k]!r} in the first run, {v!r} in another; the runs of an ensemble differ only in {allowed}"
                )


class Ensemble:
    """R runs of one organisation (differing by seed or programme), stepped together (see the module's docstring).

    Attributes:
        models: each run's model as built (its Mesa agents are not kept up to date: read
            results from :meth:`timeseries` and :meth:`summaries`).
        stack: the stacked organisations and each run's own parts (sim.schedule).
    """

    def __init__(self, runs: list[Resolved]) -> None:
        check_batchable(runs)
        self.runs = runs
        self.models = [MentoringModel(r) for r in runs]  # each organisation as its single run builds it
        m0 = self.models[0]
        self.n, self.steps = m0.state.n, m0.steps
        state = Workforce(**{f: np.concatenate([getattr(m.state, f) for m in self.models]) for f in FIELDS})
        replicates = [m.replicate for m in self.models]
        for m, rep in zip(self.models, replicates, strict=True):
            rep.next_uid = m.agent_id_counter  # ids count on as Mesa would have numbered the run's agents
        net = stacked_network([m.network for m in self.models], self.n)
        self.stack = Stack(state, net, replicates, m0.hazard, m0.e_ref)

    def run(self) -> Ensemble:
        """Run every replicate to the config's ``steps``; return self."""
        while self.steps < self.stack.config.steps:
            self.stack.step(self.steps)
            self.steps += 1
        return self

    def timeseries(self) -> list[pd.DataFrame]:
        """Each replicate's timeseries, as its single run's ``MentoringModel.timeseries()``."""
        return [self.stack.timeseries(i) for i in range(len(self.models))]

    def ended(self, i: int) -> RunEnd:
        """Replicate ``i`` at the end of :meth:`run`: its state, programme and summary as its single run ends."""
        stack, rows = self.stack, slice(i * self.n, (i + 1) * self.n)
        state = Workforce(**{f: getattr(stack.state, f)[rows].copy() for f in FIELDS})
        own = stack.programmes.of_run[i].own(i)
        informal = stack.informal.ties.take(stack.informal.ties.mentee // self.n == i)
        informal.mentor, informal.mentee = informal.mentor - i * self.n, informal.mentee - i * self.n
        return RunEnd(state, own, stack.isolated[rows].copy(), stack.summary(i, self.steps), informal)

    def summaries(self) -> list[dict[str, Any]]:
        """Each replicate's summary, as its single run's ``MentoringModel.summary()``."""
        return [self.stack.summary(i, self.steps) for i in range(len(self.models))]
