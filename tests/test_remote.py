"""Real SPARQL servers: the same answers embedded and remote for every library query, uploads that
replace whole graphs (a server killed mid-upload keeps the old graph), `regiograph serve`, and a
clear error for each way an endpoint can fail."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiograph import GraphStore
from regiograph.build import BuildResult
from regiograph.queries import discover, query
from regiograph.remote import EndpointError, push
from regiograph.resources import queries_dir

from .conftest import run_cli
from .servers import Oxigraph, bad_server, free_port, oxigraph, wait_until_up


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, leuven_build: BuildResult) -> Iterator[str]:
    """A real Oxigraph server holding the pushed Leuven build; yields its query endpoint."""
    with oxigraph(tmp_path_factory.mktemp("oxigraph")) as running:
        result = run_cli("push", "--endpoint", f"{running.base}/store", "--build",
                         str(leuven_build.out))
        assert result.code == 0, result.stderr
        assert "pushed" in result.stderr
        yield f"{running.base}/query"


def _rows(result: object) -> object:
    from regiograph.results import QueryResult

    assert isinstance(result, QueryResult)
    if result.form == "ASK":
        return result.boolean
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return sorted(map(str, result.triples))
    return [sorted((k, str(v)) for k, v in row.items()) for row in result.rows]


LIBRARY = [q.name for q in discover(queries_dir())]


@pytest.mark.parametrize("name", LIBRARY)
def test_library_query_gives_the_same_answer_embedded_and_remote(name: str, leuven: GraphStore,
                                                                 server: str) -> None:
    embedded = query(name, store=leuven)
    remote = query(name, endpoint=server, timeout=30)
    assert embedded.variables == remote.variables
    assert _rows(embedded) == _rows(remote)


def test_a_parameter_travels_to_the_endpoint_as_a_term(leuven: GraphStore, server: str) -> None:
    text = "SELECT ?_name ?org WHERE { ?org rdfs:label ?label FILTER(STR(?label) = ?_name) }"
    assert query(text, endpoint=server, name="KU Leuven").column("org") == [
        "https://w3id.org/regiograph/id/ku-leuven"]
    before = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=server).column("n")
    for payload in ('x" } ; DROP ALL ; #', '"} UNION { ?org ?p ?o } #', "\\\"}"):
        assert query(text, endpoint=server, name=payload).rows == []
    after = query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", endpoint=server).column("n")
    assert before == after


def test_cli_query_on_an_endpoint(server: str) -> None:
    result = run_cli("query", "ASK { id:imec rg:spinOffOf id:ku-leuven }", "--endpoint", server)
    assert result.code == 0 and result.stdout == "true\n"


def _count(endpoint: str, graph: str) -> int:
    text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?_g_iri { ?s ?p ?o } }"
    value = query(text, endpoint=endpoint, g=graph).column("n")[0]
    assert isinstance(value, int)
    return value


def _big_graph(graph: str, size: int, tag: str) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    p = ox.NamedNode("https://w3id.org/regiograph/ontology#value")
    return [ox.Quad(ox.NamedNode(f"https://example.org/{tag}/{i}"), p, ox.Literal(str(i)), g)
            for i in range(size)]


def test_a_server_killed_during_a_push_keeps_the_whole_old_graph(tmp_path: Path) -> None:
    graph = "https://example.org/graph/big"
    server = Oxigraph(tmp_path / "store").start()
    try:
        push(_big_graph(graph, 1000, "old"), f"{server.base}/store")
        assert _count(f"{server.base}/query", graph) == 1000
        for cycle in range(3):
            new = _big_graph(graph, 300_000, f"new{cycle}")
            failures: list[Exception] = []
            uploader = threading.Thread(target=_push_catching,
                                        args=(new, f"{server.base}/store", failures))
            uploader.start()
            time.sleep(0.3)  # the upload is under way
            server.kill()
            uploader.join()
            server.start()
            count = _count(f"{server.base}/query", graph)
            assert count in (1000, 300_000), f"cycle {cycle}: a mix of {count} triples"
            if count == 300_000:  # the upload finished before the kill: start again from old
                push(_big_graph(graph, 1000, "old"), f"{server.base}/store")
    finally:
        server.kill()


def _push_catching(quads: list[ox.Quad], endpoint: str, failures: list[Exception]) -> None:
    try:
        push(quads, endpoint, timeout=30)
    except EndpointError as exc:
        failures.append(exc)


def test_serve_is_read_only_on_localhost_and_stops_on_ctrl_c(leuven_build: BuildResult) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "regiograph", "serve", "--port", str(port),
                                "--build", str(leuven_build.out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D", timeout=30)
        assert query("ASK { id:vib a rg:ResearchInstitute }", endpoint=f"{base}/query").boolean
        rows = query("SELECT ?x WHERE { ?x a rg:Collaboration } ORDER BY ?x",
                     endpoint=f"{base}/query").column("x")
        assert "https://w3id.org/regiograph/id/mission-lucidity" in rows
        request = urllib.request.Request(f"{base}/update", data=b"update=DROP ALL", method="POST",
                                         headers={"Content-Type":
                                                  "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=5)
        with urllib.request.urlopen(f"{base}/", timeout=5) as page:  # the query page
            assert page.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "read-only" in stderr


def test_unreachable_endpoint() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(EndpointError, match="cannot reach"):
        query("ASK {}", endpoint=f"http://127.0.0.1:{port}/sparql", timeout=5)
    result = run_cli("query", "ASK {}", "--endpoint", f"http://127.0.0.1:{port}/sparql")
    assert result.code == 1 and "cannot reach" in result.stderr
    assert "Traceback" not in result.stderr


def test_endpoint_that_never_answers_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(EndpointError, match="timed out"):
            query("ASK {}", endpoint=url, timeout=1)
        assert time.monotonic() - started < 10


@pytest.mark.parametrize(("status", "content_type", "body", "words"), [
    (500, "text/plain", b"boom", "500"),
    (404, "text/html", b"<html>no</html>", "404"),
    (200, "text/html", b"<html><body>Welcome</body></html>", "not SPARQL results"),
    (200, "application/sparql-results+json", b'{"head": {"vars": ["x"]}, "results": {"bindi',
     "not valid SPARQL results"),
    (206, "application/sparql-results+json", b'{"head": {"vars": []}, "results": {"bindings": []}}',
     "partial"),
], ids=["http-500", "http-404", "html-page", "truncated-json", "partial-206"])
def test_bad_answers_are_clear_errors(status: int, content_type: str, body: bytes,
                                      words: str) -> None:
    with bad_server(status, content_type, body) as url:
        with pytest.raises(EndpointError, match=words):
            query("SELECT ?x WHERE { ?x ?p ?o }", endpoint=url, timeout=5)
        result = run_cli("query", "SELECT ?x WHERE { ?x ?p ?o }", "--endpoint", url)
        assert result.code == 1 and "Traceback" not in result.stderr


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from regiograph.remote import _auth_header

    monkeypatch.delenv("REGIOGRAPH_ENDPOINT_TOKEN", raising=False)
    monkeypatch.setenv("REGIOGRAPH_ENDPOINT_USER", "ann")
    monkeypatch.setenv("REGIOGRAPH_ENDPOINT_PASSWORD", "s3cret")
    assert _auth_header() == "Basic YW5uOnMzY3JldA=="
    push_help = run_cli("push", "--help").stdout
    assert "--password" not in push_help and "--user" not in push_help
