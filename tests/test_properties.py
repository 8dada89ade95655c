"""Properties, checked on random input with Hypothesis (profiles in conftest.py: 25 examples by
default, ``HYPOTHESIS_PROFILE=nightly`` for 1,000):

- random valid curated data (organisations, people, places and a collaboration, with names in
  any script) compiles, validates without a violation, and exports to every format; each export
  parses back, by an independent reader, to the same graph (RDF: isomorphic to the built graph;
  graph formats: the same nodes, labels and edges as the projection);
- random mutations of valid data never crash the compiler: it either compiles or raises
  DataError, every issue naming a file of the region and a line in it.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from regiograph.analysis.projection import project
from regiograph.build import load_ontology
from regiograph.curation.compiler import compile_region
from regiograph.errors import DataError
from regiograph.model.kinds import load_kinds
from regiograph.publish import export as ex
from regiograph.publish.export import ExportFormat
from regiograph.resources import ontology_dir, queries_dir
from regiograph.store.embedded import GraphStore
from regiograph.untrusted import for_spreadsheet
from regiograph.validation.report import validate

from .conftest import TINY

# -- random valid regions -------------------------------------------------------------------------

#: Any printable character of any script, but none that YAML or XML 1.0 cannot carry
#: (control characters, surrogates, private use, unassigned, line and paragraph separators).
_CHARACTERS = st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
                            exclude_characters="\ufeff")
NAMES = st.text(_CHARACTERS, min_size=1, max_size=24).filter(lambda s: bool(s.strip()))
IDS = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
DATES = st.one_of(
    st.integers(1000, 2100).map(str),
    st.tuples(st.integers(1000, 2100), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.dates(min_value=__import__("datetime").date(1000, 1, 1)).map(str),
)
KINDS = ("university", "company", "hospital", "research-institute", "government-body", "fund")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


@st.composite
def regions(draw: st.DrawFn) -> dict[str, str]:
    """The files of a valid region: every id unique, every reference known, every record
    sourced, every person with a role and a collaboration of two or more partners."""
    ids = draw(st.lists(IDS, min_size=9, max_size=9, unique=True).filter(
        lambda found: not {"belgium", "src", "partner", "director", "health"} & set(found)))
    cities, orgs, people, mission = ids[:2], ids[2:5], ids[5:8], ids[8]
    place_lines = ["places:", "  - {id: belgium, name: Belgium, kind: country, code: BE, "
                   "sources: [src]}"]
    for city in cities:
        place_lines.append(f"  - {{id: {city}, name: {_quoted(draw(NAMES))}, kind: city, "
                           f"part_of: belgium, sources: [src#facts]}}")
    org_lines = ["organisations:"]
    for org in orgs:
        org_lines += [f"  - id: {org}", f"    name: {_quoted(draw(NAMES))}",
                      f"    kind: {draw(st.sampled_from(KINDS))}",
                      f"    based_in: {draw(st.sampled_from(cities))}",
                      "    sources: [src]"]
        if draw(st.booleans()):
            org_lines.append(f"    founded: {draw(DATES)}")
        if draw(st.booleans()):
            org_lines.append(f"    alt_names: [{_quoted(draw(NAMES))}]")
    partners = draw(st.lists(st.sampled_from(orgs), min_size=2, max_size=3, unique=True))
    org_lines += ["initiatives:", f"  - id: {mission}",
                  f"    name: {{en: {_quoted(draw(NAMES))}, nl: {_quoted(draw(NAMES))}}}",
                  "    kind: collaboration", "    members:"]
    org_lines += [f"      - {{member: {p}, role: partner}}" for p in partners]
    org_lines.append("    sources: [src#facts]")
    people_lines = ["people:"]
    for person in people:
        people_lines += [f"  - id: {person}", f"    name: {_quoted(draw(NAMES))}",
                         f"    roles: [{{role: director, org: {draw(st.sampled_from(orgs))}}}]",
                         "    nationality: [BE]", "    sources: [src]"]
        if draw(st.booleans()):
            people_lines.append(f"    lived_in: [{draw(st.sampled_from(cities))}]")
    return {
        "sources.yaml": "documents:\n  - id: src\n    title: A random source\n"
                        "    url: https://example.org/src\n    sections: [{id: facts, title: Facts}]\n",
        "vocabulary.yaml": "roles:\n  - {id: partner, name: {en: Partner}, definition: A partner.}\n"
                           "  - {id: director, name: {en: Director}, definition: Leads it.}\n",
        "places.yaml": "\n".join(place_lines) + "\n",
        "organisations.yaml": "\n".join(org_lines) + "\n",
        "people.yaml": "\n".join(people_lines) + "\n",
    }


def _rdflib(data: bytes, fmt: str) -> rdflib.Graph:
    if fmt in ("nquads", "trig"):
        merged = rdflib.Graph()
        for s, p, o, _g in rdflib.Dataset().parse(data=data, format=fmt).quads():
            merged.add((s, p, o))
        return merged
    return rdflib.Graph().parse(data=data, format=fmt)


_RDF_READERS = {ExportFormat.TURTLE: "turtle", ExportFormat.NTRIPLES: "nt",
                ExportFormat.NQUADS: "nquads", ExportFormat.TRIG: "trig",
                ExportFormat.JSONLD: "json-ld", ExportFormat.RDFXML: "xml"}

Canonical = tuple[dict[str, str], list[tuple[str, str]]]


def _pairs(edges: list[tuple[Any, Any]]) -> list[tuple[str, str]]:
    return sorted(tuple(sorted((str(a), str(b)))) for a, b in edges)  # type: ignore[misc]


def _csv(data: bytes) -> list[dict[str, str]]:
    """The rows as a spreadsheet shows them: a leading apostrophe before a formula-like cell is
    the marker that keeps it text (docs/exports.md), not part of the value."""
    text = data.decode("utf-8-sig")
    bom_bound = data.startswith(b"\xef\xbb\xbf")
    return [{k: _shown(v) if bom_bound else v for k, v in row.items()}
            for row in csv.DictReader(io.StringIO(text, newline=""))]


def _shown(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and for_spreadsheet(cell[1:]) != cell[1:] else cell


def _graph_format(fmt: ExportFormat, files: dict[str, bytes]) -> Canonical:
    """Node labels by id and the edges, as the format's own reader gives them back."""
    data = files[fmt.files[0]]
    if fmt in (ExportFormat.GRAPHML, ExportFormat.GEXF):
        read = nx.read_graphml if fmt is ExportFormat.GRAPHML else nx.read_gexf
        G = read(io.BytesIO(data))
        return {str(n): d["label"] for n, d in G.nodes(data=True)}, _pairs(list(G.edges()))
    if fmt is ExportFormat.CYTOSCAPE:
        elements = json.loads(data)["elements"]
        return ({n["data"]["id"]: n["data"]["label"] for n in elements["nodes"]},
                _pairs([(e["data"]["source"], e["data"]["target"]) for e in elements["edges"]]))
    if fmt is ExportFormat.D3:
        document = json.loads(data)
        return ({n["id"]: n["label"] for n in document["nodes"]},
                _pairs([(e["source"], e["target"]) for e in document["links"]]))
    nodes, edges = _csv(files["nodes.csv"]), _csv(files["edges.csv"])
    if fmt is ExportFormat.CSV:
        return ({r["Id"]: r["Label"] for r in nodes},
                _pairs([(r["Source"], r["Target"]) for r in edges]))
    assert fmt is ExportFormat.NEO4J
    return ({r["id:ID"]: r["label"] for r in nodes},
            _pairs([(r[":START_ID"], r[":END_ID"]) for r in edges]))


