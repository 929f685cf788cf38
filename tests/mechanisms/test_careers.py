"""Careers (sim.mechanisms.careers): vacancies above the front line filled by promotion, vacancy chains, readiness."""

import numpy as np
import pytest

from sim.config import CareersConfig, SimConfig, with_overrides
from sim.mechanisms import careers
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.state import FIELDS, PERSON_FIELDS
from tests.helpers import assert_ensemble_is_its_single_runs, hand_workforce, small_config

#: Seat 0 at the top; seats 1 and 2 report to it; 3, 4 report to 1 and 5, 6 to 2.
LEVEL = [2, 1, 1, 0, 0, 0, 0]
MANAGER = [-1, 0, 0, 1, 1, 2, 2]


def org(tacit=(0.5, 0.9, 0.3, 0.8, 0.2, 0.5, 0.5), tenure_years=3.0):
    st = hand_workforce(LEVEL, MANAGER, tacit, tenure_weeks=np.full(7, tenure_years * 52))
    st.seat_hires = np.zeros(7, dtype=np.int64)
    st.exit_clock = np.arange(7, dtype=float) + 1.0
    return st


def promote(st, vacant, cfg, key=7, sponsored=None):
    ready = careers.readiness(st, st.tacit.mean(axis=1), np.zeros(st.n) if sponsored is None else sponsored, cfg)
    keys = np.array([key], dtype=np.uint64)
    return careers.fill_from_within(
        st, np.asarray(vacant), careers.stacked_managers(st.manager, st.n), ready, keys, st.n, cfg
    )


def test_a_vacancy_at_the_top_is_a_chain_down_to_one_outside_hire_at_the_front_line():
    st = org()
    cfg = CareersConfig(internal_share=1.0, readiness_spread=0.001)  # the readiest report, always
    moves = promote(st, [0], cfg)
    src, dst = moves.pairs()
    assert src.tolist() == [1, 3] and dst.tolist() == [0, 1]  # 1 (0.9) goes up, then 3 (0.8) takes 1's seat
    assert moves.vacant.tolist() == [3]
    before = {name: getattr(st, name).copy() for name in PERSON_FIELDS}
    careers.move(st, moves)
    for name in PERSON_FIELDS:  # each person's own fields moved up with them, step by step
        assert np.array_equal(getattr(st, name)[0], before[name][1]) and np.array_equal(
            getattr(st, name)[1], before[name][3]
        )
    assert st.level.tolist() == LEVEL and st.manager.tolist() == MANAGER  # seats stay
    assert st.seat_hires.tolist() == [1, 1, 0, 0, 0, 0, 0]


def test_a_person_s_fields_and_the_seat_s_fields_are_every_field_once():
    seat = {"level", "manager", "team", "seat_hires"}
    assert sorted(PERSON_FIELDS) == sorted(set(FIELDS) - seat) and len(set(PERSON_FIELDS)) == len(PERSON_FIELDS)


def test_without_an_internal_share_or_an_eligible_report_every_seat_is_filled_from_outside():
    assert promote(org(), [0, 4], CareersConfig(internal_share=0.0)).vacant.tolist() == [0, 4]
    new = promote(org(tenure_years=0.5), [0, 4], CareersConfig(internal_share=1.0, min_tenure_years=1.0))
    assert new.vacant.tolist() == [0, 4] and not new.src
    left = promote(org(), [1, 3, 4], CareersConfig(internal_share=1.0))  # seat 1's reports left with it
    assert left.vacant.tolist() == [1, 3, 4] and not left.src


def test_a_report_is_chosen_with_a_chance_proportional_to_exp_readiness_over_spread():
    st = org(tacit=(0.5, 0.6, 0.3, 0.55, 0.5, 0.5, 0.5))  # seat 1's reports: 3 (0.55) and 4 (0.5)
    cfg = CareersConfig(internal_share=1.0, readiness_spread=0.1)
    weeks = 4_000
    chosen = [promote(st, [1], cfg, key=k).src[0][0] for k in range(weeks)]
    share = np.mean(np.array(chosen) == 3)
    expected = 1.0 / (1.0 + np.exp(-0.05 / 0.1))  # 0.622
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / weeks)


