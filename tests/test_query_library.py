"""The query library (queries/): every query's header and conventions, its answer on the Leuven
data with its default and with another parameter, and every quality-control query clean on Leuven
and failing on a deliberately broken copy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

import regiograph
from regiograph import GraphStore
from regiograph.build import BuildResult
from regiograph.namespaces import ID, PREFIXES, expand
from regiograph.queries.files import QueryFile, discover, read_query
from regiograph.queries.grlc import with_defaults
from regiograph.queries.library import Library
from regiograph.queries.running import bind_parameters
from regiograph.resources import queries_dir, region_dir
from regiograph.store.sparql_text import values_clause

ROOT = queries_dir()
#: The generic library with Leuven's own queries and defaults over it, as a Leuven build has it.
LEUVEN = Library.of_region(ROOT, region_dir() / "queries")
QUERIES = {q.name: q for q in LEUVEN.queries()}
GENERIC = {q.name for q in discover(ROOT)}
LIBRARY = sorted(n for n in QUERIES if not n.startswith(("qc/", "projection/")))
#: Queries about what the seed region does not hold (investments, events): answered on the
#: bundled data.
REGION_ONLY = {"organisations/list-investments", "events/list-events"}
VIOLATIONS = sorted(n for n in QUERIES if n.endswith("-violation"))
PARAMETERISED = [n for n in LIBRARY if QUERIES[n].parameters]

Value = str | None
Row = dict[str, str]


# --- the runner: swap for `regiograph.query(name, store=store, **params)` -----------------------

def short(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    """A term as the tables below write it: region ids bare, other IRIs as prefixed names,
    literals by their lexical form."""
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(ID):
            return term.value.removeprefix(ID)
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace):
                return f"{prefix}:{term.value.removeprefix(namespace)}"
    return term.value


def run(store: GraphStore, name: str, **params: str
        ) -> list[Row] | bool | set[tuple[str, str, str]]:
    """Run a library query with its defaults and ``params``: rows, a boolean or triples."""
    result = regiograph.query(name, store=store, **params)
    if result.form == "ASK":
        return bool(result.boolean)
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return {(short(t.subject), short(t.predicate), short(t.object)) for t in result.triples}
    return [{n: short(v) for n, v in row.items()} for row in result.rows]


def project(rows: list[Row], columns: tuple[str, ...]) -> list[tuple[Value, ...]]:
    """The distinct values of ``columns``, in the query's order."""
    seen: dict[tuple[Value, ...], None] = {}
    for row in rows:
        seen.setdefault(tuple(row.get(c) for c in columns), None)
    return list(seen)


# --- expected answers on the Leuven data (checked against data/leuven and its sources) ----------

@dataclass(frozen=True)
class Case:
    name: str
    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]
    params: dict[str, str] = field(default_factory=dict)
    first: bool = False  # compare only the first len(rows) rows

    @property
    def id(self) -> str:
        given = ",".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.name}[{given}]" if given else self.name


FP, FM, P = "founding-partner", "founding-member", "partner"
HM, FOUNDER, SECTOR = "org:hasMember", "schema:founder", "rg:sector"
MEMBER_OF, BASED, HQ, SITE = "org:memberOf", "rg:basedIn", "rg:headquarteredIn", "org:hasSite"
UZ_PAGE, VOKA = "uz-leuven-mindgate-partnership", "voka-health-house"

