"""Know-how seeded in a few experts, spreading over the informal network alone.

The validation experiment of Watts & Strogatz (1998), "Collective dynamics of 'small-world'
networks", *Nature* 393:440-442, with this package's parts: the network from
:func:`sim.mechanisms.network.build_network` (``small_world``: a ring lattice of ``degree`` neighbours,
each tie rewired with probability ``p``) and the informal transfer of
:func:`sim.mechanisms.knowledge.transfer`. A handful of neighbouring experts know a skill fully
(1.0), everyone else not at all; each week each tie is a conversation with probability
``contact``, passing ``rate`` of the gap both ways. The spread time is the number of weeks
until half the organisation knows at least ``threshold``. Watts and Strogatz found that the
time for a disease to reach everyone falls steeply with a little rewiring and follows the
characteristic path length L(p), which :func:`path_length` gives for the same graphs.

On a complete graph (:func:`consult_spread`) each person, each week with probability
``contact``, consults one colleague drawn from everyone else and takes ``rate`` = 1 of the
gap: with one source per learner the transfer kernel keeps knowledge binary (0 or 1), the
spread is the susceptible-infected process, and its mean field is the logistic difference
equation ``K' = K + contact * K (N - K) / (N - 1)`` (:func:`logistic_mean_field`).
"""

from __future__ import annotations

import networkx as nx
import numpy as np

from sim.config import NetworkConfig
from sim.mechanisms.knowledge import transfer
from sim.mechanisms.network import InformalNetwork, build_network


def ring_network(n: int, degree: int, p: float, rng: np.random.Generator) -> InformalNetwork:
    """A Watts-Strogatz graph over rows 0..n-1 in ring order (each row its own team)."""
    cfg = NetworkConfig(kind="small_world", mean_degree=degree, rewire_p=p, include_reporting_lines=False)
    return build_network(cfg, np.arange(n), np.full(n, -1), rng)


def spread_time(
    p: float,
    n: int = 1000,
    degree: int = 8,
    experts: int = 5,
    contact: float = 0.5,
    rate: float = 0.5,
    threshold: float = 0.25,
    seed: int = 0,
    cap_weeks: int = 5000,
) -> int:
    """Weeks until half of ``n`` people know at least ``threshold`` (``cap_weeks`` if never)."""
    rng = np.random.default_rng(seed)
    net = ring_network(n, degree, p, rng)
    x = np.zeros((n, 1))
    x[:experts] = 1.0  # neighbours on the ring: one team of experts
    for week in range(1, cap_weeks + 1):
        talk = rng.random(net.n_edges) < contact
        a, b = net.u[talk], net.v[talk]
        transfer(x, np.concatenate((a, b)), np.concatenate((b, a)), np.full(2 * len(a), rate))
        if np.count_nonzero(x[:, 0] >= threshold) * 2 >= n:
            return week
    return cap_weeks


def path_length(p: float, n: int = 1000, degree: int = 8, seed: int = 0) -> float:
    """Characteristic path length L(p) of the graph :func:`spread_time` builds with this seed."""
    g = ring_network(n, degree, p, np.random.default_rng(seed)).to_networkx()
    if not nx.is_connected(g):
        g = g.subgraph(max(nx.connected_components(g), key=len))
    return float(nx.average_shortest_path_length(g))


def consult_spread(
    n: int = 1000, contact: float = 0.3, experts: int = 20, weeks: int = 60, seed: int = 0
) -> np.ndarray:
    """Share of people who know (1.0) after each week on a complete graph (float[weeks + 1])."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 1))
    x[:experts] = 1.0
    known = [experts / n]
    for _ in range(weeks):
        asking = np.flatnonzero(rng.random(n) < contact)
        colleague = rng.integers(0, n - 1, len(asking))
        colleague += colleague >= asking  # anyone but oneself
        transfer(x, colleague, asking, np.ones(len(asking)))
        known.append(float(np.count_nonzero(x[:, 0] == 1.0)) / n)
    return np.array(known)


def logistic_mean_field(n: int = 1000, contact: float = 0.3, experts: int = 20, weeks: int = 60) -> np.ndarray:
    """The analytic mean field of :func:`consult_spread`: ``K' = K + contact K (N - K) / (N - 1)``."""
    k = [float(experts)]
    for _ in range(weeks):
        k.append(k[-1] + contact * k[-1] * (n - k[-1]) / (n - 1))
    return np.array(k) / n
