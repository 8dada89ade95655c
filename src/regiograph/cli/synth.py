"""``regiograph synth``: write a synthetic region, in the curated format, for tests and benchmarks."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from regiograph.cli.console import err
from regiograph.errors import UsageError

__all__ = ["register", "synth"]


def register(app: typer.Typer) -> None:
    """Add ``synth`` to the command line."""
    app.command("synth")(synth)


def synth(
    orgs: Annotated[int | None, typer.Option(
        "--orgs", help="Number of organisations (about 46 triples each).")] = None,
    size: Annotated[str | None, typer.Option(
        "--size", help="A number of triples instead of --orgs: 10k, 100k or 1m (or any such "
        "as 2k or 250k).")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same seed gives the same "
                                                     "bytes.")] = 0,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Region folder to write, replaced as a whole.")] = Path("synthetic"),
) -> None:
    """Write a synthetic region (every label and source marked synthetic) that builds with
    `regiograph build --data DIR`."""
    from regiograph.synth import orgs_for, write_region

    if orgs is not None and size is not None:
        raise UsageError("give --orgs or --size, not both")
    count = orgs if orgs is not None else orgs_for(size or "10k")
    start = time.perf_counter()
    region = write_region(out, count, seed)
    c = region.counts
    err.print(f"wrote {out}/ in {time.perf_counter() - start:.2f} s: synthetic region, seed {seed}: "
              f"{c['organisations']} organisations, {c['initiatives']} initiatives, "
              f"{c['people']} people, {c['places']} places, {c['figures']} figures; about "
              f"{region.estimated_triples} triples; build it with "
              f"`regiograph build --data {out}`", markup=False, highlight=False)
