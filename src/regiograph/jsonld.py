"""JSON-LD with a context a web developer can read: short names for every term, ids relative to
``https://w3id.org/regiograph/id/``, and no remote context to fetch."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from regiograph.namespaces import ID, PREFIXES, RG

__all__ = ["context", "to_jsonld"]

# Standard terms the compiler emits, by the short name the context gives them.
_STANDARD_TERMS = {
    "label": "rdfs:label", "altLabel": "skos:altLabel", "prefLabel": "skos:prefLabel",
    "definition": "skos:definition", "broader": "skos:broader", "inScheme": "skos:inScheme",
    "description": "dcterms:description", "title": "dcterms:title",
    "publisher": "dcterms:publisher", "date": "dcterms:date", "language": "dcterms:language",
    "isPartOf": "dcterms:isPartOf", "foundingDate": "schema:foundingDate",
    "founder": "schema:founder", "address": "schema:address", "url": "schema:url",
    "sameAs": "schema:sameAs", "homepage": "foaf:homepage", "memberOf": "org:memberOf",
    "hasMember": "org:hasMember", "member": "org:member", "organization": "org:organization",
    "role": "org:role", "subOrganizationOf": "org:subOrganizationOf", "hasSite": "org:hasSite",
    "wasDerivedFrom": "prov:wasDerivedFrom",
}
_LINKS = {"broader", "inScheme", "publisher", "isPartOf", "founder", "url", "sameAs", "homepage",
          "memberOf", "hasMember", "member", "organization", "role", "subOrganizationOf",
          "hasSite", "wasDerivedFrom"}


def context(ontology: Iterable[ox.Triple] = ()) -> dict[str, Any]:
    """The JSON-LD context: prefixes, ``id``/``type`` aliases and a short name for every term.

    Object properties of the ontology (those declared ``owl:ObjectProperty``) get
    ``"@type": "@id"`` so that their values are plain ids.

    >>> ctx = context()
    >>> ctx["@context"]["founder"]
    {'@id': 'schema:founder', '@type': '@id'}
    """
    terms: dict[str, Any] = {"@version": 1.1, "@base": ID, "@vocab": RG, "id": "@id",
                             "type": "@type"}
    terms.update({prefix: iri for prefix, iri in PREFIXES.items() if prefix not in ("id",)})
    object_property = ox.NamedNode(PREFIXES["owl"] + "ObjectProperty")
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    links = set(_LINKS)
    for triple in ontology:
        subject = triple.subject
        if (isinstance(subject, ox.NamedNode) and subject.value.startswith(RG)
                and triple.predicate == rdf_type and triple.object == object_property):
            links.add(subject.value.removeprefix(RG))
    for name, curie in _STANDARD_TERMS.items():
        terms[name] = {"@id": curie, "@type": "@id"} if name in links else {"@id": curie}
    for name in sorted(links - set(_STANDARD_TERMS)):
        terms[name] = {"@id": f"rg:{name}", "@type": "@id"}
    return {"@context": terms}


def to_jsonld(quads: Iterable[ox.Quad], ctx: dict[str, Any]) -> bytes:
    """The merged graph of ``quads`` as compacted JSON-LD, nodes sorted by id."""
    from pyld import jsonld

    triples = sorted({str(ox.Triple(q.subject, q.predicate, q.object)) for q in quads})
    nquads = "".join(f"{t} .\n" for t in triples)
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    compacted = jsonld.compact(expanded, ctx, {"base": ID, "documentLoader": _no_remote_documents})
    nodes = compacted.get("@graph", [])
    nodes.sort(key=lambda node: str(node.get("id", "")))
    text = json.dumps(compacted, ensure_ascii=False, indent=1, sort_keys=False)
    return (text + "\n").encode("utf-8")


def _no_remote_documents(url: str, options: dict[str, Any]) -> dict[str, Any]:
    raise ValueError(f"refusing to fetch the remote JSON-LD document {url}")
