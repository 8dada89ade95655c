"""HTML injection in every HTML page regiograph writes, in a real browser, and no network while
writing the views and the site.

The hostile region (tests/data/hostile: names, descriptions, notes, goals, source and section
titles, vocabulary labels that are HTML, script and ``javascript:`` URLs) is built and written out
by the commands a user runs: ``analyze`` (report.html, and report.md rendered as GitHub would),
``site`` (every page, the ontology documentation among them) and ``view``. The ontology
documentation is written by ``regiograph site`` into ``SITE/ontology.html`` from the ontology
files of the build (``BUILD/ontology``); the build's copy gets hostile terms, a hostile ontology
header and a hostile SKOS scheme (in a file whose name is a payload), read the way ontodoc reads
its input.

Each page is opened in headless Chromium twice: as shipped, and with its Content-Security-Policy
bypassed, so that escaping alone is proved (the policy would otherwise hide a mistake). A hook
installed before any page script defines ``window.__pwned`` (which the newer payloads push to)
and turns ``alert``, ``confirm``, ``prompt``, ``print`` and ``open`` into pushes to it. Then:
no payload ran and no dialog opened; no element of a payload is in the DOM (no ``on*``
attribute anywhere, no ``javascript:``/``vbscript:``/``data:`` URL but ``data:image/`` pictures,
no iframe, object, embed, base, meta refresh, media element, and no script but those the
page's policy names by hash); and every hostile string shows verbatim in the page's text. A
control test proves the checks fail on a page with one label left unescaped.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from regiograph.analysis.projection import project
from regiograph.build import load_built
from regiograph.publish.querypage import query_static_files
from regiograph.publish.viewpage import shared_files

from .browser import ARGS, CHROMIUM, Browser
from .conftest import DATA, TINY, run_cli
from .test_hostile_input import _guarded

HOSTILE = DATA / "hostile"
SITE_TITLE = "<b onclick=window.__pwned.push('site title')>Hostile</b> region"
VIEW_TITLE = "</title><script>alert('view title')</script>"

HOOK = """
window.__pwned = [];
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  window[name] = (...args) => { window.__pwned.push(name + '(' + args.join(',') + ')'); };
}
"""

# Everything a payload could leave in the DOM, found with the DOM's own eyes.
PROBE = """() => {
  const found = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background',
                         'srcset', 'ping', 'xlink:href', 'codebase', 'cite', 'manifest'];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith('on')) found.push(`<${tag} ${name}>`);
      if (name === 'srcdoc') found.push(`<${tag} srcdoc>`);
      if (urlAttributes.includes(name) && /^\\s*(javascript|vbscript|data|blob):/i.test(a.value)
          && !(tag === 'img' && name === 'src' && a.value.startsWith('data:image/')))
        found.push(`<${tag} ${name}=${a.value.slice(0, 60)}>`);
    }
  }
  const forbidden = 'iframe, frame, frameset, object, embed, applet, base, marquee, video, audio, '
                    + 'source, track, portal, meta[http-equiv="refresh" i], link[rel~="import" i]';
  for (const el of document.querySelectorAll(forbidden)) found.push(`<${el.tagName.toLowerCase()}>`);
  for (const el of document.querySelectorAll('style'))
    if (/@import|url\\(/i.test(el.textContent)) found.push('<style> with @import or url(');
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy" i]');
  return {found, csp: csp ? csp.content : '', url: location.href,
          scripts: [...document.querySelectorAll('script')].map(
            s => [s.type, s.textContent, s.getAttribute('src') || ''])};
}"""

# The page's text as a reader sees it: its title and every text node outside script and style.
TEXT = """() => {
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  const parts = [document.title];
  for (let n; (n = walker.nextNode());)
    if (!n.parentElement.closest('script, style, title')) parts.push(n.data);
  return parts.join('\\n');
}"""

# A hostile copy of the ontology, for the ontology documentation. Appended to the build's
# regiograph.ttl (its prefixes are declared there):
HOSTILE_TERMS = r"""
rg:HostileClass
    a owl:Class ;
    rdfs:label "<script>window.__pwned.push('class label')</script>"@en ,
        "</textarea><img src=x onerror=window.__pwned.push('nl label')>"@nl ;
    skos:definition "\"><svg onload=window.__pwned.push('class definition')>"@en ;
    rdfs:comment "<img src=x onerror=window.__pwned.push('comment')>"@en ;
    rdfs:subClassOf rg:Organisation , <javascript:window.__pwned.push('subclass')> ;
    owl:equivalentClass <javascript:alert(document.domain)> ,
        <data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZC5wdXNoKDEpPC9zY3JpcHQ+> ,
        <vbscript:msgbox(1)> .