DEFAULTS = [
    Case("collaborations/list-collaboration-partners", ("partner", "role"),
         [("imec", FP), ("ku-leuven", FP), ("uz-leuven", FP), ("vib", FP)]),
    Case("collaborations/list-collaborations", ("collaboration", "founded", "partner_count"),
         [("icovid", "2020-03", "4"), ("mission-lucidity", "2018", "4")]),
    Case("connections/connect-two-stakeholders",
         ("hops", "first_relation", "first_direction", "intermediary", "second_relation",
          "second_direction"),
         [("2", MEMBER_OF, "forward", "health-house", MEMBER_OF, "backward"),
          ("2", "rg:spinOffOf", "forward", "ku-leuven", "rg:affiliatedWith", "backward"),
          ("2", MEMBER_OF, "forward", "leuven-mindgate", MEMBER_OF, "backward"),
          ("2", MEMBER_OF, "forward", "mission-lucidity", MEMBER_OF, "backward"),
          ("2", MEMBER_OF, "forward", "mission-lucidity", FOUNDER, "forward"),
          ("2", FOUNDER, "backward", "mission-lucidity", MEMBER_OF, "backward"),
          ("2", FOUNDER, "backward", "mission-lucidity", FOUNDER, "forward")]),
    Case("connections/list-health-tech-bridges", ("bridge", "via"),
         [("comate", SECTOR), ("health-house", HM), ("icometrix", SECTOR), ("icovid", HM),
          ("icovid", FOUNDER), ("icovid", SECTOR), ("imec", SECTOR), ("leuven-mindgate", HM),
          ("leuven-mindgate", SECTOR), ("materialise", SECTOR), ("mission-lucidity", HM),
          ("mission-lucidity", FOUNDER)]),
    Case("figures/list-figures", ("figure", "value", "unit", "approximate", "year"),
         [("vib-employee-nationalities-2017", "66", "nationality", "false", "2017"),
          ("vib-employees-2017", "1500", "person", "false", "2017"),
          ("vib-host-universities", "5", "university", "false", None),
          ("vib-research-centres", "8", "research centre", "false", None),
          ("vib-scientists", "1500", "person", "true", "2021")]),
    Case("figures/list-rankings", ("ranked", "publisher", "edition", "rank", "out_of", "site"),
         [("uz-leuven", "newsweek", "2021", "31", "200", "campus-gasthuisberg"),
          ("uz-leuven", "newsweek", "2022", "45", None, None),
          ("uz-leuven", "newsweek", "2023", "48", None, None),
          ("uz-leuven", "newsweek", "2024", "44", None, None)]),
    Case("organisations/list-founders", ("founder", "founder_class", "relation", "founded"),
         [("imec", "rg:ResearchInstitute", FOUNDER, "2018"),
          ("ku-leuven", "rg:University", FOUNDER, "2018"),
          ("uz-leuven", "rg:Hospital", FOUNDER, "2018"),
          ("vib", "rg:ResearchInstitute", FOUNDER, "2018"),
          ("urbain-vandeurzen", "rg:Person", "rg:initiatedBy", "2018")]),
    Case("organisations/list-memberships", ("organisation", "role"),
         [("health-house", FP), ("icovid", P), ("leuven-mindgate", P), ("mission-lucidity", FP)]),
    Case("organisations/list-organisation-sites", ("relation", "place", "located_in"),
         [(SITE, "imec-cleanroom", "imec-headquarters"), (SITE, "imec-headquarters", "leuven"),
          (BASED, "leuven", "flemish-brabant"), (HQ, "imec-headquarters", "leuven")]),
    Case("organisations/list-organisations-by-kind", ("organisation", "class", "founded"),
         [("imec", "rg:ResearchInstitute", "1984-01-16"),
          ("iminds", "rg:ResearchInstitute", None),
          ("iocb-prague", "rg:ResearchInstitute", None),
          ("rega-institute", "rg:ResearchInstitute", "1954"),
          ("vib", "rg:ResearchInstitute", "1996-01-01")]),
    Case("organisations/list-organisations-by-place", ("organisation",),
         [("city-of-leuven",), ("comate",), ("health-house",), ("heilig-hart-leuven",),
          ("icometrix",), ("imec",), ("international-house-leuven",),
          ("international-leuvenaars",), ("ku-leuven",), ("materialise",), ("mission-lucidity",),
          ("oxurion",), ("rega-institute",), ("uz-leuven",), ("vib-research-centres-leuven",)]),
    Case("organisations/list-organisations-by-sector", ("organisation", "sector"),
         [("comate", "health-tech"), ("comate", "medical-devices"), ("health-house", "health-tech"),
          ("icometrix", "health-tech"), ("icometrix", "medical-devices"),
          ("icovid", "health-tech"), ("imec", "health-tech"), ("materialise", "health-tech"),
          ("oxurion", "health-tech")]),
    Case("organisations/list-service-creators", ("service", "creator", "contribution"),
         [("health-house", "city-of-leuven", FP), ("health-house", "imec", FP),
          ("health-house", "iminds", FP), ("health-house", "ku-leuven", FP),
          ("health-house", "province-of-flemish-brabant", FP), ("health-house", "uz-leuven", FP),
          ("health-house", "bart-de-moor", "rg:initiatedBy"),
          ("international-house-leuven", "city-of-leuven", FOUNDER),
          ("international-house-leuven", "leuven-mindgate", FOUNDER),
          ("leuven-mindgate", "city-of-leuven", FM), ("leuven-mindgate", "heilig-hart-leuven", FM),
          ("leuven-mindgate", "uz-leuven", FM), ("leuven-mindgate", "city-of-leuven", FOUNDER),
          ("leuven-mindgate", "mohamed-ridouani", "rg:initiatedBy")]),
    Case("organisations/list-spin-offs", ("spin_off", "parent", "founded"),
         [("imec", "ku-leuven", "1984-01-16"), ("materialise", "ku-leuven", "1990-07")]),
    Case("organisations/list-sub-organisations", ("unit", "relation", "parent"),
         [("ku-leuven-research-and-development", "org:subOrganizationOf", "ku-leuven"),
          ("rega-institute", "org:subOrganizationOf", "ku-leuven"),
          ("vib-research-centres-leuven", "rg:hostedBy", "ku-leuven")]),
    Case("people/list-international-leuvenaars", ("person", "nationality", "lived_in",
                                                   "occupation"),
         [("anita-kandel", None, None, None),
          ("basak-kebapci", "Turkey", None, "Business development manager; Scientist"),
          ("federica-zanca", "Italy", None, None), ("jane-judge", "United States", None, None),
          ("kumiko-sawada", "Japan", None, None), ("lea-sophie-suhr", "Germany", None, None),
          ("liang-sun", None, "China", None), ("marko-topalovic", "Serbia", None, "Entrepreneur"),
          ("nicole-wedell-von-leupoldt", "Germany", None, None),
          ("norma-juarez-collazo", "Mexico", None, None),
          ("sahim-omar-kalifa", "Iraq", None, "Film director")]),
    Case("people/list-people-by-origin", ("person", "origin", "place"),
         [("lea-sophie-suhr", "rg:nationality", "germany"),
          ("nicole-wedell-von-leupoldt", "rg:nationality", "germany")]),
    Case("people/list-people-by-role", ("person", "role", "organisation", "since"),
         [("dirk-loeckx", "co-founder", "icometrix", None),
          ("desire-collen", "founder", "oxurion", None),
          ("fried-vancraen", "founder", "materialise", "1990-07"),
          ("hilde-ingelaere", "co-founder", "materialise", "1990-07"),
          ("pieter-de-somer", "founder", "rega-institute", "1954"),
          ("roger-van-overstraeten", "founder", "imec", None),
          ("sander-van-den-dries", "co-founder", "comate", None),
          ("wim-van-hecke", "co-founder", "icometrix", None),
          ("wouter-foulon", "co-founder", "comate", None)]),
    Case("provenance/count-facts-by-source", ("document", "confidence"),
         [("health-page", "high"), ("leuven-region-page", "high")], first=True),
    Case("provenance/list-fact-sources", ("predicate", "document", "section"),
         [("dcterms:description", "health-page", "health-page--mission-lucidity"),
          ("rdf:type", "health-page", "health-page--mission-lucidity"),
          ("rdfs:label", "health-page", "health-page--mission-lucidity"),
          (HM, "health-page", "health-page--mission-lucidity"),
          ("foaf:homepage", "mission-lucidity-about", None),
          (FOUNDER, "vib-blog-mission-lucidity", None),
          ("schema:foundingDate", "vib-blog-mission-lucidity", None),
          (BASED, "health-page", "health-page--mission-lucidity"),
          ("rg:describedAs", "nieuwsblad-mission-lucidity", None),
          ("rg:describedAs", "tijd-mission-lucidity", None),
          ("rg:describedAs", "health-page", "health-page--mission-lucidity"),
          ("rg:goal", "health-page", "health-page--mission-lucidity"),
          ("rg:initiatedBy", "nieuwsblad-mission-lucidity", None),
          ("rg:kind", "health-page", "health-page--mission-lucidity"),
          ("rg:sector", "health-page", "health-page--mission-lucidity"),
          ("rg:topic", "health-page", "health-page--mission-lucidity")]),
    Case("results/list-achievements", ("result", "class", "date", "period", "licensee"),
         [("polio-vaccine", "rg:Vaccine", None, "1950s", None),
          ("tenofovir", "rg:Drug", "1993", None, "gilead")]),
    Case("results/list-landmark-results", ("result", "achiever", "place"),
         [("first-cochlear-hearing-aids", None, "leuven"),
          ("first-hiv-curing-treatments", None, "leuven"), ("icobrain", "icometrix", None),
          ("icolung", "icovid", None), ("modern-anatomy", "andreas-vesalius", None),
          ("polio-vaccine", "rega-institute", None), ("tenofovir", "antonin-holy", None),
          ("tenofovir", "erik-de-clercq", None), ("tenofovir", "jan-balzarini", None),
          ("tenofovir", "john-martin", None), ("tenofovir", "rega-institute", None)]),
    Case("stakeholders/count-stakeholders-by-kind", ("group", "kind", "stakeholder_count"),
         [("rg:Claim", "rg:QuantitativeClaim", "19"), ("rg:Claim", "rg:Ranking", "4"),
          ("rg:Initiative", "rg:Initiative", "1"),
          ("rg:LandmarkResult", "rg:MedicalDevice", "3"),
          ("rg:LandmarkResult", "rg:ScientificAdvance", "2"),
          ("rg:LandmarkResult", "rg:Drug", "1"), ("rg:LandmarkResult", "rg:Vaccine", "1"),
          ("rg:Organisation", "rg:Company", "8")], first=True),
    Case("stakeholders/list-stakeholders-by-topic", ("stakeholder", "topic"),
         [("first-hiv-curing-treatments", "hiv"), ("icolung", "coronavirus"),
          ("icovid", "coronavirus"), ("polio-vaccine", "polio"),
          ("rega-institute", "antibacterial-drugs"), ("rega-institute", "antiviral-drugs"),
          ("rega-institute", "coronavirus"), ("rega-institute", "hiv"),
          ("rega-institute", "polio"), ("tenofovir", "antiviral-drugs"), ("tenofovir", "hiv")]),
]

