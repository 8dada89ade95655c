"""What a web view shows, before any HTML: the nodes and links of a graph (or of one node's
neighbourhood) with their positions, colours, shapes, sizes, tooltips and legend.

Colours and shapes come from :mod:`regiograph.model.style`, sizes and communities from the
measures that the analysis and the exports share (:class:`regiograph.analysis.metrics.Measures`),
positions from :func:`regiograph.analysis.layout.positions` (the positions of the exports)
or, above :data:`regiograph.analysis.layout.FAST_LAYOUT_ABOVE` nodes, from
:func:`regiograph.analysis.fastlayout.fast_positions`.

A view of more than :data:`AGGREGATE_ABOVE` nodes is aggregated: its nodes are grouped by
community (Louvain, from :mod:`regiograph.analysis`, seeded), the page first draws one node per
community, and a community opens into its members on demand (see :class:`ViewGroup`). Every
member is still in the model (and in the page, for search and the tables).

Everything here is plain data; every text is kept as text, for the page to escape.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from regiograph.analysis.metrics import Measures
from regiograph.analysis.projection import direction
from regiograph.errors import UsageError
from regiograph.model.registry import Look
from regiograph.model.style import ColorBy, SizeBy, style_of
from regiograph.publish.styling import LegendEntry, Styling, styling

if TYPE_CHECKING:
    from regiograph.analysis.communities import Community

__all__ = [
    "AGGREGATE_ABOVE",
    "PHYSICS_UP_TO",
    "SHOWN_SOURCES",
    "ColorBy",
    "LegendEntry",
    "SizeBy",
    "Styling",
    "ViewEdge",
    "ViewGroup",
    "ViewModel",
    "ViewNode",
    "build_model",
    "neighbourhood",
    "styling",
]

#: Graphs with at most this many nodes open with physics on; larger ones (and aggregated views,
#: whose communities open where their members were laid out) open still.
PHYSICS_UP_TO = 100
#: Views of more nodes are aggregated: one node per community, opened on demand. A flat view of
#: 5,000 nodes is written in well under a second and drawn in under 2.5 s on a 2-core machine;
#: beyond that a drawing of every node is neither fast nor readable.
AGGREGATE_ABOVE = 5000
_PHYSICS_START = 50
#: A tooltip names this many sources, then says how many more.
SHOWN_SOURCES = 3
_SHOWN_MEMBERS = 3


@dataclass(frozen=True)
class ViewNode:
    """A node as drawn: ``group`` is its kind's legend group, ``value`` its size between 0 and 1,
    ``lines`` its tooltip (plain text) but for the titles of its sources, ``sources`` (all of
    them, sorted: a page shows the first few, from one table of titles that the nodes and links
    of a view share; see :meth:`tooltip`)."""

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
    community: int = -1
    sources: tuple[str, ...] = ()

    def tooltip(self) -> tuple[str, ...]:
        """The whole tooltip: :attr:`lines` and the first sources, and how many more.

        >>> ViewNode("a", "A", "", "", "#999", "dot", 1, 1, 0, 0, (), ("lab",), 0, -1,
        ...          ("s1", "s2", "s3", "s4")).tooltip()
        ('lab', 'Sources: s1; s2; s3; and 1 more')
        """
        return self.lines + ((f"Sources: {_some(self.sources)}",) if self.sources else ())


@dataclass(frozen=True)
class ViewGroup:
    """A community drawn as one node until it is opened: ``label`` is the community's name (after
    its most central members), ``members`` the indices of its nodes in :attr:`ViewModel.nodes`,
    ``colour`` the most common colour of its members (their dominant kind, when colours show
    kinds), ``x`` and ``y`` the centre its members were laid out around, ``size`` its radius in
    the drawing's units (its area grows with its members), ``lines`` its tooltip (plain text)."""

    id: str
    label: str
    members: tuple[int, ...]
    colour: str
    x: float
    y: float
    size: float
    lines: tuple[str, ...]


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
    groups: tuple[ViewGroup, ...] = ()

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


