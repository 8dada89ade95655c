"""Incremental builds: a build compiles only the data files that changed since the previous build
in its output folder (and those whose references into the changed ones now answer differently),
and writes the same bytes as a full build, every file and the compile cache included; an edit
that breaks a reference in an unchanged file fails exactly as a full build fails."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from regiograph import DataError, build
from regiograph.build import BuildResult
from regiograph.curation.cache import FOLDER, CompiledFile
from regiograph.manifest import read_manifest
from regiograph.synth import write_region

from .conftest import TINY, run_cli


@pytest.fixture
def region(tmp_path: Path) -> Path:
    """A small synthetic region of several files, free to edit."""
    out = tmp_path / "synthetic"
    write_region(out, 40, seed=2)
    data = tmp_path / "data"
    shutil.copytree(out, data, ignore=shutil.ignore_patterns("manifest.json", "README.md"))
    return data


def _same_bytes(first: Path, second: Path) -> None:
    """Every file of two build folders, the manifest and the compile cache included, alike."""
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*")
                           if p.is_file())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def _both(data: Path, out: Path, full: Path) -> BuildResult:
    """An incremental build into ``out`` and a full one into ``full``, with the same bytes."""
    result = build(data, out)
    shutil.rmtree(full, ignore_errors=True)
    build(data, full, incremental=False)
    _same_bytes(out, full)
    return result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refound(path: Path) -> None:
    """Change the founding date of the first organisation that has one."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r"founded: \d{4}", text)
    assert found is not None
    path.write_text(text.replace(found[0], "founded: 1234", 1), encoding="utf-8")


def test_an_edit_recompiles_its_file_and_gives_the_bytes_of_a_full_build(region: Path,
                                                                        tmp_path: Path) -> None:
    out, full = tmp_path / "build", tmp_path / "full"
    first = build(region, out)
    assert first.recompiled == first.sources  # no earlier build: every file
    assert build(region, out).recompiled == []  # nothing changed: nothing compiled
    organisations = region / "organisations-0001.yaml"
    _refound(organisations)
    assert _both(region, out, full).recompiled == ["organisations-0001.yaml"]


def test_a_renamed_record_recompiles_the_files_whose_labels_name_it(region: Path,
                                                                    tmp_path: Path) -> None:
    out, full = tmp_path / "build", tmp_path / "full"
    build(region, out)
    _edit(region / "organisations-0001.yaml", "Synthetic University 00001 (synthetic)",
          "Synthetic Universiteit 00001 (synthetic)")
    result = _both(region, out, full)
    # memberships in people's roles are labelled with the organisation's name
    assert {"organisations-0001.yaml", "people-0001.yaml"} <= set(result.recompiled)
    assert "places.yaml" not in result.recompiled


def test_an_added_and_a_removed_file_give_the_bytes_of_a_full_build(region: Path,
                                                                   tmp_path: Path) -> None:
    out, full = tmp_path / "build", tmp_path / "full"
    build(region, out)
    extra = region / "more" / "extra.yaml"
    extra.parent.mkdir()
    extra.write_text("organisations:\n  - id: org-extra\n    name: Extra (synthetic)\n"
                     "    kind: company\n    spin_off_of: org-00001\n"
                     "    sources: [synthetic-region#organisations-0001]\n", encoding="utf-8")
    assert _both(region, out, full).recompiled == ["more/extra.yaml"]
    extra.unlink()
    assert _both(region, out, full).recompiled == []
    assert not any("extra" in name for name in read_manifest(out)["files"])  # type: ignore[index]


def test_a_broken_reference_in_an_unchanged_file_fails_as_a_full_build_fails(
        region: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(region, out)
    before = (out / "dataset.nq").read_bytes()
    # org-00001 goes; people-0001.yaml, unchanged, still names it
    text = (region / "organisations-0001.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: org-00001\n")
    end = text.index("  - id: org-00002\n")
    (region / "organisations-0001.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError) as incremental:
        build(region, out)
    with pytest.raises(DataError) as full:
        build(region, tmp_path / "full", incremental=False)
    assert [str(i) for i in incremental.value.issues] == [str(i) for i in full.value.issues]
    assert any("unknown id 'org-00001'" in str(i) and "people-0001.yaml" in str(i)
               for i in incremental.value.issues)
    assert (out / "dataset.nq").read_bytes() == before  # the failed build changed nothing


def test_a_cache_entry_holds_the_file_its_name_says(region: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = build(region, out)
    entries = sorted((out / FOLDER).iterdir())
    assert len(entries) == len(result.sources)
    compiled = {CompiledFile.loads(e.read_bytes()).name for e in entries}
    assert compiled == set(result.sources)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {f"{FOLDER}/{e.name}" for e in entries} <= set(manifest["files"])


def test_another_region_in_the_same_folder_uses_none_of_the_cache(region: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(region, out)
    result = build(TINY, out)
    assert result.recompiled == result.sources
    _same_bytes(out, build(TINY, tmp_path / "tiny", incremental=False).out)


def test_the_command_line_says_what_it_compiled_and_full_compiles_everything(
        region: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "build")
    assert run_cli("build", "--data", str(region), "--out", out).code == 0
    _refound(region / "organisations-0001.yaml")
    again = run_cli("build", "--data", str(region), "--out", out)
    assert again.code == 0, again.stderr
    assert "compiled 1 of 10 data files (9 from the compile cache)" in again.stderr
    full = run_cli("build", "--data", str(region), "--out", out, "--full")
    assert full.code == 0 and "from the compile cache" not in full.stderr
