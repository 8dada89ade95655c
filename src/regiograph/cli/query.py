"""``regiograph queries``, ``query``, ``serve`` and ``push``: SPARQL for researchers."""

from __future__ import annotations

import math
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape as escape_markup

from regiograph.cli.console import BUILD, choose, data_errors, err, open_built, out
from regiograph.errors import UsageError
from regiograph.untrusted import for_terminal

__all__ = ["list_queries", "parse_params", "push", "query", "register", "serve"]


def _seconds(value: float) -> float:
    """A timeout: a positive, finite number of seconds."""
    if not (math.isfinite(value) and value > 0):
        raise typer.BadParameter(f"{value} is not a positive number of seconds")
    return value


def register(app: typer.Typer) -> None:
    app.command("queries")(list_queries)
    app.command("query")(query)
    app.command("serve")(serve)
    app.command("push")(push)


def list_queries(
    tag: Annotated[str | None, typer.Option("--tag", help="Only queries with this tag.")] = None,
    build_dir: Annotated[Path, typer.Option(
        "--build", help="Build folder whose region queries and defaults to add "
                        "[default: build].", show_default=False)] = Path("build"),
) -> None:
    """List the query library: name, summary and parameters (with their defaults), the build's
    region queries and defaults included."""
    from regiograph.queries.library import Library

    rows = []
    for found in Library.of_build(build_dir).queries():
        if tag and tag not in found.tags:
            continue
        parameters = ", ".join(f"{p.name}={p.default}" if p.default else p.name
                               for p in found.parameters)
        rows.append((found.name, found.summary, parameters))
    if out.is_terminal:
        from rich.table import Table

        table = Table("query", "summary", "parameters (defaults)", show_lines=False)
        for row in rows:
            table.add_row(*row)
        out.print(table)
    else:
        for row in rows:
            typer.echo("\t".join(row))


def parse_params(items: list[str]) -> dict[str, str]:
    """``--param name=value`` options as a dict."""
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {item!r}: write --param name=value")
        params[name.strip()] = value
    return params


def query(
    name: Annotated[str, typer.Argument(help="A library query name, a .rq file, - for standard "
                                             "input, or SPARQL text.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", metavar="NAME=VALUE", help="A parameter of the query (an id, a name, a "
        "number...); repeat for several.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", show_default=False,
        help="table, csv, tsv, json (SPARQL JSON results; JSON-LD for CONSTRUCT and DESCRIBE) "
        "or jsonl [default: table on a terminal, csv in a pipe].")] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", metavar="URL",
        help="Run on this SPARQL 1.1 endpoint instead of the embedded store.")] = None,
    timeout: Annotated[float, typer.Option(
        "--timeout", callback=_seconds, metavar="SECONDS",
        help="Seconds the query may take, on an endpoint or the embedded store.")] = 60.0,
    build_dir: Annotated[Path, BUILD] = Path("build"),
    load: Annotated[list[Path] | None, typer.Option(
        "--load", metavar="FILE", help="Also load this RDF file (.ttl, .trig, .nt, .nq, "
        ".jsonld, .rdf) into the store; repeat for several.")] = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Allow SERVICE clauses, which make requests to other servers.")
    ] = False,
    param_short: Annotated[list[str] | None, typer.Option(
        "-p", hidden=True, help="The former short name of --param (-p is --projection in the "
        "other commands).")] = None,
) -> None:
    """Run a query with bound parameters; results to stdout."""
    from regiograph.queries.results import ResultFormat
    from regiograph.queries.running import query as run

    chosen = ResultFormat(choose(fmt, [f.value for f in ResultFormat], "format")) if fmt else (
        ResultFormat.TABLE if out.is_terminal else ResultFormat.CSV)
    params = parse_params([*(param or []), *(param_short or [])])
    if endpoint and load:
        raise UsageError("--load adds files to the embedded store; it cannot go with --endpoint")
    for path in load or []:
        if not path.is_file():
            raise UsageError(f"--load {path}: no such file")
    store = None
    if not endpoint:
        with data_errors("the query was not run"):
            store = open_built(build_dir)
            for path in load or []:
                store.load(path)
    # the store is the build's own; on an endpoint, the build names the library and its defaults
    result = run(name, store=store, build=None if store is not None else build_dir,
                 endpoint=endpoint, timeout=timeout, allow_service=allow_service, **params)
    if chosen is ResultFormat.TABLE and result.form == "SELECT":
        _print_table(result)
    elif chosen is ResultFormat.TABLE and result.form == "ASK":
        typer.echo("true" if result.boolean else "false")
    else:
        text = result.write(chosen)
        typer.echo(for_terminal(text) if sys.stdout.isatty() else text, nl=False)


