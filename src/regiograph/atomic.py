"""Writing outputs atomically: a whole folder is written beside its target and swapped in only
when every file of it has been written, so a failed run leaves the previous outputs as they were."""

from __future__ import annotations

import os
import shutil
import tempfile
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
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    except OSError as exc:
        raise OutputError(target, exc.strerror or str(exc)) from None
    try:
        yield scratch
    except OSError as exc:
        raise OutputError(target, exc.strerror or str(exc)) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _swap(scratch: Path, target: Path) -> None:
    scratch.chmod(0o755)  # mkdtemp makes it private; outputs are meant to be shared
    if not target.exists():
        os.replace(scratch, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / target.name)
    try:
        os.replace(scratch, target)
    except OSError:
        os.replace(old / target.name, target)  # put the previous outputs back
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


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
