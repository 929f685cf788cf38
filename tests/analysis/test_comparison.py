"""Statistics of the sweep report, against values worked out by hand or by scipy directly."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.analysis.comparison import compare, derive, make_plan
from sim.analysis.findings import findings, reach_or_quality
from sim.analysis.statistics import diff_ci, hedges_g, mean_ci


def test_mean_ci_is_the_student_t_interval():
    # mean 2, s = 1, n = 3: half-width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051 = 2.484138
    m, lo, hi = mean_ci([1.0, 2.0, 3.0])
    assert m == 2.0
    assert (lo, hi) == pytest.approx((2.0 - 2.484138, 2.0 + 2.484138), abs=1e-6)
    assert mean_ci([np.nan, 4.0])[0] == 4.0 and math.isnan(mean_ci([4.0])[1])


def test_diff_ci_matches_welch_in_scipy_and_g_matches_hand_formula():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    b = np.array([3.0, 5.0, 4.0, 6.0, 7.0])
    d, lo, hi = diff_ci(a, b)
    ref = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert d == pytest.approx(5.0 - 2.5)
    assert (lo, hi) == pytest.approx((ref.low, ref.high))
    # pooled s = sqrt((3*1.6667 + 4*2.5) / 7) = 1.46385; d = 2.5 / 1.46385; J = 1 - 3/(4*9-9) = 0.888889
    assert hedges_g(a, b) == pytest.approx(2.5 / math.sqrt((3 * 5 / 3 + 4 * 2.5) / 7) * (1 - 3 / 27), rel=1e-9)
    assert diff_ci(a, a + 1.0)[1:] == pytest.approx(stats.ttest_ind(a + 1, a).confidence_interval(0.95)[:])


def runs_table(rows):
    return pd.DataFrame(rows)


def base_row(design, seed, tacit, retention, hours, rate=0.12):
    return {
        "run": f"{design}{seed}{rate}",
        "status": "ok",
        "seed": seed,
        "steps": 104,
        "program.design": design,
        "turnover.rate_annual": rate,
        "tacit_mean_final": tacit,
        "retention_all": retention,
        "annual_turnover_rate": 0.1,
        "programme_hours_total": hours,
        "n_employees": 100,
        "years": 2.0,
    }


def test_plan_compares_designs_within_strata_and_findings_speak_plainly():
    rows = []
    for rate in (0.12, 0.3):
        for s, (t0, t1) in enumerate([(0.50, 0.60), (0.52, 0.62), (0.54, 0.64)]):
            rows.append(base_row("none", s, t0, 0.79 + 0.01 * s, 0.0, rate))
            rows.append(base_row("peer_circles", s, t1, 0.85 + 0.01 * s, 2000.0, rate))
    ok = runs_table(rows)
    plan = make_plan(ok)
    assert plan.compare == "program.design" and plan.baseline == "none"
    assert plan.strata == ["turnover.rate_annual"]
    runs = derive(ok, plan)
    # gain per 1,000 h: (0.62 - 0.52 mean baseline) * 100 employees / 2 = 5.0 for the middle seed
    assert runs.loc[runs["run"] == "peer_circles10.12", "tacit_gain_per_1000h"].item() == pytest.approx(5.0)
    assert runs.loc[runs["program.design"] == "none", "tacit_gain_per_1000h"].isna().all()
    table = compare(runs, plan)
    row = table[(table.measure == "retained_per_100") & (table.condition == "peer circles")].iloc[0]
    assert row["stratum"] == "turnover.rate_annual=0.12"
    assert row["diff"] == pytest.approx(6.0)
    ref = stats.ttest_ind([85.0, 86.0, 87.0], [79.0, 80.0, 81.0], equal_var=False).confidence_interval(0.95)
    assert (row["diff_low"], row["diff_high"]) == pytest.approx((ref.low, ref.high))
    text = findings(table, plan, years=2.0)
    assert len(text) == 2
    assert text[0].startswith("Compared with no programme (turnover.rate_annual=0.12), peer circles kept 6.0 more")
    assert "after 2 years" in text[0] and "raised tacit knowledge by 0.100" in text[0]


def test_an_interval_spanning_zero_is_no_clear_difference():
    rows = [base_row("none", s, 0.5 + 0.1 * (s % 2), 0.8, 0.0) for s in range(4)]
    rows += [base_row("peer", s, 0.5 + 0.1 * ((s + 1) % 2), 0.8, 100.0) for s in range(4)]
    ok = runs_table(rows)
    plan = make_plan(ok)
    text = findings(compare(derive(ok, plan), plan), plan, years=2.0)
    assert "left tacit knowledge about where it was (+0.000" in text[0]


def test_declared_comparison_and_fallbacks():
    rows = [base_row("peer", s, 0.5, 0.8, 10.0) for s in range(2)]
    for r, strategy in zip(rows, ["random", "optimal"], strict=True):
        r["matching.strategy"] = strategy
        r["report.compare"], r["report.baseline"] = "matching.strategy", "optimal"
    plan = make_plan(runs_table(rows))
    assert plan.compare == "matching.strategy" and plan.baseline == "optimal"
    assert plan.levels == ["optimal", "random"] and plan.label("optimal") == "optimal assignment"
    # the declared key does not vary: the first key that does is compared, its first value the baseline
    plan = make_plan(runs_table(rows), compare="program.design", baseline="none")
    assert plan.compare == "matching.strategy" and plan.baseline == "random"


def test_a_design_that_wins_by_reach_is_named_as_such():
    """Peer reaches three times the people with three times the meetings, each passing on half as much."""
    rows = []
    for s in range(4):
        jitter = 0.01 * s
        none = base_row("none", s, 0.50 + jitter, 0.8, 0.0)
        rows.append({**none, "meetings_total": 0, "participants_ever": 0, "tacit_transferred_total": 0.0})
        for design, meetings, people, per in (("peer", 3000, 300, 0.002), ("hierarchical", 1000, 100, 0.004)):
            r = base_row(design, s, 0.55 + jitter, 0.8, 2.0 * meetings)
            total = meetings * (per + 0.0001 * s)
            r.update(
                meetings_total=meetings + s,
                participants_ever=people,
                tacit_transferred_total=total,
                tacit_per_meeting=total / (meetings + s),
                tacit_per_participant=total / people,
            )
            rows.append(r)
    ok = runs_table(rows)
    plan = make_plan(ok)
    table = compare(derive(ok, plan), plan)
    text = reach_or_quality(table, plan)
    assert len(text) == 1
    assert text[0].startswith("Peer mentoring passed on more tacit know-how in all than senior mentors")
    assert "by reach, not quality: 3.0x the meetings and 3.0x the people" in text[0]
    assert "each meeting of senior mentors passed on 1.9x as much (0.414 against 0.215 per 100 meetings)" in text[0]
    # Equal quality per meeting: no such sentence.
    same = [dict(r, tacit_per_meeting=0.003) if r["program.design"] != "none" else r for r in rows]
    ok2 = runs_table(same)
    assert reach_or_quality(compare(derive(ok2, make_plan(ok2)), make_plan(ok2)), make_plan(ok2)) == []
