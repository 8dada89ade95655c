"""A view as an HTML page: the page's data (a few columns the page's script turns into
vis-network's items, and what its controls, filters and legend list) in our template
(:mod:`regiograph.templates`), with vis-network's script and style sheet from pyvis's package
and our view script, which carries the view's controls and tables (``view.html``) and builds
them, and vis-network's options, from the data: a page of a site carries its data and its text,
and shares the rest."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from regiograph.publish.viewmodel import (
    SHOWN_SOURCES,
    ColorBy,
    LegendEntry,
    ViewModel,
)
from regiograph.templates import SharedAssets, page, read, script_json, text

__all__ = ["EDGE_COLOUR", "Frame", "embed_snippet", "link_width", "render_model", "shared_files",
           "site_assets", "view_script"]

#: The colour of links (faded links and highlighted ones are set by the page's script).
EDGE_COLOUR = "#9a9a9a"
_VIS = "templates/lib/vis-9.1.2/"
_HEIGHT = 680


@dataclass(frozen=True)
class Frame:
    """What a site adds around a view: navigation and content before and after it (HTML,
    already escaped), a lead sentence and a heading for the view (text), the address of each
    node's page (relative URLs), and the address of the page itself, for the embed snippet."""

    nav: str = ""
    lead: str | None = None
    before: str = ""
    view_heading: str = ""
    #: HTML under the view's heading (a capped neighbourhood says so).
    view_note: str = ""
    after: str = ""
    node_links: Mapping[str, str] | None = None
    src: str = "view.html"
    #: Link the site's shared copies of vis-network and our script instead of inlining them.
    shared: SharedAssets | None = None


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


def link_width(weight: float) -> float:
    """How wide a link is drawn: one tie 1, each further tie wider, at most 6.

    >>> link_width(1.0), link_width(3.0), link_width(20.0)
    (1.0, 2.2, 6.0)
    """
    return round(min(1.0 + (weight - 1.0) * 0.6, 6.0), 2)


def render_model(model: ViewModel, frame: Frame | None = None) -> str:
    """The HTML page of a view."""
    frame = frame or Frame()
    vis_js, vis_css = _vis_assets()
    heading = f"<h2>{text(frame.view_heading)}</h2>" if frame.view_heading else ""
    body = "\n".join([_header(model, frame.lead), frame.before, heading + frame.view_note,
                      _fragment(model),
                      frame.after, _embed_section(model.title, frame.src, frame.shared is not None)])
    data = script_json(_data(model, frame))
    if frame.shared is not None:
        return page(model.title, body, nav=frame.nav, data=data, shared=frame.shared)
    return page(model.title, body, nav=frame.nav, styles=[vis_css],
                scripts=[vis_js, view_script()], data=data)


@functools.cache
def view_script() -> str:
    """The view's script, carrying the view's controls and tables (``view.html``: markup without
    data, which the script fills from the page's data): the 2 to 9 KB that every page of a
    site repeated are in the one shared script."""
    return read("view.js").replace('"@@chrome@@"', json.dumps(read("view.html")), 1)


def shared_files() -> dict[str, str]:
    """The script and style files that a site's view pages share, by name."""
    vis_js, vis_css = _vis_assets()
    return {"vis-network.min.js": vis_js, "view.js": view_script(),
            "vis-network.css": vis_css, "page.css": read("page.css")}


def site_assets(prefix: str) -> SharedAssets:
    """The shared files as a page at ``prefix`` from the assets folder links them."""
    return SharedAssets(prefix, scripts=("vis-network.min.js", "view.js"),
                        styles=("vis-network.css", "page.css"))


