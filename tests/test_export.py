"""Exports, read back by the readers analysts use: rdflib and pyld for RDF, networkx and igraph for
GraphML, networkx for GEXF (and its structure checked against GEXF 1.3), json and networkx for the
JSON formats, pandas for CSV. Unicode names and hostile labels survive every format; exports are
deterministic and written atomically; the command line gives clear usage errors."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
import rdflib
from rdflib.compare import isomorphic

from regiograph import GraphStore
from regiograph.analysis.projection import project
from regiograph.build import BuildResult, build, load_built
from regiograph.errors import OutputError, UsageError
from regiograph.model.style import style_of
from regiograph.namespaces import ID
from regiograph.publish import export as ex
from regiograph.publish.export import ExportFormat, GraphTable, graph_table, writing

from .conftest import DATA

UNICODE = DATA / "unicode"
NAMES = ("Ayşe Yılmaz", "DOĞA İlaç Şişli Yıldız", "Sêwra\u200cn Ehmed", "澤田 久美子 (さわだ くみこ)")
HOSTILE = "<img src=x onerror=alert(1)></script> \"Quotes\" & 'Apostrophes' R&D"
GRAPH_FILES = {ExportFormat.GRAPHML: "graph.graphml", ExportFormat.GEXF: "graph.gexf",
               ExportFormat.CYTOSCAPE: "graph.cyjs", ExportFormat.D3: "graph.d3.json"}


# ---------------------------------------------------------------------------------------------
# Fixtures: the Leuven build and the unicode region, each exported once with --all


@pytest.fixture(scope="module")
def leuven_store(leuven_build: BuildResult) -> GraphStore:
    """A private store of the Leuven build (the shared one may gain analysis graphs)."""
    return load_built(leuven_build.out)


@pytest.fixture(scope="module")
def leuven_all(leuven_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports") / "leuven"
    ex.write_all(leuven_store, out, "organisations")
    return out


@pytest.fixture(scope="module")
def unicode_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(UNICODE, tmp_path_factory.mktemp("unicode") / "build")


@pytest.fixture(scope="module")
def unicode_store(unicode_build: BuildResult) -> GraphStore:
    return load_built(unicode_build.out)


@pytest.fixture(scope="module", params=["people-organisations", "stakeholders"])
def unicode_all(request: pytest.FixtureRequest, unicode_store: GraphStore,
                tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GraphTable]:
    """The unicode region exported: the bipartite projection (every name a node), and the
    directed multigraph."""
    out = tmp_path_factory.mktemp("exports") / request.param
    ex.write_all(unicode_store, out, request.param)
    return out, graph_table(project(unicode_store, request.param))


def _table(store: GraphStore, projection: str = "organisations") -> GraphTable:
    return graph_table(project(store, projection))


# ---------------------------------------------------------------------------------------------
# Formats


def test_formats_name_their_files_and_all_leaves_out_rdfxml() -> None:
    assert [f for f in ExportFormat if not f.in_all] == [ExportFormat.RDFXML, ExportFormat.OWL_DL]
    assert ExportFormat.CSV.files == ExportFormat.NEO4J.files == ("nodes.csv", "edges.csv")
    assert ExportFormat.parse("NQuads") is ExportFormat.NQUADS
    with pytest.raises(UsageError, match="choose one of turtle"):
        ExportFormat.parse("pdf")


def test_all_folder_holds_every_format_and_a_readme(leuven_all: Path) -> None:
    names = sorted(p.relative_to(leuven_all).as_posix() for p in leuven_all.rglob("*")
                   if p.is_file())
    assert names == ["README.md", "csv/edges.csv", "csv/nodes.csv", "dataset.nq", "dataset.trig",
                     "graph.cyjs", "graph.d3.json", "graph.gexf", "graph.graphml", "graph.jsonld",
                     "graph.nt", "graph.ttl", "manifest.json", "neo4j/edges.csv",
                     "neo4j/nodes.csv"]
    readme = (leuven_all / "README.md").read_text(encoding="utf-8")
    for name in names[1:]:
        if name != "manifest.json":
            assert f"`{name}`" in readme, name
    for tool in ("Gephi", "Cytoscape", "Neo4j", "yEd", "Excel", "pandas", "D3"):
        assert tool in readme
    manifest = json.loads((leuven_all / "manifest.json").read_text())
    assert manifest["projection"] == "organisations" and "rdfxml" not in manifest["formats"]


# ---------------------------------------------------------------------------------------------
# RDF: the build's own bytes, and the same graph for rdflib and pyld


def _expected_graph(build_dir: Path) -> rdflib.Graph:
    merged = rdflib.Graph()
    for s, p, o, _g in rdflib.Dataset().parse(build_dir / "dataset.nq", format="nquads").quads():
        merged.add((s, p, o))
    return merged


@pytest.mark.parametrize(("fmt", "built"), [
    ("turtle", "graph.ttl"), ("ntriples", "graph.nt"), ("nquads", "dataset.nq"),
    ("trig", "dataset.trig"), ("jsonld", "graph.jsonld")])
def test_rdf_exports_equal_the_build_outputs(leuven_store: GraphStore, leuven_build: BuildResult,
                                              fmt: str, built: str) -> None:
    assert ex.to_rdf(leuven_store, fmt) == (leuven_build.out / built).read_bytes()


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"),
                                             ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_rdf_triple_formats_parse_back_isomorphic(leuven_store: GraphStore,
                                                  leuven_build: BuildResult, fmt: str,
                                                  parser: str) -> None:
    parsed = rdflib.Graph().parse(data=ex.to_rdf(leuven_store, fmt), format=parser)
    assert isomorphic(parsed, _expected_graph(leuven_build.out))


@pytest.mark.parametrize(("fmt", "parser"), [("nquads", "nquads"), ("trig", "trig")])
def test_rdf_dataset_formats_keep_every_named_graph(leuven_store: GraphStore,
                                                    leuven_build: BuildResult, fmt: str,
                                                    parser: str) -> None:
    def graphs(dataset: rdflib.Dataset) -> dict[str, set[tuple[Any, ...]]]:
        found: dict[str, set[tuple[Any, ...]]] = {}
        for s, p, o, g in dataset.quads():
            found.setdefault(str(g), set()).add((s, p, o))
        return found

    parsed = rdflib.Dataset().parse(data=ex.to_rdf(leuven_store, fmt), format=parser)
    expected = rdflib.Dataset().parse(leuven_build.out / "dataset.nq", format="nquads")
    assert graphs(parsed) == graphs(expected) and len(graphs(parsed)) > 50


def test_jsonld_expands_with_pyld_to_the_same_graph(unicode_store: GraphStore,
                                                    unicode_build: BuildResult) -> None:
    from pyld import jsonld

    document = json.loads(ex.to_rdf(unicode_store, "jsonld"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    parsed = rdflib.Graph().parse(data=nquads, format="nt")
    assert isomorphic(parsed, _expected_graph(unicode_build.out))


# ---------------------------------------------------------------------------------------------
# GraphML: networkx and igraph

_PYTHON_TYPES = {"string": str, "list": str, "int": int, "double": float, "boolean": bool}


def _expected(row: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """A row as a GraphML reader gives it back: lists joined, empty values left out."""
    return {n: "; ".join(row[n]) if isinstance(row[n], list) else row[n] for n in names
            if row.get(n) not in (None, [])}


def test_graphml_reads_back_in_networkx_with_types(leuven_all: Path,
                                                   leuven_store: GraphStore) -> None:
    table = _table(leuven_store)
    G = nx.read_graphml(leuven_all / "graph.graphml")
    assert (G.number_of_nodes(), G.number_of_edges()) == (len(table.nodes), len(table.edges))
    assert not G.is_directed()
    names = ["label", *(c.name for c in table.node_columns)]
    for row in table.nodes:
        assert G.nodes[row["id"]] == _expected(row, names)
    for column in table.node_columns:
        assert {type(G.nodes[n][column.name]) for n in G if column.name in G.nodes[n]} == {
            _PYTHON_TYPES[column.type]}, column
    edge_names = ["id", "label", "weight", *(c.name for c in table.edge_columns)]
    for row in table.edges:
        assert G.edges[row["source"], row["target"]] == _expected(row, edge_names)


def test_graphml_declares_a_typed_key_for_every_attribute(leuven_all: Path) -> None:
    root = ET.parse(leuven_all / "graph.graphml").getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = {k.get("id"): k for k in root.iter(ns + "key")}
    assert all(k.get("attr.type") in {"string", "int", "double", "boolean"} for k in keys.values())
    used = {d.get("key") for d in root.iter(ns + "data")}
    assert used <= set(keys)
    assert keys["n_degree"].get("attr.type") == "int"
    assert keys["n_articulation_point"].get("attr.type") == "boolean"
    assert "joined by" in (keys["n_sectors"].findtext(ns + "desc") or "")
    assert not {"d3", "d7"} & set(keys)  # Gephi would read those ids as yEd's labels


def test_graphml_reads_back_in_igraph(unicode_all: tuple[Path, GraphTable]) -> None:
    import igraph

    folder, table = unicode_all
    g = igraph.Graph.Read_GraphML(str(folder / "graph.graphml"))
    assert (g.vcount(), g.ecount(), g.is_directed()) == (len(table.nodes), len(table.edges),
                                                         table.directed)
    assert set(g.vs.attributes()) == {"id", "label", *(c.name for c in table.node_columns)}
    assert set(g.es.attributes()) >= {"label", "weight", *(c.name for c in table.edge_columns)}
    by_id = {v["id"]: v for v in g.vs}
    for row in table.nodes:
        vertex = by_id[row["id"]]
        assert vertex["label"] == row["label"]
        for column in table.node_columns:
            value, got = row[column.name], vertex[column.name]
            if column.type in ("int", "double"):  # igraph has one numeric type
                assert (value is None and math.isnan(got)) or got == pytest.approx(value)
            elif column.type == "boolean":
                assert got is value
            else:
                assert got == ("; ".join(value) if isinstance(value, list) else value or "")
    assert sorted(e["weight"] for e in g.es) == sorted(e["weight"] for e in table.edges)


# ---------------------------------------------------------------------------------------------
# GEXF: networkx, and the structure GEXF 1.3 specifies

_GEXF, _VIZ = "{http://gexf.net/1.3}", "{http://gexf.net/1.3/viz}"
_GEXF_TYPES: dict[str, Callable[[str], object]] = {
    "integer": int, "long": int, "double": float, "float": float, "string": str,
    "boolean": lambda v: {"true": True, "false": False}[v], "liststring": str, "anyURI": str}


_SCHEMAS = Path(__file__).parent / "schemas" / "gexf-1.3"


def _check_gexf(data: bytes) -> None:
    """Valid against the GEXF 1.3 RELAX NG schema (tests/schemas/gexf-1.3, with its licence),
    and the structure the export promises."""
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(str(_SCHEMAS / "gexf.rng")))
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log.last_error
    root = ET.fromstring(data)
    assert root.tag == _GEXF + "gexf" and root.get("version") == "1.3"
    assert [c.tag for c in root] == [_GEXF + "meta", _GEXF + "graph"]
    graph = root[1]
    assert graph.get("defaultedgetype") in {"directed", "undirected", "mutual"}
    assert graph.get("mode") in {None, "static", "dynamic", "slice"}
    tags = [c.tag for c in graph]
    assert tags == [_GEXF + "attributes"] * (len(tags) - 2) + [_GEXF + "nodes", _GEXF + "edges"]
    declared: dict[str, dict[str, str]] = {}
    for attributes in graph.findall(_GEXF + "attributes"):
        assert attributes.get("class") in {"node", "edge"}
        declared[attributes.get("class", "")] = {a.get("id", ""): a.get("type", "")
                                                 for a in attributes}
        assert all(t in _GEXF_TYPES for t in declared[attributes.get("class", "")].values())
    nodes, edges = graph.find(_GEXF + "nodes"), graph.find(_GEXF + "edges")
    assert nodes is not None and edges is not None
    assert int(nodes.get("count", "-1")) == len(nodes)
    assert int(edges.get("count", "-1")) == len(edges)
    ids = [n.get("id") for n in nodes]
    assert len(set(ids)) == len(ids) and all(ids)
    for node in nodes:
        children = [c.tag for c in node]
        assert len(set(children)) == len(children) and set(children) <= {
            _GEXF + "attvalues", _VIZ + "color", _VIZ + "position", _VIZ + "size", _VIZ + "shape"}
        _check_attvalues(node, declared["node"])
        colour = node.find(_VIZ + "color")
        assert colour is not None and all(0 <= int(colour.get(c, "-1")) <= 255 for c in "rgb")
        position = node.find(_VIZ + "position")
        assert position is not None and [float(position.get(a, "x")) for a in "xyz"]
        size = node.find(_VIZ + "size")
        assert size is not None and float(size.get("value", "-1")) >= 0
        shape = node.find(_VIZ + "shape")
        assert shape is not None and shape.get("value") in {
            "disc", "triangle", "square", "diamond", "image"}
    edge_ids = [e.get("id") for e in edges]
    assert len(set(edge_ids)) == len(edge_ids)
    for edge in edges:
        assert edge.get("source") in ids and edge.get("target") in ids
        float(edge.get("weight", "x"))
        assert [c.tag for c in edge] in ([], [_GEXF + "attvalues"])
        _check_attvalues(edge, declared["edge"])


def _check_attvalues(element: ET.Element, declared: dict[str, str]) -> None:
    for attvalue in element.iter(_GEXF + "attvalue"):
        kind = declared[attvalue.get("for", "")]
        _GEXF_TYPES[kind](attvalue.get("value", ""))


def test_gexf_follows_the_gexf_1_3_structure(unicode_all: tuple[Path, GraphTable],
                                             leuven_all: Path) -> None:
    _check_gexf((leuven_all / "graph.gexf").read_bytes())
    _check_gexf((unicode_all[0] / "graph.gexf").read_bytes())


def test_gexf_reads_back_in_networkx_with_colours_sizes_and_positions(
        leuven_all: Path, leuven_store: GraphStore) -> None:
    table = _table(leuven_store)
    G = nx.read_gexf(leuven_all / "graph.gexf", version="1.3")
    assert (G.number_of_nodes(), G.number_of_edges()) == (len(table.nodes), len(table.edges))
    for row in table.nodes:
        data = G.nodes[row["id"]]
        assert data["label"] == row["label"] and data["kind"] == row["kind"]
        colour = style_of(str(row["kind"])).colour
        assert data["viz"]["color"] == {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16),
                                        "b": int(colour[5:7], 16), "a": 1.0}
        assert data["viz"]["position"] == {"x": row["x"], "y": -float(row["y"] or 0), "z": 0.0}
        assert data["viz"]["size"] == row["size"]
        assert data["degree"] == row["degree"] and data["pagerank"] == row["pagerank"]
        assert data["articulation_point"] is row["articulation_point"]
    for row in table.edges:
        data = G.edges[row["source"], row["target"]]
        assert (data["weight"], data["label"], data["relation"]) == (
            row["weight"], row["label"], row["relation"])


def test_gexf_keeps_parallel_edges_of_a_multigraph(unicode_all: tuple[Path, GraphTable]) -> None:
    folder, table = unicode_all
    G = nx.read_gexf(folder / "graph.gexf", version="1.3")
    assert G.is_directed() == table.directed and G.number_of_edges() == len(table.edges)
    root = ET.parse(folder / "graph.gexf").getroot()
    kinds = [e.get("kind") for e in root.iter(_GEXF + "edge")]
    assert all(kinds) == table.multigraph


# ---------------------------------------------------------------------------------------------
# JSON: Cytoscape.js and D3


def test_cytoscape_json_has_elements_with_data_and_positions(leuven_all: Path,
                                                             leuven_store: GraphStore) -> None:
    table = _table(leuven_store)
    document = json.loads((leuven_all / "graph.cyjs").read_bytes())
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert [n["data"]["id"] for n in nodes] == [r["id"] for r in table.nodes]
    for node, row in zip(nodes, table.nodes, strict=True):
        assert node["position"] == {"x": row["x"], "y": row["y"]}
        assert node["data"]["name"] == node["data"]["label"] == row["label"]
        assert node["data"]["sectors"] == row["sectors"] and node["data"]["shape"]
    ids = {n["data"]["id"] for n in nodes}
    assert len({e["data"]["id"] for e in edges}) == len(edges) == len(table.edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(isinstance(e["data"]["sources"], list) for e in edges)


def test_cytoscape_json_reads_back_in_networkx(unicode_all: tuple[Path, GraphTable]) -> None:
    folder, table = unicode_all
    G = nx.cytoscape_graph(json.loads((folder / "graph.cyjs").read_bytes()))
    assert (G.number_of_nodes(), G.number_of_edges()) == (len(table.nodes), len(table.edges))
    assert (G.is_directed(), G.is_multigraph()) == (table.directed, table.multigraph)
    assert [G.nodes[r["id"]]["label"] for r in table.nodes] == [r["label"] for r in table.nodes]


def test_d3_json_has_nodes_and_links_by_id_and_networkx_reads_it(
        unicode_all: tuple[Path, GraphTable]) -> None:
    folder, table = unicode_all
    document = json.loads((folder / "graph.d3.json").read_bytes())
    assert set(document) == {"directed", "multigraph", "graph", "nodes", "links"}
    ids = [n["id"] for n in document["nodes"]]
    assert ids == [r["id"] for r in table.nodes]
    assert all(link["source"] in ids and link["target"] in ids for link in document["links"])
    assert [(n["x"], n["y"]) for n in document["nodes"]] == [(r["x"], r["y"]) for r in table.nodes]
    G = nx.node_link_graph(document, edges="links", key="edge_key")
    assert (G.number_of_nodes(), G.number_of_edges()) == (len(table.nodes), len(table.edges))
    assert G.is_multigraph() == table.multigraph


# ---------------------------------------------------------------------------------------------
# CSV: Gephi's headers for pandas and Excel, and neo4j-admin's


def test_csv_has_gephi_headers_a_bom_and_pandas_reads_the_types(leuven_all: Path,
                                                               leuven_store: GraphStore) -> None:
    table = _table(leuven_store)
    raw = (leuven_all / "csv" / "nodes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfId,Label,")
    nodes = pd.read_csv(leuven_all / "csv" / "nodes.csv", keep_default_na=False)
    edges = pd.read_csv(leuven_all / "csv" / "edges.csv", keep_default_na=False)
    assert list(nodes.columns[:2]) == ["Id", "Label"]
    assert list(edges.columns[:6]) == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert (len(nodes), len(edges)) == (len(table.nodes), len(table.edges))
    assert set(edges["Type"]) == {"Undirected"}
    assert str(nodes["degree"].dtype) == "int64" and str(nodes["pagerank"].dtype) == "float64"
    assert str(nodes["articulation_point"].dtype) == "bool"
    assert list(nodes["Label"]) == [r["label"] for r in table.nodes]
    assert list(nodes["sectors"]) == ["; ".join(r["sectors"] or []) for r in table.nodes]
    assert list(edges["Weight"]) == [r["weight"] for r in table.edges]
    with open(leuven_all / "csv" / "nodes.csv", encoding="utf-8-sig", newline="") as handle:
        assert next(csv.reader(handle))[:2] == ["Id", "Label"]


def test_neo4j_csv_has_import_headers_and_array_syntax(unicode_all: tuple[Path, GraphTable]
                                                       ) -> None:
    folder, table = unicode_all
    raw = (folder / "neo4j" / "nodes.csv").read_bytes()
    assert raw.startswith(b"id:ID,label,")
    nodes = pd.read_csv(folder / "neo4j" / "nodes.csv", keep_default_na=False)
    edges = pd.read_csv(folder / "neo4j" / "edges.csv", keep_default_na=False)
    assert nodes.columns[-1] == ":LABEL" and "sectors:string[]" in nodes.columns
    assert "degree:int" in nodes.columns and "articulation_point:boolean" in nodes.columns
    assert list(edges.columns[:6]) == [":START_ID", ":END_ID", ":TYPE", "id", "label",
                                       "weight:double"]
    assert all(label.startswith("Stakeholder") for label in nodes[":LABEL"])
    assert [s.split(";") if s else [] for s in nodes["sectors:string[]"]] == [
        r["sectors"] for r in table.nodes]
    types = set(edges[":TYPE"])
    assert types == ({"TIED_TO"} if not table.multigraph else types - {"TIED_TO"})
    assert "MEMBER_OF" in types or not table.multigraph


# ---------------------------------------------------------------------------------------------
# Directions: every format writes an edge from the end its label reads from

#: The direct relations of the organisations projection: predicate, label, inverse label.
_RELATIONS = (("org:subOrganizationOf", "part of", "has part"),
              ("rg:spinOffOf", "spin-off of", "has spin-off"), ("rg:hostedBy", "hosted by", "hosts"),
              ("rg:affiliatedWith", "affiliated with", "has affiliate"),
              ("rg:mergedInto", "merged into", "absorbed"),
              ("schema:founder", "founded by", "founder of"),
              ("rg:initiatedBy", "initiated by", "initiator of"))


def _stated(store: GraphStore) -> set[tuple[str, str, str]]:
    """What the dataset states, as (from, reading, to), each relation read both ways: the
    oracle for every exported edge label, straight from SPARQL."""
    stated = set()
    for predicate, label, inverse in _RELATIONS:
        for row in store.select(f"SELECT ?s ?o WHERE {{ ?s {predicate} ?o }}"):
            s, o = (row[v].value.removeprefix(ID) for v in ("s", "o"))
            stated |= {(s, label, o), (o, inverse, s)}
    for row in store.select("""SELECT ?s ?o ?role WHERE {
            ?m org:member ?s ; org:organization ?o ; org:role/rdfs:label ?role
            FILTER(LANGMATCHES(LANG(?role), "en")) }"""):
        s, o = (row[v].value.removeprefix(ID) for v in ("s", "o"))
        role = row["role"].value[:1].lower() + row["role"].value[1:]
        stated |= {(s, f"{role} of", o), (o, f"has {role}", s)}
    return stated


def _from(u: str, v: str, label_from: str, label: str) -> tuple[str, str, str]:
    """An edge read by a reader that keeps no order of an undirected edge's ends."""
    assert label_from in (u, v)
    return (label_from, v if label_from == u else u, label)


