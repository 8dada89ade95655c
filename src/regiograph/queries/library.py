"""The query library: ``.rq`` files with grlc-style ``#+`` headers, found by name.

A header is a block of comment lines at the top of the file::

    #+ summary: Partners of a collaboration
    #+ description: Every organisation that is a member of the collaboration, with its role.
    #+ tags:
    #+   - collaborations
    #+ defaults:
    #+   - collaboration: https://w3id.org/regiograph/id/mission-lucidity

Parameters follow BASIL: a variable ``?_<name>`` is the parameter ``<name>``, and a suffix says how
its value is bound: ``?_org_iri`` an IRI (an id such as ``ku-leuven``, a prefixed name such as
``rg:University`` or a full IRI), ``?_name`` a plain literal, ``_integer``, ``_decimal``,
``_boolean``, ``_date``, or a language code (``_en``, ``_nl``) for a tagged literal. Values are
bound as RDF terms by the engine, never formatted into the query text.

Quality-control queries live in ``queries/qc/`` and are named ``*-violation.rq``: each row they
return is a violation.

A region may add its own queries and defaults in ``data/<region>/queries/`` (for Leuven, the
International Leuvenaars and which stakeholders the examples name): ``build`` copies that folder
into the build, and a :class:`Library` layers it over the generic library, so that the generic
queries stay free of any one region.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
import yaml

from regiograph.curation.values import ValueProblem, parse_date
from regiograph.errors import Issue, UsageError
from regiograph.namespaces import ID, PREFIXES, PROLOGUE

if TYPE_CHECKING:
    from regiograph.queries.results import QueryResult
    from regiograph.store.embedded import GraphStore

__all__ = [
    "REGION_DEFAULTS",
    "Library",
    "Parameter",
    "QueryFile",
    "bind_parameters",
    "discover",
    "parameters_of",
    "parse_header",
    "query",
    "read_header_text",
    "read_query",
    "resolve_query",
    "violation_queries",
]

_PARAMETER = re.compile(r"[?$]_([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
_TYPES = ("iri", "integer", "decimal", "boolean", "date")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_XSD = "http://www.w3.org/2001/XMLSchema#"
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b(?=[\s{*?$(<])", re.IGNORECASE)


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name, the variable it binds, and how its value becomes a term."""

    name: str
    variable: str
    type: str  # one of _TYPES, "literal", or a language tag
    default: str | None = None

    def term(self, value: str | ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
        """The RDF term for ``value``; raise UsageError when it does not fit the type.

        >>> Parameter("org", "_org_iri", "iri").term("ku-leuven").value
        'https://w3id.org/regiograph/id/ku-leuven'
        >>> Parameter("year", "_year_integer", "integer").term("x1")
        Traceback (most recent call last):
        ...
        regiograph.errors.UsageError: parameter year: 'x1' is not an integer (write digits, such as 2021)
        """
        if isinstance(value, ox.NamedNode | ox.Literal):
            return value
        if self.type == "iri":
            return _iri(self.name, value)
        if self.type == "literal":
            return ox.Literal(value)
        if self.type in ("integer", "decimal", "boolean"):
            return _typed(self.name, value, self.type)
        if self.type == "date":
            try:
                return parse_date(value)
            except ValueProblem as problem:
                raise UsageError(f"parameter {self.name}: {problem.message} ({problem.hint})"
                                 ) from None
        return ox.Literal(value, language=self.type)


@dataclass(frozen=True)
class QueryFile:
    """A query of the library: its name (path relative to the library, without ``.rq``),
    header fields and SPARQL text."""

    name: str
    path: Path
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)

    @property
    def parameters(self) -> list[Parameter]:
        """The parameters of the query, in order of first use, with their defaults."""
        return parameters_of(self.text, self.defaults)

    @property
    def form(self) -> str:
        """SELECT, ASK, CONSTRUCT or DESCRIBE."""
        body = re.sub(r"#[^\n]*", "", self.text)
        match = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return match[1].upper() if match else "SELECT"


