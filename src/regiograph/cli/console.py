"""The consoles of the command line: data to stdout, messages to stderr."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from regiograph.errors import DataError, UsageError

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["BUILD", "PROJECTIONS", "choose", "data_errors", "err", "open_built", "out",
           "progress"]

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

#: The option of every command that reads a build, spelled alike everywhere.
BUILD = typer.Option("--build", metavar="DIR",
                     help="The build folder to read (written by `regiograph build`).")
#: The projections, for the help of ``--projection`` (``-p`` in every command that has it).
PROJECTIONS = "stakeholders, organisations or people-organisations"


def choose(value: str, choices: Sequence[str], what: str) -> str:
    """``value`` if it is one of ``choices`` (in any case), else a usage error in the words of
    every other: "unknown format 'pdf'; choose one of ...".

    >>> choose("GEXF", ["gexf", "csv"], "format")
    'gexf'
    >>> choose("gexg", ["gexf", "csv"], "format")
    Traceback (most recent call last):
    ...
    regiograph.errors.UsageError: unknown format 'gexg' (did you mean 'gexf'?); choose one of gexf, csv
    """
    folded = {c.casefold(): c for c in choices}
    if value.casefold() in folded:
        return folded[value.casefold()]
    close = difflib.get_close_matches(value.casefold(), list(folded), n=1)
    hint = f" (did you mean {folded[close[0]]!r}?)" if close else ""
    raise UsageError(f"unknown {what} {value!r}{hint}; choose one of {', '.join(choices)}")


@contextmanager
def progress(title: str) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current step on a terminal; silent in CI and pipes."""
    if not err.is_terminal:
        yield lambda _step: None
        return
    with err.status(title) as status:
        yield lambda step: status.update(f"{title}: {step}")


@contextmanager
def data_errors(consequence: str = "nothing was written") -> Iterator[None]:
    """Print every issue of a :class:`DataError` (file, line, column, fix) and exit with 1."""
    try:
        yield
    except DataError as exc:
        for issue in exc.issues:
            err.print(f"error: {issue}", markup=False, highlight=False)
        err.print(f"{exc}; {consequence}.", markup=False, highlight=False)
        raise typer.Exit(1) from None


def open_built(build_dir: Path) -> GraphStore:
    """The build every command reads (its dataset and its own ontology); exit 1 with one line
    when there is none, and a damaged file's line and column when it cannot be read."""
    from regiograph.store.loading import open_build

    with data_errors("nothing was written"):
        return open_build(build_dir)
