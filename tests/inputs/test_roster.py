"""Rosters: every kind of bad file gets one line naming the row and column; good ones run."""

import subprocess
import sys

import numpy as np
import pytest

from sim import MentoringModel
from sim.inputs.examples import example_rows, write_example
from sim.inputs.roster import RosterError, load_roster
from sim.units import WEEKS_PER_YEAR
from tests.helpers import ROOT, small_config

EXAMPLE = ROOT / "examples" / "roster.csv"
HEADER = "id,manager_id,level,team,tenure_years"


def write(tmp_path, *lines, header=HEADER):
    p = tmp_path / "org.csv"
    p.write_text("\n".join([header, *lines]) + "\n")
    return p


@pytest.mark.parametrize(
    "lines, header, message",
    [
        (["A,,1,x"], "id,manager_id,level,team", "missing column 'tenure_years'"),
        (["A,,1,x,3", "A,,0,x,1"], HEADER, "row 3 (id=A), column id: duplicate id (first on row 2)"),
        (["A,,1,x,3", "B,Z,0,x,1"], HEADER, "row 3 (id=B), column manager_id: unknown manager 'Z'"),
        (["A,C,1,x,3", "B,A,0,x,1", "C,B,0,x,1", "D,,2,y,1"], HEADER, "reporting cycle A -> C -> B -> A"),
        (["A,A,1,x,3"], HEADER, "cannot manage themselves"),
        (["A,,1,x,3", "B,A,0,x,abc"], HEADER, "row 3 (id=B), column tenure_years: 'abc' is not a number"),
        (["A,,1,x,-2"], HEADER, "column tenure_years: '-2' must be between 0 and 80"),
        (["A,,1.5,x,2"], HEADER, "column level: '1.5' must be a whole number"),
        (["A,,1,,2"], HEADER, "column team: empty team"),
        ([",,1,x,2"], HEADER, "row 2, column id: empty id"),
        (["A,,1,x,2,1.4"], HEADER + ",skill_sales", "column skill_sales: '1.4' must be between 0 and 1"),
        (["A,,1,x,2,0.4"], HEADER + ",tacit_sales", "tacit_sales has no matching skill_sales"),
        ([], HEADER, "no employees"),
    ],
)
def test_bad_rosters_name_the_row_and_column(tmp_path, lines, header, message):
    with pytest.raises(RosterError, match=None) as err:
        load_roster(write(tmp_path, *lines, header=header))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RosterError, match="no such file"):
        load_roster(tmp_path / "nope.csv")


def test_a_good_roster_is_read_in_file_order(tmp_path):
    p = write(tmp_path, "boss,,1,Top,10", "a,boss,0,Team A,1.5", "b,boss,0,Team A,0", header=HEADER)
    r = load_roster(p)
    assert r.ids.tolist() == ["boss", "a", "b"] and r.manager.tolist() == [-1, 0, 0]
    assert r.level.tolist() == [1, 0, 0] and r.tenure_weeks.tolist() == [520.0, 78.0, 0.0]
    assert [r.team_names[t] for t in r.team] == ["Top", "Team A", "Team A"]
    assert r.skills is None and r.tacit is None


def test_the_example_roster_is_current_and_valid(tmp_path):
    fresh = write_example(tmp_path / "ex.csv")
    assert fresh.read_text() == EXAMPLE.read_text(), "regenerate: python -m sim.roster example examples/roster.csv"
    r = load_roster(EXAMPLE)
    assert 200 <= r.n <= 400 and r.skills.shape == r.tacit.shape == (r.n, 5)
    assert (r.level == r.level.max()).sum() == 1, "one person at the top"
    assert len(example_rows(600)) > len(example_rows(300))


def test_a_model_runs_on_the_roster_with_its_sizes_and_knowledge():
    model = MentoringModel(
        small_config(**{"org.kind": "roster", "org.roster_path": str(EXAMPLE), "program.design": "peer_circles"})
    )
    r = load_roster(EXAMPLE)
    assert model.state.n == r.n == model.config.org.n_employees
    assert model.config.org.n_skills == 5 and model.config.org.levels == int(r.level.max()) + 1
    np.testing.assert_array_equal(model.state.tacit, r.tacit)
    np.testing.assert_array_equal(model.state.manager, r.manager)
    model.run()
    assert (model.timeseries()["headcount"] == r.n).all() and model.ledger.ties_formed > 0


