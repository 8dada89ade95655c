"""Organisations, initiatives and people: who they are, their ties, memberships and acquisitions."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from regiograph.curation.handlers import handles
from regiograph.curation.record import (
    DATE,
    ENGLISH,
    RDF_TYPE,
    RDFS_LABEL,
    TEXT,
    Record,
    choice,
    iri,
)
from regiograph.curation.yamlfile import Mapping, Scalar
from regiograph.model.registry import stakeholder_collections
from regiograph.namespaces import ID

__all__ = ["STATUSES", "acquisition", "agent", "membership", "person"]

#: What became of an organisation, as a source states it (``status``).
STATUSES = ("active", "acquired", "merged", "bankrupt", "dissolved")


@handles("organisations", "initiatives")
def agent(r: Record) -> None:
    r.kind("organisation", many=True)
    r.names(["rdfs:label"])
    r.emit("alt_names", "skos:altLabel", TEXT, many=True)
    r.emit("former_names", "rg:formerName", TEXT, many=True)
    r.emit("sectors", "rg:sector", r.refs_to("sectors"), many=True)
    r.emit("topics", "rg:topic", r.refs_to("topics"), many=True)
    places = r.refs_to("places")
    r.emit("based_in", "rg:basedIn", places, many=True)
    r.emit("headquarters", "rg:headquarteredIn", places)
    r.emit("sites", "org:hasSite", places, many=True)
    r.emit("address", "schema:address", TEXT)
    r.emit_claims("founded", "schema:foundingDate", DATE)
    agents = r.refs_to("organisations", "initiatives", "people")
    r.emit("founded_by", "schema:founder", agents, many=True)
    r.emit("initiated_by", "rg:initiatedBy", agents, many=True)
    orgs = r.refs_to("organisations", "initiatives")
    r.emit("part_of", "org:subOrganizationOf", orgs, many=True)
    r.emit("hosted_by", "rg:hostedBy", orgs, many=True)
    r.emit("affiliated_with", "rg:affiliatedWith", orgs, many=True)
    r.emit("spin_off_of", "rg:spinOffOf", orgs, many=True)
    r.emit("merged_into", "rg:mergedInto", orgs)
    for where, item in r.mappings("acquired_by", ("by", "date", "sources", "note"),
                                  scalar_key="by"):
        acquisition(r, where, item)
    r.emit("status", "rg:status", choice(STATUSES, "status"))
    r.emit("dissolved", "schema:dissolutionDate", DATE)
    r.emit("listed_on", "rg:listedOn", TEXT, many=True)
    r.emit("named_after", "rg:namedAfter", r.refs_to("people"), many=True)
    r.emit("goals", "rg:goal", ENGLISH, many=True)
    for where, item in r.mappings("members", ("member", "role", "since", "until", "sources")):
        membership(r, where, item, member_field="member", org=r.entry.id)
    r.identifiers()
    r.describe()


@handles("people")
def person(r: Record) -> None:
    c = r.c
    r.emit_type(iri("rg:Person"))
    r.names(["rdfs:label"])
    r.emit("alt_names", "skos:altLabel", TEXT, many=True)
    for where, item in r.mappings("nationality", ("country", "sources"), scalar_key="country"):
        code = item.entries.get("country")
        if not isinstance(code, Scalar):
            c.issues.append(item.issue(where, "a nationality needs a `country` code"))
        elif (country := c.country(code, f"{where}.country")) is not None:
            graphs = r.graphs_for(item, where)
            c.add(r.subject, iri("rg:nationality"), country, graphs)
    r.emit("lived_in", "rg:livedIn", r.refs_to("places"), many=True)
    r.emit("occupations", "rg:occupation", r.refs_to("roles"), many=True)
    for where, item in r.mappings("roles", ("role", "org", "since", "until", "sources")):
        membership(r, where, item, member_field=None, org=None)
    for node, cites in r.values("business_partners", many=True):
        partner = r.parse(node, "business_partners", r.refs_to("people"))
        if isinstance(partner, NamedNode):
            graphs = [cite.graph for cite in cites]
            c.add(r.subject, iri("rg:businessPartnerOf"), partner, graphs)
            c.add(partner, iri("rg:businessPartnerOf"), r.subject, graphs)
    r.describe()


def membership(r: Record, where: str, item: Mapping, member_field: str | None,
               org: str | None) -> None:
    """A membership from an organisation's ``members`` or a person's ``roles``."""
    c = r.c
    org_node = item.entries.get("org") if org is None else None
    member_node = item.entries.get(member_field) if member_field else None
    role_node = item.entries.get("role")
    ok = True
    for name, node in (("role", role_node), (member_field, member_node), ("org", org_node)):
        if name and (name != "org" or org is None) and not isinstance(node, Scalar):
            c.issues.append(item.issue(where, f"a membership needs `{name}`",
                                          f"add {name}: with the id of a "
                                          f"{'role' if name == 'role' else 'record'}"))
            ok = False
    if not ok:
        return
    assert isinstance(role_node, Scalar)
    role = c.ref(role_node, f"{where}.role", ("roles",))
    if member_field:
        assert isinstance(member_node, Scalar)
        member = c.ref(member_node, f"{where}.{member_field}", stakeholder_collections())
        organisation: NamedNode | None = r.subject
    else:
        assert isinstance(org_node, Scalar)
        member = r.subject
        organisation = c.ref(org_node, f"{where}.org", ("organisations", "initiatives"))
    if role is None or member is None or organisation is None:
        return
    graphs = r.graphs_for(item, where)
    member_id, role_id = member.value.removeprefix(ID), role.value.removeprefix(ID)
    org_id = organisation.value.removeprefix(ID)
    membership = NamedNode(f"{ID}{member_id}--{role_id}--{org_id}")
    label = f"{c.name_of(member_id)}: {c.name_of(role_id)}, {c.name_of(org_id)}"
    c.add(membership, RDF_TYPE, iri("rg:Membership"), graphs)
    c.add(membership, RDFS_LABEL, Literal(label), graphs)
    c.add(membership, iri("org:member"), member, graphs)
    c.add(membership, iri("org:organization"), organisation, graphs)
    c.add(membership, iri("org:role"), role, graphs)
    c.add(member, iri("org:memberOf"), organisation, graphs)
    c.add(organisation, iri("org:hasMember"), member, graphs)
    for key, predicate in (("since", "rg:startDate"), ("until", "rg:endDate")):
        value = item.entries.get(key)
        if value is not None:
            term = r.parse(value, f"{where}.{key}", DATE)
            if term is not None:
                c.add(membership, iri(predicate), term, graphs)


def acquisition(r: Record, where: str, item: Mapping) -> None:
    """An ``acquired_by`` item: who bought the organisation, and when."""
    c = r.c
    by_node = item.entries.get("by")
    if not isinstance(by_node, Scalar):
        c.issues.append(item.issue(where, "an acquisition needs `by`",
                                      "add by: with the id of the buyer"))
        return
    buyer = c.ref(by_node, f"{where}.by", ("organisations", "initiatives", "people"))
    if buyer is None:
        return
    graphs = r.graphs_for(item, where)
    buyer_id = buyer.value.removeprefix(ID)
    event = NamedNode(f"{ID}{r.entry.id}--acquired-by--{buyer_id}")
    label = f"Acquisition of {c.name_of(r.entry.id)} by {c.name_of(buyer_id)}"
    c.add(r.subject, iri("rg:acquiredBy"), buyer, graphs)
    c.add(event, RDF_TYPE, iri("rg:Acquisition"), graphs)
    c.add(event, RDFS_LABEL, Literal(label, language="en"), graphs)
    c.add(event, iri("rg:acquiredOrganisation"), r.subject, graphs)
    c.add(event, iri("rg:acquirer"), buyer, graphs)
    if (date := item.entries.get("date")) is not None:
        term = r.parse(date, f"{where}.date", DATE)
        if term is not None:
            c.add(event, iri("dcterms:date"), term, graphs)
    if isinstance(note := item.entries.get("note"), Scalar) and note.text:
        c.add(event, iri("skos:note"), Literal(note.text, language="en"), graphs)
