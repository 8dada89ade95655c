"""Reading curated YAML files into nodes that remember where they were written.

Every scalar is kept as text: YAML's implicit typing (``NO`` to ``False``, ``0419052173`` to a
number, ``2023-02-30`` to a date) never runs, so the compiler alone decides a value's type and can
report the file, line and column of anything wrong.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from regiograph.errors import Issue

__all__ = ["Mapping", "Node", "Scalar", "Sequence", "parse_yaml", "read_bytes", "read_yaml"]

try:  # libyaml is several times faster; positions are the same
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class _Loader(_SafeLoader):
    """The safe loader with a resolver that tells only null from text: every other value is
    kept as text anyway, and PyYAML's resolver (regular expressions per scalar) was a sixth of
    the time of reading a large file."""

    def resolve(self, kind: type[yaml.Node], value: str | None,
                implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return _NULL_TAG if implicit[0] and value in _NULLS else _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def _parser_limits_nesting() -> bool:
    """Whether the parser itself stops deep nesting (libyaml 0.2.6 does, at 1,000 levels): then
    composing cannot exhaust the stack, and our depth check can wait for the composed nodes."""
    try:
        yaml.compose("[" * 2000, Loader=_Loader)
    except yaml.YAMLError as exc:
        return "nesting depth" in str(exc)
    return False  # pragma: no cover - an unterminated list is always an error


_LIMITED = _parser_limits_nesting()
_DEFAULT_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    _NULL_TAG,
}


@dataclass(frozen=True, slots=True)
class Node:
    """A value in a YAML file, with its 1-based line and column."""

    path: Path
    line: int
    column: int

    def issue(self, field_name: str, message: str, hint: str = "") -> Issue:
        """An :class:`Issue` located at this node."""
        return Issue(self.path, self.line, self.column, field_name, message, hint)


@dataclass(frozen=True, slots=True)
class Scalar(Node):
    """A scalar, as the text written in the file; ``is_null`` for an empty value or ``~``."""

    text: str
    is_null: bool = False


@dataclass(frozen=True, slots=True)
class Sequence(Node):
    """A YAML list."""

    items: list[Node] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mapping(Node):
    """A YAML mapping with text keys; ``keys`` keeps each key's own node for error positions."""

    entries: dict[str, Node] = field(default_factory=dict)
    keys: dict[str, Scalar] = field(default_factory=dict)


def read_yaml(path: Path) -> tuple[Node | None, list[Issue], str | None]:
    """Read one YAML file into nodes, collecting every problem instead of stopping at the first;
    also return the SHA-256 of the bytes read (None when the file could not be read).

    Only a regular file (or a link to one) of at most :data:`MAX_BYTES` is read: a pipe or a
    device in the data folder would block or never end.

    Examples
    --------
    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = tmp.write_text("places:\\n  - {id: norway, code: NO}\\n", encoding="utf-8")
    >>> node, issues, _ = read_yaml(tmp)
    >>> node.entries["places"].items[0].entries["code"].text, issues
    ('NO', [])
    """
    raw, problem = read_bytes(path)
    if raw is None:
        return None, [problem] if problem else [], None
    digest = hashlib.sha256(raw).hexdigest()
    node, issues = parse_yaml(path, raw)
    return node, issues, digest


#: The largest data file read: far beyond any curated file, short of exhausting memory.
MAX_BYTES = 1 << 30


