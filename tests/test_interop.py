"""The stack's libraries used for what they are best at: the build as an rdflib Dataset for
researchers who work in rdflib, and a view as a pyvis Network for notebook users who customise
with pyvis."""

from __future__ import annotations

from pathlib import Path

import pyvis.network
import rdflib
from rdflib.compare import isomorphic

from regiograph import GraphStore, build, to_pyvis
from regiograph.build import BuildResult, load_built
from regiograph.publish.render import view

from .conftest import DATA


def test_the_rdflib_dataset_is_the_builds_nquads(leuven_build: BuildResult) -> None:
    store = GraphStore()
    store.load(leuven_build.out / "dataset.nq")
    dataset = store.to_rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    expected = rdflib.Dataset()
    expected.parse(leuven_build.out / "dataset.nq", format="nquads")
    got = {(s, p, o, g) for s, p, o, g in dataset.quads()}
    want = {(s, p, o, g) for s, p, o, g in expected.quads()}
    assert got == want and len(got) > 1000
    for graph in expected.graphs():
        if len(graph):
            assert isomorphic(graph, dataset.graph(graph.identifier))


def test_a_view_as_a_pyvis_network(leuven: GraphStore, tmp_path: Path) -> None:
    page = view(leuven, focus="mission-lucidity")
    net = to_pyvis(page)
    assert isinstance(net, pyvis.network.Network)
    assert {n["id"] for n in net.nodes} == {n.id for n in page.model.nodes}
    assert len(net.edges) == len(page.model.edges)
    first = page.model.nodes[0]
    drawn = next(n for n in net.nodes if n["id"] == first.id)
    assert (drawn["x"], drawn["y"], drawn["color"]) == (first.x, first.y, first.colour)
    assert net.options.physics.enabled is False
    html = net.generate_html()
    assert "Mission Lucidity" in html


def test_pyvis_titles_are_escaped(tmp_path: Path) -> None:
    build(DATA / "hostile", tmp_path / "build")
    net = to_pyvis(view(load_built(tmp_path / "build")))
    assert any("&lt;" in node["title"] for node in net.nodes)
    for node in net.nodes:
        assert "<img" not in node["title"] and "<script" not in node["title"].lower()
