"""The run's ledger: cohorts and roles recorded as they happen, by uid, never confused by a seat's next occupant."""

import numpy as np

from sim.ledger import Ledger
from tests.helpers import hand_workforce


def test_the_first_round_is_the_cohort_and_every_round_adds_to_the_ever_sets():
    # Four seats: 0 and 1 junior, 2 and 3 senior; uids 10..13.
    state = hand_workforce([0, 0, 1, 1], [2, 3, -1, -1], [0.2, 0.3, 0.8, 0.9], tenure_weeks=[26, 52, 300, 400])
    state.uid = np.array([10, 11, 12, 13])
    ledger = Ledger(state.n, state.n_levels)
    ledger.program_starts(state.uid)
    ledger.matching_round(state, np.array([2, 0]), mentors=np.array([2]), mentees=np.array([0]), formed=1)
    first = ledger.first_round
    assert first.participants.tolist() == [10, 12] and first.mentors.tolist() == [12] and first.mentees.tolist() == [10]
    assert first.tenure_years.tolist() == [0.5, 1.0, 300 / 52, 400 / 52] and first.level.tolist() == [0, 0, 1, 1]
    # Seat 0's occupant leaves and uid 20 takes the seat; the next round pairs the newcomer with uid 13.
    ledger.left(0.25, state.level[[0]], np.zeros(1, dtype=np.int64))  # one leaver, a quit
    ledger.met(state.level, np.array([1.0, 0.0, 1.5, 0.0]))
    ledger.hired(np.array([0]))
    assert not ledger.ever_participant[0] and ledger.ever_participant[2]
    state.uid[0] = 20
    ledger.matching_round(state, np.array([3, 0]), mentors=np.array([3]), mentees=np.array([0]), formed=1)
    assert ledger.first_round is first, "the cohort is the first round only"
    assert first.everyone.tolist() == [10, 11, 12, 13], "recorded as it stood, not a view of the seats"
    assert ledger.mentees_ever == {10, 20} and ledger.mentors_ever == {12, 13}
    assert ledger.participants_ever == {10, 12, 13, 20} and ledger.ties_formed == 2 and ledger.tacit_lost == 0.25
    assert ledger.exits_by_level.tolist() == [1, 0] and ledger.hours_by_level.tolist() == [1.0, 1.5]
    assert ledger.exits_by_kind.tolist() == [1, 0, 0]


def test_a_round_without_roles_leaves_the_cohort_s_roles_empty():
    state = hand_workforce([0, 0, 0], [-1, -1, -1], [0.2, 0.4, 0.6])
    ledger = Ledger(state.n, state.n_levels)
    none = np.empty(0, dtype=np.int64)
    ledger.matching_round(state, np.array([0, 1, 2]), mentors=none, mentees=none, formed=3)
    assert ledger.first_round.mentees is None and ledger.first_round.mentors is None
    assert ledger.mentees_ever == set() and ledger.participants_ever == {0, 1, 2}
