"""Aggregated views: above a number of nodes, a view first draws one node per community (Louvain,
from the analysis package), a click shows a community's members, a control closes it again, and
the search opens the community of what it finds. The browser tests use Leuven with a threshold of
20 nodes (its 87 stakeholders in 14 communities), so that they stay quick."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from regiograph import GraphStore, build
from regiograph.analysis import communities
from regiograph.analysis.fastlayout import grouped_positions
from regiograph.analysis.metrics import Measures
from regiograph.analysis.projection import project
from regiograph.analysis.views import undirected
from regiograph.build import BuildResult, load_built
from regiograph.publish import styling as styling_module
from regiograph.publish import viewmodel as viewmodel_module
from regiograph.publish.render import View, render_graph, view
from regiograph.publish.viewmodel import AGGREGATE_ABOVE, ViewModel, build_model

from .browser import Browser, Visit, browser, record_timing
from .conftest import DATA, run_cli

THRESHOLD = 20
SCRIPT = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as opened:
        yield opened


@pytest.fixture(scope="module")
def grouped(leuven: GraphStore) -> View:
    return view(leuven, aggregate_above=THRESHOLD)


def community_of(model: ViewModel, node: str) -> str:
    """The id of the group that holds ``node``."""
    index = next(i for i, n in enumerate(model.nodes) if n.id == node)
    return model.groups[model.nodes[index].community].id


def open_page(chromium: Browser, page: View, path: Path, name: str) -> Visit:
    """Save and open a view; wait for its drawing and its tables; record its numbers."""
    page.save(path)
    visit = chromium.open(path)
    first_draw = visit.wait_drawn()
    visit.page.wait_for_selector("html[data-tables]", state="attached")
    record_timing(name, bytes=path.stat().st_size, nodes=len(page.model.nodes),
                  groups=len(page.model.groups), links=len(page.model.edges),
                  first_draw_ms=round(first_draw, 1))
    return visit


def click_node(visit: Visit, node: str) -> None:
    """Click where a node (or a community) is drawn."""
    x, y = visit.page.evaluate(
        """id => { const r = window.regiograph; const p = r.network.canvasToDOM(r.network.getPosition(id));
                   const box = document.getElementById('rg-network').getBoundingClientRect();
                   return [box.left + p.x, box.top + p.y]; }""", node)
    visit.page.mouse.click(x, y)


def opened(visit: Visit) -> list[str]:
    return list(visit.page.evaluate("window.regiograph.communities.opened()"))


def drawn(visit: Visit) -> int:
    return int(visit.page.evaluate("window.regiograph.drawn()"))


# -- the model -----------------------------------------------------------------------------------


def test_groups_are_the_analysis_communities_and_partition_the_nodes(leuven: GraphStore,
                                                                     grouped: View) -> None:
    model = grouped.model
    assert sorted(i for g in model.groups for i in g.members) == list(range(len(model.nodes)))
    for k, group in enumerate(model.groups):
        assert all(model.nodes[i].community == k for i in group.members)
        assert group.size > 0 and group.lines[0] == f"A community of {len(group.members)} stakeholders"
    expected = communities(project(leuven, "stakeholders"))
    assert [g.label for g in model.groups] == [c.name for c in expected]
    assert [len(g.members) for g in model.groups] == [c.size for c in expected]
    assert not {n.id for n in model.nodes} & {g.id for g in model.groups}
    assert model.physics is False  # communities open where their members were laid out


def test_the_threshold_decides(leuven: GraphStore) -> None:
    n = len(view(leuven, aggregate_above=None).model.nodes)
    assert view(leuven, aggregate_above=n - 1).model.groups
    assert not view(leuven, aggregate_above=n).model.groups
    assert not view(leuven).model.groups  # Leuven is far below the default
    from regiograph.cli.view import AGGREGATE_ABOVE as COMMAND_DEFAULT

    assert COMMAND_DEFAULT == AGGREGATE_ABOVE == 5000


def test_an_aggregated_page_is_the_same_bytes_twice(leuven: GraphStore, grouped: View) -> None:
    again = view(leuven, aggregate_above=THRESHOLD)
    assert again.html == grouped.html
    data = json.loads(re.search(r'<script type="application/json" id="rg-data">(.*?)</script>',
                                grouped.html, re.DOTALL)[1])  # type: ignore[index]
    assert data["groups"]["id"] == [g.id for g in grouped.model.groups]
    assert len(data["nodes"]["id"]) == len(grouped.model.nodes)  # every member is in the page


def test_group_ids_never_clash_with_node_ids() -> None:
    G = nx.barbell_graph(3, 0)
    G = nx.relabel_nodes(G, {0: "community-0", 3: "community-1"})
    model = build_model(G, "Clash", aggregate_above=2)
    assert [g.id for g in model.groups] == ["_community-0", "_community-1"]


def test_an_aggregated_view_measures_its_graph_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sizes, colours and communities come from one set of measures: one simple graph, one
    PageRank and one Louvain, not one for the sizes and another for the groups."""
    made: list[object] = []

    class Counted(Measures):
        def __init__(self, G: nx.Graph[Any], *args: Any, **options: Any) -> None:
            made.append(G)
            super().__init__(G, *args, **options)

    monkeypatch.setattr(styling_module, "Measures", Counted)
    monkeypatch.setattr(viewmodel_module, "Measures", Counted)
    G = nx.MultiDiGraph(nx.planted_partition_graph(3, 10, 0.5, 0.02, seed=1))
    model = build_model(G, "Once", aggregate_above=5)
    assert len(made) == 1 and len(model.groups) >= 2
    assert [g.members for g in model.groups] == [
        g.members for g in build_model(G, "Once", aggregate_above=5).groups]


