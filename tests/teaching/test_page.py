"""The teaching page: its pictures, and the page itself driven in a real browser.

Browser tests start ``python -m sim.viz`` and drive Debian's Chromium through Playwright
(:mod:`sim.teaching.browser`). Where Chromium or Playwright is missing they are skipped, except in CI
(``REQUIRE_BROWSER=1``, set by ``.ci/run``), where that is a failure.
"""

import os

import numpy as np
import pytest

from sim.model import MentoringModel
from sim.teaching import drawing
from tests.helpers import small_config


@pytest.mark.parametrize("org", [{}, {"org.levels": 3, "org.span_of_control": 8.0}])
def test_layout_draws_each_team_as_a_cluster_around_its_manager(org):
    model = MentoringModel(small_config(**{"org.n_employees": 150, **org}))
    st = model.state
    pos = drawing.layout(st.level, st.manager)
    front = np.flatnonzero(st.level == 0)
    bosses = np.flatnonzero(st.level == 1)
    nearest = bosses[np.argmin(np.linalg.norm(pos[front, None] - pos[None, bosses], axis=2), axis=1)]
    assert (nearest == st.manager[front]).all(), "everyone sits nearest their own manager"
    radius = np.hypot(pos[:, 0], pos[:, 1])
    for lv in range(1, st.n_levels - 1):  # the managers above on inner rings
        assert radius[st.level == lv].min() > radius[st.level == lv + 1].max()
    gaps = np.linalg.norm(pos[:, None] - pos[None, :], axis=2)[np.triu_indices(st.n, 1)]
    assert gaps.min() > 0.01 and (radius < 1.0).all(), "nobody on top of anybody, all inside the picture"
    again = drawing.layout(st.level.copy(), st.manager.copy())
    assert again is pos, "cached per org chart: computed once, the same picture each time"


def test_the_network_figure_names_the_design_and_marks_newcomers(tmp_path):
    model = MentoringModel(
        small_config(**{"org.n_employees": 100, "program.design": "peer", "turnover.rate_annual": 0.3})
    )
    model.run(12)
    fig = drawing.figure(model)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Peer mentoring -- week 12\n100 people")
    assert "mentoring tie" in [t.get_text() for t in ax.get_legend().get_texts()]
    newcomers = ((model.steps - model.state.hired_step) < drawing.NEW_WEEKS) & (model.state.hired_step > 0)
    assert newcomers.any()
    assert len(ax.collections) == 6, "informal ties, reporting lines, mentoring ties, people, managers, newcomer rings"
    fig.savefig(tmp_path / "net.png")
    assert (tmp_path / "net.png").stat().st_size > 10_000


def browser_available() -> bool:
    from sim.teaching.browser import chromium

    try:
        import playwright  # noqa: F401
        import solara  # noqa: F401
    except ImportError:
        return False
    return chromium() is not None


needs_browser = pytest.mark.skipif(
    not browser_available() and os.environ.get("REQUIRE_BROWSER") != "1",
    reason="Chromium, Playwright or solara missing (pip install -e '.[viz,test]'; apt-get install chromium)",
)


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    """The file the page's server prints to."""
    return tmp_path_factory.mktemp("server") / "server.log"


@pytest.fixture(scope="module")
def page(server_log):
    from sim.teaching import browser

    with browser.serve(log=server_log) as url, browser.browser_page(url) as p:
        yield p


def select(page, label: str, option: str) -> None:
    page.locator(".v-select").filter(has_text=label).first.click()
    page.locator(".menuable__content__active .v-list-item").filter(has_text=option).first.click()


def week(page) -> int:
    import re

    return int(re.search(r"Week (\d+) of the run", page.inner_text("body")).group(1))


def wait_for_week(page, weeks: int, timeout: float = 30.0) -> None:
    """Wait until the page says it is at week ``weeks`` (the widgets update one after another)."""
    import time

    deadline = time.monotonic() + timeout
    while week(page) != weeks and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert week(page) == weeks, f"week {week(page)}, not {weeks}, {timeout} s after"


