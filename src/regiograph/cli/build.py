"""``regiograph build``: compile, validate and write the region's graph."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from regiograph.cli.console import data_errors, err, progress
from regiograph.errors import ValidationFailed
from regiograph.model.registry import counted
from regiograph.namespaces import ID
from regiograph.untrusted import for_terminal

if TYPE_CHECKING:
    from regiograph.validation.report import Finding

__all__ = ["build", "register", "warning_lines"]

#: Up to this many warnings are printed one by one; more are summed up by check.
_LISTED_WARNINGS = 10


def register(app: typer.Typer) -> None:
    app.command("build")(build)


def build(
    data: Annotated[Path | None, typer.Option(
        "--data", metavar="DIR", show_default=False, help="Region folder of curated YAML "
        "files [default: the bundled Leuven region].")] = None,
    out: Annotated[Path, typer.Option(
        "--out", "-o", metavar="DIR",
        help="Output folder, replaced as a whole only when the build succeeds.")
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
    for line in warning_lines(warnings, out / "validation.txt"):
        err.print(line, markup=False, highlight=False)
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


def warning_lines(warnings: Sequence[Finding], listing: Path) -> list[str]:
    """What a build says of its warnings: each one with its file and line when they are few;
    else one line per check, the most frequent first, with how many it found and what it asks
    for, the full list being in ``listing``.

    >>> from regiograph.validation.report import Finding, Severity
    >>> found = [Finding(Severity.WARNING, f"x{i}", "No `founded`: add it", "rgsh:Founded")
    ...          for i in range(12)]
    >>> print("\\n".join(warning_lines(found, Path("build/validation.txt"))))
    12 warnings, each with its file and line in build/validation.txt:
      12  rgsh:Founded  No `founded`
    """
    if len(warnings) <= _LISTED_WARNINGS:
        return [str(finding) for finding in warnings]
    by_check: dict[str, list[Finding]] = {}
    for finding in warnings:
        by_check.setdefault(finding.check, []).append(finding)
    ranked = sorted(by_check.items(), key=lambda item: (-len(item[1]), item[0]))
    count = len(str(len(ranked[0][1])))
    name = max(len(check) for check in by_check)
    lines = [f"{len(warnings)} warnings, each with its file and line in {listing}:"]
    for check, found in ranked:
        lines.append(f"  {len(found):>{count}}  {check:<{name}}  {_what(found)}")
    return lines


def _what(found: list[Finding]) -> str:
    """What a check asks for: its message without the advice after the first colon; with the
    record it names when it found one, and as an example when the messages differ."""
    first = found[0]
    head = first.message.split(": ")[0]
    if len({finding.message for finding in found}) == 1 and len(found) > 1:
        return for_terminal(head)
    example = "e.g. " if len(found) > 1 else ""
    return for_terminal(f"{example}{first.focus.removeprefix(ID)}: {head}")
