"""The sourced facts of a built graph, made readable: what the graph says about a stakeholder, in
words, each fact with the documents that state it.

Every fact of the dataset sits in the named graph of its citation, and that graph was derived
from a source section or document (see ``docs/mapping.md``); this module follows that link, so
the web pages can show each fact with its sources without knowing RDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from regiograph.namespaces import ID, PREFIXES, PROVENANCE_GRAPH, expand
from regiograph.store.embedded import GraphStore

__all__ = ["Fact", "Facts", "Source", "region_name"]

#: Readable names of the standard predicates the data uses (ours carry an ``rdfs:label``).
_NAMES = {
    "dcterms:date": "date",
    "dcterms:description": "description",
    "rdfs:label": "name",
    "skos:altLabel": "also known as",
    "org:hasMember": "has member",
    "org:hasSite": "has site",
    "org:memberOf": "member of",
    "org:member": "member",
    "org:organization": "organisation",
    "org:role": "role",
    "org:subOrganizationOf": "part of",
    "foaf:homepage": "website",
    "schema:address": "address",
    "schema:founder": "founded by",
    "schema:foundingDate": "founded",
    "schema:sameAs": "same as",
}
#: Predicates a page shows elsewhere (the kind) or not at all (the class).
_HIDDEN = {expand("rdf:type"), expand("rg:kind")}

Term = ox.NamedNode | ox.Literal | ox.BlankNode
Row = dict[str, Term]

_LABELS = """SELECT ?s ?l WHERE { { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } }"""
_SOURCES = f"""SELECT ?origin ?label ?own ?whole ?document ?name ?part WHERE {{
GRAPH <{PROVENANCE_GRAPH}> {{
  ?origin rdfs:label ?label .
  OPTIONAL {{ ?origin schema:url ?own }}
  OPTIONAL {{ ?origin dcterms:isPartOf ?document .
             OPTIONAL {{ ?document schema:url ?whole }} OPTIONAL {{ ?document rdfs:label ?name }}
             OPTIONAL {{ ?origin dcterms:title ?part }} }}
}} }}"""
_OUT = f"""SELECT ?s ?p ?o ?origin WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} GRAPH <{PROVENANCE_GRAPH}> {{ ?g prov:wasDerivedFrom ?origin }} }}"""
_NODE_SOURCES = f"""SELECT DISTINCT ?s ?origin WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} GRAPH <{PROVENANCE_GRAPH}> {{ ?g prov:wasDerivedFrom ?origin }} }}"""
_SUMMARY_FACTS = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { schema:foundingDate rg:basedIn rg:describedAs } ?s ?p ?o }"""
#: The facts naming a node, but those of memberships (a page shows those as its links).
_IN = f"""SELECT ?s ?p ?o ?origin WHERE {{
  GRAPH ?g {{ ?s ?p ?o }} GRAPH <{PROVENANCE_GRAPH}> {{ ?g prov:wasDerivedFrom ?origin }}
  FILTER NOT EXISTS {{ ?s a rg:Membership }} }}"""


@dataclass(frozen=True)
class Source:
    """A cited document or section: its title and, when it has one, its web address; a
    section also names its document (``document``, ``document_title``) and its own title
    (``section``), so that a page can list a document once with its cited sections under it."""

    id: str
    title: str
    url: str | None = None
    document: str | None = None
    document_title: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class Fact:
    """One statement in words: ``subject`` and ``value`` are texts (labels), ``subject_id`` and
    ``value_id`` the ids of region nodes (else None), ``url`` a web address value;
    ``predicate_iri`` is the predicate that ``predicate`` names."""

    subject: str
    subject_id: str | None
    predicate: str
    value: str
    value_id: str | None
    url: str | None
    sources: tuple[Source, ...]
    predicate_iri: str = ""


