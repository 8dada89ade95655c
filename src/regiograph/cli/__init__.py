"""The ``regiograph`` command: a thin Typer layer over the Python API.

Exit codes: 0 ok, 1 invalid data or a failed check, 2 usage error, 3 internal error.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from regiograph.cli import analyze as analyze_command
from regiograph.cli import build as build_command
from regiograph.cli import embed as embed_command
from regiograph.cli import export as export_command
from regiograph.cli import grlc as grlc_command
from regiograph.cli import query as query_commands
from regiograph.cli import synth as synth_command
from regiograph.cli import view as view_commands
from regiograph.cli.console import err
from regiograph.errors import RegiographError
from regiograph.version import __version__

__all__ = ["app", "main"]

app = typer.Typer(
    name="regiograph",
    help="Build, check, query, analyse, export and show the knowledge graph of an innovation "
    "region.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"regiograph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Build, check, query, analyse, export and show the knowledge graph of an innovation region."""


build_command.register(app)
analyze_command.register(app)
query_commands.register(app)
grlc_command.register(app)
export_command.register(app)
view_commands.register(app)
embed_command.register(app)
synth_command.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return (and exit with) its exit code."""
    code = _run(argv)
    if argv is None:
        sys.exit(code)
    return code


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush fails no more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _run(argv: list[str] | None) -> int:
    try:
        try:
            app(args=argv, prog_name="regiograph")  # Typer exits by SystemExit: 2 for usage
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        sys.stdout.flush()  # a full disk under `query > file` must not pass for success
        return code
    except KeyboardInterrupt:
        err.print("interrupted; outputs were left as they were")
        return 130
    except RegiographError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        return exc.exit_code
    except BrokenPipeError:  # `regiograph query ... | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except OSError as exc:  # the output could not be written (a full disk, a closed terminal)
        _quiet_stdout()
        err.print(f"error: could not write the output: {exc.strerror or exc}; it is incomplete",
                  markup=False, highlight=False)
        return 1
    except Exception as exc:
        if os.environ.get("REGIOGRAPH_DEBUG"):
            raise
        err.print(f"internal error: {type(exc).__name__}: {exc}", markup=False, highlight=False)
        err.print("This is a bug in regiograph; set REGIOGRAPH_DEBUG=1 to see the traceback.")
        return 3
