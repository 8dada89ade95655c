"""regiograph: the knowledge graph of an innovation region, and the toolkit around it.

>>> import regiograph
>>> regiograph.__version__
'0.1.0'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from regiograph.errors import (
    DataError,
    Issue,
    OutputError,
    RegiographError,
    UsageError,
    ValidationFailed,
)
from regiograph.version import __version__

if TYPE_CHECKING:
    from regiograph.analysis.projection import Projection, project
    from regiograph.build import BuildResult, build
    from regiograph.curation.compiler import CompiledRegion, compile_region
    from regiograph.publish.export import ExportFormat
    from regiograph.publish.render import View, show, to_pyvis
    from regiograph.queries.results import QueryResult
    from regiograph.queries.running import query
    from regiograph.store.embedded import GraphStore
    from regiograph.store.rdf_files import RdfFormat
    from regiograph.validation.report import Finding, Severity, ValidationReport, validate

# Imported on first use, so that `regiograph --help` does not load networkx, pyoxigraph or pyvis.
_LAZY = {
    "BuildResult": "build", "build": "build", "CompiledRegion": "curation.compiler",
    "compile_region": "curation.compiler", "ExportFormat": "publish.export.formats",
    "Projection": "analysis.projection", "project": "analysis.projection",
    "query": "queries.running", "View": "publish.render", "show": "publish.render",
    "to_pyvis": "publish.render", "QueryResult": "queries.results",
    "GraphStore": "store.embedded", "RdfFormat": "store.embedded",
    "Finding": "validation.report", "Severity": "validation.report",
    "ValidationReport": "validation.report", "validate": "validation.report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f"regiograph.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'regiograph' has no attribute {name!r}")


__all__ = [
    "BuildResult",
    "CompiledRegion",
    "DataError",
    "ExportFormat",
    "Finding",
    "GraphStore",
    "Issue",
    "OutputError",
    "Projection",
    "QueryResult",
    "RdfFormat",
    "RegiographError",
    "Severity",
    "UsageError",
    "ValidationFailed",
    "ValidationReport",
    "View",
    "__version__",
    "build",
    "compile_region",
    "project",
    "query",
    "show",
    "to_pyvis",
    "validate",
]
