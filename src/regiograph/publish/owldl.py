"""The graph for OWL 2 DL reasoners (HermiT, Pellet; Protégé with either): the ontology, the kind
vocabulary and the merged graph in one Turtle file, with every literal in OWL 2's datatype map.

The build is not OWL 2 DL as it stands: its dates are ``xsd:date``, ``xsd:gYear`` and
``xsd:gYearMonth`` literals, none of which is in the OWL 2 datatype map, and HermiT refuses the
whole file at the first one ("The datatype xsd:gYear is not part of the OWL 2 datatype map").
This variant maps each date to the ``xsd:dateTime`` of the first instant of the period it names,
keeping its time zone when it has one:

==================== ================== ==================================
datatype             value              in this variant (``xsd:dateTime``)
==================== ================== ==================================
``xsd:date``         ``2018-03-01``     ``2018-03-01T00:00:00``
``xsd:gYearMonth``   ``1990-07``        ``1990-07-01T00:00:00``
``xsd:gYear``        ``1954``           ``1954-01-01T00:00:00``
==================== ================== ==================================

Any other literal outside the map (or a date that does not read as one) becomes a plain
``xsd:string`` of its text, and a datatype outside the map named in an axiom becomes
``xsd:dateTime`` (a date) or ``xsd:string``. Nothing else changes. A year read as its first
instant is right for reasoning about classes and relations; for the dates themselves, read the
build's own files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from regiograph.namespaces import PREFIXES

__all__ = ["OWL2_DATATYPES", "owl_dl_term", "owl_dl_triples"]

_XSD = PREFIXES["xsd"]
_RDF = PREFIXES["rdf"]
#: The OWL 2 datatype map (OWL 2 Structural Specification, section 4), with rdf:langString, the
#: RDF 1.1 name of a language-tagged literal, and rdfs:Literal.
OWL2_DATATYPES = frozenset(
    [_XSD + name for name in (
        "decimal", "integer", "nonNegativeInteger", "nonPositiveInteger", "positiveInteger",
        "negativeInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
        "unsignedShort", "unsignedByte", "double", "float", "string", "normalizedString",
        "token", "language", "Name", "NCName", "NMTOKEN", "boolean", "hexBinary", "base64Binary",
        "anyURI", "dateTime", "dateTimeStamp")]
    + [_RDF + "PlainLiteral", _RDF + "XMLLiteral", _RDF + "langString",
       PREFIXES["rdfs"] + "Literal", PREFIXES["owl"] + "real", PREFIXES["owl"] + "rational"])

_DATE_TIME = ox.NamedNode(_XSD + "dateTime")
_STRING = ox.NamedNode(_XSD + "string")
_ZONE = r"(Z|[+-]\d{2}:\d{2})?"
#: Each date datatype: its lexical form, and the dateTime of the first instant it names.
_DATES = {
    _XSD + "date": (re.compile(rf"(-?\d{{4,}}-\d{{2}}-\d{{2}}){_ZONE}"), "{}T00:00:00{}"),
    _XSD + "gYearMonth": (re.compile(rf"(-?\d{{4,}}-\d{{2}}){_ZONE}"), "{}-01T00:00:00{}"),
    _XSD + "gYear": (re.compile(rf"(-?\d{{4,}}){_ZONE}"), "{}-01-01T00:00:00{}"),
}

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def owl_dl_term(term: Term) -> Term:
    """``term`` with a datatype in OWL 2's map: a date as the dateTime of its first instant, any
    other literal outside the map as a string, a datatype IRI outside the map (in an axiom such
    as ``rdfs:range``) as ``xsd:dateTime`` or ``xsd:string``.

    >>> owl_dl_term(ox.Literal("1954", datatype=ox.NamedNode(_XSD + "gYear"))).value
    '1954-01-01T00:00:00'
    >>> owl_dl_term(ox.Literal("1990-07Z", datatype=ox.NamedNode(_XSD + "gYearMonth"))).value
    '1990-07-01T00:00:00Z'
    >>> owl_dl_term(ox.Literal("P1Y", datatype=ox.NamedNode(_XSD + "duration"))).datatype.value
    'http://www.w3.org/2001/XMLSchema#string'
    >>> owl_dl_term(ox.NamedNode(_XSD + "gYear")).value
    'http://www.w3.org/2001/XMLSchema#dateTime'
    """
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if term.language or datatype in OWL2_DATATYPES:
            return term
        if datatype in _DATES:
            pattern, form = _DATES[datatype]
            match = pattern.fullmatch(term.value)
            if match:
                return ox.Literal(form.format(match[1], match[2] or ""), datatype=_DATE_TIME)
        return ox.Literal(term.value, datatype=_STRING)
    if isinstance(term, ox.NamedNode) and term.value.startswith(_XSD) \
            and term.value not in OWL2_DATATYPES and _is_datatype_name(term.value):
        return _DATE_TIME if term.value in _DATES else _STRING
    return term


def _is_datatype_name(iri: str) -> bool:
    """Whether an ``xsd:`` IRI names a datatype (``xsd:gYear``), not a facet (``xsd:pattern``).

    >>> _is_datatype_name(_XSD + "gYear"), _is_datatype_name(_XSD + "minInclusive")
    (True, False)
    """
    return iri.removeprefix(_XSD) in _XSD_DATATYPES


_XSD_DATATYPES = frozenset({
    "date", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay", "time", "duration",
    "dayTimeDuration", "yearMonthDuration", "QName", "NOTATION", "ENTITY", "ENTITIES", "ID",
    "IDREF", "IDREFS", "NMTOKENS"})


def owl_dl_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with every literal and datatype in OWL 2's datatype map (see
    :func:`owl_dl_term`), in their order."""
    return [ox.Triple(t.subject, t.predicate, owl_dl_term(t.object)) for t in triples]
