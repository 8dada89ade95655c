"""SHACL Core validation of the store's merged graph, read where it lies.

pySHACL copies the graph into rdflib and evaluates every shape node by node: about 34 thousand
triples a second here, half a minute at a million triples. This engine reads each property the
shapes use once, as a whole, from the pyoxigraph store, and checks whole shapes against those
indexes, so its cost grows with the triples and not with focus nodes times shapes.

It implements the SHACL Core parts that regiograph's shapes use (:data:`SUPPORTED`): class
targets, predicate, inverse and alternative paths, and the components listed there. A shapes graph
that uses anything else is refused with :class:`UnsupportedShapes` rather than half-checked;
:func:`regiograph.validation.report.validate` then falls back to pySHACL. The tests run both engines on
the same graphs and require the same results.

Examples
--------
>>> import pyoxigraph as ox
>>> EX, SH = "http://example.org/", "http://www.w3.org/ns/shacl#"
>>> shapes = ShapesGraph.parse(b'''
...   @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
...   ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
...     sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "needs a name" ] .''')
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode(EX + "ann"), ox.NamedNode(RDF_TYPE), ox.NamedNode(EX + "Person")))
>>> [(r.focus.value, r.message) for r in shapes.validate(store)]
[('http://example.org/ann', 'needs a name')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import cast

import pyoxigraph as ox

from regiograph.errors import RegiographError
from regiograph.memory import collector_paused

__all__ = ["SUPPORTED", "Alternative", "Inverse", "Result", "Shape", "ShapesGraph",
           "UnsupportedShapes", "path_text"]

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_DEFAULT = ox.DefaultGraph()

Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: The constraint components this engine checks (local names in the ``sh:`` namespace).
SUPPORTED = frozenset({
    "class", "datatype", "nodeKind", "minCount", "maxCount", "pattern", "flags", "in",
    "minInclusive", "lessThanOrEquals", "disjoint", "uniqueLang", "node", "or", "hasValue"})

#: Components checked on every focus node, also those without values.
_ON_EVERY_NODE = frozenset({"minCount", "hasValue"})

#: Predicates of a shape that are no constraint of their own.
_DESCRIPTIVE = frozenset({
    SH + "flags", SH + "name", SH + "description", SH + "message", SH + "severity", SH + "order",
    SH + "group", SH + "defaultValue", SH + "path", SH + "property", SH + "targetClass",
    RDF_TYPE, "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment"})


class UnsupportedShapes(RegiographError):
    """The shapes use a SHACL feature this engine does not implement."""


@dataclass(frozen=True)
class Inverse:
    """``sh:inversePath``: from object to subject."""

    path: Path


@dataclass(frozen=True)
class Alternative:
    """``sh:alternativePath``: the values of any of the paths."""

    paths: tuple[Path, ...]


Path = ox.NamedNode | Inverse | Alternative


def path_text(path: Path, name: Callable[[str], str] = lambda iri: f"<{iri}>") -> str:
    """A path in SPARQL property-path syntax, each IRI written by ``name``.

    >>> path_text(Alternative((ox.NamedNode("http://e/a"), Inverse(ox.NamedNode("http://e/b")))))
    '<http://e/a>|^<http://e/b>'
    """
    if isinstance(path, Inverse):
        return "^" + path_text(path.path, name)
    if isinstance(path, Alternative):
        return "|".join(path_text(p, name) for p in path.paths)
    return name(path.value)


@dataclass(frozen=True)
class Shape:
    """A node shape (no path) or property shape, with its constraints as
    ``(component, parameter)`` pairs."""

    node: ox.NamedNode | ox.BlankNode
    path: Path | None
    severity: str
    message: str | None
    targets: tuple[ox.NamedNode, ...] = ()
    constraints: tuple[tuple[str, object], ...] = ()
    properties: tuple[Shape, ...] = ()


@dataclass(frozen=True)
class Result:
    """One validation result, with the fields of ``sh:ValidationResult``."""

    focus: Term
    shape: Shape
    component: str
    value: Term | None

    @property
    def message(self) -> str:
        return self.shape.message or f"sh:{self.component} is not satisfied"

    @property
    def severity(self) -> str:
        return self.shape.severity


class ShapesGraph:
    """The shapes of a shapes graph, ready to validate data graphs."""

    def __init__(self, shapes: Sequence[Shape]) -> None:
        self.shapes = tuple(shapes)

    @classmethod
    def parse(cls, *sources: bytes) -> ShapesGraph:
        """Read shapes from Turtle documents; raises :class:`UnsupportedShapes` for a feature
        this engine does not implement."""
        triples: dict[Term, list[tuple[str, Term]]] = {}
        for source in sources:
            for t in ox.parse(source, format=ox.RdfFormat.TURTLE):
                triples.setdefault(t.subject, []).append((t.predicate.value, t.object))
        return cls(_ShapeReader(triples).read())

    def validate(self, store: ox.Store) -> list[Result]:
        """Every result of every targeted shape on the store's default graph."""
        data = _Data(store)
        found: list[Result] = []
        with collector_paused():  # millions of index entries, none of them garbage
            for shape in self.shapes:
                if shape.targets:
                    focus = set().union(*(data.instances(c) for c in shape.targets))
                    found.extend(data.results(shape, focus))
        return found


