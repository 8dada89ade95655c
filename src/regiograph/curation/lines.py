"""Compiled quads as lines of text, in the order the build writes them.

A million quads made as pyoxigraph objects cost seconds to create, seconds to sort (every sort key
asks the engine for each term's text) and gigabytes to hold. The compiler writes each quad as one
``str`` instead::

    graph TAB subject TAB rank predicate TAB object

every term in its N-Triples form (``str()`` of the pyoxigraph term, as the engine's serialisers
write it), and ``rank`` one control character: ``\\x01`` for ``rdf:type``, ``\\x02`` for
``rdfs:label``, ``\\x03`` for any other predicate. N-Triples escapes every control character
inside a literal, and an IRI holds none, so the tab sorts below every character of a term: a
plain ``sorted()`` of the lines gives the order of :func:`regiograph.store.rdf_files.sorted_quads`
(graph, subject, type and label first, predicate, object), and the lines without their graph
that of :func:`~regiograph.store.rdf_files.sorted_triples`. N-Quads and N-Triples are then the
same lines with the tabs made spaces, the rank dropped and the graph moved to the end; the tests
hold them byte for byte to the engine's own serialisers.

Examples
--------
>>> a = quad_line("<g>", "<a>", predicate_field("p"), '"A"')
>>> b = quad_line("<g>", "<a>", predicate_field(RDF_TYPE), "<T>")
>>> print(nquads(sorted([a, b])).decode(), end="")
<a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <T> <g> .
<a> <p> "A" <g> .
>>> ntriples(triple_lines([a, b, a])).decode().count("\\n")
2
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

__all__ = ["CHUNK", "RDFS_LABEL", "RDF_TYPE", "nquads", "nquads_chunks", "ntriples",
           "ntriples_chunks", "predicate_field", "quad_line", "split_line", "split_triple",
           "triple_lines"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"



def predicate_field(iri: str) -> str:
    """A predicate's field of a line: its rank character, then the IRI in angle brackets.

    >>> predicate_field(RDF_TYPE)[0], predicate_field("http://e/p")
    ('\\x01', '\\x03<http://e/p>')
    """
    rank = "\x01" if iri == RDF_TYPE else "\x02" if iri == RDFS_LABEL else "\x03"
    return f"{rank}<{iri}>"


def quad_line(graph: str, subject: str, predicate: str, obj: str) -> str:
    """One line: the graph, subject and object in N-Triples form, the predicate as
    :func:`predicate_field` writes it."""
    return f"{graph}\t{subject}\t{predicate}\t{obj}"


def split_line(line: str) -> tuple[str, str, str, str]:
    """A line's graph, subject, predicate IRI (in angle brackets) and object.

    >>> split_line(quad_line("<g>", "<s>", predicate_field("p"), '"o"'))
    ('<g>', '<s>', '<p>', '"o"')
    """
    graph, subject, predicate, obj = line.split("\t")
    return graph, subject, predicate[1:], obj


def split_triple(triple: str) -> tuple[str, str, str]:
    """A triple line's subject, predicate and object, each in N-Triples form.

    >>> split_triple(quad_line("<g>", "<s>", predicate_field("p"), '"o"').partition("\\t")[2])
    ('<s>', '<p>', '"o"')
    """
    subject, predicate, obj = triple.split("\t")
    return subject, predicate[1:], obj


def triple_lines(lines: Iterable[str]) -> list[str]:
    """The distinct triples of quad lines (each line less its graph), sorted."""
    return sorted({line[line.index("\t") + 1:] for line in lines})


def nquads(lines: list[str]) -> bytes:
    """Sorted quad lines as N-Quads, as the engine writes them: graph by graph, each line less
    its graph, which goes to its end."""
    return b"".join(nquads_chunks(lines))


def nquads_chunks(lines: list[str]) -> Iterator[bytes]:
    """:func:`nquads` in pieces of about :data:`CHUNK` lines, to write a million quads without
    holding their text several times over (1.77 GB at the build's peak with one piece)."""
    parts: list[str] = []
    held = start = 0
    while start < len(lines):
        graph = lines[start][:lines[start].index("\t")]
        # the graph's lines are together, and end before any line of a later graph
        end = bisect_right(lines, graph + "\t\U0010ffff", start)
        cut, tail = len(graph) + 1, f"\t{graph}\n"
        parts.append(tail.join([line[cut:] for line in lines[start:end]]) + tail)
        held += end - start
        start = end
        if held >= CHUNK or start == len(lines):
            yield _written("".join(parts).encode("utf-8"))
            parts, held = [], 0


def ntriples(triples: list[str]) -> bytes:
    """Sorted triple lines (:func:`triple_lines`) as N-Triples, as the engine writes them."""
    return b"".join(ntriples_chunks(triples))


def ntriples_chunks(triples: list[str]) -> Iterator[bytes]:
    """:func:`ntriples` in pieces of :data:`CHUNK` lines."""
    for start in range(0, len(triples), CHUNK):
        yield _written(("\n".join(triples[start:start + CHUNK]) + "\n").encode("utf-8"))


#: Lines a piece of :func:`nquads_chunks` or :func:`ntriples_chunks` holds (a few megabytes).
CHUNK = 20_000


#: Tabs become spaces (no byte of a multi-byte UTF-8 character is below 0x80).
_SPACES = bytes.maketrans(b"\t", b" ")


def _written(lines: bytes) -> bytes:
    """Lines (UTF-8) as N-Triples or N-Quads: tabs become spaces, the ranks go, each line ends
    in " .". On bytes each step is one pass in C: ``str.translate`` looks characters up one by
    one (eight seconds for a million quads)."""
    return lines.translate(_SPACES, b"\x01\x02\x03").replace(b"\n", b" .\n")
