"""Hostile input: no network access while building, validating, analysing or exporting; SERVICE
clauses and JSON-LD remote contexts refused unless asked for; XML bombs and external entities in
RDF/XML refused before the engine sees them. (SPARQL injection through parameters is in
test_query_runtime.py and test_remote.py; HTML injection in the views' and export tests.)"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

import regiograph
from regiograph import GraphStore, UsageError
from regiograph.build import BuildResult
from regiograph.errors import DataError
from regiograph.queries.running import query
from regiograph.store.rdf_files import read_rdf
from regiograph.store.sparql_text import service_call, with_values

from .conftest import TINY, run_cli
from .servers import recording_server

GUARD = Path(__file__).parent / "netguard"
SRC = Path(regiograph.__file__).parent


def _guarded(*args: str, log: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``regiograph ARGS`` in a child process whose Python sockets may reach loopback only."""
    env = {**os.environ, "PYTHONPATH": str(GUARD), "REGIOGRAPH_NET_LOG": str(log),
           "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "regiograph", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300, check=False)


def test_the_guard_blocks_and_records_outbound_connections(tmp_path: Path) -> None:
    """The control: without it, a green test below would prove nothing."""
    log = tmp_path / "net.log"
    code = ("import socket, urllib.request\n"
            "for attempt in (lambda: urllib.request.urlopen('http://example.org/', timeout=2),\n"
            "                lambda: socket.socket().connect(('203.0.113.7', 80))):\n"
            "    try:\n        attempt()\n    except OSError as exc:\n        print(exc)\n")
    env = {**os.environ, "PYTHONPATH": str(GUARD), "REGIOGRAPH_NET_LOG": str(log)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert done.stdout.count("blocked by the test guard") == 2, done.stdout + done.stderr
    assert log.read_text().splitlines() == ["socket.getaddrinfo 'example.org'",
                                            "connect ('203.0.113.7', 80)"]


def test_build_validate_analyze_export_and_query_need_no_network(tmp_path: Path) -> None:
    log = tmp_path / "net.log"
    out = tmp_path / "build"
    steps = [
        ("build", "--data", str(TINY), "--out", str(out)),  # compiles and validates (SHACL, qc)
        ("analyze", "--build", str(out)),
        ("export", "--all", "-o", str(tmp_path / "exports"), "--build", str(out)),
        ("export", "--format", "rdfxml", "-o", str(tmp_path / "graph.rdf"), "--build", str(out)),
        ("query", "list-rankings", "--format", "json", "--build", str(out)),
        ("query", "ASK { ?s ?p ?o }", "--build", str(out), "--load", str(tmp_path / "graph.rdf")),
    ]
    for step in steps:
        done = _guarded(*step, log=log, cwd=tmp_path)
        assert done.returncode == 0, (step, done.stderr)
    assert not log.exists(), log.read_text()
    assert (out / "analysis" / "report.html").is_file() and (tmp_path / "exports").is_dir()


@pytest.mark.skipif(shutil.which("unshare") is None or subprocess.run(
    ["unshare", "-n", "true"], capture_output=True, check=False).returncode != 0,
    reason="needs `unshare -n` (a network namespace) to cut native code off the network too")
def test_build_and_export_in_a_namespace_without_network(tmp_path: Path) -> None:
    """The kernel's view, native code included: no network interface at all."""
    out = tmp_path / "build"
    for step in (["build", "--data", str(TINY), "--out", str(out)],
                 ["export", "--all", "-o", str(tmp_path / "exports"), "--build", str(out)]):
        done = subprocess.run(["unshare", "-n", sys.executable, "-m", "regiograph", *step],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, done.stderr


# -- SERVICE -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }", "SERVICE <http://e/sparql>"),
    ("select * { service silent <http://e/q> { ?s ?p ?o } }", "service silent <http://e/q>"),
    ("SELECT * { VALUES ?e { <http://e/q> } SERVICE ?e{ ?s ?p ?o } }", "SERVICE ?e"),
    ("SELECT * {\n  ?s ?p ?o .\n  SERVICE\n <http://e/q> {} }", "SERVICE <http://e/q>"),
    ("SELECT ?service { ?service ex:service ?o }", None),
    ('SELECT * { ?s ?p "SERVICE <http://e/q> { }" }', None),
    ("SELECT * { ?s ?p '''\nSERVICE <x> {}''' }", None),
    ("SELECT * { ?s <http://e/SERVICE> ?o } # SERVICE <http://e/q> {}", None),
    ("SELECT * { ?s service:x ?o . ?s ex:my-service ?o . _:service ?p ?o }", None),
])
def test_service_clauses_are_found_outside_strings_iris_and_comments(text: str,
                                                                     found: str | None) -> None:
    assert service_call(text) == found


def test_values_still_open_the_where_clause_next_to_a_service() -> None:
    text = "SELECT ?x WHERE { SERVICE ?e{ ?x ?p ?_y } }"
    assert with_values(text, {"_y": ox.Literal("a")}).startswith(
        'SELECT ?x WHERE { VALUES (?_y) { ("a") } ')


def test_service_is_refused_unless_allowed_and_only_then_reaches_the_server(
        leuven: GraphStore) -> None:
    with recording_server() as (base, seen):
        text = f"SELECT ?s WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(UsageError, match=r"calls a remote service \(SERVICE <http"):
            query(text, store=leuven)
        with pytest.raises(UsageError, match="remote service"):
            leuven.query(text)  # the store refuses it too, whoever calls it
        with pytest.raises(UsageError, match="remote service"):
            query(text, endpoint=f"{base}/sparql")  # nor is it sent to an endpoint to run
        assert seen == []
        assert query(text, store=leuven, allow_service=True).rows == []
        assert len(seen) == 1  # the engine really makes the request: the refusal is what stops it


def test_cli_query_refuses_service_and_allows_it_with_the_flag(leuven_build: BuildResult) -> None:
    with recording_server() as (base, seen):
        text = f"SELECT ?s WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}"
        refused = run_cli("query", text, "--build", str(leuven_build.out))
        assert refused.code == 2 and "--allow-service" in refused.stderr and seen == []
        allowed = run_cli("query", text, "--allow-service", "--build", str(leuven_build.out))
        assert allowed.code == 0, allowed.stderr
        assert allowed.stdout == "s\n" and len(seen) == 1


# -- JSON-LD ---------------------------------------------------------------------------------------

def test_jsonld_remote_contexts_are_never_fetched(tmp_path: Path) -> None:
    with recording_server() as (base, seen):
        for context in (f'"{base}/context.jsonld"', f'[{{"@import": "{base}/c.jsonld"}}]',
                        f'{{"@vocab": "https://e.org/", "name": {{"@context": "{base}/x"}}}}'):
            path = tmp_path / "notes.jsonld"
            path.write_text(f'{{"@context": {context}, "@id": "https://e.org/a", "name": "x"}}')
            with pytest.raises(DataError) as caught:
                read_rdf(path)
            assert "notes.jsonld" in str(caught.value.issues[0])
        assert seen == []


def test_no_module_reads_json_ld_or_xml_with_a_fetching_or_expanding_parser() -> None:
    """JSON-LD is read only by the engine (which fetches nothing) and XML only through
    store.check_xml_entities; pyld, rdflib's JSON-LD and RDF/XML parsers, ElementTree, minidom,
    lxml and networkx's GraphML reader are never used on input."""
    banned_modules = {"pyld", "lxml", "xml.dom.minidom", "xml.sax", "defusedxml"}
    banned_calls = {"fromstring", "XMLParser", "iterparse", "read_graphml", "parse_graphml",
                    "read_gexf"}
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                    node.module or ""]
                assert not set(names) & banned_modules, f"{path.name}:{node.lineno} imports {names}"
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                assert name not in banned_calls, f"{path.name}:{node.lineno} calls {name}"
                if name == "parse" and ast.unparse(node.func).startswith(("ET.", "ElementTree.")):
                    raise AssertionError(f"{path.name}:{node.lineno} parses XML")
                for keyword in node.keywords:
                    if keyword.arg == "format" and isinstance(keyword.value, ast.Constant):
                        assert keyword.value.value not in ("json-ld", "xml", "application/rdf+xml"), (
                            f"{path.name}:{node.lineno} parses {keyword.value.value} with rdflib")


# -- XML -------------------------------------------------------------------------------------------

_RDF = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="https://example.org/">\n'
        ' <rdf:Description rdf:about="https://example.org/a"><ex:p>{body}</ex:p>'
        '</rdf:Description>\n</rdf:RDF>\n')


