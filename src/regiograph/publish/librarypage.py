"""The site's query library page: every library query with its summary, parameters, text and its
answer on the build (the first rows), each entity in an answer linked to its page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from regiograph.store.embedded import GraphStore
from regiograph.templates import page, text

__all__ = ["library_page"]

#: Rows of an answer shown on the page; the rest are counted.
_SHOWN_ROWS = 25


def library_page(store: GraphStore, nav: str, cell: Callable[[Any], str]) -> str:
    from regiograph.queries.library import Library
    from regiograph.queries.running import query

    library = Library.of_build(store.build_dir).queries()
    sections = []
    for q in library:
        try:
            result: Any = query(q.name, store=store)
        except Exception as exc:  # a broken query of the library must not stop the site
            result = exc
        sections.append(_query(q, result, cell))
    body = ('<h1>Query library</h1><p class="rg-lead">'
            f"{len(library)} SPARQL queries, each with its answer on this build (parameters "
            "at their defaults). Run them with <code>regiograph query NAME</code>.</p>"
            f'<nav aria-label="Queries"><ul class="rg-columns">'
            + "".join(f'<li><a href="#{text(q.name)}">{text(q.name)}</a></li>' for q in library)
            + "</ul></nav>" + "".join(sections))
    return page("Query library", body, nav=nav)

def _query(q: Any, result: Any, cell: Callable[[Any], str]) -> str:
    parameters = ", ".join(f"{p.name} = {p.default}" if p.default else p.name for p in q.parameters)
    parts = [f'<section class="rg-query" aria-labelledby="{text(q.name)}">',
             f'<h2 id="{text(q.name)}">{text(q.name)}</h2>',
             f"<p><strong>{text(q.summary)}</strong></p>" if q.summary else "",
             f"<p>{text(q.description)}</p>" if q.description else "",
             f"<p>Parameters: {text(parameters)}</p>" if parameters else "",
             f"<details><summary>SPARQL</summary><pre><code>{text(q.text)}</code></pre></details>",
             f"<h3>Answer</h3>{_answer(result, cell)}</section>"]
    return "".join(parts)

def _answer(result: Any, cell: Callable[[Any], str]) -> str:
    if isinstance(result, Exception):
        return f"<p>Could not run on this build: {text(result)}</p>"
    if result.form == "ASK":
        return f"<p>{'yes' if result.boolean else 'no'}</p>"
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        lines = result.graph_text().splitlines()
        return (f"<p>{len(lines)} triples.</p><pre><code>{text(chr(10).join(lines[:_SHOWN_ROWS]))}"
                f"</code></pre>")
    head = "".join(f'<th scope="col">{text(v)}</th>' for v in result.variables)
    rows = "".join("<tr>" + "".join(f"<td>{cell(row.get(v))}</td>" for v in result.variables)
                   + "</tr>" for row in result.rows[:_SHOWN_ROWS])
    more = len(result.rows) - _SHOWN_ROWS
    note = f"<p>… and {more} more rows.</p>" if more > 0 else ""
    return (f"<p>{len(result.rows)} rows.</p><div class=\"rg-scroll\"><table><thead><tr>{head}"
            f"</tr></thead><tbody>{rows}</tbody></table></div>{note}")