class Facts:
    """The readable facts of a store (labels and sources are read once).

    Examples
    --------
    >>> facts = Facts(GraphStore())
    >>> facts.about("nobody"), facts.label(ID + "x")
    ([], 'x')
    """

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._labels = _labels(store.select(_LABELS))
        self._sources = {row["origin"].value: _source(row) for row in store.select(_SOURCES)}

    def label(self, iri: str) -> str:
        """The English (or plain) label of an IRI; its id or prefixed name without one."""
        return self._labels.get(iri) or _short(iri)

    def about(self, node: str) -> list[Fact]:
        """The facts with ``node`` (an id) as subject, the kind and class left out."""
        rows = self._store.select(_OUT, {"s": ox.NamedNode(ID + node)}) if node else []
        return self._facts(r for r in rows if r["p"].value not in _HIDDEN)

    def mentions(self, node: str) -> list[Fact]:
        """The facts that name ``node`` (an id) as their value, but those of memberships."""
        rows = self._store.select(_IN, {"o": ox.NamedNode(ID + node)}) if node else []
        return self._facts(rows)

    def about_each(self) -> dict[str, list[Fact]]:
        """:meth:`about` for every node id at once, from one pass over the dataset (a site
        asked once per page: 1,600 queries)."""
        rows = (r for r in self._store.select(_OUT) if r["p"].value not in _HIDDEN)
        return self._by_node(rows, "s")

    def mentions_each(self) -> dict[str, list[Fact]]:
        """:meth:`mentions` for every node id at once, from one pass over the dataset."""
        return self._by_node(self._store.select(_IN), "o")

    def _by_node(self, rows: Iterable[Row], variable: str) -> dict[str, list[Fact]]:
        grouped: dict[str, list[Row]] = {}
        for row in rows:
            term = row[variable]
            if isinstance(term, ox.NamedNode) and term.value.startswith(ID):
                grouped.setdefault(term.value.removeprefix(ID), []).append(row)
        return {node: self._facts(found) for node, found in grouped.items()}

    def summaries(self) -> dict[str, tuple[list[str], list[str]]]:
        """For every node id: key facts in short sentences (founded, based in, described as),
        and the titles of the sources of all its facts, sorted."""
        lines: dict[str, dict[str, list[str]]] = {}
        sources: dict[str, set[str]] = {}
        # the engine joins every statement with its source; only node-source pairs come back
        for row in self._store.select(_NODE_SOURCES):
            subject = row["s"].value
            if subject.startswith(ID):
                sources.setdefault(subject.removeprefix(ID), set()).add(
                    self._source(row["origin"].value).title)
        for row in self._store.select(_SUMMARY_FACTS):
            subject = row["s"].value
            if subject.startswith(ID):
                found = lines.setdefault(subject.removeprefix(ID), {}).setdefault(
                    _SUMMARY[row["p"].value], [])
                if (value := self._text(row["o"])) not in found:
                    found.append(value)
        return {node: ([f"{key} {'; '.join(sorted(values)[:2])}" for key, values
                        in sorted(lines.get(node, {}).items(), key=lambda kv: _ORDER[kv[0]])],
                       sorted(titles)) for node, titles in sources.items()}

    def source(self, citation: str) -> Source:
        """The source a curator's citation names: ``document`` or ``document#section``.

        >>> source = Facts(GraphStore()).source("tiny-page#people")
        >>> source.id, source.title, source.url
        ('tiny-page--people', 'tiny-page--people', None)
        """
        return self._source(ID + citation.replace("#", "--", 1))

    def sector_labels(self) -> dict[str, str]:
        """Sector id to label, for the sector filters."""
        rows = self._store.select("SELECT ?s WHERE { ?s a rg:Sector }")
        return {row["s"].value.removeprefix(ID): self.label(row["s"].value) for row in rows}

    def _facts(self, rows: Iterable[Row]) -> list[Fact]:
        grouped: dict[tuple[str, str, str], dict[str, Source]] = {}
        terms: dict[tuple[str, str, str], tuple[Term, Term, Term]] = {}
        for row in rows:
            key = (row["s"].value, row["p"].value, str(row["o"]))
            grouped.setdefault(key, {})[row["origin"].value] = self._source(row["origin"].value)
            terms[key] = (row["s"], row["p"], row["o"])
        facts = [self._fact(*terms[key], tuple(sorted(found.values(), key=lambda s: s.title)))
                 for key, found in grouped.items()]
        return sorted(facts, key=lambda f: (f.subject, f.predicate, f.value))

    def _fact(self, s: Term, p: Term, o: Term, sources: tuple[Source, ...]) -> Fact:
        subject = s.value
        ours = isinstance(o, ox.NamedNode) and o.value.startswith(ID)
        url = o.value if isinstance(o, ox.NamedNode) and _web(o.value) else None
        return Fact(self.label(subject), subject.removeprefix(ID) if subject.startswith(ID) else None,
                    self._predicate(p.value), self._text(o), o.value.removeprefix(ID) if ours else None,
                    url, sources, p.value)

    def _predicate(self, iri: str) -> str:
        short = _short(iri)
        return _NAMES.get(short) or self._labels.get(iri) or short

    def _text(self, term: Term) -> str:
        if isinstance(term, ox.Literal):
            tag = term.language
            return term.value if not tag or tag == "en" else f"{term.value} ({tag})"
        if isinstance(term, ox.NamedNode):
            return term.value if _web(term.value) else self.label(term.value)
        return str(term)

    def _source(self, origin: str) -> Source:
        return self._sources.get(origin) or Source(_short(origin), _short(origin))


