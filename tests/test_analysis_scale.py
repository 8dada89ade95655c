"""The fast analyses against networkx's own: the numpy kernels of ``regiograph.analysis.arrays``
and the integer Louvain give networkx's answers (the same communities, the same values up to the
order of floating-point sums) on random graphs, hubs and disconnected pieces; and each runs in
about a second on a 25,000-node network (see docs/analysis.md)."""

from __future__ import annotations

import math
import random
from typing import Any

import networkx as nx
import pytest

from regiograph.analysis import (
    betweenness,
    bridges,
    brokerage_roles,
    closeness,
    constraint,
    effective_size,
    eigenvector,
    fragmentation,
    louvain,
    pagerank,
    run_analysis,
    suggest,
)
from regiograph.analysis import suggestions as suggestions_module
from regiograph.analysis.brokerage import _role
from regiograph.analysis.centrality import betweenness_estimate
from regiograph.analysis.robustness import fragmentations
from regiograph.analysis.suggestions import Method, _candidates, _rank, _suggestion
from regiograph.analysis.views import directed


def _graphs() -> list[nx.Graph[Any]]:
    """Random weighted graphs with hubs, isolated nodes and several components."""
    graphs = []
    for seed in range(4):
        rng = random.Random(seed)
        G = nx.barabasi_albert_graph(150, 2, seed=seed)  # hubs
        G = nx.union(G, nx.gnm_random_graph(60, 70, seed=seed), rename=("a", "b"))
        G.add_nodes_from(["alone", "also alone"])
        for u, v in G.edges():
            G[u][v]["weight"] = float(rng.choice([1, 1, 2, 3]))
        graphs.append(G)
    graphs.append(nx.les_miserables_graph())
    graphs.append(nx.karate_club_graph())
    return graphs


GRAPHS = _graphs()


def _close(a: dict[Any, float], b: dict[Any, float], tol: float = 1e-12) -> bool:
    return a.keys() == b.keys() and all(
        math.isclose(a[n], b[n], rel_tol=tol, abs_tol=tol) or (math.isnan(a[n]) and math.isnan(b[n]))
        for n in a)


@pytest.mark.parametrize("G", GRAPHS)
def test_pagerank_is_networkx_reference(G: nx.Graph[Any]) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    expected = _pagerank_python(G, alpha=0.85, tol=1e-10, max_iter=1000, weight="weight")
    assert _close(pagerank(G), expected)


@pytest.mark.parametrize("G", GRAPHS)
def test_betweenness_is_networkx_exact_and_sampled(G: nx.Graph[Any]) -> None:
    assert _close(betweenness(G), nx.betweenness_centrality(G))
    for k in (k for k in (1, 7, 40) if k < len(G)):
        assert _close(betweenness(G, k=k, seed=3), nx.betweenness_centrality(G, k=k, seed=3))
    assert _close(betweenness(G, normalized=False), nx.betweenness_centrality(G, normalized=False))


def test_betweenness_standard_error_covers_the_exact_value() -> None:
    G = nx.barabasi_albert_graph(600, 3, seed=1)
    exact = betweenness(G)
    estimate = betweenness_estimate(G, k=150, seed=0)
    assert estimate.k == 150 and len(estimate.sources) == 150
    assert 0 < estimate.relative_error < 0.2
    top = sorted(G, key=lambda n: -exact[n])[:20]
    assert all(abs(estimate.values[n] - exact[n]) <= 3 * estimate.standard_error[n] for n in top)
    worst = max(abs(estimate.values[n] - exact[n]) for n in G) / max(exact.values())
    assert worst < 2 * estimate.relative_error  # the stated error is the size of the real one
    assert betweenness_estimate(G).max_error == 0.0  # exact: no error


@pytest.mark.parametrize("G", GRAPHS)
def test_closeness_is_networkx_to_the_last_bit(G: nx.Graph[Any]) -> None:
    assert closeness(G) == nx.closeness_centrality(G)


def test_closeness_with_more_nodes_than_one_block() -> None:
    G = nx.gnm_random_graph(1300, 2600, seed=2)  # three blocks of 512 searches
    assert closeness(G) == nx.closeness_centrality(G)


