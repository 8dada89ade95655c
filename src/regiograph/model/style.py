"""How each kind of stakeholder looks, the same in every view and export: colour, shape and the
legend label. Colours come from the Okabe-Ito palette and its extensions, chosen to stay apart
for the common kinds of colour blindness."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "COMMUNITY_COLOURS",
    "KIND_STYLES",
    "ColorBy",
    "KindStyle",
    "SizeBy",
    "community_colour",
    "style_of",
]


@dataclass(frozen=True)
class KindStyle:
    """The look of one kind: hex colour, vis-network shape and the legend's label."""

    colour: str
    shape: str
    label: str


KIND_STYLES: dict[str, KindStyle] = {
    "university": KindStyle("#0072B2", "dot", "university"),
    "research-institute": KindStyle("#56B4E9", "dot", "research institute"),
    "organisational-unit": KindStyle("#9AD0EC", "dot", "organisational unit"),
    "hospital": KindStyle("#D55E00", "dot", "hospital"),
    "company": KindStyle("#E69F00", "dot", "company"),
    "fund": KindStyle("#F0E442", "diamond", "fund"),
    "government-body": KindStyle("#009E73", "square", "government body"),
    "network-organisation": KindStyle("#CC79A7", "hexagon", "network organisation"),
    "service-centre": KindStyle("#B07AA1", "hexagon", "service centre or platform"),
    "media-organisation": KindStyle("#8C8C8C", "dot", "media organisation"),
    "incubator": KindStyle("#882255", "dot", "incubator"),
    "collaboration": KindStyle("#7B2D8E", "star", "collaboration"),
    "initiative": KindStyle("#A56CC1", "star", "initiative"),
    "person": KindStyle("#444444", "triangle", "person"),
    "place": KindStyle("#6B8E23", "square", "place"),
    "result": KindStyle("#B8860B", "triangleDown", "landmark result"),
}
_OTHER = KindStyle("#999999", "dot", "other")
_PLACE_KINDS = {"country", "region", "province", "city", "district", "site", "facility"}
_RESULT_KINDS = {"drug", "vaccine", "medical-device", "scientific-advance"}

#: Colours for communities, in order of community size.
COMMUNITY_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
                     "#F0E442", "#7B2D8E", "#6B8E23", "#8C8C8C", "#B8860B", "#444444")


def style_of(kind: str) -> KindStyle:
    """The style of a kind id (place and result kinds share their group's style).

    >>> style_of("hospital").colour, style_of("city").label, style_of("unknown").label
    ('#D55E00', 'place', 'other')
    """
    if kind in _PLACE_KINDS:
        return KIND_STYLES["place"]
    if kind in _RESULT_KINDS:
        return KIND_STYLES["result"]
    return KIND_STYLES.get(kind, _OTHER)


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
