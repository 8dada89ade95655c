"""The synthetic region's people, initiatives, events, results, figures, rankings and
investments, made from its organisations (:mod:`regiograph.synth.generator`)."""

from __future__ import annotations

import random

from regiograph.model.registry import kinds
from regiograph.synth.generator import (
    ACADEMIC,
    COUNTRIES,
    REGISTRY_RECORDS,
    Generator,
    Org,
)
from regiograph.synth.sampling import Picker, choose, zipf

__all__ = ["events", "figures", "initiatives", "investments", "people", "rankings", "results"]

_PEOPLE_PER_ORG = 2.0

_ROLES_BY_KIND: dict[str, tuple[tuple[str, int], ...]] = {
    "university": (("professor", 40), ("researcher", 50), ("director", 5), ("chair", 5)),
    "research-institute": (("researcher", 75), ("director", 10), ("manager", 15)),
    "hospital": (("researcher", 40), ("director", 10), ("manager", 50)),
    "organisational-unit": (("researcher", 60), ("professor", 30), ("director", 10)),
    "company": (("founder", 22), ("co-founder", 10), ("chief-executive-officer", 15),
                ("manager", 28), ("business-development-manager", 10),
                ("managing-director", 15)),
    "government-body": (("alderman", 30), ("chair", 20), ("manager", 50)),
    "fund": (("managing-director", 50), ("manager", 50)),
}

_OTHER_ROLES = (("manager", 60), ("director", 25), ("chair", 15))

_OCCUPATIONS = ("scientist", "entrepreneur", "researcher", "professor",
                "business-development-manager", "photographer", "film-director")

_RESULT_KINDS = (("scientific-advance", 50), ("medical-device", 25), ("drug", 18), ("vaccine", 7))

_RANKING_TITLES = ("Synthetic World Ranking", "Synthetic Innovation Index",
                   "Synthetic Best Hospitals", "Synthetic Research Impact Table")


def people(g: Generator, orgs: list[Org]) -> list[str]:
    rng = g.rng("people")
    picker = Picker(rng)
    for org in orgs:
        if org.kind != "media-organisation":
            picker.add(org.index, org.weight)
    occupation = zipf(rng, len(_OCCUPATIONS), 1.0)
    total = max(2, round(g.n * _PEOPLE_PER_ORG))
    records: list[str] = []
    for index in range(1, total + 1):
        pid = g.person_id(index)
        lines = [f"  - id: {pid}", f"    name: Synthetic Person {index:0{g.width + 1}d} "
                 "(synthetic)"]
        codes = [_nationality(g, rng) for _ in range(1 + (rng.random() < 0.08))]
        codes = list(dict.fromkeys(codes))
        if rng.random() < 0.05:
            lines += ["    nationality:", f"      - country: {codes[0]}",
                      f"        sources: [{g.section('registry', index, REGISTRY_RECORDS)}]"]
        else:
            lines.append(f"    nationality: [{', '.join(codes)}]")
        if rng.random() < 0.1:
            lines.append(f"    lived_in: [country-{rng.choice(COUNTRIES[1:])[0].lower()}]")
        if rng.random() < 0.3:
            lines.append(f"    occupations: [{_OCCUPATIONS[occupation()]}]")
        roles: dict[tuple[str, int], str] = {}
        first = picker.pick()
        _role(g, roles, orgs[first - 1], rng, pid)
        if rng.random() < 0.25:
            other = picker.pick()
            if other != first:
                _role(g, roles, orgs[other - 1], rng, pid)
        lines.append("    roles:")
        for (role, org_index), since in roles.items():
            lines.append(f"      - {{role: {role}, org: {g.org_id(org_index)}{since}}}")
        if index > 1 and rng.random() < 0.02:
            lines.append(f"    business_partners: [{g.person_id(rng.randrange(1, index))}]")
        lines.append(f"    sources: [{g.section('people', index - 1)}]")
        records.append("\n".join(lines))
    g.counts["memberships"] = sum(r.count("{role:") for r in records)
    return records


def _nationality(g: Generator, rng: random.Random) -> str:
    if rng.random() < 0.55:
        return "BE"
    return COUNTRIES[1 + g.country()][0]


def _role(g: Generator, roles: dict[tuple[str, int], str], org: Org, rng: random.Random,
          pid: str) -> None:
    role = choose(rng, _ROLES_BY_KIND.get(org.kind, _OTHER_ROLES))
    if (role, org.index) in roles:
        return  # one membership per person, role and organisation: its IRI says so
    since = f", since: {rng.randint(1980, 2024)}" if rng.random() < 0.6 else ""
    roles[(role, org.index)] = since
    if role in ("founder", "co-founder") and len(org.founded_by) < 3:
        org.founded_by.append(pid)  # written into the organisation's record later


