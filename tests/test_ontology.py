"""The ontology: every term labelled and defined, aligned so that questions written only in
ORG, schema.org, FOAF, PROV-O, SKOS and Dublin Core get the right answers after OWL-RL
inference, and consistent under that reasoner together with the Leuven data."""

from __future__ import annotations

import owlrl
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Namespace
from rdflib.namespace import DCTERMS

from regiograph.build import BuildResult
from regiograph.model.kinds import load_kinds
from regiograph.resources import ontology_dir

RG = Namespace("https://w3id.org/regiograph/ontology#")
VANN = Namespace("http://purl.org/vocab/vann/")
OWLRL_ERROR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
ID = "https://w3id.org/regiograph/id/"
ONTOLOGY = rdflib.URIRef("https://w3id.org/regiograph/ontology")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(ontology_dir() / "regiograph.ttl", format="turtle")
    graph.parse(ontology_dir() / "vocab" / "kinds.ttl", format="turtle")
    return graph


@pytest.fixture(scope="module")
def inferred(ontology: rdflib.Graph, leuven_build: BuildResult) -> rdflib.Graph:
    """Ontology + the merged Leuven graph, closed under OWL 2 RL."""
    graph = rdflib.Graph()
    graph += ontology
    graph.parse(leuven_build.out / "graph.nt", format="nt")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


def _terms(ontology: rdflib.Graph) -> set[rdflib.URIRef]:
    return {s for s in ontology.subjects() if isinstance(s, rdflib.URIRef)
            and str(s).startswith(str(RG))}