rg:hostileProperty
    a owl:ObjectProperty , owl:SymmetricProperty ;
    rdfs:label "'><iframe srcdoc=\"<script>parent.__pwned.push('iframe')</script>\"></iframe>"@en ;
    skos:definition "<a href=\"javascript:window.__pwned.push('link')\">click</a> <!-- ]]> -->"@en ;
    rdfs:subPropertyOf <javascript:window.__pwned.push('subproperty')> ;
    rdfs:domain [ owl:unionOf ( rg:HostileClass <javascript:window.__pwned.push('union')> ) ] ;
    rdfs:range <javascript:window.__pwned.push('range')> .
"""
# A whole hostile ontology and a hostile SKOS scheme, as vocabulary files of the build (the file
# name of the first is a payload too: the page shows it).
HOSTILE_ONTOLOGY_FILE = "\"><svg onload=window.__pwned.push('file')>.ttl"
HOSTILE_ONTOLOGY = r"""
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix vann: <http://purl.org/vocab/vann/> .

<https://example.org/hostile>
    a owl:Ontology ;
    owl:versionInfo "</code><script>window.__pwned.push('version')</script>" ;
    dcterms:title "</title></h2><script>window.__pwned.push('title')</script>"@en ;
    dcterms:description "<img src=x onerror=window.__pwned.push('description')>"@en ;
    dcterms:creator "<b onmouseover=window.__pwned.push('creator')>someone</b>" ;
    dcterms:created "<svg onload=window.__pwned.push('created')>" ;
    dcterms:license <javascript:window.__pwned.push('license')> ;
    vann:preferredNamespacePrefix "h\"><svg onload=window.__pwned.push('prefix')>" ;
    vann:preferredNamespaceUri "javascript:window.__pwned.push('namespace')#" .

<javascript:window.__pwned.push('namespace')#Thing>
    a owl:Class ;
    rdfs:label "<details open ontoggle=window.__pwned.push('thing')>Thing</details>"@en ;
    skos:definition "`${window.__pwned.push('template')}` {{constructor.constructor('alert(1)')()}}"@en ;
    rdfs:subClassOf <javascript:window.__pwned.push('thing-subclass')> .
"""
HOSTILE_SCHEME = r"""
@prefix rg: <https://w3id.org/regiograph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://example.org/hostile-scheme>
    a skos:ConceptScheme ;
    skos:prefLabel "<input autofocus onfocus=window.__pwned.push('scheme')>"@en ;
    skos:definition "</td></tr></table><script>window.__pwned.push('scheme definition')</script>"@en .

<https://example.org/hostile-scheme/concept'x>
    a skos:Concept ;
    skos:prefLabel "<marquee onstart=window.__pwned.push('concept')>x</marquee>"@en ;
    skos:definition "<form action=javascript:window.__pwned.push('form')><button>go</button></form>"@en ;
    skos:broader <javascript:window.__pwned.push('broader')> ;
    rg:classOfKind <javascript:window.__pwned.push('class-of-kind')> .
"""


def _literals(turtle: str) -> list[str]:
    """The hostile literals of a Turtle snippet that the documentation shows (not comments)."""
    values = []
    for line in turtle.splitlines():
        if "rdfs:comment" in line:
            continue
        values += [v.replace('\\"', '"') for v in re.findall(r'"((?:[^"\\]|\\.)*)"(?:@\w+)?', line)]
    return [v for v in values if "<" in v or "`" in v or "javascript:" in v]


def _iris(turtle: str) -> list[str]:
    return re.findall(r"<((?:javascript|vbscript|data):[^>]*)>", turtle)


# -- the outputs ---------------------------------------------------------------------------------


def _yaml_strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a YAML document, with the key it is the value of."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _yaml_strings(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _yaml_strings(item, key)


def hostile_strings(shown: bool = False) -> list[str]:
    """Every string of the hostile region that is markup (or a URL with quotes in it); with
    ``shown``, only those a page shows: a curator's ``note`` is not in the graph, and the site
    shows the vocabulary's labels but not its definitions."""
    found: dict[str, None] = {}
    for path in sorted(HOSTILE.glob("*.yaml")):
        for key, value in _yaml_strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            hidden = key == "note" or (path.name == "vocabulary.yaml" and key == "definition")
            if ("<" in value or "'" in value) and not (shown and hidden):
                found[value] = None
    return list(found)