class _ShapeReader:
    """Turns the triples of a shapes graph into :class:`Shape` objects."""

    def __init__(self, triples: dict[Term, list[tuple[str, Term]]]) -> None:
        self.triples = triples
        self.done: dict[Term, Shape] = {}

    def read(self) -> list[Shape]:
        return [self.shape(s) for s in sorted(self.triples, key=str)
                if self._types(s) & {SH + "NodeShape", SH + "PropertyShape"}
                or self._values(s, SH + "targetClass")]

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
            if predicate in _DESCRIPTIVE:
                continue
            component = predicate.removeprefix(SH)
            if component not in SUPPORTED:
                raise UnsupportedShapes(f"{node}: {predicate} is not supported")
            constraints.append((component, self._parameter(node, component, value)))
        severity = self._one(node, SH + "severity")
        message = next((m.value for m in self._values(node, SH + "message")
                        if isinstance(m, ox.Literal) and m.language in (None, "en")), None)
        path = self._one(node, SH + "path")
        shape = Shape(node, self._path(path) if path is not None else None,
                      severity.value if isinstance(severity, ox.NamedNode) else SH + "Violation",
                      message,
                      tuple(sorted((t for t in self._values(node, SH + "targetClass")
                                    if isinstance(t, ox.NamedNode)), key=str)),
                      tuple(constraints))
        self.done[node] = shape  # before its properties: a shape may refer back to itself
        properties = tuple(self.shape(p) for p in self._values(node, SH + "property"))
        shape = Shape(shape.node, shape.path, shape.severity, shape.message, shape.targets,
                      shape.constraints, properties)
        self.done[node] = shape
        return shape

    def _parameter(self, node: Term, component: str, value: Term) -> object:
        if component == "node":
            return self.shape(value)
        if component == "or":
            return tuple(self.shape(member) for member in self._list(value))
        if component == "in":
            return frozenset(self._list(value))
        if component == "pattern":
            flags = self._one(node, SH + "flags")
            return re.compile(str(getattr(value, "value", value)),
                              re.IGNORECASE if flags is not None and "i" in flags.value else 0)
        if component in ("minCount", "maxCount"):
            return int(value.value) if isinstance(value, ox.Literal) else 0
        if component == "uniqueLang":
            return isinstance(value, ox.Literal) and value.value == "true"
        return value

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
        if (inverse := self._one(node, SH + "inversePath")) is not None:
            return Inverse(self._path(inverse))
        if (alternatives := self._one(node, SH + "alternativePath")) is not None:
            return Alternative(tuple(self._path(p) for p in self._list(alternatives)))
        raise UnsupportedShapes(f"{node}: only predicate, inverse and alternative paths are "
                                "supported")


