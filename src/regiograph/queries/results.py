"""Query results: one type for SELECT, ASK, CONSTRUCT and DESCRIBE answers, from the embedded store
or a remote endpoint, with conversions to Python values, pandas and the usual result formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.namespaces import compact
from regiograph.untrusted import for_spreadsheet

if TYPE_CHECKING:
    import pandas

__all__ = ["QueryResult", "ResultFormat", "table_text", "to_python"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                    "unsignedInt", "unsignedLong", "unsignedShort",
                                    "unsignedByte")}


class ResultFormat(Enum):
    """How ``regiograph query`` writes results."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"


def to_python(term: Term | None) -> object:
    """The Python value of a term: int, Decimal, float, bool, date or str (IRIs as str).

    >>> to_python(ox.Literal("31", datatype=ox.NamedNode(_XSD + "integer")))
    31
    >>> to_python(ox.NamedNode("https://w3id.org/regiograph/id/ku-leuven"))
    'https://w3id.org/regiograph/id/ku-leuven'
    """
    if term is None:
        return None
    if not isinstance(term, ox.Literal):
        return str(term) if isinstance(term, ox.Triple) else term.value
    datatype = term.datatype.value
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == _XSD + "decimal":
            return Decimal(term.value)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(term.value)
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        if datatype == _XSD + "date":
            return dt.date.fromisoformat(term.value)
    except ValueError:
        return term.value  # an ill-typed literal stays as written
    return term.value


