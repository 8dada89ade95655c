"""Typed access to one curated record's fields: each value parsed, checked and emitted as triples
into the graph of every source that states it, and each problem reported with its field's place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Protocol

from pyoxigraph import Literal, NamedNode

from regiograph.curation.entry import Citation, Entry
from regiograph.curation.values import (
    ValueProblem,
    parse_boolean,
    parse_date,
    parse_integer,
    parse_language,
    parse_number,
    parse_url,
    xsd,
)
from regiograph.curation.yamlfile import Mapping, Node, Scalar, Sequence
from regiograph.errors import Issue
from regiograph.model.kinds import KindVocabulary
from regiograph.namespaces import expand

__all__ = [
    "BOOLEAN",
    "DATE",
    "ENGLISH",
    "NUMBER",
    "POSITIVE",
    "RDFS_LABEL",
    "RDF_TYPE",
    "TEXT",
    "URL",
    "YEAR",
    "Compiling",
    "Record",
    "choice",
    "closest",
    "iri",
]

Term = NamedNode | Literal

_IDENTIFIERS = {
    "ror": "rg:ror", "lei": "rg:lei", "isin": "rg:isin", "fda-fei": "rg:fdaFei",
    "enterprise-number": "rg:enterpriseNumber", "wikidata": "rg:wikidata",
}
_IDENTIFIER_FORMS = {
    "ror": (r"0[a-z0-9]{6}\d{2}", "a 9-character ROR id such as 05f950310"),
    "lei": (r"[A-Z0-9]{18}\d{2}", "a 20-character LEI"),
    "isin": (r"[A-Z]{2}[A-Z0-9]{9}\d", "a 12-character ISIN such as BE0974487192"),
    "fda-fei": (r"\d{7,10}", "the digits of the FDA establishment identifier"),
    "enterprise-number": (r"[01]\d{9}", "the 10 digits of the KBO/BCE number, such as 0419052173"),
    "wikidata": (r"Q[1-9]\d*", "a Wikidata item id such as Q1234"),
}
@cache
def iri(curie: str) -> NamedNode:
    """The IRI of a prefixed name, made once: the engine checks every IRI it makes (0.7 µs)."""
    return NamedNode(expand(curie))


RDF_TYPE = iri("rdf:type")
RDFS_LABEL = iri("rdfs:label")


class Compiling(Protocol):
    """What a record and the handlers need from the compiler
    (:class:`regiograph.curation.compiler._Compiler`): a place for problems and triples, and the
    look-ups of citations, references, countries, names and kinds."""

    issues: list[Issue]
    kinds: KindVocabulary

    def add(self, s: NamedNode, p: NamedNode, o: Term, graphs: Iterable[NamedNode]) -> None: ...

    def citations(self, node: Node | None, where: str) -> list[Citation]: ...

    def ref(self, node: Scalar, where: str, collections: tuple[str, ...]) -> NamedNode | None: ...

    def country(self, node: Scalar, where: str) -> NamedNode | None: ...

    def name_of(self, entry_id: str) -> str: ...


class Record:
    """One record being compiled: typed access to its fields, each reported by name on error."""

    def __init__(self, compiler: Compiling, entry: Entry) -> None:
        if entry.mapping is None:
            raise ValueError(f"{entry.id}: the record's fields were not read")
        self.c = compiler
        self.entry = entry
        self.mapping = entry.mapping
        self.subject = entry.subject
        self.citations: list[Citation] = []
        if entry.collection not in ("documents", "sectors", "topics", "roles"):
            sources = self.field("sources")
            self.citations = self.c.citations(sources, self.where("sources"))
            if sources is None:
                self.problem("sources", "the record has no `sources`",
                             "list the documents that state it, such as [health-page#vib]")

    @property
    def graphs(self) -> list[NamedNode]:
        return [c.graph for c in self.citations]

    def where(self, name: str) -> str:
        return f"{self.entry.id}.{name}"

    def problem(self, name: str, message: str, hint: str = "") -> None:
        node = self.mapping.entries.get(name) or self.mapping
        self.c.issues.append(node.issue(self.where(name), message, hint))

    def finish(self, allowed: tuple[str, ...]) -> None:
        for name, key in self.mapping.keys.items():
            if name not in allowed:
                self.c.issues.append(key.issue(self.where(name), "unknown field",
                                               closest(name, allowed)))

    def field(self, name: str) -> Node | None:
        node = self.mapping.entries.get(name)
        if isinstance(node, Scalar) and node.is_null:
            self.c.issues.append(node.issue(self.where(name), "the field is empty",
                                            "give a value or remove the field"))
            return None
        return node

    def values(self, name: str, many: bool = False) -> list[tuple[Node, list[Citation]]]:
        """The values of a field, each with its citations (its own, or the record's)."""
        node = self.field(name)
        return [] if node is None else self.cited(node, name, many)

    def cited(self, node: Node, name: str, many: bool) -> list[tuple[Node, list[Citation]]]:
        if isinstance(node, Sequence) and not many:
            self.c.issues.append(node.issue(
                self.where(name), "expects one value, not a list",
                "keep one value (when sources disagree, give each claim as a cited value with "
                "its own sources)"))
            return []
        items = node.items if isinstance(node, Sequence) else [node]
        found = []
        for item in items:
            if isinstance(item, Mapping) and "value" in item.entries:
                for extra in set(item.entries) - {"value", "sources", "note"}:
                    self.c.issues.append(item.keys[extra].issue(
                        self.where(name), f"unknown key {extra!r} in a cited value",
                        "a cited value has only value, sources and note"))
                cites = self.c.citations(item.entries.get("sources"), self.where(f"{name}.sources"))
                found.append((item.entries["value"], cites or self.citations))
            else:
                found.append((item, self.citations))
        return found

    def parse(self, node: Node, name: str, parser: _Parser) -> Term | None:
        if not isinstance(node, Scalar) or node.is_null:
            self.c.issues.append(node.issue(self.where(name), "expects a single value here",
                                            "write plain text, not a list or mapping"))
            return None
        try:
            return parser(self, node, self.where(name))
        except _Reported:
            return None
        except ValueProblem as problem:
            self.c.issues.append(node.issue(self.where(name), problem.message, problem.hint))
            return None

    def emit(self, name: str, predicate: str, parser: _Parser, many: bool = False,
             required: bool = False, graphs: list[NamedNode] | None = None) -> list[Term]:
        """Emit one triple per value of a field; return the terms emitted."""
        node = self.field(name)
        if node is None:
            if required and name not in self.mapping.entries:
                self.problem(name, f"the record has no `{name}`", f"add `{name}:`")
            return []
        return self.emit_node(node, name, predicate, parser, many, graphs)

    def emit_node(self, node: Node, name: str, predicate: str, parser: _Parser,
                  many: bool = False, graphs: list[NamedNode] | None = None) -> list[Term]:
        emitted = []
        for value, cites in self.cited(node, name, many):
            term = self.parse(value, name, parser)
            if term is not None:
                targets = graphs if graphs is not None else [c.graph for c in cites]
                self.c.add(self.subject, iri(predicate), term, targets)
                emitted.append(term)
        return emitted

    def emit_claims(self, name: str, predicate: str, parser: _Parser) -> list[Term]:
        """Emit a field that takes one value, or, when sources disagree, one claim per source:
        a list of cited values, each with its own ``sources`` (a plain list stays an error)."""
        node = self.field(name)
        claims = isinstance(node, Sequence) and len(node.items) > 1 and all(
            isinstance(item, Mapping) and {"value", "sources"} <= set(item.entries)
            for item in node.items)
        return self.emit(name, predicate, parser, many=claims)

    def emit_type(self, cls: NamedNode, graphs: list[NamedNode] | None = None) -> None:
        self.c.add(self.subject, RDF_TYPE, cls, self.graphs if graphs is None else graphs)

    def refs_to(self, *collections: str) -> _Parser:
        def parser(record: Record, node: Scalar, where: str) -> Term:
            term = record.c.ref(node, where, collections)
            if term is None:
                raise _Reported
            return term
        return parser

    def one_text(self, name: str) -> str | None:
        node = self.field(name)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.c.issues.append(node.issue(self.where(name), "expects text"))
            return None
        return node.text

    def required_text(self, name: str) -> str | None:
        text = self.one_text(name)
        if text is None and name not in self.mapping.entries:
            self.problem(name, f"the record has no `{name}`", f"add `{name}:`")
        return text

    def names(self, predicates: list[str], graphs: list[NamedNode] | None = None) -> list[str]:
        """Emit the ``name`` field as labels; return the language tags given ('' for none)."""
        node = self.field("name")
        targets = self.graphs if graphs is None else graphs
        if node is None:
            if "name" not in self.mapping.entries:
                self.problem("name", "the record has no `name`", "add `name:`")
            return []
        pairs: list[tuple[str, Node]] = (
            [("", node)] if not isinstance(node, Mapping) else list(node.entries.items()))
        languages = []
        for language, value in pairs:
            if not isinstance(value, Scalar) or not value.text.strip():
                self.c.issues.append(value.issue(self.where("name"), "a name must be text",
                                                 "write the name, such as name: KU Leuven"))
                continue
            try:
                tag = parse_language(language) if language else None
            except ValueProblem as problem:
                self.c.issues.append(value.issue(self.where("name"), problem.message, problem.hint))
                continue
            for predicate in predicates:
                self.c.add(self.subject, iri(predicate), Literal(value.text, language=tag), targets)
            languages.append(language)
        return languages

    def kind(self, group: str, many: bool = False) -> str | None:
        """Type the record by its ``kind``; return the (first) kind id."""
        pairs = self.values("kind", many)
        if not pairs and "kind" not in self.mapping.entries:
            choices = ", ".join(self.c.kinds.in_group(group))
            self.problem("kind", "the record has no `kind`", f"add kind: one of {choices}")
        first = None
        for node, cites in pairs:
            if not isinstance(node, Scalar):
                continue
            kind = self.c.kinds.get(node.text, group)
            if kind is None:
                known = self.c.kinds.in_group(group)
                self.c.issues.append(node.issue(self.where("kind"), f"unknown kind {node.text!r}",
                                                closest(node.text, known, show_all=True)))
                continue
            graphs = [c.graph for c in cites]
            self.c.add(self.subject, RDF_TYPE, kind.cls, graphs)
            self.c.add(self.subject, iri("rg:kind"), kind.concept, graphs)
            first = first or node.text
        return first

    def mappings(self, name: str, keys: tuple[str, ...],
                 scalar_key: str | None = None) -> list[tuple[str, Mapping]]:
        """The items of a list of mappings (a bare scalar becomes ``{scalar_key: value}``)."""
        node = self.field(name)
        if node is None:
            return []
        items = node.items if isinstance(node, Sequence) else [node]
        found = []
        for index, item in enumerate(items):
            where = self.where(f"{name}[{index}]")
            if isinstance(item, Scalar) and scalar_key:
                item = Mapping(item.path, item.line, item.column, {scalar_key: item},
                               {scalar_key: item})
            if not isinstance(item, Mapping):
                self.c.issues.append(item.issue(where, "expects a mapping",
                                                f"write {{{', '.join(keys[:2])}: ...}}"))
                continue
            for extra in set(item.entries) - set(keys):
                self.c.issues.append(item.keys[extra].issue(where, f"unknown key {extra!r}",
                                                            closest(extra, keys)))
            found.append((where, item))
        return found

    def graphs_for(self, item: Mapping, where: str) -> list[NamedNode]:
        cites = self.c.citations(item.entries.get("sources"), f"{where}.sources")
        return [c.graph for c in (cites or self.citations)]

    def identifiers(self) -> None:
        node = self.field("identifiers")
        if node is None:
            return
        if not isinstance(node, Mapping):
            self.c.issues.append(node.issue(self.where("identifiers"), "expects a mapping",
                                            "write identifiers: {ror: 05f950310}"))
            return
        for scheme, value_node in node.entries.items():
            where = f"identifiers.{scheme}"
            if scheme not in (*_IDENTIFIERS, "website"):
                self.c.issues.append(node.keys[scheme].issue(
                    self.where(where), "unknown identifier scheme",
                    closest(scheme, (*_IDENTIFIERS, "website"), show_all=True)))
                continue
            if scheme == "website":
                self.emit_node(value_node, where, "foaf:homepage", URL)
                continue
            for value, cites in self.cited(value_node, where, many=False):
                term = self.parse(value, where, _identifier(scheme))
                if term is None:
                    continue
                graphs = [c.graph for c in cites]
                self.c.add(self.subject, iri(_IDENTIFIERS[scheme]), term, graphs)
                if scheme == "ror":
                    self.c.add(self.subject, iri("schema:sameAs"),
                               NamedNode("https://ror.org/" + term.value), graphs)

    def describe(self) -> None:
        self.emit("description", "dcterms:description", ENGLISH)
        for where, item in self.mappings("described_as", ("text", "sources"), scalar_key="text"):
            text = item.entries.get("text")
            if not isinstance(text, Scalar) or not text.text:
                self.c.issues.append(item.issue(where, "a description needs `text`"))
                continue
            self.c.add(self.subject, iri("rg:describedAs"), Literal(text.text, language="en"),
                       self.graphs_for(item, where))


class _Reported(ValueProblem):
    """Raised by a parser that has already recorded its own issue."""

    def __init__(self) -> None:
        super().__init__("")


_Parser = Callable[[Record, Scalar, str], Term]


def _lift(parse: Callable[[str], Term]) -> _Parser:
    return lambda _record, node, _where: parse(node.text)


def _plain_text(text: str) -> Literal:
    if not text.strip():
        raise ValueProblem("the text is empty", "write the value or remove the field")
    return Literal(text)


def _year_only(text: str) -> Literal:
    literal = parse_date(text)
    if literal.datatype != xsd("gYear"):
        raise ValueProblem(f"{text!r} is not a year", "write a four-digit year such as 2021")
    return literal


def _positive_integer(text: str) -> Literal:
    literal = parse_integer(text)
    if int(literal.value) < 1:
        raise ValueProblem(f"{text} is not a positive number", "ranks start at 1")
    return literal


def _identifier(scheme: str) -> _Parser:
    pattern, description = _IDENTIFIER_FORMS[scheme]

    def parse(text: str) -> Term:
        if not re.fullmatch(pattern, text, re.ASCII):
            raise ValueProblem(f"{text!r} is not a valid {scheme} identifier", f"write {description}")
        return Literal(text)
    return _lift(parse)


TEXT = _lift(_plain_text)
ENGLISH = _lift(lambda text: Literal(_plain_text(text).value, language="en"))
DATE = _lift(parse_date)
YEAR = _lift(_year_only)
NUMBER = _lift(parse_number)
BOOLEAN = _lift(parse_boolean)
POSITIVE = _lift(_positive_integer)
URL = _lift(parse_url)


def closest(word: str, choices: Iterable[str], show_all: bool = False) -> str:
    """A hint naming the closest known choice, or all choices when they are few."""
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if show_all or len(options) <= 12:
        return "known: " + ", ".join(options) if options else ""
    return ""


def choice(choices: tuple[str, ...], what: str) -> Callable[[Record, Scalar, str], Term]:
    """A parser accepting one of ``choices`` as plain text."""
    def parse(_record: Record, node: Scalar, _where: str) -> Term:
        if node.text not in choices:
            raise ValueProblem(f"unknown {what} {node.text!r}",
                               closest(node.text, choices, show_all=True))
        return Literal(node.text)
    return parse
