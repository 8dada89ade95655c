"""The region's vocabularies: sectors, topics and roles, as SKOS concepts."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from regiograph.curation.handlers import handles
from regiograph.curation.record import RDF_TYPE, RDFS_LABEL, Record, iri
from regiograph.namespaces import ID, VOCABULARY_GRAPH

__all__ = ["concept"]

_SCHEMES = {"sectors": "rg:Sector", "topics": "rg:Topic", "roles": "rg:Role"}
_SCHEME_LABELS = {"sectors": "Sectors", "topics": "Topics", "roles": "Roles"}


@handles("sectors", "topics", "roles")
def concept(r: Record) -> None:
    c = r.c
    collection = r.entry.collection
    graph = [NamedNode(VOCABULARY_GRAPH)]
    scheme = NamedNode(ID + collection)
    r.citations = []
    c.add(scheme, RDF_TYPE, iri("skos:ConceptScheme"), graph)
    c.add(scheme, RDFS_LABEL, Literal(_SCHEME_LABELS[collection], language="en"), graph)
    r.emit_type(iri("skos:Concept"), graph)
    r.emit_type(iri(_SCHEMES[collection]), graph)
    if collection == "roles":
        r.emit_type(iri("org:Role"), graph)
    labels = r.names(["skos:prefLabel", "rdfs:label"], graph)
    if labels and not any(lang == "en" for lang in labels):
        r.problem("name", "a vocabulary term needs an English name", "write name: {en: ...}")
    definition = r.required_text("definition")
    if definition is not None:
        c.add(r.subject, iri("skos:definition"), Literal(definition, language="en"), graph)
    r.emit("broader", "skos:broader", r.refs_to(collection), graphs=graph)
    c.add(r.subject, iri("skos:inScheme"), scheme, graph)
