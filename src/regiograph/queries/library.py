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
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from regiograph.errors import UsageError
from regiograph.queries.files import _QUERY_FORM, QueryFile, read_header_text, read_query
from regiograph.queries.parameters import parameters_of

if TYPE_CHECKING:
    pass

__all__ = ["REGION_DEFAULTS", "Library", "resolve_query"]

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
