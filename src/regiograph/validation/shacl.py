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
from dataclasses import dataclass, field
from typing import cast

import pyoxigraph as ox

from regiograph.memory import collector_paused
from regiograph.validation.literals import INTEGER_RANGES, kept_as, less_or_equal, well_formed
from regiograph.validation.shapes import (
    RDF_TYPE,
    SH,
    SUPPORTED,
    Alternative,
    Inverse,
    Path,
    Result,
    Shape,
    Term,
    UnsupportedShapes,
    path_text,
)
from regiograph.validation.shapes_reader import ShapeReader

__all__ = ["SUPPORTED", "Alternative", "Inverse", "Path", "Result", "Shape", "ShapesGraph",
           "UnsupportedShapes", "kept_as", "path_text", "well_formed"]

_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_DEFAULT = ox.DefaultGraph()

#: Components checked on every focus node, also those without values.
_ON_EVERY_NODE = frozenset({"minCount", "hasValue", "equals"})


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
        return cls(ShapeReader(triples).read())

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
                        INTEGER_RANGES):
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


_NODE_KINDS: dict[str, tuple[type, ...]] = {
    SH + "IRI": (ox.NamedNode,), SH + "Literal": (ox.Literal,), SH + "BlankNode": (ox.BlankNode,),
    SH + "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode),
    SH + "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    SH + "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}

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
            if not (less_or_equal(v, o) and not less_or_equal(o, v))]


def _bound(test: Callable[[Term, Term], bool]) -> _Check:
    """A value range component: the value compared with the parameter."""
    return _each(lambda _d, bound, _f, v: test(v, cast(Term, bound)))


_CHECKS: dict[str, _Check] = {
    "minExclusive": _bound(lambda v, b: less_or_equal(b, v) and not less_or_equal(v, b)),
    "maxInclusive": _bound(lambda v, b: less_or_equal(v, b)),
    "maxExclusive": _bound(lambda v, b: less_or_equal(v, b) and not less_or_equal(b, v)),
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
    "minInclusive": _each(lambda _d, low, _f, v: less_or_equal(low, v)),  # type: ignore[arg-type]
    "lessThanOrEquals": _each(lambda d, p, f, v: all(less_or_equal(v, o)
                                                     for o in _property_values(d, p, f))),
    "disjoint": _each(lambda d, p, f, v: v not in _property_values(d, p, f)),
    "node": _each(lambda d, s, _f, v: d.conforms(s, v)),  # type: ignore[arg-type]
    "or": _each(lambda d, shapes, _f, v: any(d.conforms(s, v)
                                             for s in shapes)),  # type: ignore[attr-defined]
    "minCount": _count(lambda have, n: have >= n),
    "maxCount": _count(lambda have, n: have <= n),
    "uniqueLang": _unique_lang,
}
