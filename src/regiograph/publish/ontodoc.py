"""HTML documentation of the ontology: every class and property with its labels, definition,
hierarchy, domain and range, and its alignments to the standard vocabularies; and every concept
of a SKOS vocabulary (the kinds).

It reads the Turtle files themselves, so the documentation is always that of the ontology the
graph was built with. (pyLODE would do this too, but its current release, 3.4.1, does not import:
its ``version.py`` reads a ``pyproject.toml`` that its wheel does not ship.)

Examples
--------
>>> from regiograph.resources import ontology_dir
>>> body = document([ontology_dir() / "regiograph.ttl"])
>>> 'id="rg:Organisation"' in body and "org:Organization" in body
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from regiograph.namespaces import PREFIXES
from regiograph.templates import text

__all__ = ["document"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Index = dict[object, dict[str, list[Term]]]

_OWL = "http://www.w3.org/2002/07/owl#"
_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_DC = PREFIXES["dcterms"]
_VANN = "http://purl.org/vocab/vann/"
_FOAF = PREFIXES["foaf"]
_KNOWN = {**PREFIXES, "vann": _VANN, "rga": "https://w3id.org/regiograph/analysis#"}
_SECTIONS = [("Class", "classes", "Classes"), ("ObjectProperty", "object-properties", "Object properties"),
             ("DatatypeProperty", "datatype-properties", "Datatype properties"),
             ("AnnotationProperty", "annotation-properties", "Annotation properties")]
_CHARACTERISTICS = ("SymmetricProperty", "TransitiveProperty", "FunctionalProperty",
                    "InverseFunctionalProperty", "AsymmetricProperty", "ReflexiveProperty",
                    "IrreflexiveProperty")


def document(paths: Sequence[Path]) -> str:
    """The documentation of ontology and SKOS files, as the body of a page (HTML)."""
    parts = []
    for path in paths:
        index = _index(path)
        ontology = _first_of_type(index, _OWL + "Ontology")
        scheme = _first_of_type(index, _SKOS + "ConceptScheme")
        if scheme is not None:  # a SKOS vocabulary, published as an ontology too (the kinds)
            parts.append(_scheme(index, scheme, path, ontology))
        elif ontology is not None:
            parts.append(_ontology(index, ontology, path))
    return "\n".join(parts)


def _index(path: Path) -> Index:
    index: Index = defaultdict(lambda: defaultdict(list))
    for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        index[triple.subject][triple.predicate.value].append(triple.object)
    return index


def _first_of_type(index: Index, cls: str) -> ox.NamedNode | None:
    for subject, values in index.items():
        if isinstance(subject, ox.NamedNode) and ox.NamedNode(cls) in values.get(_RDF + "type", []):
            return subject
    return None


def _literal(index: Index, subject: object, predicate: str) -> str:
    """The English (else the first) literal value of a predicate, or ''."""
    values = [v for v in index.get(subject, {}).get(predicate, []) if isinstance(v, ox.Literal)]
    english = [v for v in values if (v.language or "").startswith("en")]
    return (english or values or [ox.Literal("")])[0].value


class _Names:
    """How a documented ontology names terms: its own as in-page links, the rest as prefixed
    names linking to their IRIs."""

    def __init__(self, index: Index, namespace: str, prefix: str) -> None:
        self.index, self.namespace, self.prefix = index, namespace, prefix

    def local(self, iri: str) -> str | None:
        return iri.removeprefix(self.namespace) if iri.startswith(self.namespace) else None

    def short(self, iri: str) -> str:
        if (local := self.local(iri)) is not None:
            return f"{self.prefix}:{local}"
        for prefix, namespace in _KNOWN.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri.removeprefix(namespace)}"
        return iri

    def html(self, term: Term) -> str:
        if isinstance(term, ox.Literal):
            return text(term.value)
        if isinstance(term, ox.BlankNode):
            return self._expression(term)
        if self.local(term.value) is not None:
            short = text(self.short(term.value))
            return f'<a href="#{short}"><code>{short}</code></a>'
        return _external(term.value, f"<code>{text(self.short(term.value))}</code>")

    def _expression(self, node: ox.BlankNode) -> str:
        for key, word in (("unionOf", " or "), ("intersectionOf", " and ")):
            if members := self.index.get(node, {}).get(_OWL + key):
                return word.join(self.html(m) for m in _list(self.index, members[0]))
        return "an anonymous class"


def _external(iri: str, inner: str) -> str:
    """``inner`` (HTML) as a link to an IRI on the web; an IRI of any other scheme
    (``javascript:``, ``data:``, ``vbscript:``...) is shown but never made a link.

    >>> _external("javascript:alert(1)", "<code>x</code>")
    '<code>x</code>'
    """
    if iri.lower().startswith(("http://", "https://")):
        return f'<a href="{text(iri)}" rel="external">{inner}</a>'
    return inner


def _list(index: Index, head: Term) -> list[Term]:
    """The members of an RDF list."""
    members: list[Term] = []
    while isinstance(head, ox.BlankNode) and index.get(head, {}).get(_RDF + "first"):
        members.append(index[head][_RDF + "first"][0])
        head = index[head][_RDF + "rest"][0]
    return members


def _ontology(index: Index, ontology: ox.NamedNode, path: Path) -> str:
    namespace = _literal(index, ontology, _VANN + "preferredNamespaceUri") or ontology.value + "#"
    prefix = _literal(index, ontology, _VANN + "preferredNamespacePrefix") or "ont"
    names = _Names(index, namespace, prefix)
    terms = {name: _typed(index, names, _OWL + name) for name, _anchor, _title in _SECTIONS}
    title = _literal(index, ontology, _DC + "title") or ontology.value
    head = [f'<section class="rg-ontology" aria-labelledby="{text(prefix)}-title">',
            f'<h2 id="{text(prefix)}-title">{text(title)}</h2>',
            f"<p>{text(_literal(index, ontology, _DC + 'description'))}</p>",
            _metadata(index, ontology, namespace, prefix, path), _contents(terms, names)]
    inverse = _inverse(index)
    sections = [_terms(index, names, terms[name], f"{prefix}-{anchor}", heading, inverse)
                for name, anchor, heading in _SECTIONS if terms[name]]
    return "\n".join([*head, *sections, "</section>"])


def _typed(index: Index, names: _Names, cls: str) -> list[ox.NamedNode]:
    """The ontology's own terms of a type, alphabetically."""
    typed = [s for s, v in index.items() if isinstance(s, ox.NamedNode) and names.local(s.value)
             and ox.NamedNode(cls) in v.get(_RDF + "type", [])]
    return sorted(typed, key=lambda s: s.value.lower())


