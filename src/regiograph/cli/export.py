"""``regiograph export``: the built graph in the formats of analysts' tools.

Text goes to stdout when no ``-o`` is given; the CSV formats (two files each) and ``--all`` need a
folder. Messages go to stderr."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from regiograph.cli.console import BUILD, PROJECTIONS, choose, data_errors, err, open_built
from regiograph.errors import UsageError
from regiograph.manifest import build_id
from regiograph.publish.export import ExportFormat

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["export", "register"]


def register(app: typer.Typer) -> None:
    """Add ``export`` to the ``regiograph`` command."""
    app.command("export")(export)


def export(
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", metavar="FORMAT", help="The format to write: "
        f"{', '.join(f.value for f in ExportFormat)} (rdfxml only when named; see "
        "docs/exports.md).")] = None,
    projection: Annotated[str, typer.Option(
        "--projection", "-p", help=f"The graph the graph formats write: {PROJECTIONS}.")
    ] = "organisations",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", metavar="PATH", help="A file or folder to write; without it, a text "
        "format goes to stdout.")] = None,
    every: Annotated[bool, typer.Option(
        "--all", help="Write every format but rdfxml into the folder -o, with a README.md.")
    ] = False,
    build_dir: Annotated[Path, BUILD] = Path("build"),
) -> None:
    """Export the built graph as RDF, GraphML, GEXF, Cytoscape.js or D3 JSON, or CSV for Gephi,
    Excel, pandas and Neo4j."""
    from regiograph.publish import export as exports

    chosen = ExportFormat(choose(fmt, [f.value for f in ExportFormat], "format")) if fmt else None
    target = _check(chosen, out, every)
    start = time.perf_counter()
    store = _load(build_dir)
    with data_errors("nothing was written"):
        if every:
            assert out is not None  # _check made sure
            names = exports.write_all(store, out, projection, build=build_id(build_dir))
            _done(f"exported {len(names)} files to {out}/", start)
        elif target is None:
            assert chosen is not None
            content = exports.render(store, chosen, projection)[chosen.files[0]]
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            assert chosen is not None
            paths = exports.write(store, chosen, target, projection, build=build_id(build_dir))
            _done(f"wrote {', '.join(str(p) for p in paths)}", start)


def _check(fmt: ExportFormat | None, out: Path | None, every: bool) -> Path | None:
    """The path to write to (``None``: stdout), or a usage error."""
    if every and fmt is not None:
        raise UsageError("give either --format or --all, not both")
    if not every and fmt is None:
        raise UsageError("give --format FORMAT (one of "
                         f"{', '.join(f.value for f in ExportFormat)}) or --all")
    if every and (out is None or str(out) == "-"):
        raise UsageError("--all writes a folder: give it with -o DIR")
    if out is None or str(out) == "-":
        if fmt is not None and fmt.is_folder:
            raise UsageError(f"{fmt.value} writes {len(fmt.files)} files "
                             f"({', '.join(fmt.files)}): give a folder with -o DIR")
        return None
    return out


def _load(build_dir: Path) -> GraphStore:
    return open_built(build_dir)


def _done(message: str, start: float) -> None:
    err.print(f"{message} in {time.perf_counter() - start:.2f} s", markup=False, highlight=False)
