"""Latent pair fit: what matching sees of it, what it does to rapport, and how the review reads it."""

import itertools

import numpy as np
import pandas as pd
import pytest

from sim import MentoringModel
from sim.config import ConfigError, KnowledgeConfig
from sim.mechanisms import fit, lifecycle, meetings
from sim.mechanisms import program as program_module
from sim.mechanisms.designs import DESIGNS
from sim.mechanisms.matching import STRATEGIES
from sim.resolved import resolve
from sim.ties import Ties
from tests.helpers import add_ties, hand_workforce, small_config


def test_fit_is_uniform_and_correlates_with_trait_affinity_as_configured():
    rng = np.random.default_rng(0)
    n = 40_000
    st = hand_workforce([0] * n, [-1] * n, np.zeros(n))
    st.traits = fit.draw_traits(n, rng)
    a, b = rng.permutation(n), rng.permutation(n)
    keep = a != b
    a, b = a[keep], b[keep]
    affinity = fit.affinity(st.traits, a, b)
    assert affinity.mean() == pytest.approx(0.0, abs=0.02) and affinity.std() == pytest.approx(1.0, abs=0.03)
    z = fit.latent(st, a, b, 0.45, rng)
    assert np.corrcoef(z, affinity)[0, 1] == pytest.approx(0.45, abs=0.02)
    f = fit.of_latent(z)
    assert np.histogram(f, bins=5, range=(0, 1))[0] / len(f) == pytest.approx(np.full(5, 0.2), abs=0.01)
    assert np.corrcoef(fit.latent(st, a, b, 0.0, rng), affinity)[0, 1] == pytest.approx(0.0, abs=0.02)


def first_round_fit(design: str, strategy: str, seed: int) -> float:
    cfg = small_config(
        **{
            "program.design": design,
            "matching.strategy": strategy,
            "program.opt_in_rate": 1.0,
            "org.n_employees": 600,
            "seed": seed,
        }
    )
    m = MentoringModel(cfg)
    m.step()
    return float(m.ties.fit.mean())


@pytest.mark.parametrize("design", ["hierarchical", "peer"])
def test_strategies_that_see_more_of_fit_achieve_better_fit(design):
    """Measured at the first round (600 employees, everyone volunteering, seeds 0-2), mean fit:
    random 0.46-0.52; optimal 0.67-0.69; similarity 0.67-0.71; stable 0.79-0.83 (it sees z itself); diversity
    0.34-0.38 (it seeks unlike work styles)."""
    got = {s: np.mean([first_round_fit(design, s, seed) for seed in range(3)]) for s in STRATEGIES}
    assert got["random"] == pytest.approx(0.5, abs=0.05)
    assert got["similarity"] > got["random"] + 0.1 and got["optimal"] > got["random"] + 0.1
    assert got["stable"] > max(got["similarity"], got["optimal"]) + 0.05, "participants' say buys fit"
    assert got["diversity"] < got["random"] - 0.08, "unlike work styles fit worse: diversity has a cost"


def test_rapport_grows_toward_a_ceiling_set_by_fit():
    kc = KnowledgeConfig()
    pair_fit = np.array([0.05, 0.5, 0.95])
    cap = fit.ceiling(pair_fit, 0.8, kc.fit_floor)
    t = add_ties(Ties(), np.arange(3), np.arange(3) + 3, rapport=0.3, trust_cap=cap, fit=pair_fit)
    for _ in range(60):
        meetings.build_rapport(t, np.ones(3, dtype=bool), kc)
    np.testing.assert_allclose(t.rapport, cap, atol=1e-3)
    assert t.rapport[0] < 0.36 < t.rapport[1] < 0.56 < t.rapport[2], "0.8 x (0.4 + 0.6 fit)"