def read_query(path: Path, root: Path | None = None) -> QueryFile:
    """Read one ``.rq`` file and its ``#+`` header.

    Examples
    --------
    >>> import tempfile
    >>> rq = Path(tempfile.mkdtemp()) / "list-things.rq"
    >>> _ = rq.write_text("#+ summary: Things\\n#+ tags: [demo]\\nSELECT * WHERE { ?s ?p ?o }\\n")
    >>> q = read_query(rq)
    >>> q.name, q.summary, q.tags
    ('list-things', 'Things', ('demo',))
    """
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raw = path.read_bytes()
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise UsageError(str(Issue(path, line, column, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                                   "save the query as UTF-8"))) from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the query: {exc.strerror or exc}") from None
    header = parse_header(text, path)
    name = path.relative_to(root).with_suffix("").as_posix() if root else path.stem
    tags = header.get("tags") or []
    return QueryFile(name, path, text, str(header.get("summary", "")),
                     str(header.get("description", "")),
                     tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
                     _defaults(header))


def parse_header(text: str, path: Path | None = None) -> dict[str, str | list[str]]:
    """The ``#+`` header of a query: ``key: value`` lines, indented continuation lines, and
    ``- item`` lists. Values are text, so a colon inside a description needs no quoting.

    >>> parse_header("#+ summary: A: b\\n#+ tags:\\n#+   - x\\n#+ description: one\\n#+   two")
    {'summary': 'A: b', 'tags': ['x'], 'description': 'one two'}
    """
    header: dict[str, str | list[str]] = {}
    key = None
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.startswith("#+"):
            if raw.strip() and not raw.startswith("#"):
                break  # the header ends where the query starts
            continue
        line = raw[2:]
        item = line.strip()
        if not item:
            continue
        field = re.fullmatch(r" ?([A-Za-z_][\w-]*):\s*(.*)", line)
        if field and not line.startswith("  "):
            key, value = field[1], field[2].strip()
            header[key] = ([v.strip() for v in value[1:-1].split(",") if v.strip()]
                           if value.startswith("[") and value.endswith("]") else value)
        elif key is None:
            where = Issue(path or Path("<query>"), number, 1, "#+ header",
                          "expected `#+ key: value`", "start the header with `#+ summary: ...`")
            raise UsageError(str(where))
        elif item.startswith("- "):
            current = header[key]
            header[key] = [*(current if isinstance(current, list) else []), item[2:].strip()]
        else:
            current = header[key]
            header[key] = f"{current} {item}".strip() if isinstance(current, str) else current
    return header


def _defaults(header: dict[str, str | list[str]]) -> dict[str, str]:
    """``defaults`` items written ``- name: value``."""
    items = header.get("defaults") or []
    pairs = (item.partition(":") for item in (items if isinstance(items, list) else [items]))
    return {name.strip(): value.strip() for name, sep, value in pairs if sep}


def discover(root: Path) -> list[QueryFile]:
    """Every query under ``root``, sorted by name."""
    return [read_query(p, root) for p in sorted(root.rglob("*.rq"))]


#: The file of a region's queries folder that gives the generic queries the region's defaults.
REGION_DEFAULTS = "defaults.yaml"