class Outputs:
    """The hostile region built, analysed, viewed and made a site (once for the module)."""

    def __init__(self, root: Path) -> None:
        self.build = root / "build"
        done = run_cli("build", "--data", str(HOSTILE), "--out", str(self.build))
        assert done.code == 0, done.stderr
        ontology = self.build / "ontology"
        with (ontology / "regiograph.ttl").open("a", encoding="utf-8") as handle:
            handle.write(HOSTILE_TERMS)
        (ontology / "vocab" / HOSTILE_ONTOLOGY_FILE).write_text(HOSTILE_ONTOLOGY, encoding="utf-8")
        (ontology / "vocab" / "hostile-scheme.ttl").write_text(HOSTILE_SCHEME, encoding="utf-8")
        self.reports: dict[str, Path] = {}
        for projection, group in (("stakeholders", "sector"), ("organisations", "helix"),
                                  ("people-organisations", "kind")):
            out = root / f"analysis-{projection}"
            done = run_cli("analyze", "--build", str(self.build), "--projection", projection,
                           "--group-by", group, "--out", str(out))
            assert done.code == 0, done.stderr
            self.reports[projection] = out
        self.site = root / "site"
        self.view = root / "view.html"
        for step in (["site", "--build", str(self.build), "-o", str(self.site),
                      "--title", SITE_TITLE],
                     ["view", "--build", str(self.build), "-o", str(self.view),
                      "--color-by", "sector", "--title", VIEW_TITLE]):
            done = run_cli(*step)
            assert done.code == 0, done.stderr
        self.store = load_built(self.build)

    def labels(self, projection: str) -> list[str]:
        return sorted({str(d["label"]) for _n, d in project(self.store, projection).nodes(data=True)})


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    return Outputs(tmp_path_factory.mktemp("hostile-html"))


# -- the browser ---------------------------------------------------------------------------------


class HookedBrowser(Browser):
    """tests/browser.py's Chromium with the hook in every page and frame before any script, and
    with the pages' Content-Security-Policy enforced or bypassed."""

    def __init__(self, enforce_csp: bool) -> None:
        from playwright.sync_api import sync_playwright

        self.enforce_csp = enforce_csp
        self._profile = Path(tempfile.mkdtemp(prefix="regiograph-chromium-"))
        self._playwright = sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            str(self._profile), executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, service_workers="block",
            bypass_csp=not enforce_csp)
        self.context.add_init_script(HOOK)


@pytest.fixture(scope="module", params=["csp-enforced", "csp-bypassed"])
def chromium(request: pytest.FixtureRequest) -> Iterator[HookedBrowser]:
    pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    opened = HookedBrowser(enforce_csp=request.param == "csp-enforced")
    try:
        yield opened
    finally:
        opened.close()


def _policy_hashes(policy: str) -> set[str]:
    return set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", policy))


def check_page(chromium: HookedBrowser, path: Path, expected: Iterable[str] = ()) -> str:
    """Open a page and fail if a payload ran or left an element, or a hostile string is not
    in its text verbatim; the page's text."""
    visit = chromium.open(path)
    page = visit.page
    if page.locator("#rg-network").count():
        visit.wait_drawn()
    page.wait_for_timeout(250)  # let autofocus, ontoggle, onerror and the like fire
    if page.locator("#rg-search").count():  # a view: its search box takes a payload as text
        page.fill("#rg-search", "<img src=x onerror=window.__pwned.push('search')>")
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)
    problems = [f"payload ran: {p}" for p in page.evaluate("window.__pwned")]
    problems += [f"dialog: {d}" for d in visit.dialogs]
    probe = page.evaluate(PROBE)
    problems += [f"payload element: {f}" for f in probe["found"]]
    if probe["url"] != path.resolve().as_uri():
        problems.append(f"the page navigated to {probe['url']}")
    allowed = _policy_hashes(probe["csp"])
    for kind, body, src in probe["scripts"]:
        if kind == "application/json":
            json.loads(body)  # data, and only data
        elif src:  # a site's shared file: ours, in its assets folder, byte for byte
            shared = (path.parent / src).resolve()
            if shared.parent.name != "assets" or "'self'" not in probe["csp"] or \
                    shared.read_text(encoding="utf-8") not in [*shared_files().values(),
                                                               *query_static_files().values()]:
                problems.append(f"script file not ours: {src!r}")
        elif base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() not in allowed:
            problems.append(f"script not allowed by the page's policy: {body[:80]!r}")
    shown = page.evaluate(TEXT)
    problems += [f"not shown verbatim: {s!r}" for s in expected if s not in shown]
    policy = "CSP enforced" if chromium.enforce_csp else "CSP bypassed"
    assert not problems, f"{path.name} ({policy}):\n" + "\n".join(problems)
    visit.check()  # no console error (a refused inline script is one), no request outside
    page.close()
    return str(shown)


