"""The report's plots, drawn with matplotlib's Agg renderer (no display, no pyplot state) and
returned as PNG bytes. Labels are drawn as plain text: ``$`` never starts mathematics."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib
from matplotlib.figure import Figure

from regiograph.analysis.brokerage import ROLES
from regiograph.analysis.communities import Community
from regiograph.analysis.run import Value

__all__ = ["brokerage_by_group", "centrality_ranking", "community_sizes", "degree_distribution",
           "leaders"]

@contextmanager
def _figure(width: float, height: float) -> Iterator[Figure]:
    with matplotlib.rc_context({"text.parse_math": False, "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False}):
        yield Figure(figsize=(width, height), dpi=100, layout="constrained")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def leaders(rows: Sequence[Mapping[str, Value]], metric: str, top: int = 15
            ) -> list[Mapping[str, Value]]:
    """The ``top`` rows by ``metric``, highest first, leaving out those it gives nothing (a
    bar of 0 says nothing: most stakeholders of a small region lie on no shortest path).

    >>> [r["label"] for r in leaders([{"label": "A", "betweenness": 0.0},
    ...                               {"label": "B", "betweenness": 0.5}], "betweenness")]
    ['B']
    """
    ranked = sorted(rows, key=lambda r: -float(r.get(metric) or 0.0))
    return [r for r in ranked if float(r.get(metric) or 0.0) > 0.0][:top]


def centrality_ranking(rows: Sequence[Mapping[str, Value]], top: int = 15) -> bytes:
    """Two bar charts side by side: the ``top`` nodes by PageRank and by betweenness (those
    with a value above 0; a chart says so when it leaves nodes out).

    >>> centrality_ranking([{"label": "A", "pagerank": 0.6, "betweenness": 1.0},
    ...                     {"label": "B", "pagerank": 0.4, "betweenness": 0.0}])[:4]
    b'\\x89PNG'
    """
    with _figure(10, 0.3 * min(top, max(len(rows), 1)) + 1.2) as figure:
        for ax, metric, title in zip(figure.subplots(1, 2), ("pagerank", "betweenness"),
                                     ("PageRank", "Betweenness centrality"), strict=True):
            shown = leaders(rows, metric, top)[::-1]
            ax.barh([str(r["label"]) for r in shown],
                    [float(r.get(metric) or 0.0) for r in shown], color="#3b6ea5")
            ax.set_title(f"Most central by {title}")
            zero = sum(1 for r in rows if not float(r.get(metric) or 0.0))
            if zero and len(shown) < top:
                ax.set_xlabel(f"{zero} of {len(rows)} stakeholders have none")
        return _png(figure)


def degree_distribution(rows: Sequence[Mapping[str, Value]]) -> bytes:
    """A bar chart of how many nodes have each degree.

    >>> degree_distribution([{"degree": 1}, {"degree": 1}, {"degree": 2}])[:4]
    b'\\x89PNG'
    """
    counts: dict[int, int] = {}
    for row in rows:
        degree = int(row.get("degree") or 0)
        counts[degree] = counts.get(degree, 0) + 1
    with _figure(6, 3) as figure:
        ax = figure.subplots()
        ax.bar(list(counts), list(counts.values()), color="#3b6ea5", width=0.8)
        ax.set_xlabel("degree (distinct neighbours)")
        ax.set_ylabel("nodes")
        ax.set_title("Degree distribution")
        return _png(figure)


def community_sizes(communities: Sequence[Community], top: int = 15) -> bytes:
    """A bar chart of the sizes of the ``top`` largest communities, by name.

    >>> community_sizes([Community(0, "KU Leuven & imec", ("ku-leuven", "imec"))])[:4]
    b'\\x89PNG'
    """
    shown = list(communities)[:top][::-1]
    with _figure(7, 0.3 * max(len(shown), 1) + 1.2) as figure:
        ax = figure.subplots()
        ax.barh([c.name for c in shown], [c.size for c in shown], color="#5a9e6f")
        ax.set_xlabel("members")
        ax.set_title("Community sizes")
        return _png(figure)


def brokerage_by_group(roles: Mapping[str, Mapping[str, int]]) -> bytes:
    """Stacked bars: the Gould-Fernandez roles played by the brokers of each group.

    >>> brokerage_by_group({"academia": {"liaison": 3}, "industry": {"coordinator": 1}})[:4]
    b'\\x89PNG'
    """
    groups = list(roles)
    with _figure(7, 3.5) as figure:
        ax = figure.subplots()
        bottom = [0] * len(groups)
        for role in ROLES:
            values = [int(roles[g].get(role, 0)) for g in groups]
            ax.bar(groups, values, bottom=bottom, label=role)
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_ylabel("open two-paths brokered")
        ax.set_title("Brokerage roles by group")
        ax.legend(fontsize=8)
        return _png(figure)
