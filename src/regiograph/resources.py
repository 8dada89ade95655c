"""Where the bundled ontology, data and queries are: inside an installed wheel, or in a checkout."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "queries_dir", "region_dir"]

_PACKAGE = Path(__file__).resolve().parent


def _root(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name  # a wheel carries them here (see pyproject.toml)
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent.parent / name  # an editable install runs from the checkout


def ontology_dir() -> Path:
    """The folder holding ``regiograph.ttl``, ``vocab/`` and ``shapes/``."""
    return _root("ontology")


def data_dir() -> Path:
    """The folder of bundled regions."""
    return _root("data")


def queries_dir() -> Path:
    """The folder of the query library."""
    return _root("queries")


def region_dir(name: str = "leuven") -> Path:
    """The folder of a bundled region, by default Leuven."""
    return data_dir() / name