# -- the pages -----------------------------------------------------------------------------------


def test_the_hostile_region_has_every_kind_of_payload() -> None:
    """The region must hold what the tests below rely on: payloads that call window.__pwned
    and fire without a click, in names, descriptions, notes, source and section titles."""
    strings = hostile_strings()
    joined = "\n".join(strings)
    for payload in ("onerror=", "onload=", "ontoggle=", "onfocus=", "<script>", "</textarea>",
                    "javascript:", "<iframe", "<base ", 'http-equiv="refresh"', "@import",
                    "window.__pwned.push"):
        assert payload in joined, payload
    documents = yaml.safe_load((HOSTILE / "sources.yaml").read_text(encoding="utf-8"))["documents"]
    assert all("<" in d["title"] for d in documents if d["id"] != "other-page")
    assert any("<" in s["title"] for d in documents for s in d.get("sections", []))


@pytest.mark.parametrize("projection", ["stakeholders", "organisations", "people-organisations"])
def test_the_analysis_report_shows_hostile_labels_as_text(chromium: HookedBrowser, outputs: Outputs,
                                                          projection: str) -> None:
    labels = outputs.labels(projection)
    assert any("<" in label for label in labels)
    check_page(chromium, outputs.reports[projection] / "report.html", labels)


def test_the_report_markdown_renders_hostile_labels_as_text(chromium: HookedBrowser,
                                                            outputs: Outputs, tmp_path: Path) -> None:
    """report.md rendered by a CommonMark renderer that passes raw HTML through (markdown-it's
    commonmark preset, with GitHub's tables): the worst case for a Markdown viewer."""
    markdown_it = pytest.importorskip("markdown_it")
    renderer = markdown_it.MarkdownIt("commonmark").enable("table")
    folder = outputs.reports["stakeholders"]
    body = renderer.render((folder / "report.md").read_text(encoding="utf-8"))
    page = tmp_path / "report.md.html"
    page.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>report.md'
                    f"</title></head><body>{body}</body></html>", encoding="utf-8")
    shutil.copytree(folder / "plots", tmp_path / "plots")  # its pictures, relative links
    # Markdown joins the whitespace of a cell: a label shows with its runs of spaces as one
    labels = [" ".join(label.split()) for label in outputs.labels("stakeholders")]
    check_page(chromium, page, labels)


def test_the_ontology_documentation_shows_a_hostile_ontology_as_text(chromium: HookedBrowser,
                                                                     outputs: Outputs) -> None:
    html = (outputs.site / "ontology.html").read_text(encoding="utf-8")
    assert 'id="rg:HostileClass"' in html and "hostile-scheme" in html  # the hostile files were read
    expected = [*_literals(HOSTILE_TERMS), *_literals(HOSTILE_ONTOLOGY), *_literals(HOSTILE_SCHEME),
                *_iris(HOSTILE_TERMS), *_iris(HOSTILE_ONTOLOGY), *_iris(HOSTILE_SCHEME),
                HOSTILE_ONTOLOGY_FILE]
    assert len(expected) > 25
    check_page(chromium, outputs.site / "ontology.html", expected)


def test_every_site_page_and_the_view_show_hostile_data_as_text(chromium: HookedBrowser,
                                                                 outputs: Outputs) -> None:
    """Every page of the site and the view: no payload runs or leaves an element; together the
    pages show every hostile string of the region verbatim (names, descriptions, notes, goals,
    source and section titles, vocabulary labels, quoted URLs)."""
    pages = sorted(outputs.site.rglob("*.html"))
    assert len(pages) >= 13
    texts = [check_page(chromium, path) for path in [*pages, outputs.view]]
    missing = [s for s in [*hostile_strings(shown=True), SITE_TITLE, VIEW_TITLE]
               if not any(s in text for text in texts)]
    assert not missing, missing