OTHERS = [
    Case("collaborations/list-collaboration-partners", ("partner", "role"),
         [("etro", P), ("icometrix", P), ("ku-leuven", P), ("uz-brussel", P)],
         {"collaboration": "icovid"}),
    Case("connections/connect-two-stakeholders",
         ("hops", "first_relation", "first_direction", "intermediary"),
         [("1", "rg:spinOffOf", "backward", None), ("2", MEMBER_OF, "forward", "health-house")],
         {"from": "ku-leuven", "to": "imec"}, first=True),
    Case("connections/list-health-tech-bridges", ("bridge",),
         [("health-house",), ("icovid",), ("imec",), ("leuven-mindgate",),
          ("mission-lucidity",)], {"health": "life-sciences"}),
    Case("figures/list-figures", ("figure", "value", "about_count"),
         [("ku-leuven-imec-uz-leuven-rd-budget", "1000000000", "3"),
          ("ku-leuven-imec-uz-leuven-employees", "22000", "3")], {"stakeholder": "imec"}),
    Case("organisations/list-founders", ("founder", "relation", "founded"),
         [("roger-van-overstraeten", FOUNDER, "1984-01-16")], {"organisation": "imec"}),
    Case("organisations/list-memberships", ("organisation", "role"),
         [("ku-leuven", "professor"), ("oxurion", "founder")], {"member": "desire-collen"}),
    Case("organisations/list-organisation-sites", ("relation", "place"),
         [(SITE, "campus-gasthuisberg"), (BASED, "leuven"), (HQ, "campus-gasthuisberg")],
         {"organisation": "uz-leuven"}),
    Case("organisations/list-organisations-by-kind", ("organisation",),
         [("heilig-hart-leuven",), ("uz-brussel",), ("uz-leuven",)], {"kind": "rg:Hospital"}),
    Case("organisations/list-organisations-by-place", ("organisation", "relation", "place"),
         [("vib", HQ, "ghent")], {"place": "ghent"}),
    Case("organisations/list-organisations-by-sector", ("organisation",),
         [("bnp-paribas",), ("gemma-frisius-fund",), ("kbc",)], {"sector": "finance"}),
    Case("organisations/list-sub-organisations", ("unit", "relation", "parent"),
         [("etro", "org:subOrganizationOf", "imec")], {"organisation": "imec"}),
    Case("people/list-people-by-origin", ("person", "origin", "place"),
         [("liang-sun", "rg:livedIn", "china")], {"country": "china"}),
    Case("people/list-people-by-role", ("person", "organisation"),
         [("antonin-holy", "iocb-prague"), ("erik-de-clercq", "rega-institute"),
          ("jan-balzarini", "rega-institute"), ("john-martin", "gilead")],
         {"role": "researcher"}),
    Case("provenance/list-fact-sources", ("predicate", "value", "document"),
         [("rdf:type", "rg:ResearchInstitute", UZ_PAGE),
          ("rdf:type", "rg:ResearchInstitute", VOKA),
          ("rdfs:label", "iMinds", UZ_PAGE), ("rdfs:label", "iMinds", VOKA),
          (MEMBER_OF, "health-house", VOKA), (MEMBER_OF, "leuven-mindgate", UZ_PAGE),
          ("rg:describedAs", "merged with imec in September 2016", "handwiki-imec"),
          ("rg:kind", "kind:research-institute", UZ_PAGE),
          ("rg:kind", "kind:research-institute", VOKA),
          ("rg:mergedInto", "imec", "handwiki-imec")], {"entity": "iminds"}),
    Case("results/list-achievements", ("result", "class", "date"),
         [("icobrain", "rg:MedicalDevice", "2018-11-06")], {"achiever": "icometrix"}),
    Case("stakeholders/list-stakeholders-by-topic", ("stakeholder", "topic"),
         [("mission-lucidity", "dementia")], {"topic": "dementia"}),
]


