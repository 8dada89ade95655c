"""A page per source document in the site, and ``sources.html``, the list of them all.

A document's page says what the document is (its title, address, publisher, date, language and
the curators' confidence), lists each of its sections with its locator and what the curators
read there, and links the pages of the stakeholders whose facts it supports. A stakeholder's page
lists the documents it cites with their sections' locators only and links here for the rest
(:mod:`regiograph.publish.citations`): on a hub's page, the sections' full titles and the
documents' addresses were over half of its bytes (KU Leuven: 185 KB of 305 KB).

>>> document = Document("d", "A <page>", "https://d.example/", sections=(("p1", "Paragraph 1: x"),))
>>> html = source_page(document, nav="", cited_by=[("ku-leuven.html", "KU Leuven")])
>>> "<h1>A &lt;page&gt;</h1>" in html and '<li id="p1">Paragraph 1: x</li>' in html
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from regiograph.namespaces import ID, PROVENANCE_GRAPH
from regiograph.publish.citations import EXTERNAL
from regiograph.templates import SharedAssets, page, text

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["SOURCES_FOLDER", "SOURCES_PAGE", "Document", "documents", "source_page",
           "sources_page"]

#: Where a site keeps its documents' pages, and the page that lists them all.
SOURCES_FOLDER = "sources/"
SOURCES_PAGE = "sources.html"
_SHARED = SharedAssets("../assets/", scripts=(), styles=("page.css",))

_DOCUMENTS = f"""SELECT ?document ?label ?url ?publisher ?publisher_name ?date ?date_note ?language
  ?confidence ?facts ?subjects WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
  ?document a rg:SourceDocument ; rdfs:label ?label .
  OPTIONAL {{ ?document schema:url ?url }} OPTIONAL {{ ?document dcterms:publisher ?publisher }}
  OPTIONAL {{ ?document rg:publisherName ?publisher_name }} OPTIONAL {{ ?document dcterms:date ?date }}
  OPTIONAL {{ ?document rg:dateNote ?date_note }} OPTIONAL {{ ?document dcterms:language ?language }}
  OPTIONAL {{ ?document rg:confidence ?confidence }} OPTIONAL {{ ?document rg:factCount ?facts }}
  OPTIONAL {{ ?document rg:subjectCount ?subjects }} }} }}"""
_SECTIONS = f"""SELECT ?section ?document ?title WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
  ?section a rg:SourceSection ; dcterms:isPartOf ?document ; dcterms:title ?title }} }}"""


@dataclass(frozen=True)
class Document:
    """A source document as its page shows it; ``publisher`` is the id of a stakeholder,
    ``sections`` pairs each section's id (its anchor) with its title."""

    id: str
    title: str
    url: str | None = None
    publisher: str | None = None
    publisher_name: str | None = None
    date: str | None = None
    date_note: str | None = None
    language: str | None = None
    confidence: str | None = None
    sections: tuple[tuple[str, str], ...] = ()
    #: The facts the graph takes from it, and what they are about (counted by the build).
    facts: int | None = None
    subjects: int | None = None


def documents(store: GraphStore) -> dict[str, Document]:
    """Every source document of the store, by id, with its sections in the order of their
    titles, numbers as numbers."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for row in store.select(_SECTIONS):
        document = row["document"].value.removeprefix(ID)
        anchor = row["section"].value.removeprefix(ID).removeprefix(f"{document}--")
        sections.setdefault(document, []).append((anchor, row["title"].value))
    found = {}
    for row in store.select(_DOCUMENTS):
        key = row["document"].value.removeprefix(ID)
        value = {name: term.value for name, term in row.items() if term is not None}
        found[key] = Document(
            key, value["label"], value.get("url"), _own(value.get("publisher")),
            value.get("publisher_name"), value.get("date"), value.get("date_note"),
            value.get("language"), value.get("confidence"),
            tuple(sorted(sections.get(key, []), key=lambda section: _natural(section[1]))),
            _count(value.get("facts")), _count(value.get("subjects")))
    return found


def _natural(title: str) -> list[tuple[int, int | str]]:
    """A section title's sort key with its numbers as numbers: "Paragraph 2" before
    "Paragraph 10" (the data keeps no order of sections, and curators number them).

    >>> sorted(["Paragraph 10", "Lead", "Paragraph 2"], key=_natural)
    ['Lead', 'Paragraph 2', 'Paragraph 10']
    """
    return [(1, int(part)) if part.isdigit() else (0, part.casefold())
            for part in re.split(r"(\d+)", title) if part]


def _count(lexical: str | None) -> int | None:
    return int(lexical) if lexical is not None and lexical.isdigit() else None


def _own(iri: str | None) -> str | None:
    return iri.removeprefix(ID) if iri is not None and iri.startswith(ID) else None


def source_page(document: Document, *, nav: str, cited_by: Iterable[tuple[str, str]],
                publisher: tuple[str, str] | None = None) -> str:
    """The page of ``document``: ``cited_by`` and ``publisher`` are (link, label) pairs of
    stakeholders' pages, relative to the sources folder."""
    rows = [("Address", f'<a href="{text(document.url)}" {EXTERNAL}>{text(document.url)}</a>'
             if document.url else ""),
            ("Publisher", f'<a href="{text(publisher[0])}">{text(publisher[1])}</a>' if publisher
             else text(document.publisher_name or "")),
            ("Date", text(" ".join(filter(None, [document.date, document.date_note and
                                                 f"({document.date_note})"])))),
            ("Language", text(document.language or "")),
            ("Confidence", text(document.confidence or "")),
            ("Facts stated", "" if document.facts is None else
             f"{document.facts:,} about {document.subjects or 0:,} subjects")]
    about = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows
                    if value)
    sections = "".join(f'<li id="{text(anchor)}">{text(title)}</li>'
                       for anchor, title in document.sections)
    pages = "".join(f'<li><a href="{text(link)}">{text(label)}</a></li>' for link, label in cited_by)
    body = (f"<h1>{text(document.title)}</h1><p class=\"rg-lead\">A source of the graph: what it "
            "is, the parts of it that the curators cite, and the stakeholders whose facts it "
            f'supports.</p><table class="rg-facts"><tbody>{about}</tbody></table>'
            + (f'<h2 id="sections">Sections</h2><ol class="rg-sections">{sections}</ol>'
               if sections else "")
            + (f'<h2 id="cited-by">Cited on these pages</h2><ul>{pages}</ul>' if pages else ""))
    return page(document.title, body, nav=nav, shared=_SHARED)


def sources_page(found: Mapping[str, Document], link: Callable[[str], str], *, nav: str,
                 citing: Mapping[str, int]) -> str:
    """``sources.html``: every document, by title, with the number of stakeholder pages that
    cite it (``citing``); ``link`` gives a document's page."""
    ordered = sorted(found.values(), key=lambda d: (d.title.casefold(), d.id))
    items = "".join(f'<li><a href="{text(link(d.id))}">{text(d.title)}</a>'
                    f"{_pages(citing.get(d.id, 0))}</li>" for d in ordered)
    body = ("<h1>Sources</h1><p class=\"rg-lead\">Every document behind the graph's facts, "
            f"{len(found):,} of them, with the number of stakeholders' pages that cite each."
            f"</p><ul class=\"rg-source-list\">{items}</ul>")
    return page("Sources", body, nav=nav)


def _pages(count: int) -> str:
    return f" ({count} page{'s' if count != 1 else ''})" if count else ""
