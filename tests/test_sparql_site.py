"""SPARQL in the browser: the site's query page and the embed widget run the vendored Oxigraph
engine (WebAssembly) in headless Chromium, from file:// and from a loopback static server, and
give the answers of `regiograph query` (values, datatypes, language tags); a syntax error shows
its line and column; hostile labels stay text; no request leaves the site.

The engine is real, and offline: the pages use only the files vendored in the package."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from regiograph import GraphStore, UsageError, build
from regiograph.build import BuildResult, load_built
from regiograph.publish.engine import engine_glue
from regiograph.publish.querypage import library
from regiograph.publish.site import SiteResult, write_site
from regiograph.queries.results import ResultFormat
from regiograph.queries.running import query

from .browser import Browser, Visit, browser, record_timing
from .conftest import DATA, run_cli
from .servers import serving

RUN_TIMEOUT_MS = 30_000
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"


# -- fixtures: one site, one browser, one server for the module ----------------------------------


@pytest.fixture(scope="module")
def site(leuven_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    return write_site(load_built(leuven_build.out), tmp_path_factory.mktemp("sparql") / "site",
                      title="Leuven innovation region", build_dir=leuven_build.out)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as opened:
        yield opened


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: SiteResult) -> Iterator[str]:
    """The site on a loopback static server: its base address."""
    handler = functools.partial(_Quiet, directory=str(site.out))
    with serving(handler) as base:  # type: ignore[arg-type]
        yield base + "/"


@pytest.fixture(scope="module")
def store(leuven_build: BuildResult) -> GraphStore:
    return load_built(leuven_build.out)


def expected(name: str, store: GraphStore, **params: str) -> Any:
    """What `regiograph query NAME --format json` prints, as the library computes it."""
    result = query(name, store=store, **params)
    return normal(result.write(ResultFormat.JSON) if result.form in ("SELECT", "ASK")
                  else result.graph_text())


def normal(answer: Any) -> Any:
    """An answer with its rows as a sorted list (row order is free without ORDER BY)."""
    if isinstance(answer, str):
        try:
            answer = json.loads(answer)
        except json.JSONDecodeError:  # N-Triples
            return sorted(line for line in answer.splitlines() if line.strip())
    if "results" in answer:
        rows = answer["results"]["bindings"]
        answer["results"]["bindings"] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    return answer


def at(site: SiteResult, name: str) -> str:
    """The query page's address with a library query chosen."""
    return (site.out / "query.html").resolve().as_uri() + "#" + name


def ran(visit: Visit, runs: int) -> Any:
    """Wait for the page's ``runs``-th answer (or error); what it answered."""
    visit.page.wait_for_selector(f"html[data-runs='{runs}']", state="attached", timeout=RUN_TIMEOUT_MS)
    last = visit.page.evaluate("window.regiograph.last")
    if "error" in last:
        return last
    return normal(last["json"] if "json" in last else "\n".join(last["triples"]))


def run_library(visit: Visit, names: list[str]) -> dict[str, Any]:
    """Run each library query through the page's form, with its defaults."""
    answers = {}
    for number, name in enumerate(names, 1):
        visit.page.select_option("#rg-query-select", name)
        visit.page.click("#rg-run-query")
        answers[name] = ran(visit, number)
    return answers


# -- the vendored engine -------------------------------------------------------------------------


