"""The side-by-side benchmark: every stage a regiograph user runs, at each size of synthetic region,
against what a user of the same libraries would otherwise write (rdflib, pySHACL, networkx,
pyvis), measured in the same run on the same machine.

Usage::

    python benchmarks/run.py [--sizes 10k,100k,1m] [--repeats N] [--json OUT] [--timeout S] [--full]

Each size is a synthetic region (``regiograph synth``, seed 0). The regiograph build runs in a
child process (peak memory: its high-water mark, VmHWM, as the child reads it); so does the
rdflib + pySHACL baseline. Everything else runs in this process, one stage after its baseline.
Ratios are baseline time / regiograph time: above 1, regiograph is faster. Baselines that would
run for many minutes are guarded: each in-process baseline stops after ``--timeout`` seconds, and
above 300,000 triples the rdflib SPARQL baseline and pySHACL baseline are skipped unless ``--full``
is given; the table says so in its notes.

See benchmarks/README.md for the latest table.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
#: Above this many triples, the slowest baselines (rdflib SPARQL, pySHACL) need --full.
LARGE = 300_000
#: A subgraph of this many nodes for stating the sampling error against exact betweenness.
ERROR_SUBSAMPLE = 2000
#: nx.forceatlas2_layout (used by the graph exports) is dense: n x n x 2 floats per iteration.
LAYOUT_LIMIT = 5000
#: pyvis's from_nx grows quadratically (about 170 s at 20,000 nodes).
PYVIS_LIMIT = 5000
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]

@dataclass
class Row:
    """One stage at one size: regiograph's time (or MB), the baseline's, and notes."""

    size: str
    stage: str
    ours: float | None = None
    baseline: float | None = None
    baseline_name: str = ""
    ours_p95: float | None = None
    baseline_p95: float | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.baseline is None or self.ours <= 0:
            return None
        return self.baseline / self.ours


class Timeout(Exception):
    """A baseline ran out of time."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt pure-Python work (rdflib, networkx) after ``seconds``, by SIGALRM."""
    def expire(_signum: int, _frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = call()
    return time.perf_counter() - start, value


def guarded(call: Callable[[], Any], seconds: float) -> tuple[float | None, Any]:
    """The time of ``call``, or None when it ran out of time."""
    try:
        with time_limit(seconds):
            return timed(call)
    except Timeout:
        return None, None


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of a list of times."""
    ordered = sorted(samples)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered), p95


# -- child processes -------------------------------------------------------------------------------


def run_child(code: str, args: list[str], timeout: float) -> tuple[dict[str, Any], float, float]:
    """Run Python ``code`` in a child that prints JSON lines as each step finishes. Returns their
    merged JSON (with ``timeout`` set when the child was stopped), the wall time and the child's
    peak resident memory in MB: the ``rss`` it reports (its high-water mark, see
    :data:`_HWM`), else ``ru_maxrss`` from ``os.wait4``."""
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", code, *args], stdout=output,
                                 stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
        killed = False
        while True:
            pid, _status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout and not killed:
                child.kill()
                killed = True
            time.sleep(0.05)
        child.returncode = 0  # reaped by wait4 above
        wall = time.perf_counter() - start
        output.seek(0)
        result: dict[str, Any] = {}
        for line in output:
            if line.startswith("{"):
                result.update(json.loads(line))
    if killed:
        result["timeout"] = True
    return result, wall, float(result.get("rss", usage.ru_maxrss / 1024))  # kB on Linux


#: The child's own peak memory in MB: its high-water mark (VmHWM). ``ru_maxrss``, from wait4 or
#: getrusage, also counts the memory of the process that started it (fork, then exec).
_HWM = """
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

#: What the build's peak memory is.
_PEAK_NOTE = ("high-water mark (VmHWM) of each build: the larger of its process and the one "
              "that compiled")

_BUILD_CHILD = _HWM + """
import json, sys, time
from pathlib import Path
from regiograph import build
result = build(Path(sys.argv[1]), Path(sys.argv[2]), incremental=sys.argv[3:] != ["full"])
print(json.dumps({"timings": result.timings, "counts": result.counts,
                  "violations": len(result.report.violations),
                  "warnings": len(result.report.warnings),
                  "recompiled": result.recompiled, "sources": result.sources,
                  # a large region compiles in a grandchild: the peak is the larger of the two
                  "rss": max(hwm(), result.compile_memory)}), flush=True)
"""

_BASELINE_CHILD = _HWM + """
import json, sys, time
from pathlib import Path
import rdflib
out, shacl = Path(sys.argv[1]), sys.argv[2] == "1"
rss = hwm
start = time.perf_counter()
graph = rdflib.Graph()
graph.parse(out / "graph.ttl", format="turtle")
print(json.dumps({"parse": time.perf_counter() - start, "triples": len(graph), "rss": rss()}),
      flush=True)
if shacl:
    import pyshacl
    for path in [out / "ontology" / "regiograph.ttl", *sorted((out / "ontology" / "vocab").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    shapes = rdflib.Graph()
    for path in sorted((out / "ontology" / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    start = time.perf_counter()
    pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True,
                     advanced=True)
    print(json.dumps({"shacl": time.perf_counter() - start, "rss": rss()}), flush=True)
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
start = time.perf_counter()
G = rdflib_to_networkx_multidigraph(graph)
print(json.dumps({"convert": time.perf_counter() - start, "convert_nodes": len(G)}), flush=True)
"""


# -- stages ----------------------------------------------------------------------------------------


class SizeRun:
    """Every stage at one size."""

    def __init__(self, label: str, work: Path, args: argparse.Namespace) -> None:
        self.label = label
        self.work = work
        self.args = args
        self.rows: list[Row] = []
        self.info: dict[str, Any] = {"size": label}

    def add(self, stage: str, ours: float | None = None, baseline: float | None = None,
            baseline_name: str = "", **extra: Any) -> Row:
        row = Row(self.label, stage, ours, baseline, baseline_name, **extra)
        self.rows.append(row)
        print(f"{self.label}: {stage}", file=sys.stderr, flush=True)
        return row

    def run(self) -> list[Row]:
        from regiograph.synth import orgs_for, write_region

        data, out = self.work / "data", self.work / "build"
        if self.args.views_only:  # the views of an earlier run's build (same --workdir)
            self.info["triples"] = sum(1 for _ in (out / "graph.nt").open("rb"))
            store = self.load(out)
            from regiograph.analysis.projection import project

            self.views(store, project(store, "organisations"))
            self.analyze_command(out)
            return self.rows
        orgs = orgs_for(self.label)
        seconds, region = timed(lambda: write_region(data, orgs, seed=self.args.seed))
        self.add("generate (not a user stage)", seconds,
                 note=f"{orgs} orgs, {sum(len(t) for t in region.files.values()) / 1e6:.1f} MB YAML")
        self.build(data, out)
        self.incremental(data, out)
        self.large = self.info["triples"] > LARGE
        self.baseline_child(out)
        self.yaml_read(data)
        store = self.load(out)
        self.queries(store, out)
        self.browser_queries(store)
        G = self.projection(store)
        self.analysis(G)
        self.exports(store, G)
        self.views(store, G)
        self.analyze_command(out)
        return self.rows

    def build(self, data: Path, out: Path) -> None:
        result, wall, rss = run_child(_BUILD_CHILD, [str(data), str(out)], timeout=3600)
        if "timings" not in result:
            raise SystemExit(f"the build of the {self.label} region failed: run regiograph build "
                             f"--data {data} to see why")
        timings, counts = result["timings"], result["counts"]
        triples = sum(1 for _ in (out / "graph.nt").open("rb"))
        self.info.update(triples=triples, quads=counts["quads"], counts=counts,
                         violations=result["violations"], warnings=result["warnings"])
        self.timings = timings
        self.build_rss = rss
        self.add("build: compile (YAML to quads)", timings["compile"],
                 note=f"{triples} triples, {counts['quads']} quads, {counts['graphs']} graphs")
        self.add("build: load (store)", timings["load"])
        self.add("build: validate (native SHACL + QC queries)", timings["validate"],
                 note=f"{result['violations']} violations, {result['warnings']} warnings")
        self.add("build: write outputs", timings["write"])
        self.add("build: end to end (child process)", wall)

    def incremental(self, data: Path, out: Path) -> None:
        """One organisation edited, then built into the same folder (compiling only its file)
        and, for comparison, built afresh into another: the same bytes, every file."""
        _edit_one_organisation(data)
        result, wall, rss = run_child(_BUILD_CHILD, [str(data), str(out)], timeout=3600)
        full = self.work / "build-full"
        base, base_wall, base_rss = run_child(_BUILD_CHILD, [str(data), str(full), "full"],
                                              timeout=3600)
        if "timings" not in result or "timings" not in base:
            raise SystemExit(f"the incremental build of the {self.label} region failed")
        differ = _different_files(out, full)
        shutil.rmtree(full)
        timings = result["timings"]
        self.info["incremental_identical"] = not differ
        self.add("build: incremental, one organisation edited (child process)", wall, base_wall,
                 "full build of the same data",
                 note=f"compiled {len(result['recompiled'])} of {len(result['sources'])} data "
                      f"files; compile {timings['compile']:.2f} s, load {timings['load']:.2f} s, "
                      f"validate {timings['validate']:.2f} s, write {timings['write']:.2f} s; "
                      + ("every file the same bytes as the full build's" if not differ else
                         f"DIFFERENT from the full build: {', '.join(differ[:5])}"))
        self.add("peak memory: incremental build", rss, base_rss, "full build", unit="MB",
                 note=_PEAK_NOTE)

    def baseline_child(self, out: Path) -> None:
        shacl = not self.large or self.args.full
        result, _wall, _peak = run_child(_BASELINE_CHILD, [str(out), "1" if shacl else "0"],
                                         timeout=self.args.child_timeout)
        rss = result.get("rss")  # before the networkx conversion: parse (+ pySHACL)
        parse, shacl_time = result.get("parse"), result.get("shacl")
        ours = self.timings["load"]
        self.add("load: store vs rdflib Graph.parse(graph.ttl)", ours, parse,
                 "rdflib Graph.parse (Turtle)",
                 note=f"rdflib: {self.info['triples'] / parse:,.0f} triples/s" if parse else "")
        note = ("" if shacl_time else "pySHACL skipped above 300k triples (use --full)" if not shacl
                else "pySHACL did not finish in --child-timeout")
        self.add("validate vs pySHACL on rdflib", self.timings["validate"], shacl_time,
                 "pyshacl.validate", note=note)
        ours_total = sum(self.timings[k] for k in ("compile", "load", "validate"))
        both = parse + shacl_time if parse and shacl_time else None
        self.add("compile + validate + load", ours_total, both, "rdflib parse + pySHACL",
                 note=note)
        self.add("peak memory: build", self.build_rss, rss,
                 "rdflib parse + pySHACL" if shacl_time else "rdflib parse", unit="MB",
                 note=_PEAK_NOTE)
        self.converter = result.get("convert")
        self.info["converter_nodes"] = result.get("convert_nodes")

    def yaml_read(self, data: Path) -> None:
        """Where compile's time goes: reading YAML with positions versus plain loading."""
        import yaml

        from regiograph.curation.yamlfile import _Loader, read_yaml

        files = sorted(data.glob("*.yaml"))
        texts = [f.read_text(encoding="utf-8") for f in files]
        ours, _ = timed(lambda: [read_yaml(f) for f in files])
        compose, _ = timed(lambda: [yaml.compose(t, Loader=_Loader) for t in texts])
        events, _ = timed(lambda: [list(yaml.parse(t, Loader=_Loader)) for t in texts])
        load, _ = timed(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
        self.add("compile: of which read YAML (nodes + positions)", ours, load,
                 "yaml.load (CSafeLoader, no positions)",
                 note=f"libyaml compose {compose:.2f} s, of which parse events {events:.2f} s")

    def load(self, out: Path) -> Any:
        from regiograph.build import load_built

        seconds, store = timed(lambda: load_built(out))
        self.add("load built store (query, analyze)", seconds,
                 note=f"{self.info['triples'] / seconds:,.0f} triples/s")
        return store

    def queries(self, store: Any, out: Path) -> None:
        from regiograph.queries.library import Library
        from regiograph.queries.running import bind_parameters, query

        # the generic library with the synthetic region's defaults (its queries/defaults.yaml)
        library = [q for q in Library.of_build(out).queries()
                   if not q.name.startswith(("qc/", "projection/"))]
        rdf = None
        skip = self.large and not self.args.full
        if not skip:
            seconds, rdf = guarded(lambda: _rdflib_dataset(out), self.args.timeout * 4)
            self.add("rdflib Dataset.parse(dataset.nq) for SPARQL", None, seconds,
                     "rdflib Dataset(default_union=True)",
                     note="" if rdf is not None else "timed out")
        for found in library:
            params: dict[str, str] = {}
            bindings = bind_parameters(found, params)
            samples, size = [], 0
            query(found.name, store=store, **params)  # warm up: file reads, query planning
            for _ in range(self.args.repeats):
                seconds, answer = timed(lambda f=found, p=params: query(f.name, store=store, **p))
                samples.append(seconds)
                size = _answer_size(answer)
            p50, p95 = percentiles(samples)
            row = self.add(f"query {found.name}", p50, ours_p95=p95,
                           note=f"{size} rows" if found.form == "SELECT" else found.form)
            if skip:
                row.note += "; rdflib skipped above 300k triples (use --full)"
                continue
            if rdf is None:
                continue
            base: list[float] = []
            base_size = None
            for attempt in range(max(1, min(self.args.repeats, 5))):
                if attempt and sum(base) > 1.0:
                    break  # a slow baseline is timed once: its spread is not the question
                seconds, answer = guarded(lambda f=found, b=bindings: _rdflib_query(rdf, f, b),
                                          self.args.timeout)
                if seconds is None:
                    row.note += f"; rdflib > {self.args.timeout:.0f} s"
                    break
                base.append(seconds)
                base_size = answer
            if base:
                row.baseline, row.baseline_p95 = percentiles(base)
                row.baseline_name = "rdflib SPARQL (initBindings)"
                if base_size != size:
                    row.note += f"; rdflib gave {base_size}"

    def browser_queries(self, store: Any) -> None:
        """The site's SPARQL page on this region: its engine and data files, then, in headless
        Chromium, the engine's load and the answers to the library queries (as in queries());
        the page knows the region's defaults from its build, as ``query`` does."""
        try:
            for stage, seconds, note in sparql_page(store, self.work / "sparql"):
                self.add(stage, seconds, note=note)
        except Exception as exc:  # no browser here: say so, the rest still counts
            self.add("SPARQL page in the browser", note=f"failed: {type(exc).__name__}: {exc}"[:200])

    def projection(self, store: Any) -> Any:
        from regiograph.analysis.projection import project

        seconds, G = timed(lambda: project(store, "organisations"))
        self.info.update(nodes=G.number_of_nodes(), edges=G.number_of_edges())
        self.add("projection (organisations)", seconds, self.converter,
                 "rdflib_to_networkx_multidigraph",
                 note=f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges; baseline "
                      f"converts every triple ({self.info.get('converter_nodes')} nodes)")
        return G

    def analysis(self, G: Any) -> None:
        import networkx as nx

        from regiograph.analysis import betweenness, louvain, pagerank

        n = G.number_of_nodes()
        timeout = self.args.timeout
        ours_pr, _ = timed(lambda: pagerank(G))
        try:
            import scipy  # noqa: F401

            base_pr_call, pr_name = (lambda: nx.pagerank(G)), "nx.pagerank (SciPy)"
        except ImportError:  # nx.pagerank needs SciPy; its pure-Python twin is private
            from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

            base_pr_call, pr_name = (lambda: _pagerank_python(G)), "nx _pagerank_python (no SciPy)"
        base_pr, _ = guarded(base_pr_call, timeout)
        self.add("analysis: pagerank", ours_pr, base_pr, pr_name)
        ours_lv, _ = timed(lambda: louvain(G))
        base_lv, _ = guarded(lambda: nx.community.louvain_communities(G), timeout)
        self.add("analysis: louvain", ours_lv, base_lv, "nx louvain_communities")
        from regiograph.analysis.metrics import SAMPLE_ABOVE, SAMPLES  # what `analyze` uses

        k = None if n <= SAMPLE_ABOVE else SAMPLES
        ours_bt, _ = timed(lambda: betweenness(G, k=k))
        base_bt, _ = guarded(lambda: nx.betweenness_centrality(G), timeout)
        note = "exact" if k is None else f"sampled, k={k}; {self._betweenness_error(G, k)}"
        if base_bt is None:
            sample = min(n, 32)  # estimate exact from a few sources: the cost is linear in them
            seconds, _ = timed(lambda: nx.betweenness_centrality(G, k=sample, seed=0))
            base_bt = seconds * n / sample
            note += f"; exact networkx > {timeout:.0f} s, estimated from {sample} sources"
        self.add("analysis: betweenness", ours_bt, base_bt, "nx betweenness_centrality (exact)",
                 note=note)
        self.add("analysis: pagerank + louvain + betweenness", ours_pr + ours_lv + ours_bt,
                 (base_pr or 0) + (base_lv or 0) + base_bt if base_pr and base_lv else None,
                 "networkx defaults")

    def _betweenness_error(self, G: Any, k: int) -> str:
        """The error of k-sampled betweenness against exact, on a connected subsample."""
        import networkx as nx

        from regiograph.analysis import betweenness

        hub = max(G.degree, key=lambda item: item[1])[0]
        nodes = list(nx.bfs_tree(G, hub).nodes)[:ERROR_SUBSAMPLE]
        H = G.subgraph(nodes).copy()
        exact = betweenness(H)
        sampled = betweenness(H, k=k, seed=0)
        top = max(exact.values()) or 1.0
        error = max(abs(exact[v] - sampled[v]) for v in H) / top
        best = {v for v, _ in sorted(exact.items(), key=lambda i: -i[1])[:20]}
        found = {v for v, _ in sorted(sampled.items(), key=lambda i: -i[1])[:20]}
        return (f"on a {len(H)}-node subsample: max error {error:.1%} of the top value, "
                f"top-20 overlap {len(best & found)}/20")

    def exports(self, store: Any, G: Any) -> None:
        if importlib.util.find_spec("regiograph.publish.export") is None:
            self.add("exports", note="skipped: regiograph.publish.export is not there yet")
            return
        export = importlib.import_module("regiograph.publish.export")
        import networkx as nx
        import rdflib

        n = G.number_of_nodes()
        table = None
        if n <= LAYOUT_LIMIT or self.args.full:
            seconds, table = guarded(lambda: export.graph_table(G), self.args.timeout * 10)
            self.add("export: graph table (metrics + layout)", seconds,
                     note="once for every graph format" if seconds else "timed out")
        else:
            gb = n * n * 2 * 8 / 1e9
            self.add("export: graph table (metrics + layout)",
                     note=f"skipped: nx.forceatlas2_layout is dense, {gb:.0f} GB per array at "
                          f"{n} nodes (use --full)")
        graph = None
        if not self.large or self.args.full:
            graph = rdflib.Graph()
            graph.parse(self.work / "build" / "graph.ttl", format="turtle")
        plain = _plain(G)
        rdf_baselines = {"turtle": "turtle", "ntriples": "nt", "nquads": None, "trig": None,
                         "jsonld": "json-ld", "rdfxml": "xml"}
        graph_baselines: dict[str, tuple[str, Callable[[], Any]]] = {
            "graphml": ("nx.generate_graphml", lambda: "".join(nx.generate_graphml(plain))),
            "gexf": ("nx.generate_gexf", lambda: "".join(nx.generate_gexf(plain))),
            "cytoscape": ("nx.cytoscape_data + json",
                          lambda: json.dumps(nx.cytoscape_data(plain))),
            "d3": ("nx.node_link_data + json", lambda: json.dumps(nx.node_link_data(plain))),
        }
        for fmt in export.ExportFormat:
            name = str(fmt.value)
            if not getattr(fmt, "is_rdf", False) and table is None:
                continue
            seconds, _ = timed(lambda f=fmt: export.render(store, f, table=table))
            base, base_name = None, ""
            if getattr(fmt, "is_rdf", False) and graph is not None and rdf_baselines.get(name):
                base_name = f"rdflib serialize {rdf_baselines[name]}"
                base, _ = guarded(lambda f=rdf_baselines[name]: graph.serialize(format=f),
                                  self.args.timeout)
            elif name in graph_baselines:
                base_name, call = graph_baselines[name]
                base, _ = guarded(call, self.args.timeout)
            self.add(f"export: {name}", seconds, base, base_name)

    def views(self, store: Any, G: Any) -> None:
        if importlib.util.find_spec("regiograph.publish.render") is None:
            self.add("view: region, 1,000 and 5,000 nodes", note="skipped: regiograph.publish.render is "
                     "not there yet")
        else:
            self.our_views(store, G)
        if importlib.util.find_spec("pyvis") is None:
            self.add("view baseline: pyvis", note="skipped: pyvis is not installed")
            return
        from pyvis.network import Network

        from regiograph.analysis.projection import project

        stakeholders = None
        for count in sorted({1000, 5000, G.number_of_nodes()}):
            sub = _view_graph(G, count)
            if sub is None and count == 5000:  # a bigger network of the same region
                stakeholders = stakeholders or _plain(project(store, "stakeholders"))
                sub = _view_graph(stakeholders, count)
            if sub is None:
                continue
            if len(sub) > PYVIS_LIMIT and not self.args.full:
                self.add(f"view baseline: pyvis {len(sub)} nodes", note="skipped above 5,000 "
                         "nodes: from_nx is quadratic (use --full)")
                continue
            path = self.work / f"pyvis-{len(sub)}.html"

            def write(H: Any = sub, target: Path = path) -> None:
                net = Network()
                net.from_nx(H)
                net.write_html(str(target))

            seconds, _ = guarded(write, self.args.timeout * 4)
            self.add(f"view baseline: pyvis from_nx + write_html, {len(sub)} nodes", None,
                     seconds, "pyvis (default physics)",
                     note="write only: its physics runs for minutes before the first draw")


    def our_views(self, store: Any, G: Any) -> None:
        """regiograph's views: the region view (``regiograph view``'s default) and views of
        1,000 and 5,000 nodes, each written, then opened in headless Chromium."""
        render = importlib.import_module("regiograph.publish.render")
        from regiograph.analysis.projection import project

        pages: list[tuple[str, Callable[[], Any]]] = [
            ("region view (stakeholders)", lambda: render.view(store))]
        stakeholders = None
        for count in (1000, 5000):
            sub = _view_graph(G, count)
            if sub is None:
                stakeholders = stakeholders or project(store, "stakeholders")
                sub = _view_graph(stakeholders, count, plain=False)
            if sub is not None:
                pages.append((f"{count:,}-node view",
                              lambda H=sub, c=count: render.render_graph(H, f"{c} nodes")))
        for name, make in pages:
            path = self.work / f"view-{len(self.rows)}.html"
            try:
                seconds, _ = guarded(lambda m=make, p=path: m().save(p), self.args.timeout * 4)
            except Exception as exc:  # a module being written may fail: say so
                self.add(f"view: {name}", note=f"failed: {type(exc).__name__}: {exc}"[:200])
                continue
            if seconds is None:
                self.add(f"view: {name}", note=f"not written in {self.args.timeout * 4:.0f} s")
                continue
            note = f"{path.stat().st_size / 1e6:.1f} MB"
            try:
                drawn = first_draw(path)
                note += f"; first draw {drawn:.2f} s after opening in headless Chromium"
            except Exception as exc:  # no browser here: the write time still counts
                note += f"; no first draw: {type(exc).__name__}"
            self.add(f"view: {name}, file written", seconds, note=note)


    def analyze_command(self, out: Path) -> None:
        """``regiograph analyze --projection stakeholders`` as a user runs it, best of 3 (of
        ``--repeats`` when fewer): from command start to exit, and the time the command reports
        (loading the build, projecting, analysing and writing the report; not starting Python
        and importing)."""
        exe = [sys.executable, "-m", "regiograph", "analyze", "--build", str(out),
               "--projection", "stakeholders", "--out", str(self.work / "analysis-stakeholders")]
        walls, reported = [], []
        runs = max(1, min(3, self.args.repeats))
        for _ in range(runs):
            seconds, done = timed(lambda: subprocess.run(exe, capture_output=True, text=True,
                                                         check=True, cwd=self.work))
            walls.append(seconds)
            said = re.search(r"projection in ([\d.]+) s", done.stderr)
            reported.append(float(said.group(1)) if said else float("nan"))
        best = walls.index(min(walls))
        self.add("analyze --projection stakeholders (command start to exit)", walls[best],
                 note=f"best of {runs}; the command reports {reported[best]:.2f} s (load, project, "
                      "analyse, write)")


def _edit_one_organisation(data: Path) -> None:
    """Change the founding date of the first organisation of the region's last file of
    organisations that states one, as a curator's edit."""
    path = sorted(data.glob("organisations-*.yaml"))[-1]
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^    founded: \d[\d-]*$", text, re.MULTILINE)
    if found is None:
        raise SystemExit(f"{path}: no organisation with a founding date to edit")
    path.write_text(text[:found.start()] + "    founded: 1234" + text[found.end():],
                    encoding="utf-8")


def _different_files(first: Path, second: Path) -> list[str]:
    """The files of two folders that are not the same bytes (or not in both)."""
    def files(root: Path) -> set[str]:
        return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    names = files(first) | files(second)
    return sorted(n for n in names if not (first / n).is_file() or not (second / n).is_file()
                  or (first / n).read_bytes() != (second / n).read_bytes())


def _view_graph(G: Any, count: int, plain: bool = True) -> Any:
    """A connected part of ``G`` of ``count`` nodes (breadth first from the best-connected
    node), or None when ``G`` is smaller."""
    import networkx as nx

    if G.number_of_nodes() < count:
        return None
    hub = max(G.degree, key=lambda item: item[1])[0]
    nodes = list(nx.bfs_tree(G, hub).nodes)[:count]
    if len(nodes) < count:
        seen = set(nodes)
        nodes += [n for n in G if n not in seen][:count - len(nodes)]
    sub = G.subgraph(nodes)
    return _plain(sub) if plain else sub.copy()


def _plain(G: Any) -> Any:
    """The graph with text attributes only: labels, kinds and weights (no Tie objects)."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from((n, {"label": str(d.get("label", n)), "kind": str(d.get("kind", ""))})
                     for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, {"weight": float(d.get("weight", 1.0))})
                     for u, v, d in G.edges(data=True))
    return H


def _rdflib_dataset(out: Path) -> Any:
    import rdflib

    from regiograph.namespaces import ONTOLOGY_GRAPH

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(out / "dataset.nq", format="nquads")
    ontology = dataset.graph(rdflib.URIRef(ONTOLOGY_GRAPH))
    for path in [out / "ontology" / "regiograph.ttl", *sorted((out / "ontology" / "vocab").glob("*.ttl"))]:
        ontology.parse(path, format="turtle")
    return dataset


def _rdflib_query(dataset: Any, found: Any, bindings: dict[str, Any]) -> int | bool:
    import pyoxigraph as ox
    import rdflib

    from regiograph.namespaces import PROLOGUE

    terms: dict[str, rdflib.term.Identifier] = {}
    for name, term in bindings.items():
        if isinstance(term, ox.Literal):
            terms[name] = rdflib.Literal(term.value, lang=term.language,
                                         datatype=None if term.language else term.datatype.value)
        else:
            terms[name] = rdflib.URIRef(term.value)
    result = dataset.query(PROLOGUE + found.text, initBindings=terms)
    if found.form == "ASK":
        return bool(result.askAnswer)
    if found.form in ("CONSTRUCT", "DESCRIBE"):
        return len(result.graph)
    return len(list(result))


def _answer_size(answer: Any) -> int | bool:
    if answer.form == "ASK":
        return bool(answer.boolean)
    if answer.form in ("CONSTRUCT", "DESCRIBE"):
        return len(answer.triples)
    return len(answer.rows)


def first_draw(html: Path, timeout: float = 60.0) -> float:
    """Seconds from opening ``html`` in headless Chromium to its first drawing: the page's own
    ``window.regiograph.firstDraw`` (ms since navigation) when it reports one, else two
    animation frames after the load event."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page()
            start = time.perf_counter()
            page.goto(html.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
            if page.evaluate("() => Boolean(window.regiograph)"):
                page.wait_for_function("window.regiograph.firstDraw !== null",
                                       timeout=timeout * 1000)
                return float(page.evaluate("window.regiograph.firstDraw")) / 1000
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                          "requestAnimationFrame(r)))")
            return time.perf_counter() - start
        finally:
            browser.close()


def sparql_page(store: Any, folder: Path, params: dict[str, dict[str, str]] | None = None,
                timeout: float = 120.0) -> list[tuple[str, float | None, str]]:
    """The query page of a site (``query.html`` and its assets, written into ``folder``) opened
    from file:// in headless Chromium: the page's own timings of loading the engine and the
    data, the time to its first answer, and every library query but qc/ and projection/ run
    through its form (``params``: values by query name). Rows of (stage, seconds, note)."""
    from playwright.sync_api import sync_playwright

    from regiograph.publish.querypage import library, query_page, site_query_files

    seconds, files = timed(lambda: site_query_files(store))
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / "assets" / name).write_text(content, encoding="utf-8")
    sizes = {"engine": len(files["oxigraph-engine.js"]), "dataset": len(files["dataset.js"])}
    (folder / "query.html").write_text(query_page(store, nav="", pages={}, sizes=sizes), encoding="utf-8")
    rows: list[tuple[str, float | None, str]] = [(
        "SPARQL page: engine and data files written", seconds,
        f"engine {sizes['engine'] / 1e6:.1f} MB, data {sizes['dataset'] / 1e6:.1f} MB (gzip, base64)")]
    names = [q.name for q in library(store) if not q.name.startswith(("qc/", "projection/"))]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(timeout * 1000)
            page.goto((folder / "query.html").resolve().as_uri(), wait_until="load")
            start = time.perf_counter()
            for number, name in enumerate(names, 1):
                page.select_option("#rg-query-select", name)
                for key, value in (params or {}).get(name, {}).items():
                    page.fill(f"#rg-param-{key}", value)
                page.click("#rg-run-query")
                page.wait_for_selector(f"html[data-runs='{number}']", state="attached")
            every = time.perf_counter() - start
            timings = page.evaluate("window.regiograph.timings")
        finally:
            browser.close()
    rows += [("SPARQL page: engine compiled (wasm)", timings["engineMs"] / 1000,
              "from the first Run click: script loaded, un-gzipped, instantiated"),
             ("SPARQL page: engine and data loaded", timings["loadMs"] / 1000,
              "the above, then the TriG un-gzipped and loaded, the default graph merged"),
             ("SPARQL page: first answer after opening", timings["firstResultMs"] / 1000,
              "since the page was opened, the engine loaded on the first click"),
             (f"SPARQL page: {len(names)} library queries answered", every,
              "through the page's form, the first one loading the engine")]
    return rows


#: The first contentful paint of a page, once the browser reports it (as tests/browser.py).
FIRST_PAINT = """() => new Promise(resolve => new PerformanceObserver((list, observer) => {
  const paint = list.getEntriesByName('first-contentful-paint')[0];
  if (paint) { observer.disconnect(); resolve(paint.startTime); }
}).observe({type: 'paint', buffered: true}))"""


def first_paints(pages: dict[str, Path], repeats: int = 5,
                 timeout: float = 60.0) -> dict[str, tuple[float, float]]:
    """Each page opened from file:// in headless Chromium: the median over ``repeats`` visits
    of its first contentful paint and of its view's first drawing, in seconds since navigation
    (the browser's own ``performance`` entry and the page's ``window.regiograph.firstDraw``)."""
    from playwright.sync_api import sync_playwright

    found: dict[str, tuple[float, float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            for name, html in pages.items():
                paints, draws = [], []
                for _ in range(repeats):
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.goto(html.resolve().as_uri(), wait_until="load", timeout=timeout * 1000)
                    page.wait_for_selector("html[data-drawn]", state="attached", timeout=timeout * 1000)
                    paints.append(page.evaluate(FIRST_PAINT) / 1000)
                    draws.append(page.evaluate("window.regiograph.firstDraw") / 1000)
                    page.close()
                found[name] = (statistics.median(paints), statistics.median(draws))
        finally:
            browser.close()
    return found


def site_rows(work: Path) -> list[Row]:
    """The Leuven site (``regiograph site``): its size as its budget counts it (the fixed part,
    the pages of stakeholders and sources, the downloads apart), the first paint of its index, a
    median stakeholder page and its largest page, and the SPARQL page's timings."""
    from regiograph.publish.budget import FIXED_BUDGET, PAGE_BUDGET
    from regiograph.publish.site import write_site
    from regiograph.store.loading import load_built

    store = load_built(work / "leuven")
    seconds, site = timed(lambda: write_site(store, work / "leuven-site", build_dir=work / "leuven"))
    size = site.size()
    largest, largest_bytes = size.largest_page
    note = (f"{size.total / 1e6:.1f} MB in {len(site.files)} files: fixed part {size.fixed / 1e6:.2f} MB "
            f"(budget {FIXED_BUDGET / 1e6:.0f} MB), downloads {size.downloads / 1e6:.1f} MB apart, "
            f"{len(size.pages)} pages of stakeholders and sources, median {size.median_page / 1e3:.1f} KB, "
            f"largest {largest} {largest_bytes / 1e3:.0f} KB (budget {PAGE_BUDGET / 1e3:.0f} KB)")
    rows = [Row("leuven", "regiograph site (written)", seconds, note=note)]
    ordered = sorted((name for name in size.pages if name.startswith("stakeholders/")),
                     key=lambda name: (size.pages[name], name))
    median, heaviest = ordered[len(ordered) // 2], ordered[-1]
    pages = {"index.html": site.out / "index.html", f"median page ({Path(median).name})": site.out / median,
             f"largest page ({Path(heaviest).name})": site.out / heaviest}
    for name, (paint, draw) in first_paints(pages).items():
        rows.append(Row("leuven", f"site: first paint, {name}", paint,
                        note=f"first contentful paint, median of 5 from file://; view drawn at {draw:.2f} s"))
    rows += [Row("leuven", stage, value, note=text) for stage, value, text in
             sparql_page(store, work / "leuven-sparql")]
    return rows


# -- the run ---------------------------------------------------------------------------------------


def leuven_rows(work: Path) -> list[Row]:
    """The Leuven targets: the build end to end, and ``regiograph --help``."""
    exe = [sys.executable, "-m", "regiograph"]
    rows = []
    samples = []
    for _ in range(3):
        seconds, _ = timed(lambda: subprocess.run([*exe, "--help"], capture_output=True,
                                                  check=True, cwd=work))
        samples.append(seconds)
    rows.append(Row("leuven", "regiograph --help (command start to exit)", min(samples),
                    note="best of 3"))
    samples = []
    for _ in range(3):
        seconds, _ = timed(lambda: subprocess.run([*exe, "build", "--out", str(work / "leuven")],
                                                  capture_output=True, check=True, cwd=work))
        samples.append(seconds)
    rows.append(Row("leuven", "regiograph build (command start to exit)", min(samples),
                    note="best of 3"))
    return rows


def machine() -> dict[str, Any]:
    """The machine and the versions the figures hold for."""
    from importlib.metadata import version

    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        lscpu = ""
    packages = ("regiograph", "pyoxigraph", "rdflib", "pyshacl", "networkx", "PyYAML", "pyvis")
    found = {}
    for name in packages:
        try:
            found[name] = version(name)
        except Exception:
            found[name] = "absent"
    return {"python": platform.python_version(), "platform": platform.platform(),
            "lscpu": "\n".join(lscpu.splitlines()[:10]), "cpus": os.cpu_count(),
            "packages": found}


def print_table(rows: list[Row]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("size", "stage", "regiograph", "p95", "baseline", "p95", "ratio", "baseline is",
                  "note", title="regiograph vs the same stack written by hand (ratio = baseline / "
                  "regiograph)")
    for row in rows:
        table.add_row(row.size, row.stage, _fmt(row.ours, row.unit), _fmt(row.ours_p95, row.unit),
                      _fmt(row.baseline, row.unit), _fmt(row.baseline_p95, row.unit),
                      f"{row.ratio:.1f}x" if row.ratio else "", row.baseline_name, row.note)
    Console(width=250).print(table)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def markdown(rows: list[Row]) -> str:
    """The table as Markdown, for benchmarks/README.md."""
    lines = ["| size | stage | regiograph | p95 | baseline | ratio | baseline is | note |",
             "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for row in rows:
        lines.append(f"| {row.size} | {row.stage} | {_fmt(row.ours, row.unit)} | "
                     f"{_fmt(row.ours_p95, row.unit)} | {_fmt(row.baseline, row.unit)} | "
                     f"{f'{row.ratio:.1f}x' if row.ratio else ''} | {row.baseline_name} | "
                     f"{row.note.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated sizes: 2k, 10k, "
                        "100k, 1m... (triples) [default: 10k,100k]")
    parser.add_argument("--repeats", type=int, default=20, help="runs of each query (p50, p95)")
    parser.add_argument("--json", type=Path, help="write every row and the machine here")
    parser.add_argument("--markdown", type=Path, help="write the table as Markdown here")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds for each in-process baseline call [default: 30]")
    parser.add_argument("--child-timeout", type=float, default=1800.0,
                        help="seconds for the rdflib + pySHACL child [default: 1800]")
    parser.add_argument("--full", action="store_true",
                        help="run every baseline, however long (rdflib SPARQL and pySHACL above "
                             "300k triples, pyvis and layouts above 5,000 nodes)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-leuven", action="store_true", help="skip the Leuven build targets")
    parser.add_argument("--workdir", type=Path, help="keep the regions and builds here")
    parser.add_argument("--views-only", action="store_true",
                        help="time only the views and `analyze --projection stakeholders`, on the builds an "
                             "earlier run left in --workdir")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    rows: list[Row] = []
    infos = []
    with tempfile.TemporaryDirectory(prefix="regiograph-bench-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if not args.no_leuven:
            rows += leuven_rows(work)
            rows += site_rows(work)
        for size in sizes:
            run = SizeRun(size, work / size, args)
            rows += run.run()
            infos.append(run.info)
            gc.collect()
            save(args, rows, infos)  # after each size: a long run keeps what it measured
    print_table(rows)
    return 0


def save(args: argparse.Namespace, rows: list[Row], infos: list[dict[str, Any]]) -> None:
    """Write the JSON report and the Markdown table, when asked for."""
    report = {"machine": machine(), "sizes": infos,
              "args": {k: str(v) for k, v in vars(args).items()},
              "rows": [{**asdict(r), "ratio": r.ratio} for r in rows]}
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(markdown(rows), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
