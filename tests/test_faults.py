"""Faults during a build: a full disk, an unwritable folder, Ctrl-C at any moment of the write
step and an interrupt in the middle of the folder swap. Each leaves the output folder whole (the
previous build, or the new one when it was already in place, never a mix) and nothing beside it.
(Invalid data and failed validation: test_data_errors.py, test_bad_input.py, test_build.py.)"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from regiograph import build
from regiograph.atomic import replace_folder
from regiograph.errors import OutputError
from regiograph.synth import write_region

from .conftest import TINY
from .test_bad_input import digest


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """An output folder holding an earlier build of the tiny region."""
    return build(TINY, tmp_path / "work" / "build").out


def _regiograph(*args: str, preexec: Callable[[], None] | None = None
                ) -> subprocess.Popen[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen([sys.executable, "-m", "regiograph", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, preexec_fn=preexec)


def test_a_full_disk_leaves_the_previous_outputs(previous: Path) -> None:
    """A file-size limit makes every write past 16 KB fail with EFBIG, as a full disk fails
    with ENOSPC, and it binds root too (unlike chmod)."""
    before = digest(previous)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))

    child = _regiograph("build", "--out", str(previous), preexec=small_files)
    _, stderr = child.communicate(timeout=300)
    assert child.returncode == 1, stderr
    assert "cannot write" in stderr and "File too large" in stderr and "Traceback" not in stderr
    assert digest(previous) == before
    assert os.listdir(previous.parent) == ["build"]


def test_view_on_a_full_disk_is_a_clear_failure(previous: Path, tmp_path: Path) -> None:
    """Issue 14: `view` on a full disk was an internal error (exit 3)."""
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))

    (tmp_path / "views").mkdir()
    target = tmp_path / "views" / "view.html"
    child = _regiograph("view", "--build", str(previous), "-o", str(target), preexec=small_files)
    _, stderr = child.communicate(timeout=300)
    assert child.returncode == 1, stderr
    assert "File too large" in stderr and "Traceback" not in stderr and "internal" not in stderr
    assert os.listdir(tmp_path / "views") == []  # no half-written page, no temporary file


def test_a_read_only_parent_folder_leaves_the_previous_outputs(previous: Path) -> None:
    """The output folder's parent is read-only. Root writes into folders whatever their mode,
    so as root the folder is made read-only by a read-only bind mount in a private mount
    namespace of the child (as a read-only file system is for everyone)."""
    before = digest(previous)
    work = previous.parent
    command = [sys.executable, "-m", "regiograph", "build", "--data", str(TINY), "--out",
               str(previous)]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            pytest.skip("root needs unshare (util-linux) to make a folder read-only")
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"'
        command = ["unshare", "--mount", "sh", "-c", script, "sh", str(work), *command]
    else:
        work.chmod(0o555)
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False,
                              env={**os.environ, "NO_COLOR": "1"})
    finally:
        work.chmod(0o755)
    assert done.returncode == 1 and "cannot write" in done.stderr, done.stderr
    assert ("Permission denied" in done.stderr or "Read-only file system" in done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert digest(previous) == before
    assert os.listdir(work) == ["build"]


@pytest.fixture(scope="module")
def larger_region(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A synthetic region whose write step lasts long enough (about 0.5 s) for an interrupt to
    land in it even on a busy machine, and the digest of its complete build."""
    folder = tmp_path_factory.mktemp("larger")
    write_region(folder / "region", orgs=400)
    return folder / "region", digest(build(folder / "region", folder / "build").out)


def test_ctrl_c_at_any_moment_of_the_write_step_leaves_a_whole_folder(
        previous: Path, larger_region: tuple[Path, str]) -> None:
    """A larger region is built over the tiny one and interrupted (SIGINT, as Ctrl-C sends)
    as soon as its scratch folder appears, and at later moments of the write step. The folder
    then holds the previous build (exit 130) or, when the signal came after the swap, the whole
    new one; never a mix, and no scratch folder is left."""
    region, new = larger_region
    old = digest(previous)
    interrupted = 0
    for delay in (0.0, 0.05, 0.2):
        child = _regiograph("build", "--data", str(region), "--out", str(previous),
                            preexec=_interruptible)
        while not any(n.startswith(".build.new-") for n in os.listdir(previous.parent)):
            assert child.poll() is None, child.communicate()
            time.sleep(0.0005)
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        _, stderr = child.communicate(timeout=300)
        assert "Traceback" not in stderr, stderr
        assert os.listdir(previous.parent) == ["build"], (delay, stderr)
        now = digest(previous)
        assert now in (old, new), f"a mix of two builds after an interrupt {delay} s in"
        if now == old:
            assert child.returncode == 130 and "interrupted" in stderr, stderr
            interrupted += 1
        else:  # the signal came after the swap; put the previous build back for the next round
            build(TINY, previous)
    assert interrupted >= 1, "no interrupt landed during the write step"


def _interruptible() -> None:
    """Ctrl-C as a terminal's foreground job gets it: a test run started in the background (as
    ``cmd &`` in a script) ignores SIGINT, and its children would inherit that and never see
    the interrupt (the test failed so in such runs, never in the foreground)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _swap_with(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
               during: Callable[[], None]) -> Path:
    """Replace an output folder, calling ``during`` just before the new folder is moved in."""
    target = tmp_path / "out"
    replace_folder(target, lambda folder: _write(folder, "old\n"), "test")
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.startswith(".out.new-"):
            during()
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return target


def _write(folder: Path, text: str) -> None:
    (folder / "who.txt").write_text(text)


def _write_new(folder: Path) -> None:
    _write(folder, "new\n")


def test_an_interrupt_during_the_swap_is_held_until_the_swap_is_done(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = _swap_with(monkeypatch, tmp_path, lambda: os.kill(os.getpid(), signal.SIGINT))
    with pytest.raises(KeyboardInterrupt):
        replace_folder(target, _write_new, "test")
    assert (target / "who.txt").read_text() == "new\n"
    assert sorted(os.listdir(tmp_path)) == ["out"]


def test_a_failed_swap_puts_the_previous_outputs_back(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    def fail() -> None:
        raise OSError(28, "No space left on device")

    target = _swap_with(monkeypatch, tmp_path, fail)
    with pytest.raises(OutputError, match="No space left on device"):
        replace_folder(target, _write_new, "test")
    assert (target / "who.txt").read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["out"]
