"""No secret in any output (issue 14, item 7): a token with a line break, a server that echoes
the Authorization header, a password in the endpoint address."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from .servers import serving

TOKEN = "s3cr3t-token-value-0123456789"
PASSWORD = "hunter2-password-value"


@contextmanager
def _echoing_server() -> Iterator[str]:
    class Echo(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _echo(self) -> None:
            body = f"denied: {self.headers.get('Authorization')}\n".encode()
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _echo

    with serving(Echo) as base:
        yield base


def _regiograph(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REGIOGRAPH_ENDPOINT")}
    return subprocess.run([sys.executable, "-m", "regiograph", *args], capture_output=True,
                          text=True, env={**clean, **env}, timeout=120, check=False)


@pytest.mark.parametrize("token", [TOKEN + "\r", TOKEN + "\n", "\x1b" + TOKEN])
def test_a_token_with_a_control_character_is_refused_without_printing_it(token: str) -> None:
    done = _regiograph("query", "ASK {}", "--endpoint", "http://127.0.0.1:9/sparql",
                       REGIOGRAPH_ENDPOINT_TOKEN=token)
    assert done.returncode == 2, done.stderr
    assert TOKEN not in done.stdout + done.stderr


def test_a_server_echoing_the_credentials_never_gets_them_printed() -> None:
    with _echoing_server() as base:
        for env in ({"REGIOGRAPH_ENDPOINT_TOKEN": TOKEN},
                    {"REGIOGRAPH_ENDPOINT_USER": "me", "REGIOGRAPH_ENDPOINT_PASSWORD": PASSWORD}):
            done = _regiograph("query", "ASK {}", "--endpoint", f"{base}/sparql", **env)
            assert done.returncode == 1
            assert "denied" in done.stderr and "***" in done.stderr
            assert TOKEN not in done.stderr and PASSWORD not in done.stderr
            import base64

            basic = base64.b64encode(f"me:{PASSWORD}".encode()).decode()
            assert basic not in done.stderr


def test_a_password_in_the_endpoint_address_is_refused_and_never_printed() -> None:
    for command in (["query", "ASK {}", "--endpoint"], ["push", "--endpoint"]):
        done = _regiograph(*command, f"http://me:{PASSWORD}@127.0.0.1:9/sparql")
        assert done.returncode in (1, 2)
        assert PASSWORD not in done.stdout + done.stderr
