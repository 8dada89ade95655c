"""The JSON exports: Cytoscape.js and D3."""

from __future__ import annotations

import json
from collections.abc import Mapping

from regiograph.model.style import style_of
from regiograph.publish.export.formats import GENERATOR, Value
from regiograph.publish.export.table import GraphTable

__all__ = ["to_cytoscape", "to_d3"]

_CYTOSCAPE_SHAPES = {"dot": "ellipse", "diamond": "diamond", "square": "rectangle",
                     "triangle": "triangle", "triangleDown": "vee", "hexagon": "hexagon",
                     "star": "star"}


def _json(document: object) -> bytes:
    """Compact-indented UTF-8 JSON in which ``<``, ``>`` and ``&`` are escaped, so that the file
    can also be inlined in an HTML ``<script>`` without a label closing it.

    >>> _json({"label": "</script>"})
    b'{\\n "label": "\\\\u003c/script\\\\u003e"\\n}\\n'
    """
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return (text + "\n").encode("utf-8")


def _present(row: Mapping[str, Value], skip: tuple[str, ...] = ()) -> dict[str, Value]:
    return {k: v for k, v in row.items() if v is not None and k not in skip}


def to_cytoscape(table: GraphTable) -> bytes:
    """Cytoscape.js JSON: ``elements.nodes[].data`` (with ``name``, the label Cytoscape shows,
    and ``shape``) and ``position``; ``elements.edges[].data`` with ``id``, ``source``,
    ``target`` and ``interaction`` (the relation), as Cytoscape's own ``.cyjs`` files.

    For ``networkx.cytoscape_graph`` too: each node's ``data.value`` is its id, the top level
    says ``directed`` and ``multigraph``, and a multigraph's edges have their ``key``."""
    nodes = []
    for node in table.nodes:
        data = {"id": node["id"], "value": node["id"], "name": node["label"],
                **_present(node, ("id", "x", "y"))}
        data["shape"] = _CYTOSCAPE_SHAPES.get(style_of(str(node.get("kind") or "")).shape,
                                              "ellipse")
        nodes.append({"data": data, "position": {"x": node["x"], "y": node["y"]}})
    edges = [{"data": {**_present(edge), "interaction": edge.get("relation") or edge["label"],
                       **({"key": edge["edge_key"]} if table.multigraph else {})}}
             for edge in table.edges]
    return _json({"format_version": "1.0", "generated_by": GENERATOR,
                  "target_cytoscapejs_version": "~3",
                  "directed": table.directed, "multigraph": table.multigraph,
                  "data": {"name": table.name, "projection": table.projection,
                           "directed": table.directed},
                  "elements": {"nodes": nodes, "edges": edges}})


def to_d3(table: GraphTable) -> bytes:
    """Node-link JSON as D3's force layout takes it: ``nodes`` (with ``id`` and the starting
    ``x`` and ``y``) and ``links`` whose ``source`` and ``target`` are node ids; the same shape
    as ``networkx.node_link_data(G, edges="links")``, so networkx reads it back."""
    return _json({"directed": table.directed, "multigraph": table.multigraph,
                  "graph": {"name": table.name, "projection": table.projection},
                  "nodes": [_present(node) for node in table.nodes],
                  "links": [_present(edge) for edge in table.edges]})
