"""A query parameter's value resolved against the graph, as a person types it: an id that the
graph holds is bound as it is; a name (``"Mission Lucidity"``), a prefix of one or its words
resolve to the one thing so named; a typo is refused with what it was probably meant to be
("no stakeholder 'icovd' in the graph; did you mean 'icovid'?") instead of answering nothing.

Full IRIs and prefixed names are bound as given: they name exactly, and may name something
outside the graph on purpose.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.names import resolve_name
from regiograph.namespaces import ID, compact
from regiograph.store.embedded import GraphStore

__all__ = ["NameIndex", "resolve_iri"]

#: The ids a curator writes: lower case words joined by hyphens (``ku-leuven``).
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SPACE = re.compile(r"[\x00-\x20]")
#: Everything the graph names, with its names, but the bookkeeping of sources and memberships
#: (whose labels repeat the names of stakeholders).
_NAMES = """SELECT ?thing ?name ?rank WHERE {
  { ?thing rdfs:label ?name BIND(0 AS ?rank) } UNION { ?thing skos:prefLabel ?name BIND(1 AS ?rank) }
  UNION { ?thing skos:altLabel ?name BIND(2 AS ?rank) }
  FILTER(isIRI(?thing))
  FILTER NOT EXISTS { ?thing a ?bookkeeping .
    VALUES ?bookkeeping { rg:CitationGraph rg:SourceSection rg:SourceDocument rg:Membership } }
}"""


class NameIndex:
    """The names of everything the graph labels, keyed by the id a person would type (``icovid``,
    ``rg:University``), read from the store when first needed."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._names: dict[str, list[str]] | None = None

    @property
    def names(self) -> dict[str, list[str]]:
        """Id to every name it goes by (the id, the IRI, the labels)."""
        if self._names is None:
            found: dict[str, list[tuple[int, int, str]]] = {}
            iris: dict[str, str] = {}
            for row in self.store.select(_NAMES):
                iri, name = row["thing"].value, row["name"]
                key = _typed_id(iri)
                iris[key] = iri
                english = 0 if getattr(name, "language", None) in (None, "", "en") else 1
                found.setdefault(key, []).append((int(row["rank"].value), english, name.value))
            # the label first: rdfs:label before skos:prefLabel and altLabel, English first
            self._names = {key: [key, iris[key], *(n for *_, n in sorted(names))]
                           for key, names in found.items()}
        return self._names

    @property
    def ids(self) -> list[str]:
        """The bare ids (of stakeholders and the region's other records), for suggestions."""
        return [key for key in self.names if ":" not in key]

    def label(self, key: str) -> str:
        """The first label of ``key`` (its id when it has none)."""
        found = self.names.get(key, [])
        return found[2] if len(found) > 2 else key

    def iri(self, key: str) -> ox.NamedNode:
        """The IRI of an id of the index."""
        return ox.NamedNode(self.names[key][1])


def resolve_iri(name: str, value: str, index: NameIndex) -> ox.NamedNode | None:
    """The IRI that ``value`` (of the IRI parameter ``name``) stands for, or None when the value
    is to be bound as it reads: a full IRI or a prefixed name, or an id the graph mentions.

    Any other value (an id the graph does not mention, a name) is looked up among the graph's
    ids and names; when nothing matches, the UsageError names the closest ones.

    >>> graph = ('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . '
    ...          '@prefix id: <https://w3id.org/regiograph/id/> . '
    ...          'id:mission-lucidity rdfs:label "Mission Lucidity"@en . '
    ...          'id:icovid rdfs:label "icovid"@en .')
    >>> store = GraphStore()
    >>> store.add(ox.parse(graph, format=ox.RdfFormat.TURTLE))
    >>> index = NameIndex(store)
    >>> resolve_iri("collaboration", "Mission Lucidity", index).value
    'https://w3id.org/regiograph/id/mission-lucidity'
    >>> resolve_iri("collaboration", "icovd", index)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    regiograph.errors.UsageError: parameter collaboration: ... did you mean 'icovid' (icovid)...
    """
    if ":" in value and not _SPACE.search(value):  # no IRI holds a space: that is a name
        return None
    if _ID.fullmatch(value) and _mentioned(index.store, ox.NamedNode(ID + value)):
        return None
    try:
        key = resolve_name(value, index.names, index.label, suggest=index.ids)
    except UsageError as exc:
        hint = "" if "did you mean" in str(exc) or "several" in str(exc) else (
            " (write an id such as ku-leuven, a name, a prefixed name such as rg:University, "
            "or an IRI)")
        raise UsageError(f"parameter {name}: {exc}{hint}") from None
    return index.iri(key)


def _typed_id(iri: str) -> str:
    """What a person types for an IRI: the bare id of a stakeholder, else its prefixed name."""
    if iri.startswith(ID) and _ID.fullmatch(iri[len(ID):]):
        return iri[len(ID):]
    return compact(iri)


def _mentioned(store: GraphStore, iri: ox.NamedNode) -> bool:
    """Whether the graph says anything of ``iri`` or about it (in the merged default graph)."""
    engine, default = store.engine, ox.DefaultGraph()
    return any(True for _ in engine.quads_for_pattern(iri, None, None, default)) or any(
        True for _ in engine.quads_for_pattern(None, None, iri, default))
