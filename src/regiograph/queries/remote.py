"""SPARQL 1.1 endpoints: querying any endpoint (SPARQLWrapper), uploading a dataset with the Graph
Store Protocol, and finding the Oxigraph server program (serving is in :mod:`regiograph.queries.server`).

Parameters travel to a remote endpoint as a ``VALUES`` block opening the WHERE clause, built from RDF terms in
their N-Triples form (IRIs checked, literals escaped by the engine), never as formatted text.
Credentials come from the environment: ``REGIOGRAPH_ENDPOINT_USER`` and
``REGIOGRAPH_ENDPOINT_PASSWORD`` (HTTP basic) or ``REGIOGRAPH_ENDPOINT_TOKEN`` (bearer). Redirects are
followed as curl and requests follow them: credentials go along to the same origin (scheme, host
and port) only, never to another host.
"""

from __future__ import annotations

import base64
import contextlib
import os
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
_GRAPH_TYPES = ("application/n-triples", "text/plain", "text/turtle", "application/rdf+xml")
_POST_ABOVE = 1500  # characters: longer queries go by POST, as URLs get truncated by proxies


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
    """Run a query on a remote SPARQL 1.1 endpoint and parse its complete answer."""
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    _check_url(url)
    wrapper = SPARQLWrapper(url, agent="regiograph")
    query = PROLOGUE + with_values(text, bindings or {})
    wrapper.setQuery(query)
    # the form we parsed: SPARQLWrapper's own guess can take a word in a comment ("describes")
    # for the query's form and then ask for the wrong kind of answer
    wrapper.queryType = form
    if len(query) > _POST_ABOVE:
        wrapper.setMethod(POST)
    graph = form in ("CONSTRUCT", "DESCRIBE")
    wrapper.setReturnFormat(TURTLE if graph else JSON)
    wrapper.setOnlyConneg(True)  # ask by Accept header only; some servers refuse format=
    _add_credentials(wrapper)
    status, content_type, body = _fetch(url, wrapper, timeout)
    if status != 200:
        raise EndpointError(url, f"HTTP {status}: a partial or unexpected answer was refused")
    expected = _GRAPH_TYPES if graph else _JSON_TYPES
    if not content_type.startswith(expected):
        raise EndpointError(url, f"the answer is {content_type or 'untyped'}, not SPARQL results; "
                                 "is this a SPARQL endpoint?")
    try:
        if graph:
            fmt = (ox.RdfFormat.TURTLE if "turtle" in content_type else ox.RdfFormat.RDF_XML
                   if "xml" in content_type else ox.RdfFormat.N_TRIPLES)
            return QueryResult(form, triples=list(ox.parse(body, fmt)))
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        return QueryResult.from_engine(answer, form, bindings or {})
    except (SyntaxError, ValueError) as exc:
        raise EndpointError(url, f"the answer is not valid SPARQL results (truncated?): {exc}"
                            ) from None


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


_OPENER = urllib.request.build_opener(_Redirects)


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
        try:
            detail = _first_line(exc.read().decode("utf-8", "replace"))[:200]
        except OSError:
            detail = ""
        reason = f"{reason}: {detail}" if detail else reason
    else:
        reason = f"HTTP {exc.code} {exc.reason}" + (f" while replacing {what}" if what else "")
    if elsewhere:
        sent = "; credentials are never sent to another host" if _auth_header() else ""
        reason = (f"redirected to {_shown(exc.url)} (another host, port or scheme{sent}), which "
                  f"answered {reason}; if you trust that address, give it instead")
    return EndpointError(url, reason)


#: The largest answer read: beyond any result a person reads, short of exhausting memory.
MAX_ANSWER = 512 << 20


def _fetch(url: str, wrapper: object, timeout: float) -> tuple[int, str, bytes]:
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
              opened: list[IO[bytes]]) -> tuple[int, str, bytes]:
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            opened.append(response)
            body = _read_capped(response, url)
            return response.getcode(), response.headers.get("Content-Type", ""), body
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


def _add_credentials(wrapper: object) -> None:
    header = _auth_header()
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
    header = _auth_header()
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
    with _OPENER.open(request, timeout=timeout) as response:
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
