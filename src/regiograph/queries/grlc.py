"""The query library as grlc serves it: a flat folder of ``.rq`` files, for grlc's local mode.

grlc (https://grlc.io) turns a folder of SPARQL queries with ``#+`` YAML headers into a web API,
one call per file. It reads only the top of the folder (no subfolders), serves SELECT and
CONSTRUCT queries (it refuses ASK and DESCRIBE), substitutes a parameter's value into the text
(an ``?_x_iri`` value ``v`` becomes ``<v>``, so defaults are full IRIs) and takes its endpoint
from ``endpoint.txt``. :func:`grlc_folder` writes such a folder from the library::

    regiograph grlc -o grlc-api --endpoint http://127.0.0.1:7878/query
    regiograph serve --port 7878 &
    cd grlc-api && grlc-server          # then http://localhost:8088/api-local/

The library's own headers follow grlc's rules (valid YAML, parameter names of letters and
digits); each file is written with the defaults of the build's region (its
``data/<region>/queries/defaults.yaml``) in its header, IRIs in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from regiograph.atomic import replace_folder
from regiograph.errors import UsageError
from regiograph.queries.files import QueryFile
from regiograph.queries.library import Library

__all__ = ["DEFAULT_ENDPOINT", "GrlcFolder", "grlc_folder", "grlc_queries", "with_defaults"]

#: What ``regiograph serve --port 7878`` answers at.
DEFAULT_ENDPOINT = "http://127.0.0.1:7878/query"
#: The query forms grlc serves.
SERVED = ("SELECT", "CONSTRUCT")
#: Library folders that are not questions: the projections' queries, read by the analysis.
INTERNAL = ("projection/",)


@dataclass(frozen=True)
class GrlcFolder:
    """What :func:`grlc_folder` wrote: the calls (file names without ``.rq``) and the queries
    left out because grlc cannot serve them."""

    calls: tuple[str, ...]
    left_out: tuple[str, ...]


def grlc_queries(library: Library) -> tuple[dict[str, QueryFile], list[QueryFile]]:
    """The library's queries by their flat file name, and those grlc cannot serve.

    Raises
    ------
    UsageError
        When two served queries would have the same file name in a flat folder.
    """
    served: dict[str, QueryFile] = {}
    left_out = []
    for query in library.queries():
        if query.name.startswith(INTERNAL):
            continue
        if query.form not in SERVED:
            left_out.append(query)
            continue
        flat = query.name.rsplit("/", 1)[-1]
        if flat in served:
            raise UsageError(f"queries {served[flat].name} and {query.name} would both be "
                             f"{flat}.rq in grlc's flat folder; rename one of them")
        served[flat] = query
    return served, left_out


def grlc_folder(out: Path, endpoint: str = DEFAULT_ENDPOINT, library: Library | None = None,
                title: str = "regiograph queries") -> GrlcFolder:
    """Write the library as a folder grlc serves in its local mode, replacing ``out`` whole.

    Parameters
    ----------
    out : Path
        The folder: missing, empty, or this function's earlier output (see
        :func:`~regiograph.atomic.replace_folder`).
    endpoint : str
        The SPARQL endpoint grlc asks (``endpoint.txt``).
    library : Library, optional
        The query library (default: the generic one; a build's adds its region's queries and
        defaults, see :meth:`Library.of_build`).
    title : str
        The API's title in grlc's page.

    Returns
    -------
    GrlcFolder
        The calls written and the queries left out (ASK and DESCRIBE).
    """
    if not endpoint.startswith(("http://", "https://")) or any(c.isspace() for c in endpoint):
        raise UsageError(f"endpoint {endpoint!r} is not an http(s) address; give one such as "
                         f"{DEFAULT_ENDPOINT}")
    library = library or Library.of_build(None)
    served, left_out = grlc_queries(library)

    def write(folder: Path) -> dict[str, object]:
        for flat, query in sorted(served.items()):
            (folder / f"{flat}.rq").write_text(with_defaults(query), encoding="utf-8")
        (folder / "endpoint.txt").write_text(endpoint + "\n", encoding="utf-8")
        (folder / "local-api-config.ini").write_text(_api_config(title), encoding="utf-8")
        (folder / "config.ini").write_text(_server_config(), encoding="utf-8")
        (folder / "README.md").write_text(_readme(endpoint, sorted(served), left_out),
                                          encoding="utf-8")
        return {"endpoint": endpoint, "calls": sorted(served)}

    replace_folder(out, write, "grlc", inputs=list(library.roots))
    return GrlcFolder(tuple(sorted(served)), tuple(q.name for q in left_out))


def with_defaults(query: QueryFile) -> str:
    """The query's text with its defaults (the region's included) in its header, as grlc reads
    them: an IRI parameter's default in full, since grlc writes it between ``<`` and ``>``.

    >>> q = QueryFile("q", Path("q.rq"), "#+ summary: Q\\nSELECT * { ?_org_iri ?p ?o }\\n",
    ...               defaults={"org": "ku-leuven"})
    >>> print(with_defaults(q))
    #+ summary: Q
    #+ defaults:
    #+   - org: https://w3id.org/regiograph/id/ku-leuven
    SELECT * { ?_org_iri ?p ?o }
    <BLANKLINE>
    """
    lines = query.text.splitlines(keepends=True)
    header = 0
    while header < len(lines) and lines[header].startswith("#+"):
        header += 1
    kept = re.sub(r"#\+ defaults:\n(?:#\+ {3}- .*\n)*", "", "".join(lines[:header]))
    defaults = [f"#+   - {p.name}: {p.term(p.default).value}\n"
                for p in query.parameters if p.default is not None]
    block = "#+ defaults:\n" + "".join(defaults) if defaults else ""
    return kept + block + "".join(lines[header:])


def _api_config(title: str) -> str:
    """grlc's ``local-api-config.ini``: the title and description of the API page."""
    return ("[repo_info]\n"
            f"repo_title = {title}\n"
            "api_description = The regiograph query library (https://w3id.org/regiograph), "
            "one call per query\n"
            "contact_name = \n"
            "contact_url = \n"
            "licence_url = \n")


