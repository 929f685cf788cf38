"""Money (sim.economics): the arithmetic on hand-worked cases, and what a run's summary says."""

from pathlib import Path

import pytest

from sim.config import ConfigError
from sim.economics import amount, hourly_costs, money, replacement_cost, salaries
from sim.resolved import resolve
from sim.run.execute import simulate
from tests.helpers import small_config

#: Salaries 50,000 / 100,000 / 200,000; an hour costs salary x 1.5 / 2,000: 37.5, 75, 150.
HAND = {
    "org.levels": 3,
    "economics.salary_front_line": 50_000.0,
    "economics.salary_level_ratio": 2.0,
    "economics.benefits_loading": 1.5,
    "economics.hours_per_year": 2000.0,
    "economics.external_hourly_cost": 100.0,
    "economics.admin_per_year": 1000.0,
    "economics.admin_per_participant_year": 100.0,
    "economics.training_cost_per_mentor": 500.0,
    "economics.replacement_cost_share": 0.2,
    "economics.tacit_value": 100.0,
    "economics.output_value_ratio": 1.5,
    "support.mentor_training": True,
    "program.design": "hierarchical",
}
RUN = {
    "hours_by_level": [10.0, 4.0, 1.0],  # 375 + 300 + 150 = 825
    "external_hours_total": 2.0,  # 200
    "programme_years": 2.0,  # admin 2,000
    "participant_years": 3.5,  # admin 350
    "mentors_ever_n": 4,  # training 2,000
    "participants_ever": 9,
    "exits_by_level": [3, 1, 0],  # 0.2 x (150,000 + 100,000) = 50,000
    "tacit_mean_final": 0.6,
    "n_employees": 100,
    "headcount_by_level": [80, 15, 5],  # payroll 4,000,000 + 1,500,000 + 1,000,000
    # weeks of full output: 1.5 x (4,160 x 50,000 + 780 x 100,000 + 260 x 200,000) / 52 = 9,750,000
    "output_by_level": [4160.0, 780.0, 260.0],
}
BASE = {
    "exits_by_level": [4, 1, 1],  # 0.2 x (200,000 + 100,000 + 200,000) = 100,000
    "tacit_mean_final": 0.5,
    "output_by_level": [4108.0, 780.0, 260.0],  # 52 weeks fewer at the front line: 75,000 less
}


def test_salaries_and_hourly_costs_by_level():
    cfg = small_config(**HAND)
    assert salaries(cfg.economics, 3).tolist() == [50_000.0, 100_000.0, 200_000.0]
    assert hourly_costs(cfg.economics, 3).tolist() == [37.5, 75.0, 150.0]
    cfg = small_config(**HAND, **{"economics.salary_by_level": [10_000.0, 20_000.0, 90_000.0]})
    assert salaries(cfg.economics, 3).tolist() == [10_000.0, 20_000.0, 90_000.0]
    cfg = small_config(**HAND, **{"economics.hourly_cost": 60.0})
    assert hourly_costs(cfg.economics, 3).tolist() == [60.0, 60.0, 60.0]


def test_default_hourly_cost_at_the_front_line_is_the_bls_compensation_per_hour():
    # ECEC December 2021: $40.35 an hour of total compensation, of which wages $27.83.
    assert hourly_costs(small_config().economics, 1)[0] == pytest.approx(40.35, abs=0.05)


def test_money_worked_by_hand():
    cfg = small_config(**HAND)
    m = money(cfg, RUN, BASE)
    assert m["cost_time"] == pytest.approx(1025.0)
    assert m["cost_admin"] == pytest.approx(2350.0)
    assert m["cost_training"] == pytest.approx(2000.0)
    assert m["programme_cost"] == pytest.approx(5375.0)
    assert m["replacement_cost"] == pytest.approx(50_000.0)
    assert m["baseline_replacement_cost"] == pytest.approx(100_000.0)
    assert m["avoided_replacement_cost"] == pytest.approx(50_000.0)
    assert m["tacit_value_kept"] == pytest.approx(1000.0)  # 0.1 x 100 people x 100
    assert m["output_value"] == pytest.approx(9_750_000.0)
    assert m["baseline_output_value"] == pytest.approx(9_675_000.0)
    assert m["productivity_gained"] == pytest.approx(75_000.0)  # a front-line person-year at 1.5 x 50,000
    assert m["net_benefit_without_productivity"] == pytest.approx(45_625.0)  # 50,000 + 1,000 - 5,375
    assert m["roi_without_productivity"] == pytest.approx(45_625.0 / 5375.0)
    assert m["net_benefit"] == pytest.approx(120_625.0)
    assert m["roi"] == pytest.approx(120_625.0 / 5375.0)
    assert m["currency"] == "USD"
    assert m["payroll_annual"] == pytest.approx(6_500_000.0)


