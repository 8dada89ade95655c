"""Reading a shapes graph's triples into :class:`~regiograph.validation.shapes.Shape` objects,
refusing with :class:`~regiograph.validation.shapes.UnsupportedShapes` what the engine does not
implement rather than half-reading it."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import cast

import pyoxigraph as ox

from regiograph.validation.literals import LEXICAL, UNCHECKED_DATATYPES
from regiograph.validation.shapes import (
    RDF,
    RDF_TYPE,
    SH,
    SUPPORTED,
    XSD,
    Alternative,
    Inverse,
    Path,
    Shape,
    Term,
    UnsupportedShapes,
)

__all__ = ["ShapeReader"]

_RDFS_CLASS = "http://www.w3.org/2000/01/rdf-schema#Class"

#: The targets of a shape: their predicates in the ``sh:`` namespace.
_TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")

#: Predicates of the ``sh:`` namespace on a shape that are no constraint of their own (any other
#: namespace is no SHACL at all, and ignored, as SHACL says).
_DESCRIPTIVE = frozenset(SH + name for name in (
    "flags", "name", "description", "message", "severity", "order", "group", "defaultValue",
    "path", "property", "deactivated", *_TARGETS))


#: What makes a node a path of a form other than a predicate.
_PATH_FORMS = frozenset({RDF + "first", RDF + "rest", *(SH + form for form in (
    "inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"))})


class ShapeReader:
    """Turns the triples of a shapes graph into :class:`Shape` objects."""

    def __init__(self, triples: dict[Term, list[tuple[str, Term]]]) -> None:
        self.triples = triples
        self.done: dict[Term, Shape] = {}

    def read(self) -> list[Shape]:
        """Every shape: the nodes typed as shapes or with a target (those referred to by
        ``sh:property``, ``sh:node`` or ``sh:or`` are read with the shape that refers to them)."""
        return [self.shape(s) for s in sorted(self.triples, key=str)
                if self._types(s) & {SH + "NodeShape", SH + "PropertyShape"}
                or any(self._values(s, SH + t) for t in _TARGETS)]

    def _types(self, node: Term) -> set[str]:
        return {o.value for o in self._values(node, RDF_TYPE) if isinstance(o, ox.NamedNode)}

    def _values(self, node: Term, predicate: str) -> list[Term]:
        return [o for p, o in self.triples.get(node, []) if p == predicate]

    def _one(self, node: Term, predicate: str) -> Term | None:
        values = self._values(node, predicate)
        return values[0] if values else None

    def shape(self, node: Term) -> Shape:
        if node in self.done:
            return self.done[node]
        if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            raise UnsupportedShapes(f"a literal used as a shape: {node}")
        constraints = []
        for predicate, value in self.triples.get(node, []):
            if predicate in _DESCRIPTIVE or not predicate.startswith(SH):
                continue
            component = predicate.removeprefix(SH)
            if component not in SUPPORTED:
                raise UnsupportedShapes(f"{node}: {predicate} is not supported")
            constraints.append((component, self._parameter(node, component, value)))
        severity = self._one(node, SH + "severity")
        message = next((m.value for m in self._values(node, SH + "message")
                        if isinstance(m, ox.Literal) and m.language in (None, "en")), None)
        paths = self._values(node, SH + "path")
        if len(paths) > 1:
            raise UnsupportedShapes(f"{node}: a shape with {len(paths)} paths")
        classes = [t for t in self._values(node, SH + "targetClass")]
        if _RDFS_CLASS in self._types(node):
            classes.append(node)  # an implicit class target: the shape is also a class
        shape = Shape(node, self._path(paths[0]) if paths else None,
                      severity.value if isinstance(severity, ox.NamedNode) else SH + "Violation",
                      message, self._iris(node, classes, "targetClass"), tuple(constraints),
                      target_nodes=tuple(sorted(set(self._values(node, SH + "targetNode")),
                                                key=str)),
                      target_subjects_of=self._iris(
                          node, self._values(node, SH + "targetSubjectsOf"), "targetSubjectsOf"),
                      target_objects_of=self._iris(
                          node, self._values(node, SH + "targetObjectsOf"), "targetObjectsOf"),
                      deactivated=self._flag(node, "deactivated"))
        self.done[node] = shape  # before its properties: a shape may refer back to itself
        properties = []
        for member in self._values(node, SH + "property"):
            prop = self.shape(member)
            if prop.path is None:
                raise UnsupportedShapes(f"{member}: a property shape without sh:path")
            properties.append(prop)
        shape = replace(shape, properties=tuple(properties))
        self.done[node] = shape
        return shape

    def _iris(self, node: Term, values: list[Term], what: str) -> tuple[ox.NamedNode, ...]:
        if not all(isinstance(v, ox.NamedNode) for v in values):
            raise UnsupportedShapes(f"{node}: sh:{what} takes IRIs")
        return tuple(sorted(set(cast(list[ox.NamedNode], values)), key=str))

    def _flag(self, node: Term, name: str) -> bool:
        values = self._values(node, SH + name)
        if not values:
            return False
        if len(values) > 1 or not (isinstance(values[0], ox.Literal)
                                   and values[0].datatype.value == XSD + "boolean"
                                   and values[0].value in ("true", "false")):
            raise UnsupportedShapes(f"{node}: sh:{name} takes one boolean")
        return values[0].value == "true"

    def _parameter(self, node: Term, component: str, value: Term) -> object:
        if component == "datatype":
            if not isinstance(value, ox.NamedNode):
                raise UnsupportedShapes(f"{node}: sh:datatype takes an IRI")
            if value.value in UNCHECKED_DATATYPES or (
                    value.value.startswith(XSD) and value.value not in LEXICAL):
                raise UnsupportedShapes(f"{node}: sh:datatype {value.value} is not supported "
                                        "(the engine cannot tell its well-formed values)")
            return value
        if component in ("node", "not"):
            return self.shape(value)
        if component in ("or", "and", "xone"):
            return tuple(self.shape(member) for member in self._list(value))
        if component == "in":
            return frozenset(self._list(value))
        if component == "languageIn":
            ranges = self._list(value)
            if not all(isinstance(r, ox.Literal) for r in ranges):
                raise UnsupportedShapes(f"{node}: sh:languageIn takes a list of strings")
            return tuple(cast(ox.Literal, r).value.lower() for r in ranges)
        if component == "pattern":
            return self._pattern(node, value)
        if component in ("minCount", "maxCount", "minLength", "maxLength"):
            if not (isinstance(value, ox.Literal) and re.fullmatch(r"\+?[0-9]+", value.value)):
                raise UnsupportedShapes(f"{node}: sh:{component} takes a whole number")
            return int(value.value)
        if component in ("equals", "lessThan", "lessThanOrEquals", "disjoint"):
            if not isinstance(value, ox.NamedNode):
                raise UnsupportedShapes(f"{node}: sh:{component} takes a property IRI")
            return value
        if component == "uniqueLang":
            return isinstance(value, ox.Literal) and value.value == "true"
        return value

    def _pattern(self, node: Term, value: Term) -> re.Pattern[str]:
        """An ``sh:pattern`` as a Python regular expression, with its ``sh:flags``; XPath
        syntax that Python reads otherwise, or not at all, is refused."""
        flags = self._one(node, SH + "flags")
        letters = flags.value if isinstance(flags, ox.Literal) else ""
        if not isinstance(value, ox.Literal) or set(letters) - set("smiq"):
            raise UnsupportedShapes(f"{node}: sh:pattern {value} with sh:flags {letters!r} is "
                                    "not supported (flags s, m, i and q are)")
        text = re.escape(value.value) if "q" in letters else value.value
        if "q" not in letters and (re.search(r"\\[pPicIC]|-\[", text)):
            raise UnsupportedShapes(f"{node}: sh:pattern {value.value!r} uses XPath syntax that "
                                    "Python reads otherwise (\\p, \\i, \\c, class subtraction)")
        options = ((re.DOTALL if "s" in letters else 0) | (re.MULTILINE if "m" in letters else 0)
                   | (re.IGNORECASE if "i" in letters else 0))
        try:
            return re.compile(text, options)
        except re.error as exc:
            raise UnsupportedShapes(f"{node}: sh:pattern {value.value!r}: {exc}") from None

    def _list(self, head: Term) -> list[Term]:
        items = []
        while not (isinstance(head, ox.NamedNode) and head.value == RDF + "nil"):
            first = self._one(head, RDF + "first")
            rest = self._one(head, RDF + "rest")
            if first is None or rest is None:
                raise UnsupportedShapes(f"{head}: not a well-formed RDF list")
            items.append(first)
            head = rest
        return items

    def _path(self, node: Term) -> Path:
        if isinstance(node, ox.NamedNode):
            return node
        # a path node is one of the forms: a list (a sequence) or one of these, exactly once
        forms = [p for p, _ in self.triples.get(node, []) if p in _PATH_FORMS]
        if isinstance(node, ox.BlankNode) and forms == [SH + "inversePath"]:
            return Inverse(self._path(cast(Term, self._one(node, SH + "inversePath"))))
        if isinstance(node, ox.BlankNode) and forms == [SH + "alternativePath"]:
            items = self._list(cast(Term, self._one(node, SH + "alternativePath")))
            if len(items) < 2:
                raise UnsupportedShapes(f"{node}: an alternative path of fewer than two paths")
            return Alternative(tuple(self._path(p) for p in items))
        raise UnsupportedShapes(f"{node}: only predicate, inverse and alternative paths are "
                                "supported, each a node of one path form")
