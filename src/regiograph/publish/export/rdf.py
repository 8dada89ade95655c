"""The RDF exports: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML and OWL 2 DL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from regiograph.errors import DataError, Issue, UsageError
from regiograph.publish.export.formats import ExportFormat
from regiograph.untrusted import for_terminal

if TYPE_CHECKING:
    import pyoxigraph as ox

    from regiograph.store.embedded import GraphStore

__all__ = ["to_rdf"]


def to_rdf(store: GraphStore, fmt: ExportFormat | str, dataset: _Dataset | None = None) -> bytes:
    """The dataset of ``store`` in an RDF format, as ``regiograph build`` writes it.

    Parameters
    ----------
    store : GraphStore
        A store holding a build (see :func:`regiograph.build.load_built`).
    fmt : ExportFormat or str
        An RDF format. Triple formats get the merged graph; N-Quads and TriG every named graph
        but the ontology's; JSON-LD the context made from the store's ontology.
    dataset : optional
        The store's quads, already read and sorted for another format (``write_all`` writes
        five formats from one reading).

    Returns
    -------
    bytes
        The serialisation, sorted, so the same data gives the same bytes.
    """
    from regiograph.store.jsonld import context, to_jsonld
    from regiograph.store.rdf_files import RdfFormat, serialize_sorted

    fmt = ExportFormat.parse(fmt)
    if not fmt.is_rdf:
        raise UsageError(f"{fmt.value} is not an RDF format")
    dataset = dataset or _Dataset(store)
    if fmt is ExportFormat.JSONLD:
        return to_jsonld(dataset.quads, context(dataset.ontology))
    if fmt is ExportFormat.OWL_DL:
        from regiograph.namespaces import ONTOLOGY_GRAPH
        from regiograph.publish.owldl import owl_dl_triples
        from regiograph.store.rdf_files import sorted_triples

        merged = sorted_triples([*store.quads(ONTOLOGY_GRAPH), *dataset.quads])
        return serialize_sorted(owl_dl_triples(merged), RdfFormat.TURTLE) or b""
    rdf_format = next(f for f in RdfFormat if f.key == fmt.value)  # the same names
    items = dataset.sorted_quads if rdf_format.is_dataset else dataset.sorted_triples
    content = serialize_sorted(items, rdf_format) or b""
    if fmt is ExportFormat.RDFXML:
        _check_xml(content)
    return content


def _check_xml(content: bytes) -> None:
    """RDF/XML cannot hold most control characters (XML 1.0 forbids them): say so rather than
    write a file no XML reader opens."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    try:
        parser.Parse(content, True)
    except expat.ExpatError as exc:
        line = content.splitlines()[exc.lineno - 1][:120].decode("utf-8", "replace")
        raise DataError([Issue(Path("graph.rdf"), exc.lineno, exc.offset + 1, "",
                               f"the graph cannot be written as RDF/XML: {expat.errors.messages[exc.code]} "
                               f"in {for_terminal(line)!r} (XML 1.0 forbids control characters)",
                               "export as ntriples, turtle or jsonld, or remove the control "
                               "character from the data")]) from None


class _Dataset:
    """The quads of a store but the ontology's, read once, and sorted once for the quad formats
    and once for the triple formats (as ``store.serialize`` would sort them each time)."""

    def __init__(self, store: GraphStore) -> None:
        from regiograph.namespaces import ONTOLOGY_GRAPH

        self.store = store
        self.quads = [q for g in store.graphs() if g != ONTOLOGY_GRAPH for q in store.quads(g)]
        self._sorted: dict[str, list[Any]] = {}

    @property
    def ontology(self) -> list[ox.Triple]:
        from regiograph.namespaces import ONTOLOGY_GRAPH
        from regiograph.store.rdf_files import sorted_triples

        return sorted_triples(self.store.quads(ONTOLOGY_GRAPH))

    @property
    def sorted_quads(self) -> list[ox.Quad]:
        from regiograph.store.rdf_files import sorted_quads

        if "quads" not in self._sorted:
            self._sorted["quads"] = sorted_quads(self.quads)
        return cast("list[ox.Quad]", self._sorted["quads"])

    @property
    def sorted_triples(self) -> list[ox.Triple]:
        from regiograph.store.rdf_files import sorted_triples

        if "triples" not in self._sorted:
            self._sorted["triples"] = sorted_triples(self.quads)
        return cast("list[ox.Triple]", self._sorted["triples"])
