"""The decision report's first page, as a board reads it, and its figures as Chromium shows them."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from sim import io
from sim.analysis.robustness_report.board import TRYOUT_SCENARIOS, significant

ROOT = Path(__file__).resolve().parents[2]
#: A small study: 12 scenarios x 2 seeds of three choices in 40 people for 0.4 years (about 20 s); one figure
#: of the user's own (the programme's running cost) to be listed as theirs.
SMALL = ["--scenarios", "12", "--seeds", "2", "--designs", "peer,peer_circles", "--years", "0.4"]
SMALL += ["org.n_employees=40", "economics.admin_per_year=12000"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("board")
    r = subprocess.run(
        [sys.executable, "-m", "sim.decide", *SMALL, "--out", "study"],
        cwd=cwd, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr[-3000:]
    return cwd / "study" / "report"


def _first_page(report: Path) -> str:
    md = (report / "report.md").read_text()
    return md.split("## Summary for decision makers")[1].split("\n## ")[0]


def _amount(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def test_the_first_page_recommends_per_goal_in_people_and_money_with_units_defined(report):
    first = _first_page(report)
    assert "Try-out study, not a basis for a decision" in first  # 12 scenarios, fewer than the mark's 100
    assert 12 < TRYOUT_SCENARIOS
    table = [line for line in first.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| if your goal is | run | how sure | gives over")
    assert [row.split(" | ")[0] for row in table[1:4]] == ["| know-how kept", "| people kept", "| net money"]
    # people, not "per 100"; the unit of know-how defined on the page where it is used
    assert "per 100" not in first
    assert "'full-expert equivalent' is the know-how of one person" in first
    assert re.search(r"(person|people) kept \(|nothing: the baseline", table[2]), table[2]
    # one line instead of a sentence per goal saying PRIM found nothing in too few scenarios
    assert "12 scenarios are too few to say when a recommendation fails" in first
    assert "No simple region" not in first


def test_the_money_on_the_first_page_adds_up(report):
    first = _first_page(report)
    sentence = next(p for p in first.split("\n\n") if p.startswith("**The money, for "))
    cost = _amount(re.search(r"it costs (\$[\d,]+)", sentence).group(1))
    gains = [_amount(m) for m in re.findall(r"(?:avoids|gains|valued at) (-?\$[\d,]+)", sentence)]
    net = _amount(re.search(r"; net (-?\$[\d,]+) on average", sentence).group(1))
    assert gains and net == pytest.approx(sum(gains) - cost)
    verdict = first.split("**Your figures**")[0]  # (the box below shows the figures as given)
    for figure in re.findall(r"\$[\d,]+", verdict):  # two significant figures at most on the board's page
        digits = figure.replace("$", "").replace(",", "").rstrip("0")
        assert len(digits) <= 2 or figure in sentence, figure


def test_the_first_page_says_whose_figures_the_answer_rests_on(report):
    first = _first_page(report)
    box = first.split("**Your figures**")[1].split("**When the answer changes.**")[0]
    rows = {line.split(" | ")[0].lstrip("| "): line for line in box.splitlines() if line.startswith("| ")}
    assert "synthetic" in rows["organisation"] and "not yours" in rows["organisation"]
    assert "default" in rows["salaries by level"] and "$57,900 a year at the front line" in rows["salaries by level"]
    assert "economics.admin_per_year = 12,000" in rows["running the programme a year"]
    assert rows["running the programme a year"].rstrip(" |").endswith("yours")
    assert "not yours: sampled" in rows["turnover a year"]


def test_the_prim_table_names_each_row_s_goal(report):
    md = (report / "report.md").read_text()
    prim = md.split("### Scenario discovery (PRIM)")[1].split("\n## ")[0]
    table = [line for line in prim.splitlines() if line.startswith("| ")]
    assert table[0].startswith("| goal | design | fails when")
    goals = [line.split(" | ")[0].lstrip("| ") for line in table[1:]]
    assert goals[:3] == ["know-how kept", "people kept", "net money"] and goals[-1] == "pays back"


def test_significant_figures():
    assert significant(1_313_377.0) == 1_300_000.0
    assert significant(-746_962.0) == -750_000.0
    assert significant(0.00912) == 0.0091
    assert significant(0.0) == 0.0


def test_the_report_s_first_page_in_chromium_and_its_figures_text_at_least_10_px(report, tmp_path):
    from tests.teaching.test_page import browser_available

    if not browser_available() and os.environ.get("REQUIRE_BROWSER") != "1":
        pytest.skip("Chromium or Playwright missing (apt-get install chromium; pip install -e '.[test]')")
    from sim.teaching.browser import launch

    shot = tmp_path / "first_page.png"
    with launch(1280, 900) as page:
        page.goto((report / "report.html").as_uri())
        page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        page.screenshot(path=str(shot))
        heading = page.locator("h2").first.inner_text()
        table = page.locator("table").first.inner_text()
        images = page.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('src'), e.naturalWidth, e.clientWidth])"
        )
    assert heading == "Summary for decision makers" and "know-how kept" in table
    with Image.open(shot) as im:
        assert (
            im.size == (1280, 900) and len(im.convert("L").getcolors(maxcolors=100_000) or []) > 20
        )  # drawn, not blank
    assert len(images) >= 3
    for src, natural, shown in images:
        with Image.open(report / src) as im:
            smallest = float(im.info[io.SMALLEST_TEXT_PX])
        assert smallest * shown / natural >= 10.0, (
            f"{src}: its smallest text shows at {smallest * shown / natural:.1f} px"
        )


def test_a_report_table_reads_words_from_the_left_and_lines_figures_up_on_the_right():
    import pandas as pd

    from sim.analysis.document import Document

    doc = Document()
    doc.table(
        pd.DataFrame({"goal": ["people kept"], "run": ["peer circles"], "cash a year": ["$31,000"], "share": ["98%"]})
    )
    html = doc.html("t")
    assert "<td class=w>peer circles</td>" in html and "<th class=w>run</th>" in html
    assert "<td>$31,000</td>" in html and "<td>98%</td>" in html
