"""``regiograph embed``: a query as a widget page that answers it live in the browser.

The iframe snippet that embeds the page goes to stdout (it is the data); messages to stderr."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from regiograph.cli.console import err, open_built
from regiograph.cli.query import parse_params

__all__ = ["embed", "register"]


def register(app: typer.Typer) -> None:
    """Add ``embed`` to the ``regiograph`` command."""
    app.command("embed")(embed)


def embed(
    name: Annotated[str, typer.Argument(help="A library query name, a .rq file, - for standard "
                                             "input, or SPARQL text.")],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The HTML file to write (one self-contained page).")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as name=value; repeat for several.")] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="The widget's heading [default: the query's summary].")] = None,
    build_dir: Annotated[Path, typer.Option(
        "--build", help="The build folder to read (written by `regiograph build`).")
    ] = Path("build"),
) -> None:
    """Write a query as one self-contained page that runs it live in the visitor's browser
    (engine and data inside, no request), and print the iframe snippet that embeds it."""
    from regiograph.atomic import write_file
    from regiograph.publish.embed import embed_page

    start = time.perf_counter()
    widget = embed_page(open_built(build_dir), name, parse_params(param or []), title=title)
    content = widget.html.encode("utf-8")
    write_file(out, content)
    typer.echo(widget.snippet(out.name))
    answer = (f"{len(widget.result.rows)} rows" if widget.result.form == "SELECT" else
              f"{len(widget.result.triples)} triples" if widget.result.form != "ASK" else "yes or no")
    err.print(f"wrote {out} ({len(content) / 1e6:.2f} MB) in {time.perf_counter() - start:.2f} s: "
              f"{widget.title} ({answer} today)", markup=False, highlight=False)
