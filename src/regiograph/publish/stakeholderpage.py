"""A stakeholder's page in the site: its facts with their sources, its neighbourhood drawn, its
links grouped by relation, the figures that name it, and the sources it cites.

What a page may weigh is :mod:`regiograph.publish.budget`'s (200 KB of its own). A page lists
its sources by document, with each section's locator only
(:mod:`regiograph.publish.citations`, :mod:`regiograph.publish.sourcepages`); draws at most
:data:`NEIGHBOURS_SHOWN` neighbours, the most central; gives each membership once, in its links
with its role; and a hub with more than :data:`LINKS_INLINE` links lists them on a page of their
own (``links/<id>.html``, then ``links/<id>.2.html``... of :data:`LINKS_PER_PAGE` links each,
with the sources they cite), keeping on its page the number of links of each relation (KU
Leuven's 481 links and their sources were 110 of its 181 KB).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx

from regiograph.analysis.projection import direction
from regiograph.namespaces import expand
from regiograph.publish.citations import EXTERNAL, Citations
from regiograph.publish.render import render_graph
from regiograph.publish.sourcepages import SOURCES_FOLDER
from regiograph.publish.viewmodel import Styling
from regiograph.publish.viewpage import Frame, site_assets
from regiograph.queries.facts import Fact, Facts, Source
from regiograph.templates import SharedAssets, page, text

__all__ = ["LINKS_FOLDER", "LINKS_INLINE", "LINKS_PER_PAGE", "NEIGHBOURS_SHOWN", "StakeholderPages",
           "page_file", "without_source_titles"]

#: A stakeholder's drawing shows at most this many neighbours, the most central.
NEIGHBOURS_SHOWN = 60
#: A stakeholder with more links than this lists them on a page of their own.
LINKS_INLINE = 200
#: Where the pages of hubs' links are.
LINKS_FOLDER = "links/"
#: A page of a hub's links lists at most this many; the rest follow on its next pages.
LINKS_PER_PAGE = 250
#: The shortcuts of memberships: a page's links give each with its role and sources, so its
#: facts leave them out (on KU Leuven's page, 195 values and 22 KB said twice).
_SHORTCUTS = frozenset(map(expand, ("org:hasMember", "org:memberOf")))
_SHARED = SharedAssets("../assets/", scripts=(), styles=("page.css",))

Nav = Callable[[str, str], str]
#: A relation and whether the page's stakeholder is its object, and the other ends with the
#: data of their links.
Groups = dict[tuple[str, bool], list[tuple[Any, dict[str, Any]]]]
#: A group's rows on one page: its number, its relation and direction, those ends, and how many
#: ends the whole group has.
Part = tuple[int, tuple[str, bool], list[tuple[Any, dict[str, Any]]], int]


def page_file(node: str) -> str:
    """The file name of a stakeholder's page: its id when that is a slug, else a hash of it.

    >>> page_file("ku-leuven"), page_file("../etc/passwd")[:5]
    ('ku-leuven.html', 'node-')
    """
    if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,120}", node):
        return f"{node}.html"
    return f"node-{hashlib.sha256(node.encode()).hexdigest()[:16]}.html"


class StakeholderPages:
    """The stakeholders' pages of one site, and the pages of hubs' links; ``documents`` are the
    ids of the documents that have pages, ``nav`` makes the site's navigation."""

    def __init__(self, G: nx.Graph[Any], facts: Facts, *, title: str, sectors: Mapping[str, str],
                 styled: Styling, documents: frozenset[str], nav: Nav) -> None:
        self.G, self.facts, self.title, self.sectors = G, facts, title, sectors
        self.styled, self.documents, self.nav = styled, documents, nav
        #: The pages (link from a document's page, label) that cite each document, filled as
        #: those pages are made.
        self.cited_by: dict[str, list[tuple[str, str]]] = {}

    @functools.cached_property
    def _about(self) -> dict[str, list[Fact]]:
        return self.facts.about_each()

    @functools.cached_property
    def _mentioning(self) -> dict[str, list[Fact]]:
        return self.facts.mentions_each()

    def prepare(self) -> None:
        """Read the facts of every page now (once, before the pages are made)."""
        _ = self._about, self._mentioning

    def label(self, node: Any) -> str:
        return str(self.G.nodes[node].get("label") or node)

    def link(self, node: Any, up: str = "") -> str:
        return f'<a href="{up}{text(page_file(str(node)))}">{text(self.label(node))}</a>'

    def has_links_page(self, node: Any) -> bool:
        return len(self._edges_of(node)) > LINKS_INLINE

    # -- pages ----------------------------------------------------------------------------------

    def page(self, node: Any) -> str:
        """The page of ``node``."""
        sources = Citations(self._source_link)
        kind = str(self.G.nodes[node].get("kind") or "stakeholder").replace("-", " ")
        around = self._neighbours(node)
        linked = set(map(str, around))
        about = [f for f in self._about.get(str(node), [])
                 if not (f.predicate_iri in _SHORTCUTS and f.value_id in linked)]
        before = self._facts(about, sources)
        links = (self._links_summary(node) if self.has_links_page(node)
                 else self._links(node, self._pages_of_links(node, None)[0], sources, ""))
        after = links + self._mentions(node, sources) + sources.html()
        near = self._near(node, around)
        frame = Frame(nav=self.nav("../", ""), lead=f"A {kind} of {self.title}: its facts with "
                      "the sources that state them, its neighbourhood and its links.",
                      before=before, view_heading=f"Neighbourhood: {len(near)} stakeholders",
                      view_note=self._capped(len(around), len(near)),
                      after=after, node_links={str(n): page_file(str(n)) for n in near},
                      src=page_file(str(node)), shared=site_assets("../assets/"))
        self._cited(sources, f"../stakeholders/{page_file(str(node))}", self.label(node))
        return render_graph(without_source_titles(self.G, near), self.label(node), focus=node,
                            sector_labels=self.sectors, frame=frame, styled=self.styled).html

    def links_pages(self, node: Any) -> list[tuple[str, str]]:
        """The pages of the links of ``node``, a hub: (file name, page), every link with its
        sources, :data:`LINKS_PER_PAGE` at most on a page."""
        me, pages = self.label(node), self._pages_of_links(node, LINKS_PER_PAGE)
        written = []
        for index, parts in enumerate(pages):
            sources = Citations(self._source_link)
            name = _links_file(node, index)
            counted = f" ({index + 1} of {len(pages)})" if len(pages) > 1 else ""
            body = (f"<h1>Links of {text(me)}{counted}</h1><p class=\"rg-lead\">Every link of "
                    f'<a href="../stakeholders/{text(page_file(str(node)))}">{text(me)}</a> in the '
                    "graph, grouped by relation, each with the sources that state it.</p>"
                    + _pager(node, index, len(pages))
                    + self._links(node, parts, sources, "../stakeholders/") + sources.html())
            self._cited(sources, f"../{LINKS_FOLDER}{name}", f"{me} (links)")
            written.append((name, page(f"Links of {me}{counted}", body, nav=self.nav("../", ""),
                                       shared=_SHARED)))
        return written

    def _cited(self, sources: Citations, href: str, label: str) -> None:
        for document in sources.documents:
            self.cited_by.setdefault(document, []).append((href, label))

    def _source_link(self, document: str) -> str | None:
        return f"../{SOURCES_FOLDER}{page_file(document)}" if document in self.documents else None

    # -- the neighbourhood ----------------------------------------------------------------------

    def _neighbours(self, node: Any) -> list[Any]:
        """The nodes tied to ``node`` either way, in the graph's order (without a view of the
        undirected graph per page: building one cost a millisecond, 8 s for a site)."""
        if not isinstance(self.G, nx.DiGraph):
            return [n for n in self.G[node] if n != node]
        ends = dict.fromkeys([*self.G.successors(node), *self.G.predecessors(node)])
        return [n for n in ends if n != node]

    def _near(self, node: Any, around: list[Any]) -> list[Any]:
        """The node and the neighbours (``around``) its drawing shows: all of them, or the
        :data:`NEIGHBOURS_SHOWN` most central (a hub's hundreds were a quarter of its page, and
        a drawing of them reads as a disc of dots; its links list them all)."""
        if len(around) > NEIGHBOURS_SHOWN:
            metric = self.styled.metric
            around = sorted(around, key=lambda n: (-metric.get(n, 0.0), self.label(n), str(n)))
            around = around[:NEIGHBOURS_SHOWN]
        return [node, *around]

    def _capped(self, total: int, shown: int) -> str:
        """The note under the heading of a neighbourhood of ``total`` neighbours drawn with
        ``shown`` nodes (the stakeholder's own included) when it was capped, else nothing."""
        if total + 1 <= shown:
            return ""
        return (f'<p class="rg-note">The drawing shows the {shown - 1} most central of its {total} '
                f'neighbours ({text(self.styled.size_by.measure)}); the <a href="#links">links</a> '
                "below list every one.</p>")

    # -- parts ----------------------------------------------------------------------------------

    def _value(self, fact: Fact) -> str:
        if fact.value_id is not None and fact.value_id in self.G:
            return self.link(fact.value_id)
        if fact.url is not None:
            return f'<a href="{text(fact.url)}" {EXTERNAL}>{text(fact.url)}</a>'
        return text(fact.value)

    def _facts(self, facts: list[Fact], sources: Citations) -> str:
        """One row per predicate; each value followed by the numbers of its sources."""
        by_predicate: dict[str, list[str]] = {}
        for f in facts:
            by_predicate.setdefault(f.predicate, []).append(f"{self._value(f)} {sources.cite(f.sources)}")
        rows = "".join(f'<tr><th scope="row">{text(predicate)}</th><td>'
                       + (values[0] if len(values) == 1 else
                          '<ul class="rg-values">' + "".join(f"<li>{v}</li>" for v in values) + "</ul>")
                       + "</td></tr>" for predicate, values in by_predicate.items())
        return ('<section aria-labelledby="facts"><h2 id="facts">Facts</h2><div class="rg-scroll">'
                '<table class="rg-facts"><thead><tr><th scope="col">Fact</th><th scope="col">Value '
                f'and [sources]</th></tr></thead><tbody>{rows}</tbody></table></div></section>')

    def _groups(self, node: Any) -> Groups:
        """The node's links, one group per relation and direction ("… rector of KU Leuven",
        "KU Leuven part of …"), a relation's outgoing links first, each group's ends by label."""
        groups: Groups = {}
        for u, v, data in self._edges_of(node):
            outgoing = u == node
            groups.setdefault((str(data.get("label") or ""), not outgoing), []).append(
                (v if outgoing else u, data))
        for ends in groups.values():
            ends.sort(key=lambda end: (self.label(end[0]).casefold(), str(end[0])))
        return dict(sorted(groups.items()))

    def _heading(self, node: Any, relation: str, incoming: bool) -> str:
        me = text(self.label(node))
        return f"… {text(relation)} {me}" if incoming else f"{me} {text(relation)} …"

    def _pages_of_links(self, node: Any, per_page: int | None) -> list[list[Part]]:
        """The node's groups of links laid out on pages of at most ``per_page`` links (one
        page when None): a group that would not fit on this page but fits on one alone starts
        the next, a larger one goes on over as many pages as it needs."""
        groups = self._groups(node)
        size = per_page or max(1, sum(map(len, groups.values())))
        pages: list[list[Part]] = [[]]
        room = size
        for number, (key, ends) in enumerate(groups.items(), 1):
            if room < len(ends) <= size and pages[-1]:
                pages.append([])
                room = size
            start = 0
            while start < len(ends):
                if room == 0:
                    pages.append([])
                    room = size
                part = ends[start:start + room]
                pages[-1].append((number, key, part, len(ends)))
                start += len(part)
                room -= len(part)
        return pages

    def _links(self, node: Any, parts: list[Part], sources: Citations, up: str) -> str:
        """The node's links, a row per other end with its sources: the relation and the node,
        written once per group, not on every row (a third of a hub's table)."""
        bodies = []
        for number, (relation, incoming), ends, total in parts:
            rows = "".join(f"<tr><td>{self._end(other, node, up)}</td><td>"
                           f"{sources.cite(self._sources(data))}</td></tr>" for other, data in ends)
            bodies.append(f'<tbody id="g{number}"><tr><th scope="rowgroup" colspan="2">'
                          f"{self._heading(node, relation, incoming)} ({total})</th></tr>{rows}"
                          "</tbody>")
        return ('<section aria-labelledby="links"><h2 id="links">Links</h2><div class="rg-scroll">'
                '<table class="rg-links"><thead><tr><th scope="col">Stakeholder</th>'
                f'<th scope="col">Sources</th></tr></thead>{"".join(bodies)}</table></div></section>')

    def _links_summary(self, node: Any) -> str:
        """A hub's links on pages of their own: how many of each relation, each a link to where
        its group starts."""
        pages = self._pages_of_links(node, LINKS_PER_PAGE)
        first: dict[int, tuple[str, tuple[str, bool], int]] = {}
        for index, parts in enumerate(pages):
            for number, key, _ends, total in parts:
                first.setdefault(number, (_links_file(node, index), key, total))
        items = "".join(f'<li><a href="../{LINKS_FOLDER}{text(name)}#g{number}">'
                        f"{self._heading(node, *key)}</a> ({total})</li>"
                        for number, (name, key, total) in first.items())
        count = sum(total for _name, _key, total in first.values())
        where = "a page" if len(pages) == 1 else f"{len(pages)} pages"
        return ('<section aria-labelledby="links"><h2 id="links">Links</h2><p>'
                f'{count:,} links, each with its sources, on <a href="../{LINKS_FOLDER}'
                f'{text(_links_file(node, 0))}">{where} of their own</a>:</p>'
                f'<ul class="rg-columns">{items}</ul></section>')

    def _edges_of(self, node: Any) -> list[tuple[Any, Any, dict[str, Any]]]:
        """The node's links, each from the end its relation reads from ("Rega Institute, part
        of, KU Leuven")."""
        edges = list(self.G.edges(node, data=True))
        if isinstance(self.G, nx.DiGraph):
            return edges + list(self.G.in_edges(node, data=True))
        return [(*direction(u, v, data), data) for u, v, data in edges]

    def _sources(self, data: Mapping[str, Any]) -> tuple[Source, ...]:
        return tuple(self.facts.source(c) for c in data.get("sources") or ())

    def _end(self, end: Any, node: Any, up: str) -> str:
        """An end of a link: the page's own stakeholder as text (a link to the page itself
        cost a hub 9 KB), any other as a link to its page."""
        return text(self.label(end)) if end == node else self.link(end, up)

    def _mentions(self, node: Any, sources: Citations) -> str:
        mentions = [f for f in self._mentioning.get(str(node), []) if f.subject_id not in self.G]
        if not mentions:
            return ""
        rows = "".join(f"<tr><td>{text(f.subject)}</td><td>{text(f.predicate)}</td>"
                       f"<td>{sources.cite(f.sources)}</td></tr>" for f in mentions)
        return ('<section aria-labelledby="mentions"><h2 id="mentions">Figures, rankings and '
                'results</h2><div class="rg-scroll"><table><thead><tr><th scope="col">Statement'
                '</th><th scope="col">Relation</th><th scope="col">Sources</th></tr></thead>'
                f"<tbody>{rows}</tbody></table></div></section>")