def build_model(G: nx.Graph[Any], title: str, colour_by: ColorBy | str = ColorBy.KIND,
                size_by: SizeBy | str = SizeBy.PAGERANK, focus: Hashable | None = None,
                depth: int = 1, sector_labels: Mapping[str, str] | None = None,
                seed: int = 7, styled: Styling | None = None,
                aggregate_above: int | None = AGGREGATE_ABOVE) -> ViewModel:
    """The view of ``G`` (or of the neighbourhood of ``focus`` within ``depth`` links).

    Nodes may carry ``label``, ``kind``, ``sectors`` and ``sector_group`` (as projections do),
    and, for the tooltip, ``facts`` and ``source_titles`` (lists of text); edges ``label``,
    ``sources`` and ``source_titles``. Sizes and colours are computed on the whole of ``G`` (or
    taken from ``styled``), so a neighbourhood keeps the sizes and communities of the region.
    A view of more than ``aggregate_above`` nodes (None: never) groups its nodes by community
    (:attr:`ViewModel.groups`), laid out side by side.

    Examples
    --------
    >>> G = nx.Graph([("a", "b", {"label": "partner of"})])
    >>> G.nodes["a"].update(label="<A>", kind="university")
    >>> model = build_model(G, "Two", size_by="degree")
    >>> [(n.id, n.label, n.group, n.colour) for n in model.nodes]
    [('a', '<A>', 'university', '#0072B2'), ('b', 'b', 'other', '#999999')]
    >>> model.edges[0].label, model.physics, model.groups
    ('partner of', True, ())
    >>> grouped = build_model(nx.barbell_graph(4, 0), "Two groups", aggregate_above=4)
    >>> [(g.label, g.members) for g in grouped.groups]
    [('3 & 0', (0, 1, 2, 3)), ('4 & 5', (4, 5, 6, 7))]
    """
    labels = dict(sector_labels or {})
    own = styled is None  # sizes and colours of G itself, not of a larger graph
    style = styled or styling(G, colour_by, size_by, labels)
    whole = G
    focus_id = None
    if focus is not None:
        G = neighbourhood(G, focus, depth)
        focus_id = str(focus)
    order = sorted(G.nodes, key=str)
    scale = 1000.0 * max(1.0, math.sqrt(G.number_of_nodes() / 150))
    found: list[Community] = []
    if aggregate_above is not None and G.number_of_nodes() > aggregate_above:
        found = _communities(G, style, G is whole, own)
        from regiograph.analysis.fastlayout import grouped_positions

        pos, centres = grouped_positions(G, [c.members for c in found], seed=seed, scale=scale)
    else:
        # spanning 1,000 units (as in the exports) up to 150 nodes, and more beyond, so that a
        # large graph opens zoomed out: dots without labels, until one zooms in
        from regiograph.analysis.layout import positions

        pos, centres = positions(G, seed=seed, scale=scale, iterations=_iterations(G)), []
    community = {m: c.index for c in found for m in c.members}
    top = max(style.metric.values(), default=0.0) or 1.0
    sources = _Sources(G)
    nodes = tuple(_node(G, n, style, top, pos[n], labels, sources, community.get(n, -1))
                  for n in order)
    groups = _groups(found, nodes, {n: i for i, n in enumerate(order)}, centres, scale)
    return ViewModel(title, nodes, tuple(_edges(G)), G.is_directed(), style.colour_by,
                     style.size_by, _legend_of_shown(list(style.legend), nodes, style.colour_by),
                     _kinds(nodes, style.colour_by), _sectors(nodes, labels), focus_id,
                     G.number_of_nodes() <= PHYSICS_UP_TO and not groups, labels, groups)


def _communities(G: nx.Graph[Any], style: Styling, whole: bool, own: bool) -> list[Community]:
    """The communities of ``G``: those the styling found or can find (its measures are G's own:
    Louvain, PageRank and the simple graph were computed twice for a region view), or afresh."""
    if whole and style.communities is not None:
        return list(style.communities)
    if whole and own and style.measures is not None:
        return style.measures.communities
    return Measures(G).communities


def _iterations(G: nx.Graph[Any]) -> int:
    """ForceAtlas2's iterations for a view: a view with physics on is laid out again in the
    browser before its first drawing, so 50 make its start (a site's 1,600 neighbourhoods took
    15 s at 200, for drawings no better); one that opens still gets the exports' 200."""
    return _PHYSICS_START if G.number_of_nodes() <= PHYSICS_UP_TO else 200


class _Sources:
    """The titles of the sources of each node's links (both directions, without repeats), for
    nodes that carry none of their own: gathered in one pass over the edges, when first asked."""

    def __init__(self, G: nx.Graph[Any]) -> None:
        self.G = G
        self.titles: dict[Any, dict[str, None]] | None = None

    def of(self, n: Any) -> list[str]:
        if self.titles is None:
            self.titles = {}
            cited: Any
            for u, v, cited in self.G.edges(data="source_titles"):
                titles = [str(title) for title in cited or ()]
                for end in (u, v):
                    self.titles.setdefault(end, {}).update(dict.fromkeys(titles))
        return list(self.titles.get(n, ()))


