"""Your facts, kept: salaries checked against the roster's levels, your figures pinned in the
decision study and listed in its report, and every run's recorded config the values it ran with."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim import store
from sim.config import ConfigError, SimConfig, with_overrides
from sim.resolved import resolve
from sim.sampling import scenarios as robustness

ROOT = Path(__file__).resolve().parents[2]
ROSTER = str(ROOT / "examples" / "roster.csv")  # five levels, 0 to 4
FIVE = [52_000.0, 70_000.0, 95_000.0, 140_000.0, 210_000.0]


def run_cli(module: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True, timeout=600,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def roster_config(**values) -> SimConfig:
    return with_overrides(SimConfig(), {"org.kind": "roster", "org.roster_path": ROSTER, **values})


def test_salaries_are_checked_against_the_levels_the_roster_has():
    run = resolve(roster_config(**{"economics.salary_by_level": FIVE}))
    assert run.config.org.levels == 5 and run.config.economics.salary_by_level == FIVE
    with pytest.raises(ConfigError, match=r"has 4 figures: needs one per level.*roster .*roster.csv has 5 levels"):
        resolve(roster_config(**{"economics.salary_by_level": FIVE[:4]}))


def test_five_salaries_for_the_shipped_roster_run_from_the_command_line(tmp_path):
    salaries = "economics.salary_by_level=[52000,70000,95000,140000,210000]"
    r = run_cli("sim", "org=roster", f"org.roster_path={ROSTER}", salaries, "steps=3", cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    refused = tmp_path / "refused"
    refused.mkdir()
    r = run_cli("sim", "org=roster", f"org.roster_path={ROSTER}", "economics.salary_by_level=[1,2,3,4]", cwd=refused)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "has 4 figures: needs one per level" in r.stderr and "has 5 levels" in r.stderr
    assert not (refused / "results").exists()


def test_a_study_pins_the_uncertain_keys_you_set_and_only_in_a_study():
    study = ["-m", "+experiment=robust_designs", "turnover.rate_annual=0.12", "economics.currency=EUR", "seed=0,1"]
    assert robustness.pin_arguments(study)[-1] == "scenario.pinned=[turnover.rate_annual]"
    swept = ["-m", "scenario.index=range(0,10)", "engagement.overload_penalty=0.1,0.3"]
    assert robustness.pin_arguments(swept)[-1] == "scenario.pinned=[engagement.overload_penalty]"
    plain = ["turnover.rate_annual=0.12"]  # not a study: nothing is sampled, nothing to pin
    assert robustness.pin_arguments(plain) == plain
    explicit = [*study, "scenario.pinned=[]"]  # said outright: left as said
    assert robustness.pin_arguments(explicit) == explicit


def test_a_pinned_key_keeps_its_value_in_every_scenario_and_others_are_sampled():
    base = with_overrides(SimConfig(), {"scenario.index": 3, "turnover.rate_annual": 0.12})
    sampled = robustness.values(base)
    pinned = robustness.values(with_overrides(base, {"scenario.pinned": ["turnover.rate_annual"]}))
    assert "turnover.rate_annual" in sampled and "turnover.rate_annual" not in pinned
    assert {k: v for k, v in sampled.items() if k != "turnover.rate_annual"} == pinned
    with pytest.raises(ConfigError, match=r"scenario.pinned: 'turnover.rate' is not one of the study's uncertain keys"):
        robustness.check(with_overrides(SimConfig(), {"scenario.pinned": ["turnover.rate"]}))


@pytest.fixture(scope="module")
def pinned_study(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("pinned")
    tiny = ["--scenarios", "10", "--seeds", "1", "--designs", "peer", "--years", "0.4", "org.n_employees=40"]
    r = run_cli("sim.decide", *tiny, "--out", "study", "turnover.rate_annual=0.12", "economics.currency=EUR", cwd=cwd)
    assert r.returncode == 0, r.stderr[-3000:]
    return cwd / "study", r


def test_the_decision_study_runs_your_figure_and_records_what_each_run_used(pinned_study):
    study, r = pinned_study
    runs = pd.read_parquet(study / "report" / "runs.parquet")
    assert len(runs) == 20 and (runs["turnover.rate_annual"] == 0.12).all()
    assert (runs["scenario_values.turnover.rate_annual"] == 0.12).all()
    # a sampled key's column holds the value each run used, not the composed default
    used = runs["scenario_values.engagement.overload_penalty"]
    assert used.nunique() == 10 and (runs["engagement.overload_penalty"] == used).all()
    for record in store.records(study / "store").values():
        assert record["config"]["turnover.rate_annual"] == 0.12
        assert (
            record["config"]["engagement.overload_penalty"]
            == record["summary"]["scenario_values"]["engagement.overload_penalty"]
        )


def test_the_report_lists_your_figures_and_what_they_replace(pinned_study):
    study, r = pinned_study
    md = (study / "report" / "report.md").read_text()
    summary = md.split("## Each design, goal by goal")[0]
    box = summary.split("**Your figures**")[1].split("**When the answer changes.**")[0]
    assert "| turnover a year | turnover.rate_annual = 0.12 (instead of sampled 10% to 45%) | yours |" in box
    assert "economics.currency = EUR" in box.split("| other figures you gave |")[1]
    assert "Your figures" in r.stdout
    section = md.split("## Your figures")[1].split("## The uncertainties")[0]
    assert "| turnover.rate_annual | 0.12 | 0.2299 | sampled 10% to 45% |" in section
    assert "| economics.currency | EUR | USD |  |" in section
    assert "| org.n_employees | 40 | 500 |  |" in section  # a synthetic organisation's size is yours too
    assert "program.design" not in section and "scenario." not in section  # the study's own levers and rows


def test_a_run_directory_records_the_values_the_run_used(tmp_path):
    import json

    from sim import io
    from sim.run.execute import simulate

    values = {"org.roster_date": "2026-01-01", "org.leavers_path": str(ROOT / "examples" / "leavers.csv"), "steps": 3}
    run = resolve(roster_config(**values))
    simulate(run, tmp_path)
    used = json.loads((tmp_path / io.CONFIG_USED).read_text())
    assert used["org.n_employees"] == 289 and used["org.levels"] == 5  # the roster's, not the schema's 500 and 4
    assert used["turnover.rate_annual"] == run.config.turnover.rate_annual != SimConfig().turnover.rate_annual
    assert io.read_run_config(tmp_path) == used
