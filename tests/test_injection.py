"""SPARQL injection through every parameter of every library query, embedded and on a real
Oxigraph server: each hostile value is refused as a UsageError naming the parameter, or bound as one
RDF term that matches nothing (no row the same query does not give for a value that matches
nothing), and the store is unchanged (SHA-256 of every quad, the default graph's included)."""

from __future__ import annotations

import hashlib
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from regiograph import GraphStore
from regiograph.errors import DataError, UsageError
from regiograph.queries.files import QueryFile
from regiograph.queries.graph_store import push
from regiograph.queries.library import Library
from regiograph.queries.parameters import Parameter
from regiograph.queries.results import QueryResult
from regiograph.queries.running import query
from regiograph.queries.transport import EndpointError
from regiograph.resources import queries_dir, region_dir

from .conftest import run_cli
from .servers import collect_garbage_here, oxigraph

# Values for IRI parameters: ids, prefixed names and IRIs. The first ones break out of an <IRI>
# or a "literal" if formatted into the text, and must be refused; the ones after them are valid
# IRIs holding quotes, semicolons, comment signs, variables, full-width and line-separator
# characters, and long values (a long query goes to the endpoint by POST): they must be bound.
IRI_PAYLOADS = [
    'ku-leuven> } ; DROP ALL ; #',
    'ku-leuven" } ; DROP ALL ; #',
    "'> } INSERT DATA { <x:x> <x:y> <x:z> } #",
    'https://e.org/a"^^<x:y> . ?s ?p ?o',
    'https://e.org/\\" UNION { ?s ?p ?o }',
    "<http://e/> } ; CLEAR ALL",
    "https://e.org/a>\n} ; CLEAR ALL ; #",
    "https://e.org/a#\n?s ?p ?o",
    "https://e.org/a\\u003E } UNION { ?s ?p ?o } #",
    "https://e.org/a\u003e}UNION{?s?p?o}#",
    "https://e.org/a\t.\t?s\t?p\t?o",
    "rg:University> ; rdfs:label ?l . #",
    "https://e.org/x\x00> } DROP ALL",
    "https://e.org/a`{|}^",
    "ku-leuven\uff02",
    # valid IRIs from here on
    "https://e.org/x';DROP;ALL;#'",
    "https://e.org/x%3E%20%7D%20;%20DROP%20ALL%20;%20%23",
    "https://e.org/\uff1e\uff02\uff5d\uff1bDROP\uff3fALL\uff03",
    "https://e.org/a\u2028DROP\u2029ALL",
    "urn:x:?s",
    "https://e.org/$s#?o",
    "https://e.org/?update=DROP%20ALL&query=ASK%7B%7D",
    "id:ku-leuven#;DROP",
    "rg:University)),(?s",
    "javascript:alert(1)",
    "https://e.org/\U0001f4a3",
    "https://e.org/" + "x" * 20_000,
    "https://e.org/" + "'" * 3_000 + ";DROP",
    "id:" + "-".join(["ku-leuven"] * 2_000),  # (a bare id the graph lacks is refused, named)
]

# Values for literal parameters (and, all refused, for IRI, number and date parameters).
TEXT_PAYLOADS = [
    'x" } ; DROP ALL ; #',
    "x' } ; DROP ALL ; #",
    "'> } INSERT DATA { <x:x> <x:y> <x:z> } #",
    '"^^<x:y> . ?s ?p ?o',
    '\\" UNION { ?s ?p ?o }',
    'x"\n} ; DROP ALL ; #',
    'x" #\n UNION { ?s ?p ?o }',
    "\r\n} ; CLEAR DEFAULT ; #",
    "<http://e/> } ; CLEAR ALL",
    "\\u0022 } UNION { ?s ?p ?o } #",
    '\\U00000022) || true || ("',
    '"@en . ?s ?p ?o',
    '"""} ; DROP ALL ; #"""',
    "\uff02 } ; DROP ALL ; #",
    "x\x00\" } DROP ALL",
    "${name}",
    "?org",
    "\u202eKU Leuven",
    '"' * 5_000 + "} ; DROP ALL",
]

# Extra values for integer, decimal, boolean and date parameters.
TYPED_PAYLOADS = ["2021 } ; DROP ALL ; #", '2021-01-01"^^xsd:date } UNION { ?s ?p ?o } #',
                  "true || true", "\uff12\uff10\uff12\uff11"]

# A value of each type that matches nothing: the answer every payload is compared with.
HARMLESS = {"iri": "https://example.org/no-such-thing", "literal": "no such value",
            "integer": "-987654321", "decimal": "-987654321.5", "boolean": "false",
            "date": "1000-01-01"}

