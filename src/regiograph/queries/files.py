"""A query file: SPARQL text with a grlc-style ``#+`` header (summary, description, tags,
defaults), read with the place of each mistake."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from regiograph.errors import Issue, UsageError
from regiograph.queries.parameters import Parameter, parameters_of

if TYPE_CHECKING:
    pass

__all__ = ["QueryFile", "discover", "parse_header", "read_header_text", "read_query", "violation_queries"]

_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b(?=[\s{*?$(<])", re.IGNORECASE)


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


def violation_queries(root: Path) -> list[QueryFile]:
    """The quality-control queries: files named ``*-violation.rq`` anywhere under ``root``."""
    return [read_query(p, root) for p in sorted(root.rglob("*-violation.rq"))]


def read_header_text(text: str) -> dict[str, str]:
    """The ``#+ defaults:`` of a query given as text."""
    return _defaults(parse_header(text))