def test_money_without_training_a_peer_design_and_without_a_baseline():
    cfg = small_config(**{**HAND, "support.mentor_training": False})
    assert money(cfg, RUN, BASE)["cost_training"] == 0.0
    peer = small_config(**{**HAND, "program.design": "peer"})
    assert money(peer, {**RUN, "mentors_ever_n": None}, BASE)["cost_training"] == pytest.approx(9 * 500.0)
    alone = money(cfg, RUN, None)
    assert alone["programme_cost"] == pytest.approx(3375.0)
    assert alone["avoided_replacement_cost"] is None and alone["net_benefit"] is None and alone["roi"] is None


def test_no_programme_costs_nothing_and_is_its_own_baseline():
    cfg = small_config(**{**HAND, "program.design": "none"})
    m = money(cfg, RUN, None)
    assert m["programme_cost"] == 0.0 and m["avoided_replacement_cost"] == 0.0 and m["net_benefit"] == 0.0
    assert m["productivity_gained"] == 0.0 and m["roi"] is None and m["roi_without_productivity"] is None


def test_productivity_is_priced_at_each_level_s_salary_and_can_be_left_out():
    cfg = small_config(**{**HAND, "economics.output_value_ratio": 0.0})
    m = money(cfg, RUN, BASE)
    assert m["output_value"] == 0.0 and m["productivity_gained"] == 0.0
    assert m["net_benefit"] == pytest.approx(45_625.0) == m["net_benefit_without_productivity"]
    top = money(small_config(**HAND), {**RUN, "output_by_level": [4108.0, 780.0, 286.0]}, BASE)
    assert top["productivity_gained"] == pytest.approx(1.5 * 26 * 200_000 / 52)  # half a year at the top


def test_replacement_cost_uses_each_leaver_s_level():
    econ = small_config(**HAND).economics
    assert replacement_cost(econ, [0, 0, 1]) == pytest.approx(0.2 * 200_000)
    assert replacement_cost(econ, [1, 0, 0]) == pytest.approx(0.2 * 50_000)


def test_amounts_are_printed_with_the_currency():
    assert amount(1234567.4, "USD") == "$1,234,567"
    assert amount(-12300, "EUR") == "-€12,300"
    assert amount(500, "SEK") == "500 SEK"
    assert amount(None, "USD") == "n/a"


def test_a_run_prices_its_programme_against_the_same_seed_without_one(tmp_path: Path):
    cfg = small_config(**{"program.design": "peer", "steps": 40, "seed": 3})
    s, _ = simulate(resolve(cfg), tmp_path / "run")
    base, _ = simulate(resolve(small_config(**{"steps": 40, "seed": 3})), tmp_path / "base")
    assert s["baseline_exits_total"] == base["exits_total"]
    assert s["baseline_tacit_mean_final"] == base["tacit_mean_final"]
    assert s["baseline_replacement_cost"] == pytest.approx(base["replacement_cost"])
    assert s["avoided_replacement_cost"] == pytest.approx(base["replacement_cost"] - s["replacement_cost"])
    assert s["programme_cost"] > 0 and base["programme_cost"] == 0.0
    # The ledger's by-level counts add up to the run's totals.
    assert sum(s["exits_by_level"]) == s["exits_total"]
    assert sum(s["hours_by_level"]) == pytest.approx(s["mentor_hours_total"] + s["mentee_hours_total"])
    assert s["productivity_gained"] == pytest.approx(s["output_value"] - base["output_value"])
    assert s["net_benefit_without_productivity"] == pytest.approx(s["avoided_replacement_cost"] - s["programme_cost"])
    assert s["net_benefit"] == pytest.approx(s["net_benefit_without_productivity"] + s["productivity_gained"])


def test_external_mentors_hours_are_priced_at_their_rate(tmp_path: Path):
    over = {"program.design": "hierarchical", "program.external_mentors": 20, "steps": 30, "seed": 1}
    s, _ = simulate(resolve(small_config(**over, **{"economics.baseline": False})), tmp_path / "a")
    dear, _ = simulate(
        resolve(small_config(**over, **{"economics.baseline": False, "economics.external_hourly_cost": 1150.0})),
        tmp_path / "b",
    )
    assert s["external_hours_total"] > 0
    assert dear["cost_time"] - s["cost_time"] == pytest.approx(1000.0 * s["external_hours_total"])


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"economics.currency": "usd"}, "economics.currency='usd': must be a three-letter ISO code"),
        ({"economics.salary_by_level": [1.0, 2.0]}, "economics.salary_by_level has 2 figures: needs one per level"),
        ({"economics.salary_by_level": [1.0, -2.0, 3.0, 4.0]}, "economics.salary_by_level[1]=-2.0: must be a number"),
        ({"economics.replacement_cost_share": -0.1}, "economics.replacement_cost_share=-0.1: must be between 0 and 5"),
    ],
)
def test_bad_economics_values_are_one_clear_line(over, message):
    with pytest.raises(ConfigError) as err:
        resolve(small_config(**over))
    assert str(err.value).startswith(message)