def _xml(tmp_path: Path, entities: str, body: str) -> Path:
    path = tmp_path / "input.rdf"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{entities}]>\n'
                    + _RDF.format(body=body), encoding="utf-8")
    return path


def _laughs(levels: int) -> str:
    return '<!ENTITY lol0 "lol">\n' + "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">\n' for i in range(1, levels + 1))


def test_the_engine_alone_expands_nested_entities() -> None:
    """Why the check exists: pyoxigraph expands internal entities recursively (nine levels take
    3 GB and abort the process), so a file must be checked before the engine reads it. If this
    starts failing, the engine stopped expanding and the check may be simplified."""
    document = f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{_laughs(4)}]>\n' + _RDF.format(
        body="&lol4;")
    quads = list(ox.parse(document.encode(), ox.RdfFormat.RDF_XML))
    assert len(quads[0].object.value) == 3 * 10**4


def test_a_billion_laughs_is_refused_in_under_a_second(tmp_path: Path) -> None:
    path = _xml(tmp_path, _laughs(9), "&lol9;")
    start = time.perf_counter()
    with pytest.raises(DataError) as caught:
        read_rdf(path)
    assert time.perf_counter() - start < 1.0
    issue = caught.value.issues[0]
    assert issue.line == 4 and "entity &lol1; refers to other entities" in issue.message


