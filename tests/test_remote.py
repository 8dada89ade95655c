"""Real SPARQL servers: the same answers embedded and remote for every library query, uploads that
replace whole graphs (a server killed mid-upload keeps the old graph), `regiograph serve`, and a
clear error for each way an endpoint can fail."""

from __future__ import annotations

import random
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from regiograph import GraphStore
from regiograph.build import BuildResult
from regiograph.namespaces import ONTOLOGY_GRAPH
from regiograph.queries import remote
from regiograph.queries.graph_store import push
from regiograph.queries.library import Library
from regiograph.queries.running import query
from regiograph.queries.transport import EndpointError
from regiograph.resources import queries_dir, region_dir

from .answers import differences
from .conftest import run_cli
from .servers import (
    Oxigraph,
    bad_server,
    collect_garbage_here,
    free_port,
    oxigraph,
    wait_until_up,
)


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
    from regiograph.queries.results import QueryResult

    assert isinstance(result, QueryResult)
    if result.form == "ASK":
        return result.boolean
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return sorted(map(str, result.triples))
    return [sorted((k, str(v)) for k, v in row.items()) for row in result.rows]


#: The library of a Leuven build: the generic queries with Leuven's own queries and defaults.
LIBRARY = Library.of_region(queries_dir(), region_dir() / "queries").names()


@pytest.mark.parametrize("name", LIBRARY)
def test_library_query_gives_the_same_answer_embedded_and_remote(
        name: str, leuven: GraphStore, leuven_build: BuildResult, server: str) -> None:
    """Every query of the build's library (its region's defaults and queries included: the
    build is named on the endpoint as `--build` names it)."""
    embedded = query(name, store=leuven)
    remote = query(name, endpoint=server, timeout=30, build=leuven.build_dir)  # its defaults
    assert embedded.variables == remote.variables
    assert _rows(embedded) == _rows(remote)
    assert not differences(embedded, remote, Library.of_build(leuven_build.out).find(name).text)


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


def _graph(size: int, tag: str) -> set[ox.Triple]:
    p = ox.NamedNode("https://w3id.org/regiograph/ontology#value")
    return {ox.Triple(ox.NamedNode(f"https://example.org/{tag}/{i}"), p, ox.Literal(str(i)))
            for i in range(size)}


def _quads(graph: str, triples: set[ox.Triple]) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    return [ox.Quad(t.subject, t.predicate, t.object, g) for t in triples]


def _held(base: str, graph: str) -> set[ox.Triple]:
    """The triples of ``graph`` on the server (Graph Store Protocol GET)."""
    url = f"{base}/store?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return {ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(response.read(), ox.RdfFormat.N_TRIPLES)}
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # no such graph
            return set()
        raise


def _relay_and_kill(listener: socket.socket, server: Oxigraph, moment: str,
                    rng: random.Random, delay: float) -> tuple[str, float, float]:
    """Relay one upload from ``listener`` to ``server`` and SIGKILL the server at ``moment``:
    "body" once a random part of the body has reached it, "processing" a random time up to
    ``delay`` after the whole request has, "answered" once it has answered. The answer is never
    passed on, so the client never learns whether the upload succeeded. Returns the moment the kill
    really landed (the server may answer during "processing"), the share of the body relayed and
    the seconds from the whole request to the kill."""
    client, _ = listener.accept()
    upstream = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    client.settimeout(10)
    received, sent, head, total, kill_at = b"", 0, 0, 0, None
    with client, upstream:
        while kill_at is None or sent < kill_at:
            if sent == len(received):
                chunk = client.recv(65536)
                if not chunk:
                    break
                received += chunk
                if kill_at is None and b"\r\n\r\n" in received:
                    head = received.index(b"\r\n\r\n") + 4
                    length = re.search(rb"(?i)content-length: *(\d+)", received[:head])
                    assert length is not None
                    total = head + int(length[1])
                    kill_at = (head + int(int(length[1]) * rng.uniform(0.05, 0.95))
                               if moment == "body" else total)
            end = len(received) if kill_at is None else min(len(received), kill_at)
            upstream.sendall(received[sent:end])
            sent = end
        whole = time.monotonic()
        if moment == "processing":
            time.sleep(rng.uniform(0.0, delay))
        elif moment == "answered":
            upstream.settimeout(30)
            assert upstream.recv(1, socket.MSG_PEEK), "the server closed without answering"
        answered = bool(select.select([upstream], [], [], 0)[0])
        server.kill()
        waited = time.monotonic() - whole
    assert total and head < sent <= total, "the kill did not come during the upload"
    landed = "answered" if answered else "processing" if sent == total else "body"
    return landed, (sent - head) / (total - head), waited


def _push_catching(quads: list[ox.Quad], endpoint: str, failures: list[Exception]) -> None:
    try:
        push(quads, endpoint, timeout=30)
    except EndpointError as exc:
        failures.append(exc)


