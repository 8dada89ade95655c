"""The build: compile curated data, validate it, and write the graph in every RDF form under one
output folder, replaced as a whole only when every step succeeded."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from regiograph.atomic import refuse_working_folder, replace_folder
from regiograph.bounded import beside
from regiograph.curation.cache import CompileCache
from regiograph.curation.compiler import CompiledRegion, compile_region
from regiograph.curation.lines import nquads_chunks, ntriples_chunks
from regiograph.errors import UsageError, ValidationFailed
from regiograph.manifest import MARKER, read_manifest
from regiograph.memory import collector_paused, high_water_mark
from regiograph.model.kinds import load_kinds
from regiograph.queries.library import REGION_DEFAULTS, Library
from regiograph.resources import ontology_dir, queries_dir, region_dir
from regiograph.store.embedded import GraphStore
from regiograph.store.jsonld import context, ntriples_to_jsonld
from regiograph.store.loading import load_built, load_ontology, ontology_files
from regiograph.store.rdf_files import RdfFormat, serialize_sorted
from regiograph.validation.report import ENGINES, Finding, Severity, ValidationReport, validate

__all__ = ["COMPILE_ASIDE_ABOVE", "BuildResult", "build", "load_built", "load_ontology"]

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build did: counts, the validation report, files written and time per step."""

    out: Path
    counts: dict[str, int]
    report: ValidationReport
    files: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    #: Outputs of other commands inside ``out`` (``out/analysis``), kept through the rebuild.
    kept: list[Path] = field(default_factory=list)
    #: Those of them made from an earlier version of the graph: to be run again.
    stale: list[Path] = field(default_factory=list)
    #: The data files compiled (paths relative to the region folder); the others' output came
    #: from the compile cache of the previous build in ``out``.
    recompiled: list[str] = field(default_factory=list)
    #: Every data file of the region, relative to its folder.
    sources: list[str] = field(default_factory=list)
    #: Peak memory (MB) of the process that compiled: this one, or for a large region the child
    #: that compiled it (:data:`COMPILE_ASIDE_ABOVE`), whose peak this process's does not count.
    compile_memory: float = 0.0


def build(data: Path | str | None = None, out: Path | str = Path("build"),
          progress: Progress | None = None, shacl: str = "native",
          incremental: bool = True) -> BuildResult:
    """Compile ``data`` (default: the bundled Leuven region), validate it (``shacl`` names the
    SHACL engine, see :func:`~regiograph.validation.report.validate`) and write ``out``.

    With ``incremental`` (the default), the files whose bytes are those of the previous build in
    ``out``, and whose references into other files still hold, are not compiled again: their
    output comes from that build's compile cache (``out/compile-cache/``). The outputs are the
    same bytes as those of a full build.

    Raises :class:`~regiograph.errors.DataError` for invalid data and
    :class:`~regiograph.errors.ValidationFailed` when the graph breaks a shape; in both cases
    ``out`` is left as it was.
    """
    if shacl not in ENGINES:
        raise UsageError(f"unknown SHACL engine {shacl!r}: use one of {', '.join(ENGINES)}")
    say = progress or (lambda _step: None)
    timings: dict[str, float] = {}
    data = Path(data) if data is not None else region_dir()
    out = Path(out)
    refuse_working_folder(out, "build")  # before the work, not after

    with _timed(timings, "compile"):
        say("compiling " + str(data))
        library = Library.of_region(queries_dir(), data / "queries")
        cache = CompileCache.of_build(out) if incremental else None
        region, compile_memory = _compile(data, cache)
    steps = _Steps(region, library, shacl, cache, data / "queries", out, say, timings)
    # validated inside the new folder: the N-Quads and N-Triples the store loads are written
    # there first, and not held in memory beside the store; a failure leaves ``out`` as it was
    kept = replace_folder(out, steps.run, "build", inputs=[data])
    written = read_manifest(out)["files"]  # type: ignore[index]
    files = sorted([*written, MARKER])
    stale = [k for k in kept if (read_manifest(k) or {}).get("build") != written["dataset.nq"]]
    return BuildResult(out, region.counts, steps.report, files, timings, kept, stale,
                       region.recompiled, list(region.hashes), compile_memory)


#: Regions of more YAML than this (bytes; about 400,000 triples) are compiled in a child
#: process: the compile's Python heap (a gigabyte at a million triples, freed but kept by the
#: allocator) then goes back with the child, and the store loads beside what is left.
COMPILE_ASIDE_ABOVE = 8_000_000


def _compile(data: Path, cache: CompileCache | None) -> tuple[CompiledRegion, float]:
    """The compiled region and the peak memory (MB) of the process that compiled it."""
    def work() -> tuple[CompiledRegion, float]:
        with collector_paused():
            region = compile_region(data, load_kinds(), cache)
        return region, high_water_mark()

    size = sum(path.stat().st_size for path in data.rglob("*.yaml"))
    with beside(work, "compiling", fork=size > COMPILE_ASIDE_ABOVE) as compiled:
        return compiled()


