"""Landmark results: drugs, vaccines, medical devices and scientific advances."""

from __future__ import annotations

from regiograph.curation.handlers import handles
from regiograph.curation.record import DATE, TEXT, Record
from regiograph.model.registry import stakeholder_collections

__all__ = ["result"]


@handles("results")
def result(r: Record) -> None:
    r.kind("result")
    r.names(["rdfs:label"])
    r.emit("achieved_by", "rg:achievedBy", r.refs_to(*stakeholder_collections()), many=True)
    r.emit("place", "rg:achievedIn", r.refs_to("places"))
    r.emit("date", "dcterms:date", DATE)
    r.emit("period", "rg:period", TEXT)
    r.emit("topics", "rg:topic", r.refs_to("topics"), many=True)
    r.emit("licensed_to", "rg:licensedTo", r.refs_to("organisations"), many=True)
    r.identifiers()
    r.describe()
