"""Compiling a folder of curated YAML files into RDF quads, one named graph per cited source.

The compiler makes two passes: the first indexes every record's id (so references may point
forwards and across files), the second checks each field and emits its triples into the graph of
every source that states it. Every problem found is collected; nothing is returned unless the
whole folder is valid. ``docs/mapping.md`` lists which RDF each field becomes.

Quads are written as lines of text (:mod:`regiograph.curation.lines`), one list per data file,
with what the file looked up in the others: the compile cache
(:mod:`regiograph.curation.cache`) keeps them, so that a build after an edit compiles only the
files that changed, and those whose look-ups now answer differently.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

import regiograph.curation.collections  # noqa: F401  (registers every collection's handler)
from regiograph.curation.cache import CompileCache, CompiledFile, entry_name
from regiograph.curation.checks import KEY_PREDICATES, NAME_PREDICATES, Notice, duplicate_key
from regiograph.curation.entry import Citation, Entry
from regiograph.curation.files import data_files, readable
from regiograph.curation.handlers import HANDLERS
from regiograph.curation.index import RegionIndex, record_name, section_ids
from regiograph.curation.lines import nquads, predicate_field
from regiograph.curation.record import RDF_TYPE, RDFS_LABEL, Record, closest, iri
from regiograph.curation.summary import Summary
from regiograph.curation.values import foreign_characters, is_slug
from regiograph.curation.yamlfile import Mapping, Node, Scalar, Sequence, parse_yaml, read_bytes
from regiograph.errors import DataError, Issue, UsageError
from regiograph.model.kinds import KindVocabulary
from regiograph.model.registry import COLLECTIONS
from regiograph.namespaces import ID, PROVENANCE_GRAPH
from regiograph.version import __version__

__all__ = ["Citation", "CompiledRegion", "compile_region", "fingerprint"]

Term = NamedNode | Literal

#: Predicates whose values the duplicate check compares (names, websites, identifiers).
_CHECKED = NAME_PREDICATES | KEY_PREDICATES


@dataclass
class CompiledRegion:
    """The quads of a compiled region, and what they hold."""

    #: The distinct quads as lines (:mod:`regiograph.curation.lines`), sorted.
    lines: list[str]
    #: The distinct triples of the merged graph as lines, sorted.
    triples: list[str]
    counts: dict[str, int]
    files: list[Path] = field(default_factory=list)
    #: Where each record was written: its IRI to (file, line), for messages about the graph.
    locations: dict[str, tuple[Path, int]] = field(default_factory=dict)
    #: The SHA-256 of the bytes compiled, by path relative to the region folder.
    hashes: dict[str, str] = field(default_factory=dict)
    #: Curators' to-do notes: probable duplicates, uncited sources, unlinked stakeholders.
    notices: list[Notice] = field(default_factory=list)
    #: What each data file compiled to, by path relative to the region folder (the cache).
    compiled: dict[str, CompiledFile] = field(default_factory=dict)
    #: The data files compiled this time; the others' output came from the compile cache.
    recompiled: list[str] = field(default_factory=list)
    #: The compiler's fingerprint (:func:`fingerprint`), which names its cache entries.
    fingerprint: str = ""

    @property
    def quads(self) -> list[Quad]:
        """The quads as pyoxigraph objects, sorted by their N-Quads text."""
        return sorted(parse(nquads(self.lines), format=RdfFormat.N_QUADS), key=str)

    def cache_entries(self) -> Iterator[tuple[str, CompiledFile]]:
        """Each data file's cache entry: its path in the build, and what it holds."""
        for name, compiled in self.compiled.items():
            yield entry_name(self.fingerprint, name, compiled.digest), compiled


def compile_region(data_dir: Path, kinds: KindVocabulary,
                   cache: CompileCache | None = None) -> CompiledRegion:
    """Compile every ``*.yaml`` file of ``data_dir``; raise :class:`DataError` listing every problem.

    With ``cache`` (the compile cache of an earlier build), a file whose bytes are unchanged and
    whose look-ups into the other files give the same answers is not compiled again: its earlier
    output is used. Any problem makes the whole folder compile afresh, so that the problems
    reported are exactly those of a full compile.

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
    >>> region.counts["places"], region.counts["sources"], region.recompiled
    (1, 1, ['a.yaml'])
    """
    if not data_dir.is_dir():
        raise UsageError(f"{data_dir}: no such folder; point --data at a region folder such as "
                         "data/leuven")
    data_dir = readable(data_dir)
    files = data_files(data_dir)
    if not files:
        raise DataError([Issue(data_dir, None, None, "", "no .yaml data files in this folder",
                               "point --data at a region folder such as data/leuven")])
    names = [path.relative_to(data_dir).as_posix() for path in files]
    if cache is not None:
        compiler = _Compiler(kinds)
        if compiler.compile_files(files, names, cache) and not compiler.issues:
            return compiler.region(files)
    compiler = _Compiler(kinds)
    compiler.compile_files(files, names)
    if compiler.issues:
        raise DataError(compiler.issues)
    return compiler.region(files)


def fingerprint(kinds: KindVocabulary) -> str:
    """What a compiled file's output depends on besides its bytes and its look-ups: the version,
    the code of the compiler and the data model, and the kind vocabulary. A cache entry made with
    another fingerprint is never used."""
    digest = hashlib.sha256(f"{__version__}\0{kinds.fingerprint()}\0".encode())
    package = Path(__file__).resolve().parent.parent
    for source in sorted([*(package / "curation").rglob("*.py"), *(package / "model").rglob("*.py"),
                          package / "namespaces.py"]):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    return digest.hexdigest()


