"""Synthetic regions: realistic, clearly fake regions of any size, in the curated YAML format of
``data/leuven``, so that they go through the real compiler and validator (and build with no
violation).

A synthetic region has organisations of every kind with skewed (Pareto, "80/20") sizes, spin-off
trees and sub-organisations, people with roles (memberships) and nationality country codes,
collaborations of 2 to 8 partners, initiatives, sectors, topics and roles vocabularies, places,
landmark results, figures and rankings. Every record cites a section of one source document,
"Synthetic region generator, seed S (synthetic)"; some values cite a second section of it, as
curated data does. Every label says it is synthetic: ``Synthetic Company 00042 (synthetic)``.

Sizes
-----
A region of ``--orgs N`` holds about :data:`TRIPLES_PER_ORG` distinct triples per organisation
(the merged graph, ``graph.nt``: organisations, their people, memberships, collaborations,
figures, provenance and vocabularies). The presets of :data:`SIZES` pick ``N`` for a number of
triples:

======== ========== ===================== ==========================================
preset   ``--orgs``  triples (measured)    organisation network (``project``)
======== ========== ===================== ==========================================
``10k``     195          about 10 thousand  about 225 nodes
``100k``   2170         about 100 thousand  about 2,500 nodes
``1m``    21800           about 1 million   about 25,000 nodes
======== ========== ===================== ==========================================

Below 10 thousand triples the fixed part (40 countries, the vocabularies) weighs more: 43
organisations give about 3,000 triples.

The same ``orgs`` and ``seed`` always give the same bytes: every random draw comes from a
:class:`random.Random` seeded by text (hashed with SHA-512, so not subject to Python's hash
randomisation), and nothing iterates over a set.

Examples
--------
>>> region = generate(40, seed=1)
>>> sorted(region.files)  # doctest: +NORMALIZE_WHITESPACE
['documents.yaml', 'figures.yaml', 'initiatives.yaml', 'organisations-0001.yaml',
 'people-0001.yaml', 'places.yaml', 'results.yaml', 'vocabulary.yaml']
>>> region.counts["organisations"], region.counts["people"] > 40
(40, True)
>>> generate(40, seed=1).files == region.files
True
>>> "Synthetic University 00001 (synthetic)" in region.files["organisations-0001.yaml"]
True
"""

from __future__ import annotations

import bisect
import itertools
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from regiograph.atomic import replace_folder
from regiograph.errors import UsageError

__all__ = [
    "DOCUMENT",
    "SIZES",
    "TRIPLES_PER_ORG",
    "SyntheticRegion",
    "generate",
    "orgs_for",
    "parse_size",
    "write_region",
]

#: Distinct triples per organisation, measured with seed 0: 51.7 at 200 organisations, 46.0 at
#: 2,150 and 45.8 at 21,500 (the shared vocabularies and places weigh less as regions grow).
TRIPLES_PER_ORG = 46.0

#: Size presets: name to number of organisations (about 10 thousand, 100 thousand and 1 million
#: triples).
SIZES: dict[str, int] = {"10k": 195, "100k": 2170, "1m": 21800}

#: The id of the one source document every record cites.
DOCUMENT = "synthetic-region"

#: Records per YAML file: curators split big collections, and files of this size keep a
#: parse error's position meaningful.
_FILE_RECORDS = 5000
#: Records per cited section of the source document (one named graph each).
_SECTION_RECORDS = 50
#: Organisations per section of the "registry" section series, for values with their own source.
_REGISTRY_RECORDS = 500
_PEOPLE_PER_ORG = 2.0

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
_ANCHORS = ("university", "hospital", "research-institute", "company", "fund", "government-body",
            "network-organisation", "media-organisation", "service-centre", "organisational-unit")
#: Size multipliers: a university has many more people, units and spin-offs than a company.
_KIND_WEIGHT = {"university": 40.0, "hospital": 15.0, "research-institute": 8.0,
                "government-body": 3.0, "network-organisation": 4.0}
