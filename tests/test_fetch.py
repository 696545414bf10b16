"""`scikg fetch` against a local HTTP server that replays the real fixture responses."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.fetch import Fetcher, Target, fetch

SOURCES = Path(__file__).parent / "fixtures" / "sources"
STUDY = "ctgov-v2-NCT03064438-results-ae.json"
ARTICLE = "pubmed-29768149.xml"


class Replay:
    """Routes (path) -> a queue of (status, headers, body); the last answer repeats."""

    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.log: list[str] = []

    def add(self, path: str, *answers: tuple[int, dict[str, str], bytes]) -> None:
        self.routes[path] = list(answers)

    def answer(self, raw_path: str) -> tuple[int, dict[str, str], bytes]:
        self.log.append(raw_path)
        parts = urllib.parse.urlsplit(raw_path)
        query = urllib.parse.parse_qs(parts.query)
        key = parts.path
        if parts.path.endswith("efetch.fcgi"):
            key = f"{parts.path}?id={query.get('id', [''])[0]}"
        queue = self.routes.get(key)
        if not queue:
            return 404, {}, b"<html><body>Not Found</body></html>"
        return queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def server() -> Iterator[tuple[str, Replay]]:
    replay = Replay()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, headers, body = replay.answer(self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", replay
    finally:
        httpd.shutdown()
        httpd.server_close()


def real(name: str) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "application/octet-stream"}, (SOURCES / name).read_bytes()


def fetcher(base: str, into: Path, **options: object) -> Fetcher:
    options = {"rate": 1000.0, "backoff": 0.001, "sleep": lambda _s: None, **options}
    return Fetcher(into, ctgov_url=f"{base}/api/v2", eutils_url=f"{base}/eutils", **options)


def routes(replay: Replay) -> None:
    replay.add("/api/v2/studies/NCT03064438", real(STUDY))
    replay.add("/eutils/efetch.fcgi?id=29768149", real(ARTICLE))


def test_fetch_by_ids_writes_documents_and_manifest(server, tmp_path: Path) -> None:
    base, replay = server
    routes(replay)
    result = fetcher(base, tmp_path).run([Target("nct", "nct03064438"), Target("pmid", "29768149")])
    assert result.problems == []
    assert sorted(result.written) == ["NCT03064438.json", "pubmed-29768149.xml"]
    assert (tmp_path / "NCT03064438.json").read_bytes() == (SOURCES / STUDY).read_bytes()
    rows = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert [r["file"] for r in rows] == ["NCT03064438.json", "pubmed-29768149.xml"]
    for row in rows:
        data = (tmp_path / row["file"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["url"].startswith(base) and row["retrieved"].endswith("Z")
    tsv = (tmp_path / "manifest.tsv").read_text("utf-8").splitlines()
    assert tsv[0].split("\t")[:3] == ["file", "source", "identifier"] and len(tsv) == 3
    efetch = next(p for p in replay.log if "efetch" in p)
    assert "db=pubmed" in efetch and "retmode=xml" in efetch


def test_429_then_success_honours_retry_after(server, tmp_path: Path) -> None:
    base, replay = server
    replay.add(
        "/api/v2/studies/NCT03064438",
        (429, {"Retry-After": "7"}, b"Too Many Requests"),
        real(STUDY),
    )
    waits: list[float] = []
    result = fetcher(base, tmp_path, sleep=waits.append).run([Target("nct", "NCT03064438")])
    assert result.problems == []
    assert result.written == ["NCT03064438.json"]
    assert len(replay.log) == 2
    assert 7.0 in waits  # the server's Retry-After, not the (tiny) backoff


def test_500_retries_exhausted_is_one_readable_line(server, tmp_path: Path) -> None:
    base, replay = server
    replay.add("/api/v2/studies/NCT03064438", (500, {}, b"Internal Server Error"))
    replay.add("/eutils/efetch.fcgi?id=29768149", real(ARTICLE))
    waits: list[float] = []
    result = fetcher(base, tmp_path, retries=2, backoff=0.5, sleep=waits.append).run(
        [Target("nct", "NCT03064438"), Target("pmid", "29768149")]
    )
    assert len([p for p in replay.log if "studies" in p]) == 3
    assert [w for w in waits if w >= 0.5] == [0.5, 1.0]  # exponential backoff
    (problem,) = result.problems
    assert problem.startswith("--nct NCT03064438: HTTP 500")
    assert "gave up after 3 attempts" in problem
    assert not (tmp_path / "NCT03064438.json").exists()
    assert result.written == ["pubmed-29768149.xml"]  # the rest of the batch continued


def test_offline_is_a_clear_message(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = fetcher(f"http://127.0.0.1:{port}", tmp_path).run([Target("pmid", "29768149")])
    (problem,) = result.problems
    assert "cannot reach 127.0.0.1" in problem and "offline" in problem
    assert list(tmp_path.iterdir()) == []


def test_resume_skips_current_files_and_refetches_changed_ones(server, tmp_path: Path) -> None:
    base, replay = server
    routes(replay)
    targets = [Target("nct", "NCT03064438"), Target("pmid", "29768149")]
    fetcher(base, tmp_path).run(targets)
    replay.log.clear()
    again = fetcher(base, tmp_path).run(targets)
    assert again.requests == 0 and replay.log == []
    assert sorted(again.skipped) == ["NCT03064438.json", "pubmed-29768149.xml"]
    (tmp_path / "pubmed-29768149.xml").write_text("half", encoding="utf-8")
    third = fetcher(base, tmp_path).run(targets)
    assert third.written == ["pubmed-29768149.xml"] and third.requests == 1
    assert (tmp_path / ARTICLE).read_bytes() == (SOURCES / ARTICLE).read_bytes()


def test_searches_and_wrong_answers(server, tmp_path: Path) -> None:
    base, replay = server
    replay.add("/api/v2/studies", real("ctgov-v2-studies-page-NCT06388018.json"))
    replay.add("/eutils/esearch.fcgi", real("eutils-esearch-pubmed-biopython-esearch1.xml"))
    replay.add("/api/v2/studies/NCT00000001", real(STUDY))  # answers with another study
    result = fetch(
        [
            Target("ctgov", "spinal cord injury AND mesenchymal"),
            Target("doi", "10.1/x"),
            Target("nct", "NCT00000001"),
        ],
        tmp_path,
        ctgov_url=f"{base}/api/v2",
        eutils_url=f"{base}/eutils",
        rate=1000.0,
        max_results=2,
        sleep=lambda _s: None,
    )
    assert result.written == ["NCT06388018.json"]
    page = json.loads((SOURCES / "ctgov-v2-studies-page-NCT06388018.json").read_text("utf-8"))
    assert json.loads((tmp_path / "NCT06388018.json").read_text("utf-8")) == page["studies"][0]
    search = next(p for p in replay.log if "studies?" in p)
    assert "query.term=spinal+cord+injury+AND+mesenchymal" in search
    esearch = next(p for p in replay.log if "esearch" in p)
    assert urllib.parse.quote_plus('"10.1/x"[doi]') in esearch
    assert len([p for p in replay.log if "efetch" in p]) == 2  # --max 2 of the 20 ids
    assert any("PMID 41282813" in p and "HTTP 404" in p for p in result.problems)
    assert any("asked for NCT00000001" in p for p in result.problems)


def test_cli_end_to_end(server, tmp_path: Path) -> None:
    base, replay = server
    routes(replay)
    replay.add("/eutils/efetch.fcgi?id=1", (500, {}, b"boom"))
    env = {**os.environ, "SCIKG_CTGOV_URL": f"{base}/api/v2", "SCIKG_EUTILS_URL": f"{base}/eutils"}
    command = [
        sys.executable,
        "-m",
        "kg",
        "fetch",
        "--nct",
        "NCT03064438",
        "--pmid",
        "29768149",
        "--into",
        str(tmp_path),
        "--retries",
        "0",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "fetched 2 document(s)" in done.stdout
    failing = [*command[:4], "--pmid", "1", "--into", str(tmp_path), "--retries", "0"]
    done = subprocess.run(failing, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [lines[0]] and lines[0].startswith("error: --pmid 1: HTTP 500")
    assert "Traceback" not in done.stderr


def test_malformed_identifiers_make_no_request(server, tmp_path: Path) -> None:
    base, replay = server
    result = fetcher(base, tmp_path).run([Target("nct", "NCT123"), Target("pmid", "12a")])
    assert replay.log == []
    assert [p.split(":")[0] for p in result.problems] == ["--nct NCT123", "--pmid 12a"]
