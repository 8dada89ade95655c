"""Rendering an export and writing it safely: one file, a folder of files, or every format."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from regiograph.atomic import replace_folder, write_file
from regiograph.errors import OutputError
from regiograph.manifest import MARKER
from regiograph.publish.export.csv_formats import to_csv, to_neo4j
from regiograph.publish.export.formats import GENERATOR, LIST_SEPARATOR, ExportFormat
from regiograph.publish.export.json_formats import to_cytoscape, to_d3
from regiograph.publish.export.rdf import _Dataset, to_rdf
from regiograph.publish.export.table import GraphTable, graph_table
from regiograph.publish.export.xml_formats import to_gexf, to_graphml

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["readme", "render", "write", "write_all"]


_GRAPH_WRITERS: dict[ExportFormat, Callable[[GraphTable], dict[str, bytes]]] = {
    ExportFormat.GRAPHML: lambda t: {"graph.graphml": to_graphml(t)},
    ExportFormat.GEXF: lambda t: {"graph.gexf": to_gexf(t)},
    ExportFormat.CYTOSCAPE: lambda t: {"graph.cyjs": to_cytoscape(t)},
    ExportFormat.D3: lambda t: {"graph.d3.json": to_d3(t)},
    ExportFormat.CSV: to_csv,
    ExportFormat.NEO4J: to_neo4j,
}


def render(store: GraphStore, fmt: ExportFormat | str, projection: str = "organisations",
           table: GraphTable | None = None, dataset: _Dataset | None = None) -> dict[str, bytes]:
    """The files of one format, in memory.

    Parameters
    ----------
    store : GraphStore
        The built dataset.
    fmt : ExportFormat or str
        The format.
    projection : str
        The projection that graph formats write (ignored by RDF formats).
    table : GraphTable, optional
        The projection already tabled, to write several formats from one table.
    dataset : optional
        The store's quads already read (and sorted), to write several RDF formats.

    Returns
    -------
    dict of str to bytes
        The file names of :attr:`ExportFormat.files` and their contents.
    """
    fmt = ExportFormat.parse(fmt)
    if fmt.is_rdf:
        return {fmt.files[0]: to_rdf(store, fmt, dataset)}
    if table is None:
        from regiograph.analysis.projection import project

        table = graph_table(project(store, projection))
    return _GRAPH_WRITERS[fmt](table)


def write(store: GraphStore, fmt: ExportFormat | str, out: Path,
          projection: str = "organisations", build: str | None = None) -> list[Path]:
    """Write one format atomically.

    Parameters
    ----------
    store : GraphStore
        The built dataset.
    fmt : ExportFormat or str
        The format.
    out : Path
        The file to write, or a folder to write the format's file into; for the CSV formats, the
        folder that receives ``nodes.csv``, ``edges.csv`` and ``manifest.json``, replaced whole.
    projection : str
        The projection that graph formats write.
    build : str, optional
        The id of the build the store holds (:func:`~regiograph.manifest.build_id`), recorded in
        the manifest of a folder output.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputError
        When a file cannot be written; the previous one is left as it was.
    UsageError
        When ``out`` is a folder of other files, or the format or projection is unknown.
    """
    fmt = ExportFormat.parse(fmt)
    files = render(store, fmt, projection)
    if fmt.is_folder:
        replace_folder(out, lambda folder: _write_folder(folder, files, projection, [fmt]),
                       "export", build=build)
        return [out / name for name in files]
    path = out / fmt.files[0] if out.is_dir() else out
    try:
        write_file(path, files[fmt.files[0]])
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    return [path]


def write_all(store: GraphStore, out: Path, projection: str = "organisations",
              build: str | None = None,
              formats: Collection[ExportFormat] | None = None) -> list[str]:
    """Write every format but RDF/XML (or ``formats``) into one folder, with a README.

    Parameters
    ----------
    store : GraphStore
        The built dataset.
    out : Path
        The folder, replaced as a whole only when every file was written (a folder of other
        files is refused). Single-file formats are at its top, the CSV formats in ``csv/`` and
        ``neo4j/``; ``README.md`` names what each file is for and which tool opens it, and
        ``manifest.json`` holds the SHA-256 of each.
    projection : str
        The projection that graph formats write.
    build : str, optional
        The id of the build the store holds, recorded in the manifest.
    formats : collection of ExportFormat, optional
        The formats to write, in their usual order; by default every one ``--all`` writes.

    Returns
    -------
    list of str
        The names written, relative to ``out``.
    """
    from regiograph.analysis.projection import Projection, project

    projection = Projection.parse(projection).value
    table = graph_table(project(store, projection))
    chosen = [f for f in ExportFormat if (f in formats if formats is not None else f.in_all)]
    files: dict[str, bytes] = {}
    dataset = _Dataset(store)
    for fmt in chosen:
        for name, content in render(store, fmt, projection, table, dataset).items():
            files[f"{fmt.spec.target}/{name}" if fmt.is_folder else name] = content
    files["README.md"] = readme(table, chosen).encode("utf-8")
    replace_folder(out, lambda folder: _write_folder(folder, files, projection, chosen),
                   "export", build=build)
    return [*sorted(files), MARKER]


def _write_folder(folder: Path, files: Mapping[str, bytes], projection: str,
                  formats: list[ExportFormat]) -> dict[str, object]:
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return {"projection": projection, "formats": [f.value for f in formats]}


_HOW = {
    "graph.gexf": "Gephi: File > Open… > graph.gexf (the colours, sizes and positions are those "
                  "of the web view).",
    "graph.graphml": "yEd: File > Open…, then Edit > Properties Mapper… to draw `label` and "
                     "`colour`; Cytoscape: File > Import > Network from File…; Gephi: File > "
                     "Open…; igraph: `Graph.Read_GraphML`; networkx: `read_graphml`.",
    "graph.cyjs": "Cytoscape: File > Import > Network from File… (positions kept; Style > Fill "
                  "Color > passthrough mapping of `colour`); Cytoscape.js: `cy.json(data)`.",
    "graph.d3.json": "D3: `d3.json(\"graph.d3.json\")`, then `d3.forceSimulation(nodes)` with "
                     "`d3.forceLink(links).id(d => d.id)`.",
    "csv/nodes.csv": "Gephi: File > Import spreadsheet… (nodes table, then csv/edges.csv as edges "
                     "table); Excel: Data > From Text/CSV (UTF-8); pandas: `read_csv`.",
    "graph.ttl, dataset.nq, ...": "rdflib: `Graph().parse(\"graph.ttl\")`; Jena: `riot`; any "
                                   "SPARQL store's loader; `graph.jsonld`: pyld or jsonld.js.",
    "neo4j/nodes.csv": "`neo4j-admin database import full --nodes=neo4j/nodes.csv "
                       "--relationships=neo4j/edges.csv neo4j`",
}


def readme(table: GraphTable, formats: Iterable[ExportFormat]) -> str:
    """The README of an ``--all`` folder: what each file is for and which tool opens it."""
    lines = [f"# {table.name}: exports", "",
             f"The `{table.projection or 'given'}` projection: {len(table.nodes)} nodes, "
             f"{len(table.edges)} edges ({'directed' if table.directed else 'undirected'}"
             f"{', with parallel edges' if table.multigraph else ''}); and the RDF dataset.",
             f"Written by {GENERATOR} (`regiograph export --all`). Lists are joined by "
             f"`{LIST_SEPARATOR}` in GraphML, GEXF and CSV; the metrics are those of "
             "`regiograph analyze`.", "",
             "| file | what it is | opens in |", "| --- | --- | --- |"]
    for fmt in formats:
        names = [f"{fmt.spec.target}/{n}" for n in fmt.files] if fmt.is_folder else list(fmt.files)
        lines.append(f"| {', '.join(f'`{n}`' for n in names)} | {fmt.spec.what} | "
                     f"{fmt.spec.opens_in} |")
    lines += ["", "## How to open them", ""]
    lines += [f"- `{name}`: {how}" for name, how in _HOW.items()]
    lines += ["", "`manifest.json` lists the SHA-256 of every file.", ""]
    return "\n".join(lines)
