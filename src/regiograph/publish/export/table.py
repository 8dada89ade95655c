"""The graph as two typed tables, nodes and edges, that every graph format writes."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from regiograph.model.style import style_of
from regiograph.publish.export.formats import Value

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Column", "ColumnType", "GraphTable", "graph_table"]


class ColumnType(StrEnum):
    """The type of an attribute, as every format declares it."""

    STRING = "string"
    INT = "int"
    DOUBLE = "double"
    BOOLEAN = "boolean"
    LIST = "list"  # of strings


@dataclass(frozen=True)
class Column:
    """A node or edge attribute: its name and its type."""

    name: str
    type: ColumnType


@dataclass(frozen=True)
class GraphTable:
    """A projection as the formats write it: nodes and edges as rows, attributes as typed
    columns. Node rows hold ``id`` and ``label``, edge rows ``id``, ``source``, ``target``,
    ``label`` and ``weight``, then each row the values of its columns (``None`` when missing)."""

    name: str
    projection: str
    directed: bool
    multigraph: bool
    node_columns: tuple[Column, ...]
    edge_columns: tuple[Column, ...]
    nodes: tuple[dict[str, Value], ...]
    edges: tuple[dict[str, Value], ...]


_S, _I, _D, _B, _L = (ColumnType.STRING, ColumnType.INT, ColumnType.DOUBLE, ColumnType.BOOLEAN,
                      ColumnType.LIST)
#: The node columns in their order; those of the projection are kept only when it has them.
_NODE_COLUMNS = (
    Column("kind", _S), Column("kind_label", _S), Column("helix", _S), Column("sector_group", _S),
    Column("sectors", _L), Column("iri", _S), Column("bipartite", _I), Column("colour", _S),
    Column("size", _D), Column("x", _D), Column("y", _D), Column("degree", _I),
    Column("weighted_degree", _D), Column("pagerank", _D), Column("betweenness", _D),
    Column("community", _I), Column("community_name", _S), Column("articulation_point", _B))
_COMPUTED = {"kind_label", "colour", "size", "x", "y", "degree", "weighted_degree", "pagerank",
             "betweenness", "community", "community_name", "articulation_point"}
_EDGE_COLUMNS = (Column("relation", _S), Column("label_from", _S), Column("sources", _L),
                 Column("source_titles", _L), Column("edge_key", _S))
_SKIPPED = {"label", "weight", "ties", "viz", "id", "source", "target"}


def graph_table(G: nx.Graph[Any]) -> GraphTable:
    """The projection ``G`` as typed tables, with style, positions and metrics added.

    Parameters
    ----------
    G : networkx.Graph
        A projection (see :func:`regiograph.analysis.projection.project`) or any graph whose nodes may
        have ``label`` and ``kind``; directed graphs and multigraphs are kept as they are.

    Returns
    -------
    GraphTable
        Nodes sorted by id, edges by source, target and key (an undirected edge runs the way
        its label reads, "rega-institute, part of, ku-leuven"; the smaller id first when the
        label has no direction), numbered ``e1``, ``e2``... Attributes that are not text,
        numbers, booleans or lists of text (such as ``ties``) are left out.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("b", "a", {"weight": 2.0, "relation": "rg:spinOffOf"})])
    >>> nx.set_node_attributes(G, {"a": "company", "b": "university"}, "kind")
    >>> table = graph_table(G)
    >>> [(n["id"], n["kind_label"], n["colour"], n["degree"]) for n in table.nodes]
    [('a', 'company', '#E69F00', 1), ('b', 'university', '#0072B2', 1)]
    >>> [(e["id"], e["source"], e["target"], e["weight"], e["relation"]) for e in table.edges]
    [('e1', 'a', 'b', 2.0, 'rg:spinOffOf')]
    """
    computed = _computed(G)
    node_data = {str(n): dict(d) for n, d in G.nodes(data=True)}
    for node, values in computed.items():
        node_data[node].update(values)
    node_columns = _columns(_NODE_COLUMNS, node_data.values(), always=_COMPUTED)
    nodes = tuple(_node_row(node, node_data[node], node_columns) for node in sorted(node_data))
    edge_data = _edge_data(G)
    edge_columns = _columns(_EDGE_COLUMNS, (d for _s, _t, d in edge_data), always=set())
    edges = tuple(_edge_row(i, s, t, d, edge_columns)
                  for i, (s, t, d) in enumerate(edge_data, start=1))
    name = str(G.graph.get("name") or G.graph.get("projection") or "graph")
    return GraphTable(name, str(G.graph.get("projection", "")), G.is_directed(),
                      G.is_multigraph(), node_columns, edge_columns, nodes, edges)


def _computed(G: nx.Graph[Any]) -> dict[str, dict[str, Value]]:
    """Per node: its look (kind label, colour, position, size) and its metrics."""
    from regiograph.analysis.layout import positions

    metrics = _metrics(G)
    place = positions(G)
    values: dict[str, dict[str, Value]] = {}
    for node, data in G.nodes(data=True):
        style = style_of(str(data.get("kind", "")))
        values[str(node)] = {"kind_label": style.label, "colour": style.colour,
                             "x": place[node][0], "y": place[node][1],
                             **{name: column.get(node) for name, column in metrics.items()}}
    return values


def _metrics(G: nx.Graph[Any]) -> dict[str, dict[Any, Value]]:
    """The metrics by name and node, as ``regiograph analyze`` computes them
    (:class:`~regiograph.analysis.metrics.Measures`); and the size that Gephi draws, from 10 to
    50 with an area that grows as PageRank."""
    from regiograph.analysis.metrics import Measures

    m = Measures(G)
    rank = m.pagerank
    points = set(m.articulation_points)
    top = max(rank.values(), default=0.0) or 1.0
    return {
        "size": {n: round(10.0 + 40.0 * math.sqrt(v / top), 1) for n, v in rank.items()},
        "degree": dict(m.degree),
        "weighted_degree": {n: _round(v) for n, v in m.weighted_degree.items()},
        "pagerank": {n: _round(v) for n, v in rank.items()},
        "betweenness": {n: _round(v) for n, v in m.betweenness.items()},
        "community": {n: c.index for n, c in m.community_of.items()},
        "community_name": {n: c.name for n, c in m.community_of.items()},
        "articulation_point": {n: n in points for n in m.graph},
    }


def _round(value: float) -> float:
    """10 significant digits: enough for any analysis, and stable across platforms.

    >>> _round(0.1 + 0.2)
    0.3
    """
    return float(f"{value:.10g}")


def _edge_data(G: nx.Graph[Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """The edges as (source, target, attributes), sorted; an undirected edge from the end its
    label reads from (:func:`~regiograph.analysis.projection.direction`: "rega-institute, part
    of, ku-leuven"), or the smaller id first when its label has no direction."""
    from regiograph.analysis.projection import direction

    rows = []
    if G.is_multigraph():
        multi = cast("nx.MultiGraph[Any]", G)
        items: Iterable[tuple[Any, Any, Any, dict[str, Any]]] = multi.edges(keys=True, data=True)
    else:
        items = ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, key, data in items:
        source, target = (str(u), str(v)) if G.is_directed() else map(str, direction(u, v, data))
        attributes = dict(data)
        if key is not None:
            attributes["edge_key"] = str(key)
        if not G.is_directed():  # for readers that forget which end of an undirected edge is first
            attributes["label_from"] = source
        rows.append((source, target, attributes))
    rows.sort(key=lambda r: (r[0], r[1], str(r[2].get("edge_key", ""))))
    return rows


def _columns(known: tuple[Column, ...], rows: Iterable[Mapping[str, Any]],
             always: set[str]) -> tuple[Column, ...]:
    """The known columns present in the rows (or always computed), then any others, typed."""
    seen: dict[str, list[Any]] = {}
    for row in rows:
        for name, value in row.items():
            if name not in _SKIPPED and value is not None:
                seen.setdefault(name, []).append(value)
    columns = [c for c in known if c.name in seen or c.name in always]
    names = {c.name for c in known}
    for name in sorted(set(seen) - names):
        kind = _infer(seen[name])
        if kind is not None:
            columns.append(Column(name, kind))
    return tuple(columns)


def _infer(values: list[Any]) -> ColumnType | None:
    """The type of a column from its values; ``None`` when some cannot be written.

    >>> [str(_infer(v)) for v in ([1, 2], [1, 2.5], [True], [["a"], ("b",)], [{}])]
    ['int', 'double', 'boolean', 'list', 'None']
    """
    if all(isinstance(v, bool) for v in values):
        return ColumnType.BOOLEAN
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return ColumnType.INT
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return ColumnType.DOUBLE
    if all(isinstance(v, str) for v in values):
        return ColumnType.STRING
    if all(isinstance(v, list | tuple) and all(isinstance(i, str) for i in v) for v in values):
        return ColumnType.LIST
    return None


def _cast(value: Any, kind: ColumnType) -> Value:
    if value is None:
        return None
    if kind is ColumnType.LIST:
        return [str(item) for item in value]
    if kind is ColumnType.DOUBLE:
        return _round(float(value))
    if kind is ColumnType.INT:
        return int(value)
    if kind is ColumnType.BOOLEAN:
        return bool(value)
    return str(value)


def _node_row(node: str, data: Mapping[str, Any], columns: tuple[Column, ...]
              ) -> dict[str, Value]:
    row: dict[str, Value] = {"id": node, "label": str(data.get("label") or node)}
    row.update({c.name: _cast(data.get(c.name), c.type) for c in columns})
    return row


def _edge_row(index: int, source: str, target: str, data: Mapping[str, Any],
              columns: tuple[Column, ...]) -> dict[str, Value]:
    row: dict[str, Value] = {"id": f"e{index}", "source": source, "target": target,
                             "label": str(data.get("label") or ""),
                             "weight": _round(float(data.get("weight", 1.0)))}
    row.update({c.name: _cast(data.get(c.name), c.type) for c in columns})
    return row
