"""Web views: one self-contained HTML page per view, for any static host, an iframe or a notebook.

pyvis builds the network data (its node, edge and option objects); the page is ours (see
:mod:`regiograph.templates`): vis-network's script and style sheet are inlined from pyvis's
installed package, so a page makes no network request at all, and every text from the data is
escaped or set with ``textContent``, so a label is always shown as text. This is the only module
that imports pyvis, and it never lets pyvis write a file (pyvis's own ``write_html`` copies a
``lib/`` folder into the working directory and uses a template that loads Bootstrap from a CDN).

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

import functools
import importlib
import json
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from regiograph.atomic import write_file
from regiograph.templates import fill, page, read, script_json, text
from regiograph.viewmodel import (
    ColorBy,
    LegendEntry,
    SizeBy,
    Styling,
    ViewEdge,
    ViewModel,
    ViewNode,
    build_model,
)

if TYPE_CHECKING:
    import networkx as nx

    from regiograph.store import GraphStore

__all__ = ["EDGE_COLOUR", "Frame", "View", "embed_snippet", "render_graph", "render_model",
           "show", "swatch", "view"]

#: The colour of links (faded links and highlighted ones are set by the page's script).
EDGE_COLOUR = "#9a9a9a"
_VIS = "templates/lib/vis-9.1.2/"
_CANVAS_LABEL = 40
_HEIGHT = 680
_SHAPES = {
    "dot": '<circle cx="7" cy="7" r="6"/>',
    "square": '<rect x="1.5" y="1.5" width="11" height="11"/>',
    "diamond": '<polygon points="7,0.5 13.5,7 7,13.5 0.5,7"/>',
    "triangle": '<polygon points="7,1 13.5,12.5 0.5,12.5"/>',
    "triangleDown": '<polygon points="0.5,1.5 13.5,1.5 7,13"/>',
    "hexagon": '<polygon points="3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7"/>',
    "star": '<polygon points="7,0.5 8.8,5.2 13.7,5.4 9.9,8.5 11.1,13.4 7,10.7 2.9,13.4 4.1,8.5 0.3,5.4 '
            '5.2,5.2"/>',
}


@dataclass(frozen=True)
class Frame:
    """What a site adds around a view: navigation and content before and after it (HTML,
    already escaped), a lead sentence and a heading for the view (text), the address of each
    node's page (relative URLs), and the address of the page itself, for the embed snippet."""

    nav: str = ""
    lead: str | None = None
    before: str = ""
    view_heading: str = ""
    after: str = ""
    node_links: Mapping[str, str] | None = None
    src: str = "view.html"


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


def embed_snippet(src: str, title: str, height: int = _HEIGHT) -> str:
    """The iframe that embeds a view: titled for screen readers, and sandboxed (scripts run, but
    the page can reach neither the host page nor its cookies).

    Parameters
    ----------
    src : str
        The view's address, relative to the host page or absolute.
    title : str
        The frame's accessible name (escaped here).
    height : int
        The frame's height in pixels; its width is that of the host's column.
    """
    return (f'<iframe src="{text(src)}" title="{text(title)}" width="100%" height="{height}" '
            'style="border:0" loading="lazy" sandbox="allow-scripts" '
            'referrerpolicy="no-referrer"></iframe>')


def render_graph(G: nx.Graph[Any], title: str, *, color_by: ColorBy | str = ColorBy.KIND,
                 size_by: SizeBy | str = SizeBy.PAGERANK, focus: Hashable | None = None,
                 depth: int = 1, sector_labels: Mapping[str, str] | None = None,
                 frame: Frame | None = None, styled: Styling | None = None) -> View:
    """The view of any networkx graph.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; see :func:`regiograph.viewmodel.build_model` for the attributes it reads.
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
        :func:`regiograph.viewmodel.styling`).

    Returns
    -------
    View
        The page (``.html``, ``.save(path)``, ``.embed(src)``) and what it shows (``.model``).
    """
    model = build_model(G, title, color_by, size_by, focus, depth, sector_labels, styled=styled)
    return View(render_model(model, frame), model)


