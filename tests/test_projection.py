"""Projections of the built Leuven graph onto NetworkX graphs: what becomes a node, what becomes
an edge, and what each keeps (IRI, label, kind, sectors, helix; relation, label, sources,
weight)."""

from __future__ import annotations

import re
from typing import Any

import networkx as nx
import pytest

from regiograph import GraphStore, UsageError
from regiograph.analysis.projection import Projection, Tie, direction, project
from regiograph.model.registry import HELIX, helix_of
from regiograph.namespaces import ID
from regiograph.queries.files import read_query
from regiograph.resources import queries_dir


@pytest.fixture(scope="module")
def organisations(leuven: GraphStore) -> nx.Graph[Any]:
    return project(leuven, "organisations")


@pytest.fixture(scope="module")
def stakeholders(leuven: GraphStore) -> nx.Graph[Any]:
    return project(leuven, Projection.STAKEHOLDERS)


@pytest.fixture(scope="module")
def people(leuven: GraphStore) -> nx.Graph[Any]:
    return project(leuven, "people-organisations")


def _ids(store: GraphStore, sparql: str) -> set[str]:
    return {row["x"].value.removeprefix(ID) for row in store.select(sparql)}


def test_graph_types(organisations: nx.Graph[Any], stakeholders: nx.Graph[Any],
                     people: nx.Graph[Any]) -> None:
    assert type(organisations) is nx.Graph
    assert type(stakeholders) is nx.MultiDiGraph
    assert type(people) is nx.Graph
    assert organisations.graph["projection"] == "organisations"
    assert organisations.graph["queries"] == ["projection/organisations-nodes",
                                              "projection/organisations-edges"]


def test_organisation_nodes_are_exactly_the_organisations_and_initiatives(
        leuven: GraphStore, organisations: nx.Graph[Any]) -> None:
    expected = _ids(leuven, """SELECT DISTINCT ?x WHERE {
        ?x rg:kind/skos:broader kind:organisation-kind }""")
    assert set(organisations) == expected
    assert {"ku-leuven", "mission-lucidity", "icovid", "international-leuvenaars"} <= expected


def test_stakeholder_nodes_never_include_literals_classes_sources_or_results(
        leuven: GraphStore, stakeholders: nx.Graph[Any]) -> None:
    people = _ids(leuven, "SELECT DISTINCT ?x WHERE { ?x a rg:Person }")
    places = _ids(leuven, "SELECT DISTINCT ?x WHERE { ?x rg:kind/skos:broader kind:place-kind }")
    assert people <= set(stakeholders) and places <= set(stakeholders)
    for node, data in stakeholders.nodes(data=True):
        assert data["iri"] == ID + node
    for excluded in ("tenofovir", "health-page", "founding-partner", "health", "dementia"):
        assert excluded not in stakeholders


def test_every_node_keeps_iri_label_kind_sectors_and_helix(organisations: nx.Graph[Any]) -> None:
    ku = organisations.nodes["ku-leuven"]
    assert ku == {"iri": ID + "ku-leuven", "label": "KU Leuven", "kind": "university",
                  "sectors": ["health", "higher-education", "life-sciences"],
                  "sector_group": "health", "helix": "academia"}
    helices = {n: organisations.nodes[n]["helix"] for n in
               ("uz-leuven", "kbc", "gemma-frisius-fund", "city-of-leuven", "leuven-mindgate",
                "rega-institute", "mission-lucidity")}
    assert helices == {"uz-leuven": "academia", "kbc": "industry",
                       "gemma-frisius-fund": "industry", "city-of-leuven": "government",
                       "leuven-mindgate": "other", "rega-institute": "academia",
                       "mission-lucidity": "other"}
    assert organisations.nodes["imec"]["sector_group"] == "health"  # health-tech is under health
    assert organisations.nodes["newsweek"]["sector_group"] == "creativity"


def test_helix_mapping() -> None:
    assert helix_of("hospital") == "academia"
    assert helix_of("organisational-unit") == "academia"
    assert helix_of("service-centre") == "other"
    assert set(HELIX.values()) == {"academia", "industry", "government"}


def test_edges_keep_relation_label_sources_and_weight(organisations: nx.Graph[Any]) -> None:
    part_of = organisations.edges["rega-institute", "ku-leuven"]
    assert part_of["relation"] == "org:subOrganizationOf"
    assert part_of["label"] == "part of"
    assert part_of["sources"] == ["kiwix-rega-institute"]
    assert part_of["source_titles"][0].startswith("Wikipedia article on the Rega Institute")
    assert part_of["weight"] == 1.0
    mission = organisations.edges["ku-leuven", "mission-lucidity"]
    assert mission["weight"] == 2.0  # a founding partner, and a founder
    assert mission["relation"] == "org:memberOf, schema:founder"
    # the label reads one way: Mission Lucidity was founded by, and has as founding partner, KU
    # Leuven (the founding leads: a structural tie before a membership)
    assert direction("ku-leuven", "mission-lucidity", mission) == ("mission-lucidity", "ku-leuven")
    assert mission["label"] == "founded by; has founding partner"
    assert mission["sources"] == ["health-page#mission-lucidity", "vib-blog-mission-lucidity"]


