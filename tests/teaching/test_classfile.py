"""The classroom file: ``python -m sim.animate --html``, one self-contained HTML page of a precomputed run.

The browser test opens it from disk in Debian's Chromium with the network switched off, as a
student's machine without internet would (skipped without Chromium, except in CI).
"""

import base64
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from sim.teaching import classroom
from sim.teaching.animate import main
from sim.teaching.classroom import ClassroomModel, twin
from tests.teaching.test_page import needs_browser

ARGS = ["--employees", "60", "--weeks", "12", "--seed", "3"]


def data_of(text: str) -> dict:
    found = re.search(r'<script id="data" type="application/json">(.*?)</script>', text, re.S)
    return json.loads(found.group(1).replace("<\\/", "</"))


def unpack(s: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(s), dtype=dtype)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = tmp_path_factory.mktemp("classfile") / "practice.html"
    assert main([*ARGS, "--html", str(path)]) == 0
    return path


def test_the_file_holds_every_week_of_both_runs_as_the_model_ran_them(written):
    data = data_of(written.read_text())
    left = ClassroomModel(**classroom.settings(**{"org.n_employees": 60, "seed": 3}))
    right = twin(left, "peer")
    for model in (left, right):
        model.run(12)
    assert [r["design"] for r in data["runs"]] == ["none", "peer"]
    assert data["weeks"] == 12 and data["n"] == 60
    for run, model in zip(data["runs"], (left, right), strict=True):
        assert run["share"] == [round(x, 4) for x in model.practice_share]
        know = unpack(run["know"], "u1").reshape(13, 60)
        last = np.rint(255 * model.state.tacit[:, model.practice_skill])
        assert (know[-1] == last).all(), "the last week's colours are the model's know-how"
        assert (know[0] != know[-1]).any(), "the weeks differ"
        starts = unpack(run["tieStart"], "<u4")
        pairs = unpack(run["ties"], "<u2").reshape(-1, 2)
        assert len(starts) == 14 and starts[-1] == len(pairs)
        assert sorted(map(tuple, pairs[starts[12] :])) == sorted(zip(model.ties.mentor, model.ties.mentee, strict=True))
        assert run["titles"][-1] == classroom.title(model)
    assert data["runs"][0]["tieStart"] == base64.b64encode(np.zeros(14, "<u4").tobytes()).decode(), "none: no ties"


def test_the_file_needs_nothing_from_outside(written):
    text = written.read_text()
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I), "no address outside the file"
    assert not re.search(r"<(link|img|iframe)\b|\bsrc\s*=|@import|url\(", text, re.I), "nothing loaded"
    assert "@@" not in text, "every placeholder filled"
    for words in ("WHAT IS IT?", "THINGS TO NOTICE", "Predict: after 12 weeks", "Play"):
        assert words in text, words


def test_same_arguments_same_bytes(tmp_path, written):
    again = tmp_path / "again.html"
    assert main([*ARGS, "--html", str(again)]) == 0
    assert again.read_bytes() == written.read_bytes()


def test_a_classroom_of_300_for_two_years_stays_small(tmp_path):
    """300 people x 104 weeks, two runs: 375 kB measured (2026-12-04); the bound leaves room for seeds."""
    path = tmp_path / "big.html"
    assert main(["--employees", "300", "--html", str(path)]) == 0
    assert 100_000 < path.stat().st_size < 600_000


def test_bad_arguments_are_one_line_and_write_nothing(tmp_path):
    out = tmp_path / "x.html"
    cases = [
        (["--html", str(tmp_path / "x.txt")], "must end in .html"),
        (["--html", str(out), "--employees", "5000"], "--employees 5000: the HTML file draws at most 1,000 people"),
        (["--html", str(out), "--design", "peer"], "--compare peer: the same as --design"),
        (["--html", str(out), "--set", "org.n_employes=3"], "org.n_employes: unknown key"),
        (["--html", str(out), "--set", "practice.experts=0"], "give it at least one expert"),
    ]
    for args, message in cases:
        r = subprocess.run([sys.executable, "-m", "sim.animate", *args], capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert list(tmp_path.iterdir()) == []


@pytest.mark.browser
@needs_browser
def test_the_file_opens_from_disk_offline_plays_and_scrubs(written):
    from sim.teaching.browser import launch, show_week

    data = data_of(written.read_text())
    with launch(1280, 1000, offline=True) as page:
        asked, errors = [], []
        page.on("request", lambda r: asked.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(written.as_uri())
        assert page.inner_text("#week") == "Week 0 of 12 (0.0 years)"
        first = page.eval_on_selector("#net1", "c => c.toDataURL()")
        page.select_option("#speed", "8")
        page.click("#play")
        page.wait_for_function("document.getElementById('week').textContent.startsWith('Week 12 ')", timeout=20_000)
        assert page.inner_text("#play") == "Play", "play stops at the last week"
        assert page.eval_on_selector("#net1", "c => c.toDataURL()") != first, "the picture changed"
        shares = [f"{round(100 * r['share'][12])}%" for r in data["runs"]]
        assert f"Week 12: {shares[0]} and {shares[1]} of people know the new practice" in page.inner_text("#status")
        show_week(page, 5)
        assert page.inner_text("#week").startswith("Week 5 of 12")
        assert page.inner_text("figcaption >> nth=1") == data["runs"][1]["titles"][5]
        page.click("#forward")
        assert page.inner_text("#week").startswith("Week 6 of 12")
        assert asked == [written.as_uri()], "nothing asked of the network"
        assert errors == []


@pytest.mark.parametrize(
    ("name", "args"), [("new_practice.html", []), ("experts_retire.html", ["--scenario", "experts-retire"])]
)
def test_the_files_in_docs_are_what_the_command_writes(tmp_path, name, args):
    fresh = tmp_path / name
    assert main([*args, "--html", str(fresh)]) == 0
    shipped = Path(__file__).parents[2] / "docs" / "classroom" / name
    assert fresh.read_bytes() == shipped.read_bytes(), (
        f"docs/classroom/{name} is stale: python -m sim.animate --html docs/classroom/{name} {' '.join(args)}"
    )


@pytest.mark.browser
@needs_browser
def test_the_file_marks_knows_it_on_its_scale_and_explains_the_leaders(written):
    """The file shares the page's colour scale and Info text; on a 1024 px projector the scale stays beside the pictures."""
    from sim.teaching.browser import colour_scales, launch

    with launch(1024, 768, offline=True) as page:
        page.goto(written.as_uri())
        marks = colour_scales(page)
        assert len(marks) == 1 and "0.3 knows it" in marks[0]["text"], marks
        assert marks[0]["at"] == pytest.approx(0.3, abs=0.03), marks
        scale, picture = (page.locator(sel).bounding_box() for sel in (".scale", "#net1"))
        assert scale["y"] < picture["y"] + picture["height"] and scale["x"] + scale["width"] <= 1024, (scale, picture)
        text = " ".join(page.inner_text(".info").split())
        assert "they have the most everyday contacts" in text and "the experts' own manager" in text
