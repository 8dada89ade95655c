"""Library queries rewritten for a million triples (issue 17) give the answers of the queries
they replace: each is run beside the old text (``tests/data/reference-queries``) on a synthetic
region, where they have many rows, and on the Leuven seed region."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import regiograph
from regiograph import GraphStore
from regiograph.namespaces import expand
from regiograph.queries.library import Library
from regiograph.queries.results import QueryResult
from regiograph.store.loading import load_region
from regiograph.synth import write_region

REFERENCES = Path(__file__).parent / "data" / "reference-queries"
#: Parameters that the synthetic region holds (its own defaults, as `regiograph synth` writes).
SYNTHETIC = {"organisations/list-organisations-by-place": {"place": "city-001"},
             "people/list-people-by-origin": {"country": "country-nl"}}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    folder = tmp_path_factory.mktemp("synthetic") / "region"
    write_region(folder, 300, seed=3)
    return load_region(folder)


def _answers(store: GraphStore, name: str, params: dict[str, str]) -> tuple[QueryResult, ...]:
    new = regiograph.query(name, store=store, **params)
    old = regiograph.query(str(REFERENCES / f"{name.rsplit('/', 1)[1]}.rq"), store=store, **params)
    return new, old


@pytest.mark.parametrize("name", sorted(SYNTHETIC))
def test_rewritten_query_gives_the_old_answer(synthetic: GraphStore, leuven: GraphStore,
                                              name: str) -> None:
    new, old = _answers(synthetic, name, SYNTHETIC[name])
    assert len(new.rows) > 20
    assert new.rows == old.rows
    assert new.variables == old.variables
    found = Library.of_build(leuven.build_dir).find(name)  # with the seed region's defaults
    defaults = {p.name: p.default for p in found.parameters}
    new, old = _answers(leuven, name, {k: v for k, v in defaults.items() if v is not None})
    assert new.rows == old.rows


def test_counted_facts_are_the_old_count(synthetic: GraphStore) -> None:
    new, old = _answers(synthetic, "provenance/count-facts-by-source", {})
    counted = {row["document"].value: row for row in new.rows}
    assert old.rows and all(counted[row["document"].value] == row for row in old.rows)


def test_the_citation_graph_check_flags_the_graphs_of_the_old_text(leuven: GraphStore) -> None:
    """On the seed region with sources broken every way the check knows (a graph with no
    source, one with two, sections and documents without titles), the new text flags the graphs
    the old one flagged. Only a graph without a source is counted differently: 0 now, where the
    old text counted every section of the region."""
    quads = list(leuven.quads())
    title, derived = expand("dcterms:title"), expand("prov:wasDerivedFrom")
    graphs = sorted({q.subject.value for q in quads if q.predicate.value == derived})
    titled = sorted({q.subject.value for q in quads if q.predicate.value == title
                     and "/graph/" not in q.subject.value})
    untitled = set(titled[::7])  # sections and documents both
    no_source, two_sources = graphs[3], graphs[5]
    broken = GraphStore()
    broken.add(q for q in quads if not (q.predicate.value == title and q.subject.value in untitled)
               and not (q.predicate.value == derived and q.subject.value == no_source))
    broken.add([ox.Quad(ox.NamedNode(two_sources), ox.NamedNode(derived),
                        ox.NamedNode(titled[0]), ox.DefaultGraph())])
    name = "qc/citation-graph-without-document-violation"
    new, old = _answers(broken, name, {})
    flagged = {row["graph"].value: int(row["origin_count"].value) for row in new.rows}
    assert len(flagged) > 10 and {no_source, two_sources} <= set(flagged)
    assert flagged == {row["graph"].value: int(row["origin_count"].value) for row in old.rows
                       if row["graph"].value != no_source} | {no_source: 0}
