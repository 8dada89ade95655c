"""Claims about stakeholders: quantitative figures and rankings, each labelled in a sentence."""

from __future__ import annotations

from pyoxigraph import Literal

from regiograph.curation.handlers import handles
from regiograph.curation.record import (
    BOOLEAN,
    NUMBER,
    POSITIVE,
    RDFS_LABEL,
    TEXT,
    YEAR,
    Record,
    choice,
    iri,
)
from regiograph.model.registry import stakeholder_collections
from regiograph.namespaces import ID

__all__ = ["COMPARISONS", "figure", "ranking"]

#: How a figure's value bounds the true number, as a source words it (``comparison``).
COMPARISONS = ("more than", "at least", "less than", "at most")


@handles("figures")
def figure(r: Record) -> None:
    c = r.c
    r.emit_type(iri("rg:QuantitativeClaim"))
    anything = r.refs_to(*stakeholder_collections(), "places", "events", "results")
    about = r.emit("about", "rg:about", anything, many=True, required=True)
    measure = r.required_text("measure")
    value = r.emit("value", "rg:value", NUMBER, required=True)
    unit = r.required_text("unit")
    approximate = r.emit("approximate", "rg:approximate", BOOLEAN)
    comparison = r.emit("comparison", "rg:comparison", choice(COMPARISONS, "comparison"))
    year = r.emit("year", "rg:referenceYear", YEAR)
    if measure is not None:
        c.add(r.subject, iri("rg:measure"), Literal(measure, language="en"), r.graphs)
    if unit is not None:
        c.add(r.subject, iri("rg:unit"), Literal(unit), r.graphs)
    r.describe()
    if about and measure and value and unit:
        names = _join([c.name_of(t.value.removeprefix(ID)) for t in about])
        approx = ("about " if approximate and approximate[0].value == "true" else
                  f"{comparison[0].value} " if comparison else "")
        label = f"{measure} of {names}: {approx}{value[0].value} {unit}"
        if year:
            label += f" ({year[0].value})"
        c.add(r.subject, RDFS_LABEL, Literal(label, language="en"), r.graphs)


@handles("rankings")
def ranking(r: Record) -> None:
    c = r.c
    r.emit_type(iri("rg:Ranking"))
    ranked = r.emit("ranked", "rg:rankedEntity", r.refs_to("organisations"), required=True)
    r.emit("site", "rg:rankedSite", r.refs_to("places"))
    publisher = r.emit("publisher", "rg:rankingPublisher", r.refs_to("organisations"),
                       required=True)
    title = r.emit("title", "rg:rankingTitle", TEXT, required=True)
    edition = r.emit("edition", "rg:edition", YEAR, required=True)
    rank = r.emit("rank", "rg:rank", POSITIVE, required=True)
    out_of = r.emit("out_of", "rg:rankingSize", POSITIVE)
    if rank and out_of and int(rank[0].value) > int(out_of[0].value):
        r.problem("rank", f"rank {rank[0].value} is beyond out_of {out_of[0].value}",
                  "check both numbers")
    if ranked and publisher and title and edition and rank:
        label = (f"{c.name_of(publisher[0].value.removeprefix(ID))} {title[0].value} "
                 f"{edition[0].value}: {c.name_of(ranked[0].value.removeprefix(ID))} "
                 f"ranked {rank[0].value}")
        c.add(r.subject, RDFS_LABEL, Literal(label, language="en"), r.graphs)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
