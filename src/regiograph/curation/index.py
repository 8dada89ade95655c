"""The index of a region's records: every id with its collection, its name, a document's sections
and a country's place, built in the compiler's first pass from the files or the compile cache, so
that references may point forwards and across files.

It also answers the look-ups a file's output depends on (``r:`` an id's collection, ``n:`` a
record's name, ``k:`` the place of a country code, ``c:`` whether a citation names a known
source), by which the compile cache tells whether an unchanged file must be compiled again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from regiograph.curation.cache import CompiledFile
from regiograph.curation.entry import Entry
from regiograph.curation.yamlfile import Mapping, Scalar, Sequence

__all__ = ["RegionIndex", "record_name", "section_ids"]


@dataclass
class RegionIndex:
    """Every record of a region by id, with the names, sections and country codes others use."""

    entries: list[Entry] = field(default_factory=list)
    by_id: dict[str, Entry] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)

    def register(self, entry: Entry, name: str, sections: dict[str, str] | None,
                 country: str | None, output: CompiledFile) -> None:
        """Add a record to the index, and to the output of the file it is in."""
        self.entries.append(entry)
        self.by_id[entry.id] = entry
        self.names[entry.id] = name
        output.entries.append((entry.collection, entry.id, entry.line, entry.id_line, name))
        if sections is not None:
            self.sections[entry.id] = output.sections[entry.id] = sections
        if country is not None:
            self.countries.setdefault(country, entry.id)
            output.countries.append((country, entry.id))

    def lookups_hold(self, compiled: CompiledFile) -> bool:
        """Whether every look-up the file made gives the same answer now."""
        return all(self.look_up(key) == answer for key, answer in compiled.lookups.items())

    def look_up(self, key: str) -> str | None:
        """The answer to a recorded look-up (see the module's note)."""
        kind, _, text = key.partition(":")
        if kind == "r":
            entry = self.by_id.get(text)
            return entry.collection if entry is not None else None
        if kind == "n":
            return self.names.get(text)
        if kind == "k":
            return self.countries.get(text)
        document, _, section = text.partition("#")
        known = document in self.sections and (not section or section in self.sections[document])
        return "yes" if known else None


def section_ids(node: Mapping) -> dict[str, str]:
    """A document's section ids and titles."""
    sections = node.entries.get("sections")
    if not isinstance(sections, Sequence):
        return {}
    found = {}
    for item in sections.items:
        if isinstance(item, Mapping) and isinstance(sid := item.entries.get("id"), Scalar):
            title = item.entries.get("title")
            found[sid.text] = title.text if isinstance(title, Scalar) else sid.text
    return found


def record_name(node: Mapping, entry_id: str) -> str:
    """A record's first name (or title), for labels that other records generate."""
    name = node.entries.get("name") or node.entries.get("title")
    if isinstance(name, Mapping):
        name = name.entries.get("en") or next(iter(name.entries.values()), None)
    return name.text if isinstance(name, Scalar) else entry_id


