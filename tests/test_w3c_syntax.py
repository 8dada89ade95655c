"""The W3C RDF 1.1 Turtle, TriG, N-Triples and N-Quads test suites (tests/w3c, copied from the W3C
rdf-tests repository with its licence) run against the reader regiograph uses for RDF that people
bring, :func:`regiograph.store.rdf_files.read_rdf`: every negative syntax test rejected with a DataError
naming the file, every positive syntax test accepted, and every evaluation test giving the graph
of its ``mf:result`` (isomorphic, blank nodes included, compared by rdflib).

A test where pyoxigraph disagrees with the suite would be listed in ``DEVIATIONS`` with its reason
and run as a strict xfail, so that it is seen, and noticed when the engine changes; none is listed
because pyoxigraph passes all 826 tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from regiograph.errors import DataError
from regiograph.store.rdf_files import read_rdf

W3C = Path(__file__).parent / "w3c"
SUITES = ("rdf-turtle", "rdf-trig", "rdf-n-triples", "rdf-n-quads")
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
RDFT = rdflib.Namespace("http://www.w3.org/ns/rdftest#")

#: Test IRI (suite/name) to the reason pyoxigraph's reading differs from the suite's. Empty: the
#: engine passes every test; an entry here runs as a strict xfail, never as a skip.
DEVIATIONS: dict[str, str] = {}


@dataclass(frozen=True)
class W3CTest:
    suite: str
    name: str
    kind: str  # "negative", "positive" or "eval"
    action: Path
    result: Path | None
    base: str

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


def _manifest(suite: str) -> list[W3CTest]:
    folder = W3C / suite
    graph = rdflib.Graph().parse(folder / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    base = str(graph.value(manifest, MF.assumedTestBase) or "")
    tests = []
    entries = graph.value(manifest, MF.entries)
    assert entries is not None
    for entry in Collection(graph, entries):
        kind_iri = str(graph.value(entry, rdflib.RDF.type))
        kind = ("negative" if kind_iri.endswith("NegativeSyntax") else
                "positive" if kind_iri.endswith("PositiveSyntax") else
                "eval" if kind_iri.endswith("Eval") else kind_iri)
        action = folder / str(graph.value(entry, MF.action)).rsplit("/", 1)[1]
        result_iri = graph.value(entry, MF.result)
        result = folder / str(result_iri).rsplit("/", 1)[1] if result_iri is not None else None
        name = str(entry).rsplit("#", 1)[1]
        tests.append(W3CTest(suite, name, kind, action, result, base + action.name))
    return tests


TESTS = [test for suite in SUITES for test in _manifest(suite)]


def _param(test: W3CTest) -> object:
    marks = ([pytest.mark.xfail(strict=True, reason=DEVIATIONS[test.id])]
             if test.id in DEVIATIONS else [])
    return pytest.param(test, id=test.id, marks=marks)


def test_the_suites_are_complete() -> None:
    """All four suites, every test of their manifests, and only the kinds handled below."""
    counts = {(t.suite, t.kind): 0 for t in TESTS}
    for test in TESTS:
        counts[test.suite, test.kind] += 1
    assert counts == {
        ("rdf-turtle", "eval"): 145, ("rdf-turtle", "positive"): 74, ("rdf-turtle", "negative"): 94,
        ("rdf-trig", "eval"): 143, ("rdf-trig", "positive"): 98, ("rdf-trig", "negative"): 115,
        ("rdf-n-triples", "positive"): 41, ("rdf-n-triples", "negative"): 29,
        ("rdf-n-quads", "positive"): 53, ("rdf-n-quads", "negative"): 34,
    }
    assert all(t.action.is_file() and (t.result is None or t.result.is_file()) for t in TESTS)
    assert set(DEVIATIONS) <= {t.id for t in TESTS}


def _base(test: W3CTest) -> str | None:
    # The suites resolve relative IRIs against the test's own address (mf:assumedTestBase);
    # N-Triples and N-Quads have no relative IRIs, and must reject them.
    return test.base if test.suite in ("rdf-turtle", "rdf-trig") else None


@pytest.mark.parametrize("test", [_param(t) for t in TESTS if t.kind == "negative"])
def test_negative_syntax_is_rejected(test: W3CTest) -> None:
    with pytest.raises(DataError) as caught:
        read_rdf(test.action, base_iri=_base(test))
    issue = caught.value.issues[0]
    assert issue.path == test.action and "syntax error" in issue.message


@pytest.mark.parametrize("test", [_param(t) for t in TESTS if t.kind == "positive"])
def test_positive_syntax_is_accepted(test: W3CTest) -> None:
    read_rdf(test.action, base_iri=_base(test))


def _term(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return RDFT.defaultGraph  # a marker: the default graph is not a blank node
    assert isinstance(term, ox.Literal), term
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _as_graph(quads: list[ox.Quad]) -> rdflib.Graph:
    """Quads as one graph in which each quad is a blank node with its four parts, so that graph
    isomorphism is dataset isomorphism (blank nodes shared across graphs stay shared)."""
    graph = rdflib.Graph()
    for quad in quads:
        node = rdflib.BNode()
        for part, term in (("subject", quad.subject), ("predicate", quad.predicate),
                           ("object", quad.object), ("graph", quad.graph_name)):
            graph.add((node, RDFT[part], _term(term)))
    return graph


@pytest.mark.parametrize("test", [_param(t) for t in TESTS if t.kind == "eval"])
def test_evaluation_gives_the_expected_graph(test: W3CTest) -> None:
    assert test.result is not None
    parsed = read_rdf(test.action, base_iri=_base(test))
    expected = read_rdf(test.result)  # N-Triples or N-Quads, themselves checked above
    assert len(set(parsed)) == len(set(expected))
    assert isomorphic(_as_graph(parsed), _as_graph(expected))