def _check(leuven: GraphStore, case: Case) -> None:
    rows = run(leuven, case.name, **case.params)
    assert isinstance(rows, list)
    got = project(rows, case.columns)
    assert (got[:len(case.rows)] if case.first else got) == case.rows


@pytest.mark.parametrize("case", DEFAULTS, ids=[c.id for c in DEFAULTS])
def test_answer_with_defaults(leuven: GraphStore, case: Case) -> None:
    _check(leuven, case)


@pytest.mark.parametrize("case", OTHERS, ids=[c.id for c in OTHERS])
def test_answer_with_another_parameter(leuven: GraphStore, case: Case) -> None:
    _check(leuven, case)


def test_international_leuvenaars_one_row_per_person_as_oxigraph_and_rdflib_agree(
        leuven_build: BuildResult, leuven: GraphStore) -> None:
    """Several occupations are joined, not a row each; rdflib (the benchmark's baseline, which
    fails on a GROUP_CONCAT over an unbound value) gives the same rows, joined text included."""
    import rdflib

    query = QUERIES["people/list-international-leuvenaars"]
    ours = [tuple(None if t is None else t.value for t in row)
            for row in leuven.query(query.text, bind_parameters(query, {}))]
    people = [row[0] for row in ours]
    assert len(people) == len(set(people)) == 11
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(leuven_build.out / "dataset.nq", format="nquads")
    theirs = [tuple(None if t is None else str(t) for t in row)
              for row in dataset.query(query.text)]
    assert theirs == ours
    assert ("Business development manager; Scientist",) in {row[-1:] for row in ours}


