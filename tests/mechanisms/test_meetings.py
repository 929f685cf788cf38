import numpy as np
import pytest

from sim.config import KnowledgeConfig, ProgramConfig, SupportConfig
from sim.mechanisms import meetings
from sim.ties import CIRCLE, HIERARCHICAL, PEER, Ties


def make_ties(rows, kind, group=None, focus=-1, share=1.0, rapport=0.5, power=0.0, trust_cap=1.0):
    t = Ties()
    rows = np.asarray(rows)
    m = len(rows)
    t.add(
        mentor=rows[:, 0],
        mentee=rows[:, 1],
        kind=kind,
        group=np.arange(m) if group is None else group,
        focus=focus,
        share=share,
        start=0,
        end=100,
        rapport=rapport,
        trust_cap=trust_cap,
        power=power,
        meetings=0,
    )
    return t


def test_cadence_sets_the_weekly_meeting_probability():
    t = make_ties([[0, 1]], PEER)
    p = meetings.meeting_probability(t, ProgramConfig(meetings_per_month=2.0), SupportConfig(), 2)
    assert p[0] == pytest.approx(2 * 12 / 52)


def test_a_busy_mentor_meets_less_and_protected_time_restores_it():
    # Mentor 0 has three mentees: 3 ties x 2 meetings x 1 hour = 6 hours asked, 3 free.
    t = make_ties([[0, 1], [0, 2], [0, 3], [4, 5]], HIERARCHICAL)
    prog = ProgramConfig(meetings_per_month=2.0)
    p = meetings.meeting_probability(t, prog, SupportConfig(free_hours_per_month=3.0), 6)
    assert p[0] == pytest.approx(p[3] * 0.5) and p[3] == pytest.approx(2 * 12 / 52)
    protected = meetings.meeting_probability(
        t, prog, SupportConfig(free_hours_per_month=3.0, protected_hours_per_month=3.0), 6
    )
    assert protected[0] == pytest.approx(protected[3])


def test_leadership_backing_scales_follow_through():
    t = make_ties([[0, 1]], PEER)
    prog = ProgramConfig(meetings_per_month=1.0)
    low, mid, high = (
        meetings.meeting_probability(t, prog, SupportConfig(leadership_backing=b), 2)[0] for b in (0.0, 0.5, 1.0)
    )
    assert low == pytest.approx(0.75 * mid) and high == pytest.approx(1.25 * mid)


def test_a_circle_meets_as_a_whole():
    pairs = [[0, 1], [0, 2], [1, 2], [3, 4], [3, 5], [4, 5]]
    t = make_ties(pairs, CIRCLE, group=np.repeat([0, 1], 3), share=0.5)
    rng = np.random.default_rng(0)
    for _ in range(50):
        met = meetings.draw_meetings(t, ProgramConfig(meetings_per_month=2.0), SupportConfig(), 6, rng)
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
