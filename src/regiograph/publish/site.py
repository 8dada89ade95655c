"""The static site of a built graph: an index with the region's view, a page per stakeholder and
collaboration (its facts with their sources, its neighbourhood, links to its neighbours), the
ontology's documentation, the query library with each query's results, and the downloads.

Every link between pages is relative, so the site works from ``file://`` as from any static host.
The view pages share one copy of vis-network, our script and our style sheets in ``assets/``
(a page carried 470 KB of them, so 650 pages weighed 340 MB); each page's Content-Security-Policy
allows scripts from its own origin and nothing else. A single self-contained page is what
``regiograph view`` writes. What a site may weigh is :mod:`regiograph.publish.budget`'s: a hub's
page lists its sources by document (:mod:`regiograph.publish.citations`) and draws its
:data:`NEIGHBOURS_SHOWN` most central neighbours. Pages are written one at a time, never held in
memory together. The folder is replaced as a whole, only when every page was written.

================================ =============================================================
file                             what it holds
================================ =============================================================
``index.html``                   the region's view; collaborations; stakeholders by kind
``assets/``                      vis-network, the view's script, the style sheets: shared
``stakeholders/<id>.html``       one stakeholder: facts and sources, neighbourhood, links
``ontology.html``                every class and property of the ontology, and the kinds
``queries.html``                 every query of the library, its SPARQL and its results
``query.html``                   SPARQL in the browser: the library as forms, a free editor
``downloads.html``, ``downloads/`` the exports (``regiograph export --all``)
``manifest.json``                the SHA-256 of every file
================================ =============================================================
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from regiograph.analysis.projection import direction
from regiograph.atomic import replace_folder
from regiograph.manifest import build_id
from regiograph.model.style import style_of
from regiograph.publish.budget import SiteSize, site_size
from regiograph.publish.citations import EXTERNAL, Citations
from regiograph.publish.downloads import write_downloads
from regiograph.publish.engine import DATASET_FILE, ENGINE_FILE
from regiograph.publish.librarypage import library_page
from regiograph.publish.querypage import QUERY_PAGE, query_page, site_query_files
from regiograph.publish.render import render_graph
from regiograph.publish.viewmodel import Styling, styling
from regiograph.publish.viewpage import Frame, shared_files, site_assets
from regiograph.queries.facts import Fact, Facts, Source, region_name
from regiograph.templates import page, text

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["NEIGHBOURS_SHOWN", "SiteResult", "page_file", "write_site"]

Progress = Callable[[str], None]
#: A stakeholder's drawing shows at most this many neighbours, the most central.
NEIGHBOURS_SHOWN = 60
_COLLABORATIONS = ("collaboration", "initiative")


@dataclass(frozen=True)
class SiteResult:
    """What :func:`write_site` wrote: the pages and every file (paths relative to ``out``)."""

    out: Path
    pages: list[str]
    files: list[str]
    bytes: int
    #: Each file's size in bytes, by name.
    sizes: Mapping[str, int] = field(default_factory=dict)

    def size(self) -> SiteSize:
        """The site's sizes as its budget counts them (:mod:`regiograph.publish.budget`)."""
        return site_size(self.sizes)


def page_file(node: str) -> str:
    """The file name of a stakeholder's page: its id when that is a slug, else a hash of it.

    >>> page_file("ku-leuven"), page_file("../etc/passwd")[:5]
    ('ku-leuven.html', 'node-')
    """
    if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,120}", node):
        return f"{node}.html"
    return f"node-{hashlib.sha256(node.encode()).hexdigest()[:16]}.html"


def write_site(store: GraphStore, out: Path, *, title: str | None = None,
               build_dir: Path | None = None, progress: Progress | None = None) -> SiteResult:
    """Write the site of the graph in ``store`` into the folder ``out``.

    Parameters
    ----------
    store : GraphStore
        The built dataset (with the ontology).
    out : Path
        The site's folder: written beside it, then swapped in whole; a folder of other files
        is refused (:class:`~regiograph.errors.UsageError`).
    title : str, optional
        The region's name, for the index and the navigation; by default the name of its place
        of kind ``region`` (:func:`~regiograph.queries.facts.region_name`), else "The
        innovation region".
    build_dir : Path, optional
        The build the store was loaded from: its ontology is documented, and the outputs record
        it as the build they were made from.
    progress : callable, optional
        Called with each step's name.

    Returns
    -------
    SiteResult
        The pages and files written, and their size.
    """
    say = progress or (lambda _step: None)
    title = title or region_name(store) or "The innovation region"
    written: dict[str, int] = {}
    inputs = [build_dir] if build_dir is not None else []
    build = build_id(build_dir) if build_dir is not None else None

    def write(folder: Path) -> None:
        written.update(_write(folder, store, title, build_dir, say))

    replace_folder(out, write, "site", inputs=inputs, build=build)
    pages = sorted(name for name in written if name.endswith(".html"))
    return SiteResult(out, pages, sorted(written), sum(written.values()), dict(sorted(written.items())))


