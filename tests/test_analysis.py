"""The network analysis: every metric on small graphs whose answers are worked out by hand, then
facts of the Leuven network that anyone can check against the data, the results written back as
RDF with PROV-O, and the report folder."""

from __future__ import annotations

import csv
import html
import json
import math
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from regiograph import GraphStore, UsageError
from regiograph.analysis import (
    ROLES,
    articulation_points,
    betweenness,
    bridges,
    brokerage_roles,
    closeness,
    communities,
    connections,
    constraint,
    degree,
    degree_centrality,
    effective_size,
    eigenvector,
    explain,
    find_node,
    fragmentation,
    louvain,
    modularity,
    pagerank,
    roles_by_group,
    run_analysis,
    suggest,
    weighted_degree,
)
from regiograph.analysis import report as report_module
from regiograph.analysis import run as run_module
from regiograph.analysis.projection import Tie, project
from regiograph.analysis.report import analyze, write_report
from regiograph.analysis.results import to_quads, write_back
from regiograph.analysis.vocabulary import ANALYSIS_GRAPH, METRICS, RGA
from regiograph.build import BuildResult, load_ontology
from regiograph.resources import ontology_dir
from regiograph.templates import content_security_policy

# ------------------------------------------------------------------------------------------------
# Small graphs with hand-computed answers
# ------------------------------------------------------------------------------------------------


def _barbell() -> nx.Graph[Any]:
    """Two triangles, 0-1-2 and 3-4-5, joined by the bridge 2-3."""
    return nx.barbell_graph(3, 0)


def test_degree_and_weighted_degree() -> None:
    G = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    assert degree(G) == {"a": 1, "b": 2, "c": 1}  # distinct neighbours, either direction
    assert weighted_degree(G) == {"a": 2.0, "b": 3.0, "c": 1.0}  # every tie counts
    assert degree_centrality(nx.star_graph(3)) == {0: 1.0, 1: 1 / 3, 2: 1 / 3, 3: 1 / 3}


def test_pagerank_by_hand() -> None:
    # cycle: every node alike
    assert all(math.isclose(v, 0.2) for v in pagerank(nx.cycle_graph(5)).values())
    # star 0-{1,2,3}: leaf x = 0.15/4 + 0.85 * c / 3 and c = 1 - 3x  =>  x = 0.048125 / 0.2775
    ranks = pagerank(nx.star_graph(3))
    leaf = 0.048125 / 0.2775
    assert math.isclose(ranks[1], leaf, rel_tol=1e-8)
    assert math.isclose(ranks[0], 1 - 3 * leaf, rel_tol=1e-8)
    # a -> b, and b, without out-arcs, spreads its rank evenly: a = 0.15/2 + 0.85 * b / 2 and
    # a + b = 1, so a = 0.5 / 1.425
    directed = pagerank(nx.DiGraph([("a", "b")]))
    assert math.isclose(directed["a"], 0.5 / 1.425, rel_tol=1e-8)
    assert math.isclose(sum(directed.values()), 1.0)
    assert pagerank(nx.Graph()) == {}


def test_pagerank_uses_weights() -> None:
    G = nx.Graph([("a", "b", {"weight": 3.0}), ("a", "c", {"weight": 1.0})])
    ranks = pagerank(G)
    assert ranks["b"] > ranks["c"]
    assert pagerank(G, weight=None)["b"] == pytest.approx(pagerank(G, weight=None)["c"])


def test_betweenness_exact_and_sampled() -> None:
    path = nx.path_graph(4)
    assert betweenness(path) == {0: 0.0, 1: 2 / 3, 2: 2 / 3, 3: 0.0}
    star = betweenness(nx.star_graph(4))
    assert star[0] == 1.0 and star[1] == 0.0  # every leaf pair meets at the centre
    G = nx.karate_club_graph()
    assert betweenness(G, k=10, seed=3) == betweenness(G, k=10, seed=3)  # a seed repeats
    assert betweenness(G, k=34) == betweenness(G)  # k >= n is exact
    sampled, exact = betweenness(G, k=20, seed=1), betweenness(G)
    assert max(sampled, key=sampled.__getitem__) == max(exact, key=exact.__getitem__) == 0


def test_closeness_by_hand() -> None:
    # path 0-1-2-3: node 0 reaches 1, 2, 3 in 1+2+3 hops, node 1 in 1+1+2
    assert closeness(nx.path_graph(4)) == {0: 0.5, 1: 0.75, 2: 0.75, 3: 0.5}
    G = nx.Graph([("a", "b")])
    G.add_node("c")
    # a reaches 1 of the 2 others in 1 hop: (1/1) * (1/2) by Wasserman and Faust
    assert closeness(G) == {"a": 0.5, "b": 0.5, "c": 0.0}


def test_eigenvector_where_defined() -> None:
    star = eigenvector(nx.star_graph(3))
    assert math.isclose(star[0], 1 / math.sqrt(2), rel_tol=1e-4)
    assert math.isclose(star[1], 1 / math.sqrt(6), rel_tol=1e-4)
    G = nx.complete_graph(3)
    G.add_edge("x", "y")
    values = eigenvector(G)
    assert values["x"] == values["y"] == 0.0  # outside the largest component
    assert all(math.isclose(values[n], 1 / math.sqrt(3), rel_tol=1e-4) for n in range(3))
    assert eigenvector(nx.empty_graph(3)) == {0: 0.0, 1: 0.0, 2: 0.0}


def test_communities_on_two_triangles() -> None:
    G = _barbell()
    assert louvain(G, seed=7) == [{0, 1, 2}, {3, 4, 5}]
    # 3 of 7 edges inside each part, against (7/14)^2 expected: 2 * (3/7 - 1/4) = 5/14
    assert math.isclose(modularity(G, [{0, 1, 2}, {3, 4, 5}]), 5 / 14)
    assert math.isclose(modularity(G, [set(G)]), 0.0, abs_tol=1e-12)
    nx.set_node_attributes(G, {n: f"node {n}" for n in G}, "label")
    named = communities(G)
    assert [(c.name, c.members[0], c.size) for c in named] == [
        ("node 2 & node 0", 2, 3), ("node 3 & node 4", 3, 3)]  # the bridge ends first


def test_louvain_is_repeatable() -> None:
    G = nx.karate_club_graph()
    assert louvain(G, seed=1) == louvain(G, seed=1)


def test_constraint_and_effective_size_by_hand() -> None:
    star = nx.star_graph(3)
    assert constraint(star) == pytest.approx({0: 1 / 3, 1: 1.0, 2: 1.0, 3: 1.0})
    assert effective_size(star) == {0: 3.0, 1: 1.0, 2: 1.0, 3: 1.0}
    triangle = nx.complete_graph(3)
    assert constraint(triangle) == pytest.approx({0: 9 / 8, 1: 9 / 8, 2: 9 / 8})
    assert effective_size(triangle) == {0: 1.0, 1: 1.0, 2: 1.0}
    G = nx.Graph([("a", "b")])
    G.add_node("alone")
    assert "alone" not in constraint(G) and "alone" not in effective_size(G)


def _hand_drawn() -> tuple[nx.DiGraph, dict[str, str]]:
    """Broker b (group A) with in-arcs from a1 (A) and c1 (B), out-arcs to a2 (A), c2 (B), c1
    and d (C), and the arc a1 -> d that closes a1 -> b -> d."""
    G = nx.DiGraph([("a1", "b"), ("c1", "b"), ("b", "a2"), ("b", "c2"), ("b", "c1"), ("b", "d"),
                    ("a1", "d")])
    groups = {"a1": "A", "a2": "A", "b": "A", "c1": "B", "c2": "B", "d": "C"}
    return G, groups


def test_gould_fernandez_roles_on_a_hand_drawn_example() -> None:
    G, groups = _hand_drawn()
    roles = brokerage_roles(G, groups)
    # a1->b->a2 coordinator; c1->b->c2 itinerant; a1->b->c2 and a1->b->c1 representative;
    # c1->b->a2 gatekeeper; c1->b->d liaison; a1->b->d is closed by a1->d; c1->b->c1 is no path
    assert roles["b"] == {"coordinator": 1, "itinerant": 1, "representative": 2,
                          "gatekeeper": 1, "liaison": 1}
    assert all(sum(roles[n].values()) == 0 for n in G if n != "b")
    by_group = roles_by_group(G, roles, groups)
    assert by_group["A"] == roles["b"]
    assert by_group["B"] == by_group["C"] == dict.fromkeys(ROLES, 0)


