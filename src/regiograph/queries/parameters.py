"""Query parameters (BASIL): a variable ``?_<name>_<type>`` is the parameter ``<name>``, and
its value becomes an RDF term of that type, bound by the engine, never formatted into the text."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from regiograph.curation.values import ValueProblem, parse_date
from regiograph.errors import UsageError
from regiograph.namespaces import ID, PREFIXES

if TYPE_CHECKING:
    pass

__all__ = ["Parameter", "parameters_of"]

_PARAMETER = re.compile(r"[?$]_([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")


_TYPES = ("iri", "integer", "decimal", "boolean", "date")


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name, the variable it binds, and how its value becomes a term."""

    name: str
    variable: str
    type: str  # one of _TYPES, "literal", or a language tag
    default: str | None = None

    def term(self, value: str | ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``value``; raise UsageError when it does not fit the type.

        >>> Parameter("org", "_org_iri", "iri").term("ku-leuven").value
        'https://w3id.org/regiograph/id/ku-leuven'
        >>> Parameter("year", "_year_integer", "integer").term("x1")
        Traceback (most recent call last):
        ...
        regiograph.errors.UsageError: parameter year: 'x1' is not an integer (write digits, such as 2021)
        """
        if isinstance(value, ox.NamedNode | ox.Literal):
            return value
        if self.type == "iri":
            return _iri(self.name, value)
        if self.type == "literal":
            return ox.Literal(value)
        if self.type in ("integer", "decimal", "boolean"):
            return _typed(self.name, value, self.type)
        if self.type == "date":
            try:
                return parse_date(value)
            except ValueProblem as problem:
                raise UsageError(f"parameter {self.name}: {problem.message} ({problem.hint})"
                                 ) from None
        return ox.Literal(value, language=self.type)


def parameters_of(text: str, defaults: dict[str, str] | None = None) -> list[Parameter]:
    """The BASIL parameters of a query text.

    >>> [(p.name, p.type) for p in parameters_of("SELECT * { ?_org_iri ?p ?_label_en }")]
    [('org', 'iri'), ('label', 'en')]
    """
    body = re.sub(r"#[^\n]*", "", text)  # a parameter in a comment is not one
    found: dict[str, Parameter] = {}
    for variable in _PARAMETER.findall(body):
        name, _, suffix = variable.rpartition("_")
        if not name or not (suffix in _TYPES or re.fullmatch(r"[a-z]{2}", suffix)):
            name, suffix = variable, "literal"
        if name not in found:
            found[name] = Parameter(name, "_" + variable, suffix, (defaults or {}).get(name))
    return list(found.values())


def _iri(name: str, value: str) -> ox.NamedNode:
    prefix, colon, local = value.partition(":")
    if not colon and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        value = ID + value
    elif colon and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    elif colon and not local.startswith("//") and (
            close := difflib.get_close_matches(prefix, PREFIXES, n=1, cutoff=0.75)):
        raise UsageError(f"parameter {name}: unknown prefix '{prefix}:' in {value!r}; did you "
                         f"mean '{close[0]}:{local}'? (the prefixes are {', '.join(PREFIXES)})")
    fix = ("write an id such as ku-leuven, a prefixed name such as rg:University, or an IRI "
           "such as https://ror.org/05f950310")
    if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", value) or _IRI_FORBIDDEN.search(value):
        raise UsageError(f"parameter {name}: {value!r} is not an id, a prefixed name or an "
                         f"absolute IRI ({fix})")
    try:
        return ox.NamedNode(value)
    except ValueError as exc:  # the engine's full IRI check (UnicodeEncodeError included)
        raise UsageError(f"parameter {name}: {value!r} is not a valid IRI ({exc}; {fix})") from None


def _typed(name: str, value: str, kind: str) -> ox.Literal:
    patterns = {"integer": r"[+-]?[0-9]+", "decimal": r"[+-]?[0-9]+(?:\.[0-9]+)?",
                "boolean": r"true|false"}
    if not re.fullmatch(patterns[kind], value):
        article = "an" if kind == "integer" else "a"
        fix = {"integer": "write digits, such as 2021", "decimal": "write digits with '.' as the "
               "decimal point, such as 1.5", "boolean": "write true or false"}[kind]
        raise UsageError(f"parameter {name}: {value!r} is not {article} {kind} ({fix})")
    return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind))
