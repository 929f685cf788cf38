"""Programme levers move outcomes in the expected direction (fixed seeds, paired replicates).

Margins from measurement (300 employees, 2 years, seeds 0-3): cadence 1 -> 4 meetings a month
with 8 protected hours +0.024 to +0.035 final tacit knowledge; power penalty 0 -> 1 in
hierarchical mentoring -0.006 to -0.017; duration 26 -> 104 weeks +410 to +829 meetings;
opt-in 0.2 -> 0.8 +199 to +211 participants. Without protected time, a higher cadence gains
far less (time pressure: meetings asked beyond the hours people have do not happen).
"""

import numpy as np

from sim import MentoringModel
from sim.mechanisms import fit
from tests.helpers import small_config

SEEDS = range(4)


def run(seed, **overrides):
    return MentoringModel(small_config(**{"org.n_employees": 300, "steps": 104, "seed": seed, **overrides})).run()


def paired(metric, common, low, high):
    return np.array([metric(run(s, **common, **high)) - metric(run(s, **common, **low)) for s in SEEDS])


def tacit(m):
    return m.summary()["tacit_mean_final"]


def test_meeting_more_often_spreads_more_tacit_knowledge_when_there_is_time():
    common = {"program.design": "peer", "support.protected_hours_per_month": 8.0}
    gain = paired(tacit, common, {"program.meetings_per_month": 1.0}, {"program.meetings_per_month": 4.0})
    assert np.all(gain > 0.01), gain


def test_a_larger_power_gap_penalty_lowers_what_hierarchical_ties_pass_on():
    common = {"program.design": "hierarchical", "program.opt_in_rate": 1.0}
    change = paired(tacit, common, {"knowledge.power_penalty": 0.0}, {"knowledge.power_penalty": 1.0})
    assert np.all(change < -0.003), change


def test_longer_programs_hold_more_meetings():
    common = {"program.design": "peer", "program.match_every_weeks": 52}
    gain = paired(
        lambda m: m.summary()["meetings_total"], common, {"program.duration_weeks": 26}, {"program.duration_weeks": 104}
    )
    # Measured (seeds 0-5): +410 to +829; ties also end when either side leaves, which caps the gain.
    assert np.all(gain > 250), gain


def test_more_volunteers_reach_more_people():
    gain = paired(
        lambda m: m.summary()["participants_ever"],
        {"program.design": "peer"},
        {"program.opt_in_rate": 0.2},
        {"program.opt_in_rate": 0.8},
    )
    assert np.all(gain > 120), gain


def test_the_direct_manager_as_mentor_caps_rapport_below_other_pairs():
    cfg = small_config(
        **{
            "program.design": "hierarchical",
            "program.opt_in_rate": 1.0,
            "matching.allow_direct_manager": True,
            "org.n_employees": 600,
            "steps": 40,
        }
    )
    m = MentoringModel(cfg).run()
    t, st = m.ties, m.state
    boss = st.manager[t.mentee] == t.mentor
    assert boss.any() and (~boss).any()
    # Below the pair's own ceiling under the manager's cap (sim.mechanisms.fit), and so below other pairs
    # (measured: 0.46 against 0.51 after 40 weeks).
    ceiling = fit.ceiling(t.fit[boss], cfg.knowledge.manager_trust_cap, cfg.knowledge.fit_floor)
    assert np.all(t.rapport[boss] <= ceiling + 1e-12)
    assert t.rapport[boss].mean() < t.rapport[~boss].mean()
