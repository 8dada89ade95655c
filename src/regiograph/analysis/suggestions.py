"""Suggestions: likely but missing ties, who should meet, each with its reason (the neighbours the
two already share). Pairs already linked are never suggested.

Three link-prediction scores over the undirected ties, for two nodes ``u`` and ``v`` with the
shared neighbours ``Z``: common neighbours ``|Z|``; Adamic-Adar ``sum(1 / log(deg z))``; and
resource allocation ``sum(1 / deg z)``. The last two weigh a shared partner with few ties more
than a hub that is everyone's partner.

Pairs with the same score (two pairs with the same shared partners always have it) are told
apart by evidence, in this order: a second index (resource allocation for Adamic-Adar and common
neighbours, Adamic-Adar for resource allocation), the number of sectors the two share, and the
number of ties that run through their shared partners (``sum(w(u, z) + w(v, z))``); then by ids,
so that the order never depends on the order of the input. The reason names the shared partners,
and the ties and sectors that decided.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import networkx as nx
import numpy as np

from regiograph.analysis.arrays import Adjacency, adjacency, spans, wedges
from regiograph.analysis.lookup import find_node, node_label
from regiograph.analysis.views import undirected
from regiograph.errors import UsageError

__all__ = ["Method", "Suggestion", "suggest"]


class Method(StrEnum):
    """The link-prediction scores."""

    ADAMIC_ADAR = "adamic-adar"
    RESOURCE_ALLOCATION = "resource-allocation"
    COMMON_NEIGHBOURS = "common-neighbours"


@dataclass(frozen=True)
class Suggestion:
    """A suggested tie between two nodes, its score, and the evidence behind it: the shared
    neighbours; ``second``, the second index that breaks ties of the score; the ``sectors`` the
    two share; and ``ties_through``, the weight of the ties that join them to their shared
    neighbours."""

    source: Any
    target: Any
    score: float
    method: Method
    shared: tuple[Any, ...]
    reason: str
    second: float = 0.0
    sectors: tuple[str, ...] = ()
    ties_through: float = 0.0


def suggest(G: nx.Graph[Any], node: Any | None = None, top: int = 10,
            method: Method | str = Method.ADAMIC_ADAR) -> list[Suggestion]:
    """The ``top`` most likely missing ties, best first: of ``node`` (an id or label) with the
    others, or between any two nodes. Only pairs with a shared neighbour are scored.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    node : str, optional
        Suggest ties of this stakeholder (id, IRI or label) only.
    top : int
        How many suggestions to return.
    method : Method or str
        ``adamic-adar``, ``resource-allocation`` or ``common-neighbours``.

    Returns
    -------
    list of Suggestion
        The suggestions, best first; equal scores are ordered by the evidence the module's
        docstring lists, then by ids.

    Raises
    ------
    UsageError
        For an unknown method, or a ``node`` that names no stakeholder.

    Examples
    --------
    ``a`` and ``c`` share ``b`` and ``d``; ``b`` and ``d`` share ``a`` and ``c``, but ``b`` also
    has ``e``, so its 1/degree counts less:

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("b", "e")])
    >>> [(s.source, s.target, round(s.score, 3)) for s in suggest(G, method="resource-allocation")]
    [('b', 'd', 1.0), ('a', 'c', 0.833), ('a', 'e', 0.333), ('c', 'e', 0.333)]
    >>> suggest(G, "e", top=1)[0].reason
    'e and a are both tied to b (2 ties)'
    """
    chosen = _method(method)
    H = undirected(G)
    if node is None and not nx.number_of_selfloops(H):
        pairs: Iterator[tuple[Any, Any]] = iter(_best_pairs(H, top, chosen))
    else:
        pairs = _candidates(H, find_node(H, node) if node is not None else None)
    found = [_suggestion(H, u, v, chosen) for u, v in pairs]
    found.sort(key=_rank)
    return found[:top]


def _rank(s: Suggestion) -> tuple[float, float, int, float, str, str]:
    """The sort key: the score, then the evidence that tells equal scores apart, then ids
    (scores rounded, so that sums taken in another order compare equal)."""
    return (-round(s.score, 9), -round(s.second, 9), -len(s.sectors), -s.ties_through,
            str(s.source), str(s.target))


def _method(method: Method | str) -> Method:
    try:
        return Method(method)
    except ValueError:
        choices = ", ".join(m.value for m in Method)
        raise UsageError(f"unknown method {method!r}; choose one of {choices}") from None


def _candidates(H: nx.Graph[Any], node: Any | None) -> Iterator[tuple[Any, Any]]:
    """Unlinked pairs at distance two: those that share at least one neighbour."""
    sources = [node] if node is not None else sorted(H, key=str)
    seen: set[frozenset[Any]] = set()
    for u in sources:
        for z in H[u]:
            for v in H[z]:
                pair = frozenset((u, v))
                if v != u and not H.has_edge(u, v) and pair not in seen:
                    seen.add(pair)
                    yield (u, v) if node is not None or str(u) <= str(v) else (v, u)


def _best_pairs(H: nx.Graph[Any], top: int, method: Method) -> list[tuple[Any, Any]]:
    """The unlinked pairs with a shared neighbour whose score may be among the ``top``: every
    pair's score summed with numpy over its wedges (``u - z - v``), then those within rounding
    of the ``top``-th best, for :func:`_suggestion` to score exactly and the caller to sort.
    Each pair is ordered as :func:`_candidates` orders it (smaller ``str`` first).

    A hub's wedges are most of a network's (3 of 4 million around one place of the 100k
    region), but a pair that shares nothing but hubs scores little: the pairs with another
    shared neighbour are scored first, the hubs' share added to them, and when the ``top``-th
    of those beats what the hubs alone can give, the hub-only pairs are never summed."""
    if top <= 0:
        return []
    A = adjacency(H, weight=None)
    worth = _worth(A, method)
    hubs = _hubs(A)
    if hubs:
        pairs, totals = _totals(A, worth, list(_without(spans(A), hubs)))
        if totals.size > top:
            totals += _hub_shares(A, hubs, worth, pairs)
            kth = float(np.partition(totals, totals.size - top)[totals.size - top])
            if kth - _slack(kth) > float(worth[hubs].sum()):
                return _ordered(A, pairs[totals >= kth - _slack(kth)])
    pairs, totals = _totals(A, worth, spans(A))
    if totals.size > top:
        kth = float(np.partition(totals, totals.size - top)[totals.size - top])
        pairs = pairs[totals >= kth - _slack(kth)]
    return _ordered(A, pairs)


def _worth(A: Adjacency, method: Method) -> np.ndarray:
    """What a shared neighbour adds to a pair's score, by its degree."""
    degree = A.degree.astype(np.float64)
    with np.errstate(divide="ignore"):  # only nodes with two neighbours or more are shared
        if method is Method.ADAMIC_ADAR:
            return np.asarray(1.0 / np.log(degree))
        if method is Method.RESOURCE_ALLOCATION:
            return np.asarray(1.0 / degree)
    return np.ones(A.n)


