"""Writing outputs atomically: a whole folder is written beside its target and swapped in only
when every file of it has been written, so a failed run leaves the previous outputs as they were."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from regiograph.errors import OutputError, UsageError

__all__ = ["MARKER", "replace_folder", "write_file"]

#: The file that marks a folder as regiograph's output, so that it may be replaced.
MARKER = "manifest.json"


def replace_folder(target: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(folder)`` on a fresh folder, then put that folder in place of ``target``.

    ``target`` must be missing, empty, or an earlier output (it holds :data:`MARKER`): a folder of
    other files is never replaced.
    """
    if target.exists() and (not target.is_dir() or
                            (any(target.iterdir()) and not (target / MARKER).is_file())):
        raise UsageError(f"{target} exists and is not a regiograph output folder; "
                         "choose an empty or new folder with --out")
    with _scratch(target) as scratch:
        write(scratch)
        if not (scratch / MARKER).is_file():
            raise OutputError(target, f"the output has no {MARKER}")
        _swap(scratch, target)


@contextmanager
def _scratch(target: Path) -> Iterator[Path]:
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputError(target, f"{blocking} is a file, not a folder; choose another output folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise OutputError(target, _reason(exc)) from None
    try:
        yield scratch
    except OSError as exc:
        raise OutputError(target, _reason(exc)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _reason(exc: OSError) -> str:
    return (f"{exc.strerror or exc}; nothing was changed (choose an output folder you can write "
            "to, on a disk with free space)")


def _swap(scratch: Path, target: Path) -> None:
    scratch.chmod(0o755)  # mkdtemp makes it private; outputs are meant to be shared
    with _ctrl_c_held_back():
        if not target.exists():
            os.replace(scratch, target)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.replace(target, old / target.name)
        try:
            os.replace(scratch, target)
        except BaseException:
            os.replace(old / target.name, target)  # put the previous outputs back
            raise
        finally:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _ctrl_c_held_back() -> Iterator[None]:
    """Hold Ctrl-C back while folders are swapped, and raise it once they are: an interrupt in
    the middle would leave the target missing, or the previous outputs beside it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)
    if caught:
        raise KeyboardInterrupt


def write_file(path: Path, content: bytes) -> None:
    """Write one file atomically: a temporary file beside it, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
