"""Network analysis of a projection, networkx style: plain functions that take the graph first.

==================== =====================================================================
module               what it answers
==================== =====================================================================
``centrality``       who is central: degree, weighted degree, PageRank, betweenness
                     (exact or sampled, with its standard error), closeness, eigenvector
``communities``      which groups exist: Louvain with a fixed seed, modularity, named
``brokerage``        who brokers: Burt's constraint and effective size, Gould-Fernandez roles
``robustness``       single points of failure: articulation points, bridges, fragmentation
``paths``            how two stakeholders are connected, in sentences with sources
``suggestions``      who should meet: Adamic-Adar, resource allocation, common neighbours
``run``              every metric of a projection in one table
``results``          the run as RDF with PROV-O, written back into the store
``report``           metrics.csv, metrics.json, report.md and report.html
``arrays``           the numpy kernels that make the measures fast on large networks
==================== =====================================================================

>>> import networkx as nx
>>> from regiograph.analysis import articulation_points
>>> articulation_points(nx.path_graph(3))
[1]
"""

from __future__ import annotations

from regiograph.analysis.brokerage import (
    ROLES,
    brokerage_roles,
    constraint,
    effective_size,
    roles_by_group,
)
from regiograph.analysis.centrality import (
    BetweennessEstimate,
    betweenness,
    betweenness_estimate,
    closeness,
    degree,
    degree_centrality,
    eigenvector,
    pagerank,
    weighted_degree,
)
from regiograph.analysis.communities import (
    Community,
    communities,
    louvain,
    modularity,
    name_communities,
)
from regiograph.analysis.lookup import find_node, node_label
from regiograph.analysis.paths import Connection, Step, connections, describe_tie, explain
from regiograph.analysis.robustness import (
    Fragmentation,
    articulation_points,
    bridges,
    fragmentation,
    fragmentations,
)
from regiograph.analysis.run import AnalysisResult, GroupBy, run_analysis
from regiograph.analysis.suggestions import Method, Suggestion, suggest
from regiograph.analysis.views import directed, undirected

__all__ = [
    "ROLES",
    "AnalysisResult",
    "BetweennessEstimate",
    "Community",
    "Connection",
    "Fragmentation",
    "GroupBy",
    "Method",
    "Step",
    "Suggestion",
    "articulation_points",
    "betweenness",
    "betweenness_estimate",
    "bridges",
    "brokerage_roles",
    "closeness",
    "communities",
    "connections",
    "constraint",
    "degree",
    "degree_centrality",
    "describe_tie",
    "directed",
    "effective_size",
    "eigenvector",
    "explain",
    "find_node",
    "fragmentation",
    "fragmentations",
    "louvain",
    "modularity",
    "name_communities",
    "node_label",
    "pagerank",
    "roles_by_group",
    "run_analysis",
    "suggest",
    "undirected",
    "weighted_degree",
]
