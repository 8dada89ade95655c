"""The export formats: their names, files and what opens them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from regiograph.errors import UsageError
from regiograph.version import __version__

__all__ = ["GENERATOR", "LIST_SEPARATOR", "ExportFormat", "Value"]

Value = str | int | float | bool | list[str] | None
GENERATOR = f"regiograph {__version__}"
LIST_SEPARATOR = "; "

@dataclass(frozen=True)
class _Spec:
    target: str  # the file, or the folder of a multi-file format, in an --all folder
    files: tuple[str, ...]
    what: str
    opens_in: str


class ExportFormat(StrEnum):
    """The output formats, by the name ``regiograph export --format`` takes."""

    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"
    OWL_DL = "owl-dl"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CYTOSCAPE = "cytoscape"
    D3 = "d3"
    CSV = "csv"
    NEO4J = "neo4j"

    @property
    def spec(self) -> _Spec:
        return _SPECS[self.value]

    @property
    def is_rdf(self) -> bool:
        """Whether the format writes the RDF dataset rather than a projection."""
        return self in _RDF_FORMATS

    @property
    def files(self) -> tuple[str, ...]:
        """The names of the files the format writes (two for the CSV formats)."""
        return self.spec.files

    @property
    def is_folder(self) -> bool:
        """Whether the format writes several files, and so needs a folder.

        >>> ExportFormat.CSV.is_folder, ExportFormat.GEXF.is_folder
        (True, False)
        """
        return len(self.files) > 1

    @property
    def in_all(self) -> bool:
        """Whether ``--all`` writes the format (every one but RDF/XML and the OWL 2 DL variant)."""
        return self not in (ExportFormat.RDFXML, ExportFormat.OWL_DL)

    @classmethod
    def parse(cls, name: str | ExportFormat) -> ExportFormat:
        """The format called ``name``; a :class:`UsageError` names the choices otherwise.

        >>> ExportFormat.parse("GraphML") is ExportFormat.GRAPHML
        True
        """
        try:
            return cls(str(name).lower())
        except ValueError:
            choices = ", ".join(f.value for f in cls)
            raise UsageError(f"unknown format {name!r}; choose one of {choices}") from None


_RDF_FORMATS = {ExportFormat.TURTLE, ExportFormat.NTRIPLES, ExportFormat.NQUADS, ExportFormat.TRIG,
                ExportFormat.JSONLD, ExportFormat.RDFXML, ExportFormat.OWL_DL}
_TABLES = ("nodes.csv", "edges.csv")
_SPECS = {
    "turtle": _Spec("graph.ttl", ("graph.ttl",), "the merged graph in Turtle (every fact once)",
                    "any RDF tool: rdflib, Apache Jena, Protégé, GraphDB"),
    "ntriples": _Spec("graph.nt", ("graph.nt",), "the merged graph in N-Triples, one fact a line",
                      "any RDF tool; grep"),
    "nquads": _Spec("dataset.nq", ("dataset.nq",), "the dataset in N-Quads: one named graph per "
                    "cited source, and the provenance graph", "any RDF store (Oxigraph, Jena)"),
    "trig": _Spec("dataset.trig", ("dataset.trig",), "the same dataset in TriG",
                  "any RDF store; readable"),
    "jsonld": _Spec("graph.jsonld", ("graph.jsonld",), "the merged graph as JSON-LD, with its "
                    "readable context embedded", "JSON-LD processors (pyld, jsonld.js); any JSON "
                    "tool"),
    "rdfxml": _Spec("graph.rdf", ("graph.rdf",), "the merged graph in RDF/XML",
                    "older RDF tools"),
    "owl-dl": _Spec("graph-dl.ttl", ("graph-dl.ttl",), "the ontology, the kind vocabulary and "
                    "the merged graph in Turtle, dates as xsd:dateTime (OWL 2 DL)",
                    "OWL 2 DL reasoners: HermiT, Pellet, Protégé"),
    "graphml": _Spec("graph.graphml", ("graph.graphml",), "the projection in GraphML with a "
                     "typed key per attribute", "yEd, Cytoscape, Gephi, igraph, networkx"),
    "gexf": _Spec("graph.gexf", ("graph.gexf",), "the projection in GEXF 1.3 with the colours, "
                  "sizes and positions of the web view", "Gephi"),
    "cytoscape": _Spec("graph.cyjs", ("graph.cyjs",), "the projection as Cytoscape.js JSON "
                       "(elements with data and position)", "Cytoscape, Cytoscape.js"),
    "d3": _Spec("graph.d3.json", ("graph.d3.json",), "the projection as node-link JSON "
                "(nodes and links)", "D3 (d3-force), networkx.node_link_graph"),
    "csv": _Spec("csv", _TABLES, "the projection as a nodes table and an edges table with "
                 "Gephi's headers (UTF-8 with a byte-order mark)", "Gephi, Excel, pandas"),
    "neo4j": _Spec("neo4j", _TABLES, "the projection as neo4j-admin import files",
                   "Neo4j (neo4j-admin database import full)"),
}