def test_gould_fernandez_reads_an_undirected_edge_as_two_arcs() -> None:
    G = nx.path_graph(["a", "b", "c"])
    assert brokerage_roles(G, {"a": "X", "b": "Y", "c": "X"})["b"]["itinerant"] == 2
    mixed = brokerage_roles(G, {"a": "X", "b": "X", "c": "Y"})["b"]
    assert (mixed["representative"], mixed["gatekeeper"]) == (1, 1)
    assert brokerage_roles(nx.complete_graph(3), dict.fromkeys(range(3), "X"))[0] == dict.fromkeys(
        ROLES, 0)  # no open two-path in a triangle


def test_gould_fernandez_counts_parallel_arcs_once_and_needs_groups() -> None:
    G = nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, "X", "group")
    assert brokerage_roles(G)["b"]["coordinator"] == 1
    del G.nodes["c"]["group"]
    with pytest.raises(UsageError, match="no group for 1 node"):
        brokerage_roles(G)


def test_robustness_on_two_triangles() -> None:
    G = _barbell()
    assert articulation_points(G) == [2, 3]
    assert bridges(G) == [(2, 3)]
    f = fragmentation(G, 2)
    assert f.pieces == ((3, 4, 5), (0, 1)) and f.falls_apart and f.cut_off == (0, 1)
    assert not fragmentation(G, 0).falls_apart
    assert articulation_points(nx.cycle_graph(4)) == [] and bridges(nx.cycle_graph(4)) == []


def test_suggestions_by_hand_and_never_an_existing_tie() -> None:
    # a-b-c-d-a square plus b-e: a, c share b and d; b, d share a and c
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("b", "e")])
    common = suggest(G, method="common-neighbours")
    assert [(s.source, s.target, s.score) for s in common] == [  # b-d: the higher second index
        ("b", "d", 2.0), ("a", "c", 2.0), ("a", "e", 1.0), ("c", "e", 1.0)]
    assert [s.second for s in common[:2]] == pytest.approx([1.0, 1 / 3 + 1 / 2])
    adamic = {(s.source, s.target): s.score for s in suggest(G)}
    assert adamic[("a", "c")] == pytest.approx(1 / math.log(3) + 1 / math.log(2))
    assert adamic[("b", "d")] == pytest.approx(2 / math.log(2))
    resource = {(s.source, s.target): s.score for s in suggest(G, method="resource-allocation")}
    assert resource[("a", "c")] == pytest.approx(1 / 3 + 1 / 2)
    for s in common:
        assert not G.has_edge(s.source, s.target)
    only_e = suggest(G, "e", top=5)
    assert [(s.source, s.target, s.shared) for s in only_e] == [("e", "a", ("b",)),
                                                              ("e", "c", ("b",))]
    assert only_e[0].reason == "e and a are both tied to b (2 ties)"
    assert len(suggest(G, top=1)) == 1
    with pytest.raises(UsageError, match="choose one of adamic-adar"):
        suggest(G, method="jaccard")


def test_find_node_by_id_label_or_iri_with_did_you_mean() -> None:
    G = nx.Graph()
    G.add_node("ku-leuven", label="KU Leuven", iri="https://w3id.org/regiograph/id/ku-leuven")
    G.add_node("uz-leuven", label="UZ Leuven")
    G.add_node("twin-a", label="Twin")
    G.add_node("twin-b", label="Twin")
    assert find_node(G, "ku-leuven") == find_node(G, "ku leuven") == "ku-leuven"
    assert find_node(G, "https://w3id.org/regiograph/id/ku-leuven") == "ku-leuven"
    with pytest.raises(UsageError, match=r"did you mean 'ku-leuven' \(KU Leuven\)"):
        find_node(G, "KU Lueven")
    with pytest.raises(UsageError, match="names several stakeholders: 'twin-a' \\(Twin\\), 'twin-b'"):
        find_node(G, "twin")
    with pytest.raises(UsageError, match=r"no stakeholder 'zzz' in the graph$"):
        find_node(G, "zzz")


