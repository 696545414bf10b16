"""`scikg serve` /sparql: real clients (SPARQLWrapper, rdflib SPARQLStore, plain HTTP), every
result format, and the bad inputs: updates, SERVICE, syntax errors, huge queries, timeouts."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest
import rdflib
from _serve_support import build_store, http, norm_result, norm_rows, scikg_server
from rdflib.compare import isomorphic
from SPARQLWrapper import JSON, SPARQLWrapper

from kg.query import bind_params, load_query, run_query, saved_queries, with_values
from kg.store import open_store

pytestmark = [
    pytest.mark.server,
    # SPARQLWrapper guesses the query form from keywords in comments; rdflib's JSON-LD parser
    # uses its own deprecated class: neither is about the endpoint
    pytest.mark.filterwarnings("ignore:Sending Accept header:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = (
    "PREFIX sk: <https://w3id.org/scikg/ontology/> "
    "CONSTRUCT { ?s a sk:Study ; ?p ?o } WHERE { ?s a sk:Study ; ?p ?o }"
)
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_store(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def base(built: tuple[Path, Path]) -> Iterator[str]:
    store, corpus = built
    with scikg_server(store, corpus, workers=2, timeout=2.0, max_rows=2000) as url:
        yield url


def runnable() -> list[str]:
    """Saved queries that run without arguments (required parameters have defaults)."""
    return [q.name for q in saved_queries() if all(p.default is not None for p in q.params)]


def local(store: Path, name: str):
    return run_query(open_store(store), load_query(name))


def remote_text(name: str) -> str:
    """The saved query with its default parameters inlined, as sent to any endpoint."""
    saved = load_query(name)
    return with_values(saved.text, bind_params(saved, None))


def triple_count(store: Path) -> int:
    return len(open_store(store))


def post_query(base: str, query: str, accept: str | None = None) -> tuple[int, dict, bytes]:
    headers = dict(FORM)
    if accept:
        headers["Accept"] = accept
    return http(base + "/sparql", method="POST", data=urlencode({"query": query}).encode(),
                headers=headers)


# -- real clients get what `scikg query` gets ----------------------------------------------


@pytest.mark.parametrize("name", runnable())
def test_sparqlwrapper_gets_the_saved_query_rows(built, base, name: str) -> None:
    store, _ = built
    expected = local(store, name)
    client = SPARQLWrapper(base + "/sparql")
    client.setQuery(remote_text(name))
    client.setReturnFormat(JSON)
    answer = client.queryAndConvert()
    assert set(expected.columns) <= set(answer["head"]["vars"])
    assert norm_rows(answer, expected.columns) == norm_result(expected)


@pytest.mark.parametrize("name", runnable())
def test_rdflib_sparqlstore_gets_the_saved_query_rows(built, base, name: str) -> None:
    store, _ = built
    expected = local(store, name)
    graph = rdflib.Graph(store="SPARQLStore")
    graph.open(base + "/sparql")
    rows = list(graph.query(remote_text(name)))
    got = sorted(
        tuple(None if row[c] is None else str(row[c]) for c in expected.columns) for row in rows
    )
    want = sorted(
        tuple(None if t is None else t.value for t in row) for row in expected.rows
    )
    # rdflib re-types literals; compare lexical forms after the same number normalisation
    from _serve_support import norm_value

    assert [tuple(norm_value(v) for v in r) for r in got] == [
        tuple(norm_value(v) for v in r) for r in want
    ]


# -- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt", "media", "parse"),
    [
        ("application/sparql-results+json", "json", "application/sparql-results+json", "JSON"),
        ("application/sparql-results+xml", "xml", "application/sparql-results+xml", "XML"),
        ("text/csv", "csv", "text/csv", "CSV"),
        ("text/tab-separated-values", "tsv", "text/tab-separated-values", "TSV"),
    ],
)
def test_select_formats_by_accept_and_by_parameter(base, accept, fmt, media, parse) -> None:
    query = "SELECT ?s ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t } ORDER BY ?s"
    reference = [
        (b["s"]["value"], b["t"]["value"])
        for b in json.loads(http(f"{base}/sparql?query={quote(query)}")[2])["results"]["bindings"]
    ]
    assert len(reference) >= 3
    by_accept = http(f"{base}/sparql?query={quote(query)}", headers={"Accept": accept})
    by_param = http(f"{base}/sparql?query={quote(query)}&format={fmt}")
    for status, headers, body in (by_accept, by_param):
        assert status == 200
        assert headers["Content-Type"].startswith(media)
        if parse == "CSV":  # lossy by design: no term types, so read it as plain CSV
            table = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
            assert table[0] == ["s", "t"]
            rows = [tuple(r) for r in table[1:]]
        else:
            solutions = ox.parse_query_results(
                body, format=getattr(ox.QueryResultsFormat, parse)
            )
            rows = [(s["s"].value, s["t"].value) for s in solutions]
        assert rows == reference
    assert by_accept[2] == by_param[2]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_every_rdf_format_gives_the_same_graph(base, accept, rdflib_format) -> None:
    status, headers, body = post_query(base, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    reference = rdflib.Graph().parse(data=post_query(base, CONSTRUCT, "text/turtle")[2],
                                     format="turtle")
    assert len(graph) == len(reference) > 20
    assert isomorphic(graph, reference)


def test_post_sparql_query_body_and_ask(base) -> None:
    status, _, body = http(
        base + "/sparql",
        method="POST",
        data=b"ASK { ?s a <https://w3id.org/scikg/ontology/Study> }",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_service_description_and_cors(base) -> None:
    status, headers, body = http(base + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    graph = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert len(list(graph.objects(service, sd.resultFormat))) == 8
    status, headers, _ = http(base + "/sparql", method="OPTIONS",
                              headers={"Origin": "http://example.org"})
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_dataset_parameters_select_the_default_graph(base) -> None:
    graph = "https://w3id.org/scikg/data/graph/fx-cells-it"
    q = quote("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a <https://w3id.org/scikg/ontology/Study> }")
    one = json.loads(http(f"{base}/sparql?query={q}&default-graph-uri={quote(graph)}")[2])
    union = json.loads(http(f"{base}/sparql?query={q}")[2])
    assert one["results"]["bindings"][0]["n"]["value"] == "1"
    assert int(union["results"]["bindings"][0]["n"]["value"]) == 3


# -- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(), FORM),
        (b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"}),
        (urlencode({"query": "DROP ALL"}).encode(), FORM),
        (urlencode({"query": "CLEAR DEFAULT ; LOAD <http://example.org/x>"}).encode(), FORM),
    ],
)
def test_updates_are_forbidden_and_change_nothing(built, base, data, content_type) -> None:
    before = triple_count(built[0])
    status, _, body = http(base + "/sparql", method="POST", data=data, headers=content_type)
    assert status == 403 and b"read-only" in body
    assert triple_count(built[0]) == before


@pytest.fixture()
def canary() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets (nothing should reach it)."""
    hits: list[str] = []

    class Canary(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
        "select * where { service silent <{url}> { ?s ?p ?o } }",
        "PREFIX x: <{url}#> SELECT * WHERE { SERVICE x:y { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<{url}> AS ?e) SERVICE ?e { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_and_no_request_leaves(base, canary, template: str) -> None:
    url, hits = canary
    status, _, body = post_query(base, template.replace("{url}", url))
    assert status == 403 and b"SERVICE" in body
    assert hits == []


def test_allowed_service_host_is_called(built, canary) -> None:
    url, hits = canary
    store, corpus = built
    with scikg_server(store, corpus, workers=1, allow_service=frozenset({"127.0.0.1"})) as b:
        status, _, _ = post_query(b, f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert hits, "the allowed SERVICE call never reached its endpoint"
    assert status in (200, 500)  # the canary answers 500: the engine reports it as a failure


def test_syntax_error_is_400_with_the_parser_message(base) -> None:
    status, _, body = post_query(base, "SELECT ?s WHERE { ?s ?p }")
    assert status == 400
    assert b"syntax error" in body and b"1:" in body  # line:column from the parser


def test_huge_query_is_413(base) -> None:
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 70_000
    assert post_query(base, huge)[0] == 413
    status, _, _ = http(base + "/sparql", method="POST", data=b"x" * 300_000,
                        headers={"Content-Type": "application/sparql-query"})
    assert status == 413


def test_too_many_rows_is_413_not_a_silent_cut(base) -> None:
    status, _, body = post_query(base, "SELECT * WHERE { ?s ?p ?o ?x ?y ?z }".replace(
        "?x ?y ?z", ". ?a ?b ?c"))
    assert status == 413 and b"more than 2000" in body


@pytest.mark.parametrize(
    ("method", "path", "headers", "data", "status"),
    [
        ("POST", "/sparql", {"Content-Type": "text/plain"}, b"SELECT * {}", 415),
        ("PUT", "/sparql", {"Content-Type": "text/turtle"}, b"<a:b> <a:b> <a:b> .", 405),
        ("DELETE", "/sparql", {}, None, 405),
        ("GET", "/sparql?query=SELECT%20*%20%7B%7D&format=yaml", {}, None, 406),
        ("GET", "/sparql?query=SELECT%20*%20%7B%7D&query=ASK%7B%7D", {}, None, 400),
        ("POST", "/sparql", FORM, b"nothing=here", 400),
    ],
)
def test_wrong_methods_and_content_types(base, method, path, headers, data, status) -> None:
    assert http(base + path, method=method, data=data, headers=headers)[0] == status


@pytest.mark.slow
def test_exploding_query_times_out_without_stalling_others(built) -> None:
    store, corpus = built
    explode = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with scikg_server(store, corpus, workers=2, timeout=1.0) as b:
        results: dict[str, tuple[int, float]] = {}

        def slow() -> None:
            start = time.monotonic()
            results["slow"] = (post_query(b, explode)[0], time.monotonic() - start)

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.2)
        start = time.monotonic()
        fast = post_query(b, COUNT)
        fast_seconds = time.monotonic() - start
        thread.join(30)
        assert fast[0] == 200 and fast_seconds < 0.9  # answered while the slow one ran
        assert results["slow"][0] == 503 and results["slow"][1] < 5
        # the killed worker is replaced: the server keeps answering
        time.sleep(1.0)
        assert all(post_query(b, COUNT)[0] == 200 for _ in range(4))


def test_concurrent_clients_all_get_the_same_answer(base) -> None:
    def one(_: int) -> tuple[int, bytes]:
        status, _, body = post_query(base, COUNT, "application/sparql-results+json")
        return status, body

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(one, range(64)))
    assert {status for status, _ in answers} == {200}
    assert len({body for _, body in answers}) == 1


def test_plain_json_for_a_graph_query_is_json_ld(base) -> None:
    status, headers, body = post_query(base, CONSTRUCT, "application/json")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=body, format="json-ld")) > 20


@pytest.mark.slow
def test_query_that_explodes_in_memory_kills_only_its_worker(built) -> None:
    store, corpus = built
    explode = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?i LIMIT 1"
    with scikg_server(store, corpus, workers=1, timeout=30.0, max_memory_mb=1500) as b:
        start = time.monotonic()
        status, _, body = post_query(b, explode)
        assert status == 503 and b"memory" in body
        assert time.monotonic() - start < 30
        deadline = time.monotonic() + 20  # the replacement worker starts in the background
        while post_query(b, COUNT)[0] != 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)


def test_a_forged_host_header_does_not_break_the_service_description(base) -> None:
    status, _, body = http(base + "/sparql", headers={"Host": "evil> <x", "Accept": "text/turtle"})
    assert status == 200 and b"evil" not in body
    assert len(rdflib.Graph().parse(data=body, format="turtle")) > 5
