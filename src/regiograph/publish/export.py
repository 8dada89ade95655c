"""Every output format of regiograph, so that analysts open the graph in their own tools at the
first try: RDF for SPARQL and linked-data tools, and a projection (see
:mod:`regiograph.analysis.projection`) as GraphML, GEXF, Cytoscape.js JSON, D3 JSON and CSV.

============= ==================== ===========================================================
format        file(s)              opens in
============= ==================== ===========================================================
``turtle``    ``graph.ttl``        any RDF tool: the merged graph
``ntriples``  ``graph.nt``         any RDF tool, line by line
``nquads``    ``dataset.nq``       any RDF store: one named graph per cited source
``trig``      ``dataset.trig``     the same dataset, readable
``jsonld``    ``graph.jsonld``     JSON-LD with its readable context embedded
``rdfxml``    ``graph.rdf``        RDF/XML, only when asked for (never in ``--all``)
``owl-dl``    ``graph-dl.ttl``     OWL 2 DL reasoners (HermiT, Protégé): ontology and graph, dates
                                   as ``xsd:dateTime`` (:mod:`~regiograph.publish.owldl`); only
                                   when asked for
``graphml``   ``graph.graphml``    yEd, Cytoscape, Gephi, igraph, networkx
``gexf``      ``graph.gexf``       Gephi (GEXF 1.3): colours, sizes and positions of the web view
``cytoscape`` ``graph.cyjs``       Cytoscape (desktop) and Cytoscape.js
``d3``        ``graph.d3.json``    D3 force layouts (``nodes`` and ``links``), networkx
``csv``       ``nodes.csv``,       Gephi's spreadsheet import, Excel, pandas
              ``edges.csv``
``neo4j``     ``nodes.csv``,       ``neo4j-admin database import full``
              ``edges.csv``
============= ==================== ===========================================================

Choices the formats share, so that every tool sees the same graph:

- Nodes carry the projection's attributes (``label``, ``kind``, ``helix``, ``sector_group``,
  ``sectors``, ``iri``), the look of the web views (``kind_label`` and ``colour`` from
  :mod:`regiograph.model.style`, ``x`` and ``y`` from :func:`regiograph.analysis.layout.positions`, ``size``
  from PageRank) and metrics computed here with the functions and seeds of
  ``regiograph analyze`` (``degree``, ``weighted_degree``, ``pagerank``, ``betweenness``,
  ``community``, ``community_name``, ``articulation_point``), so they agree with its
  ``metrics.csv`` and never depend on whether an analysis was run. Edges carry ``label``,
  ``weight``, ``relation``, ``sources``, ``source_titles`` (and in a multigraph ``edge_key``,
  the networkx key); the ``ties`` objects are not exported.
- An edge runs from ``source`` to ``target`` the way its ``label`` reads ("rega-institute, part
  of, ku-leuven"): an undirected edge from the subject of its leading tie, the ties that run the
  other way read by their inverse label (see
  :func:`regiograph.analysis.projection.summarise_ties`), with ``label_from`` naming that end
  for readers that forget the order of an undirected edge's ends (networkx, igraph).
- Lists are JSON arrays in the JSON formats, neo4j-admin arrays (``;``) in the neo4j files, and
  text joined by ``"; "`` elsewhere (GraphML, GEXF and CSV have no list type every tool reads).
- Metrics are rounded to 10 significant digits and rows are sorted, so two exports of the same
  data are byte-identical; files are written atomically.
- ``x`` and ``y`` are screen coordinates (y grows downwards), as in the web views, Cytoscape and
  D3; GEXF's ``viz:position`` has y growing upwards, as Gephi draws it, so its y is negated.
- The Gephi CSV files start with a UTF-8 byte-order mark, without which Excel reads them as
  the local 8-bit code page (Gephi and pandas skip it); the neo4j files have none.
- XML never carries markup from the data: labels are escaped text, and characters that XML 1.0
  forbids (control characters) become U+FFFD.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from regiograph.atomic import MARKER, replace_folder, write_file
from regiograph.errors import DataError, Issue, OutputError, UsageError
from regiograph.model.style import style_of
from regiograph.untrusted import for_spreadsheet, for_terminal
from regiograph.version import __version__

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

    from regiograph.store.embedded import GraphStore

__all__ = [
    "Column",
    "ColumnType",
    "ExportFormat",
    "GraphTable",
    "Value",
    "graph_table",
    "readme",
    "render",
    "to_csv",
    "to_cytoscape",
    "to_d3",
    "to_gexf",
    "to_graphml",
    "to_neo4j",
    "to_rdf",
    "write",
    "write_all",
]

Value = str | int | float | bool | list[str] | None
GENERATOR = f"regiograph {__version__}"
LIST_SEPARATOR = "; "


# ---------------------------------------------------------------------------------------------
# Formats


@dataclass(frozen=True)
class _Spec:
    target: str  # the file, or the folder of a multi-file format, in an --all folder
    files: tuple[str, ...]
    what: str
    opens_in: str


class ExportFormat(StrEnum):
    """The output formats, by the name ``regiograph export --format`` takes."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"
    OWL_DL = "owl-dl"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CYTOSCAPE = "cytoscape"
    D3 = "d3"
    CSV = "csv"
    NEO4J = "neo4j"

    @property
    def spec(self) -> _Spec:
        return _SPECS[self.value]

    @property
    def is_rdf(self) -> bool:
        """Whether the format writes the RDF dataset rather than a projection."""
        return self in _RDF_FORMATS

    @property
    def files(self) -> tuple[str, ...]:
        """The names of the files the format writes (two for the CSV formats)."""
        return self.spec.files

    @property
    def is_folder(self) -> bool:
        """Whether the format writes several files, and so needs a folder.

        >>> ExportFormat.CSV.is_folder, ExportFormat.GEXF.is_folder
        (True, False)
        """
        return len(self.files) > 1

    @property
    def in_all(self) -> bool:
        """Whether ``--all`` writes the format (every one but RDF/XML and the OWL 2 DL variant)."""
        return self not in (ExportFormat.RDFXML, ExportFormat.OWL_DL)

    @classmethod
    def parse(cls, name: str | ExportFormat) -> ExportFormat:
        """The format called ``name``; a :class:`UsageError` names the choices otherwise.

        >>> ExportFormat.parse("GraphML") is ExportFormat.GRAPHML
        True
        """
        try:
            return cls(str(name).lower())
        except ValueError:
            choices = ", ".join(f.value for f in cls)
            raise UsageError(f"unknown format {name!r}; choose one of {choices}") from None


