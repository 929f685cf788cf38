"""The lever audit: one line per lever, and "inert" where a lever moves nothing."""

import subprocess
import sys

import pytest

from sim.studies import levers
from tests.helpers import ROOT

SMALL = levers.Size(seeds=4, employees=150, weeks=60)


def test_a_working_lever_moves_and_a_sham_is_flagged_inert():
    real = levers.Lever("program.opt_in_rate", 0.2, 0.8, "participants", +1, levers.PEER)
    backwards = levers.Lever("program.opt_in_rate", 0.2, 0.8, "participants", -1, levers.PEER)
    sham = levers.Lever("outputs.csv", False, True, "meetings", +1, levers.PEER)  # writes a file, moves nothing
    found = levers.audit((real, backwards, sham), SMALL)
    assert [f.verdict for f in found] == ["moves", "WRONG WAY", "inert"]
    assert found[0].difference > 20 and found[0].low > 0
    assert found[2].difference == 0.0
    line = found[2].line()
    assert "outputs.csv False -> True" in line and "inert" in line and "80% power" in line


def test_every_lever_names_a_known_outcome_key_and_design():
    from sim.config import SimConfig, with_overrides
    from sim.resolved import resolve

    keys = set()
    for lv in levers.LEVERS:
        assert lv.outcome in levers.OUTCOMES and lv.sign in (-1, 1)
        for value in (lv.low, lv.high):
            resolve(with_overrides(SimConfig(), {**lv.setting, lv.key: value}))
        keys.add(lv.key)
    assert len(keys) == len(levers.LEVERS), "each lever audited once"
    for issue_named in (
        "lifecycle.no_fault_exit",
        "support.free_hours_per_month",
        "support.protected_hours_per_month",
        "support.meeting_hours",
        "engagement.overload_penalty",
        "knowledge.manager_trust_cap",
        "engagement.isolation_penalty",
    ):
        assert issue_named in keys


def test_the_command_prints_a_line_per_lever_and_refuses_unknown_levers():
    cmd = [sys.executable, "-m", "sim.levers", "--seeds", "3", "--employees", "120", "--weeks", "40"]
    r = subprocess.run(
        [*cmd, "--only", "program.opt_in_rate", "support.confidentiality"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("Lever audit: 2 levers x 3 paired seeds")
    assert lines[1].startswith("program.opt_in_rate 0.2 -> 0.8") and "raises people ever in a tie" in lines[1]
    assert lines[2].startswith("support.confidentiality False -> True")
    assert "levers move what they claim" in lines[-1]
    bad = subprocess.run([*cmd, "--only", "no.such"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "no.such: not an audited lever" in bad.stderr
    assert "Traceback" not in bad.stderr


@pytest.mark.slow
def test_no_lever_is_inert_where_the_docs_say_it_acts():
    """The whole audit at a reduced size (8 seeds, 300 employees, 3 years); the note gives the full one."""
    found = levers.audit(size=levers.Size(seeds=8, employees=300, weeks=156), workers=2)
    bad = [f.line() for f in found if f.verdict != "moves"]
    assert not bad, "\n".join(bad)