def test_ontology_metadata(ontology: rdflib.Graph) -> None:
    for predicate in (OWL.versionIRI, OWL.versionInfo, DCTERMS.title, DCTERMS.description,
                      DCTERMS.license, DCTERMS.creator, DCTERMS.created,
                      VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert ontology.value(ONTOLOGY, predicate) is not None, predicate
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology


FOAF = Namespace("http://xmlns.com/foaf/0.1/")
VOCABULARIES = ["regiograph.ttl", "analysis.ttl", "vocab/kinds.ttl", "shapes/violations.ttl",
                "shapes/warnings.ttl"]


@pytest.mark.parametrize("name", VOCABULARIES)
def test_every_vocabulary_file_is_a_published_ontology(name: str) -> None:
    """A header that pyLODE, Protégé and the registries read: version, licence, dates, and a
    creator and publisher that are agents with a name, not strings."""
    graph = rdflib.Graph().parse(ontology_dir() / name, format="turtle")
    headers = list(graph.subjects(RDF.type, OWL.Ontology))
    assert len(headers) == 1
    header = headers[0]
    for predicate in (OWL.versionIRI, OWL.versionInfo, DCTERMS.title, DCTERMS.description,
                      VANN.preferredNamespacePrefix, VANN.preferredNamespaceUri):
        assert graph.value(header, predicate) is not None, predicate
    assert graph.value(header, DCTERMS.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/")
    for predicate in (DCTERMS.created, DCTERMS.modified):
        assert graph.value(header, predicate).datatype == rdflib.XSD.date, predicate
    for predicate in (DCTERMS.creator, DCTERMS.publisher):
        agent = graph.value(header, predicate)
        assert isinstance(agent, rdflib.URIRef), predicate
        assert (agent, RDF.type, FOAF.Agent) in graph and graph.value(agent, FOAF.name), predicate


@pytest.mark.parametrize("name", VOCABULARIES)
def test_a_term_has_at_most_one_label_per_language(name: str) -> None:
    """One label a language, so that a documentation tool can show the English one (pyLODE
    3.4 still runs all of a term's labels together: see docs/mapping.md)."""
    graph = rdflib.Graph().parse(ontology_dir() / name, format="turtle")
    for predicate in (RDFS.label, SKOS.prefLabel):
        seen: dict[tuple[object, object], int] = {}
        for subject, label in graph.subject_objects(predicate):
            key = (subject, label.language)
            seen[key] = seen.get(key, 0) + 1
        assert [k for k, n in seen.items() if n > 1] == [], predicate


def test_the_documentation_shows_one_label_and_the_published_header() -> None:
    from regiograph.publish.ontodoc import document

    page = document([ontology_dir() / "regiograph.ttl", ontology_dir() / "vocab" / "kinds.ttl"])
    assert "<h4>organisation <code>rg:Organisation</code></h4>" in page  # English, alone
    assert "organisation (en), organisatie (nl)" in page  # every label, with its language
    assert page.count("<dt>Creator</dt><dd>regiograph contributors</dd>") == 2
    assert page.count("<dt>Publisher</dt><dd>the regiograph project</dd>") == 2
    assert "<dt>Modified</dt>" in page and "<caption>Concepts</caption>" in page


def test_every_term_is_labelled_in_english_and_dutch_and_defined(ontology: rdflib.Graph) -> None:
    terms = _terms(ontology)
    assert len(terms) >= 80
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"en", "nl"} <= languages, term
        assert ontology.value(term, SKOS.definition) is not None, term
        assert (term, RDFS.isDefinedBy, ONTOLOGY) in ontology, term


def test_every_property_states_domain_or_range(ontology: rdflib.Graph) -> None:
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(str(RG)):
            assert (ontology.value(prop, RDFS.domain) is not None
                    or ontology.value(prop, RDFS.range) is not None), prop


def test_every_rg_term_is_aligned_to_a_standard_vocabulary(ontology: rdflib.Graph) -> None:
    standard = ("http://www.w3.org/ns/org#", "https://schema.org/", "http://xmlns.com/foaf/0.1/",
                "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
                "http://purl.org/dc/terms/", "http://www.w3.org/2000/01/rdf-schema#")
    unaligned = []
    for term in _terms(ontology):
        parents = set(ontology.transitive_objects(term, RDFS.subClassOf)) | set(
            ontology.transitive_objects(term, RDFS.subPropertyOf))
        if not any(str(p).startswith(standard) for p in parents):
            unaligned.append(term.removeprefix(str(RG)) if hasattr(term, "removeprefix") else term)
    # Terms with no standard counterpart, each said so in its definition.
    assert set(unaligned) <= {"approximate", "confidence", "classOfKind", "status", "listedOn",
                              "fundingRound", "comparison", "publisherName", "networkNode",
                              "factCount", "subjectCount"}, sorted(unaligned)


def test_every_kind_names_a_class_of_the_ontology(ontology: rdflib.Graph) -> None:
    kinds = load_kinds()
    for group in ("organisation", "place", "result"):
        for kind_id in kinds.in_group(group):
            kind = kinds.get(kind_id, group)
            assert kind is not None
            assert (rdflib.URIRef(kind.cls.value), RDF.type, OWL.Class) in ontology, kind_id


def _errors(graph: rdflib.Graph) -> list[str]:
    messages = [str(m) for m in graph.objects(None, OWLRL_ERROR.error)]
    nothing = [str(s) for s in graph.subjects(RDF.type, OWL.Nothing) if s != OWL.Nothing]
    return messages + nothing


def test_ontology_and_leuven_data_are_consistent(inferred: rdflib.Graph) -> None:
    assert _errors(inferred) == []


def test_the_reasoner_catches_an_inconsistency(ontology: rdflib.Graph) -> None:
    graph = rdflib.Graph()
    graph += ontology
    thing = rdflib.URIRef(ID + "both")
    graph.add((thing, RDF.type, RG.Person))
    graph.add((thing, RDF.type, RG.University))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    assert any("Disjoint" in message or "both" in message for message in _errors(graph))


STANDARD_QUESTIONS = [
    ("universities, in schema.org",
     "SELECT ?x WHERE { ?x a schema:CollegeOrUniversity }", {"ku-leuven", "vub"}),
    ("hospitals, in schema.org",
     "SELECT ?x WHERE { ?x a schema:Hospital }", {"uz-leuven", "heilig-hart-leuven", "uz-brussel"}),
    ("partners of collaborations, in ORG",
     """SELECT ?x WHERE { ?c a org:OrganizationalCollaboration ; org:hasMember ?x .
        FILTER(?c = id:mission-lucidity) }""", {"ku-leuven", "uz-leuven", "vib", "imec"}),
    ("sub-organisations of KU Leuven, in ORG",
     "SELECT ?x WHERE { ?x org:subOrganizationOf id:ku-leuven }",
     {"rega-institute", "ku-leuven-research-and-development"}),
    ("what KU Leuven is linked to, in ORG",
     "SELECT ?x WHERE { id:imec org:linkedTo ?x }", {"ku-leuven"}),
    ("people, in FOAF",
     "SELECT ?x WHERE { ?x a foaf:Person ; rdfs:label 'Andreas Vesalius' }",
     {"andreas-vesalius"}),
    ("who the drug tenofovir is attributed to, in PROV-O",
     "SELECT ?x WHERE { id:tenofovir prov:wasAttributedTo ?x }",
     {"rega-institute", "erik-de-clercq", "jan-balzarini", "antonin-holy", "john-martin"}),
    ("Mission Lucidity's subjects, in Dublin Core",
     "SELECT ?x WHERE { id:mission-lucidity dcterms:subject ?x . ?x skos:prefLabel 'Dementia'@en }",
     {"dementia"}),
    ("nationalities, in schema.org",
     "SELECT ?x WHERE { id:kumiko-sawada schema:nationality ?x }", {"japan"}),
    ("identifiers, in Dublin Core",
     "SELECT ?x WHERE { id:ku-leuven dcterms:identifier ?x }", {"05f950310"}),
]


@pytest.mark.parametrize(("case", "sparql", "expected"), STANDARD_QUESTIONS,
                         ids=[q[0] for q in STANDARD_QUESTIONS])
def test_standard_vocabulary_questions_after_inference(inferred: rdflib.Graph, case: str,
                                                       sparql: str, expected: set[str]) -> None:
    prefixes = {"schema": "https://schema.org/", "org": "http://www.w3.org/ns/org#",
                "foaf": "http://xmlns.com/foaf/0.1/", "prov": "http://www.w3.org/ns/prov#",
                "dcterms": str(DCTERMS), "skos": str(SKOS), "rdfs": str(RDFS), "id": ID}
    answers = {str(row[0]).removeprefix(ID) for row in inferred.query(sparql, initNs=prefixes)}
    assert answers == expected
