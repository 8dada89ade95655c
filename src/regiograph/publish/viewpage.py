"""A view as an HTML page: the page's data (a few columns the page's script turns into
vis-network's items), its options, controls and legend, filled into our template
(:mod:`regiograph.templates`) with vis-network's script and style sheet from pyvis's package."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from regiograph.publish.viewmodel import (
    ColorBy,
    LegendEntry,
    ViewModel,
)
from regiograph.templates import SharedAssets, fill, page, read, script_json, text

__all__ = ["EDGE_COLOUR", "Frame", "embed_snippet", "link_width", "render_model", "shared_files",
           "site_assets", "swatch"]

#: The colour of links (faded links and highlighted ones are set by the page's script).
EDGE_COLOUR = "#9a9a9a"
_VIS = "templates/lib/vis-9.1.2/"
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
                      frame.after, _embed_section(model.title, frame.src)])
    data = script_json(_data(model, frame))
    if frame.shared is not None:
        return page(model.title, body, nav=frame.nav, data=data, shared=frame.shared)
    return page(model.title, body, nav=frame.nav, styles=[vis_css],
                scripts=[vis_js, read("view.js")], data=data)


def shared_files() -> dict[str, str]:
    """The script and style files that a site's view pages share, by name."""
    vis_js, vis_css = _vis_assets()
    return {"vis-network.min.js": vis_js, "view.js": read("view.js"),
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


def _data(model: ViewModel, frame: Frame) -> dict[str, Any]:
    """What the page's script draws, as columns (one list per attribute, in the order of
    ``model.nodes`` and ``model.edges``): texts that repeat (kinds, relations, sources, looks)
    are listed once and referred to by index, and links refer to nodes by index. The script makes
    vis-network's items from them (and the labels drawn, cut at 40 characters)."""
    looks: dict[tuple[str, str], int] = {}
    kinds: dict[str, int] = {}
    kind_names: dict[str, int] = {}
    index = {n.id: i for i, n in enumerate(model.nodes)}
    nodes: dict[str, list[Any]] = {"id": [], "label": [], "x": [], "y": [], "value": [], "look": [],
                                   "kind": [], "kindName": [], "sectors": [], "lines": [],
                                   "metric": [], "links": []}
    for n in model.nodes:
        nodes["id"].append(n.id)
        nodes["label"].append(n.label)
        nodes["x"].append(n.x)
        nodes["y"].append(n.y)
        nodes["value"].append(n.value)
        nodes["look"].append(looks.setdefault((n.colour, n.shape), len(looks)))
        nodes["kind"].append(kinds.setdefault(n.group, len(kinds)))
        nodes["kindName"].append(kind_names.setdefault(n.kind.replace("-", " "), len(kind_names)))
        nodes["sectors"].append(list(n.sectors))
        nodes["lines"].append(list(n.lines))
        nodes["metric"].append(f"{n.metric:.3g}")
        nodes["links"].append(n.links)
    if frame.node_links:
        nodes["href"] = [frame.node_links.get(n.id) for n in model.nodes]
    relations: dict[str, int] = {}
    cited: dict[tuple[str, ...], int] = {(): 0}
    edges: dict[str, list[Any]] = {"from": [], "to": [], "label": [], "sources": [], "width": [],
                                   "curved": []}
    for e in model.edges:
        edges["from"].append(index[e.source])
        edges["to"].append(index[e.target])
        edges["label"].append(relations.setdefault(e.label, len(relations)))
        edges["sources"].append(cited.setdefault(e.sources, len(cited)))
        # a pair of several ties is drawn wider; one tie keeps the default width (0 here)
        edges["width"].append(link_width(e.weight) if e.weight > 1 else 0)
        edges["curved"].append(1 if e.curved else 0)
    data: dict[str, Any] = {
        "nodes": nodes, "edges": edges, "kinds": list(kinds), "kindNames": list(kind_names),
        "sectorLabels": dict(model.sector_labels), "relations": list(relations),
        "sources": ["; ".join(c) for c in cited],
        "looks": [{"shape": shape, **_colour(colour)} for colour, shape in looks],
        "options": _options(model), "focus": model.focus, "directed": model.directed,
        "edgeColour": EDGE_COLOUR, "groups": None,
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
                  # the page's script sizes the labels (12 to 18 px on screen whatever the
                  # zoom) and places them, never one over another
                  "scaling": {"min": 8, "max": 36, "label": {"enabled": False, "drawThreshold": 1,
                                                             "maxVisible": 100}}},
        "edges": {"smooth": False, "color": {"color": EDGE_COLOUR, "highlight": "#333333",
                                             "hover": "#333333", "inherit": False},
                  "selectionWidth": 1.5, "hoverWidth": 1.2,
                  "arrows": {"to": {"enabled": model.directed, "scaleFactor": 0.5}},
                  "font": {"size": 12, "face": "system-ui, sans-serif", "align": "middle",
                           "strokeWidth": 4, "strokeColor": "#ffffff"}},
    }


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
    """The view: controls, drawing and (empty: the page's script fills them) tables."""
    n, m = len(model.nodes), len(model.edges)
    return fill(read("view.html"), {
        "physics_checked": " checked" if model.physics else "",
        "collapse_hidden": "" if model.groups else " hidden",
        "community_keys": (", a community (a node with a thick border) to show its members"
                           if model.groups else ""),
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
        "community_heading": '<th scope="col">Community</th>' if model.groups else "",
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
            f'{_named(label, count)}</label>')


def _named(label: str, count: int) -> str:
    """A legend's or a filter's text: the name, which may wrap, and its count, kept on the line
    of the name's last word.

    >>> _named("service centre or platform", 7)
    '<span>service centre or platform&nbsp;<span class="rg-count">(7)</span></span>'
    """
    return f'<span>{text(label)}&nbsp;<span class="rg-count">({count})</span></span>'


def _legend(model: ViewModel) -> str:
    """The colour legend, when colours do not show the kind (then the kind filter is the legend)."""
    if model.colour_by is ColorBy.KIND:
        return ""
    return ('<div class="rg-legend"><h2 class="rg-small-heading" id="rg-legend-heading">Colour: '
            f'{text(model.colour_by.value)}</h2><ul aria-labelledby="rg-legend-heading">'
            f'{"".join(_legend_item(e) for e in model.legend)}</ul></div>')


def _legend_item(entry: LegendEntry) -> str:
    return f"<li>{swatch(entry.shape, entry.colour)}{_named(entry.label, entry.count)}</li>"


def _embed_section(title: str, src: str) -> str:
    return ('<section class="rg-embed"><h2>Embed this view</h2><p>Publish this file on any static '
            "host and paste this snippet where the view should appear (it needs no other file):</p>"
            f"<pre><code>{text(embed_snippet(src, title))}</code></pre></section>")
