"""How many facts each source document states, counted when the region is compiled.

Counting every fact of every citation graph is a scan of the whole dataset: 1.5 s at a million
triples for ``provenance/count-facts-by-source``. The compiled lines are sorted by graph, so each
citation graph is one slice of them, found by bisection; the counts become two statements of
each document in the provenance graph (``rg:factCount``, ``rg:subjectCount``), which the query
reads. A full count in SPARQL gives the same numbers (``tests/test_source_counts.py``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from pyoxigraph import Literal, NamedNode

from regiograph.curation.entry import Citation
from regiograph.curation.lines import predicate_field, quad_line
from regiograph.namespaces import PROVENANCE_GRAPH, RG

__all__ = ["count_lines", "source_counts", "with_source_counts"]

_INTEGER = NamedNode("http://www.w3.org/2001/XMLSchema#integer")


def with_source_counts(lines: list[str], tails: list[str], sections: dict[str, dict[str, str]]
                       ) -> tuple[list[str], list[str]]:
    """``lines`` and their ``tails`` (the lines without their graph field) with the count lines
    of every document in ``sections`` (see :func:`source_counts`) in their sorted places.

    The count lines all go into the provenance graph, so only its slice of the lines is sorted
    again, in place (both lists are changed), not the million lines around it.
    """
    counted = list(count_lines(source_counts(lines, tails, sections)))
    start, end = _graph_slice(lines, NamedNode(PROVENANCE_GRAPH))
    merged = sorted([*zip(lines[start:end], tails[start:end], strict=True),
                     *((line, line[line.index("\t") + 1:]) for line in counted)])
    lines[start:end] = [line for line, _ in merged]
    tails[start:end] = [tail for _, tail in merged]
    return lines, tails


def source_counts(lines: list[str], tails: list[str], sections: dict[str, dict[str, str]]
                  ) -> dict[str, tuple[int, int]]:
    """Each document's number of distinct facts and of distinct subjects, over the citation
    graphs of the document and of its sections.

    ``lines`` are the compiled quad lines, sorted; ``tails`` the same lines without their graph
    field; ``sections`` the section ids of each document id. A document that no fact cites
    counts (0, 0).

    >>> g = "<https://w3id.org/regiograph/graph/doc"
    >>> lines = [f"{g}/a>\\t<s>\\tp\\t1", f"{g}/b>\\t<s>\\tp\\t1", f"{g}>\\t<t>\\tp\\t2"]
    >>> lines.sort()
    >>> source_counts(lines, [x.split("\\t", 1)[1] for x in lines], {"doc": {"a": "A", "b": "B"}})
    {'doc': (2, 2)}
    """
    counts = {}
    for document, ids in sections.items():
        slices = [_graph_slice(lines, Citation(document, section).graph)
                  for section in (None, *ids)]
        slices = [(start, end) for start, end in slices if end > start]
        subjects: set[str] = set()
        for start, end in slices:
            subjects.update(_subjects(tails, start, end))
        if len(slices) == 1:  # one graph: its lines are distinct already
            counts[document] = (slices[0][1] - slices[0][0], len(subjects))
            continue
        facts: set[str] = set()
        for start, end in slices:
            facts.update(tails[start:end])
        counts[document] = (len(facts), len(subjects))
    return counts


def count_lines(counts: dict[str, tuple[int, int]]) -> Iterator[str]:
    """The counts as lines of the provenance graph: ``rg:factCount`` and ``rg:subjectCount`` of
    each document, as ``xsd:integer`` literals."""
    graph = f"<{PROVENANCE_GRAPH}>"
    for document, numbers in counts.items():
        subject = str(Citation(document).origin)
        for name, number in zip(("factCount", "subjectCount"), numbers, strict=True):
            yield quad_line(graph, subject, predicate_field(RG + name),
                            str(Literal(str(number), datatype=_INTEGER)))


def _graph_slice(lines: list[str], graph: NamedNode) -> tuple[int, int]:
    """Where the lines of ``graph`` are in the sorted ``lines``: each starts with the graph
    and a tab, and no line has a newline there."""
    field = f"<{graph.value}>"
    return bisect_left(lines, field + "\t"), bisect_left(lines, field + "\n")


def _subjects(tails: list[str], start: int, end: int) -> list[str]:
    """The subjects of the sorted triple lines ``tails[start:end]``, each once: a subject's lines
    are neighbours, so the next subject is found by bisection, one step a subject rather than a
    line (a million lines hold about 150,000 subjects)."""
    found = []
    while start < end:
        tail = tails[start]
        subject = tail[:tail.index("\t")]
        found.append(subject)
        # every line of the subject continues with a tab, which sorts below a newline
        start = bisect_left(tails, subject + "\n", start, end)
    return found
