"""Vendor Oxigraph's WebAssembly build (the npm package ``oxigraph``) into the package.

Usage::

    python scripts/update-oxigraph.py [VERSION]

VERSION defaults to the one named in ``SOURCES.json``. The script asks the npm registry for the
version's metadata, downloads its tarball, checks it against the registry's ``dist.integrity``
(SHA-512) and the licence against ``MIT OR Apache-2.0``, and writes ``web.js`` and
``web_bg.wasm`` byte for byte, with ``package.json``, into
``src/regiograph/publish/vendor/oxigraph/``; ``SOURCES.json`` records the version, the tarball's
address and integrity, and the SHA-256 of every file written. The npm tarball carries no licence
files: ``LICENSE-MIT`` and ``LICENSE-APACHE`` beside them are Oxigraph's, kept in the repository.

Only this script touches the network, and only at development time: ``regiograph site`` and the
tests read the vendored files. Choose the npm version closest to the ``pyoxigraph`` release the
package depends on, so that the browser and Python give the same answers (the tests check this).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

REGISTRY = "https://registry.npmjs.org/oxigraph"
TARGET = Path(__file__).resolve().parents[1] / "src" / "regiograph" / "publish" / "vendor" / "oxigraph"
FILES = ("web.js", "web_bg.wasm", "package.json")
LICENCE = "MIT OR Apache-2.0"
KEPT = ("LICENSE-MIT", "LICENSE-APACHE")


def fetch(url: str) -> bytes:
    """The body at ``url`` (the npm registry only)."""
    if not url.startswith("https://registry.npmjs.org/"):
        raise SystemExit(f"refusing to download from outside the npm registry: {url}")
    with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 - https, checked above
        return bytes(answer.read())


def check_integrity(data: bytes, integrity: str) -> None:
    """Fail unless ``data`` matches an npm ``sha512-<base64>`` integrity string."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise SystemExit(f"unexpected integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode()
    if actual != expected:
        raise SystemExit(f"the tarball does not match the registry's integrity: {actual} != {expected}")


def main(argv: list[str]) -> int:
    sources = TARGET / "SOURCES.json"
    version = argv[0] if argv else json.loads(sources.read_text(encoding="utf-8"))["version"]
    meta = json.loads(fetch(f"{REGISTRY}/{version}"))
    if meta.get("license") != LICENCE:
        raise SystemExit(f"oxigraph {version} is licensed {meta.get('license')!r}, not {LICENCE!r}: "
                         "review before vendoring")
    tarball = fetch(meta["dist"]["tarball"])
    check_integrity(tarball, meta["dist"]["integrity"])
    TARGET.mkdir(parents=True, exist_ok=True)
    hashes = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for name in FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"the tarball has no package/{name}")
            data = member.read()
            (TARGET / name).write_bytes(data)
            hashes[name] = hashlib.sha256(data).hexdigest()
    for name in KEPT:
        if not (TARGET / name).is_file():
            raise SystemExit(f"{TARGET / name} is missing: add Oxigraph's licence text")
        hashes[name] = hashlib.sha256((TARGET / name).read_bytes()).hexdigest()
    record = {"package": "oxigraph", "version": version, "license": LICENCE,
              "tarball": meta["dist"]["tarball"], "integrity": meta["dist"]["integrity"],
              "licence_files": "LICENSE-MIT and LICENSE-APACHE from the Oxigraph repository "
                               "(the npm tarball has none)",
              "sha256": dict(sorted(hashes.items()))}
    sources.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"vendored oxigraph {version} into {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
