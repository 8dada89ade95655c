"""Running a query of the library, a ``.rq`` file or SPARQL text: on the store of a build or
on a remote endpoint, its parameters bound as terms, bounded in time, mistakes placed at their
line and column."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from regiograph.errors import Issue, UsageError
from regiograph.namespaces import PREFIXES, PROLOGUE
from regiograph.queries.files import _QUERY_FORM, QueryFile
from regiograph.queries.library import Library, resolve_query
from regiograph.queries.parameters import Parameter

if TYPE_CHECKING:
    from regiograph.queries.results import QueryResult
    from regiograph.store.embedded import GraphStore

__all__ = ["bind_parameters", "query"]

def bind_parameters(query: QueryFile, values: dict[str, str | ox.NamedNode | ox.Literal]
                    ) -> dict[str, ox.NamedNode | ox.Literal]:
    """Bindings (variable name to term) for the given values and the query's defaults.

    Raises UsageError for an unknown parameter (with the closest known one) or a missing one.
    """
    parameters = {p.name: p for p in query.parameters}
    for name in query.defaults:
        if name not in parameters:
            raise UsageError(_in_header(query, name, f"names {name!r}, which is not a parameter "
                                        f"of the query{_did_you_mean(name, parameters)}"))
    for name in values:
        if name not in parameters:
            close = difflib.get_close_matches(name, parameters, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (
                f"; it takes {', '.join(parameters)}" if parameters else "; it takes none")
            raise UsageError(f"query {query.name} has no parameter {name!r}{hint}")
    bindings = {}
    for name, parameter in parameters.items():
        value = values.get(name, parameter.default)
        if value is None:
            raise UsageError(f"query {query.name} needs the parameter {name!r}: "
                             f"pass --param {name}=VALUE")
        try:
            bindings[parameter.variable] = parameter.term(value)
        except UsageError as exc:
            if name in values:
                raise
            raise UsageError(_in_header(query, name, f"the default of {exc}")) from None
    return bindings


def _did_you_mean(name: str, known: dict[str, Parameter]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else (
        f" (it takes {', '.join(known)})" if known else " (it takes none)")


def _in_header(query: QueryFile, name: str, message: str) -> str:
    """``message`` placed at the ``#+ defaults`` line of ``name`` in the query's file."""
    for number, line in enumerate(query.text.splitlines(), 1):
        if re.match(rf"#\+\s+-\s*{re.escape(name)}\s*:", line):
            return str(Issue(query.path, number, line.index(name) + 1, "#+ defaults", message,
                             "fix or remove this default"))
    return f"{query.path}: {message}"


def query(name_or_text: str, *, store: GraphStore | None = None, endpoint: str | None = None,
          timeout: float | None = None, allow_service: bool = False,
          build: Path | str | None = None,
          **params: str | ox.NamedNode | ox.Literal) -> QueryResult:
    """Run a library query (by name), a ``.rq`` file or SPARQL text, with bound parameters.

    ``build`` is a build folder to query (a :class:`~regiograph.store.loading.NoBuild` error
    when there is none there); without ``store``, ``build`` or ``endpoint`` it queries the last
    build (``build/``), and says so when there is none. Library names are looked up in the
    generic library and in the queries of the build (its region's own queries and defaults).
    ``timeout`` bounds the query in seconds, on an endpoint and on the embedded store alike
    (there, it runs in a child process that is stopped at the deadline). A query with a
    ``SERVICE`` clause (a request to another server) is refused with a
    :class:`~regiograph.errors.UsageError` unless ``allow_service`` is true.

    Examples
    --------
    >>> import tempfile
    >>> from regiograph import build
    >>> from regiograph.store.loading import load_built
    >>> store = load_built(build(out=Path(tempfile.mkdtemp()) / "build").out)
    >>> result = query("SELECT ?label WHERE { ?_org_iri rdfs:label ?label }", store=store,
    ...                org="ku-leuven")
    >>> result.column("label")
    ['KU Leuven']
    >>> len(query("list-international-leuvenaars", store=store).rows) > 0  # a Leuven query
    True
    """
    from regiograph.queries.remote import query_endpoint
    from regiograph.queries.results import QueryResult
    from regiograph.store.sparql_text import service_call

    if store is not None and build is not None:
        raise UsageError("give store= or build=, not both")
    folder = Path(build) if build is not None else Path("build")
    if endpoint is None and store is None:
        from regiograph.store.loading import open_build

        store = open_build(folder)
    found = resolve_query(name_or_text, Library.of_build(
        store.build_dir if store is not None else folder))
    _check_form(found)
    if not allow_service and (called := service_call(found.text)) is not None:
        raise UsageError(f"{found.path}: the query calls a remote service ({called}), and "
                         "regiograph makes no request to another server unless asked "
                         "(pass --allow-service, or allow_service=True)")
    if endpoint is not None:
        bindings = bind_parameters(found, params)
        return query_endpoint(endpoint, found.text, found.form, bindings, timeout or 60.0)
    assert store is not None  # opened above when no endpoint was given
    engine = store
    bindings = bind_parameters(found, _by_name(found, params, store))

    def answer() -> QueryResult:
        return QueryResult.from_engine(engine.query(found.text, bindings, allow_service),
                                       found.form, bindings)

    try:
        if timeout is None:
            return answer()
        from regiograph.bounded import run_bounded

        return run_bounded(answer, timeout)
    except SyntaxError as exc:
        raise UsageError(_syntax_error(found, str(exc))) from None