def _write(folder: Path, store: GraphStore, title: str, build_dir: Path | None,
           say: Progress) -> dict[str, int]:
    """Write every file of the site, each page as soon as it is made (a large region's pages
    never sit in memory together); return the size of each file by name."""
    from regiograph.analysis.projection import project

    G = project(store, "stakeholders")
    facts = Facts(store)
    for node, (lines, titles) in facts.summaries().items():
        if node in G:
            G.nodes[node].update(facts=lines, source_titles=titles)
    site = _Site(G, facts, title, facts.sector_labels())
    sizes: dict[str, int] = {}

    def put(name: str, content: str) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        sizes[name] = path.write_bytes(content.encode("utf-8"))

    for name, content in shared_files().items():  # one copy for every page
        put(f"assets/{name}", content)
    put("index.html", site.index())
    for number, node in enumerate(sorted(G.nodes, key=str), 1):
        say(f"page {number} of {G.number_of_nodes()}")
        put(f"stakeholders/{page_file(node)}", site.stakeholder(node))
    put("ontology.html", site.ontology(build_dir))
    say("writing the SPARQL page")
    for name, content in site_query_files(store).items():  # the engine and data: loaded on use
        put(f"assets/{name}", content)
    put(QUERY_PAGE, site.sparql(store, {"engine": sizes[f"assets/{ENGINE_FILE}"],
                                        "dataset": sizes[f"assets/{DATASET_FILE}"]}))
    say("running the query library")
    if (queries := site.queries(store)) is not None:
        put("queries.html", queries)
    say("exporting the downloads")
    downloads = write_downloads(store, folder / "downloads", build_dir)
    put("downloads.html", site.downloads(folder / "downloads", downloads))
    sizes.update({f"downloads/{name}": (folder / "downloads" / name).stat().st_size
                  for name in downloads})
    return sizes


