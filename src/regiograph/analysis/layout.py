"""Node positions, computed once in Python so that every view and every export (GEXF for Gephi,
Cytoscape.js) shows the same picture, and a page opens drawn instead of settling for minutes."""

from __future__ import annotations

import functools
from collections.abc import Hashable

import networkx as nx

__all__ = ["FAST_LAYOUT_ABOVE", "positions"]

#: Above this many nodes, networkx's ForceAtlas2 (quadratic: ~4 s at 1,000 nodes, ~120 s at
#: 5,000) gives way to the grid-accelerated layout of :mod:`regiograph.analysis.fastlayout`.
FAST_LAYOUT_ABOVE = 400


def positions(graph: nx.Graph[Hashable], seed: int = 7, scale: float = 1000.0,
              iterations: int = 200) -> dict[Hashable, tuple[float, float]]:
    """ForceAtlas2 positions (the layout Gephi users know), deterministic for a seed, centred on
    the origin, spanning about ``scale`` units, rounded to 0.1 so that outputs are byte-stable.

    Examples
    --------
    >>> pos = positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == positions(nx.path_graph(3))
    True
    >>> positions(nx.empty_graph(1))
    {0: (0.0, 0.0)}
    """
    nodes = sorted(graph.nodes, key=str)
    if len(nodes) <= 1:
        return {node: (0.0, 0.0) for node in nodes}
    if len(nodes) > FAST_LAYOUT_ABOVE:
        from regiograph.analysis.fastlayout import fast_positions

        return fast_positions(graph, seed=seed, scale=scale)
    index = {node: i for i, node in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = {}
    for u, v, data in graph.edges(data=True):
        pair = (index[u], index[v]) if index[u] <= index[v] else (index[v], index[u])
        weights[pair] = weights.get(pair, 0.0) + data.get("weight", 1.0)
    raw = _forceatlas2(len(nodes), tuple(sorted(weights.items())), seed, iterations)
    xs = [p[0] for p in raw]
    ys = [p[1] for p in raw]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    factor = scale / span
    return {node: (round((raw[i][0] - cx) * factor, 1), round((raw[i][1] - cy) * factor, 1))
            for i, node in enumerate(nodes)}


@functools.lru_cache(maxsize=4096)
def _forceatlas2(n: int, edges: tuple[tuple[tuple[int, int], float], ...], seed: int,
                 iterations: int) -> tuple[tuple[float, float], ...]:
    """ForceAtlas2 on nodes ``0..n-1`` and weighted ``edges``: a function of the graph's shape
    alone, so the site's pages of the same shape (a stakeholder and its one or two neighbours,
    most of them) share one computation (each took 12 ms: 35 of a site's 80 s)."""
    ordered: nx.Graph[int] = nx.Graph()
    ordered.add_nodes_from(range(n))  # a fixed node order makes the seeded layout reproducible
    ordered.add_weighted_edges_from((u, v, w) for (u, v), w in edges)
    raw = nx.forceatlas2_layout(ordered, max_iter=iterations, seed=seed, weight="weight")
    return tuple((float(raw[i][0]), float(raw[i][1])) for i in range(n))
