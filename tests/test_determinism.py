"""Determinism beyond bytes: two builds of a region in different folders and processes give the
same canonical hash (RDF Dataset Canonicalization, via rdflib), and every RDF output of a build
holds that same graph."""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.compare import to_isomorphic

from .conftest import TINY, run_cli

DATA = Path(__file__).parent / "data"


def _canonical(path: Path, fmt: str) -> str:
    graph = rdflib.Dataset() if fmt in ("nquads", "trig") else rdflib.Graph()
    graph.parse(path, format=fmt)
    triples = rdflib.Graph()
    for triple in graph.triples((None, None, None)) if fmt not in ("nquads", "trig") else (
            (s, p, o) for s, p, o, _g in graph.quads((None, None, None, None))):
        triples.add(triple)
    return format(to_isomorphic(triples).graph_digest(), "x")


def test_two_builds_give_the_same_canonical_hash_in_every_rdf_output(tmp_path: Path) -> None:
    for region in (TINY, DATA / "unicode"):
        hashes = set()
        for run in ("a", "b"):
            out = tmp_path / region.name / run
            done = run_cli("build", "--data", str(region), "--out", str(out))
            assert done.code == 0, done.stderr
            hashes |= {_canonical(out / name, fmt) for name, fmt in (
                ("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld"),
                ("dataset.nq", "nquads"), ("dataset.trig", "trig"))}
        assert len(hashes) == 1, (region.name, hashes)
