"""The query library served by grlc: `regiograph grlc` writes the flat folder grlc's local mode
reads, and grlc itself (when installed: set REGIOGRAPH_GRLC_PYTHON to the Python of a virtual
environment with `pip install grlc`) answers every call as `regiograph query` does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import regiograph
from regiograph import GraphStore, UsageError
from regiograph.build import BuildResult
from regiograph.queries.files import read_query
from regiograph.queries.grlc import grlc_folder, grlc_queries, with_defaults
from regiograph.queries.library import Library
from regiograph.resources import queries_dir, region_dir

from .conftest import run_cli
from .servers import free_port, wait_until_up

GRLC_PYTHON = os.environ.get("REGIOGRAPH_GRLC_PYTHON")
#: The library as a Leuven build has it: the generic queries with Leuven's queries and defaults.
LEUVEN = Library.of_region(queries_dir(), region_dir() / "queries")


def test_the_folder_holds_every_select_and_construct_query_at_its_top(tmp_path: Path) -> None:
    out = tmp_path / "api"
    written = grlc_folder(out, "http://127.0.0.1:7878/query", LEUVEN)
    served, left_out = grlc_queries(LEUVEN)
    assert sorted(p.stem for p in out.glob("*.rq")) == list(written.calls) == sorted(served)
    assert not [p for p in out.iterdir() if p.is_dir()]  # grlc does not look into subfolders
    for path in out.glob("*.rq"):
        query = read_query(path)
        assert query.form in ("SELECT", "CONSTRUCT")
        assert path.read_text(encoding="utf-8") == with_defaults(served[path.stem])
        assert set(query.defaults) == {p.name for p in query.parameters}  # every one: a full IRI
        assert all(":" in v and not v.startswith("id:") for v in query.defaults.values())
    assert written.left_out == ("organisations/ask-is-spin-off",) == tuple(
        q.name for q in left_out)
    assert not any(name.startswith("projection") for name in written.calls)
    assert (out / "endpoint.txt").read_text() == "http://127.0.0.1:7878/query\n"
    assert "local_sparql_dir = .\n" in (out / "config.ini").read_text()
    readme = (out / "README.md").read_text()
    assert "grlc-server" in readme and "organisations/ask-is-spin-off" in readme


def test_the_command_writes_and_replaces_its_own_folder_only(tmp_path: Path) -> None:
    out = tmp_path / "api"
    first = run_cli("grlc", "-o", str(out), "--endpoint", "http://localhost:9999/sparql")
    assert first.code == 0, first.stderr
    assert "queries for grlc, asking http://localhost:9999/sparql" in first.stderr
    assert (out / "endpoint.txt").read_text() == "http://localhost:9999/sparql\n"
    assert run_cli("grlc", "-o", str(out)).code == 0  # its own earlier output: replaced
    assert (out / "endpoint.txt").read_text() == "http://127.0.0.1:7878/query\n"
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    refused = run_cli("grlc", "-o", str(mine))
    assert refused.code == 2 and (mine / "notes.txt").read_text() == "keep"
    assert len(refused.stderr.strip().splitlines()) == 1


def test_an_endpoint_that_is_no_web_address_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is not an http"):
        grlc_folder(tmp_path / "api", "file:///etc/passwd")


_CHECK = r'''
import csv, io, json, logging, os, sys
os.chdir(sys.argv[1])
logging.disable(logging.WARNING)
import rdflib
from grlc.server import app
import grlc.swagger as swagger
items, warnings = swagger.build_spec(None, None)
client = app.test_client()
found = {"__warnings__": warnings}
for item in items:
    params = {p["name"]: p["default"] for p in item.get("params") or []
              if "default" in p and p["name"] != "endpoint"}
    construct = "CONSTRUCT" in item["original_query"]
    answer = client.get("/api-local" + item["call_name"], query_string=params,
                        headers={"Accept": "text/turtle" if construct else "text/csv"})
    body = answer.get_data(as_text=True)
    size = (len(rdflib.Graph().parse(data=body, format="turtle")) if construct
            else len(list(csv.reader(io.StringIO(body)))) - 1)
    found[item["call_name"].lstrip("/")] = [answer.status_code, size, item["summary"]]
print(json.dumps(found))
'''


@pytest.mark.skipif(not GRLC_PYTHON, reason="set REGIOGRAPH_GRLC_PYTHON to a Python with grlc")
def test_grlc_answers_every_call_at_its_defaults_as_regiograph_does(
        leuven_build: BuildResult, leuven: GraphStore, tmp_path: Path) -> None:
    assert GRLC_PYTHON is not None
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "regiograph", "serve", "--port", str(port),
                               "--build", str(leuven_build.out)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=30)
        out = tmp_path / "api"
        grlc_folder(out, f"http://127.0.0.1:{port}/query", Library.of_build(leuven_build.out))
        done = subprocess.run([GRLC_PYTHON, "-c", _CHECK, str(out)], capture_output=True,
                              text=True, timeout=300, check=True)
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=20)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found.pop("__warnings__") == []
    served, _ = grlc_queries(Library.of_build(leuven_build.out))
    assert sorted(found) == sorted(served)
    for flat, query in served.items():
        ours = regiograph.query(query.name, store=leuven)
        size = len(ours.rows) if ours.form == "SELECT" else len(ours.triples)
        assert found[flat] == [200, size, query.summary], flat
