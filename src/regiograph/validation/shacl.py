"""SHACL Core validation of the store's merged graph, read where it lies.

pySHACL copies the graph into rdflib and evaluates every shape node by node: about 34 thousand
triples a second here, half a minute at a million triples. This engine reads each property the
shapes use once, as a whole, from the pyoxigraph store, and checks whole shapes against those
indexes, so its cost grows with the triples and not with focus nodes times shapes.

It implements the SHACL Core parts that regiograph's shapes use (:data:`SUPPORTED`): every kind
of target (class, implicit class, node, subjects of, objects of), predicate, inverse and
alternative paths, and the components listed there. A shapes graph that uses anything else is
refused with :class:`UnsupportedShapes` rather than half-checked;
:func:`regiograph.validation.report.validate` then falls back to pySHACL. The tests run both engines on
the same graphs and require the same results, and hold this engine to the W3C SHACL Core test
suite: each test gives the expected report or is refused (``docs/shacl.md``).

The data is a pyoxigraph store (the build's), or triples as written. A store keeps some literals
in a canonical form, not as written: the integer types derived from ``xsd:integer``
(``xsd:int``, ``xsd:nonNegativeInteger``...) become ``xsd:integer``, and the lexical forms of
integers, decimals, floats, doubles and booleans become canonical (``"01"`` is ``"1"``, ``"1"``
is ``"true"``); ill-typed literals stay as written. On a store, ``sh:datatype`` and the other
components see what it keeps; regiograph's compiler writes only literals a store keeps as
written (``tests/test_shacl_w3c.py`` checks both).

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
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import cast

import pyoxigraph as ox

from regiograph.errors import RegiographError
from regiograph.memory import collector_paused

__all__ = ["SUPPORTED", "Alternative", "Inverse", "Result", "Shape", "ShapesGraph",
           "UnsupportedShapes", "kept_as", "path_text", "well_formed"]

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_DEFAULT = ox.DefaultGraph()

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_RDFS_CLASS = "http://www.w3.org/2000/01/rdf-schema#Class"

#: The constraint components this engine checks (local names in the ``sh:`` namespace).
SUPPORTED = frozenset({
    "class", "datatype", "nodeKind", "minCount", "maxCount", "pattern", "flags", "in",
    "minInclusive", "minExclusive", "maxInclusive", "maxExclusive", "minLength", "maxLength",
    "languageIn", "equals", "lessThan", "lessThanOrEquals", "disjoint", "uniqueLang", "node",
    "not", "and", "or", "xone", "hasValue"})

#: Components checked on every focus node, also those without values.
_ON_EVERY_NODE = frozenset({"minCount", "hasValue", "equals"})

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
    target_nodes: tuple[Term, ...] = ()
    target_subjects_of: tuple[ox.NamedNode, ...] = ()
    target_objects_of: tuple[ox.NamedNode, ...] = ()
    deactivated: bool = False

    @property
    def targeted(self) -> bool:
        """Whether the shape has a target of its own (else it applies only where referred to)."""
        return bool(self.targets or self.target_nodes or self.target_subjects_of
                    or self.target_objects_of)


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
    def parse(cls, *sources: bytes, base_iri: str | None = None) -> ShapesGraph:
        """Read shapes from Turtle documents (relative IRIs resolved against ``base_iri``);
        raises :class:`UnsupportedShapes` for a feature this engine does not implement."""
        triples: dict[Term, list[tuple[str, Term]]] = {}
        for source in sources:
            for t in ox.parse(source, format=ox.RdfFormat.TURTLE, base_iri=base_iri):
                triples.setdefault(t.subject, []).append((t.predicate.value, t.object))
        return cls(_ShapeReader(triples).read())

    def validate(self, data: ox.Store | Iterable[ox.Triple]) -> list[Result]:
        """Every result of every targeted shape on the data: a store's default graph, or
        triples as written (see the module's note on what a store keeps)."""
        if isinstance(data, ox.Store):
            self._check_a_store_can_answer()
        graph = _Data(data if isinstance(data, ox.Store) else _Triples(data))
        found: list[Result] = []
        with collector_paused():  # millions of index entries, none of them garbage
            for shape in self.shapes:
                if shape.targeted:
                    found.extend(graph.results(shape, graph.focus(shape)))
        return found


    def _check_a_store_can_answer(self) -> None:
        """Refuse shapes that a store cannot answer, as it keeps no value as they name it: an
        ``sh:datatype`` of an integer type derived from ``xsd:integer`` (a store keeps those
        values as ``xsd:integer``), and an ``sh:in`` or ``sh:hasValue`` literal that a store
        would keep in another form (``"01"^^xsd:integer`` is kept as ``"1"``)."""
        seen: set[ox.NamedNode | ox.BlankNode] = set()
        todo = list(self.shapes)
        while todo:
            shape = todo.pop()
            if shape.node in seen:
                continue
            seen.add(shape.node)
            todo += shape.properties
            for component, parameter in shape.constraints:
                if component == "datatype" and str(getattr(parameter, "value", "")) in (
                        _INTEGER_RANGES):
                    raise UnsupportedShapes(
                        f"{shape.node}: sh:datatype {getattr(parameter, 'value', '')} cannot be "
                        "checked on a pyoxigraph store, which keeps such values as xsd:integer")
                terms = (parameter if component == "in" else (parameter,)
                         if component == "hasValue" else ())
                for term in cast(Iterable[Term], terms):
                    if isinstance(term, ox.Literal) and kept_as(term) != term:
                        raise UnsupportedShapes(
                            f"{shape.node}: sh:{component} {term} cannot be checked on a "
                            f"pyoxigraph store, which keeps it as {kept_as(term)}")
                nested = (parameter,) if component == "node" else (
                    parameter if component == "or" else ())
                todo += cast(Iterable[Shape], nested)


_KEPT: dict[ox.Literal, ox.Literal] = {}


def kept_as(literal: ox.Literal) -> ox.Literal:
    """The literal as a pyoxigraph store keeps it (canonical numbers and booleans, derived
    integer types as ``xsd:integer``)."""
    if literal not in _KEPT:
        store = ox.Store()
        node = ox.NamedNode("urn:regiograph:kept")
        store.add(ox.Quad(node, node, literal, ox.DefaultGraph()))
        (quad,) = store.quads_for_pattern(None, None, None)
        _KEPT[literal] = cast(ox.Literal, quad.object)
    return _KEPT[literal]


class _ShapeReader:
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
            if value.value in _UNCHECKED_DATATYPES or (
                    value.value.startswith(XSD) and value.value not in _LEXICAL):
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


class _Triples:
    """Triples as written, for :meth:`ShapesGraph.validate`: the one method of a store that the
    engine reads, over the triples of each predicate."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_predicate: dict[ox.NamedNode, dict[ox.Triple, None]] = {}
        for t in triples:
            self.by_predicate.setdefault(t.predicate, {})[t] = None  # each once, in order

    def quads_for_pattern(self, subject: None, predicate: ox.NamedNode, obj: None,
                          graph: ox.DefaultGraph) -> Iterator[ox.Quad]:
        for t in self.by_predicate.get(predicate, {}):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)


@dataclass
class _Data:
    """Indexes of the data graph, each built once on first use."""

    store: ox.Store | _Triples
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

    def focus(self, shape: Shape) -> set[Term]:
        """The focus nodes of a shape's targets."""
        found: set[Term] = set(shape.target_nodes)
        for cls in shape.targets:
            found |= self.instances(cls)
        for predicate in shape.target_subjects_of:
            found.update(self.values(predicate))
        for predicate in shape.target_objects_of:
            found.update(self.values(Inverse(predicate)))
        return found

    def results(self, shape: Shape, focus: set[Term]) -> Iterator[Result]:
        """The results of ``shape`` and its property shapes on the focus nodes. A property shape
        of a property shape applies to the value nodes of the outer one's path (of a node shape,
        to its focus nodes, which are its value nodes)."""
        if shape.deactivated:
            return
        for component, parameter in shape.constraints:
            visits = self._visits(shape.path, focus, component in _ON_EVERY_NODE)
            check = _CHECKS[component]
            for node, values in visits:
                for value in check(self, parameter, node, values):
                    yield Result(node, shape, component, value)
        if shape.properties:
            # each focus node's value nodes in turn: a value node reached from two focus nodes
            # is validated, and reported, for each (as the W3C suite's reports have it)
            groups = [focus] if shape.path is None else [
                set(values) for _, values in self._visits(shape.path, focus, False)]
            for prop in shape.properties:
                for nodes in groups:
                    yield from self.results(prop, nodes)

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
            if shape.deactivated:
                pass
            elif shape.path is None and not shape.properties:  # the common case, made quick
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
    """Whether ``value`` is a literal of ``datatype`` in its lexical space (an ill-formed
    literal, such as ``"300"^^xsd:byte``, is not)."""
    if not isinstance(value, ox.Literal) or value.datatype != datatype:
        return False
    return well_formed(value)


def well_formed(value: ox.Literal) -> bool:
    """Whether a literal's lexical form is in its datatype's lexical space, for the datatypes
    of :data:`_LEXICAL`; a literal of any other datatype counts as well formed (SHACL's reading
    of a datatype it does not recognise; those of XSD and RDF it cannot check are refused)."""
    datatype, text = value.datatype.value, value.value
    lexical = _LEXICAL.get(datatype)
    if lexical is not None and lexical.fullmatch(text) is None:
        return False
    if datatype in _INTEGER_RANGES:
        low, high = _INTEGER_RANGES[datatype]
        number = int(text)
        return (low is None or number >= low) and (high is None or number <= high)
    if datatype in (XSD + "date", XSD + "dateTime"):
        parts = re.match(r"(-?[0-9]+)-([0-9]{2})-([0-9]{2})", text)
        assert parts is not None  # the lexical form matched
        return int(parts[3]) <= _days_in(int(parts[1]), int(parts[2]))
    return True


def _days_in(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar, years numbered as XSD 1.1 numbers
    them (0 is 1 BCE, a leap year)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{4,}|[0-9]{4})"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"

#: Lexical spaces of the XSD datatypes this engine recognises (XSD 1.1, part 2).
_LEXICAL = {
    **{XSD + t: re.compile(r"[+-]?[0-9]+") for t in (
        "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte")},
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
    XSD + "float": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    # any text: RDF 1.1 takes any Unicode string, control characters included, and so does
    # pySHACL, which this engine is held to
    XSD + "string": re.compile(r".*", re.DOTALL),
    XSD + "anyURI": re.compile(r".*", re.DOTALL),
    XSD + "gYear": re.compile(_YEAR + _TZ),
    XSD + "gYearMonth": re.compile(_YEAR + r"-(0[1-9]|1[0-2])" + _TZ),
    XSD + "gMonth": re.compile(r"--(0[1-9]|1[0-2])" + _TZ),
    XSD + "gDay": re.compile(r"---(0[1-9]|[12][0-9]|3[01])" + _TZ),
    XSD + "gMonthDay": re.compile(r"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ),
    XSD + "date": re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ),
    XSD + "dateTime": re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T" + _TIME
                                 + _TZ),
    XSD + "time": re.compile(_TIME + _TZ),
}