def view(store: GraphStore | None = None, *, projection: str = "stakeholders",
         focus: str | None = None, depth: int = 1, color_by: ColorBy | str = ColorBy.KIND,
         size_by: SizeBy | str = SizeBy.PAGERANK, title: str | None = None,
         build: Path = Path("build"), frame: Frame | None = None) -> View:
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

    Returns
    -------
    View
        The page and what it shows.
    """
    from regiograph.analysis.lookup import find_node, node_label
    from regiograph.build import default_store
    from regiograph.facts import Facts
    from regiograph.projection import project

    store = store if store is not None else default_store(build)
    G = project(store, projection)
    facts = Facts(store)
    for node, (lines, titles) in facts.summaries().items():
        if node in G:
            G.nodes[node].update(facts=lines, source_titles=titles)
    centre = find_node(G, focus) if focus is not None else None
    if title is None:
        title = (f"{node_label(G, centre)} and its neighbours" if centre is not None
                 else f"The region's {projection.replace('-', ' and ')}")
    return render_graph(G, title, color_by=color_by, size_by=size_by, focus=centre, depth=depth,
                        sector_labels=facts.sector_labels(), frame=frame)


def show(store: GraphStore | None = None, **options: Any) -> View:
    """Display a view in a Jupyter notebook: ``regiograph.show(focus="mission-lucidity")``.

    Takes the arguments of :func:`view`; the returned :class:`View` displays itself inline (in a
    sandboxed iframe whose ``srcdoc`` is the escaped page).
    """
    return view(store, **options)


def render_model(model: ViewModel, frame: Frame | None = None) -> str:
    """The HTML page of a view."""
    frame = frame or Frame()
    nodes, edges, options = _network_data(model)
    vis_js, vis_css = _vis_assets()
    data = {"nodes": nodes, "edges": edges, "options": options, "focus": model.focus,
            "edgeColour": EDGE_COLOUR, "info": _info(model, frame), "edgeInfo": _edge_info(model)}
    heading = f"<h2>{text(frame.view_heading)}</h2>" if frame.view_heading else ""
    body = "\n".join([_header(model, frame.lead), frame.before, heading, _fragment(model, frame),
                      frame.after, _embed_section(model.title, frame.src)])
    return page(model.title, body, nav=frame.nav, styles=[vis_css],
                scripts=[vis_js, read("view.js")], data=script_json(data))


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script, and its style sheet without the rules of the editing toolbar and
    the configurator, which we never show (200 KB of embedded icons)."""
    lib = resources.files("pyvis").joinpath(_VIS)
    script = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    kept = [rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "data:" not in rule]
    return script, "".join(kept)


def _network_data(model: ViewModel) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """pyvis's node and edge objects and options, without pyvis's quadratic duplicate checks.

    Colours go into vis groups, one per colour, so that a node carries only its group: vis
    merges every node's options, and nested colour objects on 5,000 nodes cost half a second."""
    # imported by name: pyvis ships no type information
    Edge = importlib.import_module("pyvis.edge").Edge
    Network = importlib.import_module("pyvis.network").Network
    Node = importlib.import_module("pyvis.node").Node
    net = Network(directed=model.directed, cdn_resources="in_line")
    groups = _groups(model)
    for n in model.nodes:
        options = Node(n.id, n.shape, label=_canvas_label(n.label), group=groups[n.colour],
                       **_node_options(n, model)).options
        net.nodes.append(options)
        net.node_ids.append(n.id)
        net.node_map[n.id] = options
    net.edges = [Edge(e.source, e.target, model.directed, **_edge_options(e, model)).options
                 for e in model.edges]
    net.options = {**_options(model), "groups": {key: _colour(colour) for colour, key in groups.items()}}
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return nodes, edges, json.loads(options)


def _canvas_label(label: str) -> str:
    """A label short enough to draw (the full one is in the tooltip and the table).

    >>> _canvas_label("x" * 50)[-3:]
    'xx…'
    """
    return label if len(label) <= _CANVAS_LABEL else label[:_CANVAS_LABEL - 1] + "…"


