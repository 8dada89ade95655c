"""regiograph: the knowledge graph of an innovation region, and the toolkit around it.

>>> import regiograph
>>> regiograph.__version__
'0.1.0'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("regiograph")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0.0.0"

from regiograph.build import BuildResult, build
from regiograph.curation.compiler import CompiledRegion, compile_region
from regiograph.errors import (
    DataError,
    Issue,
    OutputError,
    RegiographError,
    UsageError,
    ValidationFailed,
)
from regiograph.export import ExportFormat
from regiograph.projection import Projection, project
from regiograph.queries import query
from regiograph.render import View, show
from regiograph.results import QueryResult
from regiograph.store import GraphStore, RdfFormat
from regiograph.validation import Finding, Severity, ValidationReport, validate

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
    "validate",
]
