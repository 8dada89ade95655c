"""Finding one thing by what a person types: its id, its name or an alternative name, in any
case; else the one name that starts with it, else the one name holding each of its words; and a
"did you mean" naming the closest ids and names when nothing matches.

Shared by ``explain`` and ``view --focus`` (nodes of a projection, see
:mod:`regiograph.analysis.lookup`) and by the query parameters (ids and labels of the graph, see
:mod:`regiograph.queries.lookup`), so that a name that works in one works in the other.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from regiograph.errors import UsageError

__all__ = ["did_you_mean", "fold", "resolve_name"]

K = TypeVar("K", bound=Hashable)

#: At most this many candidates are listed when a name is ambiguous.
_LISTED = 8


def fold(text: str) -> str:
    """A name as compared: spaces collapsed, case folded.

    >>> fold("  KU   Leuven ")
    'ku leuven'
    """
    return " ".join(text.split()).casefold()


def resolve_name(name: str, known: Mapping[K, Iterable[str]], display: Callable[[K], str], *,
                 noun: str = "stakeholder", where: str = " in the graph",
                 suggest: Iterable[K] | None = None) -> K:
    """The key of ``known`` (key to every name it goes by) that ``name`` names: a name equal to
    it, else the one that starts with it, else the one that holds each of its words (a hyphen
    separating words too). ``display(key)`` is the label shown beside a key in messages;
    ``suggest`` the keys a "did you mean" may name (default: all).

    Raises :class:`~regiograph.errors.UsageError` when nothing matches (naming the closest keys
    and labels) or when several keys match (naming them).

    >>> known = {"vib": ["vib", "VIB"], "rega": ["rega", "Rega Institute for Medical Research"]}
    >>> label = {"vib": "VIB", "rega": "Rega Institute for Medical Research"}.__getitem__
    >>> resolve_name("Vib", known, label), resolve_name("rega inst", known, label)
    ('vib', 'rega')
    >>> resolve_name("medical rega", known, label)
    'rega'
    >>> resolve_name("VBI", known, label)
    Traceback (most recent call last):
    ...
    regiograph.errors.UsageError: no stakeholder 'VBI' in the graph; did you mean 'vib' (VIB)?
    """
    wanted = fold(name)
    if not wanted:
        raise UsageError(f"give a {noun}'s id or name, not an empty text")
    names = {key: {fold(n) for n in given if n} for key, given in known.items()}
    words = wanted.split()
    for matches in (
        [k for k, folded in names.items() if wanted in folded],
        [k for k, folded in names.items() if any(f.startswith(wanted) for f in folded)],
        [k for k, folded in names.items()
         if any(all(w in f.replace("-", " ").split() for w in words) for f in folded)],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            ranked = sorted(matches, key=str)
            listed = ", ".join(f"'{m}' ({display(m)})" for m in ranked[:_LISTED])
            more = f" and {len(matches) - _LISTED} more" if len(matches) > _LISTED else ""
            raise UsageError(f"'{name}' names several {noun}s: {listed}{more}; use an id")
    close = did_you_mean(wanted, known if suggest is None else suggest, display)
    raise UsageError(f"no {noun} '{name}'{where}{close}")


def did_you_mean(wanted: str, known: Iterable[K], display: Callable[[K], str]) -> str:
    """"; did you mean 'x' (X)?" for the (at most three) keys whose id or label is closest to
    ``wanted``, or "" when none is close.

    >>> did_you_mean("icovd", ["icovid", "imec"], str.upper)
    "; did you mean 'icovid' (ICOVID)?"
    """
    by_name: dict[str, K] = {}
    for key in known:
        by_name.setdefault(fold(str(key)), key)
        by_name.setdefault(fold(display(key)), key)
    close = difflib.get_close_matches(fold(wanted), list(by_name), n=6, cutoff=0.6)
    keys = list(dict.fromkeys(by_name[c] for c in close))[:3]
    if not keys:
        return ""
    return "; did you mean " + " or ".join(f"'{k}' ({display(k)})" for k in keys) + "?"
