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
