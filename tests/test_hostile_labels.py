"""Hostile labels on their way out (issue 14, items 8, 9 and 11): escape sequences never reach a
terminal raw, formulas never reach a spreadsheet live, and RDF/XML is well-formed or refused."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from regiograph.untrusted import for_spreadsheet, for_terminal

from .conftest import TINY, on_a_terminal, run_cli

# an OSC 52 clipboard write, a screen clear, a title change; a formula; a bidi override
ESCAPES = r"Evil \e]52;c;aGkK\a\e[2J\e]0;owned\a Corp"
FORMULA = '=HYPERLINK("http://evil.example/","click")'
HOSTILE = f'''
organisations:
  - id: evil-corp
    name: "{ESCAPES}"
    kind: company
    affiliated_with: tiny-university
    sources: [tiny-page]
  - id: formula-corp
    name: '{FORMULA}'
    kind: company
    affiliated_with: tiny-university
    sources: [tiny-page]
'''


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(TINY, data)
    (data / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    out = root / "build"
    done = run_cli("build", "--data", str(data), "--out", str(out))
    assert done.code == 0, done.stderr
    return out


LABELS = "SELECT ?label WHERE { ?o rdfs:label ?label FILTER(STRSTARTS(?label, 'Evil')) }"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_output_on_a_terminal_holds_no_escape_sequence(hostile_build: Path,
                                                             fmt: str) -> None:
    shown = on_a_terminal("query", LABELS, "--build", str(hostile_build), "--format", fmt)
    assert b"Evil" in shown
    assert b"\x1b]52" not in shown and b"\x1b[2J" not in shown and b"\x07" not in shown


def test_query_output_in_a_pipe_keeps_the_data_exact(hostile_build: Path) -> None:
    done = run_cli("query", LABELS, "--build", str(hostile_build), "--format", "json")
    assert "\\u001B]52" in done.stdout or "\\u001b]52" in done.stdout or "\x1b]52" in done.stdout


def test_explain_and_suggest_on_a_terminal_hold_no_escape_sequence(hostile_build: Path) -> None:
    for args in (["explain", "evil-corp", "tiny-hospital"], ["suggest", "evil-corp"]):
        shown = on_a_terminal(*args, "--build", str(hostile_build))
        assert b"\x1b]" not in shown and b"\x1b[2J" not in shown, shown


def test_exported_csv_for_spreadsheets_holds_no_live_formula(hostile_build: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "exports"
    assert run_cli("export", "--all", "--build", str(hostile_build), "-o", str(out)).code == 0
    nodes = list(csv.DictReader(io.StringIO((out / "csv" / "nodes.csv").read_text("utf-8-sig"))))
    labels = {row["Id"]: row["Label"] for row in nodes}
    assert labels["formula-corp"] == "'" + FORMULA
    for path in [*(out / "csv").glob("*.csv")]:
        for row in csv.reader(io.StringIO(path.read_text("utf-8-sig"))):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), (path, row)


def test_metrics_and_query_csv_hold_no_live_formula(hostile_build: Path) -> None:
    assert run_cli("analyze", "--build", str(hostile_build)).code == 0
    metrics = (hostile_build / "analysis" / "metrics.csv").read_text(encoding="utf-8")
    assert "'" + FORMULA.replace('"', '""') in metrics
    done = run_cli("query", "SELECT ?l WHERE { id:formula-corp rdfs:label ?l }", "--build",
                   str(hostile_build), "--format", "csv")
    assert done.stdout.splitlines()[1].startswith('"\'=HYPERLINK')


def test_rdfxml_is_refused_with_a_message_when_a_label_cannot_be_xml(hostile_build: Path,
                                                                     tmp_path: Path) -> None:
    target = tmp_path / "graph.rdf"
    done = run_cli("export", "-f", "rdfxml", "--build", str(hostile_build), "-o", str(target))
    assert done.code == 1 and "RDF/XML" in done.stderr and "Traceback" not in done.stderr
    assert not target.exists()


def test_the_helpers_on_their_own() -> None:
    assert "\x1b" not in for_terminal("\x1b]52;c;x\x07\u202e")
    assert for_spreadsheet("@SUM(A1)") == "'@SUM(A1)" and for_spreadsheet("-3") == "-3"
    assert for_spreadsheet("+32 16 00 00 00") == "'+32 16 00 00 00"
