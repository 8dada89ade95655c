"""Compiling a folder of curated YAML files into RDF quads, one named graph per cited source.

The compiler makes two passes: the first indexes every record's id (so references may point
forwards and across files), the second checks each field and emits its triples into the graph of
every source that states it. Every problem found is collected; nothing is returned unless the
whole folder is valid. ``docs/mapping.md`` lists which RDF each field becomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

import regiograph.curation.collections  # noqa: F401  (registers every collection's handler)
from regiograph.curation.checks import Notice, probable_duplicates, uncited_sources, unlinked
from regiograph.curation.handlers import HANDLERS
from regiograph.curation.record import RDF_TYPE, RDFS_LABEL, Citation, Entry, Record, closest, iri
from regiograph.curation.values import foreign_characters, is_slug
from regiograph.curation.yamlfile import Mapping, Node, Scalar, Sequence, read_yaml
from regiograph.errors import DataError, Issue, UsageError
from regiograph.model.kinds import KindVocabulary
from regiograph.model.registry import COLLECTIONS, stakeholder_collections
from regiograph.namespaces import ID, PROVENANCE_GRAPH, VOCABULARY_GRAPH

__all__ = ["Citation", "CompiledRegion", "compile_region", "data_files"]

Term = NamedNode | Literal


@dataclass
class CompiledRegion:
    """The quads of a compiled region, and what they hold."""

    quads: list[Quad]
    counts: dict[str, int]
    files: list[Path] = field(default_factory=list)
    #: Where each record was written: its IRI to (file, line), for messages about the graph.
    locations: dict[str, tuple[Path, int]] = field(default_factory=dict)
    #: The SHA-256 of the bytes compiled, by path relative to the region folder.
    hashes: dict[str, str] = field(default_factory=dict)
    #: Curators' to-do notes: probable duplicates, uncited sources, unlinked stakeholders.
    notices: list[Notice] = field(default_factory=list)


def compile_region(data_dir: Path, kinds: KindVocabulary) -> CompiledRegion:
    """Compile every ``*.yaml`` file of ``data_dir``; raise :class:`DataError` listing every problem.

    Examples
    --------
    >>> import tempfile
    >>> from regiograph.model.kinds import load_kinds
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.yaml").write_text('''
    ... documents:
    ...   - {id: note, title: A note}
    ... places:
    ...   - {id: leuven, name: Leuven, kind: city, sources: [note]}
    ... ''', encoding="utf-8")
    >>> region = compile_region(folder, load_kinds())
    >>> region.counts["places"], region.counts["sources"]
    (1, 1)
    """
    if not data_dir.is_dir():
        raise UsageError(f"{data_dir}: no such folder; point --data at a region folder such as "
                         "data/leuven")
    data_dir = _readable(data_dir)
    files = data_files(data_dir)
    if not files:
        raise DataError([Issue(data_dir, None, None, "", "no .yaml data files in this folder",
                               "point --data at a region folder such as data/leuven")])
    compiler = _Compiler(kinds)
    for path in files:
        compiler.read(path, path.relative_to(data_dir).as_posix())
    if not compiler.unreadable:  # else references into the unreadable file would all fail
        compiler.compile_all()
    if compiler.issues:
        raise DataError(compiler.issues)
    locations = {e.subject.value: (e.mapping.path, e.mapping.line) for e in compiler.entries}
    return CompiledRegion(sorted(set(compiler.quads), key=str), compiler.counts(), files, locations,
                          compiler.hashes, compiler.notices())


class _Compiler:
    def __init__(self, kinds: KindVocabulary) -> None:
        self.kinds = kinds
        self.issues: list[Issue] = []
        self.quads: list[Quad] = []
        self.entries: list[Entry] = []
        self.by_id: dict[str, Entry] = {}
        self.sections: dict[str, dict[str, str]] = {}
        self.countries: dict[str, str] = {}
        self.used_citations: set[Citation] = set()
        self.unreadable = False
        self.hashes: dict[str, str] = {}

    # -- pass 1: index -------------------------------------------------------------------------

    def read(self, path: Path, name: str) -> None:
        root, issues, digest = read_yaml(path)
        if digest is not None:
            self.hashes[name] = digest
        self.issues += issues
        if root is None:
            self.unreadable = True
            return
        if not isinstance(root, Mapping):
            self.issues.append(root.issue("", "the file must be a mapping of collections",
                                          "start with a line such as `organisations:`"))
            return
        for name, node in root.entries.items():
            key = root.keys[name]
            if name not in COLLECTIONS:
                self.issues.append(key.issue(name, "unknown collection", closest(name, COLLECTIONS)))
            elif not isinstance(node, Sequence):
                self.issues.append(node.issue(name, "a collection must be a list of records",
                                              "start each record with `- id: ...`"))
            else:
                for index, item in enumerate(node.items):
                    self._index(name, index, item)

    def _index(self, collection: str, index: int, node: Node) -> None:
        where = f"{collection}[{index}]"
        if not isinstance(node, Mapping):
            self.issues.append(node.issue(where, "a record must be a mapping of fields",
                                          "write `- id: ...` and the fields below it"))
            return
        id_node = node.entries.get("id")
        if not isinstance(id_node, Scalar) or id_node.is_null:
            self.issues.append(node.issue(where, "the record has no `id`",
                                          "add `id:` with a lowercase-hyphenated name"))
            return
        if not is_slug(id_node.text):
            self.issues.append(id_node.issue(f"{where}.id", f"{id_node.text!r} is not a valid id",
                                             foreign_characters(id_node.text) or
                                             "use lowercase ASCII letters, digits and single "
                                             "hyphens, such as ku-leuven"))
            return
        if (first := self.by_id.get(id_node.text)) is not None:
            self.issues.append(id_node.issue(
                f"{where}.id", f"duplicate id {id_node.text!r}",
                f"first used in {first.mapping.path.name} line {first.mapping.entries['id'].line}; "
                "ids must be unique across the region"))
            return
        entry = Entry(collection, node, id_node.text)
        self.entries.append(entry)
        self.by_id[entry.id] = entry
        if collection == "documents":
            self.sections[entry.id] = self._section_ids(node)
        code = node.entries.get("code")
        if collection == "places" and isinstance(code, Scalar) and not code.is_null:
            self.countries.setdefault(code.text, entry.id)

    @staticmethod
    def _section_ids(node: Mapping) -> dict[str, str]:
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

    # -- pass 2: compile -----------------------------------------------------------------------

    def compile_all(self) -> None:
        for entry in self.entries:
            record = Record(self, entry)
            HANDLERS[entry.collection](record)
            record.finish(COLLECTIONS[entry.collection].fields)
        self._citation_graphs()

    def add(self, s: NamedNode, p: NamedNode, o: Term, graphs: Iterable[NamedNode]) -> None:
        for graph in graphs:
            self.quads.append(Quad(s, p, o, graph))

    def name_of(self, entry_id: str) -> str:
        """The first name of a record, for generated labels."""
        entry = self.by_id[entry_id]
        node = entry.mapping.entries.get("name") or entry.mapping.entries.get("title")
        if isinstance(node, Mapping):
            node = node.entries.get("en") or next(iter(node.entries.values()), None)
        return node.text if isinstance(node, Scalar) else entry_id

    def citation(self, node: Node, where: str) -> Citation | None:
        if not isinstance(node, Scalar) or node.is_null:
            self.issues.append(node.issue(where, "a citation must be text",
                                          "write document-id or document-id#section-id"))
            return None
        document, _, section = node.text.partition("#")
        if document not in self.sections:
            self.issues.append(node.issue(where, f"unknown source document {document!r}",
                                          closest(document, self.sections)))
            return None
        if section and section not in self.sections[document]:
            self.issues.append(node.issue(where, f"document {document!r} has no section {section!r}",
                                          closest(section, self.sections[document])))
            return None
        citation = Citation(document, section or None)
        self.used_citations.add(citation)
        return citation

    def citations(self, node: Node | None, where: str) -> list[Citation]:
        if node is None:
            return []
        items = node.items if isinstance(node, Sequence) else [node]
        found = [c for item in items if (c := self.citation(item, where)) is not None]
        # a document and one of its sections may both be cited: None sorts before any section
        return sorted(set(found), key=lambda c: (c.document, c.section or ""))

    def ref(self, node: Scalar, where: str, collections: tuple[str, ...]) -> NamedNode | None:
        entry = self.by_id.get(node.text)
        if entry is None or entry.collection not in collections:
            known = [e.id for e in self.entries if e.collection in collections]
            what = " or ".join(collections)
            message = (f"unknown id {node.text!r}" if entry is None
                       else f"{node.text!r} is in {entry.collection}, not in {what}")
            hint = (f"write the id {node.text.removeprefix(ID)!r}, not its IRI"
                    if node.text.startswith(ID) else
                    foreign_characters(node.text) or closest(node.text, known))
            self.issues.append(node.issue(where, message, hint))
            return None
        return entry.subject

    def country(self, node: Scalar, where: str) -> NamedNode | None:
        place = self.countries.get(node.text)
        if place is None:
            hint = ("country codes are upper case, such as BE" if node.text.upper() in self.countries
                    else "country codes are two ASCII capitals, such as BE"
                    if not node.text.isascii() else
                    "use the ISO 3166-1 alpha-2 code of a country in places")
            self.issues.append(node.issue(where, f"unknown country code {node.text!r}", hint))
            return None
        return NamedNode(ID + place)

    def counts(self) -> dict[str, int]:
        counts = {name: 0 for name in COLLECTIONS}
        for entry in self.entries:
            counts[entry.collection] += 1
        facts = {(q.subject, q.predicate, q.object) for q in self.quads
                 if q.graph_name not in (NamedNode(PROVENANCE_GRAPH), NamedNode(VOCABULARY_GRAPH))}
        counts["sources"] = counts["documents"]
        counts["links"] = len(self.links(facts))
        counts["facts"] = len(facts)
        counts["graphs"] = len({q.graph_name for q in self.quads})
        counts["quads"] = len(set(self.quads))
        return counts

    def stakeholders(self) -> set[str]:
        return {e.subject.value for e in self.entries if e.collection in stakeholder_collections()}

    def notices(self) -> list[Notice]:
        facts = {(q.subject, q.predicate, q.object) for q in self.quads}
        stakeholders = self.stakeholders()
        cited = {(c.document, c.section) for c in self.used_citations}
        documents = {d: set(sections) for d, sections in self.sections.items()}
        # an event ties its organisers and participants together in the network views, so a
        # stakeholder whose only tie is an event is no island
        events = {e.subject.value for e in self.entries if e.collection == "events"}
        return [*probable_duplicates(self.quads, stakeholders),
                *uncited_sources(documents, cited),
                *unlinked(stakeholders, self.links(facts, stakeholders | events))]

    def links(self, facts: set[tuple[Any, Any, Any]],
              ends: set[str] | None = None) -> set[tuple[str, str]]:
        """The pairs of ``ends`` (default: the stakeholders) that some fact ties together, each
        pair once."""
        ends = self.stakeholders() if ends is None else ends
        return {(min(s.value, o.value), max(s.value, o.value)) for s, _, o in facts
                if s.value in ends and o.value in ends and s != o}

    def _citation_graphs(self) -> None:
        """Describe each named graph of facts: what it was derived from."""
        provenance = [NamedNode(PROVENANCE_GRAPH)]
        for citation in self.used_citations:
            graph = citation.graph
            title = self.name_of(citation.document)
            if citation.section:
                title += " § " + self.sections[citation.document][citation.section]
            label = f"Facts stated by {title}"
            self.add(graph, RDF_TYPE, iri("rg:CitationGraph"), provenance)
            self.add(graph, RDFS_LABEL, Literal(label, language="en"), provenance)
            self.add(graph, iri("prov:wasDerivedFrom"), citation.origin, provenance)


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files of a region folder and its subfolders, sorted by path.

    Suffixes match in any case (``.yaml``, ``.YML``); hidden files and folders, editor lock and
    resource-fork files (``.#x.yaml``, ``._x.yaml``, ``#x.yaml#``, ``x.yaml~``) and the region's
    ``queries/`` folder are not data.
    """
    found = []
    for path in data_dir.rglob("*"):
        parts = path.relative_to(data_dir).parts
        if any(part.startswith((".", "_", "#")) for part in parts) or parts[0] == "queries":
            continue
        if path.suffix.lower() in (".yaml", ".yml") and not path.is_dir():
            found.append(path)
    return sorted(found)


def _readable(folder: Path) -> Path:
    """The folder relative to the working directory when it is inside it, for shorter messages."""
    try:
        return folder.resolve().relative_to(Path.cwd())
    except ValueError:
        return folder
