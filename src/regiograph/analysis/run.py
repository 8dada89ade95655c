"""One analysis run: every metric of a projection, in one table of nodes, with the algorithms and
parameters used (for the report and for the provenance written back into the store)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import networkx as nx

from regiograph.analysis import brokerage, centrality, robustness
from regiograph.analysis.communities import Community, modularity
from regiograph.analysis.metrics import SAMPLE_ABOVE, SAMPLES, Measures
from regiograph.analysis.robustness import Fragmentation
from regiograph.analysis.suggestions import Method, Suggestion, suggest
from regiograph.bounded import beside
from regiograph.errors import UsageError

__all__ = ["ASIDE_ABOVE", "COLUMNS", "AlgorithmUse", "AnalysisResult", "GroupBy", "Value", "run_analysis"]

Value = str | int | float | bool | None

#: The columns of the metrics table, in order.
COLUMNS = ("node", "label", "kind", "helix", "sector_group", "sectors", "group", "iri",
           "degree", "weighted_degree", "degree_centrality", "pagerank", "betweenness",
           "closeness", "eigenvector", "constraint", "effective_size", "community",
           "community_name", "articulation_point", *brokerage.ROLES, "brokerage")


class GroupBy(StrEnum):
    """The node attribute whose values are the groups of the brokerage roles."""

    KIND = "kind"
    SECTOR = "sector"
    HELIX = "helix"

    @property
    def attribute(self) -> str:
        """The node attribute the projection stores the group in."""
        return "sector_group" if self is GroupBy.SECTOR else self.value

    @classmethod
    def parse(cls, name: str | GroupBy) -> GroupBy:
        """The grouping called ``name``; a :class:`UsageError` names the choices otherwise.

        >>> GroupBy.parse("sector").attribute
        'sector_group'
        """
        try:
            return cls(name)
        except ValueError:
            choices = ", ".join(g.value for g in cls)
            raise UsageError(f"unknown grouping {name!r}; choose one of {choices}") from None


@dataclass(frozen=True)
class AlgorithmUse:
    """An algorithm as the run applied it: ``key`` names it in IRIs, ``metrics`` are the columns
    it fills, ``parameters`` its arguments."""

    key: str
    name: str
    implementation: str
    metrics: tuple[str, ...]
    parameters: tuple[tuple[str, Value], ...] = ()


@dataclass
class AnalysisResult:
    """Everything one run found. ``rows`` has one dict per node, with the :data:`COLUMNS`, most
    central (PageRank) first."""

    projection: str
    group_by: GroupBy
    graph: nx.Graph[Any]
    rows: list[dict[str, Value]]
    communities: list[Community]
    modularity: float
    articulation_points: list[Any]
    fragmentations: list[Fragmentation]
    bridges: list[tuple[Any, Any]]
    roles_by_group: dict[str, dict[str, int]]
    suggestions: list[Suggestion]
    algorithms: list[AlgorithmUse]
    queries: tuple[str, ...]
    started: datetime
    ended: datetime
    summary: dict[str, Value] = field(default_factory=dict)


def run_analysis(G: nx.Graph[Any], group_by: GroupBy | str = GroupBy.HELIX, seed: int = 0,
                 sample_above: int = SAMPLE_ABOVE, samples: int = SAMPLES, top: int = 10,
                 progress: Callable[[str], None] | None = None) -> AnalysisResult:
    """Compute every metric of the projection ``G`` (see :func:`regiograph.analysis.projection.project`).

    Betweenness is exact up to ``sample_above`` nodes and estimated from ``samples`` sources
    beyond; Louvain and the sample use ``seed``; ``top`` suggestions are kept.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> nx.set_node_attributes(G, "other", "helix")
    >>> result = run_analysis(G)
    >>> result.articulation_points, [c.size for c in result.communities]
    ([2, 3], [3, 3])
    >>> result.rows[0]["node"], result.rows[0]["articulation_point"]
    (2, True)
    """
    grouping = GroupBy.parse(group_by)
    say = progress or (lambda _step: None)
    started = _now()
    measures = Measures(G, seed, sample_above, samples)
    H = measures.graph
    with beside(lambda: measures.betweenness_estimate, "betweenness",
                fork=H.number_of_nodes() > ASIDE_ABOVE) as sampled:
        say("degree, PageRank, closeness and eigenvector")
        columns = _centralities(measures)
        say("communities")
        found = measures.communities
        quality = modularity(H, [c.members for c in found])
        say("brokerage")
        roles = brokerage.brokerage_roles(G, grouping.attribute)
        columns["constraint"] = brokerage.constraint(H, weight="weight")
        columns["effective_size"] = brokerage.effective_size(H, weight="weight")
        say("robustness")
        points = measures.articulation_points
        say("suggestions")
        suggestions = suggest(H, top=top, method=Method.ADAMIC_ADAR)
        sample = measures.samples if H.number_of_nodes() > measures.sample_above else None
        say("betweenness" + (f" (sampled, k={sample})" if sample else ""))
        estimate = sampled()
    columns["betweenness"] = estimate.values
    uses = _uses(seed, sample, estimate) + _later_uses(seed, grouping, top)
    rows = _rows(H, grouping, columns, found, set(points), roles)
    return AnalysisResult(
        projection=str(G.graph.get("projection", "")), group_by=grouping, graph=H, rows=rows,
        communities=found, modularity=quality, articulation_points=points,
        fragmentations=robustness.fragmentations(H, points),
        bridges=robustness.bridges(H),
        roles_by_group={str(k): v for k, v in brokerage.roles_by_group(
            G, roles, grouping.attribute).items()},
        suggestions=suggestions, algorithms=uses, queries=tuple(G.graph.get("queries", ())),
        started=started, ended=_now(), summary=_summary(H, found, quality))


#: Networks of more nodes compute betweenness beside the other measures, and the report writes
#: its RDF beside its plots, each in a forked child on the machine's other core (1.2 s of 3 and
#: 0.7 s of 1.5 at 7,000 nodes); for smaller ones a fork costs more than it saves.
ASIDE_ABOVE = 2000


def _now() -> datetime:
    """The time to record for a run: ``SOURCE_DATE_EPOCH`` when set, so that a reproducible build
    (reproducible-builds.org) gives the same bytes twice; the clock otherwise."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return datetime.now(UTC)
    try:  # the specification asks to fail on a malformed value rather than use the clock
        if not epoch.isascii() or not epoch.isdigit():
            raise ValueError(epoch)
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a time: set it to a number of "
                         "seconds since 1970-01-01 UTC, such as 1700000000, or unset it") from None