# -- the checks can fail -------------------------------------------------------------------------


def _unescaped(source: Path, target: Path, escaped: str, raw: str, within: str = "<body") -> Path:
    """A copy of a page with an escaped string put back raw wherever it is after ``within``."""
    html = source.read_text(encoding="utf-8")
    start = html.index(within)
    assert escaped in html[start:]
    target.write_text(html[:start] + html[start:].replace(escaped, raw), encoding="utf-8")
    return target


def test_the_checks_catch_a_label_left_unescaped(chromium: HookedBrowser, outputs: Outputs,
                                                 tmp_path: Path) -> None:
    """The control: each tampered copy must fail check_page, or a green test above proves
    nothing. With the policy bypassed the payload really runs and is caught running."""
    img = "<img src=x onerror=alert(1)>"
    details = '<details open ontoggle=window.__pwned.push("name")>Lab</details>'
    range_iri = "javascript:window.__pwned.push('range')"
    cases = [  # (page, escaped, raw, within, what check_page must report)
        (outputs.reports["stakeholders"] / "report.html", "&lt;img src=x onerror=alert(1)&gt;", img,
         "<body", ["payload element: <img onerror>", f"not shown verbatim: {img!r}"]
         + ([] if chromium.enforce_csp else ["payload ran: alert(1)"])),
        (outputs.site / "stakeholders" / "tiny-lab.html",
         "&lt;details open ontoggle=window.__pwned.push(&quot;name&quot;)&gt;Lab&lt;/details&gt;",
         details, "<h1", ["payload element: <details ontoggle>"]
         + ([] if chromium.enforce_csp else ["payload ran: name"])),
        (outputs.site / "ontology.html", f"<code>{range_iri.replace(chr(39), '&#x27;')}</code>",
         f'<a href="{range_iri}">range</a>', "rg:hostileProperty",
         ["payload element: <a href=javascript:window.__pwned.push('range')>"]),
        (outputs.reports["stakeholders"] / "report.html",  # markup with nothing to run
         "Ayşe &lt;b onmouseover=alert(7)&gt;Yılmaz&lt;/b&gt;", "Ayşe <b>Yılmaz</b>", "<body",
         ["not shown verbatim: 'Ayşe <b onmouseover=alert(7)>Yılmaz</b>'"]),
    ]
    for number, (page, escaped, raw, within, reported) in enumerate(cases):
        folder = tmp_path / str(number)
        shutil.copytree(page.parent, folder)  # beside its neighbours, as the original
        if (assets := page.parent.parent / "assets").is_dir() and \
                not (folder.parent / "assets").exists():
            shutil.copytree(assets, folder.parent / "assets")  # a site page's shared files
        tampered = _unescaped(page, folder / page.name, escaped, raw, within)
        with pytest.raises(AssertionError) as caught:
            check_page(chromium, tampered, [img, "Ayşe <b onmouseover=alert(7)>Yılmaz</b>"]
                       if page.name == "report.html" else [])
        for words in reported:
            assert words in str(caught.value), (page.name, words, str(caught.value))


# -- no network while writing the views and the site ---------------------------------------------