class _Site:
    """The pages of one site: they share the graph, its styling and the navigation."""

    def __init__(self, G: nx.Graph[Any], facts: Facts, title: str, sectors: Mapping[str, str]) -> None:
        self.G, self.facts, self.title, self.sectors = G, facts, title, sectors
        self.styled: Styling = styling(G, sector_labels=sectors)

    @functools.cached_property
    def _about(self) -> dict[str, list[Fact]]:
        return self.facts.about_each()

    @functools.cached_property
    def _mentioning(self) -> dict[str, list[Fact]]:
        return self.facts.mentions_each()

    def nav(self, up: str, current: str) -> str:
        items = [("index.html", self.title), ("index.html#stakeholders", "Stakeholders"),
                 ("ontology.html", "Ontology"), ("queries.html", "Query library"),
                 (QUERY_PAGE, "SPARQL"), ("downloads.html", "Downloads")]
        links = "".join(f'<li><a href="{up}{href}"{" aria-current=page" if href == current else ""}>'
                        f"{text(label)}</a></li>" for href, label in items)
        return f'<nav class="rg-nav" aria-label="Site"><ul>{links}</ul></nav>'

    def label(self, node: Any) -> str:
        return str(self.G.nodes[node].get("label") or node)

    def link(self, node: Any, up: str = "") -> str:
        return f'<a href="{up}{text(page_file(str(node)))}">{text(self.label(node))}</a>'

    # -- pages ----------------------------------------------------------------------------------

    def index(self) -> str:
        links = {str(n): f"stakeholders/{page_file(str(n))}" for n in self.G}
        lead = (f"{self.G.number_of_nodes()} stakeholders (organisations, collaborations, people "
                "and places) and their ties, every one from a cited source. Click a node for its "
                "neighbourhood, or open a stakeholder's page below.")
        frame = Frame(nav=self.nav("", "index.html"), lead=lead, after=self._lists(),
                      node_links=links, src="index.html", shared=site_assets("assets/"))
        return render_graph(self.G, self.title, sector_labels=self.sectors, frame=frame,
                            styled=self.styled).html

    def stakeholder(self, node: Any) -> str:
        sources = Citations()
        kind = str(self.G.nodes[node].get("kind") or "stakeholder").replace("-", " ")
        before = self._facts(self._about.get(str(node), []), sources)
        after = self._links(node, sources) + self._mentions(node, sources) + sources.html()
        around = self._neighbours(node)
        near = self._near(node, around)
        shown = _untitled(self.G, near)
        frame = Frame(nav=self.nav("../", ""), lead=f"A {kind} of {self.title}: its facts with "
                      "the sources that state them, its neighbourhood and its links.",
                      before=before, view_heading=f"Neighbourhood: {len(near)} stakeholders",
                      view_note=self._capped(len(around), len(near)),
                      after=after, node_links={str(n): page_file(str(n)) for n in near},
                      src=page_file(str(node)), shared=site_assets("../assets/"))
        return render_graph(shown, self.label(node), focus=node, sector_labels=self.sectors,
                            frame=frame, styled=self.styled).html

    def _neighbours(self, node: Any) -> list[Any]:
        undirected = self.G.to_undirected(as_view=True) if self.G.is_directed() else self.G
        return [n for n in undirected[node] if n != node]

    def _near(self, node: Any, around: list[Any]) -> list[Any]:
        """The node and the neighbours (``around``) its drawing shows: all of them, or the
        :data:`NEIGHBOURS_SHOWN` most central (a hub's hundreds were a quarter of its page, and
        a drawing of them reads as a disc of dots; its links table lists them all)."""
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

    def ontology(self, build_dir: Path | None) -> str:
        from regiograph.publish.ontodoc import document
        from regiograph.resources import ontology_dir

        folder = build_dir / "ontology" if build_dir and (build_dir / "ontology").is_dir() else ontology_dir()
        files = [folder / "regiograph.ttl", *sorted((folder / "vocab").glob("*.ttl")),
                 *[p for p in [folder / "analysis.ttl"] if p.is_file()]]
        body = ("<h1>Ontology</h1><p class=\"rg-lead\">The classes and properties of the graph, "
                "with their definitions and their alignments to W3C ORG, schema.org, FOAF, "
                "PROV-O, SKOS and Dublin Core; then the kinds of stakeholders.</p>"
                + document([f for f in files if f.is_file()]))
        return page("Ontology", body, nav=self.nav("", "ontology.html"))

    def queries(self, store: GraphStore) -> str | None:
        return library_page(store, self.nav("", "queries.html"), self._cell)

    def sparql(self, store: GraphStore, sizes: Mapping[str, int]) -> str:
        pages = {str(n): (f"stakeholders/{page_file(str(n))}", self.label(n)) for n in self.G}
        return query_page(store, nav=self.nav("", QUERY_PAGE), pages=pages, sizes=sizes)

    def downloads(self, folder: Path, names: list[str]) -> str:
        rows = "".join(f'<tr><th scope="row"><a href="downloads/{text(n)}">{text(n)}</a></th>'
                       f'<td>{(folder / n).stat().st_size:,} bytes</td></tr>' for n in names)
        readme = folder / "README.md"
        about = (f"<h2>About these files</h2><pre>{text(readme.read_text(encoding='utf-8'))}</pre>"
                 if readme.is_file() else "")
        body = ('<h1>Downloads</h1><p class="rg-lead">The graph in the formats of analysts\' '
                "tools: RDF for SPARQL and linked-data tools; GraphML, GEXF, Cytoscape.js, D3 "
                "and CSV for network tools. Each is a zip archive (the CSV formats a folder of "
                "files).</p>"
                f'<div class="rg-scroll"><table><caption>Files</caption><thead><tr><th scope="col">'
                f'File</th><th scope="col">Size</th></tr></thead><tbody>{rows}</tbody></table></div>'
                + about)
        return page("Downloads", body, nav=self.nav("", "downloads.html"))

    # -- parts ----------------------------------------------------------------------------------

    def _lists(self) -> str:
        collaborations = sorted((n for n in self.G if self.G.nodes[n].get("kind") in _COLLABORATIONS),
                                key=self.label)
        by_group: dict[str, list[Any]] = {}
        for n in sorted(self.G, key=self.label):
            by_group.setdefault(style_of(str(self.G.nodes[n].get("kind") or "")).label, []).append(n)
        groups = "".join(f"<div><h3>{text(group)} ({len(nodes)})</h3><ul>"
                         + "".join(f"<li>{self.link(n, 'stakeholders/')}</li>" for n in nodes)
                         + "</ul></div>" for group, nodes in sorted(by_group.items()))
        return ('<section aria-labelledby="collaborations"><h2 id="collaborations">Collaborations '
                "and initiatives</h2><ul>"
                + "".join(f"<li>{self.link(n, 'stakeholders/')}</li>" for n in collaborations)
                + '</ul></section><section aria-labelledby="stakeholders"><h2 id="stakeholders">'
                f'Stakeholders by kind</h2><div class="rg-columns">{groups}</div></section>'
                '<section aria-labelledby="more"><h2 id="more">More</h2><ul>'
                '<li><a href="ontology.html">The ontology</a>: what every class and property means</li>'
                '<li><a href="queries.html">The query library</a>: questions and their answers</li>'
                f'<li><a href="{QUERY_PAGE}">SPARQL in your browser</a>: ask your own questions</li>'
                '<li><a href="downloads.html">Downloads</a>: the graph for your own tools</li>'
                "</ul></section>")

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

    def _links(self, node: Any, sources: Citations) -> str:
        """The node's links, one group per relation and direction ("… rector of KU Leuven",
        "KU Leuven part of …"), a row per other end with its sources: the relation and the
        node, written once per group, not on every row (a third of a hub's table)."""
        groups: dict[tuple[str, bool], list[tuple[Any, dict[str, Any]]]] = {}
        for u, v, data in self._edges_of(node):
            outgoing = u == node
            key = (str(data.get("label") or ""), not outgoing)  # a relation's outgoing links first
            groups.setdefault(key, []).append((v if outgoing else u, data))
        me = text(self.label(node))
        bodies = []
        for (relation, incoming), ends in sorted(groups.items()):
            heading = f"… {text(relation)} {me}" if incoming else f"{me} {text(relation)} …"
            ends.sort(key=lambda end: (self.label(end[0]).casefold(), str(end[0])))
            rows = "".join(f"<tr><td>{self._end(other, node)}</td><td>{sources.cite(self._cited(data))}"
                           "</td></tr>" for other, data in ends)
            bodies.append(f'<tbody><tr><th scope="rowgroup" colspan="2">{heading} ({len(ends)})</th>'
                          f"</tr>{rows}</tbody>")
        return ('<section aria-labelledby="links"><h2 id="links">Links</h2><div class="rg-scroll">'
                '<table class="rg-links"><thead><tr><th scope="col">Stakeholder</th>'
                f'<th scope="col">Sources</th></tr></thead>{"".join(bodies)}</table></div></section>')

    def _edges_of(self, node: Any) -> list[tuple[Any, Any, dict[str, Any]]]:
        """The node's links, each from the end its relation reads from ("Rega Institute, part
        of, KU Leuven")."""
        edges = list(self.G.edges(node, data=True))
        if isinstance(self.G, nx.DiGraph):
            return edges + list(self.G.in_edges(node, data=True))
        return [(*direction(u, v, data), data) for u, v, data in edges]

    def _cited(self, data: Mapping[str, Any]) -> tuple[Source, ...]:
        return tuple(self.facts.source(c) for c in data.get("sources") or ())

    def _end(self, end: Any, node: Any) -> str:
        """An end of a link: the page's own stakeholder as text (a link to the page itself
        cost a hub 9 KB), any other as a link to its page."""
        return text(self.label(end)) if end == node else self.link(end)

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

    def _cell(self, term: Any) -> str:
        from regiograph.namespaces import ID

        if term is None:
            return ""
        value = str(getattr(term, "value", term))
        if value.startswith(ID) and value.removeprefix(ID) in self.G:
            return self.link(value.removeprefix(ID), "stakeholders/")
        return text(self.facts.label(value) if value.startswith(ID) else value)


def _untitled(G: nx.Graph[Any], nodes: list[Any]) -> nx.Graph[Any]:
    """The neighbourhood drawn on a stakeholder's page, without the titles of sources in its
    tooltips: the page's tables cite them just below, and they were half the data of a page
    such as KU Leuven's (sizes and colours still come from the whole graph's styling)."""
    H = G.subgraph(nodes).copy()
    for _node, data in H.nodes(data=True):
        data.pop("source_titles", None)
    for *_ends, data in H.edges(data=True):
        data.pop("source_titles", None)
    return H