def test_cli_runs_the_example_and_rejects_a_bad_roster_before_running(tmp_path):
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "org=roster",
            f"org.roster_path={EXAMPLE}",
            "program=peer_circles",
            "steps=10",
            "hydra.run.dir=out",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ok.returncode == 0, ok.stderr
    assert f"Simulated {load_roster(EXAMPLE).n} employees" in ok.stdout
    bad = write(tmp_path, "A,,1,x,3", "B,A,0,x,abc")
    r = subprocess.run(
        [sys.executable, "-m", "sim", "org=roster", f"org.roster_path={bad}", "hydra.run.dir=never"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (
        r.returncode == 2
        and r.stderr.strip() == "error: org.csv row 3 (id=B), column tenure_years: 'abc' is not a number"
    )
    assert not (tmp_path / "never").exists()


def test_roster_command_checks_and_writes(tmp_path):
    out = tmp_path / "r.csv"
    r = subprocess.run(
        [sys.executable, "-m", "sim.roster", "example", str(out), "--n", "120"], capture_output=True, text=True
    )
    assert r.returncode == 0 and "employees" in r.stdout and out.is_file()
    bad = write(tmp_path, "A,,x,t,1")
    r = subprocess.run([sys.executable, "-m", "sim.roster", "check", str(bad)], capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.startswith("error: org.csv row 2 (id=A), column level")


def _export(tmp_path, sep: str, header: list[str], rows: list[list[str]], name="hr.csv"):
    p = tmp_path / name
    p.write_text("\n".join(sep.join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return p


HR_HEADER = ["Employee ID", "Supervisor", "Job Level", "Department", "Years of Service", "skill_Sales"]
HR_ROWS = [["E1", "", "1", "Sales", "3,5", "0.4"], ["E2", "E1", "0", "Sales", "1", "0.6"]]


@pytest.mark.parametrize("sep", [";", "\t", ","])
def test_an_hr_export_reads_whatever_its_separator_and_column_names(tmp_path, sep):
    # A decimal comma reads as a decimal point (a comma-separated file quotes it, or uses a point).
    rows = [[c.replace(",", ".") for c in r] for r in HR_ROWS] if sep == "," else HR_ROWS
    r = load_roster(_export(tmp_path, sep, HR_HEADER, rows))
    assert list(r.ids) == ["E1", "E2"] and r.manager.tolist() == [-1, 0] and r.team_names == ["Sales"]
    assert r.tenure_weeks[0] == pytest.approx(3.5 * WEEKS_PER_YEAR) and r.skill_names == ["Sales"]


def test_errors_name_the_column_as_the_file_names_it_and_conflicts_are_refused(tmp_path):
    rows = [["E1", "", "1", "", "3", "0.4"]]
    with pytest.raises(RosterError, match="row 2 \\(id=E1\\), column Department: empty team"):
        load_roster(_export(tmp_path, ";", HR_HEADER, rows))
    with pytest.raises(RosterError, match="columns 'id' and 'Employee ID' both give id; keep one"):
        load_roster(_export(tmp_path, ";", ["id", *HR_HEADER], [["x", *rows[0]]]))
    with pytest.raises(RosterError, match="column Years of Service: '3 years' is not a number"):
        load_roster(_export(tmp_path, ";", HR_HEADER, [["E1", "", "1", "Sales", "3 years", "0.4"]]))


def test_a_roster_too_small_to_simulate_says_so_in_the_user_s_terms(tmp_path):
    p = write(tmp_path, "A,,1,x,3", "B,A,0,x,1", "C,A,0,x,2", "D,A,0,x,2")
    assert load_roster(p).n == 4  # readable
    r = subprocess.run(
        [sys.executable, "-m", "sim", "org=roster", f"org.roster_path={p}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "org.csv: the roster has 4 employees; at least 10 are needed" in r.stderr
    assert "n_employees" not in r.stderr


HR_EXAMPLE = EXAMPLE.with_name("roster_hr_export.csv")


def test_the_second_example_is_an_hr_export_of_the_first_and_is_kept_current(tmp_path):
    from sim.inputs.examples import HR_EXPORT_AS_OF

    fresh = write_example(tmp_path / "hr.csv", 300, 0, shape="hr_export")
    assert fresh.read_text() == HR_EXAMPLE.read_text(), "regenerate: python -m sim.roster example ... --shape hr_export"
    header = HR_EXAMPLE.read_text().splitlines()[0]
    assert header == "Employee ID;Supervisor;Job Level;Department;Hire Date"
    hr, csv_roster = load_roster(HR_EXAMPLE, as_of=HR_EXPORT_AS_OF), load_roster(EXAMPLE)
    assert list(hr.ids) == list(csv_roster.ids) and hr.manager.tolist() == csv_roster.manager.tolist()
    assert hr.level.tolist() == csv_roster.level.tolist() and hr.team_names == csv_roster.team_names
    # hire dates are whole days: tenure agrees to within a day
    assert abs(hr.tenure_weeks - csv_roster.tenure_weeks).max() <= 1 / 7
    assert hr.tenure_as_of == "2026-01-01" and csv_roster.tenure_as_of is None


def test_hire_dates_count_tenure_to_a_stated_reference_date(tmp_path):
    from datetime import date

    p = _export(tmp_path, ";", ["id", "manager_id", "level", "team", "Start Date"],
                [["A", "", "1", "x", "2020-01-01"], ["B", "A", "0", "x", "2025-07-02"]])  # fmt: skip
    r = load_roster(p, as_of=date(2026, 1, 1))
    assert r.tenure_weeks / WEEKS_PER_YEAR == pytest.approx([2192 / 365.25, 183 / 365.25])
    assert r.tenure_as_of == "2026-01-01"
    assert load_roster(p).tenure_as_of == date.today().isoformat(), "the default reference date is the run's"
    with pytest.raises(RosterError, match=r"row 3 \(id=B\), column Start Date: 2025-07-02 is after the reference date"):
        load_roster(p, as_of=date(2024, 1, 1))
    bad = _export(
        tmp_path, ";", ["id", "manager_id", "level", "team", "hire_date"], [["A", "", "1", "x", "01/03/2019"]]
    )
    with pytest.raises(RosterError, match=r"column hire_date: '01/03/2019' is not a date as YYYY-MM-DD"):
        load_roster(bad)
    both = _export(tmp_path, ";", ["id", "manager_id", "level", "team", "tenure_years", "Hire Date"],
                   [["A", "", "1", "x", "3", "2020-01-01"]])  # fmt: skip
    with pytest.raises(RosterError, match="columns 'tenure_years' and 'Hire Date' both give tenure; keep one"):
        load_roster(both)


def test_a_column_mapping_names_the_file_s_own_columns(tmp_path):
    header = ["Staff number", "Boss", "Grade", "Unit", "Service"]
    p = _export(tmp_path, ",", header, [["A", "", "1", "x", "3"], ["B", "A", "0", "x", "1"]])
    with pytest.raises(RosterError, match="missing column 'id'.*org.roster_columns.id="):
        load_roster(p)
    cols = {"id": "Staff number", "manager_id": "Boss", "level": "Grade", "tenure_years": "Service"}
    r = load_roster(p, cols)  # "Unit" is an alias of team
    assert list(r.ids) == ["A", "B"] and r.manager.tolist() == [-1, 0] and r.tenure_weeks[0] == 3 * WEEKS_PER_YEAR
    with pytest.raises(RosterError, match=r"org.roster_columns.level='Rank': no such column \(found: Staff number"):
        load_roster(p, {**cols, "level": "Rank"})
    # The mapping wins over an alias: the other id-like column is then an ordinary one.
    q = _export(tmp_path, ",", ["ID", "Staff number", "manager_id", "level", "team", "tenure_years"],
                [["1", "A", "", "1", "x", "3"], ["2", "B", "A", "0", "x", "1"]], name="q.csv")  # fmt: skip
    assert list(load_roster(q, {"id": "Staff number"}).ids) == ["A", "B"]


def test_a_manager_not_above_a_report_is_flagged_not_refused(tmp_path):
    p = write(tmp_path, "A,,1,x,3", "B,A,1,x,1", "C,A,0,x,2", "D,B,2,x,2")
    r = load_roster(p)
    assert r.notes == (
        "org.csv: 2 employee(s) report to a manager not above their level: row 3 (id=B) is at level 1 but reports "
        "to A at level 1 (and 1 more)",
    )
    assert load_roster(EXAMPLE).notes == ()


def test_a_run_from_hire_dates_says_to_which_date_and_records_it(tmp_path):
    from sim.config import SimConfig, with_overrides
    from sim.resolved import resolve
    from sim.run.execute import config_hash

    base = {"org.kind": "roster", "org.roster_path": str(HR_EXAMPLE), "steps": 2}
    run = resolve(with_overrides(SimConfig(), base))
    assert run.config.org.roster_date == run.asked.org.roster_date == __import__("datetime").date.today().isoformat()
    stated = resolve(with_overrides(SimConfig(), {**base, "org.roster_date": "2026-01-01"}))
    assert config_hash(stated) != config_hash(run), "another reference date is another run"
    r = subprocess.run(
        [sys.executable, "-m", "sim", "org=roster", f"org.roster_path={HR_EXAMPLE}", "org.roster_date=2026-01-01",
         "steps=2", "hydra.run.dir=out"], capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "tenure counted from hire dates to 2026-01-01" in r.stdout


def test_a_reference_date_that_is_not_a_date_is_one_line():
    from sim.config import ConfigError, SimConfig, with_overrides
    from sim.resolved import resolve

    with pytest.raises(ConfigError, match=r"org.roster_date='1.1.2020': must be a date as YYYY-MM-DD"):
        resolve(with_overrides(SimConfig(), {"org.roster_date": "1.1.2020"}))


def test_a_spreadsheet_reads_like_its_csv_export(tmp_path, monkeypatch):
    import datetime

    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee ID", "Supervisor", "Job Level", "Department", "Hire Date"])
    for i in range(12):
        sheet.append([f"E{i}", "" if i == 0 else "E0", 1 if i == 0 else 0, "Sales", datetime.datetime(2020, 1, 1 + i)])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    r = load_roster(path, as_of=datetime.date(2021, 1, 1))
    assert r.n == 12 and r.manager.tolist() == [-1] + [0] * 11 and r.level.tolist() == [1] + [0] * 11
    assert r.tenure_weeks[0] / WEEKS_PER_YEAR == pytest.approx(366 / 365.25)
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    with pytest.raises(RosterError, match=r"fake.xlsx: not a readable .xlsx workbook"):
        load_roster(tmp_path / "fake.xlsx")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(RosterError, match=r"staff.xlsx: reading .xlsx needs openpyxl; pip install"):
        load_roster(path)
