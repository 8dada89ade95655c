"""Validating a compiled graph: SHACL shapes (pySHACL) and ``*-violation.rq`` queries.

Shapes are split by severity into ``ontology/shapes/violations.ttl`` and ``warnings.ttl``. A
violation stops the build; a warning is reported and the build goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from regiograph.bounded import beside
from regiograph.errors import UsageError
from regiograph.namespaces import ID, PREFIXES
from regiograph.queries.files import QueryFile, violation_queries
from regiograph.queries.library import Library
from regiograph.store.embedded import GraphStore
from regiograph.store.rdf_files import RdfFormat
from regiograph.validation import shacl

__all__ = ["ENGINES", "Finding", "Severity", "ValidationReport", "validate"]

#: The SHACL engines :func:`validate` can use.
ENGINES = ("native", "pyshacl")

_SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_RGSH = "https://w3id.org/regiograph/shapes#"


class Severity(Enum):
    """How serious a finding is."""

    VIOLATION = "violation"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in the graph: which node, what is wrong, which check found it, and where the
    node's record was written (when it came from a curated file)."""

    severity: Severity
    focus: str
    message: str
    check: str
    path: str = ""
    value: str = ""
    location: tuple[str, int] | None = None

    def __str__(self) -> str:
        where = f"{self.location[0]}:{self.location[1]}: " if self.location else ""
        focus = self.focus.removeprefix(ID)
        value = "" if self.value == self.focus else self.value
        path = _path_curie(self.path)
        detail = f" ({path} = {value})" if path and value else f" ({path or value})" if (
            path or value) else ""
        return f"{where}{self.severity.value}: {focus}: {self.message}{detail} [{self.check}]"


