"""SPARQL 1.1 endpoints: querying any endpoint (SPARQLWrapper), uploading a dataset with the Graph
Store Protocol, and finding the Oxigraph server program (serving is in :mod:`regiograph.queries.server`).

Parameters travel to a remote endpoint as a ``VALUES`` block opening the WHERE clause, built from RDF terms in
their N-Triples form (IRIs checked, literals escaped by the engine), never as formatted text.
Credentials come from the environment: ``REGIOGRAPH_ENDPOINT_USER`` and
``REGIOGRAPH_ENDPOINT_PASSWORD`` (HTTP basic, or digest when the server asks for it, as
Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth`` do) or ``REGIOGRAPH_ENDPOINT_TOKEN``
(bearer). Redirects are followed as curl and requests follow them: credentials go along to the same
origin (scheme, host and port) only, never to another host.

What servers answer differs; each difference is read as what it means: an ASK answered as a
one-cell table (Virtuoso's ``__ASK_RETVAL``) is the boolean, a graph comes in whichever RDF syntax
the server chose, an endpoint address with its own query string (``?default-graph-uri=...``)
keeps it on every request, and a query that opens with Virtuoso's ``define`` pragmas keeps them
first. An error answer's own reason (the text of an HTML error page) is reported, also when the
server answered an upload before reading all of it and closed the connection.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import re
import shutil
import socket
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from http.client import HTTPMessage
from pathlib import Path
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from regiograph.errors import RegiographError, UsageError
from regiograph.namespaces import PROLOGUE
from regiograph.queries.results import QueryResult
from regiograph.store.embedded import with_values

__all__ = [
    "EndpointError",
    "graph_store_url",
    "oxigraph_binary",
    "push",
    "query_endpoint",
]

_T = TypeVar("_T")
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


class EndpointError(RegiographError, ConnectionError):
    """A SPARQL endpoint could not be reached or did not give a complete SPARQL answer."""

    exit_code = 1

    def __init__(self, url: str, reason: str) -> None:
        self.url = _shown(url)
        self.reason = _redacted(reason)
        super().__init__(f"{self.url}: {self.reason}")


def _secrets() -> list[str]:
    """The credentials in the environment, and the header values made of them."""
    values = [os.environ.get(name, "") for name in
              ("REGIOGRAPH_ENDPOINT_TOKEN", "REGIOGRAPH_ENDPOINT_PASSWORD")]
    header = _auth_header(check=False)
    if header:
        values += [header, header.split(" ", 1)[-1]]
    return sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=len, reverse=True)


def _redacted(text: str) -> str:
    """``text`` with every credential replaced by ``***``: a server may echo them back."""
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text


def query_endpoint(url: str, text: str, form: str,
                   bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
                   timeout: float = 60.0) -> QueryResult:
    """Run a query on a remote SPARQL 1.1 endpoint and parse its complete answer.

    ``url`` may carry query parameters of its own (``?default-graph-uri=IRI``), sent with every
    request; a query text that opens with Virtuoso ``define`` pragmas keeps them before the
    prefixes."""
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    parts = _check_url(url)
    extra = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if any(key in ("query", "update") for key, _ in extra):
        raise UsageError(f"{_shown(url)}: the address already holds a query (query= or "
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
    _add_credentials(wrapper, url)
    status, headers, body = _fetch(url, wrapper, timeout)
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
        from regiograph.store.embedded import check_xml_entities

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


_HTTP_REASONS = {
    400: "HTTP 400: the endpoint rejected the query as malformed",
    401: "HTTP 401: credentials refused; set REGIOGRAPH_ENDPOINT_USER and "
         "REGIOGRAPH_ENDPOINT_PASSWORD, or REGIOGRAPH_ENDPOINT_TOKEN",
    404: "HTTP 404: no SPARQL endpoint at this address",
    414: "HTTP 414: the query is too long for a GET request",
    500: "HTTP 500: the endpoint failed on this query",
}


def _origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: credentials are sent to one origin only."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # not a valid port: an origin of its own
        return scheme, url, None
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects as curl and requests do: credentials go along to the same origin only;
    a 307 or 308 keeps the method and body (a POSTed query, an upload); http(s) targets only.
    A 301, 302 or 303 of an upload is not followed: it would become a GET that uploads nothing."""

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        if urllib.parse.urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(req.full_url, code, f"{msg}; not an http(s) address",
                                         headers, fp)
        method = req.get_method()
        new: urllib.request.Request | None
        if code in (307, 308) and method not in ("GET", "HEAD"):
            new = urllib.request.Request(  # noqa: S310 - the scheme is checked above
                newurl, data=req.data, headers=dict(req.headers),
                origin_req_host=req.origin_req_host, unverifiable=True, method=method)
        else:
            new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and _origin(newurl) != _origin(req.full_url):
            new.remove_header("Authorization")
        return new


