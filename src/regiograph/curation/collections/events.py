"""Events: conferences, festivals, fairs, award ceremonies, competitions, openings, visits, lectures
and exhibitions, with when and where they were held, who organised them and who took part."""

from __future__ import annotations

from regiograph.curation.handlers import handles
from regiograph.curation.record import DATE, POSITIVE, Record
from regiograph.model.registry import stakeholder_collections

__all__ = ["event"]


@handles("events")
def event(r: Record) -> None:
    r.kind("event")
    r.names(["rdfs:label"])
    # several values when sources disagree on the dates: each is kept with its own sources
    starts = r.emit_claims("start", "schema:startDate", DATE)
    ends = r.emit_claims("end", "schema:endDate", DATE)
    if starts and ends and all(_before(e.value, s.value) for e in ends for s in starts):
        r.problem("end", f"the event ends ({ends[0].value}) before it starts "
                         f"({starts[0].value})", "check both dates")
    r.emit("place", "schema:location", r.refs_to("places"))
    agents = r.refs_to(*stakeholder_collections())
    r.emit("organised_by", "rg:organisedBy", agents, many=True)
    r.emit("participants", "rg:participant", agents, many=True)
    r.emit("topics", "rg:topic", r.refs_to("topics"), many=True)
    r.emit("edition", "rg:editionNumber", POSITIVE)
    r.identifiers()
    r.describe()


def _before(a: str, b: str) -> bool:
    """Whether the date ``a`` is surely before ``b``, comparing them at their common precision.

    >>> _before("2019-05", "2019-06-01"), _before("2019", "2019-06-01")
    (True, False)
    """
    common = min(len(a), len(b))
    return a[:common] < b[:common]
