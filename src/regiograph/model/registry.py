"""The data model in one place: the collections a region's data holds and how each kind looks.

The kinds themselves (their ids, groups and classes) are read from the ontology's kind
vocabulary, ``ontology/vocab/kinds.ttl`` (:mod:`regiograph.model.kinds`). Everything else that
names a collection or a kind reads it from here: the compiler (which fields a collection has,
which collections hold stakeholders), ``build`` (the counts it prints), the views and exports
(colours and shapes), the analyses (the triple-helix sphere of a kind) and ``synth``.

Adding a collection means a :class:`Collection` below, its class in the ontology, its shape, its
compiler handler (:func:`regiograph.curation.handlers.handles`) and a section of ``data/README.md``;
``tests/test_data_model.py`` fails naming whichever of them is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from regiograph.model.kinds import KindVocabulary, load_kinds

__all__ = [
    "AGENT_FIELDS",
    "COLLECTIONS",
    "GROUP_LOOKS",
    "HELIX",
    "KIND_LOOKS",
    "Collection",
    "Look",
    "collection",
    "counted",
    "helix_of",
    "kinds",
    "look_of",
    "stakeholder_collections",
]


@dataclass(frozen=True)
class Collection:
    """A collection of a region's data files: the records of one kind of entity.

    ``cls`` is the class whose instances its records are (a kinded record is typed with its
    kind's class, a subclass of ``cls``);
    ``kind_group`` the group of kinds its ``kind`` field takes (None: no ``kind`` field);
    ``stakeholder`` says whether its records are stakeholders (counted in links, warned about when
    unlinked); ``counted`` whether ``build`` prints how many there are. Which records become nodes
    of the network views is said by the kind vocabulary (``rg:networkNode`` on a group's top
    concept), and people always are.
    """

    name: str
    fields: tuple[str, ...]
    cls: str
    kind_group: str | None = None
    stakeholder: bool = False
    counted: bool = True


AGENT_FIELDS = (
    "id", "name", "alt_names", "former_names", "kind", "sectors", "topics", "based_in",
    "headquarters", "sites", "address", "founded", "founded_by", "initiated_by", "part_of",
    "hosted_by", "affiliated_with", "spin_off_of", "merged_into", "acquired_by", "status",
    "dissolved", "listed_on", "named_after", "members", "goals", "identifiers", "description",
    "described_as", "sources",
)
_CONCEPT_FIELDS = ("id", "name", "definition", "broader")

#: Every collection a data file may hold, in the order ``build`` counts them.
COLLECTIONS: dict[str, Collection] = {c.name: c for c in (
    Collection("documents", ("id", "title", "url", "publisher", "publisher_name", "date",
                             "date_note", "language", "confidence", "sections"),
               "rg:SourceDocument", counted=False),
    Collection("sectors", _CONCEPT_FIELDS, "rg:Sector", counted=False),
    Collection("topics", _CONCEPT_FIELDS, "rg:Topic", counted=False),
    Collection("roles", _CONCEPT_FIELDS, "rg:Role", counted=False),
    Collection("organisations", AGENT_FIELDS, "rg:Organisation", "organisation",
               stakeholder=True),
    Collection("initiatives", AGENT_FIELDS, "rg:Initiative", "organisation", stakeholder=True),
    Collection("people", ("id", "name", "alt_names", "nationality", "lived_in", "occupations",
                          "roles", "business_partners", "described_as", "description",
                          "sources"),
               "rg:Person", stakeholder=True),
    Collection("places", ("id", "name", "kind", "code", "part_of", "address", "alt_names",
                          "description", "described_as", "sources"),
               "rg:Place", "place"),
    Collection("events", ("id", "name", "kind", "start", "end", "place", "organised_by",
                          "participants", "topics", "edition", "identifiers", "description",
                          "described_as", "sources"),
               "rg:Event", "event"),
    Collection("results", ("id", "name", "kind", "achieved_by", "place", "date", "period",
                           "topics", "licensed_to", "identifiers", "description", "described_as",
                           "sources"),
               "rg:LandmarkResult", "result"),
    Collection("figures", ("id", "about", "measure", "value", "unit", "approximate",
                           "comparison", "year", "described_as", "sources"),
               "rg:QuantitativeClaim"),
    Collection("rankings", ("id", "ranked", "site", "publisher", "title", "edition", "rank",
                            "out_of", "sources"),
               "rg:Ranking"),
    Collection("investments", ("id", "investee", "investors", "round", "amount", "currency",
                               "approximate", "date", "description", "sources"),
               "rg:Investment"),
)}


def collection(name: str) -> Collection:
    """The collection called ``name`` (a KeyError if there is none).

    >>> collection("events").cls
    'rg:Event'
    """
    return COLLECTIONS[name]


def stakeholder_collections() -> tuple[str, ...]:
    """The collections whose records are stakeholders.

    >>> stakeholder_collections()
    ('organisations', 'initiatives', 'people')
    """
    return tuple(c.name for c in COLLECTIONS.values() if c.stakeholder)


def counted() -> tuple[str, ...]:
    """The collections whose records ``build`` counts, in the order it prints them."""
    return tuple(c.name for c in COLLECTIONS.values() if c.counted)


@cache
def kinds() -> KindVocabulary:
    """The bundled kind vocabulary, read once."""
    return load_kinds()


@dataclass(frozen=True)
class Look:
    """How one kind looks in every view and export: hex colour, vis-network shape, legend label."""

    colour: str
    shape: str
    label: str


#: The look of each organisation kind. Colours come from the Okabe-Ito palette and its
#: extensions, chosen to stay apart for the common kinds of colour blindness.
KIND_LOOKS: dict[str, Look] = {
    "university": Look("#0072B2", "dot", "university"),
    "research-institute": Look("#56B4E9", "dot", "research institute"),
    "organisational-unit": Look("#9AD0EC", "dot", "organisational unit"),
    "hospital": Look("#D55E00", "dot", "hospital"),
    "company": Look("#E69F00", "dot", "company"),
    "fund": Look("#F0E442", "diamond", "fund"),
    "government-body": Look("#009E73", "square", "government body"),
    "network-organisation": Look("#CC79A7", "hexagon", "network organisation"),
    "service-centre": Look("#B07AA1", "hexagon", "service centre or platform"),
    "media-organisation": Look("#8C8C8C", "dot", "media organisation"),
    "incubator": Look("#882255", "dot", "incubator"),
    "collaboration": Look("#7B2D8E", "star", "collaboration"),
    "initiative": Look("#A56CC1", "star", "initiative"),
}

#: The look shared by every kind of a group, and of people (who have no kinds).
GROUP_LOOKS: dict[str, Look] = {
    "person": Look("#444444", "triangle", "person"),
    "place": Look("#6B8E23", "square", "place"),
    "event": Look("#117733", "star", "event"),
    "result": Look("#B8860B", "triangleDown", "landmark result"),
}
_OTHER = Look("#999999", "dot", "other")

#: The triple-helix sphere of each organisation kind. Hospitals count as academia: the region's
#: hospitals are university or teaching hospitals that do clinical research. Anything else
#: (network organisations, service centres, media, collaborations, people, places, events) is
#: "other".
HELIX: dict[str, str] = {
    "university": "academia",
    "research-institute": "academia",
    "organisational-unit": "academia",
    "hospital": "academia",
    "company": "industry",
    "fund": "industry",
    "government-body": "government",
}


def look_of(kind: str) -> Look:
    """The look of a kind id, or of ``person``; place, event and result kinds share their group's.

    >>> look_of("hospital").colour, look_of("city").label, look_of("unknown").label
    ('#D55E00', 'place', 'other')
    """
    if kind in KIND_LOOKS:
        return KIND_LOOKS[kind]
    if kind in GROUP_LOOKS:
        return GROUP_LOOKS[kind]
    group = kinds().group_of(kind)
    return GROUP_LOOKS.get(group or "", _OTHER)


def helix_of(kind: str) -> str:
    """The triple-helix sphere of a kind: academia, industry, government or other.

    >>> helix_of("hospital"), helix_of("fund"), helix_of("collaboration")
    ('academia', 'industry', 'other')
    """
    return HELIX.get(kind, "other")