def _read_edges(folder: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Every format's edges as (source, target, label), by the readers its users have."""
    import igraph
    from lxml import etree

    graphml = etree.parse(str(folder / "graph.graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    cyjs = json.loads((folder / "graph.cyjs").read_bytes())
    d3 = json.loads((folder / "graph.d3.json").read_bytes())
    found = {
        "graphml (lxml)": [(e.get("source"), e.get("target"),
                            e.findtext("g:data[@key='e_label']", namespaces=ns))
                           for e in graphml.iterfind(".//g:edge", ns)],
        "gexf (lxml)": [(e.get("source"), e.get("target"), e.get("label")) for e in
                        etree.parse(str(folder / "graph.gexf")).iterfind(".//{*}edges/{*}edge")],
        "cytoscape (json)": [(e["data"]["source"], e["data"]["target"], e["data"]["label"])
                             for e in cyjs["elements"]["edges"]],
        "d3 (json)": [(link["source"], link["target"], link["label"]) for link in d3["links"]],
    }
    for name, columns in (("csv", ("Source", "Target", "Label")),
                          ("neo4j", (":START_ID", ":END_ID", "label"))):
        table = pd.read_csv(folder / name / "edges.csv", keep_default_na=False)
        found[f"{name} (pandas)"] = list(zip(*(table[c] for c in columns), strict=True))
    g = igraph.Graph.Read_GraphML(str(folder / "graph.graphml"))
    found["graphml (igraph)"] = [_from(g.vs[e.source]["id"], g.vs[e.target]["id"],
                                       e["label_from"], e["label"]) for e in g.es]
    for name, G in (("graphml (networkx)", nx.read_graphml(folder / "graph.graphml")),
                    ("gexf (networkx)", nx.read_gexf(folder / "graph.gexf", version="1.3")),
                    ("d3 (networkx)", nx.node_link_graph(d3, edges="links")),
                    ("cytoscape (networkx)", nx.cytoscape_graph(cyjs))):
        found[name] = [_from(u, v, d["label_from"], d["label"]) for u, v, d in G.edges(data=True)]
    return found


def test_every_format_writes_an_edge_the_way_its_label_reads(leuven_all: Path,
                                                            leuven_store: GraphStore) -> None:
    stated = _stated(leuven_store)
    for reader, edges in _read_edges(leuven_all).items():
        directed = 0
        for source, target, label in edges:
            for part in label.split("; "):
                if not part.startswith("both "):  # a shared organisation or person
                    assert (source, part, target) in stated, (reader, source, part, target)
                    directed += 1
        assert directed > 20, reader
        assert {("rega-institute", "ku-leuven", "part of"),
                ("gemma-frisius-fund", "bnp-paribas", "founded by"),
                ("vib", "flemish-government", "initiated by")} <= set(edges), reader


# ---------------------------------------------------------------------------------------------
# Unicode names and hostile labels, in every format


def _labels(folder: Path) -> dict[str, set[str]]:
    """The labels each format gives back, read by its reader."""
    def from_csv(path: Path, column: str) -> set[str]:
        return set(pd.read_csv(path, keep_default_na=False)[column])

    rdf = rdflib.Dataset().parse(folder / "dataset.nq", format="nquads")
    label = rdflib.RDFS.label
    found = {
        "nquads": {str(o) for _s, _p, o, _g in rdf.quads((None, label, None, None))},
        "graphml": {str(d.get("label")) for _n, d in nx.read_graphml(folder / "graph.graphml")
                    .nodes(data=True)},
        "gexf": {str(d.get("label")) for _n, d in nx.read_gexf(folder / "graph.gexf",
                                                                version="1.3").nodes(data=True)},
        "cytoscape": {n["data"]["name"] for n in
                      json.loads((folder / "graph.cyjs").read_bytes())["elements"]["nodes"]},
        "d3": {n["label"] for n in json.loads((folder / "graph.d3.json").read_bytes())["nodes"]},
        "csv": from_csv(folder / "csv" / "nodes.csv", "Label"),
        "neo4j": from_csv(folder / "neo4j" / "nodes.csv", "label"),
    }
    for fmt, parser in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        found[fmt] = {str(o) for o in rdflib.Graph().parse(folder / fmt, format=parser)
                      .objects(None, label)}
    found["trig"] = {str(o) for _s, _p, o, _g in rdflib.Dataset().parse(
        folder / "dataset.trig", format="trig").quads((None, label, None, None))}
    return found


def test_unicode_names_and_hostile_labels_come_back_intact_from_every_format(
        unicode_all: tuple[Path, GraphTable]) -> None:
    folder, table = unicode_all
    assert {*NAMES, HOSTILE} <= {r["label"] for r in table.nodes}  # every name is a node
    for fmt, labels in _labels(folder).items():
        for name in (*NAMES, HOSTILE):
            assert name in labels, (fmt, name)


def test_markup_in_labels_stays_text(unicode_all: tuple[Path, GraphTable]) -> None:
    folder, _table = unicode_all
    for name in ("graph.graphml", "graph.gexf"):
        raw = (folder / name).read_bytes()
        assert b"<img" not in raw and b"</script>" not in raw
        assert b"&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;" in raw
    for name in ("graph.cyjs", "graph.d3.json"):
        assert b"<" not in (folder / name).read_bytes()  # safe to inline in a <script> too


def test_characters_xml_forbids_become_replacement_characters() -> None:
    G = nx.Graph([("a", "b")])
    G.nodes["a"]["label"] = "bell\x07 and nul\x00 stay out"
    table = graph_table(G)
    for data in (ex.to_graphml(table), ex.to_gexf(table)):
        root = ET.fromstring(data)  # well-formed XML
        assert "bell\ufffd and nul\ufffd stay out" in ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------------------------------------
# Metrics, determinism, atomic writes


def test_metrics_equal_those_of_the_analysis(leuven_store: GraphStore) -> None:
    from regiograph.analysis import run_analysis

    G = project(leuven_store, "organisations")
    rows = {r["node"]: r for r in run_analysis(G).rows}
    for row in graph_table(G).nodes:
        analysed = rows[row["id"]]
        for metric in ("degree", "pagerank", "betweenness", "community", "articulation_point"):
            assert row[metric] == pytest.approx(analysed[metric], rel=1e-9), metric


def test_two_exports_give_identical_bytes(leuven_all: Path, leuven_store: GraphStore,
                                          tmp_path: Path) -> None:
    again = tmp_path / "again"
    ex.write_all(leuven_store, again, "organisations")
    for path in leuven_all.rglob("*"):
        if path.is_file():
            assert (again / path.relative_to(leuven_all)).read_bytes() == path.read_bytes(), path


def test_a_failed_export_leaves_the_previous_file(leuven_store: GraphStore, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "graph.graphml"
    ex.write(leuven_store, "graphml", target)
    before = target.read_bytes()

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OutputError, match="No space left"):
        ex.write(leuven_store, "graphml", target, "stakeholders")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.graphml"]  # no temporary file


def test_a_failed_export_leaves_the_previous_folder(leuven_store: GraphStore, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "exports"
    ex.write_all(leuven_store, folder, "organisations")
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    def broken(_table: GraphTable) -> dict[str, bytes]:
        raise RuntimeError("a bug in one format")

    with monkeypatch.context() as patch:  # failing while the files are made
        patch.setitem(writing._GRAPH_WRITERS, ExportFormat.NEO4J, broken)
        with pytest.raises(RuntimeError):
            ex.write_all(leuven_store, folder, "stakeholders")
    written: list[Path] = []
    original = Path.write_bytes

    def full_disk(path: Path, data: bytes) -> int:
        if len(written) == 5:
            raise OSError(28, "No space left on device")
        written.append(path)
        return original(path, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)  # failing while they are written
    with pytest.raises(OutputError, match="No space left"):
        ex.write_all(leuven_store, folder, "stakeholders")
    assert len(written) == 5
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]  # no scratch folder left


def test_a_single_file_format_into_a_folder_takes_its_file_name(leuven_store: GraphStore,
                                                                tmp_path: Path) -> None:
    assert ex.write(leuven_store, "turtle", tmp_path) == [tmp_path / "graph.ttl"]
    assert rdflib.Graph().parse(tmp_path / "graph.ttl", format="turtle")


def test_a_folder_of_other_files_is_never_replaced(leuven_store: GraphStore,
                                                   tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("mine")
    with pytest.raises(UsageError, match="not a regiograph output folder"):
        ex.write(leuven_store, "csv", tmp_path)
    assert (tmp_path / "thesis.tex").read_text() == "mine"


# ---------------------------------------------------------------------------------------------
# The command line

_MAIN = ("import sys; from regiograph.cli import app, main, export; "
         "'export' in [c.name for c in app.registered_commands] or export.register(app); "
         "sys.exit(main(sys.argv[1:]))")


def _export(*args: str, hash_seed: str = "0") -> subprocess.CompletedProcess[bytes]:
    """``regiograph export ...`` in a child process (registering the command when the CLI does
    not yet)."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONHASHSEED": hash_seed}
    return subprocess.run([sys.executable, "-c", _MAIN, "export", *args], capture_output=True,
                          env=env, timeout=120, check=False)


def test_cli_writes_graphml_to_stdout(leuven_build: BuildResult, leuven_store: GraphStore
                                      ) -> None:
    done = _export("--format", "graphml", "--build", str(leuven_build.out))
    assert done.returncode == 0, done.stderr
    G = nx.read_graphml(io.BytesIO(done.stdout))
    assert G.number_of_nodes() == len(_table(leuven_store).nodes)
    assert done.stderr == b""


def test_cli_writes_a_file_and_an_all_folder(leuven_build: BuildResult, leuven_all: Path,
                                             tmp_path: Path) -> None:
    build = str(leuven_build.out)
    done = _export("-f", "gexf", "-p", "stakeholders", "-o", str(tmp_path / "s.gexf"),
                   "--build", build)
    assert done.returncode == 0, done.stderr
    assert b"wrote" in done.stderr
    assert nx.read_gexf(tmp_path / "s.gexf", version="1.3").is_directed()
    done = _export("--all", "-o", str(tmp_path / "all"), "--build", build, hash_seed="4242")
    assert done.returncode == 0, done.stderr
    assert b"exported 15 files" in done.stderr
    assert "graph.gexf" in (tmp_path / "all" / "README.md").read_text(encoding="utf-8")
    for path in leuven_all.rglob("*"):  # another process, another hash seed: the same bytes
        if path.is_file() and path.name != "manifest.json":
            assert (tmp_path / "all" / path.relative_to(leuven_all)).read_bytes() == \
                path.read_bytes(), path
    # the manifests list the same files; the command line's also names the build it read
    cli, api = (json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
                for folder in (tmp_path / "all", leuven_all))
    assert cli["files"] == api["files"] and cli["command"] == api["command"] == "export"
    assert cli["build"] == json.loads((leuven_build.out / "manifest.json").read_text(
        encoding="utf-8"))["files"]["dataset.nq"]


@pytest.mark.parametrize(("args", "message"), [
    ((), "give --format FORMAT"),
    (("--format", "csv"), "csv writes 2 files (nodes.csv, edges.csv): give a folder with -o"),
    (("--all",), "--all writes a folder: give it with -o DIR"),
    (("--all", "--format", "gexf", "-o", "x"), "either --format or --all"),
    (("--format", "gexf", "--projection", "everyone"), "unknown projection 'everyone'"),
    (("--format", "pdf"), "error: unknown format 'pdf'; choose one of turtle"),
])
def test_cli_usage_errors_exit_2_with_a_clear_message(leuven_build: BuildResult,
                                                      args: tuple[str, ...], message: str) -> None:
    done = _export(*args, "--build", str(leuven_build.out))
    assert done.returncode == 2, done.stderr
    assert message in done.stderr.decode() and b"Traceback" not in done.stderr


def test_cli_without_a_build_says_to_build_first(tmp_path: Path) -> None:
    done = _export("--format", "turtle", "--build", str(tmp_path / "nothing"))
    assert done.returncode == 1
    assert b"run `regiograph build` first" in done.stderr and b"Traceback" not in done.stderr