_FOUNDED = {"university": (1425, 1990), "hospital": (1800, 2010),
            "research-institute": (1950, 2020), "company": (1960, 2024)}
_ACADEMIC = ("university", "research-institute", "hospital")

#: The role ids of the Leuven vocabulary, so that the library queries that name a role
#: (founding-partner, featured-international-leuvenaar...) find synthetic answers too.
_ROLES = ("founder", "co-founder", "founding-member", "founding-partner", "partner", "member",
          "chief-executive-officer", "managing-director", "manager", "director", "chair",
          "alderman", "researcher", "featured-international-leuvenaar", "professor", "scientist",
          "business-development-manager", "film-director", "entrepreneur", "photographer")
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

#: Countries (ISO 3166-1 alpha-2, English and Dutch names), the home country first. NO is in
#: on purpose: it must stay the code of Norway, never become false.
_COUNTRIES = (
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
_RESULT_KINDS = (("scientific-advance", 50), ("medical-device", 25), ("drug", 18), ("vaccine", 7))
_RANKING_TITLES = ("Synthetic World Ranking", "Synthetic Innovation Index",
                   "Synthetic Best Hospitals", "Synthetic Research Impact Table")

_SIZE = re.compile(r"(\d+(?:\.\d+)?)([km]?)")


@dataclass(frozen=True)
class SyntheticRegion:
    """A generated region: its YAML files by name, record counts, and ids worth querying.

    ``examples`` names, for the parameters of the query library, ids that exist in this region
    and have answers: the largest collaboration, the most connected organisation, a spin-off and
    its parent, a sector and one of its broader sectors, and so on.
    """

    orgs: int
    seed: int
    files: dict[str, str]
    counts: dict[str, int]
    examples: dict[str, str] = field(default_factory=dict)

    @property
    def estimated_triples(self) -> int:
        """About how many distinct triples the region compiles to (see :data:`TRIPLES_PER_ORG`)."""
        return round(self.orgs * TRIPLES_PER_ORG)

    def manifest(self) -> dict[str, object]:
        """What ``manifest.json`` of a written region says: generator, seed, counts, examples."""
        return {"generator": "regiograph synth", "synthetic": True, "orgs": self.orgs,
                "seed": self.seed, "estimated_triples": self.estimated_triples,
                "counts": self.counts, "examples": self.examples, "files": sorted(self.files)}


def parse_size(text: str) -> int:
    """A number of triples written as ``2k``, ``10k``, ``1m``, ``1.5m`` or ``250000``.

    >>> parse_size("10k"), parse_size("1m"), parse_size("2500")
    (10000, 1000000, 2500)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    regiograph.errors.UsageError: size 'lots' is not a number of triples such as 10k, 100k or 1m
    """
    match = _SIZE.fullmatch(text.strip().lower())
    if not match or float(match[1]) <= 0:
        raise UsageError(f"size {text!r} is not a number of triples such as 10k, 100k or 1m")
    return round(float(match[1]) * {"": 1, "k": 1_000, "m": 1_000_000}[match[2]])


def orgs_for(size: str) -> int:
    """The number of organisations of a region of about ``size`` triples: a preset of
    :data:`SIZES`, or any size :func:`parse_size` reads.

    >>> orgs_for("1m"), orgs_for("2k")
    (21800, 43)
    """
    if size in SIZES:
        return SIZES[size]
    return max(len(_ANCHORS), round(parse_size(size) / TRIPLES_PER_ORG))


def generate(orgs: int, seed: int = 0) -> SyntheticRegion:
    """Generate a synthetic region of ``orgs`` organisations, deterministically for ``seed``.

    Parameters
    ----------
    orgs : int
        The number of organisations, at least 10 (one of each kind comes first). About
        :data:`TRIPLES_PER_ORG` triples each.
    seed : int
        The seed: the same ``orgs`` and ``seed`` give byte-identical files.

    Returns
    -------
    SyntheticRegion
        The YAML files by name, with counts and example ids.

    Raises
    ------
    UsageError
        When ``orgs`` is below 10.
    """
    if orgs < len(_ANCHORS):
        raise UsageError(f"--orgs must be at least {len(_ANCHORS)} (one of each kind), not {orgs}")
    return _Generator(orgs, seed).run()


def write_region(out: Path, orgs: int, seed: int = 0) -> SyntheticRegion:
    """Generate a region and write it to the folder ``out``, replaced as a whole (atomically).

    ``out`` must be missing, empty or an earlier output (it holds ``manifest.json``, which
    also records the seed, the counts and the example ids).

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "synthetic"
    >>> region = write_region(out, 12, seed=3)
    >>> sorted(p.name for p in out.iterdir())[:3], region.manifest()["synthetic"]
    (['README.md', 'documents.yaml', 'figures.yaml'], True)
    """
    region = generate(orgs, seed)

    def write(folder: Path) -> dict[str, object]:
        for name, text in region.files.items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / "README.md").write_text(_readme(region), encoding="utf-8")
        return region.manifest()

    replace_folder(out, write, "synth")
    return region


