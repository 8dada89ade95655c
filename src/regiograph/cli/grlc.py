"""``regiograph grlc``: the query library as a folder that grlc serves as a web API."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from regiograph.cli.console import err
from regiograph.queries.grlc import DEFAULT_ENDPOINT

__all__ = ["grlc", "register"]


def register(app: typer.Typer) -> None:
    """Add ``grlc`` to the ``regiograph`` command."""
    app.command("grlc")(grlc)


def grlc(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The folder to write (replaced whole when it is this command's "
        "earlier output).")],
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="The SPARQL endpoint grlc asks (`regiograph serve --port 7878` "
        "answers at the default).")] = DEFAULT_ENDPOINT,
    build_dir: Annotated[Path, typer.Option(
        "--build", help="Build folder whose region queries and defaults to include "
                        "[default: build].", show_default=False)] = Path("build"),
) -> None:
    """Write the query library as a flat folder for grlc's local mode (one call per SELECT or
    CONSTRUCT query; then `cd DIR && grlc-server`)."""
    from regiograph.queries.grlc import grlc_folder
    from regiograph.queries.library import Library

    written = grlc_folder(out, endpoint, Library.of_build(build_dir))
    left = f"; left out (grlc serves no ASK or DESCRIBE): {', '.join(written.left_out)}" \
        if written.left_out else ""
    err.print(f"wrote {out}/: {len(written.calls)} queries for grlc, asking {endpoint}{left}; "
              f"serve it with `cd {out} && grlc-server`", markup=False, highlight=False)