def _node(G: nx.Graph[Any], n: Any, styled: Styling, top: float, xy: tuple[float, float],
          labels: Mapping[str, str], sources: _Sources, community: int) -> ViewNode:
    """A node as drawn; its number of links and its metric are those of the whole graph."""
    data = G.nodes[n]
    kind = str(data.get("kind") or "")
    look: Look = style_of(kind)
    sectors = tuple(str(s) for s in data.get("sectors") or ())
    metric, links = styled.metric.get(n, 0.0), styled.links.get(n, 0)
    lines = [kind.replace("-", " ") or "no kind"]
    if sectors:
        lines.append("Sectors: " + ", ".join(labels.get(s, s) for s in sectors))
    lines += [str(f) for f in data.get("facts") or ()]
    lines.append(f"{links} link{'' if links == 1 else 's'}; {styled.size_by.measure} {metric:.3g}")
    titles = data.get("source_titles") or sources.of(n)
    return ViewNode(str(n), str(data.get("label") or n), kind, look.label, styled.colours[n],
                    look.shape, round(math.sqrt(max(metric, 0.0) / top), 4), metric, xy[0], xy[1],
                    sectors, tuple(lines), links, community, tuple(str(t) for t in titles or ()))


def _some(items: Iterable[str], shown: int = SHOWN_SOURCES) -> str:
    """Up to three items, and how many more.

    >>> _some(["a", "b", "c", "d", "e"])
    'a; b; c; and 2 more'
    """
    items = list(items)
    more = len(items) - shown
    return "; ".join(items[:shown]) + (f"; and {more} more" if more > 0 else "")


def _groups(found: list[Community], nodes: tuple[ViewNode, ...], index: Mapping[Any, int],
            centres: list[tuple[float, float]], scale: float) -> tuple[ViewGroup, ...]:
    """One group per community: its members, look, place, size and tooltip.

    A group's area is proportional to its number of members (the largest a tenth of the drawing
    wide); its colour is its members' most common one: their dominant kind (or sector, or
    community: whatever the colours show).
    """
    taken = {n.id for n in nodes}
    prefix = "community-"
    while any(i.startswith(prefix) for i in taken):  # group ids never clash with node ids
        prefix = "_" + prefix
    largest = max((c.size for c in found), default=1)
    groups = []
    for c, (x, y) in zip(found, centres, strict=True):
        members = tuple(sorted(index[m] for m in c.members))
        shown = [nodes[i] for i in members]
        colour = Counter(n.colour for n in shown).most_common(1)[0][0]  # ties: the first seen
        kinds = Counter(n.group for n in shown).most_common()
        lines = (f"A community of {len(shown)} stakeholders",
                 "Mostly " + ", ".join(f"{kind} ({count})" for kind, count in kinds[:3]),
                 "Most central: " + _some((nodes[index[m]].label for m in c.members), _SHOWN_MEMBERS),
                 "Click to show its members.")
        size = max(scale / 20 * math.sqrt(len(shown) / largest), scale / 100)
        groups.append(ViewGroup(f"{prefix}{c.index}", c.name, members, colour, x, y,
                                round(size, 1), lines))
    return tuple(groups)


def _edges(G: nx.Graph[Any]) -> list[ViewEdge]:
    """One drawn link per pair (per direction when directed), its ties' labels joined."""
    directed = G.is_directed()
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for u, v, data in G.edges(data=True):
        a, b = (str(u), str(v)) if directed else map(str, direction(u, v, data))
        key = (a, b)  # an undirected link runs the way its label reads
        if key in pairs:
            pairs[key].append(data)
        else:
            pairs[key] = [data]
    edges = []
    for index, ((u, v), ties) in enumerate(sorted(pairs.items())):
        if len(ties) == 1:  # most pairs: no merging to do
            tie = ties[0]
            label = str(tie.get("label") or tie.get("relation") or "linked to")
            sources = tuple(dict.fromkeys(str(s) for s in tie.get("source_titles") or ()))
            weight = float(tie.get("weight", 1.0) or 1.0)
        else:
            label = "; ".join(dict.fromkeys(str(t.get("label") or t.get("relation") or "linked to")
                                            for t in ties))
            sources = tuple(dict.fromkeys(str(s) for t in ties for s in t.get("source_titles") or ()))
            weight = sum(float(t.get("weight", 1.0) or 1.0) for t in ties)
        edges.append(ViewEdge(f"e{index}", u, v, label, sources, weight, directed and (v, u) in pairs))
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