def wait_for_text(page, words: str, timeout: float = 30.0) -> str:
    """Wait until the page's text (bold marks left out) holds ``words``; return it."""
    import time

    deadline = time.monotonic() + timeout
    while words not in (text := page.inner_text("body").replace("*", "")) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert words in text, f"{words!r} not on the page after {timeout} s"
    return text


def play_until(page, weeks: int, timeout: float = 120.0) -> None:
    """Press Play, wait until the run reaches ``weeks``, press Pause."""
    import time

    page.get_by_role("button", name="Play", exact=True).click()
    deadline = time.monotonic() + timeout
    while week(page) < weeks and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    page.get_by_role("button", name="Pause", exact=True).click()
    assert week(page) >= weeks, f"week {week(page)} after {timeout} s of play"


@pytest.mark.browser
@needs_browser
def test_the_page_opens_on_the_new_practice_with_named_tabs_and_readable_controls(page):
    from sim.teaching import browser

    assert len(browser.wait_for_images(page)) >= 4
    text = page.inner_text("body")
    for words in (
        "WHAT IS IT?",
        "THINGS TO TRY",
        "Predict: will the practice leave the experts",
        "Meetings per month: 2",
    ):
        assert words in text, words
    assert "Turnover: 12% of people leave a year" in text and "Experts at the start: 5" in text
    assert "Week 0: 3% of people know the new practice (no programme)." in text.replace("*", "")
    for name in ("One organisation", "Two designs side by side"):
        assert page.get_by_role("tab", name=name).count() == 1, name


@pytest.mark.browser
@needs_browser
def test_playing_spreads_the_practice_and_a_programme_side_pulls_ahead(page, tmp_path):
    """The first preset: no programme (left) against peer mentoring (right), played to week 78.

    Seed 0 (the page's): 8.7% and 19.3% know it at week 78; over ten seeds 8.4% and 22.2%
    (tests/teaching/test_classroom.py checks the margin over seeds).
    """
    import re

    from sim.teaching import browser

    page.get_by_role("button", name="No programme vs peer mentoring").click()
    page.get_by_text("Same organisation, same seed").wait_for(timeout=60_000)
    assert page.get_by_role("tab", name="Two designs side by side").get_attribute("aria-selected") == "true"
    before = browser.wait_for_images(page, 3)
    play_until(page, 78)
    browser.wait_for_change(page, before)
    text = page.inner_text("body").replace("*", "")
    found = re.search(r"No programme \(left\) against Peer mentoring \(right\), week (\d+): (\d+)% and (\d+)%", text)
    assert found, text[-2000:]
    left, right = int(found.group(2)), int(found.group(3))
    assert left < 15 and right - left >= 8, (left, right)
    page.screenshot(path=str(tmp_path / "side.png"))
    assert (tmp_path / "side.png").stat().st_size > 20_000


@pytest.mark.browser
@needs_browser
def test_a_design_chosen_in_the_settings_applies_on_reset_and_step_moves_a_week(page):
    """The settings are the page's levers: Reset rebuilds the organisation with them."""
    from sim.teaching import browser

    page.get_by_role("tab", name="One organisation").click()
    select(page, "Programme design", "Peer circles")
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_text("(peer circles).").wait_for(timeout=60_000)  # the rebuilt organisation drawn
    wait_for_week(page, 0)  # the caption and the week counter render in separate updates
    browser.wait_for_images(page, 4)
    browser.step(page, 2)
    wait_for_week(page, 2)
    text = page.inner_text("body").replace("*", "")
    assert "Week 2:" in text and "(peer circles)." in text, text[-1500:]


@pytest.mark.browser
@needs_browser
def test_the_terminal_stays_quiet_while_pages_load(page, server_log):
    """Solara warns about cookies in 12 lines on every page load over http; the page's server says only where it is."""
    import urllib.request

    with urllib.request.urlopen(page.url, timeout=30) as r:  # one more page load besides the browser's
        assert r.status == 200
    lines = server_log.read_text().splitlines()
    assert [line.split(" at ")[0] for line in lines] == ["The teaching page is", "Solara server is starting"], lines


