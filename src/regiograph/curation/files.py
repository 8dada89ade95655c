"""Which files of a region folder are data: its YAML files, without editor backups, lock files or
the region's ``queries/`` folder."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_files", "readable"]


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files of a region folder and its subfolders, sorted by path.

    Suffixes match in any case (``.yaml``, ``.YML``); hidden files and folders, editor lock and
    resource-fork files (``.#x.yaml``, ``._x.yaml``, ``#x.yaml#``, ``x.yaml~``) and the region's
    ``queries/`` folder are not data.
    """
    found = []
    for path in data_dir.rglob("*"):
        parts = path.relative_to(data_dir).parts
        if any(part.startswith((".", "_", "#")) for part in parts) or parts[0] == "queries":
            continue
        if path.suffix.lower() in (".yaml", ".yml") and not path.is_dir():
            found.append(path)
    return sorted(found)


def readable(folder: Path) -> Path:
    """The folder relative to the working directory when it is inside it, for shorter messages."""
    try:
        return folder.resolve().relative_to(Path.cwd())
    except ValueError:
        return folder
