"""Web views: one self-contained HTML page per view, for any static host, an iframe or a notebook.

The page is ours (see :mod:`regiograph.templates`): vis-network's script and style sheet are
inlined from pyvis's installed package, so a page makes no network request at all, and every text
from the data is escaped or set with ``textContent``, so a label is always shown as text. This is
with :mod:`regiograph.publish.viewpage`, the only module that touches pyvis, and it never lets
pyvis write a file (pyvis's own
``write_html`` copies a ``lib/`` folder into the working directory and uses a template that loads
Bootstrap from a CDN); nor does it build pyvis's node and edge objects, which cost a second per
5,000 nodes: the page's data is a few columns (one list per attribute, texts shared by index),
from which the page's script makes vis-network's items.

A view of more than :data:`~regiograph.publish.viewmodel.AGGREGATE_ABOVE` nodes first draws one node per
community; clicking one shows its members, and a search opens the community of what it finds.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([("a", "b", {"label": "partner of"})])
>>> page = render_graph(G, "<A> & B")
>>> page.html.startswith("<!doctype html>") and "<title>&lt;A&gt; &amp; B</title>" in page.html
True
>>> print(embed_snippet("a-and-b.html", "<A> & B"))  # doctest: +NORMALIZE_WHITESPACE
<iframe src="a-and-b.html" title="&lt;A&gt; &amp; B" width="100%" height="680" style="border:0"
loading="lazy" sandbox="allow-scripts" referrerpolicy="no-referrer"></iframe>
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regiograph.atomic import write_file
from regiograph.bounded import beside
from regiograph.memory import collector_paused
from regiograph.publish.viewmodel import (
    AGGREGATE_ABOVE,
    ColorBy,
    SizeBy,
    Styling,
    ViewModel,
    build_model,
)
from regiograph.publish.viewpage import _HEIGHT, Frame, embed_snippet, link_width, render_model
from regiograph.templates import text

if TYPE_CHECKING:
    import networkx as nx

    from regiograph.store.embedded import GraphStore

__all__ = ["View", "render_graph", "show", "to_pyvis", "view"]


@dataclass(frozen=True)
class View:
    """A rendered view: its page and what it shows. In a notebook it displays itself inline, in
    a sandboxed iframe."""

    html: str
    model: ViewModel

    def save(self, path: Path) -> Path:
        """Write the page to ``path`` atomically; return the path."""
        write_file(path, self.html.encode("utf-8"))
        return path

    def embed(self, src: str) -> str:
        """The iframe snippet that embeds this page, published at ``src``."""
        return embed_snippet(src, self.model.title)

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{text(self.html)}" title="{text(self.model.title)}" '
                f'width="100%" height="{_HEIGHT}" style="border:0" sandbox="allow-scripts">'
                "</iframe>")




def render_graph(G: nx.Graph[Any], title: str, *, color_by: ColorBy | str = ColorBy.KIND,
                 size_by: SizeBy | str = SizeBy.PAGERANK, focus: Hashable | None = None,
                 depth: int = 1, sector_labels: Mapping[str, str] | None = None,
                 frame: Frame | None = None, styled: Styling | None = None,
                 aggregate_above: int | None = AGGREGATE_ABOVE) -> View:
    """The view of any networkx graph.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; see :func:`regiograph.publish.viewmodel.build_model` for the attributes it reads.
    title : str
        The page's title and heading (text: it is escaped).
    color_by, size_by
        What the colours show and which centrality sizes the nodes.
    focus, depth
        Show only the nodes at most ``depth`` links from the node ``focus``.
    sector_labels : mapping, optional
        Sector id to label, for the sector filter.
    frame : Frame, optional
        What a site adds around the view.
    styled : Styling, optional
        Sizes and colours computed once for a larger graph (see
        :func:`regiograph.publish.viewmodel.styling`).
    aggregate_above : int or None
        Above this many nodes, the view first shows one node per community (None: never).

    Returns
    -------
    View
        The page (``.html``, ``.save(path)``, ``.embed(src)``) and what it shows (``.model``).
    """
    with collector_paused():
        model = build_model(G, title, color_by, size_by, focus, depth, sector_labels, styled=styled,
                            aggregate_above=aggregate_above)
        return View(render_model(model, frame), model)


def view(store: GraphStore | None = None, *, projection: str = "stakeholders",
         focus: str | None = None, depth: int = 1, color_by: ColorBy | str = ColorBy.KIND,
         size_by: SizeBy | str = SizeBy.PAGERANK, title: str | None = None,
         build: Path = Path("build"), frame: Frame | None = None,
         aggregate_above: int | None = AGGREGATE_ABOVE) -> View:
    """The view of a projection of the built graph: the whole of it, or the neighbourhood of
    ``focus`` within ``depth`` links; tooltips carry each node's key facts and the sources that
    state them.

    Parameters
    ----------
    store : GraphStore, optional
        The built dataset; default the build in ``build`` (or the bundled region compiled in
        memory when there is none).
    projection : str
        ``stakeholders``, ``organisations`` or ``people-organisations``.
    focus : str, optional
        A stakeholder's id or name; a typo raises a :class:`~regiograph.errors.UsageError`
        with a suggestion.
    depth : int
        How many links from ``focus`` the view reaches.
    color_by, size_by
        ``kind``, ``sector`` or ``community``; ``pagerank``, ``degree`` or ``betweenness``.
    title : str, optional
        Default: "<name> and its neighbours", or "The region's <projection>".
    build : Path
        The build folder, when ``store`` is not given.
    frame : Frame, optional
        What a site adds around the view.
    aggregate_above : int or None
        Above this many nodes, the view first shows one node per community (None: never).

    Returns
    -------
    View
        The page and what it shows.
    """
    from regiograph.analysis.lookup import find_node, node_label
    from regiograph.analysis.projection import project
    from regiograph.store.loading import open_build

    store = store if store is not None else open_build(build)
    # the tooltips' facts are read beside the projection, on the machine's other core
    with beside(lambda: _facts(store), "reading the facts") as read:
        G = project(store, projection)
        summaries, sector_labels = read()
    for node, (lines, titles) in summaries.items():
        if node in G:
            G.nodes[node].update(facts=lines, source_titles=titles)
    centre = find_node(G, focus) if focus is not None else None
    if title is None:
        title = (f"{node_label(G, centre)} and its neighbours" if centre is not None
                 else f"The region's {projection.replace('-', ' and ')}")
    return render_graph(G, title, color_by=color_by, size_by=size_by, focus=centre, depth=depth,
                        sector_labels=sector_labels, frame=frame,
                        aggregate_above=aggregate_above)




def _facts(store: GraphStore) -> tuple[dict[str, tuple[list[str], list[str]]], dict[str, str]]:
    """Each node's key facts and the titles of its sources, and the labels of the sectors."""
    from regiograph.queries.facts import Facts

    facts = Facts(store)
    return facts.summaries(), facts.sector_labels()