@dataclass(frozen=True)
class Library:
    """The generic query library, with a region's own queries and defaults layered over it.

    ``roots`` are the folders of queries, the generic library first; ``defaults`` the region's
    parameter defaults by query name, which replace those of the query's own header.

    Examples
    --------
    >>> library = Library.of_build(None)
    >>> library.find("list-collaboration-partners").name
    'collaborations/list-collaboration-partners'
    """

    roots: tuple[Path, ...]
    defaults: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of_build(cls, build: Path | None) -> Library:
        """The library for a build: the generic queries and the region's, copied into
        ``build/queries`` by ``build`` (or only the generic ones when there are none)."""
        from regiograph.resources import queries_dir

        return cls.of_region(queries_dir(), build / "queries" if build else None)

    @classmethod
    def of_region(cls, generic: Path, region: Path | None) -> Library:
        """The generic library in ``generic`` with a region's ``queries/`` folder over it."""
        if region is None or not region.is_dir():
            return cls((generic,))
        library = cls((generic, region), _region_defaults(region / REGION_DEFAULTS))
        library.check()
        return library

    def queries(self) -> list[QueryFile]:
        """Every query, generic ones first, each with the region's defaults."""
        return [self._with_defaults(read_query(path, root))
                for root in self.roots for path in sorted(root.rglob("*.rq"))]

    def names(self) -> list[str]:
        """The names of every query, sorted."""
        return sorted(q.name for q in self.queries())

    def find(self, name: str) -> QueryFile:
        """The query called ``name``, or the one whose last part is ``name`` when that is unique.

        Raises :class:`~regiograph.errors.UsageError` naming the closest name otherwise.
        """
        found = [q for q in self.queries() if name in (q.name, q.name.rsplit("/", 1)[-1])]
        if len(found) == 1:
            return found[0]
        names = self.names()
        if found:
            return next(q for q in found if q.name == name) if name in names else _ambiguous(
                name, [q.name for q in found])
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else "; run `regiograph queries` for the list"
        raise UsageError(f"no query named {name!r}{hint}")

    def violations(self) -> list[QueryFile]:
        """The quality-control queries (``*-violation.rq``) of every root."""
        return [q for q in self.queries() if q.name.endswith("-violation")]

    def check(self) -> None:
        """Refuse a region query that takes a generic query's name, and region defaults for a
        query or parameter that does not exist."""
        seen: dict[str, Path] = {}
        for found in self.queries():
            if found.name in seen:
                raise UsageError(f"{found.path}: a query named {found.name} is already in "
                                 f"{seen[found.name]}; give the region's query another name")
            seen[found.name] = found.path
        where = self.roots[-1] / REGION_DEFAULTS
        for name, values in self.defaults.items():
            if name not in seen:
                raise UsageError(f"{where}: no query named {name!r}"
                                 f"{_did_you_mean_name(name, list(seen))}")
            known = {p.name for p in parameters_of(read_query(seen[name]).text)}
            for parameter in values:
                if parameter not in known:
                    raise UsageError(f"{where}: {name} has no parameter {parameter!r}")

    def _with_defaults(self, found: QueryFile) -> QueryFile:
        extra = self.defaults.get(found.name)
        return replace(found, defaults={**found.defaults, **extra}) if extra else found


def _region_defaults(path: Path) -> dict[str, dict[str, str]]:
    """A region's defaults file: query name to a mapping of parameter to value."""
    if not path.is_file():
        return {}
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"{path}: cannot read the region's query defaults: {exc}") from None
    if not isinstance(loaded, dict) or not all(
            isinstance(v, dict) for v in loaded.values()):
        raise UsageError(f"{path}: write one line per query, `name: {{parameter: value}}`")
    return {str(name): {str(k): str(v) for k, v in values.items()}
            for name, values in loaded.items()}


def _ambiguous(name: str, names: list[str]) -> QueryFile:
    raise UsageError(f"{name!r} names several queries ({', '.join(sorted(names))}); give the "
                     "whole name")


