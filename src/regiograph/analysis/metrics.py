"""The measures of one network that the analysis, the exports and the views share.

Each is computed once, on first use, on the network read as a simple undirected graph
(:func:`~regiograph.analysis.views.undirected`), with the same parameters wherever it is shown:
the size of a node in a view, its column in ``metrics.csv`` and its attribute in a Gephi export
are the same number, and a community has the same name in the report and in a view.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import networkx as nx

from regiograph.analysis.centrality import (
    BetweennessEstimate,
    betweenness_estimate,
    degree,
    pagerank,
    weighted_degree,
)
from regiograph.analysis.communities import Community, communities
from regiograph.analysis.robustness import articulation_points
from regiograph.analysis.views import undirected

__all__ = ["SAMPLES", "SAMPLE_ABOVE", "Measures"]

#: Betweenness is exact up to this many nodes (about 4 s at 5,000 nodes) and estimated from
#: :data:`SAMPLES` sources beyond (about 3 s at 25,000 nodes, with the error stated by the run;
#: see docs/analysis.md for the error against exact values).
SAMPLE_ABOVE = 5000
SAMPLES = 1000


class Measures:
    """The shared measures of the network ``G``, each computed when first asked for.

    ``seed`` seeds Louvain and the betweenness sample; betweenness is exact up to
    ``sample_above`` nodes and estimated from ``samples`` sources beyond.

    Examples
    --------
    >>> m = Measures(nx.barbell_graph(3, 0))
    >>> m.degree[2], round(m.pagerank[2], 3), m.articulation_points
    (3, 0.208, [2, 3])
    >>> [(c.name, c.size) for c in m.communities]
    [('2 & 0', 3), ('3 & 4', 3)]
    """

    def __init__(self, G: nx.Graph[Any], seed: int = 0, sample_above: int = SAMPLE_ABOVE,
                 samples: int = SAMPLES) -> None:
        self.graph = undirected(G)
        self.seed = seed
        self.sample_above = sample_above
        self.samples = samples

    @cached_property
    def degree(self) -> dict[Any, int]:
        """The number of neighbours of each node."""
        return degree(self.graph)

    @cached_property
    def weighted_degree(self) -> dict[Any, float]:
        """The number of ties of each node (the summed weights of its edges)."""
        return weighted_degree(self.graph)

    @cached_property
    def pagerank(self) -> dict[Any, float]:
        """PageRank over the weighted ties (alpha 0.85)."""
        return pagerank(self.graph)

    @cached_property
    def betweenness_estimate(self) -> BetweennessEstimate:
        """Betweenness, exact or sampled (see the class), with its standard error."""
        k = self.samples if self.graph.number_of_nodes() > self.sample_above else None
        return betweenness_estimate(self.graph, k=k, seed=self.seed)

    @property
    def betweenness(self) -> dict[Any, float]:
        """Normalised betweenness of each node."""
        return self.betweenness_estimate.values

    @cached_property
    def communities(self) -> list[Community]:
        """Seeded Louvain communities, largest first, each named after its two most central
        members (by PageRank)."""
        return communities(self.graph, seed=self.seed, centrality=self.pagerank)

    @cached_property
    def community_of(self) -> dict[Any, Community]:
        """The community of each node."""
        return {node: c for c in self.communities for node in c.members}

    @cached_property
    def articulation_points(self) -> list[Any]:
        """The nodes whose removal splits their component."""
        return articulation_points(self.graph)