def test_a_server_killed_during_a_push_keeps_a_whole_graph_20_times(tmp_path: Path) -> None:
    """20 pushes in a row to one Oxigraph store folder, each killed with SIGKILL while the body
    is arriving, while the server processes it, or after it answered (the answer held back), then
    the server restarted on the same folder: the graph is always the whole old or the whole new
    one, old when the body was cut, new once the server had answered."""
    graph = "https://example.org/graph/big"
    rng = random.Random(7)
    collect_garbage_here()  # not in the uploading thread
    server = Oxigraph(tmp_path / "store").start()
    current = _graph(3000, "first")
    push(_quads(graph, current), f"{server.base}/store")
    outcomes: list[tuple[str, str, float]] = []
    answer_time = 0.5  # seconds the server takes to store a graph and answer, measured below
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(10)
        relay = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
        try:
            for cycle in range(20):
                new = _graph(4000 + 1000 * (cycle % 2), f"new{cycle}")
                failures: list[Exception] = []
                uploader = threading.Thread(target=_push_catching,
                                            args=(_quads(graph, new), relay, failures))
                uploader.start()
                moment = ("answered", "processing", "body")[cycle % 3]
                landed, share, waited = _relay_and_kill(listener, server, moment, rng,
                                                        1.1 * answer_time)
                if moment == "answered":
                    answer_time = waited
                uploader.join(30)
                assert not uploader.is_alive() and len(failures) == 1, (
                    f"cycle {cycle}: the push reported success, so the kill was not mid-upload")
                server.start()
                held = _held(server.base, graph)
                assert held in (current, new), (
                    f"cycle {cycle} ({landed}, {share:.0%}): a mix of {len(held)} triples, "
                    f"{len(held & current)} old and {len(held & new)} new")
                ended = "new" if held == new else "old"
                if landed == "body":
                    assert ended == "old", f"cycle {cycle}: a graph from a cut-off body"
                if landed == "answered":
                    assert ended == "new", f"cycle {cycle}: an acknowledged upload was lost"
                outcomes.append((landed, ended, share))
                current = held
        finally:
            server.kill()
    print("\npush killed 20 times:", [(m, e, f"{s:.0%}") for m, e, s in outcomes])
    assert len(outcomes) == 20
    assert {e for _, e, _ in outcomes} == {"old", "new"}


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


def test_a_table_is_no_answer_to_ask() -> None:
    """An ASK answered as a table is read as the boolean only when it is one (Virtuoso's one
    cell of 1 or 0, or no row); any other table is an error, not a guess."""
    table = (b'{"head": {"vars": ["x"]}, "results": {"bindings": '
             b'[{"x": {"type": "literal", "value": "answered"}}]}}')
    with (bad_server(200, "application/sparql-results+json", table) as url,
          pytest.raises(EndpointError, match="not a boolean")):
        query("ASK { ?s ?p ?o }", endpoint=url, timeout=5)
    cell = (b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": '
            b'{"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", '
            b'"value": "0"}}]}}')
    with bad_server(200, "application/sparql-results+json; charset=UTF-8", cell) as url:
        assert query("ASK { ?s ?p ?o }", endpoint=url, timeout=5).boolean is False


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from regiograph.queries.credentials import auth_header

    monkeypatch.delenv("REGIOGRAPH_ENDPOINT_TOKEN", raising=False)
    monkeypatch.setenv("REGIOGRAPH_ENDPOINT_USER", "ann")
    monkeypatch.setenv("REGIOGRAPH_ENDPOINT_PASSWORD", "s3cret")
    assert auth_header() == "Basic YW5uOnMzY3JldA=="
    push_help = run_cli("push", "--help").stdout
    assert "--password" not in push_help and "--user" not in push_help


@pytest.mark.parametrize("media", ["application/n-triples", "text/turtle", "application/rdf+xml",
                                   "application/ld+json", "text/n3", "application/n-quads",
                                   "application/trig"])
def test_a_graph_answer_is_read_in_every_syntax_the_server_writes(
        media: str, leuven: GraphStore, leuven_build: BuildResult, server: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A CONSTRUCT or DESCRIBE answer is read in whichever RDF syntax the server chose (here
    Oxigraph, asked for each in turn)."""
    monkeypatch.setattr(remote, "_GRAPH_ACCEPT", media)
    expected = query("describe-entity", store=leuven)
    answer = query("describe-entity", endpoint=server, build=leuven_build.out)
    assert len(answer.triples) > 10
    assert not differences(expected, answer, "")


def test_an_endpoint_address_with_a_query_string_keeps_it(server: str) -> None:
    """`?default-graph-uri=` (any parameter of the address) goes with every request, by GET
    and by POST; before, a GET appended a second `?` and the server read nonsense."""
    graph = ONTOLOGY_GRAPH
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a owl:Class }"
    whole = query(count, endpoint=server).column("n")[0]
    own = query(count, endpoint=f"{server}?default-graph-uri={graph}").column("n")[0]
    assert 0 < own <= whole
    named = query(count + "\n#" + "-" * 2000, endpoint=f"{server}?default-graph-uri={graph}")
    assert named.column("n")[0] == own
    assert query(count, endpoint=f"{server}?default-graph-uri=urn:none").column("n") == [0]
