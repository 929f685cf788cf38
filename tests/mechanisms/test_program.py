"""One programme over both tables: each stage treats ties between employees and ties to external mentors alike."""

import numpy as np

from sim.mechanisms.program import Program, is_matching_round
from sim.ties import EXTERNAL, HIERARCHICAL, Ties
from tests.helpers import add_ties, hand_workforce, small_config


def tie(
    table: Ties,
    mentor: int,
    mentee: int,
    kind: int,
    start: int = 0,
    end: int = 52,
    rapport: float = 0.5,
    fit: float = 0.5,
    meetings: int = 0,
):
    add_ties(table, mentor, mentee, kind=kind, start=start, end=end, rapport=rapport, fit=fit, meetings=meetings)


def program(**overrides) -> Program:
    return Program(small_config(**{"program.design": "hierarchical", "program.external_mentors": 2, **overrides}))


def test_closing_and_the_review_apply_to_both_tables():
    p = program(**{"lifecycle.fit_signal_sd": 0.0})
    review = p.cfg.lifecycle.preparation_weeks + p.cfg.lifecycle.negotiating_weeks
    tie(p.ties, 2, 0, HIERARCHICAL, fit=0.1, meetings=3)  # fails the review
    tie(p.ties, 3, 1, HIERARCHICAL, fit=0.9, meetings=3)  # passes it
    tie(p.external, 0, 4, EXTERNAL, fit=0.1, meetings=3)  # fails it
    tie(p.external, 1, 5, EXTERNAL, end=review)  # closes at its end first
    assert p.close(review, np.uint64(0)) == 2
    assert p.ties.mentee.tolist() == [1] and len(p.external) == 0


def test_leavers_end_their_ties_on_both_sides():
    p = program()
    tie(p.ties, 2, 0, HIERARCHICAL)
    tie(p.ties, 3, 1, HIERARCHICAL)
    tie(p.external, 0, 0, EXTERNAL)
    tie(p.external, 1, 4, EXTERNAL)
    assert p.in_tie(6).tolist() == [True, True, True, True, True, False]
    p.leave(np.array([0]), 6)
    assert p.ties.mentee.tolist() == [1] and p.external.mentee.tolist() == [4] and len(p) == 2


def test_meetings_hours_rapport_and_attendance_count_both_tables():
    # Everyone meets (cadence above one a week); a mentee with an external mentor sees both tables.
    p = program(**{"program.meetings_per_month": 30.0})
    tie(p.ties, 2, 0, HIERARCHICAL, rapport=0.5)
    tie(p.external, 0, 1, EXTERNAL, rapport=0.5)
    week = p.meet(np.full(4, 100.0), np.uint64(0))
    assert week.met.tolist() == [True] and week.met_external.tolist() == [True] and week.count == 2
    assert week.hours == (1.0, 2.0, 1.0)  # mentor side; mentees (one internal, one external); external mentors
    assert p.attended(4, week).tolist() == [1.0, 1.0, 1.0, 0.0]
    p.build_rapport(week)
    gain = p.cfg.knowledge.rapport_gain * 0.5
    assert p.ties.rapport[0] == p.external.rapport[0] == 0.5 + gain
    assert p.ties.meetings[0] == p.external.meetings[0] == 1


def test_transfer_teaches_from_both_tables_with_the_same_phase_and_training_factors():
    state = hand_workforce([0, 0, 1], [2, 2, -1], [0.1, 0.1, 0.9])
    p = program(**{"program.meetings_per_month": 30.0, "support.mentor_training": True})
    tie(p.ties, 2, 0, HIERARCHICAL, rapport=1.0)
    tie(p.external, 0, 1, EXTERNAL, rapport=1.0)
    week = p.meet(np.full(3, 100.0), np.uint64(0))
    learnt = p.transfer(state, week, step=30)  # enabling growth: phase quality 1
    kc, training = p.cfg.knowledge, 1.0 + p.cfg.support.training_effect
    assert learnt[0, 0] == np.float64(kc.mentoring_tacit_rate * training * (0.9 - 0.1))
    assert learnt[1, 0] == np.float64(kc.mentoring_tacit_rate * training * (kc.external_tacit - 0.1))


def test_rounds_follow_the_schedule_and_the_design_registry():
    cfg = small_config(**{"program.design": "peer", "program.start_step": 5, "program.match_every_weeks": 4})
    assert [s for s in range(20) if is_matching_round(cfg, s)] == [5, 9, 13, 17]
    assert not any(is_matching_round(small_config(**{"program.design": "none"}), s) for s in range(20))