class _AnswerFirst(http.client.HTTPConnection):
    """A connection that reads the server's answer also when the server answered before it had
    read the whole request and closed the connection (Virtuoso refusing an upload): sending the
    rest of the body fails then, with a broken pipe or a reset, but the answer, and the server's
    reason in it, is there to read. A success answer to a body that was not all sent is still
    the failure it is."""

    _unsent: OSError | None = None

    def send(self, data: Any) -> None:
        if self._unsent is not None:
            return
        try:
            super().send(data)
        except (BrokenPipeError, ConnectionResetError) as exc:
            self._unsent = exc

    def getresponse(self) -> http.client.HTTPResponse:
        try:
            response = super().getresponse()
        except (OSError, http.client.HTTPException):
            if self._unsent is not None:
                raise self._unsent from None
            raise
        if self._unsent is not None and response.status < 300:
            response.close()
            raise self._unsent
        return response


class _AnswerFirstTLS(_AnswerFirst, http.client.HTTPSConnection):
    """:class:`_AnswerFirst` over TLS."""


class _Plain(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_AnswerFirst, req)


class _Secure(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_AnswerFirstTLS, req, context=self._context)  # type: ignore[attr-defined]


#: Origins that asked for digest authentication: basic credentials are no longer sent to them.
_DIGEST: set[tuple[str, str, int | None]] = set()


class _DigestWanted(urllib.request.BaseHandler):
    """Virtuoso's ``-auth`` endpoints answer a request that carries basic credentials with a
    bare 401, without a challenge: the request goes once more without them, so that the
    server's digest challenge comes and is answered, and its origin is not sent basic
    credentials again."""

    handler_order = 600  # after the digest handler, which answers a challenge

    def http_error_401(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> IO[bytes] | None:
        if not str(req.get_header("Authorization", "")).startswith("Basic ") or headers.get(
                "WWW-Authenticate"):
            return None
        fp.close()
        req.remove_header("Authorization")
        _DIGEST.add(_origin(req.full_url))
        return self.parent.open(req, timeout=req.timeout)  # type: ignore[no-any-return]


def _opener(url: str) -> urllib.request.OpenerDirector:
    """The opener of one request: redirects as :class:`_Redirects` follows them, answers read as
    :class:`_AnswerFirst` reads them, and, with a user name, HTTP digest authentication for a
    server that asks for it (Virtuoso's ``-auth`` endpoints), for the endpoint's origin only."""
    handlers: list[urllib.request.BaseHandler] = [_Redirects(), _Plain(), _Secure()]
    user = os.environ.get("REGIOGRAPH_ENDPOINT_USER")
    if user and not os.environ.get("REGIOGRAPH_ENDPOINT_TOKEN"):
        scheme, host, port = _origin(url)
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, f"{scheme}://{host}:{port}/", user,
                               os.environ.get("REGIOGRAPH_ENDPOINT_PASSWORD", ""))
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords), _DigestWanted()]
    return urllib.request.build_opener(*handlers)


def _shown(url: str) -> str:
    """An address as shown in a message: without its query string (the query itself) and
    without any user name or password written into it."""
    try:
        parts = urllib.parse.urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        return _redacted(parts._replace(netloc=netloc, query="", fragment="").geturl())
    except ValueError:
        return "the endpoint"


def _http_error(url: str, exc: urllib.error.HTTPError, what: str = "") -> EndpointError:
    """The error for an HTTP error answer, naming a redirect that led to it; the answer is
    closed here (its socket would otherwise outlive the request)."""
    try:
        return _describe(url, exc, what)
    finally:
        exc.close()


