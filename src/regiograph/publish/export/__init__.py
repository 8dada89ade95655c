"""Every output format of regiograph, so that analysts open the graph in their own tools at the
first try: RDF for SPARQL and linked-data tools, and a projection (see
:mod:`regiograph.analysis.projection`) as GraphML, GEXF, Cytoscape.js JSON, D3 JSON and CSV.

============= ==================== ===========================================================
format        file(s)              opens in
============= ==================== ===========================================================
``turtle``    ``graph.ttl``        any RDF tool: the merged graph
``ntriples``  ``graph.nt``         any RDF tool, line by line
``nquads``    ``dataset.nq``       any RDF store: one named graph per cited source
``trig``      ``dataset.trig``     the same dataset, readable
``jsonld``    ``graph.jsonld``     JSON-LD with its readable context embedded
``rdfxml``    ``graph.rdf``        RDF/XML, only when asked for (never in ``--all``)
``owl-dl``    ``graph-dl.ttl``     OWL 2 DL reasoners (HermiT, Protégé): ontology and graph, dates
                                   as ``xsd:dateTime`` (:mod:`~regiograph.publish.owldl`); only
                                   when asked for
``graphml``   ``graph.graphml``    yEd, Cytoscape, Gephi, igraph, networkx
``gexf``      ``graph.gexf``       Gephi (GEXF 1.3): colours, sizes and positions of the web view
``cytoscape`` ``graph.cyjs``       Cytoscape (desktop) and Cytoscape.js
``d3``        ``graph.d3.json``    D3 force layouts (``nodes`` and ``links``), networkx
``csv``       ``nodes.csv``,       Gephi's spreadsheet import, Excel, pandas
              ``edges.csv``
``neo4j``     ``nodes.csv``,       ``neo4j-admin database import full``
              ``edges.csv``
============= ==================== ===========================================================

Choices the formats share, so that every tool sees the same graph:

- Nodes carry the projection's attributes (``label``, ``kind``, ``helix``, ``sector_group``,
  ``sectors``, ``iri``), the look of the web views (``kind_label`` and ``colour`` from
  :mod:`regiograph.model.style`, ``x`` and ``y`` from :func:`regiograph.analysis.layout.positions`, ``size``
  from PageRank) and metrics computed here with the functions and seeds of
  ``regiograph analyze`` (``degree``, ``weighted_degree``, ``pagerank``, ``betweenness``,
  ``community``, ``community_name``, ``articulation_point``), so they agree with its
  ``metrics.csv`` and never depend on whether an analysis was run. Edges carry ``label``,
  ``weight``, ``relation``, ``sources``, ``source_titles`` (and in a multigraph ``edge_key``,
  the networkx key); the ``ties`` objects are not exported.
- An edge runs from ``source`` to ``target`` the way its ``label`` reads ("rega-institute, part
  of, ku-leuven"): an undirected edge from the subject of its leading tie, the ties that run the
  other way read by their inverse label (see
  :func:`regiograph.analysis.projection.summarise_ties`), with ``label_from`` naming that end
  for readers that forget the order of an undirected edge's ends (networkx, igraph).
- Lists are JSON arrays in the JSON formats, neo4j-admin arrays (``;``) in the neo4j files, and
  text joined by ``"; "`` elsewhere (GraphML, GEXF and CSV have no list type every tool reads).
- Metrics are rounded to 10 significant digits and rows are sorted, so two exports of the same
  data are byte-identical; files are written atomically.
- ``x`` and ``y`` are screen coordinates (y grows downwards), as in the web views, Cytoscape and
  D3; GEXF's ``viz:position`` has y growing upwards, as Gephi draws it, so its y is negated.
- The Gephi CSV files start with a UTF-8 byte-order mark, without which Excel reads them as
  the local 8-bit code page (Gephi and pandas skip it); the neo4j files have none.
- XML never carries markup from the data: labels are escaped text, and characters that XML 1.0
  forbids (control characters) become U+FFFD.
"""

from __future__ import annotations

from regiograph.publish.export.csv_formats import to_csv, to_neo4j
from regiograph.publish.export.formats import ExportFormat, Value
from regiograph.publish.export.json_formats import to_cytoscape, to_d3
from regiograph.publish.export.rdf import to_rdf
from regiograph.publish.export.table import Column, ColumnType, GraphTable, graph_table
from regiograph.publish.export.writing import readme, render, write, write_all
from regiograph.publish.export.xml_formats import to_gexf, to_graphml

__all__ = [
    "Column",
    "ColumnType",
    "ExportFormat",
    "GraphTable",
    "Value",
    "graph_table",
    "readme",
    "render",
    "to_csv",
    "to_cytoscape",
    "to_d3",
    "to_gexf",
    "to_graphml",
    "to_neo4j",
    "to_rdf",
    "write",
    "write_all",
]
