"""The static site's size budget, as a fixed part and a budget per page.

Issue 16 set "the whole site under 10 MB with the engine, an entity page under 200 KB" when
Leuven had 91 pages. A site grows with its region (Leuven has 1,591 stakeholder pages now), so
the whole-site figure is restated as two that hold at any size:

- the **fixed part**, what a site has whatever its number of stakeholders: the shared assets
  (the view script, vis-network, the styles, the SPARQL engine and the dataset), the downloads,
  the index and the ontology, query library, SPARQL and downloads pages: under
  :data:`FIXED_BUDGET` bytes for Leuven;
- every **stakeholder page** under :data:`PAGE_BUDGET` bytes of its own (what it shares is in
  the fixed part), so the site is at most the fixed part plus that per page, and in practice
  the fixed part plus the median page times the number of pages.

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
_PAGES = "stakeholders/"


@dataclass(frozen=True)
class SiteSize:
    """A site's sizes in bytes: the fixed part, each stakeholder page, and the whole."""

    fixed: int
    pages: Mapping[str, int]
    total: int

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
    counts in neither part.

    >>> size = site_size({"index.html": 5, "assets/view.js": 7, "stakeholders/a.html": 3,
    ...                   "manifest.json": 1})
    >>> size.fixed, dict(size.pages), size.total, size.over_budget()
    (12, {'stakeholders/a.html': 3}, 16, [])
    """
    pages = {name: size for name, size in sizes.items() if name.startswith(_PAGES)}
    fixed = sum(size for name, size in sizes.items()
                if not name.startswith(_PAGES) and name != "manifest.json")
    return SiteSize(fixed, pages, sum(sizes.values()))
