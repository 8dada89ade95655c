"""SPARQL query text, read without parsing it: binding parameters as a ``VALUES`` block that opens
the WHERE clause, and finding a ``SERVICE`` call. Strings, IRIs and comments are skipped, so
only real keywords count."""

from __future__ import annotations

import re

import pyoxigraph as ox

from regiograph.errors import UsageError

__all__ = ["service_call", "values_clause", "with_values"]


def values_clause(bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """A ``VALUES`` block binding each variable to its term.

    Terms are written in their N-Triples form by the engine, which escapes every literal, so no
    value is ever formatted into the query as text.

    >>> values_clause({"_org_iri": ox.NamedNode("https://w3id.org/regiograph/id/imec"),
    ...                "_name": ox.Literal('say "hi" }')})
    ' VALUES (?_org_iri ?_name) { (<https://w3id.org/regiograph/id/imec> "say \\\\"hi\\\\" }") } '
    """
    if not bindings:
        return ""
    for term in bindings.values():
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise UsageError("only IRIs and literals can be bound")
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f" VALUES ({names}) {{ ({terms}) }} "


# A keyword, not part of a variable (?where), a prefixed name (ex:service) or a longer word.
_KEYWORD = r"(?<![\w?$:.-]){}(?![\w:-])"
_TOKENS = re.compile(r"""
    (?P<skip>\#[^\n]*|'{3}.*?'{3}|"{3}.*?"{3}|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
              |<[^<>"{}|^`\\\s]*>)
  | (?P<where>""" + _KEYWORD.format("WHERE") + r""")
  | (?P<service>""" + _KEYWORD.format("SERVICE") + r"""(?:\s+SILENT\b)?\s*(?:<[^<>\s]*>|[^\s{}]+)?)
  | (?P<open>\{) | (?P<close>\})
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)


def service_call(sparql: str) -> str | None:
    """The first ``SERVICE`` clause of a query (keyword and endpoint), or None.

    Strings, IRIs and comments are skipped, so only a real clause counts.

    >>> service_call('SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }')
    'SERVICE <http://e/sparql>'
    >>> service_call('SELECT ?service { ?s ex:service "SERVICE <x>" } # SERVICE') is None
    True
    """
    for token in _TOKENS.finditer(sparql):
        if token.lastgroup == "service":
            return " ".join(token.group().split())
    return None


def with_values(sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with a VALUES block opening its WHERE clause, so the bound terms are in scope
    for every pattern and filter of the top-level group, as pre-bound variables would be.

    >>> with_values('SELECT ?x WHERE { ?x ?p "{" FILTER(?x = ?_y) }', {"_y": ox.Literal("a")})
    'SELECT ?x WHERE { VALUES (?_y) { ("a") }  ?x ?p "{" FILTER(?x = ?_y) }'
    """
    if not bindings:
        return sparql
    depth, seen_where, first_open = 0, False, None
    for token in _TOKENS.finditer(sparql):
        kind = token.lastgroup
        if kind == "where" and depth == 0:
            seen_where = True
        elif kind == "open":
            if depth == 0 and (seen_where or first_open is None):
                first_open = token.end()
                if seen_where:
                    break
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_open is None:
        raise UsageError("cannot bind parameters: the query has no WHERE clause")
    return sparql[:first_open] + values_clause(bindings) + sparql[first_open:]
