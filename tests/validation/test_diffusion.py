"""Spreading over the informal network alone (the Watts-Strogatz validation experiment)."""

import numpy as np

from sim.validation.diffusion import consult_spread, logistic_mean_field, path_length, ring_network, spread_time


def test_without_rewiring_the_network_is_a_ring_lattice_in_row_order():
    net = ring_network(40, 4, 0.0, np.random.default_rng(0))
    assert net.n_edges == 80
    gap = np.minimum((net.v - net.u) % 40, (net.u - net.v) % 40)
    assert set(gap.tolist()) == {1, 2}, "each row tied to the two nearest on each side"
    assert path_length(0.0, n=40, degree=4) == path_length(0.0, n=40, degree=4, seed=5), "no randomness at p = 0"


def test_rewiring_speeds_the_spread_and_shortens_paths():
    lattice = [spread_time(0.0, n=200, seed=s) for s in range(3)]
    random = [spread_time(1.0, n=200, seed=s) for s in range(3)]
    assert min(lattice) > 2 * max(random)
    assert path_length(1.0, n=200) < 0.5 * path_length(0.0, n=200)


def test_spread_stops_at_the_cap_when_nobody_talks():
    assert spread_time(0.1, n=100, contact=0.0, cap_weeks=7) == 7


def test_one_source_per_learner_keeps_knowledge_binary_and_growing():
    known = consult_spread(n=300, contact=0.5, experts=3, weeks=30, seed=2)
    assert known[0] == 0.01 and np.all(np.diff(known) >= 0) and known[-1] == 1.0


def test_the_logistic_mean_field_by_hand():
    # N = 11, K = 1, contact 0.5: K' = 1 + 0.5 * 1 * 10 / 10 = 1.5
    f = logistic_mean_field(n=11, contact=0.5, experts=1, weeks=2)
    assert np.allclose(f * 11, [1.0, 1.5, 1.5 + 0.5 * 1.5 * 9.5 / 10])
