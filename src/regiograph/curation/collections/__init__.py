"""The compiler's handlers, one module per collection or family of collections.

Each handler is registered for its collections with :func:`regiograph.curation.handlers.handles`;
importing this package imports every module in it, so a new module needs no other line.
"""

from __future__ import annotations

import importlib
import pkgutil

__all__: list[str] = []

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
