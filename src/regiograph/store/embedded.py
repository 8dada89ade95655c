"""The embedded RDF store: the only module that talks to the store engine (pyoxigraph).

A :class:`GraphStore` holds a dataset (named graphs) and keeps, as its default graph, the merge of
them all: every triple once, as SPARQL defines the merge. (The engine's "union default graph"
would return a triple once per graph that holds it, and so repeat rows.) It serialises
deterministically: quads are sorted before writing, so the same data always gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from regiograph.errors import DataError, Issue, UsageError
from regiograph.namespaces import PREFIXES, PROLOGUE

__all__ = ["GraphStore", "RdfFormat", "check_xml_entities", "iter_rdf", "read_rdf", "serialize",
           "serialize_sorted", "service_call", "sorted_quads", "sorted_triples", "values_clause",
           "with_values"]


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


_FORMAT_NAMES = {
    "TURTLE": "Turtle", "N_TRIPLES": "N-Triples", "N_QUADS": "N-Quads", "TRIG": "TriG",
    "JSON_LD": "JSON-LD", "RDF_XML": "RDF/XML",
}
_POSITION = re.compile(r"^Parser error (?:at line \d+ between columns \d+ and \d+|between line \d+ "
                       r"column \d+ and line \d+ column \d+|at line \d+ column \d+): ")
_HINTS = (  # words of the engine's message, and how a person fixes the file
    ("scheme", "write absolute IRIs such as <https://example.org/x>, or declare @base"),
    ("has not been declared", "declare the prefix first: @prefix ex: <https://example.org/> ."),
    ("not a valid subject", "a subject (or graph name) is an <IRI>, a prefixed name or a blank "
                            "node, never a literal"),
    ("not a valid predicate", "a predicate is an <IRI> or a prefixed name such as ex:name, "
                              "never a literal"),
    ("IRI code point", "an IRI cannot hold spaces or <>\"{}|^`\\: percent-encode them (%20)"),
    ("must be an IRI", "N-Triples and N-Quads write every IRI in full, in <angle brackets>, and "
                       "a literal only as the object"),
    ("escape", "escape only with \\t \\n \\r \\\" \\' \\\\ \\uXXXX or \\UXXXXXXXX"),
    ("Unexpected end", "close what is still open (a string, an <IRI>, a bracket, a { graph }) and "
                       "end each statement with ' .'"),
    ("LoadDocumentCallback", "remote JSON-LD contexts are never fetched: put the context in the "
                             "file"),
    ("UTF-8", "save the file as UTF-8"),
)
#: Largest total expansion of the XML entities of an RDF/XML file (characters).
_ENTITY_BUDGET = 1_000_000


def read_rdf(path: Path, base_iri: str | None = None) -> list[ox.Quad]:
    """Every quad of an RDF file, its format told by its extension (see :class:`RdfFormat`).

    This is the reader for RDF that people bring: a syntax error is a
    :class:`~regiograph.errors.DataError` naming the file, line and column. Relative IRIs are
    refused unless ``base_iri`` is given; a UTF-8 byte-order mark is skipped; a JSON-LD remote
    context is never fetched; RDF/XML with external or nested entities (an "XML bomb") is refused
    before it is parsed.

    >>> import tempfile
    >>> ttl = Path(tempfile.mkdtemp()) / "mine.ttl"
    >>> _ = ttl.write_text('<https://e.org/a> <https://e.org/b> <c> .')
    >>> try:
    ...     read_rdf(ttl)
    ... except DataError as exc:
    ...     issue = exc.issues[0]
    ...     print(issue.path.name, issue.line, issue.column, issue.message)
    mine.ttl 1 37 Turtle syntax error: No scheme found in an absolute IRI
    """
    return list(iter_rdf(path, base_iri))


def iter_rdf(path: Path, base_iri: str | None = None) -> Iterator[ox.Quad]:
    """The quads of an RDF file one by one, read as :func:`read_rdf` reads them (a big dataset
    need not be held twice in memory)."""
    fmt = RdfFormat.from_path(path)
    with _syntax_errors(path):
        if fmt is RdfFormat.RDF_XML:
            check_xml_entities(path, path.read_bytes())
        with path.open("rb") as handle:
            if handle.read(3) != b"\xef\xbb\xbf":  # a UTF-8 byte-order mark is skipped, as
                handle.seek(0)                         # editors add it and it means nothing
            yield from ox.parse(handle, format=fmt.engine_format, base_iri=base_iri)


@contextmanager
def _syntax_errors(path: Path) -> Iterator[None]:
    """The engine's syntax and reading errors as a DataError naming file, line and column."""
    name = _FORMAT_NAMES[RdfFormat.from_path(path).name]
    try:
        yield
    except SyntaxError as exc:
        message = re.sub(r" \(line \d+\)$", "", _POSITION.sub("", exc.msg or str(exc)))
        hint = next((h for word, h in _HINTS if word in message), f"check the {name} syntax here")
        raise DataError([Issue(path, exc.lineno, exc.offset, "", f"{name} syntax error: {message}",
                               hint)]) from None
    except OSError as exc:
        raise DataError([Issue(path, None, None, "", f"cannot read the file: {exc.strerror or exc}",
                               "check the path")]) from None


