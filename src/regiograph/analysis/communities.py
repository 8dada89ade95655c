"""Communities: groups of stakeholders more tied to each other than to the rest, found by Louvain
with a fixed seed (the same data gives the same communities), and named after their most central
members."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from regiograph.analysis.centrality import weighted_degree
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
    found = nx.community.louvain_communities(H, weight=weight, resolution=resolution, seed=seed)
    return sorted((set(c) for c in found), key=lambda c: (-len(c), min(map(str, c))))


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
    """Name each part after its ``top`` most central members (default centrality: weighted
    degree), joined by "&". Members are listed from the most to the least central.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    parts : iterable of iterables
        The communities, in the order to number them.
    centrality : mapping, optional
        Node to centrality; default the weighted degree.
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
    rank = centrality if centrality is not None else weighted_degree(G)

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