def _readme(region: SyntheticRegion) -> str:
    return (f"# A synthetic region (seed {region.seed}, {region.orgs} organisations)\n\n"
            "Every record here was made up by `regiograph synth` for tests and benchmarks: no\n"
            "organisation, person, place, figure or source in it is real. Rebuild it with\n"
            f"`regiograph synth --orgs {region.orgs} --seed {region.seed} -o DIR`.\n")


# -- generation ----------------------------------------------------------------------------------


class _Picker:
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


def _zipf(rng: random.Random, n: int, exponent: float = 1.0) -> Callable[[], int]:
    """A sampler of indexes ``0..n-1`` with Zipf weights ``1 / (i + 1) ** exponent``."""
    cumulative = list(itertools.accumulate(1.0 / (i + 1) ** exponent for i in range(n)))
    total = cumulative[-1]
    return lambda: min(bisect.bisect_right(cumulative, rng.random() * total), n - 1)


def _choose(rng: random.Random, shares: Sequence[tuple[str, int]]) -> str:
    return rng.choices([s[0] for s in shares], weights=[s[1] for s in shares])[0]


@dataclass
class _Org:
    index: int
    id: str
    kind: str
    weight: float
    section: str
    fields: list[str] = field(default_factory=list)
    founded_by: list[str] = field(default_factory=list)


