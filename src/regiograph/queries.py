"""The query library: ``.rq`` files with grlc-style ``#+`` headers, found by name.

A header is a block of comment lines at the top of the file::

    #+ summary: Partners of a collaboration
    #+ description: Every organisation that is a member of the collaboration, with its role.
    #+ tags:
    #+   - collaborations
    #+ defaults:
    #+   - collaboration: https://w3id.org/regiograph/id/mission-lucidity

Quality-control queries live in ``queries/qc/`` and are named ``*-violation.rq``: each row they
return is a violation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from regiograph.errors import Issue, UsageError

__all__ = ["QueryFile", "discover", "read_query", "violation_queries"]


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
    text = path.read_text(encoding="utf-8")
    header_lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            header_lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line_no = mark.line + 1 if mark is not None else None
        raise UsageError(str(Issue(path, line_no, None, "#+ header", "the header is not valid YAML",
                                   "write `#+ key: value` lines"))) from None
    if not isinstance(header, dict):
        raise UsageError(str(Issue(path, 1, None, "#+ header", "the header must be `key: value`")))
    name = path.relative_to(root).with_suffix("").as_posix() if root else path.stem
    defaults: dict[str, str] = {}
    for item in header.get("defaults") or []:
        if isinstance(item, dict):
            defaults.update({str(k): str(v) for k, v in item.items()})
    tags = header.get("tags") or []
    return QueryFile(name, path, text, str(header.get("summary", "")),
                     str(header.get("description", "")),
                     tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])), defaults)


def discover(root: Path) -> list[QueryFile]:
    """Every query under ``root``, sorted by name."""
    return [read_query(p, root) for p in sorted(root.rglob("*.rq"))]


def violation_queries(root: Path) -> list[QueryFile]:
    """The quality-control queries: files named ``*-violation.rq`` anywhere under ``root``."""
    return [q for q in discover(root) if q.path.name.endswith("-violation.rq")]