def initiatives(g: Generator, orgs: list[Org], people: list[str]) -> list[str]:
    rng = g.rng("initiatives")
    _fill_founders(g, orgs)
    picker = Picker(rng)
    for org in orgs:
        picker.add(org.index, org.weight)
    topic = zipf(rng, len(g.topic_ids), 0.9)
    sector = zipf(rng, len(g.sector_ids), 0.9)
    records: list[str] = []
    collaborations = max(2, g.n // 8)
    sizes = [("2", 30), ("3", 22), ("4", 16), ("5", 12), ("6", 9), ("7", 6), ("8", 5)]
    largest = ("", 0)
    for index in range(1, collaborations + 1):
        cid = f"collaboration-{index:0{g.width}d}"
        partners = picker.distinct(int(choose(rng, sizes)))
        if len(partners) < 2:
            partners = list(dict.fromkeys([*partners, 1, 2]))[:2]
        if len(partners) > largest[1]:
            largest = (cid, len(partners))
        founding = partners[:rng.randint(1, 2)]
        lines = [f"  - id: {cid}",
                 f"    name: Synthetic Collaboration {index:0{g.width}d} (synthetic)",
                 "    kind: collaboration",
                 f"    sectors: [{', '.join(dict.fromkeys(g.sector_ids[sector()] for _ in '12'))}]",
                 f"    topics: [{', '.join(dict.fromkeys(g.topic_ids[topic()] for _ in '123'))}]",
                 f"    based_in: {g.cities[g.city()]}",
                 f"    founded: {rng.randint(2000, 2024)}"]
        if rng.random() < 0.5:
            lines.append("    founded_by: [" + ", ".join(g.org_id(p) for p in founding) + "]")
        if rng.random() < 0.2:
            lines.append(f"    initiated_by: [{g.person_id(rng.randint(1, len(people)))}]")
        lines.append("    members:")
        for n, partner in enumerate(partners):
            role = "founding-partner" if partner in founding else "partner"
            since = f", since: {rng.randint(2000, 2024)}" if n == 0 else ""
            lines.append(f"      - {{member: {g.org_id(partner)}, role: {role}{since}}}")
        lines += ["    goals:",
                  f"      - A made-up joint goal number {index} of a synthetic collaboration."]
        lines.append(f"    sources: [{g.section('collaborations', index - 1)}]")
        records.append("\n".join(lines))
    for index in range(1, max(1, g.n // 50) + 1):
        lines = [f"  - id: initiative-{index:0{g.width}d}",
                 f"    name: Synthetic Initiative {index:0{g.width}d} (synthetic)",
                 "    kind: initiative",
                 f"    based_in: {g.cities[g.city()]}",
                 f"    founded: {rng.randint(1990, 2024)}",
                 f"    founded_by: [{g.org_id(picker.pick())}]",
                 f"    initiated_by: [{g.person_id(rng.randint(1, len(people)))}]",
                 f"    sources: [{g.section('initiatives', index - 1)}]"]
        records.append("\n".join(lines))
    g.counts["initiatives"] = len(records)
    g.counts["collaborations"] = collaborations
    g.examples["collaboration"] = largest[0]
    return records


def _fill_founders(g: Generator, orgs: list[Org]) -> None:
    """Write each organisation's founders where its record kept a place for them."""
    for org in orgs:
        if org.founded_by:
            org.fields.append(f"    founded_by: [{', '.join(org.founded_by)}]")
        org.fields.append(f"    sources: [{org.section}]")
    g.examples["founded"] = next((o.id for o in orgs if o.kind == "company"
                                     and o.founded_by), orgs[0].id)
    spin = next((o for o in orgs if any(x.startswith("    spin_off_of: ") for x in o.fields)),
                None)
    if spin is not None:
        line = next(x for x in spin.fields if x.startswith("    spin_off_of: "))
        g.examples.update(spin_off=spin.id, parent=line.split(": ", 1)[1])


def results(g: Generator, orgs: list[Org], people: list[str]) -> list[str]:
    rng = g.rng("results")
    picker = Picker(rng)
    for org in orgs:
        if org.kind in (*ACADEMIC, "company", "organisational-unit"):
            picker.add(org.index, org.weight)
    records: list[str] = []
    achievers: dict[int, int] = {}
    for index in range(1, max(1, g.n // 80) + 1):
        by = picker.distinct(rng.choice((1, 1, 2)))
        for b in by:
            achievers[b] = achievers.get(b, 0) + 1
        kind = choose(rng, _RESULT_KINDS)
        lines = [f"  - id: result-{index:0{g.width}d}",
                 f"    name: Synthetic {kind.replace('-', ' ').title()} {index:0{g.width}d} "
                 "(synthetic)",
                 f"    kind: {kind}",
                 f"    achieved_by: [{', '.join(g.org_id(b) for b in by)}]",
                 f"    place: {g.cities[g.city()]}"]
        if rng.random() < 0.9:
            lines.append(f"    date: {rng.randint(1950, 2024)}")
        else:
            lines.append(f"    period: {rng.choice(('1960s', '1970s', '1980s', '1990s'))}")
        lines.append(f"    topics: [{g.topic_ids[rng.randrange(len(g.topic_ids))]}]")
        if rng.random() < 0.2:
            lines.append(f"    licensed_to: [{g.org_id(picker.pick())}]")
        lines.append(f"    sources: [{g.section('results', index - 1)}]")
        records.append("\n".join(lines))
    if achievers:
        top = max(sorted(achievers), key=lambda k: achievers[k])
        g.examples["achiever"] = g.org_id(top)
    return records


def figures(g: Generator, orgs: list[Org]) -> list[str]:
    rng = g.rng("figures")
    records: list[str] = []
    for org in orgs[::3]:
        employees = max(1, round(org.weight * rng.uniform(5, 20)))
        records.append("\n".join([
            f"  - id: figure-{len(records) + 1:0{g.width + 1}d}",
            f"    about: [{org.id}]",
            "    measure: employees",
            f"    value: {employees}",
            "    unit: person",
            f"    approximate: {'true' if rng.random() < 0.5 else 'false'}",
            f"    year: {rng.randint(2015, 2024)}",
            f"    sources: [{g.section('figures', len(records))}]"]))
        if rng.random() < 0.1:
            other = orgs[rng.randrange(len(orgs))]
            about = list(dict.fromkeys([org.id, other.id]))
            records.append("\n".join([
                f"  - id: figure-{len(records) + 1:0{g.width + 1}d}",
                f"    about: [{', '.join(about)}]",
                "    measure: annual R&D budget",
                f"    value: {rng.randint(1, 900)}.{rng.randint(1, 9)}",
                "    unit: million EUR",
                "    approximate: true",
                f"    sources: [{g.section('figures', len(records))}]"]))
    return records


def rankings(g: Generator, orgs: list[Org]) -> list[str]:
    rng = g.rng("rankings")
    ranked = [o for o in orgs if o.kind in ("university", "hospital")]
    publishers = [o.id for o in orgs if o.kind == "media-organisation"]
    records: list[str] = []
    for index in range(1, max(1, g.n // 60) + 1):
        org = ranked[rng.randrange(len(ranked))]
        out_of = rng.randint(100, 2000)
        lines = [f"  - id: ranking-{index:0{g.width}d}",
                 f"    ranked: {org.id}",
                 f"    publisher: {publishers[rng.randrange(len(publishers))]}",
                 f"    title: {rng.choice(_RANKING_TITLES)} (synthetic)",
                 f"    edition: {rng.randint(2015, 2024)}",
                 f"    rank: {rng.randint(1, out_of)}",
                 f"    out_of: {out_of}",
                 f"    sources: [{g.section('rankings', index - 1)}]"]
        records.append("\n".join(lines))
    return records


def events(g: Generator, orgs: list[Org], people: list[str]) -> list[str]:
    """Events of every kind of the kind vocabulary, organised by the larger organisations."""
    rng = g.rng("events")
    picker = Picker(rng)
    for org in orgs:
        picker.add(org.index, org.weight)
    event_kinds = kinds().in_group("event")
    records: list[str] = []
    for index in range(1, max(len(event_kinds), g.n // 40) + 1):
        kind = event_kinds[(index - 1) % len(event_kinds)]
        year = rng.randint(2000, 2024)
        organisers = [g.org_id(i) for i in picker.distinct(rng.choice((1, 1, 2)))]
        participants = [g.org_id(i) for i in picker.distinct(rng.randint(0, 4))
                        if g.org_id(i) not in organisers]
        if people and rng.random() < 0.5:
            participants.append(g.person_id(rng.randint(1, len(people))))
        lines = [f"  - id: event-{index:0{g.width}d}",
                 f"    name: Synthetic {kind.replace('-', ' ').title()} {index:0{g.width}d} "
                 "(synthetic)",
                 f"    kind: {kind}",
                 f"    start: {year}-{rng.randint(1, 12):02d}",
                 f"    place: {g.cities[g.city()]}",
                 f"    organised_by: [{', '.join(organisers)}]"]
        if participants:
            lines.append(f"    participants: [{', '.join(participants)}]")
        if rng.random() < 0.3:
            lines.append(f"    edition: {rng.randint(1, 30)}")
        lines.append(f"    sources: [{g.section('events', index - 1)}]")
        records.append("\n".join(lines))
    g.examples["event"] = "event-" + f"{1:0{g.width}d}"
    return records


def investments(g: Generator, orgs: list[Org]) -> list[str]:
    """Funding rounds of companies, by the region's funds."""
    rng = g.rng("investments")
    companies = [o for o in orgs if o.kind == "company"]
    funds = Picker(rng)
    for org in orgs:
        if org.kind == "fund":
            funds.add(org.index, org.weight)
    records: list[str] = []
    for index in range(1, max(1, g.n // 20) + 1):
        company = companies[rng.randrange(len(companies))]
        investors = [g.org_id(i) for i in funds.distinct(rng.randint(1, 3))]
        round_ = choose(rng, (("seed", 40), ("series A", 30), ("series B", 15), ("grant", 15)))
        records.append("\n".join([
            f"  - id: investment-{index:0{g.width}d}",
            f"    investee: {company.id}",
            f"    investors: [{', '.join(investors)}]",
            f"    round: {round_}",
            f"    amount: {rng.randint(1, 400) * 100000}",
            f"    date: {rng.randint(2005, 2024)}",
            f"    sources: [{g.section('investments', index - 1)}]"]))
    return records
