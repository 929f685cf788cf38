import numpy as np
import pytest

from sim.config import KnowledgeConfig, ProgramConfig, SupportConfig
from sim.mechanisms import meetings, support
from sim.ties import CIRCLE, HIERARCHICAL, PEER, Ties
from tests.helpers import add_ties


def make_ties(rows, kind, group=None, focus=-1, share=1.0, rapport=0.5, power=0.0, trust_cap=1.0):
    rows = np.asarray(rows)
    extra = {"focus": focus, "share": share, "rapport": rapport, "power": power, "trust_cap": trust_cap}
    return add_ties(Ties(), rows[:, 0], rows[:, 1], kind=kind, group=group, **extra)


def prob(t, prog, sup, n):
    """Weekly meeting probabilities when everyone has the configured mean of free hours."""
    person = support.person_availability(support.commitments(t, n), np.full(n, sup.free_hours_per_month), prog, sup)
    return meetings.meeting_probability(t, prog, sup, person)


def test_cadence_sets_the_weekly_meeting_probability():
    t = make_ties([[0, 1]], PEER)
    p = prob(t, ProgramConfig(meetings_per_month=2.0), SupportConfig(), 2)
    assert p[0] == pytest.approx(2 * 12 / 52)


def test_a_busy_mentor_meets_less_and_protected_time_restores_it():
    # Mentor 0 has three mentees: 3 ties x 2 meetings x 1 hour = 6 hours asked, 3 free.
    t = make_ties([[0, 1], [0, 2], [0, 3], [4, 5]], HIERARCHICAL)
    prog = ProgramConfig(meetings_per_month=2.0)
    p = prob(t, prog, SupportConfig(free_hours_per_month=3.0), 6)
    assert p[0] == pytest.approx(p[3] * 0.5) and p[3] == pytest.approx(2 * 12 / 52)
    protected = prob(t, prog, SupportConfig(free_hours_per_month=3.0, protected_hours_per_month=3.0), 6)
    assert protected[0] == pytest.approx(protected[3])


def test_a_busy_mentee_or_circle_member_meets_less_too():
    """The budget is everyone's: a mentee with one hour a month of two asked halves the tie's meetings."""
    prog, sup = ProgramConfig(meetings_per_month=2.0), SupportConfig()
    pair = make_ties([[0, 1]], HIERARCHICAL)
    person = support.person_availability(support.commitments(pair, 2), np.array([10.0, 1.0]), prog, sup)
    assert meetings.meeting_probability(pair, prog, sup, person)[0] == pytest.approx(0.5 * 2 * 12 / 52)
    short = support.hours_short(support.commitments(pair, 2), np.array([10.0, 1.0]), prog, sup)
    assert short.tolist() == [0.0, 1.0], "the mentee's missing hour is what weighs on their engagement"
    circle = make_ties([[0, 1], [0, 2], [1, 2]], CIRCLE, group=np.zeros(3, dtype=int), share=0.5)
    person = support.person_availability(support.commitments(circle, 3), np.array([5.0, 5.0, 0.5]), prog, sup)
    share = np.mean([meetings.draw_meetings(circle, prog, sup, person, np.uint64(week))[0] for week in range(4000)])
    assert share == pytest.approx(0.25 * 2 * 12 / 52, abs=0.015), "a circle meets at its busiest member's rate"


def test_free_hours_differ_between_people_with_the_configured_mean_and_spread():
    rng = np.random.default_rng(0)
    hours = support.draw_free_hours(200_000, SupportConfig(free_hours_per_month=3.0, free_hours_cv=0.7), rng)
    assert hours.mean() == pytest.approx(3.0, rel=0.01) and hours.std() / hours.mean() == pytest.approx(0.7, rel=0.02)
    assert np.all(support.draw_free_hours(5, SupportConfig(free_hours_cv=0.0), rng) == 3.0)


def test_leadership_backing_scales_follow_through():
    t = make_ties([[0, 1]], PEER)
    prog = ProgramConfig(meetings_per_month=1.0)
    low, mid, high = (prob(t, prog, SupportConfig(leadership_backing=b), 2)[0] for b in (0.0, 0.5, 1.0))
    assert low == pytest.approx(0.75 * mid) and high == pytest.approx(1.25 * mid)


def test_a_circle_meets_as_a_whole():
    pairs = [[0, 1], [0, 2], [1, 2], [3, 4], [3, 5], [4, 5]]
    t = make_ties(pairs, CIRCLE, group=np.repeat([0, 1], 3), share=0.5)
    for week in range(50):
        met = meetings.draw_meetings(t, ProgramConfig(meetings_per_month=2.0), SupportConfig(), np.ones(6), week)
        assert len(set(met[:3])) == 1 and len(set(met[3:])) == 1
    # Each member attends a circle meeting once, not once per pair.
    attended = meetings.attended(t, np.array([True] * 3 + [False] * 3), 6)
    np.testing.assert_allclose(attended, [1, 1, 1, 0, 0, 0])


def test_hierarchical_flow_is_mostly_one_way_and_power_lowers_quality():
    cfg = KnowledgeConfig(reverse_share=0.25, power_penalty=0.5)
    t = make_ties([[0, 1]], HIERARCHICAL, rapport=0.8, power=1.0)
    f = meetings.mentoring_flows(t, np.array([True]), cfg, 3)
    forward = 0.8 * (1 - 0.5)
    assert f.src.tolist() == [0, 1] and f.dst.tolist() == [1, 0]
    np.testing.assert_allclose(f.quality, [forward, forward * 0.25])


def test_peer_flows_are_symmetric_and_circles_weight_their_focus():
    cfg = KnowledgeConfig(off_focus_share=0.3)
    peer = meetings.mentoring_flows(make_ties([[0, 1]], PEER), np.array([True]), cfg, 2)
    assert peer.quality[0] == peer.quality[1]
    circ = meetings.mentoring_flows(make_ties([[0, 1]], CIRCLE, focus=1, share=0.2), np.array([True]), cfg, 3)
    np.testing.assert_allclose(circ.weights[0], [0.3, 1.0, 0.3])
    assert circ.quality[0] == pytest.approx(0.5 * 0.2)


def test_rapport_builds_only_at_meetings_and_never_passes_its_cap():
    t = make_ties([[0, 1], [2, 3]], HIERARCHICAL, rapport=0.3, trust_cap=np.array([1.0, 0.5]))
    cfg = KnowledgeConfig(rapport_gain=0.5)
    meetings.build_rapport(t, np.array([True, False]), cfg)
    np.testing.assert_allclose(t.rapport, [0.65, 0.3])
    for _ in range(40):
        meetings.build_rapport(t, np.array([True, True]), cfg)
    assert t.rapport[1] == pytest.approx(0.5) and t.rapport[1] <= 0.5
    assert t.meetings.tolist() == [41, 40]
