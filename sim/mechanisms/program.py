"""The mentoring programme of a run: its ties, from inside and from outside, through each stage of a week.

Schedule. Every ``program.match_every_weeks`` from ``program.start_step`` on, volunteers
without a tie are matched by the design (``sim.mechanisms.designs``) and, where the design
takes them and ``program.external_mentors`` > 0, mentees no internal mentor could take get one
from outside (sim.mechanisms.external). Ties close after ``program.duration_weeks`` (peer and
circle ties after ``lifecycle.peer_duration_multiplier`` times that), at a no-fault exit
(sim.mechanisms.lifecycle) or when either side leaves; the freed people can be matched
again in the next round.

One programme, two tables: :class:`Program` holds the ties between employees and the ties to
external mentors (whose ``mentor`` indexes the external pool, not a row) and runs both
through each stage with the same rules -- closing and review, meetings, the phase and
training factors of transfer, rapport, the hours they ask, what leavers end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.arrays import unique
from sim.config import SimConfig
from sim.mechanisms import external, kernels, lifecycle, meetings, support
from sim.mechanisms.designs import DESIGNS, RoundContext, form_ties, has_programme
from sim.state import Workforce
from sim.ties import REVERSE, ROLE_KINDS, Ties


@dataclass(frozen=True)
class Round:
    """What a matching round did: rows matched, ties formed, the rows in each role of its new ties."""

    matched: np.ndarray
    formed: int
    mentors: np.ndarray
    mentees: np.ndarray


@dataclass(frozen=True)
class Week:
    """A week's meetings: which ties met (internal, external), how many meetings, their hours.

    ``hours`` is (mentor side of one-to-one ties, mentees and circle members, external mentors);
    ``commitments`` (float[N]) the ties each row is in this week, which the hours asked follow;
    ``person_meetings`` (float[N]) the meetings of ties between employees each row attended;
    ``person_hours`` (float[N]) each row's own hours in this week's meetings (None when no tie met).
    """

    met: np.ndarray
    met_external: np.ndarray
    count: int
    hours: tuple[float, float, float]
    commitments: np.ndarray
    person_meetings: np.ndarray
    person_hours: np.ndarray | None = None


def is_matching_round(cfg: SimConfig, step: int) -> bool:
    """Tell whether a matching round happens at ``step``."""
    program = cfg.program
    if not has_programme(program.design) or step < program.start_step:
        return False
    return (step - program.start_step) % program.match_every_weeks == 0


def close_expired(ties: Ties, step: int) -> None:
    """End ties whose programme duration is over."""
    if len(ties):
        ties.keep(ties.end > step)  # a no-op (cache kept) when nothing expires


class Program:
    """The programme's ties and its weekly stages.

    One run's programme, or the programmes of several runs with the same programme settings held
    over their stacked rows (sim.programmes): then ``block`` is each run's number of rows, a
    tie's run is its mentee's row // ``block``, and the weekly keys the stages take are one per
    run (uint64[R], indexed by run), each tie drawing with its own run's.

    Attributes:
        ties: ties between employees (pairs and circle member pairs).
        external: ties of employees to external mentors.
    """

    def __init__(self, cfg: SimConfig, block: int | None = None) -> None:
        self.cfg = cfg
        self.block = block
        self.ties = Ties()
        self.external = Ties(external=True)

    def _keys(self, table: Ties, key: np.uint64 | np.ndarray) -> np.uint64 | np.ndarray:
        """The week's key for each tie of ``table``: ``key`` itself, or its run's of the per-run ``key``."""
        if np.ndim(key) == 0:
            return key
        assert self.block is not None, "per-run keys need the rows per run"
        return key[table.mentee // self.block]

    def __len__(self) -> int:
        return len(self.ties) + len(self.external)

    def in_tie(self, n: int) -> np.ndarray:
        """Rows in at least one active tie (bool[N])."""
        out = np.zeros(n, dtype=bool)
        out[self.ties.mentor] = True
        out[self.ties.mentee] = True
        out[self.external.mentee] = True
        return out

    def close(self, step: int, key: np.uint64) -> int:
        """End ties whose duration is over and ties failing the no-fault review (the week's ``key``); return how many failed it."""
        return len(self.close_rows(step, key))

    def close_rows(self, step: int, key: np.uint64 | np.ndarray) -> np.ndarray:
        """As :meth:`close`; return the mentee row of each tie that failed the review (int64)."""
        lc = self.cfg.lifecycle
        for table in (self.ties, self.external):
            close_expired(table, step)
        failed = []
        for table in (self.ties, self.external):
            review = lifecycle.no_fault_exits(table, step, lc, self._keys(table, key))
            failed.append(table.mentee[review])
            if review.any():
                table.keep(~review)
        return np.concatenate(failed)

    def match(self, state: Workforce, step: int, key: np.uint64) -> Round:
        """A matching round (its draws keyed by ``key``): the design's ties, then external mentors for whom no internal one was found."""
        prog = self.cfg.program
        covered = np.bincount(self.external.mentee, minlength=state.n) > 0
        ctx = RoundContext.of(self.cfg, step, key, covered_outside=covered, occupants=state.seat_hires)
        before = len(self)
        matched = form_ties(state, self.ties, ctx)
        if prog.external_mentors > 0 and DESIGNS[prog.design].external_mentors:
            matched = np.concatenate((matched, external.assign(state, self.external, self.ties, ctx)))
        new = (self.ties.start == step) & np.isin(self.ties.kind, ROLE_KINDS)
        new_external = self.external.start == step
        mentees = np.concatenate((self.ties.mentee[new], self.external.mentee[new_external]))
        return Round(matched, len(self) - before, self.ties.mentor[new], mentees)

    def commitments(self, n: int) -> np.ndarray:
        """Ties each row is in, internal and external (a circle counting once; float[N])."""
        return support.commitments(self.ties, n) + external.commitments(self.external, n)

    def meet(self, free_hours: np.ndarray, key: np.uint64 | np.ndarray) -> Week:
        """Draw this week's meetings and count their hours.

        Args:
            free_hours: float[N] each row's free mentoring hours a month.
            key: the week's meetings key, or each run's (each tie's draw keyed to the tie: sim.mechanisms.meetings).
        """
        prog, sup, n = self.cfg.program, self.cfg.support, len(free_hours)
        commitments = self.commitments(n)
        person = support.person_availability(commitments, free_hours, prog, sup)
        met = meetings.draw_meetings(self.ties, prog, sup, person, self._keys(self.ties, key))
        met_external = external.draw_meetings(self.external, prog, sup, person, self._keys(self.external, key))
        count = len(unique(self.ties.group[met])) + int(met_external.sum())
        person_meetings = self.ties.memberships(n, met)
        mentor_h, mentee_h = support.meeting_hours(self.ties, met, person_meetings, sup)
        external_h = float(met_external.sum()) * sup.meeting_hours
        person_hours = None
        if count:  # each row's own hours, which the ledger prices by level
            person_hours = person_meetings + np.bincount(self.external.mentee[met_external], minlength=n)
            person_hours *= sup.meeting_hours
        hours = (mentor_h, mentee_h + external_h, external_h)
        return Week(met, met_external, count, hours, commitments, person_meetings, person_hours)

    def _quality(self, table: Ties, step: int) -> np.ndarray:
        """Each tie's transfer factor: its phase's quality times the training multiplier."""
        lc = self.cfg.lifecycle
        factor = lifecycle.phase_quality(lifecycle.phases(table, step, lc), lc)
        factor *= support.training_multiplier(self.cfg.support)
        return factor

    def transfer(self, state: Workforce, week: Week, step: int) -> np.ndarray:
        """What this week's meetings teach, applied in place; return each row's tacit gain float[N, K]."""
        flows = self.flows(week, step, state.n_skills)
        learnt = kernels.transfer_pair(
            state.skills, flows.explicit, state.tacit, flows.tacit, flows.src, flows.dst, flows.weights
        )
        self.transfer_external(state, week, step, learnt)
        return learnt

    def flows(self, week: Week, step: int, n_skills: int) -> meetings.Flows:
        """The knowledge flows of this week's meetings between employees, their coefficients set (``explicit``, ``tacit``)."""
        kc = self.cfg.knowledge
        flows = meetings.mentoring_flows(self.ties, week.met, kc, n_skills, self._quality(self.ties, step))
        flows.explicit = kc.mentoring_explicit_rate * flows.quality
        flows.tacit = kc.mentoring_tacit_rate * flows.quality
        return flows

    def transfer_external(self, state: Workforce, week: Week, step: int, learnt: np.ndarray) -> None:
        """What this week's meetings with external mentors teach, applied in place and added to ``learnt``."""
        if len(self.external):
            factor = self._quality(self.external, step)
            kc = self.cfg.knowledge
            learnt += external.transfer(state.skills, state.tacit, self.external, week.met_external, kc, factor)

    def build_rapport(self, week: Week) -> None:
        """Rapport grows in the ties that met."""
        meetings.build_rapport(self.ties, week.met, self.cfg.knowledge)
        meetings.build_rapport(self.external, week.met_external, self.cfg.knowledge)

    def attended(self, n: int, week: Week) -> np.ndarray:
        """Meetings each row attended this week (float[N])."""
        return meetings.attended(self.ties, week.met, n) + np.bincount(
            self.external.mentee[week.met_external], minlength=n
        )

    def hours_short(self, free_hours: np.ndarray, week: Week) -> np.ndarray:
        """Mentoring hours a month each row's ties ask beyond what they have (float[N]).

        The ties are those the week's meetings were drawn for (nothing forms or ends in between).
        """
        return support.hours_short(week.commitments, free_hours, self.cfg.program, self.cfg.support)

    def recognition(self, n: int) -> np.ndarray | float:
        """Engagement mentors gain this week for being seen mentoring (float[N], or 0 when nobody does).

        Recognised mentors (``support.mentor_recognition``) gain ``support.recognition_boost``; a
        newer employee mentoring a senior in reverse mentoring gains ``engagement.visibility_boost``
        (visibility to leaders, Murphy 2012).
        """
        sup, boost = self.cfg.support, self.cfg.engagement.visibility_boost
        out: np.ndarray | float = 0.0
        if sup.mentor_recognition:
            out = sup.recognition_boost * support.mentoring_now(self.ties, n)
        reverse = self.ties.kind == REVERSE
        if boost > 0 and reverse.any():
            out = out + boost * (np.bincount(self.ties.mentor[reverse], minlength=n) > 0)
        return out

    def move(self, src: list[np.ndarray], dst: list[np.ndarray]) -> None:
        """People promoted from rows ``src[j]`` to ``dst[j]`` (step by step) keep their ties: the ties' rows follow."""
        for a, b in zip(src, dst, strict=True):
            for table in (self.ties, self.external):
                table.move_rows(a, b)

    def leave(self, leavers: np.ndarray, n: int) -> None:
        """End every tie of the rows whose occupant left."""
        self.ties.keep(~self.ties.touching(leavers, n))
        self.external.keep(~np.isin(self.external.mentee, leavers))
