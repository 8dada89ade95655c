"""A compiled region as a whole: its files' quads merged, sorted and counted, and the curators'
checks that need every file (probable duplicates, uncited sources, unlinked stakeholders)."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, compress
from operator import ne

from regiograph.curation.cache import CompiledFile
from regiograph.curation.checks import (
    Notice,
    documents_of_one_page,
    probable_duplicates,
    uncited_sources,
    unlinked,
)
from regiograph.curation.entry import Entry
from regiograph.curation.sourcecounts import with_source_counts
from regiograph.model.registry import COLLECTIONS, stakeholder_collections
from regiograph.namespaces import ID, PROVENANCE_GRAPH, VOCABULARY_GRAPH

__all__ = ["Summary", "merge_sorted"]

#: Lines of the graphs that hold no facts about the region: the sources and the vocabularies.
_NOT_FACTS = (f"<{PROVENANCE_GRAPH}>\t", f"<{VOCABULARY_GRAPH}>\t")


def merge_sorted(runs: Iterable[list[str]]) -> list[str]:
    """The distinct lines of sorted lists, sorted. Python's sort finds the sorted runs and merges
    them, so this costs little more than reading them (a million lines: a fraction of a second,
    against seconds for lines in no order).

    >>> merge_sorted([["a", "c"], ["b", "c"]])
    ['a', 'b', 'c']
    """
    merged = [line for run in runs for line in run]
    merged.sort()
    # equal lines are neighbours now: keep each line that differs from the one before it
    return list(compress(merged, chain((True,), map(ne, merged[1:], merged))))


class Summary:
    """The quads of every file merged, and what the build counts and checks in them."""

    def __init__(self, outputs: list[CompiledFile], entries: list[Entry],
                 sections: dict[str, dict[str, str]]) -> None:
        self.outputs = outputs
        self.entries = entries
        self.sections = sections
        #: Every distinct quad, sorted (:mod:`regiograph.curation.lines`).
        lines = merge_sorted(output.lines for output in outputs)
        tails = [line[line.index("\t") + 1:] for line in lines]
        # the facts each source states, counted once here rather than by every query that asks
        self.lines, tails = with_source_counts(lines, tails, sections)
        #: Every distinct triple of the merged graph, sorted.
        self.triples = merge_sorted([tails])  # sorted within each graph: runs
        #: The triples stated by some source (not only in the provenance or vocabulary graph).
        self.facts = {tail for line, tail in zip(self.lines, tails, strict=True)
                      if not line.startswith(_NOT_FACTS)}
        #: The IRIs of the stakeholders, and of the events (whose ties join stakeholders too).
        self.stakeholders = {e.subject.value for e in entries
                             if e.collection in stakeholder_collections()}
        events = {e.subject.value for e in entries if e.collection == "events"}
        self.ties = _ties(self.triples, {f"<{iri}>" for iri in self.stakeholders | events})

    def counts(self) -> dict[str, int]:
        """Records per collection, then sources, links, facts, graphs and quads."""
        counts = dict.fromkeys(COLLECTIONS, 0)
        for entry in self.entries:
            counts[entry.collection] += 1
        ends = {f"<{iri}>" for iri in self.stakeholders}
        counts["sources"] = counts["documents"]
        counts["links"] = len(_pairs((s, o) for s, o, triple in self.ties
                                     if s in ends and o in ends and triple in self.facts))
        counts["facts"] = len(self.facts)
        counts["graphs"] = len({line[:line.index("\t")] for line in self.lines})
        counts["quads"] = len(self.lines)
        return counts

    def notices(self) -> list[Notice]:
        """Probable duplicates, documents of one page, sources no fact cites, and stakeholders
        tied to no other."""
        cited = {c for output in self.outputs for c in output.citations}
        documents = {d: set(sections) for d, sections in self.sections.items()}
        # an event ties its organisers and participants together in the network views, so a
        # stakeholder whose only tie is an event is no island
        pairs = {(s[1:-1], o[1:-1]) for s, o in _pairs((s, o) for s, o, _ in self.ties)}
        checked = [value for output in self.outputs for value in output.checked]
        return [*probable_duplicates(checked, self.stakeholders),
                *documents_of_one_page(checked, {ID + document for document in documents}),
                *uncited_sources(documents, cited),
                *unlinked(self.stakeholders, pairs)]


def _ties(triples: Iterable[str], ends: set[str]) -> list[tuple[str, str, str]]:
    """Subject, object and triple of each triple between two different ``ends`` (IRIs in angle
    brackets). Most objects are literals: they are passed over by their last character."""
    found = []
    for triple in triples:
        if triple[-1] != ">":
            continue
        obj = triple[triple.rindex("\t") + 1:]
        if obj in ends:
            subject = triple[:triple.index("\t")]
            if subject in ends and subject != obj:
                found.append((subject, obj, triple))
    return found


def _pairs(ties: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Each tied pair once, whichever way its ties point."""
    return {(s, o) if s < o else (o, s) for s, o in ties}
