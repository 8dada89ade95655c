"""A small document model (sections of paragraphs, tables and images) rendered as Markdown and as
one self-contained HTML page. All text is plain text: it is escaped for each format, so a label
can never become markup."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from regiograph.templates import page

__all__ = ["Image", "Section", "Table", "md_escape", "to_html", "to_markdown"]


@dataclass(frozen=True)
class Table:
    """A table of plain-text cells; ``numeric`` columns are right-aligned."""

    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Image:
    """A PNG image: ``name`` is its file stem (Markdown links ``plots/<name>.png``)."""

    name: str
    alt: str
    png: bytes


@dataclass
class Section:
    """A titled section: paragraphs (plain text), tables and images, in order."""

    title: str
    blocks: list[str | Table | Image] = field(default_factory=list)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&!~$])")  # $ starts maths on GitHub


def md_escape(text: str) -> str:
    """Text safe in a Markdown paragraph or table cell: punctuation escaped, lines joined.

    >>> md_escape("A|B <script> *x*")
    'A\\\\|B \\\\<script\\\\> \\\\*x\\\\*'
    """
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def to_markdown(title: str, sections: list[Section], image_dir: str = "plots") -> str:
    """The document as Markdown; images are linked as ``<image_dir>/<name>.png``.

    >>> print(to_markdown("T", [Section("S", ["a < b", Table(("x",), [("1",)])])]))
    # T
    <BLANKLINE>
    ## S
    <BLANKLINE>
    a \\< b
    <BLANKLINE>
    | x |
    | --- |
    | 1 |
    <BLANKLINE>
    """
    lines = [f"# {md_escape(title)}", ""]
    for section in sections:
        lines += [f"## {md_escape(section.title)}", ""]
        for block in section.blocks:
            lines += [*_md_block(block, image_dir), ""]
    return "\n".join(lines)


def _md_block(block: str | Table | Image, image_dir: str) -> list[str]:
    if isinstance(block, Image):
        return [f"![{md_escape(block.alt)}]({image_dir}/{block.name}.png)"]
    if isinstance(block, Table):
        rule = ["---:" if i in block.numeric else "---" for i in range(len(block.headers))]
        return [_md_row(block.headers), _md_row(tuple(rule), escape=False),
                *(_md_row(row) for row in block.rows)]
    return [md_escape(block)]


def _md_row(cells: tuple[str, ...], escape: bool = True) -> str:
    return "| " + " | ".join(md_escape(c) if escape else c for c in cells) + " |"


_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2430; background: #fff; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #d8dde6; padding: 0.25rem 0.6rem; text-align: left;
  vertical-align: top; }
th { background: #f1f4f8; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; display: block; margin: 0.8rem 0; }
"""


def to_html(title: str, sections: list[Section]) -> str:
    """The document as one self-contained HTML page (:func:`regiograph.templates.page`: styles
    inline, images as data URLs, and the content security policy of every page we write, which
    runs no script and forbids any request).

    >>> html_page = to_html("<T>", [Section("S", ["<b>"])])
    >>> "<title>&lt;T&gt;</title>" in html_page and "<p>&lt;b&gt;</p>" in html_page
    True
    """
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>"]
    for section in sections:
        body.append(f"<section>\n<h2>{esc(section.title)}</h2>")
        body += [_html_block(block) for block in section.blocks]
        body.append("</section>")
    return page(title, "\n".join(body), styles=[_CSS])


def _html_block(block: str | Table | Image) -> str:
    esc = html.escape
    if isinstance(block, Image):
        data = base64.b64encode(block.png).decode("ascii")
        return f'<img src="data:image/png;base64,{data}" alt="{esc(block.alt)}">'
    if isinstance(block, Table):
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block.headers)
        rows = "\n".join(
            "<tr>" + "".join(f'<td class="n">{esc(c)}</td>' if i in block.numeric
                             else f"<td>{esc(c)}</td>" for i, c in enumerate(row)) + "</tr>"
            for row in block.rows)
        return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"
    return f"<p>{esc(block)}</p>"