#: Read the week on screen and press Pause in one go, as a teacher's eye and hand would.
READ_AND_PAUSE = """() => {
    const week = +document.body.innerText.match(/Week (\\d+) of the run/)[1];
    [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "Pause").click();
    return week;
}"""


@pytest.mark.browser
@needs_browser
def test_pause_stops_at_the_week_on_screen(page):
    """Pressed while a frame was being drawn, Pause once let the run go on 8-14 weeks; now the week stays.

    The browser asks for the next frame 250 ms after the last one arrived (4 weeks a second), so
    pressing 300-450 ms after a new week appears presses while the server draws the next.
    """
    import time

    page.get_by_role("tab", name="Two designs side by side").click()  # the heaviest frames
    for delay in (300, 450):
        start = week(page)
        page.get_by_role("button", name="Play", exact=True).click()
        page.get_by_role("button", name="Pause", exact=True).wait_for(timeout=30_000)
        deadline = time.monotonic() + 60
        while week(page) < start + 6 and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        page.wait_for_timeout(delay)
        shown = page.evaluate(READ_AND_PAUSE)
        assert shown >= start + 6, "the run played"
        page.get_by_role("button", name="Play", exact=True).wait_for(timeout=30_000)
        page.wait_for_timeout(2_000)
        assert week(page) == shown, f"paused at week {shown}, {week(page)} two seconds later"
        wait_for_text(page, f"(right), week {shown}:")  # the pictures too, once a frame under way is undone
    page.get_by_role("tab", name="One organisation").click()


def is_disabled(page, label: str) -> bool:
    """Whether the setting labelled ``label`` is greyed out."""
    return "v-input--is-disabled" in page.locator(".settings .v-input").filter(has_text=label).first.get_attribute(
        "class"
    )


def wait_for_greyed(page, labels: tuple[str, ...], off: tuple[str, ...], timeout: float = 30.0) -> None:
    """Wait until exactly the settings ``off`` of ``labels`` are greyed out."""
    import time

    want, deadline = [label in off for label in labels], time.monotonic() + timeout
    while (now := [is_disabled(page, label) for label in labels]) != want and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert now == want, dict(zip(labels, now, strict=True))


@pytest.mark.browser
@needs_browser
def test_settings_a_design_does_not_use_are_greyed_out(page):
    programme = ("How mentors are matched", "Meetings per month", "Mentees per mentor", "Protected mentoring time")
    everyone = ("Experts at the start", "Turnover", "People in the organisation", "Random seed")
    for design, off in (
        ("No programme", programme),
        ("Peer mentoring", ()),
        ("Peer circles", ("Mentees per mentor",)),  # circles are groups
        ("No programme", programme),
    ):
        select(page, "Programme design", design)
        wait_for_greyed(page, programme + everyone, off)
        if design == "Peer circles":
            page.locator(".settings .v-select").filter(has_text="How mentors are matched").first.click()
            offered = page.locator(".menuable__content__active .v-list-item").all_inner_texts()
            assert "Optimal assignment" not in offered and "Names out of a hat" in offered, offered
            page.keyboard.press("Escape")


@pytest.mark.browser
@needs_browser
def test_every_slider_has_a_track_as_wide_as_its_card(page):
    """A long label ("Protected mentoring time: 0 hours a month") once left its slider no track at all."""
    widths = page.eval_on_selector_all(
        ".settings .v-slider",
        "els => els.map(e => [e.querySelector('.v-slider__track-container').getBoundingClientRect().width,"
        " e.closest('.settings').getBoundingClientRect().width])",
    )
    assert len(widths) == 7, "the seven sliders"
    assert all(track >= 0.9 * card for track, card in widths), widths