# Valid IRIs that pyoxigraph refuses (C1 controls, noncharacters, a bad host or percent
# escape, two fragments, and the lone surrogate that an undecodable command-line byte becomes).
ENGINE_REFUSED_IRIS = ["https://e.org/\x7f", "https://e.org/a\x85DROP", "https://e.org/\ufffe",
                       "http://[::1", "https://e.org/%zz", "https://e.org/a#b#c",
                       "https://e.org/\udcff"]

#: The library of a Leuven build: the generic queries with Leuven's queries and defaults.
LIBRARY = Library.of_region(queries_dir(), region_dir() / "queries").queries()
PAIRS = [(q, p) for q in LIBRARY for p in q.parameters]
PAIR_IDS = [f"{q.name}:{p.name}" for q, p in PAIRS]


def payloads_for(parameter: Parameter) -> list[str]:
    if parameter.type == "iri":
        return IRI_PAYLOADS + TEXT_PAYLOADS
    if parameter.type in ("integer", "decimal", "boolean", "date"):
        return TEXT_PAYLOADS + TYPED_PAYLOADS
    return TEXT_PAYLOADS  # a plain or language-tagged literal


def harmless_for(parameter: Parameter) -> str:
    return HARMLESS.get(parameter.type, HARMLESS["literal"])


def _answer(result: QueryResult) -> set[object]:
    """The answer as a set: rows (as sorted items), triples, or {True} for a true ASK."""
    if result.form == "ASK":
        return {True} if result.boolean else set()
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        return {str(t) for t in result.triples}
    return {tuple(sorted((k, str(v)) for k, v in row.items())) for row in result.rows}


def check_inert(parameter: Parameter, payloads: list[str], run: Callable[[str], QueryResult],
                size: Callable[[], int] | None = None) -> tuple[int, int]:
    """Run every payload as ``parameter``; returns (refused, bound) counts.

    A refusal must be a UsageError (or DataError) naming the parameter, raised before the query
    runs, never a syntax error of the query; a bound payload must give no answer the harmless
    value does not give, and leave ``size()`` (the number of quads) as it was, when given.
    """
    baseline = _answer(run(harmless_for(parameter)))
    before = size() if size else 0
    refused = bound = 0
    for payload in payloads:
        shown = repr(payload[:60])
        try:
            result = run(payload)
        except (UsageError, DataError) as exc:
            message = str(exc) + "".join(str(i) for i in getattr(exc, "issues", []))
            assert f"parameter {parameter.name}" in message, f"{shown}: {message}"
            assert "syntax error" not in message.lower(), f"{shown} broke the query: {message}"
            refused += 1
            continue
        except EndpointError as exc:
            pytest.fail(f"{shown}: the endpoint refused the query, so the value changed its "
                        f"text: {exc}")
        except Exception as exc:
            pytest.fail(f"{shown}: {type(exc).__name__} instead of a UsageError: {exc}")
        extra = _answer(result) - baseline
        assert not extra, f"{shown} gave {len(extra)} extra rows: {sorted(map(str, extra))[:3]}"
        assert size is None or size() == before, f"{shown} changed the store"
        bound += 1
    return refused, bound


def _embedded_digest(store: GraphStore) -> str:
    return hashlib.sha256("\n".join(sorted(map(str, store.all_quads()))).encode()).hexdigest()


def _server_digest(base: str) -> tuple[int, str]:
    """The number of quads on the server and the SHA-256 of their sorted N-Quads lines (Graph Store
    Protocol GET of the whole dataset)."""
    request = urllib.request.Request(f"{base}/store", headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=30) as response:
        lines = sorted(response.read().decode().splitlines())
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, leuven: GraphStore) -> Iterator[str]:
    """A real Oxigraph server on loopback holding the Leuven store; yields its base URL."""
    with oxigraph(tmp_path_factory.mktemp("injection-oxigraph")) as running:
        push(leuven.all_quads(), f"{running.base}/store")
        yield running.base


def test_every_parameter_of_every_library_query_is_covered() -> None:
    declared = sum(len(q.parameters) for q in LIBRARY)
    assert len(PAIRS) == declared >= 20
    assert {q.name.split("/")[0] for q, _ in PAIRS} >= {"organisations", "people", "stakeholders"}
    for _, parameter in PAIRS:
        assert len(payloads_for(parameter)) >= 12
    assert len(IRI_PAYLOADS) >= 12 and len(TEXT_PAYLOADS) >= 12


@pytest.mark.parametrize(("found", "parameter"), PAIRS, ids=PAIR_IDS)
def test_hostile_values_are_inert_embedded(leuven: GraphStore, found: QueryFile,
                                           parameter: Parameter) -> None:
    digest = _embedded_digest(leuven)
    refused, bound = check_inert(
        parameter, payloads_for(parameter),
        lambda value: query(found.name, store=leuven, **{parameter.name: value}),
        lambda: sum(1 for _ in leuven.all_quads()))
    assert _embedded_digest(leuven) == digest
    if parameter.type == "iri":  # the valid IRIs did reach the engine
        assert bound >= 14 and refused >= 30, (refused, bound)