def test_explain_tells_relations_both_ways_with_sources() -> None:
    G = nx.Graph()
    for node, label in [("rega", "Rega"), ("kul", "KUL"), ("ml", "ML"), ("x", "X")]:
        G.add_node(node, label=label)
    G.add_edge("rega", "kul", ties=[Tie("rega", "kul", "org:subOrganizationOf", "part of",
                                        sources=("wiki",), source_titles=("Wiki",))])
    G.add_edge("ml", "kul", ties=[
        Tie("ml", "kul", "rga:sharedPerson", "both linked to P"),
        Tie("ml", "kul", "schema:founder", "founded by", sources=("a", "b"),
            source_titles=("A", "B"))])
    assert explain(G, "ml", "Rega") == [
        "ML was founded by KUL (sources: A; B); KUL includes Rega (source: Wiki)."]
    assert explain(G, "rega", "ml") == [
        "Rega is part of KUL (source: Wiki); KUL founded ML (sources: A; B)."]
    assert explain(G, "rega", "x") == [] and connections(G, "rega", "rega") == []


def test_explain_gives_every_shortest_connection_up_to_a_limit() -> None:
    G = nx.cycle_graph(["a", "b", "c", "d"])
    assert [c.nodes for c in connections(G, "a", "c")] == [("a", "b", "c"), ("a", "d", "c")]
    assert len(explain(G, "a", "c", limit=1)) == 1
    assert explain(G, "a", "c")[0] == "a is linked to b; b is linked to c."


def test_run_analysis_table_on_two_triangles() -> None:
    G = _barbell()
    nx.set_node_attributes(G, {n: "academia" if n < 3 else "industry" for n in G}, "helix")
    result = run_analysis(G, "helix")
    rows = {r["node"]: r for r in result.rows}
    assert rows[2]["articulation_point"] and not rows[0]["articulation_point"]
    assert rows[2]["representative"] == rows[2]["gatekeeper"] == 2  # 0->2->3, 1->2->3 and back
    assert rows[2]["coordinator"] == 0  # 0 and 1 are tied: no open path between them
    assert result.bridges == [(2, 3)] and math.isclose(result.modularity, 5 / 14)
    assert result.summary["components"] == 1 and result.summary["ties"] == 7
    assert result.roles_by_group["academia"]["representative"] == 2
    with pytest.raises(UsageError, match="choose one of kind, sector, helix"):
        run_analysis(G, "colour")


# ------------------------------------------------------------------------------------------------
# The Leuven network
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def organisations(leuven: GraphStore) -> nx.Graph[Any]:
    return project(leuven, "organisations")


def test_leuven_articulation_points_include_ku_leuven(organisations: nx.Graph[Any]) -> None:
    points = articulation_points(organisations)
    assert "ku-leuven" in points and "leuven-mindgate" in points
    # without KU Leuven, its units and its seed fund (with the fund's bank founders) are cut off
    cut_off = set(fragmentation(organisations, "ku-leuven").cut_off)
    assert {"rega-institute", "ku-leuven-research-and-development", "gemma-frisius-fund"} <= cut_off
    assert ("ku-leuven", "rega-institute") in bridges(organisations)


def test_leuven_ku_leuven_is_most_central(organisations: nx.Graph[Any]) -> None:
    for metric in (pagerank(organisations), betweenness(organisations), degree(organisations)):
        assert max(metric, key=metric.__getitem__) == "ku-leuven"


def test_leuven_explain_rega_institute_to_mission_lucidity(organisations: nx.Graph[Any],
                                                          leuven: GraphStore) -> None:
    told = explain(organisations, "rega-institute", "mission-lucidity")
    assert told == [
        "Rega Institute for Medical Research is part of KU Leuven (source: Wikipedia article on "
        "the Rega Institute (offline medicine edition, November 2022)); KU Leuven is a founding "
        "partner of Mission Lucidity (source: Health in the Leuven Innovation Region § Mission "
        "Lucidity: Decoding dementia together)."]
    everything = explain(project(leuven, "stakeholders"), "Rega Institute for Medical Research",
                         "Mission Lucidity")
    assert any("KU Leuven" in sentence for sentence in everything)


@pytest.mark.parametrize("name", ["organisations", "stakeholders", "people-organisations"])
def test_leuven_suggestions_never_propose_an_existing_tie(leuven: GraphStore, name: str) -> None:
    G = nx.Graph(project(leuven, name).to_undirected())
    found = suggest(G, top=1000)
    assert found
    for s in found:
        assert not G.has_edge(s.source, s.target)
        assert s.shared and all(G.has_edge(s.source, z) and G.has_edge(z, s.target)
                                for z in s.shared)


