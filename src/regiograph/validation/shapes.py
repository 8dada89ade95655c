"""SHACL shapes as regiograph's engine reads them: shapes, paths, results, and what is supported.

A shapes graph is read into these objects by :mod:`regiograph.validation.shapes_reader` and checked
by :mod:`regiograph.validation.shacl`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from regiograph.errors import RegiographError

__all__ = ["RDF", "RDF_TYPE", "SH", "SUPPORTED", "XSD", "Alternative", "Inverse", "Path", "Result",
           "Shape", "Term", "UnsupportedShapes", "path_text"]

SH = "http://www.w3.org/ns/shacl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"

Term = ox.NamedNode | ox.BlankNode | ox.Literal

#: The constraint components this engine checks (local names in the ``sh:`` namespace).
SUPPORTED = frozenset({
    "class", "datatype", "nodeKind", "minCount", "maxCount", "pattern", "flags", "in",
    "minInclusive", "minExclusive", "maxInclusive", "maxExclusive", "minLength", "maxLength",
    "languageIn", "equals", "lessThan", "lessThanOrEquals", "disjoint", "uniqueLang", "node",
    "not", "and", "or", "xone", "hasValue"})

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
