"""The data model is declared in a few places that must agree (issue 12): the ontology's kind
vocabulary, the compiler's collections, the shapes, the styles of the views, the counts that
`build` prints and the curators' documentation. A kind or a collection added in one place and
missed in another fails here, naming what is missing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from regiograph.curation.compiler import COLLECTIONS
from regiograph.model.kinds import load_kinds
from regiograph.model.style import KIND_STYLES
from regiograph.namespaces import expand
from regiograph.resources import ontology_dir

from .conftest import TINY, run_cli

README = (Path(__file__).parents[1] / "data" / "README.md").read_text(encoding="utf-8")
VOCABULARIES = ("sectors", "topics", "roles")
#: The class of each collection's records, which the shapes must target.
CLASSES = {"documents": "rg:SourceDocument", "places": "rg:Place", "organisations":
           "rg:Organisation", "initiatives": "rg:Initiative", "people": "rg:Person",
           "results": "rg:LandmarkResult", "figures": "rg:QuantitativeClaim",
           "rankings": "rg:Ranking", "investments": "rg:Investment"}


def _shape_targets() -> set[str]:
    quads = []
    for path in (ontology_dir() / "shapes").glob("*.ttl"):
        quads += list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    target = "http://www.w3.org/ns/shacl#targetClass"
    return {q.object.value for q in quads if q.predicate.value == target}


def test_every_organisation_kind_has_a_style_and_documentation() -> None:
    kinds = load_kinds().in_group("organisation")
    assert "incubator" in kinds
    missing_style = [k for k in kinds if k not in KIND_STYLES]
    missing_doc = [k for k in kinds if f"`{k}`" not in README]
    assert missing_style == [] and missing_doc == [], (missing_style, missing_doc)


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_collection_is_documented(collection: str) -> None:
    table = README[README.index("| collection | what it holds |"):README.index("## Field types")]
    assert f"`{collection}`" in table, f"data/README.md: no row for {collection}"


@pytest.mark.parametrize("collection", sorted(set(COLLECTIONS) - set(VOCABULARIES)))
def test_every_collection_of_records_has_its_shape(collection: str) -> None:
    assert collection in CLASSES, f"declare the class of {collection} in this test"
    assert expand(CLASSES[collection]) in _shape_targets()


def test_every_collection_of_stakeholders_and_claims_is_counted_by_build(tmp_path: Path) -> None:
    done = run_cli("build", "--data", str(TINY), "--out", str(tmp_path / "out"))
    assert done.code == 0, done.stderr
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith("built "))
    counted = set(COLLECTIONS) - set(VOCABULARIES) - {"documents"}
    assert [c for c in sorted(counted) if f" {c}" not in line] == []
    assert "links between stakeholders" in line and "sources" in line