#: The value ranges of the integer types derived from ``xsd:integer``.
_INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + "nonNegativeInteger": (0, None), XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0), XSD + "negativeInteger": (None, -1),
    XSD + "long": (-(2**63), 2**63 - 1), XSD + "int": (-(2**31), 2**31 - 1),
    XSD + "short": (-(2**15), 2**15 - 1), XSD + "byte": (-128, 127),
    XSD + "unsignedLong": (0, 2**64 - 1), XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1), XSD + "unsignedByte": (0, 255),
}

#: Datatypes of XSD and RDF whose lexical space this engine does not check: a shape with
#: ``sh:datatype`` of one of them is refused rather than checked by datatype IRI alone.
_UNCHECKED_DATATYPES = frozenset({XSD + t for t in (
    "duration", "dayTimeDuration", "yearMonthDuration", "dateTimeStamp", "hexBinary",
    "base64Binary", "QName", "NOTATION", "normalizedString", "token", "language", "NMTOKEN",
    "NMTOKENS", "Name", "NCName", "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES")} | {
    RDF + "XMLLiteral", RDF + "HTML", RDF + "JSON", RDF + "PlainLiteral"})

_NODE_KINDS: dict[str, tuple[type, ...]] = {
    SH + "IRI": (ox.NamedNode,), SH + "Literal": (ox.Literal,), SH + "BlankNode": (ox.BlankNode,),
    SH + "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
    SH + "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    SH + "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}