def _groups(model: ViewModel) -> dict[str, str]:
    """A vis group name for each colour of the view: ``c0``, ``c1``..."""
    colours = dict.fromkeys(n.colour for n in model.nodes)
    return {colour: f"c{index}" for index, colour in enumerate(colours)}


def _colour(colour: str) -> dict[str, Any]:
    """A group's colours: selected and hovered nodes keep theirs (vis would turn them blue) and
    get a dark border."""
    dark = {"background": colour, "border": "#111111"}
    return {"color": {"background": colour, "border": "#555555", "highlight": dark, "hover": dark}}


def _node_options(n: ViewNode, model: ViewModel) -> dict[str, Any]:
    options: dict[str, Any] = {"value": n.value, "x": n.x, "y": n.y}
    if n.id == model.focus:  # a node's colour replaces its group's whole: give all of it
        options.update(borderWidth=3, color={**_colour(n.colour)["color"], "border": "#111111"})
    return options


def _edge_options(e: ViewEdge, model: ViewModel) -> dict[str, Any]:
    options: dict[str, Any] = {"id": e.id}
    if e.weight > 1:  # a pair of several ties; one tie keeps the default width
        options["width"] = round(min(1.0 + (e.weight - 1.0) * 0.6, 6.0), 2)
    if e.curved:  # a pair linked both ways: two arcs instead of two lines on top of each other
        options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
    if model.directed:
        options["arrows"] = "to"
    return options


def _options(model: ViewModel) -> dict[str, Any]:
    large = len(model.nodes) > 1000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {"enabled": model.physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90,
                                         "avoidOverlap": 0.4},
                    "stabilization": {"enabled": model.physics, "iterations": 300, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "keyboard": {"enabled": True, "bindToWindow": False}},
        "nodes": {"borderWidth": 1, "font": {"size": 14, "face": "system-ui, sans-serif",
                                             "color": "#1b1b1b", "strokeWidth": 3,
                                             "strokeColor": "#ffffff"},
                  "scaling": {"min": 8, "max": 36, "label": {"enabled": True, "min": 12, "max": 22,
                                                             "drawThreshold": 7, "maxVisible": 28}}},
        "edges": {"smooth": False, "color": {"color": EDGE_COLOUR, "highlight": "#333333",
                                             "hover": "#333333", "inherit": False},
                  "selectionWidth": 1.5, "hoverWidth": 1.2,
                  "arrows": {"to": {"enabled": model.directed, "scaleFactor": 0.5}},
                  "font": {"size": 12, "face": "system-ui, sans-serif", "align": "middle",
                           "strokeWidth": 4, "strokeColor": "#ffffff"}},
    }


def _info(model: ViewModel, frame: Frame) -> dict[str, dict[str, Any]]:
    links = frame.node_links or {}
    info: dict[str, dict[str, Any]] = {}
    for n in model.nodes:
        info[n.id] = {"label": n.label, "group": n.group, "sectors": list(n.sectors),
                      "lines": list(n.lines)}
        if n.id in links:
            info[n.id]["href"] = links[n.id]
    return info


def _edge_info(model: ViewModel) -> dict[str, dict[str, Any]]:
    labels = {n.id: n.label for n in model.nodes}
    arrow = " → " if model.directed else " — "
    return {e.id: {"label": e.label, "title": labels[e.source] + arrow + labels[e.target],
                   "lines": [e.label, *(["Sources: " + "; ".join(e.sources)] if e.sources else [])]}
            for e in model.edges}


def _header(model: ViewModel, lead: str | None) -> str:
    if lead is None:
        lead = (f"{_counted(model)}, coloured by {model.colour_by.value} and sized by "
                f"{model.size_by.measure}. Hover over a node or a link for its facts and sources.")
    return f'<header><h1>{text(model.title)}</h1><p class="rg-lead">{text(lead)}</p></header>'


def _counted(model: ViewModel) -> str:
    """How many nodes and links a view shows.

    >>> import networkx as nx
    >>> _counted(build_model(nx.path_graph(2), "P"))
    '2 nodes and 1 link'
    """
    n, m = len(model.nodes), len(model.edges)
    return f"{n} node{'s' if n != 1 else ''} and {m} link{'s' if m != 1 else ''}"