def test_a_senior_mentor_s_push_raises_a_report_s_chance_and_never_lowers_it():
    st = org(tacit=(0.5, 0.6, 0.3, 0.5, 0.55, 0.5, 0.5))  # 4 is readier than 3 without a sponsor
    cfg = CareersConfig(internal_share=1.0, sponsor_boost=0.1, readiness_spread=0.1)
    sponsor = careers.sponsored(st, np.array([2]), np.array([3]))  # seat 2 (level 1) mentors 3 (level 0)
    assert sponsor.tolist() == [False, False, False, True, False, False, False]
    assert not careers.sponsored(st, np.array([4]), np.array([3])).any()  # a peer is no sponsor
    plain = np.array([promote(st, [1], cfg, key=k).src[0][0] for k in range(2_000)])
    pushed = np.array([promote(st, [1], cfg, key=k, sponsored=sponsor).src[0][0] for k in range(2_000)])
    assert ((plain == 3) <= (pushed == 3)).all()  # the same luck each week: the push only ever wins a choice
    assert (pushed == 3).mean() > (plain == 3).mean() + 0.15  # exp(1) odds: about 0.38 -> 0.62


def test_an_offer_is_keyed_to_the_seat_and_week_so_designs_offer_alike():
    st = org()
    cfg = CareersConfig(internal_share=0.5)
    offered = [bool(promote(st, [0], cfg, key=k).src) for k in range(400)]
    assert 0.4 < np.mean(offered) < 0.6
    assert offered == [bool(promote(org(), [0], cfg, key=k).src) for k in range(400)]


def careers_run(**extra):
    return small_config(**{"careers.internal_share": 0.6, "program.design": "hierarchical", "steps": 104, **extra})


def test_a_run_with_careers_keeps_its_seats_and_people_whole_and_counts_its_promotions():
    model = MentoringModel(resolve(careers_run()))
    model.agents  # noqa: B018 - Mesa agents made first: they must follow the promoted people
    model.run()
    st, summary = model.state, model.summary()
    assert len(np.unique(st.uid)) == st.n
    assert [model.employee_at(r).unique_id for r in range(st.n)] == st.uid.tolist()
    assert len(model.agents) == st.n, "leavers' agents are gone, promoted people's kept"
    assert summary["promotions_total"] > 5 and summary["promotions_by_level"][0] == 0
    assert 0.0 < summary["internal_fill_rate"] <= 1.0
    assert summary["hires_total"] == summary["exits_total"]  # each chain ends with one outside hire
    assert np.bincount(st.level).tolist() == model.ledger.headcount_by_level.tolist()
    off = MentoringModel(resolve(careers_run(**{"careers.internal_share": 0.0}))).run().summary()
    assert off["promotions_total"] == 0 and off["internal_fill_rate"] is None


@pytest.mark.parametrize("design", ["hierarchical", "peer_circles", "reverse"])
def test_an_ensemble_with_careers_is_the_bytes_of_its_single_runs(design):
    runs = [resolve(careers_run(**{"program.design": d, "seed": s})) for d in ("none", design) for s in (3, 4)]
    assert_ensemble_is_its_single_runs(runs)


def test_the_internal_share_is_what_a_run_fills_from_within_where_reports_are_eligible():
    cfg = with_overrides(SimConfig(), {"careers.internal_share": 0.5, "careers.min_tenure_years": 0.0, "steps": 260})
    summary = MentoringModel(resolve(cfg)).run().summary()
    vacancies = sum(summary["exits_by_level"][1:]) + summary["promotions_total"] - summary["promotions_by_level"][1]
    assert abs(summary["internal_fill_rate"] - 0.5) < 3 * np.sqrt(0.25 / vacancies)
