"""Communities: groups of stakeholders more tied to each other than to the rest, found by Louvain
with a fixed seed (the same data gives the same communities), and named after their most central
members by PageRank (:func:`name_communities`, the one naming that the report, the exports and
the views share)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from regiograph.analysis.centrality import pagerank
from regiograph.analysis.lookup import node_label
from regiograph.analysis.views import undirected

__all__ = ["Community", "communities", "louvain", "modularity", "name_communities"]


@dataclass(frozen=True)
class Community:
    """A community: its name, and its members from the most to the least central."""

    index: int
    name: str
    members: tuple[Any, ...]

    @property
    def size(self) -> int:
        """The number of members."""
        return len(self.members)


def louvain(G: nx.Graph[Any], seed: int = 0, resolution: float = 1.0,
            weight: str | None = "weight") -> list[set[Any]]:
    """Louvain communities with a fixed seed, largest first (ties by their smallest node key).

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    seed : int
        The random seed: the same seed gives the same communities.
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    weight : str or None
        The edge attribute that weighs the ties.

    Returns
    -------
    list of set
        The communities, largest first.

    Examples
    --------
    Two triangles joined by one edge fall apart into the two triangles:

    >>> G = nx.barbell_graph(3, 0)
    >>> louvain(G)
    [{0, 1, 2}, {3, 4, 5}]
    """
    H = undirected(G)
    found = _louvain(H, weight, resolution, random.Random(seed))  # noqa: S311 - not for secrets
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


Adjacency = list[dict[int, float]]


def _louvain(G: nx.Graph[Any], weight: str | None, resolution: float, rng: random.Random,
             threshold: float = 1e-7) -> list[set[Any]]:
    """``networkx.community.louvain_communities`` for an undirected graph, step for step: the
    same node orders, the same draws from ``rng``, the same sums in the same order, so the same
    communities; but on lists of integers instead of networkx graphs, which makes it about
    three times faster (and its levels' graphs cost nothing to build).

    >>> G = nx.karate_club_graph()
    >>> _louvain(G, "weight", 1.0, random.Random(7)) == nx.community.louvain_communities(
    ...     G, seed=7)
    True
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    if G.number_of_edges() == 0:
        return [{node} for node in nodes]
    # networkx copies the graph edge by edge, which sets the order of each node's neighbours
    adj: Adjacency = [{} for _ in nodes]
    for u, v, w in G.edges(data=weight or "weight", default=1):
        i, j = index[u], index[v]
        value = w if weight else 1
        adj[i][j] = value
        adj[j][i] = value
    degrees = _degrees(adj)
    m = sum(degrees) / 2
    members: list[list[int]] = [[i] for i in range(len(nodes))]  # original nodes of each node
    partition = [{i} for i in range(len(nodes))]
    mod = _modularity(adj, degrees, [{i} for i in range(len(nodes))], resolution)
    partition, inner, improvement = _one_level(adj, degrees, members, m, partition, resolution,
                                               rng)
    improvement = True
    while improvement:
        result = [set(part) for part in partition]
        new_mod = _modularity(adj, degrees, inner, resolution)
        if new_mod - mod <= threshold:
            break
        mod = new_mod
        adj, members = _level_graph(adj, members, inner)
        degrees = _degrees(adj)
        partition, inner, improvement = _one_level(adj, degrees, members, m, partition,
                                                   resolution, rng)
    return [{nodes[i] for i in part} for part in result]


def _degrees(adj: Adjacency) -> list[float]:
    """Weighted degrees, a self-loop counted twice (as ``Graph.degree`` counts it)."""
    return [sum(nbrs.values()) + nbrs.get(i, 0) for i, nbrs in enumerate(adj)]


def _one_level(adj: Adjacency, degrees: list[float], members: list[list[int]], m: float,
               partition: list[set[int]], resolution: float, rng: random.Random,
               ) -> tuple[list[set[int]], list[set[int]], bool]:
    """One level of moves: networkx's ``_one_level``, undirected."""
    count = len(adj)
    node2com = list(range(count))
    inner = [{u} for u in range(count)]
    total = list(degrees)
    nbrs = [[(v, w) for v, w in row.items() if v != u] for u, row in enumerate(adj)]
    order = list(range(count))
    rng.shuffle(order)
    moves = 1
    improvement = False
    double_m2 = 2 * m**2
    while moves > 0:
        moves = 0
        for u in order:
            best_mod: float = 0
            best_com = node2com[u]
            weights: defaultdict[int, float] = defaultdict(float)
            for v, w in nbrs[u]:
                weights[node2com[v]] += w
            degree = degrees[u]
            total[best_com] -= degree
            remove_cost = -weights[best_com] / m + resolution * (
                total[best_com] * degree) / double_m2
            for com, w in weights.items():
                gain = remove_cost + w / m - resolution * (total[com] * degree) / double_m2
                if gain > best_mod:
                    best_mod = gain
                    best_com = com
            total[best_com] += degree
            if best_com != node2com[u]:
                old = node2com[u]
                partition[old].difference_update(members[u])
                inner[old].remove(u)
                partition[best_com].update(members[u])
                inner[best_com].add(u)
                improvement = True
                moves += 1
                node2com[u] = best_com
    return ([p for p in partition if p], [p for p in inner if p], improvement)


def _level_graph(adj: Adjacency, members: list[list[int]], inner: list[set[int]],
                 ) -> tuple[Adjacency, list[list[int]]]:
    """networkx's ``_gen_graph``: one node per community, edges summed in the same order."""
    node2com = [0] * len(adj)
    grouped: list[list[int]] = []
    for i, part in enumerate(inner):
        nodes: list[int] = []
        for node in part:
            node2com[node] = i
            nodes.extend(members[node])
        grouped.append(nodes)
    new: Adjacency = [{} for _ in inner]
    for u, row in enumerate(adj):
        for v, w in row.items():
            if v >= u:  # each edge once, as Graph.edges() yields it
                a, b = node2com[u], node2com[v]
                value = w + new[a].get(b, 0)
                new[a][b] = value
                new[b][a] = value
    return new, grouped


def _modularity(adj: Adjacency, degrees: list[float], parts: list[set[int]],
                resolution: float) -> float:
    """networkx's ``modularity`` (undirected); it only decides when a level gains too little."""
    deg_sum = sum(degrees)
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    value = 0.0
    for part in parts:
        inside = sum(w for u in part for v, w in adj[u].items() if v in part and v >= u)
        degree_sum = sum(degrees[u] for u in part)
        value += inside / m - resolution * degree_sum * degree_sum * norm
    return value


def modularity(G: nx.Graph[Any], parts: Iterable[Iterable[Any]],
               weight: str | None = "weight") -> float:
    """The modularity of a partition of the nodes: the share of ties inside the parts minus the
    share expected at random with the same degrees.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    parts : iterable of iterables
        A partition of the nodes.
    weight : str or None
        The edge attribute that weighs the ties.

    Returns
    -------
    float
        The modularity, between -1/2 and 1; 0 for a graph without ties.

    Examples
    --------
    The two triangles: 3 of the 7 edges in each, against ``(7/14)^2`` expected, twice, so
    ``2 * (3/7 - 1/4) = 5/14``:

    >>> round(modularity(nx.barbell_graph(3, 0), [{0, 1, 2}, {3, 4, 5}]), 6) == round(5 / 14, 6)
    True
    """
    H = undirected(G)
    if H.number_of_edges() == 0:
        return 0.0  # undefined without ties; no partition is better than another
    return float(nx.community.modularity(H, [set(p) for p in parts], weight=weight))


def name_communities(G: nx.Graph[Any], parts: Iterable[Iterable[Any]],
                     centrality: Mapping[Any, float] | None = None,
                     top: int = 2) -> list[Community]:
    """Name each part after its ``top`` most central members by PageRank (as ``regiograph
    analyze`` ranks them), joined by "&"; members with the same rank by label. Members are
    listed from the most to the least central.

    Every name of a community (the report, ``metrics.csv``, the exports' ``community_name``, the
    views' legends and groups) comes from here, with the same default, so the same community has
    the same name everywhere.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    parts : iterable of iterables
        The communities, in the order to number them.
    centrality : mapping, optional
        Node to centrality; default :func:`~regiograph.analysis.centrality.pagerank` of the
        undirected ties (what ``regiograph analyze`` computes).
    top : int
        How many members name a community.

    Returns
    -------
    list of Community
        The named communities, numbered from 0.

    Examples
    --------
    >>> G = nx.Graph([("ku", "rega"), ("ku", "lrd"), ("ku", "imec")])
    >>> nx.set_node_attributes(G, {"ku": "KU Leuven", "rega": "Rega", "lrd": "LRD"}, "label")
    >>> [c.name for c in name_communities(G, [{"ku", "rega", "lrd"}, {"imec"}])]
    ['KU Leuven & LRD', 'imec']
    """
    rank = centrality if centrality is not None else pagerank(undirected(G))

    def order(node: Any) -> tuple[float, str]:
        return -rank.get(node, 0.0), node_label(G, node)

    named = []
    for index, part in enumerate(parts):
        members = tuple(sorted(part, key=order))
        name = " & ".join(node_label(G, n) for n in members[:top])
        named.append(Community(index, name, members))
    return named


def communities(G: nx.Graph[Any], seed: int = 0, resolution: float = 1.0,
                centrality: Mapping[Any, float] | None = None) -> list[Community]:
    """Louvain communities (see :func:`louvain`), named (see :func:`name_communities`).

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    seed, resolution
        As for :func:`louvain`.
    centrality : mapping, optional
        As for :func:`name_communities`.

    Returns
    -------
    list of Community
        The named communities, largest first.

    Examples
    --------
    >>> [(c.name, c.size) for c in communities(nx.barbell_graph(3, 0))]
    [('2 & 0', 3), ('3 & 4', 3)]
    """
    return name_communities(G, louvain(G, seed, resolution), centrality)
