"""Robustness: the single points of failure of the network, and what falls apart without them.

Ties are read as undirected: a stakeholder stays reachable through a tie whichever way the
tie's predicate reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from regiograph.analysis.views import undirected

__all__ = ["Fragmentation", "articulation_points", "bridges", "fragmentation"]


@dataclass(frozen=True)
class Fragmentation:
    """What becomes of a node's connected component when the node leaves: the pieces, largest
    first (each sorted), and whether it falls apart (more than one piece)."""

    node: Any
    pieces: tuple[tuple[Any, ...], ...]

    @property
    def falls_apart(self) -> bool:
        """Whether the node held two or more pieces together."""
        return len(self.pieces) > 1

    @property
    def cut_off(self) -> tuple[Any, ...]:
        """The nodes outside the largest piece: those that lose their way to the rest."""
        return tuple(n for piece in self.pieces[1:] for n in piece)


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
    pairs = (tuple(sorted(edge, key=str)) for edge in nx.bridges(undirected(G)))
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
    component = nx.node_connected_component(H, node) - {node}
    rest = H.subgraph(component)
    pieces = [tuple(sorted(piece, key=str)) for piece in nx.connected_components(rest)]
    pieces.sort(key=lambda p: (-len(p), str(p[0])))
    return Fragmentation(node, tuple(pieces))