def test_grouped_positions_keep_each_community_together() -> None:
    G = nx.planted_partition_graph(4, 30, 0.3, 0.01, seed=2)
    parts = [range(k * 30, (k + 1) * 30) for k in range(4)]
    pos, centres = grouped_positions(G, parts)
    assert (pos, centres) == grouped_positions(G, parts)

    def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
        return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)

    for k, part in enumerate(parts):
        own = sum(distance(pos[m], centres[k]) for m in part) / 30
        others = min(sum(distance(pos[m], centres[j]) for m in part) / 30 for j in range(4) if j != k)
        assert own < others / 2


def test_views_merge_ties_as_the_analyses_do() -> None:
    M = nx.MultiDiGraph([("a", "b", {"weight": 2.0}), ("b", "a", {"weight": 1.0}), ("b", "c", {}),
                         ("c", "c", {})])
    M.nodes["a"]["label"] = "A"
    H = undirected(M)
    assert sorted(H.edges(data="weight")) == [("a", "b", 3.0), ("b", "c", 1.0)]
    assert H.nodes["a"]["label"] == "A"


def test_view_command_aggregates_above_its_option(leuven_build: BuildResult, tmp_path: Path) -> None:
    out = tmp_path / "region.html"
    result = run_cli("view", "--build", str(leuven_build.out), "--aggregate-above", str(THRESHOLD),
                     "-o", str(out))
    assert result.code == 0, result.stderr
    assert re.search(r"\d+ nodes in \d+ communities", result.stderr)
    assert '"groups":{"id":' in out.read_text(encoding="utf-8")


# -- in the browser ------------------------------------------------------------------------------