class _PrologDone(Exception):
    """Raised to stop reading an XML file where its document type declaration ends."""


def check_xml_entities(path: Path, data: bytes) -> None:
    """Refuse entity declarations that expand without bound or read other files.

    The engine expands internal entities recursively (a "billion laughs" file takes all memory)
    and Python's expat reports declarations without expanding them, so the declarations are read
    first: external entities and DTDs, parameter entities and entities that refer to entities are
    refused, as are references that would expand to more than ``_ENTITY_BUDGET`` characters.
    Plain ``<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">`` shortcuts stay allowed.
    """
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate()
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
    values: dict[str, str] = {}

    def refuse(message: str) -> DataError:
        return DataError([Issue(path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, "",
                                f"RDF/XML refused: {message}",
                                "write the values out in full instead of XML entities")])

    def doctype(_name: str, system_id: str | None, public_id: str | None, _internal: int) -> None:
        if system_id or public_id:
            raise refuse("the document type refers to an external DTD")

    def entity(name: str, is_parameter: int, value: str | None, _base: str | None,
               system_id: str | None, public_id: str | None, _notation: str | None) -> None:
        if is_parameter:
            raise refuse(f"parameter entity %{name}; is not supported")
        if value is None or system_id or public_id:
            raise refuse(f"external entity &{name}; (it would read another file or address)")
        if "&" in value:  # character references are already replaced: this is an entity
            raise refuse(f"entity &{name}; refers to other entities (an XML bomb?)")
        values[name] = value

    def stop(*_args: object) -> None:
        raise _PrologDone

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.EndDoctypeDeclHandler = stop
    parser.StartElementHandler = stop
    try:
        parser.Parse(data, True)
    except _PrologDone:
        pass
    except xml.parsers.expat.ExpatError as exc:
        raise DataError([Issue(path, exc.lineno, exc.offset + 1, "",
                               f"RDF/XML syntax error: {xml.parsers.expat.errors.messages[exc.code]}",
                               "check the XML syntax here")]) from None
    expansion = sum(len(value) * data.count(f"&{name};".encode()) for name, value in values.items())
    if expansion > _ENTITY_BUDGET:
        raise DataError([Issue(path, None, None, "", f"RDF/XML refused: its entities expand to "
                               f"{expansion:,} characters (an XML bomb?)",
                               "write the values out in full instead of XML entities")])


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
        with _syntax_errors(path), path.open("rb") as handle:
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
        >>> store.add([ox.Quad(ox.NamedNode("http://e/a"), _LABEL, ox.Literal("A"),
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


def values_clause(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """A ``VALUES`` block binding each variable to its term.

    Terms are written in their N-Triples form by the engine, which escapes every literal, so no
    value is ever formatted into the query as text.

    >>> values_clause({"_org_iri": ox.NamedNode("https://w3id.org/regiograph/id/imec"),
    ...                "_name": ox.Literal('say "hi" }')})
    ' VALUES (?_org_iri ?_name) { (<https://w3id.org/regiograph/id/imec> "say \\\\"hi\\\\" }") } '
    """
    if not bindings:
        return ""
    for term in bindings.values():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise UsageError("only IRIs and literals can be bound")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


# A keyword, not part of a variable (?where), a prefixed name (ex:service) or a longer word.
_KEYWORD = r"(?<![\w?$:.-]){}(?![\w:-])"
_TOKENS = re.compile(r"""
    (?P<skip>\#[^\n]*|'{3}.*?'{3}|"{3}.*?"{3}|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
              |<[^<>"{}|^`\\\s]*>)
  | (?P<where>""" + _KEYWORD.format("WHERE") + r""")
  | (?P<service>""" + _KEYWORD.format("SERVICE") + r"""(?:\s+SILENT\b)?\s*(?:<[^<>\s]*>|[^\s{}]+)?)
  | (?P<open>\{) | (?P<close>\})
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)


def service_call(sparql: str) -> str | None:
    """The first ``SERVICE`` clause of a query (keyword and endpoint), or None.

    Strings, IRIs and comments are skipped, so only a real clause counts.

    >>> service_call('SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }')
    'SERVICE <http://e/sparql>'
    >>> service_call('SELECT ?service { ?s ex:service "SERVICE <x>" } # SERVICE') is None
    True
    """
    for token in _TOKENS.finditer(sparql):
        if token.lastgroup == "service":
            return " ".join(token.group().split())
    return None


def with_values(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a VALUES block opening its WHERE clause, so the bound terms are in scope
    for every pattern and filter of the top-level group, as pre-bound variables would be.

    >>> with_values('SELECT ?x WHERE { ?x ?p "{" FILTER(?x = ?_y) }', {"_y": ox.Literal("a")})
    'SELECT ?x WHERE { VALUES (?_y) { ("a") }  ?x ?p "{" FILTER(?x = ?_y) }'
    """
    if not bindings:
        return sparql
    depth, seen_where, first_open = 0, False, None
    for token in _TOKENS.finditer(sparql):
        kind = token.lastgroup
        if kind == "where" and depth == 0:
            seen_where = True
        elif kind == "open":
            if depth == 0 and (seen_where or first_open is None):
                first_open = token.end()
                if seen_where:
                    break
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_open is None:
        raise UsageError("cannot bind parameters: the query has no WHERE clause")
    return sparql[:first_open] + values_clause(bindings) + sparql[first_open:]


def serialize(quads: Iterable[ox.Quad], fmt: RdfFormat,
              output: IO[bytes] | Path | None = None) -> bytes | None:
    """Serialise quads deterministically; triple formats get the merged graph."""
    if fmt is RdfFormat.JSON_LD:
        raise UsageError("JSON-LD is written by regiograph.store.jsonld, with its context")
    items: list[ox.Quad] | list[ox.Triple] = (
        sorted_quads(quads) if fmt.is_dataset else sorted_triples(quads))
    return serialize_sorted(items, fmt, output)


def serialize_sorted(items: Iterable[ox.Quad] | Iterable[ox.Triple], fmt: RdfFormat,
                     output: IO[bytes] | Path | None = None) -> bytes | None:
    """Serialise quads or triples already in :func:`sorted_quads` or :func:`sorted_triples`
    order, in that order (a list, or the engine's parser reading a sorted file)."""
    prefixes = PREFIXES if fmt in (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDF_XML) else None
    target = str(output) if isinstance(output, Path) else output
    return ox.serialize(items, target, fmt.engine_format, prefixes=prefixes)
