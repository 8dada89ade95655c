"""The compiled lines written in pieces are the bytes the engine writes for the same quads."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from regiograph.curation import lines as lines_module
from regiograph.curation.compiler import compile_region
from regiograph.curation.lines import nquads_chunks, ntriples_chunks
from regiograph.model.kinds import load_kinds
from regiograph.store.rdf_files import RdfFormat, serialize_sorted

from .conftest import SEED


@pytest.fixture(scope="module")
def compiled() -> tuple[list[str], list[str]]:
    region = compile_region(SEED, load_kinds(), None)
    return region.lines, region.triples


def _engine(text: bytes, source: ox.RdfFormat, target: RdfFormat, tmp_path) -> bytes:  # type: ignore[no-untyped-def]
    path = tmp_path / "engine"
    serialize_sorted(ox.parse(text, format=source), target, path)
    return path.read_bytes()


def test_pieces_of_a_few_lines_join_to_the_engines_n_quads(compiled, tmp_path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    quads, _ = compiled
    monkeypatch.setattr(lines_module, "CHUNK", 7)
    pieces = list(nquads_chunks(quads))
    assert len(pieces) > 10  # written in pieces, not held whole
    whole = b"".join(pieces)
    assert whole == _engine(whole, ox.RdfFormat.N_QUADS, RdfFormat.N_QUADS, tmp_path)
    assert whole.count(b"\n") == len(quads)


def test_pieces_of_a_few_lines_join_to_the_engines_n_triples(compiled, tmp_path,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _, triples = compiled
    monkeypatch.setattr(lines_module, "CHUNK", 7)
    pieces = list(ntriples_chunks(triples))
    assert len(pieces) == -(-len(triples) // 7)
    whole = b"".join(pieces)
    assert whole == _engine(whole, ox.RdfFormat.N_TRIPLES, RdfFormat.N_TRIPLES, tmp_path)
