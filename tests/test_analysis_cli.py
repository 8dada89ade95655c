"""``regiograph analyze``, ``explain`` and ``suggest``, run as a user runs them: in a child process,
on the built Leuven graph. Data goes to stdout, messages to stderr; exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from regiograph.build import BuildResult

from .conftest import Run


def run_cli(*args: str, cwd: Path | None = None, **env: str) -> Run:
    environment = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **env}
    done = subprocess.run([sys.executable, "-m", "regiograph", *args], capture_output=True,
                          text=True, cwd=cwd, env=environment, timeout=300, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def build_dir(leuven_build: BuildResult) -> str:
    return str(leuven_build.out)


def test_analyze_writes_the_report(build_dir: str, tmp_path: Path) -> None:
    out = tmp_path / "analysis"
    result = run_cli("analyze", "--build", build_dir, "--projection", "stakeholders",
                     "--group-by", "sector", "--out", str(out))
    assert result.code == 0, result.stderr
    assert result.stdout == ""
    assert "analysed the stakeholders projection in" in result.stderr
    assert f"wrote {out}/report.html" in result.stderr
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["projection"] == "stakeholders" and metrics["group_by"] == "sector"
    assert (out / "report.html").stat().st_size > 10_000


def test_analyze_defaults_to_build_analysis(leuven_build: BuildResult, tmp_path: Path) -> None:
    build = tmp_path / "build"
    shutil.copytree(leuven_build.out, build)
    result = run_cli("analyze", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert (build / "analysis" / "report.md").is_file()
    assert "organisations projection" in result.stderr  # the default projection


def test_analyze_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    result = run_cli("analyze", cwd=tmp_path)
    assert result.code == 1
    assert "no build in build/; run `regiograph build` first" in result.stderr
    assert not (tmp_path / "build").exists()


def test_unknown_projection_or_grouping_is_a_usage_error(build_dir: str, tmp_path: Path) -> None:
    result = run_cli("analyze", "--build", build_dir, "--projection", "firms",
                     "--out", str(tmp_path / "a"))
    assert result.code == 2 and "choose one of stakeholders" in result.stderr
    result = run_cli("analyze", "--build", build_dir, "--group-by", "colour",
                     "--out", str(tmp_path / "a"))
    assert result.code == 2 and "choose one of kind, sector, helix" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "a").exists()


def test_explain_by_id_and_by_name(build_dir: str) -> None:
    result = run_cli("explain", "rega-institute", "Mission Lucidity", "--build", build_dir)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Rega Institute for Medical Research is part of KU Leuven")
    assert "KU Leuven is a founding partner of Mission Lucidity (source: " in result.stdout
    assert result.stderr == ""


def test_explain_a_typo_suggests_the_close_match(build_dir: str) -> None:
    result = run_cli("explain", "rega-instiute", "vib", "--build", build_dir)
    assert result.code == 2
    assert "did you mean 'rega-institute' (Rega Institute for Medical Research)?" in result.stderr


def test_explain_unconnected_stakeholders(build_dir: str) -> None:
    result = run_cli("explain", "newsweek", "ku-leuven", "--build", build_dir)
    assert result.code == 0
    assert result.stdout.strip() == ("Newsweek and KU Leuven are not connected in the "
                                     "organisations projection.")


def test_suggest_for_one_stakeholder(build_dir: str) -> None:
    result = run_cli("suggest", "KU Leuven", "--top", "3", "--build", build_dir)
    assert result.code == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(lines) == 3 and all(line[1] == "ku-leuven" for line in lines)
    assert lines[0][2:] == ["international-house-leuven", "KU Leuven and International House are "
                            "both tied to City of Leuven and Leuven MindGate (5 ties)"]
    scores = [float(line[0]) for line in lines]
    assert scores == sorted(scores, reverse=True)


def test_commands_have_help() -> None:
    for command in ("analyze", "explain", "suggest"):
        result = run_cli(command, "--help")
        assert result.code == 0 and "Usage:" in result.stdout, command


def test_analyze_is_reproducible_with_source_date_epoch(build_dir: str, tmp_path: Path) -> None:
    outputs = []
    for run, hash_seed in enumerate(("1", "2")):  # string hashing, so set order, differs
        out = tmp_path / f"run{run}"
        result = run_cli("analyze", "--build", build_dir, "--out", str(out),
                         SOURCE_DATE_EPOCH="1700000000", PYTHONHASHSEED=hash_seed)
        assert result.code == 0, result.stderr
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]
