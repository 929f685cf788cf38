"""Growth and cuts (sim.mechanisms.headcount): headcount follows its plan, a freeze holds, a layoff cuts, empty seats are inert.

Measured (300 employees, seed 0, 2026-12-07): growing by 0.2 a year for 52 weeks, headcount followed the plan to
the person (300 -> 360); shrinking by 0.2 a year by attrition reached 257 at week 52 and the planned 240 at week 78
(front-line attrition is not fast enough to follow the plan); a layoff of 0.1 of the front line in week 52 cut 24
of 227.
"""

import numpy as np
import pytest

from sim import checkpoint
from sim.config import ConfigError, HeadcountConfig, SimConfig, with_overrides
from sim.economics import money, replacement_cost
from sim.mechanisms import headcount
from sim.model import MentoringModel
from sim.resolved import resolve
from tests.helpers import assert_ensemble_is_its_single_runs, resumed, same_outputs, small_config

GROW = {"headcount.change_per_year": 0.2, "headcount.weeks": 52}
SHRINK = {"headcount.change_per_year": -0.2, "headcount.weeks": 52}


def run(steps=104, **over):
    return MentoringModel(small_config(**{"org.n_employees": 300, "steps": steps, **over})).run()


def check_empty_seats_are_inert(m):
    st = m.state
    empty = ~st.occupied
    assert np.all(st.uid[empty] == -1)
    assert not np.isin(np.flatnonzero(empty), np.concatenate((m.ties.mentor, m.ties.mentee))).any()
    assert not np.isin(np.flatnonzero(empty), np.concatenate((m.informal_ties.mentor, m.informal_ties.mentee))).any()
    assert np.all(st.tacit[empty] == 0) and np.all(st.skills[empty] == 0) and np.all(np.isinf(st.exit_clock[empty]))
    assert len(m.agents) == int(st.occupied.sum()) == len(m.employees())
    assert m.timeseries()["headcount"].iloc[-1] == st.occupied.sum()


def test_without_a_plan_every_seat_is_always_held():
    m = run(52, **{"program.design": "peer"})
    assert not m.schedule.planned and m.state.occupied.all()
    s = m.summary()
    assert s["headcount_start"] == s["headcount_end"] == 300 and s["unreplaced_by_level"] == [0, 0, 0, 0]


def test_growth_follows_the_plan_with_new_front_line_seats():
    m = run(104, **GROW, **{"program.design": "hierarchical", "informal.formation_per_year": 0.5})
    heads = m.timeseries()["headcount"].to_numpy()
    plan = [headcount.target(HeadcountConfig(**{"change_per_year": 0.2, "weeks": 52}), 300, w, 0) for w in range(104)]
    assert heads[0] == 300 and heads[1:].tolist() == plan  # the plan, to the person
    assert plan[-1] == 360 and m.state.n == 360
    s = m.summary()
    assert s["headcount_by_level"][0] - 227 == 60 and s["headcount_by_level"][1:] == [56, 14, 3]  # the front line grew
    new = np.arange(300, 360)
    assert np.all(m.state.level[new] == 0) and np.all(m.state.level[m.state.manager[new]] == 1)
    assert (m.timeseries()["hires"] - m.timeseries()["exits"]).sum() == 60
    check_empty_seats_are_inert(m)


def test_shrinking_by_attrition_never_hires_at_the_front_line_while_above_the_plan():
    m = run(156, **SHRINK)
    heads = m.timeseries()["headcount"].to_numpy()[1:]
    cfg = HeadcountConfig(change_per_year=-0.2, weeks=52)
    plan = np.array([headcount.target(cfg, 300, w, 0) for w in range(156)])
    assert np.all(heads >= plan) and np.all(np.diff(heads)[heads[1:] > plan[1:]] <= 0)
    assert heads[-1] == 240  # reached within three years
    s = m.summary()
    assert s["unreplaced_by_level"][0] == 60 and sum(s["unreplaced_by_level"][1:]) == 0
    assert s["headcount_by_level"][1:] == [56, 14, 3]  # seats above the front line are always filled
    check_empty_seats_are_inert(m)


def test_a_freeze_holds_the_front_line_then_it_is_filled_to_the_plan_at_once():
    over = {"headcount.freeze_weeks": 26, "headcount.start_week": 20}
    m = run(60, **over)
    heads = m.timeseries()["headcount"].to_numpy()  # row t: after week t - 1
    assert np.all(heads[:21] == 300) and np.all(np.diff(heads[21:47]) <= 0) and heads[46] < 300
    assert np.all(heads[47:] == 300)  # the week after the freeze: every empty seat filled
    front = m.state.level == 0
    assert front.sum() == 227 and m.state.occupied.all()


def test_a_layoff_cuts_its_share_of_the_front_line_and_their_seats_stay_empty():
    m = run(80, **{"headcount.layoff_share": 0.3, "headcount.start_week": 40})
    s = m.summary()
    cut = s["laid_off_total"]
    assert abs(cut / 227 - 0.3) < 3 * np.sqrt(0.3 * 0.7 / 227), cut
    heads = m.timeseries()["headcount"].to_numpy()
    assert heads[40] == 300 and np.all(heads[41:] == 300 - cut)
    assert s["layoffs_total"] >= cut  # laid off, on top of the turnover's own layoffs
    check_empty_seats_are_inert(m)


def test_who_is_laid_off_is_keyed_to_the_person_not_the_seat():
    st = MentoringModel(small_config(**{"org.n_employees": 300})).state
    keys = np.array([11], dtype=np.uint64)
    cut = set(st.uid[headcount.laid_off(st, keys, st.n, 0.3)].tolist())
    order = np.random.default_rng(0).permutation(st.n)
    for name in ("uid", "level"):
        setattr(st, name, getattr(st, name)[order])
    assert set(st.uid[headcount.laid_off(st, keys, st.n, 0.3)].tolist()) == cut