@dataclass
class _Steps:
    """Loading, validating and writing a compiled region, in the new output folder."""

    region: CompiledRegion
    library: Library
    shacl: str
    cache: CompileCache | None
    region_queries: Path
    out: Path
    say: Progress
    timings: dict[str, float]
    report: ValidationReport = field(default_factory=ValidationReport)

    def run(self, folder: Path) -> dict[str, object]:
        """Load, validate (raising :class:`ValidationFailed`), write; the manifest's fields."""
        region = self.region
        with _timed(self.timings, "load"), collector_paused():
            self.say("loading the store")
            self.write_lines(folder)
            ctx = context(t for path in ontology_files() for t in
                          ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        # TriG, Turtle and JSON-LD are written by a child beside the loading and validating:
        # the engine holds the interpreter lock, and a machine has more than one core
        with beside(lambda: _write_outputs(folder, ctx), "writing TriG, Turtle and JSON-LD") \
                as written:
            with _timed(self.timings, "load"), collector_paused():
                self.store = GraphStore()
                self.store.load_dataset(folder / "dataset.nq", folder / "graph.nt")
                load_ontology(self.store)
            with _timed(self.timings, "validate"):
                self.say("validating")
                self.validate()
            with _timed(self.timings, "write"):
                self.say("writing " + str(self.out))
                self.store = GraphStore()  # the store is done with: its memory goes back
                written()
        with _timed(self.timings, "write"):
            _copy_region_queries(self.region_queries, folder / "queries")
            self.report.write(folder)
        return {
            "counts": region.counts,
            "validation": {"violations": len(self.report.violations),
                           "warnings": len(self.report.warnings)},
            # the hashes of the bytes that were compiled, not of the files as they are now
            "sources": region.hashes,
        }

    def write_lines(self, folder: Path) -> None:
        """Write the dataset as N-Quads, its merged graph as N-Triples and the compile cache,
        then let the lines go: the next steps read the files, and the store takes the memory."""
        region = self.region
        _write_chunks(folder / "dataset.nq", nquads_chunks(region.lines))
        _write_chunks(folder / "graph.nt", ntriples_chunks(region.triples))
        _write_cache(folder, region, self.cache)
        region.lines.clear()
        region.triples.clear()
        for compiled in region.compiled.values():
            compiled.lines = []

    def validate(self) -> None:
        """The shapes, the quality-control queries and the curators' notices."""
        region = self.region
        self.report = validate(self.store, ontology_dir(), self.library, region.locations,
                               self.shacl)
        self.report.add(Finding(Severity.WARNING, n.focus, n.message, n.check, value=n.value,
                                location=_where(region, n.focus)) for n in region.notices)
        if not self.report.conforms:
            raise ValidationFailed(self.report, f"{len(self.report.violations)} violations of "
                                                "the shapes and checks")


def _where(region: CompiledRegion, iri: str) -> tuple[str, int] | None:
    found = region.locations.get(iri)
    return (str(found[0]), found[1]) if found else None


def _write_outputs(folder: Path, ctx: dict[str, Any]) -> None:
    """TriG, Turtle and JSON-LD from the N-Quads and N-Triples written before: the engine reads
    them and writes in their order, one quad at a time (a million quads is 100 MB a file)."""
    nq, nt = folder / "dataset.nq", folder / "graph.nt"
    serialize_sorted(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS), RdfFormat.TRIG,
                     folder / "dataset.trig")
    serialize_sorted(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), RdfFormat.TURTLE,
                     folder / "graph.ttl")
    with nt.open(encoding="utf-8") as lines:
        # each line: subject, predicate (neither holds a space) and object, then " ."
        triples = (line[:-3].split(" ", 2) for line in lines)
        (folder / "graph.jsonld").write_bytes(ntriples_to_jsonld(
            ((s, p, o) for s, p, o in triples), ctx))
    (folder / "context.jsonld").write_text(json.dumps(ctx, indent=1) + "\n", encoding="utf-8")
    shutil.copytree(ontology_dir(), folder / "ontology")


def _write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write a file piece by piece (a new file in the build's own new folder)."""
    with path.open("wb") as file:
        for chunk in chunks:
            file.write(chunk)


def _write_cache(folder: Path, region: CompiledRegion, cache: CompileCache | None) -> None:
    """Write each data file's compile cache entry; an entry the previous build already holds is
    linked (or copied) from it rather than written again."""
    for entry, compiled in region.cache_entries():
        target = folder / entry
        target.parent.mkdir(parents=True, exist_ok=True)
        earlier = cache.path(entry) if cache is not None else None
        if earlier is not None and compiled.name not in region.recompiled:
            try:
                os.link(earlier, target)
                continue
            except OSError:  # another file system, or no hard links: copy it
                pass
        target.write_bytes(compiled.dumps())


def _copy_region_queries(source: Path, target: Path) -> None:
    """Copy a region's own queries and defaults into the build, so that they travel with its
    graph: the ``.rq`` files and ``defaults.yaml``, nothing else."""
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_file() and (path.suffix == ".rq" or path.name == REGION_DEFAULTS):
            copy = target / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(path.read_bytes())


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    """Add the time the block takes to ``timings[step]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - start
