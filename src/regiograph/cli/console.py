"""The consoles of the command line: data to stdout, messages to stderr."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

__all__ = ["err", "out", "progress"]

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@contextmanager
def progress(title: str) -> Iterator[Callable[[str], None]]:
    """A spinner naming the current step on a terminal; silent in CI and pipes."""
    if not err.is_terminal:
        yield lambda _step: None
        return
    with err.status(title) as status:
        yield lambda step: status.update(f"{title}: {step}")