def test_leuven_suggestions_for_one_stakeholder(organisations: nx.Graph[Any]) -> None:
    found = suggest(organisations, "KU Leuven", top=3)
    assert [s.source for s in found] == ["ku-leuven"] * 3
    assert found[0].target == "international-house-leuven"
    assert found[0].reason == ("KU Leuven and International House are both tied to City of "
                               "Leuven and Leuven MindGate (5 ties)")


def test_equal_scores_are_ordered_by_evidence_not_by_name() -> None:
    # z-a and b-a both share x and y: the same score; z-a also shares a sector, so it leads
    G = nx.Graph([("a", "x"), ("a", "y"), ("b", "x"), ("b", "y"), ("z", "x"), ("z", "y")])
    G.nodes["a"]["sectors"] = ["health"]
    G.nodes["z"]["sectors"] = ["health", "media"]
    found = [s for s in suggest(G, method="common-neighbours") if "x" not in (s.source, s.target)]
    assert [(s.source, s.target, s.score, s.sectors) for s in found] == [
        ("a", "z", 2.0, ("health",)), ("a", "b", 2.0, ()), ("b", "z", 2.0, ())]
    assert found[0].reason == "a and z are both tied to x and y (4 ties) and both in health"
    G.edges["z", "x"]["weight"] = 3.0  # z's ties to their shared partners are stronger
    found = [s for s in suggest(G, method="common-neighbours") if "x" not in (s.source, s.target)]
    assert [(s.source, s.target, s.ties_through) for s in found] == [
        ("a", "z", 6.0), ("b", "z", 6.0), ("a", "b", 4.0)]


def test_leuven_top_suggestions_are_told_apart_by_their_evidence(
        organisations: nx.Graph[Any]) -> None:
    """The seed's top ten all score 1.793 (the same five shared partners): the shared sectors
    and the ties through those partners order them, and the reason says so."""
    found = suggest(organisations, top=10)
    assert {round(s.score, 3) for s in found} == {1.793}
    evidence = [(len(s.sectors), s.ties_through) for s in found]
    assert evidence == sorted(evidence, reverse=True)
    assert (found[0].source, found[0].target, found[0].sectors) == (
        "health-house", "leuven-mindgate", ("health",))
    assert found[0].reason.endswith("(13 ties) and both in health")


def test_leuven_typo_gets_a_close_match(organisations: nx.Graph[Any]) -> None:
    with pytest.raises(UsageError, match="did you mean 'rega-institute'"):
        explain(organisations, "rega-insitute", "vib")


def test_leuven_communities_are_named_and_cover_every_node(organisations: nx.Graph[Any]) -> None:
    found = communities(organisations, seed=0)
    assert sorted(n for c in found for n in c.members) == sorted(organisations)
    assert any(c.members[0] == "ku-leuven" and c.name.startswith("KU Leuven") for c in found)


def test_a_community_has_one_name_in_the_report_the_exports_and_the_views(
        organisations: nx.Graph[Any]) -> None:
    from regiograph.publish.export import graph_table
    from regiograph.publish.viewmodel import build_model, styling

    report = {frozenset(c.members): c.name for c in run_analysis(organisations).communities}
    view = {frozenset(c.members): c.name
            for c in styling(organisations, colour_by="community").communities or ()}
    model = build_model(organisations, "Leuven", aggregate_above=10)
    groups = {frozenset(model.nodes[i].id for i in g.members): g.label for g in model.groups}
    exported = {str(n["id"]): n["community_name"] for n in graph_table(organisations).nodes}
    assert view == groups == report
    assert all(exported[m] == name for members, name in report.items() for m in members)
    assert "icometrix & ETRO" in report.values()  # the view called it "icometrix & icovid"


# ------------------------------------------------------------------------------------------------
# Results written back as RDF
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed(leuven_build: BuildResult) -> GraphStore:
    """A private store: the Leuven dataset, the ontology and one analysis run."""
    store = GraphStore()
    store.load(leuven_build.out / "dataset.nq")
    load_ontology(store)
    write_back(store, run_analysis(project(store, "organisations"), "kind"))
    return store


FIVE_MOST_CENTRAL_HOSPITALS = """
PREFIX rga: <https://w3id.org/regiograph/analysis#>
SELECT ?hospital ?pagerank WHERE {
  ?hospital rg:kind kind:hospital .
  ?measurement rga:about ?hospital ; rga:pageRank ?pagerank .
}
ORDER BY DESC(?pagerank)
LIMIT 5
"""


