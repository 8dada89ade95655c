"""The registry of the compiler's handlers: one function per collection, registered by name.

A handler receives one :class:`~regiograph.curation.record.Record` and emits its triples. The
compiler looks the handler up by the record's collection; ``tests/test_data_model.py`` checks
that every collection of :mod:`regiograph.model.registry` has one.
"""

from __future__ import annotations

from collections.abc import Callable

from regiograph.curation.record import Record

__all__ = ["HANDLERS", "Handler", "handles"]

Handler = Callable[[Record], None]

#: The handler of each collection, filled in by :func:`handles` when its module is imported.
HANDLERS: dict[str, Handler] = {}


def handles(*collections: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``collections``."""
    def register(handler: Handler) -> Handler:
        for name in collections:
            if name in HANDLERS:
                raise RuntimeError(f"two handlers for the collection {name}")
            HANDLERS[name] = handler
        return handler
    return register