@pytest.mark.parametrize("G", GRAPHS)
def test_eigenvector_is_networkx_on_the_largest_component(G: nx.Graph[Any]) -> None:
    largest = G.subgraph(max(nx.connected_components(G), key=len))
    expected = nx.eigenvector_centrality(largest, max_iter=1000, weight="weight")
    values = eigenvector(G)
    assert _close({n: values[n] for n in largest}, expected, tol=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("G", GRAPHS)
def test_louvain_finds_networkx_communities(G: nx.Graph[Any], seed: int) -> None:
    expected = nx.community.louvain_communities(G, weight="weight", seed=seed)
    assert sorted(map(sorted, map(lambda c: map(str, c), louvain(G, seed=seed)))) == sorted(
        map(sorted, map(lambda c: map(str, c), expected)))


@pytest.mark.parametrize("G", GRAPHS)
def test_structural_holes_are_networkx(G: nx.Graph[Any]) -> None:
    nodes = [n for n in G if G.degree(n) > 0]
    assert _close(constraint(G, weight="weight"), nx.constraint(G, nodes, weight="weight"))
    assert _close(effective_size(G, weight="weight"),
                  nx.effective_size(G, nodes, weight="weight"), tol=1e-9)
    assert _close(constraint(G), nx.constraint(G, nodes))


def _roles_one_by_one(G: nx.Graph[Any], groups: dict[Any, str]) -> dict[Any, dict[str, int]]:
    """The definition: every open two-path, one at a time."""
    D = directed(G)
    counts = {n: dict.fromkeys(("coordinator", "itinerant", "representative", "gatekeeper",
                                "liaison"), 0) for n in D}
    for b in D:
        for a in D.predecessors(b):
            for c in D.successors(b):
                if b not in (a, c) and a != c and not D.has_edge(a, c):
                    counts[b][_role(groups[a], groups[b], groups[c])] += 1
    return counts


@pytest.mark.parametrize("G", GRAPHS)
def test_undirected_brokerage_counts_every_open_two_path(G: nx.Graph[Any]) -> None:
    rng = random.Random(0)
    groups = {n: rng.choice("XYZ") for n in G}
    assert brokerage_roles(G, groups) == _roles_one_by_one(G, groups)


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("G", GRAPHS)
def test_suggestions_are_the_best_of_every_candidate(G: nx.Graph[Any], method: Method) -> None:
    for top in (1, 10, 60):
        every = [_suggestion(G, u, v, method) for u, v in _candidates(G, None)]
        every.sort(key=_rank)
        assert suggest(G, top=top, method=method) == every[:top]


def _hubbed(seed: int) -> nx.Graph[Any]:
    """Communities of shared partners, and a hub tied to nearly everyone (a region's city)."""
    G = nx.relaxed_caveman_graph(12, 6, 0.2, seed=seed)
    G.remove_edges_from(list(nx.selfloop_edges(G)))  # a rewired edge may loop
    G.add_edges_from(("hub", n) for n in list(G) if n % 7)
    return G


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize("G", [_hubbed(0), _hubbed(1), nx.star_graph(12),
                               nx.complete_bipartite_graph(3, 40)])
def test_suggestions_around_hubs_are_the_best_of_every_candidate(
        G: nx.Graph[Any], method: Method, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairs that share only a hub are left unscored when they cannot make the top (the
    hubbed graphs), and scored when they might (a star: every pair shares only its centre)."""
    for top in (1, 10, 60, 2000):
        every = [_suggestion(G, u, v, method) for u, v in _candidates(G, None)]
        every.sort(key=_rank)
        assert suggest(G, top=top, method=method) == every[:top]
    summed: list[int] = []
    totals = suggestions_module._totals
    monkeypatch.setattr(suggestions_module, "_totals",
                        lambda *args: summed.append(1) or totals(*args))
    suggest(G, top=3, method=method)
    assert len(summed) == (1 if "hub" in G else 2)  # the hub-only pairs never summed


@pytest.mark.parametrize("G", GRAPHS)
def test_fragmentations_in_one_search(G: nx.Graph[Any]) -> None:
    nodes = list(G)
    for fast, node in zip(fragmentations(G, nodes), nodes, strict=True):
        slow = fragmentation(G, node)
        assert (fast.node, fast.pieces, fast.cut_off, fast.falls_apart) == (
            slow.node, slow.pieces, slow.cut_off, slow.falls_apart)


@pytest.mark.parametrize("seed", range(40))
def test_bridges_from_one_search_are_networkx(seed: int) -> None:
    rng = random.Random(seed)
    G = nx.gnm_random_graph(rng.randint(1, 40), rng.randint(0, 50), seed=seed)
    G.add_edges_from((u, u) for u in rng.sample(list(G), min(2, len(G))))  # self-loops
    for H in (G, *GRAPHS[:2]):
        found = sorted((tuple(sorted(e, key=str)) for e in nx.bridges(H)),
                       key=lambda e: (str(e[0]), str(e[1])))
        assert bridges(H) == found


def test_a_sampled_run_states_the_error_of_betweenness() -> None:
    G = nx.barabasi_albert_graph(300, 2, seed=0)
    nx.set_node_attributes(G, "other", "helix")
    result = run_analysis(G, sample_above=100, samples=50)
    use = next(a for a in result.algorithms if a.key == "betweenness")
    parameters = dict(use.parameters)
    assert parameters["k"] == 50
    assert 0 < float(parameters["relative_error"] or 0) < 1
    assert float(parameters["standard_error"] or 0) > 0
    exact = dict(next(a for a in run_analysis(G).algorithms if a.key == "betweenness").parameters)
    assert exact["k"] is None and "standard_error" not in exact


def _directed_graphs() -> list[nx.Graph[Any]]:
    """Random directed graphs: one-way and reciprocal arcs, self-loops, parallel arcs, hubs,
    isolated nodes, and groups of every size."""
    graphs: list[nx.Graph[Any]] = []
    for seed in range(6):
        rng = random.Random(seed)
        D = nx.MultiDiGraph() if seed % 2 else nx.DiGraph()
        D.add_nodes_from(range(120))
        for _ in range(500):
            u, v = rng.randrange(120), rng.choice([rng.randrange(120), rng.randrange(5)])
            D.add_edge(u, v)
            if rng.random() < 0.3:
                D.add_edge(v, u)
        graphs.append(D)
    graphs.append(nx.DiGraph(nx.gnp_random_graph(60, 0.3, seed=1, directed=True)))
    graphs.append(nx.DiGraph([("a", "b"), ("b", "c")]))
    graphs.append(nx.DiGraph())
    return graphs


@pytest.mark.parametrize("D", _directed_graphs())
@pytest.mark.parametrize("group_count", [1, 3, 7])
def test_directed_brokerage_counts_every_open_two_path(D: nx.Graph[Any], group_count: int) -> None:
    rng = random.Random(group_count)
    groups = {n: rng.randrange(group_count) for n in D}
    assert brokerage_roles(D, groups) == _roles_one_by_one(D, groups)
