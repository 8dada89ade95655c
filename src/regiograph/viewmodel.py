"""What a web view shows, before any HTML: the nodes and links of a graph (or of one node's
neighbourhood) with their positions, colours, shapes, sizes, tooltips and legend.

Colours and shapes come from :mod:`regiograph.style`, sizes from the centrality measures of
:mod:`regiograph.analysis`, positions from :func:`regiograph.layout.positions` (the positions of
the exports) or, above :data:`regiograph.layout.FAST_LAYOUT_ABOVE` nodes, from
:func:`regiograph.fastlayout.fast_positions`. Everything here is plain data; every text is kept
as text, for the page to escape.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import networkx as nx

from regiograph.errors import UsageError
from regiograph.style import ColorBy, KindStyle, SizeBy, community_colour, style_of

__all__ = [
    "PHYSICS_UP_TO",
    "ColorBy",
    "LegendEntry",
    "SizeBy",
    "Styling",
    "ViewEdge",
    "ViewModel",
    "ViewNode",
    "build_model",
    "neighbourhood",
    "styling",
]

#: Graphs with more nodes are laid out by the grid-accelerated layout, not ForceAtlas2.
#: Graphs with at most this many nodes open with physics on; larger ones open still.
PHYSICS_UP_TO = 100
_NO_GROUP = "#BBBBBB"
_LABEL_CHARS = 40
_SHOWN_SOURCES = 3
_E = TypeVar("_E", bound=StrEnum)




@dataclass(frozen=True)
class LegendEntry:
    """One line of a legend or of the kind filter: what a colour and shape stand for."""

    key: str
    label: str
    colour: str
    shape: str
    count: int


@dataclass(frozen=True)
class ViewNode:
    """A node as drawn: ``group`` is its kind's legend group, ``value`` its size between 0 and 1,
    ``lines`` its tooltip (plain text)."""

    id: str
    label: str
    kind: str
    group: str
    colour: str
    shape: str
    value: float
    metric: float
    x: float
    y: float
    sectors: tuple[str, ...]
    lines: tuple[str, ...]
    links: int


@dataclass(frozen=True)
class ViewEdge:
    """A link as drawn: the ties of one pair (one direction, in a directed graph) merged."""

    id: str
    source: str
    target: str
    label: str
    sources: tuple[str, ...]
    weight: float
    curved: bool


@dataclass(frozen=True)
class ViewModel:
    """Everything a page draws and lists."""

    title: str
    nodes: tuple[ViewNode, ...]
    edges: tuple[ViewEdge, ...]
    directed: bool
    colour_by: ColorBy
    size_by: SizeBy
    legend: tuple[LegendEntry, ...]
    kinds: tuple[LegendEntry, ...]
    sectors: tuple[tuple[str, str, int], ...]
    focus: str | None = None
    physics: bool = False
    sector_labels: Mapping[str, str] = field(default_factory=dict)

    def label_of(self, node: str) -> str:
        """The full label of a node of the view."""
        return next(n.label for n in self.nodes if n.id == node)


def neighbourhood(G: nx.Graph[Any], focus: Hashable, depth: int = 1) -> nx.Graph[Any]:
    """The subgraph of the nodes at most ``depth`` links from ``focus``, in either direction.

    >>> sorted(neighbourhood(nx.path_graph(5), 0, 2).nodes)
    [0, 1, 2]
    """
    if depth < 0:
        raise UsageError("--depth must be 0 or more")
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    near = nx.single_source_shortest_path_length(undirected, focus, cutoff=depth)
    return G.subgraph(near).copy()


@dataclass(frozen=True)
class Styling:
    """The sizes and colours of a graph's nodes, computed once on the whole graph, so that every
    neighbourhood of it looks the same as in the whole."""

    colour_by: ColorBy
    size_by: SizeBy
    metric: Mapping[Any, float]
    colours: Mapping[Any, str]
    legend: tuple[LegendEntry, ...]
    links: Mapping[Any, int]


def styling(G: nx.Graph[Any], colour_by: ColorBy | str = ColorBy.KIND,
            size_by: SizeBy | str = SizeBy.PAGERANK,
            sector_labels: Mapping[str, str] | None = None) -> Styling:
    """Size every node of ``G`` by ``size_by`` and colour it by ``colour_by``.

    >>> style = styling(nx.star_graph(2), size_by="degree")
    >>> style.metric, style.colours[0]
    ({0: 2.0, 1: 1.0, 2: 1.0}, '#999999')
    """
    colour_by = _choice(ColorBy, colour_by, "--color-by")
    size_by = _choice(SizeBy, size_by, "--size-by")
    from regiograph.analysis import degree

    colours, legend = _colours(G, colour_by, dict(sector_labels or {}))
    return Styling(colour_by, size_by, _metric(G, size_by), colours, tuple(legend), degree(G))


def build_model(G: nx.Graph[Any], title: str, colour_by: ColorBy | str = ColorBy.KIND,
                size_by: SizeBy | str = SizeBy.PAGERANK, focus: Hashable | None = None,
                depth: int = 1, sector_labels: Mapping[str, str] | None = None,
                seed: int = 7, styled: Styling | None = None) -> ViewModel:
    """The view of ``G`` (or of the neighbourhood of ``focus`` within ``depth`` links).

    Nodes may carry ``label``, ``kind``, ``sectors`` and ``sector_group`` (as projections do),
    and, for the tooltip, ``facts`` and ``source_titles`` (lists of text); edges ``label``,
    ``sources`` and ``source_titles``. Sizes and colours are computed on the whole of ``G`` (or
    taken from ``styled``), so a neighbourhood keeps the sizes and communities of the region.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"label": "partner of"})])
    >>> G.nodes["a"].update(label="<A>", kind="university")
    >>> model = build_model(G, "Two", size_by="degree")
    >>> [(n.id, n.label, n.group, n.colour) for n in model.nodes]
    [('a', '<A>', 'university', '#0072B2'), ('b', 'b', 'other', '#999999')]
    >>> model.edges[0].label, model.physics
    ('partner of', True)
    """
    labels = dict(sector_labels or {})
    style = styled or styling(G, colour_by, size_by, labels)
    focus_id = None
    if focus is not None:
        G = neighbourhood(G, focus, depth)
        focus_id = str(focus)
    pos = _positions(G, seed)
    top = max(style.metric.values(), default=0.0) or 1.0
    nodes = tuple(_node(G, n, style, top, pos[n], labels) for n in sorted(G.nodes, key=str))
    return ViewModel(title, nodes, tuple(_edges(G)), G.is_directed(), style.colour_by,
                     style.size_by, _legend_of_shown(list(style.legend), nodes, style.colour_by),
                     _kinds(nodes, style.colour_by), _sectors(nodes, labels), focus_id,
                     G.number_of_nodes() <= PHYSICS_UP_TO, labels)


def _choice(enum: type[_E], value: _E | str, option: str) -> _E:
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise UsageError(f"{option}: unknown value {value!r}; choose one of {choices}") from None


def _metric(G: nx.Graph[Any], size_by: SizeBy) -> dict[Any, float]:
    from regiograph.analysis import betweenness, degree, pagerank, undirected

    if G.number_of_nodes() == 0:
        return {}
    if size_by is SizeBy.PAGERANK:  # ties count whichever way their predicate reads, as elsewhere
        # on a copy without the edges' data, which pagerank would copy once more
        H: nx.Graph[Any] = nx.Graph()
        H.add_nodes_from(G)
        H.add_weighted_edges_from((u, v, float(d.get("weight", 1.0) or 1.0))
                                  for u, v, d in undirected(G).edges(data=True))
        return pagerank(H)
    if size_by is SizeBy.DEGREE:
        return {n: float(d) for n, d in degree(G).items()}
    sample = 256 if G.number_of_nodes() > 1000 else None  # exact betweenness is O(nm)
    return betweenness(G, k=sample)


def _colours(G: nx.Graph[Any], colour_by: ColorBy, labels: Mapping[str, str],
             ) -> tuple[dict[Any, str], list[LegendEntry]]:
    """Each node's colour, and the legend's entries (every group, before the neighbourhood)."""
    if colour_by is ColorBy.KIND:
        styles = {n: style_of(str(G.nodes[n].get("kind", ""))) for n in G}
        return ({n: s.colour for n, s in styles.items()},
                [LegendEntry(s.label, s.label, s.colour, s.shape, 0) for s in styles.values()])
    by_community = colour_by is ColorBy.COMMUNITY
    groups = _community_groups(G) if by_community else _sector_groups(G, labels)
    rest = "smaller communities" if by_community else "no sector"
    colours: dict[Any, str] = {}
    legend: list[LegendEntry] = []
    for index, (name, members) in enumerate(groups):
        colour = community_colour(index) if index < 12 and name else _NO_GROUP
        legend.append(LegendEntry(name or rest, name or rest, colour, "dot", 0))
        colours.update(dict.fromkeys(members, colour))
    return colours, legend


def _sector_groups(G: nx.Graph[Any], labels: Mapping[str, str]) -> list[tuple[str, list[Any]]]:
    """Nodes by broadest sector, the largest group first; "no sector" last and grey."""
    by_group: dict[str, list[Any]] = {}
    for n, data in G.nodes(data=True):
        group = str(data.get("sector_group") or "no sector")
        by_group.setdefault(group, []).append(n)
    named = sorted((g for g in by_group if g != "no sector"), key=lambda g: (-len(by_group[g]), g))
    groups = [(labels.get(g, g), by_group[g]) for g in named]
    return groups + ([("", by_group["no sector"])] if "no sector" in by_group else [])


def _community_groups(G: nx.Graph[Any]) -> list[tuple[str, list[Any]]]:
    from regiograph.analysis import communities

    found = communities(G)
    big = [(c.name, list(c.members)) for c in found[:12]]
    rest = [m for c in found[12:] for m in c.members]
    return big + ([("", rest)] if rest else [])


def _positions(G: nx.Graph[Any], seed: int) -> dict[Hashable, tuple[float, float]]:
    """Positions spanning 1,000 units (as in the exports) up to 150 nodes, and more beyond, so
    that a large graph opens zoomed out: dots without labels, until one zooms in."""
    scale = 1000.0 * max(1.0, math.sqrt(G.number_of_nodes() / 150))
    from regiograph.layout import positions

    return positions(G, seed=seed, scale=scale)


def _node(G: nx.Graph[Any], n: Any, styled: Styling, top: float, xy: tuple[float, float],
          labels: Mapping[str, str]) -> ViewNode:
    """A node as drawn; its number of links and its metric are those of the whole graph."""
    data = G.nodes[n]
    kind = str(data.get("kind") or "")
    look: KindStyle = style_of(kind)
    sectors = tuple(str(s) for s in data.get("sectors") or ())
    metric, links = styled.metric.get(n, 0.0), styled.links.get(n, 0)
    lines = _node_lines(G, n, kind, sectors, labels, f"{styled.size_by.measure} {metric:.3g}", links)
    return ViewNode(str(n), str(data.get("label") or n), kind, look.label, styled.colours[n],
                    look.shape, round(math.sqrt(max(metric, 0.0) / top), 4), metric, xy[0], xy[1],
                    sectors, lines, links)


def _node_lines(G: nx.Graph[Any], n: Any, kind: str, sectors: tuple[str, ...],
                labels: Mapping[str, str], metric: str, links: int) -> tuple[str, ...]:
    data = G.nodes[n]
    lines = [kind.replace("-", " ") or "no kind"]
    if sectors:
        lines.append("Sectors: " + ", ".join(labels.get(s, s) for s in sectors))
    lines += [str(f) for f in data.get("facts") or ()]
    lines.append(f"{links} link{'' if links == 1 else 's'}; {metric}")
    titles = data.get("source_titles") or _edge_sources(G, n)
    if titles:
        lines.append("Sources: " + _some(titles))
    return tuple(lines)


def _edge_sources(G: nx.Graph[Any], n: Any) -> list[str]:
    """The titles of the sources of a node's links, in both directions, without repeats."""
    incident: list[dict[str, Any]] = [d for _u, _v, d in G.edges(n, data=True)]
    if isinstance(G, nx.DiGraph):
        incident += [d for _u, _v, d in G.in_edges(n, data=True)]
    return list(dict.fromkeys(str(t) for d in incident for t in d.get("source_titles") or ()))