def _describe(url: str, exc: urllib.error.HTTPError, what: str) -> EndpointError:
    if 300 <= exc.code < 400:
        target = _shown(exc.headers.get("Location", "another address") if exc.headers else "?")
        done = f"the upload of {what}" if what else "the query"
        reason = " ".join(str(exc.reason).split())
        return EndpointError(url, f"HTTP {exc.code}: the endpoint redirected {done} to {target}, "
                                  f"which was not followed ({reason}); give that address "
                                  "instead")
    elsewhere = bool(exc.url) and _origin(exc.url) != _origin(url)
    if elsewhere and exc.code == 401:
        reason = "HTTP 401: it asks for credentials"
    elif exc.code in _HTTP_REASONS and not what:
        reason = _HTTP_REASONS[exc.code]
        detail = _answer_text(exc)
        reason = f"{reason}: {detail}" if detail else reason
    else:
        reason = f"HTTP {exc.code} {exc.reason}" + (f" while replacing {what}" if what else "")
        detail = _answer_text(exc)
        reason += f": {detail}" if detail else ""
        if exc.code == 401:
            reason += ("; set REGIOGRAPH_ENDPOINT_USER and REGIOGRAPH_ENDPOINT_PASSWORD, or "
                       "REGIOGRAPH_ENDPOINT_TOKEN")
        reason += next((f"; {hint}" for words, hint in _SERVER_HINTS if words in detail), "")
    if elsewhere:
        sent = "; credentials are never sent to another host" if _auth_header() else ""
        reason = (f"redirected to {_shown(exc.url)} (another host, port or scheme{sent}), which "
                  f"answered {reason}; if you trust that address, give it instead")
    return EndpointError(url, reason)


#: What to do about a server's known reasons (Virtuoso's, in its words).
_SERVER_HINTS = (
    ("Permission denied for delete from DB.DBA.RDF_QUAD",
     "the endpoint's user may not write: on Virtuoso run GRANT SPARQL_UPDATE TO \"SPARQL\" in "
     "isql, or push to /sparql-graph-crud-auth as a user with that right (README: Loading the "
     "graph into Virtuoso)"),
    ("not configured to have default graph",
     "give the endpoint a default graph (on Virtuoso a row of DB.DBA.SYS_SPARQL_HOST; README: "
     "Loading the graph into Virtuoso), or push every triple into one graph with --graph IRI"),
)


def _answer_text(exc: urllib.error.HTTPError) -> str:
    """The reason an error answer gives, as one short line of text: the message of an HTML
    error page (its ``<xmp>`` or ``<pre>`` block, else its text), or the first lines of a plain
    one; control characters are dropped, as it is printed."""
    try:
        raw = exc.read(1 << 16).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        return ""
    if re.search(r"<(?:html|body|xmp|pre|h1)\b", raw, re.IGNORECASE):
        block = re.search(r"<(xmp|pre)\b[^>]*>(.*?)</\1\s*>", raw, re.IGNORECASE | re.DOTALL)
        if block:
            raw = block[2]
        else:
            raw = re.sub(r"<(head|script|style)\b.*?</\1\s*>", " ", raw,
                         flags=re.IGNORECASE | re.DOTALL)
        import html

        raw = html.unescape(re.sub(r"<[^>]*>", " ", raw))
    text = "".join(c if c.isprintable() else " " for c in _first_line(raw)) if raw.strip() else ""
    return " ".join(text.split())[:300]


#: The largest answer read: beyond any result a person reads, short of exhausting memory.
MAX_ANSWER = 512 << 20


def _fetch(url: str, wrapper: object, timeout: float) -> tuple[int, HTTPMessage, bytes]:
    """The answer to a request, whole: ``timeout`` bounds the entire exchange (a server that
    sends a byte a second is stopped too), and an answer beyond :data:`MAX_ANSWER` is refused."""
    request = wrapper._createRequest()  # type: ignore[attr-defined]
    return _within(timeout, url, lambda opened: _exchange(url, request, timeout, opened))