def test_the_engine_is_vendored_with_its_licence_and_hashes() -> None:
    folder = resources.files("regiograph.publish").joinpath("vendor/oxigraph")
    sources = json.loads(folder.joinpath("SOURCES.json").read_text(encoding="utf-8"))
    assert sources["license"] == "MIT OR Apache-2.0" and sources["integrity"].startswith("sha512-")
    for name in ("web.js", "web_bg.wasm", "LICENSE-MIT", "LICENSE-APACHE"):
        data = folder.joinpath(name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sources["sha256"][name], name
    glue = engine_glue()  # the ES module as a classic script: no module syntax left
    assert glue.startswith("/* Oxigraph ") and "import.meta" not in glue
    assert not re.search(r"^\s*(?:import|export)\b", glue, re.MULTILINE)


def test_the_query_page_and_its_assets_are_written(site: SiteResult) -> None:
    for name in ("query.html", "assets/query.js", "assets/oxigraph.js", "assets/oxigraph-engine.js",
                 "assets/dataset.js"):
        assert name in site.files, name
    html = (site.out / "query.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert policy is not None
    assert "&#x27;wasm-unsafe-eval&#x27;" in policy[1] and "connect-src" not in policy[1]
    assert "unsafe-eval&#x27;" not in policy[1].replace("wasm-unsafe-eval&#x27;", "")
    assert "wasm-unsafe-eval" not in (site.out / "index.html").read_text(encoding="utf-8")
    assert (site.out / "query.html").stat().st_size < 200_000


# -- the query page ------------------------------------------------------------------------------


@pytest.mark.parametrize("origin", ["file", "loopback"])
def test_every_library_query_gives_the_answer_of_regiograph_query(
        origin: str, chromium: Browser, site: SiteResult, served: str, store: GraphStore) -> None:
    names = [q.name for q in library(store)]
    if origin == "file":
        visit = chromium.open(site.out / "query.html")
    else:
        visit = chromium.open(served + "query.html", allow=(served,))
    answers = run_library(visit, names)
    for name in names:
        assert answers[name] == expected(name, store), name
    visit.check()
    loaded = [url for url in visit.requests if "assets/" in url]
    assert any(url.endswith("assets/oxigraph-engine.js") for url in loaded)  # loaded on first use
    assert all(url.startswith("file:" if origin == "file" else served) for url in visit.requests)
    timings = visit.page.evaluate("window.regiograph.timings")
    record_timing(f"sparql-page-{origin}", engine_ms=round(timings["engineMs"], 1),
                  load_ms=round(timings["loadMs"], 1), first_result_ms=round(timings["firstResultMs"], 1),
                  queries=len(names), site_bytes=site.bytes)


def test_the_answers_are_those_of_the_command_line(chromium: Browser, site: SiteResult,
                                                   leuven_build: BuildResult) -> None:
    """`regiograph query NAME --format json` itself, for a query with a language-tagged and a
    typed column, and for parameters given in the form."""
    visit = chromium.open(at(site, "collaborations/list-collaboration-partners"))
    visit.page.fill("#rg-param-collaboration", "icovid")
    visit.page.click("#rg-run-query")
    printed = run_cli("query", "collaborations/list-collaboration-partners", "--param",
                      "collaboration=icovid", "--format", "json", "--build", str(leuven_build.out))
    assert printed.code == 0, printed.stderr
    shown = ran(visit, 1)
    assert shown == normal(printed.stdout) and shown["results"]["bindings"]
    assert any("xml:lang" in cell for row in shown["results"]["bindings"] for cell in row.values())
    links = visit.page.locator("#rg-answer a[href^='stakeholders/']")
    assert links.count() > 0  # entities link to their pages
    href = links.first.get_attribute("href")
    assert href is not None and (site.out / href).is_file()
    visit.check()


def test_a_syntax_error_shows_its_line_and_column(chromium: Browser, site: SiteResult,
                                                  store: GraphStore) -> None:
    text = 'SELECT ?organisation WHERE {\n  ?organisation a rg:University ;\n    rdfs:label "unclosed .\n}'
    with pytest.raises(UsageError) as raised:
        query(text, store=store)
    line, column = re.search(r":(\d+):(\d+): SPARQL syntax error", str(raised.value)).groups()  # type: ignore[union-attr]
    visit = chromium.open(site.out / "query.html")
    visit.page.fill("#rg-sparql", text)
    visit.page.click("#rg-run-sparql")
    error = ran(visit, 1)["error"]
    assert (error["line"], error["column"]) == (int(line), int(column)) == (3, 27)
    shown = visit.page.inner_text("#rg-error")
    assert f"line {line}, column {column}" in shown
    visit.check()


def test_free_queries_of_every_form(chromium: Browser, site: SiteResult) -> None:
    visit = chromium.open(site.out / "query.html")
    forms = ["ASK { id:imec rg:spinOffOf id:ku-leuven }",
             "DESCRIBE id:mission-lucidity",
             "CONSTRUCT { ?o a rg:University } WHERE { ?o a rg:University }",
             "SELECT ?kind (COUNT(*) AS ?n) WHERE { ?o a ?kind } GROUP BY ?kind ORDER BY DESC(?n)"]
    for number, text in enumerate(forms, 1):
        visit.page.fill("#rg-sparql", text)
        visit.page.keyboard.press("Control+Enter") if number == 4 else visit.page.click("#rg-run-sparql")
        answer = ran(visit, number)
        assert "error" not in answer, (text, answer)
    counts = visit.page.locator("#rg-answer tbody tr td:nth-child(2)").all_inner_texts()
    numbers = [int(re.match(r"\d+", c)[0]) for c in counts]  # type: ignore[index]
    assert numbers == sorted(numbers, reverse=True)
    visit.page.click("#rg-answer th:nth-child(2) button")  # sort by the count, ascending
    counts = visit.page.locator("#rg-answer tbody tr td:nth-child(2)").all_inner_texts()
    assert [int(re.match(r"\d+", c)[0]) for c in counts] == sorted(numbers)  # type: ignore[index]
    assert visit.page.get_attribute("#rg-answer th:nth-child(2)", "aria-sort") == "ascending"
    with visit.page.expect_download() as download:
        visit.page.click("#rg-downloads a[download='answer.csv']")
    assert Path(download.value.path()).read_text(encoding="utf-8").startswith("kind,n\n")
    visit.check()


def test_prefixes_complete_and_the_editor_highlights(chromium: Browser, site: SiteResult) -> None:
    visit = chromium.open(site.out / "query.html")
    editor = visit.page.locator("#rg-sparql")
    editor.fill("SELECT * WHERE { ?s a ")
    editor.press("End")
    editor.type("sk")
    assert visit.page.locator("#rg-complete li").all_inner_texts() == ["skos:"]
    editor.press("Tab")
    editor.type("Concept }")
    assert editor.input_value() == "SELECT * WHERE { ?s a skos:Concept }"
    assert visit.page.locator("#rg-highlight .rg-k").first.inner_text() == "SELECT"
    assert visit.page.locator("#rg-highlight .rg-p").first.inner_text() == "skos:Concept"
    visit.check()


def test_parameters_offer_the_entities_that_fit(chromium: Browser, site: SiteResult) -> None:
    visit = chromium.open(at(site, "organisations/list-memberships"))
    listed = visit.page.get_attribute("#rg-param-member", "list")
    options = visit.page.locator(f"datalist[id='{listed}'] option")
    values = options.evaluate_all("options => options.map(o => [o.value, o.textContent])")
    assert ["ku-leuven", "KU Leuven"] in values and ["imec", "imec"] in values
    assert not any(value in ("leuven", "germany") for value, _label in values)  # places are not members
    visit.page.fill("#rg-param-member", "not a valid id")
    visit.page.click("#rg-run-query")
    assert "parameter member" in ran(visit, 1)["error"]["text"]
    visit.check()


# -- hostile labels ------------------------------------------------------------------------------


def test_hostile_labels_stay_text_in_the_answer(chromium: Browser, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(DATA / "hostile", out)
    result = write_site(load_built(out), tmp_path / "site", title="Hostile", build_dir=out)
    visit = chromium.open(result.out / "query.html")
    visit.page.fill("#rg-sparql", "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label } ORDER BY ?label")
    visit.page.click("#rg-run-sparql")
    answer = ran(visit, 1)
    labels = [row["label"]["value"] for row in answer["results"]["bindings"]]
    assert HOSTILE_LABEL in labels
    shown = visit.page.inner_text("#rg-answer")
    assert HOSTILE_LABEL in shown and "</script><script>alert(1)</script>" in shown
    tags = visit.page.evaluate("[...new Set([...document.querySelectorAll('#rg-answer *')]"
                               ".map(e => e.tagName.toLowerCase()))].sort()")
    assert set(tags) <= {"a", "button", "div", "span", "table", "tbody", "td", "th", "thead", "tr"}, tags
    assert visit.page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                               ".some(a => a.name.startsWith('on'))).length") == 0
    visit.check()  # no dialog, no script error, no request outside


# -- the widget ----------------------------------------------------------------------------------


def test_the_widget_page_works_alone_and_in_a_sandboxed_frame(
        chromium: Browser, tmp_path: Path, leuven_build: BuildResult, store: GraphStore) -> None:
    page = tmp_path / "widget" / "partners.html"
    made = run_cli("embed", "collaborations/list-collaboration-partners", "--param",
                   "collaboration=icovid", "-o", str(page), "--build", str(leuven_build.out))
    assert made.code == 0, made.stderr
    assert made.stdout.startswith('<iframe src="partners.html"') and 'sandbox="allow-scripts"' in made.stdout
    alone = tmp_path / "alone.html"
    page.rename(alone)  # nothing beside it: the page carries all it needs
    visit = chromium.open(alone)
    shown = ran(visit, 1)
    assert shown == expected("collaborations/list-collaboration-partners", store, collaboration="icovid")
    assert visit.page.locator("#rg-answer tbody tr").count() == len(shown["results"]["bindings"])
    assert visit.requests == [alone.resolve().as_uri()]
    visit.check()
    host = tmp_path / "host.html"
    host.write_text(f"<!doctype html><title>host</title>{made.stdout.replace('partners.html', alone.name)}",
                    encoding="utf-8")
    framed = chromium.open(host)
    frame = framed.page.frame_locator("iframe")
    frame.locator("html[data-runs='1']").wait_for(state="attached", timeout=RUN_TIMEOUT_MS)
    assert frame.locator("#rg-answer tbody tr").count() == len(shown["results"]["bindings"])
    framed.check()


def test_embed_refuses_mistakes_in_one_line(leuven_build: BuildResult, tmp_path: Path) -> None:
    unknown = run_cli("embed", "list-partnrs", "-o", str(tmp_path / "w.html"), "--build",
                      str(leuven_build.out))
    assert unknown.code == 2 and "no query named" in unknown.stderr and "Traceback" not in unknown.stderr
    (tmp_path / "link.html").symlink_to(tmp_path / "elsewhere.html")
    linked = run_cli("embed", "collaborations/list-collaborations", "-o", str(tmp_path / "link.html"),
                     "--build", str(leuven_build.out))
    assert linked.code == 2 and "symbolic link" in linked.stderr
    assert not (tmp_path / "elsewhere.html").exists()


def test_embed_takes_the_region_defaults_of_its_build(leuven_build: BuildResult,
                                                      tmp_path: Path) -> None:
    made = run_cli("embed", "list-collaboration-partners", "-o", str(tmp_path / "w.html"),
                   "--build", str(leuven_build.out))
    assert made.code == 0, made.stderr
    assert "id/mission-lucidity" in (tmp_path / "w.html").read_text(encoding="utf-8")
