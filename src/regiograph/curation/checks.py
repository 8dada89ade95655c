"""Curators' checks that no shape can express: probable duplicate records (and documents of one
page), sources that no fact cites, and stakeholders tied to no other. Each is a warning (a to-do
note), never a failure."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from regiograph.namespaces import ID, expand

__all__ = ["KEY_PREDICATES", "NAME_PREDICATES", "Notice", "documents_of_one_page",
           "duplicate_key", "normal_name", "probable_duplicates", "uncited_sources", "unlinked"]

_LEGAL_FORMS = {"nv", "sa", "bv", "bvba", "sprl", "srl", "vzw", "asbl", "cvba", "scrl", "ltd",
                "limited", "inc", "incorporated", "gmbh", "ag", "plc", "llc", "corp",
                "corporation", "co", "company", "sas", "spa", "comm", "v"}
#: The predicates whose values name a record: equal names (less case, accents and legal form)
#: make two records probable duplicates.
NAME_PREDICATES = frozenset({expand("rdfs:label"), expand("skos:altLabel"),
                             expand("rg:formerName")})
#: The predicates whose values identify a record: a shared value makes probable duplicates. A
#: document's address is one: two documents of one page split its sections and its citations.
KEY_PREDICATES = frozenset(expand(p) for p in ("foaf:homepage", "rg:ror", "rg:lei", "rg:isin",
                                               "rg:wikidata", "rg:enterpriseNumber", "schema:url"))
_ADDRESSES = frozenset(expand(p) for p in ("foaf:homepage", "schema:url"))
_URL_KEY = expand("schema:url") + " "


@dataclass(frozen=True)
class Notice:
    """A warning about one record: its IRI, what to look at, the check's name and a detail."""

    focus: str
    message: str
    check: str
    value: str = ""


def normal_name(name: str) -> str:
    """A name without case, accents, punctuation or legal form, for comparing records.

    >>> normal_name("Materialise NV"), normal_name("ICOS Vision Systems, Inc.")
    ('materialise', 'icos vision systems')
    >>> normal_name("Université Libre de Bruxelles") == normal_name("universite libre de bruxelles")
    True
    """
    plain = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^\w]+", plain.replace("&", " and ")) if w]
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _normal_key(predicate: str, value: str) -> str:
    if predicate in _ADDRESSES:
        value = re.sub(r"^https?://(www\.)?", "", value.casefold()).rstrip("/")
    return f"{predicate} {value}"


def duplicate_key(predicate: str, value: str) -> tuple[str, str] | None:
    """What the duplicate check compares of a value: ``("name", normal name)`` for a name of
    :data:`NAME_PREDICATES`, ``("key", "predicate value")`` for an identifier of
    :data:`KEY_PREDICATES` (a web address without its scheme and ``www.``), None otherwise. The
    compiler works it out once per value (and the compile cache keeps it).

    >>> duplicate_key(expand("rdfs:label"), "Acme NV")
    ('name', 'acme')
    >>> duplicate_key(expand("foaf:homepage"), "https://www.acme.example/")[1].split(" ")[1]
    'acme.example'
    """
    if predicate in NAME_PREDICATES:
        name = normal_name(value)
        return ("name", name) if name else None
    if predicate in KEY_PREDICATES:
        return "key", _normal_key(predicate, value)
    return None


def probable_duplicates(keys: Iterable[tuple[str, str, str]], stakeholders: set[str]
                        ) -> list[Notice]:
    """Records whose names differ only in case, accents, punctuation or legal form, or which
    share a website or an identifier; ``keys`` are (subject IRI, kind, key) of the records'
    names and identifiers as :func:`duplicate_key` gives them.

    >>> label = expand("rdfs:label")
    >>> keys = [("a", *duplicate_key(label, "Acme NV")), ("b", *duplicate_key(label, "ACME"))]
    >>> [n.focus for n in probable_duplicates(keys, {"a", "b"})]
    ['b']
    """
    by_name: dict[str, set[str]] = defaultdict(set)
    by_key: dict[str, set[str]] = defaultdict(set)
    for subject, kind, key in keys:
        if subject in stakeholders:
            (by_name if kind == "name" else by_key)[key].add(subject)
    notices = set()
    for groups, what in ((by_name, "a name"), (by_key, "a website or identifier")):
        for key, subjects in groups.items():
            first, *others = sorted(subjects)
            for other in others:
                notices.add(Notice(other, f"probably the same as {_id(first)}: they share "
                                   f"{what} ({key.rsplit(' ', 1)[-1] if what != 'a name' else key}); "
                                   "merge the records or tell them apart",
                                   "curation:probable-duplicate", _id(first)))
    return sorted(notices, key=lambda n: (n.focus, n.value))


def documents_of_one_page(keys: Iterable[tuple[str, str, str]], documents: set[str]
                          ) -> list[Notice]:
    """Documents with the same address (less scheme and ``www.``): one page recorded twice,
    its sections and citations split between them.

    >>> url = expand("schema:url")
    >>> keys = [("d1", *duplicate_key(url, "https://www.e.org/a")),
    ...         ("d2", *duplicate_key(url, "http://e.org/a"))]
    >>> [(n.focus, n.value) for n in documents_of_one_page(keys, {"d1", "d2"})]
    [('d2', 'd1')]
    """
    by_address: dict[str, set[str]] = defaultdict(set)
    for subject, _kind, key in keys:
        if subject in documents and key.startswith(_URL_KEY):
            by_address[key.removeprefix(_URL_KEY)].add(subject)
    notices: list[Notice] = []
    for address, subjects in sorted(by_address.items()):
        first, *others = sorted(subjects)
        notices.extend(Notice(other, f"the same page as {_id(first)} ({address}): make them one "
                              "document, with the sections of both", "curation:same-page",
                              _id(first)) for other in others)
    return sorted(notices, key=lambda n: (n.focus, n.value))


def uncited_sources(documents: dict[str, set[str]], cited: set[tuple[str, str | None]]
                    ) -> list[Notice]:
    """Documents (and sections) that no fact cites."""
    cited_sections: dict[str, set[str | None]] = defaultdict(set)
    for document, section in cited:
        cited_sections[document].add(section)
    notices = []
    for document, sections in sorted(documents.items()):
        if document not in cited_sections:
            notices.append(Notice(ID + document, "no fact cites this source: cite it or remove "
                                  "it", "curation:uncited-source"))
            continue
        for section in sorted(sections - cited_sections[document]):
            notices.append(Notice(ID + document, f"no fact cites its section {section!r}: cite "
                                  "it or remove it", "curation:uncited-source", section))
    return notices


def unlinked(stakeholders: set[str], links: set[tuple[str, str]]) -> list[Notice]:
    """Stakeholders tied to no other stakeholder: an island in every network view."""
    tied = {node for pair in links for node in pair}
    return [Notice(node, "this stakeholder has no tie to any other: add one a source states "
                   "(a membership, a role, a founder, a parent organisation)",
                   "curation:unlinked-stakeholder") for node in sorted(stakeholders - tied)]


def _id(iri: str) -> str:
    return iri.removeprefix(ID)
