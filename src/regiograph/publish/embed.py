"""The query widget: one self-contained HTML page that runs a query live in the visitor's browser
and shows its answer, for a web team to publish and put in an iframe.

The page carries everything inline: the Oxigraph engine (glue and wasm, see
:mod:`regiograph.publish.engine`), the dataset, the query with its parameters already bound (a
``VALUES`` block written by the engine, as for an endpoint) and the page's script. Its
Content-Security-Policy runs only those scripts (by hash) and lets them compile WebAssembly;
nothing else, and no request. The query is run once in Python first, so a mistake (an unknown
query or parameter, a syntax error) is reported before anything is written, and so the labels of
the stakeholders in the answer travel with the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from regiograph.namespaces import ID, PREFIXES, PROLOGUE
from regiograph.publish.engine import dataset_script, engine_glue, engine_script, engine_version
from regiograph.publish.viewpage import embed_snippet
from regiograph.store.sparql_text import with_values
from regiograph.templates import fill, page, read, script_json, text

if TYPE_CHECKING:
    from regiograph.queries.results import QueryResult
    from regiograph.store.embedded import GraphStore

__all__ = ["EmbedPage", "embed_page"]

#: The iframe's height for a widget: a table of about fifteen rows.
HEIGHT = 520
_LABELS = "SELECT ?e (MIN(STR(?name)) AS ?label) WHERE { ?e rdfs:label ?name } GROUP BY ?e"


@dataclass(frozen=True)
class EmbedPage:
    """A widget page: its HTML, its title, and the answer it showed when it was written."""

    html: str
    title: str
    result: QueryResult

    def snippet(self, src: str) -> str:
        """The iframe that embeds the page, published at ``src``."""
        return embed_snippet(src, self.title, height=HEIGHT)


def embed_page(store: GraphStore, name_or_text: str, params: dict[str, str] | None = None, *,
               title: str | None = None) -> EmbedPage:
    """The widget of a library query (by name), a ``.rq`` file or SPARQL text.

    Parameters
    ----------
    store : GraphStore
        The built dataset: it goes into the page whole.
    name_or_text : str
        What ``regiograph query`` takes.
    params : dict, optional
        Parameter values by name (the query's defaults otherwise).
    title : str, optional
        The page's heading; default the query's summary, or its name (a query given as text:
        "An answer from the region's graph").

    Returns
    -------
    EmbedPage
        The page, its title and today's answer. Raises
        :class:`~regiograph.errors.UsageError` for an unknown query or parameter, a bad value
        or a SPARQL syntax error.
    """
    from regiograph.queries.library import Library, resolve_query
    from regiograph.queries.running import bind_parameters, query

    found = resolve_query(name_or_text, Library.of_build(store.build_dir))  # the region's too
    values: dict[str, Any] = dict(params or {})
    again = found.text if found.name == "<stdin>" else name_or_text  # standard input is read once
    result = query(again, store=store, **values)  # every check, before anything is written
    bindings = bind_parameters(found, values)
    heading = title or found.summary or (found.name if not found.name.startswith("<")
                                         else "An answer from the region's graph")
    config = {
        "mode": "embed", "engine": engine_version(), "prologue": PROLOGUE, "prefixes": PREFIXES,
        "idBase": ID, "labels": _labels(store, result), "pages": {}, "linkPages": False,
        "embed": {"name": found.name, "text": with_values(found.text, bindings),
                  "hidden": list(bindings)},
    }
    summary = f'<p class="rg-lead">{text(found.description)}</p>' if found.description else ""
    body = fill(read("embed.html"), {"title": text(heading), "summary": summary,
                                     "answer": read("answer.html"),
                                     "engine": text(engine_version())})
    html = page(heading, body, styles=[read("query.css")], data=script_json(config),
                scripts=[engine_glue(), engine_script(), dataset_script(store), read("query.js")],
                wasm=True)
    return EmbedPage(html, heading, result)


def _labels(store: GraphStore, result: QueryResult) -> dict[str, str]:
    """The labels of the stakeholders in the answer, by id."""
    shown: set[str] = set()
    for row in result.rows:
        shown.update(t.value[len(ID):] for t in row.values()
                     if isinstance(t, ox.NamedNode) and t.value.startswith(ID))
    labels: dict[str, str] = {}
    if shown:
        for labelled in store.select(_LABELS):
            node = labelled["e"].value
            if node.startswith(ID) and node[len(ID):] in shown:
                labels[node[len(ID):]] = labelled["label"].value
    return dict(sorted(labels.items()))
