"""Running a piece of work with a bound on its time: in a child process that is stopped when
the time is up.

The embedded engine cannot be interrupted once a query runs, and a query that explodes (an
ORDER BY over a cross product) can exhaust memory and abort the whole process. Run in a forked
child, such a query costs only the child: the parent stops it at the deadline, or reports that
it died, and carries on. The child shares the parent's memory (copy-on-write), so the store is
not loaded twice. Where there is no ``fork`` (Windows), the work runs in the process itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from regiograph.errors import RegiographError

__all__ = ["Exhausted", "beside", "run_bounded"]

T = TypeVar("T")


class Exhausted(RegiographError):
    """Work that went beyond its time, or whose process died (out of memory)."""

    exit_code = 1


def run_bounded(work: Callable[[], T], seconds: float, what: str = "the query") -> T:
    """``work()``, run in a child process stopped after ``seconds``; its exceptions are raised
    here. Raises :class:`Exhausted` when it runs too long or its process dies."""
    if not hasattr(os, "fork") or sys.platform == "win32":
        return work()
    pid, reader = _fork(work)
    try:
        data = _read_until(reader, time.monotonic() + seconds)
    except TimeoutError:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise Exhausted(f"{what} took longer than {seconds:g} s and was stopped; raise "
                        "--timeout or simplify it") from None
    finally:
        os.close(reader)
    _, status = os.waitpid(pid, 0)
    if not data:
        cause = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                 else f"exit {os.WEXITSTATUS(status)}")
        raise Exhausted(f"{what} stopped the engine ({cause}), most likely for lack of memory: "
                        "an ORDER BY or a join over too many solutions; simplify it")
    ok, value = pickle.loads(data)  # noqa: S301 - our own child's answer
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _fork(work: Callable[[], T]) -> tuple[int, int]:
    """Start ``work()`` in a forked child that sends back its pickled result or exception;
    return the child's pid and the end of the pipe to read it from."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send back its result or its exception, and leave
        os.close(reader)
        try:
            try:
                payload = pickle.dumps((True, work()))
            except BaseException as exc:
                payload = pickle.dumps((False, exc))
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(0)
    os.close(writer)
    return pid, reader


@contextmanager
def beside(work: Callable[[], T], what: str, fork: bool = True) -> Iterator[Callable[[], T]]:
    """Start ``work()`` in a forked child that runs beside this process, and give a function
    that waits for it and returns its result (or raises its exception). With ``fork`` false
    (work too small to be worth a process), the work runs when waited for.

    The engine holds the interpreter lock while it answers a query or writes a file, so a thread
    would not run beside it; a child does, on the machine's other core, sharing the parent's
    memory (copy-on-write) and so its store. Leaving the block without waiting stops the child.
    Where there is no ``fork``, the work runs when waited for.

    >>> with beside(lambda: sum(range(10)), "a sum") as total:
    ...     total()
    45
    >>> with beside(lambda: os.getpid(), "in this process", fork=False) as pid:
    ...     pid() == os.getpid()
    True
    """
    if not fork or not hasattr(os, "fork") or sys.platform == "win32":
        yield work
        return
    # Ctrl-C is held back until the child is in the care of the ``finally`` below: arriving
    # just after the fork, it would leave the child writing into a folder being removed
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid, reader = _fork(work)
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        raise
    done: list[bool] = []

    def wait() -> T:
        data = _read_until(reader, float("inf"))
        _, status = os.waitpid(pid, 0)
        done.append(True)
        if not data:
            raise Exhausted(f"{what} stopped (signal {os.WTERMSIG(status)})"
                            if os.WIFSIGNALED(status) else f"{what} stopped")
        ok, value = pickle.loads(data)  # noqa: S301 - our own child's answer
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C held back is raised here
        yield wait
    finally:
        os.close(reader)
        if not done:  # left early (an error, Ctrl-C): the child is not wanted any more
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _read_until(fd: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        ready, _, _ = select.select([fd], [], [], None if left == float("inf") else left)
        if not ready:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
