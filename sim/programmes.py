"""The programmes of a stack of runs, batched: runs with the same programme settings as one programme.

A stack (:class:`sim.schedule.Stack`) steps R runs of one organisation, which may differ in
their seed and their programme (keys tagged ``replicate`` in ``sim.config``). Runs whose programme settings
are equal -- the seeds of one design, say -- form a :class:`Cohort`: one
:class:`sim.mechanisms.program.Program` over their stacked rows (run r's in rows r*N .. r*N + N - 1),
so closing and review, meetings, rapport, the hours asked and what leavers end run once for
the cohort, not once per run, and the knowledge flows of every cohort go through one transfer
(:meth:`Programmes.transfer`). Each tie draws with its own run's weekly keys (the ``Program``'s
per-run keys), and only matching, every ``program.match_every_weeks``, runs run by run (a
design matches within one organisation): so every run's ties, draws and results are those of
its single run, to the bit (``tests/test_ensemble.py``). What a run reports (meetings, hours,
failed reviews, ties) is split back per run by row.

A single run is a stack of one and a cohort of one: its programme is the run's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.config import SimConfig
from sim.mechanisms import informal_mentoring, kernels, meetings, support
from sim.mechanisms.knowledge import person_mean
from sim.mechanisms.program import Program, Round, Week
from sim.state import Workforce
from sim.ties import Ties


def programme_settings(cfg: SimConfig) -> str:
    """What runs of one cohort share: every programme setting (the config with its seed blanked)."""
    return repr(dict(vars(cfg), seed=None))


@dataclass
class Part:
    """One run's share of a cohort's week (what its ledger and timeseries count)."""

    count: int
    hours: tuple[float, float, float]
    person_hours: np.ndarray | None


class Cohort:
    """Runs with the same programme settings, their programme held over the stacked rows.

    Args:
        members: the runs' indices in the stack, ascending.
        program: the programme over the stack's rows (a single run's own programme when the stack
            holds one run).
        n: rows per run; r: runs in the stack.
    """

    def __init__(self, members: list[int], program: Program, n: int, r: int) -> None:
        self.members, self.program, self.n, self.r = members, program, n, r
        self.cfg = program.cfg
        self.rows = np.zeros(n * r, dtype=bool)
        for i in members:
            self.rows[i * n : (i + 1) * n] = True
        zeros = np.zeros(n * r)
        zeros.flags.writeable = False
        #: The week of a cohort with no tie (no programme, or not yet): what ``Program.meet`` gives, kept.
        self.quiet_week = Week(np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), 0, (0.0, 0.0, 0.0), zeros, zeros)

    def meet(self, free_hours: np.ndarray, keys: np.ndarray) -> Week:
        """The cohort's week of meetings (``Program.meet``); :attr:`quiet_week` while it has no tie."""
        return self.program.meet(free_hours, keys) if len(self.program) else self.quiet_week

    def runs_of(self, mentees: np.ndarray) -> np.ndarray:
        """How many of ``mentees`` (stacked rows) fall in each run of the stack (int[R])."""
        return np.bincount(mentees // self.n, minlength=self.r)

    def match(self, i: int, view: Workforce, step: int, key: np.uint64) -> Round:
        """Run ``i``'s matching round on its rows (``view``): on its own ties, as its single run matches."""
        prog = self.program
        if self.r == 1:
            return prog.match(view, step, key)
        off = i * self.n
        own = self.own(i)
        first, first_external = len(own.ties), len(own.external)
        done = own.match(view, step, key)
        prog.ties.extend(own.ties, first, off)
        prog.external.extend(own.external, first_external, off)
        return done

    def own(self, i: int) -> Program:
        """Run ``i``'s programme as its single run holds it: its ties (copies), in its own rows 0..N-1."""
        prog, off = self.program, i * self.n
        own = Program(self.cfg)
        own.ties = prog.ties.take(prog.ties.mentee // self.n == i)
        own.external = prog.external.take(prog.external.mentee // self.n == i)
        for table in (own.ties, own.external):
            table.mentor = table.mentor - (0 if table.external else off)
            table.mentee = table.mentee - off
        return own

    def parts(self, week: Week) -> dict[int, Part]:
        """Each member's meetings, hours and own hours of the cohort's ``week`` (as its single run's ``Week``)."""
        if week is self.quiet_week:
            return {i: Part(0, (0.0, 0.0, 0.0), None) for i in self.members}
        prog, n, sup = self.program, self.n, self.cfg.support
        ties, run = prog.ties, prog.ties.mentee // n
        _, first = np.unique(ties.group[week.met], return_index=True)  # each group that met, once
        external = self.runs_of(prog.external.mentee[week.met_external])
        counts = self.runs_of(ties.mentee[week.met][first]) + external
        out = {}
        for i in self.members:
            mine = slice(i * n, (i + 1) * n)
            mentor_h, mentee_h = support.meeting_hours(ties, week.met & (run == i), week.person_meetings[mine], sup)
            external_h = float(external[i]) * sup.meeting_hours
            own = week.person_hours[mine] if counts[i] else None
            out[i] = Part(int(counts[i]), (mentor_h, mentee_h + external_h, external_h), own)
        return out

    def ties_per_run(self) -> np.ndarray:
        """Active ties of each run of the stack (int[R]), internal and external."""
        prog = self.program
        return self.runs_of(prog.ties.mentee) + self.runs_of(prog.external.mentee)


class Programmes:
    """Every run's programme in a stack, in cohorts (see the module's docstring).

    Args:
        programs: each run's programme as its model built it (its ties in its own rows).
        n: rows per run.
    """

    def __init__(self, programs: list[Program], n: int) -> None:
        self.n, self.r = n, len(programs)
        members: dict[str, list[int]] = {}
        for i, p in enumerate(programs):
            members.setdefault(programme_settings(p.cfg), []).append(i)
        self.cohorts = []
        for runs in members.values():
            if self.r == 1:
                program = programs[0]
            else:
                program = Program(programs[runs[0]].cfg, block=n)
                for i in runs:  # the ties each run starts with (a warm start's), in its rows of the stack
                    program.ties.extend(programs[i].ties, 0, i * n)
                    program.external.extend(programs[i].external, 0, i * n)
            program.block = n
            self.cohorts.append(Cohort(runs, program, n, self.r))
        self.of_run = {i: c for c in self.cohorts for i in c.members}

    def transfer(self, state: Workforce, weeks: list[Week], step: int) -> np.ndarray:
        """What every cohort's meetings teach, applied in place; return each row's tacit gain float[R x N, K].

        The cohorts' flows reach disjoint rows, so they go through one transfer, each row's gains
        summed in its run's order (the bytes of each run's own transfer); external mentors after.
        """
        busy = [(c, w) for c, w in zip(self.cohorts, weeks, strict=True) if w is not c.quiet_week]
        flows = [c.program.flows(w, step, state.n_skills) for c, w in busy]
        if not flows:
            return np.zeros((state.n, state.n_skills))  # what a transfer along no flow gives
        if len(flows) == 1:
            f = flows[0]
            src, dst, c1, c2, weights = f.src, f.dst, f.explicit, f.tacit, f.weights
        else:
            src, dst, c1, c2, weights = (
                np.concatenate([getattr(f, name) for f in flows])
                for name in ("src", "dst", "explicit", "tacit", "weights")
            )
        learnt = kernels.transfer_pair(state.skills, c1, state.tacit, c2, src, dst, weights)
        for c, w in busy:
            c.program.transfer_external(state, w, step, learnt)
        return learnt

    def hours_asked(self, weeks: list[Week]) -> np.ndarray | float:
        """Mentoring hours a month each row's programme ties ask this week (float[R x N], or 0.0 for none)."""
        return self.by_row(
            [
                0.0 if w is c.quiet_week else support.hours_asked(w.commitments, c.cfg.program, c.cfg.support)
                for c, w in zip(self.cohorts, weeks, strict=True)
            ]
        )

    def build_rapport(self, weeks: list[Week]) -> None:
        """Rapport grows in every cohort's ties that met."""
        for c, w in zip(self.cohorts, weeks, strict=True):
            if w is not c.quiet_week:
                c.program.build_rapport(w)

    def engagement_parts(self, state: Workforce, weeks: list[Week]) -> tuple[Any, Any, Any]:
        """Each row's meetings attended, hours short and recognition this week (:meth:`by_row`; 0.0 for none)."""
        parts: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        for c, w in zip(self.cohorts, weeks, strict=True):
            quiet = w is c.quiet_week  # no tie: nothing attended, asked or recognised (each exactly 0.0)
            parts[0].append(0.0 if quiet else c.program.attended(state.n, w))
            parts[1].append(0.0 if quiet else c.program.hours_short(state.free_hours, w))
            parts[2].append(0.0 if quiet else c.program.recognition(state.n))
        attended, short, recognised = (self.by_row(p) for p in parts)
        return attended, short, recognised

    def by_row(self, parts: list[np.ndarray | float]) -> np.ndarray | float:
        """Each cohort's per-row figure (float[R x N], or a scalar for none) on its own rows, as one array."""
        if len(parts) == 1:
            return parts[0]
        if all(np.ndim(p) == 0 and p == 0.0 for p in parts):
            return 0.0
        out = np.zeros(self.n * self.r)
        for c, p in zip(self.cohorts, parts, strict=True):
            out[c.rows] = np.broadcast_to(p, out.shape)[c.rows]
        return out

    def mentor_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Every active tie's mentor and mentee rows between employees (int64 each, aligned)."""
        ties = [c.program.ties for c in self.cohorts if len(c.program.ties)]
        if not ties:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate([t.mentor for t in ties]), np.concatenate([t.mentee for t in ties])

    def move(self, moves: Any) -> None:
        """Promoted people keep their ties: each tie's rows follow them, step by step (sim.mechanisms.careers.Moves)."""
        for c in self.cohorts:
            if len(c.program):
                c.program.move(moves.src, moves.dst)

    def leave(self, leavers: np.ndarray) -> None:
        """End every tie of the stacked rows whose occupant left."""
        for c in self.cohorts:
            if len(c.program):
                c.program.leave(leavers, self.n * self.r)

    def in_tie(self) -> np.ndarray:
        """Rows in at least one active tie (bool[R x N])."""
        parts = [c.program.in_tie(self.n * self.r) for c in self.cohorts if len(c.program)]
        if not parts:
            return np.zeros(self.n * self.r, dtype=bool)
        return parts[0] if len(parts) == 1 else np.logical_or.reduce(parts)

    def ties_per_run(self) -> np.ndarray:
        """Active ties of each run (int[R])."""
        return np.sum([c.ties_per_run() for c in self.cohorts], axis=0)

    def failed_reviews(self, step: int, keys: np.ndarray) -> np.ndarray:
        """Close every cohort's ties due to close (``keys``: each run's review key); return each run's failed reviews (int[R])."""
        none = np.zeros(0, dtype=np.int64)
        return np.sum(
            [c.runs_of(c.program.close_rows(step, keys) if len(c.program) else none) for c in self.cohorts], axis=0
        )


class InformalTies:
    """Every run's informal mentoring ties in a stack, over its stacked rows (sim.mechanisms.informal_mentoring).

    Each run's ties are in its own rows and draw with its own keys, so a run's informal mentoring is
    the same in a stack as alone; what each run's ledger counts (ties formed, tie-weeks, tacit
    know-how passed) is split back by row. With informal mentoring off and no tie, every method
    returns at once.

    Args:
        cfg: the stack's configuration (informal mentoring and knowledge are organisation-wide).
        ledgers: each run's ledger, in stack order.
        n: rows per run.
        held: each run's informal ties when the stack starts (its own rows), or None for none.
    """

    def __init__(self, cfg: SimConfig, ledgers: list[Any], n: int, held: list[Ties] | None = None) -> None:
        self.cfg, self.ledgers, self.n = cfg, ledgers, n
        held = held or [Ties() for _ in ledgers]
        if len(held) == 1:
            self.ties = held[0]  # a single run's own table (its model saves it in checkpoints)
        else:
            self.ties = Ties()
            for i, table in enumerate(held):  # the ties each run starts with (a resumed run's), in its rows
                self.ties.extend(table, 0, i * n)
        self.met = np.zeros(len(self.ties), dtype=bool)

    @property
    def quiet(self) -> bool:
        """Whether there is nothing to do: informal mentoring off and no tie."""
        return self.cfg.informal.formation_per_year <= 0 and not len(self.ties)

    def _by_run(self, rows: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.bincount(rows // self.n, weights=weights, minlength=len(self.ledgers))

    def round(
        self, state: Workforce, u: np.ndarray, v: np.ndarray, in_formal: np.ndarray, occasions, step: int
    ) -> None:
        """Close the ties whose time is over, then form the week's new ones (each run's count in its ledger)."""
        if self.quiet:
            return
        informal_mentoring.close_expired(self.ties, step)
        before = len(self.ties)
        cfg = self.cfg
        keys = occasions("informal_mentoring", step)
        informal_mentoring.form(
            state, self.ties, u, v, in_formal, keys, self.n, step, cfg.informal, cfg.knowledge, cfg.matching
        )
        for ledger, count in zip(self.ledgers, self._by_run(self.ties.mentee[before:]), strict=True):
            ledger.informal_formed += int(count)

    def meet(self, occasions, step: int, free_hours: np.ndarray, formal_asked: np.ndarray | float) -> None:
        """Draw which ties meet this week (with the time a programme's ties leave); count each run's tie-weeks."""
        if self.quiet:
            return
        keys = occasions("informal_mentoring", step)
        self.met = informal_mentoring.draw_meetings(
            self.ties, keys, self.n, self.cfg.informal, free_hours, formal_asked
        )
        active, met = self._by_run(self.ties.mentee), self._by_run(self.ties.mentee[self.met])
        for ledger, count, meetings_held in zip(self.ledgers, active, met, strict=True):
            ledger.informal_tie_weeks += int(count)
            ledger.informal_meetings += int(meetings_held)

    def transfer(self, state: Workforce) -> np.ndarray | None:
        """What the ties that met teach, applied in place; each row's tacit gain (None when no tie met)."""
        if self.quiet or not self.met.any():
            return None
        kc = self.cfg.knowledge
        flows = meetings.mentoring_flows(self.ties, self.met, kc, state.n_skills)
        c1, c2 = kc.mentoring_explicit_rate * flows.quality, kc.mentoring_tacit_rate * flows.quality
        gain = kernels.transfer_pair(state.skills, c1, state.tacit, c2, flows.src, flows.dst, flows.weights)
        passed = self._by_run(np.arange(state.n), weights=person_mean(gain))
        for ledger, tacit in zip(self.ledgers, passed, strict=True):
            ledger.informal_tacit += float(tacit)
        return gain

    def build_rapport(self) -> None:
        """Rapport grows in the ties that met."""
        if not self.quiet and len(self.ties):
            meetings.build_rapport(self.ties, self.met, self.cfg.knowledge)

    def leave(self, leavers: np.ndarray) -> None:
        """End every tie of a row whose occupant left."""
        if len(self.ties):
            self.ties.keep(~self.ties.touching(leavers, self.n * len(self.ledgers)))

    def move(self, moves: Any) -> None:
        """Promoted people keep their informal ties (sim.mechanisms.careers.Moves)."""
        for src, dst in zip(moves.src, moves.dst, strict=True):
            self.ties.move_rows(src, dst)