def table_text(term: Term | None) -> str:
    """How a term reads in a table: an IRI as its prefixed name (``id:ku-leuven``), a literal as
    its value (a number or a date as written), nothing as "".

    >>> table_text(ox.NamedNode("https://w3id.org/regiograph/id/ku-leuven"))
    'id:ku-leuven'
    >>> table_text(ox.Literal("2021-03-01", datatype=ox.NamedNode(_XSD + "date")))
    '2021-03-01'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return str(term) if isinstance(term, ox.Triple) else term.value


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    @classmethod
    def from_engine(cls, answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
                    form: str = "SELECT", hide: Iterable[str] = ()) -> QueryResult:
        """Wrap what pyoxigraph returns (embedded, or parsed from a remote answer); ``hide``
        names columns to leave out (the bound parameters)."""
        if isinstance(answer, ox.QueryBoolean):
            return cls("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return cls(form if form in ("CONSTRUCT", "DESCRIBE") else "CONSTRUCT",
                       triples=list(answer))
        hidden = set(hide)
        names = [v.value for v in answer.variables]
        keep = [i for i, name in enumerate(names) if name not in hidden]
        # each solution read once, as a tuple: reading it by name cell by cell cost a third
        # of a 10,000-row answer
        rows = [{names[i]: cells[i] for i in keep if cells[i] is not None}
                for cells in map(tuple, answer)]
        return cls("SELECT", [names[i] for i in keep], rows)

    def __len__(self) -> int:
        return len(self.rows) if self.form == "SELECT" else len(self.triples)

    def __iter__(self) -> Iterator[dict[str, Term]]:
        return iter(self.rows)

    def column(self, name: str) -> list[object]:
        """The Python values of one column (None where unbound)."""
        if name not in self.variables:
            raise UsageError(f"no column {name!r}; the columns are {', '.join(self.variables)}")
        return [to_python(row.get(name)) for row in self.rows]

    def to_dicts(self) -> list[dict[str, object]]:
        """The rows as dicts of Python values (unbound variables as None)."""
        return [{v: to_python(row.get(v)) for v in self.variables} for row in self.rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame: integer, float, boolean and date columns typed,
        the rest as strings (requires pandas). A date of any precision (``xsd:date``,
        ``xsd:gYearMonth``, ``xsd:gYear``: 2016-05-04, 2016-05, 2016) becomes a datetime at the
        start of the day, month or year it names; the literal itself stays in ``to_dicts()``."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise UsageError("to_dataframe() needs pandas: pip install pandas") from None
        frame = pd.DataFrame(self.to_dicts(), columns=self.variables)
        for name in self.variables:
            values = [v for v in frame[name] if v is not None]
            starts = _period_starts([row.get(name) for row in self.rows])
            if values and starts is not None:
                frame[name] = pd.to_datetime(pd.Series(starts, dtype=object))
            elif values and all(isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("boolean")
            elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                frame[name] = frame[name].astype("Int64")
            elif values and all(isinstance(v, int | float | Decimal) for v in values):
                frame[name] = frame[name].astype("Float64")
            elif values and all(isinstance(v, dt.date) for v in values):
                frame[name] = pd.to_datetime(frame[name])
            else:
                frame[name] = frame[name].astype("string")
        return frame

    # -- writing --------------------------------------------------------------------------------

    def to_sparql_json(self) -> dict[str, Any]:
        """SPARQL 1.1 JSON results: datatypes and language tags kept."""
        if self.form == "ASK":
            return {"head": {}, "boolean": bool(self.boolean)}
        bindings = [{name: _json_term(term) for name, term in row.items()} for row in self.rows]
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def write(self, fmt: ResultFormat) -> str:
        """The result as text in a machine format (not TABLE). A CONSTRUCT or DESCRIBE answer
        is a graph: JSON-LD for ``json``, N-Triples for the others but ``jsonl``, which is
        refused (a graph has no rows)."""
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            if fmt is ResultFormat.JSON:
                return self.graph_jsonld()
            if fmt is ResultFormat.JSONL:
                raise UsageError(f"--format jsonl writes rows, and a {self.form} query answers a "
                                 "graph: use json (JSON-LD) or csv, tsv or table (N-Triples)")
            return self.graph_text()
        if fmt is ResultFormat.JSON:
            return json.dumps(self.to_sparql_json(), ensure_ascii=False, indent=1) + "\n"
        if self.form == "ASK":
            return ("true" if self.boolean else "false") + "\n"
        if fmt is ResultFormat.JSONL:
            return "".join(json.dumps(_json_row(row), ensure_ascii=False, default=str) + "\n"
                           for row in self.to_dicts())
        return self._delimited("," if fmt is ResultFormat.CSV else "\t", fmt)

    def graph_text(self) -> str:
        """The triples of a CONSTRUCT or DESCRIBE answer as N-Triples, sorted."""
        return "".join(f"{t} .\n" for t in sorted(self.triples, key=str))

    def graph_jsonld(self) -> str:
        """The triples of a CONSTRUCT or DESCRIBE answer as JSON-LD: compacted under the
        build's readable context (``id``, ``label``, ids relative to ``id:``), as
        ``graph.jsonld`` is; in expanded form when the graph has blank nodes, which that
        writer does not take."""
        from regiograph.store.jsonld import context, to_jsonld

        triples = sorted(self.triples, key=str)
        try:
            return to_jsonld((ox.Quad(t.subject, t.predicate, t.object) for t in triples),
                             context()).decode("utf-8")
        except ValueError:  # a blank node or a quoted triple
            expanded = ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]"
            return json.dumps(json.loads(expanded), ensure_ascii=False, indent=1) + "\n"

    def _delimited(self, delimiter: str, fmt: ResultFormat) -> str:
        if fmt is ResultFormat.TSV:  # SPARQL TSV: terms in N-Triples form, which escapes tabs
            lines = ["\t".join(f"?{v}" for v in self.variables)]
            lines += ["\t".join(str(row[v]) if v in row else "" for v in self.variables)
                      for row in self.rows]
            return "".join(line + "\n" for line in lines)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.variables)
        for row in self.rows:
            writer.writerow(for_spreadsheet(_text(row.get(v))) for v in self.variables)
        return buffer.getvalue()


_CALENDAR = {_XSD + "date", _XSD + "gYearMonth", _XSD + "gYear"}
_PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:Z|[+-]\d{2}:\d{2})?")


def _period_starts(terms: list[Term | None]) -> list[dt.date | None] | None:
    """The first day of the day, month or year each date literal names (None where unbound), or
    None when the column holds anything else (or a date Python cannot hold).

    >>> year = ox.Literal("2016", datatype=ox.NamedNode(_XSD + "gYear"))
    >>> month = ox.Literal("2016-05", datatype=ox.NamedNode(_XSD + "gYearMonth"))
    >>> _period_starts([year, None, month])
    [datetime.date(2016, 1, 1), None, datetime.date(2016, 5, 1)]
    """
    starts: list[dt.date | None] = []
    for term in terms:
        if term is None:
            starts.append(None)
            continue
        if not isinstance(term, ox.Literal) or term.datatype.value not in _CALENDAR:
            return None
        match = _PERIOD.fullmatch(term.value)
        try:
            assert match is not None
            starts.append(dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1)))
        except (AssertionError, ValueError):
            return None
    return starts


def _text(term: Term | None) -> str:
    if term is None:
        return ""
    return str(term) if isinstance(term, ox.Triple) else term.value


def _json_row(row: dict[str, object]) -> dict[str, object]:
    return {k: str(v) if isinstance(v, Decimal | dt.date) else v for k, v in row.items()}


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD + "string":
        out["datatype"] = term.datatype.value
    return out
