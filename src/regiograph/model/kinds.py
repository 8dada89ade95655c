"""The kinds of organisations, places, events and results, read from the ontology's kind vocabulary.

Each kind is a SKOS concept in ``ontology/vocab/kinds.ttl`` that names its OWL class with
``rg:classOfKind``; the concept's ``skos:broader`` top concept says which group it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from regiograph.namespaces import KIND, expand

__all__ = ["Kind", "KindVocabulary", "kind_labels", "load_kinds"]

_GROUPS = {"organisation-kind": "organisation", "place-kind": "place", "event-kind": "event",
           "result-kind": "result"}


@dataclass(frozen=True)
class Kind:
    """A kind: its id, its group (organisation, place, event or result), concept and class."""

    id: str
    group: str
    concept: pyoxigraph.NamedNode
    cls: pyoxigraph.NamedNode


class KindVocabulary:
    """Look up kinds by id within a group."""

    def __init__(self, kinds: list[Kind]) -> None:
        self._kinds = {(k.group, k.id): k for k in kinds}

    def fingerprint(self) -> str:
        """Every kind as one line of text, sorted: equal for equal vocabularies.

        >>> "organisation university" in load_kinds().fingerprint()
        True
        """
        return "\n".join(sorted(f"{k.group} {k.id} {k.concept.value} {k.cls.value}"
                                for k in self._kinds.values()))

    def get(self, kind_id: str, group: str) -> Kind | None:
        """The kind ``kind_id`` of ``group``, or None."""
        return self._kinds.get((group, kind_id))

    def group_of(self, kind_id: str) -> str | None:
        """The group of the kind ``kind_id`` (the first, should two groups share an id).

        >>> load_kinds().group_of("city"), load_kinds().group_of("nonsense")
        ('place', None)
        """
        return next((g for g, k in sorted(self._kinds) if k == kind_id), None)

    def in_group(self, group: str) -> list[str]:
        """The ids of every kind of ``group``, sorted.

        >>> load_kinds().in_group("result")
        ['drug', 'medical-device', 'scientific-advance', 'vaccine']
        """
        return sorted(kind_id for g, kind_id in self._kinds if g == group)


def load_kinds(path: Path | None = None) -> KindVocabulary:
    """Read the kind vocabulary (by default the bundled ``ontology/vocab/kinds.ttl``)."""
    from regiograph.resources import ontology_dir

    path = path or ontology_dir() / "vocab" / "kinds.ttl"
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    broader = expand("skos:broader")
    class_of = expand("rg:classOfKind")
    parents: dict[str, str] = {}
    classes: dict[str, pyoxigraph.NamedNode] = {}
    for t in triples:
        subject = t.subject.value
        if t.predicate.value == broader and isinstance(t.object, pyoxigraph.NamedNode):
            parents[subject] = t.object.value
        elif t.predicate.value == class_of and isinstance(t.object, pyoxigraph.NamedNode):
            classes[subject] = t.object
    kinds = []
    for concept, cls in classes.items():
        group = _GROUPS.get(parents.get(concept, "").removeprefix(KIND))
        if group is not None and concept.startswith(KIND):
            kind_id = concept.removeprefix(KIND)
            kinds.append(Kind(kind_id, group, pyoxigraph.NamedNode(concept), cls))
    return KindVocabulary(kinds)


def kind_labels(path: Path | None = None) -> dict[str, str]:
    """The English label of every kind, by id, from the kind vocabulary (by default the bundled
    ``ontology/vocab/kinds.ttl``): what a reader is shown instead of the id.

    >>> kind_labels()["research-institute"]
    'research institute'
    """
    from regiograph.resources import ontology_dir

    path = path or ontology_dir() / "vocab" / "kinds.ttl"
    label = expand("rdfs:label")
    return {t.subject.value.removeprefix(KIND): t.object.value
            for t in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
            if t.predicate.value == label and isinstance(t.object, pyoxigraph.Literal)
            and t.object.language == "en" and t.subject.value.startswith(KIND)}
