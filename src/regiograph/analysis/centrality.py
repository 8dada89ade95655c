"""Centrality: who holds the network together.

Every function reads the ties as undirected (see :func:`~regiograph.analysis.views.undirected`):
a tie links two stakeholders whichever way its predicate reads. Path-based measures (betweenness,
closeness) count hops, because a tie's weight is a number of ties, a strength, not a distance.
Each returns a dict from node to value.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from regiograph.analysis.views import undirected
from regiograph.errors import UsageError

__all__ = [
    "betweenness",
    "closeness",
    "degree",
    "degree_centrality",
    "eigenvector",
    "pagerank",
    "weighted_degree",
]


def degree(G: nx.Graph[Any]) -> dict[Any, int]:
    """The number of distinct neighbours of each node.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.

    Returns
    -------
    dict
        Node to number of distinct neighbours.

    Examples
    --------
    >>> degree(nx.star_graph(3))
    {0: 3, 1: 1, 2: 1, 3: 1}
    """
    H = undirected(G)
    return {n: int(d) for n, d in H.degree()}


def weighted_degree(G: nx.Graph[Any], weight: str = "weight") -> dict[Any, float]:
    """The strength of each node: the sum of the weights (numbers of ties) of its edges.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    weight : str
        The edge attribute to sum (the number of ties in a projection).

    Returns
    -------
    dict
        Node to strength.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 1.0})])
    >>> weighted_degree(G)
    {'a': 2.0, 'b': 3.0, 'c': 1.0}
    """
    H = undirected(G)
    return {n: float(d) for n, d in H.degree(weight=weight)}


def degree_centrality(G: nx.Graph[Any]) -> dict[Any, float]:
    """The degree divided by the largest possible degree, ``n - 1``.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.

    Returns
    -------
    dict
        Node to degree centrality, between 0 and 1.

    Examples
    --------
    >>> degree_centrality(nx.star_graph(2))
    {0: 1.0, 1: 0.5, 2: 0.5}
    """
    return {n: float(v) for n, v in nx.degree_centrality(undirected(G)).items()}


def pagerank(G: nx.Graph[Any], alpha: float = 0.85, weight: str | None = "weight",
             tol: float = 1.0e-10, max_iter: int = 1000) -> dict[Any, float]:
    """PageRank by power iteration, in pure Python (networkx's own needs SciPy).

    Directed graphs are ranked along their arcs; an undirected edge counts as two arcs. A node
    without out-arcs spreads its rank over all nodes, as in networkx. The values sum to 1.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; a directed graph is ranked along its arcs.
    alpha : float
        The damping factor: the chance of following a tie rather than jumping anywhere.
    weight : str or None
        The edge attribute that weighs the arcs; None for unweighted.
    tol, max_iter
        Stop when the summed change falls below ``n * tol``; fail after ``max_iter`` rounds.

    Returns
    -------
    dict
        Node to PageRank; the values sum to 1.

    Raises
    ------
    UsageError
        When the iteration does not converge.

    Examples
    --------
    In a star with three leaves, the centre gets ``(1 - 3 x)`` and each leaf
    ``x = 0.048125 / 0.2775``, the solution of ``x = 0.15/4 + 0.85 * (1 - 3 x) / 3``:

    >>> {n: round(v, 6) for n, v in pagerank(nx.star_graph(3)).items()}
    {0: 0.47973, 1: 0.173423, 2: 0.173423, 3: 0.173423}
    """
    D = G if G.is_directed() else G.to_directed()
    n = D.number_of_nodes()
    if n == 0:
        return {}
    arcs = [(u, v, float(data.get(weight, 1.0)) if weight else 1.0)
            for u, v, data in D.edges(data=True)]
    out = dict.fromkeys(D, 0.0)
    for u, _v, w in arcs:
        out[u] += w
    rank = dict.fromkeys(D, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in D if out[u] == 0) / n
        new = dict.fromkeys(D, (1.0 - alpha) / n + dangling)
        for u, v, w in arcs:
            new[v] += alpha * rank[u] * w / out[u]
        change = sum(abs(new[u] - rank[u]) for u in D)
        rank = new
        if change < n * tol:
            return rank
    raise UsageError(f"PageRank did not converge in {max_iter} iterations")


def betweenness(G: nx.Graph[Any], k: int | None = None, seed: int | None = 0,
                normalized: bool = True) -> dict[Any, float]:
    """Betweenness centrality: the share of shortest paths between other nodes through a node.

    Exact by default; with ``k``, estimated from ``k`` source nodes drawn with ``seed`` (for
    large graphs: the cost falls from ``n`` to ``k`` breadth-first searches). A ``k`` of at
    least the number of nodes gives the exact value.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    k : int or None
        Estimate from ``k`` sampled source nodes; None for the exact value.
    seed : int or None
        The seed of the sample.
    normalized : bool
        Divide by the number of pairs of other nodes.

    Returns
    -------
    dict
        Node to betweenness centrality.

    Examples
    --------
    In the path ``0-1-2-3``, node 1 lies on the paths 0-2 and 0-3: 2 of the 3 pairs it does not
    belong to.

    >>> betweenness(nx.path_graph(4))
    {0: 0.0, 1: 0.6666666666666666, 2: 0.6666666666666666, 3: 0.0}
    >>> betweenness(nx.path_graph(4), k=4) == betweenness(nx.path_graph(4))
    True
    """
    H = undirected(G)
    if k is not None and k >= H.number_of_nodes():
        k = None
    values = nx.betweenness_centrality(H, k=k, normalized=normalized, seed=seed)
    return {n: float(v) for n, v in values.items()}


def closeness(G: nx.Graph[Any]) -> dict[Any, float]:
    """Closeness centrality in hops, scaled by the share of the graph a node can reach
    (Wasserman and Faust), so that nodes of small components do not look central.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.

    Returns
    -------
    dict
        Node to closeness centrality, between 0 and 1.

    Examples
    --------
    >>> closeness(nx.path_graph(3))
    {0: 0.6666666666666666, 1: 1.0, 2: 0.6666666666666666}
    """
    return {n: float(v) for n, v in nx.closeness_centrality(undirected(G)).items()}


def eigenvector(G: nx.Graph[Any], weight: str | None = "weight",
                max_iter: int = 1000) -> dict[Any, float]:
    """Eigenvector centrality, where it is defined: within the largest connected component.

    The leading eigenvector of a disconnected graph lives on one component, so the value is
    computed on the largest component (unit Euclidean norm there) and is 0 elsewhere; a graph
    without edges gives 0 everywhere.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    weight : str or None
        The edge attribute that weighs the ties; None for unweighted.
    max_iter : int
        The most power iterations before giving up.

    Returns
    -------
    dict
        Node to eigenvector centrality.

    Raises
    ------
    UsageError
        When the power iteration does not converge.

    Examples
    --------
    In a star with three leaves the centre gets ``1/sqrt(2)`` and each leaf ``1/sqrt(6)``; the
    separate node ``x`` gets 0:

    >>> G = nx.star_graph(3); G.add_node("x")
    >>> {n: round(v, 4) for n, v in eigenvector(G).items()}
    {0: 0.7071, 1: 0.4082, 2: 0.4082, 3: 0.4082, 'x': 0.0}
    """
    H = undirected(G)
    values = dict.fromkeys(H, 0.0)
    if H.number_of_edges() == 0:
        return values
    largest = max(nx.connected_components(H), key=len)
    try:
        found = nx.eigenvector_centrality(H.subgraph(largest), max_iter=max_iter, weight=weight)
    except nx.PowerIterationFailedConvergence:
        raise UsageError(f"eigenvector centrality did not converge in {max_iter} "
                         "iterations") from None
    values.update({n: float(v) for n, v in found.items()})
    return values
