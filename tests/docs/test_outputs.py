"""Every command shown with its output, in the README and on the site, prints what is shown (timing aside)."""

from __future__ import annotations

import pytest

from tests.docs import outputs
from tests.helpers import ROOT

BLOCKS = outputs.all_blocks()

#: Commands that take over 10 s here (the classroom's ten seeds of five scenarios; seven years of 6,400 people).
SLOW = {"python -m sim.teaching.classroom", "python -m sim +preset=sun_microsystems"}


@pytest.mark.parametrize(
    "block",
    [pytest.param(b, marks=[pytest.mark.slow] if SLOW & set(b.commands) else []) for b in BLOCKS],
    ids=[f"{b.path.relative_to(ROOT)}:{' ; '.join(b.commands)}" for b in BLOCKS],
)
def test_a_shown_output_is_what_the_command_prints(block):
    now = outputs.stale(block)
    assert now is None, f"stale; rewrite with python -m tests.docs.outputs write. The command now prints:\n{now}"


def test_the_readme_opens_with_the_two_commands_and_shows_the_default_run():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert lines[3].startswith("python -m pip install -e . && python -m sim ")
    assert lines[4].startswith('python -m pip install -e ".[test]" && python -m pytest ')
    first = outputs.blocks(ROOT / "README.md")[0]
    assert first.commands == ("python -m sim",) and not first.prompts


def test_each_audience_page_shows_a_checked_command():
    for page in ("organisation.md", "research.md", "teaching.md"):
        assert outputs.blocks(ROOT / "docs" / page), page


ROSTER = "python -m sim.roster check examples/roster.csv"


def _page(tmp_path, body: str, fence: str = "```"):
    page = tmp_path / "page.md"
    page.write_text(f"Intro.\n\n<!-- output: {ROSTER} -->\n{fence}text\n{body}{fence}\n\nAfter.\n")
    return page


def test_a_wrong_output_is_stale_and_write_mends_it(tmp_path):
    page = _page(tmp_path, "examples/roster.csv: 300 employees\n")
    (block,) = outputs.blocks(page)
    now = outputs.stale(block)
    assert now is not None and now.startswith("examples/roster.csv: 289 employees, 49 teams")
    assert outputs.rewrite(page) == 1
    (block,) = outputs.blocks(page)
    assert outputs.stale(block) is None
    assert page.read_text().startswith(f"Intro.\n\n<!-- output: {ROSTER} -->\n```text\nexamples/roster.csv: 289")
    assert page.read_text().endswith("```\n\nAfter.\n")


def test_prompts_show_each_command_and_errors_are_shown(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"<!-- output\n$ {ROSTER}\n$ python -m sim program=mentorish\n-->\n```text\n```\n")
    outputs.rewrite(page)
    (block,) = outputs.blocks(page)
    assert block.prompts and block.commands == (ROSTER, "python -m sim program=mentorish")
    assert block.shown.startswith(f"$ {ROSTER}\nexamples/roster.csv: 289 employees")
    assert "$ python -m sim program=mentorish\nerror: program='mentorish': not a known program" in block.shown


def test_timing_is_ignored_but_nothing_else():
    a = "  ran in 0.59 s (221,377 employee-steps/s)\n  turnover 20.3% a year\n"
    assert outputs.comparable(a) == outputs.comparable(a.replace("0.59", "1.20").replace("221,377", "98,001"))
    assert outputs.comparable(a) != outputs.comparable(a.replace("20.3%", "20.4%"))


def test_a_mark_shown_as_an_example_is_not_run(tmp_path):
    assert outputs.blocks(_page(tmp_path, "anything\n", fence="````")) == []
