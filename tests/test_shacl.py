"""The native SHACL engine (regiograph.validation.shacl) against pySHACL, the reference implementation: the
same findings on the bundled regions, on every broken graph of test_shapes, and on random
mutations of a region; shapes it cannot check go to pySHACL instead of being half-checked."""

from __future__ import annotations

import random
from pathlib import Path

import hypothesis.strategies as st
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings

from regiograph import GraphStore, validate
from regiograph.build import BuildResult, load_built, load_ontology
from regiograph.curation.compiler import compile_region
from regiograph.curation.values import ValueProblem, parse_date
from regiograph.errors import UsageError
from regiograph.model.kinds import load_kinds
from regiograph.namespaces import ID, expand
from regiograph.resources import ontology_dir
from regiograph.validation.report import ValidationReport
from regiograph.validation.shacl import SUPPORTED, ShapesGraph, UnsupportedShapes

from .conftest import TINY, run_cli
from .test_shapes import BROKEN, GRAPH

DATA = Path(__file__).parent / "data"
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _findings(report: ValidationReport) -> set[tuple[str, ...]]:
    """The findings to compare; two known deviations left out, where the native engine follows
    the SHACL specification and pySHACL does not: for sh:lessThanOrEquals, a value that cannot
    be compared (a word, an ill-typed literal) is a violation; and an ill-typed date (a
    ``xsd:gYearMonth`` of month 13, found by Hypothesis seed 692) is not of its sh:datatype."""
    return {(f.severity.value, f.focus, f.check, f.path, f.value, f.message)
            for f in report.findings
            if not (f.check == "rgsh:Ranking-rankWithinSize" and not _integer(f.value))
            and not (f.path.endswith(("foundingDate", "startDate", "endDate", "date"))
                     and _ill_typed_date(f.value))}


def _ill_typed_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueProblem:
        return bool(text)
    return False


def _integer(text: str) -> bool:
    return text.lstrip("+-").isdigit()


def _both(store: GraphStore, shapes: Path | None = None) -> tuple[ValidationReport,
                                                                   ValidationReport]:
    folder = shapes or ontology_dir()
    return (validate(store, folder, engine="native"), validate(store, folder, engine="pyshacl"))


def _same(store: GraphStore, shapes: Path | None = None) -> ValidationReport:
    native, reference = _both(store, shapes)
    only_native, only_reference = (_findings(native) - _findings(reference),
                                   _findings(reference) - _findings(native))
    assert not only_native and not only_reference, (sorted(only_native)[:5],
                                                    sorted(only_reference)[:5])
    return native


def _store(quads: list[ox.Quad]) -> GraphStore:
    store = GraphStore()
    store.add(quads)
    load_ontology(store)
    return store


@pytest.mark.parametrize("region", ["tiny", "unicode", "hostile"])
def test_the_engines_agree_on_the_test_regions(region: str) -> None:
    _same(_store(compile_region(DATA / region, load_kinds()).quads))


def test_the_engines_agree_on_leuven(leuven_build: BuildResult) -> None:
    report = _same(load_built(leuven_build.out))
    # the build adds the curators' notices (uncited sources...), which are not SHACL's
    shapes = [w for w in leuven_build.report.warnings if not w.check.startswith("curation:")]
    assert len(report.warnings) == len(shapes) > 50


@pytest.fixture(scope="module")
def tiny_quads() -> list[ox.Quad]:
    return compile_region(TINY, load_kinds()).quads


@pytest.mark.parametrize(("case", "drop", "add", "shape"), BROKEN, ids=[b[0] for b in BROKEN])
def test_the_engines_agree_on_each_broken_graph(
        tiny_quads: list[ox.Quad], case: str, drop: tuple[str, str] | None,
        add: list[tuple[str, str, ox.Literal]], shape: str) -> None:
    kept = [q for q in tiny_quads if drop is None or
            (q.subject.value, q.predicate.value) != (ID + drop[0], expand(drop[1]))]
    kept += [ox.Quad(ox.NamedNode(ID + s), ox.NamedNode(expand(p)), o, GRAPH) for s, p, o in add]
    report = _same(_store(kept))
    assert shape in {f.check for f in report.violations}


