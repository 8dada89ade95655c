"""A network guard for child processes: put this folder on PYTHONPATH and every Python-level
connection or name lookup to anything but loopback or a Unix socket raises PermissionError, and
is written to the file named by REGIOGRAPH_NET_LOG (so that an attempt a library swallows is
still seen). Native code that opens its own sockets is not seen here: the tests cover it with a
loopback server that records every request."""

from __future__ import annotations

import os
import socket
import sys

_LOCAL = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "", None}


def _record(what: str) -> None:
    log = os.environ.get("REGIOGRAPH_NET_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(what + "\n")


def _guard(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.connect":
        sock, address = args
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", None):
            return
        host = address[0] if isinstance(address, tuple) else address
        if host not in _LOCAL and not str(host).startswith("127."):
            _record(f"connect {address!r}")
            raise PermissionError(f"network access blocked by the test guard: {address!r}")
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr"):
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode()
        if host not in _LOCAL and not str(host).startswith("127."):
            _record(f"{event} {host!r}")
            raise PermissionError(f"name lookup blocked by the test guard: {host!r}")


sys.addaudithook(_guard)
