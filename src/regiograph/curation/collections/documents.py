"""Source documents and their sections, written into the provenance graph."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from regiograph.curation.entry import Citation
from regiograph.curation.handlers import handles
from regiograph.curation.record import DATE, RDF_TYPE, RDFS_LABEL, TEXT, URL, Record, iri
from regiograph.curation.yamlfile import Scalar
from regiograph.namespaces import PROVENANCE_GRAPH

__all__ = ["document"]


@handles("documents")
def document(r: Record) -> None:
    c = r.c
    graph = [NamedNode(PROVENANCE_GRAPH)]
    r.citations = []
    r.emit_type(iri("rg:SourceDocument"), graph)
    title = r.required_text("title")
    if title is not None:
        c.add(r.subject, iri("dcterms:title"), Literal(title), graph)
        c.add(r.subject, RDFS_LABEL, Literal(title), graph)
    r.emit("url", "schema:url", URL, graphs=graph)
    r.emit("publisher", "dcterms:publisher", r.refs_to("organisations"), graphs=graph)
    r.emit("publisher_name", "rg:publisherName", TEXT, graphs=graph)
    r.emit("date", "dcterms:date", DATE, graphs=graph)
    r.emit("date_note", "rg:dateNote", TEXT, graphs=graph)
    language = r.one_text("language") or "en"
    c.add(r.subject, iri("dcterms:language"), Literal(language), graph)
    confidence = r.one_text("confidence") or "high"
    if confidence not in ("high", "low"):
        r.problem("confidence", f"{confidence!r} is not a confidence", "write high or low")
    c.add(r.subject, iri("rg:confidence"), Literal(confidence), graph)
    for where, section in r.mappings("sections", ("id", "title")):
        sid, stitle = section.entries.get("id"), section.entries.get("title")
        if not (isinstance(sid, Scalar) and isinstance(stitle, Scalar) and stitle.text):
            c.issues.append(section.issue(where, "a section needs an `id` and a `title`"))
            continue
        node = Citation(r.entry.id, sid.text).origin
        c.add(node, RDF_TYPE, iri("rg:SourceSection"), graph)
        c.add(node, RDFS_LABEL, Literal(f"{title} § {stitle.text}"), graph)
        c.add(node, iri("dcterms:title"), Literal(stitle.text), graph)
        c.add(node, iri("dcterms:isPartOf"), r.subject, graph)
