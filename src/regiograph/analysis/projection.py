"""Projections: from the RDF dataset to NetworkX graphs, declared by the SPARQL queries in
``queries/projection/`` (one query for the nodes and one for the edges of each projection).

Only what those queries select becomes a node (organisations, initiatives, people, places) or an
edge (a tie between two of them), so literals, classes, vocabulary concepts and sources never do.

Every node is keyed by its id (``ku-leuven``) and keeps ``iri``, ``label``, ``kind``, ``sectors``
(a list of sector ids), ``sector_group`` (the broadest sector, for grouping) and ``helix``. Every
edge keeps ``relation`` (a prefixed name such as ``rg:spinOffOf``), ``label`` (``spin-off of``),
``sources`` (the citations, as curators write them: ``health-page#rega-institute``),
``source_titles``, ``weight`` and ``ties`` (the :class:`Tie` objects behind the edge).

An edge of an undirected projection merges ties of both directions, so its label reads from one
end to the other: :func:`direction` gives that order (the subject and object of its leading tie,
see :func:`summarise_ties`), and ties that run the other way are read by their inverse label
(``has part``, ``founder of``). Exports, the report and the views write edges in that order.

============================ ================== ==============================================
projection                   graph              edges
============================ ================== ==============================================
``stakeholders``             ``MultiDiGraph``   one per tie, from the subject to the object
``organisations``            ``Graph``          one per linked pair; weight = number of ties
``people-organisations``     ``Graph``          bipartite (``bipartite`` 0: people, 1: the rest)
============================ ================== ==============================================
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.model.registry import helix_of
from regiograph.namespaces import ID, ONTOLOGY_GRAPH
from regiograph.queries.library import Library
from regiograph.resources import queries_dir
from regiograph.store.embedded import GraphStore

__all__ = ["Projection", "Tie", "direction", "node_id", "project", "summarise_ties"]


class Projection(StrEnum):
    """The projections of the dataset, each declared by two queries of ``queries/projection/``."""

    STAKEHOLDERS = "stakeholders"
    ORGANISATIONS = "organisations"
    PEOPLE_ORGANISATIONS = "people-organisations"

    @property
    def queries(self) -> tuple[str, str]:
        """The names of the node query and the edge query in the query library."""
        return f"projection/{self.value}-nodes", f"projection/{self.value}-edges"

    @classmethod
    def parse(cls, name: str | Projection) -> Projection:
        """The projection called ``name``; a :class:`UsageError` names the choices otherwise.

        >>> Projection.parse("organisations") is Projection.ORGANISATIONS
        True
        """
        try:
            return cls(name)
        except ValueError:
            choices = ", ".join(p.value for p in cls)
            raise UsageError(f"unknown projection {name!r}; choose one of {choices}") from None


@dataclass(frozen=True)
class Tie:
    """One sourced relation between two nodes, as the edge query states it.

    ``label`` reads from the subject to the object (``part of``) and ``inverse`` from the object
    to the subject (``has part``; the same text for a symmetric tie such as ``both in imec``).
    ``via`` is the shared third node of a derived tie (a shared organisation or person), and
    ``role`` the role of a membership; ``sources`` are citations and ``source_titles`` their
    titles, in the same order.
    """

    subject: str
    object: str
    relation: str
    label: str
    role: str | None = None
    via: str | None = None
    sources: tuple[str, ...] = field(default=())
    source_titles: tuple[str, ...] = field(default=())
    inverse: str = ""

    @property
    def symmetric(self) -> bool:
        """Whether the tie reads the same both ways (a shared organisation or person)."""
        return self.inverse == self.label

    def reading(self, source: str) -> str:
        """How the tie reads from ``source``, one of its ends.

        >>> tie = Tie("rega-institute", "ku-leuven", "org:subOrganizationOf", "part of",
        ...           inverse="has part")
        >>> tie.reading("rega-institute"), tie.reading("ku-leuven")
        ('part of', 'has part')
        """
        if source == self.subject:
            return self.label
        return self.inverse or f"inverse of {self.label}"


def node_id(iri: str) -> str:
    """The node key of an IRI: its id under ``id:``, or the IRI itself elsewhere.

    >>> node_id("https://w3id.org/regiograph/id/ku-leuven")
    'ku-leuven'
    """
    return iri.removeprefix(ID) if iri.startswith(ID) else iri


def project(store: GraphStore, name: str | Projection = Projection.ORGANISATIONS,
            queries: Path | None = None) -> nx.Graph[Any]:
    """Project the store's dataset onto the graph that the projection ``name`` declares.

    The store must hold a built dataset; the ontology (whose kind vocabulary the queries use) is
    loaded into it when it is missing. ``queries`` is the query library (default: the bundled one).

    Examples
    --------
    >>> G = project(GraphStore(), "organisations")  # an empty store gives an empty graph
    >>> type(G).__name__, G.number_of_nodes(), G.graph["projection"]
    ('Graph', 0, 'organisations')
    """
    projection = Projection.parse(name)
    if ONTOLOGY_GRAPH not in store.graphs():
        from regiograph.store.loading import load_ontology

        load_ontology(store)
    library = Library.of_region(queries or queries_dir(), None)
    node_query, edge_query = (library.find(q).text for q in projection.queries)
    graph = _empty(projection)
    for row in _rows(store, node_query, _NODE_COLUMNS):
        _add_node(graph, row, projection)
    ties = _ties(_rows(store, edge_query, _EDGE_COLUMNS))
    if graph.is_multigraph():
        # (u, v, key, data): a multigraph's form, which the type stubs do not declare
        graph.add_edges_from(_tie_edges(graph, ties))  # type: ignore[arg-type]
    else:
        _merge_ties(graph, ties)
    return graph


_NODE_COLUMNS = ("node", "label", "kind", "sector_group", "sector")
_EDGE_COLUMNS = ("subject", "object", "relation", "label", "inverse_label", "role", "via",
                 "citation", "citation_title")


def _rows(store: GraphStore, sparql: str, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The rows of a projection query as tuples of the ``columns``' texts ("" when unbound or
    not selected), read straight from the engine's solutions."""
    solutions = store.query(sparql)
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError("a projection query must be a SELECT query")
    selected = {v.value: i for i, v in enumerate(solutions.variables)}
    empty = len(selected)  # the place of the "" added to each row, for a column not selected
    pick = itemgetter(*(selected.get(c, empty) for c in columns))
    for solution in solutions:
        yield pick(["" if term is None else term.value for term in solution] + [""])