def test_fact_sources_give_title_url_and_confidence(leuven: GraphStore) -> None:
    rows = run(leuven, "provenance/list-fact-sources", entity="imec")
    assert isinstance(rows, list)
    spin_off = [r for r in rows if r["predicate"] == "rg:spinOffOf"]
    assert spin_off == [{
        "predicate": "rg:spinOffOf", "predicate_label": "spin-off of", "value": "ku-leuven",
        "value_label": "KU Leuven", "document": "veto-imec-history",
        "document_title": "Veto article on the history of imec",
        "url": "https://www.veto.be/onderzoek/imec-het-verhaal-van-een-onderzoeksgigant/124877",
        "confidence": "high"}]


def test_is_spin_off(leuven: GraphStore) -> None:
    assert run(leuven, "organisations/ask-is-spin-off") is True  # imec of KU Leuven
    assert run(leuven, "organisations/ask-is-spin-off", organisation="materialise") is True
    assert run(leuven, "organisations/ask-is-spin-off", organisation="uz-leuven") is False
    assert run(leuven, "organisations/ask-is-spin-off", parent="vib") is False


def test_describe_entity(leuven: GraphStore) -> None:
    triples = run(leuven, "stakeholders/describe-entity")
    assert isinstance(triples, set)
    assert {("mission-lucidity", HM, "imec"), ("mission-lucidity", FOUNDER, "vib"),
            ("mission-lucidity", "schema:foundingDate", "2018"),
            ("mission-lucidity-start-capital", "rg:about", "mission-lucidity"),
            ("imec", "rdfs:label", "imec"), ("urbain-vandeurzen", "rdfs:label", "Urbain Vandeurzen"),
            } <= triples
    assert {s for s, _, _ in triples if s.startswith("tenofovir")} == set()
    other = run(leuven, "stakeholders/describe-entity", entity="tenofovir")
    assert isinstance(other, set)
    assert {("tenofovir", "rg:licensedTo", "gilead"), ("gilead", "rdfs:label", "Gilead"),
            ("tenofovir-patients-treated", "rg:about", "tenofovir")} <= other