def _centralities(measures: Measures) -> dict[str, dict[Any, Any]]:
    """Every centrality but betweenness (computed beside them)."""
    H = measures.graph
    return {"degree": measures.degree, "weighted_degree": measures.weighted_degree,
            "degree_centrality": centrality.degree_centrality(H), "pagerank": measures.pagerank,
            "closeness": centrality.closeness(H), "eigenvector": centrality.eigenvector(H)}


def _uses(seed: int, k: int | None,
          estimate: centrality.BetweennessEstimate) -> list[AlgorithmUse]:
    return [
        AlgorithmUse("degree", "Degree", "regiograph.analysis.centrality.degree",
                     ("degree", "degree_centrality")),
        AlgorithmUse("weighted-degree", "Weighted degree",
                     "regiograph.analysis.centrality.weighted_degree", ("weighted_degree",),
                     (("weight", "weight"),)),
        AlgorithmUse("pagerank", "PageRank", "regiograph.analysis.centrality.pagerank",
                     ("pagerank",), (("alpha", 0.85), ("weight", "weight"), ("tol", 1.0e-10))),
        AlgorithmUse("betweenness", "Betweenness centrality",
                     "regiograph.analysis.centrality.betweenness", ("betweenness",),
                     (("k", k), ("normalized", True), ("seed", seed),
                      *_sampling_error(estimate))),
        AlgorithmUse("closeness", "Closeness centrality", "regiograph.analysis.centrality.closeness",
                     ("closeness",), (("wf_improved", True),)),
        AlgorithmUse("eigenvector", "Eigenvector centrality",
                     "regiograph.analysis.centrality.eigenvector",
                     ("eigenvector",), (("weight", "weight"),
                                        ("scope", "largest connected component"))),
    ]