_RDF_FORMATS = {ExportFormat.TURTLE, ExportFormat.NTRIPLES, ExportFormat.NQUADS, ExportFormat.TRIG,
                ExportFormat.JSONLD, ExportFormat.RDFXML, ExportFormat.OWL_DL}
_TABLES = ("nodes.csv", "edges.csv")
_SPECS = {
    "turtle": _Spec("graph.ttl", ("graph.ttl",), "the merged graph in Turtle (every fact once)",
                    "any RDF tool: rdflib, Apache Jena, Protégé, GraphDB"),
    "ntriples": _Spec("graph.nt", ("graph.nt",), "the merged graph in N-Triples, one fact a line",
                      "any RDF tool; grep"),
    "nquads": _Spec("dataset.nq", ("dataset.nq",), "the dataset in N-Quads: one named graph per "
                    "cited source, and the provenance graph", "any RDF store (Oxigraph, Jena)"),
    "trig": _Spec("dataset.trig", ("dataset.trig",), "the same dataset in TriG",
                  "any RDF store; readable"),
    "jsonld": _Spec("graph.jsonld", ("graph.jsonld",), "the merged graph as JSON-LD, with its "
                    "readable context embedded", "JSON-LD processors (pyld, jsonld.js); any JSON "
                    "tool"),
    "rdfxml": _Spec("graph.rdf", ("graph.rdf",), "the merged graph in RDF/XML",
                    "older RDF tools"),
    "owl-dl": _Spec("graph-dl.ttl", ("graph-dl.ttl",), "the ontology, the kind vocabulary and "
                    "the merged graph in Turtle, dates as xsd:dateTime (OWL 2 DL)",
                    "OWL 2 DL reasoners: HermiT, Pellet, Protégé"),
    "graphml": _Spec("graph.graphml", ("graph.graphml",), "the projection in GraphML with a "
                     "typed key per attribute", "yEd, Cytoscape, Gephi, igraph, networkx"),
    "gexf": _Spec("graph.gexf", ("graph.gexf",), "the projection in GEXF 1.3 with the colours, "
                  "sizes and positions of the web view", "Gephi"),
    "cytoscape": _Spec("graph.cyjs", ("graph.cyjs",), "the projection as Cytoscape.js JSON "
                       "(elements with data and position)", "Cytoscape, Cytoscape.js"),
    "d3": _Spec("graph.d3.json", ("graph.d3.json",), "the projection as node-link JSON "
                "(nodes and links)", "D3 (d3-force), networkx.node_link_graph"),
    "csv": _Spec("csv", _TABLES, "the projection as a nodes table and an edges table with "
                 "Gephi's headers (UTF-8 with a byte-order mark)", "Gephi, Excel, pandas"),
    "neo4j": _Spec("neo4j", _TABLES, "the projection as neo4j-admin import files",
                   "Neo4j (neo4j-admin database import full)"),
}


