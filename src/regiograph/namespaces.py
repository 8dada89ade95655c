"""The IRIs regiograph mints and the vocabularies it reuses, as prefix and namespace strings."""

from __future__ import annotations

__all__ = [
    "GRAPH",
    "ID",
    "KIND",
    "ONTOLOGY",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "PROLOGUE",
    "PROVENANCE_GRAPH",
    "RG",
    "VOCABULARY_GRAPH",
    "compact",
    "expand",
]

RG = "https://w3id.org/regiograph/ontology#"
ONTOLOGY = "https://w3id.org/regiograph/ontology"
ID = "https://w3id.org/regiograph/id/"
GRAPH = "https://w3id.org/regiograph/graph/"
KIND = "https://w3id.org/regiograph/vocab/kind/"

ONTOLOGY_GRAPH = ONTOLOGY
PROVENANCE_GRAPH = GRAPH + "provenance"
VOCABULARY_GRAPH = GRAPH + "vocabulary"

#: Prefixes used in every serialisation and query, in a fixed order.
PREFIXES: dict[str, str] = {
    "rg": RG,
    "id": ID,
    "kind": KIND,
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: The PREFIX lines every query gets, embedded or remote, so both read prefixed names alike.
PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())


def expand(curie: str) -> str:
    """The full IRI of a prefixed name such as ``rg:spinOffOf``.

    Examples
    --------
    >>> expand("org:memberOf")
    'http://www.w3.org/ns/org#memberOf'
    """
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local


def compact(iri: str) -> str:
    """The prefixed name of an IRI (the longest namespace of :data:`PREFIXES` that it starts
    with), or the IRI itself when no prefix fits.

    Examples
    --------
    >>> compact("https://w3id.org/regiograph/id/ku-leuven"), compact("https://ror.org/05f950310")
    ('id:ku-leuven', 'https://ror.org/05f950310')
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns) and len(iri) > len(ns)),
               key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"
