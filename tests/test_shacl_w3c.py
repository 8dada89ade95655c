"""The native SHACL engine against the W3C SHACL Core test suite (98 tests, tests/data/w3c-shacl-core
with its licence): each test gives the expected report (conforms, and each result's focus node,
path, constraint component, severity and value) or is refused as unsupported, so that the build
hands the shapes to pySHACL; never a wrong report. The data is given as written and in a
pyoxigraph store, which keeps some literals in another form; docs/shacl.md lists the refused
tests and what a store keeps, and is checked here."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiograph.curation.compiler import compile_region
from regiograph.model.kinds import load_kinds
from regiograph.resources import ontology_dir
from regiograph.validation.shacl import ShapesGraph, UnsupportedShapes, kept_as

from .conftest import DATA, SEED
from .w3c_shacl import Case, cases, run

CASES = cases()
DOCS = Path(__file__).parents[1] / "docs" / "shacl.md"


def test_the_whole_core_suite_is_read() -> None:
    assert len(CASES) == 98
    assert len({c.name for c in CASES}) == 98


@pytest.mark.parametrize("data", ["as written", "store"])
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_engine_gives_the_expected_report_or_refuses_the_shapes(case: Case,
                                                                   data: str) -> None:
    outcome = run(case, data)
    assert outcome.verdict in ("agrees", "refused"), outcome.detail


def _documented() -> dict[str, set[str]]:
    """The refused tests that docs/shacl.md lists, by the data they are refused on."""
    found: dict[str, set[str]] = {"as written": set(), "store": set()}
    for name, where in re.findall(r"^\| `([a-z-]+/[A-Za-z0-9-]+)` \| ([a-z ,]+) \|",
                                  DOCS.read_text(encoding="utf-8"), re.MULTILINE):
        for mode in ("as written", "store"):
            if mode in where or where.strip() == "both":
                found[mode].add(name)
    return found


def test_the_docs_list_exactly_the_refused_tests_and_the_counts() -> None:
    documented = _documented()
    text = DOCS.read_text(encoding="utf-8")
    for mode in ("as written", "store"):
        refused = {c.name for c in CASES if run(c, mode).verdict == "refused"}
        assert refused == documented[mode], mode
        agreed = len(CASES) - len(refused)
        assert f"{agreed} agree" in text and f"{len(refused)} refused" in text, (mode, agreed)


def test_on_a_store_a_shape_on_a_value_it_rewrites_is_refused() -> None:
    """A store keeps `"300"^^xsd:byte` as `"300"^^xsd:integer`: as written, `sh:datatype
    xsd:byte` finds it ill-formed; on a store it cannot be checked, and is refused."""
    shapes = ShapesGraph.parse(b"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:s sh:targetNode ex:i ; sh:path ex:p ; sh:datatype xsd:byte .""")
    value = ox.Literal("300", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#byte"))
    triple = ox.Triple(ox.NamedNode("http://example.org/i"), ox.NamedNode("http://example.org/p"),
                       value)
    assert [r.value for r in shapes.validate([triple])] == [value]
    store = ox.Store()
    store.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    assert next(iter(store)).object.datatype.value.endswith("#integer")  # what a store keeps
    with pytest.raises(UnsupportedShapes, match="keeps such values as xsd:integer"):
        shapes.validate(store)
    listed = ShapesGraph.parse(b"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:s sh:targetNode ex:i ; sh:path ex:p ; sh:in ( "01"^^xsd:integer ) .""")
    with pytest.raises(UnsupportedShapes, match="keeps it as"):
        listed.validate(store)


@pytest.mark.parametrize("region", ["tiny", "unicode", "hostile", "leuven-seed"])
def test_the_compiler_writes_only_literals_a_store_keeps_as_written(region: str) -> None:
    """So the build's store, which the engine reads, holds the data as the curators wrote it
    (a decimal such as 1.50 is written 1.5 by the compiler itself)."""
    folder = SEED if region == "leuven-seed" else DATA / region
    literals = {q.object for q in compile_region(folder, load_kinds()).quads
                if isinstance(q.object, ox.Literal)}
    for path in ontology_dir().rglob("*.ttl"):
        literals |= {t.object for t in ox.parse(path.read_bytes(), ox.RdfFormat.TURTLE)
                     if isinstance(t.object, ox.Literal)}
    assert len(literals) > 900
    assert [literal for literal in literals if kept_as(literal) != literal] == []
