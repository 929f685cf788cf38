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
def page():
    from sim.teaching import browser

    with browser.serve() as url, browser.browser_page(url) as p:
        yield p


def select(page, label: str, option: str) -> None:
    page.locator(".v-select").filter(has_text=label).first.click()
    page.locator(".menuable__content__active .v-list-item").filter(has_text=option).first.click()


@pytest.mark.browser
@needs_browser
def test_the_page_loads_with_the_network_charts_and_the_info_text(page):
    from sim.teaching import browser

    assert len(browser.wait_for_images(page)) >= 4
    text = page.inner_text("body")
    for words in ("What is it?", "Things to try", "Programme design", "Meetings per month"):
        assert words in text


@pytest.mark.browser
@needs_browser
def test_changing_the_design_and_stepping_changes_the_charts(page, tmp_path):
    from sim.teaching import browser

    before = browser.wait_for_images(page)
    select(page, "Programme design", "hierarchical")
    page.get_by_role("button", name="Reset").click()  # settings apply to the rebuilt organisation
    before = browser.wait_for_change(page, before)
    browser.step(page, 3)
    after = browser.wait_for_images(page)
    assert len(after) >= 4 and all(a != b for a, b in zip(before, after, strict=False))
    page.get_by_role("tab", name="Page 1").click()
    page.get_by_text("Same organisation, same seed").wait_for(timeout=60_000)
    text = page.inner_text("body")
    assert "Senior mentors (left) against No programme (right), week 3" in text.replace("*", "")
    page.screenshot(path=str(tmp_path / "page.png"))
    assert (tmp_path / "page.png").stat().st_size > 20_000


@pytest.mark.browser
@needs_browser
def test_side_by_side_shows_two_networks_of_one_organisation(page):
    page.get_by_role("tab", name="Page 1").click()
    page.get_by_text("Same organisation, same seed").wait_for(timeout=60_000)
    pane = page.locator(".v-window-item--active")
    pane.locator("img").nth(1).wait_for(timeout=60_000)
    assert pane.locator("img").count() == 2