def _fragment(model: ViewModel, frame: Frame) -> str:
    n, m = len(model.nodes), len(model.edges)
    return fill(read("view.html"), {
        "physics_checked": " checked" if model.physics else "",
        "kind_filters": "".join(_check("rg-kind", e.key, e.label, e.count, swatch(e.shape, e.colour))
                                for e in model.kinds),
        "sector_filters": "".join(_check("rg-sector", key, label, count, "")
                                  for key, label, count in model.sectors),
        "kinds_title": "Kinds: colour and shape" if model.colour_by is ColorBy.KIND else "Kinds: shape",
        "legend": _legend(model),
        "metric": text(model.size_by.measure),
        "aria_label": text(f"Network drawing of {n} nodes and {m} links: {model.title}"),
        "node_count": text(f"{n} node{'s' if n != 1 else ''}"),
        "edge_count": text(f"{m} link{'s' if m != 1 else ''}"),
        "node_rows": "".join(_node_row(node, frame, model.sector_labels) for node in model.nodes),
        "edge_rows": _edge_rows(model),
        "names": "".join(f'<option value="{text(label)}"></option>'
                         for label in sorted({node.label for node in model.nodes})),
    })


def swatch(shape: str, colour: str) -> str:
    """A small inline SVG of a node's shape and colour, for legends (hidden from screen readers:
    the text beside it says what it stands for).

    >>> swatch("square", "#009E73")[:61]
    '<svg class="rg-swatch" viewBox="0 0 14 14" aria-hidden="true"'
    """
    return (f'<svg class="rg-swatch" viewBox="0 0 14 14" aria-hidden="true" fill="{text(colour)}" '
            f'stroke="#333333" stroke-width="0.6">{_SHAPES.get(shape, _SHAPES["dot"])}</svg>')


def _check(name: str, value: str, label: str, count: int, icon: str) -> str:
    return (f'<label><input type="checkbox" name="{name}" value="{text(value)}" checked>{icon}'
            f'<span>{text(label)}</span> <span class="rg-count">({count})</span></label>')


def _legend(model: ViewModel) -> str:
    """The colour legend, when colours do not show the kind (then the kind filter is the legend)."""
    if model.colour_by is ColorBy.KIND:
        return ""
    return ('<div class="rg-legend"><h2 class="rg-small-heading" id="rg-legend-heading">Colour: '
            f'{text(model.colour_by.value)}</h2><ul aria-labelledby="rg-legend-heading">'
            f'{"".join(_legend_item(e) for e in model.legend)}</ul></div>')


def _legend_item(entry: LegendEntry) -> str:
    return (f"<li>{swatch(entry.shape, entry.colour)}<span>{text(entry.label)}</span> "
            f'<span class="rg-count">({entry.count})</span></li>')


def _node_row(node: ViewNode, frame: Frame, sectors: Mapping[str, str]) -> str:
    href = (frame.node_links or {}).get(node.id)
    named = ", ".join(sectors.get(s, s) for s in node.sectors)
    name = f'<a href="{text(href)}">{text(node.label)}</a>' if href else text(node.label)
    return (f'<tr data-node="{text(node.id)}"><th scope="row">{name}</th>'
            f"<td>{text(node.kind.replace('-', ' '))}</td><td>{text(named)}</td>"
            f"<td>{node.metric:.3g}</td><td>{node.links}</td></tr>")


def _edge_rows(model: ViewModel) -> str:
    labels = {n.id: n.label for n in model.nodes}
    return "".join(
        f'<tr data-from="{text(e.source)}" data-to="{text(e.target)}"><td>{text(labels[e.source])}</td>'
        f"<td>{text(e.label)}</td><td>{text(labels[e.target])}</td><td>{text('; '.join(e.sources))}</td></tr>"
        for e in model.edges)


def _embed_section(title: str, src: str) -> str:
    return ('<section class="rg-embed"><h2>Embed this view</h2><p>Publish this file on any static '
            "host and paste this snippet where the view should appear (it needs no other file):</p>"
            f"<pre><code>{text(embed_snippet(src, title))}</code></pre></section>")