def without_source_titles(G: nx.Graph[Any], nodes: list[Any]) -> nx.Graph[Any]:
    """The subgraph of ``nodes`` drawn in a site, without the titles of sources in its
    tooltips: a stakeholder's page cites them in its tables, and they were half the data of a
    page such as KU Leuven's, and of the index (0.96 of 1.96 MB at 1,586 organisations); sizes
    and colours still come from the whole graph's styling."""
    H = G.subgraph(nodes).copy()
    for _node, data in H.nodes(data=True):
        data.pop("source_titles", None)
    for *_ends, data in H.edges(data=True):
        data.pop("source_titles", None)
    return H


def _links_file(node: Any, index: int) -> str:
    """The file of the ``index``-th page of a hub's links (from 0): its page's name, then with
    ``.2``, ``.3``... before ``.html`` (a dot is in no id, so no other page has the name)."""
    name = page_file(str(node))
    return name if index == 0 else f"{name.removesuffix('.html')}.{index + 1}.html"


def _pager(node: Any, index: int, count: int) -> str:
    """Links to the previous and next pages of a hub's links, when it has several."""
    if count == 1:
        return ""
    near = [(f"← page {index}", index - 1)] if index > 0 else []
    near += [(f"page {index + 2} →", index + 1)] if index + 1 < count else []
    return ('<nav class="rg-pager" aria-label="Pages of links"><ul>'
            + "".join(f'<li><a href="{text(_links_file(node, i))}">{label}</a></li>'
                      for label, i in near) + "</ul></nav>")
