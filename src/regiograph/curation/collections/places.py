"""Places: countries, regions, provinces, cities, districts, sites and facilities."""

from __future__ import annotations

from regiograph.curation.handlers import handles
from regiograph.curation.record import TEXT, Record

__all__ = ["place"]


@handles("places")
def place(r: Record) -> None:
    kind = r.kind("place")
    r.names(["rdfs:label"])
    r.emit("alt_names", "skos:altLabel", TEXT, many=True)
    code = r.one_text("code")
    if kind == "country" and code is None:
        r.problem("code", "a country needs its `code`", "add code: with its ISO 3166-1 code")
    if code is not None:
        if kind != "country":
            r.problem("code", "only countries have a `code`", "remove it or set kind: country")
        elif not (len(code) == 2 and code.isascii() and code.isupper()):
            r.problem("code", f"{code!r} is not an ISO 3166-1 alpha-2 code",
                      "write two upper-case letters, such as BE")
        else:
            r.emit("code", "rg:countryCode", TEXT)
    r.emit("part_of", "rg:locatedIn", r.refs_to("places"))
    r.emit("address", "schema:address", TEXT)
    r.describe()