def _sampling_error(estimate: centrality.BetweennessEstimate) -> tuple[tuple[str, Value], ...]:
    """The error of a sampled betweenness, as parameters of its use: the largest standard error
    of any node, and that as a share of the largest value (none for an exact value)."""
    if estimate.k is None:
        return ()
    return (("standard_error", _stable(estimate.max_error)),
            ("relative_error", _stable(estimate.relative_error)))


def _later_uses(seed: int, grouping: GroupBy, top: int) -> list[AlgorithmUse]:
    return [
        AlgorithmUse("louvain", "Louvain communities", "regiograph.analysis.communities.louvain",
                     ("community", "community_name"),
                     (("seed", seed), ("resolution", 1.0), ("weight", "weight"))),
        AlgorithmUse("constraint", "Burt's constraint", "regiograph.analysis.brokerage.constraint",
                     ("constraint",), (("weight", "weight"),)),
        AlgorithmUse("effective-size", "Burt's effective size",
                     "regiograph.analysis.brokerage.effective_size", ("effective_size",),
                     (("weight", "weight"),)),
        AlgorithmUse("brokerage", "Gould-Fernandez brokerage roles",
                     "regiograph.analysis.brokerage.brokerage_roles",
                     (*brokerage.ROLES, "brokerage"), (("group_by", grouping.value),)),
        AlgorithmUse("articulation-points", "Articulation points", "networkx.articulation_points",
                     ("articulation_point",)),
        AlgorithmUse("suggestions", "Adamic-Adar link prediction",
                     "regiograph.analysis.suggestions.suggest", (),
                     (("method", Method.ADAMIC_ADAR.value), ("top", top))),
    ]


def _rows(H: nx.Graph[Any], grouping: GroupBy, columns: dict[str, dict[Any, Any]],
          found: list[Community], points: set[Any],
          roles: dict[Any, dict[str, int]]) -> list[dict[str, Value]]:
    community_of = {n: c for c in found for n in c.members}
    rows = []
    for node, data in H.nodes(data=True):
        row: dict[str, Value] = {
            "node": node, "label": str(data.get("label", node)), "kind": data.get("kind"),
            "helix": data.get("helix"), "sector_group": data.get("sector_group"),
            "sectors": " ".join(data.get("sectors", [])),
            "group": str(data.get(grouping.attribute)), "iri": data.get("iri")}
        # 12 significant digits: sums over sets vary in their last bits from run to run
        row.update({name: _stable(values.get(node)) for name, values in columns.items()})
        community = community_of.get(node)
        row.update(community=community.index if community else None,
                   community_name=community.name if community else None,
                   articulation_point=node in points)
        counts = roles.get(node, {})
        row.update({role: counts.get(role, 0) for role in brokerage.ROLES})
        row["brokerage"] = sum(counts.values())
        rows.append({c: row.get(c) for c in COLUMNS})
    rows.sort(key=lambda r: (-float(r["pagerank"] or 0.0), str(r["label"])))
    return rows


def _stable(value: Any) -> Any:
    return float(f"{value:.12g}") if isinstance(value, float) else value


def _summary(H: nx.Graph[Any], found: list[Community], quality: float) -> dict[str, Value]:
    parts = list(nx.connected_components(H)) if H.number_of_nodes() else []
    return {"nodes": H.number_of_nodes(), "edges": H.number_of_edges(),
            "ties": int(sum(w for _u, _v, w in H.edges(data="weight", default=1.0))),
            "density": nx.density(H) if H.number_of_nodes() > 1 else 0.0,
            "components": len(parts), "largest_component": max(map(len, parts), default=0),
            "isolates": nx.number_of_isolates(H), "communities": len(found),
            "modularity": quality}
