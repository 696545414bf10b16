"""`scikg serve` pages: content, evidence highlighting, content negotiation, path traversal."""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from _serve_support import build_store, free_port, http, scikg_server, wait_for

from kg.namespaces import SK, study_iri
from kg.query import load_query, run_query, saved_queries
from kg.record import load_record
from kg.store import open_store

pytestmark = [
    pytest.mark.server,
    pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning"),
]
HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_store(tmp_path_factory.mktemp("pages"))


@pytest.fixture(scope="module")
def base(built: tuple[Path, Path]) -> Iterator[str]:
    store, corpus = built
    with scikg_server(store, corpus, workers=1) as url:
        yield url


def records(corpus: Path):
    return [load_record(p) for p in sorted((corpus / "studies").glob("*.yaml"))]


class Elements(HTMLParser):
    """Collects start tags with their attributes and the text inside <mark> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.marks: list[str] = []
        self._in_mark = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data


def parse(body: bytes) -> Elements:
    parser = Elements()
    parser.feed(body.decode("utf-8"))
    return parser


def get(base: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    return http(base + path, headers=headers or HTML)


def test_home_counts_what_the_store_holds(built, base) -> None:
    store, corpus = built
    status, _, body = get(base, "/")
    assert status == 200
    text = body.decode()
    assert re.search(r'id="n-studies">(\d+)<', text).group(1) == str(len(records(corpus)))
    assert re.search(r'id="n-triples">(\d+)<', text).group(1) == str(len(open_store(store)))


def test_studies_table_lists_every_study_and_sorts(built, base) -> None:
    _, corpus = built
    status, _, body = get(base, "/studies")
    assert status == 200
    for record in records(corpus):
        assert f">{record.id}<" in body.decode()
    enrolled = {r.id: r.population.enrolled for r in records(corpus)}
    for direction, reverse in (("asc", False), ("desc", True)):
        page = get(base, f"/studies?sort=n&dir={direction}")[2].decode()
        order = list(re.findall(r'<a href="/study/([^"]+)">', page))
        values = [enrolled[i] for i in order if enrolled.get(i) is not None]
        assert values == sorted(values, reverse=reverse)


def test_study_page_links_every_fact_to_its_highlighted_span(built, base) -> None:
    _, corpus = built
    for record in records(corpus):
        status, _, body = get(base, f"/study/{record.id}")
        assert status == 200
        page = parse(body)
        ids = {attrs.get("id") for _, attrs in page.tags}
        links = [a["href"] for t, a in page.tags if t == "a" and "ev-link" in a.get("class", "")]
        assert links and all(href[1:] in ids for href in links)  # every link has its anchor
        document = (corpus / record.document.path).read_text()
        spans = {(s.start, s.end) for s in record.evidence.values()}
        assert len(links) >= len(record.evidence) > 0
        highlighted = "".join(page.marks)
        for start, end in spans:
            assert document[start:end].replace("\n", " ")[:20] in highlighted.replace("\n", " ")


def test_study_iri_dereferences_by_content_negotiation(built, base) -> None:
    _, corpus = built
    record = records(corpus)[0]
    iri = study_iri(record.id)
    path = "/data/study/" + record.id
    status, headers, body = http(base + path, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert (iri, rdflib.RDF.type, SK.Study) in graph
    status, headers, body = http(base + path, headers={"Accept": "application/ld+json"})
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert len(rdflib.Graph().parse(data=body, format="json-ld")) == len(graph)
    status, headers, body = get(base, path)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert record.title.split(":")[0] in body.decode()


def test_vocabulary_and_ontology_terms_dereference(base) -> None:
    status, _, body = get(base, "/vocab/route-intrathecal")
    assert status == 200 and b"intrathecal" in body
    status, _headers, body = http(
        base + "/vocab/route-intrathecal", headers={"Accept": "text/turtle"}
    )
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert status == 200 and len(graph) > 0
    assert get(base, "/ontology/Study")[0] == 200
    assert get(base, "/data/study/no-such-study")[0] == 404
    assert get(base, "/vocab/no-such-term")[0] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../../etc/passwd",
        "/data/..%2f..%2f..%2fetc%2fpasswd",
        "/study/..%2F..%2F..%2Fetc%2Fpasswd",
        "/vocab/%2e%2e/%2e%2e/etc/passwd",
        "/comparisons/..%2f..%2fpyproject.csv",
        "/data/%00",
        "/static/..\\..\\etc\\passwd",
    ],
)
def test_path_traversal_is_refused(base, path: str) -> None:
    status, _, body = http(base + path)
    assert status in (400, 404)
    assert b"root:" not in body and b"[project]" not in body


def test_comparisons_draw_charts_and_offer_csv(built, base) -> None:
    store, _ = built
    status, _, body = get(base, "/comparisons")
    assert status == 200
    page = parse(body)
    svgs = [a for t, a in page.tags if t == "svg"]
    assert len(svgs) >= 4
    csv_links = sorted(a["href"] for t, a in page.tags if t == "a" and a["href"].endswith(".csv"))
    runnable = [q.name for q in saved_queries() if all(p.default is not None for p in q.params)]
    assert {f"/comparisons/{n}.csv" for n in runnable} <= set(csv_links)
    for name in ("cells-vs-exosomes", "adverse-events-by-route"):
        status, headers, data = http(base + f"/comparisons/{name}.csv")
        assert status == 200 and headers["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
        expected = run_query(open_store(store), load_query(name))
        assert rows[0] == expected.columns and len(rows) - 1 == len(expected.rows)
    assert http(base + "/comparisons/no-such-query.csv")[0] == 404


def test_query_page_runs_through_the_endpoint(base) -> None:
    status, _, body = get(base, "/query?saved=cells-vs-exosomes")
    assert status == 200 and b"productKind" in body and b"<textarea" in body
    status, _, body = get(base, "/query?query=SELECT+%3Fs+WHERE+%7B%3Fs+a+%3Chttps%3A%2F%2Fw3id.org"
                          "%2Fscikg%2Fontology%2FStudy%3E%7D")
    assert status == 200 and body.count(b'href="/study/') >= 3
    status, _, body = get(base, "/query?query=DROP+ALL")
    assert status == 200 and b"HTTP 403" in body


def test_pages_are_quick(base) -> None:
    import time

    for path in ("/", "/studies", "/comparisons", "/study/fx-cells-it"):
        get(base, path)  # warm the cache
        start = time.perf_counter()
        assert get(base, path)[0] == 200
        assert time.perf_counter() - start < 0.5, path


def test_scikg_serve_command_serves_until_interrupted(built) -> None:
    store, corpus = built
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--docs", str(corpus),
         "--port", str(port), "--workers", "1"],
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/sparql", timeout=30)
        status, _, body = http(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(15)
    assert b"http://127.0.0.1:" in process.stderr.read()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_scikg_serve_stops_cleanly_on_a_signal_while_a_client_keeps_a_connection_open(
    built, tmp_path: Path, stop: signal.Signals
) -> None:
    # HTTP/1.1 keeps connections alive: an idle client must not hold the server open once it
    # is told to stop. Exit status 0: the signal was handled, the server did not just die
    store, corpus = built
    port = free_port()
    with (tmp_path / "stderr").open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", "--store", str(store), "--docs", str(corpus),
             "--port", str(port), "--workers", "1"],
            stderr=stderr,
        )
        try:
            wait_for(f"http://127.0.0.1:{port}/sparql", timeout=30)
            with socket.create_connection(("127.0.0.1", port)) as idle:
                idle.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
                assert idle.recv(12).startswith(b"HTTP/1.1 200")
                process.send_signal(stop)
                assert process.wait(10) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_scikg_serve_without_a_store_is_one_readable_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", str(tmp_path / "none")],
        capture_output=True, text=True, timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "scikg build" in done.stderr
