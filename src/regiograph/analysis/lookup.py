"""Finding a node by what a user types: its id, its IRI or its label, with a close-match
suggestion for a typo (the rules of :mod:`regiograph.names`)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from regiograph.errors import UsageError
from regiograph.names import resolve_name
from regiograph.store.embedded import GraphStore

__all__ = ["find_node", "node_label", "projections_with"]


def node_label(G: nx.Graph[Any], node: Any) -> str:
    """The node's ``label`` attribute, or its key when it has none.

    >>> G = nx.Graph(); G.add_node("ku-leuven", label="KU Leuven"); G.add_node("x")
    >>> node_label(G, "ku-leuven"), node_label(G, "x")
    ('KU Leuven', 'x')
    """
    return str(G.nodes[node].get("label") or node)


def find_node(G: nx.Graph[Any], name: str) -> Any:
    """The node that ``name`` names, as a person types it: a node key, an ``iri``, a ``label``
    or an alternative name (``alt_labels``), in any case; else the one label that starts with
    it, else the one label holding each of its words.

    Raises :class:`~regiograph.errors.UsageError` when nothing matches (naming the closest ids
    and labels: "did you mean ...") or when several nodes match (naming them).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("vib", label="VIB", iri="https://w3id.org/regiograph/id/vib")
    >>> G.add_node("rega", label="Rega Institute for Medical Research")
    >>> find_node(G, "vib"), find_node(G, "Vib"), find_node(G, "https://w3id.org/regiograph/id/vib")
    ('vib', 'vib', 'vib')
    >>> find_node(G, "Rega Institute"), find_node(G, "medical rega")
    ('rega', 'rega')
    >>> find_node(G, "VBI")
    Traceback (most recent call last):
    ...
    regiograph.errors.UsageError: no stakeholder 'VBI' in the graph; did you mean 'vib' (VIB)?
    """
    if name in G:
        return name
    return resolve_name(name, {n: _names(n, data) for n, data in G.nodes(data=True)},
                        lambda n: node_label(G, n))


def _names(node: Any, data: dict[str, Any]) -> list[str]:
    """Every name a node goes by: its key, IRI, label and alternative names."""
    return [str(node), str(data.get("iri", "")), str(data.get("label", "")),
            *(str(a) for a in data.get("alt_labels", ()))]


def projections_with(store: GraphStore, projection: str, names: tuple[str, ...]) -> list[str]:
    """For each name that the ``projection`` lacks, the first other projection that has it, as
    a hint for a user who looked in the wrong one (a person is not in the organisations
    projection): ``'Jane Judge' is in the stakeholders projection (--projection stakeholders)``.
    """
    from regiograph.analysis.projection import Projection, project

    graphs: dict[str, nx.Graph[Any] | None] = {p.value: None for p in Projection}
    hints = []

    def graph(name: str) -> nx.Graph[Any]:
        found = graphs[name] or project(store, name)
        graphs[name] = found
        return found

    for name in names:
        if _finds(graph(projection), name):
            continue  # here: the problem is another name, or an ambiguity
        other = next((p for p in graphs if p != projection and _finds(graph(p), name)), None)
        if other is not None:
            hints.append(f"'{name}' is in the {other} projection (--projection {other})")
    return hints


def _finds(G: nx.Graph[Any], name: str) -> bool:
    try:
        find_node(G, name)
    except UsageError:
        return False
    return True
