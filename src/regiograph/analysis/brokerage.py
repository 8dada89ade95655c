"""Brokerage: who bridges otherwise unconnected stakeholders, and between which groups.

Burt's structural holes (constraint and effective size) come from networkx, on the undirected
ties. The Gould-Fernandez roles are counted here, on directed arcs: node ``b`` brokers each open
two-path ``a -> b -> c`` (``a``, ``b``, ``c`` distinct, no arc ``a -> c``), in a role set by the
groups of the three nodes (Gould and Fernandez 1989, as in statnet's ``brokerage``):

================ =================================== ======================================
role             groups                              the broker ...
================ =================================== ======================================
coordinator      a = b = c                           links two members of its own group
itinerant        a = c, b different                  links two members of another group
representative   a = b, c different                  carries its group's tie out to another
gatekeeper       b = c, a different                  lets another group's tie into its own
liaison          a, b, c all different               links two groups neither its own
================ =================================== ======================================

An undirected graph is read as two arcs per edge, so each open pair ``a - b - c`` counts twice,
once each way: coordinator and itinerant counts are even, and a broker's representative count
equals its gatekeeper count.

The two-paths are never walked one by one (a Python loop took 18 s on the stakeholders network
of 100 thousand triples): each broker's pairs of a predecessor and a successor are counted with
numpy from how many of each it has in each group, less the pairs that are one node and the
closed pairs, which are corners of the triangles of the undirected ties.
``tests/test_analysis_scale.py`` holds the counts to the definition, one two-path at a time.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from regiograph.analysis.arrays import Adjacency, adjacency, triangles
from regiograph.analysis.views import undirected
from regiograph.errors import UsageError

__all__ = ["ROLES", "brokerage_roles", "constraint", "effective_size", "roles_by_group"]

#: The Gould-Fernandez roles, in the order reports list them.
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def constraint(G: nx.Graph[Any], weight: str | None = None) -> dict[Any, float]:
    """Burt's constraint: how much a node's ties lead into one closed circle (low = broker).

    Isolated nodes, for which the measure is undefined, are left out.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    weight : str or None
        The edge attribute that weighs the ties; None for unweighted.

    Returns
    -------
    dict
        Node (isolates excluded) to constraint.

    Examples
    --------
    The centre of a star with three leaves: ``3 * (1/3)^2``; each leaf: 1. In a triangle each
    node has ``2 * (1/2 + 1/4)^2 = 9/8``.

    >>> {n: round(c, 4) for n, c in constraint(nx.star_graph(3)).items()}
    {0: 0.3333, 1: 1.0, 2: 1.0, 3: 1.0}
    >>> constraint(nx.complete_graph(3))
    {0: 1.125, 1: 1.125, 2: 1.125}
    """
    H = undirected(G)
    if nx.number_of_selfloops(H):
        nodes = [n for n in H if H.degree(n) > 0]
        return {n: float(v) for n, v in nx.constraint(H, nodes, weight=weight).items()}
    A, direct, indirect, _redundant = _structural_holes(H, weight)
    local = np.bincount(A.rows, weights=(direct + indirect) ** 2, minlength=A.n)
    return {node: float(local[i]) for i, node in enumerate(A.nodes) if A.indptr[i + 1] > A.indptr[i]}


def effective_size(G: nx.Graph[Any], weight: str | None = None) -> dict[Any, float]:
    """Burt's effective size: the number of a node's contacts less their redundancy (high =
    broker). Isolated nodes are left out.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    weight : str or None
        The edge attribute that weighs the ties; None for unweighted.

    Returns
    -------
    dict
        Node (isolates excluded) to effective size.

    Examples
    --------
    The centre of a star with three unconnected leaves has three non-redundant contacts; in a
    triangle each node has ``2 - 2 * 1 / 2 = 1``.

    >>> effective_size(nx.star_graph(3))
    {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    >>> effective_size(nx.complete_graph(3))
    {0: 1.0, 1: 1.0, 2: 1.0}
    """
    H = undirected(G)
    if nx.number_of_selfloops(H):
        nodes = [n for n in H if H.degree(n) > 0]
        return {n: float(v) for n, v in nx.effective_size(H, nodes, weight=weight).items()}
    A, _direct, _indirect, redundant = _structural_holes(H, weight)
    size = np.bincount(A.rows, weights=1.0 - redundant, minlength=A.n)
    return {node: float(size[i]) for i, node in enumerate(A.nodes) if A.indptr[i + 1] > A.indptr[i]}


def _structural_holes(H: nx.Graph[Any], weight: str | None,
                      ) -> tuple[Adjacency, np.ndarray, np.ndarray, np.ndarray]:
    """Burt's terms for every tie ``u - v`` of a simple undirected graph, in the order of the
    graph's compressed rows: the direct ``p_uv``, the indirect ``sum_w p_uw p_wv`` and the
    redundancy ``sum_w p_uw m_vw`` over the shared neighbours ``w``, where ``p_uv`` is the
    tie's share of ``u``'s strength and ``m_vw`` the tie's weight over ``v``'s strongest tie
    (networkx's normalised mutual weights, its ``norm=sum`` and ``norm=max``). The shared
    neighbours of a tie are the third corners of its triangles."""
    A = adjacency(H, weight)
    rows = A.rows
    strength = np.bincount(rows, weights=A.weights, minlength=A.n)
    strongest = np.zeros(A.n)
    np.maximum.at(strongest, rows, A.weights)
    direct = A.weights / np.where(strength > 0, strength, 1.0)[rows]
    top = A.weights / np.where(strongest > 0, strongest, 1.0)[rows]
    indirect = np.zeros(len(A.indices))
    redundant = np.zeros(len(A.indices))
    a, b, c = triangles(A)
    for u, v, w in ((a, b, c), (b, a, c), (a, c, b), (c, a, b), (b, c, a), (c, b, a)):
        uv, uw, wv, vw = A.arc(u, v), A.arc(u, w), A.arc(w, v), A.arc(v, w)
        np.add.at(indirect, uv, direct[uw] * direct[wv])
        np.add.at(redundant, uv, direct[uw] * top[vw])
    return A, direct, indirect, redundant


def brokerage_roles(G: nx.Graph[Any], group: str | Mapping[Any, Hashable] = "group",
                    ) -> dict[Any, dict[str, int]]:
    """The Gould-Fernandez brokerage role counts of every node (see the module's table).

    ``group`` is a node attribute name or a mapping from node to group. Directed graphs are read
    along their arcs (parallel arcs count once); an undirected edge is two arcs.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; a directed graph keeps its arcs, an undirected edge is two arcs.
    group : str or mapping
        A node attribute name, or a mapping from node to group.

    Returns
    -------
    dict
        Node to a dict from each role of :data:`ROLES` to its count.

    Raises
    ------
    UsageError
        When a node has no group.

    Examples
    --------
    ``b`` passes a tie from ``a`` (its own group X) on to ``c`` (group Y): a representative.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> roles = brokerage_roles(G, {"a": "X", "b": "X", "c": "Y"})
    >>> roles["b"]
    {'coordinator': 0, 'itinerant': 0, 'representative': 1, 'gatekeeper': 0, 'liaison': 0}
    >>> sum(roles["a"].values()), sum(roles["c"].values())
    (0, 0)
    """
    if not G.is_directed():
        return _undirected_roles(undirected(G), _groups(G, group))
    return _directed_roles(G, _groups(G, group))


def _directed_roles(G: nx.Graph[Any], groups: dict[Any, Hashable]) -> dict[Any, dict[str, int]]:
    """The role counts of a directed graph, without walking the open two-paths one by one: for
    each broker ``b``, every pair of a predecessor and a successor, counted from how many of each
    are in each group, less the pairs that are one node (``a -> b -> a``) and the pairs that are
    closed (``a -> c`` is an arc: the corners of a triangle of the undirected ties)."""
    nodes = list(G)
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    labels: dict[Hashable, int] = {}
    group = np.array([labels.setdefault(groups[node], len(labels)) for node in nodes],
                     dtype=np.int64)
    k = max(len(labels), 1)
    # the arcs once each (parallel arcs merged), without self-loops, as sorted keys tail * n + head
    arcs = np.unique(np.fromiter((index[u] * n + index[v] for u, v in G.edges() if u != v),
                                 dtype=np.int64))
    tails, heads = arcs // n, arcs % n
    into = np.bincount(heads * k + group[tails], minlength=n * k).reshape(n, k)
    out = np.bincount(tails * k + group[heads], minlength=n * k).reshape(n, k)
    counts = _pair_counts(into, out, group)

    def has(a: np.ndarray, c: np.ndarray) -> np.ndarray:
        keys = a * n + c
        found = np.searchsorted(arcs, keys)
        return np.asarray(arcs[np.minimum(found, max(arcs.size - 1, 0))] == keys) \
            if arcs.size else np.zeros(keys.size, dtype=bool)

    back = has(heads, tails)  # a -> b -> a: the two ends are one node
    np.subtract.at(counts, (heads[back], _role_index(group[tails[back]], group[heads[back]],
                                                     group[tails[back]])), 1)
    a, b, c = triangles(_both_ways(nodes, arcs, n))
    for first, broker, last in ((a, b, c), (a, c, b), (b, a, c), (b, c, a), (c, a, b), (c, b, a)):
        closed = has(first, broker) & has(broker, last) & has(first, last)
        f, m, t = first[closed], broker[closed], last[closed]
        np.subtract.at(counts, (m, _role_index(group[f], group[m], group[t])), 1)
    return {node: dict(zip(ROLES, counts[i].tolist(), strict=True))
            for i, node in enumerate(nodes)}


def _pair_counts(into: np.ndarray, out: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Each broker's (predecessor, successor) pairs by role, from its predecessors and
    successors by group (``into`` and ``out``, one row per node)."""
    rows = np.arange(len(group))
    in_own, out_own = into[rows, group], out[rows, group]
    in_other, out_other = into.sum(axis=1) - in_own, out.sum(axis=1) - out_own
    itinerant = (into * out).sum(axis=1) - in_own * out_own  # both ends in one other group
    counts = np.zeros((len(group), len(ROLES)), dtype=np.int64)
    counts[:, 0] = in_own * out_own
    counts[:, 1] = itinerant
    counts[:, 2] = in_own * out_other
    counts[:, 3] = in_other * out_own
    counts[:, 4] = in_other * out_other - itinerant
    return counts


def _both_ways(nodes: list[Hashable], arcs: np.ndarray, n: int) -> Adjacency:
    """The undirected ties of the arcs (sorted keys ``tail * n + head``) as compressed rows."""
    keys = np.unique(np.concatenate([arcs, (arcs % n) * n + arcs // n]))
    rows = keys // n
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
    return Adjacency(nodes, indptr, keys % n, np.ones(keys.size))


def _undirected_roles(H: nx.Graph[Any], groups: dict[Any, Hashable]) -> dict[Any, dict[str, int]]:
    """The role counts of an undirected graph, each edge two arcs, without walking the open
    two-paths one by one: every ordered pair of a broker's neighbours, counted by group, less
    the closed ones (the other two corners of each of its triangles)."""
    if nx.number_of_selfloops(H):
        H = nx.Graph(H)
        H.remove_edges_from(list(nx.selfloop_edges(H)))
    A = adjacency(H, weight=None)
    labels: dict[Hashable, int] = {}
    group = np.array([labels.setdefault(groups[node], len(labels)) for node in A.nodes],
                     dtype=np.int64)
    rows = A.rows
    # the neighbours of each node by group, and of its own group
    by_group = np.bincount(rows * len(labels) + group[A.indices],
                           minlength=A.n * len(labels)).reshape(A.n, len(labels))
    degree = A.degree
    own = by_group[np.arange(A.n), group]
    other = degree - own
    squares = (by_group * by_group).sum(axis=1) - own * own  # over the other groups
    counts = np.zeros((A.n, len(ROLES)), dtype=np.int64)
    counts[:, 0] = own * (own - 1)  # coordinator: both ends in the broker's group
    counts[:, 1] = squares - other  # itinerant: both ends in one other group, two nodes
    counts[:, 2] = own * other  # representative: from its group to another
    counts[:, 3] = other * own  # gatekeeper: from another group into its own
    counts[:, 4] = other * other - squares  # liaison: two other groups
    a, b, c = triangles(A)
    for broker, end1, end2 in ((a, b, c), (b, a, c), (c, a, b)):
        # a closed pair is closed both ways: end1 -> broker -> end2 and back
        for first, last in ((end1, end2), (end2, end1)):
            np.subtract.at(counts, (broker, _role_index(group[first], group[broker],
                                                        group[last])), 1)
    return {node: dict(zip(ROLES, counts[i].tolist(), strict=True))
            for i, node in enumerate(A.nodes)}


def _role_index(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The position in :data:`ROLES` of the role of each broker ``b`` between ``a`` and ``c``
    (as :func:`_role`, on arrays of group numbers).

    >>> _role_index(np.array([0, 1, 0, 1, 1]), np.array([0, 0, 0, 0, 0]),
    ...             np.array([0, 1, 1, 0, 2])).tolist()
    [0, 1, 2, 3, 4]
    """
    return np.where((a == b) & (b == c), 0, np.where(
        a == c, 1, np.where(a == b, 2, np.where(b == c, 3, 4)))).astype(np.int64)


def roles_by_group(G: nx.Graph[Any], roles: Mapping[Any, Mapping[str, int]],
                   group: str | Mapping[Any, Hashable] = "group",
                   ) -> dict[Hashable, dict[str, int]]:
    """The role counts of :func:`brokerage_roles` summed over the brokers of each group.

    Parameters
    ----------
    G : networkx.Graph
        The graph the roles were counted on.
    roles : mapping
        The result of :func:`brokerage_roles`.
    group : str or mapping
        The grouping used for the roles.

    Returns
    -------
    dict
        Group to role counts, groups in order.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> groups = {"a": "X", "b": "X", "c": "Y"}
    >>> roles_by_group(G, brokerage_roles(G, groups), groups)["X"]["representative"]
    1
    """
    groups = _groups(G, group)
    totals: dict[Hashable, dict[str, int]] = {}
    for node, counts in roles.items():
        total = totals.setdefault(groups[node], dict.fromkeys(ROLES, 0))
        for role in ROLES:
            total[role] += counts.get(role, 0)
    return dict(sorted(totals.items(), key=lambda item: str(item[0])))


def _groups(G: nx.Graph[Any], group: str | Mapping[Any, Hashable]) -> dict[Any, Hashable]:
    found = ({n: G.nodes[n].get(group) for n in G} if isinstance(group, str)
             else {n: group.get(n) for n in G})
    missing = sorted(str(n) for n, g in found.items() if g is None)
    if missing:
        raise UsageError(f"no group for {len(missing)} node(s), such as {', '.join(missing[:3])}")
    return found


def _role(a: Hashable, b: Hashable, c: Hashable) -> str:
    if a == b == c:
        return "coordinator"
    if a == c:
        return "itinerant"
    if a == b:
        return "representative"
    if b == c:
        return "gatekeeper"
    return "liaison"