_NUMERIC = {XSD + "decimal", XSD + "double", XSD + "float", *_INTEGER_RANGES, XSD + "integer"}


def _order_key(term: Term) -> tuple[str, object] | None:
    """A key that orders the literals SPARQL's ``<=`` compares: numbers with numbers, strings
    with strings, booleans with booleans, and dates and times of day with those of their kind,
    either both with a time zone (compared in UTC) or both without; None for anything else, and
    for an ill-formed literal."""
    if not isinstance(term, ox.Literal) or not well_formed(term):
        return None
    datatype, text = term.datatype.value, term.value
    if datatype in _NUMERIC:
        if text.lstrip("+-") in ("INF", "NaN"):
            return None
        return ("number", Decimal(text))
    if datatype == XSD + "string":
        return ("string", text)
    if datatype == XSD + "boolean":
        return ("boolean", text in ("true", "1"))
    if datatype in (XSD + "dateTime", XSD + "date"):
        return _moment(datatype, text)
    return None


def _moment(datatype: str, text: str) -> tuple[str, object] | None:
    """A date or date-time as a comparable key, ``("date+tz", ...)`` or ``("date", ...)``: two
    values compare only when both have a time zone or neither has one."""
    import datetime as dt

    zone = re.search(r"(Z|[+-][0-9]{2}:[0-9]{2})$", text)
    body = text[:zone.start()] if zone else text
    if body.startswith("-") or len(body.split("-")[0]) > 4:
        return None  # years before 1 or after 9999: beyond Python's dates
    try:
        moment = (dt.datetime.fromisoformat(body.replace("T24:00:00", "T00:00:00"))
                  if datatype == XSD + "dateTime" else dt.datetime.fromisoformat(body))
    except ValueError:
        return None
    if "T24:00:00" in body:
        moment += dt.timedelta(days=1)
    if zone is None:
        return (datatype + " local", moment)
    sign, hours, minutes = (1, 0, 0) if zone[1] == "Z" else (
        -1 if zone[1][0] == "-" else 1, int(zone[1][1:3]), int(zone[1][4:6]))
    return (datatype + " zoned", moment - sign * dt.timedelta(hours=hours, minutes=minutes))


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


