"""Redirects and credentials: like curl and requests, regiograph follows a redirect to the same
origin (scheme, host and port) with the credentials of ``REGIOGRAPH_ENDPOINT_*`` and to another
origin without them, for queries (GET and POST) and uploads (``push``, PUT). Two loopback servers
on different hosts (127.0.0.1 and 127.0.0.2) record every header they get."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox
import pytest

from regiograph.build import BuildResult
from regiograph.queries.graph_store import push
from regiograph.queries.running import query
from regiograph.queries.transport import EndpointError

from .conftest import run_cli
from .servers import collect_garbage_here

ANSWER = (b'{"head": {"vars": ["x"]}, "results": {"bindings": '
          b'[{"x": {"type": "literal", "value": "answered"}}]}}')
TOKEN = "s3cret-t0ken"
BASIC = "Basic YW5uOnMzY3JldA=="  # ann:s3cret


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: bytes


Respond = Callable[[Seen], tuple[int, dict[str, str], bytes]]


@contextmanager
def http_server(host: str, respond: Respond) -> Iterator[tuple[str, list[Seen]]]:
    """A loopback HTTP server on ``host`` that records each request and answers with
    ``respond``; yields its base URL and the requests seen."""
    seen: list[Seen] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Seen(self.command, self.path, self.headers.get("Authorization"),
                           self.rfile.read(length))
            seen.append(request)
            status, headers, body = respond(request)
            self.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _answer

        def log_message(self, *args: object) -> None:
            pass

    collect_garbage_here()
    server = http.server.ThreadingHTTPServer((host, 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,),
                              daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def endpoint(needs: str | None = None) -> Respond:
    """A SPARQL endpoint and graph store: with ``needs``, it answers 401 unless that exact
    Authorization header comes."""
    def respond(request: Seen) -> tuple[int, dict[str, str], bytes]:
        if needs is not None and request.authorization != needs:
            return 401, {"WWW-Authenticate": 'Basic realm="sparql"'}, b"who are you?"
        if request.method == "PUT":
            return 204, {}, b""
        return 200, {"Content-Type": "application/sparql-results+json"}, ANSWER
    return respond


def redirect(code: int, to: Callable[[], str], needs: str | None = None,
             moved: str = "/moved") -> Respond:
    """Answers ``code`` with a Location of ``to()`` plus the request's path; a path starting
    with ``moved`` is answered as an endpoint (the same origin's new address)."""
    def respond(request: Seen) -> tuple[int, dict[str, str], bytes]:
        if request.path.startswith(moved):
            return endpoint(needs)(request)
        return code, {"Location": f"{to()}{moved}{request.path}"}, b"moved"
    return respond


@pytest.fixture(params=["token", "basic"])
def credentials(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Credentials in the environment, as a user sets them; returns the expected header."""
    for name in ("REGIOGRAPH_ENDPOINT_TOKEN", "REGIOGRAPH_ENDPOINT_USER",
                 "REGIOGRAPH_ENDPOINT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    if request.param == "token":
        monkeypatch.setenv("REGIOGRAPH_ENDPOINT_TOKEN", TOKEN)
        return f"Bearer {TOKEN}"
    monkeypatch.setenv("REGIOGRAPH_ENDPOINT_USER", "ann")
    monkeypatch.setenv("REGIOGRAPH_ENDPOINT_PASSWORD", "s3cret")
    return BASIC


@contextmanager
def two_hosts(code: int, target: Respond) -> Iterator[tuple[str, list[Seen], list[Seen]]]:
    """A server on 127.0.0.1 that redirects everything with ``code`` to one on 127.0.0.2.
    Yields the first one's SPARQL address and the requests each saw."""
    with (http_server("127.0.0.2", target) as (other, seen_there),
          http_server("127.0.0.1", redirect(code, lambda: other)) as (base, seen_here)):
        yield f"{base}/sparql", seen_here, seen_there


LONG = "SELECT ?x WHERE { ?x ?p ?o } # " + "padding " * 300  # over 1,500 characters: POST
REDIRECTS = [301, 302, 303, 307, 308]


@pytest.mark.parametrize("code", REDIRECTS)
def test_a_query_redirected_to_another_host_goes_without_credentials(code: int,
                                                                     credentials: str) -> None:
    with two_hosts(code, endpoint()) as (url, here, there):
        result = query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=url, timeout=5)
    assert result.column("x") == ["answered"]
    assert [s.authorization for s in here] == [credentials]  # sent where it was asked for
    assert [(s.method, s.authorization) for s in there] == [("GET", None)]


@pytest.mark.parametrize("code", [307, 308])
def test_a_posted_query_redirected_keeps_its_body_and_drops_credentials(code: int,
                                                                        credentials: str) -> None:
    with two_hosts(code, endpoint()) as (url, here, there):
        result = query(LONG, endpoint=url, timeout=5)
    assert result.column("x") == ["answered"]
    assert [(s.method, s.authorization) for s in here] == [("POST", credentials)]
    assert [(s.method, s.authorization) for s in there] == [("POST", None)]
    assert b"padding" in there[0].body and there[0].body == here[0].body


@pytest.mark.parametrize("code", [302, 307])
def test_a_redirected_query_that_needs_credentials_is_a_clear_error(code: int,
                                                                    credentials: str) -> None:
    with two_hosts(code, endpoint(needs=credentials)) as (url, _, there):
        with pytest.raises(EndpointError, match=r"redirected to http://127\.0\.0\.2:.*credentials are "
                                                r"never sent to another host.*HTTP 401"):
            query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=url, timeout=5)
        result = run_cli("query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", url)
    assert result.code == 1, result.stderr
    assert "redirected to http://127.0.0.2:" in result.stderr and "401" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert there and all(s.authorization is None for s in there)