def _some(items: Iterable[str]) -> str:
    """Up to three items, and how many more.

    >>> _some(["a", "b", "c", "d", "e"])
    'a; b; c; and 2 more'
    """
    items = list(items)
    shown = "; ".join(items[:_SHOWN_SOURCES])
    more = len(items) - _SHOWN_SOURCES
    return f"{shown}; and {more} more" if more > 0 else shown


def _edges(G: nx.Graph[Any]) -> list[ViewEdge]:
    """One drawn link per pair (per direction when directed), its ties' labels joined."""
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for u, v, data in G.edges(data=True):
        key = (str(u), str(v)) if G.is_directed() else tuple(sorted((str(u), str(v))))
        pairs.setdefault((key[0], key[1]), []).append(data)
    edges = []
    for index, ((u, v), ties) in enumerate(sorted(pairs.items())):
        label = "; ".join(dict.fromkeys(str(t.get("label") or t.get("relation") or "linked to")
                                        for t in ties))
        sources = tuple(dict.fromkeys(str(s) for t in ties for s in t.get("source_titles") or ()))
        weight = sum(float(t.get("weight", 1.0) or 1.0) for t in ties)
        edges.append(ViewEdge(f"e{index}", u, v, label, sources, weight,
                              G.is_directed() and (v, u) in pairs))
    return edges


