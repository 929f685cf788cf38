import numpy as np
import pytest

from sim.mechanisms.organisation import build_workforce, level_sizes
from sim.streams import Streams
from tests.helpers import small_config


@pytest.mark.parametrize("n, levels, span", [(500, 4, 4.0), (10, 4, 4.0), (1000, 6, 6.0), (12, 1, 4.0)])
def test_level_sizes_form_a_pyramid(n, levels, span):
    sizes = level_sizes(n, levels, span)
    assert sizes.sum() == n and len(sizes) == levels and sizes.min() >= 1
    assert np.all(np.diff(sizes) <= 0), "upper levels are never larger than lower ones"


def test_everyone_but_the_top_reports_one_level_up(rng):
    st = build_workforce(small_config(), Streams(12345))
    top = st.level.max()
    assert np.all(st.manager[st.level == top] == -1)
    below = st.level < top
    assert np.all(st.level[st.manager[below]] == st.level[below] + 1)
    # Teammates share a manager.
    for t in np.unique(st.team)[:20]:
        assert len(np.unique(st.manager[st.team == t])) == 1


def test_knowledge_grows_with_tenure_and_level(rng):
    st = build_workforce(small_config(**{"org.n_employees": 3000}), Streams(12345))
    tacit = st.tacit.mean(axis=1)
    new, old = st.tenure_weeks < 52, st.tenure_weeks > 5 * 52
    assert tacit[old].mean() > tacit[new].mean() + 0.2
    assert st.skills[st.level == st.level.max()].mean() > st.skills[st.level == 0].mean()
    assert np.all((st.tacit >= 0) & (st.tacit <= 1) & (st.skills >= 0) & (st.skills <= 1))


def test_senior_levels_have_longer_tenure(rng):
    st = build_workforce(small_config(**{"org.n_employees": 3000}), Streams(12345))
    assert st.tenure_weeks[st.level >= 1].mean() > st.tenure_weeks[st.level == 0].mean()


@pytest.mark.parametrize("dist", ["exponential", "uniform"])
def test_configured_tenure_distributions(dist, rng):
    cfg = small_config(**{"org.n_employees": 4000, "org.tenure_distribution": dist})
    years = build_workforce(cfg, Streams(12345)).tenure_weeks / 52
    if dist == "exponential":
        assert years.mean() == pytest.approx(cfg.org.tenure_mean_years, rel=0.06)
    else:
        assert years.max() <= cfg.org.tenure_max_years and years.mean() == pytest.approx(10, rel=0.06)
