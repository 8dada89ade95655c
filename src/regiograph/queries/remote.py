"""Querying any SPARQL 1.1 endpoint (through SPARQLWrapper) and reading its complete answer.

Parameters travel to a remote endpoint as a ``VALUES`` block opening the WHERE clause, built from
RDF terms in their N-Triples form (IRIs checked, literals escaped by the engine), never as
formatted text. Credentials come from the environment (:mod:`regiograph.queries.credentials`);
uploading is :mod:`regiograph.queries.graph_store`, serving :mod:`regiograph.queries.server`.

What servers answer differs; each difference is read as what it means: an ASK answered as a
one-cell table (Virtuoso's ``__ASK_RETVAL``) is the boolean, a graph comes in whichever RDF syntax
the server chose, an endpoint address with its own query string (``?default-graph-uri=...``)
keeps it on every request, and a query that opens with Virtuoso's ``define`` pragmas keeps them
first.
"""

from __future__ import annotations

import re
import urllib.parse
from http.client import HTTPMessage
from pathlib import Path

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.namespaces import PROLOGUE
from regiograph.queries.credentials import add_credentials, shown
from regiograph.queries.results import QueryResult
from regiograph.queries.transport import EndpointError, check_url, fetch
from regiograph.store.sparql_text import with_values

__all__ = [
    "EndpointError",
    "query_endpoint",
]

_JSON_TYPES = ("application/sparql-results+json", "application/json")
#: What a graph answer (CONSTRUCT, DESCRIBE) may come as, by media type.
_GRAPH_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/ntriples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
    "application/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/n3": ox.RdfFormat.N3, "text/rdf+n3": ox.RdfFormat.N3, "application/n3": ox.RdfFormat.N3,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/xml": ox.RdfFormat.RDF_XML,
    "text/xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/x-json+ld": ox.RdfFormat.JSON_LD, "application/n-quads": ox.RdfFormat.N_QUADS,
    "text/x-nquads": ox.RdfFormat.N_QUADS, "application/trig": ox.RdfFormat.TRIG,
}
_RESULTS_ACCEPT = "application/sparql-results+json, application/json;q=0.9"
_GRAPH_ACCEPT = ("application/n-triples, text/turtle;q=0.9, application/turtle;q=0.9, "
                 "application/rdf+xml;q=0.8, application/ld+json;q=0.7, text/n3;q=0.6, "
                 "application/n-quads;q=0.5, application/trig;q=0.5, text/plain;q=0.4")
_POST_ABOVE = 1500  # characters: longer queries go by POST, as URLs get truncated by proxies
#: Virtuoso's pragmas (``define input:default-graph-uri <...>``), which must open the query.
_PRAGMAS = re.compile(r"""(?:\s+|\#[^\n]*\n|define\s+[A-Za-z][\w-]*:[\w-]+\s+
                          (?:<[^<>\s]*>|"[^"\n]*"|'[^'\n]*'|[0-9]+)(?=\s))*""", re.VERBOSE)




def query_endpoint(url: str, text: str, form: str,
                   bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
                   timeout: float = 60.0) -> QueryResult:
    """Run a query on a remote SPARQL 1.1 endpoint and parse its complete answer.

    ``url`` may carry query parameters of its own (``?default-graph-uri=IRI``), sent with every
    request; a query text that opens with Virtuoso ``define`` pragmas keeps them before the
    prefixes."""
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    parts = check_url(url)
    extra = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if any(key in ("query", "update") for key, _ in extra):
        raise UsageError(f"{shown(url)}: the address already holds a query (query= or "
                         "update=); give the endpoint's address without it")
    wrapper = SPARQLWrapper(urllib.parse.urlunsplit(parts._replace(query="")), agent="regiograph")
    for key, value in extra:
        wrapper.addParameter(key, value)
    pragmas = _PRAGMAS.match(text)
    head = text[:pragmas.end()] if pragmas and "define" in pragmas[0] else ""
    query = head + PROLOGUE + with_values(text[len(head):], bindings or {})
    wrapper.setQuery(query)
    # the form we parsed: SPARQLWrapper's own guess can take a word in a comment ("describes")
    # for the query's form and then ask for the wrong kind of answer
    wrapper.queryType = form
    if len(query) > _POST_ABOVE:
        wrapper.setMethod(POST)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    wrapper.setReturnFormat(TURTLE if graph else JSON)
    wrapper.setOnlyConneg(True)  # ask by Accept header only; some servers refuse format=
    wrapper.addCustomHttpHeader("Accept", _GRAPH_ACCEPT if graph else _RESULTS_ACCEPT)
    add_credentials(wrapper, url)
    status, headers, body = fetch(url, wrapper, timeout)
    if status != 200:
        raise EndpointError(url, f"HTTP {status}: a partial or unexpected answer was refused")
    content_type = headers.get("Content-Type", "")
    media = content_type.split(";", 1)[0].strip().lower()
    if media not in (_GRAPH_FORMATS if graph else _JSON_TYPES):
        raise EndpointError(url, f"the answer is {content_type or 'untyped'}, not SPARQL results; "
                                 "is this a SPARQL endpoint?")
    try:
        if graph:
            triples = _graph_answer(url, body, _GRAPH_FORMATS[media])
            _check_whole(url, headers, len(triples))
            return QueryResult(form, triples=triples)
        answer = ox.parse_query_results(_blank_nodes(body), ox.QueryResultsFormat.JSON)
        if form == "ASK" and isinstance(answer, ox.QuerySolutions):
            return QueryResult("ASK", boolean=_table_as_boolean(url, answer))
        if (form == "ASK") != isinstance(answer, ox.QueryBoolean):
            raise EndpointError(url, f"the answer to an {form} query is "
                                     f"{'a boolean' if form != 'ASK' else 'a table'}")
        result = QueryResult.from_engine(answer, form, bindings or {})  # reads every row
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(url, f"the answer is not valid SPARQL results (truncated?): {exc}"
                            ) from None
    _check_whole(url, headers, len(result.rows))
    return result


