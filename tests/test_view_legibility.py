"""Views a newcomer can read (issue 15): in a real browser (Debian's headless Chromium), labels
that never overlap at any zoom and never shrink below 12 px, a focus whose name covers none of
its neighbours, a legend whose counts stay on their line, and a search that says what a typo
meant."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from regiograph import GraphStore
from regiograph.build import BuildResult, load_built
from regiograph.publish.render import view

from .browser import Browser, Visit, browser

#: Every label drawn: its box as drawn (vis's box moved by its vadjust), its size on screen; and
#: every node in sight: its box.
DRAWN = """() => { const net = window.regiograph.network; const scale = net.getScale();
  const frame = document.getElementById('rg-network').getBoundingClientRect();
  const a = net.DOMtoCanvas({x: 0, y: 0}), b = net.DOMtoCanvas({x: frame.width, y: frame.height});
  const labels = [], nodes = [];
  for (const id of net.body.nodeIndices) { const n = net.body.nodes[id];
    const r = n.shape.height / 2, box = [n.x - r, n.y - r, n.x + r, n.y + r];
    if (box[2] < a.x || box[0] > b.x || box[3] < a.y || box[1] > b.y) continue;
    nodes.push([id, r, ...box]);
    const l = n.labelModule, v = l.fontOptions.vadjust || 0;
    if (!n.options.label || !l.size || !l.size.width) continue;
    labels.push([id, l.fontOptions.size * scale, l.size.left, l.size.top + v,
                 l.size.left + l.size.width, l.size.top + v + l.size.height]); }
  return {labels: labels, nodes: nodes, scale: scale}; }"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with browser() as opened:
        yield opened


def opened(chromium: Browser, store: GraphStore, path: Path, width: int = 1280,
           height: int = 900, **options: Any) -> Visit:
    """A view saved and opened, its labels placed (physics, if on, come to rest)."""
    view(store, **options).save(path)
    visit = chromium.open(path, width=width, height=height)
    visit.wait_drawn()
    labelled(visit, 30_000)
    return visit


def labelled(visit: Visit, timeout: int) -> None:
    """Wait for the page to say its labels are placed (or, on a page that never says so, for
    ``timeout`` ms: the checks then judge what it drew)."""
    from playwright.sync_api import TimeoutError as Late

    with contextlib.suppress(Late):
        visit.page.wait_for_selector("html[data-labelled]", state="attached", timeout=timeout)
    visit.page.wait_for_timeout(300)


def settle(visit: Visit) -> None:
    """Wait for the labels to be placed again after a change of the drawing."""
    visit.page.evaluate("document.documentElement.removeAttribute('data-labelled')")
    labelled(visit, 5_000)


def overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def check_labels(visit: Visit, focus: str | None = None) -> int:
    """No label over another, none below 12 px on screen, none over a node at least half the
    size of its own (the focus's over none); returns how many labels are drawn."""
    drawn = visit.page.evaluate(DRAWN)
    labels, nodes = drawn["labels"], drawn["nodes"]
    size = {node[0]: node[1] for node in nodes}
    for i, (one, px, *box) in enumerate(labels):
        assert px >= 12 - 1e-6, f"{one}'s label is {px:.1f} px"
        for other, _, *other_box in labels[i + 1:]:
            assert not overlap(box, other_box), f"the labels of {one} and {other} overlap"
        for node, radius, *node_box in nodes:
            allowed = 0 if one == focus else size.get(one, 0) / 2
            if node != one and radius * drawn["scale"] >= 6 and radius > allowed:
                assert not overlap(box, node_box), f"{one}'s label covers {node}"
    return len(labels)


def test_labels_never_overlap_and_read_at_every_zoom(chromium: Browser,
                                                     region_build: BuildResult,
                                                     tmp_path: Path) -> None:
    """The bundled region's dense centre, from the first drawing to close up: a label is 12 to
    18 px on screen, and the labels that would overlap wait for a closer zoom."""
    visit = opened(chromium, load_built(region_build.out), tmp_path / "region.html")
    assert check_labels(visit) >= 40  # the first, zoomed-out drawing names its hubs
    for scale in (0.5, 0.8, 1.2, 2.0):
        visit.page.evaluate("""s => { const n = window.regiograph.network;
            n.moveTo({position: n.getPosition('ku-leuven'), scale: s, animation: false}); }""",
                            scale)
        settle(visit)
        # KU Leuven's neighbourhood is the region's densest: at 1,508 organisations 18 labels fit
        # close up without overlapping (20 at 1,244), the rest wait for a closer zoom
        assert check_labels(visit) >= 15, scale
    visit.screenshot("view-labels-close-up")
    visit.check()


@pytest.mark.parametrize("width", [700, 1280])
def test_the_focus_names_itself_clear_of_its_neighbours(chromium: Browser, leuven: GraphStore,
                                                        tmp_path: Path, width: int) -> None:
    """Mission Lucidity's view (as an iframe 680 px high, and full width): its name covers no
    partner, overlaps no other name, and every partner is named."""
    visit = opened(chromium, leuven, tmp_path / "lucidity.html", width=width, height=680,
                   focus="mission-lucidity")
    assert check_labels(visit, focus="mission-lucidity") == 7
    visit.screenshot(f"view-focus-{width}")
    visit.check()


def test_a_typo_in_the_search_is_answered_with_what_it_meant(chromium: Browser,
                                                             leuven: GraphStore,
                                                             tmp_path: Path) -> None:
    visit = opened(chromium, leuven, tmp_path / "search.html")
    page = visit.page
    page.fill("#rg-search", "Materialse")
    page.keyboard.press("Enter")
    assert page.inner_text("#rg-status") == ("No stakeholder matches “Materialse”. Did you mean "
                                             "Materialise?")
    page.click("#rg-status button")
    assert page.evaluate("window.regiograph.focused") == "materialise"
    page.fill("#rg-search", "qqqqzzzz")
    page.keyboard.press("Enter")
    assert page.inner_text("#rg-status") == "No stakeholder matches “qqqqzzzz”."
    visit.check()


def test_counts_stay_on_the_line_of_their_name(chromium: Browser, region_build: BuildResult,
                                               tmp_path: Path) -> None:
    """"service centre or platform (7)": the name may wrap, its count is never cut in two nor
    alone on a line, and no list scrolls."""
    visit = opened(chromium, load_built(region_build.out), tmp_path / "legend.html", width=1100)
    counts = visit.page.evaluate("""() => [...document.querySelectorAll('.rg-count')].map(c => {
        const name = c.parentElement.getBoundingClientRect(), lines = c.getClientRects();
        return [c.parentElement.textContent, lines.length, lines[0].left - name.left]; })""")
    assert len(counts) > 20
    for name, lines, indent in counts:
        assert lines == 1 and indent > 20, name
    assert any("service centre or platform\u00a0(" in name for name, _, _ in counts)
    cut = visit.page.evaluate("""() => [...document.querySelectorAll('.rg-checks, .rg-legend ul')]
        .filter(e => e.scrollHeight > e.clientHeight + 1).length""")
    assert cut == 0
