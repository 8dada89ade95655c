"""The benchmark at its smallest size, so that it never rots (benchmarks/README.md has the real
table)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parent.parent
RUN = ROOT / "benchmarks" / "run.py"


def _harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_at_the_smallest_size(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(RUN), "--sizes", "2k", "--repeats", "1",
                           "--timeout", "3", "--no-leuven", "--json", str(out)],
                          capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert time.perf_counter() - start < 90  # about 15 s on an idle machine; CI shares its cores
    report = json.loads(out.read_text(encoding="utf-8"))
    stages = {row["stage"]: row for row in report["rows"]}
    assert report["sizes"][0]["violations"] == 0
    assert report["sizes"][0]["incremental_identical"] is True  # the same bytes as a full build
    for stage in ("build: compile (YAML to quads)", "build: validate (native SHACL + QC queries)",
                  "load: store vs rdflib Graph.parse(graph.ttl)", "compile + validate + load",
                  "peak memory: build", "projection (organisations)",
                  "build: incremental, one organisation edited (child process)",
                  "analysis: pagerank + louvain + betweenness",
                  "analyze --projection stakeholders (command start to exit)",
                  "query collaborations/list-collaboration-partners"):
        assert stages[stage]["ours"] is not None, stage
    assert stages["load: store vs rdflib Graph.parse(graph.ttl)"]["ratio"] > 0
    queries = [row for row in report["rows"] if row["stage"].startswith("query ")]
    assert len(queries) >= 20
    assert not [row for row in queries if "rdflib gave" in row["note"]]  # the same answers
    assert "lscpu" in report["machine"] and report["machine"]["python"]
    assert "regiograph vs the same stack" in done.stdout


def test_percentiles_and_time_limit() -> None:
    run = _harness()
    assert run.percentiles([3.0, 1.0, 2.0, 4.0]) == (2.5, 4.0)
    seconds, value = run.guarded(lambda: sum(range(10)), 5)
    assert value == 45 and seconds is not None

    def forever() -> None:
        while True:
            pass

    assert run.guarded(forever, 0.2) == (None, None)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists()
                    or importlib.util.find_spec("playwright") is None,
                    reason="needs Debian's chromium and playwright")
def test_first_draw_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><title>x</title><canvas id=c></canvas>", encoding="utf-8")
    seconds = _harness().first_draw(page)
    assert 0 < seconds < 30
