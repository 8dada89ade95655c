"""Analysis results as RDF: the quads of one run, in the named graph
``https://w3id.org/regiograph/graph/analysis``, described with PROV-O and the ``rga:`` vocabulary
(``ontology/analysis.ttl``), so that SPARQL can ask for, say, the five most central hospitals::

    SELECT ?hospital ?pagerank WHERE {
      ?hospital rg:kind kind:hospital .
      ?measurement rga:about ?hospital ; rga:pageRank ?pagerank .
    } ORDER BY DESC(?pagerank) LIMIT 5

A run is an ``rga:AnalysisRun`` (a ``prov:Activity``) that ``prov:used`` the projection queries
and followed ``rga:Algorithm`` plans with their ``rga:Parameter`` values; each node gets one
``rga:Measurement`` (``prov:wasGeneratedBy`` the run) holding its metric values.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from urllib.parse import quote

import pyoxigraph as ox

from regiograph.analysis.run import AlgorithmUse, AnalysisResult, Value
from regiograph.analysis.vocabulary import ANALYSIS_GRAPH, METRICS, QUERY, RGA, RUN, VOCABULARY
from regiograph.curation.lines import nquads, predicate_field, quad_line
from regiograph.namespaces import ID, PREFIXES
from regiograph.store.embedded import GraphStore
from regiograph.version import __version__

__all__ = ["run_iri", "to_lines", "to_quads", "write_back"]

Triple = tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]

_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_XSD_DATETIME = ox.NamedNode(PREFIXES["xsd"] + "dateTime")


def _prov(local: str) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES["prov"] + local)


def _rga(local: str) -> ox.NamedNode:
    return ox.NamedNode(RGA + local)


def run_iri(result: AnalysisResult) -> str:
    """The IRI of the run: its projection, grouping and start time (UTC).

    Examples
    --------
    >>> import networkx as nx
    >>> from regiograph.analysis.run import run_analysis
    >>> G = nx.path_graph(3); G.graph["projection"] = "organisations"
    >>> nx.set_node_attributes(G, "other", "helix")
    >>> run_iri(run_analysis(G)).startswith(
    ...     "https://w3id.org/regiograph/analysis/run/organisations-helix-")
    True
    """
    stamp = result.started.strftime("%Y%m%dT%H%M%S%fZ")
    return f"{RUN}{result.projection or 'graph'}-{result.group_by.value}-{stamp}"


def to_quads(result: AnalysisResult) -> list[ox.Quad]:
    """The run, its algorithms and every node's measurement, as quads of the analysis graph,
    in the order of :func:`regiograph.store.rdf_files.sorted_quads`.

    Examples
    --------
    >>> import networkx as nx
    >>> from regiograph.analysis.run import run_analysis
    >>> G = nx.path_graph(["a", "b", "c"]); nx.set_node_attributes(G, "other", "helix")
    >>> quads = to_quads(run_analysis(G))
    >>> {q.graph_name.value for q in quads}
    {'https://w3id.org/regiograph/graph/analysis'}
    >>> store = GraphStore(); store.add(quads)
    >>> [(r["node"].value, r["b"].value) for r in store.select(
    ...     "SELECT ?node ?b WHERE { ?m <https://w3id.org/regiograph/analysis#about> ?node ;"
    ...     " <https://w3id.org/regiograph/analysis#betweenness> ?b } ORDER BY DESC(?b) LIMIT 1")]
    [('https://w3id.org/regiograph/id/b', '1')]
    """
    return list(ox.parse(nquads(to_lines(result)), format=ox.RdfFormat.N_QUADS))


def to_lines(result: AnalysisResult) -> list[str]:
    """The quads of :func:`to_quads` as sorted lines of text (:mod:`regiograph.curation.lines`):
    a run on 7,000 nodes has 140,000 quads, and making each a pyoxigraph object, then sorting
    them by the text of their terms, took seconds; the measurements are written as text
    straight away.

    >>> import networkx as nx
    >>> from regiograph.analysis.run import run_analysis
    >>> G = nx.path_graph(["a", "b"]); nx.set_node_attributes(G, "other", "helix")
    >>> lines = to_lines(run_analysis(G))
    >>> lines == sorted(set(lines)), sum("#pageRank>\\t" in line for line in lines)
    (True, 2)
    """
    graph = f"<{ANALYSIS_GRAPH}>"
    run = ox.NamedNode(run_iri(result))
    triples = [*_run(result, run), *_algorithms(result, run), *_communities(result, run),
               *_suggestions(result, run), (ox.NamedNode(ANALYSIS_GRAPH), _prov("wasGeneratedBy"), run)]
    lines = [quad_line(graph, str(s), predicate_field(p.value), str(o)) for s, p, o in triples]
    lines += _measurements(result, run.value, graph)
    return sorted(set(lines))


def write_back(store: GraphStore, result: AnalysisResult) -> str:
    """Add the run's quads (see :func:`to_quads`) to ``store``; return the run's IRI."""
    store.add(to_quads(result))
    return run_iri(result)


def _literal(value: Value) -> ox.Literal | None:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return ox.Literal(value)


def _run(result: AnalysisResult, run: ox.NamedNode) -> Iterator[Triple]:
    software = ox.NamedNode(f"{VOCABULARY}/software/regiograph/{__version__}")
    yield run, _TYPE, _prov("Activity")
    yield run, _TYPE, _rga("AnalysisRun")
    yield run, _LABEL, ox.Literal(f"Network analysis of the {result.projection} projection, "
                                  f"grouped by {result.group_by.value}", language="en")
    yield run, _prov("startedAtTime"), ox.Literal(result.started.isoformat(),
                                                  datatype=_XSD_DATETIME)
    yield run, _prov("endedAtTime"), ox.Literal(result.ended.isoformat(), datatype=_XSD_DATETIME)
    yield run, _rga("projection"), ox.Literal(result.projection)
    yield run, _rga("groupBy"), ox.Literal(result.group_by.value)
    yield run, _rga("modularity"), ox.Literal(float(result.modularity))
    yield run, _prov("wasAssociatedWith"), software
    yield software, _TYPE, _prov("SoftwareAgent")
    yield software, _LABEL, ox.Literal(f"regiograph {__version__}")
    for name in result.queries:
        query = ox.NamedNode(QUERY + name)
        yield run, _prov("used"), query
        yield query, _TYPE, _prov("Entity")
        yield query, _LABEL, ox.Literal(f"{name}.rq")


def _algorithms(result: AnalysisResult, run: ox.NamedNode) -> Iterator[Triple]:
    for use in result.algorithms:
        algorithm = ox.NamedNode(f"{run.value}/algorithm/{use.key}")
        yield run, _rga("algorithm"), algorithm
        yield from _algorithm(algorithm, use)


def _algorithm(algorithm: ox.NamedNode, use: AlgorithmUse) -> Iterator[Triple]:
    yield algorithm, _TYPE, _rga("Algorithm")
    yield algorithm, _LABEL, ox.Literal(use.name, language="en")
    yield algorithm, _rga("implementation"), ox.Literal(use.implementation)
    for metric in use.metrics:
        if metric in METRICS:
            yield algorithm, _rga("computes"), _rga(METRICS[metric])
    for name, value in use.parameters:
        parameter = ox.NamedNode(f"{algorithm.value}/{name}")
        yield algorithm, _rga("parameter"), parameter
        yield parameter, _TYPE, _rga("Parameter")
        yield parameter, _rga("parameterName"), ox.Literal(name)
        yield parameter, _rga("parameterValue"), _literal(value) or ox.Literal("None")


def _communities(result: AnalysisResult, run: ox.NamedNode) -> Iterator[Triple]:
    for community in result.communities:
        iri = ox.NamedNode(f"{run.value}/community/{community.index}")
        yield iri, _TYPE, _rga("Community")
        yield iri, _LABEL, ox.Literal(community.name)
        yield iri, _rga("size"), ox.Literal(community.size)
        yield iri, _prov("wasGeneratedBy"), run


def _node(result: AnalysisResult, node: object) -> ox.NamedNode:
    iri = result.graph.nodes[node].get("iri") if node in result.graph else None
    return ox.NamedNode(str(iri) if iri else ID + quote(str(node), safe="-._~"))


def _measurements(result: AnalysisResult, run: str, graph: str) -> list[str]:
    """Each node's measurement as lines: its IRI, node and group, then one line per metric."""
    head = [(predicate_field(_TYPE.value), str(_rga("Measurement"))),
            (predicate_field(_rga("about").value), None),
            (predicate_field(_prov("wasGeneratedBy").value), f"<{run}>"),
            (predicate_field(_rga("group").value), None)]
    community = predicate_field(_rga("community").value)
    metrics = [(column, predicate_field(RGA + local)) for column, local in METRICS.items()]
    made: dict[tuple[type, Value], str | None] = {}
    lines = []
    for row in result.rows:
        start = f"{graph}\t<{run}/node/{quote(str(row['node']), safe='-._~')}>\t"
        values = (head[0][1], str(_node(result, row["node"])), head[2][1],
                  str(ox.Literal(str(row["group"]))))
        lines += [f"{start}{p}\t{o}" for (p, _), o in zip(head, values, strict=True)]
        if row["community"] is not None:
            lines.append(f"{start}{community}\t<{run}/community/{row['community']}>")
        for column, predicate in metrics:
            if (text := _text(row[column], made)) is not None:
                lines.append(f"{start}{predicate}\t{text}")
    return lines


def _text(value: Value, made: dict[tuple[type, Value], str | None]) -> str | None:
    """A metric's literal in N-Triples form, as the engine writes it (None for no value): each
    float is new, but ints, flags and None repeat, so each of those is made once."""
    if isinstance(value, float):
        literal = _literal(value)
        return None if literal is None else str(literal)
    key = (type(value), value)
    if key not in made:
        literal = _literal(value)
        made[key] = None if literal is None else str(literal)
    return made[key]


def _suggestions(result: AnalysisResult, run: ox.NamedNode) -> Iterator[Triple]:
    for index, suggestion in enumerate(result.suggestions):
        iri = ox.NamedNode(f"{run.value}/suggestion/{index}")
        yield iri, _TYPE, _rga("Suggestion")
        for partner in (suggestion.source, suggestion.target):
            yield iri, _rga("suggestedPartner"), _node(result, partner)
        for shared in suggestion.shared:
            yield iri, _rga("sharedNeighbour"), _node(result, shared)
        yield iri, _rga("score"), ox.Literal(float(suggestion.score))
        yield iri, _rga("method"), ox.Literal(suggestion.method.value)
        yield iri, _rga("reason"), ox.Literal(suggestion.reason)
        yield iri, _prov("wasGeneratedBy"), run