@pytest.mark.parametrize(("found", "parameter"), PAIRS, ids=PAIR_IDS)
def test_hostile_values_are_inert_on_a_real_server(server: str, found: QueryFile,
                                                   parameter: Parameter,
                                                   leuven: GraphStore) -> None:
    endpoint = f"{server}/query"
    before = _server_digest(server)
    refused, bound = check_inert(  # the build's defaults give the other parameters
        parameter, payloads_for(parameter),
        lambda value: query(found.name, endpoint=endpoint, timeout=30, build=leuven.build_dir,
                            **{parameter.name: value}))
    assert _server_digest(server) == before  # count and SHA-256 of every quad
    if parameter.type == "iri":
        assert bound >= 14 and refused >= 30, (refused, bound)


@pytest.mark.parametrize("where", ["embedded", "remote"])
@pytest.mark.parametrize("payload", ENGINE_REFUSED_IRIS, ids=repr)
def test_iris_the_engine_refuses_are_usage_errors(leuven: GraphStore, server: str, payload: str,
                                                   where: str) -> None:
    store, endpoint = (leuven, None) if where == "embedded" else (None, f"{server}/query")
    with pytest.raises(UsageError, match="parameter member"):
        query("organisations/list-memberships", store=store, endpoint=endpoint, member=payload)


CLI_PAIR = ("organisations/list-memberships", "member")


def test_hostile_values_through_the_command_line_on_a_real_server(server: str) -> None:
    """The IRI payloads as ``--param`` of ``regiograph query --endpoint`` (a child process each):
    exit 2 naming the parameter, or exit 0 with no extra row; nothing changed on the server."""
    name, parameter = CLI_PAIR
    before = _server_digest(server)

    def run(value: str) -> tuple[str, set[str]]:
        done = run_cli("query", name, "--param", f"{parameter}={value}", "--endpoint",
                       f"{server}/query", "--format", "tsv")
        assert "Traceback" not in done.stderr and done.code in (0, 2), (value[:60], done.stderr)
        if done.code == 2:
            assert f"parameter {parameter}" in done.stderr and "syntax" not in done.stderr
            return value, set()
        return value, set(done.stdout.splitlines()[1:])

    _, baseline = run(HARMLESS["iri"])
    # a child process each, so a sample: four refused and five bound as IRIs
    chosen = [IRI_PAYLOADS[i] for i in (0, 2, 6, 8, 15, 17, 18, 22, 27)]
    collect_garbage_here()
    with ThreadPoolExecutor(3) as pool:
        answers = list(pool.map(run, chosen))
    for value, rows in answers:
        assert rows <= baseline, value[:60]
    assert _server_digest(server) == before


def _formatting_runner(found: QueryFile, parameter: Parameter, target: dict[str, object]
                       ) -> Callable[[str], QueryResult]:
    """A runner that writes the value into the query text, as a naive tool would."""
    def run(value: str) -> QueryResult:
        term = f"<{value}>" if parameter.type == "iri" else f'"{value}"'
        text = "\n".join(line for line in found.text.splitlines() if not line.startswith("#+"))
        return query(text.replace(f"?{parameter.variable}", term), **target)  # type: ignore[arg-type]
    return run


ID = "https://w3id.org/regiograph/id/"


@pytest.mark.parametrize("where", ["embedded", "remote"])
def test_the_check_catches_a_query_that_formats_values_into_text(
        leuven: GraphStore, server: str, where: str) -> None:
    """The check can fail: on a query built by formatting the value into its text, payloads that
    break the query (a syntax error, an endpoint rejecting it) or add a pattern (extra rows) are
    caught."""
    target: dict[str, object] = ({"store": leuven} if where == "embedded" else
                                 {"endpoint": f"{server}/query", "timeout": 30})
    library = {q.name: q for q in LIBRARY}
    for name, payload in [
            ("organisations/list-memberships", "'> } INSERT DATA { <x:x> <x:y> <x:z> } #"),
            ("organisations/list-memberships", "https://e.org/a>\n} ; CLEAR ALL ; #"),
            ("organisations/list-memberships", 'ku-leuven" } ; DROP ALL ; #'),
            ("organisations/list-organisation-sites",
             f"{ID}ku-leuven> ?anything ?else . <{ID}ku-leuven")]:
        found = library[name]
        parameter = found.parameters[0]
        with pytest.raises((AssertionError, pytest.fail.Exception)) as caught:
            check_inert(parameter, [payload], _formatting_runner(found, parameter, target))
        if "sites" in name:  # the payload joined KU Leuven's sites in
            assert "extra rows" in str(caught.value)