@dataclass
class _Data:
    """Indexes of the data graph, each built once on first use."""

    store: ox.Store
    _paths: dict[Path, dict[Term, tuple[Term, ...]]] = field(default_factory=dict)
    _instances: dict[ox.NamedNode, set[Term]] = field(default_factory=dict)
    _conforms: dict[tuple[Term, Term], bool] = field(default_factory=dict)

    def values(self, path: Path) -> dict[Term, tuple[Term, ...]]:
        """Each node that has values for ``path``, with its values (each once)."""
        if path not in self._paths:
            self._paths[path] = self._read(path)
        return self._paths[path]

    def _read(self, path: Path) -> dict[Term, tuple[Term, ...]]:
        if isinstance(path, ox.NamedNode):
            found: dict[Term, list[Term]] = {}
            # quoted triples (RDF-star) are no terms of regiograph's data, hence the casts
            for q in self.store.quads_for_pattern(None, path, None, _DEFAULT):
                found.setdefault(cast(Term, q.subject), []).append(cast(Term, q.object))
            return {s: tuple(vs) for s, vs in found.items()}
        if isinstance(path, Inverse):
            inverted: dict[Term, list[Term]] = {}
            for subject, objects in self.values(path.path).items():
                for o in objects:
                    inverted.setdefault(o, []).append(subject)
            return {o: tuple(ss) for o, ss in inverted.items()}
        merged: dict[Term, dict[Term, None]] = {}
        for alternative in path.paths:
            for node, values in self.values(alternative).items():
                merged.setdefault(node, {}).update(dict.fromkeys(values))
        return {node: tuple(values) for node, values in merged.items()}

    def instances(self, cls: ox.NamedNode) -> set[Term]:
        """The SHACL instances of ``cls``: typed with it or with one of its subclasses."""
        if cls not in self._instances:
            subclasses = self.values(Inverse(ox.NamedNode(_SUBCLASS)))
            classes, todo = {cls}, [cls]
            while todo:
                for sub in subclasses.get(todo.pop(), ()):
                    if sub not in classes and isinstance(sub, ox.NamedNode):
                        classes.add(sub)
                        todo.append(sub)
            typed = self.values(Inverse(ox.NamedNode(RDF_TYPE)))
            self._instances[cls] = set().union(*(typed.get(c, ()) for c in classes))
        return self._instances[cls]

    def results(self, shape: Shape, focus: set[Term]) -> Iterator[Result]:
        """The results of ``shape`` and its property shapes on the focus nodes."""
        for component, parameter in shape.constraints:
            visits = self._visits(shape.path, focus, component in _ON_EVERY_NODE)
            check = _CHECKS[component]
            for node, values in visits:
                for value in check(self, parameter, node, values):
                    yield Result(node, shape, component, value)
        for prop in shape.properties:
            yield from self.results(prop, focus)

    def _visits(self, path: Path | None, focus: set[Term],
                every: bool) -> Iterable[tuple[Term, tuple[Term, ...]]]:
        """The focus nodes with their value nodes: all of them, or (``every`` false, for
        components that no empty set of values breaks) only those with values."""
        if path is None:  # a node shape's value node is the focus node itself
            return ((f, (f,)) for f in focus)
        index = self.values(path)
        if every:
            return ((f, index.get(f, ())) for f in focus)
        if len(focus) < len(index):
            return ((f, index[f]) for f in focus if f in index)
        return ((f, vs) for f, vs in index.items() if f in focus)

    def conforms(self, shape: Shape, node: Term) -> bool:
        """Whether ``node`` satisfies ``shape`` (for ``sh:node`` and ``sh:or``)."""
        key = (shape.node, node)
        if key not in self._conforms:
            self._conforms[key] = True  # a shape reached again through itself holds
            if shape.path is None and not shape.properties:  # the common case, made quick
                self._conforms[key] = not any(_CHECKS[component](self, parameter, node, (node,))
                                              for component, parameter in shape.constraints)
            else:
                self._conforms[key] = next(iter(self.results(shape, {node})), None) is None
        return self._conforms[key]


_Check = Callable[[_Data, object, Term, tuple[Term, ...]], Iterable[Term | None]]


def _each(test: Callable[[_Data, object, Term, Term], bool]) -> _Check:
    """A component checked value by value; each failing value is a result."""
    return lambda data, parameter, focus, values: [
        v for v in values if not test(data, parameter, focus, v)]


