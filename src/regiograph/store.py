"""The embedded RDF store: the only module that talks to the store engine (pyoxigraph).

A :class:`GraphStore` holds a dataset (named graphs), answers SPARQL with the union of its graphs
as the default graph, and serialises deterministically: quads are sorted before writing, so the
same data always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.namespaces import PREFIXES

__all__ = ["GraphStore", "RdfFormat", "serialize", "sorted_quads", "sorted_triples"]


class RdfFormat(Enum):
    """RDF serialisation formats, with their file extension and media type."""

    TURTLE = ("turtle", ".ttl", "text/turtle")
    N_TRIPLES = ("ntriples", ".nt", "application/n-triples")
    N_QUADS = ("nquads", ".nq", "application/n-quads")
    TRIG = ("trig", ".trig", "application/trig")
    JSON_LD = ("jsonld", ".jsonld", "application/ld+json")
    RDF_XML = ("rdfxml", ".rdf", "application/rdf+xml")

    def __init__(self, key: str, extension: str, media_type: str) -> None:
        self.key = key
        self.extension = extension
        self.media_type = media_type

    @property
    def is_dataset(self) -> bool:
        """Whether the format keeps named graphs."""
        return self in (RdfFormat.N_QUADS, RdfFormat.TRIG)

    @property
    def engine_format(self) -> ox.RdfFormat:
        return {
            RdfFormat.TURTLE: ox.RdfFormat.TURTLE,
            RdfFormat.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
            RdfFormat.N_QUADS: ox.RdfFormat.N_QUADS,
            RdfFormat.TRIG: ox.RdfFormat.TRIG,
            RdfFormat.JSON_LD: ox.RdfFormat.JSON_LD,
            RdfFormat.RDF_XML: ox.RdfFormat.RDF_XML,
        }[self]

    @classmethod
    def from_path(cls, path: Path) -> RdfFormat:
        """The format a file name's extension names.

        >>> RdfFormat.from_path(Path("graph.ttl")).name
        'TURTLE'
        """
        for fmt in cls:
            if path.suffix.lower() == fmt.extension:
                return fmt
        known = ", ".join(f.extension for f in cls)
        raise UsageError(f"cannot tell the RDF format of {path.name}; use one of {known}")


_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")


def _triple_key(subject: object, predicate: ox.NamedNode, obj: object) -> tuple[str, int, str, str]:
    # rdf:type and rdfs:label first in each subject's block, then predicates alphabetically
    rank = 0 if predicate == _TYPE else 1 if predicate == _LABEL else 2
    return (str(subject), rank, str(predicate), str(obj))


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Quads in a stable order: by graph, subject, then predicate (type and label first)."""
    return sorted(set(quads), key=lambda q: (str(q.graph_name),
                                             *_triple_key(q.subject, q.predicate, q.object)))


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The triples of ``quads`` without their graphs, de-duplicated and in a stable order."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return sorted(triples, key=lambda t: _triple_key(t.subject, t.predicate, t.object))


class GraphStore:
    """An in-memory RDF dataset with SPARQL 1.1 query.

    Examples
    --------
    >>> store = GraphStore()
    >>> store.add([ox.Quad(ox.NamedNode("http://e/a"), _LABEL, ox.Literal("A"),
    ...                    ox.NamedNode("http://e/g"))])
    >>> [row["label"].value for row in store.select("SELECT ?label WHERE { ?s rdfs:label ?label }")]
    ['A']
    """

    def __init__(self) -> None:
        self._store = ox.Store()

    def __len__(self) -> int:
        return len(self._store)

    def add(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (duplicates are ignored)."""
        self._store.extend(quads)

    def load(self, path: Path, graph: str | None = None) -> None:
        """Load an RDF file; triples go into ``graph`` (a named graph IRI) or the default graph."""
        fmt = RdfFormat.from_path(path).engine_format
        to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self._store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        """Every quad, or those of one named graph."""
        graph_name = ox.NamedNode(graph) if graph else None
        return iter(self._store.quads_for_pattern(None, None, None, graph_name))

    def graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def query(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
              ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query; ``bindings`` are bound as RDF terms by the engine, never as text."""
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items()}
        return self._store.query(prologue + sparql, use_default_graph_as_union=True,
                                 substitutions=substitutions)

    def select(self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
               ) -> list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]:
        """The rows of a SELECT query as dicts from variable name to term (unbound left out)."""
        result = self.query(sparql, bindings)
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


def serialize(quads: Iterable[ox.Quad], fmt: RdfFormat,
              output: IO[bytes] | Path | None = None) -> bytes | None:
    """Serialise quads deterministically; triple formats get the merged graph."""
    if fmt is RdfFormat.JSON_LD:
        raise UsageError("JSON-LD is written by regiograph.jsonld, with its context")
    items: list[ox.Quad] | list[ox.Triple] = (
        sorted_quads(quads) if fmt.is_dataset else sorted_triples(quads))
    prefixes = PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    target = str(output) if isinstance(output, Path) else output
    return ox.serialize(items, target, fmt.engine_format, prefixes=prefixes)