def test_sparql_finds_the_five_most_central_hospitals(analysed: GraphStore) -> None:
    rows = analysed.select(FIVE_MOST_CENTRAL_HOSPITALS)
    assert [r["hospital"].value.rsplit("/", 1)[1] for r in rows] == [
        "uz-leuven", "heilig-hart-leuven", "uz-brussel"]  # the region has three hospitals
    values = [float(r["pagerank"].value) for r in rows]
    assert values == sorted(values, reverse=True)


def test_results_are_in_their_own_graph_with_prov(analysed: GraphStore) -> None:
    assert ANALYSIS_GRAPH in analysed.graphs()
    rows = analysed.select("""
        PREFIX rga: <https://w3id.org/regiograph/analysis#>
        SELECT ?run ?query ?name ?value WHERE { GRAPH ?g {
          ?run a prov:Activity, rga:AnalysisRun ; prov:used ?query ; prov:startedAtTime ?t ;
               rga:algorithm ?algorithm .
          ?algorithm rga:implementation "regiograph.analysis.communities.louvain" ;
                     rga:parameter [ rga:parameterName ?name ; rga:parameterValue ?value ] .
          ?g prov:wasGeneratedBy ?run .
        } } ORDER BY ?query ?name""",
        {"g": ox.NamedNode(ANALYSIS_GRAPH)})
    assert {r["query"].value.rsplit("/", 1)[1] for r in rows} == {"organisations-nodes",
                                                                   "organisations-edges"}
    assert {(r["name"].value, r["value"].value) for r in rows} == {
        ("resolution", "1"), ("seed", "0"), ("weight", "weight")}
    article = analysed.select("""
        PREFIX rga: <https://w3id.org/regiograph/analysis#>
        SELECT ?point WHERE { ?m rga:about ?point ; rga:articulationPoint true ;
                                 prov:wasGeneratedBy ?run } ORDER BY ?point""")
    assert "https://w3id.org/regiograph/id/ku-leuven" in {r["point"].value for r in article}


def test_every_analysis_term_is_defined_in_the_vocabulary(leuven: GraphStore) -> None:
    vocabulary = rdflib.Graph().parse(ontology_dir() / "analysis.ttl", format="turtle")
    G = project(leuven, "organisations")
    used = {term.value for q in to_quads(run_analysis(G)) for term in (q.predicate, q.object)
            if isinstance(term, ox.NamedNode) and term.value.startswith(RGA)}
    used |= {RGA + local for local in METRICS.values()}
    defined = {str(s) for s in vocabulary.subjects() if str(s).startswith(RGA)}
    assert used <= defined
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    owl = rdflib.OWL
    for term in map(rdflib.URIRef, defined):
        assert {label.language for label in vocabulary.objects(term, rdflib.RDFS.label)} >= {
            "en", "nl"}, term
        assert vocabulary.value(term, skos.definition) is not None, term
        assert (term, rdflib.RDFS.isDefinedBy,
                rdflib.URIRef("https://w3id.org/regiograph/analysis")) in vocabulary
        if (term, rdflib.RDF.type, owl.Class) in vocabulary:
            assert str(vocabulary.value(term, rdflib.RDFS.subClassOf)).startswith(
                "http://www.w3.org/ns/prov#"), term
        else:
            assert vocabulary.value(term, rdflib.RDFS.domain) is not None, term
            assert vocabulary.value(term, rdflib.RDFS.range) is not None, term


# ------------------------------------------------------------------------------------------------
# The report folder
# ------------------------------------------------------------------------------------------------


