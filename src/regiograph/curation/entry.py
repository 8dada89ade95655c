"""A record's place in a region (:class:`Entry`) and a source it cites (:class:`Citation`), with
the IRIs they stand for: the record's subject, and the named graph of the facts a source states."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from pyoxigraph import NamedNode

from regiograph.curation.yamlfile import Mapping
from regiograph.namespaces import GRAPH, ID

__all__ = ["Citation", "Entry"]


@dataclass(frozen=True, order=True)
class Citation:
    """A cited source: a document, optionally narrowed to one of its sections."""

    document: str
    section: str | None = None

    @property
    def graph(self) -> NamedNode:
        """The named graph holding the facts this source states."""
        return _graph(self.document, self.section)

    @property
    def origin(self) -> NamedNode:
        """The document or section node the graph was derived from."""
        suffix = f"{self.document}--{self.section}" if self.section else self.document
        return NamedNode(ID + suffix)


@cache
def _graph(document: str, section: str | None) -> NamedNode:
    """The named graph of a cited source, made once per source."""
    return NamedNode(GRAPH + (f"{document}/{section}" if section else document))


@dataclass
class Entry:
    """A record of the region: its collection, its fields (None while only its index was read
    from the compile cache), its id and where it was written."""

    collection: str
    mapping: Mapping | None
    id: str
    path: Path
    line: int
    #: The line of its ``id`` field, for the message about a duplicate id.
    id_line: int = 0

    @cached_property
    def subject(self) -> NamedNode:
        return NamedNode(ID + self.id)
