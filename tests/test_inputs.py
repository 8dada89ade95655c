"""Inputs a careless or hostile user gives (issue 14, item 14): pipes and devices in a data
folder, file names of any case and editors' leftovers, enormous numbers, UTF-16 without a
byte-order mark, a mistyped build folder, a full disk under standard output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import TINY, run_cli


@pytest.fixture
def region(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TINY, tmp_path / "region"))


def _build(region: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "regiograph", "build", "--data", str(region),
                           "--out", str(out)], capture_output=True, text=True, timeout=60,
                          check=False)


def test_a_pipe_in_the_data_folder_is_refused_not_waited_for(region: Path,
                                                             tmp_path: Path) -> None:
    os.mkfifo(region / "pipe.yaml")
    done = _build(region, tmp_path / "out")  # the timeout fails the test if it hangs
    assert done.returncode == 1 and "not a regular file" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_link_to_a_device_is_refused(region: Path, tmp_path: Path) -> None:
    (region / "zero.yaml").symlink_to("/dev/zero")
    done = _build(region, tmp_path / "out")
    assert done.returncode == 1 and "not a regular file" in done.stderr
    assert "MemoryError" not in done.stderr


def test_suffixes_in_any_case_are_read_and_editor_files_are_not(region: Path,
                                                                tmp_path: Path) -> None:
    extra = "documents:\n  - {id: upper-case-note, title: A note}\n"
    (region / "NOTES.YAML").write_text(extra, encoding="utf-8")
    broken = "this: [is not, valid\n"
    for leftover in (".#people.yaml", "._people.yaml", ".hidden.yaml", "#people.yaml#"):
        (region / leftover).write_text(broken, encoding="utf-8")
    (region / "_drafts").mkdir()
    (region / "_drafts" / "draft.yaml").write_text(broken, encoding="utf-8")
    done = _build(region, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert "upper-case-note" in (tmp_path / "out" / "dataset.nq").read_text(encoding="utf-8")


def test_a_five_thousand_digit_number_is_a_data_error(region: Path, tmp_path: Path) -> None:
    text = (region / "figures.yaml").read_text(encoding="utf-8")
    (region / "figures.yaml").write_text(text.replace("value: 22000", "value: " + "9" * 5000),
                                         encoding="utf-8")
    done = _build(region, tmp_path / "out")
    assert done.returncode == 1 and "too long" in done.stderr


def test_utf16_without_a_byte_order_mark_is_named(region: Path, tmp_path: Path) -> None:
    text = (region / "people.yaml").read_text(encoding="utf-8")
    (region / "people.yaml").write_bytes(text.encode("utf-16-le"))
    done = _build(region, tmp_path / "out")
    assert done.returncode == 1 and "UTF-16" in done.stderr


def test_query_on_a_mistyped_build_folder_says_there_is_no_build(tmp_path: Path) -> None:
    done = run_cli("query", "list-rankings", "--build", str(tmp_path / "typo"))
    assert done.code == 1 and "no build" in done.stderr and done.stdout == ""


def test_query_to_a_full_disk_is_a_failure(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    out = tmp_path / "build"
    assert run_cli("build", "--data", str(TINY), "--out", str(out)).code == 0
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "regiograph", "query",
                               "SELECT * WHERE { ?s ?p ?o }", "--build", str(out), "--format",
                               "csv"], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)
    assert done.returncode == 1 and "No space left" in done.stderr


def test_a_record_may_cite_a_document_and_one_of_its_sections(region: Path,
                                                              tmp_path: Path) -> None:
    text = (region / "sources.yaml").read_text(encoding="utf-8")
    assert "tiny-page" in text and "mission" in text
    (region / "both.yaml").write_text(
        "places:\n  - {id: both-cited, name: Both, kind: city, "
        "sources: [tiny-page, tiny-page#mission]}\n", encoding="utf-8")
    done = _build(region, tmp_path / "out")
    assert done.returncode == 0, done.stderr
