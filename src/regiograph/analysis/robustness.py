"""Robustness: the single points of failure of the network, and what falls apart without them.

Ties are read as undirected: a stakeholder stays reachable through a tie whichever way the
tie's predicate reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import networkx as nx

from regiograph.analysis.views import undirected

__all__ = ["Fragmentation", "articulation_points", "bridges", "fragmentation", "fragmentations"]


@dataclass(frozen=True)
class Fragmentation:
    """What becomes of a node's connected component when the node leaves: the pieces, largest
    first (each sorted), and whether it falls apart (more than one piece).

    The largest piece is kept as its size, and made from the component only when ``pieces``
    is read: a network's articulation points would otherwise hold a copy of nearly the whole
    network each.
    """

    node: Any
    #: Every piece but the largest, largest first, each sorted.
    others: tuple[tuple[Any, ...], ...]
    #: The number of nodes of the largest piece (0 when the node was alone).
    largest_size: int
    #: The node's component, sorted: the largest piece is what the others and the node leave.
    component: tuple[Any, ...] = field(repr=False, compare=False)

    @property
    def pieces(self) -> tuple[tuple[Any, ...], ...]:
        """The pieces, largest first (ties by their first node), each sorted."""
        if not self.largest_size:
            return self.others
        gone = {self.node, *self.cut_off}
        return (tuple(n for n in self.component if n not in gone), *self.others)

    @property
    def falls_apart(self) -> bool:
        """Whether the node held two or more pieces together."""
        return bool(self.others)

    @property
    def cut_off(self) -> tuple[Any, ...]:
        """The nodes outside the largest piece: those that lose their way to the rest."""
        return tuple(n for piece in self.others for n in piece)


def articulation_points(G: nx.Graph[Any]) -> list[Any]:
    """The nodes whose departure splits their connected component, sorted.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.

    Returns
    -------
    list
        The articulation points, sorted.

    Examples
    --------
    Two triangles joined by the edge 2-3:

    >>> articulation_points(nx.barbell_graph(3, 0))
    [2, 3]
    """
    return sorted(nx.articulation_points(undirected(G)), key=str)


def bridges(G: nx.Graph[Any]) -> list[tuple[Any, Any]]:
    """The edges whose removal splits their connected component, each as a sorted pair, sorted.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.

    Returns
    -------
    list of tuple
        The bridges, sorted.

    Examples
    --------
    >>> bridges(nx.barbell_graph(3, 0))
    [(2, 3)]
    """
    # a tree edge of a depth-first search is a bridge when no back edge leaves the subtree
    # below it (networkx's chain decomposition took 0.4 s on 7,000 nodes, this 0.05 s)
    search = _Search(undirected(G), set())
    pairs = (tuple(sorted((parent, node), key=str)) for node, parent in search.parent.items()
             if search.low[node] > search.number[parent])
    return sorted(((u, v) for u, v in pairs), key=lambda e: (str(e[0]), str(e[1])))


def fragmentation(G: nx.Graph[Any], node: Any) -> Fragmentation:
    """The pieces that ``node``'s component falls into when ``node`` leaves.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    node
        The stakeholder who leaves.

    Returns
    -------
    Fragmentation
        The pieces left behind, largest first.

    Examples
    --------
    Without node 2, the barbell falls into the other triangle and the pair left behind:

    >>> f = fragmentation(nx.barbell_graph(3, 0), 2)
    >>> f.pieces, f.falls_apart, f.cut_off
    (((3, 4, 5), (0, 1)), True, (0, 1))
    """
    H = undirected(G)
    component = nx.node_connected_component(H, node)
    rest = H.subgraph(component - {node})
    pieces = [tuple(sorted(piece, key=str)) for piece in nx.connected_components(rest)]
    pieces.sort(key=lambda p: (-len(p), str(p[0])))
    return Fragmentation(node, tuple(pieces[1:]), len(pieces[0]) if pieces else 0,
                         tuple(sorted(component, key=str)))


def fragmentations(G: nx.Graph[Any], nodes: Iterable[Any]) -> list[Fragmentation]:
    """:func:`fragmentation` of each of ``nodes``, from one depth-first search of the graph.

    A node's pieces are the subtrees of its depth-first children that no back edge leads out
    of (Hopcroft and Tarjan's articulation test), and the rest of its component; so the whole
    costs one search plus the nodes cut off, instead of a search of the component per node.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    nodes : iterable
        The stakeholders who leave, one at a time (typically the articulation points).

    Returns
    -------
    list of Fragmentation
        One per node, in the order given.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> [f.cut_off for f in fragmentations(G, [2, 3, 0])] == [
    ...     fragmentation(G, n).cut_off for n in (2, 3, 0)]
    True
    """
    H = undirected(G)
    wanted = list(nodes)
    search = _Search(H, {n for n in wanted if n in H})
    return [search.fragmentation(n) for n in wanted]


class _Search:
    """One iterative depth-first search from every node in order: preorder numbers, parents,
    subtree sizes and low points (the smallest preorder number a subtree reaches by one back
    edge)."""

    def __init__(self, H: nx.Graph[Any], wanted: set[Any]) -> None:
        self.order: list[Any] = []  # the nodes in preorder
        self.number: dict[Any, int] = {}
        self.size: dict[Any, int] = {}
        self.low: dict[Any, int] = {}
        self.children: dict[Any, list[Any]] = {n: [] for n in wanted}
        self.root: dict[Any, Any] = {}
        self.parent: dict[Any, Any] = {}  # of each node but the roots, in the search's tree
        self.components: dict[Any, tuple[Any, ...]] = {}
        adj = cast("Any", H)._adj
        for start in H:
            if start in self.number:
                continue
            self._visit(adj, start, wanted)

    def _visit(self, adj: Any, start: Any, wanted: set[Any]) -> None:
        first = len(self.order)
        self.number[start] = self.low[start] = first
        self.order.append(start)
        self.root[start] = start
        stack = [(start, None, iter(adj[start]))]
        while stack:
            node, parent, neighbours = stack[-1]
            for nbr in neighbours:
                if nbr == node:
                    continue
                if nbr not in self.number:
                    self.number[nbr] = self.low[nbr] = len(self.order)
                    self.order.append(nbr)
                    self.root[nbr] = start
                    self.parent[nbr] = node
                    if node in self.children:
                        self.children[node].append(nbr)
                    stack.append((nbr, node, iter(adj[nbr])))
                    break
                if nbr != parent:
                    self.low[node] = min(self.low[node], self.number[nbr])
            else:
                stack.pop()
                self.size[node] = len(self.order) - self.number[node]
                if parent is not None:
                    self.low[parent] = min(self.low[parent], self.low[node])
        self.components[start] = tuple(sorted(self.order[first:], key=str))

    def fragmentation(self, node: Any) -> Fragmentation:
        start = self.root[node]
        component = self.components[start]
        number = self.number[node]
        # the children whose subtree no back edge leaves: each is a piece; the rest is one more
        split = [c for c in self.children[node] if self.low[c] >= number]
        spans = [(self.number[c], self.size[c]) for c in split]
        rest = len(component) - 1 - sum(size for _, size in spans)
        sizes = [size for _, size in spans] + ([rest] if rest > 0 else [])
        if not sizes:
            return Fragmentation(node, (), 0, component)
        biggest = max(sizes)
        pieces: list[tuple[Any, ...]] = []
        for (begin, size) in spans:
            if size < biggest or sizes.count(biggest) > 1:
                pieces.append(tuple(sorted(self.order[begin:begin + size], key=str)))
        if rest > 0 and (rest < biggest or sizes.count(biggest) > 1):
            pieces.append(self._rest(node, spans))
        pieces.sort(key=lambda p: (-len(p), str(p[0])))
        if len(pieces) == len(sizes):  # a tie for the largest: it was made to find the first
            pieces = pieces[1:]
        return Fragmentation(node, tuple(pieces), biggest, component)

    def _rest(self, node: Any, spans: list[tuple[int, int]]) -> tuple[Any, ...]:
        """The component but the node and its split-off subtrees."""
        number = self.number[node]
        begin = self.number[self.root[node]]
        end = begin + self.size[self.root[node]]
        keep = [(begin, number), (number + self.size[node], end)]
        inside = number + 1
        for start, size in sorted(spans):
            keep.append((inside, start))
            inside = start + size
        keep.append((inside, number + self.size[node]))
        found = [n for lo, hi in keep for n in self.order[lo:hi]]
        return tuple(sorted(found, key=str))
