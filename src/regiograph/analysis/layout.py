"""Node positions, computed once in Python so that every view and every export (GEXF for Gephi,
Cytoscape.js) shows the same picture, and a page opens drawn instead of settling for minutes."""

from __future__ import annotations

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
    ordered: nx.Graph[Hashable] = nx.Graph()
    ordered.add_nodes_from(nodes)  # a fixed node order makes the seeded layout reproducible
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        weight = data.get("weight", 1.0)
        if ordered.has_edge(u, v):
            ordered[u][v]["weight"] += weight
        else:
            ordered.add_edge(u, v, weight=weight)
    raw = nx.forceatlas2_layout(ordered, max_iter=iterations, seed=seed, weight="weight")
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    factor = scale / span
    return {node: (round((float(raw[node][0]) - cx) * factor, 1),
                   round((float(raw[node][1]) - cy) * factor, 1)) for node in nodes}
