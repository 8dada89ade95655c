"""The facts each source states, counted by the build (``rg:factCount``, ``rg:subjectCount``),
are the numbers a full count of the citation graphs gives."""

from __future__ import annotations

import pyoxigraph as ox

from regiograph import GraphStore
from regiograph.curation.sourcecounts import source_counts, with_source_counts

#: The count that provenance/count-facts-by-source made before the build counted: every fact of
#: every citation graph, by the document it or its section belongs to.
FULL_COUNT = """
SELECT ?document (COUNT(*) AS ?facts) (COUNT(DISTINCT ?subject) AS ?subjects) WHERE {
  {
    SELECT DISTINCT ?document ?subject ?predicate ?object WHERE {
      ?graph rdf:type rg:CitationGraph ;
             prov:wasDerivedFrom ?origin .
      { ?origin dcterms:isPartOf ?document . }
      UNION { ?origin rdf:type rg:SourceDocument . BIND(?origin AS ?document) }
      GRAPH ?graph { ?subject ?predicate ?object }
    }
  }
}
GROUP BY ?document
"""

STORED = """
SELECT ?document ?facts ?subjects WHERE {
  ?document rdf:type rg:SourceDocument .
  OPTIONAL { ?document rg:factCount ?facts }
  OPTIONAL { ?document rg:subjectCount ?subjects }
}
"""


def _numbers(rows: list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]
             ) -> dict[str, tuple[int, int]]:
    return {row["document"].value: (int(row["facts"].value), int(row["subjects"].value))
            for row in rows}


def test_stored_counts_are_a_full_count(leuven: GraphStore) -> None:
    full = _numbers(leuven.select(FULL_COUNT))
    stored = _numbers(leuven.select(STORED))
    assert full and set(full) <= set(stored)
    assert {d: stored[d] for d in full} == full
    # a document that no fact cites states none
    assert all(stored[d] == (0, 0) for d in set(stored) - set(full))


def test_the_library_query_gives_the_stored_counts(leuven: GraphStore) -> None:
    import regiograph

    rows = regiograph.query("provenance/count-facts-by-source", store=leuven).rows
    full = _numbers(leuven.select(FULL_COUNT))
    answered = {r["document"].value: (int(r["fact_count"].value), int(r["subject_count"].value))
                for r in rows}
    assert {d: answered[d] for d in full} == full
    counts = [int(r["fact_count"].value) for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_a_fact_cited_twice_in_one_document_counts_once() -> None:
    graph = "<https://w3id.org/regiograph/graph/doc"
    lines = sorted([f"{graph}/a>\t<s>\tp\t1", f"{graph}/b>\t<s>\tp\t1", f"{graph}>\t<t>\tp\t2",
                    f"{graph}-other>\t<u>\tp\t3"])
    tails = [line.split("\t", 1)[1] for line in lines]
    assert source_counts(lines, tails, {"doc": {"a": "A", "b": "B"}, "doc-other": {},
                                        "unused": {}}) == {
        "doc": (2, 2), "doc-other": (1, 1), "unused": (0, 0)}


def test_count_lines_keep_the_lines_sorted() -> None:
    provenance = "<https://w3id.org/regiograph/graph/provenance>"
    lines = sorted(["<https://w3id.org/regiograph/graph/doc>\t<s>\tp\t1",
                    f"{provenance}\t<https://w3id.org/regiograph/id/a>\tp\t1",
                    f"{provenance}\t<https://w3id.org/regiograph/id/z>\tp\t1",
                    "<https://w3id.org/regiograph/graph/vocabulary>\t<v>\tp\t1"])
    tails = [line.split("\t", 1)[1] for line in lines]
    before = len(lines)
    merged, merged_tails = with_source_counts(lines, tails, {"doc": {}})
    assert merged == sorted(merged) and len(merged) == before + 2
    assert merged_tails == [line.split("\t", 1)[1] for line in merged]