def test_every_library_query_has_its_answers_tested() -> None:
    tested = {c.name for c in DEFAULTS} | {"organisations/ask-is-spin-off",
                                            "stakeholders/describe-entity"} | REGION_ONLY
    assert tested == set(LIBRARY)
    assert {c.name for c in OTHERS} | {"organisations/ask-is-spin-off",
                                        "stakeholders/describe-entity"} == set(PARAMETERISED)
    assert len(LIBRARY) >= 22


# --- conventions of every query file ------------------------------------------------------------

def _body(query: QueryFile) -> str:
    """The query without comment lines, IRIs and string literals."""
    text = re.sub(r"(?m)^\s*#.*$", "", query.text)
    text = re.sub(r"<[^<>\s]*>", "<>", text)
    return re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_and_conventions(name: str) -> None:
    query = QUERIES[name]
    assert query.summary and query.description and query.tags, "summary, description and tags"
    for parameter in query.parameters:  # in the header or in Leuven's defaults
        assert parameter.default is not None, f"no default for {parameter.name}"
    assert set(query.defaults) == {p.name for p in query.parameters}
    body = _body(query)
    variables = set(re.findall(r"[?$]([A-Za-z_]\w*)", body))
    for variable in variables - {p.variable for p in query.parameters}:
        assert re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", variable), f"?{variable}"
    if query.form == "SELECT":
        assert re.search(r"\bORDER\s+BY\b", body, re.IGNORECASE)
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", query.text))
    used = set(re.findall(r"(?<![\w?$:])([A-Za-z][\w-]*):(?=[A-Za-z_])", body))
    assert used <= declared, f"undeclared prefixes {used - declared}"


#: grlc's BASIL variables (grlc/gquery.py, get_parameters): a name of letters and digits, then
#: an optional type.
GRLC_PARAMETER = re.compile(r"\?(?P<required>_{1,2})(?P<name>[a-zA-Z0-9]+)"
                            r"(_(?P<type>iri|number|literal|integer))?")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_is_yaml_as_grlc_reads_it(name: str) -> None:
    """grlc strips `#+` and reads the rest as YAML, dropping an invalid header silently: every
    header, the projections' included, as `regiograph grlc` writes it (with Leuven's defaults),
    must read as ours does (no `: ` inside a plain value)."""
    query = QUERIES[name]
    text = "\n".join(row.lstrip("#+") for row in with_defaults(query).split("\n")
                     if row.startswith("#+"))
    header = yaml.safe_load(text)  # exactly grlc's reading
    assert isinstance(header, dict)
    assert header["summary"] == query.summary
    assert " ".join(str(header["description"]).split()) == query.description
    assert header["tags"] == list(query.tags)
    defaults = header.get("defaults", [])
    assert [d for item in defaults for d in item] == list(query.defaults)  # `- name: value`
    assert all(len(item) == 1 for item in defaults)


@pytest.mark.parametrize("name", PARAMETERISED)
def test_grlc_binds_every_default_as_we_do(name: str) -> None:
    """grlc writes an `_iri` value between `<` and `>` as it is: a default must be a full IRI,
    which binds to the same term as in regiograph (an id such as `mission-lucidity` became
    `<mission-lucidity>` and matched nothing)."""
    query = QUERIES[name]
    found = {m["name"]: m for m in GRLC_PARAMETER.finditer(_body(query))}
    header = yaml.safe_load("\n".join(row.lstrip("#+") for row in with_defaults(query).split("\n")
                                      if row.startswith("#+")))
    written = {k: v for item in header.get("defaults", []) for k, v in item.items()}
    for parameter in query.parameters:
        assert parameter.name in found, f"grlc does not see ?{parameter.variable}"
        assert (found[parameter.name]["type"] == "iri") == (parameter.type == "iri")
        if parameter.type == "iri":
            default = written[parameter.name]
            assert ox.NamedNode(default) == parameter.term(parameter.default or "")
            assert re.match(r"https?://", default), default