class _Compiler:
    def __init__(self, kinds: KindVocabulary) -> None:
        self.kinds = kinds
        self.fingerprint = fingerprint(kinds)
        self.issues: list[Issue] = []
        self.index = RegionIndex()
        self.unreadable = False
        self.hashes: dict[str, str] = {}
        #: Each file's output, by path relative to the region folder, in the order of the files.
        self.compiled: dict[str, CompiledFile] = {}
        self.file_of: dict[Path, str] = {}
        self.recompiled: list[str] = []
        #: The file being indexed or compiled: its quads and look-ups go to its output.
        self.current = CompiledFile("", "")
        self.provenance = CompiledFile("", "")
        self._subjects: dict[str, str] = {}
        self._predicates: dict[str, str] = {}

    # -- pass 1: index, from the files or the cache --------------------------------------------

    def compile_files(self, files: list[Path], names: list[str],
                      cache: CompileCache | None = None) -> bool:
        """Index every file and compile them (with ``cache``, only those that need it); False
        when the cache cannot be used and the folder must be compiled afresh."""
        fresh: list[str] = []
        for path, name in zip(files, names, strict=True):
            self.file_of[path] = name
            raw, problem = read_bytes(path)
            if raw is None:
                self.issues += [problem] if problem else []
                self.unreadable = True
                continue
            digest = self.hashes[name] = hashlib.sha256(raw).hexdigest()
            earlier = (cache.get(entry_name(self.fingerprint, name, digest), name, digest)
                       if cache is not None else None)
            if earlier is None:
                self.read(path, name, raw, digest)
                fresh.append(name)
            elif not self._index_cached(path, earlier):
                return False
        if cache is not None and self.issues:
            return False
        # unchanged files that look up something that changed are compiled again
        stale = [name for name, compiled in self.compiled.items()
                 if name not in fresh and not self.index.lookups_hold(compiled)]
        for name in stale:
            if not self._attach(name):
                return False
        self.recompiled = sorted([*fresh, *stale])
        if not self.unreadable:  # else references into the unreadable file would all fail
            self.compile_all(set(self.recompiled))
        return True

    def read(self, path: Path, name: str, raw: bytes, digest: str) -> None:
        root, issues = parse_yaml(path, raw)
        self.issues += issues
        if root is None:
            self.unreadable = True
            return
        self.current = self.compiled[name] = CompiledFile(name, digest)
        if not isinstance(root, Mapping):
            self.issues.append(root.issue("", "the file must be a mapping of collections",
                                          "start with a line such as `organisations:`"))
            return
        for collection, where, item in self._records(root, report=True):
            self._index(collection, where, item)

    def _records(self, root: Mapping, report: bool) -> Iterator[tuple[str, str, Node]]:
        """The records of a file: collection, place and node; with ``report``, collections that
        are not one are reported."""
        for name, node in root.entries.items():
            key = root.keys[name]
            if name not in COLLECTIONS:
                if report:
                    self.issues.append(key.issue(name, "unknown collection",
                                                 closest(name, COLLECTIONS)))
            elif not isinstance(node, Sequence):
                if report:
                    self.issues.append(node.issue(name, "a collection must be a list of records",
                                                  "start each record with `- id: ...`"))
            else:
                for index, item in enumerate(node.items):
                    yield name, f"{name}[{index}]", item

    def _index(self, collection: str, where: str, node: Node) -> None:
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
        if (first := self.index.by_id.get(id_node.text)) is not None:
            self.issues.append(id_node.issue(
                f"{where}.id", f"duplicate id {id_node.text!r}",
                f"first used in {first.path.name} line {first.id_line}; "
                "ids must be unique across the region"))
            return
        code = node.entries.get("code")
        country = (code.text if collection == "places" and isinstance(code, Scalar)
                   and not code.is_null else None)
        entry = Entry(collection, node, id_node.text, node.path, node.line, id_node.line)
        sections = section_ids(node) if collection == "documents" else None
        self.index.register(entry, record_name(node, id_node.text), sections, country,
                            self.current)

    def _index_cached(self, path: Path, earlier: CompiledFile) -> bool:
        """Index a file from its cache entry, without reading its YAML; False when one of its
        ids is taken (the full compile reports it)."""
        self.current = CompiledFile(earlier.name, earlier.digest)
        countries = {place: code for code, place in earlier.countries}
        for collection, entry_id, line, id_line, name in earlier.entries:
            if entry_id in self.index.by_id:
                return False
            sections = earlier.sections.get(entry_id) if collection == "documents" else None
            self.index.register(Entry(collection, None, entry_id, path, line, id_line), name,
                                sections, countries.get(entry_id), self.current)
        self.compiled[earlier.name] = earlier
        return self.current.countries == earlier.countries

    def _attach(self, name: str) -> bool:
        """Read the fields of a file indexed from the cache, to compile it again."""
        path = next(p for p, n in self.file_of.items() if n == name)
        raw, _ = read_bytes(path)
        if raw is None or hashlib.sha256(raw).hexdigest() != self.hashes[name]:
            return False  # changed since it was read: start afresh
        root, issues = parse_yaml(path, raw)
        if issues or not isinstance(root, Mapping):
            return False
        earlier = self.compiled[name]
        records = list(self._records(root, report=False))
        if len(records) != len(earlier.entries):
            return False
        for _, _, item in records:
            id_node = item.entries.get("id") if isinstance(item, Mapping) else None
            entry = self.index.by_id.get(id_node.text) if isinstance(id_node, Scalar) else None
            if entry is None or entry.path != path or not isinstance(item, Mapping):
                return False
            entry.mapping = item
        self.compiled[name] = CompiledFile(name, earlier.digest, earlier.entries,
                                           earlier.sections, earlier.countries)
        return True

    # -- pass 2: compile -----------------------------------------------------------------------

    def compile_all(self, names: set[str]) -> None:
        """Compile the records of the files ``names``, then describe the citation graphs."""
        for entry in self.index.entries:
            name = self.file_of[entry.path]
            if name not in names or entry.mapping is None:
                continue
            self.current = self.compiled[name]
            record = Record(self, entry)
            HANDLERS[entry.collection](record)
            record.finish(COLLECTIONS[entry.collection].fields)
            entry.mapping = None  # compiled: its YAML nodes go, not all files' at once
        self.current = self.provenance
        self._citation_graphs()
        for compiled in [*(self.compiled[name] for name in names), self.provenance]:
            compiled.lines = sorted(set(compiled.lines))  # kept sorted: merged in one pass

    def add(self, s: NamedNode, p: NamedNode, o: Term, graphs: Iterable[NamedNode]) -> None:
        subject = self._subjects.get(s.value)
        if subject is None:
            subject = self._subjects[s.value] = str(s)
        predicate = self._predicates.get(p.value)
        if predicate is None:
            predicate = self._predicates[p.value] = predicate_field(p.value)
        tail = f"{subject}\t{predicate}\t{o}"
        lines = self.current.lines
        for graph in graphs:
            lines.append(f"{graph}\t{tail}")
        if p.value in _CHECKED and (key := duplicate_key(p.value, o.value)) is not None:
            self.current.checked.append((s.value, *key))

    def name_of(self, entry_id: str) -> str:
        """The first name of a record, for generated labels."""
        name = self.current.lookups["n:" + entry_id] = self.index.names[entry_id]
        return name

    def citation(self, node: Node, where: str) -> Citation | None:
        if not isinstance(node, Scalar) or node.is_null:
            self.issues.append(node.issue(where, "a citation must be text",
                                          "write document-id or document-id#section-id"))
            return None
        document, _, section = node.text.partition("#")
        self.current.lookups["c:" + node.text] = self.index.look_up("c:" + node.text)
        if document not in self.index.sections:
            self.issues.append(node.issue(where, f"unknown source document {document!r}",
                                          closest(document, self.index.sections)))
            return None
        if section and section not in self.index.sections[document]:
            self.issues.append(node.issue(where, f"document {document!r} has no section {section!r}",
                                          closest(section, self.index.sections[document])))
            return None
        self.current.citations.add((document, section or None))
        return Citation(document, section or None)

    def citations(self, node: Node | None, where: str) -> list[Citation]:
        if node is None:
            return []
        items = node.items if isinstance(node, Sequence) else [node]
        found = [c for item in items if (c := self.citation(item, where)) is not None]
        # a document and one of its sections may both be cited: None sorts before any section
        return sorted(set(found), key=lambda c: (c.document, c.section or ""))

    def ref(self, node: Scalar, where: str, collections: tuple[str, ...]) -> NamedNode | None:
        entry = self.index.by_id.get(node.text)
        self.current.lookups["r:" + node.text] = entry.collection if entry is not None else None
        if entry is None or entry.collection not in collections:
            known = [e.id for e in self.index.entries if e.collection in collections]
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
        place = self.current.lookups["k:" + node.text] = self.index.countries.get(node.text)
        if place is None:
            hint = ("country codes are upper case, such as BE" if node.text.upper() in self.index.countries
                    else "country codes are two ASCII capitals, such as BE"
                    if not node.text.isascii() else
                    "use the ISO 3166-1 alpha-2 code of a country in places")
            self.issues.append(node.issue(where, f"unknown country code {node.text!r}", hint))
            return None
        return NamedNode(ID + place)

    def _citation_graphs(self) -> None:
        """Describe each named graph of facts: what it was derived from."""
        provenance = [NamedNode(PROVENANCE_GRAPH)]
        used = {c for compiled in self.compiled.values() for c in compiled.citations}
        for document, section in used:
            citation = Citation(document, section)
            graph = citation.graph
            title = self.name_of(citation.document)
            if citation.section:
                title += " § " + self.index.sections[citation.document][citation.section]
            label = f"Facts stated by {title}"
            self.add(graph, RDF_TYPE, iri("rg:CitationGraph"), provenance)
            self.add(graph, RDFS_LABEL, Literal(label, language="en"), provenance)
            self.add(graph, iri("prov:wasDerivedFrom"), citation.origin, provenance)

    # -- the region ----------------------------------------------------------------------------

    def region(self, files: list[Path]) -> CompiledRegion:
        """The compiled region: every file's quads merged, counted and checked."""
        outputs = [*self.compiled.values(), self.provenance]
        summary = Summary(outputs, self.index.entries, self.index.sections)
        locations = {e.subject.value: (e.path, e.line) for e in self.index.entries}
        return CompiledRegion(summary.lines, summary.triples, summary.counts(), files, locations,
                              self.hashes, summary.notices(), self.compiled,
                              sorted(self.recompiled), self.fingerprint)
