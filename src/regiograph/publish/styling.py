"""How a view styles a graph: every node's size (PageRank, degree or betweenness) and colour
(by kind, broadest sector or community), and the legend that says what each colour stands for,
computed once on the whole graph so that every neighbourhood of it looks the same."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from regiograph.analysis.metrics import Measures
from regiograph.errors import UsageError
from regiograph.model.style import ColorBy, SizeBy, community_colour, style_of

if TYPE_CHECKING:
    from regiograph.analysis.communities import Community

__all__ = ["LegendEntry", "Styling", "choice", "styling"]

_NO_GROUP = "#BBBBBB"
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
class Styling:
    """The sizes and colours of a graph's nodes, computed once on the whole graph, so that every
    neighbourhood of it looks the same as in the whole."""

    colour_by: ColorBy
    size_by: SizeBy
    metric: Mapping[Any, float]
    colours: Mapping[Any, str]
    legend: tuple[LegendEntry, ...]
    links: Mapping[Any, int]
    communities: tuple[Community, ...] | None = None
    #: The measures they were computed from, for a view to take its communities from as well.
    measures: Measures | None = field(default=None, compare=False, repr=False)


def styling(G: nx.Graph[Any], colour_by: ColorBy | str = ColorBy.KIND,
            size_by: SizeBy | str = SizeBy.PAGERANK,
            sector_labels: Mapping[str, str] | None = None) -> Styling:
    """Size every node of ``G`` by ``size_by`` and colour it by ``colour_by``.

    >>> style = styling(nx.star_graph(2), size_by="degree")
    >>> style.metric, style.colours[0]
    ({0: 2.0, 1: 1.0, 2: 1.0}, '#999999')
    """
    colour_by = choice(ColorBy, colour_by, "--color-by")
    size_by = choice(SizeBy, size_by, "--size-by")
    measures = Measures(G)  # the numbers of the analysis and the exports, computed once
    found = measures.communities if colour_by is ColorBy.COMMUNITY else None
    colours, legend = _colours(G, colour_by, dict(sector_labels or {}), found)
    links = measures.degree
    if size_by is SizeBy.PAGERANK:
        metric = measures.pagerank
    elif size_by is SizeBy.DEGREE:
        metric = {n: float(d) for n, d in links.items()}
    else:
        metric = measures.betweenness
    return Styling(colour_by, size_by, metric, colours, tuple(legend), links,
                   None if found is None else tuple(found), measures)


def choice(enum: type[_E], value: _E | str, option: str) -> _E:
    """``value`` as a member of ``enum``, or a UsageError naming the option and the choices."""
    try:
        return enum(value)
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise UsageError(f"{option}: unknown value {value!r}; choose one of {choices}") from None


def _colours(G: nx.Graph[Any], colour_by: ColorBy, labels: Mapping[str, str],
             found: list[Community] | None) -> tuple[dict[Any, str], list[LegendEntry]]:
    """Each node's colour, and the legend's entries (every group, before the neighbourhood)."""
    if colour_by is ColorBy.KIND:
        styles = {n: style_of(str(kind or "")) for n, kind in G.nodes(data="kind")}
        entries = {s.label: LegendEntry(s.label, s.label, s.colour, s.shape, 0) for s in styles.values()}
        return {n: s.colour for n, s in styles.items()}, list(entries.values())
    by_community = colour_by is ColorBy.COMMUNITY
    groups = _community_groups(found or []) if by_community else _sector_groups(G, labels)
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


def _community_groups(found: list[Community]) -> list[tuple[str, list[Any]]]:
    big = [(c.name, list(c.members)) for c in found[:12]]
    rest = [m for c in found[12:] for m in c.members]
    return big + ([("", rest)] if rest else [])