def test_docs_list_every_query() -> None:
    docs = (Path(__file__).parents[1] / "docs" / "queries.md").read_text(encoding="utf-8")
    for name in [*LIBRARY, *VIOLATIONS]:
        assert f"regiograph query {name}" in docs and QUERIES[name].summary in docs, name


@pytest.mark.parametrize("name", [n for n in LIBRARY if QUERIES[n].form == "SELECT"
                                  and n not in REGION_ONLY])
def test_every_labelled_iri_comes_with_its_label(leuven: GraphStore, name: str) -> None:
    query = QUERIES[name]
    result = leuven.query(query.text, bind_parameters(query, {}))
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = list(result)
    assert rows, "the default answer is not empty"
    labelled = {row["s"] for row in leuven.select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT DISTINCT ?s WHERE { ?s rdfs:label ?label }")}
    for row in rows:
        for variable in names:
            if row[variable] in labelled:
                assert any(row[f"{variable}_{s}"] is not None for s in ("label", "title")
                           if f"{variable}_{s}" in names), f"{variable} without its label"


@pytest.mark.parametrize("name", PARAMETERISED)
def test_pre_bound_and_values_bound_parameters_agree(leuven: GraphStore, name: str) -> None:
    """A parameter gives the same answer pre-bound by the engine (SEP-0007 substitution, as
    embedded) and joined by a trailing VALUES clause (as sent to a remote endpoint)."""
    query = QUERIES[name]
    bindings = bind_parameters(query, {})
    joined = leuven.query(query.text + values_clause(bindings))
    text = query.text
    if query.form == "SELECT":  # substitution needs the parameters in the projection
        header = re.search(r"(?m)^SELECT(\s+DISTINCT)?", text)
        assert header is not None
        extra = " ".join(f"?{v}" for v in bindings)
        text = f"{text[:header.end()]} {extra}{text[header.end():]}"
    bound = leuven.query(text, bindings)
    if isinstance(joined, ox.QuerySolutions) and isinstance(bound, ox.QuerySolutions):
        names = [v.value for v in joined.variables]
        assert [[row[n] for n in names] for row in bound] == [
            [row[n] for n in names] for row in joined]
    elif isinstance(joined, ox.QueryBoolean):
        assert bool(bound) == bool(joined)
    else:
        assert set(bound) == set(joined)  # type: ignore[arg-type]


# --- quality control: clean on Leuven, caught on a broken copy ----------------------------------

def _node(name: str) -> ox.NamedNode:
    return ox.NamedNode(name if "://" in name else ID + name)


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal, graph: ox.NamedNode | ox.DefaultGraph
       ) -> ox.Quad:
    return ox.Quad(_node(s), ox.NamedNode(expand(p)), o, graph)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(expand(datatype)))


NOWHERE = ox.DefaultGraph()  # a fact in no named graph: no source states it
SOURCE = ox.NamedNode("https://w3id.org/regiograph/graph/health-page/health-and-tech")
VIB_HISTORY = "https://w3id.org/regiograph/graph/vib-history"
RANKING = "newsweek-worlds-best-hospitals-2021-uz-leuven"


@dataclass(frozen=True)
class Breakage:
    """Quads to drop, as (subject, predicate[, object]) with ids for region IRIs; quads to add;
    and the nodes the violation query must then report in its first column."""

    focus: set[str]
    drop: list[tuple[str, ...]] = field(default_factory=list)
    add: list[ox.Quad] = field(default_factory=list)

    def keeps(self, quad: ox.Quad) -> bool:
        return not any(quad.subject == _node(d[0]) and quad.predicate == ox.NamedNode(expand(d[1]))
                       and (len(d) == 2 or quad.object == _node(d[2])) for d in self.drop)


