"""The default workforce: a tenure profile like the US one, and knowledge that grows with experience."""

import numpy as np
import pytest
import yaml

from sim.config import SimConfig, TurnoverConfig, with_overrides
from sim.studies import workforce
from sim.validation.workforce_check import US_ALL_WORKERS
from tests.helpers import ROOT


def test_the_all_workers_preset_is_the_fit_to_the_bls_profile():
    fitted = workforce.fit()
    now = with_overrides(SimConfig(), US_ALL_WORKERS).turnover
    assert fitted.rate_annual == pytest.approx(now.rate_annual, abs=0.001)
    assert fitted.newcomer_multiplier == pytest.approx(now.newcomer_multiplier, abs=0.02)
    assert fitted.newcomer_weeks == pytest.approx(now.newcomer_weeks, abs=0.1)
    p = workforce.profile(now)
    assert p.median_years == pytest.approx(4.1, abs=0.01)
    assert p.ten_plus == pytest.approx(0.27, abs=0.002) and p.year_or_less == pytest.approx(0.243, abs=0.002)


def test_the_bls_profile_is_out_of_reach_at_12_percent_turnover():
    """The renewal bound: the median is at least ln 2 / rate with a newcomer hazard (5.8 years at 12%)."""
    for m in (1.0, 2.5, 10.0):
        p = workforce.profile(
            TurnoverConfig(rate_annual=0.12, newcomer_multiplier=m, quit_share=1.0, retirement_share=0.0)
        )
        assert p.median_years > 5.7 and p.year_or_less < 0.12


def test_a_run_s_steady_state_has_the_bls_profile():
    """Measured (seeds 300-301, 2,000 employees, 5 years): median 4.31 years, 27.9% at 10+, 22.8% at <= 1."""
    runs = [workforce.snapshot([s], **US_ALL_WORKERS).tenure_years for s in (300, 301)]
    got = workforce.of_tenures(np.concatenate(runs))
    assert abs(got.median_years - 4.1) <= workforce.MEDIAN_TOLERANCE_YEARS
    assert workforce.TEN_PLUS_RANGE[0] <= got.ten_plus <= workforce.TEN_PLUS_RANGE[1]
    assert workforce.YEAR_OR_LESS_RANGE[0] <= got.year_or_less <= workforce.YEAR_OR_LESS_RANGE[1]


def test_knowledge_rises_with_tenure_and_newcomers_are_not_the_most_knowledgeable():
    """Measured (8 runs of 2,000, 5 years): explicit 0.59 in the first year to 0.73 at 15+, tacit 0.29 to 0.68."""
    snap = workforce.snapshot([0, 1], n=1500)
    explicit, tacit = snap.explicit.mean(axis=0), snap.tacit.mean(axis=0)
    assert explicit[-1] > explicit[0] + 0.08 and tacit[-1] > tacit[0] + 0.25
    assert np.all(np.diff(tacit) > 0), "tacit know-how rises band by band"
    assert explicit.argmax() != 0 and tacit.argmax() != 0


def test_more_turnover_lowers_mean_knowledge_of_both_kinds():
    """Paired by seed. Measured (seeds 0-2, 1,000 employees, 5 years), 60% against 20% a year: explicit
    -0.021 to -0.027 (0.710 to 0.687 on average), tacit -0.085 to -0.095 (0.606 to 0.516)."""

    def means(rate):
        return workforce.snapshot(list(range(3)), n=1000, **{"turnover.rate_annual": rate}).overall

    change = means(0.6) - means(0.2)
    assert np.all(change < -0.01), change


@pytest.mark.parametrize(
    ("preset", "values"),
    [
        ("us_all_workers", US_ALL_WORKERS),
        ("knowledge_work", {f"turnover.{k}": v for k, v in vars(workforce.knowledge_work()).items()}),
    ],
)
def test_the_workforce_presets_hold_their_fits(preset, values):
    given = yaml.safe_load((ROOT / "configs" / "workforce" / f"{preset}.yaml").read_text())
    for key, value in values.items():
        name = key.split(".", 1)[1]
        if name in given or preset == "knowledge_work":
            assert given.get(name, getattr(TurnoverConfig(), name)) == pytest.approx(value), (preset, key)
