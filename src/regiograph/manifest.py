"""The manifest of an output folder: ``manifest.json`` names the command and build that wrote the
folder and lists every file in it with its SHA-256, so that regiograph can tell its own earlier
output from a user's folder (:mod:`regiograph.atomic`) and a stale output from a fresh one."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["MARKER", "build_id", "read_manifest", "sha256", "write_manifest"]

#: The file that marks a folder as regiograph's output and lists what it holds.
MARKER = "manifest.json"

def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of an output folder, or None when it has none that regiograph wrote."""
    path = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not (isinstance(manifest, dict) and isinstance(manifest.get("command"), str)
            and isinstance(manifest.get("files"), dict)):
        return None
    return manifest


def build_id(build_dir: Path) -> str | None:
    """The id of a build: the SHA-256 of its ``dataset.nq`` as its manifest records it."""
    manifest = read_manifest(build_dir)
    if manifest is None or manifest["command"] != "build":
        return None
    value = manifest["files"].get("dataset.nq")
    return value if isinstance(value, str) else None


def write_manifest(folder: Path, command: str, fields: Mapping[str, Any],
                   build: str | None) -> None:
    """Write the manifest of a finished output folder: who wrote it, from which build, and
    every file in it with its SHA-256."""
    from regiograph.version import __version__

    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    manifest: dict[str, Any] = {"generator": f"regiograph {__version__}", "command": command}
    if build is not None:
        manifest["build"] = build
    manifest.update(fields)
    manifest["files"] = {name: sha256(folder / name) for name in files}
    (folder / MARKER).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    """The SHA-256 of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
