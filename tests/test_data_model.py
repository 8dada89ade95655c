"""The data model is declared once (issue 12): the registry (:mod:`regiograph.model.registry`)
and the ontology's kind vocabulary. What must follow it, the compiler's handlers, the ontology's
classes, the shapes, the looks of the views, the counts that `build` prints and the curators'
documentation, is checked here, so that a collection or a kind added in one place and missed in
another fails, naming what is missing."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiograph.curation.compiler import compile_region
from regiograph.curation.handlers import HANDLERS
from regiograph.model.kinds import load_kinds
from regiograph.model.registry import COLLECTIONS, GROUP_LOOKS, KIND_LOOKS, counted
from regiograph.namespaces import expand
from regiograph.resources import ontology_dir

from .conftest import TINY, run_cli

README = (Path(__file__).parents[1] / "data" / "README.md").read_text(encoding="utf-8")
VOCABULARIES = ("sectors", "topics", "roles")
GROUPS = sorted({c.kind_group for c in COLLECTIONS.values() if c.kind_group})


def _triples(*paths: Path) -> list[ox.Quad]:
    quads = []
    for path in paths:
        quads += list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    return quads


def _shape_targets() -> set[str]:
    target = "http://www.w3.org/ns/shacl#targetClass"
    return {q.object.value for q in _triples(*(ontology_dir() / "shapes").glob("*.ttl"))
            if q.predicate.value == target}


def _defined_classes() -> set[str]:
    """The ontology's classes that have a label and a definition."""
    quads = _triples(ontology_dir() / "regiograph.ttl")
    label, definition = expand("rdfs:label"), expand("skos:definition")
    labelled = {q.subject.value for q in quads if q.predicate.value == label}
    return labelled & {q.subject.value for q in quads if q.predicate.value == definition}


def _section(collection: str) -> str:
    """The README section documenting ``collection`` (headings may name several)."""
    heading = re.search(rf"^### [^\n]*\b{collection}\b[^\n]*$", README, re.MULTILINE)
    assert heading is not None, f"data/README.md: no ### section for {collection}"
    rest = README[heading.end():]
    return rest[:rest.find("\n## ") if "\n## " in rest else None].split("\n### ")[0]


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_collection_has_a_handler(collection: str) -> None:
    assert collection in HANDLERS, f"register a handler with @handles({collection!r})"


def test_every_handler_has_a_collection() -> None:
    assert sorted(set(HANDLERS) - set(COLLECTIONS)) == []


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_collection_is_documented_with_each_field(collection: str) -> None:
    table = README[README.index("| collection | what it holds |"):README.index("## Field types")]
    assert f"`{collection}`" in table, f"data/README.md: no row for {collection}"
    section = _section(collection)
    missing = [f for f in COLLECTIONS[collection].fields if f"`{f}`" not in section]
    assert missing == [], f"data/README.md, ### {collection}: fields not documented: {missing}"


@pytest.mark.parametrize("collection", sorted(COLLECTIONS))
def test_every_collection_class_is_in_the_ontology(collection: str) -> None:
    assert expand(COLLECTIONS[collection].cls) in _defined_classes()


@pytest.mark.parametrize("collection", sorted(set(COLLECTIONS) - set(VOCABULARIES)))
def test_every_collection_of_records_has_its_shape(collection: str) -> None:
    assert expand(COLLECTIONS[collection].cls) in _shape_targets()


def test_every_kind_group_has_its_collection_and_its_class() -> None:
    kinds = load_kinds()
    assert GROUPS == ["event", "organisation", "place", "result"]
    for group in GROUPS:
        assert kinds.in_group(group), f"no kinds of the group {group} in kinds.ttl"


@pytest.mark.parametrize("group", GROUPS)
def test_every_kind_has_a_look_and_documentation(group: str) -> None:
    kinds = load_kinds().in_group(group)
    sections = "".join(_section(c.name) for c in COLLECTIONS.values() if c.kind_group == group)
    missing_doc = [k for k in kinds if f"`{k}`" not in sections]
    missing_look = [] if group in GROUP_LOOKS else [k for k in kinds if k not in KIND_LOOKS]
    assert missing_look == [] and missing_doc == [], (missing_look, missing_doc)


def test_every_kind_of_the_records_compiles(tmp_path: Path) -> None:
    """A record of each kind of each group compiles (so its class exists for the compiler)."""
    kinds = load_kinds()
    (tmp_path / "all.yaml").write_text(
        "documents:\n  - {id: note, title: A note}\n"
        "places:\n" + "".join(f"  - {{id: p-{k}, name: P {k}, kind: {k}, sources: [note]"
                              f"{', code: BE' if k == 'country' else ''}}}\n"
                              for k in kinds.in_group("place"))
        + "events:\n" + "".join(f"  - {{id: e-{k}, name: E {k}, kind: {k}, start: 2020, "
                                f"sources: [note]}}\n" for k in kinds.in_group("event")),
        encoding="utf-8")
    region = compile_region(tmp_path, kinds)
    assert region.counts["events"] == len(kinds.in_group("event"))


def test_every_counted_collection_is_counted_by_build(tmp_path: Path) -> None:
    done = run_cli("build", "--data", str(TINY), "--out", str(tmp_path / "out"))
    assert done.code == 0, done.stderr
    line = next(ln for ln in done.stderr.splitlines() if ln.startswith("built "))
    assert [c for c in counted() if f" {c}" not in line] == []
    assert set(counted()) == set(COLLECTIONS) - set(VOCABULARIES) - {"documents"}
    assert "links between stakeholders" in line and "sources" in line