def test_analyze_writes_the_report_folder(leuven_build: BuildResult, tmp_path: Path) -> None:
    store = GraphStore()
    store.load(leuven_build.out / "dataset.nq")
    out = tmp_path / "analysis"
    result = analyze(store, "organisations", "helix", out)
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert names == {"metrics.csv", "metrics.json", "report.md", "report.html", "analysis.trig",
                     "manifest.json", "plots/centrality.png", "plots/degree-distribution.png",
                     "plots/communities.png", "plots/brokerage.png"}
    assert ANALYSIS_GRAPH in store.graphs()  # written back into the store too
    table = list(csv.DictReader((out / "metrics.csv").read_text(encoding="utf-8").splitlines()))
    assert len(table) == result.summary["nodes"] and table[0]["node"] == "ku-leuven"
    assert table[0]["articulation_point"] == "True"
    data = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert data["projection"] == "organisations" and data["group_by"] == "helix"
    assert "ku-leuven" in {p["node"] for p in data["articulation_points"]}
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == names - {"manifest.json"}
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    # the one page builder of every HTML page we write, with its policy
    assert content_security_policy([]) in html.unescape(page) and "rg-skip" in page
    assert page.count('src="data:image/png;base64,') == 4 and "src=\"http" not in page
    assert "KU Leuven" in page and "Rega Institute for Medical Research" in page
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert "![Bar chart of community sizes](plots/communities.png)" in markdown
    # a bridge reads the way its relation does, as a sentence
    assert "| Rega Institute for Medical Research | part of | KU Leuven |" in markdown
    assert "| VIB | initiated by | Flemish Government |" in markdown
    trig = rdflib.Dataset()
    trig.parse(out / "analysis.trig", format="trig")
    assert len(trig.graph(rdflib.URIRef(ANALYSIS_GRAPH))) > 500


def test_analyze_writes_back_the_quads_of_the_report_or_nothing(leuven_build: BuildResult,
                                                                 tmp_path: Path) -> None:
    """The store gets the run's quads as ``to_quads`` makes them, in their graph and in the
    merged default graph; with ``write_back=False`` (the command's store, which ends with it)
    it gets nothing."""
    def fresh() -> GraphStore:
        store = GraphStore()
        store.load(leuven_build.out / "dataset.nq")
        load_ontology(store)  # as projecting adds it
        return store

    kept = fresh()
    before = set(kept.all_quads())
    analyze(kept, "organisations", "helix", tmp_path / "kept", write_back=False)
    assert set(kept.all_quads()) == before and ANALYSIS_GRAPH not in kept.graphs()
    store = fresh()
    result = analyze(store, "organisations", "helix", tmp_path / "added")
    added = set(store.quads(ANALYSIS_GRAPH))
    expected = GraphStore()
    expected.add(to_quads(result))  # the engine keeps a date in its canonical form
    assert added == set(expected.quads(ANALYSIS_GRAPH)) and len(added) > 500
    merged = {(q.subject, q.predicate, q.object) for q in store.all_quads()
              if q.graph_name == ox.DefaultGraph()}
    assert {(q.subject, q.predicate, q.object) for q in added} <= merged


def test_a_large_run_computes_and_writes_beside_itself_the_same(
        leuven: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Betweenness beside the other measures and the RDF and CSV beside the plots (forked
    children above ``ASIDE_ABOVE`` nodes) give the run and the files of one process."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    G = project(leuven, "organisations")
    files = {}
    for aside, folder in ((10**9, tmp_path / "alone"), (0, tmp_path / "beside")):
        monkeypatch.setattr(run_module, "ASIDE_ABOVE", aside)
        monkeypatch.setattr(report_module, "ASIDE_ABOVE", aside)
        result = run_analysis(G)
        write_report(folder, result)
        files[aside] = {p.relative_to(folder).as_posix(): p.read_bytes()
                        for p in folder.rglob("*") if p.is_file()}
    assert files[0] == files[10**9] and "analysis.trig" in files[0]
    write_report(tmp_path / "quads", result, to_quads(result))  # quads given: the same TriG
    assert (tmp_path / "quads" / "analysis.trig").read_bytes() == files[0]["analysis.trig"]


def test_report_escapes_every_label(tmp_path: Path) -> None:
    G = nx.path_graph(["a", "b", "c"])
    evil = '<script>alert("x")</script> | $x^2$ *bold*'
    nx.set_node_attributes(G, {"a": evil, "b": "B & Co", "c": "C"}, "label")
    nx.set_node_attributes(G, "other", "helix")
    G.graph.update(projection="tiny", queries=["projection/tiny-nodes"])
    write_report(tmp_path, run_analysis(G))
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "B &amp; Co" in page
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and r"\<script\>" in markdown and r"\| \$x^2\$" in markdown


def test_analyze_refuses_to_replace_a_folder_of_other_files(leuven: GraphStore,
                                                            tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not a regiograph output folder"):
        analyze(leuven, "organisations", "kind", tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"
