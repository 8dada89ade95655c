"""Comparing the answers of two SPARQL engines to one query, representation aside.

What may differ: a literal's representation within its datatype (``"1500.0"^^xsd:decimal`` and
``"1500"^^xsd:decimal``, ``"1"^^xsd:boolean`` and ``"true"^^xsd:boolean``), SPARQL 1.0's
``typed-literal`` against ``literal`` (both parse to the same term), blank node labels, and the
order of rows wherever the query's ORDER BY leaves it open. Everything else must be equal: the
columns, every value with its datatype and language tag, and, with an ORDER BY, the order of the
rows that it sorts apart."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from itertools import groupby

import pyoxigraph as ox

from regiograph.queries.results import QueryResult

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + t for t in ("integer", "decimal", "int", "long", "short", "byte",
                               "nonNegativeInteger", "positiveInteger", "negativeInteger",
                               "nonPositiveInteger", "unsignedInt", "unsignedLong",
                               "unsignedShort", "unsignedByte")}

Value = tuple[object, ...] | None


def value(term: object) -> Value:
    """A term as compared: its kind, value in its datatype, datatype and language."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return ("blank",)
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    assert isinstance(term, ox.Literal), term
    datatype, lexical = term.datatype.value, term.value
    typed: object = lexical
    try:
        if datatype in _NUMBERS:
            typed = Decimal(lexical)
        elif datatype in (_XSD + "double", _XSD + "float"):
            typed = float(lexical)
        elif datatype == _XSD + "boolean":
            typed = lexical in ("true", "1")
    except (InvalidOperation, ValueError):
        typed = lexical  # an ill-typed literal is compared as written
    return ("literal", typed, datatype, term.language)


def order_variables(text: str) -> list[str]:
    """The variables that the outermost ORDER BY of a query mentions, in order."""
    body = re.sub(r"#[^\n]*", "", text)
    body = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', '""', body)
    depth, last = 0, None
    for match in re.finditer(r"[{}]|\bORDER\s+BY\b", body, re.IGNORECASE):
        if match[0] == "{":
            depth += 1
        elif match[0] == "}":
            depth -= 1
        elif depth == 0:
            last = match.end()
    if last is None:
        return []
    clause = re.split(r"\b(?:LIMIT|OFFSET)\b", body[last:], flags=re.IGNORECASE)[0]
    return list(dict.fromkeys(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", clause)))


def differences(expected: QueryResult, found: QueryResult, text: str) -> list[str]:
    """How ``found`` differs from ``expected``, the answers of two engines to the query ``text``
    (empty when they agree)."""
    if expected.form != found.form:
        return [f"a {found.form} answer instead of {expected.form}"]
    if expected.form == "ASK":
        return [] if expected.boolean == found.boolean else [
            f"{found.boolean} instead of {expected.boolean}"]
    if expected.form in ("CONSTRUCT", "DESCRIBE"):
        want = Counter(tuple(map(value, (t.subject, t.predicate, t.object)))
                       for t in expected.triples)
        got = Counter(tuple(map(value, (t.subject, t.predicate, t.object))) for t in found.triples)
        return [] if want == got else [f"{sum((got - want).values())} triples more and "
                                       f"{sum((want - got).values())} fewer, such as "
                                       f"{sorted(map(str, got - want))[:2]} "
                                       f"{sorted(map(str, want - got))[:2]}"]
    if expected.variables != found.variables:
        return [f"columns {found.variables} instead of {expected.variables}"]

    def rows(result: QueryResult) -> list[tuple[Value, ...]]:
        return [tuple(value(row.get(v)) for v in result.variables) for row in result.rows]

    want, got = rows(expected), rows(found)
    if Counter(want) != Counter(got):
        extra, missing = Counter(got) - Counter(want), Counter(want) - Counter(got)
        return [f"{len(got)} rows instead of {len(want)}: {sum(extra.values())} more, "
                f"{sum(missing.values())} missing, such as {list(extra)[:1]} {list(missing)[:1]}"]
    keys = [expected.variables.index(v) for v in order_variables(text)
            if v in expected.variables]
    if not keys:
        return []

    def runs(table: list[tuple[Value, ...]]) -> list[tuple[tuple[Value, ...], Counter[object]]]:
        """Consecutive rows that agree on every ORDER BY variable: their order is open."""
        return [(key, Counter(group)) for key, group in
                groupby(table, key=lambda row: tuple(row[i] for i in keys))]

    want_runs, got_runs = runs(want), runs(got)
    if want_runs != got_runs:
        first = next((i for i, (w, g) in enumerate(zip(want_runs, got_runs, strict=False))
                      if w != g), min(len(want_runs), len(got_runs)))
        return [f"rows in an order that the ORDER BY does not allow, from sort key {first}: "
                f"{got_runs[first][0] if first < len(got_runs) else None} where "
                f"{want_runs[first][0] if first < len(want_runs) else None} belongs"]
    return []