def _legend_of_shown(legend: list[LegendEntry], nodes: tuple[ViewNode, ...],
                     colour_by: ColorBy) -> tuple[LegendEntry, ...]:
    """The legend's entries for the colours on screen, with their counts, in legend order."""
    counts = Counter(n.group if colour_by is ColorBy.KIND else n.colour for n in nodes)
    shown: dict[str, LegendEntry] = {}
    for entry in legend:
        count = counts.get(entry.key if colour_by is ColorBy.KIND else entry.colour, 0)
        if count and entry.key not in shown:
            shown[entry.key] = LegendEntry(entry.key, entry.label, entry.colour, entry.shape, count)
    if colour_by is ColorBy.KIND:
        return tuple(sorted(shown.values(), key=lambda e: (-e.count, e.label)))
    return tuple(shown.values())


def _kinds(nodes: tuple[ViewNode, ...], colour_by: ColorBy) -> tuple[LegendEntry, ...]:
    """The kind filter's entries: each legend group of kinds, with its shape, the most first."""
    counts = Counter(n.group for n in nodes)
    first = {n.group: n for n in reversed(nodes)}
    return tuple(sorted((LegendEntry(g, g, first[g].colour if colour_by is ColorBy.KIND else "#777777",
                                     first[g].shape, c) for g, c in counts.items()),
                        key=lambda e: (-e.count, e.label)))


def _sectors(nodes: tuple[ViewNode, ...], labels: Mapping[str, str]) -> tuple[tuple[str, str, int], ...]:
    """The sector filter's entries: (sector id, label, count), the most first; "" is no sector."""
    counts = Counter(s for n in nodes for s in n.sectors)
    entries = sorted(((s, labels.get(s, s), c) for s, c in counts.items()), key=lambda e: (-e[2], e[1]))
    without = sum(1 for n in nodes if not n.sectors)
    return tuple(entries + ([("", "no sector", without)] if without else []))