_SUMMARY = {expand("schema:foundingDate"): "Founded", expand("rg:basedIn"): "Based in",
            expand("rg:describedAs"): "Described as"}
_ORDER = {"Founded": 0, "Based in": 1, "Described as": 2}


def _labels(rows: Iterable[Row]) -> dict[str, str]:
    """One label per IRI: English first, then untagged, then the first tag alphabetically."""
    best: dict[str, tuple[int, str, str]] = {}
    for row in rows:
        term = row["l"]
        if not isinstance(term, ox.Literal) or not isinstance(row["s"], ox.NamedNode):
            continue
        tag = term.language or ""
        rank = (0 if tag.startswith("en") else 1 if not tag else 2, tag, term.value)
        if row["s"].value not in best or rank < best[row["s"].value]:
            best[row["s"].value] = rank
    return {iri: rank[2] for iri, rank in best.items()}


#: The region's own place: of kind ``region`` (an area that is not an administrative unit,
#: such as an innovation region), the one that most places and stakeholders lie in when there are
#: several; its English (or untagged) label.
_REGION = """SELECT ?label (COUNT(DISTINCT ?inside) AS ?size) WHERE {
  ?region rg:kind kind:region ; rdfs:label ?label .
  FILTER(LANG(?label) IN ("en", ""))
  OPTIONAL { ?inside (rg:locatedIn|rg:basedIn|rg:headquarters)+ ?region }
} GROUP BY ?region ?label ORDER BY DESC(?size) ?region LIMIT 1"""


def region_name(store: GraphStore) -> str | None:
    """The name of the region the graph describes: the label of its place of kind ``region``
    (of the one holding the most places and stakeholders, if it has several), or None.

    >>> graph = ('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . '
    ...          '<https://w3id.org/regiograph/id/leuven-innovation-region> '
    ...          '<https://w3id.org/regiograph/ontology#kind> '
    ...          '<https://w3id.org/regiograph/vocab/kind/region> ; '
    ...          'rdfs:label "Leuven Innovation Region"@en .')
    >>> store = GraphStore()
    >>> store.add(ox.parse(graph, format=ox.RdfFormat.TURTLE))
    >>> region_name(store)
    'Leuven Innovation Region'
    """
    rows = store.select(_REGION)
    return rows[0]["label"].value if rows else None


def _source(row: Row) -> Source:
    url = row.get("own") or row.get("whole")
    link = url.value if url is not None and _web(url.value) else None
    document, name, part = row.get("document"), row.get("name"), row.get("part")
    return Source(row["origin"].value.removeprefix(ID), row["label"].value, link,
                  document.value.removeprefix(ID) if document is not None else None,
                  name.value if name is not None else None,
                  part.value if part is not None else None)


def _web(iri: str) -> bool:
    """Whether an IRI is a web page outside the graph's own namespaces (a link to follow).

    >>> _web("https://www.kuleuven.be"), _web(ID + "ku-leuven"), _web("javascript:alert(1)")
    (True, False, False)
    """
    ours = iri.startswith(("https://w3id.org/regiograph/", *PREFIXES.values()))
    return iri.startswith(("https://", "http://")) and not ours


def _short(iri: str) -> str:
    """An id under ``id:``, or a prefixed name, or the IRI itself.

    >>> _short(ID + "vib"), _short("https://schema.org/founder")
    ('vib', 'schema:founder')
    """
    if iri.startswith(ID):
        return iri.removeprefix(ID)
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and prefix not in ("id",):
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri
