"""Quits apart from other separations (sim.mechanisms.turnover): each kind by hand, in the steady state and in runs."""

import numpy as np
import pytest

from sim import MentoringModel
from sim.config import ConfigError, EngagementConfig, TurnoverConfig
from sim.mechanisms import turnover
from sim.resolved import resolve
from sim.studies import workforce
from tests.helpers import small_config

KNOWLEDGE_WORK = {"turnover.rate_annual": 0.2299, "turnover.quit_share": 0.7, "turnover.retirement_share": 0.05}


def test_the_calibration_separates_the_rate_asked_in_the_shares_asked():
    cfg = TurnoverConfig(rate_annual=0.25, quit_share=0.6, retirement_share=0.1)
    eng = EngagementConfig()
    ss = turnover.calibrate(cfg, eng)
    from sim.mechanisms.engagement import baseline_quantile, stationary_sd

    q = (np.arange(64) + 0.5) / 64
    s, sigma = cfg.engagement_sensitivity, stationary_sd(eng)
    phi = np.exp(s * (eng.baseline_mean - baseline_quantile(q, eng)) + (s * sigma) ** 2 / 2)
    rates = turnover.kind_rates(ss.base_weekly, phi, ss.layoff_weekly, ss.retirement_weekly, cfg)
    assert rates.sum() * 52 == pytest.approx(0.25, rel=1e-4)
    assert rates / rates.sum() == pytest.approx([0.6, 0.3, 0.1], abs=1e-5)


def test_with_quits_only_the_hazard_is_the_one_kind_it_was():
    ss = turnover.calibrate(TurnoverConfig(quit_share=1.0, retirement_share=0.0), EngagementConfig())
    assert ss.layoff_weekly == 0.0 and ss.retirement_weekly == 0.0 and ss.hazard.quits_only
    e, t = np.array([0.3, 0.7]), np.array([10.0, 500.0])
    alone = turnover.weekly_hazard(e, t, ss.base_weekly, 0.65, TurnoverConfig())
    assert np.array_equal(alone, turnover.weekly_hazard(e, t, ss.hazard, 0.65, TurnoverConfig()))
    assert ss.base_weekly == turnover.calibrate(TurnoverConfig(quit_share=1.0), EngagementConfig()).base_weekly


def test_each_kind_of_hazard_by_hand():
    cfg = TurnoverConfig(engagement_sensitivity=2.0, newcomer_multiplier=1.0, retirement_doubling_years=5.0)
    hz = turnover.Hazard(quit_weekly=0.001, layoff_weekly=0.0005, retirement_weekly=0.0001)
    e = np.array([0.65, 0.15, 0.65])
    t = np.array([0.0, 0.0, 10 * 52.0])
    # quits 0.001 x exp(2 (0.65 - e)); layoffs 0.0005; retirements 0.0001 x 2 ** (years / 5)
    want = [0.001 + 0.0005 + 0.0001, 0.001 * np.e + 0.0005 + 0.0001, 0.001 + 0.0005 + 0.0004]
    assert turnover.weekly_hazard(e, t, hz, 0.65, cfg) == pytest.approx(want)
    # a leaver's kind by its share of the hazard: below 0.001/0.0016 a quit, then a layoff, then a retirement
    u = np.array([0.5, 0.7, 0.99])
    assert turnover.kind_of(e[[0, 0, 0]], t[[0, 0, 0]], hz, 0.65, cfg, u).tolist() == [0, 1, 2]
    assert turnover.kind_of(e[[2]], t[[2]], hz, 0.65, cfg, np.array([0.8])).tolist() == [2]  # 0.0015/0.0019 = 0.79


def test_shares_that_leave_no_room_are_refused_in_one_line():
    with pytest.raises(ConfigError, match=r"turnover.retirement_share=0.4: quits \(0.7\) and retirements together"):
        resolve(small_config(**{"turnover.quit_share": 0.7, "turnover.retirement_share": 0.4}))


def test_a_run_separates_in_the_shares_asked_and_retires_the_long_tenured():
    """No programme, 2,000 employees, 3 years, 2 seeds. Measured: quits 69-71%, retirements 5-6%; leavers' tenure
    at leaving, mean over the two seeds: retirements 16.6 years, layoffs 7.0, quits 2.8."""
    kinds, tenure = np.zeros(3), {0: [], 2: []}
    for seed in (0, 1):
        cfg = small_config(**KNOWLEDGE_WORK, **{"org.n_employees": 2000, "steps": 156, "seed": seed})
        m = MentoringModel(cfg)
        for _ in range(cfg.steps):  # each leaver's tenure as the week began, by the kind of leaving
            before = dict(zip(m.state.uid.tolist(), m.state.tenure_weeks.tolist(), strict=True))
            m.step()
            uids, why = m.schedule.left_last_week[0]
            for uid, kind in zip(uids.tolist(), why.tolist(), strict=True):
                if kind in tenure:
                    tenure[kind].append(before[uid])
        s = m.summary()
        kinds += [s["quits_total"], s["layoffs_total"], s["retirements_total"]]
        assert sum(kinds) > 0 and s["quits_total"] + s["layoffs_total"] + s["retirements_total"] == s["exits_total"]
    share = kinds / kinds.sum()
    assert share == pytest.approx([0.70, 0.25, 0.05], abs=0.03)
    assert abs(s["annual_turnover_rate"] - 0.2299) < 0.03
    assert np.mean(tenure[2]) > 2 * np.mean(tenure[0]), "retirements come late in tenure, quits early"


def test_engagement_moves_quits_only():
    """With every separation a layoff, engagement changes no exit at all; with kinds, a programme moves quits.

    Paired seeds 0-3, 1,000 employees, 3 years, a programme everyone joins whose meetings lift engagement
    strongly (meeting boost 0.2): measured quits 203-229 against 434-488 without it (about half),
    layoffs 149-174 against 136-153 (+14% on average: within their Poisson noise of about 12 each;
    their expected count, 157, is the same with and without a programme).
    """

    def run(**values):
        return MentoringModel(small_config(**{"steps": 104, "org.n_employees": 600, **values})).run()

    laid_off = {"turnover.quit_share": 0.0, "turnover.retirement_share": 0.0}
    low = run(**laid_off, **{"engagement.baseline_mean": 0.5})
    high = run(**laid_off, **{"engagement.baseline_mean": 0.8})
    assert np.array_equal(low.timeseries()["exits"], high.timeseries()["exits"])
    quits, layoffs = [], []
    for seed in range(4):
        out = {}
        for design in ("none", "peer"):
            values = {"program.design": design, "program.opt_in_rate": 1.0, "engagement.meeting_boost": 0.2}
            s = run(**KNOWLEDGE_WORK, **values, **{"seed": seed, "steps": 156, "org.n_employees": 1000}).summary()
            out[design] = (s["quits_total"], s["layoffs_total"])
        quits.append(out["peer"][0] / out["none"][0])
        layoffs.append(out["peer"][1] / out["none"][1] - 1.0)
    assert max(quits) < 0.7, quits
    assert abs(np.mean(layoffs)) < 0.25, layoffs


def test_the_knowledge_work_preset_is_its_fit():
    kw = workforce.knowledge_work()
    assert (kw.rate_annual, kw.quit_share, kw.retirement_share) == (0.2299, 0.7, 0.05)
    p = workforce.profile(kw)
    assert abs(p.median_years - workforce.KNOWLEDGE_WORK_MEDIAN_YEARS) < 0.01
    assert (kw.rate_annual, kw.quit_share, kw.retirement_share) == (
        TurnoverConfig().rate_annual,
        TurnoverConfig().quit_share,
        TurnoverConfig().retirement_share,
    ), "the default is the knowledge-work fit"
    # with kinds, a low rate alone keeps a plausible tail: at 13% a year 46% at 10+ years (a median of 8.8
    # years), where every separation a quit gives 62% (a median of 15.4 years)
    low = workforce.profile(TurnoverConfig(rate_annual=0.13))
    quits_only = workforce.profile(TurnoverConfig(rate_annual=0.13, quit_share=1.0, retirement_share=0.0))
    assert low.ten_plus < 0.5 < quits_only.ten_plus


def test_the_new_practice_s_experts_retire_and_every_leaver_has_one_kind():
    only_quits = {"turnover.quit_share": 1.0, "turnover.retirement_share": 0.0}
    cfg = small_config(**only_quits, **{"practice.experts": 4, "practice.experts_leave_week": 10, "steps": 20})
    s = MentoringModel(cfg).run().summary()
    assert s["retirements_total"] == 4  # quits only otherwise: the experts are the retirements
    assert s["quits_total"] + s["layoffs_total"] + s["retirements_total"] == s["exits_total"]
