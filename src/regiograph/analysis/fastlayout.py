"""Fast node positions for large graphs: a ForceAtlas2-like layout whose repulsion is computed
on a grid with FFTs, vectorised with numpy.

:func:`regiograph.analysis.layout.positions` (ForceAtlas2 in networkx) compares every pair of nodes on
every iteration: about 4 s at 1,000 nodes and two minutes at 5,000. Here the forces are those of
ForceAtlas2 (springs pulling in proportion to their length, a repulsion of ``(deg_i + 1)
(deg_j + 1) / d`` between every pair, and a gravity towards the centre), but the repulsion of
all pairs is computed at once as a field on a 64 x 64 grid (the nodes' masses spread over the
grid, convolved with the ``1/d`` kernel by FFT, and read back at each node: the particle-mesh
method of N-body simulations), so an iteration costs ``O(n + grid log grid)`` however the nodes
crowd together. Linear springs keep the density around a hub constant, so the last few
iterations can add an exact short-range repulsion between the nodes of neighbouring grid cells
(Fruchterman and Reingold's "grid variant") that separates nodes sharing a cell. 7,000 nodes
take a few tenths of a second.

The result is deterministic for a seed (a fixed node order, a seeded start and no unordered
sums) and shaped like :func:`~regiograph.analysis.layout.positions`: centred on the origin, spanning
about ``scale`` units, rounded to 0.1.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt

__all__ = ["fast_positions", "grouped_positions"]

Array = npt.NDArray[np.float64]
Index = npt.NDArray[np.int64]
Spectrum = npt.NDArray[np.complex128]

#: Cells along each side of the grid of the far-field repulsion.
_CELLS = 64
#: The repulsion relative to the springs: lower draws communities tighter.
_REPULSION = 0.02
_GRAVITY = 0.05
#: The pull of a group's hidden hub on each member (see :func:`grouped_positions`), and the
#: least spread of a group's members around it, as a share of the drawing's span times the
#: square root of the group's share of the nodes: their share of the drawing, about.
_GROUP_TIE = 8.0
_GROUP_ROOM = 0.4
#: The last iterations that add the exact short-range repulsion.
_NEAR_ITERATIONS = 10
#: The short-range repulsion and its reach (an unloaded spring is about 1 unit long).
_NEAR = 0.1
_NEAR_RADIUS = 1.0
#: Nodes farther from the centre than this multiple of the 98th-percentile radius (isolated
#: nodes, small components pushed out by the rest) are brought in to it, so that they do not
#: shrink the drawing of everything else.
_OUTLIER = 1.15
#: The cell itself and the half of its neighbours that come later: each pair of cells once.
_HALF = [(0, 0), (0, 1), (1, -1), (1, 0), (1, 1)]


def fast_positions(graph: nx.Graph[Any], seed: int = 7, scale: float = 1000.0,
                   iterations: int = 60) -> dict[Hashable, tuple[float, float]]:
    """ForceAtlas2-like positions with grid repulsion, deterministic for a seed.

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
    pos = _layout(len(nodes), src, dst, weight, seed, iterations)
    return dict(zip(nodes, _listed(_centred(_pulled_in(pos), scale)), strict=True))


