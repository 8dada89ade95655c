"""Centrality: who holds the network together.

Every function reads the ties as undirected (see :func:`~regiograph.analysis.views.undirected`):
a tie links two stakeholders whichever way its predicate reads. Path-based measures (betweenness,
closeness) count hops, because a tie's weight is a number of ties, a strength, not a distance.
Each returns a dict from node to value.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from regiograph.analysis.arrays import adjacency, dependencies, distance_sums
from regiograph.analysis.views import undirected
from regiograph.errors import NotConverged

__all__ = [
    "BetweennessEstimate",
    "betweenness",
    "betweenness_estimate",
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
    """PageRank by power iteration, vectorised with numpy (networkx's own needs SciPy).

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
    NotConverged
        When the iteration does not converge.

    Examples
    --------
    In a star with three leaves, the centre gets ``(1 - 3 x)`` and each leaf
    ``x = 0.048125 / 0.2775``, the solution of ``x = 0.15/4 + 0.85 * (1 - 3 x) / 3``:

    >>> {n: round(v, 6) for n, v in pagerank(nx.star_graph(3)).items()}
    {0: 0.47973, 1: 0.173423, 2: 0.173423, 3: 0.173423}
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    tails: list[int] = []
    heads: list[int] = []
    weights: list[float] = []
    for u, v, data in G.edges(data=True):  # an undirected edge is two arcs, a self-loop one
        w = float(data.get(weight, 1.0)) if weight else 1.0
        tails.append(index[u])
        heads.append(index[v])
        weights.append(w)
        if not G.is_directed() and u != v:
            tails.append(index[v])
            heads.append(index[u])
            weights.append(w)
    tail = np.array(tails, dtype=np.int64)
    head = np.array(heads, dtype=np.int64)
    arc = np.array(weights, dtype=np.float64)
    out = np.bincount(tail, weights=arc, minlength=n)
    dangling = out == 0
    share = arc / np.where(dangling, 1.0, out)[tail]  # the part of its rank a node passes on
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = alpha * float(rank[dangling].sum()) / n
        new = (1.0 - alpha) / n + spread + alpha * np.bincount(head, weights=rank[tail] * share,
                                                               minlength=n)
        change = float(np.abs(new - rank).sum())
        rank = new
        if change < n * tol:
            return dict(zip(nodes, rank.tolist(), strict=True))
    raise NotConverged(f"PageRank did not converge in {max_iter} iterations")


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
    return betweenness_estimate(G, k=k, seed=seed, normalized=normalized).values


@dataclass(frozen=True)
class BetweennessEstimate:
    """Betweenness, exact or estimated from ``k`` sampled sources, with its sampling error.

    ``standard_error`` is, per node, the standard error of the estimate: the spread of the
    node's dependencies over the sampled sources, divided by the square root of ``k`` (with the
    finite-population correction, since sources are drawn without replacement); 0 everywhere
    for an exact value. For the central nodes, which many sources depend on, the exact value is
    typically within two standard errors of the estimate; a node that only a few sources
    depend on is often missed by the sample, and then underestimated by more than its standard
    error says (see ``docs/analysis.md`` for the error measured against exact values).
    """

    values: dict[Any, float]
    standard_error: dict[Any, float]
    k: int | None
    sources: tuple[Any, ...]

    @property
    def max_error(self) -> float:
        """The largest standard error of any node."""
        return max(self.standard_error.values(), default=0.0)

    @property
    def relative_error(self) -> float:
        """The largest standard error as a share of the largest value (0 when all are 0)."""
        top = max(self.values.values(), default=0.0)
        return self.max_error / top if top > 0 else 0.0


def betweenness_estimate(G: nx.Graph[Any], k: int | None = None, seed: int | None = 0,
                         normalized: bool = True) -> BetweennessEstimate:
    """Betweenness centrality (see :func:`betweenness`) and the standard error of each value.

    The sources are those ``networkx.betweenness_centrality(G, k=k, seed=seed)`` samples, and
    the values are the same (up to the order of floating-point sums): Brandes' algorithm, its
    breadth-first searches run many at a time with numpy (:mod:`.arrays`). Sampled values are
    rescaled as networkx 3.6 does: a sampled source is not counted as a path end of its own.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    k : int or None
        Estimate from ``k`` sampled source nodes; None (or ``k`` of at least the number of
        nodes) for the exact value.
    seed : int or None
        The seed of the sample.
    normalized : bool
        Divide by the number of pairs of other nodes.

    Returns
    -------
    BetweennessEstimate
        The values, their standard errors, ``k`` and the sampled sources.

    Examples
    --------
    >>> exact = betweenness_estimate(nx.path_graph(4))
    >>> exact.values[1], exact.max_error, exact.k
    (0.6666666666666666, 0.0, None)

    Estimated from 40 of the 77 characters of Les Misérables, Valjean's betweenness is 0.56
    (exactly 0.57), within its standard error of 0.03:

    >>> G = nx.les_miserables_graph()
    >>> sampled = betweenness_estimate(G, k=40, seed=0)
    >>> round(sampled.values["Valjean"], 2), round(sampled.standard_error["Valjean"], 2)
    (0.56, 0.03)
    """
    H = undirected(G)
    n = H.number_of_nodes()
    if k is not None and k >= n:
        k = None
    if nx.number_of_selfloops(H):
        H = nx.Graph(H)
        H.remove_edges_from(list(nx.selfloop_edges(H)))
    nodes = list(H)
    # networkx's sample: the same seed draws the same sources (for estimating, not secrets)
    sources = nodes if k is None else random.Random(seed).sample(nodes, k)  # noqa: S311
    A = adjacency(H, weight=None)
    index = {node: i for i, node in enumerate(nodes)}
    total, squares = dependencies(A, [index[s] for s in sources])
    count = len(sources)
    sampled = np.zeros(n, dtype=bool)
    scale = np.full(n, 1.0)
    if n > 2:  # no pair of other nodes exists below three nodes
        N = n - 1
        if k is None:
            scale[:] = 1.0 / (N * (N - 1)) if normalized else 0.5
        else:
            sampled[[index[s] for s in sources]] = True
            if normalized:
                scale[:] = 1.0 / (count * (N - 1))
                scale[sampled] = 1.0 / ((count - 1) * (N - 1)) if count > 1 else math.nan
            else:
                scale[:] = N / (count * 2)
                scale[sampled] = N / ((count - 1) * 2) if count > 1 else math.nan
    values = total * scale
    error = np.zeros(n)
    if k is not None and count > 1:
        drawn = np.where(sampled, count - 1, count).astype(np.float64)  # sources counted per node
        mean = total / drawn
        variance = np.maximum(squares / drawn - mean * mean, 0.0) * drawn / np.maximum(drawn - 1, 1)
        population = n - 1  # the possible sources of a node: every other node
        correction = np.sqrt(np.maximum(population - drawn, 0.0) / max(population - 1, 1))
        error = np.sqrt(variance / drawn) * correction * drawn * scale
    return BetweennessEstimate(dict(zip(nodes, values.tolist(), strict=True)),
                               dict(zip(nodes, error.tolist(), strict=True)), k, tuple(sources))


def closeness(G: nx.Graph[Any]) -> dict[Any, float]:
    """Closeness centrality in hops, scaled by the share of the graph a node can reach
    (Wasserman and Faust), so that nodes of small components do not look central.

    The same values as ``networkx.closeness_centrality``, from breadth-first searches run 512
    at a time (:func:`.arrays.distance_sums`).

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
    H = undirected(G)
    if nx.number_of_selfloops(H):
        return {n: float(v) for n, v in nx.closeness_centrality(H).items()}
    A = adjacency(H, weight=None)
    reached, total = distance_sums(A)
    others = max(A.n - 1, 1)
    values = {}
    for node, r, t in zip(A.nodes, reached.tolist(), total.tolist(), strict=True):
        # networkx's expression, step by step, so that the values are the same to the last bit
        value = r / t if t > 0 and A.n > 1 else 0.0
        values[node] = value * (r / others)
    return values


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
    NotConverged
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
    component = max(nx.connected_components(H), key=len)
    # the whole graph when it is connected: its arrays are made five times faster than a view's
    largest = H if len(component) == len(H) else H.subgraph(component)
    found = _eigenvector(largest, weight, max_iter)
    if found is None:
        raise NotConverged(f"eigenvector centrality did not converge in {max_iter} "
                         "iterations")
    values.update(found)
    return values


def _eigenvector(G: nx.Graph[Any], weight: str | None, max_iter: int, tol: float = 1.0e-6,
                 ) -> dict[Any, float] | None:
    """networkx's power iteration of ``eigenvector_centrality`` (with ``A + I``, an L1
    convergence test of ``n * tol``), vectorised; None when it does not converge."""
    A = adjacency(G, weight)  # a self-loop is one entry, as networkx counts it
    rows = A.rows
    x = np.full(A.n, 1.0 / A.n)
    for _ in range(max_iter):
        last = x
        x = last + np.bincount(A.indices, weights=last[rows] * A.weights, minlength=A.n)
        norm = math.hypot(*x.tolist()) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < A.n * tol:
            return dict(zip(A.nodes, x.tolist(), strict=True))
    return None