def _slack(kth: float) -> float:
    """How far below the ``top``-th score a pair is still a candidate (sums in another order
    differ in their last bits)."""
    return 1e-9 * max(1.0, abs(kth))


def _hubs(A: Adjacency, share: float = 0.1, most: int = 8) -> list[int]:
    """The nodes with at least ``share`` of all wedges each (at most ``most``, the largest)."""
    wedge_counts = A.degree * (A.degree - 1) // 2
    largest = np.argsort(-wedge_counts, kind="stable")[:most]
    total = int(wedge_counts.sum())
    return sorted(int(z) for z in largest if total and wedge_counts[z] >= share * total)


def _without(ranges: list[tuple[int, int]], hubs: list[int]) -> Iterator[tuple[int, int]]:
    """The ranges of middle nodes less the hubs."""
    for lo, hi in ranges:
        start = lo
        for hub in (h for h in hubs if lo <= h < hi):
            if start < hub:
                yield start, hub
            start = hub + 1
        if start < hi:
            yield start, hi


def _totals(A: Adjacency, worth: np.ndarray,
            middles: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Each unlinked pair (``u * n + v``, ``u < v``) with a shared neighbour among the middle
    nodes of ``middles``, and the summed worth of those neighbours."""
    n = A.n
    scores: list[np.ndarray] = [np.zeros(0)]
    keys: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    linked = A.rows * n + A.indices
    for lo, hi in middles:  # a hub alone has a million wedges: a few million at a time
        u, v, z = wedges(A, lo, hi)
        key = u * n + v
        found = np.searchsorted(linked, key)
        open_ = linked[np.minimum(found, linked.size - 1)] != key
        keys.append(key[open_])
        scores.append(worth[z[open_]])
    key = np.concatenate(keys)
    score = np.concatenate(scores)
    if key.size == 0:
        return key, score
    order = np.argsort(key, kind="stable")
    key, score = key[order], score[order]
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    return key[starts], np.add.reduceat(score, starts)


def _hub_shares(A: Adjacency, hubs: list[int], worth: np.ndarray,
                pairs: np.ndarray) -> np.ndarray:
    """What the hubs add to each pair: the worth of each hub that both ends are tied to."""
    u, v = pairs // A.n, pairs % A.n
    shares = np.zeros(pairs.size)
    for hub in hubs:
        tied = np.zeros(A.n, dtype=bool)
        tied[A.indices[A.indptr[hub]:A.indptr[hub + 1]]] = True
        shares += np.where(tied[u] & tied[v], worth[hub], 0.0)
    return shares


def _ordered(A: Adjacency, pairs: np.ndarray) -> list[tuple[Any, Any]]:
    """The pairs as node keys, the smaller ``str`` first."""
    ordered = []
    for u, v in zip((pairs // A.n).tolist(), (pairs % A.n).tolist(), strict=True):
        a, b = A.nodes[u], A.nodes[v]
        ordered.append((a, b) if str(a) <= str(b) else (b, a))
    return ordered


def _suggestion(H: nx.Graph[Any], u: Any, v: Any, method: Method) -> Suggestion:
    shared = tuple(sorted(nx.common_neighbors(H, u, v), key=lambda n: node_label(H, n)))
    degrees = [H.degree(z) for z in shared]
    adamic_adar = sum(1.0 / math.log(d) for d in degrees)  # d >= 2: z is tied to both
    resource = sum(1.0 / d for d in degrees)
    score, second = {Method.ADAMIC_ADAR: (adamic_adar, resource),
                     Method.RESOURCE_ALLOCATION: (resource, adamic_adar),
                     Method.COMMON_NEIGHBOURS: (float(len(shared)), resource)}[method]
    sectors = tuple(sorted(set(_sectors(H, u)) & set(_sectors(H, v))))
    through = sum(_weight(H, u, z) + _weight(H, v, z) for z in shared)
    return Suggestion(u, v, score, method, shared, _reason(H, u, v, shared, through, sectors),
                      second, sectors, through)


def _sectors(H: nx.Graph[Any], node: Any) -> list[str]:
    return [str(s) for s in H.nodes[node].get("sectors") or ()]


def _weight(H: nx.Graph[Any], u: Any, v: Any) -> float:
    return float(H.edges[u, v].get("weight", 1.0))


def _reason(H: nx.Graph[Any], u: Any, v: Any, shared: tuple[Any, ...], through: float,
            sectors: tuple[str, ...]) -> str:
    """Who the two share, how many ties join them to those, and the sectors both work in.

    >>> G = nx.Graph([("a", "z", {"weight": 2.0}), ("b", "z")])
    >>> G.add_nodes_from(["a", "b"], sectors=["health"])
    >>> _reason(G, "a", "b", ("z",), 3.0, ("health",))
    'a and b are both tied to z (3 ties) and both in health'
    """
    listed = _listing([node_label(H, z) for z in shared])
    ties = f"{through:g} tie{'' if through == 1 else 's'}"
    both = f" and both in {_listing(list(sectors))}" if sectors else ""
    return f"{node_label(H, u)} and {node_label(H, v)} are both tied to {listed} ({ties}){both}"


def _listing(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