def _by_name(found: QueryFile, values: dict[str, str | ox.NamedNode | ox.Literal],
             store: GraphStore) -> dict[str, str | ox.NamedNode | ox.Literal]:
    """``values`` with each IRI parameter given as a name, or as an id the graph lacks, resolved
    against the graph (:mod:`regiograph.queries.lookup`): a typo is refused, not answered with
    nothing."""
    from regiograph.queries.lookup import NameIndex, resolve_iri

    index = NameIndex(store)
    resolved = dict(values)
    for parameter in found.parameters:
        value = values.get(parameter.name)
        if parameter.type == "iri" and isinstance(value, str):
            iri = resolve_iri(parameter.name, value, index)
            if iri is not None:
                resolved[parameter.name] = iri
    return resolved


def _check_form(found: QueryFile) -> None:
    """Refuse a text that is not a query (an update such as ``DROP ALL``, or nothing)."""
    body = re.sub(r"#[^\n]*", "", found.text)
    if _QUERY_FORM.search(body + " "):
        return
    first = re.search(r"\S+", body)
    if first is None:
        raise UsageError(f"{found.path}: the query is empty; write a SELECT, ASK, CONSTRUCT or "
                         "DESCRIBE query")
    line = body.count("\n", 0, first.start()) + 1
    column = first.start() - (body.rfind("\n", 0, first.start()) + 1) + 1
    raise UsageError(str(Issue(found.path, line, column, "", f"{first[0]!r} does not start a "
                               "query (updates are not run)",
                               "write a SELECT, ASK, CONSTRUCT or DESCRIBE query")))


def _syntax_error(found: QueryFile, message: str) -> str:
    """The engine's SPARQL syntax error, placed in the query's own lines (the engine counts the
    PREFIX lines that every query gets first), in words: an undeclared prefix is named, and the
    engine's lists of character ranges are summed up."""
    unknown = _unknown_prefix(found.text) if "Prefix not found" in message else None
    if unknown is not None:
        prefix, line, column = unknown
        close = difflib.get_close_matches(prefix, PREFIXES, n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}:'?)" if close else ""
        return str(Issue(found.path, line, column, "", f"unknown prefix '{prefix}:'{hint}",
                         f"use a known prefix ({', '.join(PREFIXES)}) or declare it with "
                         f"PREFIX {prefix}: <...>"))
    position = re.match(r"error at (\d+):(\d+): ", message)
    if position is None:
        return f"{found.path}: SPARQL syntax error: {_readable(message)}"
    line = int(position[1]) - PROLOGUE.count("\n")
    return str(Issue(found.path, line, int(position[2]), "",
                     f"SPARQL syntax error: {_readable(message[position.end():])}",
                     "fix the SPARQL at this line and column"))


def _unknown_prefix(text: str) -> tuple[str, int, int] | None:
    """The first prefixed name whose prefix is neither known nor declared in ``text``, with its
    line and column; comments, strings and IRIs are not read.

    >>> _unknown_prefix('SELECT * {\\n  ?s a rgx:University ; rdfs:label "a:b" }')
    ('rgx', 2, 8)
    """
    blank = re.sub(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>',
                   lambda m: " " * len(m[0]), text)
    declared = set(PREFIXES) | set(re.findall(r"PREFIX\s+([A-Za-z][\w.-]*)?:", blank, re.I))
    for match in re.finditer(r"(?<![\w?$:.-])([A-Za-z][\w.-]*):", blank):
        if match[1] not in declared:
            line = text.count("\n", 0, match.start()) + 1
            return match[1], line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return None


def _readable(detail: str) -> str:
    """The engine's message without its lists of character ranges ("['A' ..= 'Z' | ...]")."""
    ranges = re.sub(r"\[[^\]]*\.\.=[^\]]*\]", "a name character", " ".join(detail.split()))
    return re.sub(r"(a name character, )+a name character", "a name character", ranges)
