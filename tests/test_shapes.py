"""The SHACL shapes and violation queries: the bundled data conforms, and broken graphs (as a
researcher's hand-written Turtle could be) are caught by the right check."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from regiograph import GraphStore, Severity, validate
from regiograph.build import BuildResult, load_ontology
from regiograph.curation.compiler import compile_region
from regiograph.model.kinds import load_kinds
from regiograph.namespaces import ID, expand
from regiograph.resources import ontology_dir, queries_dir

from .conftest import TINY

GRAPH = ox.NamedNode("https://w3id.org/regiograph/graph/tiny-page")


def test_leuven_conforms(leuven_build: BuildResult) -> None:
    report = leuven_build.report
    assert report.conforms, report.to_text()
    assert all(f.severity is Severity.WARNING for f in report.findings)


@pytest.fixture(scope="module")
def tiny_quads() -> list[ox.Quad]:
    return compile_region(TINY, load_kinds()).quads


def _check(quads: list[ox.Quad], drop: tuple[str, str] | None = None,
           add: list[tuple[str, str, ox.NamedNode | ox.Literal]] = ()) -> set[str]:
    """Validate the tiny graph after dropping one (subject, predicate) and adding triples;
    return the checks that reported a violation."""
    store = GraphStore()
    kept = [q for q in quads if drop is None or
            (q.subject.value, q.predicate.value) != (ID + drop[0], expand(drop[1]))]
    store.add(kept)
    store.add(ox.Quad(ox.NamedNode(ID + s), ox.NamedNode(expand(p)), o, GRAPH) for s, p, o in add)
    load_ontology(store)
    report = validate(store, ontology_dir(), queries_dir())
    return {f.check for f in report.violations}


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(expand(datatype)) if datatype else None)


def test_tiny_region_conforms(tiny_quads: list[ox.Quad]) -> None:
    assert _check(tiny_quads) == set()


BROKEN = [
    ("organisation without label", ("tiny-university", "rdfs:label"), [],
     "rgsh:OrganisationOrInitiative-name"),
    ("organisation without kind", ("tiny-university", "rg:kind"), [],
     "rgsh:OrganisationOrInitiative-kind"),
    ("bad country code", ("norway", "rg:countryCode"), [("norway", "rg:countryCode", _lit("no"))],
     "rgsh:Country-code"),
    ("rank zero", ("tiny-ranking", "rg:rank"),
     [("tiny-ranking", "rg:rank", _lit("0", "xsd:integer"))], "rgsh:Ranking-rank"),
    ("rank beyond the ranking", ("tiny-ranking", "rg:rank"),
     [("tiny-ranking", "rg:rank", _lit("11", "xsd:integer"))], "rgsh:Ranking-rankWithinSize"),
    ("founding date as plain text", ("tiny-university", "schema:foundingDate"),
     [("tiny-university", "schema:foundingDate", _lit("about 1425"))],
     "rgsh:OrganisationOrInitiative-founded"),
    ("claim without value", ("tiny-staff", "rg:value"), [], "rgsh:QuantitativeClaim-value"),
    ("membership without role", ("tiny-university--founding-partner--tiny-mission", "org:role"),
     [], "rgsh:Membership-role"),
    ("nationality that is not a country", None,
     [("ayse-yilmaz", "rg:nationality", ox.NamedNode(ID + "leuven"))], "rgsh:Person-nationality"),
    ("investment in two organisations at once", None,
     [("bad-investment", "rdf:type", ox.NamedNode(expand("rg:Investment"))),
      ("bad-investment", "rg:investee", ox.NamedNode(ID + "tiny-university")),
      ("bad-investment", "rg:investee", ox.NamedNode(ID + "tiny-hospital"))],
     "rgsh:Investment-investee"),
    ("negative investment amount", None,
     [("bad-investment", "rdf:type", ox.NamedNode(expand("rg:Investment"))),
      ("bad-investment", "rg:investee", ox.NamedNode(ID + "tiny-university")),
      ("bad-investment", "rg:amount", _lit("-5", "xsd:decimal"))], "rgsh:Investment-amount"),
    ("acquisition without a buyer", None,
     [("bad-acquisition", "rdf:type", ox.NamedNode(expand("rg:Acquisition"))),
      ("bad-acquisition", "rg:acquiredOrganisation", ox.NamedNode(ID + "tiny-hospital"))],
     "rgsh:Acquisition-by"),
]


@pytest.mark.parametrize(("case", "drop", "add", "shape"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_graph_is_caught_by_its_shape(tiny_quads: list[ox.Quad], case: str,
                                             drop: tuple[str, str] | None,
                                             add: list[tuple[str, str, ox.Literal]],
                                             shape: str) -> None:
    assert shape in _check(tiny_quads, drop, add)


def test_collaboration_with_one_partner_is_caught_by_shape_and_query(
        tiny_quads: list[ox.Quad]) -> None:
    member = ID + "tiny-hospital"
    kept = [q for q in tiny_quads if not (q.subject.value == ID + "tiny-mission"
                                          and q.predicate.value == expand("org:hasMember")
                                          and q.object.value == member)]
    checks = _check(kept)
    assert "rgsh:Collaboration-members" in checks
    assert "qc/collaboration-without-partners-violation" in checks


def test_node_without_source_graph_is_caught_by_query(tiny_quads: list[ox.Quad]) -> None:
    moved = [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
             if q.subject.value == ID + "norway" else q for q in tiny_quads]
    assert "qc/stakeholder-without-source-violation" in _check(moved)


def test_findings_point_at_the_curated_record(tiny_quads: list[ox.Quad]) -> None:
    region = compile_region(TINY, load_kinds())
    store = GraphStore()
    store.add(q for q in region.quads if not (q.subject.value == ID + "tiny-university"
                                              and q.predicate.value == expand("rdfs:label")))
    load_ontology(store)
    report = validate(store, ontology_dir(), queries_dir(), region.locations)
    finding = next(f for f in report.violations if f.focus == ID + "tiny-university")
    assert finding.location is not None and finding.location[0].endswith("organisations.yaml")
    assert str(finding).startswith(f"{finding.location[0]}:2: violation: tiny-university:")
