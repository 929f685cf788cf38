"""One version, written once (sim.__version__), and everywhere a researcher would look for it."""

import re
import subprocess
import sys
from importlib.metadata import version

import sim
from tests.helpers import ROOT


def test_the_command_prints_the_simulator_s_version_not_hydra_s():
    r = subprocess.run([sys.executable, "-m", "sim", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert re.fullmatch(
        rf"mentoring-sim {re.escape(sim.__version__)} \(mesa [\d.]+, numpy [\d.]+, .*Python [\d.]+\)\n", r.stdout
    )
    assert "Hydra" not in r.stdout


def test_the_package_the_citation_and_the_changelog_name_the_same_version():
    assert version("mentoring-sim") == sim.__version__  # pyproject.toml reads sim/__init__.py
    citation = (ROOT / "CITATION.cff").read_text()
    assert re.search(r'^version: "(.+)"$', citation, re.M).group(1) == sim.__version__
    assert re.search(r"^cff-version: 1\.2\.0$", citation, re.M) and "title:" in citation and "authors:" in citation
    assert f"## [{sim.__version__}] - " in (ROOT / "CHANGELOG.md").read_text()
