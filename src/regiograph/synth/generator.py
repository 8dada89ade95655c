"""The generator of a synthetic region's documents, vocabularies, places and organisations; the
other collections are made from these by :mod:`regiograph.synth.records`."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from regiograph.synth.sampling import Picker, zipf

__all__ = ["ACADEMIC", "ANCHORS", "COUNTRIES", "DOCUMENT", "REGISTRY_RECORDS", "SECTION_RECORDS",
           "Generator", "Org"]

#: The id of the one source document every record cites.
DOCUMENT = "synthetic-region"

#: Records per cited section of the source document (one named graph each).
SECTION_RECORDS = 50

#: Organisations per section of the "registry" section series, for values with their own source.
REGISTRY_RECORDS = 500

_KIND_TITLES = {
    "university": "University", "research-institute": "Research Institute",
    "hospital": "Hospital", "company": "Company", "government-body": "Government Body",
    "fund": "Fund", "network-organisation": "Network", "service-centre": "Service Centre",
    "media-organisation": "Media Organisation", "organisational-unit": "Department",
}

#: Kinds of the organisations after the anchors, with their relative frequency.
_KIND_SHARES = {
    "company": 52, "organisational-unit": 14, "service-centre": 7, "research-institute": 6,
    "government-body": 5, "fund": 3, "network-organisation": 3, "hospital": 2,
    "media-organisation": 2, "university": 1,
}

#: The first organisations, so that every kind and every parent a later record needs exists.
ANCHORS = ("university", "hospital", "research-institute", "company", "fund", "government-body",
            "network-organisation", "media-organisation", "service-centre", "organisational-unit")

#: Size multipliers: a university has many more people, units and spin-offs than a company.
_KIND_WEIGHT = {"university": 40.0, "hospital": 15.0, "research-institute": 8.0,
                "government-body": 3.0, "network-organisation": 4.0}

_FOUNDED = {"university": (1425, 1990), "hospital": (1800, 2010),
            "research-institute": (1950, 2020), "company": (1960, 2024)}

ACADEMIC = ("university", "research-institute", "hospital")

#: The roles of the synthetic vocabulary; founding-partner and founding-member are the roles
#: that the library's list-service-creators asks about.
_ROLES = ("founder", "co-founder", "founding-member", "founding-partner", "partner", "member",
          "chief-executive-officer", "managing-director", "manager", "director", "chair",
          "alderman", "researcher", "professor", "scientist",
          "business-development-manager", "film-director", "entrepreneur", "photographer")

#: Countries (ISO 3166-1 alpha-2, English and Dutch names), the home country first. NO is in
#: on purpose: it must stay the code of Norway, never become false.
COUNTRIES = (
    ("BE", "Belgium", "België"), ("NL", "Netherlands", "Nederland"),
    ("DE", "Germany", "Duitsland"), ("FR", "France", "Frankrijk"), ("IT", "Italy", "Italië"),
    ("ES", "Spain", "Spanje"), ("IN", "India", "India"), ("CN", "China", "China"),
    ("GB", "United Kingdom", "Verenigd Koninkrijk"), ("US", "United States", "Verenigde Staten"),
    ("TR", "Turkey", "Turkije"), ("PL", "Poland", "Polen"), ("PT", "Portugal", "Portugal"),
    ("GR", "Greece", "Griekenland"), ("RO", "Romania", "Roemenië"), ("IR", "Iran", "Iran"),
    ("JP", "Japan", "Japan"), ("BR", "Brazil", "Brazilië"), ("MX", "Mexico", "Mexico"),
    ("IQ", "Iraq", "Irak"), ("NO", "Norway", "Noorwegen"), ("SE", "Sweden", "Zweden"),
    ("FI", "Finland", "Finland"), ("IE", "Ireland", "Ierland"), ("AT", "Austria", "Oostenrijk"),
    ("CH", "Switzerland", "Zwitserland"), ("CZ", "Czechia", "Tsjechië"),
    ("HU", "Hungary", "Hongarije"), ("UA", "Ukraine", "Oekraïne"), ("KR", "South Korea",
                                                                    "Zuid-Korea"),
    ("VN", "Vietnam", "Vietnam"), ("ID", "Indonesia", "Indonesië"), ("PK", "Pakistan", "Pakistan"),
    ("EG", "Egypt", "Egypte"), ("NG", "Nigeria", "Nigeria"), ("KE", "Kenya", "Kenia"),
    ("ZA", "South Africa", "Zuid-Afrika"), ("ET", "Ethiopia", "Ethiopië"),
    ("CA", "Canada", "Canada"), ("CO", "Colombia", "Colombia"),
)


@dataclass
class Org:
    index: int
    id: str
    kind: str
    weight: float
    section: str
    fields: list[str] = field(default_factory=list)
    founded_by: list[str] = field(default_factory=list)


class Generator:
    def __init__(self, orgs: int, seed: int) -> None:
        self.n = orgs
        self.seed = seed
        self.width = max(5, len(str(orgs)))
        self.sections: list[tuple[str, str]] = []
        self.counts: dict[str, int] = {}

    def rng(self, stream: str) -> random.Random:
        # one stream per collection: a change to people leaves the organisations as they were
        return random.Random(f"regiograph-synth/{self.seed}/{stream}")  # noqa: S311 - not crypto

    def section(self, series: str, index: int, per: int = SECTION_RECORDS) -> str:
        number = index // per + 1
        sid = f"{series}-{number:04d}"
        if sid not in self._section_ids:
            self._section_ids.add(sid)
            self.sections.append((sid, f"Synthetic {series} part {number:04d} (synthetic)"))
        return f"{DOCUMENT}#{sid}"

    _section_ids: set[str]

    # -- documents and vocabularies ------------------------------------------------------------

    def documents(self) -> str:
        lines = [
            "# Synthetic region data, made by regiograph synth: nothing here is real.",
            "documents:",
            f"  - id: {DOCUMENT}",
            f"    title: Synthetic region generator, seed {self.seed} (synthetic)",
            f"    url: https://example.org/regiograph/synthetic/seed-{self.seed}",
            "    date: 2024",
            "    date_note: The fixed date of every synthetic region, so that outputs are stable.",
            "    language: en",
            "    sections:",
        ]
        lines += [f"      - {{id: {sid}, title: {title}}}" for sid, title in self.sections]
        self.counts["documents"] = 1
        return "\n".join(lines) + "\n"

    def vocabulary(self) -> str:
        lines = ["# Synthetic vocabularies: generated names, our own definitions.", "sectors:"]
        self.vocabulary_examples: dict[str, tuple[list[str], list[str]]] = {}
        self.sector_ids = self._concepts(lines, "sector", 6, 3)
        lines.append("topics:")
        self.topic_ids = self._concepts(lines, "topic", 8, 5)
        lines.append("roles:")
        for role in _ROLES:
            lines += [f"  - id: {role}",
                      f"    name: {{en: Synthetic role {role} (synthetic), "
                      f"nl: Synthetische rol {role} (synthetisch)}}",
                      "    definition: A role in a synthetic region; it stands for no real "
                      "position."]
        self.counts.update(sectors=len(self.sector_ids), topics=len(self.topic_ids),
                           roles=len(_ROLES))
        return "\n".join(lines) + "\n"

    def _concepts(self, lines: list[str], name: str, top: int, narrower: int) -> list[str]:
        """A two-level vocabulary; returns the ids, narrower ones first (they are used most)."""
        leaves, roots = [], []
        number = itertools.count(1)
        for _ in range(top):
            root = f"{name}-{next(number):02d}"
            roots.append(root)
            lines += self._concept(name, root)
            for _ in range(narrower):
                leaf = f"{name}-{next(number):02d}"
                leaves.append(leaf)
                lines += [*self._concept(name, leaf), f"    broader: {root}"]
        self.vocabulary_examples[name] = (leaves, roots)
        return leaves + roots

    @staticmethod
    def _concept(name: str, cid: str) -> list[str]:
        label = cid.rsplit("-", 1)[1]
        return [f"  - id: {cid}",
                f"    name: {{en: Synthetic {name} {label} (synthetic), "
                f"nl: Synthetische {name} {label} (synthetisch)}}",
                f"    definition: A generated {name} of synthetic regions; it names no real one."]

    # -- places --------------------------------------------------------------------------------

    def places(self) -> str:
        rng = self.rng("places")
        source = self.section("places", 0, per=10**9)
        lines = ["# Synthetic places: made-up region, cities, districts and sites.", "places:"]

        def place(pid: str, name: str, kind: str, part_of: str | None, *extra: str) -> None:
            lines.extend([f"  - id: {pid}", f"    name: {name}", f"    kind: {kind}"])
            if part_of:
                lines.append(f"    part_of: {part_of}")
            lines.extend(extra)
            lines.append(f"    sources: [{source}]")

        self.countries = []
        for code, en, nl in COUNTRIES:
            pid = f"country-{code.lower()}"
            self.countries.append((code, pid))
            place(pid, f"{{en: {en} (synthetic), nl: {nl} (synthetisch)}}", "country", None,
                  f"    code: {code}")
        place("synthetic-innovation-region", "Synthetic Innovation Region (synthetic)", "region",
              "country-be")
        provinces = [f"province-{i:02d}" for i in range(1, max(1, self.n // 4000) + 1)]
        for pid in provinces:
            place(pid, f"Synthetic Province {pid[-2:]} (synthetic)", "province", "country-be")
        self.cities = [f"city-{i:03d}" for i in range(1, max(3, self.n // 150) + 1)]
        for pid in self.cities:
            place(pid, f"Synthetic City {pid[-3:]} (synthetic)", "city", rng.choice(provinces))
        districts = [f"district-{i:03d}" for i in range(1, len(self.cities) // 2 + 2)]
        for pid in districts:
            place(pid, f"Synthetic District {pid[-3:]} (synthetic)", "district",
                  rng.choice(self.cities))
        self.sites = [f"site-{i:04d}" for i in range(1, max(2, self.n // 60) + 1)]
        for pid in self.sites:
            place(pid, f"Synthetic Campus {pid[-4:]} (synthetic)", "site", rng.choice(self.cities),
                  f"    address: Synthetic Street {int(pid[-4:])}, Synthetic City (synthetic)")
        self.facilities = [f"facility-{i:04d}" for i in range(1, max(1, self.n // 200) + 1)]
        for pid in self.facilities:
            place(pid, f"Synthetic Facility {pid[-4:]} (synthetic)", "facility",
                  rng.choice(self.sites))
        self.counts["places"] = (len(COUNTRIES) + 1 + len(provinces) + len(self.cities)
                                 + len(districts) + len(self.sites) + len(self.facilities))
        self.city = zipf(rng, len(self.cities), 0.8)
        self.site = zipf(rng, len(self.sites), 0.6)
        self.country = zipf(self.rng("nationality"), len(COUNTRIES) - 1, 1.1)
        return "\n".join(lines) + "\n"

    # -- organisations -------------------------------------------------------------------------

    def org_id(self, index: int) -> str:
        return f"org-{index:0{self.width}d}"

    def organisations(self) -> list[Org]:
        rng = self.rng("organisations")
        sector = zipf(rng, len(self.sector_ids), 0.9)
        topic = zipf(rng, len(self.topic_ids), 0.9)
        kinds, shares = list(_KIND_SHARES), list(_KIND_SHARES.values())
        pickers = {name: Picker(rng) for name in ("academic", "spin-parent", "company", "host",
                                                   "university", "any")}
        orgs: list[Org] = []
        for index in range(1, self.n + 1):
            kind = ANCHORS[index - 1] if index <= len(ANCHORS) else rng.choices(kinds, shares)[0]
            weight = min(rng.paretovariate(1.16), 500.0) * _KIND_WEIGHT.get(kind, 1.0)
            org = Org(index, self.org_id(index), kind, weight,
                       self.section("organisations", index - 1))
            self._org_fields(org, rng, sector, topic, pickers)
            orgs.append(org)
            if kind in ACADEMIC:
                pickers["academic"].add(index, weight)
            if kind in (*ACADEMIC, "company"):
                pickers["spin-parent"].add(index, weight)
            if kind == "company":
                pickers["company"].add(index, weight)
            if kind in ("university", "research-institute", "government-body"):
                pickers["host"].add(index, weight)
            if kind == "university":
                pickers["university"].add(index, weight)
            pickers["any"].add(index, weight)
        self.org_weights = [o.weight for o in orgs]
        hub, second = sorted(orgs, key=lambda o: -o.weight)[:2]
        sector_leaves, sector_roots = self.vocabulary_examples["sector"]
        self.examples = {"hub": hub.id, "second": second.id, "sector": sector_leaves[0],
                         "health": sector_roots[0], "tech": sector_roots[1],
                         "topic": self.vocabulary_examples["topic"][0][0], "place": self.cities[0],
                         "kind": "rg:ResearchInstitute", "role": "founder",
                         "country": "country-nl"}
        return orgs

    def _org_fields(self, org: Org, rng: random.Random, sector: Callable[[], int],
                    topic: Callable[[], int], pickers: dict[str, Picker]) -> None:
        i, kind, f = org.index, org.kind, org.fields
        f += [f"  - id: {org.id}", f"    name: Synthetic {_KIND_TITLES[kind]} {i:0{self.width}d} "
              "(synthetic)", f"    kind: {kind}"]
        if rng.random() < 0.08:
            f.append(f"    alt_names: [SX{i:0{self.width}d} (synthetic)]")
        sectors = dict.fromkeys(self.sector_ids[sector()]
                                for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.15)))
        if rng.random() < 0.95:
            f.append(f"    sectors: [{', '.join(sectors)}]")
        topics = dict.fromkeys(self.topic_ids[topic()] for _ in range(rng.choice((0, 1, 1, 2))))
        if topics:
            f.append(f"    topics: [{', '.join(topics)}]")
        f.append(f"    based_in: {self.cities[self.city()]}")
        if kind in ACADEMIC or rng.random() < 0.05:
            sites = dict.fromkeys(self.sites[self.site()] for _ in range(rng.randint(1, 3)))
            f.append(f"    sites: [{', '.join(sites)}]")
        if rng.random() < 0.85:
            self._founded(org, rng)

        def parent(name: str) -> str | None:
            picker = pickers[name]
            return self.org_id(picker.pick()) if picker else None

        if kind == "organisational-unit":
            if (up := parent("academic")) is not None:
                f.append(f"    part_of: {up}")
        elif kind == "company":
            if rng.random() < 0.35 and (up := parent("spin-parent")):
                if rng.random() < 0.2:  # a value with a source of its own, as curators write
                    f += ["    spin_off_of:", f"      - value: {up}",
                          f"        sources: [{self.section('registry', i, REGISTRY_RECORDS)}]"]
                else:
                    f.append(f"    spin_off_of: {up}")
            elif rng.random() < 0.05 and (up := parent("company")):
                f.append(f"    part_of: {up}")
            if rng.random() < 0.01 and (up := parent("company")):
                f.append(f"    merged_into: {up}")
        elif kind == "research-institute" and rng.random() < 0.15 and (up := parent("university")):
            f.append(f"    spin_off_of: {up}")
        elif kind == "service-centre" and rng.random() < 0.5 and (up := parent("host")):
            f.append(f"    hosted_by: {up}")
        elif kind == "hospital" and rng.random() < 0.6 and (up := parent("university")):
            f.append(f"    affiliated_with: {up}")
        elif kind == "fund" and rng.random() < 0.5 and (up := parent("academic")):
            org.founded_by.append(up)
        elif kind == "network-organisation":
            count = min(60, 2 + int(org.weight / 4))
            members = pickers["any"].distinct(count)
            if len(members) >= 2:
                f.append("    members:")
                for n, member in enumerate(members):
                    role = "founding-member" if n < 2 else "member"
                    f.append(f"      - {{member: {self.org_id(member)}, role: {role}}}")
        identifiers = []
        if rng.random() < 0.6:
            identifiers.append(f"      website: https://{org.id}.example.org/")
        if kind in ("company", "fund", "government-body") and rng.random() < 0.5:
            identifiers.append(f"      enterprise-number: 0{rng.randrange(10**9):09d}")
        if rng.random() < 0.1:
            identifiers.append(f"      wikidata: Q{rng.randrange(1, 10**8)}")
        if identifiers:
            f += ["    identifiers:", *identifiers]
        if rng.random() < 0.2:
            f.append(f"    description: A made-up {kind.replace('-', ' ')} of a synthetic region, "
                     "generated for tests and benchmarks.")

    def _founded(self, org: Org, rng: random.Random) -> None:
        first, last = _FOUNDED.get(org.kind, (1950, 2024))
        year = rng.randint(first, last)
        shape = rng.random()
        value = (str(year) if shape < 0.7 else f"{year}-{rng.randint(1, 12):02d}" if shape < 0.9
                 else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        if rng.random() < 0.1:
            org.fields += ["    founded:", f"      value: {value}", "      sources: "
                           f"[{self.section('registry', org.index, REGISTRY_RECORDS)}]"]
        else:
            org.fields.append(f"    founded: {value}")

    # -- people --------------------------------------------------------------------------------

    def person_id(self, index: int) -> str:
        return f"person-{index:0{self.width + 1}d}"

    # -- initiatives ---------------------------------------------------------------------------

    # -- results, figures, rankings ------------------------------------------------------------
