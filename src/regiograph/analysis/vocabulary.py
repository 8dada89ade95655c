"""The IRIs of the analysis results: the analysis vocabulary (``rga:``, defined in
``ontology/analysis.ttl``), its named graph, and the IRIs minted for runs and queries."""

from __future__ import annotations

from regiograph.namespaces import GRAPH

__all__ = ["ANALYSIS_GRAPH", "METRICS", "QUERY", "RGA", "RUN", "VOCABULARY"]

#: The analysis vocabulary's namespace (prefix ``rga:``) and its ontology IRI.
RGA = "https://w3id.org/regiograph/analysis#"
VOCABULARY = "https://w3id.org/regiograph/analysis"

#: The named graph that holds the analysis results.
ANALYSIS_GRAPH = GRAPH + "analysis"

#: Where runs (and their measurements, communities and algorithms) and queries are minted.
RUN = "https://w3id.org/regiograph/analysis/run/"
QUERY = "https://w3id.org/regiograph/query/"

#: The metrics table's columns and the ``rga:`` properties that hold them.
METRICS: dict[str, str] = {
    "degree": "degree",
    "weighted_degree": "weightedDegree",
    "degree_centrality": "degreeCentrality",
    "pagerank": "pageRank",
    "betweenness": "betweenness",
    "closeness": "closeness",
    "eigenvector": "eigenvectorCentrality",
    "constraint": "constraint",
    "effective_size": "effectiveSize",
    "articulation_point": "articulationPoint",
    "coordinator": "coordinator",
    "itinerant": "itinerant",
    "representative": "representative",
    "gatekeeper": "gatekeeper",
    "liaison": "liaison",
}