def _print_table(result: object) -> None:
    """A SELECT answer as a table, IRIs as prefixed names: in a pipe as wide as its content,
    never wrapped; on a terminal as wide as the terminal, the longest cells cut with "…" (one
    record after another when the columns would be cut too short)."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    from regiograph.queries.results import QueryResult, table_text

    assert isinstance(result, QueryResult)
    names = result.variables
    cells = [[for_terminal(table_text(row.get(v))) for v in names] for row in result.rows]
    widths = [max([cell_len(name), *(cell_len(row[i]) for row in cells)])
              for i, name in enumerate(names)]
    room = out.width - 3 * len(names) - 1  # the borders and padding of a rich table
    cap = _cap(widths, room) if out.is_terminal else max(widths, default=1)
    if cap < min(_LEAST, max(widths, default=1)):
        _print_records(names, cells)
    else:
        table = Table(*(escape_markup(name) for name in names))
        for column, width in zip(table.columns, widths, strict=True):
            column.no_wrap, column.overflow, column.width = True, "ellipsis", min(width, cap)
        for row in cells:
            table.add_row(*map(escape_markup, row))
        width = sum(min(w, cap) for w in widths) + 3 * len(names) + 1
        console = out if out.is_terminal else Console(file=sys.stdout, width=width)
        console.print(table, soft_wrap=True)
    err.print(f"{len(result.rows)} rows", highlight=False)


#: On a terminal, a column is cut to no fewer characters than this (or its own width).
_LEAST = 10


def _cap(widths: list[int], room: int) -> int:
    """The widest a column may be for all of them to fit ``room`` characters, the longest
    cut first.

    >>> _cap([5, 40, 30], 50), _cap([5, 10], 80)
    (22, 10)
    """
    cap = max(widths, default=0)
    while cap > 0 and sum(min(w, cap) for w in widths) > room:
        cap -= 1
    return cap


def _print_records(names: list[str], cells: list[list[str]]) -> None:
    """Rows too wide for the terminal as records: one ``name  value`` line per cell, a long
    value wrapped beside its name."""
    from rich.table import Table

    for number, row in enumerate(cells, start=1):
        out.print(f"── row {number} ──", style="bold", markup=False, highlight=False)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for name, value in zip(names, row, strict=True):
            grid.add_row(escape_markup(name), escape_markup(value))
        out.print(grid, soft_wrap=False, highlight=False)


def serve(
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Port on 127.0.0.1.")
                    ] = 7878,
    build_dir: Annotated[Path, BUILD] = Path("build"),
    writable: Annotated[bool, typer.Option(
        "--writable", help="Accept updates and Graph Store uploads (default: read-only).")] = False,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Let queries use SERVICE, which makes the server fetch from "
        "other addresses (refused by default).")] = False,
) -> None:
    """Serve the built graph over SPARQL 1.1 with Oxigraph's server on localhost; Ctrl-C,
    SIGTERM or SIGHUP stops it."""
    from regiograph.queries.server import serve as run_server

    store = open_built(build_dir)
    ready = threading.Event()
    base = f"http://127.0.0.1:{port}"
    message = (f"SPARQL endpoint {base}/query (query page {base}/), "
               f"{'read-write' if writable else 'read-only'}; Ctrl-C stops it")

    def announce() -> None:  # once it answers: a busy port must be the only line printed
        ready.wait()
        err.print(message, markup=False, highlight=False)

    threading.Thread(target=announce, daemon=True).start()
    run_server(store.all_quads(), port=port, writable=writable,
               allow_service=allow_service, ready=ready)
    err.print("stopped", markup=False, highlight=False)


def push(
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store.")],
    graph: Annotated[str | None, typer.Option(
        "--graph", help="Put every triple into this one named graph instead.")] = None,
    build_dir: Annotated[Path, BUILD] = Path("build"),
    timeout: Annotated[float, typer.Option("--timeout", callback=_seconds,
                                           help="Seconds per graph upload.")] = 120.0,
) -> None:
    """Upload the built dataset, replacing each named graph in one request."""
    from regiograph.queries.graph_store import push as upload

    sent = upload(open_built(build_dir).all_quads(), endpoint, graph=graph, timeout=timeout)
    err.print(f"pushed {sum(sent.values())} triples in {len(sent)} graphs to {endpoint}",
              highlight=False)

