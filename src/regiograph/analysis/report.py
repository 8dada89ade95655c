"""The analysis report: one run of every metric on a projection, written as a folder that an
analyst can read without running anything.

==================== =========================================================================
file                 what it holds
==================== =========================================================================
``metrics.csv``      one row per node, every metric (the columns of :data:`~.run.COLUMNS`)
``metrics.json``     the same rows, plus the summary, communities, articulation points,
                     bridges, brokerage by group, suggestions and the algorithms used
``report.md``        the report in Markdown, its plots in ``plots/*.png``
``report.html``      the same report as one self-contained page (plots inline)
``analysis.trig``    the run as RDF: the named graph of :mod:`regiograph.analysis.results`
``manifest.json``    counts and the SHA-256 of every file
==================== =========================================================================

The folder is replaced as a whole, and only when every file was written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from regiograph.analysis import plots
from regiograph.analysis.brokerage import ROLES
from regiograph.analysis.document import Image, Section, Table, to_html, to_markdown
from regiograph.analysis.lookup import node_label
from regiograph.analysis.projection import Projection, direction, project
from regiograph.analysis.results import run_iri, to_lines
from regiograph.analysis.run import ASIDE_ABOVE, COLUMNS, AnalysisResult, GroupBy, Value, run_analysis
from regiograph.atomic import replace_folder
from regiograph.bounded import beside
from regiograph.curation.lines import nquads
from regiograph.manifest import build_id
from regiograph.model.kinds import kind_labels
from regiograph.store.embedded import GraphStore
from regiograph.store.rdf_files import RdfFormat, serialize, serialize_sorted
from regiograph.untrusted import for_spreadsheet
from regiograph.version import __version__

__all__ = ["analyze", "metrics_csv", "metrics_json", "report_sections", "write_report"]

_TOP = 15


def analyze(store: GraphStore, projection: Projection | str = Projection.ORGANISATIONS,
            group_by: GroupBy | str = GroupBy.HELIX, out_dir: Path = Path("build/analysis"),
            seed: int = 0, progress: Callable[[str], None] | None = None,
            build_dir: Path | None = None, write_back: bool = True) -> AnalysisResult:
    """Project ``store``, analyse the projection, write the report folder ``out_dir`` (see the
    module's table) and, with ``write_back``, add the results to ``store`` as the analysis graph
    (``regiograph analyze`` does not: its store ends with the command). ``build_dir`` is the
    build the store was loaded from: never overwritten, and recorded in the manifest."""
    say = progress or (lambda _step: None)
    say(f"projecting {Projection.parse(projection).value}")
    graph = project(store, projection)
    result = run_analysis(graph, group_by, seed=seed, progress=say)
    say(f"writing {out_dir}")

    lines = to_lines(result) if write_back else None  # once, for analysis.trig and the store

    def write(folder: Path) -> dict[str, object]:
        write_report(folder, result, lines=lines)
        return {"run": run_iri(result), "counts": dict(result.summary)}

    inputs = [build_dir] if build_dir is not None else []
    replace_folder(out_dir, write, "analyze", inputs=inputs,
                   build=build_id(build_dir) if build_dir is not None else None)
    if lines is not None:  # only once the report is in place: a failed run changes nothing
        store.add_lines(lines)
    return result


def write_report(folder: Path, result: AnalysisResult, quads: list[ox.Quad] | None = None,
                 *, lines: list[str] | None = None) -> list[str]:
    """Write every file of the report into ``folder``; return their names. The run's quads,
    when already made: ``quads`` (:func:`~regiograph.analysis.results.to_quads`) or, quicker,
    ``lines`` (:func:`~regiograph.analysis.results.to_lines`). A large run's RDF and CSV are
    written beside its plots (see :data:`~.run.ASIDE_ABOVE`)."""
    (folder / "plots").mkdir(parents=True, exist_ok=True)  # before the child writes into it
    with beside(lambda: _write_tables(folder, result, quads, lines), "writing RDF and CSV",
                fork=len(result.rows) > ASIDE_ABOVE) as tables:
        sections = report_sections(result)
        title = f"Network analysis of the {result.projection or 'given'} graph"
        for block in (b for s in sections for b in s.blocks if isinstance(b, Image)):
            (folder / "plots" / f"{block.name}.png").write_bytes(block.png)
        (folder / "metrics.json").write_text(metrics_json(result), encoding="utf-8")
        (folder / "report.md").write_text(to_markdown(title, sections), encoding="utf-8")
        (folder / "report.html").write_text(to_html(title, sections), encoding="utf-8")
        tables()
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _write_tables(folder: Path, result: AnalysisResult, quads: list[ox.Quad] | None,
                  lines: list[str] | None) -> None:
    """``metrics.csv``, and the run's quads as TriG: sorted lines read by the engine, in their
    order (or quads given, sorted)."""
    (folder / "metrics.csv").write_text(metrics_csv(result), encoding="utf-8", newline="")
    if quads is not None:
        trig = serialize(quads, RdfFormat.TRIG)
    else:
        parsed = ox.parse(nquads(to_lines(result) if lines is None else lines),
                          format=ox.RdfFormat.N_QUADS)
        trig = serialize_sorted(parsed, RdfFormat.TRIG)
    (folder / "analysis.trig").write_bytes(trig or b"")


def metrics_csv(result: AnalysisResult) -> str:
    """The metrics table as CSV: one row per node, a header of :data:`~.run.COLUMNS`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in result.rows:
        writer.writerow(["" if row[c] is None else for_spreadsheet(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def metrics_json(result: AnalysisResult) -> str:
    """Everything the run found, as JSON."""
    G = result.graph
    document: dict[str, Any] = {
        "generator": f"regiograph {__version__}", "run": run_iri(result),
        "projection": result.projection, "group_by": result.group_by.value,
        "started": result.started.isoformat(), "ended": result.ended.isoformat(),
        "summary": result.summary,
        "algorithms": [{"name": a.name, "implementation": a.implementation,
                        "metrics": list(a.metrics), "parameters": dict(a.parameters)}
                       for a in result.algorithms],
        "communities": [{"index": c.index, "name": c.name, "size": c.size,
                         "members": list(c.members)} for c in result.communities],
        "articulation_points": [{"node": f.node, "label": node_label(G, f.node),
                                 "cut_off": list(f.cut_off)} for f in result.fragmentations],
        "bridges": [list(pair) for pair in result.bridges],
        "brokerage_by_group": result.roles_by_group,
        "suggestions": [{"source": s.source, "target": s.target, "score": s.score,
                         "method": s.method.value, "shared": list(s.shared),
                         "reason": s.reason} for s in result.suggestions],
        "nodes": result.rows}
    return json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def report_sections(result: AnalysisResult) -> list[Section]:
    """The report's sections, in reading order."""
    return [_overview(result), _centrality(result), _communities(result), _brokerage(result),
            _robustness(result), _suggestions(result), _method(result)]


def _number(value: Value, digits: int = 3) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # counts of ties stay whole numbers; measures get a fixed number of decimals
        return str(int(value)) if value.is_integer() else f"{value:.{digits}f}"
    return str(value)


def _overview(result: AnalysisResult) -> Section:
    s = result.summary
    text = (f"The {result.projection} projection has {s['nodes']} nodes and {s['edges']} linked "
            f"pairs ({s['ties']} ties), in {s['components']} connected components (the largest "
            f"has {s['largest_component']} nodes; {s['isolates']} nodes have no tie); density "
            f"{_number(s['density'])}. Brokerage groups: {result.group_by.value}.")
    return Section("Overview", [text, f"Run {run_iri(result)} by regiograph {__version__}, "
                                      f"{result.started:%Y-%m-%d %H:%M} UTC."])


def _centrality(result: AnalysisResult) -> Section:
    headers = ("#", "stakeholder", "kind", "helix", "degree", "weighted degree", "PageRank",
               "betweenness", "closeness", "eigenvector")
    kinds = kind_labels()
    rows = [(str(i), str(r["label"]), kinds.get(str(r["kind"]), str(r["kind"] or "")),
             str(r["helix"] or ""),
             *(_number(r[c]) for c in ("degree", "weighted_degree", "pagerank", "betweenness",
                                       "closeness", "eigenvector")))
            for i, r in enumerate(result.rows[:_TOP], start=1)]
    return Section("Who is central", [
        "The most central stakeholders by PageRank (ties read as undirected and weighted by "
        "their number); betweenness is the share of shortest paths through a stakeholder."
        + _sampling(result),
        Table(headers, rows, frozenset(range(4, 10)) | {0}),
        Image("centrality", "Bar charts of the most central stakeholders by PageRank and by "
              "betweenness", plots.centrality_ranking(result.rows, _TOP)),
        Image("degree-distribution", "Bar chart of how many stakeholders have each degree",
              plots.degree_distribution(result.rows))])


def _sampling(result: AnalysisResult) -> str:
    """How betweenness was estimated, when it was sampled."""
    use = next((a for a in result.algorithms if a.key == "betweenness"), None)
    parameters = dict(use.parameters) if use else {}
    if parameters.get("k") is None or "standard_error" not in parameters:
        return ""
    return (f" Betweenness is estimated from {parameters['k']} sampled sources of "
            f"{result.summary['nodes']}: the largest standard error of a value is "
            f"{_number(parameters['standard_error'], 4)}, "
            f"{100 * float(parameters['relative_error'] or 0):.1f}% of the largest value.")


def _communities(result: AnalysisResult) -> Section:
    G = result.graph
    rows = [(c.name, str(c.size), ", ".join(node_label(G, n) for n in c.members[:10])
             + (", ..." if c.size > 10 else "")) for c in result.communities]
    return Section("Communities", [
        f"Louvain finds {len(result.communities)} communities (modularity "
        f"{_number(result.modularity)}), each named after its most central members.",
        Table(("community", "size", "members, most central first"), rows, frozenset({1})),
        Image("communities", "Bar chart of community sizes",
              plots.community_sizes(result.communities, _TOP))])


def _brokerage(result: AnalysisResult) -> Section:
    brokers = sorted(result.rows, key=lambda r: (-int(r["brokerage"] or 0), str(r["label"])))
    kinds = kind_labels() if result.group_by is GroupBy.KIND else {}
    rows = [(str(r["label"]), kinds.get(str(r["group"]), str(r["group"])),
             *(_number(r[c]) for c in ROLES),
             _number(r["brokerage"]), _number(r["constraint"]), _number(r["effective_size"]))
            for r in brokers[:_TOP] if r["brokerage"]]
    groups = [(kinds.get(str(g), str(g)), *(str(counts[c]) for c in ROLES)) for g, counts
              in result.roles_by_group.items()]
    return Section("Brokerage", [
        f"Gould-Fernandez roles over the {result.group_by.value} groups: the number of open "
        "two-paths a -> broker -> c (a and c not tied) by the groups of the three. Undirected "
        "ties count once in each direction. Burt's constraint is low and effective size high "
        "for brokers.",
        Table(("stakeholder", "group", *ROLES, "total", "constraint", "effective size"), rows,
              frozenset(range(2, 10))),
        Table(("group", *ROLES), groups, frozenset(range(1, 6))),
        Image("brokerage", "Stacked bar chart of brokerage roles by group",
              plots.brokerage_by_group({kinds.get(str(g), str(g)): counts for g, counts
                                        in result.roles_by_group.items()}))])


def _robustness(result: AnalysisResult) -> Section:
    G = result.graph
    points = [(node_label(G, f.node), ", ".join(node_label(G, n) for n in f.cut_off))
              for f in result.fragmentations]
    ends = (direction(u, v, G.edges[u, v]) for u, v in result.bridges)
    bridges = [(node_label(G, u), str(G.edges[u, v].get("label", "")), node_label(G, v))
               for u, v in ends]  # "Rega Institute | part of | KU Leuven"
    return Section("Single points of failure", [
        f"{len(points)} articulation points: without one of them, the stakeholders listed "
        "beside it lose their way to the rest of its component.",
        Table(("articulation point", "cut off without it"), points),
        f"{len(bridges)} bridges: ties whose loss splits their component.",
        Table(("from", "relation", "to"), bridges)])


def _suggestions(result: AnalysisResult) -> Section:
    G = result.graph
    rows = [(node_label(G, s.source), node_label(G, s.target), _number(s.score), s.reason)
            for s in result.suggestions]
    return Section("Suggested introductions", [
        "Pairs not yet tied that share the most partners (Adamic-Adar: a shared partner with "
        "few ties counts more than a hub). Equal scores are ordered by resource allocation, then "
        "by the number of sectors the two share, then by the ties that join them to their "
        "shared partners (the why column gives both).",
        Table(("stakeholder", "stakeholder", "score", "why"), rows, frozenset({2}))])


def _method(result: AnalysisResult) -> Section:
    rows = [(a.name, a.implementation,
             ", ".join(f"{k}={v}" for k, v in a.parameters) or "-") for a in result.algorithms]
    return Section("Method", [
        "Projection queries: " + ", ".join(f"queries/{q}.rq" for q in result.queries) + ".",
        Table(("algorithm", "implementation", "parameters"), rows)])
