"""HTTP for SPARQL endpoints: one request and its whole answer, bounded in time and size.

Redirects are followed as curl and requests follow them (credentials go along to the same origin
only); an error answer's own reason (the text of an HTML error page) is reported, also when the
server answered an upload before reading all of it and closed the connection. Used by the SPARQL
protocol client (:mod:`regiograph.queries.remote`) and the Graph Store push
(:mod:`regiograph.queries.graph_store`).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from http.client import HTTPMessage
from typing import IO, Any, TypeVar

from regiograph.errors import RegiographError, UsageError
from regiograph.queries.credentials import DIGEST_ORIGINS, auth_header, origin, redacted, shown

__all__ = [
    "MAX_ANSWER",
    "EndpointError",
    "check_url",
    "fetch",
    "http_error",
    "opener",
    "within",
]

_T = TypeVar("_T")


class EndpointError(RegiographError, ConnectionError):
    """A SPARQL endpoint could not be reached or did not give a complete SPARQL answer."""

    exit_code = 1

    def __init__(self, url: str, reason: str) -> None:
        self.url = shown(url)
        self.reason = redacted(reason)
        super().__init__(f"{self.url}: {self.reason}")


_HTTP_REASONS = {
    400: "HTTP 400: the endpoint rejected the query as malformed",
    401: "HTTP 401: credentials refused; set REGIOGRAPH_ENDPOINT_USER and "
         "REGIOGRAPH_ENDPOINT_PASSWORD, or REGIOGRAPH_ENDPOINT_TOKEN",
    404: "HTTP 404: no SPARQL endpoint at this address",
    414: "HTTP 414: the query is too long for a GET request",
    500: "HTTP 500: the endpoint failed on this query",
}


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
        if new is not None and origin(newurl) != origin(req.full_url):
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
        DIGEST_ORIGINS.add(origin(req.full_url))
        return self.parent.open(req, timeout=req.timeout)  # type: ignore[no-any-return]


def opener(url: str) -> urllib.request.OpenerDirector:
    """The opener of one request: redirects as :class:`_Redirects` follows them, answers read as
    :class:`_AnswerFirst` reads them, and, with a user name, HTTP digest authentication for a
    server that asks for it (Virtuoso's ``-auth`` endpoints), for the endpoint's origin only."""
    handlers: list[urllib.request.BaseHandler] = [_Redirects(), _Plain(), _Secure()]
    user = os.environ.get("REGIOGRAPH_ENDPOINT_USER")
    if user and not os.environ.get("REGIOGRAPH_ENDPOINT_TOKEN"):
        scheme, host, port = origin(url)
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, f"{scheme}://{host}:{port}/", user,
                               os.environ.get("REGIOGRAPH_ENDPOINT_PASSWORD", ""))
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords), _DigestWanted()]
    return urllib.request.build_opener(*handlers)


def http_error(url: str, exc: urllib.error.HTTPError, what: str = "") -> EndpointError:
    """The error for an HTTP error answer, naming a redirect that led to it; the answer is
    closed here (its socket would otherwise outlive the request)."""
    try:
        return _describe(url, exc, what)
    finally:
        exc.close()


def _describe(url: str, exc: urllib.error.HTTPError, what: str) -> EndpointError:
    if 300 <= exc.code < 400:
        target = shown(exc.headers.get("Location", "another address") if exc.headers else "?")
        done = f"the upload of {what}" if what else "the query"
        reason = " ".join(str(exc.reason).split())
        return EndpointError(url, f"HTTP {exc.code}: the endpoint redirected {done} to {target}, "
                                  f"which was not followed ({reason}); give that address "
                                  "instead")
    elsewhere = bool(exc.url) and origin(exc.url) != origin(url)
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
        sent = "; credentials are never sent to another host" if auth_header() else ""
        reason = (f"redirected to {shown(exc.url)} (another host, port or scheme{sent}), which "
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


def fetch(url: str, wrapper: object, timeout: float) -> tuple[int, HTTPMessage, bytes]:
    """The answer to a request, whole: ``timeout`` bounds the entire exchange (a server that
    sends a byte a second is stopped too), and an answer beyond :data:`MAX_ANSWER` is refused."""
    request = wrapper._createRequest()  # type: ignore[attr-defined]
    return within(timeout, url, lambda opened: _exchange(url, request, timeout, opened))


def within(timeout: float, url: str, work: Callable[[list[IO[bytes]]], _T]) -> _T:
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
        with opener(url).open(request, timeout=timeout) as response:
            opened.append(response)
            body = _read_capped(response, url)
            return response.getcode(), response.headers, body
    except urllib.error.HTTPError as exc:
        raise http_error(url, exc) from None
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


def check_url(url: str) -> urllib.parse.SplitResult:
    """The parts of an endpoint address; anything that would change where requests go, or
    would put a secret on the command line, is refused."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{shown(url)!r} is not an http(s) endpoint URL; give the address of a "
                         "SPARQL endpoint, such as http://localhost:7878/query")
    if "@" in parts.netloc:
        raise UsageError(f"{shown(url)}: the address holds a user name or password; give "
                         "credentials in REGIOGRAPH_ENDPOINT_USER and "
                         "REGIOGRAPH_ENDPOINT_PASSWORD (or REGIOGRAPH_ENDPOINT_TOKEN) instead")
    if "#" in url:
        raise UsageError(f"{shown(url)}: the address has a fragment (#...), which is never "
                         "sent to the server and would change what a request means; remove it")
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise UsageError(f"{shown(url)!r}: the address holds spaces or control characters")
    return parts
