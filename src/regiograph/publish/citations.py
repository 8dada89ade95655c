"""The sources cited on one page of the site, as footnotes grouped by document.

A hub cites hundreds of sections of fewer documents (KU Leuven's page: 320 sections of 238
documents), and each section's title starts with its document's: listed one per section, the
document's title and address were written again for every section (a third of the page). Here
each document is listed once, numbered in order of first citation, with its address as the
link of its title, and its cited sections lettered under it: a citation reads ``[12]`` (the
document as a whole) or ``[12b]`` (its second cited section), and links to that item.

In a site, each document has a page of its own (:mod:`regiograph.publish.sourcepages`): given
where those are (``link``), a document's title links to its page and a section shows only its
locator ("Paragraph 2"); the page holds the address and what each section states.

>>> from regiograph.queries.facts import Source
>>> pages = Citations()
>>> pages.cite([Source("d--a", "D § A", "https://d.example/", "d", "D", "A")])
'<a href="#s1a">[1a]</a>'
>>> pages.cite([Source("e", "E"), Source("d--b", "D § B", None, "d", "D", "B")])
'<a href="#s2">[2]</a> <a href="#s1b">[1b]</a>'
>>> print(pages.html())  # doctest: +NORMALIZE_WHITESPACE
<section aria-labelledby="sources"><h2 id="sources">Sources</h2><ol class="rg-sources"><li id="s1"><a
href="https://d.example/" rel="nofollow">D</a><ol type="a"><li id="s1a">A</li><li id="s1b">B</li></ol></li><li
id="s2">E</li></ol></section>
>>> sited = Citations(lambda document: f"../sources/{document}.html" if document == "d" else None)
>>> _ = sited.cite([Source("d--a", "D § A", "https://d.example/", "d", "D", "Paragraph 1: it says")])
>>> print(sited.html())  # doctest: +NORMALIZE_WHITESPACE
<section aria-labelledby="sources"><h2 id="sources">Sources</h2><ol class="rg-sources"><li id="s1"><a
href="../sources/d.html">D</a><ol type="a"><li id="s1a">Paragraph 1</li></ol></li></ol></section>
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from regiograph.queries.facts import Source
from regiograph.templates import text

__all__ = ["EXTERNAL", "Citations", "letters", "locator"]

#: The ``rel`` of a link out of the site. ``noreferrer`` is left to the pages' referrer policy
#: (``no-referrer``) and ``noopener`` to the absence of ``target``: a cited address is the
#: curators' data, so search engines are only told not to follow it (320 links on a hub page
#: spent 14 KB on the rest).
EXTERNAL = 'rel="nofollow"'


#: A locator longer than this is not one (a title without a "locator: content" form).
_LOCATOR_MAX = 80


def locator(title: str) -> str:
    """Where in its document a section is: its title up to the first ``": "`` outside quotes
    (curators title a section "Paragraph 2: what it states"), or the whole title.

    >>> locator("Heading 'A: b', paragraph 2: what it states"), locator("Lead")
    ("Heading 'A: b', paragraph 2", 'Lead')
    """
    quoted = False
    for index, char in enumerate(title[:_LOCATOR_MAX + 1]):
        if char == "'" and (index == 0 or not title[index - 1].isalpha() or quoted):
            quoted = not quoted
        elif char == ":" and not quoted and title[index + 1:index + 2] == " ":
            return title[:index]
    return title


def letters(number: int) -> str:
    """A section's letter as an ``<ol type="a">`` numbers it: a to z, then aa, ab...

    >>> letters(1), letters(26), letters(27), letters(53)
    ('a', 'z', 'aa', 'ba')
    """
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


#: Where a document's page is (a link), or None when it has none.
Pages = Callable[[str], "str | None"]


@dataclass
class _Document:
    number: int
    title: str
    url: str | None
    page: str | None
    sections: dict[str, tuple[int, str]] = field(default_factory=dict)  # id -> (letter, title)


class Citations:
    """The sources cited on one page: documents numbered in order of first citation, their
    sections lettered in order of first citation."""

    def __init__(self, pages: Pages | None = None) -> None:
        self.documents: dict[str, _Document] = {}
        self._pages = pages

    def cite(self, sources: Iterable[Source]) -> str:
        """The footnote marks of ``sources``, each a link to its item in :meth:`html`."""
        return " ".join(f'<a href="#s{mark}">[{mark}]</a>' for mark in map(self._mark, sources))

    def _mark(self, source: Source) -> str:
        key = source.document or source.id
        document = self.documents.get(key)
        if document is None:
            document = _Document(len(self.documents) + 1, source.document_title or source.title,
                                 source.url, self._pages(key) if self._pages else None)
            self.documents[key] = document
        if source.section is None or source.document is None:
            return str(document.number)
        title = locator(source.section) if document.page else source.section
        letter = document.sections.setdefault(source.id, (len(document.sections) + 1, title))[0]
        return f"{document.number}{letters(letter)}"

    def html(self) -> str:
        """The section listing every cited document, empty when nothing was cited."""
        if not self.documents:
            return ""
        items = "".join(map(_item, self.documents.values()))
        return ('<section aria-labelledby="sources"><h2 id="sources">Sources</h2>'
                f'<ol class="rg-sources">{items}</ol></section>')


def _item(document: _Document) -> str:
    """A document's item: its title (a link to its page, else to its address: written once)
    and its cited sections, lettered."""
    if document.page:
        name = f'<a href="{text(document.page)}">{text(document.title)}</a>'
    elif document.url:
        name = f'<a href="{text(document.url)}" {EXTERNAL}>{text(document.title)}</a>'
    else:
        name = text(document.title)
    parts = "".join(f'<li id="s{document.number}{letters(letter)}">{text(title)}</li>'
                    for letter, title in document.sections.values())
    listed = f'<ol type="a">{parts}</ol>' if parts else ""
    return f'<li id="s{document.number}">{name}{listed}</li>'
