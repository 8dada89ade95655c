"""The embedded RDF store.

A :class:`GraphStore` holds a dataset (named graphs) and keeps, as its default graph, the merge of
them all: every triple once, as SPARQL defines the merge. (The engine's "union default graph"
would return a triple once per graph that holds it, and so repeat rows.) It serialises
deterministically (:mod:`regiograph.store.rdf_files`): quads are sorted before writing, so the
same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.namespaces import PREFIXES, PROLOGUE
from regiograph.store.rdf_files import RdfFormat, iter_rdf, serialize, syntax_errors
from regiograph.store.sparql_text import service_call, with_values

__all__ = ["GraphStore"]

#: ``rdfs:label``, for the examples.
LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")


class GraphStore:
    """An in-memory RDF dataset with SPARQL 1.1 query.

    Examples
    --------
    >>> store = GraphStore()
    >>> store.add([ox.Quad(ox.NamedNode("http://e/a"), LABEL, ox.Literal("A"),
    ...                    ox.NamedNode("http://e/g"))])
    >>> [row["label"].value for row in store.select("SELECT ?label WHERE { ?s rdfs:label ?label }")]
    ['A']
    """

    def __init__(self) -> None:
        self._store = ox.Store()
        #: The build folder this store was loaded from (by :func:`regiograph.store.loading.
        #: load_built`), whose region queries the query library adds; None otherwise.
        self.build_dir: Path | None = None

    def __len__(self) -> int:
        """The number of quads in named graphs."""
        return sum(1 for _ in self.quads())

    @property
    def engine(self) -> ox.Store:
        """The pyoxigraph store itself, for readers that walk its quads (such as
        :mod:`regiograph.validation.shacl`); its default graph is the merge of the named graphs."""
        return self._store

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to their named graphs, and their triples to the merged default graph."""
        default = ox.DefaultGraph()
        quads = quads if isinstance(quads, list) else list(quads)
        # extend() takes the quads in one call: adding them one by one cost 10 s a million
        self._store.extend(quads)
        self._store.extend(ox.Quad(q.subject, q.predicate, q.object, default)
                           for q in quads if q.graph_name != default)

    def add_lines(self, lines: list[str]) -> None:
        """Add quads written as sorted lines of text (:mod:`regiograph.curation.lines`), as
        :meth:`add` adds quads: read by the engine as N-Quads and N-Triples, without a Python
        object per quad.

        >>> from regiograph.curation.lines import predicate_field, quad_line
        >>> store = GraphStore()
        >>> store.add_lines([quad_line("<http://e/g>", "<http://e/a>", predicate_field(
        ...     "http://e/p"), '"A"')])
        >>> len(store), [r["o"].value for r in store.select("SELECT ?o { ?s ?p ?o }")]
        (1, ['A'])
        """
        from regiograph.curation.lines import nquads, ntriples, triple_lines

        self._store.load(nquads(lines), format=ox.RdfFormat.N_QUADS)
        self._store.load(ntriples(triple_lines(lines)), format=ox.RdfFormat.N_TRIPLES,
                         to_graph=ox.DefaultGraph())

    def load_dataset(self, quads: Path, merged: Path) -> None:
        """Load a dataset's N-Quads file into its named graphs and its merged graph, the same
        triples once each in an N-Triples file (the caller's promise), into the default graph:
        read and stored by the engine, without a Python object per quad."""
        self._store.load(path=str(quads), format=ox.RdfFormat.N_QUADS)
        self._store.load(path=str(merged), format=ox.RdfFormat.N_TRIPLES)

    def load(self, path: Path, graph: str | None = None) -> None:
        """Load an RDF file: a dataset keeps its graphs; triples go into ``graph`` (an IRI).

        Raises :class:`~regiograph.errors.DataError` naming the file, line and column of a syntax
        error (see :func:`read_rdf`).
        """
        to_graph = ox.NamedNode(graph) if graph else None
        if to_graph is None and RdfFormat.from_path(path) in (RdfFormat.N_QUADS, RdfFormat.TRIG):
            self._load_dataset(path)
            return
        parsed = iter_rdf(path)
        if to_graph is None:
            self.add(parsed)
        else:
            self.add(ox.Quad(t.subject, t.predicate, t.object, to_graph) for t in parsed)

    def _load_dataset(self, path: Path) -> None:
        """A dataset file parsed and stored by the engine, without a Python object per quad
        (4 s instead of 11 s for a million quads), then merged into the default graph."""
        with syntax_errors(path), path.open("rb") as handle:
            if handle.read(3) != b"\xef\xbb\xbf":  # the byte-order mark, as in iter_rdf
                handle.seek(0)
            self._store.load(handle, format=RdfFormat.from_path(path).engine_format)
        self._store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad of the named graphs, or those of one named graph."""
        if graph is not None:
            return iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))
        return (q for q in self._store if q.graph_name != ox.DefaultGraph())

    def all_quads(self) -> Iterator[ox.Quad]:
        """Every quad, the merged default graph's included (for copying the store elsewhere)."""
        return iter(self._store)

    def to_rdflib(self) -> Any:
        """The named graphs as an ``rdflib.Dataset``, for researchers who work in rdflib.

        The quads travel as N-Quads, which both libraries read and write exactly; the merged
        default graph is left out (rdflib's ``Dataset`` can give the union itself with
        ``default_union = True``).

        >>> store = GraphStore()
        >>> store.add([ox.Quad(ox.NamedNode("http://e/a"), LABEL, ox.Literal("A"),
        ...                    ox.NamedNode("http://e/g"))])
        >>> dataset = store.to_rdflib()
        >>> [str(o) for _, _, o, _ in dataset.quads()]
        ['A']
        """
        import rdflib

        dataset = rdflib.Dataset()
        data = ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS) or b""
        dataset.parse(data=data.decode("utf-8"), format="nquads")
        return dataset

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
              allow_service: bool = False) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query; ``bindings`` are bound as RDF terms by the engine, never as text.

        A ``SERVICE`` clause makes the engine fetch from another server, so it is refused (a
        :class:`~regiograph.errors.UsageError`) unless ``allow_service`` is true.
        """
        if not allow_service and (called := service_call(sparql)) is not None:
            raise UsageError(f"the query calls a remote service ({called}); regiograph makes no "
                             "network requests unless asked: pass --allow-service "
                             "(allow_service=True) to allow it")
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._store.query(PROLOGUE + sparql, substitutions=substitutions)
        except RuntimeError as exc:
            # The engine substitutes only variables of the SELECT projection (SEP-0007); for the
            # others the same terms are joined in by a VALUES clause the engine serialises.
            if not bindings or "projection" not in str(exc):
                raise
            return self._store.query(PROLOGUE + with_values(sparql, bindings))

    def select(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
               allow_service: bool = False) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """The rows of a SELECT query as dicts from variable name to term (unbound left out)."""
        result = self.query(sparql, bindings, allow_service)
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in result]

    def serialize(self, fmt: RdfFormat, output: IO[bytes] | Path | None = None,
                  graphs: list[str] | None = None) -> bytes | None:
        """Write the dataset (quad formats) or the merged graph (triple formats), sorted."""
        quads = [q for q in self.quads() if graphs is None or
                 (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in graphs)]
        return serialize(quads, fmt, output)
