"""The site's downloads: the exports of ``regiograph export --all`` but the two that repeat
another in a second syntax (N-Triples, the merged graph of ``graph.ttl``; TriG, the dataset of
``dataset.nq``: 2.8 MB zipped at 1,244 organisations), zipped one format to an archive, with
fixed dates so that two sites from one build are byte-identical."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from regiograph.manifest import build_id
from regiograph.publish.export import ExportFormat, write_all
from regiograph.store.embedded import GraphStore

__all__ = ["SITE_FORMATS", "write_downloads", "zip_export"]

#: The formats a site offers; ``regiograph export`` writes the others from the same build.
SITE_FORMATS = tuple(f for f in ExportFormat
                     if f.in_all and f not in (ExportFormat.NTRIPLES, ExportFormat.TRIG))


def write_downloads(store: GraphStore, target: Path, build_dir: Path | None) -> list[str]:
    """The exports of :data:`SITE_FORMATS` as zip archives, one per format (a file, or a
    folder of CSV files), beside the exports' README: a zip is a fifth to a tenth of the size,
    and every system opens one. The archives hold fixed dates, so two sites are byte-identical.
    """
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".exports-") as scratch:
        exports = Path(scratch) / "exports"
        write_all(store, exports, build=build_id(build_dir) if build_dir is not None else None,
                  formats=SITE_FORMATS)
        target.mkdir()
        names = []
        for path in sorted(exports.iterdir()):
            if path.name == "README.md":
                (target / path.name).write_bytes(path.read_bytes())
                names.append(path.name)
            elif path.name != "manifest.json":
                zip_export(path, target / f"{path.name}.zip")
                names.append(f"{path.name}.zip")
    return names


def zip_export(path: Path, archive: Path) -> None:
    """Zip a file, or a folder's files under its name, with fixed dates and modes."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    with zipfile.ZipFile(archive, "w", compresslevel=9) as out:
        for file in files:
            info = zipfile.ZipInfo(file.relative_to(path.parent).as_posix(),
                                   date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, file.read_bytes())
