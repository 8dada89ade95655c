"""Loading a build into a store: the one loader every command and the Python API use.

It sits just above the store, so that queries, projections and views can load a build without
reaching up into the build step (which validates, and validation runs queries).
"""

from __future__ import annotations

from pathlib import Path

from regiograph.errors import RegiographError
from regiograph.namespaces import ONTOLOGY_GRAPH
from regiograph.resources import ontology_dir
from regiograph.store.embedded import GraphStore

__all__ = ["NoBuild", "load_built", "load_ontology", "load_region", "ontology_files", "open_build"]


class NoBuild(RegiographError):
    """There is no build where one was expected."""

    exit_code = 1


def ontology_files(folder: Path | None = None) -> list[Path]:
    """The ontology's files (default: the bundled ones): the ontology, then its vocabularies."""
    folder = folder or ontology_dir()
    return [folder / "regiograph.ttl", *sorted((folder / "vocab").glob("*.ttl"))]


def load_ontology(store: GraphStore, folder: Path | None = None) -> None:
    """Load the ontology and its kind vocabulary into the store's ontology graph."""
    for path in ontology_files(folder):
        store.load(path, graph=ONTOLOGY_GRAPH)


def load_built(out: Path) -> GraphStore:
    """A store holding a build's dataset and the ontology it was built with."""
    store = GraphStore()
    store.load(out / "dataset.nq")
    load_ontology(store, out / "ontology")
    store.build_dir = out
    return store


def load_region(folder: Path) -> GraphStore:
    """A store holding a region folder compiled in memory and the bundled ontology, without
    validating or writing anything: for examples and notebooks (``regiograph build`` is the
    checked way)."""
    from regiograph.curation.compiler import compile_region
    from regiograph.model.registry import kinds

    store = GraphStore()
    store.add(compile_region(folder, kinds()).quads)
    load_ontology(store)
    return store


def open_build(out: Path) -> GraphStore:
    """The build in ``out``; :class:`NoBuild` (exit 1) when there is none, never another region.

    >>> open_build(Path("/nowhere"))
    Traceback (most recent call last):
    ...
    regiograph.store.loading.NoBuild: no build in /nowhere/; run `regiograph build` first
    """
    if not (out / "dataset.nq").is_file():
        raise NoBuild(f"no build in {out}/; run `regiograph build` first")
    return load_built(out)