@dataclass
class ValidationReport:
    """Every finding of the shapes and violation queries."""

    findings: list[Finding] = field(default_factory=list)
    shacl_report: str = ""

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings allowed)."""
        return not self.violations

    def add(self, findings: Iterable[Finding]) -> None:
        """Add findings of other checks (the curators' notices), in report order."""
        self.findings = sorted(set(self.findings) | set(findings), key=_report_order)

    def to_json(self) -> dict[str, Any]:
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "findings": [
                {"severity": f.severity.value, "focus": f.focus, "message": f.message,
                 "check": f.check, "path": f.path, "value": f.value,
                 "file": f.location[0] if f.location else None,
                 "line": f.location[1] if f.location else None}
                for f in self.findings
            ],
        }

    def to_text(self) -> str:
        head = (f"conforms: {'yes' if self.conforms else 'no'}; "
                f"{len(self.violations)} violations, {len(self.warnings)} warnings\n")
        return head + "".join(f"{f}\n" for f in self.findings)

    def write(self, folder: Path) -> None:
        """Write ``validation.json``, ``validation.txt`` and the SHACL report ``validation.ttl``."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        (folder / "validation.json").write_text(text, encoding="utf-8")
        (folder / "validation.txt").write_text(self.to_text(), encoding="utf-8")
        (folder / "validation.ttl").write_text(self.shacl_report, encoding="utf-8")


def validate(store: GraphStore, ontology_dir: Path, queries: Path | Library | None = None,
             locations: dict[str, tuple[Path, int]] | None = None,
             engine: str = "native") -> ValidationReport:
    """Check the store's graphs against the shapes and the violation queries.

    ``queries`` is the query library whose ``*-violation`` queries run (a folder, or a
    :class:`~regiograph.queries.library.Library` with a region's own queries over the generic
    ones). The store must hold the ontology (for class hierarchies) beside the data. ``engine`` is
    ``"native"`` (:mod:`regiograph.validation.shacl`, reading the store in place; shapes it cannot check
    go to pySHACL) or ``"pyshacl"`` (the reference implementation, about 30 times slower).
    """
    if engine not in ENGINES:
        raise UsageError(f"unknown SHACL engine {engine!r}: use one of {', '.join(ENGINES)}")
    where = {iri: (str(path), line) for iri, (path, line) in (locations or {}).items()}
    checks = (queries.violations() if isinstance(queries, Library) else
              violation_queries(queries) if queries is not None and queries.is_dir() else [])
    # the queries run in a child beside the shapes: the engine holds the interpreter lock, and
    # at a million triples each takes seconds
    with beside(lambda: _violation_queries(store, checks, where),
                "the quality-control queries") as queried:
        findings, shacl_report = _shacl(store, ontology_dir, where, engine)
        findings += queried()
    return ValidationReport(sorted(set(findings), key=_report_order), shacl_report)


def _report_order(finding: Finding) -> tuple[object, ...]:
    """Violations first, then by file and line, then by node and check."""
    return (finding.severity is Severity.WARNING, finding.location or ("", 0), finding.focus,
            finding.check, finding.path, finding.message, finding.value)


def _shacl(store: GraphStore, ontology_dir: Path, where: dict[str, tuple[str, int]],
           engine: str) -> tuple[list[Finding], str]:
    shape_files = sorted((ontology_dir / "shapes").glob("*.ttl"))
    if engine == "native":
        try:
            shapes = shacl.ShapesGraph.parse(*(path.read_bytes() for path in shape_files))
        except shacl.UnsupportedShapes:
            engine = "pyshacl"  # shapes beyond the native engine: the complete, slower one
        else:
            return _native(shapes, store, where)
    return _pyshacl(store, shape_files, where)


def _native(shapes: shacl.ShapesGraph, store: GraphStore,
            where: dict[str, tuple[str, int]]) -> tuple[list[Finding], str]:
    results = shapes.validate(store.engine)
    findings = [Finding(Severity.WARNING if r.severity in _MILD else Severity.VIOLATION,
                        r.focus.value, r.message, _curie(r.shape.node.value),
                        _path_value(r.shape.path), "" if r.value is None else r.value.value,
                        where.get(r.focus.value))
                for r in results]
    return findings, _report_turtle(results)


_MILD = (_SH + "Warning", _SH + "Info")


def _path_value(path: shacl.Path | None) -> str:
    """A predicate path as its IRI, other paths in SPARQL syntax (``<a>|^<b>``)."""
    if path is None:
        return ""
    return path.value if isinstance(path, ox.NamedNode) else shacl.path_text(path)


def _report_turtle(results: list[shacl.Result]) -> str:
    """The results as a SHACL validation report in Turtle, with stable blank node labels."""
    sh = {name: ox.NamedNode(_SH + name) for name in (
        "ValidationReport", "ValidationResult", "conforms", "result", "focusNode", "resultPath",
        "value", "resultSeverity", "sourceConstraintComponent", "sourceShape", "resultMessage",
        "inversePath", "alternativePath")}
    a = ox.NamedNode(_RDF + "type")
    report = ox.BlankNode("report")
    conforms = not any(r.severity not in _MILD for r in results)
    triples = [ox.Triple(report, a, sh["ValidationReport"]),
               ox.Triple(report, sh["conforms"], ox.Literal(str(conforms).lower(),
                                                              datatype=ox.NamedNode(_XSD_BOOLEAN)))]
    paths: dict[shacl.Path, ox.NamedNode | ox.BlankNode] = {}

    def path_node(path: shacl.Path) -> ox.NamedNode | ox.BlankNode:
        if isinstance(path, ox.NamedNode):
            return path
        if path not in paths:
            node = paths[path] = ox.BlankNode(f"path{len(paths) + 1}")
            if isinstance(path, shacl.Inverse):
                triples.append(ox.Triple(node, sh["inversePath"], path_node(path.path)))
            else:
                triples.append(ox.Triple(node, sh["alternativePath"],
                                         _rdf_list([path_node(p) for p in path.paths], triples,
                                                   node.value)))
        return paths[path]

    ordered = sorted(results, key=lambda r: (r.focus.value, r.shape.node.value, r.component,
                                             "" if r.value is None else str(r.value)))
    for number, r in enumerate(ordered, 1):
        node = ox.BlankNode(f"result{number}")
        triples += [ox.Triple(report, sh["result"], node),
                    ox.Triple(node, a, sh["ValidationResult"]),
                    ox.Triple(node, sh["focusNode"], r.focus),
                    ox.Triple(node, sh["resultMessage"], ox.Literal(r.message, language="en")),
                    ox.Triple(node, sh["resultSeverity"], ox.NamedNode(r.severity)),
                    ox.Triple(node, sh["sourceConstraintComponent"],
                              ox.NamedNode(f"{_SH}{r.component[0].upper()}{r.component[1:]}"
                                           "ConstraintComponent")),
                    ox.Triple(node, sh["sourceShape"], r.shape.node)]
        if r.shape.path is not None:
            triples.append(ox.Triple(node, sh["resultPath"], path_node(r.shape.path)))
        if r.value is not None:
            triples.append(ox.Triple(node, sh["value"], r.value))
    prefixes = {**PREFIXES, "sh": _SH, "rgsh": _RGSH}
    return (ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"").decode()


def _rdf_list(items: list[ox.NamedNode | ox.BlankNode], triples: list[ox.Triple],
              label: str) -> ox.NamedNode | ox.BlankNode:
    head: ox.NamedNode | ox.BlankNode = ox.NamedNode(_RDF + "nil")
    for index, item in reversed(list(enumerate(items))):
        cell = ox.BlankNode(f"{label}-{index + 1}")
        triples += [ox.Triple(cell, ox.NamedNode(_RDF + "first"), item),
                    ox.Triple(cell, ox.NamedNode(_RDF + "rest"), head)]
        head = cell
    return head


def _pyshacl(store: GraphStore, shape_files: list[Path],
             where: dict[str, tuple[str, int]]) -> tuple[list[Finding], str]:
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    data.parse(data=store.serialize(RdfFormat.N_TRIPLES), format="nt")
    shapes = rdflib.Graph()
    for path in shape_files:
        shapes.parse(path, format="turtle")
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)
    sh = rdflib.Namespace(_SH)
    findings = []
    # only the report's own results: nested sh:detail results repeat them without a message
    for result in results.objects(None, sh.result):
        def one(predicate: rdflib.URIRef, node: rdflib.term.Node = result) -> str:
            value = results.value(node, predicate)
            return "" if value is None else str(value)
        focus = one(sh.focusNode)
        severity = (Severity.WARNING if one(sh.resultSeverity) in _MILD
                    else Severity.VIOLATION)
        message = one(sh.resultMessage) or "does not conform"
        path_node = results.value(result, sh.resultPath)
        findings.append(Finding(severity, focus, message, _curie(one(sh.sourceShape)),
                                _rdflib_path(results, path_node), one(sh.value), where.get(focus)))
    for prefix, iri in PREFIXES.items():
        results.bind(prefix, iri)
    results.bind("sh", _SH)
    return findings, results.serialize(format="turtle")


def _rdflib_path(graph: Any, node: Any) -> str:
    """A result path of a pySHACL report in the syntax of :func:`_path_value`."""
    import rdflib
    from rdflib.collection import Collection

    if node is None:
        return ""
    if isinstance(node, rdflib.URIRef):
        return str(node)
    sh = rdflib.Namespace(_SH)
    if (inverse := graph.value(node, sh.inversePath)) is not None:
        return "^" + _rdflib_path_term(graph, inverse)
    if (alternatives := graph.value(node, sh.alternativePath)) is not None:
        return "|".join(_rdflib_path_term(graph, p) for p in Collection(graph, alternatives))
    return str(node)


def _rdflib_path_term(graph: Any, node: Any) -> str:
    text = _rdflib_path(graph, node)
    return text if text.startswith(("^", "<")) or "|" in text else f"<{text}>"


def _violation_queries(store: GraphStore, queries: list[QueryFile],
                       where: dict[str, tuple[str, int]]) -> list[Finding]:
    findings = []
    for query in queries:
        for row in store.select(query.text):
            focus = next((t.value for t in row.values() if isinstance(t, ox.NamedNode)), "")
            message = query.summary or query.name
            detail = ", ".join(f"{k}={_curie(v.value)}" for k, v in row.items()
                               if v.value != focus)
            findings.append(Finding(Severity.VIOLATION, focus, message, query.name,
                                    value=detail, location=where.get(focus)))
    return findings


def _path_curie(path: str) -> str:
    """A finding's path with prefixed names: ``rg:name``, or ``(rg:a|^rg:b)`` for other paths."""
    if not path.startswith(("<", "^")):
        return _curie(path)
    return "(" + re.sub(r"<([^>]*)>", lambda m: _curie(m.group(1)), path) + ")"


def _curie(iri: str) -> str:
    for prefix, namespace in (*PREFIXES.items(), ("rgsh", _RGSH)):
        if iri.startswith(namespace):
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri
