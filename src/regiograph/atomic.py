"""Writing outputs safely: a whole folder is written beside its target and swapped in only when
every file of it has been written, and only over a folder that is provably an earlier output of the
same command.

A folder is ours when its ``manifest.json`` names the command that wrote it and lists, with its
SHA-256, every file in it: a file we did not write, a changed file, a symlink or another
command's manifest means the folder is the user's, and it is left alone. Outputs of other
commands nested inside (``build/analysis`` written by ``analyze``) are carried over to the new
folder, so that a rebuild never deletes what another command wrote.

Crash safety: the swap renames the old folder aside and the new one in; a run killed in between
leaves ``.NAME.old-*`` and ``.NAME.new-*`` beside the target, and the next run that writes the
same target puts the newest complete version back in place and removes the leftovers. Each run
holds a lock on its own scratch folder while it writes (so another run never removes it) and on
the parent folder while it swaps (so runs replacing one folder take turns).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from regiograph.errors import OutputError, UsageError
from regiograph.manifest import MARKER, read_manifest, sha256, write_manifest

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, runs must not overlap
    fcntl = None  # type: ignore[assignment]

__all__ = ["refuse_working_folder", "replace_folder", "write_file"]

#: What ``write`` returns: extra fields for the manifest (counts, sources...), or None.
Fields = Mapping[str, Any] | None


def replace_folder(target: Path, write: Callable[[Path], Fields], command: str,
                   inputs: Sequence[Path] = (), build: str | None = None) -> list[Path]:
    """Call ``write(folder)`` on a fresh folder, write its manifest, then put it in place of
    ``target``; return the nested outputs of other commands that were carried over.

    ``target`` must be missing, empty, or an earlier output of ``command`` (see the module);
    it must not be, nor contain, one of the command's ``inputs``. ``build`` is the id of the
    build the output was made from (:func:`build_id`), recorded so that a stale output can be
    told from a fresh one.
    """
    refuse_working_folder(target, command)
    target = _named(target)
    _refuse_inputs(target, inputs, command)
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise OutputError(target, f"{blocking} is a file, not a folder; choose another output folder")
    with contextlib.ExitStack() as stack:
        with _parent_locked(target):
            _recover(target)
            _, seen = _owned(target, command)
            # made and locked under the parent's lock: another run's recovery, which takes that
            # lock too, can never see it unlocked and remove it
            scratch = stack.enter_context(_scratch(target))
        fields = write(scratch) or {}
        write_manifest(scratch, command, fields, build)
        with _parent_locked(target), _ctrl_c_held_back():
            _recover(target)
            # hashing twice costs seconds at scale: hash again only if the folder changed
            nested, _ = _owned(target, command, unchanged_since=seen)
            _carry(nested, target, scratch)
            _swap(scratch, target)
    return [target / rel for rel in nested]


# -- ownership -----------------------------------------------------------------------------------

def refuse_working_folder(target: Path, command: str) -> None:
    """Refuse an output folder that is the current folder or holds it (``--out .``,
    ``--out $PWD``, ``--out ..``): replacing it as a whole would pull the folder out from under
    the shell, and everything the user keeps there with it. Called before any work is done."""
    try:
        here = Path.cwd().resolve()
    except OSError:  # the current folder was removed: nothing of it to protect
        return
    there = target.resolve()
    if there == here or there in here.parents:
        what = "the current folder" if there == here else "a folder that holds the current folder"
        raise UsageError(f"{target} is {what}, and `regiograph {command}` replaces its output "
                         f"folder as a whole; give a folder inside it, such as "
                         f"{Path(os.path.relpath(here / command))}")


def _named(target: Path) -> Path:
    """``target`` with a name of its own (``out/..`` becomes the folder it means), since the
    scratch folders beside it are named after it."""
    if target.name in ("", ".", ".."):
        return Path(os.path.abspath(target))
    return target


def _refuse_inputs(target: Path, inputs: Sequence[Path], command: str) -> None:
    """Never write over what the command reads: the target may not be or hold an input."""
    here = target.resolve()
    for source in inputs:
        there = source.resolve()
        if here == there or here in there.parents:
            raise UsageError(f"{target} holds the input of `regiograph {command}` ({source}); "
                             "choose another output folder")


Seen = frozenset[tuple[str, int, int]]


def _owned(target: Path, command: str,
           unchanged_since: Seen | None = None) -> tuple[list[str], Seen | None]:
    """Check that ``target`` may be replaced by ``command``; return the nested outputs of other
    commands inside it (relative paths), which are kept, and what the folder held (names, sizes,
    times), so that a second check of an unchanged folder need not hash it again."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return [], None
    if not stat.S_ISDIR(mode):
        raise UsageError(f"{target} exists and is not a folder; choose a new or empty folder")
    if not any(target.iterdir()):
        return [], None
    _recover_nested(target)
    manifest = read_manifest(target)
    if manifest is None:
        raise UsageError(f"{target} exists and is not a regiograph output folder (it has no "
                         f"{MARKER} written by regiograph); choose a new or empty folder")
    if manifest["command"] != command:
        raise UsageError(f"{target} is the output of `regiograph {manifest['command']}`, not of "
                         f"`regiograph {command}`; choose another folder")
    return _check_layout(target, manifest["files"], command, unchanged_since)


def _check_layout(target: Path, listed: Mapping[str, object], command: str,
                  unchanged_since: Seen | None) -> tuple[list[str], Seen]:
    nested: list[str] = []
    found: list[tuple[Path, str]] = []
    for root, dirs, files in os.walk(target):
        here = Path(root)
        for name in list(dirs):
            path = here / name
            rel = path.relative_to(target).as_posix()
            if path.is_symlink():
                _foreign(target, rel, command)
            inner = read_manifest(path)
            if inner is not None and inner["command"] != command \
                    and f"{rel}/{MARKER}" not in listed:  # not a part this command wrote itself
                nested.append(rel)  # another command's output: kept, not examined
                dirs.remove(name)
        for name in files:
            rel = (here / name).relative_to(target).as_posix()
            if rel == MARKER:
                continue
            path = here / name
            if path.is_symlink() or rel not in listed:
                _foreign(target, rel, command)
            found.append((path, rel))
    seen = frozenset((rel, (st := os.lstat(path)).st_size, st.st_mtime_ns) for path, rel in found)
    if seen != unchanged_since:
        for path, rel in found:
            if listed.get(rel) != sha256(path):
                _foreign(target, rel, command)
    return nested, seen


_SCRATCH = re.compile(r"\.(?P<name>.+)\.(?:new|old)-[^/]+")


def _recover_nested(target: Path) -> None:
    """Recover what killed runs of other commands left inside ``target`` (``build/.site.new-*``),
    before the folder is judged or moved: their previous output may be only there."""
    names = {(Path(root) / m["name"]) for root, dirs, _ in os.walk(target)
             for d in dirs if (m := _SCRATCH.fullmatch(d))}
    for nested in sorted(names):
        _recover(nested)


def _foreign(target: Path, rel: str, command: str) -> None:
    raise UsageError(f"{target} holds {rel}, which `regiograph {command}` did not write (or "
                     "which was changed since); move it away or choose another folder")


def _carry(nested: list[str], target: Path, scratch: Path) -> None:
    """Move the other commands' outputs nested in the old folder into the new one."""
    for rel in nested:
        if (scratch / rel).exists():
            raise OutputError(target, f"the new output has its own {rel}, where the output of "
                              "another command is; move that folder away first")
    for rel in nested:
        (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(target / rel, scratch / rel)


# -- scratch folders, the swap and recovery ------------------------------------------------------

@contextmanager
def _scratch(target: Path) -> Iterator[Path]:
    scratch: Path | None = None
    try:
        # Ctrl-C is held back until the folder's name is known, so that it is always removed
        with _ctrl_c_held_back():
            target.parent.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        with _locked(scratch):
            yield scratch
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(target, _reason(exc)) from None
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _reason(exc: OSError) -> str:
    return (f"{exc.strerror or exc}; nothing was changed (choose an output folder you can write "
            "to, on a disk with free space)")


def _swap(scratch: Path, target: Path) -> None:
    scratch.chmod(_shared_mode())  # mkdtemp makes it private; outputs are meant to be shared
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


def _recover(target: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and remove its scratch folders.

    Runs under the parent's lock; a scratch folder that a live run still holds is left alone.
    """
    parent = target.parent
    if not parent.is_dir():
        return
    stale: list[Path] = []
    for path in parent.iterdir():
        if path.name.startswith((f".{target.name}.new-", f".{target.name}.old-")) \
                and path.is_dir() and not path.is_symlink() and _free(path):
            stale.append(path)
    if not os.path.lexists(target):
        complete = [p for p in stale if ".new-" in p.name and read_manifest(p) is not None]
        previous = [p / target.name for p in stale
                    if ".old-" in p.name and (p / target.name).is_dir()]
        newest = max(complete, key=lambda p: p.stat().st_mtime, default=None)
        back = newest or next(iter(previous), None)
        if back is not None:
            back.chmod(_shared_mode())
            os.replace(back, target)
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)


def _free(folder: Path) -> bool:
    """Whether no live run holds ``folder`` (its lock can be taken)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing releases the lock


#: The folders this process holds locked: a second lock on one of them (an output written
#: inside another's scratch folder) would wait for ourselves.
_held: set[tuple[int, int]] = set()


@contextmanager
def _locked(folder: Path, wait: bool = False) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    info = os.fstat(fd)
    key = (info.st_dev, info.st_ino)
    if key in _held:
        os.close(fd)
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        os.close(fd)


@contextmanager
def _parent_locked(target: Path) -> Iterator[None]:
    if not target.parent.is_dir():
        yield
        return
    with _locked(target.parent, wait=True):
        yield


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
    """Write one file atomically: a temporary file beside it, then a rename.

    Only a regular file or a new path is written: a symlink, a device, a pipe or a folder at
    ``path`` is refused, so that ``-o /dev/null`` or ``-o link`` never replaces it.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(path, exc.strerror or str(exc)) from None
    if mode is not None and not stat.S_ISREG(mode):
        what = ("a symbolic link" if stat.S_ISLNK(mode) else "a folder" if stat.S_ISDIR(mode)
                else "a device or pipe, not a regular file")
        raise UsageError(f"{path} is {what}; write to a regular file or a new path")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _new_file(path)
    try:
        with tmp.open("wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_file(path: Path) -> Path:
    """A new, empty file beside ``path``, created with the permissions any new file gets (0666
    less the umask, applied by the system), like every file of a folder output; the file it
    replaces does not pass its own on."""
    for _ in range(100):
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise OutputError(path, "could not create a temporary file beside it")


def _shared_mode() -> int:
    """The permissions of a new folder: 0777 less the umask, as ``mkdir`` would give it."""
    return 0o777 & ~_umask()


def _umask() -> int:
    """The process's umask. Read from the system where it says (Linux): setting the umask to
    read it back, even for an instant, applies to the files other threads create meanwhile."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - elsewhere: the least harmful instant value
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover
