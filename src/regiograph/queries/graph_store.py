"""Uploading a dataset to a store with the SPARQL 1.1 Graph Store Protocol (``regiograph push``).

Each graph is replaced by one ``PUT``, which the store applies as a whole: a failure leaves that
graph as it was, and says which graphs had already been replaced.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.queries.credentials import auth_header, credentials_for, shown
from regiograph.queries.transport import (
    MAX_ANSWER,
    EndpointError,
    check_url,
    http_error,
    opener,
    within,
)

__all__ = [
    "graph_store_url",
    "push",
]


def push(quads: Iterable[ox.Quad], endpoint: str, graph: str | None = None,
         timeout: float = 120.0) -> dict[str, int]:
    """Upload a dataset with the SPARQL 1.1 Graph Store Protocol.

    Each graph is replaced by one ``PUT`` request, which the store applies as a whole, so a
    failure leaves the previous version of that graph intact. Quads in the default graph (the
    merged graph of a :class:`~regiograph.store.embedded.GraphStore`) replace the default graph, last.
    With ``graph``, the triples of the named graphs go into that one graph instead. Returns the
    number of triples sent per graph ("" for the default graph).
    """
    check_url(endpoint)
    by_graph: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        named = isinstance(quad.graph_name, ox.NamedNode)
        if graph is not None and not named:
            continue
        name = graph if graph is not None else str(getattr(quad.graph_name, "value", ""))
        by_graph.setdefault(name, set()).add(ox.Triple(quad.subject, quad.predicate, quad.object))
    auth_header()  # a bad credential is a usage error before anything is sent
    sent: dict[str, int] = {}
    for name in sorted(by_graph, key=lambda n: (n == "", n)):
        triples = sorted(by_graph[name], key=str)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        try:
            _put(endpoint, name, body, timeout)
        except EndpointError as exc:
            if sent:
                exc.reason += (f"; {len(sent)} of {len(by_graph)} graphs had already been "
                               "replaced, the others are as they were: push again")
                exc.args = (f"{exc.url}: {exc.reason}",)
            raise
        sent[name] = len(triples)
    return sent


def graph_store_url(endpoint: str, graph: str) -> str:
    """The address of one graph of a Graph Store Protocol endpoint: ``?graph=IRI``, or
    ``?default`` for the default graph, added to the endpoint's own query string.

    >>> graph_store_url("http://localhost:7878/store", "https://w3id.org/regiograph/graph/a")
    'http://localhost:7878/store?graph=https%3A%2F%2Fw3id.org%2Fregiograph%2Fgraph%2Fa'
    >>> graph_store_url("http://localhost:7878/store?x=1", "")
    'http://localhost:7878/store?x=1&default'
    """
    parts = check_url(endpoint)
    pairs = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    if any(key in ("graph", "default") for key, _ in pairs):
        raise UsageError(f"{shown(endpoint)}: the address already names a graph; give the "
                         "store's address without graph= or default")
    target = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    query = f"{parts.query}&{target}" if parts.query else target
    url = urllib.parse.urlunsplit(parts._replace(query=query))
    assert "graph=" in url or url.endswith("default")  # never a PUT to the bare store
    return url


def _put(endpoint: str, graph: str, body: bytes, timeout: float) -> None:
    url = graph_store_url(endpoint, graph)
    request = urllib.request.Request(url, data=body, method="PUT",  # noqa: S310 - checked http(s)
                                     headers={"Content-Type": "application/n-triples"})
    header = credentials_for(url)
    if header:
        request.add_header("Authorization", header)
    try:
        status = within(timeout, endpoint, lambda opened: _upload(request, timeout, opened))
    except urllib.error.HTTPError as exc:
        raise http_error(endpoint, exc, graph or "the default graph") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = str(getattr(exc, "reason", exc))
        raise EndpointError(endpoint, f"upload of {graph or 'the default graph'} failed: "
                                      f"{reason}; the store keeps its previous version of that "
                                      "graph") from None
    if status not in (200, 201, 204):
        raise EndpointError(endpoint, f"HTTP {status} while replacing "
                                      f"{graph or 'the default graph'}")


def _upload(request: urllib.request.Request, timeout: float, opened: list[IO[bytes]]) -> int:
    with opener(request.full_url).open(request, timeout=timeout) as response:
        opened.append(response)
        response.read(MAX_ANSWER)
        return int(response.getcode())