BROKEN = {
    "qc/citation-graph-without-document-violation": Breakage(
        {VIB_HISTORY}, [(VIB_HISTORY, "prov:wasDerivedFrom")]),
    "qc/collaboration-without-partners-violation": Breakage(
        {"icovid"}, [("icovid", "org:hasMember", m) for m in ("icometrix", "ku-leuven",
                                                               "uz-brussel")]),
    "qc/membership-without-role-violation": Breakage(
        {"imec--founding-partner--mission-lucidity"},
        [("imec--founding-partner--mission-lucidity", "org:role")]),
    "qc/membership-without-shortcut-violation": Breakage(
        {"imec"}, [("imec", "org:memberOf", "mission-lucidity")]),
    "qc/organisation-without-source-violation": Breakage(
        {"imec"}, add=[_q("imec", "schema:foundingDate", _typed("1985", "xsd:gYear"), NOWHERE)]),
    "qc/person-without-role-or-origin-violation": Breakage(
        {"kumiko-sawada"}, [("kumiko-sawada", "rg:nationality"),
                            ("kumiko-sawada", "rg:describedAs")]),
    "qc/person-without-role-violation": Breakage(
        {"jane-doe"}, add=[_q("jane-doe", "rdf:type", _node(expand("rg:Person")), SOURCE),
                           _q("jane-doe", "rdfs:label", ox.Literal("Jane Doe"), SOURCE)]),
    "qc/ranking-rank-beyond-size-violation": Breakage(
        {RANKING}, [(RANKING, "rg:rank")],
        [_q(RANKING, "rg:rank", _typed("201", "xsd:integer"), SOURCE)]),
    "qc/stakeholder-without-source-violation": Breakage(
        {"ghost-company"}, add=[
            _q("ghost-company", "rdf:type", _node(expand("rg:Company")), NOWHERE),
            _q("ghost-company", "rdfs:label", ox.Literal("Ghost"), NOWHERE)]),
    "qc/sub-organisation-cycle-violation": Breakage(
        {"ku-leuven", "rega-institute"},
        add=[_q("ku-leuven", "org:subOrganizationOf", _node("rega-institute"), SOURCE)]),
    "qc/unlabelled-node-violation": Breakage({"imec"}, [("imec", "rdfs:label")]),
}


def test_every_violation_query_has_a_breakage() -> None:
    assert set(BROKEN) == set(VIOLATIONS)


@pytest.mark.parametrize("name", VIOLATIONS)
def test_violation_query_is_clean_on_leuven(leuven: GraphStore, name: str) -> None:
    assert run(leuven, name) == []


@pytest.mark.parametrize("name", VIOLATIONS)
def test_violation_query_catches_its_breakage(leuven: GraphStore, name: str) -> None:
    breakage = BROKEN[name]
    broken = GraphStore()
    broken.add(q for q in leuven.quads() if breakage.keeps(q))
    broken.add(breakage.add)
    rows = run(broken, name)
    assert isinstance(rows, list)
    assert {next(iter(row.values())) for row in rows} == breakage.focus  # named by column one


def test_investments_and_what_became_of_spin_offs_on_the_bundled_region(region: GraphStore) -> None:
    rows = run(region, "organisations/list-investments")
    assert isinstance(rows, list) and len({r["investment"] for r in rows}) >= 60
    seed = [r for r in rows if r["investment"] == "astrivax-seed-2022"]
    assert {r["investor"] for r in seed} >= {"gemma-frisius-fund", "fund-plus"}
    assert all(r["investee_label"] == "AstriVax" and r["round"] == "seed" for r in seed)
    fates = run(region, "organisations/list-spin-offs")
    assert isinstance(fates, list)
    icos = [r for r in fates if r["spin_off"] == "icos-vision-systems"]
    assert icos and icos[0]["acquirer"] == "kla" and icos[0]["acquired"] == "2008"
    assert icos[0]["status"] == "acquired" and icos[0]["acquirer_label"] == "KLA"


@pytest.mark.parametrize("name", sorted(GENERIC))
def test_the_generic_library_names_no_region(name: str) -> None:
    """Region ids live in data/<region>/queries/defaults.yaml, never in a generic query."""
    query = read_query(ROOT / f"{name}.rq", ROOT)
    assert all(":" in value for value in query.defaults.values()), query.defaults
    assert "leuven" not in _body(query).lower()