def _metadata(index: Index, ontology: ox.NamedNode, namespace: str, prefix: str, path: Path) -> str:
    rows = [("IRI", f"<code>{text(ontology.value)}</code>"),
            ("Namespace", f"<code>{text(prefix)}: {text(namespace)}</code>"),
            *_published(index, ontology), ("Source file", f"<code>{text(path.name)}</code>")]
    return _dl(rows)


def _published(index: Index, ontology: ox.NamedNode) -> list[tuple[str, str]]:
    """Version, dates, creator, publisher and licence of an ontology header (HTML values)."""
    return [("Version", text(_literal(index, ontology, _OWL + "versionInfo"))),
            ("Created", text(_literal(index, ontology, _DC + "created"))),
            ("Modified", text(_literal(index, ontology, _DC + "modified"))),
            ("Creator", _agents(index, index[ontology].get(_DC + "creator", []))),
            ("Publisher", _agents(index, index[ontology].get(_DC + "publisher", []))),
            ("Licence", " ".join(_external(v.value, text(v.value))
                                 for v in index[ontology].get(_DC + "license", [])))]


def _agents(index: Index, agents: list[Term]) -> str:
    """Agents by name (``foaf:name``, else their label, else their IRI); a literal as it is."""
    names = [text(_literal(index, a, _FOAF + "name") or _literal(index, a, _RDFS + "label")
                  or a.value) for a in agents]
    return ", ".join(names)


def _contents(terms: dict[str, list[ox.NamedNode]], names: _Names) -> str:
    items = []
    for name, anchor, heading in _SECTIONS:
        if terms[name]:
            links = ", ".join(names.html(t) for t in terms[name])
            items.append(f'<li><a href="#{text(names.prefix)}-{anchor}">{heading}</a> '
                         f"({len(terms[name])}): {links}</li>")
    return f'<nav aria-label="Terms"><ul>{"".join(items)}</ul></nav>'


def _terms(index: Index, names: _Names, terms: list[ox.NamedNode], anchor: str, heading: str,
           inverse: dict[tuple[str, str], list[Term]]) -> str:
    articles = [_term(index, names, t, inverse) for t in terms]
    return f'<h3 id="{text(anchor)}">{text(heading)}</h3>\n' + "\n".join(articles)


def _inverse(index: Index) -> dict[tuple[str, str], list[Term]]:
    """Who points at each IRI, by predicate: (predicate, object IRI) to subjects."""
    pointing: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for subject, values in index.items():
        if isinstance(subject, ox.NamedNode):
            for predicate, objects in values.items():
                for obj in objects:
                    for target in _named(index, obj):
                        pointing[(predicate, target)].append(subject)
    return pointing


def _named(index: Index, term: Term) -> list[str]:
    """The IRIs a term stands for: itself, or the members of a union."""
    if isinstance(term, ox.NamedNode):
        return [term.value]
    if isinstance(term, ox.BlankNode) and (members := index.get(term, {}).get(_OWL + "unionOf")):
        return [m.value for m in _list(index, members[0]) if isinstance(m, ox.NamedNode)]
    return []


