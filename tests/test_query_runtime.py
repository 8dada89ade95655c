"""Running queries: parameters bound as RDF terms (injection payloads stay inert), results in
every format with datatypes and language tags kept, the Python API and the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

import regiograph
from regiograph import GraphStore, UsageError
from regiograph.build import BuildResult
from regiograph.queries.library import resolve_query
from regiograph.queries.parameters import Parameter
from regiograph.queries.results import ResultFormat
from regiograph.queries.running import bind_parameters, query
from regiograph.store.loading import NoBuild

from .conftest import run_cli

LABEL_OF = "SELECT ?_org_iri ?label WHERE { ?_org_iri rdfs:label ?label } ORDER BY ?label"
BY_NAME = """SELECT ?_name ?org WHERE { ?org rdfs:label ?label FILTER(STR(?label) = ?_name) }
ORDER BY ?org"""

PAYLOADS = [
    'KU Leuven" ) } ; DROP ALL ; #',
    "KU Leuven' || true || '",
    '"} UNION { ?org ?p ?o } #',
    "\\\" } DELETE WHERE { ?s ?p ?o } #",
    "KU Leuven\n} INSERT DATA { <x:a> <x:b> <x:c> }",
    "${name}",
    "?org",
    "\u202eKU Leuven",
]


def test_parameters_are_found_with_their_types() -> None:
    found = resolve_query("SELECT ?_org_iri ?_year_integer ?_title_en ?_x WHERE { ?s ?p ?o }")
    assert [(p.name, p.type) for p in found.parameters] == [
        ("org", "iri"), ("year", "integer"), ("title", "en"), ("x", "literal")]


def test_iri_parameters_accept_ids_prefixed_names_and_iris() -> None:
    parameter = Parameter("org", "_org_iri", "iri")
    assert parameter.term("imec").value == "https://w3id.org/regiograph/id/imec"
    assert parameter.term("rg:University").value == "https://w3id.org/regiograph/ontology#University"
    assert parameter.term("https://ror.org/05f950310").value == "https://ror.org/05f950310"
    for bad in ("not an iri", "x> } DROP ALL {<y", "<https://e/>", "ku leuven"):
        with pytest.raises(UsageError):
            parameter.term(bad)


def test_unknown_and_missing_parameters_are_usage_errors() -> None:
    found = resolve_query(LABEL_OF)
    with pytest.raises(UsageError, match="did you mean 'org'"):
        bind_parameters(found, {"orgg": "imec"})
    with pytest.raises(UsageError, match="needs the parameter 'org'"):
        bind_parameters(found, {})


def test_a_parameter_binds_as_a_term(leuven: GraphStore) -> None:
    result = query(LABEL_OF, store=leuven, org="imec")
    assert result.variables == ["label"]  # the bound parameter is not a result column
    assert result.column("label") == ["imec"]
    assert query(BY_NAME, store=leuven, name="KU Leuven").column("org") == [
        "https://w3id.org/regiograph/id/ku-leuven"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_are_inert(leuven: GraphStore, payload: str) -> None:
    before = len(leuven)
    result = query(BY_NAME, store=leuven, name=payload)
    assert result.rows == []  # the payload is one literal: it matches no label
    assert len(leuven) == before
    unprojected = "SELECT ?org WHERE { ?org rdfs:label ?label FILTER(STR(?label) = ?_name) }"
    assert query(unprojected, store=leuven, name=payload).rows == []
    assert len(leuven) == before


def test_no_module_formats_values_into_query_text() -> None:
    """Queries are built only by the engine's bindings or VALUES of engine-written terms."""
    import ast

    import regiograph

    for path in Path(regiograph.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in (
                    "query", "select", "setQuery") and node.args:
                first = node.args[0]
                text = ast.unparse(first)
                assert not isinstance(first, ast.JoinedStr) or "PREFIX" in text, (
                    f"{path.name}:{node.lineno} formats a query: {text}")
                assert not (isinstance(first, ast.BinOp) and isinstance(first.op, ast.Mod)), (
                    f"{path.name}:{node.lineno} %-formats a query")
                assert ".format(" not in text, f"{path.name}:{node.lineno} formats a query"


def test_sparql_json_keeps_datatypes_and_language_tags(leuven: GraphStore) -> None:
    result = query("""SELECT ?label ?rank WHERE { ?r rg:rankedEntity id:uz-leuven ; rg:rank ?rank ;
                      rg:edition "2021"^^xsd:gYear . id:flemish-brabant rdfs:label ?label }
                      ORDER BY ?label""", store=leuven)
    text = result.write(ResultFormat.JSON)
    parsed = ox.parse_query_results(text, ox.QueryResultsFormat.JSON)
    rows = [{v.value: row[v.value] for v in parsed.variables} for row in parsed]
    assert rows == [dict(r) for r in result.rows]
    document = json.loads(text)
    bindings = document["results"]["bindings"]
    assert {"type": "literal", "value": "Vlaams-Brabant", "xml:lang": "nl"} in [
        b["label"] for b in bindings]
    assert bindings[0]["rank"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_results_convert_to_dicts_and_dataframe(leuven: GraphStore) -> None:
    result = query("""SELECT ?edition ?rank ?approx WHERE { ?r rg:rankedEntity id:uz-leuven ;
        rg:edition ?edition ; rg:rank ?rank . OPTIONAL { ?f rg:approximate ?approx FILTER(false) } }
        ORDER BY ?edition""", store=leuven)
    assert result.to_dicts()[0] == {"edition": "2021", "rank": 31, "approx": None}
    frame = result.to_dataframe()
    assert list(frame["rank"]) == [31, 45, 48, 44]
    assert str(frame["rank"].dtype) == "Int64" and str(frame["edition"].dtype).startswith(
        "datetime64")  # a year (xsd:gYear) is a date too: the start of the year
    assert [d.year for d in frame["edition"]] == [2021, 2022, 2023, 2024]


def test_ask_construct_and_describe(leuven: GraphStore) -> None:
    assert query("ASK { id:imec rg:spinOffOf id:ku-leuven }", store=leuven).boolean is True
    built = query("CONSTRUCT { ?_org_iri rdfs:label ?l } WHERE { ?_org_iri rdfs:label ?l }",
                  store=leuven, org="vib")
    assert built.form == "CONSTRUCT" and [t.object.value for t in built.triples] == ["VIB"]
    described = query("DESCRIBE id:mission-lucidity", store=leuven)
    assert described.form == "DESCRIBE" and len(described.triples) > 10
    assert "<https://w3id.org/regiograph/id/mission-lucidity>" in described.write(ResultFormat.CSV)


def _rdflib_graph(triples: list[ox.Triple]) -> object:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(data="".join(f"{t} .\n" for t in triples), format="nt")
    return graph


def test_a_graph_answer_in_json_is_json_ld(leuven: GraphStore) -> None:
    """`--format json` of a CONSTRUCT or DESCRIBE answer was N-Triples: it is JSON-LD that rdflib
    reads back to the same graph (with the build's readable context, or expanded for blank
    nodes); jsonl, which writes rows, is refused."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    described = query("DESCRIBE id:mission-lucidity", store=leuven)
    text = described.write(ResultFormat.JSON)
    document = json.loads(text)
    assert document["@context"]["label"] == {"@id": "rdfs:label"}
    assert any(node["id"] == "mission-lucidity" for node in document["@graph"])
    assert isomorphic(Graph().parse(data=text, format="json-ld"),
                      _rdflib_graph(described.triples))
    blank = query("CONSTRUCT { _:b rdfs:label ?l } WHERE { id:vib rdfs:label ?l }", store=leuven)
    text = blank.write(ResultFormat.JSON)
    assert isomorphic(Graph().parse(data=text, format="json-ld"), _rdflib_graph(blank.triples))
    with pytest.raises(UsageError, match=r"jsonl writes rows.*use json \(JSON-LD\)"):
        described.write(ResultFormat.JSONL)


def test_csv_tsv_and_jsonl(leuven: GraphStore) -> None:
    result = query(LABEL_OF, store=leuven, org="flemish-brabant")
    assert result.write(ResultFormat.CSV) == "label\nFlemish Brabant\nVlaams-Brabant\n"
    assert result.write(ResultFormat.TSV) == '?label\n"Flemish Brabant"@en\n"Vlaams-Brabant"@nl\n'
    lines = result.write(ResultFormat.JSONL).splitlines()
    assert [json.loads(line) for line in lines] == [{"label": "Flemish Brabant"},
                                                    {"label": "Vlaams-Brabant"}]


def test_cli_query_from_text_file_and_stdin(leuven_build: BuildResult, tmp_path: Path) -> None:
    build = leuven_build.out
    result = run_cli("query", LABEL_OF, "--param", "org=imec", "--build", str(build))
    assert result.code == 0 and result.stdout == "label\nimec\n"  # csv in a pipe
    rq = tmp_path / "mine.rq"
    rq.write_text("#+ defaults:\n#+   - org: vib\n" + LABEL_OF)
    result = run_cli("query", str(rq), "--format", "json", "--build", str(build))
    assert json.loads(result.stdout)["results"]["bindings"][0]["label"]["value"] == "VIB"
    done = subprocess.run([sys.executable, "-m", "regiograph", "query", "-", "--build", str(build),
                           "--format", "tsv"], input="ASK { id:vib a rg:ResearchInstitute }",
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout == "true\n"


def test_cli_usage_errors(leuven_build: BuildResult) -> None:
    build = str(leuven_build.out)
    for args, words in ((["query", "no-such-query"], "no query named"),
                        (["query", LABEL_OF, "--param", "org"], "write --param name=value"),
                        (["query", LABEL_OF, "-p", "org=imec", "--format", "xls"], "unknown format"),
                        (["query", "SELECT ?x WHERE { ?x ?y }"], "syntax error")):
        result = run_cli(*args, "--build", build)
        assert result.code == 2, (args, result.stderr)
        assert words in result.stderr and "Traceback" not in result.stderr


def test_query_without_a_build_says_so_in_the_cli_and_the_api(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_cli("query", "ASK { id:mission-lucidity a rg:Collaboration }", cwd=tmp_path)
    assert result.code == 1 and "no build in build/" in result.stderr and result.stdout == ""
    monkeypatch.chdir(tmp_path)  # never quietly another region's data (issue 12)
    with pytest.raises(NoBuild, match="run `regiograph build` first"):
        regiograph.query("ASK { id:mission-lucidity a rg:Collaboration }")

