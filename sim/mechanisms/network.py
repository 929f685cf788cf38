"""The informal network: who talks to whom, laid over the organisation.

Built once with a networkx generator (or numpy for ``teams``), then held as an undirected
edge list ``(u, v)`` with ``u < v`` over rows. Rows are positions, so the network outlives
the people in it: a replacement hire inherits the seat's ties, as a newcomer inherits the
team and contacts of the person they replace.

Generators (``network.kind``):
- ``small_world``: Watts & Strogatz (1998): a ring lattice of ``mean_degree`` neighbours,
  each tie rewired with probability ``rewire_p``. The ring is ordered by team, so lattice
  neighbours are mostly teammates and rewired ties are shortcuts across the organisation.
- ``scale_free``: Barabasi & Albert (1999) preferential attachment with ``attach_m`` ties per
  newcomer: a few highly connected hubs.
- ``random``: Erdos-Renyi G(n, m) with ``mean_degree`` ties per person on average.
- ``teams``: each pair of teammates tied with probability ``within_team_p``, plus on average
  ``between_team_degree`` random ties per person across teams (dense within, sparse across).
With ``include_reporting_lines`` every manager-report pair is tied too.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np

from sim.config import NetworkConfig


@dataclass
class InformalNetwork:
    """Undirected ties as two arrays over rows, ``u < v``, no duplicates."""

    u: np.ndarray
    v: np.ndarray
    n: int

    @property
    def n_edges(self) -> int:
        """Number of undirected ties."""
        return len(self.u)

    def degree(self) -> np.ndarray:
        """Ties per row."""
        return np.bincount(self.u, minlength=self.n) + np.bincount(self.v, minlength=self.n)

    def to_networkx(self) -> nx.Graph:
        """The network as a networkx graph (for analysis and drawing, not the hot path)."""
        g = nx.Graph()
        g.add_nodes_from(range(self.n))
        g.add_edges_from(zip(self.u.tolist(), self.v.tolist(), strict=True))
        return g


def _canonical(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Drop self-loops and duplicates; order each pair as (low, high)."""
    lo, hi = np.minimum(u, v).astype(np.int64), np.maximum(u, v).astype(np.int64)
    keep = lo != hi
    key = np.unique(lo[keep] * n + hi[keep])
    return key // n, key % n


def _from_graph(g: nx.Graph, node_to_row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = np.array(g.edges(), dtype=np.int64).reshape(-1, 2)
    return node_to_row[edges[:, 0]], node_to_row[edges[:, 1]]


def _teams_edges(team: np.ndarray, cfg: NetworkConfig, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n = len(team)
    order = np.argsort(team, kind="stable")
    bounds = np.flatnonzero(np.diff(team[order])) + 1
    us, vs = [], []
    for members in np.split(order, bounds):
        m = len(members)
        if m < 2:
            continue
        iu, ju = np.triu_indices(m, k=1)
        keep = rng.random(len(iu)) < cfg.within_team_p
        us.append(members[iu[keep]])
        vs.append(members[ju[keep]])
    n_cross = rng.poisson(n * cfg.between_team_degree / 2.0)
    a, b = rng.integers(0, n, n_cross), rng.integers(0, n, n_cross)
    cross = team[a] != team[b]
    us.append(a[cross])
    vs.append(b[cross])
    return np.concatenate(us), np.concatenate(vs)


def build_network(
    cfg: NetworkConfig, team: np.ndarray, manager: np.ndarray, rng: np.random.Generator
) -> InformalNetwork:
    """Generate the informal network over ``len(team)`` rows from the run's generator."""
    n = len(team)
    seed = int(rng.integers(2**31 - 1))
    if cfg.kind == "small_world":
        # Ring order: by team, shuffled within team, so lattice neighbours are teammates.
        ring = np.lexsort((rng.random(n), team))
        u, v = _from_graph(nx.watts_strogatz_graph(n, cfg.mean_degree, cfg.rewire_p, seed=seed), ring)
    elif cfg.kind == "scale_free":
        u, v = _from_graph(nx.barabasi_albert_graph(n, cfg.attach_m, seed=seed), rng.permutation(n))
    elif cfg.kind == "random":
        m = int(round(n * cfg.mean_degree / 2))
        u, v = _from_graph(nx.gnm_random_graph(n, m, seed=seed), np.arange(n))
    elif cfg.kind == "teams":
        u, v = _teams_edges(team, cfg, rng)
    else:  # validate() rejects other kinds before a model is built
        raise ValueError(f"unknown network kind {cfg.kind!r}")
    if cfg.include_reporting_lines:
        has_manager = np.flatnonzero(manager >= 0)
        u = np.concatenate((u, has_manager))
        v = np.concatenate((v, manager[has_manager]))
    u, v = _canonical(u, v, n)
    return InformalNetwork(u=u, v=v, n=n)
