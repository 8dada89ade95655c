"""The Leuven ecosystem data (issue 13) answers factual questions: spin-offs and their parents,
what became of them, founders, investors and rounds, networks and their members. One test per
question, on the real bundled data; each answer is stated by the page the data cites."""

from __future__ import annotations

import pytest

from regiograph import GraphStore
from regiograph.build import BuildResult
from regiograph.namespaces import ID

# (question, SPARQL selecting ?answer, the expected answers: ids of id: nodes, or literal values)
QUESTIONS = [
    ("Who acquired ICOS Vision Systems, a KU Leuven spin-off, and when?",
     """SELECT ?answer WHERE { id:icos-vision-systems rg:spinOffOf id:ku-leuven .
        ?a rg:acquiredOrganisation id:icos-vision-systems ; rg:acquirer ?who ; dcterms:date ?d
        BIND(CONCAT(STRAFTER(STR(?who), "/id/"), ":", STR(?d)) AS ?answer) }""",
     {"kla:2008"}),
    ("What is LMS International a spin-off of, and who bought it in 2012?",
     """SELECT ?answer WHERE { id:lms-international rg:spinOffOf ?p ; rg:acquiredBy ?b .
        ?a rg:acquiredOrganisation id:lms-international ; dcterms:date "2012"^^xsd:gYear
        BIND(CONCAT(STRAFTER(STR(?p), "/id/"), ">", STRAFTER(STR(?b), "/id/")) AS ?answer) }""",
     {"ku-leuven>siemens"}),
    ("Who acquired Metris?",
     "SELECT ?answer WHERE { id:metris rg:acquiredBy ?answer }", {"nikon"}),
    ("Who bought Caliopa, a spin-off of imec and Ghent University?",
     """SELECT ?answer WHERE { id:caliopa rg:spinOffOf id:imec, id:ugent ;
        rg:acquiredBy ?answer }""", {"huawei"}),
    ("What is miDiagnostics a spin-off of?",
     "SELECT ?answer WHERE { id:midiagnostics rg:spinOffOf ?answer }",
     {"imec", "johns-hopkins-university"}),
    ("Who founded Essensium, an imec spin-off?",
     """SELECT ?answer WHERE { id:essensium rg:spinOffOf id:imec ; schema:founder ?answer }""",
     {"johan-danneels"}),
    ("What became of Photovoltech?",
     "SELECT ?answer WHERE { id:photovoltech rg:status ?answer }", {"dissolved"}),
    ("Who acquired Okapi Sciences, a KU Leuven spin-off?",
     """SELECT ?answer WHERE { id:okapi-sciences rg:acquiredBy ?answer }""",
     {"aratana-therapeutics"}),
    ("Whose spin-off is ViroVet?",
     "SELECT ?answer WHERE { id:virovet rg:spinOffOf ?answer }", {"okapi-sciences"}),
    ("Who acquired eSaturnus, and when?",
     """SELECT ?answer WHERE { ?a rg:acquiredOrganisation id:esaturnus ; rg:acquirer ?who ;
        dcterms:date ?d BIND(CONCAT(STRAFTER(STR(?who), "/id/"), ":", STR(?d)) AS ?answer) }""",
     {"sony:2016"}),
    ("What did K5 Therapeutics merge into?",
     "SELECT ?answer WHERE { id:k5-therapeutics rg:mergedInto ?answer }",
     {"muna-therapeutics"}),
    ("Which hospitals form the Plexus network?",
     "SELECT ?answer WHERE { id:plexus org:hasMember ?answer . ?answer a rg:Hospital }",
     {"uz-leuven", "heilig-hart-leuven", "rz-heilig-hart-tienen", "az-diest"}),
    ("Who acquired Sirius Communications, and when?",
     """SELECT ?answer WHERE { ?a rg:acquiredOrganisation id:sirius-communications ;
        rg:acquirer ?who ; dcterms:date ?d
        BIND(CONCAT(STRAFTER(STR(?who), "/id/"), ":", STR(?d)) AS ?answer) }""",
     {"agilent-technologies:2001"}),
    ("What did Neo Group Ventures merge into?",
     "SELECT ?answer WHERE { id:neo-group-ventures rg:mergedInto ?answer }", {"capricorn"}),
    ("How much did the EIB lend miDiagnostics, and when?",
     """SELECT ?answer WHERE { ?i rg:investee id:midiagnostics ;
        rg:investor id:european-investment-bank ; rg:amount ?amount ; dcterms:date ?d
        BIND(CONCAT(STR(?amount), " ", STR(?d)) AS ?answer) }""",
     {"20000000 2021-12-07"}),
    ("Who invested in AstriVax's 2022 seed round?",
     "SELECT ?answer WHERE { id:astrivax-seed-2022 rg:investor ?answer }",
     {"gemma-frisius-fund", "fund-plus", "v-bio-ventures", "flanders-future-techfund",
      "ackermans-van-haaren", "thuja-capital-management", "omx-europe",
      "bnp-paribas-fortis-private-equity"}),
    ("Which organisations is Aelin Therapeutics a spin-off of?",
     "SELECT ?answer WHERE { id:aelin-therapeutics rg:spinOffOf ?answer }",
     {"vib", "ku-leuven", "vub", "ugent"}),
    ("Who founded DSP Valley?",
     "SELECT ?answer WHERE { id:dsp-valley schema:founder ?answer }",
     {"philips-itc-leuven", "imec", "ku-leuven"}),
    ("What did IWT merge into?",
     "SELECT ?answer WHERE { id:iwt rg:mergedInto ?answer }", {"vlaio"}),
    ("What did Voka Leuven merge into?",
     "SELECT ?answer WHERE { id:voka-leuven rg:mergedInto ?answer }", {"voka-vlaams-brabant"}),
]


def _answers(store: GraphStore, sparql: str) -> set[str]:
    return {row["answer"].value.removeprefix(ID) for row in store.select(sparql)}


@pytest.mark.parametrize(("question", "sparql", "expected"), QUESTIONS,
                         ids=[q for q, _, _ in QUESTIONS])
def test_question(region: GraphStore, question: str, sparql: str, expected: set[str]) -> None:
    assert _answers(region, sparql) == expected, question


def test_every_spin_off_names_its_parent_and_every_acquisition_its_buyer(
        region: GraphStore) -> None:
    rows = region.select("""SELECT ?a WHERE { ?a a rg:Acquisition .
        FILTER NOT EXISTS { ?a rg:acquirer ?b ; rg:acquiredOrganisation ?c } }""")
    assert rows == []
    spin_offs = region.select("SELECT DISTINCT ?s WHERE { ?s rg:spinOffOf ?p }")
    assert len(spin_offs) >= 30


def test_the_region_is_at_ecosystem_scale(region_build: BuildResult) -> None:
    c = region_build.counts
    assert c["organisations"] >= 250 and c["people"] >= 100 and c["initiatives"] >= 30
    assert c["links"] >= 1000, c["links"]


def test_investments_have_an_investee_and_a_labelled_round(region: GraphStore) -> None:
    rows = region.select("""SELECT ?i WHERE { ?i a rg:Investment .
        FILTER NOT EXISTS { ?i rg:investee ?x ; rdfs:label ?l } }""")
    assert rows == []
    assert len(region.select("SELECT ?i WHERE { ?i a rg:Investment }")) >= 60