def _empty(projection: Projection) -> nx.Graph[Any]:
    multi = projection is Projection.STAKEHOLDERS
    graph: nx.Graph[Any] = nx.MultiDiGraph() if multi else nx.Graph()
    graph.graph.update(projection=projection.value, name=f"{projection.value} projection",
                       queries=list(projection.queries))
    return graph


def _add_node(graph: nx.Graph[Any], row: tuple[str, ...], projection: Projection) -> None:
    """Add the row's node, or add the row's sector to a node already added."""
    iri, label, kind, sector_group, sector = row
    key = node_id(iri)
    if key not in graph:
        graph.add_node(key, iri=iri, label=label or key, kind=kind, sectors=[],
                       sector_group=sector_group or "no sector", helix=helix_of(kind))
        if projection is Projection.PEOPLE_ORGANISATIONS:
            graph.nodes[key]["bipartite"] = 0 if kind == "person" else 1  # networkx's convention
    if sector:
        graph.nodes[key]["sectors"].append(sector)


def _ties(rows: Iterable[tuple[str, ...]]) -> list[Tie]:
    """One tie per (subject, object, relation, role, via), its citations gathered in order."""
    sources: dict[tuple[str, ...], dict[str, str]] = {}
    for row in rows:
        sources.setdefault(row[:7], {})[row[7]] = row[8]
    ties = []
    for (subject, obj, relation, label, inverse, role, via), cited in sources.items():
        order = sorted(cited)
        ties.append(Tie(node_id(subject), node_id(obj), relation, label,
                        node_id(role) if role else None, node_id(via) if via else None,
                        tuple(order), tuple(cited[c] for c in order), inverse))
    return ties


