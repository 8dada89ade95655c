"""Labels are data from anyone: made safe for the two places where text is also a command.

A terminal obeys escape sequences (clear the screen, set the title, write the clipboard with
OSC 52), and a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@`` as a formula
(OWASP: CSV injection). :func:`for_terminal` shows control characters as visible escapes;
:func:`for_spreadsheet` prefixes a formula-like cell with an apostrophe, which Excel,
LibreOffice and Google Sheets read as "this is text" and do not display.
"""

from __future__ import annotations

import re

__all__ = ["for_spreadsheet", "for_terminal"]

# C0 and C1 controls but newline and tab, DEL, and the bidirectional overrides that can make
# text read differently from what it is (U+202A-U+202E, U+2066-U+2069)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def for_terminal(text: str) -> str:
    r"""``text`` with every control character shown as an escape instead of obeyed.

    >>> for_terminal("imec\x1b]52;c;aGk=\x07 \x1b[2J")
    'imec\\x1b]52;c;aGk=\\x07 \\x1b[2J'
    >>> for_terminal("two\nlines")
    'two\nlines'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


def for_spreadsheet(value: object) -> object:
    """A CSV cell that a spreadsheet will show, never run: formula-like text gets a leading
    apostrophe (numbers, including negative ones, stay numbers).

    >>> for_spreadsheet('=HYPERLINK("http://evil","x")')
    '\\'=HYPERLINK("http://evil","x")'
    >>> for_spreadsheet("-1.5"), for_spreadsheet(3), for_spreadsheet("KU Leuven")
    ('-1.5', 3, 'KU Leuven')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
