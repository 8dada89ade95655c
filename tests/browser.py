"""A real browser for the tests: Debian's headless Chromium driven by Playwright, with a fresh
profile, recording every request, console message, page error and dialog of each page it opens.

A page may load only ``file:``, ``about:``, ``data:`` and ``blob:`` URLs, and the loopback origin it
was opened from when a test serves it (``Browser.open(url, allow=(origin,))``); anything else is
recorded (and aborted, so nothing leaves the machine) and fails :meth:`Visit.check`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL = ("file:", "about:", "data:", "blob:")
ARTIFACTS = Path(__file__).parent / "artifacts"
TIMINGS = ARTIFACTS / "view-timings.json"
DRAW_TIMEOUT_MS = 20_000
#: The first contentful paint of a page, once the browser reports it.
FIRST_PAINT = """() => new Promise(resolve => new PerformanceObserver((list, observer) => {
  const paint = list.getEntriesByName('first-contentful-paint')[0];
  if (paint) { observer.disconnect(); resolve(paint.startTime); }
}).observe({type: 'paint', buffered: true}))"""


@dataclass
class Visit:
    """One page opened in the browser, and everything it did."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    allowed: tuple[str, ...] = ()

    @property
    def outside(self) -> list[str]:
        """Requests for anything but a local file, about:, data:, blob: or an allowed origin."""
        return [url for url in self.requests if not url.startswith(LOCAL + self.allowed)]

    def check(self) -> None:
        """Fail on a console error or warning, a script error, a dialog or an outside request."""
        problems = [f"console {kind}: {message}" for kind, message in self.console
                    if kind in ("error", "warning")]
        problems += [f"page error: {e}" for e in self.errors]
        problems += [f"dialog opened: {d}" for d in self.dialogs]
        problems += [f"request left the page: {url}" for url in self.outside]
        assert not problems, "\n".join(problems)

    def wait_drawn(self, frame: Any = None) -> float:
        """Wait for the network's first drawing (of the page or of one of its frames); its time
        in ms since navigation started. (A selector, not wait_for_function: that evaluates a
        string, which the pages' Content-Security-Policy rightly refuses.)"""
        target = frame or self.page
        target.wait_for_selector("html[data-drawn]", state="attached", timeout=DRAW_TIMEOUT_MS)
        return float(target.evaluate("window.regiograph.firstDraw"))

    def first_paint(self) -> float:
        """The page's first contentful paint, in ms since navigation started (waiting for it:
        the browser may report it after the load event)."""
        return float(self.page.evaluate(FIRST_PAINT))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


class Browser:
    """One Chromium for a test module (starting it costs about a second)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._profile = Path(tempfile.mkdtemp(prefix="regiograph-chromium-"))
        self._playwright = sync_playwright().start()
        self.context = self._playwright.chromium.launch_persistent_context(
            str(self._profile), executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1280, "height": 900}, service_workers="block")

    def open(self, path: Path | str, width: int = 1280, height: int = 900,
             allow: tuple[str, ...] = ()) -> Visit:
        """Open a local file (or a URL) in a new tab, recording what it does; ``allow`` names
        origins (``http://127.0.0.1:PORT/``) that it may load from besides local files."""
        page = self.context.new_page()
        page.set_default_timeout(10_000)
        page.set_viewport_size({"width": width, "height": height})
        visit = Visit(page, allowed=allow)
        page.on("request", lambda request: visit.requests.append(request.url))
        page.on("console", lambda message: visit.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        page.on("dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss()))
        page.route("**/*", lambda route: _local_only(route, allow))
        url = path.resolve().as_uri() if isinstance(path, Path) else path
        page.goto(url, wait_until="load")
        return visit

    def close(self) -> None:
        self.context.close()
        self._playwright.stop()
        shutil.rmtree(self._profile, ignore_errors=True)


def _local_only(route: Any, allow: tuple[str, ...] = ()) -> None:
    if route.request.url.startswith(LOCAL + allow):
        route.continue_()
    else:
        route.abort()


@contextmanager
def browser() -> Iterator[Browser]:
    """A browser, or a skipped test where Chromium or Playwright is missing."""
    pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    opened = Browser()
    try:
        yield opened
    finally:
        opened.close()


def record_timing(name: str, **values: Any) -> None:
    """Add one view's numbers (bytes, first draw, nodes...) to the benchmark's JSON file."""
    ARTIFACTS.mkdir(exist_ok=True)
    timings = json.loads(TIMINGS.read_text(encoding="utf-8")) if TIMINGS.is_file() else {}
    timings[name] = values
    fd, tmp = tempfile.mkstemp(dir=ARTIFACTS, prefix=".timings-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(dict(sorted(timings.items())), handle, indent=1)
        handle.write("\n")
    os.replace(tmp, TIMINGS)