def _tie_edges(graph: nx.Graph[Any], ties: list[Tie]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """One edge per tie, for ``add_edges_from`` (an ``add_edge`` call per tie cost twice as
    much); keyed by relation and role."""
    for tie in ties:
        if tie.subject not in graph or tie.object not in graph:
            continue  # the edge query and the node query disagree: keep the nodes authoritative
        key = f"{tie.relation}/{tie.role}" if tie.role else tie.relation
        yield tie.subject, tie.object, key, {
            "relation": tie.relation, "label": tie.label, "sources": list(tie.sources),
            "source_titles": list(tie.source_titles), "weight": 1.0, "ties": [tie]}


def _merge_ties(graph: nx.Graph[Any], ties: list[Tie]) -> None:
    """Add each pair's ties to one edge, in order: the weight counts the pair's ties. An edge is
    added when the first tie of its pair comes, and summarised once all have come."""
    pairs: dict[frozenset[str], list[Tie]] = {}
    for tie in ties:
        if tie.subject not in graph or tie.object not in graph or tie.subject == tie.object:
            continue
        pair = frozenset((tie.subject, tie.object))
        if pair not in pairs:
            pairs[pair] = []
            graph.add_edge(tie.subject, tie.object, ties=pairs[pair])
        pairs[pair].append(tie)
    for _u, _v, data in graph.edges(data=True):
        summarise_ties(data)


#: The relations that lead an edge's reading, first first: the structural ties before
#: memberships, and any of them before a shared organisation or person (which has no direction).
_LEADING = ("org:subOrganizationOf", "rg:mergedInto", "rg:spinOffOf", "rg:hostedBy",
           "schema:founder", "rg:initiatedBy", "rg:affiliatedWith", "org:memberOf")


def _leading(ties: Iterable[Tie]) -> Tie | None:
    """The tie whose direction an edge takes: the first directed tie of the most structural
    relation (:data:`_LEADING`, then any other), or the first tie when none is directed."""
    ordered = list(ties)
    directed = [t for t in ordered if not t.symmetric]
    if not directed:
        return ordered[0] if ordered else None
    rank = {relation: i for i, relation in enumerate(_LEADING)}
    return min(directed, key=lambda t: rank.get(t.relation, len(_LEADING)))


def direction(u: Any, v: Any, data: Mapping[str, Any]) -> tuple[Any, Any]:
    """The ends of the edge ``u``-``v`` in the order its ``label`` reads: the subject and object
    of its leading tie (see :func:`summarise_ties`); for an edge without ties, or whose ties are
    all symmetric, the end with the smaller id first.

    >>> part_of = Tie("rega-institute", "ku-leuven", "org:subOrganizationOf", "part of",
    ...               inverse="has part")
    >>> direction("ku-leuven", "rega-institute", {"ties": [part_of]})
    ('rega-institute', 'ku-leuven')
    >>> direction("b", "a", {})
    ('a', 'b')
    """
    lead = _leading(data.get("ties") or ())
    if lead is not None and not lead.symmetric and {lead.subject, lead.object} == {str(u), str(v)}:
        return (u, v) if str(u) == lead.subject else (v, u)
    return (u, v) if str(u) <= str(v) else (v, u)


def summarise_ties(data: dict[str, object]) -> None:
    """Set an edge's ``relation``, ``label``, ``sources``, ``source_titles`` and ``weight`` from
    its ``ties`` (the relations and labels joined in order, the citations without repeats).

    The label reads from the subject of the leading tie (the first directed tie of the most
    structural relation: part of, merged into, spin-off of, hosted by, founded by, initiated by,
    affiliated with, a membership, then any other) to its object, that tie first: a tie that
    runs the other way is read by its inverse label, so ``rega-institute`` to ``ku-leuven``
    reads "part of" and ``mission-lucidity`` to ``ku-leuven`` "founded by; has founding partner".
    """
    ties: list[Tie] = data["ties"]  # type: ignore[assignment]
    cited = {s: t for tie in ties for s, t in zip(tie.sources, tie.source_titles, strict=True)}
    lead = _leading(ties)
    readings = ([lead.reading(lead.subject)] if lead else []) + [
        t.reading(lead.subject if lead else t.subject) for t in ties]
    data.update(relation=", ".join(dict.fromkeys(t.relation for t in ties)),
                label="; ".join(dict.fromkeys(readings)),
                sources=sorted(cited), source_titles=[cited[s] for s in sorted(cited)],
                weight=float(len(ties)))