def grouped_positions(graph: nx.Graph[Any], groups: Sequence[Iterable[Hashable]], seed: int = 7,
                      scale: float = 1000.0, iterations: int = 60,
                      ) -> tuple[dict[Hashable, tuple[float, float]], list[tuple[float, float]]]:
    """Positions that keep each group's nodes together, and a centre for each group.

    Each group gets a hidden hub tied firmly to every member: the members gather around it, and
    the hubs, heavy with all those ties, push each other apart, so the groups lie side by side
    (each drawn where its hub is) instead of on top of each other. Members packed closer than
    their share of the drawing are then spread out around their hub, so that an opened group
    can be read.

    Parameters
    ----------
    graph : networkx.Graph
        Any graph, as for :func:`fast_positions`.
    groups : sequence of iterables
        A partition of the nodes (a node in no group is laid out freely).
    seed, scale, iterations
        As for :func:`fast_positions`.

    Returns
    -------
    tuple
        Node to ``(x, y)``, and the centre of each group, in the same coordinates.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> pos, centres = grouped_positions(G, [range(4), range(4, 8)])
    >>> len(pos), len(centres)
    (8, 2)
    >>> (pos, centres) == grouped_positions(G, [range(4), range(4, 8)])
    True
    """
    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}, [(0.0, 0.0)] * len(groups)
    index = {node: i for i, node in enumerate(nodes)}
    src, dst, weight = _edges(graph, index)
    members = [[index[m] for m in group] for group in groups]
    hubs = np.concatenate([np.full(len(group), len(nodes) + g, np.int64)
                           for g, group in enumerate(members)] or [np.zeros(0, np.int64)])
    tied = np.array([i for group in members for i in group], dtype=np.int64)
    pos = _layout(len(nodes) + len(members), np.concatenate([src, tied]),
                  np.concatenate([dst, hubs]),
                  np.concatenate([weight, np.full(len(tied), _GROUP_TIE)]), seed, iterations)
    pos = _centred(_pulled_in(pos), scale)
    for g, group in enumerate(members):  # room for each group's members, when it is opened
        offsets = pos[group] - pos[len(nodes) + g]
        spread = math.sqrt(float((offsets ** 2).sum()) / max(len(group), 1))
        room = _GROUP_ROOM * scale * math.sqrt(len(group) / len(nodes))
        if 0.0 < spread < room:
            pos[group] = pos[len(nodes) + g] + offsets * (room / spread)
    placed = _listed(pos)
    return dict(zip(nodes, placed, strict=False)), placed[len(nodes):]


def _layout(n: int, src: Index, dst: Index, weight: Array, seed: int, iterations: int) -> Array:
    """The positions of ``n`` nodes tied by the edges ``src``-``dst`` (each pair once)."""
    if n <= 1:
        return np.zeros((n, 2))
    mass: Array = (1.0 + np.bincount(src, minlength=n) + np.bincount(dst, minlength=n)).astype(np.float64)
    pos = np.random.default_rng(seed).random((n, 2)) * math.sqrt(n)
    start = math.sqrt(n) / 10.0
    for step in range(iterations):
        force = _attraction(pos, src, dst, weight)
        force += (_REPULSION * mass)[:, None] * _far_field(pos, mass)
        force -= (_GRAVITY * mass)[:, None] * (pos - pos.mean(axis=0))
        if step >= iterations - _NEAR_ITERATIONS:
            force += _near_repulsion(pos)
        temperature = start * (1.0 - step / iterations) + 0.01
        length = np.maximum(np.hypot(force[:, 0], force[:, 1]), 1e-9)[:, None]
        pos += force / length * np.minimum(length, temperature)
    return pos


def _edges(graph: nx.Graph[Any], index: dict[Hashable, int]) -> tuple[Index, Index, Array]:
    """Each linked pair once (smaller index first), its weights summed, softened by a log."""
    n = len(index)
    triples = [(index[u], index[v], float(w or 1.0)) for u, v, w in graph.edges(data="weight", default=1.0)]
    if not triples:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    i, j, w = (np.array(column) for column in zip(*triples, strict=True))
    low, high = np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
    keep = low != high
    keys, inverse = np.unique(low[keep] * n + high[keep], return_inverse=True)
    summed = np.bincount(inverse, weights=w[keep].astype(np.float64), minlength=len(keys))
    weight = 1.0 + np.log(np.maximum(summed, 1.0))
    return keys // n, keys % n, weight


def _attraction(pos: Array, src: Index, dst: Index, weight: Array) -> Array:
    """Springs along the edges, pulling in proportion to their length (as in ForceAtlas2)."""
    force = np.zeros_like(pos)
    if len(src) == 0:
        return force
    pull = (pos[src] - pos[dst]) * weight[:, None]
    for axis in (0, 1):
        force[:, axis] = (np.bincount(dst, weights=pull[:, axis], minlength=len(pos))
                          - np.bincount(src, weights=pull[:, axis], minlength=len(pos)))
    return force


