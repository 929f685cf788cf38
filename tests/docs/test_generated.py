"""The generated pages are current, and what they list is what the code has: one code map, every output documented."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from sim.metrics import TIMESERIES_COLUMNS
from tests.docs import generate
from tests.helpers import ROOT

#: Summary keys a default-sized command does not write: each needs a kind of run of its own (its row says which).
CONDITIONAL = {"warm_start", "parameters", "scenario_values", "turnover_warning"}


def test_the_outputs_page_is_current():
    assert generate.OUTPUTS.read_text() == generate.outputs_page(), "regenerate: python -m tests.docs.generate"


def test_the_code_map_is_current():
    assert generate.CODE_MAP.read_text() == generate.code_map_page(), "regenerate: python -m tests.docs.generate"


def test_the_timeseries_table_lists_the_columns_in_their_order():
    timeseries, _ = generate.metric_tables()
    assert [n for names, _ in timeseries for n in names] == list(TIMESERIES_COLUMNS)


def _documented() -> dict[str, str]:
    _, summary = generate.metric_tables()
    keys = [(n, meaning) for names, meaning in summary for n in names]
    counted = [k for k, _ in keys]
    assert len(counted) == len(set(counted)), (
        f"a summary key listed twice: {sorted(k for k in counted if counted.count(k) > 1)}"
    )
    return dict(keys)


@pytest.fixture(scope="module")
def roster_summary(tmp_path_factory) -> dict:
    """summary.json of a short run on the shipped roster with its leavers: a programme, a baseline, a fitted turnover."""
    out = tmp_path_factory.mktemp("run")
    args = ["org=roster", "org.roster_path=examples/roster.csv", "org.roster_date=2026-01-01"]
    args += ["org.leavers_path=examples/leavers.csv", "steps=26", f"hydra.run.dir={out}"]
    done = subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads((out / "summary.json").read_text())


def test_every_summary_key_a_run_writes_is_documented_and_every_documented_key_is_written(roster_summary):
    documented = _documented()
    assert not set(roster_summary) - set(documented), "document these keys in sim/metrics.py's docstring"
    unwritten = set(documented) - set(roster_summary)
    assert unwritten == CONDITIONAL, f"documented but not written: {sorted(unwritten - CONDITIONAL)}"
    for key in CONDITIONAL:
        assert " only:" in documented[key], f"{key}: its row says which runs write it"


def test_the_code_map_names_every_module_and_nothing_that_does_not_exist():
    page = generate.CODE_MAP.read_text()
    named = set(re.findall(r"`((?:sim|tests|configs|experiments|examples|hydra_plugins|results|docs)/[\w./]*)`", page))
    assert all((ROOT / p).exists() for p in named), sorted(p for p in named if not (ROOT / p).exists())
    for name, path in generate.package_modules().items():
        if name != "sim":
            shown = f"{path.parent.relative_to(ROOT)}/" if path.name == "__init__.py" else str(path.relative_to(ROOT))
            assert shown in named, f"{shown} is not in the code map"
    subpackages = {p.parent.name for p in (ROOT / "sim").glob("*/__init__.py")}
    assert subpackages and all(f"`sim/{s}/`" in page for s in subpackages)


def test_the_code_map_is_the_only_map():
    """No other page (nor the README) keeps a hand-made list of the package's modules that could disagree with it."""
    pages = [ROOT / "README.md", *(p for p in (ROOT / "docs").rglob("*.md") if p != generate.CODE_MAP)]
    for page in pages:
        rows = re.findall(r"^\| `sim/[\w/]+(?:\.py|/)`", page.read_text(), re.M)
        assert len(rows) < 3, f"{page.relative_to(ROOT)} lists modules in a table: link docs/code-map.md instead"
        assert "  sim/\n" not in page.read_text(), f"{page.relative_to(ROOT)} draws the package tree"


def test_rst_markup_becomes_markdown():
    assert generate._rst_to_markdown(":mod:`~sim.inputs.roster` and :func:`sim.x.f` with ``code``") == (
        "`roster` and `sim.x.f` with `code`"
    )
