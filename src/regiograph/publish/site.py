"""The static site of a built graph: an index with the region's view, a page per stakeholder and
collaboration (its facts with their sources, its neighbourhood, links to its neighbours), the
ontology's documentation, the query library with each query's results, and the downloads.

Every link between pages is relative, so the site works from ``file://`` as from any static host.
The view pages share one copy of vis-network, our script and our style sheets in ``assets/``
(a page carried 470 KB of them, so 650 pages weighed 340 MB); each page's Content-Security-Policy
allows scripts from its own origin and nothing else. A single self-contained page is what
``regiograph view`` writes. What a site may weigh is :mod:`regiograph.publish.budget`'s; how a
stakeholder's page keeps to it is :mod:`regiograph.publish.stakeholderpage`'s. Pages are written
one at a time, never held in memory together. The folder is replaced as a whole, only when every
page was written.

================================ =============================================================
file                             what it holds
================================ =============================================================
``index.html``                   the region's view; collaborations; stakeholders by kind
``assets/``                      vis-network, the view's script, the style sheets: shared
``stakeholders/<id>.html``       one stakeholder: facts and sources, neighbourhood, links
``links/<id>.html``              a hub's links, with their sources (``<id>.2.html``... beyond 250)
``sources/<id>.html``            one source document: what it is, its sections, who it supports
``sources.html``                 every source document
``ontology.html``                every class and property of the ontology, and the kinds
``queries.html``                 every query of the library, its SPARQL and its results
``query.html``                   SPARQL in the browser: the library as forms, a free editor
``downloads.html``, ``downloads/`` the exports, zipped (:mod:`regiograph.publish.downloads`)
``manifest.json``                the SHA-256 of every file
================================ =============================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from regiograph.atomic import replace_folder
from regiograph.bounded import beside
from regiograph.manifest import build_id
from regiograph.model.style import style_of
from regiograph.publish.budget import SiteSize, site_size
from regiograph.publish.downloads import write_downloads
from regiograph.publish.engine import DATASET_FILE, ENGINE_FILE
from regiograph.publish.librarypage import library_page
from regiograph.publish.querypage import QUERY_PAGE, query_page, site_query_files
from regiograph.publish.render import render_graph
from regiograph.publish.sourcepages import (
    SOURCES_FOLDER,
    SOURCES_PAGE,
    Document,
    documents,
    source_page,
    sources_page,
)
from regiograph.publish.stakeholderpage import (
    LINKS_FOLDER,
    StakeholderPages,
    page_file,
    without_source_titles,
)
from regiograph.publish.viewmodel import Styling, styling
from regiograph.publish.viewpage import Frame, shared_files, site_assets
from regiograph.queries.facts import Facts, region_name
from regiograph.templates import page, text

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["SiteResult", "page_file", "write_site"]

Progress = Callable[[str], None]
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


def write_site(store: GraphStore, out: Path, *, title: str | None = None,
               build_dir: Path | None = None, progress: Progress | None = None,
               downloads: bool = True) -> SiteResult:
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
    downloads : bool
        Whether the site offers the exports (``downloads/`` and its page); a site whose data is
        published elsewhere leaves them out.

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
        written.update(_write(folder, store, title, build_dir, say, downloads))

    replace_folder(out, write, "site", inputs=inputs, build=build)
    pages = sorted(name for name in written if name.endswith(".html"))
    return SiteResult(out, pages, sorted(written), sum(written.values()), dict(sorted(written.items())))


def _write(folder: Path, store: GraphStore, title: str, build_dir: Path | None,
           say: Progress, downloads: bool) -> dict[str, int]:
    """Write every file of the site, each page as soon as it is made (a large region's pages
    never sit in memory together); return the size of each file by name."""
    from regiograph.analysis.projection import project

    G = project(store, "stakeholders")
    facts = Facts(store)
    for node, (lines, titles) in facts.summaries().items():
        if node in G:
            G.nodes[node].update(facts=lines, source_titles=titles)
    site = _Site(G, facts, title, facts.sector_labels(), documents(store), downloads)
    files = _Files(folder)
    put = files.put
    for name, content in shared_files().items():  # one copy for every page
        put(f"assets/{name}", content)
    put("index.html", site.index())
    _stakeholder_pages(site, files, say)
    say("writing the sources' pages")
    for document in site.documents.values():
        put(f"{SOURCES_FOLDER}{page_file(document.id)}", site.source(document))
    put(SOURCES_PAGE, site.sources())
    put("ontology.html", site.ontology(build_dir))
    say("writing the SPARQL page")
    for name, content in site_query_files(store).items():  # the engine and data: loaded on use
        put(f"assets/{name}", content)
    put(QUERY_PAGE, site.sparql(store, {"engine": files.sizes[f"assets/{ENGINE_FILE}"],
                                        "dataset": files.sizes[f"assets/{DATASET_FILE}"]}))
    say("running the query library")
    if (queries := site.queries(store)) is not None:
        put("queries.html", queries)
    if downloads:
        say("exporting the downloads")
        names = write_downloads(store, folder / "downloads", build_dir)
        put("downloads.html", site.downloads(folder / "downloads", names))
        files.sizes.update({f"downloads/{name}": (folder / "downloads" / name).stat().st_size
                            for name in names})
    return files.sizes


#: Sites of more stakeholders than this write half their stakeholders' pages in a forked child,
#: on the machine's other core (the pages are most of a site's time; each is made alone).
PAGES_ASIDE_ABOVE = 500


@dataclass
class _Files:
    """The files of a site being written, and the size of each by name."""

    folder: Path
    sizes: dict[str, int] = field(default_factory=dict)

    def put(self, name: str, content: str) -> None:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self.sizes[name] = path.write_bytes(content.encode("utf-8"))


def _stakeholder_pages(site: _Site, files: _Files, say: Progress) -> None:
    """Each stakeholder's page, and a hub's pages of links: every other one written by a forked
    child when the site is large, which sends back the sizes and the citations it found."""
    nodes = sorted(site.G.nodes, key=str)
    pages = site.stakeholders
    pages.prepare()  # read once here, shared with the child

    def write(share: list[Any], step: int) -> tuple[dict[str, int], dict[str, list[Any]]]:
        written, pages.cited_by = _Files(files.folder), {}
        for number, node in enumerate(share, 1):
            if step:  # the child says nothing: the parent's count stands for both
                say(f"page {min(number * step, len(nodes))} of {len(nodes)}")
            written.put(f"stakeholders/{page_file(node)}", pages.page(node))
            if pages.has_links_page(node):
                for name, links in pages.links_pages(node):
                    written.put(f"{LINKS_FOLDER}{name}", links)
        return written.sizes, pages.cited_by

    aside = len(nodes) > PAGES_ASIDE_ABOVE
    with beside(lambda: write(nodes[1::2], 0), "writing pages", fork=aside) as other:
        shares = [write(nodes[0::2], 2), other()] if aside else [write(nodes, 1)]
    pages.cited_by = {}
    for sizes, cited in shares:
        files.sizes.update(sizes)
        for document, by in cited.items():
            pages.cited_by.setdefault(document, []).extend(by)


class _Site:
    """The pages of one site: they share the graph, its styling and the navigation."""

    def __init__(self, G: nx.Graph[Any], facts: Facts, title: str, sectors: Mapping[str, str],
                 found: Mapping[str, Document], offers_downloads: bool = True) -> None:
        self.G, self.facts, self.title, self.sectors = G, facts, title, sectors
        self.offers_downloads = offers_downloads
        self.styled: Styling = styling(G, sector_labels=sectors)
        self.documents = found
        self.stakeholders = StakeholderPages(G, facts, title=title, sectors=sectors,
                                             styled=self.styled, documents=frozenset(found),
                                             nav=self.nav)

    def nav(self, up: str, current: str) -> str:
        items = [("index.html", self.title), ("index.html#stakeholders", "Stakeholders"),
                 ("ontology.html", "Ontology"), ("queries.html", "Query library"),
                 (QUERY_PAGE, "SPARQL"), (SOURCES_PAGE, "Sources"),
                 *([("downloads.html", "Downloads")] if self.offers_downloads else [])]
        links = "".join(f'<li><a href="{up}{href}"{" aria-current=page" if href == current else ""}>'
                        f"{text(label)}</a></li>" for href, label in items)
        return f'<nav class="rg-nav" aria-label="Site"><ul>{links}</ul></nav>'

    def label(self, node: Any) -> str:
        return self.stakeholders.label(node)

    def link(self, node: Any, up: str = "") -> str:
        return self.stakeholders.link(node, up)

    # -- pages ----------------------------------------------------------------------------------

    def index(self) -> str:
        links = {str(n): f"stakeholders/{page_file(str(n))}" for n in self.G}
        lead = (f"{self.G.number_of_nodes()} stakeholders (organisations, collaborations, people "
                "and places) and their ties, every one from a cited source. Click a node for its "
                "neighbourhood, or open a stakeholder's page below.")
        frame = Frame(nav=self.nav("", "index.html"), lead=lead, after=self._lists(),
                      node_links=links, src="index.html", shared=site_assets("assets/"))
        shown = without_source_titles(self.G, list(self.G))  # each node's page cites them
        return render_graph(shown, self.title, sector_labels=self.sectors, frame=frame,
                            styled=self.styled).html

    def source(self, document: Document) -> str:
        pages = sorted(self.stakeholders.cited_by.get(document.id, []), key=lambda p: (p[1], p[0]))
        publisher = document.publisher
        named = ((f"../stakeholders/{page_file(publisher)}", self.label(publisher))
                 if publisher is not None and publisher in self.G else None)
        return source_page(document, nav=self.nav("../", ""), cited_by=pages, publisher=named)

    def sources(self) -> str:
        citing = {document: len(pages) for document, pages in self.stakeholders.cited_by.items()}
        return sources_page(self.documents, lambda d: f"{SOURCES_FOLDER}{page_file(d)}",
                            nav=self.nav("", SOURCES_PAGE), citing=citing)

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
                "files). The same graph in N-Triples or TriG: <code>regiograph export --format "
                "ntriples</code> or <code>--format trig</code> on the build.</p>"
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
                + ('<li><a href="downloads.html">Downloads</a>: the graph for your own tools</li>'
                   if self.offers_downloads else "")
                + "</ul></section>")

    def _cell(self, term: Any) -> str:
        from regiograph.namespaces import ID

        if term is None:
            return ""
        value = str(getattr(term, "value", term))
        if value.startswith(ID) and value.removeprefix(ID) in self.G:
            return self.link(value.removeprefix(ID), "stakeholders/")
        return text(self.facts.label(value) if value.startswith(ID) else value)

