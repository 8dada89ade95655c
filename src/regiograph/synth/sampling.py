"""Random draws for synthetic regions: weighted picks that grow with the region, Zipf samplers."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Sequence

__all__ = ["Picker", "choose", "zipf"]


class Picker:
    """Draws items with probability proportional to their weight; items may be added as the
    region grows, so that a parent is always drawn from the records made before it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.items: list[int] = []
        self.cumulative: list[float] = []

    def add(self, item: int, weight: float) -> None:
        self.items.append(item)
        self.cumulative.append((self.cumulative[-1] if self.cumulative else 0.0) + weight)

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self) -> int:
        at = self.rng.random() * self.cumulative[-1]
        return self.items[min(bisect.bisect_right(self.cumulative, at), len(self.items) - 1)]

    def distinct(self, count: int, exclude: int = -1, tries: int = 8) -> list[int]:
        """Up to ``count`` distinct items (fewer when the heavy items keep coming back)."""
        found: dict[int, None] = {}
        for _ in range(count * tries):
            item = self.pick()
            if item != exclude:
                found[item] = None
                if len(found) == count:
                    break
        return list(found)


def zipf(rng: random.Random, n: int, exponent: float = 1.0) -> Callable[[], int]:
    """A sampler of indexes ``0..n-1`` with Zipf weights ``1 / (i + 1) ** exponent``."""
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** exponent for i in range(n)))
    total = cumulative[-1]
    return lambda: min(bisect.bisect_right(cumulative, rng.random() * total), n - 1)


def choose(rng: random.Random, shares: Sequence[tuple[str, int]]) -> str:
    return rng.choices([s[0] for s in shares], weights=[s[1] for s in shares])[0]
