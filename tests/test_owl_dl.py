"""Reasoning over the graph with an OWL 2 DL reasoner: the build's dates (xsd:date, xsd:gYear,
xsd:gYearMonth) are outside OWL 2's datatype map, so `regiograph export --format owl-dl` writes
a variant with every literal inside it, which HermiT (when installed: set
REGIOGRAPH_OWLREADY_PYTHON to a Python with owlready2, which ships HermiT; Java needed) finds
consistent for the bundled region; and no individual of the region falls into two disjoint
classes through the domains and ranges of its properties."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, XSD, Literal, URIRef

from regiograph import GraphStore
from regiograph.build import BuildResult
from regiograph.publish import export as ex
from regiograph.publish.owldl import OWL2_DATATYPES

OWLREADY_PYTHON = os.environ.get("REGIOGRAPH_OWLREADY_PYTHON")
ID = "https://w3id.org/regiograph/id/"
RG = "https://w3id.org/regiograph/ontology#"


@pytest.fixture(scope="module")
def variant(leuven: GraphStore) -> rdflib.Graph:
    return rdflib.Graph().parse(data=ex.render(leuven, "owl-dl")["graph-dl.ttl"], format="turtle")


def test_every_literal_and_datatype_is_in_the_owl2_datatype_map(variant: rdflib.Graph,
                                                               leuven_build: BuildResult) -> None:
    literals = [o for o in variant.objects() if isinstance(o, Literal)]
    assert literals and all(o.language or str(o.datatype or XSD.string) in OWL2_DATATYPES
                            for o in literals)
    named = {str(o) for o in variant.objects() if isinstance(o, URIRef)}
    assert not {n for n in named if n.startswith(str(XSD))} - OWL2_DATATYPES
    # the same graph otherwise: the build's facts, the ontology and the kinds, one each
    built = rdflib.Graph().parse(leuven_build.out / "graph.nt", format="nt")
    assert len(variant) >= len(built) + 1000
    assert (URIRef("https://w3id.org/regiograph/ontology"), RDF.type, OWL.Ontology) in variant
    assert (URIRef("https://w3id.org/regiograph/vocab/kind/university"), None, None) in variant


@pytest.mark.parametrize(("entity", "date"), [("imec", "1984-01-16T00:00:00"),
                                              ("materialise", "1990-07-01T00:00:00"),
                                              ("rega-institute", "1954-01-01T00:00:00")])
def test_a_date_becomes_the_first_instant_of_its_period(variant: rdflib.Graph, entity: str,
                                                        date: str) -> None:
    founded = variant.value(URIRef(ID + entity), URIRef("https://schema.org/foundingDate"))
    assert founded == Literal(date, datatype=XSD.dateTime)


def test_owl_dl_is_written_only_when_asked_for() -> None:
    assert not ex.ExportFormat.OWL_DL.in_all and ex.ExportFormat.OWL_DL.is_rdf
    assert ex.ExportFormat.OWL_DL.files == ("graph-dl.ttl",)


def _types(graph: rdflib.Graph) -> dict[URIRef, set[URIRef]]:
    """Each individual's classes: asserted, and implied by the named domains and ranges of the
    properties it has, closed under rdfs:subClassOf."""
    domains = {p: c for p, c in graph.subject_objects(RDFS.domain) if isinstance(c, URIRef)}
    ranges = {p: c for p, c in graph.subject_objects(RDFS.range) if isinstance(c, URIRef)
              and (c, RDF.type, OWL.Class) in graph}
    types: dict[URIRef, set[URIRef]] = {}
    for s, p, o in graph:
        if not str(s).startswith(ID):
            continue
        if p == RDF.type:
            types.setdefault(s, set()).add(o)  # type: ignore[arg-type]
        if p in domains:
            types.setdefault(s, set()).add(domains[p])  # type: ignore[index]
        if p in ranges and str(o).startswith(ID):
            types.setdefault(o, set()).add(ranges[p])  # type: ignore[arg-type, index]
    for found in types.values():
        found |= {parent for c in list(found) for parent in graph.transitive_objects(c, RDFS.subClassOf)}
    return types


def test_no_individual_of_the_region_falls_into_two_disjoint_classes(
        region_build: BuildResult) -> None:
    """What HermiT found in the bundled region: an investment with `approximate: true` was a
    claim by rg:approximate's domain, and claims and investments are disjoint."""
    from regiograph.resources import ontology_dir

    graph = rdflib.Graph().parse(region_build.out / "graph.nt", format="nt")
    graph.parse(ontology_dir() / "regiograph.ttl", format="turtle")
    disjoint = [set(rdflib.collection.Collection(graph, members))
                for group in graph.subjects(RDF.type, OWL.AllDisjointClasses)
                for members in graph.objects(group, OWL.members)]
    clashes = [(str(node), sorted(map(str, group & classes)))
               for node, classes in _types(graph).items() for group in disjoint
               if len(group & classes) > 1]
    assert clashes == []
    assert URIRef(RG + "Investment") in {c for g in disjoint for c in g}


_HERMIT = r'''
import sys, owlready2
world = owlready2.World()
ontology = world.get_ontology("file://" + sys.argv[1]).load()
try:
    with ontology:
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    print("consistent")
except owlready2.OwlReadyInconsistentOntologyError:
    print("inconsistent")
except owlready2.OwlReadyJavaError as error:
    print("refused: " + " ".join(str(error).split())[:400])
'''


def _hermit(graph: Path, tmp_path: Path) -> str:
    assert OWLREADY_PYTHON is not None
    triples = tmp_path / f"{graph.stem}.nt"  # owlready2 reads N-Triples, not Turtle
    rdflib.Graph().parse(graph, format="turtle").serialize(triples, format="nt", encoding="utf-8")
    done = subprocess.run([OWLREADY_PYTHON, "-c", _HERMIT, str(triples)], capture_output=True,
                          text=True, timeout=600, check=True)
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.skipif(not OWLREADY_PYTHON, reason="set REGIOGRAPH_OWLREADY_PYTHON to a Python "
                                                "with owlready2 (HermiT)")
def test_hermit_reasons_over_the_variant_and_refuses_the_build(region: GraphStore,
                                                              region_build: BuildResult,
                                                              tmp_path: Path) -> None:
    variant = tmp_path / "graph-dl.ttl"
    ex.write(region, "owl-dl", variant)
    assert _hermit(variant, tmp_path) == "consistent"
    plain = tmp_path / "plain.ttl"
    plain.write_bytes((region_build.out / "ontology" / "regiograph.ttl").read_bytes() + b"\n"
                      + (region_build.out / "graph.ttl").read_bytes())  # Turtle concatenates
    assert "is not part of the OWL 2 datatype map" in _hermit(plain, tmp_path)
