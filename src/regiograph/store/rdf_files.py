"""RDF files: their formats, reading them with every syntax error placed at its line and column,
and writing quads or triples deterministically (sorted, so the same data always gives the same
bytes)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from regiograph.errors import DataError, Issue, UsageError
from regiograph.namespaces import PREFIXES

__all__ = ["RdfFormat", "check_xml_entities", "iter_rdf", "read_rdf", "serialize",
           "serialize_sorted", "sorted_quads", "sorted_triples", "syntax_errors"]


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
    with syntax_errors(path):
        if fmt is RdfFormat.RDF_XML:
            check_xml_entities(path, path.read_bytes())
        with path.open("rb") as handle:
            if handle.read(3) != b"\xef\xbb\xbf":  # a UTF-8 byte-order mark is skipped, as
                handle.seek(0)                         # editors add it and it means nothing
            yield from ox.parse(handle, format=fmt.engine_format, base_iri=base_iri)


@contextmanager
def syntax_errors(path: Path) -> Iterator[None]:
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