def _within(timeout: float, url: str, work: Callable[[list[IO[bytes]]], _T]) -> _T:
    """``work(opened)`` in a worker thread, given up at the deadline: the responses it put in
    ``opened`` are closed then, which ends the worker's reading."""
    done: dict[str, Any] = {}
    opened: list[IO[bytes]] = []

    def run() -> None:
        try:
            done["value"] = work(opened)
        except BaseException as exc:
            done["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        for response in opened:  # shut the socket: closing would wait for the reader's lock
            sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        worker.join(5)
        raise EndpointError(url, f"timed out after {timeout:g} s; raise --timeout or simplify "
                                 "the query")
    if "error" in done:
        raise done["error"]
    return done["value"]  # type: ignore[no-any-return]


def _read_capped(response: IO[bytes], url: str) -> bytes:
    chunks, size = [], 0
    while chunk := response.read(1 << 20):
        size += len(chunk)
        if size > MAX_ANSWER:
            raise EndpointError(url, f"the answer is larger than {MAX_ANSWER >> 20} MB and was "
                                     "not read to the end; add a LIMIT or narrow the query")
        chunks.append(chunk)
    return b"".join(chunks)


def _exchange(url: str, request: urllib.request.Request, timeout: float,
              opened: list[IO[bytes]]) -> tuple[int, HTTPMessage, bytes]:
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            opened.append(response)
            body = _read_capped(response, url)
            return response.getcode(), response.headers, body
    except urllib.error.HTTPError as exc:
        raise _http_error(url, exc) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise EndpointError(url, "timed out; raise --timeout or simplify the query") from None
        raise EndpointError(url, f"cannot reach the endpoint: {exc.reason}") from None
    except TimeoutError:
        raise EndpointError(url, "timed out; raise --timeout or simplify the query") from None
    except (ConnectionError, OSError) as exc:
        raise EndpointError(url, f"the connection failed: {exc}") from None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:2])[:300] if lines else "the endpoint refused the query"


def _check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an endpoint address; anything that would change where requests go, or
    would put a secret on the command line, is refused."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{_shown(url)!r} is not an http(s) endpoint URL; give the address of a "
                         "SPARQL endpoint, such as http://localhost:7878/query")
    if "@" in parts.netloc:
        raise UsageError(f"{_shown(url)}: the address holds a user name or password; give "
                         "credentials in REGIOGRAPH_ENDPOINT_USER and "
                         "REGIOGRAPH_ENDPOINT_PASSWORD (or REGIOGRAPH_ENDPOINT_TOKEN) instead")
    if "#" in url:
        raise UsageError(f"{_shown(url)}: the address has a fragment (#...), which is never "
                         "sent to the server and would change what a request means; remove it")
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise UsageError(f"{_shown(url)!r}: the address holds spaces or control characters")
    return parts


def _auth_header(check: bool = True) -> str | None:
    token = os.environ.get("REGIOGRAPH_ENDPOINT_TOKEN")
    user = os.environ.get("REGIOGRAPH_ENDPOINT_USER")
    password = os.environ.get("REGIOGRAPH_ENDPOINT_PASSWORD", "")
    if check:
        for name, value in (("REGIOGRAPH_ENDPOINT_TOKEN", token or ""),
                            ("REGIOGRAPH_ENDPOINT_USER", user or ""),
                            ("REGIOGRAPH_ENDPOINT_PASSWORD", password)):
            if any(ord(c) < 32 or ord(c) == 127 for c in value):
                raise UsageError(f"{name} holds a control character (a line break or tab, "
                                 "perhaps from a file saved with CRLF); set it again without it")
            if token and not value.isascii() and name == "REGIOGRAPH_ENDPOINT_TOKEN":
                raise UsageError(f"{name} holds non-ASCII characters; a token is ASCII")
    if token:
        return f"Bearer {token}"
    if user:
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    return None


def _credentials_for(url: str) -> str | None:
    """The Authorization header sent first to ``url``: none where the origin asked for digest,
    which is then answered to its challenge."""
    header = _auth_header()
    if header and header.startswith("Basic ") and _origin(url) in _DIGEST:
        return None
    return header


