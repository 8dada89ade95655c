"""Typed values of curated fields: each parser takes the text as written and returns an RDF literal
or raises :class:`ValueProblem` with a message and a hint for the curator."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, localcontext
from urllib.parse import urlsplit

from pyoxigraph import Literal, NamedNode

__all__ = [
    "ValueProblem",
    "foreign_characters",
    "is_slug",
    "parse_boolean",
    "parse_date",
    "parse_integer",
    "parse_language",
    "parse_number",
    "parse_url",
    "xsd",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# ASCII digits only: \d also matches full-width and other scripts' digits, which are not valid
# in an XSD literal.
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)
_THOUSANDS = re.compile(r"-?[1-9]\d{0,2}(?:[.,]\d{3})+", re.ASCII)
# Letters with no ASCII decomposition, and their usual transliteration.
_NO_DECOMPOSITION = str.maketrans({"\u0131": "i", "\u00f8": "o", "\u0142": "l", "\u0111": "d",
                                   "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe", "\u00fe": "th",
                                   # Cyrillic and Greek letters that look like Latin ones
                                   **dict(zip("авеікмнорстухѕјԁӏАВЕІКМНОРСТУХ",
                                              "abeikmhopctyxsjdlabeikmhopctyx", strict=True)),
                                   **dict(zip("αβεικνορτυχ", "abeiknoptux", strict=True))})
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def xsd(name: str) -> NamedNode:
    """The XSD datatype ``name``.

    >>> xsd("gYear").value
    'http://www.w3.org/2001/XMLSchema#gYear'
    """
    return NamedNode(_XSD + name)


class ValueProblem(ValueError):
    """A value that does not fit its field; ``hint`` says how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id: lowercase ASCII words joined by single hyphens.

    >>> is_slug("ku-leuven"), is_slug("KU Leuven"), is_slug("\\u0131stanbul")
    (True, False, False)
    """
    return _SLUG.fullmatch(text) is not None


def foreign_characters(text: str) -> str:
    """A hint naming the characters of ``text`` that an id cannot hold and that may look like
    ones it can (a Turkish dotted I, a zero-width non-joiner, full-width letters), or ''.

    >>> foreign_characters("ku\u200c-leuven")
    "it holds U+200C ZERO WIDTH NON-JOINER; ids are lowercase ASCII: did you mean 'ku-leuven'?"
    >>> foreign_characters("ku-l\u0435uven")  # a Cyrillic e
    "it holds U+0435 CYRILLIC SMALL LETTER IE; ids are lowercase ASCII: did you mean 'ku-leuven'?"
    >>> foreign_characters("ku-leuven")
    ''
    """
    odd = [c for c in dict.fromkeys(text) if not (c.isascii() and (c.isalnum() or c == "-"))]
    if not odd:
        return ""
    names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'UNNAMED')}" for c in odd[:3])
    folded = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    folded = folded.encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    suggestion = f": did you mean {folded!r}?" if folded and folded != text else ""
    return f"it holds {names}; ids are lowercase ASCII{suggestion}"


def parse_date(text: str) -> Literal:
    """A year, year-month or full date as ``xsd:gYear``, ``xsd:gYearMonth`` or ``xsd:date``.

    >>> parse_date("1954").datatype.value.rsplit("#")[1]
    'gYear'
    >>> parse_date("2023-02-30")
    Traceback (most recent call last):
    ...
    regiograph.curation.values.ValueProblem: 2023-02-30 is not a date on the calendar
    """
    if re.fullmatch(r"\d{4}", text, re.ASCII):
        return Literal(text, datatype=xsd("gYear"))
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text, re.ASCII):
        if not 1 <= int(match[2]) <= 12:
            raise ValueProblem(f"{text} has no month {match[2]}", "months run from 01 to 12")
        return Literal(text, datatype=xsd("gYearMonth"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValueProblem(f"{text} is not a date on the calendar",
                               "check the day and month") from None
        return Literal(text, datatype=xsd("date"))
    raise ValueProblem(f"{text!r} is not a date",
                       "write a year (1954), a year and month (2018-03) or a date (1984-01-16)")


def parse_integer(text: str) -> Literal:
    """A whole number as ``xsd:integer``.

    >>> parse_integer("31").value
    '31'
    """
    if not re.fullmatch(r"-?\d+", text, re.ASCII):
        raise ValueProblem(f"{text!r} is not a whole number", "write digits only, such as 31")
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise ValueProblem(f"a number of {len(text.lstrip('-'))} digits is too long",
                           f"write at most {_MAX_DIGITS} digits")
    return Literal(str(int(text)), datatype=xsd("integer"))


#: More digits than any count or amount has; Python refuses to convert beyond 4,300.
_MAX_DIGITS = 100


def parse_number(text: str) -> Literal:
    """A decimal number as ``xsd:decimal``; thousands separators are refused as ambiguous.

    >>> parse_number("22000").value, parse_number("1.5").value
    ('22000', '1.5')
    >>> parse_number("22.000")
    Traceback (most recent call last):
    ...
    regiograph.curation.values.ValueProblem: '22.000' looks like a number with a thousands separator
    """
    if _THOUSANDS.fullmatch(text):
        raise ValueProblem(f"{text!r} looks like a number with a thousands separator",
                           f"write {text.replace('.', '').replace(',', '')} without separators")
    if not _NUMBER.fullmatch(text):
        raise ValueProblem(f"{text!r} is not a number",
                           "write digits with '.' as the decimal point, such as 1.5")
    if len(text) > _MAX_DIGITS:
        raise ValueProblem(f"a number of {len(text)} characters is too long",
                           f"write at most {_MAX_DIGITS} digits")
    return Literal(_canonical_decimal(text), datatype=xsd("decimal"))


def _canonical_decimal(text: str) -> str:
    """A decimal in XSD's canonical form, as the store keeps it (no leading zeros, no trailing
    fractional zeros, no sign on zero), so that the graph holds the value as written here.

    >>> _canonical_decimal("007.50"), _canonical_decimal("-0.0"), _canonical_decimal("22000")
    ('7.5', '0', '22000')
    """
    with localcontext() as context:
        context.prec = 2 * _MAX_DIGITS  # exact: every digit of the longest number kept
        written = format(Decimal(text).normalize(), "f")
    return "0" if written in ("0", "-0") else written


def parse_boolean(text: str) -> Literal:
    """``true`` or ``false`` as ``xsd:boolean``; YAML 1.1 spellings such as ``yes`` are refused.

    >>> parse_boolean("true").value
    'true'
    """
    if text not in ("true", "false"):
        raise ValueProblem(f"{text!r} is not a boolean", "write true or false")
    return Literal(text, datatype=xsd("boolean"))


def parse_url(text: str) -> NamedNode:
    """An absolute http(s) URL as an IRI.

    >>> parse_url("https://www.kuleuven.be").value
    'https://www.kuleuven.be'
    >>> parse_url("www.kuleuven.be")
    Traceback (most recent call last):
    ...
    regiograph.curation.values.ValueProblem: 'www.kuleuven.be' is not an absolute http(s) URL
    """
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"{}|\\^`]", text):
        raise ValueProblem(f"{text!r} is not an absolute http(s) URL",
                           "write the full address, such as https://www.example.org/page")
    try:
        return NamedNode(text)
    except ValueError as exc:  # the engine checks IRIs fully: a non-character, a bad port...
        raise ValueProblem(f"{text!r} is not a valid URL ({exc})",
                           "copy the address from the browser's address bar") from None


def parse_language(text: str) -> str:
    """A BCP 47 language tag such as ``en`` or ``nl-BE``.

    >>> parse_language("nl")
    'nl'
    """
    if not _LANGUAGE.fullmatch(text):
        raise ValueProblem(f"{text!r} is not a language code", "use a code such as en or nl")
    return text
