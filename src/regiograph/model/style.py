"""How the views colour and size nodes: by kind (each kind's look is declared in
:mod:`regiograph.model.registry`), by sector or by community, sized by a centrality."""

from __future__ import annotations

from enum import StrEnum

from regiograph.model.registry import Look, look_of

__all__ = [
    "COMMUNITY_COLOURS",
    "ColorBy",
    "SizeBy",
    "community_colour",
    "style_of",
]


#: Colours for communities, in order of community size.
COMMUNITY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
                     "#F0E442", "#7B2D8E", "#6B8E23", "#8C8C8C", "#B8860B", "#444444")


def style_of(kind: str) -> Look:
    """The look of a kind id (place, event and result kinds share their group's look).

    >>> style_of("hospital").colour, style_of("city").label, style_of("unknown").label
    ('#D55E00', 'place', 'other')
    """
    return look_of(kind)


def community_colour(index: int) -> str:
    """The colour of the ``index``-th community (0 = largest), cycling after twelve.

    >>> community_colour(0), community_colour(12)
    ('#0072B2', '#0072B2')
    """
    return COMMUNITY_COLOURS[index % len(COMMUNITY_COLOURS)]


class ColorBy(StrEnum):
    """What the colour of a node says: its kind, its broadest sector or its community."""

    KIND = "kind"
    SECTOR = "sector"
    COMMUNITY = "community"


class SizeBy(StrEnum):
    """The centrality that sizes the nodes."""

    PAGERANK = "pagerank"
    DEGREE = "degree"
    BETWEENNESS = "betweenness"

    @property
    def measure(self) -> str:
        """The name of the measure in a sentence.

        >>> SizeBy.PAGERANK.measure
        'PageRank'
        """
        return {"pagerank": "PageRank", "degree": "degree", "betweenness": "betweenness"}[self.value]
