"""Library queries rewritten for a million triples (issue 17) give the answers of the queries
they replace: each is run beside the old text (``tests/data/reference-queries``) on a synthetic
region, where they have many rows, and on the Leuven seed region."""

from __future__ import annotations

from pathlib import Path

import pytest

import regiograph
from regiograph import GraphStore
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
