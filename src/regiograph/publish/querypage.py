"""The site's SPARQL page: every query of the library as a form, and a free SPARQL editor,
answered in the visitor's browser by the vendored Oxigraph engine on the site's own dataset.

The page itself is small: its text, and a JSON block (the queries, their parameters with the
entities that fit each, the known prefixes, the address of each stakeholder's page). Its script
(``templates/query.js``, shared in ``assets/``) loads the engine and the dataset only when a
first query runs, with a progress bar, and builds every element from the data with
``textContent``: a label is always text. Parameters are bound as the Python library binds them
for an endpoint: a ``VALUES`` block opening the WHERE clause (at the offset computed here by
:func:`regiograph.store.sparql_text.with_values`), whose terms the engine serialises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from regiograph.errors import UsageError
from regiograph.namespaces import ID, PREFIXES, PROLOGUE
from regiograph.publish.engine import (
    DATASET_FILE,
    ENGINE_FILE,
    GLUE_FILE,
    dataset_script,
    engine_glue,
    engine_script,
    engine_version,
)
from regiograph.store.sparql_text import values_clause, with_values
from regiograph.templates import SharedAssets, fill, page, read, script_json, text

if TYPE_CHECKING:
    from regiograph.queries.files import QueryFile
    from regiograph.store.embedded import GraphStore

__all__ = ["QUERY_PAGE", "compact", "library", "page_config", "query_entry", "query_page",
           "query_static_files", "site_query_files", "values_offset"]

#: The query page's file name in a site.
QUERY_PAGE = "query.html"
#: At most this many entities are offered for one parameter.
_CHOICES = 2000
#: The entities that fit a parameter: those of its default's classes (in our own vocabulary when
#: it has some there, else all of them) and of their direct superclasses in our vocabulary, so
#: that an organisation's parameter offers every organisation and a sector's every sector.
_FITTING = """
SELECT ?e (MIN(STR(?name)) AS ?label) WHERE {
  { ?_default a ?c FILTER(STRSTARTS(STR(?c), STR(rg:))) }
  UNION { ?_default a ?c FILTER NOT EXISTS { ?_default a ?own FILTER(STRSTARTS(STR(?own), STR(rg:))) } }
  UNION { ?_default a/rdfs:subClassOf ?c FILTER(STRSTARTS(STR(?c), STR(rg:))) }
  ?e a/rdfs:subClassOf* ?c . FILTER(isIRI(?e))
  OPTIONAL { ?e rdfs:label ?name }
} GROUP BY ?e ORDER BY LCASE(MIN(STR(?name))) ?e LIMIT """ + str(_CHOICES)


def library(store: GraphStore) -> list[QueryFile]:
    """The queries of the store's build, as the query library lists them: the generic ones and
    the region's own, with the region's defaults."""
    from regiograph.queries.library import Library

    return Library.of_build(store.build_dir).queries()


def query_static_files() -> dict[str, str]:
    """The page's own script and style sheet (the same for every site), by name."""
    return {"query.js": read("query.js"), "query.css": read("query.css")}


def site_query_files(store: GraphStore) -> dict[str, str]:
    """Every file the query page needs in a site's ``assets/``: its script and style sheet, the
    engine (glue and wasm) and the dataset of ``store``."""
    return {**query_static_files(), GLUE_FILE: engine_glue(), ENGINE_FILE: engine_script(),
            DATASET_FILE: dataset_script(store)}


def values_offset(text: str) -> int | None:
    """Where a query's ``VALUES`` block goes (in UTF-16 code units, as the page's script counts),
    or None for a query that cannot take one.

    >>> text = 'SELECT ?x WHERE { ?x ?p ?_o }'
    >>> text[:values_offset(text)]
    'SELECT ?x WHERE { '

    """
    marker: dict[str, ox.NamedNode | ox.Literal] = {"_rg_offset": ox.Literal("")}
    try:
        bound = with_values(text, marker)
    except UsageError:
        return None
    clause = values_clause(marker)
    at = next((i for i, (a, b) in enumerate(zip(text, bound, strict=False)) if a != b), len(text))
    while at >= 0 and bound[at:at + len(clause)] + text[at:] != bound[at:]:
        at -= 1
    return len(text[:at].encode("utf-16-le")) // 2 if at >= 0 else None


