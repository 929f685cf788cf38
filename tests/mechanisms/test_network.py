import numpy as np
import pytest

from sim.config import NetworkConfig
from sim.mechanisms.network import build_network
from sim.mechanisms.organisation import build_workforce
from sim.streams import Streams
from tests.helpers import small_config


@pytest.fixture
def org(rng):
    return build_workforce(small_config(**{"org.n_employees": 1000}), Streams(12345))


@pytest.mark.parametrize(
    "kind, expected_degree",
    [("small_world", 8), ("random", 8), ("scale_free", 8), ("teams", None)],
)
def test_networks_are_simple_graphs_with_the_asked_density(kind, expected_degree, org, rng):
    cfg = NetworkConfig(kind=kind, include_reporting_lines=False)
    net = build_network(cfg, org.team, org.manager, rng)
    assert np.all(net.u < net.v), "no self-loops, canonical order"
    keys = net.u * net.n + net.v
    assert len(np.unique(keys)) == len(keys), "no duplicate ties"
    mean_degree = net.degree().mean()
    if expected_degree is not None:
        assert mean_degree == pytest.approx(expected_degree, rel=0.05)


def test_teams_network_is_dense_within_and_sparse_across(org, rng):
    net = build_network(NetworkConfig(kind="teams", include_reporting_lines=False), org.team, org.manager, rng)
    within = org.team[net.u] == org.team[net.v]
    assert within.mean() > 0.5
    assert (~within).sum() == pytest.approx(org.n * 1.5 / 2, rel=0.2)


def test_small_world_without_rewiring_ties_teammates(org, rng):
    cfg = NetworkConfig(kind="small_world", rewire_p=0.0, include_reporting_lines=False)
    net = build_network(cfg, org.team, org.manager, rng)
    lattice_share = (org.team[net.u] == org.team[net.v]).mean()
    rewired = build_network(
        NetworkConfig(kind="small_world", rewire_p=1.0, include_reporting_lines=False), org.team, org.manager, rng
    )
    # Teams of about 4 (span of control 4) fill 3 of each node's 8 lattice neighbours.
    team_size = np.bincount(org.team).mean()
    assert lattice_share > 0.8 * (team_size - 1) / 8
    assert (org.team[rewired.u] == org.team[rewired.v]).mean() < 0.05


def test_reporting_lines_are_added(org, rng):
    net = build_network(NetworkConfig(kind="random"), org.team, org.manager, rng)
    keys = set((net.u * net.n + net.v).tolist())
    rows = np.flatnonzero(org.manager >= 0)
    lo, hi = np.minimum(rows, org.manager[rows]), np.maximum(rows, org.manager[rows])
    assert all(k in keys for k in (lo * net.n + hi).tolist())


def test_the_array_small_world_has_networkx_s_shape():
    """Measured at 20,000 people, 10 neighbours, p = 0.1 (seeds 1-2): ties 99,997 and 100,000, mean degree 10.0
    both, sampled clustering 0.488 and 0.491, mean distance from 20 sources within 2% of each other."""
    import networkx as nx

    from sim.mechanisms import network

    n, k, p = 20_000, 10, 0.1
    u, v = network._canonical(*network._small_world_edges(n, k, p, np.random.default_rng(1)), n)
    ours = nx.Graph()
    ours.add_nodes_from(range(n))
    ours.add_edges_from(zip(u.tolist(), v.tolist(), strict=True))
    theirs = nx.watts_strogatz_graph(n, k, p, seed=2)
    assert abs(ours.number_of_edges() - theirs.number_of_edges()) <= 0.001 * theirs.number_of_edges()
    sample = list(range(0, n, 25))
    assert abs(nx.average_clustering(ours, nodes=sample) - nx.average_clustering(theirs, nodes=sample)) < 0.02

    def mean_distance(g):
        return np.mean([np.mean(list(nx.single_source_shortest_path_length(g, s).values())) for s in range(0, n, 1000)])

    assert abs(mean_distance(ours) / mean_distance(theirs) - 1.0) < 0.05
    lattice = network._canonical(*network._small_world_edges(n, k, 0.0, np.random.default_rng(1)), n)
    assert len(lattice[0]) == n * k // 2 and ((lattice[1] - lattice[0]) % (n - k) <= k).all()  # p = 0: the ring


def test_large_organisations_take_the_array_small_world_with_teammates_next_on_the_ring(monkeypatch):
    from sim.mechanisms import network

    n = 4000
    team = np.repeat(np.arange(n // 8), 8)
    manager = np.full(n, -1)
    cfg = NetworkConfig(include_reporting_lines=False)
    slow = build_network(cfg, team, manager, np.random.default_rng(0))
    monkeypatch.setattr(network, "ARRAY_SMALL_WORLD_FROM", 1000)
    fast = build_network(cfg, team, manager, np.random.default_rng(0))
    assert not np.array_equal(fast.u, slow.u)  # the other generator ran
    same_team = [float(np.mean(team[g.u] == team[g.v])) for g in (fast, slow)]
    assert abs(same_team[0] - same_team[1]) < 0.03 and same_team[0] > 0.3, same_team
    assert abs(fast.n_edges - slow.n_edges) <= 0.002 * slow.n_edges


def test_unique_is_numpy_s_unique():
    from sim.arrays import unique

    rng = np.random.default_rng(0)
    for x in (
        np.array([], dtype=np.int64),
        np.array([7]),
        rng.integers(0, 5, 1000),
        rng.integers(0, 10**12, 5000),
        rng.integers(0, 50, (30, 40)),
        rng.random(100).round(1),
    ):
        assert np.array_equal(unique(x), np.unique(x)) and unique(x).dtype == np.unique(x).dtype
