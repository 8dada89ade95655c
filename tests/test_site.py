"""The static site: every page is there, every link between pages is relative and resolves, the
pages open in a real browser from file:// without a request leaving them, and a hostile region
shows its labels as text."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from regiograph import GraphStore, UsageError, build
from regiograph.build import BuildResult, load_built
from regiograph.publish import site as site_module
from regiograph.publish.budget import FIXED_BUDGET, PAGE_BUDGET
from regiograph.publish.site import SiteResult, write_site

from .browser import Browser, browser, record_timing
from .conftest import DATA, run_cli

HREF = re.compile(r'\b(?:href|src)="([^"]*)"')
FIRST_PAINT_MS = 1000  # the budget: first paint under 1 s in headless Chromium


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as opened:
        yield opened


@pytest.fixture(scope="module")
def site(leuven_build: BuildResult, tmp_path_factory: pytest.TempPathFactory) -> SiteResult:
    store = load_built(leuven_build.out)
    return write_site(store, tmp_path_factory.mktemp("site") / "site", title="Leuven innovation region",
                      build_dir=leuven_build.out)


def test_every_page_is_written(site: SiteResult) -> None:
    for name in ("index.html", "ontology.html", "queries.html", "downloads.html", "sources.html",
                 "stakeholders/mission-lucidity.html", "stakeholders/ku-leuven.html",
                 "stakeholders/icovid.html", "sources/vib-blog-mission-lucidity.html", "manifest.json"):
        assert (site.out / name).is_file(), name
    manifest = json.loads((site.out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(site.files)
    assert len([p for p in site.pages if p.startswith("stakeholders/")]) == 87


def test_links_between_pages_are_relative_and_resolve(site: SiteResult) -> None:
    for name in site.pages:
        page = site.out / name
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            url = urlsplit(href.replace("&amp;", "&"))
            if url.scheme in ("http", "https"):
                continue  # a source's web page, cited
            assert not url.scheme and not url.netloc and not url.path.startswith("/"), (name, href)
            if url.path:
                assert (page.parent / unquote(url.path)).resolve().is_file(), (name, href)


def test_a_stakeholder_page_gives_facts_with_sources_and_links(site: SiteResult) -> None:
    html = (site.out / "stakeholders/mission-lucidity.html").read_text(encoding="utf-8")
    assert "<title>Mission Lucidity</title>" in html
    assert re.search(r'<th scope="row">founded by</th><td><ul class="rg-values"><li><a href="ku-leuven.html">'
                     r'KU Leuven</a> <a href="#s\d+[a-z]*"', html)
    # a source by its title, linking to the document's page
    assert '<a href="../sources/vib-blog-mission-lucidity.html">VIB blog post on Mission Lucidity</a>' in html
    # links grouped by relation and direction, the relation and the page's stakeholder once
    assert '<th scope="rowgroup" colspan="2">Mission Lucidity founded by … (4)</th>' in html
    assert '<th scope="rowgroup" colspan="2">… founding partner of Mission Lucidity (4)</th>' in html
    assert "&lt;iframe src=&quot;mission-lucidity.html&quot; title=&quot;Mission Lucidity&quot;" in html


def test_the_ontology_page_documents_every_term(site: SiteResult) -> None:
    from regiograph.resources import ontology_dir

    html = (site.out / "ontology.html").read_text(encoding="utf-8")
    terms = re.findall(r"^rg:(\w+)\n    a owl:(?:Class|ObjectProperty|DatatypeProperty|AnnotationProperty)",
                       (ontology_dir() / "regiograph.ttl").read_text(encoding="utf-8"), re.MULTILINE)
    assert len(terms) > 80
    for term in terms:
        assert f'id="rg:{term}"' in html, term
    assert "org:Organization" in html and "schema:CollegeOrUniversity" in html  # alignments
    assert 'id="kind:university"' in html  # the kinds vocabulary


def test_the_query_page_shows_every_query_and_its_answer(site: SiteResult) -> None:
    from regiograph.queries.files import discover
    from regiograph.resources import queries_dir

    html = (site.out / "queries.html").read_text(encoding="utf-8")
    for q in discover(queries_dir()):
        assert f'<h2 id="{q.name}">' in html, q.name
    assert "Could not run" not in html
    assert '<a href="stakeholders/imec.html">imec</a>' in html  # answers link to the pages


def test_the_downloads_are_zipped_exports(site: SiteResult, leuven_build: BuildResult) -> None:
    folder = site.out / "downloads"
    names = {p.name for p in folder.iterdir()}
    assert {"dataset.nq.zip", "graph.ttl.zip", "graph.gexf.zip", "csv.zip", "README.md"} <= names
    assert not {"graph.nt.zip", "dataset.trig.zip"} & names  # the same graphs in another syntax
    page = (site.out / "downloads.html").read_text(encoding="utf-8")
    assert "downloads/dataset.nq.zip" in page and "regiograph export --format ntriples" in page
    with zipfile.ZipFile(folder / "dataset.nq.zip") as archive:
        assert archive.namelist() == ["dataset.nq"]
        assert archive.read("dataset.nq") == (leuven_build.out / "dataset.nq").read_bytes()
    with zipfile.ZipFile(folder / "csv.zip") as archive:
        assert archive.namelist() == ["csv/edges.csv", "csv/nodes.csv"]
    assert not [p for p in site.out.parent.iterdir() if p.name.startswith(".exports-")]


PAGES = {"index.html": "site-index", "stakeholders/mission-lucidity.html": "site-mission-lucidity",
         "stakeholders/ku-leuven.html": "site-ku-leuven", "ontology.html": "site-ontology",
         "queries.html": "site-queries", "downloads.html": "site-downloads"}


def test_site_pages_open_from_file_urls_without_requests(chromium: Browser, site: SiteResult) -> None:
    for name, shot in PAGES.items():
        visit = chromium.open(site.out / name)
        paint = visit.first_paint()
        assert paint < FIRST_PAINT_MS, (name, paint)
        if visit.page.locator("#rg-network").count():
            first_draw = visit.wait_drawn()
            record_timing(shot, bytes=(site.out / name).stat().st_size, first_draw_ms=round(first_draw, 1),
                          first_paint_ms=round(paint, 1),
                          nodes=visit.page.evaluate("window.regiograph.nodes.length"))
        visit.page.wait_for_timeout(300)
        visit.check()
        visit.screenshot(shot)
    record_timing("site-leuven", bytes=sum((site.out / f).stat().st_size for f in site.files),
                  pages=len(site.pages))


def test_following_a_link_opens_the_neighbour(chromium: Browser, site: SiteResult) -> None:
    visit = chromium.open(site.out / "stakeholders/mission-lucidity.html")
    visit.wait_drawn()
    visit.page.click("section[aria-labelledby=links] a[href='vib.html'] >> nth=0")
    visit.page.wait_for_url("**/stakeholders/vib.html")
    assert visit.page.title() == "VIB"
    visit.check()


def test_the_site_replaces_only_its_own_folder(leuven: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError):
        write_site(leuven, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_hostile_region_shows_its_labels_as_text(chromium: Browser, tmp_path: Path) -> None:
    out = tmp_path / "build"
    build(DATA / "hostile", out)
    result = write_site(load_built(out), tmp_path / "site", title="<b>Hostile</b> region", build_dir=out)
    for name in result.pages:
        visit = chromium.open(result.out / name)
        if visit.page.locator("#rg-network").count():
            visit.wait_drawn()
        assert visit.page.locator("img, iframe, object, embed").count() == 0
        assert visit.page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                                   ".some(a => a.name.startsWith('on'))).length") == 0
        visit.check()
    university = chromium.open(result.out / "stakeholders/tiny-university.html")
    assert university.page.title() == "<img src=x onerror=alert(1)>"
    assert "<img src=x onerror=alert(1)>" in university.page.inner_text("h1")
    university.screenshot("site-hostile-university")
    source = chromium.open(result.out / "sources/tiny-page.html")
    assert '<script>alert("source")</script>' in source.page.inner_text("h1")
    assert "<img src=s onerror=alert(12)>" in source.page.inner_text("ol")
    hospital = chromium.open(result.out / "stakeholders/tiny-hospital.html")
    assert hospital.page.title() == "</script><script>alert(1)</script>"
    assert "</script><script>alert(1)</script>" in hospital.page.inner_text("section[aria-labelledby=facts]")


def test_site_command(leuven_build: BuildResult, tmp_path: Path) -> None:
    if "site" not in run_cli("--help").stdout:
        pytest.skip("`regiograph site` is not registered in regiograph.cli yet")
    result = run_cli("site", "--build", str(leuven_build.out), "-o", str(tmp_path / "site"),
                     "--no-downloads")  # the downloads' pages are the fixture's to test
    assert result.code == 0, result.stderr
    assert "pages" in result.stderr and (tmp_path / "site" / "index.html").is_file()
    # a site whose data is published elsewhere: no downloads, and no page links to them
    assert not (tmp_path / "site" / "downloads").exists()
    assert not (tmp_path / "site" / "downloads.html").exists()
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "downloads.html" not in index and 'href="sources.html"' in index


# -- the size budget -----------------------------------------------------------------------------


def test_source_footnotes_resolve_and_each_document_is_listed_once(site: SiteResult) -> None:
    for name in site.pages:
        if not name.startswith(("stakeholders/", "links/")):
            continue
        html = (site.out / name).read_text(encoding="utf-8")
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        marks = re.findall(r'<a href="#(s\d+[a-z]*)">\[(\d+[a-z]*)\]</a>', html)
        for anchor, shown in marks:
            assert anchor in ids and anchor == f"s{shown}", (name, anchor)
        listed = re.search(r'<ol class="rg-sources">(.*)</ol></section>', html, re.DOTALL)
        assert bool(marks) == bool(listed), name
        if listed:  # a document's address once, however many of its sections the page cites
            addresses = re.findall(r'href="(https?://[^"]+)" rel="nofollow"', listed[1])
            assert len(addresses) == len(set(addresses)), name
    ku = (site.out / "stakeholders/ku-leuven.html").read_text(encoding="utf-8")
    assert re.search(r'<li id="s\d+"><a href="\.\./sources/[a-z0-9-]+\.html">[^<]+</a><ol type="a">'
                     r'<li id="s\d+a">', ku)


def test_a_source_has_a_page_and_stakeholder_pages_give_its_locators(site: SiteResult) -> None:
    """A document's address, publisher and sections in full are on its page, with the pages
    citing it; a stakeholder's page names the document and each section's locator only."""
    lucidity = (site.out / "stakeholders/mission-lucidity.html").read_text(encoding="utf-8")
    assert "https://www.missionlucidity.com/about" not in lucidity
    assert '<a href="../sources/mission-lucidity-about.html">' in lucidity
    about = (site.out / "sources/mission-lucidity-about.html").read_text(encoding="utf-8")
    assert 'href="https://www.missionlucidity.com/about" rel="nofollow"' in about
    assert '<a href="../stakeholders/mission-lucidity.html">Mission Lucidity</a>' in about
    assert re.search(r'<th scope="row">Facts stated</th><td>[1-9][\d,]* about [1-9][\d,]* subjects', about)
    ku = (site.out / "stakeholders/ku-leuven.html").read_text(encoding="utf-8")
    cited = re.findall(r'<li id="s\d+"><a href="\.\./(sources/[a-z0-9-]+\.html)">[^<]+</a>'
                       r'<ol type="a">(.*?)</ol></li>', ku)
    assert cited, "KU Leuven's page cites sections"
    shortened = 0
    for name, items in cited:
        full = re.findall(r'<li id="[^"]+">([^<]*)</li>', (site.out / name).read_text(encoding="utf-8"))
        for shown in re.findall(r'<li id="s\d+[a-z]+">([^<]*)</li>', items):
            assert any(title.startswith(shown) for title in full), (name, shown)
            shortened += shown not in full
    assert shortened  # "Paragraph 2" here, "Paragraph 2: what it states" on the document's page
    listing = (site.out / "sources.html").read_text(encoding="utf-8")
    assert 'href="sources/mission-lucidity-about.html"' in listing


def test_a_hub_page_gives_each_membership_once(site: SiteResult) -> None:
    """Memberships' shortcuts (has member, member of) are in the links table with their roles,
    not again in the facts table."""
    html = (site.out / "stakeholders/ku-leuven.html").read_text(encoding="utf-8")
    facts = re.search(r'<h2 id="facts">.*?</section>', html, re.DOTALL)
    assert facts and ">has member<" not in facts[0] and ">member of<" not in facts[0]
    links = re.search(r'<h2 id="links">.*?</section>', html, re.DOTALL)
    assert links and "professor of KU Leuven" in links[0]


def test_a_hub_draws_its_most_central_neighbours_and_lists_its_links_apart(
        leuven: GraphStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from regiograph.publish import stakeholderpage

    monkeypatch.setattr(stakeholderpage, "NEIGHBOURS_SHOWN", 5)
    monkeypatch.setattr(stakeholderpage, "LINKS_INLINE", 5)
    monkeypatch.setattr(stakeholderpage, "LINKS_PER_PAGE", 6)
    result = write_site(leuven, tmp_path / "site", title="Leuven")
    html = (result.out / "stakeholders/ku-leuven.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', html,
                                re.DOTALL)[1])
    assert len(data["nodes"]["id"]) == 6 and "ku-leuven" in data["nodes"]["id"]
    note = re.search(r'<p class="rg-note">The drawing shows the 5 most central of its (\d+) neighbours', html)
    assert note and int(note[1]) > 5 and '<a href="#links">links</a>' in html
    # the hub's page counts its links by relation; their pages list every one, with its sources
    summary = re.search(r'<h2 id="links">.*?</section>', html, re.DOTALL)
    assert summary and "<table" not in summary[0]
    groups = re.findall(r'<li><a href="\.\./links/(ku-leuven(?:\.\d)?\.html)#(g\d+)">[^<]+</a> \((\d+)\)'
                        r'</li>', summary[0])
    pages = sorted((result.out / "links").glob("ku-leuven*.html"))
    assert [p.name for p in pages] == ["ku-leuven.2.html", "ku-leuven.3.html", "ku-leuven.html"]
    text = {p.name: p.read_text(encoding="utf-8") for p in pages}
    assert "<title>Links of KU Leuven (1 of 3)</title>" in text["ku-leuven.html"] and groups
    assert '<a href="ku-leuven.2.html">page 2 →</a>' in text["ku-leuven.html"]
    for name, group, count in groups:  # a group starts where the summary says, and has every row
        assert f'<tbody id="{group}">' in text[name]
        rows = sum(body.count("<tr><td>") for page in text.values()
                   for body in re.findall(rf'<tbody id="{group}">(.*?)</tbody>', page, re.DOTALL))
        assert rows == int(count), group
    assert all(page.count("<tr><td>") <= 6 for page in text.values())
    assert sum(int(count) for _, _, count in groups) > 12
    links = text["ku-leuven.html"] + text["ku-leuven.2.html"] + text["ku-leuven.3.html"]
    assert '<a href="../stakeholders/uz-leuven.html">UZ Leuven</a>' in links
    assert re.search(r'<h2 id="sources">.*<a href="\.\./sources/[a-z0-9-]+\.html">', links, re.DOTALL)
    inline = [p.name for p in (result.out / "stakeholders").iterdir()
              if '<table class="rg-links">' in p.read_text(encoding="utf-8")]
    assert inline and not any((result.out / "links" / name).exists() for name in inline)


def test_every_page_of_the_seed_site_is_within_its_budget(site: SiteResult) -> None:
    size = site.size()
    assert len([p for p in size.pages if p.startswith("stakeholders/")]) == 87
    assert len([p for p in size.pages if p.startswith("sources/")]) > 50 and not size.over_budget()
    assert size.total == sum((site.out / name).stat().st_size for name in site.files)


def test_the_bundled_region_site_keeps_its_budget(region_build: BuildResult, tmp_path: Path) -> None:
    """The budget as restated for thousands of pages (regiograph.publish.budget): the fixed part
    under 10 MB, every page of a stakeholder or a source under 200 KB of its own (KU Leuven's
    was 305 KB at 1,244 organisations, before its sources and links had pages of their own)."""
    # the downloads count apart from the budget: leaving them out saves the test their 10 s
    result = write_site(load_built(region_build.out), tmp_path / "site", build_dir=region_build.out,
                        downloads=False)
    size = result.size()
    assert size.fixed < FIXED_BUDGET and size.largest_page[1] < PAGE_BUDGET, size.over_budget()
    assert size.pages["stakeholders/ku-leuven.html"] < PAGE_BUDGET
    record_timing("site-region", bytes=size.total, fixed_bytes=size.fixed, pages=len(size.pages),
                  downloads_bytes=size.downloads,
                  median_page_bytes=size.median_page, largest_page=size.largest_page[0],
                  largest_page_bytes=size.largest_page[1])


def test_the_index_leaves_source_titles_to_the_stakeholder_pages(site: SiteResult) -> None:
    """The region's view on the index names no source in its tooltips (half its data at 1,586
    organisations): each node links to its page, which cites them."""
    html = (site.out / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', html,
                                re.DOTALL)[1])
    assert data["titles"] == [] and len(data["nodes"]["href"]) == 87
    assert all(href.startswith("stakeholders/") for href in data["nodes"]["href"])


def test_pages_written_beside_in_a_child_are_the_same_bytes(
        leuven_build: BuildResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large site writes every other stakeholder's page in a forked child; the site is the
    same, file for file, and its sources' pages name each page that cites them once."""
    store = load_built(leuven_build.out)
    here = write_site(store, tmp_path / "here", title="Leuven innovation region",
                      build_dir=leuven_build.out, downloads=False)
    monkeypatch.setattr(site_module, "PAGES_ASIDE_ABOVE", 0)
    aside = write_site(store, tmp_path / "aside", title="Leuven innovation region",
                       build_dir=leuven_build.out, downloads=False)
    assert aside.files == here.files and aside.sizes == here.sizes
    for name in here.files:
        assert (aside.out / name).read_bytes() == (here.out / name).read_bytes(), name
    citing = re.findall(r'<h2 id="cited-by">.*?</ul>', (here.out / "sources" / "vib-history.html")
                        .read_text(encoding="utf-8"), re.S)[0]
    links = re.findall(r'href="([^"]+)"', citing)
    assert links and len(links) == len(set(links))
