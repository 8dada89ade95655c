"""Literals as SHACL compares them: lexical spaces of the XSD datatypes, the order of ``<=``, and
the form a pyoxigraph store keeps a literal in.

A store keeps some literals in a canonical form, not as written: the integer types derived from
``xsd:integer`` become ``xsd:integer``, and the lexical forms of integers, decimals, floats,
doubles and booleans become canonical (``"01"`` is ``"1"``, ``"1"`` is ``"true"``); ill-typed
literals stay as written (:func:`kept_as`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import cast

import pyoxigraph as ox

from regiograph.validation.shapes import RDF, XSD, Term

__all__ = ["INTEGER_RANGES", "LEXICAL", "UNCHECKED_DATATYPES", "kept_as", "less_or_equal",
           "well_formed"]

_KEPT: dict[ox.Literal, ox.Literal] = {}


def kept_as(literal: ox.Literal) -> ox.Literal:
    """The literal as a pyoxigraph store keeps it (canonical numbers and booleans, derived
    integer types as ``xsd:integer``)."""
    if literal not in _KEPT:
        store = ox.Store()
        node = ox.NamedNode("urn:regiograph:kept")
        store.add(ox.Quad(node, node, literal, ox.DefaultGraph()))
        (quad,) = store.quads_for_pattern(None, None, None)
        _KEPT[literal] = cast(ox.Literal, quad.object)
    return _KEPT[literal]


def well_formed(value: ox.Literal) -> bool:
    """Whether a literal's lexical form is in its datatype's lexical space, for the datatypes
    of :data:`LEXICAL`; a literal of any other datatype counts as well formed (SHACL's reading
    of a datatype it does not recognise; those of XSD and RDF it cannot check are refused)."""
    datatype, text = value.datatype.value, value.value
    lexical = LEXICAL.get(datatype)
    if lexical is not None and lexical.fullmatch(text) is None:
        return False
    if datatype in INTEGER_RANGES:
        low, high = INTEGER_RANGES[datatype]
        number = int(text)
        return (low is None or number >= low) and (high is None or number <= high)
    if datatype in (XSD + "date", XSD + "dateTime"):
        parts = re.match(r"(-?[0-9]+)-([0-9]{2})-([0-9]{2})", text)
        assert parts is not None  # the lexical form matched
        return int(parts[3]) <= _days_in(int(parts[1]), int(parts[2]))
    return True


def _days_in(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar, years numbered as XSD 1.1 numbers
    them (0 is 1 BCE, a leap year)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


_TZ = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{4,}|[0-9]{4})"
_TIME = r"(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"

#: Lexical spaces of the XSD datatypes this engine recognises (XSD 1.1, part 2).
LEXICAL = {
    **{XSD + t: re.compile(r"[+-]?[0-9]+") for t in (
        "integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte")},
    XSD + "decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    XSD + "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
    XSD + "float": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN"),
    XSD + "boolean": re.compile(r"true|false|1|0"),
    # any text: RDF 1.1 takes any Unicode string, control characters included, and so does
    # pySHACL, which this engine is held to
    XSD + "string": re.compile(r".*", re.DOTALL),
    XSD + "anyURI": re.compile(r".*", re.DOTALL),
    XSD + "gYear": re.compile(_YEAR + _TZ),
    XSD + "gYearMonth": re.compile(_YEAR + r"-(0[1-9]|1[0-2])" + _TZ),
    XSD + "gMonth": re.compile(r"--(0[1-9]|1[0-2])" + _TZ),
    XSD + "gDay": re.compile(r"---(0[1-9]|[12][0-9]|3[01])" + _TZ),
    XSD + "gMonthDay": re.compile(r"--(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ),
    XSD + "date": re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TZ),
    XSD + "dateTime": re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T" + _TIME
                                 + _TZ),
    XSD + "time": re.compile(_TIME + _TZ),
}

#: The value ranges of the integer types derived from ``xsd:integer``.
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    XSD + "nonNegativeInteger": (0, None), XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0), XSD + "negativeInteger": (None, -1),
    XSD + "long": (-(2**63), 2**63 - 1), XSD + "int": (-(2**31), 2**31 - 1),
    XSD + "short": (-(2**15), 2**15 - 1), XSD + "byte": (-128, 127),
    XSD + "unsignedLong": (0, 2**64 - 1), XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1), XSD + "unsignedByte": (0, 255),
}

#: Datatypes of XSD and RDF whose lexical space this engine does not check: a shape with
#: ``sh:datatype`` of one of them is refused rather than checked by datatype IRI alone.
UNCHECKED_DATATYPES = frozenset({XSD + t for t in (
    "duration", "dayTimeDuration", "yearMonthDuration", "dateTimeStamp", "hexBinary",
    "base64Binary", "QName", "NOTATION", "normalizedString", "token", "language", "NMTOKEN",
    "NMTOKENS", "Name", "NCName", "ID", "IDREF", "IDREFS", "ENTITY", "ENTITIES")} | {
    RDF + "XMLLiteral", RDF + "HTML", RDF + "JSON", RDF + "PlainLiteral"})

_NUMERIC = {XSD + "decimal", XSD + "double", XSD + "float", *INTEGER_RANGES, XSD + "integer"}


def _order_key(term: Term) -> tuple[str, object] | None:
    """A key that orders the literals SPARQL's ``<=`` compares: numbers with numbers, strings
    with strings, booleans with booleans, and dates and times of day with those of their kind,
    either both with a time zone (compared in UTC) or both without; None for anything else, and
    for an ill-formed literal."""
    if not isinstance(term, ox.Literal) or not well_formed(term):
        return None
    datatype, text = term.datatype.value, term.value
    if datatype in _NUMERIC:
        if text.lstrip("+-") in ("INF", "NaN"):
            return None
        return ("number", Decimal(text))
    if datatype == XSD + "string":
        return ("string", text)
    if datatype == XSD + "boolean":
        return ("boolean", text in ("true", "1"))
    if datatype in (XSD + "dateTime", XSD + "date"):
        return _moment(datatype, text)
    return None


def _moment(datatype: str, text: str) -> tuple[str, object] | None:
    """A date or date-time as a comparable key, ``("date+tz", ...)`` or ``("date", ...)``: two
    values compare only when both have a time zone or neither has one."""
    import datetime as dt

    zone = re.search(r"(Z|[+-][0-9]{2}:[0-9]{2})$", text)
    body = text[:zone.start()] if zone else text
    if body.startswith("-") or len(body.split("-")[0]) > 4:
        return None  # years before 1 or after 9999: beyond Python's dates
    try:
        moment = (dt.datetime.fromisoformat(body.replace("T24:00:00", "T00:00:00"))
                  if datatype == XSD + "dateTime" else dt.datetime.fromisoformat(body))
    except ValueError:
        return None
    if "T24:00:00" in body:
        moment += dt.timedelta(days=1)
    if zone is None:
        return (datatype + " local", moment)
    sign, hours, minutes = (1, 0, 0) if zone[1] == "Z" else (
        -1 if zone[1][0] == "-" else 1, int(zone[1][1:3]), int(zone[1][4:6]))
    return (datatype + " zoned", moment - sign * dt.timedelta(hours=hours, minutes=minutes))


def less_or_equal(a: Term, b: Term) -> bool:
    ka, kb = _order_key(a), _order_key(b)
    if ka is None or kb is None or ka[0] != kb[0]:
        return False
    return bool(ka[1] <= kb[1])  # type: ignore[operator]
