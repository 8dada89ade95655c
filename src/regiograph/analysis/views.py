"""Simple views of a projection: the analyses read ties as undirected (centrality, communities,
robustness, paths, suggestions) or as directed arcs (brokerage roles), one edge per linked pair."""

from __future__ import annotations

from typing import Any

import networkx as nx

from regiograph.analysis.projection import summarise_ties

__all__ = ["directed", "undirected"]


def undirected(G: nx.Graph[Any]) -> nx.Graph[Any]:
    """``G`` as a simple undirected graph: one edge per linked pair, whatever the direction.

    The edges of a pair are merged: their ``ties`` are concatenated and the ``weight`` is the
    sum of their weights (edges without a weight count 1). Self-loops are dropped. A simple
    undirected graph is returned as it is.

    Examples
    --------
    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    >>> H = undirected(M)
    >>> sorted(H.edges(data="weight"))
    [('a', 'b', 2.0), ('b', 'c', 1.0)]
    """
    if type(G) is nx.Graph:
        return G
    H: nx.Graph[Any] = nx.Graph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if u != v:
            _merge(H, u, v, data)
    return H


def directed(G: nx.Graph[Any]) -> nx.DiGraph[Any]:
    """``G`` as a simple directed graph: parallel arcs merged, an undirected edge read as two arcs.

    Examples
    --------
    >>> D = directed(nx.path_graph(["a", "b", "c"]))
    >>> sorted(D.edges())
    [('a', 'b'), ('b', 'a'), ('b', 'c'), ('c', 'b')]
    """
    if type(G) is nx.DiGraph:
        return G
    D: nx.DiGraph[Any] = nx.DiGraph(**G.graph)
    D.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        _merge(D, u, v, data)
        if not G.is_directed():
            _merge(D, v, u, data)
    return D


def _merge(H: nx.Graph[Any], u: Any, v: Any, data: dict[str, Any]) -> None:
    weight = float(data.get("weight", 1.0))
    if not H.has_edge(u, v):
        H.add_edge(u, v, **{**data, "weight": weight, "ties": list(data.get("ties", []))})
        return
    edge = H.edges[u, v]
    if data.get("ties"):
        edge["ties"].extend(data["ties"])
        summarise_ties(edge)
    else:
        edge["weight"] += weight