def to_pyvis(page: View, height: str = "680px") -> Any:
    """The view as a configured ``pyvis.network.Network``, for notebook users who customise it
    with pyvis: our positions (physics off), colours, shapes and sizes, and each node's and
    link's tooltip escaped (pyvis shows a title as HTML).

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b")])
    >>> G.nodes["a"]["label"] = "<b>A</b>"
    >>> net = to_pyvis(render_graph(G, "two"))
    >>> sorted(n["id"] for n in net.nodes), net.nodes[0]["title"].startswith("&lt;b&gt;")
    (['a', 'b'], True)
    """
    from pyvis.network import Network

    model = page.model
    net = Network(height=height, width="100%", directed=model.directed, notebook=False,
                  cdn_resources="in_line", heading="")
    net.toggle_physics(False)
    for n in model.nodes:
        title = html.escape("\n".join([n.label, *n.tooltip()]))
        net.add_node(n.id, label=n.label, title=title, color=n.colour, shape=n.shape,
                     value=max(n.value, 0.05), x=n.x, y=n.y, physics=False)
    for e in model.edges:
        sources = f"\nSources: {'; '.join(e.sources)}" if e.sources else ""
        net.add_edge(e.source, e.target, title=html.escape(e.label + sources),
                     width=link_width(e.weight))
    return net


def show(store: GraphStore | None = None, **options: Any) -> View:
    """Display a view in a Jupyter notebook: ``regiograph.show(focus="mission-lucidity")``.

    Takes the arguments of :func:`view`; the returned :class:`View` displays itself inline (in a
    sandboxed iframe whose ``srcdoc`` is the escaped page).
    """
    return view(store, **options)


