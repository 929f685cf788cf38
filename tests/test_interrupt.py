"""Ctrl-C during a command's start-up (sim.interrupt): one line and status 130, also when a compiled module turns it
into an ImportError (scipy's HiGHS reports "initialization failed" with the interrupt as its cause)."""

import subprocess
import sys

import pytest

from tests.helpers import ROOT

CASES = {
    "interrupt": "raise KeyboardInterrupt",
    "import_failed_by_it": "raise ImportError('initialization failed') from KeyboardInterrupt()",
    "import_failed_during_it": "try:\n        raise KeyboardInterrupt\n    except KeyboardInterrupt:\n        raise ImportError('x')",
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_interrupt_in_the_block_is_one_line_and_status_130(case):
    code = f"from sim.interrupt import stops_cleanly\nwith stops_cleanly():\n    {CASES[case]}\n"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 130 and r.stderr.strip() == "stopped", r.stderr


def test_an_import_error_of_its_own_is_not_taken_for_an_interrupt():
    code = "from sim.interrupt import stops_cleanly\nwith stops_cleanly():\n    import no_such_module_here\n"
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "ModuleNotFoundError: No module named 'no_such_module_here'" in r.stderr