@given(files=regions())
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_random_valid_regions_build_and_export_to_every_format_and_back(
        files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, text in files.items():
            (Path(folder) / name).write_text(text, encoding="utf-8")
        region = compile_region(Path(folder), load_kinds())
    store = GraphStore()
    store.add(region.quads)
    load_ontology(store)
    report = validate(store, ontology_dir(), queries_dir(), region.locations)
    assert report.conforms, report.to_text()

    merged = rdflib.Graph().parse(data=ex.to_rdf(store, ExportFormat.NTRIPLES), format="nt")
    expected_triples = {(str(q.subject.value), q.predicate.value, str(q.object.value))  # type: ignore[union-attr]
                        for q in region.quads}
    assert {(str(s), str(p), str(o)) for s, p, o in merged} == expected_triples
    table = ex.graph_table(project(store, "organisations"))
    expected: Canonical = ({str(r["id"]): str(r["label"]) for r in table.nodes},
                           _pairs([(r["source"], r["target"]) for r in table.edges]))
    names = {json.loads(line.removeprefix("    name: "))
             for line in files["organisations.yaml"].splitlines()
             if line.startswith('    name: "')}
    assert names <= set(expected[0].values())  # every name, in any script, intact
    for fmt in ExportFormat:
        if fmt is ExportFormat.OWL_DL:
            continue  # dates rewritten and the ontology added for reasoners: tests/test_owl_dl.py
        rendered = ex.render(store, fmt, "organisations", table)
        if fmt in _RDF_READERS:
            assert isomorphic(_rdflib(rendered[fmt.files[0]], _RDF_READERS[fmt]), merged), fmt
        else:
            assert _graph_format(fmt, rendered) == expected, fmt


# -- random mutations -----------------------------------------------------------------------------

_TINY_FILES = sorted(p.name for p in TINY.glob("*.yaml"))
_TOKENS = [b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a", b"!!str ", b"!!python/name:os.system",
           b"\t", b"\x00", b"'", b'"', b"#", b"\n", b"\r", b"---\n", b"...\n", b"%YAML 1.2\n",
           b"? ", b"|\n", b"> ", b"~", b"null", b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3", b"2023-02-30",
           b"0x1F", b".inf", b"yes", "ｌｅｕｖｅｎ".encode(), "\u200c".encode(), "İ".encode(),
           b"[" * 60, b"tiny-page#nope", b"id: leuven", b"sources: []"]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(_TINY_FILES))
    data = (TINY / name).read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        end = draw(st.integers(at, min(len(data), at + 40)))
        piece = draw(st.one_of(st.sampled_from(_TOKENS), st.binary(max_size=8),
                               st.text(max_size=8).map(str.encode)))
        kind = draw(st.sampled_from(("insert", "replace", "delete", "duplicate-line", "truncate")))
        if kind == "insert":
            data = data[:at] + piece + data[at:]
        elif kind == "replace":
            data = data[:at] + piece + data[end:]
        elif kind == "delete":
            data = data[:at] + data[end:]
        elif kind == "duplicate-line":
            lines = data.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(0, len(lines) - 1))
                lines.insert(index, lines[index])
            data = b"".join(lines)
        else:
            data = data[:at]
    return name, data


@given(mutation=mutations())
@example(mutation=("sources.yaml", (TINY / "sources.yaml").read_bytes().replace(  # found nightly
    b"https://example.org/tiny", "https://\U0002fffeexample.org/tiny".encode())))
@settings(max_examples=settings().max_examples * 8)  # 8 times the profile's: a compile is quick
def test_mutated_data_never_crashes_the_compiler(mutation: tuple[str, bytes]) -> None:
    name, data = mutation
    with tempfile.TemporaryDirectory() as folder:
        region = Path(shutil.copytree(TINY, Path(folder) / "region"))
        (region / name).write_bytes(data)
        try:
            compile_region(region, load_kinds())
        except DataError as error:
            files = {p.name for p in region.iterdir()}
            for issue in error.issues:
                assert issue.path.name in files, issue
                assert issue.line is not None and issue.line >= 1, issue
                assert issue.message and str(issue).startswith(str(issue.path)), issue
