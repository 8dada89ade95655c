"""Bounds and small mercies (issue 14, items 12 and 16): a timeout bounds a whole request and an
embedded query, an answer has a size cap, an engine that dies costs only its query; a failed
push says what was already replaced, a redirect loop is one line, ``ASK{}`` is a query, and a
look-alike letter gets the right hint."""

from __future__ import annotations

import http.server
import os
import socket
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiograph.bounded import Exhausted, run_bounded
from regiograph.curation.values import foreign_characters
from regiograph.queries import transport
from regiograph.queries.graph_store import push
from regiograph.queries.library import resolve_query
from regiograph.queries.remote import query_endpoint
from regiograph.queries.transport import EndpointError

from .conftest import TINY, run_cli
from .servers import serving


class _Quiet(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Drip(_Quiet):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        for byte in b'{"head":{"vars":[]},"results":{"bindings":[]}}':
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1)


class _Endless(_Quiet):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        block = b" " * 65536
        try:
            while True:
                self.wfile.write(block)
        except OSError:
            pass


class _Loop(_Quiet):
    def do_GET(self) -> None:
        self.send_response(308)
        self.send_header("Location", self.path)
        self.end_headers()


def test_a_server_that_drips_is_stopped_at_the_timeout() -> None:
    with serving(_Drip) as base:
        started = time.monotonic()
        with pytest.raises(EndpointError, match="timed out"):
            query_endpoint(f"{base}/sparql", "ASK {}", "ASK", timeout=3)
        assert time.monotonic() - started < 6


def test_an_endless_answer_is_refused_at_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transport, "MAX_ANSWER", 4 << 20)
    with serving(_Endless) as base, pytest.raises(EndpointError, match="larger than 4 MB"):
        query_endpoint(f"{base}/sparql", "ASK {}", "ASK", timeout=30)


def test_a_redirect_loop_is_one_line() -> None:
    with serving(_Loop) as base:
        done = run_cli("query", "ASK {}", "--endpoint", f"{base}/sparql", "--timeout", "10")
    assert done.code == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("limits") / "build"
    assert run_cli("build", "--data", str(TINY), "--out", str(out)).code == 0
    return out


def test_the_timeout_bounds_an_embedded_query(tiny_build: Path) -> None:
    explosive = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } "
                 "ORDER BY ?c ?f ?i ?l")
    started = time.monotonic()
    done = run_cli("query", explosive, "--build", str(tiny_build), "--timeout", "2")
    assert done.code == 1 and "longer than 2 s" in done.stderr
    assert time.monotonic() - started < 20


def test_an_engine_that_dies_costs_only_its_query() -> None:
    with pytest.raises(Exhausted, match="signal 6"):
        run_bounded(os.abort, 10)
    assert run_bounded(lambda: 6 * 7, 10) == 42
    with pytest.raises(ZeroDivisionError):
        run_bounded(lambda: 1 / 0, 10)


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf"])
def test_a_timeout_must_be_a_positive_number(value: str, tiny_build: Path) -> None:
    done = run_cli("query", "ASK {}", "--build", str(tiny_build), "--timeout", value)
    assert done.code == 2 and "positive number of seconds" in done.stderr


class _FailFourth(_Quiet):
    count = 0

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        type(self).count += 1
        self.send_response(204 if type(self).count < 4 else 500)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_a_failed_push_says_what_was_already_replaced() -> None:
    graphs = [ox.NamedNode(f"http://example.org/g{i}") for i in range(6)]
    quads = [ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal(str(i)), g)
             for i, g in enumerate(graphs)]
    with serving(_FailFourth) as base, pytest.raises(EndpointError) as caught:
        push(quads, f"{base}/store", timeout=10)
    assert "3 of 6 graphs had already been replaced" in str(caught.value)


def test_a_query_without_a_space_is_still_a_query() -> None:
    for text in ("ASK{}", "SELECT*{?s ?p ?o}", "CONSTRUCT{?s ?p ?o}WHERE{?s ?p ?o}",
                 "DESCRIBE<http://a>"):
        assert resolve_query(text).text == text
    assert resolve_query("ask-is-spin-off").name.endswith("ask-is-spin-off")


def test_a_cyrillic_look_alike_gets_the_right_hint() -> None:
    assert "did you mean 'ku-leuven'" in foreign_characters("ku-l\u0435uven")
    assert "did you mean 'mission-lucidity'" in foreign_characters("mission-luc\u0456dity")


def test_a_closed_port_is_refused_quickly() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EndpointError):
        query_endpoint(f"http://127.0.0.1:{port}/sparql", "ASK {}", "ASK", timeout=5)