def test_weight_is_the_number_of_ties(organisations: nx.Graph[Any]) -> None:
    for _u, _v, data in organisations.edges(data=True):
        assert data["weight"] == len(data["ties"]) >= 1
        for tie in data["ties"]:
            assert isinstance(tie, Tie) and tie.sources and tie.source_titles


def test_organisations_linked_through_a_shared_organisation(organisations: nx.Graph[Any]) -> None:
    ties = organisations.edges["kbc", "bnp-paribas"]["ties"]
    assert [(t.relation, t.via, t.label) for t in ties] == [
        ("rga:sharedOrganisation", "gemma-frisius-fund", "both in Gemma Frisius Fund")]
    assert ties[0].sources == ("guv-debackere-2018",)


def test_organisations_linked_through_a_shared_person(organisations: nx.Graph[Any]) -> None:
    # Désiré Collen is a professor at KU Leuven and the founder of Oxurion
    ties = organisations.edges["ku-leuven", "oxurion"]["ties"]
    assert ("rga:sharedPerson", "desire-collen") in {(t.relation, t.via) for t in ties}


def test_stakeholder_edges_are_directed_and_typed(stakeholders: nx.Graph[Any]) -> None:
    spin_off = stakeholders.get_edge_data("imec", "ku-leuven")
    assert spin_off is not None and "rg:spinOffOf" in spin_off
    assert spin_off["rg:spinOffOf"]["label"] == "spin-off of"
    assert stakeholders.get_edge_data("ku-leuven", "imec") is None
    partner = stakeholders.edges["ku-leuven", "mission-lucidity",
                                 "org:memberOf/founding-partner"]
    assert partner["label"] == "founding partner of"
    assert stakeholders.has_edge("rega-institute", "leuven", "rg:basedIn")
    relations = {d["relation"] for _u, _v, d in stakeholders.edges(data=True)}
    assert {"rg:nationality", "rg:namedAfter", "org:hasSite", "rg:businessPartnerOf"} <= relations
    assert "org:hasMember" not in relations  # the inverse shortcut would count memberships twice


def test_people_organisations_is_bipartite(people: nx.Graph[Any]) -> None:
    assert nx.is_bipartite(people)
    for u, v in people.edges():
        assert {people.nodes[u]["bipartite"], people.nodes[v]["bipartite"]} == {0, 1}
    assert people.nodes["desire-collen"]["bipartite"] == 0
    assert {"ku-leuven", "oxurion"} <= set(people["desire-collen"])
    founder = people.edges["desire-collen", "oxurion"]  # his role, and the founding itself
    assert direction("desire-collen", "oxurion", founder) == ("oxurion", "desire-collen")
    assert (founder["label"], founder["weight"]) == ("founded by; has founder", 2.0)


@pytest.mark.parametrize("name", ["organisations", "people-organisations"])
def test_an_undirected_edge_reads_one_way_from_its_leading_tie(leuven: GraphStore,
                                                                name: str) -> None:
    """Every tie of an edge is read from the same end: its own label from its subject, its
    inverse label from its object; a symmetric tie ("both in ...") reads alike both ways."""
    G = project(leuven, name)
    reversed_ties = 0
    for u, v, data in G.edges(data=True):
        source, target = direction(u, v, data)
        parts = data["label"].split("; ")
        for tie in data["ties"]:
            assert {tie.subject, tie.object} == {source, target}
            expected = tie.label if tie.subject == source else tie.inverse
            assert expected in parts and expected
            reversed_ties += tie.subject != source and not tie.symmetric
    assert reversed_ties > 0  # some pairs have ties both ways: those read by their inverse
    if name == "organisations":
        part_of = G.edges["ku-leuven", "rega-institute"]
        assert direction("ku-leuven", "rega-institute", part_of) == ("rega-institute", "ku-leuven")


def test_unknown_projection_is_a_usage_error(leuven: GraphStore) -> None:
    with pytest.raises(UsageError, match="choose one of stakeholders, organisations"):
        project(leuven, "companies")


def test_project_loads_the_ontology_when_missing(leuven_build: object) -> None:
    store = GraphStore()
    store.load(leuven_build.out / "dataset.nq")  # type: ignore[attr-defined]
    assert "ku-leuven" in project(store, "organisations")


@pytest.mark.parametrize("path", sorted((queries_dir() / "projection").glob("*.rq")),
                         ids=lambda p: p.stem)
def test_projection_queries_follow_the_library_conventions(path: object) -> None:
    query = read_query(path, queries_dir())  # type: ignore[arg-type]
    assert query.name.startswith("projection/")
    assert query.summary and query.description and "projection" in query.tags
    assert "ORDER BY" in query.text
    assert re.search(r"^PREFIX rg: ", query.text, re.MULTILINE)
    select = query.text[query.text.index("SELECT"):query.text.index("WHERE")]
    for variable in re.findall(r"\?(\w+)", select):
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", variable), variable
    assert {p.value for p in Projection} == {
        q.stem.rsplit("-", 1)[0] for q in (queries_dir() / "projection").glob("*.rq")}