def test_the_slides_colour_bar_marks_where_a_person_knows_it():
    """python -m sim.animate's pictures keep their colour bar; it marks "knows it" as the page's scale does."""
    model = MentoringModel(small_config(**{"org.n_employees": 60, "practice.experts": 3}))
    skill = model.config.org.n_skills - 1
    fig = drawing.panels([model], ["t"], skill=skill, skill_name="the new practice", mark=(0.3, "knows it"))
    bar = fig.axes[-1]
    assert "0.3 knows it" in [t.get_text() for t in bar.get_yticklabels()]
    assert any(list(line.get_ydata()) == [0.3, 0.3] for line in bar.get_lines()), "a line across the bar at 0.3"
    bare = drawing.panels([model], ["t"], skill=skill, key=False)
    assert len(bare.axes) == 1 and bare.axes[0].get_legend() is None, "the page's pictures: no bar, no legend"


@pytest.mark.browser
@needs_browser
def test_the_colour_scale_marks_where_a_person_knows_it(page):
    from sim.teaching.browser import colour_scales

    page.get_by_role("tab", name="One organisation").click()
    page.get_by_text("0.3 knows it").first.wait_for(timeout=30_000)
    for tab in ("One organisation", "Two designs side by side"):
        page.get_by_role("tab", name=tab).click()
        page.wait_for_timeout(1_000)
        marks = colour_scales(page)
        assert len(marks) == 1, (tab, marks)
        assert "0.3 knows it" in marks[0]["text"] and "1 expert" in marks[0]["text"], marks
        assert marks[0]["at"] == pytest.approx(0.3, abs=0.03), marks
    page.get_by_role("tab", name="One organisation").click()


@pytest.mark.browser
@needs_browser
def test_the_info_text_says_why_leaders_learn_it_without_a_programme(page):
    text = page.inner_text("body")
    for words in (
        "a few managers turn yellow early: first the experts' own manager, then",
        "they have the most everyday contacts",
        "Many contacts who know it add up to a first grasp",
        'from 0.3 on the colour scale (marked "knows it")',
    ):
        assert " ".join(words.split()) in " ".join(text.split()), words


@pytest.mark.browser
@needs_browser
def test_the_first_weeks_say_why_nothing_changes_yet(page):
    """The pictures hardly change for half a year; the page says why and counts who has picked up a little."""
    import re

    from sim.teaching import browser

    page.get_by_role("button", name="No programme, one organisation").click()
    wait_for_week(page, 0)
    wait_for_text(page, "Why does nothing change yet?")
    wait_for_text(page, "picked up a little so far: 0.")  # week 0: nobody but the experts has any of it
    browser.step(page, 5)
    wait_for_week(page, 5)
    text = wait_for_text(page, "Why does nothing change yet?")
    assert int(re.search(r"picked up a little so far: (\d+)\.", text).group(1)) > 0, text[:800]


@pytest.mark.browser
@needs_browser
def test_pictures_and_chart_fit_a_projector_screen(page):
    """At 1024 x 768 the organisation, its colour scale and the share chart are all on the first screen."""
    page.set_viewport_size({"width": 1024, "height": 768})
    try:
        # nor does Solara's banner cover the bottom-right corner (the caption under the side-by-side chart)
        assert page.get_by_text("This website runs on").count() == 0
        for tab in ("One organisation", "Two designs side by side"):
            page.get_by_role("tab", name=tab).click()
            for _ in range(15):  # the page lays itself out again after the resize: up to 15 s on a busy machine
                page.wait_for_timeout(1_000)
                boxes = page.eval_on_selector_all(
                    ".v-window-item--active img, .v-window-item--active .scale",
                    "els => els.filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().toJSON())",
                )
                shown = boxes[:3]  # the picture (one run, or two side by side), the colour scale and the share chart
                fits = [b["bottom"] <= 768 and b["right"] <= 1024 and b["top"] >= 0 for b in shown]
                if len(shown) == 3 and all(fits):
                    break
            assert len(shown) == 3, (tab, boxes)
            for box in shown:
                assert box["bottom"] <= 768 and box["right"] <= 1024 and box["top"] >= 0, (tab, box)
    finally:
        page.set_viewport_size({"width": 1500, "height": 1100})
        page.get_by_role("tab", name="One organisation").click()