def test_replacement_costs_count_only_the_leavers_whose_seats_were_filled():
    m = run(104, **SHRINK)
    s = m.summary()
    cost = money(m.config, s, None)["replacement_cost"]  # what summary.json carries (sim.run)
    replaced = [a - b for a, b in zip(s["exits_by_level"], s["unreplaced_by_level"], strict=True)]
    assert cost == pytest.approx(replacement_cost(m.config.economics, replaced))
    assert cost < replacement_cost(m.config.economics, s["exits_by_level"])


@pytest.mark.parametrize("plan", [GROW, {**SHRINK, "headcount.layoff_share": 0.2, "headcount.freeze_weeks": 10}])
def test_an_ensemble_with_a_headcount_plan_is_the_bytes_of_its_single_runs(plan):
    over = {**plan, "careers.internal_share": 0.6, "informal.formation_per_year": 0.5, "network.personal": True}
    runs = [
        resolve(small_config(**over, **{"program.design": d}, seed=s))
        for d, s in (("none", 0), ("peer", 0), ("hierarchical", 1))
    ]
    assert_ensemble_is_its_single_runs(runs)


def test_resume_with_a_headcount_plan_gives_the_bytes_of_a_run_never_interrupted(tmp_path):
    over = {**GROW, "headcount.layoff_share": 0.2, "headcount.start_week": 10, "program.design": "peer"}
    r = resolve(small_config(**over, steps=60))
    same_outputs(MentoringModel(r).run(), resumed(tmp_path, r, at=30))


def test_a_warm_start_that_grows_gets_its_new_seats(tmp_path):
    base = MentoringModel(small_config(**{"org.n_employees": 200, "steps": 20})).run()
    path = checkpoint.save(base, tmp_path / "state.npz", "x")
    m = MentoringModel(small_config(**{"warm_start": str(path), **GROW, "steps": 52})).run()
    assert m.timeseries()["headcount"].iloc[-1] == 240 and m.state.n == 240


def test_a_plan_that_cuts_nearly_everyone_is_refused_in_one_line():
    with pytest.raises(ConfigError, match=r"headcount.change_per_year=-0.9 over headcount.weeks=104: .*nine in ten"):
        resolve(with_overrides(SimConfig(), {"headcount.change_per_year": -0.9, "headcount.weeks": 104}))


def test_a_run_with_a_plan_says_where_headcount_went(tmp_path):
    from tests.helpers import run_sim

    r = run_sim(
        "org.n_employees=120", "steps=60", "headcount.change_per_year=0.2", "outputs.compare_seeds=0", cwd=tmp_path
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert "  headcount                       120 -> 144 as planned (headcount.*)" in r.stdout
    plain = run_sim("org.n_employees=120", "steps=10", "outputs.compare_seeds=0", cwd=tmp_path)
    assert "headcount " not in plain.stdout


def test_a_layoff_of_managers_closes_their_seats_and_their_reports_go_to_a_colleague():
    over = {"org.n_employees": 300, "steps": 60, "headcount.layoff_share": 0.3, "headcount.layoff_level": 1}
    over["headcount.start_week"] = 10
    m = MentoringModel(small_config(**over)).run(10)
    before = m.state.manager.copy()
    m.step()  # week 10: the layoff
    st = m.state
    closed = np.flatnonzero(~st.occupied)
    assert len(closed) == m.summary()["laid_off_total"] > 0 and np.all(st.level[closed] == 1)
    for seat in closed.tolist():
        reports = np.flatnonzero(before == seat)
        to = set(st.manager[reports].tolist())
        assert len(to) == 1  # all to one colleague
        (colleague,) = to
        assert st.occupied[colleague] and st.level[colleague] == 1 and before[colleague] == before[seat]
        team = st.team[np.flatnonzero(st.manager == colleague)]
        assert len(set(team.tolist())) == 1  # they joined the colleague's team
        net = set(zip(m.network.u.tolist(), m.network.v.tolist(), strict=True))
        assert all((min(r, colleague), max(r, colleague)) in net for r in reports.tolist())  # lines follow the chart
    m.run()
    heads = m.timeseries()["headcount"].to_numpy()
    assert np.all(heads[11:] == 300 - len(closed))  # closed seats are never filled again
    assert np.array_equal(np.flatnonzero(~m.state.occupied), closed)
    check_empty_seats_are_inert(m)


def test_an_ensemble_with_a_layoff_of_managers_is_the_bytes_of_its_single_runs():
    over = {"headcount.layoff_share": 0.4, "headcount.layoff_level": -1, "headcount.start_week": 5}
    over |= {"careers.internal_share": 0.6, "network.personal": True, "network.legacy_p": 0.5}
    runs = [
        resolve(small_config(**over, **{"program.design": d}, seed=s))
        for d, s in (("none", 0), ("peer", 0), ("hierarchical", 2))
    ]
    assert_ensemble_is_its_single_runs(runs)


def test_new_seats_go_one_at_a_time_to_the_manager_with_the_fewest_reports():
    rng = np.random.default_rng(4)
    for _ in range(50):
        load = rng.integers(0, 9, rng.integers(1, 12))
        m = int(rng.integers(0, 40))
        expected, now = [], load.copy()
        for _ in range(m):  # the rule, one seat at a time
            pick = int(np.argmin(now))
            expected.append(pick)
            now[pick] += 1
        assert headcount.least_loaded_first(load, m).tolist() == expected
