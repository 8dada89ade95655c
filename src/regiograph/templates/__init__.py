"""Our page templates and how data goes into them safely.

A template is a file of this package with ``@@slot@@`` markers, filled in one pass (so a value
that happens to contain ``@@slot@@`` is never filled again). Values are HTML that the caller has
built with :func:`text` (escaped text) or :func:`script_json` (data for a ``<script>`` block);
nothing from the data is ever inserted unescaped. Every page carries a Content-Security-Policy
that allows only its own inline scripts (by hash) and no network request at all, so that even a
mistake in escaping could not run a script or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from regiograph.version import __version__

__all__ = ["SharedAssets", "content_security_policy", "fill", "page", "read", "script_json",
           "text"]

_SLOT = re.compile(r"@@([a-z_]+)@@")
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                   "\u2029": "\\u2029"}


def read(name: str) -> str:
    """The text of a template file of this package (``page.html``, ``view.js``...)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def text(value: object) -> str:
    """Escaped text for HTML content or a quoted attribute value.

    >>> text('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    """
    return html.escape(str(value), quote=True)


def fill(template: str, values: Mapping[str, str]) -> str:
    """Put each value in place of its ``@@slot@@``, in one pass; a slot without a value is an
    error (a template and its caller must agree).

    >>> fill("<p>@@a@@ @@b@@</p>", {"a": "@@b@@", "b": text("<b>")})
    '<p>@@b@@ &lt;b&gt;</p>'
    """
    return _SLOT.sub(lambda match: values[match[1]], template)


def script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and the JavaScript
    line separators are escaped, so no label can close the element or open a comment.

    >>> script_json({"label": "</script><script>alert(1)</script>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for character, escape in _SCRIPT_ESCAPES.items():  # a pass per character: fast on megabytes
        encoded = encoded.replace(character, escape)
    return encoded


def content_security_policy(scripts: Iterable[str], own_files: bool = False,
                            wasm: bool = False) -> str:
    """A policy that runs only these inline scripts (by SHA-256), allows inline styles and
    ``data:`` images, and forbids every request: no fetch, no frame, no form, no base URL.
    ``own_files`` also allows scripts and style sheets from the page's own origin (a site's
    shared files; from ``file://``, the files beside it); ``wasm`` lets the page compile
    WebAssembly (``'wasm-unsafe-eval'``, which allows no ``eval`` of JavaScript).

    >>> content_security_policy(["alert(1)"]).split("; ")[:2]
    ["default-src 'none'", "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]
    """
    hashes = [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
              for s in scripts]
    own = ["'self'"] if own_files else []
    compile_wasm = ["'wasm-unsafe-eval'"] if wasm else []
    return "; ".join([
        "default-src 'none'", "script-src " + (" ".join(own + compile_wasm + hashes) or "'none'"),
        "style-src " + " ".join([*own, "'unsafe-inline'"]), "img-src data:", "base-uri 'none'",
        "form-action 'none'",
    ])


@dataclass(frozen=True)
class SharedAssets:
    """Script and style files that a site's pages share instead of each carrying a copy:
    ``prefix`` is their folder relative to the page (``../assets/``), ``scripts`` and ``styles``
    their file names, in order."""

    prefix: str
    scripts: tuple[str, ...]
    styles: tuple[str, ...]


def page(title: str, body: str, *, nav: str = "", styles: Iterable[str] = (),
         scripts: Iterable[str] = (), data: str | None = None,
         shared: SharedAssets | None = None, wasm: bool = False) -> str:
    """A whole HTML page: ``title`` is text (escaped here); ``body`` and ``nav`` are HTML;
    ``styles`` and ``scripts`` are inlined in order after our own style sheet; ``data`` is the
    already-escaped JSON of a ``<script type="application/json" id="rg-data">`` block. With
    ``shared``, the page links those files instead (our style sheet among them) and its policy
    allows scripts from its own origin, and nothing else. ``wasm`` lets the page compile
    WebAssembly (the in-browser SPARQL engine).

    >>> html_page = page("<Hi>", "<p>body</p>")
    >>> html_page.startswith("<!doctype html>") and "<title>&lt;Hi&gt;</title>" in html_page
    True
    """
    scripts = list(scripts)
    blocks = [] if data is None else [f'<script type="application/json" id="rg-data">{data}</script>']
    blocks += [f"<script>{script}</script>" for script in scripts]
    sheets = [f"<style>{css}</style>" for css in styles]
    policy = content_security_policy(scripts, wasm=wasm)
    if shared is None:
        sheets.append(f"<style>{read('page.css')}</style>")
    else:
        sheets += [f'<link rel="stylesheet" href="{text(shared.prefix + name)}">'
                   for name in shared.styles]
        blocks += [f'<script src="{text(shared.prefix + name)}"></script>'
                   for name in shared.scripts]
        policy = content_security_policy(scripts, own_files=True, wasm=wasm)
    return fill(read("page.html"), {
        "csp": text(policy),
        "generator": text(f"regiograph {__version__}"),
        "title": text(title),
        "styles": "\n".join(sheets),
        "nav": nav,
        "body": body,
        "scripts": "\n".join(blocks),
    })
