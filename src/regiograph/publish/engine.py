"""Oxigraph in the browser: the vendored WebAssembly engine and a build's dataset, as classic
script files that a page loads from ``file://`` as well as from any static host.

The engine is the npm package ``oxigraph`` (``web.js`` and ``web_bg.wasm``), vendored in
``vendor/oxigraph/`` by ``scripts/update-oxigraph.py`` with its licences and hashes. Two browser
rules shape what a page gets:

- From ``file://``, Chromium refuses ``fetch()`` of the ``.wasm`` beside the page and refuses to
  run ES modules. So ``web.js`` (a wasm-bindgen ES module) is rewritten here into a classic script
  that defines the global ``oxigraph``, and the wasm bytes travel inside a script too, gzipped and
  base64-encoded (4 MB become 1.9 MB); the page decompresses them with ``DecompressionStream``
  and instantiates them with ``WebAssembly.instantiate``, which needs ``'wasm-unsafe-eval'`` in
  the page's policy and nothing wider (no ``connect-src``: no request is ever made).
- The dataset travels the same way: the store's quads as TriG, gzipped and base64-encoded, loaded into
  the in-browser store on first use, whose default graph is then made the merge of the named
  graphs, as :class:`~regiograph.store.embedded.GraphStore` makes it.

Every output is deterministic: the same build gives the same bytes.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
import re
from importlib import resources
from typing import TYPE_CHECKING

from regiograph.errors import RegiographError
from regiograph.store.rdf_files import RdfFormat

if TYPE_CHECKING:
    from regiograph.store.embedded import GraphStore

__all__ = ["DATASET_FILE", "ENGINE_FILE", "GLUE_FILE", "dataset_script", "engine_glue",
           "engine_script", "engine_version"]

#: The names of the three scripts in a site's ``assets/`` folder.
GLUE_FILE = "oxigraph.js"
ENGINE_FILE = "oxigraph-engine.js"
DATASET_FILE = "dataset.js"

_VENDOR = "vendor/oxigraph"
#: The global object that receives the base64 payloads of the engine and dataset scripts.
_ASSETS = "globalThis.regiographAssets = globalThis.regiographAssets || {}"


def _vendored(name: str) -> bytes:
    return resources.files("regiograph.publish").joinpath(f"{_VENDOR}/{name}").read_bytes()


@functools.cache
def engine_version() -> str:
    """The vendored engine's npm version, from ``SOURCES.json``.

    >>> engine_version().startswith("0.5.")
    True
    """
    return str(json.loads(_vendored("SOURCES.json"))["version"])


def _payload(key: str, data: bytes) -> str:
    """A classic script that hands ``data`` (gzipped, base64) to the page under ``key``."""
    packed = base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")
    return f'{_ASSETS};\nregiographAssets.{key} = "{packed}";\n'


@functools.cache
def engine_glue() -> str:
    """``web.js`` as a classic script defining the global ``oxigraph`` (its exports, and
    ``init``, which takes the wasm bytes); fails loudly if a new version is shaped otherwise."""
    source = _vendored("web.js").decode("utf-8")
    names = re.findall(r"^export (?:class|function) (\w+)", source, re.MULTILINE)
    rewritten, exports = re.subn(r"^export (class|function) ", r"\1 ", source, flags=re.MULTILINE)
    rewritten, tail = re.subn(r"^export \{ initSync, __wbg_init as default \};\n?", "", rewritten,
                              flags=re.MULTILINE)
    # The only other module-only syntax: the default address of the wasm file, which a page
    # loaded from file:// could not fetch anyway; our pages always pass the bytes.
    rewritten, url = re.subn(r"module_or_path = new URL\('web_bg\.wasm', import\.meta\.url\);",
                             "throw new Error('regiograph: pass the engine bytes to oxigraph.init');",
                             rewritten)
    if not names or exports != len(names) or tail != 1 or url != 1 or "import.meta" in rewritten \
            or re.search(r"^\s*(?:import|export)\b", rewritten, re.MULTILINE):
        raise RegiographError(f"the vendored oxigraph {engine_version()} web.js is not shaped as "
                              "expected: update regiograph.publish.engine with it")
    members = ", ".join([*names, "initSync", "init: __wbg_init"])
    return (f"/* Oxigraph {engine_version()} (npm oxigraph, web.js; MIT OR Apache-2.0), as a "
            "classic script: see regiograph.publish.engine */\n"
            f'var oxigraph = (function () {{\n"use strict";\n{rewritten}\nreturn {{ {members} }};\n'
            "})();\n")


@functools.cache
def engine_script() -> str:
    """The engine's wasm bytes as a script (``regiographAssets.engine``, gzipped, base64)."""
    return _payload("engine", _vendored("web_bg.wasm"))


def dataset_script(store: GraphStore) -> str:
    """The store's named graphs as a script (``regiographAssets.dataset``: TriG, gzipped,
    base64); the page makes the default graph their merge once loaded. TriG, not N-Quads: the
    same quads in 0.77 MB instead of 1.13 MB for Leuven (its prefixes and shared subjects
    compress better than the same IRIs written out on every line)."""
    data = store.serialize(RdfFormat.TRIG) or b""
    return _payload("dataset", data)