def _did_you_mean_name(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def violation_queries(root: Path) -> list[QueryFile]:
    """The quality-control queries: files named ``*-violation.rq`` anywhere under ``root``."""
    return [read_query(p, root) for p in sorted(root.rglob("*-violation.rq"))]


def parameters_of(text: str, defaults: dict[str, str] | None = None) -> list[Parameter]:
    """The BASIL parameters of a query text.

    >>> [(p.name, p.type) for p in parameters_of("SELECT * { ?_org_iri ?p ?_label_en }")]
    [('org', 'iri'), ('label', 'en')]
    """
    body = re.sub(r"#[^\n]*", "", text)  # a parameter in a comment is not one
    found: dict[str, Parameter] = {}
    for variable in _PARAMETER.findall(body):
        name, _, suffix = variable.rpartition("_")
        if not name or not (suffix in _TYPES or re.fullmatch(r"[a-z]{2}", suffix)):
            name, suffix = variable, "literal"
        if name not in found:
            found[name] = Parameter(name, "_" + variable, suffix, (defaults or {}).get(name))
    return list(found.values())


def bind_parameters(query: QueryFile, values: dict[str, str | ox.NamedNode | ox.Literal]
                    ) -> dict[str, ox.NamedNode | ox.Literal]:
    """Bindings (variable name to term) for the given values and the query's defaults.

    Raises UsageError for an unknown parameter (with the closest known one) or a missing one.
    """
    parameters = {p.name: p for p in query.parameters}
    for name in query.defaults:
        if name not in parameters:
            raise UsageError(_in_header(query, name, f"names {name!r}, which is not a parameter "
                                        f"of the query{_did_you_mean(name, parameters)}"))
    for name in values:
        if name not in parameters:
            close = difflib.get_close_matches(name, parameters, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else (
                f"; it takes {', '.join(parameters)}" if parameters else "; it takes none")
            raise UsageError(f"query {query.name} has no parameter {name!r}{hint}")
    bindings = {}
    for name, parameter in parameters.items():
        value = values.get(name, parameter.default)
        if value is None:
            raise UsageError(f"query {query.name} needs the parameter {name!r}: "
                             f"pass --param {name}=VALUE")
        try:
            bindings[parameter.variable] = parameter.term(value)
        except UsageError as exc:
            if name in values:
                raise
            raise UsageError(_in_header(query, name, f"the default of {exc}")) from None
    return bindings


def _did_you_mean(name: str, known: dict[str, Parameter]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else (
        f" (it takes {', '.join(known)})" if known else " (it takes none)")


def _in_header(query: QueryFile, name: str, message: str) -> str:
    """``message`` placed at the ``#+ defaults`` line of ``name`` in the query's file."""
    for number, line in enumerate(query.text.splitlines(), 1):
        if re.match(rf"#\+\s+-\s*{re.escape(name)}\s*:", line):
            return str(Issue(query.path, number, line.index(name) + 1, "#+ defaults", message,
                             "fix or remove this default"))
    return f"{query.path}: {message}"


def resolve_query(name_or_text: str, library: Library | None = None) -> QueryFile:
    """A query by library name (``collaborations/list-collaboration-partners``, or just its last
    part when that is unique), by ``.rq`` file path, ``-`` for standard input, or as SPARQL text.
    ``library`` is the library to look in (default: the generic one)."""
    if name_or_text == "-":
        return QueryFile("<stdin>", Path("<stdin>"), sys.stdin.read())
    path = Path(name_or_text)
    if path.suffix == ".rq" and path.is_file():
        return read_query(path)
    if path.suffix == ".rq" and not _QUERY_FORM.search(name_or_text):
        raise UsageError(f"{path}: no such query file; give the path of a .rq file or the name "
                         "of a library query (`regiograph queries` lists them)")
    if _QUERY_FORM.search(name_or_text):
        return QueryFile("<text>", Path("<text>"), name_or_text,
                         defaults=read_header_text(name_or_text))
    return (library or Library.of_build(None)).find(name_or_text)


def read_header_text(text: str) -> dict[str, str]:
    """The ``#+ defaults:`` of a query given as text."""
    return _defaults(parse_header(text))


def _iri(name: str, value: str) -> ox.NamedNode:
    prefix, colon, local = value.partition(":")
    if not colon and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        value = ID + value
    elif colon and prefix in PREFIXES and not local.startswith("//"):
        value = PREFIXES[prefix] + local
    fix = ("write an id such as ku-leuven, a prefixed name such as rg:University, or an IRI "
           "such as https://ror.org/05f950310")
    if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", value) or _IRI_FORBIDDEN.search(value):
        raise UsageError(f"parameter {name}: {value!r} is not an id, a prefixed name or an "
                         f"absolute IRI ({fix})")
    try:
        return ox.NamedNode(value)
    except ValueError as exc:  # the engine's full IRI check (UnicodeEncodeError included)
        raise UsageError(f"parameter {name}: {value!r} is not a valid IRI ({exc}; {fix})") from None


def _typed(name: str, value: str, kind: str) -> ox.Literal:
    patterns = {"integer": r"[+-]?[0-9]+", "decimal": r"[+-]?[0-9]+(?:\.[0-9]+)?",
                "boolean": r"true|false"}
    if not re.fullmatch(patterns[kind], value):
        article = "an" if kind == "integer" else "a"
        fix = {"integer": "write digits, such as 2021", "decimal": "write digits with '.' as the "
               "decimal point, such as 1.5", "boolean": "write true or false"}[kind]
        raise UsageError(f"parameter {name}: {value!r} is not {article} {kind} ({fix})")
    return ox.Literal(value, datatype=ox.NamedNode(_XSD + kind))


def query(name_or_text: str, *, store: GraphStore | None = None, endpoint: str | None = None,
          timeout: float | None = None, allow_service: bool = False, build: Path | None = None,
          **params: str | ox.NamedNode | ox.Literal) -> QueryResult:
    """Run a library query (by name), a ``.rq`` file or SPARQL text, with bound parameters.

    Without ``store`` or ``endpoint`` it queries the last build (``build/``), and says so when
    there is none. Library names are looked up in the generic library and in the queries of the
    store's build (its region's own queries and defaults); on an endpoint, in those of ``build``
    (default ``build/``), the build that was pushed there. ``timeout`` bounds the query in
    seconds, on an endpoint and on the embedded store alike (there, it runs in a child process
    that is stopped at the deadline). A query with a ``SERVICE`` clause (a request to another
    server) is refused with a :class:`~regiograph.errors.UsageError` unless ``allow_service``
    is true.

    Examples
    --------
    >>> import tempfile
    >>> from regiograph import build
    >>> from regiograph.store.loading import load_built
    >>> store = load_built(build(out=Path(tempfile.mkdtemp()) / "build").out)
    >>> result = query("SELECT ?label WHERE { ?_org_iri rdfs:label ?label }", store=store,
    ...                org="ku-leuven")
    >>> result.column("label")
    ['KU Leuven']
    >>> len(query("list-international-leuvenaars", store=store).rows) > 0  # a Leuven query
    True
    """
    from regiograph.queries.remote import query_endpoint
    from regiograph.queries.results import QueryResult
    from regiograph.store.embedded import service_call

    if endpoint is None and store is None:
        from regiograph.store.loading import open_build

        store = open_build(Path("build"))
    found = resolve_query(name_or_text, Library.of_build(
        store.build_dir if store is not None else build or Path("build")))
    _check_form(found)
    if not allow_service and (called := service_call(found.text)) is not None:
        raise UsageError(f"{found.path}: the query calls a remote service ({called}), and "
                         "regiograph makes no request to another server unless asked "
                         "(pass --allow-service, or allow_service=True)")
    bindings = bind_parameters(found, params)
    if endpoint is not None:
        return query_endpoint(endpoint, found.text, found.form, bindings, timeout or 60.0)
    assert store is not None  # opened above when no endpoint was given
    engine = store

    def answer() -> QueryResult:
        return QueryResult.from_engine(engine.query(found.text, bindings, allow_service),
                                       found.form, bindings)

    try:
        if timeout is None:
            return answer()
        from regiograph.bounded import run_bounded

        return run_bounded(answer, timeout)
    except SyntaxError as exc:
        raise UsageError(_syntax_error(found, str(exc))) from None


def _check_form(found: QueryFile) -> None:
    """Refuse a text that is not a query (an update such as ``DROP ALL``, or nothing)."""
    body = re.sub(r"#[^\n]*", "", found.text)
    if _QUERY_FORM.search(body + " "):
        return
    first = re.search(r"\S+", body)
    if first is None:
        raise UsageError(f"{found.path}: the query is empty; write a SELECT, ASK, CONSTRUCT or "
                         "DESCRIBE query")
    line = body.count("\n", 0, first.start()) + 1
    column = first.start() - (body.rfind("\n", 0, first.start()) + 1) + 1
    raise UsageError(str(Issue(found.path, line, column, "", f"{first[0]!r} does not start a "
                               "query (updates are not run)",
                               "write a SELECT, ASK, CONSTRUCT or DESCRIBE query")))


def _syntax_error(found: QueryFile, message: str) -> str:
    """The engine's SPARQL syntax error, placed in the query's own lines (the engine counts the
    PREFIX lines that every query gets first)."""
    position = re.match(r"error at (\d+):(\d+): ", message)
    if position is None:
        return f"{found.path}: SPARQL syntax error: {message}"
    line = int(position[1]) - PROLOGUE.count("\n")
    return str(Issue(found.path, line, int(position[2]), "",
                     f"SPARQL syntax error: {message[position.end():]}",
                     "fix the SPARQL at this line and column"))