# ---------------------------------------------------------------------------------------------
# The graph as two typed tables


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


# ---------------------------------------------------------------------------------------------
# RDF


def to_rdf(store: GraphStore, fmt: ExportFormat | str, dataset: _Dataset | None = None) -> bytes:
    """The dataset of ``store`` in an RDF format, as ``regiograph build`` writes it.

    Parameters
    ----------
    store : GraphStore
        A store holding a build (see :func:`regiograph.build.load_built`).
    fmt : ExportFormat or str
        An RDF format. Triple formats get the merged graph; N-Quads and TriG every named graph
        but the ontology's; JSON-LD the context made from the store's ontology.
    dataset : optional
        The store's quads, already read and sorted for another format (``write_all`` writes
        five formats from one reading).

    Returns
    -------
    bytes
        The serialisation, sorted, so the same data gives the same bytes.
    """
    from regiograph.store.embedded import RdfFormat, serialize_sorted
    from regiograph.store.jsonld import context, to_jsonld

    fmt = ExportFormat.parse(fmt)
    if not fmt.is_rdf:
        raise UsageError(f"{fmt.value} is not an RDF format")
    dataset = dataset or _Dataset(store)
    if fmt is ExportFormat.JSONLD:
        return to_jsonld(dataset.quads, context(dataset.ontology))
    if fmt is ExportFormat.OWL_DL:
        from regiograph.namespaces import ONTOLOGY_GRAPH
        from regiograph.publish.owldl import owl_dl_triples
        from regiograph.store.embedded import sorted_triples

        merged = sorted_triples([*store.quads(ONTOLOGY_GRAPH), *dataset.quads])
        return serialize_sorted(owl_dl_triples(merged), RdfFormat.TURTLE) or b""
    rdf_format = next(f for f in RdfFormat if f.key == fmt.value)  # the same names
    items = dataset.sorted_quads if rdf_format.is_dataset else dataset.sorted_triples
    content = serialize_sorted(items, rdf_format) or b""
    if fmt is ExportFormat.RDFXML:
        _check_xml(content)
    return content


