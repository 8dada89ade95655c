"""Real servers for remote tests: Oxigraph's own SPARQL server on a free loopback port, and a
small misbehaving HTTP server for the failure cases (HTML instead of results, partial answers)."""

from __future__ import annotations

import gc
import http.server
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from regiograph.queries.server import oxigraph_binary


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class Oxigraph:
    """An Oxigraph server process on a store folder; restartable on the same folder."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Oxigraph:
        self.process = subprocess.Popen(
            [str(oxigraph_binary()), "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(f"{self.base}/query?query=ASK%7B%7D")
        return self

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


@contextmanager
def oxigraph(location: Path) -> Iterator[Oxigraph]:
    server = Oxigraph(location).start()
    try:
        yield server
    finally:
        server.kill()


@contextmanager
def _canned_server(status: int, content_type: str, body: bytes,
                   seen: list[str]) -> Iterator[str]:
    """An HTTP server on loopback that records each request's path and gives one canned answer."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            seen.append(self.path)
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    with serving(Handler) as base:
        yield base


def collect_garbage_here() -> None:
    """Collect the garbage earlier tests left (pytest keeps exceptions' frames, and with them
    query results, in reference cycles) on this thread, before starting threads: pyoxigraph
    refuses to have its objects dropped on another thread, and a collection triggered by a
    server's or a pool's thread would drop them there (a test failed so under load)."""
    gc.collect()


@contextmanager
def serving(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on loopback with ``handler``; its base address."""
    collect_garbage_here()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def bad_server(status: int, content_type: str, body: bytes) -> Iterator[str]:
    """An HTTP server that answers every request with the given status, type and body."""
    with _canned_server(status, content_type, body, []) as base:
        yield f"{base}/sparql"


@contextmanager
def recording_server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that records the path of every request it gets and answers with
    empty SPARQL results: proof of whether anything (native code included) made a request."""
    seen: list[str] = []
    body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
    with _canned_server(200, "application/sparql-results+json", body, seen) as base:
        yield base, seen
