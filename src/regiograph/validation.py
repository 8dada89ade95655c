"""Validating a compiled graph: SHACL shapes (pySHACL) and ``*-violation.rq`` queries.

Shapes are split by severity into ``ontology/shapes/violations.ttl`` and ``warnings.ttl``. A
violation stops the build; a warning is reported and the build goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from regiograph.namespaces import ID, PREFIXES
from regiograph.queries import violation_queries
from regiograph.store import GraphStore, RdfFormat

__all__ = ["Finding", "Severity", "ValidationReport", "validate"]

_SH = "http://www.w3.org/ns/shacl#"


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
        path = "" if self.path.startswith("n") and ":" not in self.path else _curie(self.path)
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


def validate(store: GraphStore, ontology_dir: Path, queries_dir: Path | None = None,
             locations: dict[str, tuple[Path, int]] | None = None) -> ValidationReport:
    """Check the store's graphs against the shapes and the violation queries.

    The store must hold the ontology (for class hierarchies) beside the data.
    """
    where = {iri: (str(path), line) for iri, (path, line) in (locations or {}).items()}
    findings, shacl_report = _shacl(store, ontology_dir, where)
    if queries_dir is not None and queries_dir.is_dir():
        findings += _violation_queries(store, queries_dir, where)
    return ValidationReport(sorted(set(findings), key=_report_order), shacl_report)


def _report_order(finding: Finding) -> tuple[object, ...]:
    """Violations first, then by file and line, then by node and check."""
    return (finding.severity is Severity.WARNING, finding.location or ("", 0), finding.focus,
            finding.check, finding.path, finding.message, finding.value)


def _shacl(store: GraphStore, ontology_dir: Path,
           where: dict[str, tuple[str, int]]) -> tuple[list[Finding], str]:
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    data.parse(data=store.serialize(RdfFormat.N_TRIPLES), format="nt")
    shapes = rdflib.Graph()
    for path in sorted((ontology_dir / "shapes").glob("*.ttl")):
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
        severity = (Severity.WARNING if one(sh.resultSeverity) in (_SH + "Warning", _SH + "Info")
                    else Severity.VIOLATION)
        message = one(sh.resultMessage) or "does not conform"
        findings.append(Finding(severity, focus, message, _curie(one(sh.sourceShape)),
                                one(sh.resultPath), one(sh.value), where.get(focus)))
    for prefix, iri in PREFIXES.items():
        results.bind(prefix, iri)
    results.bind("sh", _SH)
    return findings, results.serialize(format="turtle")


def _violation_queries(store: GraphStore, queries_dir: Path,
                       where: dict[str, tuple[str, int]]) -> list[Finding]:
    findings = []
    for query in violation_queries(queries_dir):
        for row in store.select(query.text):
            focus = next((t.value for t in row.values() if isinstance(t, ox.NamedNode)), "")
            message = query.summary or query.name
            detail = ", ".join(f"{k}={_curie(v.value)}" for k, v in row.items()
                               if v.value != focus)
            findings.append(Finding(Severity.VIOLATION, focus, message, query.name,
                                    value=detail, location=where.get(focus)))
    return findings


def _curie(iri: str) -> str:
    for prefix, namespace in (*PREFIXES.items(), ("rgsh", "https://w3id.org/regiograph/shapes#")):
        if iri.startswith(namespace):
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri
