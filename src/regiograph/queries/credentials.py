"""Credentials for SPARQL endpoints, from the environment, and where they may go.

``REGIOGRAPH_ENDPOINT_USER`` and ``REGIOGRAPH_ENDPOINT_PASSWORD`` (HTTP basic, or digest when the
server asks for it, as Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth`` do) or
``REGIOGRAPH_ENDPOINT_TOKEN`` (bearer). They go to the endpoint's origin (scheme, host and port)
only, and are blanked out of every message, as a server may echo them back.
"""

from __future__ import annotations

import base64
import os
import urllib.parse

from regiograph.errors import UsageError

__all__ = [
    "DIGEST_ORIGINS",
    "add_credentials",
    "auth_header",
    "credentials_for",
    "origin",
    "redacted",
    "shown",
]


def _secrets() -> list[str]:
    """The credentials in the environment, and the header values made of them."""
    values = [os.environ.get(name, "") for name in
              ("REGIOGRAPH_ENDPOINT_TOKEN", "REGIOGRAPH_ENDPOINT_PASSWORD")]
    header = auth_header(check=False)
    if header:
        values += [header, header.split(" ", 1)[-1]]
    return sorted({v.strip() for v in values if len(v.strip()) >= 3}, key=len, reverse=True)


def redacted(text: str) -> str:
    """``text`` with every credential replaced by ``***``: a server may echo them back."""
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port: credentials are sent to one origin only."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # not a valid port: an origin of its own
        return scheme, url, None
    return scheme, (parts.hostname or "").lower(), port or {"http": 80, "https": 443}.get(scheme)


#: Origins that asked for digest authentication: basic credentials are no longer sent to them.
DIGEST_ORIGINS: set[tuple[str, str, int | None]] = set()


def shown(url: str) -> str:
    """An address as shown in a message: without its query string (the query itself) and
    without any user name or password written into it."""
    try:
        parts = urllib.parse.urlsplit(url)
        netloc = parts.netloc.rpartition("@")[2]
        return redacted(parts._replace(netloc=netloc, query="", fragment="").geturl())
    except ValueError:
        return "the endpoint"


def auth_header(check: bool = True) -> str | None:
    token = os.environ.get("REGIOGRAPH_ENDPOINT_TOKEN")
    user = os.environ.get("REGIOGRAPH_ENDPOINT_USER")
    password = os.environ.get("REGIOGRAPH_ENDPOINT_PASSWORD", "")
    if check:
        for name, value in (("REGIOGRAPH_ENDPOINT_TOKEN", token or ""),
                            ("REGIOGRAPH_ENDPOINT_USER", user or ""),
                            ("REGIOGRAPH_ENDPOINT_PASSWORD", password)):
            if any(ord(c) < 32 or ord(c) == 127 for c in value):
                raise UsageError(f"{name} holds a control character (a line break or tab, "
                                 "perhaps from a file saved with CRLF); set it again without it")
            if token and not value.isascii() and name == "REGIOGRAPH_ENDPOINT_TOKEN":
                raise UsageError(f"{name} holds non-ASCII characters; a token is ASCII")
    if token:
        return f"Bearer {token}"
    if user:
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    return None


def credentials_for(url: str) -> str | None:
    """The Authorization header sent first to ``url``: none where the origin asked for digest,
    which is then answered to its challenge."""
    header = auth_header()
    if header and header.startswith("Basic ") and origin(url) in DIGEST_ORIGINS:
        return None
    return header


def add_credentials(wrapper: object, url: str) -> None:
    header = credentials_for(url)
    if header:
        wrapper.addCustomHttpHeader("Authorization", header)  # type: ignore[attr-defined]
