"""Finding a node by what a user types: its id, its IRI or its label, with a close-match
suggestion for a typo."""

from __future__ import annotations

import difflib
from typing import Any

import networkx as nx

from regiograph.errors import UsageError
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
    wanted = " ".join(name.split()).casefold()
    if not wanted:
        raise UsageError("give a stakeholder's id or name, not an empty text")
    names = {n: _names(n, data) for n, data in G.nodes(data=True)}
    words = wanted.split()
    for matches in (
        [n for n, known in names.items() if wanted in known],
        [n for n, known in names.items() if any(k.startswith(wanted) for k in known)],
        [n for n, known in names.items()
         if any(all(w in k.replace("-", " ").split() for w in words) for k in known)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(f"'{m}' ({node_label(G, m)})" for m in sorted(matches, key=str)[:8])
            more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
            raise UsageError(f"'{name}' names several stakeholders: {listed}{more}; use an id")
    raise UsageError(f"no stakeholder '{name}' in the graph{_did_you_mean(G, wanted)}")


def _names(node: Any, data: dict[str, Any]) -> set[str]:
    """Every name a node goes by, folded: its key, IRI, label and alternative names."""
    found = {str(node), str(data.get("iri", "")), str(data.get("label", ""))}
    found |= {str(a) for a in data.get("alt_labels", ())}
    return {" ".join(n.split()).casefold() for n in found if n}


def _did_you_mean(G: nx.Graph[Any], wanted: str) -> str:
    names: dict[str, Any] = {}
    for node, data in G.nodes(data=True):
        names.setdefault(str(node).casefold(), node)
        names.setdefault(str(data.get("label", node)).casefold(), node)
    close = difflib.get_close_matches(wanted, list(names), n=6, cutoff=0.6)
    nodes = list(dict.fromkeys(names[c] for c in close))[:3]
    if not nodes:
        return ""
    return "; did you mean " + " or ".join(f"'{n}' ({node_label(G, n)})" for n in nodes) + "?"


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
