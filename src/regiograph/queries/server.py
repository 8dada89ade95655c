"""``regiograph serve``: the built graph on a local SPARQL 1.1 endpoint, safe from the web pages a
browser has open.

Oxigraph's own server answers queries on a private loopback port; in front of it, a small
proxy on the user's port checks every request before passing it on:

- the ``Host`` header must name this machine and port (``127.0.0.1``, ``localhost``, ``[::1]``),
  so that a page using DNS rebinding (a hostile name resolving to 127.0.0.1) is refused;
- a query or update with a ``SERVICE`` clause, which would make the server fetch from another
  address, is refused unless ``allow_service`` is given, as ``regiograph query`` does;
- a client that sends nothing (a half-open connection) is dropped after a few seconds, and each
  connection has its own thread, so hundreds of them never block the others.

SIGTERM, SIGHUP and SIGINT stop both processes and remove the temporary store; Oxigraph is also
told by the kernel to stop if this process dies first (Linux). A store left behind by a process
killed outright is removed by the next ``serve``.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from regiograph.errors import RegiographError, UsageError

__all__ = ["ServeError", "oxigraph_binary", "serve"]

_PREFIX = "regiograph-serve-"
_IDLE = 10.0  # seconds a client may stay silent before its connection is closed
_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailers", "transfer-encoding", "upgrade", "host", "content-length"}


class ServeError(RegiographError):
    """The server could not start or stopped on its own."""

    exit_code = 1


def serve(quads: Iterable[ox.Quad], port: int = 7878, host: str = "127.0.0.1",
          writable: bool = False, timeout: float = 60.0, allow_service: bool = False,
          ready: threading.Event | None = None) -> int:
    """Serve a dataset over SPARQL 1.1 until SIGINT, SIGTERM or SIGHUP; return 0.

    Give it :meth:`GraphStore.all_quads` so that the default graph is the merged graph, as in
    the embedded store. ``ready`` is set once requests are answered.
    """
    listener = _listen(host, port)
    _remove_stale_stores()
    with _stop_on_signals() as stopped, _loaded_store(quads) as location:
        inner = _free_port()
        mode = "serve" if writable else "serve-read-only"
        engine = subprocess.Popen(
            [str(oxigraph_binary()), mode, "--location", str(location), "--bind",
             f"127.0.0.1:{inner}", "--timeout-s", str(max(1, int(timeout)))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        proxy = _Proxy(listener, inner, port, allow_service)
        thread = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.2},
                                  daemon=True)
        try:
            _wait_for(inner, engine)
            thread.start()
            if ready is not None:
                ready.set()
            while not stopped.wait(0.2):
                if engine.poll() is not None:
                    raise ServeError(f"the Oxigraph server stopped (exit {engine.returncode})")
            return 0
        finally:
            proxy.shutdown() if thread.is_alive() else None
            proxy.server_close()
            engine.terminate()
            try:
                engine.wait(timeout=10)
            except subprocess.TimeoutExpired:
                engine.kill()
                engine.wait()
            if engine.stderr is not None:
                engine.stderr.close()


def _listen(host: str, port: int) -> socket.socket:
    """The user's port, bound now: a busy port is one clear line, not a backtrace."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use (another server?); choose "
                             "another with --port") from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(128)
    return sock


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, engine: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if engine.poll() is not None:
            detail = engine.stderr.read().decode("utf-8", "replace") if engine.stderr else ""
            first = next((line for line in detail.splitlines() if line.strip()), "no message")
            raise ServeError(f"the Oxigraph server did not start: {first[:200]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    raise ServeError("the Oxigraph server did not start within 30 s")


def _die_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when the parent dies (prctl PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    os.setpgrp()  # its own group: a Ctrl-C in the terminal reaches us, and we stop it in order


@contextmanager
def _stop_on_signals() -> Iterator[threading.Event]:
    stopped = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopped
        return
    wanted = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]
    previous = {s: signal.signal(s, lambda *_: stopped.set()) for s in wanted}
    try:
        yield stopped
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def _loaded_store(quads: Iterable[ox.Quad]) -> Iterator[Path]:
    """A temporary Oxigraph store holding ``quads``, locked while in use, always removed."""
    location = Path(tempfile.mkdtemp(prefix=_PREFIX))
    lock = os.open(location, os.O_RDONLY)
    try:
        _lock(lock)
        dump = location / "all.nq"
        ox.serialize(quads, str(dump), ox.RdfFormat.N_QUADS)
        command = [str(oxigraph_binary()), "load", "--location", str(location / "store"),
                   "--file", str(dump)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            first = next((ln for ln in done.stderr.splitlines() if ln.strip()), "no message")
            raise ServeError(f"loading the store failed: {first[:200]}")
        dump.unlink()
        yield location / "store"
    finally:
        os.close(lock)
        shutil.rmtree(location, ignore_errors=True)


def _lock(fd: int) -> None:
    with contextlib.suppress(ImportError):
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _remove_stale_stores() -> None:
    """Remove temporary stores of servers that were killed outright (nobody holds their lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        return
    for folder in Path(tempfile.gettempdir()).glob(_PREFIX + "*"):
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live server's
        else:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


class _Proxy(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, listener: socket.socket, inner: int, port: int,
                 allow_service: bool) -> None:
        super().__init__(listener.getsockname()[:2], _Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = listener
        self.inner = inner
        self.allow_service = allow_service
        self.hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}
        if port == 80:
            self.hosts |= {"127.0.0.1", "localhost", "[::1]"}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Proxy
    timeout = _IDLE
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a server in a terminal should not print a line per request."""

    def do_GET(self) -> None:
        self._forward(b"")

    def do_HEAD(self) -> None:
        self._forward(b"")

    def do_POST(self) -> None:
        self._forward(self._body())

    def do_PUT(self) -> None:
        self._forward(self._body())

    def do_DELETE(self) -> None:
        self._forward(b"")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _forward(self, body: bytes) -> None:
        if (self.headers.get("Host") or "").lower() not in self.server.hosts:
            self._refuse(403, "this server answers requests for 127.0.0.1 or localhost only")
            return
        if not self.server.allow_service and _asks_service(self.path, self.headers, body):
            self._refuse(403, "a SERVICE clause (a request to another server) is refused; "
                              "start the server with --allow-service to permit it")
            return
        connection = http.client.HTTPConnection("127.0.0.1", self.server.inner, timeout=3600)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
        except OSError:
            self._refuse(502, "the SPARQL engine did not answer")
            return
        finally:
            connection.close()
        self.send_response(answer.status, answer.reason)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    def _refuse(self, status: int, reason: str) -> None:
        content = (reason + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)


def _asks_service(path: str, headers: Any, body: bytes) -> bool:
    """Whether a query or update, however it is sent, holds a SERVICE clause."""
    from regiograph.store.sparql_text import service_call

    texts = [v for k, vs in urllib.parse.parse_qs(urllib.parse.urlsplit(path).query).items()
             if k in ("query", "update") for v in vs]
    kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
    decoded = body.decode("utf-8", "replace")
    if kind == "application/x-www-form-urlencoded":
        texts += [v for k, vs in urllib.parse.parse_qs(decoded).items()
                  if k in ("query", "update") for v in vs]
    elif kind in ("application/sparql-query", "application/sparql-update"):
        texts.append(decoded)
    return any(service_call(text) is not None for text in texts)


def oxigraph_binary() -> Path:
    """The ``oxigraph`` server program installed with regiograph (PyPI package ``oxigraph``)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise UsageError("the oxigraph server is not installed: pip install oxigraph")
    return Path(found)
