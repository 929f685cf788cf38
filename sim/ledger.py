"""The run's ledger: who took part, in which role and when, and what left with leavers.

The state arrays say what is true now; the summary also needs what happened on the way:
who was employed when the programme started, the first round's cohorts (everyone employed
then, who was matched, in which role, with their level and tenure at the time), everyone who
was ever a participant, mentee or mentor, how many ties formed and the tacit knowledge that
walked out. The model records these here as they happen; :func:`sim.metrics.summary` reads
them, never the model. People are recorded by uid (the Mesa agent's ``unique_id``), so a
seat's next occupant is not mistaken for the person who left it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.arrays import unique
from sim.mechanisms.contacts import COUNTS as NETWORK_COUNTS
from sim.state import Workforce
from sim.units import WEEKS_PER_YEAR


@dataclass(frozen=True)
class Cohort:
    """The programme's first matching round, as it stood then.

    Attributes:
        everyone: int64[M] uids of everyone employed.
        level: int8[M] their levels, aligned with ``everyone``.
        tenure_years: float[M] their tenure, aligned with ``everyone``.
        participants: int64[P] uids of the people matched (sorted).
        mentees, mentors: uids in each role of that round's one-to-one ties (sorted), or None
            when the round formed no ties with roles (peer designs).
    """

    everyone: np.ndarray
    level: np.ndarray
    tenure_years: np.ndarray
    participants: np.ndarray
    mentees: np.ndarray | None
    mentors: np.ndarray | None


class Ledger:
    """What the summary needs beyond the state, recorded as the run goes.

    Attributes:
        ever_participant: bool[N] whether each seat's current occupant has been matched.
        start_cohort: uids employed when the programme starts (or would, for design none).
        first_round: the first matching round's :class:`Cohort`, once there has been one.
        participants_ever, mentees_ever, mentors_ever: uids ever matched, ever in that role.
        ties_formed: ties formed over the run.
        tacit_lost: tacit knowledge that left with leavers, full-expert equivalents.
        exits_by_level: int[L] leavers by their level (what replacing them costs, sim.economics).
        hours_by_level: float[L] employees' hours in mentoring meetings by level (what their time costs).
        headcount_by_level: int[L] people at each level at the start (each leaver's seat is filled unless a
            headcount plan says otherwise: sim.mechanisms.headcount).
        exits_by_kind: int[3] leavers who quit, were laid off or discharged, and retired (sim.mechanisms.turnover.KINDS).
        output_by_level: float[L] weeks of full output the people of each level produced
            (sim.mechanisms.productivity), what their work is worth (sim.economics).
        know_ref: the organisation's mean know-how at the start, the reference of productivity.
        promotions_by_level: int[L] promotions by the level promoted to (sim.mechanisms.careers).
        promoted_from_by_level: int[L] promotions by the level promoted from (the seats they left
            vacant; with the leavers, ``exits_by_level``, every vacancy).
        promotion_years_by_level: float[L] the promoted people's tenure when promoted, summed by level.
        promoted_ever: uids ever promoted.
        informal_formed, informal_tie_weeks, informal_meetings, informal_tacit: informal mentoring ties
            formed, their weeks active (a tie a week), their meetings, and the tacit know-how they passed
            in full-expert equivalents (sim.mechanisms.informal_mentoring).
        cut: people laid off by a headcount plan (sim.mechanisms.headcount); the plan is lowered by them.
        unreplaced_by_level: int[L] seats left empty after their occupant left or moved up, by the seat's level
            (the leavers not replaced: sim.economics counts no replacement for them).
        network: int64[7] what happened to a network that remembers (sim.mechanisms.contacts.COUNTS, in order).
    """

    def __init__(self, n: int, n_levels: int = 1) -> None:
        self.ever_participant = np.zeros(n, dtype=bool)
        self.start_cohort: np.ndarray | None = None
        self.first_round: Cohort | None = None
        self.participants_ever: set[int] = set()
        self.mentees_ever: set[int] = set()
        self.mentors_ever: set[int] = set()
        self.ties_formed = 0
        self.tacit_lost = 0.0
        self.exits_by_level = np.zeros(n_levels, dtype=np.int64)
        self.hours_by_level = np.zeros(n_levels)
        self.headcount_by_level = np.zeros(n_levels, dtype=np.int64)
        self.output_by_level = np.zeros(n_levels)
        self.exits_by_kind = np.zeros(3, dtype=np.int64)
        self.know_ref = 0.0
        self.promoted_from_by_level = np.zeros(n_levels, dtype=np.int64)
        self.promotions_by_level = np.zeros(n_levels, dtype=np.int64)
        self.promotion_years_by_level = np.zeros(n_levels)
        self.promoted_ever: set[int] = set()
        self.informal_formed = 0
        self.informal_tie_weeks = 0
        self.informal_meetings = 0
        self.informal_tacit = 0.0
        self.network = np.zeros(len(NETWORK_COUNTS), dtype=np.int64)
        self.cut = 0
        self.unreplaced_by_level = np.zeros(n_levels, dtype=np.int64)

    def program_starts(self, uid: np.ndarray) -> None:
        """Record who is employed in the programme's start week (``uid`` of every seat; an empty seat's -1 left out)."""
        self.start_cohort = uid[uid >= 0].copy()

    def matching_round(
        self, state: Workforce, matched: np.ndarray, mentors: np.ndarray, mentees: np.ndarray, formed: int
    ) -> None:
        """Record a round: rows matched, rows in each role of its new ties, ties formed."""
        self.ties_formed += formed
        self.ever_participant[matched] = True
        self.participants_ever.update(state.uid[matched].tolist())
        mentor_uids = unique(state.uid[mentors])
        mentee_uids = unique(state.uid[mentees])
        self.mentors_ever.update(mentor_uids.tolist())
        self.mentees_ever.update(mentee_uids.tolist())
        if self.first_round is None:
            roles = len(mentor_uids) or len(mentee_uids)
            here = state.occupied
            self.first_round = Cohort(
                everyone=state.uid[here],
                level=state.level[here],
                tenure_years=state.tenure_weeks[here] / WEEKS_PER_YEAR,
                participants=unique(state.uid[matched]),
                mentees=mentee_uids if roles else None,
                mentors=mentor_uids if roles else None,
            )

    def left(self, tacit_lost: float, levels: np.ndarray, kinds: np.ndarray) -> None:
        """Record the tacit knowledge this week's leavers took with them, their levels and kinds of separation (int[M])."""
        self.tacit_lost += tacit_lost
        if len(levels):
            self.exits_by_level += np.bincount(levels, minlength=len(self.exits_by_level))
            self.exits_by_kind += np.bincount(kinds, minlength=len(self.exits_by_kind))

    def promoted(
        self,
        steps: list[tuple[np.ndarray, np.ndarray]],
        uids: np.ndarray,
        levels: np.ndarray,
        tenure_years: np.ndarray,
        from_levels: np.ndarray,
    ) -> None:
        """Record a week's promotions: who, to which level, their tenure then, and the levels they left.

        ``steps``: the moves' rows in order (from, to), which what the ledger keeps by row follows.
        """
        for src, dst in steps:  # what is recorded by row moves with the person
            self.ever_participant[dst] = self.ever_participant[src]
        size = len(self.promotions_by_level)
        if len(uids):
            self.promotions_by_level += np.bincount(levels, minlength=size)
            self.promoted_from_by_level += np.bincount(from_levels, minlength=size)
            self.promotion_years_by_level += np.bincount(levels, weights=tenure_years, minlength=size)
            self.promoted_ever.update(uids.tolist())

    def met(self, levels: np.ndarray, hours: np.ndarray) -> None:
        """Record this week's meeting hours of each row (float[N]) by the rows' levels (int[N])."""
        self.hours_by_level += np.bincount(levels, weights=hours, minlength=len(self.hours_by_level))

    def worked(self, levels: np.ndarray, output: np.ndarray) -> None:
        """Record a week's output of each row (float[N], shares of full output) by the rows' levels (int[N])."""
        self.output_by_level += np.bincount(levels, weights=output, minlength=len(self.output_by_level))

    def hired(self, rows: np.ndarray) -> None:
        """New people in these seats have not taken part yet."""
        self.ever_participant[rows] = False