def _blank_nodes(body: bytes) -> bytes:
    """SPARQL JSON results whose blank nodes have labels the engine reads: Virtuoso labels
    them ``nodeID://b10155``, which is no blank node label; each such label is given a new one,
    the same wherever it occurs in the answer."""
    if b'"bnode"' not in body:
        return body
    import json

    try:
        answer = json.loads(body)
        rows = answer["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return body  # not the shape of SELECT results: the engine says what is wrong
    labels: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        for cell in row.values() if isinstance(row, dict) else []:
            if (isinstance(cell, dict) and cell.get("type") == "bnode"
                    and not re.fullmatch(r"[A-Za-z0-9_]+", str(cell.get("value")))):
                cell["value"] = labels.setdefault(str(cell.get("value")), f"b{len(labels)}")
    return json.dumps(answer).encode() if labels else body


def _check_whole(url: str, headers: HTTPMessage, rows: int) -> None:
    """Refuse an answer that the server cut at its row limit: Virtuoso answers 200 with the
    first ``ResultSetMaxRows`` rows and says so in an ``X-SPARQL-MaxRows`` header only."""
    limit = headers.get("X-SPARQL-MaxRows", "")
    if limit.strip().isdigit() and rows >= int(limit):
        raise EndpointError(url, f"the endpoint cut the answer at {int(limit)} rows (its row "
                                 "limit, Virtuoso's ResultSetMaxRows in virtuoso.ini); raise "
                                 "the limit, or narrow the query or page it with LIMIT and "
                                 "OFFSET")


def _graph_answer(url: str, body: bytes, fmt: ox.RdfFormat) -> list[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE answer in any RDF syntax (the quads of a dataset
    syntax as triples); RDF/XML whose entities could explode is refused, and a JSON-LD remote
    context is never fetched."""
    if fmt is ox.RdfFormat.RDF_XML:
        from regiograph.errors import DataError
        from regiograph.store.rdf_files import check_xml_entities

        try:
            check_xml_entities(Path("the answer"), body)
        except DataError as exc:
            raise EndpointError(url, f"the answer was refused: {exc.issues[0].message}") from None
    return [item if isinstance(item, ox.Triple) else ox.Triple(item.subject, item.predicate,
                                                                item.object)
            for item in ox.parse(body, fmt)]


def _table_as_boolean(url: str, answer: ox.QuerySolutions) -> bool:
    """An ASK answered as a table of one cell, as Virtuoso answers it (``__ASK_RETVAL``: 1 or
    0, or no row), read as the boolean it stands for."""
    variables = [v.value for v in answer.variables]
    rows = [row[0] for row in answer]
    if len(variables) != 1 or len(rows) > 1:
        raise EndpointError(url, f"the answer to an ASK query is a table of {len(rows)} rows "
                                 f"({', '.join(variables) or 'no columns'}), not a boolean")
    cell = rows[0] if rows else None
    if cell is None:
        return False
    if not isinstance(cell, ox.Literal) or cell.value.lower() not in ("1", "0", "true", "false"):
        raise EndpointError(url, f"the answer to an ASK query is {cell}, not a boolean")
    return cell.value.lower() in ("1", "true")