def test_new_ties_carry_the_fit_matching_drew_and_its_ceiling():
    cfg = small_config(**{"program.design": "peer", "program.opt_in_rate": 1.0})
    m = MentoringModel(cfg)
    m.step()
    t = m.ties
    assert len(t) > 0 and np.all((t.fit > 0) & (t.fit < 1))
    trust = 0.8  # no confidentiality agreement, no manager in a peer tie of the same level
    np.testing.assert_allclose(t.trust_cap, fit.ceiling(t.fit, trust, cfg.knowledge.fit_floor))
    assert np.all(t.rapport <= t.trust_cap + 1e-12)


def reviews_in_a_run(monkeypatch, **overrides) -> pd.DataFrame:
    """Every review a run holds: each reviewed tie's fit, meetings so far, and whether it ended."""
    seen = []
    original = lifecycle.no_fault_exits

    def recording(ties, now, cfg, rng):
        due = lifecycle.due_for_review(ties, now, cfg) if cfg.no_fault_exit else np.zeros(len(ties), dtype=bool)
        fits, met = ties.fit[due].copy(), ties.meetings[due].copy()
        ends = original(ties, now, cfg, rng)
        seen.append(pd.DataFrame({"fit": fits, "meetings": met, "ended": ends[due]}))
        return ends

    monkeypatch.setattr(program_module.lifecycle, "no_fault_exits", recording)
    cfg = small_config(**{"program.design": "hierarchical", "org.n_employees": 800, "steps": 104, **overrides})
    MentoringModel(cfg).run()
    return pd.concat(seen, ignore_index=True)


def test_the_review_ends_poor_fits_that_met_not_pairs_that_met_little(monkeypatch):
    """Measured (800 employees, 2 years, seed 0): 495 reviews, 125 exits, 57% of them after two or more
    meetings; poorly fitting pairs (fit < 0.15) exit 72% of the time after one meeting and 80-95% after
    more; good ones (fit > 0.6) 0-3%, however often they met."""
    r = reviews_in_a_run(monkeypatch)
    assert len(r) > 300 and r["meetings"].min() >= 1
    exits = r[r["ended"]]
    assert (exits["meetings"] >= 2).mean() > 0.5, "exits are not a meeting-count filter"
    poor, good = r[r["fit"] < 0.15], r[r["fit"] > 0.6]
    assert poor.loc[poor["meetings"] >= 2, "ended"].mean() > 0.75, "a poor fit that meets faithfully exits"
    assert poor.loc[poor["meetings"] == 1, "ended"].mean() < poor.loc[poor["meetings"] >= 2, "ended"].mean()
    assert good["ended"].mean() < 0.05
    assert good.loc[good["meetings"] == 1, "ended"].mean() < 0.1, "a well-matched pair that met once stays"


def outcome(design: str, strategy: str) -> pd.DataFrame:
    cfg = small_config(**{"program.design": design, "matching.strategy": strategy, "steps": 30, "seed": 3})
    return MentoringModel(cfg).run().timeseries()


ACCEPTED = [
    (d, s)
    for d in DESIGNS
    if DESIGNS[d].form is not None
    for s in STRATEGIES
    if not (DESIGNS[d].check and DESIGNS[d].check(small_config(**{"program.design": d, "matching.strategy": s})))
]


def test_every_design_refuses_only_strategies_it_cannot_use_with_one_line():
    refused = {(d, s) for d in DESIGNS if DESIGNS[d].form is not None for s in STRATEGIES if (d, s) not in ACCEPTED}
    assert refused == {("peer_circles", "optimal"), ("peer_circles", "stable")}
    for d, s in refused:
        with pytest.raises(ConfigError) as err:
            resolve(small_config(**{"program.design": d, "matching.strategy": s}))
        assert "\n" not in str(err.value) and "use one of" in str(err.value)


@pytest.mark.parametrize("design", [d for d in DESIGNS if DESIGNS[d].form is not None])
def test_any_two_accepted_strategies_of_a_design_give_different_runs(design):
    runs = {s: outcome(design, s) for d, s in ACCEPTED if d == design}
    for a, b in itertools.combinations(runs, 2):
        assert not runs[a].equals(runs[b]), f"{design}: {a} and {b} give the same run"