def _check_xml(content: bytes) -> None:
    """RDF/XML cannot hold most control characters (XML 1.0 forbids them): say so rather than
    write a file no XML reader opens."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(content, True)
    except expat.ExpatError as exc:
        line = content.splitlines()[exc.lineno - 1][:120].decode("utf-8", "replace")
        raise DataError([Issue(Path("graph.rdf"), exc.lineno, exc.offset + 1, "",
                               f"the graph cannot be written as RDF/XML: {expat.errors.messages[exc.code]} "
                               f"in {for_terminal(line)!r} (XML 1.0 forbids control characters)",
                               "export as ntriples, turtle or jsonld, or remove the control "
                               "character from the data")]) from None


class _Dataset:
    """The quads of a store but the ontology's, read once, and sorted once for the quad formats
    and once for the triple formats (as ``store.serialize`` would sort them each time)."""

    def __init__(self, store: GraphStore) -> None:
        from regiograph.namespaces import ONTOLOGY_GRAPH

        self.store = store
        self.quads = [q for g in store.graphs() if g != ONTOLOGY_GRAPH for q in store.quads(g)]
        self._sorted: dict[str, list[Any]] = {}

    @property
    def ontology(self) -> list[ox.Triple]:
        from regiograph.namespaces import ONTOLOGY_GRAPH
        from regiograph.store.embedded import sorted_triples

        return sorted_triples(self.store.quads(ONTOLOGY_GRAPH))

    @property
    def sorted_quads(self) -> list[ox.Quad]:
        from regiograph.store.embedded import sorted_quads

        if "quads" not in self._sorted:
            self._sorted["quads"] = sorted_quads(self.quads)
        return cast("list[ox.Quad]", self._sorted["quads"])

    @property
    def sorted_triples(self) -> list[ox.Triple]:
        from regiograph.store.embedded import sorted_triples

        if "triples" not in self._sorted:
            self._sorted["triples"] = sorted_triples(self.quads)
        return cast("list[ox.Triple]", self._sorted["triples"])


# ---------------------------------------------------------------------------------------------
# XML: GraphML and GEXF

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


# ---------------------------------------------------------------------------------------------
# JSON: Cytoscape.js and D3

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


# ---------------------------------------------------------------------------------------------
# CSV: Gephi's spreadsheet import and neo4j-admin

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


# ---------------------------------------------------------------------------------------------
# Rendering and writing

_GRAPH_WRITERS: dict[ExportFormat, Callable[[GraphTable], dict[str, bytes]]] = {
    ExportFormat.GRAPHML: lambda t: {"graph.graphml": to_graphml(t)},
    ExportFormat.GEXF: lambda t: {"graph.gexf": to_gexf(t)},
    ExportFormat.CYTOSCAPE: lambda t: {"graph.cyjs": to_cytoscape(t)},
    ExportFormat.D3: lambda t: {"graph.d3.json": to_d3(t)},
    ExportFormat.CSV: to_csv,
    ExportFormat.NEO4J: to_neo4j,
}


def render(store: GraphStore, fmt: ExportFormat | str, projection: str = "organisations",
           table: GraphTable | None = None, dataset: _Dataset | None = None) -> dict[str, bytes]:
    """The files of one format, in memory.

    Parameters
    ----------
    store : GraphStore
        The built dataset.
    fmt : ExportFormat or str
        The format.
    projection : str
        The projection that graph formats write (ignored by RDF formats).
    table : GraphTable, optional
        The projection already tabled, to write several formats from one table.
    dataset : optional
        The store's quads already read (and sorted), to write several RDF formats.

    Returns
    -------
    dict of str to bytes
        The file names of :attr:`ExportFormat.files` and their contents.
    """
    fmt = ExportFormat.parse(fmt)
    if fmt.is_rdf:
        return {fmt.files[0]: to_rdf(store, fmt, dataset)}
    if table is None:
        from regiograph.analysis.projection import project

        table = graph_table(project(store, projection))
    return _GRAPH_WRITERS[fmt](table)


def write(store: GraphStore, fmt: ExportFormat | str, out: Path,
          projection: str = "organisations", build: str | None = None) -> list[Path]:
    """Write one format atomically.

    Parameters
    ----------
    store : GraphStore
        The built dataset.
    fmt : ExportFormat or str
        The format.
    out : Path
        The file to write, or a folder to write the format's file into; for the CSV formats, the
        folder that receives ``nodes.csv``, ``edges.csv`` and ``manifest.json``, replaced whole.
    projection : str
        The projection that graph formats write.
    build : str, optional
        The id of the build the store holds (:func:`~regiograph.atomic.build_id`), recorded in
        the manifest of a folder output.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputError
        When a file cannot be written; the previous one is left as it was.
    UsageError
        When ``out`` is a folder of other files, or the format or projection is unknown.
    """
    fmt = ExportFormat.parse(fmt)
    files = render(store, fmt, projection)
    if fmt.is_folder:
        replace_folder(out, lambda folder: _write_folder(folder, files, projection, [fmt]),
                       "export", build=build)
        return [out / name for name in files]
    path = out / fmt.files[0] if out.is_dir() else out
    try:
        write_file(path, files[fmt.files[0]])
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return [path]


def write_all(store: GraphStore, out: Path, projection: str = "organisations",
              build: str | None = None) -> list[str]:
    """Write every format but RDF/XML into one folder, with a README.

    Parameters
    ----------
    store : GraphStore
        The built dataset.
    out : Path
        The folder, replaced as a whole only when every file was written (a folder of other
        files is refused). Single-file formats are at its top, the CSV formats in ``csv/`` and
        ``neo4j/``; ``README.md`` names what each file is for and which tool opens it, and
        ``manifest.json`` holds the SHA-256 of each.
    projection : str
        The projection that graph formats write.
    build : str, optional
        The id of the build the store holds, recorded in the manifest.

    Returns
    -------
    list of str
        The names written, relative to ``out``.
    """
    from regiograph.analysis.projection import Projection, project

    projection = Projection.parse(projection).value
    table = graph_table(project(store, projection))
    formats = [f for f in ExportFormat if f.in_all]
    files: dict[str, bytes] = {}
    dataset = _Dataset(store)
    for fmt in formats:
        for name, content in render(store, fmt, projection, table, dataset).items():
            files[f"{fmt.spec.target}/{name}" if fmt.is_folder else name] = content
    files["README.md"] = readme(table, formats).encode("utf-8")
    replace_folder(out, lambda folder: _write_folder(folder, files, projection, formats),
                   "export", build=build)
    return [*sorted(files), MARKER]


def _write_folder(folder: Path, files: Mapping[str, bytes], projection: str,
                  formats: list[ExportFormat]) -> dict[str, object]:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return {"projection": projection, "formats": [f.value for f in formats]}


_HOW = {
    "graph.gexf": "Gephi: File > Open… > graph.gexf (the colours, sizes and positions are those "
                  "of the web view).",
    "graph.graphml": "yEd: File > Open…, then Edit > Properties Mapper… to draw `label` and "
                     "`colour`; Cytoscape: File > Import > Network from File…; Gephi: File > "
                     "Open…; igraph: `Graph.Read_GraphML`; networkx: `read_graphml`.",
    "graph.cyjs": "Cytoscape: File > Import > Network from File… (positions kept; Style > Fill "
                  "Color > passthrough mapping of `colour`); Cytoscape.js: `cy.json(data)`.",
    "graph.d3.json": "D3: `d3.json(\"graph.d3.json\")`, then `d3.forceSimulation(nodes)` with "
                     "`d3.forceLink(links).id(d => d.id)`.",
    "csv/nodes.csv": "Gephi: File > Import spreadsheet… (nodes table, then csv/edges.csv as edges "
                     "table); Excel: Data > From Text/CSV (UTF-8); pandas: `read_csv`.",
    "graph.ttl, dataset.nq, ...": "rdflib: `Graph().parse(\"graph.ttl\")`; Jena: `riot`; any "
                                   "SPARQL store's loader; `graph.jsonld`: pyld or jsonld.js.",
    "neo4j/nodes.csv": "`neo4j-admin database import full --nodes=neo4j/nodes.csv "
                       "--relationships=neo4j/edges.csv neo4j`",
}


def readme(table: GraphTable, formats: Iterable[ExportFormat]) -> str:
    """The README of an ``--all`` folder: what each file is for and which tool opens it."""
    lines = [f"# {table.name}: exports", "",
             f"The `{table.projection or 'given'}` projection: {len(table.nodes)} nodes, "
             f"{len(table.edges)} edges ({'directed' if table.directed else 'undirected'}"
             f"{', with parallel edges' if table.multigraph else ''}); and the RDF dataset.",
             f"Written by {GENERATOR} (`regiograph export --all`). Lists are joined by "
             f"`{LIST_SEPARATOR}` in GraphML, GEXF and CSV; the metrics are those of "
             "`regiograph analyze`.", "",
             "| file | what it is | opens in |", "| --- | --- | --- |"]
    for fmt in formats:
        names = [f"{fmt.spec.target}/{n}" for n in fmt.files] if fmt.is_folder else list(fmt.files)
        lines.append(f"| {', '.join(f'`{n}`' for n in names)} | {fmt.spec.what} | "
                     f"{fmt.spec.opens_in} |")
    lines += ["", "## How to open them", ""]
    lines += [f"- `{name}`: {how}" for name, how in _HOW.items()]
    lines += ["", "`manifest.json` lists the SHA-256 of every file.", ""]
    return "\n".join(lines)