def compact(iri: str) -> str:
    """How a parameter value is written: an id, a prefixed name, or the IRI.

    >>> compact(ID + "ku-leuven"), compact(PREFIXES["rg"] + "University"), compact("https://e.org/x")
    ('ku-leuven', 'rg:University', 'https://e.org/x')
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            local = iri[len(namespace):]
            return local if prefix == "id" else f"{prefix}:{local}"
    return iri


def _choices(store: GraphStore, default: str, lists: dict[str, list[list[str]]]) -> str | None:
    """The key in ``lists`` of the entities that fit a parameter whose default is ``default``."""
    from regiograph.queries.parameters import Parameter

    try:
        term = Parameter("default", "_default_iri", "iri").term(default)
    except UsageError:
        return None
    rows = store.select(_FITTING, {"_default": term})
    entries = [[compact(r["e"].value), r["label"].value if "label" in r else ""] for r in rows]
    if not entries:
        return None
    for key, existing in lists.items():
        if existing == entries:
            return key
    key = f"c{len(lists)}"
    lists[key] = entries
    return key


def query_entry(found: QueryFile, store: GraphStore | None = None,
                lists: dict[str, list[list[str]]] | None = None) -> dict[str, Any]:
    """What the page needs of one query: its header, text, form, parameters (with the key of
    their entities in ``lists``, when a store is given) and where the VALUES block goes."""
    parameters = []
    for p in found.parameters:
        choices = (_choices(store, p.default, lists)
                   if store is not None and lists is not None and p.type == "iri" and p.default
                   else None)
        parameters.append({"name": p.name, "variable": p.variable, "type": p.type,
                           "default": p.default or "", "choices": choices})
    return {"name": found.name, "summary": found.summary, "description": found.description,
            "form": found.form, "text": found.text, "parameters": parameters,
            "valuesAt": values_offset(found.text)}


def page_config(store: GraphStore, pages: Mapping[str, tuple[str, str]],
                queries: Iterable[QueryFile], assets: str = "assets/",
                sizes: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The data of the query page: ``pages`` maps a stakeholder's id to its page's address and
    its label."""
    lists: dict[str, list[list[str]]] = {}
    entries = [query_entry(q, store, lists) for q in queries]
    return {
        "mode": "site", "engine": engine_version(), "prologue": PROLOGUE, "prefixes": PREFIXES,
        "idBase": ID, "queries": entries, "choices": lists,
        # a stakeholder's page is stakeholders/<id>.html but for the few ids that are no slug
        "labels": {node: label for node, (_href, label) in pages.items()},
        "pages": {node: href for node, (href, _label) in pages.items()
                  if href != f"stakeholders/{node}.html"},
        "assets": {"glue": assets + GLUE_FILE, "engine": assets + ENGINE_FILE,
                   "dataset": assets + DATASET_FILE},
        "sizes": dict(sizes or {}),
    }


def query_page(store: GraphStore, *, nav: str, pages: Mapping[str, tuple[str, str]],
               sizes: Mapping[str, int] | None = None) -> str:
    """The HTML of ``query.html`` (at the site's root, beside ``assets/``)."""
    config = page_config(store, pages, library(store), sizes=sizes)
    body = fill(read("query.html"), {"engine": text(engine_version()), "answer": read("answer.html")})
    shared = SharedAssets("assets/", scripts=("query.js",), styles=("page.css", "query.css"))
    return page("SPARQL in your browser", body, nav=nav, data=script_json(config), shared=shared,
                wasm=True)
