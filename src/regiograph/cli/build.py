"""``regiograph build``: compile, validate and write the region's graph."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from regiograph.cli.console import data_errors, err, progress
from regiograph.errors import ValidationFailed
from regiograph.model.registry import counted

__all__ = ["build", "register"]

_SHOWN_WARNINGS = 20


def register(app: typer.Typer) -> None:
    app.command("build")(build)


def build(
    data: Annotated[Path | None, typer.Option(
        "--data", help="Region folder of curated YAML files [default: the bundled Leuven "
        "region].")] = None,
    out: Annotated[Path, typer.Option(
        "--out", help="Output folder, replaced as a whole only when the build succeeds.")
    ] = Path("build"),
    shacl: Annotated[str, typer.Option(
        "--shacl", metavar="native|pyshacl",
        help="SHACL engine: regiograph's own, which reads the store in place, or pySHACL, the "
        "reference implementation (about 30 times slower; the findings are the same).")
    ] = "native",
    full: Annotated[bool, typer.Option(
        "--full", help="Compile every data file, not only those changed since the previous "
        "build in the output folder (the outputs are the same bytes either way).")] = False,
) -> None:
    """Compile the curated data, validate it, and write the graph under the output folder.

    Only the data files changed since the previous build in the output folder are compiled
    again (and those that refer to what changed); the others come from that build's compile
    cache, and the outputs are those of a full build.
    """
    from regiograph.build import build as run_build

    start = time.perf_counter()
    try:
        with data_errors(), progress("building") as say:
            result = run_build(data, out, progress=say, shacl=shacl, incremental=not full)
    except KeyboardInterrupt:  # Typer would exit with 130 silently
        err.print("interrupted; the output folder was left whole (the previous build, or the new "
                  "one if it was already in place)", markup=False, highlight=False)
        raise typer.Exit(130) from None
    except ValidationFailed as exc:
        for finding in exc.report.violations:
            err.print(str(finding), markup=False, highlight=False)
        err.print(f"{exc}; nothing was written.", markup=False)
        raise typer.Exit(1) from None
    c = result.counts
    warnings = result.report.warnings
    for finding in warnings[:_SHOWN_WARNINGS]:
        err.print(str(finding), markup=False, highlight=False)
    if len(warnings) > _SHOWN_WARNINGS:
        err.print(f"... and {len(warnings) - _SHOWN_WARNINGS} more warnings in "
                  f"{out / 'validation.txt'}", markup=False)
    reused = len(result.sources) - len(result.recompiled)
    cached = (f", compiled {len(result.recompiled)} of {len(result.sources)} data files "
              f"({reused} from the compile cache)" if reused else "")
    err.print(
        f"built {out}/ in {time.perf_counter() - start:.2f} s{cached}: "
        + "".join(f"{c[name]} {name}, " for name in counted())
        + f"{c['links']} links between stakeholders; "
        f"{c['facts']} facts in {c['graphs']} graphs from {c['sources']} sources; "
        f"{len(result.report.violations)} violations, {len(warnings)} warnings",
        markup=False, highlight=False)
    for folder in result.kept:
        note = ("; made from an earlier build: run its command again" if folder in result.stale
                else "")
        err.print(f"kept {folder}/ (written by another command){note}", markup=False,
                  highlight=False)