def _length(compare: Callable[[int, int], bool]) -> _Check:
    """``sh:minLength`` or ``sh:maxLength``: the length of the value's string (a blank node has
    none, and fails)."""
    return _each(lambda _d, n, _f, v: not isinstance(v, ox.BlankNode)
                 and compare(len(v.value), cast(int, n)))


def _language_in(_data: _Data, ranges: object, _focus: Term, values: tuple[Term, ...]
                 ) -> list[Term | None]:
    """Values that are not literals with a language tag matching one of the ranges (SPARQL's
    langMatches: a range matches the tag or its prefix up to a hyphen; ``*`` any tag)."""
    def matches(tag: str) -> bool:
        return any(r == "*" or tag == r or tag.startswith(r + "-")
                   for r in cast(tuple[str, ...], ranges))
    return [v for v in values
            if not (isinstance(v, ox.Literal) and v.language and matches(v.language.lower()))]


def _equals(data: _Data, predicate: object, focus: Term, values: tuple[Term, ...]
            ) -> list[Term | None]:
    """Each value of the path that ``predicate`` does not give the focus node, and each value
    of ``predicate`` that the path does not."""
    others = _property_values(data, predicate, focus)
    found: list[Term | None] = [v for v in values if v not in others]
    return found + [o for o in others if o not in values]


def _less_than(data: _Data, predicate: object, focus: Term, values: tuple[Term, ...]
               ) -> list[Term | None]:
    """A value for each pair of a value and a value of ``predicate`` that it is not less than."""
    return [v for v in values for o in _property_values(data, predicate, focus)
            if not (_less_or_equal(v, o) and not _less_or_equal(o, v))]


def _bound(test: Callable[[Term, Term], bool]) -> _Check:
    """A value range component: the value compared with the parameter."""
    return _each(lambda _d, bound, _f, v: test(v, cast(Term, bound)))


_CHECKS: dict[str, _Check] = {
    "minExclusive": _bound(lambda v, b: _less_or_equal(b, v) and not _less_or_equal(v, b)),
    "maxInclusive": _bound(lambda v, b: _less_or_equal(v, b)),
    "maxExclusive": _bound(lambda v, b: _less_or_equal(v, b) and not _less_or_equal(b, v)),
    "minLength": _length(lambda have, n: have >= n),
    "maxLength": _length(lambda have, n: have <= n),
    "languageIn": _language_in,
    "equals": _equals,
    "lessThan": _less_than,
    "not": _each(lambda d, s, _f, v: not d.conforms(cast(Shape, s), v)),
    "and": _each(lambda d, shapes, _f, v: all(d.conforms(s, v)
                                              for s in cast(tuple[Shape, ...], shapes))),
    "xone": _each(lambda d, shapes, _f, v: sum(d.conforms(s, v)
                                               for s in cast(tuple[Shape, ...], shapes)) == 1),
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