def _vocabulary(quads: list[ox.Quad]) -> tuple[list[ox.NamedNode], list[ox.NamedNode],
                                               list[ox.NamedNode | ox.Literal]]:
    """Subjects, the predicates the shapes constrain, and objects to mutate a graph with."""
    shapes = rdflib.Graph()
    for path in (ontology_dir() / "shapes").glob("*.ttl"):
        shapes.parse(path)
    predicates = sorted({ox.NamedNode(str(p)) for p in shapes.objects(None, SH.path)
                         if isinstance(p, rdflib.URIRef)}
                        | {ox.NamedNode(str(p)) for p in shapes.objects(None, SH.disjoint)},
                        key=str)
    subjects = sorted({q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}, key=str)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    literals: list[ox.NamedNode | ox.Literal] = [
        ox.Literal("x"), ox.Literal("x", language="en"), ox.Literal("y", language="en"),
        ox.Literal("2023", datatype=ox.NamedNode(xsd + "gYear")),
        ox.Literal("2023-02-30", datatype=ox.NamedNode(xsd + "date")),
        ox.Literal("2023-13", datatype=ox.NamedNode(xsd + "gYearMonth")),
        ox.Literal("7", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("0", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("1e3", datatype=ox.NamedNode(xsd + "integer")),
        ox.Literal("2.5", datatype=ox.NamedNode(xsd + "decimal")),
        ox.Literal("maybe", datatype=ox.NamedNode(xsd + "boolean")),
        ox.Literal("NO"), ox.Literal("high"), ox.Literal("Q42"), ox.Literal("0419052173"),
        ox.NamedNode("https://example.org/page")]
    return subjects, predicates, [*subjects, *literals]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), drops=st.integers(0, 25), adds=st.integers(0, 25))
def test_the_engines_agree_on_random_mutations(seed: int, drops: int, adds: int) -> None:
    quads = compile_region(TINY, load_kinds()).quads
    subjects, predicates, objects = _vocabulary(quads)
    pick = random.Random(seed)
    for _ in range(drops):
        quads.pop(pick.randrange(len(quads)))
    for _ in range(adds):
        quads.append(ox.Quad(pick.choice(subjects), pick.choice(predicates), pick.choice(objects),
                             GRAPH))
    _same(_store(quads))


def test_the_report_is_a_shacl_validation_report(tiny_quads: list[ox.Quad]) -> None:
    broken = [q for q in tiny_quads if q.predicate.value != expand("rg:kind")]
    report = validate(_store(broken), ontology_dir())
    graph = rdflib.Graph().parse(data=report.shacl_report, format="turtle")
    (root,) = graph.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == rdflib.Literal(False)
    results = list(graph.objects(root, SH.result))
    assert len(results) == len(report.findings) > 0
    for result in results:
        assert graph.value(result, SH.focusNode) is not None
        assert graph.value(result, SH.sourceShape) is not None
        assert str(graph.value(result, SH.sourceConstraintComponent)).endswith(
            "ConstraintComponent")
    assert report.shacl_report == validate(_store(broken), ontology_dir()).shacl_report


def test_alternative_paths_are_reported_in_sparql_syntax(tiny_quads: list[ox.Quad]) -> None:
    no_origin = [q for q in tiny_quads if q.predicate.value not in (
        expand("rg:nationality"), expand("rg:livedIn"))]
    report = validate(_store(no_origin), ontology_dir())
    paths = {f.path for f in report.findings if f.check == "rgsh:PersonWarning-origin"}
    assert paths == {f"<{expand('rg:nationality')}>|<{expand('rg:livedIn')}>"}
    assert "(rg:nationality|rg:livedIn)" in report.to_text()


def _shapes_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "ontology"
    (folder / "shapes").mkdir(parents=True)
    (folder / "shapes" / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix rg: <https://w3id.org/regiograph/"
        "ontology#> . @prefix rgsh: <https://w3id.org/regiograph/shapes#> .\n" + extra,
        encoding="utf-8")
    return folder


def test_shapes_beyond_the_engine_go_to_pyshacl(tmp_path: Path,
                                                tiny_quads: list[ox.Quad]) -> None:
    folder = _shapes_with(tmp_path, """
        rgsh:ShortName a sh:NodeShape ; sh:targetClass rg:Organisation ;
          sh:property [ sh:path [ sh:oneOrMorePath <http://www.w3.org/2000/01/rdf-schema#label> ] ;
                        sh:maxLength 5 ; sh:message "short names only" ] .""")
    with pytest.raises(UnsupportedShapes, match="only predicate, inverse and alternative paths"):
        ShapesGraph.parse((folder / "shapes" / "extra.ttl").read_bytes())
    native, reference = _both(_store(tiny_quads), folder)
    assert {f.message for f in native.findings} == {f.message for f in reference.findings} == {
        "short names only"}
    assert "qualifiedValueShape" not in SUPPORTED


def test_an_unknown_engine_is_a_usage_error(tiny_quads: list[ox.Quad]) -> None:
    with pytest.raises(UsageError, match="unknown SHACL engine"):
        validate(_store(tiny_quads), ontology_dir(), engine="fast")


def test_build_takes_either_engine_with_the_same_report(tmp_path: Path) -> None:
    outputs = {}
    for engine in ("native", "pyshacl"):
        done = run_cli("build", "--data", str(TINY), "--out", str(tmp_path / engine),
                       "--shacl", engine)
        assert done.code == 0, done.stderr
        outputs[engine] = (tmp_path / engine / "validation.json").read_text(encoding="utf-8")
    assert outputs["native"] == outputs["pyshacl"]
    done = run_cli("build", "--data", str(TINY), "--out", str(tmp_path / "x"), "--shacl", "fast")
    assert done.code == 2 and "unknown SHACL engine 'fast'" in done.stderr
    assert not (tmp_path / "x").exists()
