"""The W3C SHACL Core test suite (tests/data/w3c-shacl-core, with its licence) read as the native
engine is held to it: each test's data graph, shapes graph and expected validation report, and
the engine's outcome on it: the same report, or the shapes refused as unsupported."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from regiograph.validation import shacl

SUITE = Path(__file__).parent / "data" / "w3c-shacl-core"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: A result as compared: focus node, path, constraint component, severity and value.
Row = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Case:
    """One test of the suite."""

    name: str  # folder/test, such as "node/datatype-001"
    data: Path
    shapes: Path
    conforms: bool
    results: Counter[Row]

    @property
    def id(self) -> str:
        return self.name


def _uri(path: Path) -> str:
    return path.resolve().as_uri()


def _parse(path: Path) -> list[ox.Triple]:
    return list(ox.parse(path.read_bytes(), ox.RdfFormat.TURTLE, base_iri=_uri(path)))


class _Graph:
    """The triples of one file, indexed by subject."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[object, list[tuple[str, object]]] = {}
        for t in triples:
            self.by_subject.setdefault(t.subject, []).append((t.predicate.value, t.object))

    def values(self, node: object, predicate: str) -> list[object]:
        return [o for p, o in self.by_subject.get(node, []) if p == predicate]

    def one(self, node: object, predicate: str) -> object | None:
        found = self.values(node, predicate)
        return found[0] if found else None

    def items(self, head: object) -> list[object]:
        found = []
        while head is not None and not (isinstance(head, ox.NamedNode) and head.value == RDF + "nil"):
            found.append(self.one(head, RDF + "first"))
            head = self.one(head, RDF + "rest")
        return found


def term_text(term: object) -> str:
    """A term as compared: blank nodes are all alike (their labels differ between parses)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:blank"
    return str(term)


def path_text(graph: _Graph, node: object) -> str:
    """A SHACL path node as SPARQL path text, as :func:`regiograph.validation.shacl.path_text`
    writes the engine's paths."""
    if node is None:
        return ""
    if isinstance(node, ox.NamedNode):
        return f"<{node.value}>"
    if (inner := graph.one(node, SH + "inversePath")) is not None:
        return "^" + path_text(graph, inner)
    if (inner := graph.one(node, SH + "alternativePath")) is not None:
        return "|".join(path_text(graph, p) for p in graph.items(inner))
    for key, mark in (("zeroOrMorePath", "*"), ("oneOrMorePath", "+"), ("zeroOrOnePath", "?")):
        if (inner := graph.one(node, SH + key)) is not None:
            return f"({path_text(graph, inner)}){mark}"
    if graph.one(node, RDF + "first") is not None:
        return "/".join(path_text(graph, p) for p in graph.items(node))
    return "_:blank"


def cases() -> list[Case]:
    """Every test of the suite, in manifest order."""
    found: list[Case] = []
    for folder_manifest in _included(SUITE / "manifest.ttl"):
        for test_file in _included(folder_manifest):
            graph = _Graph(_parse(test_file))
            manifest = ox.NamedNode(_uri(test_file))
            for entry in graph.items(graph.one(manifest, MF + "entries")):
                action = graph.one(entry, MF + "action")
                report = graph.one(entry, MF + "result")
                data = graph.one(action, SHT + "dataGraph")
                shapes = graph.one(action, SHT + "shapesGraph")
                assert isinstance(entry, ox.NamedNode) and isinstance(data, ox.NamedNode)
                assert isinstance(shapes, ox.NamedNode)
                conforms = graph.one(report, SH + "conforms")
                rows: Counter[Row] = Counter(
                    (term_text(graph.one(r, SH + "focusNode")),
                     path_text(graph, graph.one(r, SH + "resultPath")),
                     term_text(graph.one(r, SH + "sourceConstraintComponent")),
                     term_text(graph.one(r, SH + "resultSeverity")),
                     term_text(graph.one(r, SH + "value")))
                    for r in graph.values(report, SH + "result"))
                name = f"{folder_manifest.parent.name}/{entry.value.rsplit('/', 1)[-1]}"
                found.append(Case(name, _file(data), _file(shapes),
                                  isinstance(conforms, ox.Literal) and conforms.value == "true",
                                  rows))
    return found


def _included(manifest: Path) -> list[Path]:
    graph = _Graph(_parse(manifest))
    return [_file(i) for i in graph.values(ox.NamedNode(_uri(manifest)), MF + "include")]


def _file(iri: object) -> Path:
    assert isinstance(iri, ox.NamedNode) and iri.value.startswith("file://"), iri
    return Path(iri.value.removeprefix("file://").split("#")[0])


@dataclass(frozen=True)
class Outcome:
    """What the engine did with a test: ``agrees``, ``refused`` (with the reason) or ``wrong``
    (with the difference)."""

    verdict: str
    detail: str = ""


def engine_rows(results: Iterable[shacl.Result]) -> Counter[Row]:
    return Counter((term_text(r.focus),
                    "" if r.shape.path is None else shacl.path_text(r.shape.path),
                    f"<{SH}{r.component[0].upper()}{r.component[1:]}ConstraintComponent>",
                    f"<{r.severity}>", term_text(r.value))
                   for r in results)


def run(case: Case, data: str = "as written") -> Outcome:
    """The engine on a test: the shapes read from the shapes graph, the data graph given as
    written (``data="as written"``) or as a pyoxigraph store holds it (``"store"``)."""
    try:
        shapes = shacl.ShapesGraph.parse(case.shapes.read_bytes(), base_iri=_uri(case.shapes))
        triples = _parse(case.data)
        if data == "store":
            store = ox.Store()
            store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                         for t in triples)
            results = shapes.validate(store)
        else:
            results = shapes.validate(triples)
    except shacl.UnsupportedShapes as exc:
        return Outcome("refused", str(exc))
    got = engine_rows(results)
    if got == case.results and (not got) == case.conforms:
        return Outcome("agrees")
    return Outcome("wrong", f"more: {sorted((got - case.results).elements())}; "
                            f"missing: {sorted((case.results - got).elements())}; "
                            f"conforms {not got} instead of {case.conforms}")
