"""Batched ensembles: replicates of one configuration stepped together over stacked arrays.

A run of 500 employees spends most of a step on the fixed cost of a few hundred small numpy
calls. An :class:`Ensemble` of R replicates (the same configuration, different seeds) builds
each organisation exactly as a single run does, then stacks their state into arrays of R x N
rows (replicate r in rows r*N .. r*N + N - 1) and one informal network, and steps them together:
every row-wise rule runs once over all R x N rows. Each replicate keeps its own seeded
generator: every draw of a step is taken from each replicate's generator in turn, of that
replicate's size (:class:`ReplicateStreams`), so each replicate draws what its single run
draws, in the same order. The metrics and the ledger are kept per replicate. So a
replicate's timeseries and summary are **the same bytes** as the single run of its seed
(``tests/test_ensemble.py`` checks it over seeds).

The stages that read the programme's ties (closing, matching, meetings, mentoring transfer,
rapport, what leavers end) run replicate by replicate on each replicate's rows (views of the
stacked arrays) with its own generator; the organisation's stages (informal contacts,
practice, obsolescence, engagement, turnover, hiring) run once over the stack. Every design,
external mentors and a roster are covered; warm starts and resumed checkpoints are not.

The runs of an ensemble share the organisation (every organisation-wide setting: size,
network, knowledge, engagement, turnover, steps); they may differ in the seed and in what only
their programme stages read (``sim.config.PER_REPLICATE``: the programme's design and settings,
matching, support, lifecycle, prices), so a sweep of designs x seeds steps as one ensemble,
each run the same bytes as alone (``tests/test_ensemble.py``). Sweeps batch them on every
launcher (:mod:`sim.run.batch`; the cores, submitit and Ray launchers).
``python -m sim.bench`` times them against single runs.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from sim import metrics
from sim.config import PER_REPLICATE, ensemble_shared, iter_fields
from sim.ledger import Ledger
from sim.mechanisms import engagement, knowledge, turnover
from sim.mechanisms.organisation import fill_seats, hiring_settings
from sim.mechanisms.program import is_matching_round
from sim.model import MentoringModel
from sim.resolved import Resolved
from sim.state import Workforce

_FIELDS = tuple(f.name for f in dataclasses.fields(Workforce))


class EnsembleError(ValueError):
    """Runs that cannot be batched together; the message is one line for the user."""


class ReplicateStreams:
    """Draws for stacked replicates, each part from its own replicate's generator.

    ``counts`` says how many of the draw's leading rows belong to each replicate, in
    replicate order; a draw of shape (sum(counts), ...) concatenates each generator's draw
    of shape (counts[r], ...). The mechanisms call it as they call a Generator.
    """

    def __init__(self, generators: list[np.random.Generator]) -> None:
        self.generators = generators
        self.counts: list[int] = []

    def _draw(self, name: str, size: Any, *args: Any) -> np.ndarray:
        shape = (size,) if np.isscalar(size) else tuple(size)
        if shape[0] != sum(self.counts):
            raise ValueError(f"a draw of {shape[0]} rows for replicates holding {sum(self.counts)}")
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


def check_batchable(runs: list[Resolved]) -> None:
    """Refuse runs an ensemble cannot step together.

    Raises:
        EnsembleError: for a warm start or a resumed run, or runs differing in an organisation-wide
            setting (anything outside :data:`PER_REPLICATE`).
    """
    if not runs:
        raise EnsembleError("an ensemble needs at least one run")
    first = runs[0].config
    if first.warm_start or first.checkpoint.resume:
        raise EnsembleError("warm_start and checkpoint.resume: ensembles build every organisation anew")
    if first.practice.experts:
        raise EnsembleError("practice.experts: runs of the new-practice scenario step alone")
    values = {k: v for k, v, _ in iter_fields(first) if ensemble_shared(k)}
    allowed = ", ".join(f"{s}.*" if s != "seed" else s for s in PER_REPLICATE)
    for other in runs[1:]:
        for k, v, _ in iter_fields(other.config):
            if k in values and values[k] != v:
                raise EnsembleError(
                    f"{k}: {values[k]!r} in the first run, {v!r} in another; the runs of an ensemble differ only in {allowed}"
                )


class Ensemble:
    """R runs of one organisation (differing by seed or programme), stepped together (see the module's docstring).

    Attributes:
        models: each replicate's model as built (its Mesa agents are not kept up to date:
            read results from :meth:`timeseries` and :meth:`summaries`).
    """

    def __init__(self, runs: list[Resolved]) -> None:
        check_batchable(runs)
        self.runs = runs
        self.models = [MentoringModel(r) for r in runs]  # each organisation as its single run builds it
        m0 = self.models[0]
        self.r, self.n = len(self.models), m0.state.n
        self.config, self.steps = m0.config, 0
        self.state = Workforce(**{f: np.concatenate([getattr(m.state, f) for m in self.models]) for f in _FIELDS})
        self.u = np.concatenate([m.network.u + i * self.n for i, m in enumerate(self.models)])
        self.v = np.concatenate([m.network.v + i * self.n for i, m in enumerate(self.models)])
        self.edges = [m.network.n_edges for m in self.models]
        self.isolated = np.concatenate([m.isolated for m in self.models])
        self.streams = ReplicateStreams([m.rng for m in self.models])
        self.ledgers: list[Ledger] = [m.ledger for m in self.models]
        self.programs = [m.program for m in self.models]  # each replicate's ties, over its own rows
        self.rows: list[list[dict[str, Any]]] = [list(m.timeseries_rows()) for m in self.models]
        self.next_uid = [m.agent_id_counter for m in self.models]
        self._stale = m0._stale
        # scenarios: replicates that hire alike (their opt-in and free-hours settings) fill their seats in one call
        hiring: dict[tuple[Any, ...], list[int]] = {}
        for i, m in enumerate(self.models):
            hiring.setdefault(hiring_settings(m.config), []).append(i)
        self._hiring = list(hiring.values())

    def _views(self, i: int) -> Workforce:
        rows = slice(i * self.n, (i + 1) * self.n)
        return Workforce(**{f: getattr(self.state, f)[rows] for f in _FIELDS})

    def step(self) -> None:
        """Advance every replicate by one week, as :meth:`sim.model.MentoringModel.step` does.

        Stages that read the programme's ties run replicate by replicate; the others over the stack.
        """
        cfg, st, rng, m0 = self.config, self.state, self.streams, self.models[0]
        elapsed = self.steps
        self.steps += 1
        st.tenure_weeks += 1.0
        views = [self._views(i) for i in range(self.r)]
        for view, model, ledger in zip(views, self.models, self.ledgers, strict=True):
            if elapsed == model.config.program.start_step:
                ledger.program_starts(view.uid)
        # 1-2, the ties' part of 3, and 4: each replicate's programme on its rows, with its generator and settings
        weeks, failed, learnt, attended, short, recognition = [], [], [], [], [], []
        for view, program, model, ledger in zip(views, self.programs, self.models, self.ledgers, strict=True):
            failed.append(program.close(elapsed, model.rng))
            if is_matching_round(model.config, elapsed):
                done = program.match(view, elapsed, model.rng)
                ledger.matching_round(view, done.matched, done.mentors, done.mentees, done.formed)
            week = program.meet(view.free_hours, model.rng)
            if week.person_hours is not None:
                ledger.met(view.level, week.person_hours)
            learnt.append(knowledge.person_mean(program.transfer(view, week, elapsed)))
            program.build_rapport(week)  # reads only the ties: the same whether before or after stage 3's rest
            weeks.append(week)
            attended.append(program.attended(self.n, week))
            short.append(program.hours_short(view.free_hours, week))
            recognition.append(program.recognition(self.n))
        # 3: the informal network, practice and obsolescence, over every replicate at once
        rng.counts = self.edges
        knowledge.informal_contacts(st.skills, st.tacit, self.u, self.v, cfg.knowledge, rng)
        knowledge.learn_by_doing(st.tacit, cfg.knowledge.tacit_learning_per_year, st.aptitude)
        knowledge.learn_by_doing(st.skills, cfg.knowledge.explicit_learning_per_year)
        knowledge.obsolesce(st.tacit, self._stale)
        knowledge.obsolesce(st.skills, self._stale)
        # 5-6: engagement and turnover over every replicate at once
        rng.counts = [self.n] * self.r
        recognised = (
            0.0
            if all(isinstance(x, float) for x in recognition)
            else np.concatenate([np.broadcast_to(x, (self.n,)) for x in recognition])
        )
        engagement.update(
            st.engagement,
            st.baseline,
            np.concatenate(attended),
            np.concatenate(learnt),
            np.concatenate(short),
            self.isolated,
            cfg.engagement,
            rng,
            recognised,
        )
        leavers = turnover.draw_leavers(st.engagement, st.tenure_weeks, m0.hazard_base, m0.e_ref, cfg.turnover, rng)
        counts = np.bincount(leavers // self.n, minlength=self.r)
        bounds = np.concatenate(([0], np.cumsum(counts)))
        lost = []
        for i, ledger in enumerate(self.ledgers):
            mine = leavers[bounds[i] : bounds[i + 1]]
            lost.append(float(st.tacit[mine].mean(axis=1).sum()))
            ledger.left(lost[-1], st.level[mine])
            if len(mine):
                self.programs[i].leave(mine - i * self.n, self.n)
        if len(leavers):
            self._hire_into(leavers, bounds)
        # 7: each replicate's metrics
        for i, (view, program, week) in enumerate(zip(views, self.programs, weeks, strict=True)):
            passed = float(learnt[i].sum())
            counted = metrics.WeekCounts(int(counts[i]), week.count, failed[i], week.hours, lost[i], passed)
            in_tie = program.in_tie(self.n)
            self.rows[i].append(
                metrics.step_row(self.steps, view, in_tie, len(program), counted, self.ledgers[i].tacit_lost)
            )

    def _hire_into(self, rows: np.ndarray, bounds: np.ndarray) -> None:
        """MentoringModel._hire_into for every replicate's leavers at once (each drawing from its own generator)."""
        st = self.state
        for group in self._hiring:  # each replicate's hires from its own generator
            streams = ReplicateStreams([self.models[i].rng for i in group])
            streams.counts = [int(bounds[i + 1] - bounds[i]) for i in group]
            mine = np.concatenate([rows[bounds[i] : bounds[i + 1]] for i in group])
            if len(mine):
                fill_seats(st, mine, self.models[group[0]].config, streams, self.steps)
        for i, ledger in enumerate(self.ledgers):
            mine = rows[bounds[i] : bounds[i + 1]]
            ledger.hired(mine - i * self.n)
            st.uid[mine] = np.arange(self.next_uid[i], self.next_uid[i] + len(mine))  # Mesa's ids, in row order
            self.next_uid[i] += len(mine)

    def run(self) -> Ensemble:
        """Run every replicate to the config's ``steps``; return self."""
        while self.steps < self.config.steps:
            self.step()
        return self

    def timeseries(self) -> list[pd.DataFrame]:
        """Each replicate's timeseries, as its single run's ``MentoringModel.timeseries()``."""
        return [pd.DataFrame(rows, columns=list(metrics.TIMESERIES_COLUMNS)) for rows in self.rows]

    def summaries(self) -> list[dict[str, Any]]:
        """Each replicate's summary, as its single run's ``MentoringModel.summary()``."""
        out = []
        for i, (model, ts) in enumerate(zip(self.models, self.timeseries(), strict=True)):
            s = metrics.summary(model.config, ts, self.ledgers[i], self._views(i).uid, self.steps)
            if model.roster is not None:
                s["roster_tenure_as_of"] = model.roster.tenure_as_of
                s["roster_notes"] = list(model.roster.notes)
            out.append(s)
        return out
