"""``regiograph queries``, ``query``, ``serve`` and ``push``: SPARQL for researchers."""

from __future__ import annotations

import math
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer

from regiograph.cli.console import data_errors, err, open_built, out
from regiograph.errors import UsageError
from regiograph.untrusted import for_terminal

__all__ = ["list_queries", "parse_params", "push", "query", "register", "serve"]

_BUILD_HELP = "Build folder to read [default: build]."


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
        "--param", "-p", help="A parameter as name=value; repeat for several.")] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help="table, csv, tsv, json (SPARQL JSON results; JSON-LD for "
                               "CONSTRUCT and DESCRIBE) or jsonl [default: table on a terminal, "
                               "csv in a pipe].")] = None,
    endpoint: Annotated[str | None, typer.Option(
        "--endpoint", help="Run on this SPARQL 1.1 endpoint instead of the embedded store.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", callback=_seconds,
                                           help="Seconds to wait for an endpoint.")
                       ] = 60.0,
    build_dir: Annotated[Path, typer.Option("--build", help=_BUILD_HELP)] = Path("build"),
    load: Annotated[list[Path] | None, typer.Option(
        "--load", help="Also load this RDF file (.ttl, .trig, .nt, .nq, .jsonld, .rdf) into the "
                       "store; repeat for several.")] = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Allow SERVICE clauses, which make requests to other servers.")
    ] = False,
) -> None:
    """Run a query with bound parameters; results to stdout."""
    from regiograph.queries.library import query as run
    from regiograph.queries.results import ResultFormat

    try:
        chosen = ResultFormat(fmt) if fmt else (
            ResultFormat.TABLE if out.is_terminal else ResultFormat.CSV)
    except ValueError:
        raise UsageError(f"--format {fmt!r}: use table, csv, tsv, json or jsonl") from None
    params = parse_params(param or [])
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
    result = run(name, store=store, endpoint=endpoint, timeout=timeout,
                 allow_service=allow_service, build=build_dir, **params)
    if chosen is ResultFormat.TABLE and result.form == "SELECT":
        _print_table(result)
    elif chosen is ResultFormat.TABLE and result.form == "ASK":
        typer.echo("true" if result.boolean else "false")
    else:
        text = result.write(chosen)
        typer.echo(for_terminal(text) if sys.stdout.isatty() else text, nl=False)


def _print_table(result: object) -> None:
    from rich.table import Table

    from regiograph.queries.results import QueryResult, to_python

    assert isinstance(result, QueryResult)
    table = Table(*result.variables)
    for row in result.rows:
        table.add_row(*(_cell(to_python(row.get(v))) for v in result.variables))
    out.print(table)
    err.print(f"{len(result.rows)} rows", highlight=False)


def _cell(value: object) -> str:
    from rich.markup import escape

    return "" if value is None else escape(for_terminal(str(value)))


def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 7878,
    build_dir: Annotated[Path, typer.Option("--build", help=_BUILD_HELP)] = Path("build"),
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
    build_dir: Annotated[Path, typer.Option("--build", help=_BUILD_HELP)] = Path("build"),
    timeout: Annotated[float, typer.Option("--timeout", callback=_seconds,
                                           help="Seconds per graph upload.")] = 120.0,
) -> None:
    """Upload the built dataset, replacing each named graph in one request."""
    from regiograph.queries.remote import push as upload

    sent = upload(open_built(build_dir).all_quads(), endpoint, graph=graph, timeout=timeout)
    err.print(f"pushed {sum(sent.values())} triples in {len(sent)} graphs to {endpoint}",
              highlight=False)