class _Resources(HTMLParser):
    """What a page would load from elsewhere: a script, style sheet, font, image, frame or media
    from an http(s) or protocol-relative URL, an @import, or a url() that is not data:.
    Links to follow (``<a href>``) are not loads; text is not markup."""

    _REMOTE = re.compile(r"(?:^|,)\s*(?:https?:)?//", re.IGNORECASE)  # a srcset has several
    _CSS = re.compile(r"@import|url\(\s*(?![\"']?data:)", re.IGNORECASE)
    _LOADING: ClassVar[set[str]] = {"src", "srcset", "poster", "data", "background", "xlink:href", "action",
                "formaction", "manifest", "codebase", "ping"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag
        for name, value in attrs:
            value = value or ""
            loads = name in self._LOADING or (name == "href" and tag not in ("a", "area"))
            if loads and self._REMOTE.search(value):
                self.found.append(f"<{tag} {name}={value[:80]}>")
            if name == "style" and self._CSS.search(value):
                self.found.append(f"<{tag} style={value[:80]}>")
            if tag == "meta" and name == "content" and re.search(r"url\s*=", value, re.IGNORECASE):
                self.found.append(f"<meta content={value[:80]}>")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style" and (match := self._CSS.search(data)):
            self.found.append(f"<style> {data[match.start():match.start() + 80]}")


def outside_resources(html: str) -> list[str]:
    """Everything ``html`` would load from outside itself (see :class:`_Resources`).

    >>> outside_resources('<a href="https://e.org/">a source</a><p>@import url(http://x)</p>')
    []
    >>> outside_resources('<script src="https://cdn.example/vis.js"></script>'
    ...                   '<link rel="stylesheet" href="//cdn.example/a.css">'
    ...                   '<style>@font-face { src: url(https://f.example/a.woff2) }</style>'
    ...                   '<img src="http://e.org/a.png">')  # doctest: +NORMALIZE_WHITESPACE
    ['<script src=https://cdn.example/vis.js>', '<link href=//cdn.example/a.css>',
     '<style> url(https://f.example/a.woff2) }', '<img src=http://e.org/a.png>']
    """
    parser = _Resources()
    parser.feed(html)
    parser.close()
    return parser.found


def _tiny_pages(tmp_path: Path, runner: Any) -> list[Path]:
    """Build the tiny region, then write views (three projections, a focus, every colouring)
    and the site with ``runner``; the HTML files written."""
    out = tmp_path / "build"
    steps = [
        ["build", "--data", str(TINY), "--out", str(out)],
        ["view", "--build", str(out), "-o", str(tmp_path / "view.html")],
        ["view", "--build", str(out), "-o", str(tmp_path / "focus.html"), "--focus",
         "tiny-university", "--depth", "2", "--color-by", "community", "--size-by", "betweenness"],
        ["view", "--build", str(out), "-o", str(tmp_path / "people.html"), "--projection",
         "people-organisations", "--color-by", "sector", "--size-by", "degree"],
        ["site", "--build", str(out), "-o", str(tmp_path / "site"), "--title", "Tiny region"],
    ]
    for step in steps:
        runner(step)
    pages = [tmp_path / "view.html", tmp_path / "focus.html", tmp_path / "people.html",
             *sorted((tmp_path / "site").rglob("*.html"))]
    assert len(pages) > 8
    return pages


def _self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert outside_resources(html) == [], page
    # and the plain patterns, as a second pair of eyes (the tiny region has no markup in it)
    assert not re.search(r"<(script|img|iframe|link|source|video|audio|embed|object)\b[^>]*"
                         r"\b(src|href|srcset|data)\s*=\s*[\"']?(https?:)?//", html, re.IGNORECASE), page
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", html, re.IGNORECASE), page


def test_view_and_site_need_no_network(tmp_path: Path) -> None:
    """`regiograph view` and `regiograph site` in child processes whose Python sockets may reach
    loopback only (tests/netguard, whose own test is in test_hostile_input.py): they succeed, the
    guard saw no attempt, and every page they wrote loads nothing from elsewhere."""
    log = tmp_path / "net.log"

    def guarded(step: list[str]) -> None:
        done = _guarded(*step, log=log, cwd=tmp_path)
        assert done.returncode == 0, (step, done.stderr)

    pages = _tiny_pages(tmp_path, guarded)
    assert not log.exists(), log.read_text()
    for page in pages:
        _self_contained(page)


@pytest.mark.skipif(shutil.which("unshare") is None or subprocess.run(
    ["unshare", "-n", "true"], capture_output=True, check=False).returncode != 0,
    reason="needs `unshare -n` (a network namespace) to cut native code off the network too")
def test_view_and_site_in_a_namespace_without_network(tmp_path: Path) -> None:
    """The kernel's view, native code included: no network interface at all."""

    def cut_off(step: list[str]) -> None:
        done = subprocess.run(["unshare", "-n", sys.executable, "-m", "regiograph", *step],
                              capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, (step, done.stderr)

    for page in _tiny_pages(tmp_path, cut_off):
        _self_contained(page)


def test_hostile_pages_load_nothing_from_elsewhere(outputs: Outputs) -> None:
    """The hostile outputs too: a payload's @import, base or iframe stays text, so no page of
    them would load anything (the same check, which reads tags, not text)."""
    pages = [*sorted(outputs.site.rglob("*.html")), outputs.view,
             *(folder / "report.html" for folder in outputs.reports.values())]
    for page in pages:
        assert outside_resources(page.read_text(encoding="utf-8")) == [], page
