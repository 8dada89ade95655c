"""Array kernels behind the analyses: a graph as compressed rows of integers, and the
breadth-first searches, triangles and shared neighbours that the measures of a large network
need, vectorised with numpy.

networkx walks its dict-of-dicts one Python step at a time: about 0.2 s for one breadth-first
search of a 25,000-node network, so exact closeness would take over an hour and sampled
betweenness minutes. Here one numpy call handles a whole level of many searches at once:

==================== =====================================================================
kernel               computes
==================== =====================================================================
:func:`adjacency`    a simple undirected graph as CSR arrays (``indptr``, ``indices``,
                     ``weights``), nodes in the graph's order
:func:`dependencies` Brandes' dependencies of sampled sources (betweenness), many sources
                     per pass, with the sum of squares for the sampling error
:func:`distance_sums` the number of nodes each node reaches and the sum of its distances,
                     by breadth-first searches from 512 sources at a time, one bit each
:func:`triangles`    every triangle once (Chiba-Nishizeki: edges oriented by degree)
:func:`wedges`       every pair of nodes with a shared neighbour, and the neighbour
==================== =====================================================================

They are private to :mod:`regiograph.analysis`: the functions of ``centrality``, ``brokerage``
and ``suggestions`` call them and return what networkx's would (checked against networkx in
``tests/test_analysis.py``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, cast

import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = ["Adjacency", "adjacency", "dependencies", "distance_sums", "spans", "triangles",
           "wedges"]

Index = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]

#: Sources per pass of :func:`dependencies`: the state of a pass is ``batch * n`` numbers.
_BATCH = 64
#: Sources per pass of :func:`distance_sums`, one bit each (a multiple of 64).
_BLOCK = 512


@dataclass(frozen=True)
class Adjacency:
    """A simple undirected graph as compressed rows: the neighbours of node ``i`` (numbered in
    the graph's order, ``nodes[i]``) are ``indices[indptr[i]:indptr[i + 1]]``, sorted, and the
    weights of those edges ``weights[indptr[i]:indptr[i + 1]]``. Every edge appears twice, once
    from each end."""

    nodes: list[Hashable]
    indptr: Index
    indices: Index
    weights: Floats

    @property
    def n(self) -> int:
        """The number of nodes."""
        return len(self.nodes)

    @property
    def degree(self) -> Index:
        """The number of neighbours of each node."""
        return np.diff(self.indptr)

    @property
    def rows(self) -> Index:
        """The node each stored edge starts from (the row of each entry of ``indices``)."""
        return np.repeat(np.arange(self.n, dtype=np.int64), self.degree)

    def arc(self, u: Index, v: Index) -> Index:
        """The positions of the edges ``u - v`` in ``indices`` (every pair must be an edge)."""
        keys = self.rows * self.n + self.indices
        return np.searchsorted(keys, u * self.n + v).astype(np.int64)


def adjacency(G: nx.Graph[Any], weight: str | None = "weight") -> Adjacency:
    """The simple undirected graph ``G`` as compressed rows.

    Parameters
    ----------
    G : networkx.Graph
        A simple undirected graph without self-loops (see
        :func:`~regiograph.analysis.views.undirected`).
    weight : str or None
        The edge attribute that weighs the edges (missing: 1); None for 1 everywhere.

    Returns
    -------
    Adjacency
        The nodes in ``G``'s order and their sorted neighbours.

    Examples
    --------
    >>> A = adjacency(nx.Graph([("b", "a", {"weight": 2.0}), ("a", "c")]))
    >>> A.nodes, A.indptr.tolist(), A.indices.tolist(), A.weights.tolist()
    (['b', 'a', 'c'], [0, 1, 3, 4], [1, 0, 2, 1], [2.0, 2.0, 1.0, 1.0])
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    adj = cast("Any", G)._adj  # the dict of dicts itself: its views cost a call per edge
    degree = np.fromiter((len(adj[node]) for node in nodes), dtype=np.int64, count=len(nodes))
    indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    size = int(indptr[-1])
    indices = np.fromiter((index[v] for node in nodes for v in adj[node]), dtype=np.int64,
                          count=size)
    if weight is None:
        weights = np.ones(size, dtype=np.float64)
    else:
        weights = np.fromiter((float(d.get(weight, 1.0)) for node in nodes
                               for d in adj[node].values()), dtype=np.float64, count=size)
    rows = np.repeat(np.arange(len(nodes), dtype=np.int64), degree)
    order = np.lexsort((indices, rows))
    return Adjacency(nodes, indptr, indices[order], weights[order])


def dependencies(A: Adjacency, sources: Sequence[int], batch: int = _BATCH,
                 ) -> tuple[Floats, Floats]:
    """Brandes' dependencies of the nodes on the shortest paths (in hops) from each source.

    The dependency ``delta_s(v)`` of node ``v`` on source ``s`` is the share of the shortest
    paths from ``s`` to every other node that pass through ``v``; betweenness is their sum over
    the sources, scaled. The searches run ``batch`` sources at a time, a level of all of them
    per numpy call.

    Parameters
    ----------
    A : Adjacency
        The graph.
    sources : sequence of int
        The source nodes, by number; a source's own dependency is not counted.
    batch : int
        The number of searches per pass.

    Returns
    -------
    total, squares : numpy arrays
        For each node, the sum of its dependencies over the sources and the sum of their
        squares (for the variance of a sampled estimate), summed in the order of ``sources``.

    Examples
    --------
    In the path ``0-1-2-3``, from source 0 the nodes 1 and 2 lie on the paths to the nodes
    beyond them:

    >>> total, squares = dependencies(adjacency(nx.path_graph(4)), [0])
    >>> total.tolist(), squares.tolist()
    ([0.0, 2.0, 1.0, 0.0], [0.0, 4.0, 1.0, 0.0])
    """
    n = A.n
    degree = A.degree
    total = np.zeros(n)
    squares = np.zeros(n)
    for lo in range(0, len(sources), batch):
        chunk = np.asarray(sources[lo:lo + batch], dtype=np.int64)
        size = len(chunk) * n  # node v of the b-th search is state b * n + v
        reached = np.zeros(size, dtype=bool)  # a byte per state: cheaper to look up than a depth
        sigma = np.zeros(size)  # the number of shortest paths from the source
        start = np.arange(len(chunk), dtype=np.int64) * n + chunk
        reached[start] = True
        sigma[start] = 1.0
        frontier = start
        levels: list[tuple[Index, Index]] = []
        while frontier.size:
            node = frontier % n
            counts = degree[node]
            ends = np.cumsum(counts)
            arcs = int(ends[-1])
            if arcs == 0:
                break
            # each frontier state's arcs: its values repeated per arc, not gathered per arc
            position = np.arange(arcs) + np.repeat(A.indptr[node] - ends + counts, counts)
            tail = np.repeat(frontier, counts)
            head = A.indices[position] + np.repeat(frontier - node, counts)
            new = ~reached[head]
            tail, head = tail[new], head[new]
            if head.size == 0:
                break
            reached[head] = True
            np.add.at(sigma, head, sigma[tail])
            levels.append((tail, head))
            seen = np.zeros(size, dtype=bool)
            seen[head] = True
            frontier = np.flatnonzero(seen)
        delta = np.zeros(size)
        for tail, head in reversed(levels):
            np.add.at(delta, tail, sigma[tail] / sigma[head] * (1.0 + delta[head]))
        delta[start] = 0.0
        rows = delta.reshape(len(chunk), n)
        for values in rows:  # one source after another, as a loop over sources adds them
            total += values
            squares += values * values
    return total, squares


def _popcount(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """The number of set bits of each row of 64-bit words.

    >>> _popcount(np.array([[3, 1], [0, 2**63]], dtype=np.uint64)).tolist()
    [3, 1]
    """
    if hasattr(np, "bitwise_count"):  # numpy 2
        counts = np.bitwise_count(words)
    else:  # pragma: no cover - numpy 1.26
        counts = np.unpackbits(words.view(np.uint8), axis=-1).reshape(*words.shape, 64).sum(-1)
    return np.asarray(counts.sum(axis=-1, dtype=np.int64), dtype=np.int64)


def distance_sums(A: Adjacency, block: int = _BLOCK) -> tuple[Index, Index]:
    """For each node, how many other nodes it reaches and the sum of its distances (in hops)
    to them: breadth-first searches from every node, ``block`` of them at once, each search one
    bit of a row of words per node, a level of all of them in one gather and one OR.

    Parameters
    ----------
    A : Adjacency
        The graph.
    block : int
        The searches per pass, a multiple of 64.

    Returns
    -------
    reached, total : numpy arrays of int
        Per node: the number of other nodes it reaches, and the sum of the distances to them
        (distances are symmetric, so the sums are counted at the far end).

    Examples
    --------
    >>> reached, total = distance_sums(adjacency(nx.path_graph(3)))
    >>> reached.tolist(), total.tolist()
    ([2, 2, 2], [3, 2, 3])
    """
    n = A.n
    has = A.degree > 0
    starts = A.indptr[:-1][has]
    reached = np.zeros(n, dtype=np.int64)
    total = np.zeros(n, dtype=np.int64)
    for lo in range(0, n, block):
        count = min(block, n - lo)
        bits = np.arange(count, dtype=np.int64)
        visited = np.zeros((n, (count + 63) // 64), dtype=np.uint64)
        visited[lo + bits, bits // 64] = np.left_shift(np.uint64(1), (bits % 64).astype(np.uint64))
        frontier = visited.copy()
        depth = 0
        while starts.size:
            depth += 1
            reach = np.zeros_like(visited)
            reach[has] = np.bitwise_or.reduceat(frontier[A.indices], starts, axis=0)
            reach &= ~visited
            new = _popcount(reach)
            if not new.any():
                break
            total += depth * new
            reached += new
            visited |= reach
            frontier = reach
    return reached, total


def triangles(A: Adjacency) -> tuple[Index, Index, Index]:
    """Every triangle of the graph once, as three arrays of node numbers.

    Each edge is oriented from its end of lower degree (then lower number) to the other, and a
    triangle is found once, at its lowest corner, among the pairs of that corner's out-edges:
    few pairs even around hubs (Chiba and Nishizeki 1985).

    Examples
    --------
    >>> a, b, c = triangles(adjacency(nx.complete_graph(4)))
    >>> sorted(tuple(sorted(t)) for t in zip(a.tolist(), b.tolist(), c.tolist()))
    [(0, 1, 2), (0, 1, 3), (0, 2, 3), (1, 2, 3)]
    """
    n = A.n
    degree = A.degree
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    rows = A.rows
    forward = rank[rows] < rank[A.indices]
    tail, head = rows[forward], A.indices[forward]  # grouped by tail, as the rows are
    first, second = _pairs_within(tail)
    u, v, w = tail[first], head[first], head[second]
    keys = rows * n + A.indices
    found = np.searchsorted(keys, v * n + w)
    closed = keys[np.minimum(found, keys.size - 1)] == v * n + w
    return u[closed], v[closed], w[closed]


def _pairs_within(groups: Index) -> tuple[Index, Index]:
    """Every pair of positions ``i < j`` whose entries of the sorted ``groups`` are equal.

    >>> [p.tolist() for p in _pairs_within(np.array([0, 0, 0, 2, 2]))]
    [[0, 0, 1, 3], [1, 2, 2, 4]]
    """
    if groups.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    position = np.arange(groups.size, dtype=np.int64)
    group_end = np.searchsorted(groups, groups, side="right")
    later = group_end - position - 1  # the positions after i in its group
    first = np.repeat(position, later)
    offsets = np.cumsum(later) - later
    second = first + 1 + np.arange(first.size, dtype=np.int64) - np.repeat(offsets, later)
    return first, second


def wedges(A: Adjacency, lo: int = 0, hi: int | None = None) -> tuple[Index, Index, Index]:
    """Every pair of nodes ``u < v`` (by number) that share a neighbour ``z``, once per ``z``.

    Parameters
    ----------
    A : Adjacency
        The graph.
    lo, hi : int
        Only the wedges around the middle nodes ``lo <= z < hi`` (default: all).

    Returns
    -------
    u, v, z : numpy arrays of int
        One entry per wedge ``u - z - v``.

    Examples
    --------
    >>> u, v, z = wedges(adjacency(nx.star_graph(3)))
    >>> list(zip(u.tolist(), v.tolist(), z.tolist()))
    [(1, 2, 0), (1, 3, 0), (2, 3, 0)]
    """
    begin, end = int(A.indptr[lo]), int(A.indptr[A.n if hi is None else hi])
    rows, ends = A.rows[begin:end], A.indices[begin:end]
    first, second = _pairs_within(rows)
    return ends[first], ends[second], rows[first]


def spans(A: Adjacency, budget: int = 4_000_000) -> list[tuple[int, int]]:
    """Ranges of middle nodes ``(lo, hi)`` with about ``budget`` wedges each (a hub's alone
    may have more), so that :func:`wedges` never holds all of a large graph's at once.

    >>> spans(adjacency(nx.star_graph(3)), budget=1)
    [(0, 1), (1, 4)]
    """
    degree = A.degree
    count = np.cumsum(degree * (degree - 1) // 2)
    bounds = [0]
    while bounds[-1] < A.n:
        reached = count[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(count, reached + budget, side="right"))
        bounds.append(min(A.n, max(nxt, bounds[-1] + 1)))
    return list(pairwise(bounds))
