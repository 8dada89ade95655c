"""Fast node positions for large graphs: Fruchterman-Reingold with grid-accelerated repulsion,
vectorised with numpy.

:func:`regiograph.layout.positions` (ForceAtlas2 in networkx) compares every pair of nodes on
every iteration: about 4 s at 1,000 nodes and two minutes at 5,000. Here, as in Fruchterman and
Reingold's own "grid variant", a node is repelled only by the nodes of the neighbouring grid
cells (cells twice the ideal edge length wide), so an iteration costs about ``n`` pair
computations instead of ``n²``; a weak gravity keeps the components together, as in
ForceAtlas2. 5,000 nodes take well under a second.

The result is deterministic for a seed (a fixed node order, a seeded start and no unordered
sums) and shaped like :func:`~regiograph.layout.positions`: centred on the origin, spanning
about ``scale`` units, rounded to 0.1.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = ["fast_positions"]

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]

_GRAVITY = 0.02
#: Repulsion relative to the springs: spreads the nodes out so that the grid cells stay sparse.
_REPULSION = 3.0
#: The cell itself and the half of its neighbours that come later: each pair of cells once.
_HALF = [(0, 0), (0, 1), (1, -1), (1, 0), (1, 1)]


def fast_positions(graph: nx.Graph[Any], seed: int = 7, scale: float = 1000.0,
                   iterations: int = 60) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold positions with grid repulsion, deterministic for a seed.

    Parameters
    ----------
    graph : networkx.Graph
        Any graph; directions and parallel edges are merged, weights (``weight``) summed.
    seed : int
        The seed of the starting positions.
    scale : float
        The span of the result along its longer side.
    iterations : int
        The number of cooling steps.

    Returns
    -------
    dict
        Node to ``(x, y)``, centred on the origin and rounded to 0.1.

    Examples
    --------
    >>> G = nx.path_graph(4)
    >>> pos = fast_positions(G)
    >>> pos == fast_positions(G) and sorted(pos) == [0, 1, 2, 3]
    True
    >>> max(abs(x) for x, _ in pos.values()) <= 500.0
    True
    >>> fast_positions(nx.empty_graph(1))
    {0: (0.0, 0.0)}
    """
    nodes = sorted(graph.nodes, key=str)
    if len(nodes) <= 1:
        return {node: (0.0, 0.0) for node in nodes}
    src, dst, weight = _edges(graph, {node: i for i, node in enumerate(nodes)})
    pos = np.random.default_rng(seed).random((len(nodes), 2)) * math.sqrt(len(nodes))
    start = math.sqrt(len(nodes)) / 10.0
    for step in range(iterations):
        force = (_repulsion(pos) + _far_repulsion(pos) + _attraction(pos, src, dst, weight)
                 - _GRAVITY * (pos - pos.mean(0)))
        temperature = start * (1.0 - step / iterations) + 0.01
        length = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-9)[:, None]
        pos += force / length * np.minimum(length, temperature)
    return _normalised(nodes, pos, scale)


def _edges(graph: nx.Graph[Any], index: dict[Hashable, int]) -> tuple[Index, Index, Array]:
    """Each linked pair once (smaller index first), its weights summed, softened by a log."""
    pairs: dict[tuple[int, int], float] = {}
    for u, v, data in graph.edges(data=True):
        i, j = sorted((index[u], index[v]))
        if i != j:
            pairs[(i, j)] = pairs.get((i, j), 0.0) + float(data.get("weight", 1.0) or 1.0)
    keys = sorted(pairs)
    src = np.array([i for i, _ in keys], dtype=np.int64)
    dst = np.array([j for _, j in keys], dtype=np.int64)
    weight = 1.0 + np.log(np.maximum(np.array([pairs[k] for k in keys], dtype=np.float64), 1.0))
    return src, dst, weight


def _attraction(pos: Array, src: Index, dst: Index, weight: Array) -> Array:
    """Springs along the edges: d²/k with the ideal length k = 1."""
    force = np.zeros_like(pos)
    if len(src) == 0:
        return force
    delta = pos[src] - pos[dst]
    pull = delta * (np.hypot(delta[:, 0], delta[:, 1]) * weight)[:, None]
    for axis in (0, 1):
        force[:, axis] -= np.bincount(src, weights=pull[:, axis], minlength=len(pos))
        force[:, axis] += np.bincount(dst, weights=pull[:, axis], minlength=len(pos))
    return force


def _repulsion(pos: Array, radius: float = 2.0) -> Array:
    """k²/d between the nodes of neighbouring cells closer than ``radius``, each pair once."""
    cell = np.floor(pos / radius).astype(np.int64)
    cell -= cell.min(axis=0) - [0, 1]  # a free row below and above: dy = ±1 stays in the column
    width = int(cell[:, 1].max()) + 2
    key = cell[:, 0] * width + cell[:, 1]
    order = np.argsort(key, kind="stable")
    count = np.bincount(key, minlength=(int(cell[:, 0].max()) + 2) * width)
    first = np.cumsum(count) - count  # where each cell's nodes start in ``order``
    found = [_pairs(key + dx * width + dy, first, count, order) for dx, dy in _HALF]
    same_i, same_j = found[0]
    keep = same_i < same_j  # within a cell, each pair is found twice (and each node with itself)
    i = np.concatenate([same_i[keep], *(p[0] for p in found[1:])])
    j = np.concatenate([same_j[keep], *(p[1] for p in found[1:])])
    x, y = pos[:, 0], pos[:, 1]
    dx, dy = x[i] - x[j], y[i] - y[j]
    d2 = dx * dx + dy * dy
    near = np.nonzero(d2 < radius * radius)[0]
    i, j, dx, dy, d2 = i[near], j[near], dx[near], dy[near], d2[near]
    dx[d2 == 0.0] = 0.01  # coincident nodes: apart along a fixed direction, no division by 0
    inverse = _REPULSION / np.maximum(d2, 1e-4)
    force = np.empty_like(pos)
    for axis, d in ((0, dx), (1, dy)):
        push = d * inverse
        force[:, axis] = (np.bincount(i, weights=push, minlength=len(pos))
                          - np.bincount(j, weights=push, minlength=len(pos)))
    return force


def _far_repulsion(pos: Array, cells: int = 8) -> Array:
    """k²/d from the centre of mass of each cell of a coarse grid, softened to the cell size.

    Without it, the springs would pull the whole graph into a ball dense enough for the local
    repulsion alone to balance them, and the grid cells would fill up."""
    low = pos.min(axis=0)
    size = float(max(pos.max(axis=0) - low)) / cells or 1.0
    cell = np.minimum(((pos - low) / size).astype(np.int64), cells - 1)
    key = cell[:, 0] * cells + cell[:, 1]
    mass = np.bincount(key, minlength=cells * cells).astype(np.float64)
    used = np.nonzero(mass)[0]
    centre = np.stack([np.bincount(key, weights=pos[:, axis], minlength=cells * cells)[used]
                       for axis in (0, 1)], axis=1) / mass[used][:, None]
    dx = pos[:, 0:1] - centre[:, 0]
    dy = pos[:, 1:2] - centre[:, 1]
    scale = _REPULSION * mass[used] / np.maximum(dx * dx + dy * dy, size * size)
    return np.stack([(dx * scale).sum(axis=1), (dy * scale).sum(axis=1)], axis=1)


def _pairs(target: Index, first: Index, count: Index, order: Index) -> tuple[Index, Index]:
    """Every (node, other) pair where ``other`` lies in the cell ``target[node]``."""
    size = count[target]
    i = np.repeat(np.arange(len(target), dtype=np.int64), size)
    offset = np.arange(len(i), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
    j = order[np.repeat(first[target], size) + offset]
    return i, j


def _normalised(nodes: list[Hashable], pos: Array, scale: float,
                ) -> dict[Hashable, tuple[float, float]]:
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = float(max(high - low)) or 1.0
    centred = (pos - (low + high) / 2.0) * (scale / span)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, centred,
                                                                                   strict=True)}
