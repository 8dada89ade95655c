"""The CSV exports: Gephi's spreadsheet import and neo4j-admin."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping

from regiograph.publish.export.formats import Value
from regiograph.publish.export.table import _B, _D, _I, _L, _S, GraphTable
from regiograph.publish.export.xml_formats import _text
from regiograph.untrusted import for_spreadsheet

__all__ = ["to_csv", "to_neo4j"]

_BOM = "\ufeff"


def _table(header: list[str], rows: Iterable[list[str]], bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    # the byte-order mark is for Excel: a file bound for a spreadsheet never holds a formula
    writer.writerows([for_spreadsheet(cell) for cell in row] if bom else row for row in rows)
    return ((_BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def to_csv(table: GraphTable) -> dict[str, bytes]:
    """``nodes.csv`` (``Id``, ``Label``, then the columns) and ``edges.csv`` (``Source``,
    ``Target``, ``Type``, ``Id``, ``Label``, ``Weight``, then the columns): the headers Gephi's
    spreadsheet import recognises. UTF-8 with a byte-order mark for Excel; lists joined by
    ``"; "``; booleans ``true``/``false``; a missing value is an empty cell."""
    node_names = [c.name for c in table.node_columns]
    nodes = _table(["Id", "Label", *node_names],
                   ([_text(n["id"]), _text(n["label"]), *(_text(n[c]) for c in node_names)]
                    for n in table.nodes), bom=True)
    edge_names = [c.name for c in table.edge_columns]
    kind = "Directed" if table.directed else "Undirected"
    edges = _table(["Source", "Target", "Type", "Id", "Label", "Weight", *edge_names],
                   ([_text(e["source"]), _text(e["target"]), kind, _text(e["id"]),
                     _text(e["label"]), _text(e["weight"]), *(_text(e[c]) for c in edge_names)]
                    for e in table.edges), bom=True)
    return {"nodes.csv": nodes, "edges.csv": edges}


_NEO4J_TYPES = {_S: "", _I: ":int", _D: ":double", _B: ":boolean", _L: ":string[]"}
_NEO4J_ARRAY = ";"  # neo4j-admin's default --array-delimiter


def _neo4j(value: Value) -> str:
    """A value in neo4j-admin's syntax: arrays joined by ``;`` (an item's own ``;`` becomes
    ``,``, since the importer cannot escape it).

    >>> _neo4j(["a", "b;c"]), _neo4j(False)
    ('a;b,c', 'false')
    """
    if isinstance(value, list):
        return _NEO4J_ARRAY.join(item.replace(_NEO4J_ARRAY, ",") for item in value)
    return _text(value)


def _neo4j_name(text: str, upper: bool) -> str:
    """A node label (``ResearchInstitute``) or relationship type (``SPIN_OFF_OF``).

    >>> _neo4j_name("research-institute", False), _neo4j_name("rg:spinOffOf", True)
    ('ResearchInstitute', 'SPIN_OFF_OF')
    """
    local = text.rsplit(":", 1)[-1]
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", local.replace("-", " "))
    if upper:
        return "_".join(w.upper() for w in words) or "TIED_TO"
    return "".join(w[:1].upper() + w[1:] for w in words)


def to_neo4j(table: GraphTable) -> dict[str, bytes]:
    """``nodes.csv`` and ``edges.csv`` for ``neo4j-admin database import full``: typed headers
    (``id:ID``, ``degree:int``, ``sectors:string[]``...), node labels ``Stakeholder`` and the
    kind (``Stakeholder;University``), and relationship types from the relation in a
    multigraph (``MEMBER_OF``) or ``TIED_TO`` in a weighted projection, whose edges merge
    several relations. Plain UTF-8, no byte-order mark."""
    node_header = ["id:ID", "label", *(c.name + _NEO4J_TYPES[c.type] for c in table.node_columns),
                   ":LABEL"]
    node_rows = ([_neo4j(n["id"]), _neo4j(n["label"]),
                  *(_neo4j(n[c.name]) for c in table.node_columns),
                  ";".join(filter(None, ["Stakeholder", _neo4j_name(str(n.get("kind") or ""),
                                                                    upper=False)]))]
                 for n in table.nodes)
    edge_header = [":START_ID", ":END_ID", ":TYPE", "id", "label", "weight:double",
                   *(c.name + _NEO4J_TYPES[c.type] for c in table.edge_columns)]
    edge_rows = ([_neo4j(e["source"]), _neo4j(e["target"]), _relationship_type(table, e),
                  _neo4j(e["id"]), _neo4j(e["label"]), _neo4j(e["weight"]),
                  *(_neo4j(e[c.name]) for c in table.edge_columns)]
                 for e in table.edges)
    return {"nodes.csv": _table(node_header, node_rows, bom=False),
            "edges.csv": _table(edge_header, edge_rows, bom=False)}


def _relationship_type(table: GraphTable, edge: Mapping[str, Value]) -> str:
    if table.multigraph and edge.get("relation"):
        return _neo4j_name(str(edge["relation"]), upper=True)
    return "TIED_TO"
