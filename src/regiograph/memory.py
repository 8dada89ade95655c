"""Memory: Python's cyclic garbage collector, held off while millions of long-lived objects are
made, and a process's peak."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "high_water_mark"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector: compiling and validating allocate millions of small objects
    and free none, and the collector would rescan them again and again (44 of 60 s of a
    compile at a million triples).

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def high_water_mark() -> float:
    """This process's peak resident memory in MB: its high-water mark (``VmHWM``), or
    ``ru_maxrss`` where there is no ``/proc``.

    >>> high_water_mark() > 0
    True
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource  # not on every platform: only where there is no /proc
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