def _term(index: Index, names: _Names, term: ox.NamedNode,
          inverse: dict[tuple[str, str], list[Term]]) -> str:
    values = index[term]
    local = names.local(term.value) or term.value
    label = _literal(index, term, _RDFS + "label") or local
    supers = values.get(_RDFS + "subClassOf", []) + values.get(_RDFS + "subPropertyOf", [])
    ours = [s for s in supers if not (isinstance(s, ox.NamedNode) and names.local(s.value) is None)]
    aligned = [s for s in supers + values.get(_OWL + "equivalentClass", [])
               + values.get(_OWL + "equivalentProperty", [])
               if isinstance(s, ox.NamedNode) and names.local(s.value) is None]
    subs = (inverse.get((_RDFS + "subClassOf", term.value), [])
            + inverse.get((_RDFS + "subPropertyOf", term.value), []))
    kinds = [c for c in _CHARACTERISTICS if ox.NamedNode(_OWL + c) in values.get(_RDF + "type", [])]
    rows = [("IRI", f"<code>{text(term.value)}</code>"),
            ("Definition", text(_literal(index, term, _SKOS + "definition"))),
            ("Labels", text(_labels(values.get(_RDFS + "label", [])))),
            ("Broader", _join(names, ours)), ("Aligned to", _join(names, aligned)),
            ("Narrower", _join(names, sorted(subs, key=str))),
            ("Domain", _join(names, values.get(_RDFS + "domain", []))),
            ("Range", _join(names, values.get(_RDFS + "range", []))),
            ("Inverse of", _join(names, values.get(_OWL + "inverseOf", []))),
            ("Characteristics", text(", ".join(k.removesuffix("Property").lower() for k in kinds))),
            ("Domain of", _join(names, sorted(inverse.get((_RDFS + "domain", term.value), []), key=str))),
            ("Range of", _join(names, sorted(inverse.get((_RDFS + "range", term.value), []), key=str)))]
    return (f'<article class="rg-term" id="{text(names.short(term.value))}"><h4>{text(label)} '
            f"<code>{text(names.short(term.value))}</code></h4>{_dl(rows)}</article>")


def _labels(labels: list[Term]) -> str:
    """Every label with its language."""
    return ", ".join(f"{v.value} ({v.language or '-'})" for v in labels if isinstance(v, ox.Literal))


def _join(names: _Names, terms: Iterable[Term]) -> str:
    return ", ".join(dict.fromkeys(names.html(t) for t in terms))


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    """A definition list of the rows with a value (values are HTML)."""
    items = "".join(f"<dt>{text(key)}</dt><dd>{value}</dd>" for key, value in rows if value)
    return f'<dl class="rg-dl">{items}</dl>'


def _scheme(index: Index, scheme: ox.NamedNode, path: Path,
            ontology: ox.NamedNode | None = None) -> str:
    names = _Names(index, scheme.value + "/", "kind")
    concepts = sorted((s for s, v in index.items() if isinstance(s, ox.NamedNode)
                       and ox.NamedNode(_SKOS + "Concept") in v.get(_RDF + "type", [])),
                      key=lambda s: s.value)
    rows = []
    for concept in concepts:
        local = names.local(concept.value) or concept.value
        cells = [f'<th scope="row" id="{text(names.short(concept.value))}"><code>{text(local)}</code></th>',
                 f"<td>{text(_literal(index, concept, _SKOS + 'prefLabel'))}</td>",
                 f"<td>{text(_literal(index, concept, _SKOS + 'definition'))}</td>",
                 f"<td>{_join(names, index[concept].get(_SKOS + 'broader', []))}</td>",
                 f"<td>{_join(names, index[concept].get(PREFIXES['rg'] + 'classOfKind', []))}</td>"]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    title = _literal(index, scheme, _SKOS + "prefLabel") or scheme.value
    published = _published(index, ontology) if ontology is not None else []
    rows_of_scheme = [("IRI", f"<code>{text(scheme.value)}</code>"), *published,
                      ("Source file", text(path.name))]
    return (f'<section class="rg-ontology" aria-labelledby="scheme-{text(path.stem)}">'
            f'<h2 id="scheme-{text(path.stem)}">{text(title)}</h2>'
            f"<p>{text(_literal(index, scheme, _SKOS + 'definition'))}</p>"
            f"{_dl(rows_of_scheme)}"
            '<div class="rg-scroll"><table><caption>Concepts</caption><thead><tr><th scope="col">Id</th>'
            '<th scope="col">Label</th><th scope="col">Definition</th><th scope="col">Broader</th>'
            f'<th scope="col">Class</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></section>')