class _Generator:
    def __init__(self, orgs: int, seed: int) -> None:
        self.n = orgs
        self.seed = seed
        self.width = max(5, len(str(orgs)))
        self.sections: list[tuple[str, str]] = []
        self.counts: dict[str, int] = {}

    def rng(self, stream: str) -> random.Random:
        # one stream per collection: a change to people leaves the organisations as they were
        return random.Random(f"regiograph-synth/{self.seed}/{stream}")  # noqa: S311 - not crypto

    def section(self, series: str, index: int, per: int = _SECTION_RECORDS) -> str:
        number = index // per + 1
        sid = f"{series}-{number:04d}"
        if sid not in self._section_ids:
            self._section_ids.add(sid)
            self.sections.append((sid, f"Synthetic {series} part {number:04d} (synthetic)"))
        return f"{DOCUMENT}#{sid}"

    _section_ids: set[str]

    def run(self) -> SyntheticRegion:
        self._section_ids = set()
        files: dict[str, str] = {}
        vocabulary = self.vocabulary()
        places = self.places()
        orgs = self.organisations()
        people = self.people(orgs)
        initiatives = self.initiatives(orgs, people)
        results = self.results(orgs, people)
        figures = self.figures(orgs)
        rankings = self.rankings(orgs)
        files["vocabulary.yaml"] = vocabulary
        files["places.yaml"] = places
        for number, start in enumerate(range(0, len(orgs), _FILE_RECORDS), 1):
            chunk = orgs[start:start + _FILE_RECORDS]
            files[f"organisations-{number:04d}.yaml"] = _collection(
                "organisations", ["\n".join(o.fields) for o in chunk])
        for number, start in enumerate(range(0, len(people), _FILE_RECORDS), 1):
            files[f"people-{number:04d}.yaml"] = _collection(
                "people", people[start:start + _FILE_RECORDS])
        files["initiatives.yaml"] = _collection("initiatives", initiatives)
        files["results.yaml"] = _collection("results", results) + _collection("rankings", rankings)
        files["figures.yaml"] = _collection("figures", figures)
        files["documents.yaml"] = self.documents()  # last: the sections are known now
        self.counts.update(organisations=len(orgs), people=len(people), results=len(results),
                           figures=len(figures), rankings=len(rankings),
                           sections=len(self.sections))
        return SyntheticRegion(self.n, self.seed, dict(sorted(files.items())),
                               dict(sorted(self.counts.items())), dict(sorted(self.examples.items())))

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
        for code, en, nl in _COUNTRIES:
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
        self.counts["places"] = (len(_COUNTRIES) + 1 + len(provinces) + len(self.cities)
                                 + len(districts) + len(self.sites) + len(self.facilities))
        self.city = _zipf(rng, len(self.cities), 0.8)
        self.site = _zipf(rng, len(self.sites), 0.6)
        self.country = _zipf(self.rng("nationality"), len(_COUNTRIES) - 1, 1.1)
        return "\n".join(lines) + "\n"

    # -- organisations -------------------------------------------------------------------------

    def _org_id(self, index: int) -> str:
        return f"org-{index:0{self.width}d}"

    def organisations(self) -> list[_Org]:
        rng = self.rng("organisations")
        sector = _zipf(rng, len(self.sector_ids), 0.9)
        topic = _zipf(rng, len(self.topic_ids), 0.9)
        kinds, shares = list(_KIND_SHARES), list(_KIND_SHARES.values())
        pickers = {name: _Picker(rng) for name in ("academic", "spin-parent", "company", "host",
                                                   "university", "any")}
        orgs: list[_Org] = []
        for index in range(1, self.n + 1):
            kind = _ANCHORS[index - 1] if index <= len(_ANCHORS) else rng.choices(kinds, shares)[0]
            weight = min(rng.paretovariate(1.16), 500.0) * _KIND_WEIGHT.get(kind, 1.0)
            org = _Org(index, self._org_id(index), kind, weight,
                       self.section("organisations", index - 1))
            self._org_fields(org, rng, sector, topic, pickers)
            orgs.append(org)
            if kind in _ACADEMIC:
                pickers["academic"].add(index, weight)
            if kind in (*_ACADEMIC, "company"):
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

    def _org_fields(self, org: _Org, rng: random.Random, sector: Callable[[], int],
                    topic: Callable[[], int], pickers: dict[str, _Picker]) -> None:
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
        if kind in _ACADEMIC or rng.random() < 0.05:
            sites = dict.fromkeys(self.sites[self.site()] for _ in range(rng.randint(1, 3)))
            f.append(f"    sites: [{', '.join(sites)}]")
        if rng.random() < 0.85:
            self._founded(org, rng)

        def parent(name: str) -> str | None:
            picker = pickers[name]
            return self._org_id(picker.pick()) if picker else None

        if kind == "organisational-unit":
            if (up := parent("academic")) is not None:
                f.append(f"    part_of: {up}")
        elif kind == "company":
            if rng.random() < 0.35 and (up := parent("spin-parent")):
                if rng.random() < 0.2:  # a value with a source of its own, as curators write
                    f += ["    spin_off_of:", f"      - value: {up}",
                          f"        sources: [{self.section('registry', i, _REGISTRY_RECORDS)}]"]
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
                    f.append(f"      - {{member: {self._org_id(member)}, role: {role}}}")
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

    def _founded(self, org: _Org, rng: random.Random) -> None:
        first, last = _FOUNDED.get(org.kind, (1950, 2024))
        year = rng.randint(first, last)
        shape = rng.random()
        value = (str(year) if shape < 0.7 else f"{year}-{rng.randint(1, 12):02d}" if shape < 0.9
                 else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
        if rng.random() < 0.1:
            org.fields += ["    founded:", f"      value: {value}", "      sources: "
                           f"[{self.section('registry', org.index, _REGISTRY_RECORDS)}]"]
        else:
            org.fields.append(f"    founded: {value}")

    # -- people --------------------------------------------------------------------------------

    def _person_id(self, index: int) -> str:
        return f"person-{index:0{self.width + 1}d}"

    def people(self, orgs: list[_Org]) -> list[str]:
        rng = self.rng("people")
        picker = _Picker(rng)
        for org in orgs:
            if org.kind != "media-organisation":
                picker.add(org.index, org.weight)
        occupation = _zipf(rng, len(_OCCUPATIONS), 1.0)
        total = max(2, round(self.n * _PEOPLE_PER_ORG))
        self.featured: list[str] = []
        records: list[str] = []
        for index in range(1, total + 1):
            pid = self._person_id(index)
            lines = [f"  - id: {pid}", f"    name: Synthetic Person {index:0{self.width + 1}d} "
                     "(synthetic)"]
            codes = [self._nationality(rng) for _ in range(1 + (rng.random() < 0.08))]
            codes = list(dict.fromkeys(codes))
            if rng.random() < 0.05:
                lines += ["    nationality:", f"      - country: {codes[0]}",
                          f"        sources: [{self.section('registry', index, _REGISTRY_RECORDS)}]"]
            else:
                lines.append(f"    nationality: [{', '.join(codes)}]")
            if rng.random() < 0.1:
                lines.append(f"    lived_in: [country-{rng.choice(_COUNTRIES[1:])[0].lower()}]")
            if rng.random() < 0.3:
                lines.append(f"    occupations: [{_OCCUPATIONS[occupation()]}]")
            roles: dict[tuple[str, int], str] = {}
            first = picker.pick()
            self._role(roles, orgs[first - 1], rng, pid)
            if rng.random() < 0.25:
                other = picker.pick()
                if other != first:
                    self._role(roles, orgs[other - 1], rng, pid)
            lines.append("    roles:")
            for (role, org_index), since in roles.items():
                lines.append(f"      - {{role: {role}, org: {self._org_id(org_index)}{since}}}")
            if codes[0] != "BE" and rng.random() < 0.05:
                self.featured.append(pid)
                lines.append("      - {role: featured-international-leuvenaar, "
                             "org: international-leuvenaars}")
            if index > 1 and rng.random() < 0.02:
                lines.append(f"    business_partners: [{self._person_id(rng.randrange(1, index))}]")
            lines.append(f"    sources: [{self.section('people', index - 1)}]")
            records.append("\n".join(lines))
        self.counts["memberships"] = sum(r.count("{role:") for r in records)
        return records

    def _nationality(self, rng: random.Random) -> str:
        if rng.random() < 0.55:
            return "BE"
        return _COUNTRIES[1 + self.country()][0]

    def _role(self, roles: dict[tuple[str, int], str], org: _Org, rng: random.Random,
              pid: str) -> None:
        role = _choose(rng, _ROLES_BY_KIND.get(org.kind, _OTHER_ROLES))
        if (role, org.index) in roles:
            return  # one membership per person, role and organisation: its IRI says so
        since = f", since: {rng.randint(1980, 2024)}" if rng.random() < 0.6 else ""
        roles[(role, org.index)] = since
        if role in ("founder", "co-founder") and len(org.founded_by) < 3:
            org.founded_by.append(pid)  # written into the organisation's record later

    # -- initiatives ---------------------------------------------------------------------------

    def initiatives(self, orgs: list[_Org], people: list[str]) -> list[str]:
        rng = self.rng("initiatives")
        self._fill_founders(orgs)
        picker = _Picker(rng)
        for org in orgs:
            picker.add(org.index, org.weight)
        topic = _zipf(rng, len(self.topic_ids), 0.9)
        sector = _zipf(rng, len(self.sector_ids), 0.9)
        records = [self._featured_initiative()]
        collaborations = max(2, self.n // 8)
        sizes = [("2", 30), ("3", 22), ("4", 16), ("5", 12), ("6", 9), ("7", 6), ("8", 5)]
        largest = ("", 0)
        for index in range(1, collaborations + 1):
            cid = f"collaboration-{index:0{self.width}d}"
            partners = picker.distinct(int(_choose(rng, sizes)))
            if len(partners) < 2:
                partners = list(dict.fromkeys([*partners, 1, 2]))[:2]
            if len(partners) > largest[1]:
                largest = (cid, len(partners))
            founding = partners[:rng.randint(1, 2)]
            lines = [f"  - id: {cid}",
                     f"    name: Synthetic Collaboration {index:0{self.width}d} (synthetic)",
                     "    kind: collaboration",
                     f"    sectors: [{', '.join(dict.fromkeys(self.sector_ids[sector()] for _ in '12'))}]",
                     f"    topics: [{', '.join(dict.fromkeys(self.topic_ids[topic()] for _ in '123'))}]",
                     f"    based_in: {self.cities[self.city()]}",
                     f"    founded: {rng.randint(2000, 2024)}"]
            if rng.random() < 0.5:
                lines.append("    founded_by: [" + ", ".join(self._org_id(p) for p in founding) + "]")
            if rng.random() < 0.2:
                lines.append(f"    initiated_by: [{self._person_id(rng.randint(1, len(people)))}]")
            lines.append("    members:")
            for n, partner in enumerate(partners):
                role = "founding-partner" if partner in founding else "partner"
                since = f", since: {rng.randint(2000, 2024)}" if n == 0 else ""
                lines.append(f"      - {{member: {self._org_id(partner)}, role: {role}{since}}}")
            lines += ["    goals:",
                      f"      - A made-up joint goal number {index} of a synthetic collaboration."]
            lines.append(f"    sources: [{self.section('collaborations', index - 1)}]")
            records.append("\n".join(lines))
        for index in range(1, max(1, self.n // 50) + 1):
            lines = [f"  - id: initiative-{index:0{self.width}d}",
                     f"    name: Synthetic Initiative {index:0{self.width}d} (synthetic)",
                     "    kind: initiative",
                     f"    based_in: {self.cities[self.city()]}",
                     f"    founded: {rng.randint(1990, 2024)}",
                     f"    founded_by: [{self._org_id(picker.pick())}]",
                     f"    initiated_by: [{self._person_id(rng.randint(1, len(people)))}]",
                     f"    sources: [{self.section('initiatives', index - 1)}]"]
            records.append("\n".join(lines))
        self.counts["initiatives"] = len(records)
        self.counts["collaborations"] = collaborations
        self.examples["collaboration"] = largest[0]
        return records

    def _fill_founders(self, orgs: list[_Org]) -> None:
        """Write each organisation's founders where its record kept a place for them."""
        for org in orgs:
            if org.founded_by:
                org.fields.append(f"    founded_by: [{', '.join(org.founded_by)}]")
            org.fields.append(f"    sources: [{org.section}]")
        self.examples["founded"] = next((o.id for o in orgs if o.kind == "company"
                                         and o.founded_by), orgs[0].id)
        spin = next((o for o in orgs if any(x.startswith("    spin_off_of: ") for x in o.fields)),
                    None)
        if spin is not None:
            line = next(x for x in spin.fields if x.startswith("    spin_off_of: "))
            self.examples.update(spin_off=spin.id, parent=line.split(": ", 1)[1])

    def _featured_initiative(self) -> str:
        # the id the library query list-international-leuvenaars names, so that it has answers
        lines = ["  - id: international-leuvenaars",
                 "    name: Synthetic International Residents Initiative (synthetic)",
                 "    kind: initiative", "    based_in: synthetic-innovation-region",
                 f"    sources: [{self.section('initiatives', 0)}]"]
        return "\n".join(lines)

    # -- results, figures, rankings ------------------------------------------------------------

    def results(self, orgs: list[_Org], people: list[str]) -> list[str]:
        rng = self.rng("results")
        picker = _Picker(rng)
        for org in orgs:
            if org.kind in (*_ACADEMIC, "company", "organisational-unit"):
                picker.add(org.index, org.weight)
        records: list[str] = []
        achievers: dict[int, int] = {}
        for index in range(1, max(1, self.n // 80) + 1):
            by = picker.distinct(rng.choice((1, 1, 2)))
            for b in by:
                achievers[b] = achievers.get(b, 0) + 1
            kind = _choose(rng, _RESULT_KINDS)
            lines = [f"  - id: result-{index:0{self.width}d}",
                     f"    name: Synthetic {kind.replace('-', ' ').title()} {index:0{self.width}d} "
                     "(synthetic)",
                     f"    kind: {kind}",
                     f"    achieved_by: [{', '.join(self._org_id(b) for b in by)}]",
                     f"    place: {self.cities[self.city()]}"]
            if rng.random() < 0.9:
                lines.append(f"    date: {rng.randint(1950, 2024)}")
            else:
                lines.append(f"    period: {rng.choice(('1960s', '1970s', '1980s', '1990s'))}")
            lines.append(f"    topics: [{self.topic_ids[rng.randrange(len(self.topic_ids))]}]")
            if rng.random() < 0.2:
                lines.append(f"    licensed_to: [{self._org_id(picker.pick())}]")
            lines.append(f"    sources: [{self.section('results', index - 1)}]")
            records.append("\n".join(lines))
        if achievers:
            top = max(sorted(achievers), key=lambda k: achievers[k])
            self.examples["achiever"] = self._org_id(top)
        return records

    def figures(self, orgs: list[_Org]) -> list[str]:
        rng = self.rng("figures")
        records: list[str] = []
        for org in orgs[::3]:
            employees = max(1, round(org.weight * rng.uniform(5, 20)))
            records.append("\n".join([
                f"  - id: figure-{len(records) + 1:0{self.width + 1}d}",
                f"    about: [{org.id}]",
                "    measure: employees",
                f"    value: {employees}",
                "    unit: person",
                f"    approximate: {'true' if rng.random() < 0.5 else 'false'}",
                f"    year: {rng.randint(2015, 2024)}",
                f"    sources: [{self.section('figures', len(records))}]"]))
            if rng.random() < 0.1:
                other = orgs[rng.randrange(len(orgs))]
                about = list(dict.fromkeys([org.id, other.id]))
                records.append("\n".join([
                    f"  - id: figure-{len(records) + 1:0{self.width + 1}d}",
                    f"    about: [{', '.join(about)}]",
                    "    measure: annual R&D budget",
                    f"    value: {rng.randint(1, 900)}.{rng.randint(1, 9)}",
                    "    unit: million EUR",
                    "    approximate: true",
                    f"    sources: [{self.section('figures', len(records))}]"]))
        return records

    def rankings(self, orgs: list[_Org]) -> list[str]:
        rng = self.rng("rankings")
        ranked = [o for o in orgs if o.kind in ("university", "hospital")]
        publishers = [o.id for o in orgs if o.kind == "media-organisation"]
        records: list[str] = []
        for index in range(1, max(1, self.n // 60) + 1):
            org = ranked[rng.randrange(len(ranked))]
            out_of = rng.randint(100, 2000)
            lines = [f"  - id: ranking-{index:0{self.width}d}",
                     f"    ranked: {org.id}",
                     f"    publisher: {publishers[rng.randrange(len(publishers))]}",
                     f"    title: {rng.choice(_RANKING_TITLES)} (synthetic)",
                     f"    edition: {rng.randint(2015, 2024)}",
                     f"    rank: {rng.randint(1, out_of)}",
                     f"    out_of: {out_of}",
                     f"    sources: [{self.section('rankings', index - 1)}]"]
            records.append("\n".join(lines))
        return records


def _collection(name: str, records: Sequence[str]) -> str:
    if not records:
        return ""
    return f"{name}:\n" + "\n".join(records) + "\n"
