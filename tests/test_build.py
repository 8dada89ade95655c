"""The build: every output written, parsing back to the same graph in independent readers,
identical bytes on every run, and outputs replaced only when the build succeeds."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from regiograph import DataError, UsageError, ValidationFailed, build
from regiograph.build import BuildResult

from .conftest import TINY, run_cli

#: The module, which the package's ``build`` function hides.
build_module = importlib.import_module("regiograph.build")

EXPECTED = {"dataset.trig", "dataset.nq", "graph.ttl", "graph.nt", "graph.jsonld",
            "context.jsonld", "validation.json", "validation.txt", "validation.ttl",
            "manifest.json", "ontology/regiograph.ttl", "ontology/vocab/kinds.ttl",
            "ontology/shapes/violations.ttl", "ontology/shapes/warnings.ttl"}


def test_build_writes_every_output(leuven_build: BuildResult) -> None:
    written = {p.relative_to(leuven_build.out).as_posix()
               for p in leuven_build.out.rglob("*") if p.is_file()}
    assert written >= EXPECTED
    manifest = json.loads((leuven_build.out / "manifest.json").read_text())
    assert manifest["counts"] == leuven_build.counts
    assert set(manifest["files"]) == written - {"manifest.json"}


def _dataset(path: Path, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(path, format=fmt)
    return dataset


def _quads(dataset: rdflib.Dataset) -> set[tuple[object, ...]]:
    return {(s, p, o, g) for s, p, o, g in dataset.quads((None, None, None, None))}


def test_dataset_round_trips_through_rdflib(leuven_build: BuildResult) -> None:
    trig = _quads(_dataset(leuven_build.out / "dataset.trig", "trig"))
    nquads = _quads(_dataset(leuven_build.out / "dataset.nq", "nquads"))
    assert trig == nquads
    assert len(nquads) == leuven_build.counts["quads"]
    graphs = {g for *_, g in nquads}
    assert len(graphs) == leuven_build.counts["graphs"]


def test_merged_graph_round_trips_in_every_format(leuven_build: BuildResult) -> None:
    out = leuven_build.out
    merged = rdflib.Graph()
    for s, p, o, _g in _quads(_dataset(out / "dataset.nq", "nquads")):
        merged.add((s, p, o))
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        parsed = rdflib.Graph().parse(out / name, format=fmt)
        assert len(parsed) == len(merged), name
        assert isomorphic(parsed, merged), name


def test_jsonld_reads_back_in_pyld_with_its_readable_context(leuven_build: BuildResult) -> None:
    from pyld import jsonld

    document = json.loads((leuven_build.out / "graph.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert context["founder"] == {"@id": "schema:founder", "@type": "@id"}
    assert context["label"] == {"@id": "rdfs:label"}
    ku = next(node for node in document["@graph"] if node["id"] == "ku-leuven")
    assert ku["type"] == "University" and ku["label"] == "KU Leuven"
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    parsed = rdflib.Graph().parse(data=nquads, format="nt")
    expected = rdflib.Graph().parse(leuven_build.out / "graph.nt", format="nt")
    assert isomorphic(parsed, expected)


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    first, second = build(TINY, tmp_path / "a"), build(TINY, tmp_path / "b")
    assert first.files == second.files
    for name in first.files:
        assert (first.out / name).read_bytes() == (second.out / name).read_bytes(), name


def test_a_region_compiled_in_a_child_gives_the_same_bytes(
        tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above :data:`COMPILE_ASIDE_ABOVE` a forked child compiles; the outputs, the compile cache
    and the errors are those of a compile in the build's own process."""
    here = build(tiny, tmp_path / "here")
    monkeypatch.setattr(build_module, "COMPILE_ASIDE_ABOVE", 0)
    aside = build(tiny, tmp_path / "aside")
    assert aside.files == here.files and aside.compile_memory > 0
    for name in here.files:
        assert (aside.out / name).read_bytes() == (here.out / name).read_bytes(), name
    (tiny / "people.yaml").write_text("people:\n  - id: [not, an, id]\n")
    monkeypatch.setattr(build_module, "COMPILE_ASIDE_ABOVE", 10**12)
    with pytest.raises(DataError) as here_error:
        build(tiny, tmp_path / "here")
    expected = here_error.value
    assert expected.issues
    monkeypatch.setattr(build_module, "COMPILE_ASIDE_ABOVE", 0)
    with pytest.raises(DataError) as caught:
        build(tiny, tmp_path / "aside")
    assert [str(issue) for issue in caught.value.issues] == [str(issue) for issue in expected.issues]


def test_failed_validation_keeps_previous_outputs(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(tiny, out)
    before = (out / "dataset.nq").read_bytes()
    people = tiny / "people.yaml"  # a person with no occupation, role or founding: a violation
    people.write_text(people.read_text().replace(
        "    occupations: [scientist]\n    roles:\n      - {role: director, org: tiny-network, "
        "since: 2020-01}\n", ""))
    with pytest.raises(ValidationFailed) as caught:
        build(tiny, out)
    assert any(f.check == "qc/person-without-role-violation" for f in caught.value.report.findings)
    assert (out / "dataset.nq").read_bytes() == before


def test_refuses_to_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    keep = tmp_path / "notes.txt"
    keep.write_text("mine")
    with pytest.raises(UsageError):
        build(TINY, tmp_path)
    result = run_cli("build", "--data", str(TINY), "--out", str(tmp_path))
    assert result.code == 2 and "not a regiograph output folder" in result.stderr
    assert keep.read_text() == "mine"


def test_cli_build_prints_what_it_did(tmp_path: Path) -> None:
    result = run_cli("build", "--data", str(TINY), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    assert "3 organisations, 1 initiatives, 1 people, 3 places" in result.stderr
    assert "0 violations" in result.stderr
    assert (tmp_path / "out" / "dataset.trig").is_file()
