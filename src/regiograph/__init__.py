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
    from regiograph.build import BuildResult, build
    from regiograph.curation.compiler import CompiledRegion, compile_region
    from regiograph.export import ExportFormat
    from regiograph.projection import Projection, project
    from regiograph.queries import query
    from regiograph.render import View, show, to_pyvis
    from regiograph.results import QueryResult
    from regiograph.store import GraphStore, RdfFormat
    from regiograph.validation import Finding, Severity, ValidationReport, validate

# Imported on first use, so that `regiograph --help` does not load networkx, pyoxigraph or pyvis.
_LAZY = {
    "BuildResult": "build", "build": "build", "CompiledRegion": "curation.compiler",
    "compile_region": "curation.compiler", "ExportFormat": "export", "Projection": "projection",
    "project": "projection", "query": "queries", "View": "render", "show": "render",
    "to_pyvis": "render",
    "QueryResult": "results", "GraphStore": "store", "RdfFormat": "store", "Finding": "validation",
    "Severity": "validation", "ValidationReport": "validation", "validate": "validation",
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