@functools.cache
def _kernel(cells: int) -> tuple[Spectrum, Spectrum]:
    """The spectra of the ``(dx, dy) / d²`` kernel on a grid padded to twice its size (so the
    convolution does not wrap around), softened within one cell."""
    size = 2 * cells
    offsets = np.arange(size, dtype=np.float64)
    offsets[offsets >= cells] -= size
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    d2 = np.maximum(dx * dx + dy * dy, 1.0)
    return np.fft.rfft2(dx / d2), np.fft.rfft2(dy / d2)


def _far_field(pos: Array, mass: Array, cells: int = _CELLS) -> Array:
    """The repulsion field ``sum_j m_j (p - p_j) / d²`` at each node, from the masses spread
    over a grid (bilinearly, and read back the same way)."""
    low = pos.min(axis=0)
    size = float(max(pos.max(axis=0) - low)) / (cells - 1) or 1.0
    scaled = (pos - low) / size
    corner = np.minimum(scaled.astype(np.int64), cells - 2)
    fx, fy = (scaled - corner).T
    shares = [(1 - fx) * (1 - fy), fx * (1 - fy), (1 - fx) * fy, fx * fy]
    cell = corner[:, 0] * cells + corner[:, 1]
    offsets = [0, cells, 1, cells + 1]
    grid = np.zeros(cells * cells)
    for offset, share in zip(offsets, shares, strict=True):
        grid += np.bincount(cell + offset, weights=share * mass, minlength=cells * cells)
    spectrum = np.fft.rfft2(grid.reshape(cells, cells), (2 * cells, 2 * cells))
    field = np.empty_like(pos)
    for axis, kernel in enumerate(_kernel(cells)):
        values = np.fft.irfft2(spectrum * kernel, (2 * cells, 2 * cells))[:cells, :cells].ravel()
        field[:, axis] = sum(values[cell + offset] * share
                             for offset, share in zip(offsets, shares, strict=True))
    return field / size


def _near_repulsion(pos: Array, radius: float = _NEAR_RADIUS) -> Array:
    """``1/d`` between the nodes of neighbouring cells closer than ``radius``, each pair once."""
    span = float(max(pos.max(axis=0) - pos.min(axis=0)))
    radius = max(radius, span / 2000.0)  # at most 2,000 x 2,000 cells, however spread out
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
    inverse = _NEAR / np.maximum(d2, 1e-4)
    force = np.empty_like(pos)
    for axis, d in ((0, dx), (1, dy)):
        push = d * inverse
        force[:, axis] = (np.bincount(i, weights=push, minlength=len(pos))
                          - np.bincount(j, weights=push, minlength=len(pos)))
    return force


def _pairs(target: Index, first: Index, count: Index, order: Index) -> tuple[Index, Index]:
    """Every (node, other) pair where ``other`` lies in the cell ``target[node]``."""
    size = count[target]
    i = np.repeat(np.arange(len(target), dtype=np.int64), size)
    offset = np.arange(len(i), dtype=np.int64) - np.repeat(np.cumsum(size) - size, size)
    j = order[np.repeat(first[target], size) + offset]
    return i, j


def _pulled_in(pos: Array) -> Array:
    """The positions with far outliers moved in along their direction from the centre."""
    centre = np.median(pos, axis=0)
    offset = pos - centre
    radius = np.hypot(offset[:, 0], offset[:, 1])
    limit = _OUTLIER * float(np.percentile(radius, 98))
    far = radius > limit
    if limit > 0 and far.any():
        offset[far] *= (limit / radius[far])[:, None]
    return centre + offset


def _centred(pos: Array, scale: float) -> Array:
    """The positions centred on the origin, spanning ``scale``."""
    low, high = pos.min(axis=0), pos.max(axis=0)
    span = float(max(high - low)) or 1.0
    centred: Array = (pos - (low + high) / 2.0) * (scale / span)
    return centred


def _listed(pos: Array) -> list[tuple[float, float]]:
    """The positions as pairs of floats rounded to 0.1 (byte-stable in any output)."""
    return [(float(x), float(y)) for x, y in np.round(pos, 1).tolist()]