@functools.cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script, and its style sheet without the rules of the editing toolbar and
    the configurator, which we never show (200 KB of embedded icons)."""
    lib = resources.files("pyvis").joinpath(_VIS)
    script = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    kept = [rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", css) if "data:" not in rule]
    return script, "".join(kept)


class _Table:
    """Texts (or tuples) listed once, each referred to by its index in order of first use."""

    def __init__(self) -> None:
        self._indices: dict[Any, int] = {}

    def index(self, item: Any) -> int:
        return self._indices.setdefault(item, len(self._indices))

    def items(self) -> list[Any]:
        return list(self._indices)


def _node_columns(model: ViewModel, frame: Frame, titles: _Table, looks: _Table, kinds: _Table,
                  kind_names: _Table) -> dict[str, list[Any]]:
    """The nodes' columns; a node's sources as the indices of the first
    :data:`~regiograph.publish.viewmodel.SHOWN_SOURCES` titles and how many more (the region's
    view named the same titles in 1,500 tooltips: 520 KB of Leuven's index)."""
    nodes: dict[str, list[Any]] = {"id": [], "label": [], "x": [], "y": [], "value": [], "look": [],
                                   "kind": [], "kindName": [], "sectors": [], "lines": [],
                                   "sources": [], "moreSources": [], "metric": [], "links": []}
    for n in model.nodes:
        nodes["id"].append(n.id)
        nodes["label"].append(n.label)
        nodes["x"].append(n.x)
        nodes["y"].append(n.y)
        nodes["value"].append(n.value)
        nodes["look"].append(looks.index((n.colour, n.shape)))
        nodes["kind"].append(kinds.index(n.group))
        nodes["kindName"].append(kind_names.index(n.kind.replace("-", " ")))
        nodes["sectors"].append(list(n.sectors))
        nodes["lines"].append(list(n.lines))
        nodes["sources"].append([titles.index(t) for t in n.sources[:SHOWN_SOURCES]])
        nodes["moreSources"].append(max(len(n.sources) - SHOWN_SOURCES, 0))
        nodes["metric"].append(f"{n.metric:.3g}")
        nodes["links"].append(n.links)
    if not any(nodes["sources"]):  # a stakeholder's page cites them in its tables instead
        del nodes["sources"], nodes["moreSources"]
    if frame.node_links:
        nodes["href"] = [frame.node_links.get(n.id) for n in model.nodes]
    return nodes


def _data(model: ViewModel, frame: Frame) -> dict[str, Any]:
    """What the page's script draws, as columns (one list per attribute, in the order of
    ``model.nodes`` and ``model.edges``): texts that repeat (kinds, relations, looks, the titles
    of sources) are listed once and referred to by index, and links refer to nodes by index. The
    script makes vis-network's items from them (and the labels drawn, cut at 40 characters)."""
    titles = _Table()
    looks, kinds, kind_names = _Table(), _Table(), _Table()
    nodes = _node_columns(model, frame, titles, looks, kinds, kind_names)
    cited, relations = _Table(), _Table()
    cited.index(())  # index 0: no source
    index = {n.id: i for i, n in enumerate(model.nodes)}
    edges: dict[str, list[Any]] = {"from": [], "to": [], "label": [], "sources": [], "width": [],
                                   "curved": []}
    for e in model.edges:
        edges["from"].append(index[e.source])
        edges["to"].append(index[e.target])
        edges["label"].append(relations.index(e.label))
        edges["sources"].append(cited.index(tuple(titles.index(t) for t in e.sources)))
        # a pair of several ties is drawn wider; one tie keeps the default width (0 here)
        edges["width"].append(link_width(e.weight) if e.weight > 1 else 0)
        edges["curved"].append(1 if e.curved else 0)
    shown = {s for n in model.nodes for s in n.sectors}
    data: dict[str, Any] = {
        "title": model.title, "nodes": nodes, "edges": edges, "kinds": kinds.items(),
        "kindNames": kind_names.items(),
        "sectorLabels": {k: v for k, v in model.sector_labels.items() if k in shown},
        "relations": relations.items(), "titles": titles.items(),
        "citations": [list(c) for c in cited.items()],
        "looks": [list(look) for look in looks.items()], **_controls(model),
        "focus": model.focus, "directed": model.directed, "edgeColour": EDGE_COLOUR, "groups": None,
    }
    if model.groups:
        nodes["community"] = [n.community for n in model.nodes]
        tints: dict[str, int] = {}
        data["groups"] = {
            "id": [g.id for g in model.groups], "label": [g.label for g in model.groups],
            "x": [g.x for g in model.groups], "y": [g.y for g in model.groups],
            "size": [g.size for g in model.groups], "lines": [list(g.lines) for g in model.groups],
            "members": [list(g.members) for g in model.groups],
            "look": [tints.setdefault(g.colour, len(tints)) for g in model.groups],
        }
        span = 2 * max(max(abs(n.x), abs(n.y)) for n in model.nodes)
        data["groupLooks"] = [_group_look(colour, span) for colour in tints]
    return data


def _colour(colour: str) -> dict[str, Any]:
    """A look's colours: selected and hovered nodes keep theirs (vis would turn them blue) and
    get a dark border."""
    dark = {"background": colour, "border": "#111111"}
    return {"color": {"background": colour, "border": "#555555", "highlight": dark, "hover": dark}}


def _group_look(colour: str, span: float) -> dict[str, Any]:
    """How a community is drawn: a disc with a thick border, its name in a font that reads at the
    first, zoomed-out drawing of a view ``span`` units wide (vis caps it when zooming in:
    ``maxVisible``)."""
    size = round(max(span, 1000.0) / 60, 1)  # about 15 px when the drawing fits a 900-px canvas
    return {"shape": "dot", "borderWidth": 3, "borderWidthSelected": 4, **_colour(colour),
            "font": {"size": size, "strokeWidth": round(size / 5, 1), "color": "#1b1b1b"}}


def _controls(model: ViewModel) -> dict[str, Any]:
    """What the script needs to build the view's controls (``view.html``) and vis-network's
    options (the same for every view but for physics, direction and size): the filters'
    entries as ``[label, colour, shape, count]`` and ``[sector, count]``, the colour legend's
    when colours do not show the kind."""
    legend = None if model.colour_by is ColorBy.KIND else [_entry(e) for e in model.legend]
    return {"physics": model.physics, "metric": model.size_by.measure,
            "colourBy": model.colour_by.value, "kindFilter": [_entry(e) for e in model.kinds],
            "sectorFilter": [[key, count] for key, _label, count in model.sectors],
            "legend": legend}


def _entry(entry: LegendEntry) -> list[Any]:
    return [entry.label, entry.colour, entry.shape, entry.count]


def _header(model: ViewModel, lead: str | None) -> str:
    if lead is None:
        lead = (f"{_counted(model)}, coloured by {model.colour_by.value} and sized by "
                f"{model.size_by.measure}. Hover over a node or a link for its facts and sources.")
    return f'<header><h1>{text(model.title)}</h1><p class="rg-lead">{text(lead)}</p></header>'


def _counted(model: ViewModel) -> str:
    """How many nodes and links a view shows.

    >>> import networkx as nx
    >>> from regiograph.publish.viewmodel import build_model
    >>> _counted(build_model(nx.path_graph(2), "P"))
    '2 nodes and 1 link'
    """
    n, m = len(model.nodes), len(model.edges)
    grouped = f" in {len(model.groups)} communities (click one to show its members)" if model.groups else ""
    return f"{n} node{'s' if n != 1 else ''}{grouped} and {m} link{'s' if m != 1 else ''}"


def _fragment(model: ViewModel) -> str:
    """Where the view goes: the shared script puts its controls, drawing and tables here."""
    return ('<div id="rg-view"><noscript><p>The drawing of these '
            f"{text(_counted(model))} and its tables need JavaScript.</p></noscript></div>")


def _embed_section(title: str, src: str, shared: bool) -> str:
    """How to embed the view: a page of a site needs the site's ``assets/`` beside it, a single
    view nothing."""
    where = ("Paste this snippet where the view should appear, with this page's address as its "
             "<code>src</code>:" if shared else "Publish this file on any static host and paste "
             "this snippet where the view should appear (it needs no other file):")
    return (f'<section class="rg-embed"><h2>Embed this view</h2><p>{where}</p>'
            f"<pre><code>{text(embed_snippet(src, title))}</code></pre></section>")
