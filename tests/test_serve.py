"""``regiograph serve`` against a hostile browser and an impatient operator (issue 14, items 10
and 13): foreign Host headers and SERVICE clauses are refused, half-open connections block no
one, every stop signal stops both processes and removes the temporary store, a busy port is one
line."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import TINY, run_cli
from .servers import free_port, wait_until_up


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "build"
    assert run_cli("build", "--data", str(TINY), "--out", str(out)).code == 0
    return out


def _stores() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("regiograph-serve-*")}


def _engines() -> int:
    found = subprocess.run(["pgrep", "-f", "oxigraph serve"], capture_output=True, text=True,
                           check=False)
    return len(found.stdout.split())


def _start(build: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-m", "regiograph", "serve", "--port", str(port),
                                "--build", str(build), *extra],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=30)
    return process


@pytest.fixture
def server(tiny_build: Path) -> Iterator[str]:
    port = free_port()
    process = _start(tiny_build, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


def _get(url: str, host: str | None = None, data: bytes | None = None,
         content_type: str = "application/x-www-form-urlencoded") -> tuple[int, str]:
    headers = {"Host": host} if host else {}
    if data is not None:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_a_foreign_host_header_is_refused(server: str) -> None:
    port = urllib.parse.urlsplit(server).port
    ask = f"{server}/query?query=ASK%7B%7D"
    assert _get(ask)[0] == 200
    assert _get(ask, host=f"localhost:{port}")[0] == 200
    status, body = _get(ask, host=f"attacker.example:{port}")
    assert status == 403 and "localhost" in body


@pytest.mark.parametrize("how", ["get", "form", "body"])
def test_a_service_clause_is_refused_however_it_is_sent(server: str, how: str) -> None:
    text = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    if how == "get":
        status, body = _get(f"{server}/query?" + urllib.parse.urlencode({"query": text}))
    elif how == "form":
        status, body = _get(f"{server}/query", data=urllib.parse.urlencode({"query": text}).encode())
    else:
        status, body = _get(f"{server}/query", data=text.encode(),
                            content_type="application/sparql-query")
    assert status == 403 and "SERVICE" in body


def test_half_open_connections_do_not_block_other_clients(server: str) -> None:
    port = urllib.parse.urlsplit(server).port
    idle = []
    try:
        for _ in range(260):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /query?query=ASK")  # never finished
            idle.append(sock)
        started = time.monotonic()
        assert _get(f"{server}/query?query=ASK%7B%7D")[0] == 200
        assert time.monotonic() - started < 5
    finally:
        for sock in idle:
            sock.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_every_stop_signal_stops_the_engine_and_removes_the_store(tiny_build: Path,
                                                                  signum: int) -> None:
    before_stores, before_engines = _stores(), _engines()
    port = free_port()
    process = _start(tiny_build, port)
    assert len(_stores() - before_stores) == 1
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert _stores() == before_stores and _engines() == before_engines
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_a_killed_server_takes_its_engine_along_and_the_next_cleans_up(tiny_build: Path) -> None:
    before_stores, before_engines = _stores(), _engines()
    process = _start(tiny_build, free_port())
    process.kill()
    process.communicate(timeout=20)
    deadline = time.monotonic() + 10
    while _engines() != before_engines and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _engines() == before_engines  # the engine died with its parent
    assert _stores() - before_stores  # a store is left behind by SIGKILL ...
    again = _start(tiny_build, free_port())
    again.send_signal(signal.SIGTERM)
    again.communicate(timeout=20)
    assert _stores() == before_stores  # ... and removed by the next serve


def test_a_busy_port_is_one_line(tiny_build: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_cli("serve", "--port", str(port), "--build", str(tiny_build))
    assert done.code == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "in use" in done.stderr