def read_bytes(path: Path) -> tuple[bytes | None, Issue | None]:
    """The bytes of a data file, or None and the problem (not a regular file, too large,
    unreadable)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return None, Issue(path, None, None, "", "not a regular file (a pipe, device or "
                               "folder)", "data files are plain YAML files; move it out of the "
                               "region folder")
        if info.st_size > MAX_BYTES:
            return None, Issue(path, None, None, "", f"the file is larger than "
                               f"{MAX_BYTES >> 20} MB", "split it into several files")
        return path.read_bytes(), None
    except OSError as exc:
        return None, Issue(path, None, None, "", f"cannot read the file: {exc.strerror}")


def parse_yaml(path: Path, raw: bytes) -> tuple[Node | None, list[Issue]]:
    """The nodes of a data file's bytes (``path`` names it in issues), and every problem."""
    text, issues = _decode(path, raw)
    if text is None:
        return None, issues
    if not text.strip():
        return None, [Issue(path, 1, 1, "", "the file is empty",
                            "add a collection such as `organisations:` or delete the file")]
    try:
        # the event pass finds aliases (only possible with '*' in the file) and, where the
        # parser does not limit nesting itself, refuses deep files before the composer recurses
        if (not _LIMITED or "*" in text) and (structure := _structure(path, text)):
            return None, structure
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml >= 0.2.6 stops at 1,000 levels, before we count
            return None, [_too_deep(path, line or 1, column or 1)]
        tab = mark is not None and text[mark.index:mark.index + 1] == "\t"
        return None, [Issue(path, line, column, "", f"YAML syntax error: {problem}",
                            "indent with spaces: YAML does not allow tabs here" if tab else
                            "check indentation, colons and quotes on this line")]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, such as U+0000
        # libyaml counts this position in UTF-8 bytes, the Python reader in characters
        before = (text.encode()[:exc.position].decode(errors="ignore")
                  if _SafeLoader.__name__.startswith("C") else text[:exc.position])
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return None, [Issue(path, line, column, "", f"U+{exc.character:04X} is not allowed in a "
                            "YAML file (a control character)", "delete it; it is often invisible")]
    except yaml.YAMLError as exc:
        return None, [Issue(path, None, None, "", f"YAML error: {exc}",
                            "check the file's YAML syntax")]
    if root is None:  # only comments
        return None, [Issue(path, 1, 1, "", "the file holds no data",
                            "add a collection such as `organisations:` or delete the file")]
    converter = _Converter(path)
    try:
        node = converter.convert(root)
    except _TooDeep as deep:
        return None, [deep.issue]
    return node, issues + converter.issues


#: Deeper nesting than curated data ever needs; the YAML composer recurses (and libyaml's crashes
#: the process on a few thousand levels), so deeper files are refused before composing.
MAX_DEPTH = 40


def _structure(path: Path, text: str) -> list[Issue]:
    """Aliases (``*name``: refused, as they make one value stand in two places, and can expand
    exponentially) and nesting deeper than :data:`MAX_DEPTH`, found from the parser's events
    before anything is built."""
    found = []
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        mark = event.start_mark
        if isinstance(event, yaml.AliasEvent) and mark is not None:
            found.append(Issue(path, mark.line + 1, mark.column + 1, "",
                               "YAML aliases are not supported", "write the value out in full"))
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH and mark is not None:
                return [_too_deep(path, mark.line + 1, mark.column + 1)]
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return found


def _too_deep(path: Path, line: int, column: int) -> Issue:
    return Issue(path, line, column, "", f"the data is nested more than {MAX_DEPTH} levels deep",
                 "records are mappings of fields: check the brackets and indentation here")


def _decode(path: Path, raw: bytes) -> tuple[str | None, list[Issue]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark carries no meaning; editors add it
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Issue(path, 1, 1, "", "the file is UTF-16, not UTF-8",
                            "save the file as UTF-8 (in the editor's encoding menu)")]
    if _looks_utf16(raw):
        return None, [Issue(path, 1, 1, "", "the file is UTF-16 (without a byte-order mark), not "
                            "UTF-8", "save the file as UTF-8 (in the editor's encoding menu)")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Issue(path, line, column, "", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                            "save the file as UTF-8")]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _looks_utf16(raw: bytes) -> bool:
    """Text of mostly ASCII in UTF-16 has a zero byte in every other place."""
    head = raw[:512]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return max(even.count(0), odd.count(0)) > len(head) // 4


class _TooDeep(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


class _Converter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.issues: list[Issue] = []

    def convert(self, node: yaml.Node, depth: int = 1) -> Node:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if node.tag not in _DEFAULT_TAGS:
            self.issues.append(Issue(self.path, line, column, "", f"YAML tag {node.tag!r} is not "
                                     "supported", "remove the tag"))
        if isinstance(node, yaml.ScalarNode):
            is_null = node.tag == _NULL_TAG and not node.style  # plain: None, or "" from libyaml
            return Scalar(self.path, line, column, "" if is_null else str(node.value), is_null)
        if depth > MAX_DEPTH:
            raise _TooDeep(_too_deep(self.path, line, column))
        if isinstance(node, yaml.SequenceNode):
            return Sequence(self.path, line, column,
                            [self.convert(item, depth + 1) for item in node.value])
        return self._mapping(node, line, column, depth)

    def _mapping(self, node: yaml.Node, line: int, column: int, depth: int) -> Mapping:
        entries: dict[str, Node] = {}
        keys: dict[str, Scalar] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if not isinstance(key, Scalar):
                self.issues.append(key.issue("", "a key must be plain text"))
                continue
            if key.text in entries:
                first = keys[key.text]
                self.issues.append(key.issue(key.text, f"duplicate key (first at line {first.line})",
                                             "keep one of the two"))
                continue
            keys[key.text] = key
            entries[key.text] = self.convert(value_node, depth + 1)
        return Mapping(self.path, line, column, entries, keys)
