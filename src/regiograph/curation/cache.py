"""The compile cache: what compiling each data file gave, kept in the build folder so that the
next build recompiles only the files that changed.

Compiling a file gives its quads (as :mod:`~regiograph.curation.lines`), the index of its records
(ids, collections, names, lines, a document's sections, a country's code), the citations it used,
the names and identifiers the duplicate check reads, and what it looked up in the other files:
each id it referred to and that record's collection, each name it put in a label, each citation
and country code. That is all its output depends on besides its own bytes, so a file whose bytes
are unchanged and whose every look-up still gives the same answer compiles to the same output.

Each file's entry is one file of ``compile-cache/`` in the build folder, named by the SHA-256 of
the compiler's fingerprint, the data file's path and its bytes; the build's manifest lists it with
its SHA-256 like every other output, and an entry whose bytes no longer match is not read. An entry
is a line of JSON (everything but the quads) and then the quad lines.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from regiograph.manifest import read_manifest

__all__ = ["FOLDER", "CompileCache", "CompiledFile", "entry_name"]

#: The folder of the cache inside a build.
FOLDER = "compile-cache"
_FORMAT = "regiograph compile cache 2"


@dataclass
class CompiledFile:
    """What compiling one data file gave (see the module)."""

    name: str
    digest: str
    #: Each record: collection, id, line, line of its id, and its name (for generated labels).
    entries: list[tuple[str, str, int, int, str]] = field(default_factory=list)
    #: Each document's sections, by id, with their titles.
    sections: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Each country code a place gives, with the place, in the order of the file.
    countries: list[tuple[str, str]] = field(default_factory=list)
    #: What the file looked up in the region, with the answer it got (see the compiler).
    lookups: dict[str, str | None] = field(default_factory=dict)
    #: The citations its records use: (document, section or None).
    citations: set[tuple[str, str | None]] = field(default_factory=set)
    #: (subject, kind, key) of the names and identifiers the duplicate check compares
    #: (:func:`regiograph.curation.checks.duplicate_key`).
    checked: list[tuple[str, str, str]] = field(default_factory=list)
    #: Its quads, as lines (:mod:`regiograph.curation.lines`); sorted once it is compiled.
    lines: list[str] = field(default_factory=list)

    def dumps(self) -> bytes:
        """The entry's bytes: a JSON line, then the quad lines (the same data, the same bytes)."""
        head = {"format": _FORMAT, "name": self.name, "digest": self.digest,
                "entries": self.entries, "sections": self.sections, "countries": self.countries,
                "lookups": self.lookups, "citations": sorted(self.citations, key=_citation_key),
                "checked": sorted(set(self.checked))}
        text = json.dumps(head, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return "\n".join([text, *self.lines]).encode("utf-8")

    @classmethod
    def loads(cls, data: bytes) -> CompiledFile:
        """An entry read back; ValueError when it is not one."""
        text = data.decode("utf-8")
        head_text, _, body = text.partition("\n")
        head: dict[str, Any] = json.loads(head_text)
        if not isinstance(head, dict) or head.get("format") != _FORMAT:
            raise ValueError("not a compile cache entry of this version")
        return cls(head["name"], head["digest"],
                   [(c, i, line, id_line, name) for c, i, line, id_line, name in head["entries"]],
                   head["sections"], [(code, place) for code, place in head["countries"]],
                   head["lookups"], {(d, s) for d, s in head["citations"]},
                   [(s, p, v) for s, p, v in head["checked"]],
                   body.split("\n") if body else [])


def _citation_key(citation: tuple[str, str | None]) -> tuple[str, str]:
    return citation[0], citation[1] or ""


def entry_name(fingerprint: str, name: str, digest: str) -> str:
    """The path, inside a build, of the entry of the data file ``name`` with bytes of SHA-256
    ``digest``, compiled by a compiler of ``fingerprint``.

    >>> entry_name("f", "a.yaml", "0" * 64).startswith("compile-cache/")
    True
    """
    key = hashlib.sha256("\0".join((fingerprint, name, digest)).encode("utf-8")).hexdigest()
    return f"{FOLDER}/{key}.txt"


class CompileCache:
    """The compiled files of an earlier build, each read when asked for and only if its bytes
    are those the build's manifest lists."""

    def __init__(self, folder: Path, listed: dict[str, str]) -> None:
        self.folder = folder
        self.listed = listed

    @classmethod
    def of_build(cls, out: Path) -> CompileCache | None:
        """The cache of the build in ``out``, or None when ``out`` holds no build."""
        manifest = read_manifest(out)
        if manifest is None or manifest["command"] != "build":
            return None
        listed = {name: digest for name, digest in manifest["files"].items()
                  if name.startswith(FOLDER + "/") and isinstance(digest, str)}
        return cls(out, listed)

    def get(self, entry: str, name: str, digest: str) -> CompiledFile | None:
        """The entry ``entry`` (see :func:`entry_name`) for the file ``name`` of SHA-256
        ``digest``, or None when there is none, or none that is whole and unchanged."""
        path = self.path(entry)
        if path is None:
            return None
        try:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != self.listed[entry]:
                return None
            compiled = CompiledFile.loads(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return compiled if (compiled.name, compiled.digest) == (name, digest) else None

    def path(self, entry: str) -> Path | None:
        """Where the entry ``entry`` lies, when the build lists it."""
        return self.folder / entry if entry in self.listed else None
