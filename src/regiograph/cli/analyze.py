"""``regiograph analyze``, ``explain`` and ``suggest``: the network analysis from the terminal.

Answers (sentences, tab-separated suggestions) go to stdout as plain text; messages and progress
go to stderr."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from regiograph.cli.console import PROJECTIONS, err, open_built, progress
from regiograph.errors import UsageError
from regiograph.untrusted import for_terminal

if TYPE_CHECKING:
    import networkx as nx

    from regiograph.store.embedded import GraphStore

__all__ = ["analyze", "explain", "register", "suggest"]

_DATA_DIR = typer.Option(Path("build"), "--build", metavar="DIR", help="The build folder to read "
                         "(written by `regiograph build`).")
#: ``--data-dir``, the former name of ``--build`` here, still read (hidden from the help).
_OLD_DATA_DIR = typer.Option(None, "--data-dir", hidden=True, metavar="DIR")
_OUT = typer.Option(None, "--out", "-o", metavar="DIR", show_default=False,
                    help="Output folder, replaced as a whole [default: BUILD/analysis].")


def register(app: typer.Typer) -> None:
    """Add the analysis commands to the ``regiograph`` command."""
    app.command("analyze")(analyze)
    app.command("explain")(explain)
    app.command("suggest")(suggest)


def analyze(
    data_dir: Path = _DATA_DIR,
    projection: str = typer.Option("organisations", "--projection", "-p",
                                   help=f"The graph to analyse: {PROJECTIONS}."),
    group_by: str = typer.Option("helix", "--group-by", help="The groups of the brokerage "
                                 "roles: kind, sector or helix."),
    out_dir: Path = _OUT,
    old_data_dir: Path | None = _OLD_DATA_DIR,
) -> None:
    """Analyse a projection of the built graph: centrality, communities, brokerage, single points
    of failure and suggested ties; write metrics (CSV, JSON, RDF) and a report (HTML, Markdown)."""
    from regiograph.analysis.report import analyze as run

    start = time.perf_counter()
    data_dir = old_data_dir or data_dir
    store = _load(data_dir)
    target = out_dir or data_dir / "analysis"
    with progress("analysing") as say:
        # the store ends with the command: the results are not added to it
        result = run(store, projection, group_by, target, progress=say, build_dir=data_dir,
                     write_back=False)
    s = result.summary
    err.print(f"analysed the {result.projection} projection in "
              f"{time.perf_counter() - start:.2f} s: {s['nodes']} nodes, {s['edges']} edges, "
              f"{s['communities']} communities, {len(result.articulation_points)} articulation "
              f"points; wrote {target}/report.html", markup=False, highlight=False)


def explain(
    a: str = typer.Argument(..., help="A stakeholder: its id or its name."),
    b: str = typer.Argument(..., help="Another stakeholder: its id or its name."),
    data_dir: Path = _DATA_DIR,
    projection: str = typer.Option("organisations", "--projection", "-p",
                                   help=f"The graph to search: {PROJECTIONS}."),
    limit: int = typer.Option(3, "--limit", min=1, help="At most this many shortest "
                              "connections."),
    old_data_dir: Path | None = _OLD_DATA_DIR,
) -> None:
    """How two stakeholders are connected: the shortest connections, with relations and
    sources."""
    from regiograph.analysis.lookup import node_label, projections_with
    from regiograph.analysis.paths import explain as tell

    store = _load(old_data_dir or data_dir)
    graph = _project(store, projection)
    try:
        sentences = tell(graph, a, b, limit)
    except UsageError as exc:
        hints = projections_with(store, projection, (a, b))
        raise UsageError("; ".join([str(exc), *hints])) from None
    for sentence in sentences:
        typer.echo(for_terminal(sentence))
    if not sentences:
        from regiograph.analysis.lookup import find_node

        first, second = (node_label(graph, find_node(graph, n)) for n in (a, b))
        typer.echo(for_terminal(f"{first} and {second} are not connected in the {projection} "
                                "projection."))


def suggest(
    a: str = typer.Argument(None, help="A stakeholder (id or name) to suggest ties for "
                            "[default: the best ties overall]."),
    top: int = typer.Option(10, "--top", min=1, help="How many suggestions."),
    method: str = typer.Option("adamic-adar", "--method", help="adamic-adar, "
                               "resource-allocation or common-neighbours."),
    data_dir: Path = _DATA_DIR,
    projection: str = typer.Option("organisations", "--projection", "-p",
                                   help=f"The graph to search: {PROJECTIONS}."),
    old_data_dir: Path | None = _OLD_DATA_DIR,
) -> None:
    """Likely but missing ties, each with its score and its reason (the shared partners)."""
    from regiograph.analysis.suggestions import suggest as find

    graph = _graph(old_data_dir or data_dir, projection)
    for s in find(graph, a, top=top, method=method):
        typer.echo(for_terminal(f"{s.score:.3f}\t{s.source}\t{s.target}\t{s.reason}"))  # tab-separated data


def _load(build_dir: Path) -> GraphStore:
    return open_built(build_dir)


def _graph(data_dir: Path, projection: str) -> nx.Graph[Any]:
    return _project(_load(data_dir), projection)


def _project(store: GraphStore, projection: str) -> nx.Graph[Any]:
    from regiograph.analysis.projection import project

    return project(store, projection)
