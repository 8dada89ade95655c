"""Compiling a folder of curated YAML files into RDF quads, one named graph per cited source.

The compiler makes two passes: the first indexes every record's id (so references may point
forwards and across files), the second checks each field and emits its triples into the graph of
every source that states it. Every problem found is collected; nothing is returned unless the
whole folder is valid. ``docs/mapping.md`` lists which RDF each field becomes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from regiograph.curation.checks import Notice, probable_duplicates, uncited_sources, unlinked
from regiograph.curation.record import (
    BOOLEAN,
    DATE,
    ENGLISH,
    NUMBER,
    POSITIVE,
    RDF_TYPE,
    RDFS_LABEL,
    TEXT,
    URL,
    YEAR,
    Citation,
    Entry,
    Record,
    closest,
    iri,
)
from regiograph.curation.values import ValueProblem, foreign_characters, is_slug
from regiograph.curation.yamlfile import Mapping, Node, Scalar, Sequence, read_yaml
from regiograph.errors import DataError, Issue, UsageError
from regiograph.model.kinds import KindVocabulary
from regiograph.namespaces import ID, PROVENANCE_GRAPH, VOCABULARY_GRAPH

__all__ = [
    "COLLECTIONS",
    "COMPARISONS",
    "STATUSES",
    "Citation",
    "CompiledRegion",
    "compile_region",
    "data_files",
]

Term = NamedNode | Literal

_AGENT_FIELDS = (
    "id", "name", "alt_names", "former_names", "kind", "sectors", "topics", "based_in",
    "headquarters", "sites", "address", "founded", "founded_by", "initiated_by", "part_of",
    "hosted_by", "affiliated_with", "spin_off_of", "merged_into", "acquired_by", "status",
    "dissolved", "listed_on", "named_after", "members", "goals", "identifiers", "description",
    "described_as", "sources",
)
_CONCEPT_FIELDS = ("id", "name", "definition", "broader")

#: Every collection a data file may hold, with the fields its records may have.
COLLECTIONS: dict[str, tuple[str, ...]] = {
    "documents": ("id", "title", "url", "publisher", "publisher_name", "date", "date_note",
                  "language", "confidence", "sections"),
    "sectors": _CONCEPT_FIELDS,
    "topics": _CONCEPT_FIELDS,
    "roles": _CONCEPT_FIELDS,
    "places": ("id", "name", "kind", "code", "part_of", "address", "alt_names", "description",
               "described_as", "sources"),
    "organisations": _AGENT_FIELDS,
    "initiatives": _AGENT_FIELDS,
    "people": ("id", "name", "alt_names", "nationality", "lived_in", "occupations", "roles",
               "business_partners", "described_as", "description", "sources"),
    "results": ("id", "name", "kind", "achieved_by", "place", "date", "period", "topics",
                "licensed_to", "identifiers", "description", "described_as", "sources"),
    "figures": ("id", "about", "measure", "value", "unit", "approximate", "comparison", "year",
                "described_as", "sources"),
    "rankings": ("id", "ranked", "site", "publisher", "title", "edition", "rank", "out_of",
                 "sources"),
    "investments": ("id", "investee", "investors", "round", "amount", "currency", "approximate",
                    "date", "description", "sources"),
}

#: How a figure's value bounds the true number, as a source words it (``comparison``).
COMPARISONS = ("more than", "at least", "less than", "at most")

#: What became of an organisation, as a source states it (``status``).
STATUSES = ("active", "acquired", "merged", "bankrupt", "dissolved")

_STAKEHOLDERS = ("organisations", "initiatives", "people")
_ANYTHING = ("organisations", "initiatives", "people", "places", "results")
_SCHEMES = {"sectors": "rg:Sector", "topics": "rg:Topic", "roles": "rg:Role"}
_SCHEME_LABELS = {"sectors": "Sectors", "topics": "Topics", "roles": "Roles"}




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
        handlers: dict[str, Callable[[Record], None]] = {
            "documents": self._document, "sectors": self._concept, "topics": self._concept,
            "roles": self._concept, "places": self._place, "organisations": self._agent,
            "initiatives": self._agent, "people": self._person, "results": self._result,
            "figures": self._figure, "rankings": self._ranking, "investments": self._investment,
        }
        for entry in self.entries:
            record = Record(self, entry)
            handlers[entry.collection](record)
            record.finish(COLLECTIONS[entry.collection])
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
        return {e.subject.value for e in self.entries if e.collection in _STAKEHOLDERS}

    def notices(self) -> list[Notice]:
        facts = {(q.subject, q.predicate, q.object) for q in self.quads}
        stakeholders = self.stakeholders()
        cited = {(c.document, c.section) for c in self.used_citations}
        documents = {d: set(sections) for d, sections in self.sections.items()}
        return [*probable_duplicates(self.quads, stakeholders),
                *uncited_sources(documents, cited),
                *unlinked(stakeholders, self.links(facts))]

    def links(self, facts: set[tuple[Any, Any, Any]]) -> set[tuple[str, str]]:
        """The pairs of stakeholders that some fact ties together (each pair once)."""
        stakeholders = self.stakeholders()
        return {(min(s.value, o.value), max(s.value, o.value)) for s, _, o in facts
                if s.value in stakeholders and o.value in stakeholders and s != o}

    # -- collections ---------------------------------------------------------------------------

    def _document(self, r: Record) -> None:
        graph = [NamedNode(PROVENANCE_GRAPH)]
        r.citations = []
        r.emit_type(iri("rg:SourceDocument"), graph)
        title = r.required_text("title")
        if title is not None:
            self.add(r.subject, iri("dcterms:title"), Literal(title), graph)
            self.add(r.subject, RDFS_LABEL, Literal(title), graph)
        r.emit("url", "schema:url", URL, graphs=graph)
        r.emit("publisher", "dcterms:publisher", r.refs_to("organisations"), graphs=graph)
        r.emit("publisher_name", "rg:publisherName", TEXT, graphs=graph)
        r.emit("date", "dcterms:date", DATE, graphs=graph)
        r.emit("date_note", "rg:dateNote", TEXT, graphs=graph)
        language = r.one_text("language") or "en"
        self.add(r.subject, iri("dcterms:language"), Literal(language), graph)
        confidence = r.one_text("confidence") or "high"
        if confidence not in ("high", "low"):
            r.problem("confidence", f"{confidence!r} is not a confidence", "write high or low")
        self.add(r.subject, iri("rg:confidence"), Literal(confidence), graph)
        for where, section in r.mappings("sections", ("id", "title")):
            sid, stitle = section.entries.get("id"), section.entries.get("title")
            if not (isinstance(sid, Scalar) and isinstance(stitle, Scalar) and stitle.text):
                self.issues.append(section.issue(where, "a section needs an `id` and a `title`"))
                continue
            node = Citation(r.entry.id, sid.text).origin
            self.add(node, RDF_TYPE, iri("rg:SourceSection"), graph)
            self.add(node, RDFS_LABEL, Literal(f"{title} § {stitle.text}"), graph)
            self.add(node, iri("dcterms:title"), Literal(stitle.text), graph)
            self.add(node, iri("dcterms:isPartOf"), r.subject, graph)

    def _concept(self, r: Record) -> None:
        collection = r.entry.collection
        graph = [NamedNode(VOCABULARY_GRAPH)]
        scheme = NamedNode(ID + collection)
        r.citations = []
        self.add(scheme, RDF_TYPE, iri("skos:ConceptScheme"), graph)
        self.add(scheme, RDFS_LABEL, Literal(_SCHEME_LABELS[collection], language="en"), graph)
        r.emit_type(iri("skos:Concept"), graph)
        r.emit_type(iri(_SCHEMES[collection]), graph)
        if collection == "roles":
            r.emit_type(iri("org:Role"), graph)
        labels = r.names(["skos:prefLabel", "rdfs:label"], graph)
        if labels and not any(lang == "en" for lang in labels):
            r.problem("name", "a vocabulary term needs an English name", "write name: {en: ...}")
        definition = r.required_text("definition")
        if definition is not None:
            self.add(r.subject, iri("skos:definition"), Literal(definition, language="en"), graph)
        r.emit("broader", "skos:broader", r.refs_to(collection), graphs=graph)
        self.add(r.subject, iri("skos:inScheme"), scheme, graph)

    def _place(self, r: Record) -> None:
        kind = r.kind("place")
        r.names(["rdfs:label"])
        r.emit("alt_names", "skos:altLabel", TEXT, many=True)
        code = r.one_text("code")
        if kind == "country" and code is None:
            r.problem("code", "a country needs its `code`", "add code: with its ISO 3166-1 code")
        if code is not None:
            if kind != "country":
                r.problem("code", "only countries have a `code`", "remove it or set kind: country")
            elif not (len(code) == 2 and code.isascii() and code.isupper()):
                r.problem("code", f"{code!r} is not an ISO 3166-1 alpha-2 code",
                          "write two upper-case letters, such as BE")
            else:
                r.emit("code", "rg:countryCode", TEXT)
        r.emit("part_of", "rg:locatedIn", r.refs_to("places"))
        r.emit("address", "schema:address", TEXT)
        r.describe()

    def _agent(self, r: Record) -> None:
        r.kind("organisation", many=True)
        r.names(["rdfs:label"])
        r.emit("alt_names", "skos:altLabel", TEXT, many=True)
        r.emit("former_names", "rg:formerName", TEXT, many=True)
        r.emit("sectors", "rg:sector", r.refs_to("sectors"), many=True)
        r.emit("topics", "rg:topic", r.refs_to("topics"), many=True)
        places = r.refs_to("places")
        r.emit("based_in", "rg:basedIn", places, many=True)
        r.emit("headquarters", "rg:headquarteredIn", places)
        r.emit("sites", "org:hasSite", places, many=True)
        r.emit("address", "schema:address", TEXT)
        r.emit("founded", "schema:foundingDate", DATE)
        agents = r.refs_to("organisations", "initiatives", "people")
        r.emit("founded_by", "schema:founder", agents, many=True)
        r.emit("initiated_by", "rg:initiatedBy", agents, many=True)
        orgs = r.refs_to("organisations", "initiatives")
        r.emit("part_of", "org:subOrganizationOf", orgs, many=True)
        r.emit("hosted_by", "rg:hostedBy", orgs, many=True)
        r.emit("affiliated_with", "rg:affiliatedWith", orgs, many=True)
        r.emit("spin_off_of", "rg:spinOffOf", orgs, many=True)
        r.emit("merged_into", "rg:mergedInto", orgs)
        for where, item in r.mappings("acquired_by", ("by", "date", "sources", "note"),
                                      scalar_key="by"):
            self._acquisition(r, where, item)
        r.emit("status", "rg:status", _choice(STATUSES, "status"))
        r.emit("dissolved", "schema:dissolutionDate", DATE)
        r.emit("listed_on", "rg:listedOn", TEXT, many=True)
        r.emit("named_after", "rg:namedAfter", r.refs_to("people"), many=True)
        r.emit("goals", "rg:goal", ENGLISH, many=True)
        for where, item in r.mappings("members", ("member", "role", "since", "until", "sources")):
            self._membership(r, where, item, member_field="member", org=r.entry.id)
        r.identifiers()
        r.describe()

    def _person(self, r: Record) -> None:
        r.emit_type(iri("rg:Person"))
        r.names(["rdfs:label"])
        r.emit("alt_names", "skos:altLabel", TEXT, many=True)
        for where, item in r.mappings("nationality", ("country", "sources"), scalar_key="country"):
            code = item.entries.get("country")
            if not isinstance(code, Scalar):
                self.issues.append(item.issue(where, "a nationality needs a `country` code"))
            elif (country := self.country(code, f"{where}.country")) is not None:
                graphs = r.graphs_for(item, where)
                self.add(r.subject, iri("rg:nationality"), country, graphs)
        r.emit("lived_in", "rg:livedIn", r.refs_to("places"), many=True)
        r.emit("occupations", "rg:occupation", r.refs_to("roles"), many=True)
        for where, item in r.mappings("roles", ("role", "org", "since", "until", "sources")):
            self._membership(r, where, item, member_field=None, org=None)
        for node, cites in r.values("business_partners", many=True):
            partner = r.parse(node, "business_partners", r.refs_to("people"))
            if isinstance(partner, NamedNode):
                graphs = [c.graph for c in cites]
                self.add(r.subject, iri("rg:businessPartnerOf"), partner, graphs)
                self.add(partner, iri("rg:businessPartnerOf"), r.subject, graphs)
        r.describe()

    def _membership(self, r: Record, where: str, item: Mapping, member_field: str | None,
                    org: str | None) -> None:
        """A membership from an organisation's ``members`` or a person's ``roles``."""
        org_node = item.entries.get("org") if org is None else None
        member_node = item.entries.get(member_field) if member_field else None
        role_node = item.entries.get("role")
        ok = True
        for name, node in (("role", role_node), (member_field, member_node), ("org", org_node)):
            if name and (name != "org" or org is None) and not isinstance(node, Scalar):
                self.issues.append(item.issue(where, f"a membership needs `{name}`",
                                              f"add {name}: with the id of a "
                                              f"{'role' if name == 'role' else 'record'}"))
                ok = False
        if not ok:
            return
        assert isinstance(role_node, Scalar)
        role = self.ref(role_node, f"{where}.role", ("roles",))
        if member_field:
            assert isinstance(member_node, Scalar)
            member = self.ref(member_node, f"{where}.{member_field}", _STAKEHOLDERS)
            organisation: NamedNode | None = r.subject
        else:
            assert isinstance(org_node, Scalar)
            member = r.subject
            organisation = self.ref(org_node, f"{where}.org", ("organisations", "initiatives"))
        if role is None or member is None or organisation is None:
            return
        graphs = r.graphs_for(item, where)
        member_id, role_id = member.value.removeprefix(ID), role.value.removeprefix(ID)
        org_id = organisation.value.removeprefix(ID)
        membership = NamedNode(f"{ID}{member_id}--{role_id}--{org_id}")
        label = f"{self.name_of(member_id)}: {self.name_of(role_id)}, {self.name_of(org_id)}"
        self.add(membership, RDF_TYPE, iri("rg:Membership"), graphs)
        self.add(membership, RDFS_LABEL, Literal(label), graphs)
        self.add(membership, iri("org:member"), member, graphs)
        self.add(membership, iri("org:organization"), organisation, graphs)
        self.add(membership, iri("org:role"), role, graphs)
        self.add(member, iri("org:memberOf"), organisation, graphs)
        self.add(organisation, iri("org:hasMember"), member, graphs)
        for key, predicate in (("since", "rg:startDate"), ("until", "rg:endDate")):
            value = item.entries.get(key)
            if value is not None:
                term = r.parse(value, f"{where}.{key}", DATE)
                if term is not None:
                    self.add(membership, iri(predicate), term, graphs)

    def _acquisition(self, r: Record, where: str, item: Mapping) -> None:
        """An ``acquired_by`` item: who bought the organisation, and when."""
        by_node = item.entries.get("by")
        if not isinstance(by_node, Scalar):
            self.issues.append(item.issue(where, "an acquisition needs `by`",
                                          "add by: with the id of the buyer"))
            return
        buyer = self.ref(by_node, f"{where}.by", ("organisations", "initiatives", "people"))
        if buyer is None:
            return
        graphs = r.graphs_for(item, where)
        buyer_id = buyer.value.removeprefix(ID)
        event = NamedNode(f"{ID}{r.entry.id}--acquired-by--{buyer_id}")
        label = f"Acquisition of {self.name_of(r.entry.id)} by {self.name_of(buyer_id)}"
        self.add(r.subject, iri("rg:acquiredBy"), buyer, graphs)
        self.add(event, RDF_TYPE, iri("rg:Acquisition"), graphs)
        self.add(event, RDFS_LABEL, Literal(label, language="en"), graphs)
        self.add(event, iri("rg:acquiredOrganisation"), r.subject, graphs)
        self.add(event, iri("rg:acquirer"), buyer, graphs)
        if (date := item.entries.get("date")) is not None:
            term = r.parse(date, f"{where}.date", DATE)
            if term is not None:
                self.add(event, iri("dcterms:date"), term, graphs)
        if isinstance(note := item.entries.get("note"), Scalar) and note.text:
            self.add(event, iri("skos:note"), Literal(note.text, language="en"), graphs)

    def _investment(self, r: Record) -> None:
        r.emit_type(iri("rg:Investment"))
        investee = r.emit("investee", "rg:investee", r.refs_to("organisations", "initiatives"),
                          required=True)
        investors = r.emit("investors", "rg:investor", r.refs_to(*_STAKEHOLDERS), many=True)
        round_ = r.emit("round", "rg:fundingRound", TEXT)
        amount = r.emit("amount", "rg:amount", NUMBER)
        currency = r.one_text("currency") or "EUR"
        if amount:
            if not (len(currency) == 3 and currency.isascii() and currency.isupper()):
                r.problem("currency", f"{currency!r} is not a currency code",
                          "write an ISO 4217 code such as EUR or USD")
            self.add(r.subject, iri("rg:currency"), Literal(currency), r.graphs)
        r.emit("approximate", "rg:approximate", BOOLEAN)
        date = r.emit("date", "dcterms:date", DATE)
        r.emit("description", "dcterms:description", ENGLISH)
        if investee:
            for investor in investors:
                self.add(investor, iri("rg:investedIn"), investee[0], r.graphs)  # type: ignore[arg-type]
            label = f"Investment in {self.name_of(investee[0].value.removeprefix(ID))}"
            if round_:
                label += f" ({round_[0].value})"
            if amount:
                label += f": {amount[0].value} {currency}"
            if date:
                label += f", {date[0].value}"
            self.add(r.subject, RDFS_LABEL, Literal(label, language="en"), r.graphs)

    def _result(self, r: Record) -> None:
        r.kind("result")
        r.names(["rdfs:label"])
        r.emit("achieved_by", "rg:achievedBy", r.refs_to(*_STAKEHOLDERS), many=True)
        r.emit("place", "rg:achievedIn", r.refs_to("places"))
        r.emit("date", "dcterms:date", DATE)
        r.emit("period", "rg:period", TEXT)
        r.emit("topics", "rg:topic", r.refs_to("topics"), many=True)
        r.emit("licensed_to", "rg:licensedTo", r.refs_to("organisations"), many=True)
        r.identifiers()
        r.describe()

    def _figure(self, r: Record) -> None:
        r.emit_type(iri("rg:QuantitativeClaim"))
        about = r.emit("about", "rg:about", r.refs_to(*_ANYTHING), many=True, required=True)
        measure = r.required_text("measure")
        value = r.emit("value", "rg:value", NUMBER, required=True)
        unit = r.required_text("unit")
        approximate = r.emit("approximate", "rg:approximate", BOOLEAN)
        comparison = r.emit("comparison", "rg:comparison", _choice(COMPARISONS, "comparison"))
        year = r.emit("year", "rg:referenceYear", YEAR)
        if measure is not None:
            self.add(r.subject, iri("rg:measure"), Literal(measure, language="en"), r.graphs)
        if unit is not None:
            self.add(r.subject, iri("rg:unit"), Literal(unit), r.graphs)
        r.describe()
        if about and measure and value and unit:
            names = _join([self.name_of(t.value.removeprefix(ID)) for t in about])
            approx = ("about " if approximate and approximate[0].value == "true" else
                      f"{comparison[0].value} " if comparison else "")
            label = f"{measure} of {names}: {approx}{value[0].value} {unit}"
            if year:
                label += f" ({year[0].value})"
            self.add(r.subject, RDFS_LABEL, Literal(label, language="en"), r.graphs)

    def _ranking(self, r: Record) -> None:
        r.emit_type(iri("rg:Ranking"))
        ranked = r.emit("ranked", "rg:rankedEntity", r.refs_to("organisations"), required=True)
        r.emit("site", "rg:rankedSite", r.refs_to("places"))
        publisher = r.emit("publisher", "rg:rankingPublisher", r.refs_to("organisations"),
                           required=True)
        title = r.emit("title", "rg:rankingTitle", TEXT, required=True)
        edition = r.emit("edition", "rg:edition", YEAR, required=True)
        rank = r.emit("rank", "rg:rank", POSITIVE, required=True)
        out_of = r.emit("out_of", "rg:rankingSize", POSITIVE)
        if rank and out_of and int(rank[0].value) > int(out_of[0].value):
            r.problem("rank", f"rank {rank[0].value} is beyond out_of {out_of[0].value}",
                      "check both numbers")
        if ranked and publisher and title and edition and rank:
            label = (f"{self.name_of(publisher[0].value.removeprefix(ID))} {title[0].value} "
                     f"{edition[0].value}: {self.name_of(ranked[0].value.removeprefix(ID))} "
                     f"ranked {rank[0].value}")
            self.add(r.subject, RDFS_LABEL, Literal(label, language="en"), r.graphs)

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


def _choice(choices: tuple[str, ...], what: str) -> Callable[[Record, Scalar, str], Term]:
    """A parser accepting one of ``choices`` as plain text."""
    def parse(_record: Record, node: Scalar, _where: str) -> Term:
        if node.text not in choices:
            raise ValueProblem(f"unknown {what} {node.text!r}",
                               closest(node.text, choices, show_all=True))
        return Literal(node.text)
    return parse


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


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