def test_a_quadratic_blowup_is_refused(tmp_path: Path) -> None:
    """One flat entity of 10,000 characters used 200 times: no nesting, but 2 MB of text."""
    path = _xml(tmp_path, f'<!ENTITY big "{"x" * 10_000}">\n', "&big;" * 200)
    start = time.perf_counter()
    with pytest.raises(DataError, match="1 problem") as caught:
        read_rdf(path)
    assert time.perf_counter() - start < 1.0
    assert "expand to 2,000,000 characters" in caught.value.issues[0].message


@pytest.mark.parametrize(("entities", "words"), [
    ('<!ENTITY secret SYSTEM "file:///etc/passwd">\n', "external entity &secret;"),
    ('<!ENTITY remote PUBLIC "-//X//EN" "http://127.0.0.1:9/x">\n', "external entity &remote;"),
    ('<!ENTITY % dtd SYSTEM "http://127.0.0.1:9/x.dtd">\n%dtd;\n', "parameter entity %dtd;"),
])
def test_external_and_parameter_entities_are_refused(tmp_path: Path, entities: str,
                                                     words: str) -> None:
    with pytest.raises(DataError) as caught:
        read_rdf(_xml(tmp_path, entities, "text"))
    assert words in caught.value.issues[0].message
    assert caught.value.issues[0].line == 3


def test_rdf_xml_with_plain_entity_shortcuts_is_read(tmp_path: Path) -> None:
    """The usual RDF/XML idiom stays allowed: a short entity for a namespace."""
    path = tmp_path / "ok.rdf"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "https://example.org/">'
                    ' ]>\n' + _RDF.replace('"https://example.org/a"', '"&ex;a"').format(
                        body="&ex;"), encoding="utf-8")
    (quad,) = read_rdf(path)
    assert quad.subject == ox.NamedNode("https://example.org/a")
    assert quad.object == ox.Literal("https://example.org/")
