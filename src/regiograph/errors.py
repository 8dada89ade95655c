"""The one exception hierarchy of regiograph.

Every error a user can cause is a :class:`RegiographError`; each also subclasses the built-in
exception a Python caller would expect, so ``except ValueError`` keeps working::

    RegiographError
    ├── DataError (ValueError)          curated data is malformed or inconsistent: a list of Issues
    ├── ValidationFailed (ValueError)   the compiled graph breaks a SHACL shape or a violation query
    ├── UsageError (ValueError)         a command or function was called with bad arguments
    ├── OutputError (OSError)           an output could not be written
    ├── NotConverged (ArithmeticError)  an iterative measure (PageRank...) did not converge
    ├── EndpointError (ConnectionError) a SPARQL endpoint failed (regiograph.queries.transport)
    ├── NoBuild                         there is no build where one was expected (regiograph.store.loading)
    ├── Exhausted                       work went beyond its time or memory (regiograph.bounded)
    ├── ServeError                      the server could not start (regiograph.queries.server)
    └── UnsupportedShapes               shapes beyond the native SHACL engine (regiograph.validation.shacl)

The command line maps them to exit codes: 1 for data and validation errors, 2 for usage errors,
and 3 for anything else (an internal error).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "DataError",
    "Issue",
    "NotConverged",
    "OutputError",
    "RegiographError",
    "UsageError",
    "ValidationFailed",
]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in an input file, located as precisely as the input allows.

    Examples
    --------
    >>> print(Issue(Path("people.yaml"), 3, 5, "people[0].nationality", "unknown country 'XX'",
    ...             "use a code of a country in places"))
    people.yaml:3:5: people[0].nationality: unknown country 'XX' (use a code of a country in places)
    """

    path: Path
    line: int | None
    column: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class RegiographError(Exception):
    """Base class of every error that regiograph raises on purpose."""

    exit_code = 3


class DataError(RegiographError, ValueError):
    """Curated data could not be compiled; :attr:`issues` lists every problem found."""

    exit_code = 1

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=lambda i: (str(i.path), i.line or 0, i.column or 0))
        count = len(self.issues)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")

    def __reduce__(self) -> tuple[type[DataError], tuple[list[Issue]]]:
        # sent back from the child that compiles a large region (``regiograph.build``)
        return type(self), (self.issues,)


class ValidationFailed(RegiographError, ValueError):
    """The compiled graph does not conform; :attr:`report` holds the validation report (a
    :class:`regiograph.validation.report.ValidationReport`; typed loosely here, as the base layer knows
    no layer above it)."""

    exit_code = 1

    def __init__(self, report: Any, summary: str) -> None:
        self.report = report
        super().__init__(summary)

    def __reduce__(self) -> tuple[type[ValidationFailed], tuple[Any, str]]:
        # as DataError's: raised in a child, it is sent back pickled
        return type(self), (self.report, str(self))


class NotConverged(RegiographError, ArithmeticError):
    """An iterative measure did not converge within its iterations: the graph, not the call,
    is the cause (raise the iterations or the tolerance)."""

    exit_code = 1


class UsageError(RegiographError, ValueError):
    """A command or function was called with arguments that cannot work."""

    exit_code = 2


class OutputError(RegiographError, OSError):
    """An output could not be written; the previous outputs are left as they were."""

    exit_code = 1

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")