def _datatype_ok(value: Term, datatype: ox.NamedNode) -> bool:
    if not isinstance(value, ox.Literal) or value.datatype != datatype:
        return False
    lexical = _LEXICAL.get(datatype.value)
    return lexical is None or lexical.fullmatch(value.value) is not None


#: Well-formed lexical forms of the XSD types the shapes use (pySHACL reports ill-typed literals).
_LEXICAL = {
    XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    XSD + "gYear": re.compile(r"-?[0-9]{4,}(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "gYearMonth": re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])(Z|[+-][0-9]{2}:[0-9]{2})?"),
    XSD + "date": re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
                             r"(Z|[+-][0-9]{2}:[0-9]{2})?"),
}

_NODE_KINDS: dict[str, tuple[type, ...]] = {
    SH + "IRI": (ox.NamedNode,), SH + "Literal": (ox.Literal,), SH + "BlankNode": (ox.BlankNode,),
    SH + "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
    SH + "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    SH + "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}

_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short",
                              "byte", "nonNegativeInteger", "positiveInteger",
                              "nonPositiveInteger", "negativeInteger", "unsignedInt",
                              "unsignedLong", "unsignedShort", "unsignedByte")}


def _order_key(term: Term) -> tuple[str, object] | None:
    """A key that orders comparable literals (numbers with numbers, others by type and text)."""
    if not isinstance(term, ox.Literal):
        return None
    if term.datatype.value in _NUMERIC:
        try:
            return ("number", Decimal(term.value))
        except InvalidOperation:
            return None
    if term.language is not None or term.datatype.value == RDF + "langString":
        return None
    return (term.datatype.value, term.value)


def _less_or_equal(a: Term, b: Term) -> bool:
    ka, kb = _order_key(a), _order_key(b)
    if ka is None or kb is None or ka[0] != kb[0]:
        return False
    return bool(ka[1] <= kb[1])  # type: ignore[operator]


def _count(compare: Callable[[int, int], bool]) -> _Check:
    return lambda _d, n, _f, values: [] if compare(len(values), int(str(n))) else [None]


def _unique_lang(_data: _Data, unique: object, _focus: Term,
                 values: tuple[Term, ...]) -> list[Term | None]:
    if not unique:
        return []
    languages = [v.language for v in values if isinstance(v, ox.Literal) and v.language]
    return [None for lang in sorted(set(languages)) if languages.count(lang) > 1]


def _property_values(data: _Data, predicate: object, focus: Term) -> tuple[Term, ...]:
    assert isinstance(predicate, ox.NamedNode)
    return data.values(predicate).get(focus, ())


_CHECKS: dict[str, _Check] = {
    "class": _each(lambda d, c, _f, v: isinstance(c, ox.NamedNode) and v in d.instances(c)),
    "datatype": _each(lambda _d, t, _f, v: isinstance(t, ox.NamedNode) and _datatype_ok(v, t)),
    "nodeKind": _each(lambda _d, k, _f, v: isinstance(v, _NODE_KINDS.get(str(getattr(k, "value", k)),
                                                                           ()))),
    "pattern": _each(lambda _d, p, _f, v: not isinstance(v, ox.BlankNode)
                     and isinstance(p, re.Pattern) and p.search(v.value) is not None),
    "in": _each(lambda _d, allowed, _f, v: v in allowed),  # type: ignore[operator]
    "hasValue": lambda _d, wanted, _f, values: [] if wanted in values else [None],
    "minInclusive": _each(lambda _d, low, _f, v: _less_or_equal(low, v)),  # type: ignore[arg-type]
    "lessThanOrEquals": _each(lambda d, p, f, v: all(_less_or_equal(v, o)
                                                     for o in _property_values(d, p, f))),
    "disjoint": _each(lambda d, p, f, v: v not in _property_values(d, p, f)),
    "node": _each(lambda d, s, _f, v: d.conforms(s, v)),  # type: ignore[arg-type]
    "or": _each(lambda d, shapes, _f, v: any(d.conforms(s, v)
                                             for s in shapes)),  # type: ignore[attr-defined]
    "minCount": _count(lambda have, n: have >= n),
    "maxCount": _count(lambda have, n: have <= n),
    "uniqueLang": _unique_lang,
}