@pytest.mark.parametrize("code", [302, 307])
def test_a_redirect_within_the_same_origin_keeps_the_credentials(code: int,
                                                                 credentials: str) -> None:
    holder: list[str] = []
    with http_server("127.0.0.1", redirect(code, lambda: holder[0], needs=credentials)) as (
            base, seen):
        holder.append(base)
        for text in ("SELECT ?x WHERE { ?x ?p ?o }", LONG):
            assert query(text, endpoint=f"{base}/sparql", timeout=5).column("x") == ["answered"]
    assert [s.authorization for s in seen] == [credentials] * 4
    assert [s.path.startswith("/moved") for s in seen] == [False, True] * 2


def test_another_port_is_another_origin(credentials: str) -> None:
    with (http_server("127.0.0.1", endpoint()) as (other, there),
          http_server("127.0.0.1", redirect(307, lambda: other)) as (base, here)):
        query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=f"{base}/sparql", timeout=5)
    assert [s.authorization for s in here] == [credentials]
    assert [s.authorization for s in there] == [None]


def test_credentials_dropped_once_stay_dropped(credentials: str) -> None:
    """Back from another host to the first one (127.0.0.1 -> 127.0.0.2 -> 127.0.0.1), the
    request goes on without credentials, as with requests and curl."""
    holder: list[str] = []

    def first(request: Seen) -> tuple[int, dict[str, str], bytes]:
        if request.path.startswith("/final"):
            return endpoint()(request)
        return 302, {"Location": f"{holder[0]}/hop"}, b""

    with (http_server("127.0.0.1", first) as (base, here),
          http_server("127.0.0.2", lambda _: (302, {"Location": f"{base}/final"}, b"")) as (
              other, there)):
        holder.append(other)
        query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=f"{base}/sparql", timeout=5)
    assert [(s.path.split("?")[0], s.authorization) for s in here] == [
        ("/sparql", credentials), ("/final", None)]
    assert [(s.path, s.authorization) for s in there] == [("/hop", None)]


@pytest.mark.parametrize("location", ["ftp://127.0.0.2/sparql", "file:///etc/passwd"])
def test_a_redirect_to_another_scheme_is_refused(location: str, credentials: str) -> None:
    with (http_server("127.0.0.1", lambda _: (302, {"Location": location}, b"")) as (base, _),
          pytest.raises(EndpointError, match="redirected the query to")):
        query("ASK {}", endpoint=f"{base}/sparql", timeout=5)


GRAPH = "https://example.org/graph/g"


def _quads() -> list[ox.Quad]:
    p = ox.NamedNode("https://example.org/p")
    return [ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), p, ox.Literal(str(i)),
                    ox.NamedNode(GRAPH)) for i in range(50)]


@pytest.mark.parametrize("code", [307, 308])
def test_a_push_redirected_to_another_host_goes_without_credentials(code: int,
                                                                    credentials: str) -> None:
    with two_hosts(code, endpoint()) as (url, here, there):
        sent = push(_quads(), url, timeout=5)
    assert sent == {GRAPH: 50}
    assert [(s.method, s.authorization) for s in here] == [("PUT", credentials)]
    assert [(s.method, s.authorization) for s in there] == [("PUT", None)]
    assert there[0].body == here[0].body and there[0].body.count(b"\n") == 50


def test_a_redirected_push_that_needs_credentials_is_a_clear_error(
        credentials: str, leuven_build: BuildResult) -> None:
    with two_hosts(307, endpoint(needs=credentials)) as (url, _, there):
        with pytest.raises(EndpointError, match=r"redirected to http://127\.0\.0\.2:.*credentials are "
                                                r"never sent to another host.*HTTP 401"):
            push(_quads(), url, timeout=5)
        result = run_cli("push", "--endpoint", url, "--build", str(leuven_build.out))
    assert result.code == 1, result.stderr
    assert "redirected to http://127.0.0.2:" in result.stderr and "401" in result.stderr
    assert "Traceback" not in result.stderr
    assert there and all(s.authorization is None and s.method == "PUT" for s in there)


@pytest.mark.parametrize("code", [301, 302, 303])
def test_a_push_redirected_by_a_get_redirect_is_not_followed(code: int, credentials: str) -> None:
    """A 301, 302 or 303 would turn the upload into a GET that uploads nothing (and says so
    with a 200): it is an error naming the new address, and nothing goes there."""
    with (two_hosts(code, endpoint()) as (url, here, there),
          pytest.raises(EndpointError, match=f"HTTP {code}: the endpoint redirected the "
                                             r"upload of .* to http://127\.0\.0\.2:")):
        push(_quads(), url, timeout=5)
    assert len(here) == 1 and there == []
