"""The static site's size budget: a fixed part, a budget per page, and the downloads apart.

Issue 16 set "the whole site under 10 MB with the engine, an entity page under 200 KB" when
Leuven had 91 pages. A site grows with its region (Leuven has about 4,000 stakeholder pages and
2,800 source pages now), so the whole-site figure is restated as figures that hold at any size:

- the **fixed part**, what a visitor's browser may load besides one page: the shared assets (the
  view script, vis-network, the styles, the SPARQL engine and the dataset), the index and the
  ontology, query library, SPARQL, sources and downloads pages: under :data:`FIXED_BUDGET`
  bytes for Leuven;
- every **page** of a stakeholder, of a hub's links or of a source document under
  :data:`PAGE_BUDGET` bytes of its own (what it shares is in the fixed part), so the site is
  at most the fixed part plus that per page, and in practice the fixed part plus the median
  page times the number of pages;
- the **downloads**, the graph's files for other tools, which no page loads: they grow with the
  data (about 11 MB zipped at 1,586 organisations), so they are reported beside the budget, not
  counted in it.

(The dataset script and the index's view grow with the region too; the fixed part is measured
on each site, not assumed.)
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["FIXED_BUDGET", "PAGE_BUDGET", "SiteSize", "site_size"]

#: Bytes of the fixed part of a site (see the module's text).
FIXED_BUDGET = 10_000_000
#: Bytes of one stakeholder page of its own.
PAGE_BUDGET = 200_000
_PAGES = ("stakeholders/", "sources/", "links/")
_DOWNLOADS = "downloads/"


@dataclass(frozen=True)
class SiteSize:
    """A site's sizes in bytes: the fixed part, each page of a stakeholder or a source, the
    downloads, and the whole."""

    fixed: int
    pages: Mapping[str, int]
    total: int
    downloads: int = 0

    @property
    def median_page(self) -> float:
        return statistics.median(self.pages.values()) if self.pages else 0.0

    @property
    def largest_page(self) -> tuple[str, int]:
        return max(self.pages.items(), key=lambda item: item[1], default=("", 0))

    def over_budget(self) -> list[str]:
        """What breaks the budget: the fixed part, and each page over its budget."""
        over = [f"the fixed part: {self.fixed:,} bytes"] if self.fixed >= FIXED_BUDGET else []
        return over + [f"{name}: {size:,} bytes" for name, size in sorted(self.pages.items())
                       if size >= PAGE_BUDGET]


def site_size(sizes: Mapping[str, int]) -> SiteSize:
    """The budget's view of a site's files (path relative to the site: bytes); the manifest
    counts in no part.

    >>> size = site_size({"index.html": 5, "assets/view.js": 7, "stakeholders/a.html": 3,
    ...                   "links/a.html": 4, "sources/d.html": 2, "downloads/graph.ttl.zip": 9,
    ...                   "manifest.json": 1})
    >>> size.fixed, dict(size.pages), size.downloads, size.total, size.over_budget()
    (12, {'stakeholders/a.html': 3, 'links/a.html': 4, 'sources/d.html': 2}, 9, 31, [])
    """
    pages = {name: size for name, size in sizes.items() if name.startswith(_PAGES)}
    downloads = sum(size for name, size in sizes.items() if name.startswith(_DOWNLOADS))
    fixed = sum(size for name, size in sizes.items()
                if not name.startswith((*_PAGES, _DOWNLOADS)) and name != "manifest.json")
    return SiteSize(fixed, pages, sum(sizes.values()), downloads)