def _server_config() -> str:
    """A ``config.ini`` for ``grlc-server`` started in this folder: serve the folder itself."""
    return ("[local]\n"
            "local_sparql_dir = .\n"
            "\n"
            "[defaults]\n"
            "server_name = localhost:8088\n"
            "debug = False\n")


def _readme(endpoint: str, calls: list[str], left_out: list[QueryFile]) -> str:
    lines = ["# The regiograph query library for grlc", "",
             "Written by `regiograph grlc`: every question of the library as one `.rq` file at "
             "the top of the folder (grlc does not look into subfolders), with its `#+` header.",
             "", "```bash",
             "regiograph serve --port 7878      # the endpoint below, read-only",
             "pip install grlc                  # in its own virtual environment",
             "cd this-folder && grlc-server     # reads config.ini: serves this folder",
             "# then open http://localhost:8088/api-local/", "```", "",
             f"grlc asks `{endpoint}` (`endpoint.txt`). Every parameter has a default: an IRI "
             "parameter's default is a full IRI, since grlc writes the value given between `<` "
             "and `>`, so give full IRIs (`https://w3id.org/regiograph/id/icovid`) rather than "
             "ids.", "", f"Calls ({len(calls)}): " + ", ".join(f"`{c}`" for c in calls) + "."]
    if left_out:
        lines += ["", "Left out, because grlc serves SELECT and CONSTRUCT queries only (run them "
                  "with `regiograph query NAME`): "
                  + ", ".join(f"`{q.name}` ({q.form})" for q in left_out) + "."]
    return "\n".join(lines) + "\n"
