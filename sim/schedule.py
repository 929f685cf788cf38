"""The weekly schedule, written once: one run is a stack of one, an ensemble a stack of R.

A :class:`Stack` holds R organisations of N positions each as one set of arrays (replicate
r in rows r*N .. r*N + N - 1, :class:`sim.state.Workforce`) and one informal network, and the
parts each run keeps for itself (:class:`Replicate`: its configuration, programme, ledger,
generator and timeseries). One week (docs/model.md, "Process overview"):

1. programme: close ties whose duration is over and pairs failing the no-fault review; on a
   matching round, match volunteers;
2. meetings: each tie meets with its cadence, less under time pressure;
3. knowledge: mentoring flows, then informal contacts, then learning by doing (the new
   practice's own rule included) and obsolescence;
4. rapport builds in ties that met;
5. engagement drifts toward each baseline, lifted by meetings and learning, lowered by
   overload and isolation;
6. turnover: leavers are drawn from the hazard (and the new practice's experts retire in
   their week), their ties end, their tacit knowledge is counted as lost, and a hire takes
   each vacated seat;
7. metrics.

Stages 1-4 read a programme's ties and run replicate by replicate on each replicate's rows
(views of the stacked arrays) with its own settings and its programme's streams (matching,
meetings, review); the organisation's stages run once over the stack. Each replicate draws
from its own generator per purpose (:class:`sim.streams.Streams`): a stacked draw takes each
replicate's part from that replicate's stream, of that replicate's size
(:class:`sim.streams.ReplicateStreams`), exits spend each person's clock and hires are keyed to (run,
seat, k-th hire), so a replicate draws what it would draw alone: an ensemble's runs are the
bytes of their single runs (``tests/test_ensemble.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

import numpy as np
import pandas as pd

from sim import metrics, outcomes
from sim.config import SimConfig
from sim.ledger import Ledger
from sim.mechanisms import (
    careers,
    contacts,
    engagement,
    headcount,
    knowledge,
    network,
    practice,
    productivity,
    turnover,
)
from sim.mechanisms.network import InformalNetwork, run_network
from sim.mechanisms.organisation import hire, hiring_settings
from sim.mechanisms.program import Program, is_matching_round
from sim.programmes import InformalTies, Programmes
from sim.state import FIELDS, Workforce
from sim.streams import ReplicateStreams, Streams, hashed, keyed_uniforms
from sim.ties import Ties
from sim.units import WEEKS_PER_YEAR

#: The stages :attr:`Stack.timings` times (``python -m sim.bench`` reports their shares).
MECHANISMS = ("matching", "meetings", "transfer", "engagement", "turnover", "metrics")


@dataclass(eq=False)
class Replicate:
    """What one run keeps for itself in a stack.

    Attributes:
        config: its configuration (organisation-wide keys shared by every replicate of a stack).
        program: its programme as its model built it (its ties in its own rows, 0..N-1); in a stack of
            several runs the ties live in its cohort's programme from then on (sim.programmes).
        ledger: what it counts for its summary.
        streams: its generators, one per purpose.
        rows: its timeseries, one dict per step so far.
        experts: Mesa ids of the new practice's experts (empty when the scenario is off).
        next_uid: the Mesa id its next hire gets.
        roster: the roster its organisation was read from (sim.inputs.roster), or None.
        informal: its informal mentoring ties as its model holds them (its own rows; a resumed run's
            saved ones); in a stack of several runs they live in the stack's from then on.
    """

    config: SimConfig
    program: Program
    ledger: Ledger
    streams: Streams
    rows: list[dict[str, Any]]
    experts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    next_uid: int = 0
    roster: Any = None
    informal: Ties = field(default_factory=Ties)


#: How a stack gives new hires their ids: (replicate, its rows hired, in row order) -> ids.
NewIds = Callable[[int, np.ndarray], np.ndarray]
#: What a stack tells of a replicate's promotions: (replicate, rows moved from, rows moved to, in order).
Moved = Callable[[int, np.ndarray, np.ndarray], None]
#: What a stack tells of a replicate's seats left empty by a headcount plan: (replicate, its rows).
Emptied = Callable[[int, np.ndarray], None]


class Stack:
    """R organisations of one shape stepped together, one week at a time (see the module's docstring).

    Args:
        state: the stacked workforce, R x N rows.
        net: the stacked informal network (each replicate's ties offset by its first row, in its order; a
            single run's own network, which the stack changes in place when it remembers:
            sim.mechanisms.contacts).
        replicates: each run's own parts.
        hazard, e_ref: the turnover calibration (sim.mechanisms.turnover), organisation-wide.
        new_ids: gives each hire its id; by default each replicate counts on from ``next_uid``
            (a single run passes one that creates the Mesa agents).
        on_move: told of each replicate's promotions (its rows, from and to, in order; a single run
            moves its Mesa agents).
        on_empty: told of each replicate's seats a headcount plan leaves empty (its rows; a single run removes
            their Mesa agents).
    """

    def __init__(
        self,
        state: Workforce,
        net: InformalNetwork,
        replicates: list[Replicate],
        hazard: turnover.Hazard,
        e_ref: float,
        new_ids: NewIds | None = None,
        on_move: Moved | None = None,
        on_empty: Emptied | None = None,
    ) -> None:
        self.state, self.net = state, net
        self.replicates = replicates
        self.r = len(replicates)
        self.n = state.n // self.r
        self.config = cfg = replicates[0].config
        self.hazard, self.e_ref = hazard, e_ref
        self._new_ids = new_ids or self._count_ids
        self._on_move = on_move or (lambda i, src, dst: None)
        self._on_empty = on_empty or (lambda i, rows: None)
        self._boss = careers.stacked_managers(state.manager, self.n)
        self.isolated = net.degree() == 0
        edges = np.bincount(net.u // self.n, minlength=self.r).tolist()
        k = state.n_skills
        self._stale = knowledge.obsolescence_rates(cfg.knowledge, k)
        self._practice = practice.learning(cfg.practice, k, explicit=False)
        self._practice_explicit = practice.learning(cfg.practice, k, explicit=True)
        # the organisation's weekly draws, each replicate's part from its own stream
        self.contacts = ReplicateStreams([rep.streams.informal for rep in replicates], edges)
        self.noise = ReplicateStreams([rep.streams.engagement for rep in replicates], [self.n] * self.r)
        # scenarios: replicates that hire alike (their opt-in and free-hours settings) fill their seats in one call
        hiring: dict[tuple[Any, ...], list[int]] = {}
        for i, rep in enumerate(replicates):
            hiring.setdefault(hiring_settings(rep.config), []).append(i)
        self._hiring = list(hiring.values())
        #: Every run's programme, runs with the same programme settings as one (sim.programmes).
        self.programmes = Programmes([rep.program for rep in replicates], self.n)
        #: Every run's informal mentoring ties, over the stacked rows (sim.mechanisms.informal_mentoring).
        self.informal = InformalTies(
            cfg, [rep.ledger for rep in replicates], self.n, [rep.informal for rep in replicates]
        )
        self._purpose_keys = {
            purpose: np.array([rep.streams.keys[purpose] for rep in replicates], dtype=np.uint64)
            for purpose in (
                "review",
                "meetings",
                "separation",
                "promotion",
                "informal_mentoring",
                "contacts",
                "headcount",
            )
        }
        #: Whether headcount follows a plan (sim.mechanisms.headcount): seats may be empty.
        self.planned = headcount.planned(cfg.headcount)
        #: The network as it changes (sim.mechanisms.contacts), or None while it stays as built.
        self.living = None
        if contacts.remembers(cfg.network):
            ledgers = [rep.ledger for rep in replicates]
            keys = self._purpose_keys["contacts"]
            self.living = contacts.LivingNetwork(net, self.n, cfg.network, state.team, self._boss, ledgers, keys)
        #: Seconds spent in each mechanism over all steps so far.
        self.timings = dict.fromkeys(MECHANISMS, 0.0)
        #: Each replicate's leavers of the last week: (Mesa ids, kinds of separation; turnover.KINDS).
        self.left_last_week: list[tuple[np.ndarray, np.ndarray]] = [
            (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)) for _ in replicates
        ]

    def _occasions(self, purpose: str, step: int) -> np.ndarray:
        """Each run's key of the occasion (uint64[R]; as its ``streams.occasion(purpose, step)``)."""
        return hashed(self._purpose_keys[purpose], np.array([step], dtype=np.uint64))

    def view(self, i: int) -> Workforce:
        """Replicate ``i``'s rows of the stacked state (views: changes reach the stack)."""
        if self.r == 1:
            return self.state
        rows = slice(i * self.n, (i + 1) * self.n)
        return Workforce(**{f: getattr(self.state, f)[rows] for f in FIELDS})

    def step(self, elapsed: int) -> None:
        """Advance every replicate by one week; ``elapsed`` weeks are done before it (the first week is 0)."""
        st, reps, clock, cfg = self.state, self.replicates, self.timings, self.config
        t0 = perf_counter()
        st.tenure_weeks += 1.0
        views = [self.view(i) for i in range(self.r)]
        for view, rep in zip(views, reps, strict=True):
            if elapsed == rep.config.program.start_step:
                rep.ledger.program_starts(view.uid)
        failed = self._schedule_programmes(elapsed, views)  # 1. closures, no-fault exits, matching
        if not self.informal.quiet:  # who is in a programme's tie is asked only when informal mentoring is on
            self.informal.round(st, self.net.u, self.net.v, self.programmes.in_tie(), self._occasions, elapsed)
        t0 = _lap(clock, "matching", t0)
        weeks, parts = self._meetings(elapsed, views)  # 2. meetings
        if not self.informal.quiet:
            self.informal.meet(self._occasions, elapsed, st.free_hours, self.programmes.hours_asked(weeks))
        t0 = _lap(clock, "meetings", t0)
        # 3. knowledge: mentoring ties (a programme's, then informal ones), the informal network, practice, obsolescence
        learnt = self.programmes.transfer(st, weeks, elapsed)
        learnt_informally = self.informal.transfer(st)
        knowledge.informal_week(
            st.skills,
            st.tacit,
            self.net.u,
            self.net.v,
            cfg.knowledge,
            self.contacts,
            st.aptitude,
            self._stale,
            practice=(self._practice, self._practice_explicit),
            rate=self.net.rate,
        )
        if self.planned:  # an empty seat keeps nothing it heard: it can pass nothing on
            gone = ~st.occupied
            st.skills[gone] = st.tacit[gone] = 0.0
        t0 = _lap(clock, "transfer", t0)
        self.programmes.build_rapport(weeks)  # 4. rapport builds with meetings
        self.informal.build_rapport()
        t0 = _lap(clock, "meetings", t0)
        learnt_mean = self._engagement(learnt, learnt_informally, weeks)  # 5. engagement
        t0 = _lap(clock, "engagement", t0)
        counts, lost = self._turnover(elapsed, views)  # 6. turnover and replacement hiring
        if self.living is not None:  # 6b. the network remembers: ties left by mentoring, fading, contacts made
            self._network_week(elapsed)
        t0 = _lap(clock, "turnover", t0)
        self._metrics(elapsed, views, parts, failed, counts, lost, learnt_mean)  # 7. metrics
        _lap(clock, "metrics", t0)

    def _schedule_programmes(self, elapsed: int, views: list[Workforce]) -> np.ndarray:
        """Close ties due to close and hold the reviews, then match where a round falls (run by run); each run's failed reviews."""
        programmes, reps = self.programmes, self.replicates
        failed = programmes.failed_reviews(elapsed, self._occasions("review", elapsed))
        for cohort in programmes.cohorts:
            if is_matching_round(cohort.cfg, elapsed):
                for i in cohort.members:  # a design matches within one organisation
                    rep, view = reps[i], views[i]
                    done = cohort.match(i, view, elapsed, rep.streams.occasion("matching", elapsed))
                    rep.ledger.matching_round(view, done.matched, done.mentors, done.mentees, done.formed)
        return failed

    def _meetings(self, elapsed: int, views: list[Workforce]) -> tuple[list[Any], dict[int, Any]]:
        """Each cohort's week of meetings, and each run's part of them (counted in its ledger)."""
        keys = self._occasions("meetings", elapsed)
        weeks = [cohort.meet(self.state.free_hours, keys) for cohort in self.programmes.cohorts]
        parts: dict[int, Any] = {}
        for cohort, week in zip(self.programmes.cohorts, weeks, strict=True):
            parts.update(cohort.parts(week) if self.r > 1 else {0: week})
        for i, rep in enumerate(self.replicates):
            if parts[i].person_hours is not None:
                rep.ledger.met(views[i].level, parts[i].person_hours)
        return weeks, parts

    def _engagement(self, learnt: np.ndarray, informally: np.ndarray | None, weeks: list[Any]) -> np.ndarray:
        """Engagement's weekly update from meetings, learning, overload and recognition; return each row's mean tacit gain.

        The gain returned is a programme's (what its timeseries counts); engagement follows every
        mentoring tie's, informal ones' too (``informally``, None when there are none).
        """
        st, programmes = self.state, self.programmes
        learnt_mean = knowledge.person_mean(learnt)
        from_ties = learnt_mean if informally is None else knowledge.person_mean(learnt + informally)
        attended, short, recognised = programmes.engagement_parts(st, weeks)
        engagement.update(
            st.engagement,
            st.baseline,
            attended,
            from_ties,
            short,
            self.isolated,
            self.config.engagement,
            self.noise,
            recognised,
        )
        return learnt_mean

    def _turnover(self, elapsed: int, views: list[Workforce]) -> tuple[np.ndarray, list[float]]:
        """Leavers drawn and counted, their ties ended, a hire in each seat; each run's leavers and tacit know-how lost."""
        st, reps, n, cfg = self.state, self.replicates, self.n, self.config
        hazard = turnover.weekly_hazard(st.engagement, st.tenure_weeks, self.hazard, self.e_ref, cfg.turnover)
        if self.planned:  # nobody leaves an empty seat
            hazard[~st.occupied] = 0.0
        leavers = turnover.spend(st.exit_clock, hazard)
        if elapsed == cfg.practice.experts_leave_week:  # the new practice's experts retire
            leavers = np.union1d(leavers, self._experts_rows(views))
        hc, cuts = cfg.headcount, None
        if self.planned and elapsed == hc.start_week and hc.layoff_share > 0:  # a planned layoff
            cuts = headcount.laid_off(st, self._occasions("headcount", elapsed), n, hc.layoff_share, hc.layoff_level)
            leavers = np.union1d(leavers, cuts)
        kinds = self._kinds(leavers, elapsed, views)
        if cuts is not None:
            kinds[np.isin(leavers, cuts)] = turnover.KINDS.index("layoff")
            for rep, count in zip(reps, np.bincount(cuts // n, minlength=self.r).tolist(), strict=True):
                rep.ledger.cut += count
        counts = np.bincount(leavers // n, minlength=self.r)
        bounds = np.concatenate(([0], np.cumsum(counts)))
        lost = []
        for i, rep in enumerate(reps):
            mine = leavers[bounds[i] : bounds[i + 1]]
            self.left_last_week[i] = (st.uid[mine].copy(), kinds[bounds[i] : bounds[i + 1]])
            lost.append(float(st.tacit[mine].mean(axis=1).sum()))
            rep.ledger.left(lost[-1], st.level[mine], kinds[bounds[i] : bounds[i + 1]])
        closed = leavers[:0] if cuts is None else cuts[st.level[cuts] > 0]  # managers' seats a layoff closes
        if len(leavers):
            self.programmes.leave(leavers)
            self.informal.leave(leavers)
            if self.living is not None:
                self.living.leave(leavers, elapsed)
            if len(closed):
                self._close(closed, elapsed)
            vacant = self._promote(np.setdiff1d(leavers, closed) if len(closed) else leavers, elapsed)
        else:
            vacant = leavers
        if self.planned:  # the plan says which seats are filled and which opened or left empty
            vacant = self._plan(vacant, leavers, elapsed, closed)
            self._hires = np.bincount(vacant // n, minlength=self.r)
        if len(vacant):
            filled = np.concatenate(([0], np.cumsum(np.bincount(vacant // n, minlength=self.r))))
            self._hire_into(vacant, filled, elapsed + 1)
        return counts, lost

    def _close(self, closed: np.ndarray, elapsed: int) -> None:
        """Close managers' seats a layoff cut: their reports go to a colleague, and the network's reporting lines follow.

        What is cached of the org chart (stacked managers, teams) is renewed (sim.mechanisms.headcount).
        """
        st, n = self.state, self.n
        moved, old, new = headcount.close_seats(st, closed, n)
        self._boss = careers.stacked_managers(st.manager, n)
        if self.living is not None:
            self.living.regroup(st.team, self._boss)
        if not len(moved) or not self.config.network.include_reporting_lines:
            return
        if self.living is not None:
            self.living.relink(moved, old, new, elapsed)
        else:  # a network as built: the new lines are added; the old ones lead to an empty seat, which is inert
            network.add_ties(self.net, moved, new)
        self._ties_changed()

    def _plan(self, vacant: np.ndarray, leavers: np.ndarray, elapsed: int, closed: np.ndarray) -> np.ndarray:
        """The seats to hire into under the headcount plan.

        The vacant seats it leaves empty, and the seats a layoff closed, are emptied and counted.
        """
        st, hc, n = self.state, self.config.headcount, self.n
        aims = np.array(
            [
                headcount.target(hc, int(rep.ledger.headcount_by_level.sum()), elapsed, rep.ledger.cut)
                for rep in self.replicates
            ]
        )
        fill = headcount.seats_to_fill(st, vacant, leavers, n, aims, headcount.frozen(hc, elapsed))
        left = np.union1d(np.setdiff1d(vacant, fill), closed)
        if len(left):
            headcount.empty(st, left)
            for i in np.unique(left // n).tolist():
                mine = left[left // n == i]
                ledger = self.replicates[i].ledger
                ledger.unreplaced_by_level += np.bincount(st.level[mine], minlength=len(ledger.unreplaced_by_level))
                self._on_empty(i, mine - i * n)
        return fill

    def _promote(self, leavers: np.ndarray, elapsed: int) -> np.ndarray:
        """Fill vacancies above the front line from within (sim.mechanisms.careers); return the rows left to hire into."""
        st, cc, n = self.state, self.config.careers, self.n
        if cc.internal_share <= 0 or not (st.level[leavers] > 0).any():
            return leavers
        mentor, mentee = self.programmes.mentor_rows()
        ready = careers.readiness(st, productivity.know_how(st), careers.sponsored(st, mentor, mentee), cc)
        keys = self._occasions("promotion", elapsed)
        moves = careers.fill_from_within(st, leavers, self._boss, ready, keys, n, cc)
        careers.move(st, moves)
        self.programmes.move(moves)
        self.informal.move(moves)
        if self.living is not None:
            self.living.move(moves, elapsed)
        src, dst = moves.pairs()
        tenure = st.tenure_weeks[dst] / WEEKS_PER_YEAR
        for i in np.unique(dst // n).tolist():
            mine = (dst // n) == i
            steps = [
                (s[s // n == i] - i * n, d[d // n == i] - i * n) for s, d in zip(moves.src, moves.dst, strict=True)
            ]
            rep = self.replicates[i]
            rep.ledger.promoted(steps, st.uid[dst[mine]], st.level[dst[mine]], tenure[mine], st.level[src[mine]])
            self._on_move(i, src[mine] - i * n, dst[mine] - i * n)
        return moves.vacant

    def _network_week(self, elapsed: int) -> None:
        """The network's week (sim.mechanisms.contacts); then who is isolated and each run's ties, anew."""
        st, pairs = self.state, np.zeros((0, 2), dtype=np.int64)
        if self.config.network.legacy_p > 0:  # the week's mentoring pairs, to find those that ended
            mentor, mentee = self.programmes.mentor_rows()
            ties = self.informal.ties
            pairs = np.column_stack((np.concatenate((mentor, ties.mentor)), np.concatenate((mentee, ties.mentee))))
        self.living.week(elapsed, st.uid, st.team, pairs)
        self._ties_changed()

    def _ties_changed(self) -> None:
        """The informal network changed: who is isolated, and each run's ties (its conversations' draws), anew."""
        self.isolated = self.net.degree() == 0
        self.contacts.counts = np.bincount(self.net.u // self.n, minlength=self.r).tolist()

    def _metrics(
        self,
        elapsed: int,
        views: list[Workforce],
        parts: dict[int, Any],
        failed: np.ndarray,
        counts: np.ndarray,
        lost: list[float],
        learnt_mean: np.ndarray,
    ) -> None:
        """Each run's output this week in its ledger, and its timeseries row."""
        st, reps, n = self.state, self.replicates, self.n
        know_how = productivity.know_how(st)
        counted = []
        for i, (view, rep) in enumerate(zip(views, reps, strict=True)):
            mine, part = slice(i * n, (i + 1) * n), parts[i]
            passed = float(learnt_mean[mine].sum())
            hires = int(self._hires[i]) if self.planned else None
            week = metrics.WeekCounts(int(counts[i]), part.count, int(failed[i]), part.hours, lost[i], passed, hires)
            counted.append(week)
            output = productivity.output(view, rep.config.economics, rep.ledger.know_ref, know_how[mine])
            if self.planned:  # an empty seat does no work
                output = np.where(view.occupied, output, 0.0)
            rep.ledger.worked(view.level, output)
        in_tie, active = self.programmes.in_tie(), self.programmes.ties_per_run()
        held = st.occupied if self.planned else None  # who is employed matters only under a headcount plan
        rows = metrics.step_rows(elapsed + 1, st, in_tie, active, counted, [r.ledger.tacit_lost for r in reps], held)
        for rep, row in zip(reps, rows, strict=True):
            rep.rows.append(row)

    def timeseries(self, i: int) -> pd.DataFrame:
        """Replicate ``i``'s timeseries: one row per step so far (step 0 = initial state), columns as in ``sim.metrics``."""
        return pd.DataFrame(self.replicates[i].rows, columns=list(metrics.TIMESERIES_COLUMNS))

    def summary(self, i: int, steps: int) -> dict[str, Any]:
        """Replicate ``i``'s final figures after ``steps`` weeks (``summary.json``); a roster's date and notes too."""
        rep, cfg = self.replicates[i], self.replicates[i].config
        view = self.view(i)
        out = metrics.summary(cfg, self.timeseries(i), rep.ledger, view.uid[view.occupied], steps)
        out.update(outcomes.headcount(rep.ledger, view, cfg))
        net = run_network(self.net, i, self.n)
        out.update(outcomes.network(rep.ledger, net.u, net.v, view.hired_step, steps, cfg))
        memory = net.memory
        on = cfg.network.legacy_p > 0
        out.update(outcomes.legacy(rep.ledger, *((memory.origin, memory.since) if memory else (None, None)), steps, on))
        if rep.roster is not None:
            out["roster_tenure_as_of"] = rep.roster.tenure_as_of
            out["roster_notes"] = list(rep.roster.notes)
        return out

    def _kinds(self, leavers: np.ndarray, elapsed: int, views: list[Workforce]) -> np.ndarray:
        """Which kind of separation each leaver's is (int[M], sim.mechanisms.turnover.KINDS).

        Drawn by the share of each kind in the leaver's hazard with a uniform keyed to the person and
        the week (sim.streams), so a person who leaves in the same week in two designs leaves for the
        same reason; the new practice's retiring experts count as retirements.
        """
        st, hz = self.state, self.hazard
        if hz.quits_only or not len(leavers):
            kinds = np.zeros(len(leavers), dtype=np.int64)
        else:
            keys = self._occasions("separation", elapsed)[leavers // self.n]  # each leaver's run's
            u = keyed_uniforms(keys, st.uid[leavers].astype(np.uint64))
            kinds = turnover.kind_of(
                st.engagement[leavers], st.tenure_weeks[leavers], hz, self.e_ref, self.config.turnover, u
            )
        if elapsed == self.config.practice.experts_leave_week:
            kinds[np.isin(leavers, self._experts_rows(views))] = 2
        return kinds

    def _experts_rows(self, views: list[Workforce]) -> np.ndarray:
        """Stacked rows whose occupant is one of the new practice's experts (int64, ascending)."""
        found = [
            np.flatnonzero(np.isin(view.uid, rep.experts)) + i * self.n
            for i, (view, rep) in enumerate(zip(views, self.replicates, strict=True))
        ]
        return np.concatenate(found)

    def _hire_into(self, rows: np.ndarray, bounds: np.ndarray, step: int) -> None:
        """Replacement hires in the stacked ``rows`` (each replicate's in ``rows[bounds[i]:bounds[i+1]]``), at ``step``."""
        st, reps = self.state, self.replicates
        counts = np.diff(bounds)
        seats = rows - np.repeat(np.arange(self.r) * self.n, counts)
        hire_keys = np.repeat(np.array([rep.streams.hire_key for rep in reps], dtype=np.uint64), counts)
        exit_keys = np.repeat(np.array([rep.streams.exit_key for rep in reps], dtype=np.uint64), counts)
        owner = np.repeat(np.arange(self.r), counts)
        for group in self._hiring:  # replicates that hire alike, in one call
            mine = np.flatnonzero(np.isin(owner, group))
            if len(mine):
                hire(st, rows[mine], seats[mine], hire_keys[mine], exit_keys[mine], reps[group[0]].config, step)
        for i, rep in enumerate(reps):
            mine = rows[bounds[i] : bounds[i + 1]]
            rep.ledger.hired(mine - i * self.n)
            if len(mine):
                st.uid[mine] = self._new_ids(i, mine - i * self.n)

    def _count_ids(self, i: int, rows: np.ndarray) -> np.ndarray:
        """Ids for replicate ``i``'s hires in ``rows``: its counter, in row order (as Mesa numbers new agents)."""
        rep = self.replicates[i]
        ids = np.arange(rep.next_uid, rep.next_uid + len(rows), dtype=np.int64)
        rep.next_uid += len(rows)
        return ids


def _lap(clock: dict[str, float], mechanism: str, since: float) -> float:
    """Add the time since ``since`` to ``mechanism``; return now (a few hundred ns a call)."""
    now = perf_counter()
    clock[mechanism] += now - since
    return now
