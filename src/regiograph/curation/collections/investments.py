"""Investments: who invested in whom, which round, how much and when."""

from __future__ import annotations

from pyoxigraph import Literal

from regiograph.curation.handlers import handles
from regiograph.curation.record import BOOLEAN, DATE, ENGLISH, NUMBER, RDFS_LABEL, TEXT, Record, iri
from regiograph.model.registry import stakeholder_collections
from regiograph.namespaces import ID

__all__ = ["investment"]


@handles("investments")
def investment(r: Record) -> None:
    c = r.c
    r.emit_type(iri("rg:Investment"))
    investee = r.emit("investee", "rg:investee", r.refs_to("organisations", "initiatives"),
                      required=True)
    investors = r.emit("investors", "rg:investor", r.refs_to(*stakeholder_collections()), many=True)
    round_ = r.emit("round", "rg:fundingRound", TEXT)
    amount = r.emit("amount", "rg:amount", NUMBER)
    currency = r.one_text("currency") or "EUR"
    if amount:
        if not (len(currency) == 3 and currency.isascii() and currency.isupper()):
            r.problem("currency", f"{currency!r} is not a currency code",
                      "write an ISO 4217 code such as EUR or USD")
        c.add(r.subject, iri("rg:currency"), Literal(currency), r.graphs)
    r.emit("approximate", "rg:approximate", BOOLEAN)
    date = r.emit("date", "dcterms:date", DATE)
    r.emit("description", "dcterms:description", ENGLISH)
    if investee:
        for investor in investors:
            c.add(investor, iri("rg:investedIn"), investee[0], r.graphs)  # type: ignore[arg-type]
        label = f"Investment in {c.name_of(investee[0].value.removeprefix(ID))}"
        if round_:
            label += f" ({round_[0].value})"
        if amount:
            label += f": {amount[0].value} {currency}"
        if date:
            label += f", {date[0].value}"
        c.add(r.subject, RDFS_LABEL, Literal(label, language="en"), r.graphs)
