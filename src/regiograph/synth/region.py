"""A synthetic region as a whole: its sizes, generating it, and writing it to a folder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from regiograph.atomic import replace_folder
from regiograph.errors import UsageError
from regiograph.synth import records
from regiograph.synth.generator import ANCHORS, Generator

__all__ = ["SIZES", "TRIPLES_PER_ORG", "SyntheticRegion", "generate", "orgs_for", "parse_size",
           "write_region"]

#: Distinct triples per organisation, measured with seed 0: 51.7 at 200 organisations, 46.0 at
#: 2,150 and 45.8 at 21,500 (the shared vocabularies and places weigh less as regions grow).
TRIPLES_PER_ORG = 46.0

#: Size presets: name to number of organisations (about 10 thousand, 100 thousand and 1 million
#: triples).
SIZES: dict[str, int] = {"10k": 195, "100k": 2170, "1m": 21800}

#: Records per YAML file: curators split big collections, and files of this size keep a
#: parse error's position meaningful.
_FILE_RECORDS = 5000

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
    return max(len(ANCHORS), round(parse_size(size) / TRIPLES_PER_ORG))


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
    if orgs < len(ANCHORS):
        raise UsageError(f"--orgs must be at least {len(ANCHORS)} (one of each kind), not {orgs}")
    return _run(Generator(orgs, seed))


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
    (['README.md', 'documents.yaml', 'events.yaml'], True)
    """
    region = generate(orgs, seed)

    def write(folder: Path) -> dict[str, object]:
        for name, text in region.files.items():
            (folder / name).parent.mkdir(exist_ok=True)
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


def _run(g: Generator) -> SyntheticRegion:
    g._section_ids = set()
    files: dict[str, str] = {}
    vocabulary = g.vocabulary()
    places = g.places()
    orgs = g.organisations()
    people = records.people(g, orgs)
    initiatives = records.initiatives(g, orgs, people)
    results = records.results(g, orgs, people)
    figures = records.figures(g, orgs)
    rankings = records.rankings(g, orgs)
    events = records.events(g, orgs, people)
    investments = records.investments(g, orgs)
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
    files["events.yaml"] = _collection("events", events)
    files["investments.yaml"] = _collection("investments", investments)
    files["documents.yaml"] = g.documents()  # last: the sections are known now
    files["queries/defaults.yaml"] = _query_defaults(g.examples)
    g.counts.update(organisations=len(orgs), people=len(people), results=len(results),
                    figures=len(figures), rankings=len(rankings), events=len(events),
                    investments=len(investments), sections=len(g.sections))
    return SyntheticRegion(g.n, g.seed, dict(sorted(files.items())),
                           dict(sorted(g.counts.items())), dict(sorted(g.examples.items())))


#: The region's defaults for the library queries that take a stakeholder, sector or place: which
#: of the generator's examples each parameter takes, so that every query has answers.
_QUERY_EXAMPLES: dict[str, dict[str, str]] = {
    "collaborations/list-collaboration-partners": {"collaboration": "collaboration"},
    "connections/connect-two-stakeholders": {"from": "hub", "to": "second"},
    "connections/list-health-tech-bridges": {"health": "health", "tech": "tech"},
    "figures/list-figures": {"stakeholder": "hub"},
    "organisations/ask-is-spin-off": {"organisation": "spin_off", "parent": "parent"},
    "organisations/list-founders": {"organisation": "founded"},
    "organisations/list-memberships": {"member": "hub"},
    "organisations/list-organisation-sites": {"organisation": "hub"},
    "organisations/list-organisations-by-place": {"place": "place"},
    "organisations/list-organisations-by-sector": {"sector": "sector"},
    "organisations/list-sub-organisations": {"organisation": "hub"},
    "people/list-people-by-origin": {"country": "country"},
    "people/list-people-by-role": {"role": "role"},
    "provenance/list-fact-sources": {"entity": "hub"},
    "results/list-achievements": {"achiever": "achiever"},
    "stakeholders/describe-entity": {"entity": "hub"},
    "stakeholders/list-stakeholders-by-topic": {"topic": "topic"},
}


def _query_defaults(examples: dict[str, str]) -> str:
    """The region's ``queries/defaults.yaml`` (see :class:`regiograph.queries.library.Library`)."""
    lines = ["# Defaults of the library queries for this synthetic region: its own example ids."]
    for name, parameters in _QUERY_EXAMPLES.items():
        values = {p: examples[e] for p, e in parameters.items() if e in examples}
        if values:
            lines.append(f"{name}: {{{', '.join(f'{p}: {v}' for p, v in values.items())}}}")
    return "\n".join(lines) + "\n"


def _collection(name: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    return f"{name}:\n" + "\n".join(items) + "\n"
