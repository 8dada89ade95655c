"""Paths: how two stakeholders are connected, told as sentences with the relations and their
sources.

A connection is a shortest path over the undirected ties; each step is told by its strongest
tie (direct relations before shared organisations and people), read in the direction of travel:
"KU Leuven includes Rega Institute" or "Rega Institute is part of KU Leuven".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import networkx as nx

from regiograph.analysis.lookup import find_node, node_label
from regiograph.analysis.projection import Tie
from regiograph.analysis.views import undirected
from regiograph.errors import UsageError

__all__ = ["Connection", "Step", "connections", "describe_tie", "explain"]

# How each relation reads from its subject ({s}) and from its object ({o}); {label} is the
# edge label ("founding partner of"), {role} the role with its article ("a founding partner").
_PHRASES: dict[str, tuple[str, str]] = {
    "org:subOrganizationOf": ("{s} is part of {o}", "{o} includes {s}"),
    "org:memberOf": ("{s} is {role} of {o}", "{o} has {s} as {role}"),
    "schema:founder": ("{s} was founded by {o}", "{o} founded {s}"),
    "rg:spinOffOf": ("{s} is a spin-off of {o}", "{o} spun off {s}"),
    "rg:hostedBy": ("{s} is hosted by {o}", "{o} hosts {s}"),
    "rg:affiliatedWith": ("{s} is affiliated with {o}", "{o} is affiliated with {s}"),
    "rg:initiatedBy": ("{s} was initiated by {o}", "{o} initiated {s}"),
    "rg:mergedInto": ("{s} merged into {o}", "{o} took in {s}"),
    "rg:namedAfter": ("{s} is named after {o}", "{o} gave their name to {s}"),
    "rg:basedIn": ("{s} is based in {o}", "{o} is home to {s}"),
    "rg:headquarteredIn": ("{s} has its headquarters in {o}", "{o} holds the headquarters of {s}"),
    "org:hasSite": ("{s} has a site at {o}", "{o} is a site of {s}"),
    "rg:locatedIn": ("{s} is located in {o}", "{o} contains {s}"),
    "rg:nationality": ("{s} is a national of {o}", "{o} is the country of {s}"),
    "rg:livedIn": ("{s} lived in {o}", "{o} was home to {s}"),
    "rg:businessPartnerOf": ("{s} is a business partner of {o}",
                             "{o} is a business partner of {s}"),
    "rga:sharedOrganisation": ("{s} and {o} are {label}", "{o} and {s} are {label}"),
    "rga:sharedPerson": ("{s} and {o} are {label}", "{o} and {s} are {label}"),
}
# A step is told by its first tie in this order: direct relations before a shared third party.
_RANK = {relation: rank for rank, relation in enumerate(_PHRASES)}


@dataclass(frozen=True)
class Step:
    """One step of a connection: from a node to the next, with every tie between the two."""

    source: Any
    target: Any
    ties: tuple[Tie, ...]


@dataclass(frozen=True)
class Connection:
    """A shortest connection: its nodes in order and the steps between them."""

    nodes: tuple[Any, ...]
    steps: tuple[Step, ...]


def describe_tie(G: nx.Graph[Any], tie: Tie, start: Any | None = None) -> str:
    """A tie as a sentence, told from ``start`` when ``start`` is its object, with its sources.

    Parameters
    ----------
    G : networkx.Graph
        The graph whose node labels name the tie's ends.
    tie : Tie
        The tie to tell.
    start : node, optional
        The node the sentence starts from; default the tie's subject.

    Returns
    -------
    str
        A sentence, with its sources in brackets.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("rega", label="Rega Institute"); G.add_node("kul", label="KU Leuven")
    >>> tie = Tie("rega", "kul", "org:subOrganizationOf", "part of", sources=("wiki",),
    ...           source_titles=("Wikipedia on Rega",))
    >>> describe_tie(G, tie)
    'Rega Institute is part of KU Leuven (source: Wikipedia on Rega)'
    >>> describe_tie(G, tie, start="kul")
    'KU Leuven includes Rega Institute (source: Wikipedia on Rega)'
    """
    forward, backward = _PHRASES.get(tie.relation, ("{s} is {label} {o}", "{s} is {label} {o}"))
    template = backward if start is not None and start == tie.object else forward
    role = tie.label.removesuffix(" of")
    text = template.format(s=_name(G, tie.subject), o=_name(G, tie.object), label=tie.label,
                           role=f"{'an' if role[:1].lower() in 'aeiou' else 'a'} {role}")
    titles = tie.source_titles or tie.sources
    if titles:
        text += f" (source{'s' if len(titles) > 1 else ''}: {'; '.join(titles)})"
    return text


def connections(G: nx.Graph[Any], a: Any, b: Any, limit: int = 3) -> list[Connection]:
    """Up to ``limit`` shortest connections between ``a`` and ``b`` (ids or labels), in a stable
    order; none when they are not connected.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    a, b : str
        The two stakeholders, by id, IRI or label.
    limit : int
        The most connections to return.

    Returns
    -------
    list of Connection
        The shortest connections, ordered by the labels along them.

    Raises
    ------
    UsageError
        When ``a`` or ``b`` names no node (with a close match).

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "d"), ("d", "c")])
    >>> [c.nodes for c in connections(G, "a", "c")]
    [('a', 'b', 'c'), ('a', 'd', 'c')]
    """
    H = undirected(G)
    source, target = find_node(H, a), find_node(H, b)
    if source == target or not nx.has_path(H, source, target):
        return []
    paths = itertools.islice(nx.all_shortest_paths(H, source, target), 1000)
    ordered = sorted(paths, key=lambda p: [node_label(H, n) for n in p])[:limit]
    return [Connection(tuple(p), tuple(_step(H, u, v) for u, v in itertools.pairwise(p)))
            for p in ordered]


def explain(G: nx.Graph[Any], a: Any, b: Any, limit: int = 3) -> list[str]:
    """The shortest connections between ``a`` and ``b`` (ids or labels), each as one sentence:
    its steps, each with its relation and sources, joined by semicolons. An empty list when the
    two are not connected.

    Parameters
    ----------
    G : networkx.Graph
        A projection, or any graph; directed and multi-graphs are read as undirected.
    a, b : str
        The two stakeholders, by id, IRI or label.
    limit : int
        The most connections to tell.

    Returns
    -------
    list of str
        One sentence per connection.

    Raises
    ------
    UsageError
        When ``a`` or ``b`` names no node (with a close match), or both name the same one.

    Examples
    --------
    >>> G = nx.Graph()
    >>> for n, label in [("rega", "Rega"), ("kul", "KUL"), ("ml", "ML")]:
    ...     G.add_node(n, label=label)
    >>> G.add_edge("rega", "kul", ties=[Tie("rega", "kul", "org:subOrganizationOf", "part of")])
    >>> G.add_edge("kul", "ml", ties=[Tie("kul", "ml", "org:memberOf", "founding partner of",
    ...                                   sources=("web",), source_titles=("Health page",))])
    >>> explain(G, "Rega", "ml")
    ['Rega is part of KUL; KUL is a founding partner of ML (source: Health page).']
    """
    if (first := find_node(G, a)) == find_node(G, b):
        raise UsageError(f"'{a}' and '{b}' name the same stakeholder, "
                         f"{node_label(G, first)}; give two different ones")
    told = []
    for connection in connections(G, a, b, limit):
        steps = [describe_tie(G, _best(step.ties), start=step.source) if step.ties
                 else f"{_name(G, step.source)} is linked to {_name(G, step.target)}"
                 for step in connection.steps]
        told.append("; ".join(steps) + ".")
    return told


def _step(H: nx.Graph[Any], u: Any, v: Any) -> Step:
    return Step(u, v, tuple(H.edges[u, v].get("ties", ())))


def _best(ties: tuple[Tie, ...]) -> Tie:
    return min(ties, key=lambda t: (_RANK.get(t.relation, len(_RANK)), t.label, t.sources))


def _name(G: nx.Graph[Any], node: Any) -> str:
    return node_label(G, node) if node in G else str(node)
