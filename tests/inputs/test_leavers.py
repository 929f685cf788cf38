"""Your own turnover from your leavers (sim.inputs.leavers): the fit finds what made the data."""

from datetime import date

import numpy as np
import pytest

from sim.inputs import leavers
from sim.inputs.roster import RosterError

AS_OF = date(2026, 1, 1)


def write(path, rows, header="Hire Date,Termination Date,Exit Reason"):
    path.write_text(header + "\n" + "\n".join(",".join(r) for r in rows) + "\n")
    return path


@pytest.fixture(scope="module")
def made():
    """3 years of a 3,000-seat organisation with a = 0.002 a week, m = 5, tau = 40 weeks."""
    return leavers.synthetic(3000, 3.0, 0.002, 5.0, 40.0, seed=1, as_of=AS_OF)


def test_the_fit_finds_the_hazard_that_made_the_leavers(made, tmp_path):
    rows, stay = made
    data = leavers.load_leavers(write(tmp_path / "left.csv", rows), AS_OF)
    got = leavers.fit(data, stay)
    # the rate is separations per person-year; the hazard's steady state is about 14% a year here
    assert got.leavers == len(rows) and got.stayers == 3000
    assert got.rate_annual == pytest.approx(len(rows) / (3000 * 3.0), rel=0.02)
    assert got.newcomer_multiplier == pytest.approx(5.0, rel=0.25)
    assert got.newcomer_weeks == pytest.approx(40.0, rel=0.3)
    assert got.quit_share == pytest.approx(0.70, abs=0.03) and got.retirement_share == pytest.approx(0.05, abs=0.02)
    # Kaplan-Meier's share still employed after a year against the hazard's own
    truth = np.exp(-0.002 * (52 + 4 * 40 * (1 - np.exp(-52 / 40))))
    assert got.km_one_year == pytest.approx(truth, abs=0.03)


def test_a_flat_hazard_is_found_flat(tmp_path):
    rows, stay = leavers.synthetic(3000, 3.0, 0.003, 1.0, 40.0, seed=2, as_of=AS_OF, reasons=False)
    got = leavers.fit(
        leavers.load_leavers(write(tmp_path / "flat.csv", [r[:2] for r in rows], "hire_date,leave_date"), AS_OF), stay
    )
    assert got.newcomer_multiplier < 1.3 and got.quit_share is None
    assert got.rate_annual == pytest.approx(0.003 * 52, rel=0.08)  # 3 standard errors of about 1,500 leavers


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("2020-01-01", "2019-01-01", "")] * 25, "row 2: left on 2019-01-01 before being hired on 2020-01-01"),
        ([("2020-01-01", "2026-02-01", "")] * 25, "2026-02-01 is after the roster's date 2026-01-01"),
        ([("2020-13-01", "2021-01-01", "")] * 25, "column 'Hire Date': '2020-13-01' is not a date as YYYY-MM-DD"),
        ([("2020-01-01", "2021-01-01", "moved")] * 25, "'moved' is not a reason this reads"),
        ([("2020-01-01", "2021-01-01", "")] * 5, "5 leavers; a fit needs at least 20"),
    ],
)
def test_a_bad_leavers_file_is_one_line_naming_row_and_column(tmp_path, rows, message):
    with pytest.raises(RosterError, match=message.replace("(", r"\(").replace(")", r"\)")) as err:
        leavers.load_leavers(write(tmp_path / "bad.csv", rows), AS_OF)
    assert "\n" not in str(err.value)


def test_a_file_without_dates_says_which_columns_it_needs(tmp_path):
    with pytest.raises(RosterError, match="missing column 'leave_date'; a leavers file needs hire_date and leave_date"):
        leavers.load_leavers(write(tmp_path / "x.csv", [("2020-01-01",)] * 25, "hire_date"), AS_OF)


ROSTER = {
    "org.kind": "roster",
    "org.roster_path": "examples/roster.csv",
    "org.roster_date": "2026-01-01",
    "org.leavers_path": "examples/leavers.csv",
}


def _resolved(**values):
    from sim.config import SimConfig, with_overrides
    from sim.resolved import resolve
    from tests.helpers import ROOT

    paths = {k: str(ROOT / v) if k.endswith("_path") else v for k, v in {**ROSTER, **values}.items()}
    return resolve(with_overrides(SimConfig(), paths))


def test_a_run_uses_the_turnover_its_leavers_give_and_a_study_holds_it():
    from sim.sampling import scenarios as robustness

    run = _resolved()
    fit = run.leavers
    assert fit is not None and fit.leavers == 117 and fit.stayers == 289
    assert run.config.turnover.rate_annual == round(fit.rate_annual, 4) != 0.2088
    assert run.config.turnover.quit_share == round(fit.quit_share, 3)
    assert "turnover.rate_annual" in run.config.scenario.pinned
    scenario = robustness.values(run.with_values({"scenario.index": 3}).config)
    assert "turnover.rate_annual" not in scenario and "turnover.engagement_sensitivity" in scenario


def test_the_leavers_file_is_part_of_a_run_s_fingerprint(tmp_path):
    from sim.run.fingerprint import config_hash
    from tests.helpers import ROOT

    copy = tmp_path / "leavers.csv"
    copy.write_text((ROOT / "examples" / "leavers.csv").read_text())
    before = config_hash(_resolved(**{"org.leavers_path": str(copy)}))
    copy.write_text(copy.read_text().replace("voluntary", "involuntary", 1))
    assert config_hash(_resolved(**{"org.leavers_path": str(copy)})) != before


def test_the_summary_says_whose_turnover_it_is(tmp_path):
    from sim.run.execute import simulate

    s, _ = simulate(_resolved(**{"steps": 10}), tmp_path)
    assert s["turnover_fitted"]["leavers"] == 117 and 0.5 < s["turnover_fitted"]["km_one_year"] < 1.0


def test_the_example_leavers_file_is_what_the_command_writes(tmp_path):
    from sim.roster import main
    from tests.helpers import ROOT

    fresh = tmp_path / "leavers.csv"
    assert main(["leavers", str(fresh), "--roster", str(ROOT / "examples" / "roster.csv")]) == 0
    assert fresh.read_text() == (ROOT / "examples" / "leavers.csv").read_text(), (
        "examples/leavers.csv is stale: python -m sim.roster leavers examples/leavers.csv --roster examples/roster.csv"
    )
