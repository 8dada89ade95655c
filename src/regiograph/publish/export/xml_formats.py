"""The XML exports: GraphML and GEXF 1.3."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from regiograph.model.style import style_of
from regiograph.publish.export.formats import GENERATOR, LIST_SEPARATOR, Value
from regiograph.publish.export.table import _B, _D, _I, _L, _S, Column, ColumnType, GraphTable

__all__ = ["to_gexf", "to_graphml"]

_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(value: object) -> str:
    """Text for XML: the characters XML 1.0 cannot hold become U+FFFD (ElementTree escapes the
    rest: markup in a label stays text).

    >>> _x("a\\x00b")
    'a\\ufffdb'
    """
    return _XML_FORBIDDEN.sub("\ufffd", str(value))


def _text(value: Value) -> str:
    """A value as the text formats write it: lists joined by ``"; "``, booleans in lower case.

    >>> _text(["health", "health-tech"]), _text(True), _text(2.0), _text(None)
    ('health; health-tech', 'true', '2.0', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


_GRAPHML_TYPES = {_S: "string", _I: "int", _D: "double", _B: "boolean", _L: "string"}


def to_graphml(table: GraphTable) -> bytes:
    """GraphML with a typed ``<key>`` per attribute; lists are text joined by ``"; "`` (the key's
    ``<desc>`` says so). Key ids are ``n_<name>``, ``e_<name>`` and ``g_<name>``, and Gephi
    reads ``label``, ``weight``, ``x``, ``y`` and ``size`` as its own properties."""
    root = ET.Element("graphml", {
        "xmlns": "http://graphml.graphdrawing.org/xmlns",
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:schemaLocation": "http://graphml.graphdrawing.org/xmlns "
                              "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    graph_columns = (Column("name", _S), Column("projection", _S))
    for scope, columns in (("graph", graph_columns),
                           ("node", (Column("label", _S), *table.node_columns)),
                           ("edge", (Column("label", _S), Column("weight", _D),
                                     *table.edge_columns))):
        for column in columns:
            _graphml_key(root, scope, column)
    graph = ET.SubElement(root, "graph", {
        "id": _x(table.projection or "G"),
        "edgedefault": "directed" if table.directed else "undirected"})
    _graphml_data(graph, "g", {"name": table.name, "projection": table.projection})
    for node in table.nodes:
        element = ET.SubElement(graph, "node", {"id": _x(node["id"])})
        _graphml_data(element, "n", {k: v for k, v in node.items() if k != "id"})
    for edge in table.edges:
        element = ET.SubElement(graph, "edge", {"id": _x(edge["id"]), "source": _x(edge["source"]),
                                                "target": _x(edge["target"])})
        _graphml_data(element, "e", {k: v for k, v in edge.items()
                                     if k not in ("id", "source", "target")})
    return _xml(root)


def _graphml_key(root: ET.Element, scope: str, column: Column) -> None:
    key = ET.SubElement(root, "key", {"id": f"{scope[0]}_{column.name}", "for": scope,
                                      "attr.name": column.name,
                                      "attr.type": _GRAPHML_TYPES[column.type]})
    if column.type is ColumnType.LIST:
        ET.SubElement(key, "desc").text = f'a list, its items joined by "{LIST_SEPARATOR}"'


def _graphml_data(element: ET.Element, prefix: str, values: Mapping[str, Value]) -> None:
    for name, value in values.items():
        if value is not None and value != []:
            ET.SubElement(element, "data", {"key": f"{prefix}_{name}"}).text = _x(_text(value))


_GEXF_TYPES = {_S: "string", _I: "integer", _D: "double", _B: "boolean", _L: "string"}
# GEXF 1.3's viz shapes are disc, square, triangle, diamond and image only: the views' hexagons
# and stars become the nearest of these (colours still tell the kinds apart)
_GEXF_SHAPES = {"dot": "disc", "diamond": "diamond", "square": "square", "triangle": "triangle",
                "triangleDown": "triangle", "hexagon": "square", "star": "diamond"}
_IN_VIZ = {"x", "y", "size"}  # GEXF keeps these in viz:position and viz:size


def to_gexf(table: GraphTable) -> bytes:
    """GEXF 1.3 for Gephi: ``viz:color`` by kind, ``viz:size`` from PageRank, ``viz:position``
    from the web view's layout (y negated: Gephi's y axis points up); edges have ``weight`` and
    ``label``, and in a multigraph a ``kind`` (the ``edge_key``) so that Gephi keeps parallel
    edges."""
    # no xsi:schemaLocation: the 1.3 RELAX NG schema allows no such attribute, and the published
    # XSD declares no viz element, so it could not validate the file anyway
    root = ET.Element("gexf", {
        "xmlns": "http://gexf.net/1.3", "xmlns:viz": "http://gexf.net/1.3/viz",
        "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = GENERATOR
    ET.SubElement(meta, "description").text = _x(table.name)
    graph = ET.SubElement(root, "graph", {
        "defaultedgetype": "directed" if table.directed else "undirected", "mode": "static"})
    node_columns = [c for c in table.node_columns if c.name not in _IN_VIZ]
    for scope, columns in (("node", node_columns), ("edge", table.edge_columns)):
        attributes = ET.SubElement(graph, "attributes", {"class": scope})
        for column in columns:
            ET.SubElement(attributes, "attribute", {"id": column.name, "title": column.name,
                                                    "type": _GEXF_TYPES[column.type]})
    nodes = ET.SubElement(graph, "nodes", {"count": str(len(table.nodes))})
    for node in table.nodes:
        _gexf_node(nodes, node, node_columns)
    edges = ET.SubElement(graph, "edges", {"count": str(len(table.edges))})
    for edge in table.edges:
        _gexf_edge(edges, edge, table.edge_columns)
    return _xml(root)


def _gexf_node(parent: ET.Element, node: Mapping[str, Value], columns: list[Column]) -> None:
    element = ET.SubElement(parent, "node", {"id": _x(node["id"]), "label": _x(node["label"])})
    _gexf_values(element, node, columns)
    style = style_of(str(node.get("kind") or ""))
    colour = str(node.get("colour") or style.colour).lstrip("#")
    ET.SubElement(element, "viz:color", {"r": str(int(colour[0:2], 16)),
                                         "g": str(int(colour[2:4], 16)),
                                         "b": str(int(colour[4:6], 16))})
    ET.SubElement(element, "viz:position", {"x": _text(node["x"]), "y": _text(_flip(node["y"])),
                                            "z": "0.0"})
    ET.SubElement(element, "viz:size", {"value": _text(node["size"])})
    ET.SubElement(element, "viz:shape", {"value": _GEXF_SHAPES.get(style.shape, "disc")})


def _flip(y: Value) -> float:
    """Gephi's y axis points up, the screen's down.

    >>> _flip(12.5), _flip(0.0)
    (-12.5, 0.0)
    """
    return 0.0 - float(y) if isinstance(y, int | float) else 0.0


def _gexf_edge(parent: ET.Element, edge: Mapping[str, Value], columns: tuple[Column, ...]) -> None:
    attributes = {"id": _x(edge["id"]), "source": _x(edge["source"]),
                  "target": _x(edge["target"]), "weight": _text(edge["weight"])}
    if edge["label"]:
        attributes["label"] = _x(edge["label"])
    if edge.get("edge_key"):
        attributes["kind"] = _x(edge["edge_key"])
    element = ET.SubElement(parent, "edge", attributes)
    _gexf_values(element, edge, columns)


def _gexf_values(element: ET.Element, row: Mapping[str, Value], columns: Iterable[Column]) -> None:
    present = [(c.name, row.get(c.name)) for c in columns if row.get(c.name) not in (None, [])]
    if present:
        values = ET.SubElement(element, "attvalues")
        for name, value in present:
            ET.SubElement(values, "attvalue", {"for": name, "value": _x(_text(value))})