def _add_credentials(wrapper: object, url: str) -> None:
    header = _credentials_for(url)
    if header:
        wrapper.addCustomHttpHeader("Authorization", header)  # type: ignore[attr-defined]


# -- Graph Store Protocol ----------------------------------------------------------------------


def push(quads: Iterable[ox.Quad], endpoint: str, graph: str | None = None,
         timeout: float = 120.0) -> dict[str, int]:
    """Upload a dataset with the SPARQL 1.1 Graph Store Protocol.

    Each graph is replaced by one ``PUT`` request, which the store applies as a whole, so a
    failure leaves the previous version of that graph intact. Quads in the default graph (the
    merged graph of a :class:`~regiograph.store.embedded.GraphStore`) replace the default graph, last.
    With ``graph``, the triples of the named graphs go into that one graph instead. Returns the
    number of triples sent per graph ("" for the default graph).
    """
    _check_url(endpoint)
    by_graph: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        named = isinstance(quad.graph_name, ox.NamedNode)
        if graph is not None and not named:
            continue
        name = graph if graph is not None else str(getattr(quad.graph_name, "value", ""))
        by_graph.setdefault(name, set()).add(ox.Triple(quad.subject, quad.predicate, quad.object))
    _auth_header()  # a bad credential is a usage error before anything is sent
    sent: dict[str, int] = {}
    for name in sorted(by_graph, key=lambda n: (n == "", n)):
        triples = sorted(by_graph[name], key=str)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        try:
            _put(endpoint, name, body, timeout)
        except EndpointError as exc:
            if sent:
                exc.reason += (f"; {len(sent)} of {len(by_graph)} graphs had already been "
                               "replaced, the others are as they were: push again")
                exc.args = (f"{exc.url}: {exc.reason}",)
            raise
        sent[name] = len(triples)
    return sent


def graph_store_url(endpoint: str, graph: str) -> str:
    """The address of one graph of a Graph Store Protocol endpoint: ``?graph=IRI``, or
    ``?default`` for the default graph, added to the endpoint's own query string.

    >>> graph_store_url("http://localhost:7878/store", "https://w3id.org/regiograph/graph/a")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fregiograph%2Fgraph%2Fa'
    >>> graph_store_url("http://localhost:7878/store?x=1", "")
    'http://localhost:7878/store?x=1&default'
    """
    parts = _check_url(endpoint)
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if any(key in ("graph", "default") for key, _ in pairs):
        raise UsageError(f"{_shown(endpoint)}: the address already names a graph; give the "
                         "store's address without graph= or default")
    target = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    query = f"{parts.query}&{target}" if parts.query else target
    url = urllib.parse.urlunsplit(parts._replace(query=query))
    assert "graph=" in url or url.endswith("default")  # never a PUT to the bare store
    return url


def _put(endpoint: str, graph: str, body: bytes, timeout: float) -> None:
    url = graph_store_url(endpoint, graph)
    request = urllib.request.Request(url, data=body, method="PUT",  # noqa: S310 - checked http(s)
                                     headers={"Content-Type": "application/n-triples"})
    header = _credentials_for(url)
    if header:
        request.add_header("Authorization", header)
    try:
        status = _within(timeout, endpoint, lambda opened: _upload(request, timeout, opened))
    except urllib.error.HTTPError as exc:
        raise _http_error(endpoint, exc, graph or "the default graph") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = str(getattr(exc, "reason", exc))
        raise EndpointError(endpoint, f"upload of {graph or 'the default graph'} failed: "
                                      f"{reason}; the store keeps its previous version of that "
                                      "graph") from None
    if status not in (200, 201, 204):
        raise EndpointError(endpoint, f"HTTP {status} while replacing "
                                      f"{graph or 'the default graph'}")


def _upload(request: urllib.request.Request, timeout: float, opened: list[IO[bytes]]) -> int:
    with _opener(request.full_url).open(request, timeout=timeout) as response:
        opened.append(response)
        response.read(MAX_ANSWER)
        return int(response.getcode())


# -- serving ------------------------------------------------------------------------------------


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server program installed with regiograph (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise UsageError("the oxigraph server is not installed: pip install oxigraph")
    return Path(found)