def test_communities_are_drawn_and_open_and_close(chromium: Browser, grouped: View,
                                                   tmp_path: Path) -> None:
    model = grouped.model
    visit = open_page(chromium, grouped, tmp_path / "grouped.html", "view-aggregated-leuven")
    page = visit.page
    assert drawn(visit) == len(model.groups) == page.evaluate("window.regiograph.nodes.length")
    assert opened(visit) == []
    ku = community_of(model, "ku-leuven")
    members = next(g.members for g in model.groups if g.id == ku)
    labels = page.evaluate("window.regiograph.nodes.get().map(n => n.label)")
    assert f"KU Leuven & Mission Lucidity ({len(members)})" in labels
    visit.screenshot("view-aggregated-leuven")

    click_node(visit, ku)
    assert opened(visit) == [ku]
    assert page.evaluate(f"window.regiograph.nodes.get('{ku}')") is None
    assert page.evaluate("window.regiograph.nodes.get('ku-leuven') !== null")
    assert drawn(visit) == len(model.groups) - 1 + len(members)
    assert f"Showing the {len(members)} members of" in page.inner_text("#rg-status")
    assert page.is_visible("#rg-details")
    visit.screenshot("view-aggregated-leuven-opened")

    page.click("#rg-details button:has-text('Close this community')")
    assert opened(visit) == []
    assert drawn(visit) == len(model.groups)
    assert page.evaluate(f"window.regiograph.nodes.get('{ku}') !== null")
    visit.check()


def test_links_to_closed_communities_are_merged(chromium: Browser, grouped: View,
                                                tmp_path: Path) -> None:
    model = grouped.model
    visit = open_page(chromium, grouped, tmp_path / "merged.html", "view-aggregated-links")
    page = visit.page
    pairs = {tuple(sorted((model.nodes[i].community, model.nodes[j].community)))
             for i, j in ((index_of(model, e.source), index_of(model, e.target)) for e in model.edges)}
    assert page.evaluate("window.regiograph.edges.length") == sum(1 for a, b in pairs if a != b)
    widest = page.evaluate("window.regiograph.edges.get().sort((a, b) => b.width - a.width)[0].id")
    page.evaluate("id => window.regiograph.network.emit('hoverEdge', {edge: id})", widest)
    assert re.fullmatch(r"\d+ links", page.evaluate(f"window.regiograph.edges.get('{widest}').label"))

    ku = community_of(model, "ku-leuven")
    page.evaluate(f"window.regiograph.communities.open('{ku}')")
    # inside the open community, the links themselves; from it to a closed one, merged per member
    assert page.evaluate("window.regiograph.edges.get().some(e => e.id.startsWith('e'))")
    page.click("#rg-collapse")
    assert page.evaluate("window.regiograph.edges.length") == sum(1 for a, b in pairs if a != b)
    visit.check()


def index_of(model: ViewModel, node: str) -> int:
    return next(i for i, n in enumerate(model.nodes) if n.id == node)


def test_search_opens_the_community_of_what_it_finds(chromium: Browser, grouped: View,
                                                     tmp_path: Path) -> None:
    model = grouped.model
    visit = open_page(chromium, grouped, tmp_path / "search.html", "view-aggregated-search")
    page = visit.page
    page.focus("#rg-search")
    page.keyboard.type("mission luc")
    page.keyboard.press("Enter")
    assert opened(visit) == [community_of(model, "mission-lucidity")]
    assert page.evaluate("window.regiograph.network.getSelectedNodes()") == ["mission-lucidity"]
    assert page.evaluate("window.regiograph.focused") == "mission-lucidity"
    assert "Community: " in page.inner_text("#rg-details")
    visit.screenshot("view-aggregated-search")

    page.fill("#rg-search", "Andreas Vesalius")  # a community of one, closed
    page.keyboard.press("Enter")
    assert community_of(model, "andreas-vesalius") in opened(visit)
    assert page.evaluate("window.regiograph.network.getSelectedNodes()") == ["andreas-vesalius"]

    page.click("#rg-collapse")
    assert opened(visit) == [] and drawn(visit) == len(model.groups)
    page.fill("#rg-search", "no such stakeholder")
    page.keyboard.press("Enter")
    assert "No stakeholder matches" in page.inner_text("#rg-status")
    assert opened(visit) == []
    visit.check()


