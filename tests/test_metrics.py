"""One set of measures (regiograph.analysis.metrics.Measures) behind the analysis, the exports
and the views: the same PageRank, betweenness and community names wherever they are shown."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from regiograph import GraphStore
from regiograph.analysis.projection import project
from regiograph.analysis.run import run_analysis
from regiograph.publish.export.table import _metrics
from regiograph.publish.viewmodel import styling


@pytest.fixture(scope="module")
def network(region: GraphStore) -> nx.Graph[Any]:
    return project(region, "organisations")


def test_communities_have_one_name_in_the_report_the_view_and_the_export(
        network: nx.Graph[Any]) -> None:
    report = {c.index: c.name for c in run_analysis(network).communities}
    view = {c.index: c.name for c in styling(network, colour_by="community").communities or ()}
    exported = {i: n for i, n in zip(_metrics(network)["community"].values(),
                                     _metrics(network)["community_name"].values(), strict=True)}
    assert report == view == exported and len(report) > 5


def test_a_view_sizes_nodes_by_the_pagerank_and_betweenness_of_the_analysis(
        network: nx.Graph[Any]) -> None:
    rows = {r["node"]: r for r in run_analysis(network).rows}
    for size_by in ("pagerank", "betweenness"):
        metric = styling(network, size_by=size_by).metric
        assert all(abs(metric[n] - float(rows[n][size_by] or 0)) < 1e-9 for n in network)
