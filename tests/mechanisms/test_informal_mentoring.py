"""Informal mentoring (sim.mechanisms.informal_mentoring): who finds a mentor, whom, and how the ties do."""

import numpy as np
import pytest

from sim.config import InformalConfig, KnowledgeConfig, MatchingConfig, SimConfig, with_overrides
from sim.mechanisms import informal_mentoring
from sim.model import MentoringModel
from sim.resolved import resolve
from sim.ties import Ties
from tests.helpers import assert_ensemble_is_its_single_runs, hand_workforce, small_config

#: Seat 0 at level 1 manages 1-4 (level 0). Seat 4 has 6 years more tenure than 1-3.
LEVEL = [1, 0, 0, 0, 0]
MANAGER = [-1, 0, 0, 0, 0]
ALWAYS = InformalConfig(formation_per_year=52.0, crowd_out=0.5)  # a chance of 1 a week to look


def org():
    st = hand_workforce(LEVEL, MANAGER, [0.5] * 5, tenure_weeks=np.array([520.0, 52.0, 52.0, 52.0, 364.0]))
    st.seat_hires = np.zeros(5, dtype=np.int64)
    st.traits = np.random.default_rng(0).standard_normal((5, 3))
    return st


def form(st, ties, u, v, cfg=ALWAYS, in_formal=None, key=1):
    in_formal = np.zeros(st.n, dtype=bool) if in_formal is None else in_formal
    keys = np.array([key], dtype=np.uint64)
    return informal_mentoring.form(st, ties, u, v, in_formal, keys, st.n, 0, cfg, KnowledgeConfig(), MatchingConfig())


def test_a_junior_takes_the_senior_contact_they_fit_best_and_never_a_peer():
    st, ties = org(), Ties()
    u, v = np.array([1, 1, 1]), np.array([0, 4, 2])  # 1 talks with its manager, a senior peer and a peer
    assert form(st, ties, u, v) == 1
    assert ties.mentee.tolist() == [1] and ties.mentor[0] in (0, 4)  # 2 is no more senior than 1
    alone = Ties()
    assert form(st, alone, np.array([1]), np.array([2])) == 0  # only a peer: nobody to ask


def test_the_chosen_mentor_is_the_best_fit_of_the_seekers_senior_contacts():
    st = org()
    u, v = np.array([1, 1]), np.array([0, 4])
    fits = {}
    for only in (0, 4):
        t = Ties()
        form(st, t, np.array([1]), np.array([only]))
        fits[only] = t.fit[0]  # a pair's fit is keyed to the pair and week: the same whoever else is there
    both = Ties()
    form(st, both, u, v)
    assert both.mentor[0] == max(fits, key=fits.get) and both.fit[0] == max(fits.values())


def test_a_mentor_takes_no_more_than_their_room_and_the_best_fits_first():
    st = org()
    u, v = np.array([1, 2, 3]), np.array([0, 0, 0])  # three juniors ask their manager
    ties = Ties()
    assert form(st, ties, u, v, InformalConfig(formation_per_year=52.0, mentor_capacity=2)) == 2
    assert np.bincount(ties.mentor).tolist() == [2]
    assert form(st, ties, u, v, InformalConfig(formation_per_year=52.0, mentor_capacity=2)) == 0  # full


def test_a_formal_tie_crowds_out_informal_mentoring_by_the_share_set():
    st = org()
    u, v = np.array([1, 2, 3]), np.array([0, 4, 0])
    formal = np.array([False, True, True, True, False])

    def formed(crowd_out, weeks=300):
        cfg = InformalConfig(formation_per_year=10.0, crowd_out=crowd_out, mentor_capacity=3)
        return sum(form(st, Ties(), u, v, cfg, formal, key=k) for k in range(weeks))

    assert formed(1.0) == 0  # a programme replaces it
    free = sum(
        form(st, Ties(), u, v, InformalConfig(formation_per_year=10.0, mentor_capacity=3), key=k) for k in range(300)
    )
    assert formed(0.0) == free  # a programme adds to it: the same draws, the same ties
    assert 0.3 * free < formed(0.5) < 0.7 * free


def informal_run(**extra):
    return small_config(**{"informal.formation_per_year": 0.5, "program.design": "hierarchical", "steps": 156, **extra})


def test_off_by_default_and_its_figures_null_then():
    summary = MentoringModel(resolve(small_config(**{"program.design": "hierarchical"}))).run().summary()
    assert summary["informal_ties_formed_total"] is None and summary["informal_tacit_per_tie_year"] is None
    assert summary["formal_tacit_per_tie_year"] > 0


def test_a_run_with_informal_mentoring_keeps_its_ties_whole():
    model = MentoringModel(resolve(informal_run(**{"careers.internal_share": 0.5})))
    for _ in range(156):
        model.step()
        t, st = model.informal_ties, model.state
        if len(t):
            assert (t.mentor != t.mentee).all() and (np.bincount(t.mentee, minlength=st.n) <= 1).all()
            assert (np.bincount(t.mentor, minlength=st.n) <= model.config.informal.mentor_capacity).all()
            assert ((t.end > model.steps - 1) & (t.rapport <= t.trust_cap + 1e-12)).all()
    s = model.summary()
    assert s["informal_ties_formed_total"] > 10 and s["informal_meetings_total"] > 0
    assert s["informal_tacit_transferred_total"] > 0


@pytest.mark.parametrize("design", ["none", "hierarchical", "peer_circles"])
def test_an_ensemble_with_informal_mentoring_is_the_bytes_of_its_single_runs(design):
    runs = [resolve(informal_run(**{"program.design": d, "seed": s})) for d in ("none", design) for s in (5, 6)]
    assert_ensemble_is_its_single_runs(runs)


def test_informal_ties_are_the_better_relationships_on_paired_seeds():
    """Ragins & Cotton (1999): informal above formal. Here through the whole fit people choose by (and privacy)."""
    over = {"org.n_employees": 300, "steps": 156, "informal.formation_per_year": 0.3, "program.design": "hierarchical"}
    fit_edge, rapport_edge = [], []
    for seed in range(6):
        model = MentoringModel(resolve(with_overrides(SimConfig(), {**over, "seed": seed}))).run()
        informal, formal = model.informal_ties, model.program.ties
        fit_edge.append(informal.fit.mean() - formal.fit.mean())
        rapport_edge.append(informal.rapport.mean() - formal.rapport.mean())
    for edge in (fit_edge, rapport_edge):
        assert np.mean(edge) > 3 * np.std(edge, ddof=1) / np.sqrt(len(edge))