def test_filters_hide_communities_without_a_shown_member(chromium: Browser, grouped: View,
                                                          tmp_path: Path) -> None:
    model = grouped.model
    visit = open_page(chromium, grouped, tmp_path / "filters.html", "view-aggregated-filters")
    page = visit.page
    page.uncheck("input[name='rg-kind'][value='person']")
    kept = sum(1 for g in model.groups if any(model.nodes[i].kind != "person" for i in g.members))
    assert 0 < kept < len(model.groups)
    assert drawn(visit) == kept
    people = sum(1 for n in model.nodes if n.kind == "person")
    assert page.locator("#rg-node-table tbody tr:not([hidden])").count() == len(model.nodes) - people
    page.click("#rg-reset")
    assert drawn(visit) == len(model.groups) and opened(visit) == []
    visit.check()


def test_a_focus_view_opens_the_focus_community(chromium: Browser, leuven: GraphStore,
                                                tmp_path: Path) -> None:
    focused = view(leuven, focus="ku-leuven", depth=2, aggregate_above=THRESHOLD)
    model = focused.model
    assert model.groups and model.focus == "ku-leuven"
    visit = open_page(chromium, focused, tmp_path / "focus.html", "view-aggregated-focus")
    ku = community_of(model, "ku-leuven")
    members = next(len(g.members) for g in model.groups if g.id == ku)
    assert opened(visit) == [ku]
    assert drawn(visit) == len(model.groups) - 1 + members
    assert visit.page.evaluate("window.regiograph.network.getSelectedNodes()") == ["ku-leuven"]
    visit.check()


def test_hostile_labels_in_communities_are_text(chromium: Browser, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(DATA / "hostile", out)
    hostile = view(load_built(out), aggregate_above=2)
    model = hostile.model
    assert model.groups
    visit = open_page(chromium, hostile, tmp_path / "hostile.html", "view-aggregated-hostile")
    page = visit.page
    for group in model.groups:  # every community's tooltip, then its members'
        page.evaluate("id => window.regiograph.network.emit('hoverNode', {node: id})", group.id)
        tip = page.evaluate("id => window.regiograph.nodes.get(id).title.textContent", group.id)
        assert tip.startswith(group.label)
        page.evaluate("id => window.regiograph.communities.open(id)", group.id)
        assert group.label in page.inner_text("#rg-details h2")
    for node in model.nodes:
        page.evaluate("id => window.regiograph.network.emit('hoverNode', {node: id})", node.id)
        tip = page.evaluate("id => window.regiograph.nodes.get(id).title.textContent", node.id)
        assert tip.startswith(node.label)
    table = page.evaluate("document.getElementById('rg-node-table').textContent")
    assert all(node.label in table and model.groups[node.community].label in table
               for node in model.nodes)
    page.fill("#rg-search", SCRIPT)
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                         ".some(a => a.name.startsWith('on'))).length") == 0
    assert visit.dialogs == []
    visit.check()


def test_a_graph_above_the_default_threshold_is_aggregated_fast(chromium: Browser,
                                                                tmp_path: Path) -> None:
    from .test_views import synthetic

    G = synthetic(AGGREGATE_ABOVE + 1000)
    start = time.perf_counter()
    page = render_graph(G, "A synthetic region of 6,000 stakeholders")
    page.save(tmp_path / "synthetic-6000.html")
    written = time.perf_counter() - start
    assert page.model.groups and len(page.model.nodes) == AGGREGATE_ABOVE + 1000
    assert written < 20.0  # seconds on a developer's machine; the real number is recorded
    visit = open_page(chromium, page, tmp_path / "synthetic-6000.html", "view-aggregated-6000")
    assert drawn(visit) == len(page.model.groups)
    record_timing("view-aggregated-6000-write", write_s=round(written, 3))
    visit.page.fill("#rg-search", "Synthetic stakeholder 04242")
    visit.page.keyboard.press("Enter")
    assert visit.page.evaluate("window.regiograph.network.getSelectedNodes()") == ["s04242"]
    visit.screenshot("view-aggregated-6000-found")
    visit.check()
