"""MeSH hierarchy enrichment against a local Oxigraph SPARQL server (no internet)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.mesh_enrich import Hierarchy, MeshEnrichError, enrich, read_hierarchy, write_hierarchy
from kg.namespaces import MESH, MESHV

SOURCES = Path(__file__).parent / "fixtures" / "sources"
REAL_NT = SOURCES / "meshrdf-cns-disease-2014AB.nt"

# MeSH-shaped test data written for this test (not NLM data): the real descriptors
# D045164 Mesenchymal Stem Cell Transplantation, D033581 Stem Cell Transplantation and
# D017690 Cell Transplantation, with tree numbers and broader links in NLM's meshv shape.
SHAPED = f"""
<{MESH}D045164> <{MESHV}broaderDescriptor> <{MESH}D033581> .
<{MESH}D045164> <{MESHV}treeNumber> <{MESH}T01.100.200.300> .
<{MESH}D033581> <{MESHV}broaderDescriptor> <{MESH}D017690> .
<{MESH}D033581> <{MESHV}treeNumber> <{MESH}T01.100.200> .
<{MESH}D017690> <{MESHV}treeNumber> <{MESH}T01.100> .
<{MESH}D017690> <{MESHV}treeNumber> <{MESH}T02.500> .
<{MESH}D033581> <http://www.w3.org/2000/01/rdf-schema#label> "Stem Cell Transplantation"@en .
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _oxigraph() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
    assert Path(found).exists(), "the oxigraph server (PyPI package `oxigraph`) is required"
    return found


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [_oxigraph(), "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", "20"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        data = REAL_NT.read_bytes() + SHAPED.encode("utf-8")
        request = urllib.request.Request(
            f"{base}/store?default",
            data=data,
            method="POST",
            headers={"Content-Type": "application/n-triples"},
        )
        urllib.request.urlopen(request, timeout=10).read()
        yield f"{base}/query"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.server
def test_enrich_follows_broader_descriptors_transitively(endpoint: str) -> None:
    hierarchy = enrich(["D045164"], endpoint)
    assert hierarchy.broader == {"D045164": {"D033581"}, "D033581": {"D017690"}}
    assert hierarchy.tree_numbers["D017690"] == {"T01.100", "T02.500"}
    assert hierarchy.ancestors("D045164") == {"D033581", "D017690"}


@pytest.mark.server
def test_descriptor_without_hierarchy_facts_gets_none(endpoint: str) -> None:
    hierarchy = enrich(["D002493", "not-a-ui"], endpoint)  # the real file: labels only
    assert hierarchy.descriptors == set()


@pytest.mark.server
def test_cache_is_sorted_turtle_that_reads_back(endpoint: str, tmp_path: Path) -> None:
    path = tmp_path / "mesh-hierarchy.ttl"
    hierarchy = enrich(["D045164"], endpoint)
    assert write_hierarchy(hierarchy, path) == 6
    first = path.read_bytes()
    write_hierarchy(enrich(["D045164"], endpoint), path)
    assert path.read_bytes() == first  # deterministic
    text = first.decode("utf-8")
    assert text.index("mesh:D017690") < text.index("mesh:D033581") < text.index("mesh:D045164")
    assert len(Graph().parse(path, format="turtle")) == 6
    again = read_hierarchy(path)
    assert again.broader == hierarchy.broader and again.tree_numbers == hierarchy.tree_numbers


@pytest.mark.server
def test_narrower_studies_found_through_the_hierarchy(endpoint: str, tmp_path: Path) -> None:
    path = tmp_path / "mesh-hierarchy.ttl"
    write_hierarchy(enrich(["D045164"], endpoint), path)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    store.add(
        ox.Quad(
            ox.NamedNode("https://example.org/study/1"),
            ox.NamedNode("http://purl.org/dc/terms/subject"),
            ox.NamedNode(f"{MESH}D045164"),
        )
    )
    query = f"""SELECT ?study WHERE {{
        ?study <http://purl.org/dc/terms/subject>/<{MESHV}broaderDescriptor>* <{MESH}D017690> }}"""
    assert [row["study"].value for row in store.query(query)] == ["https://example.org/study/1"]


def test_unreachable_endpoint_is_one_readable_line() -> None:
    with pytest.raises(MeshEnrichError) as caught:
        enrich(["D045164"], f"http://127.0.0.1:{_free_port()}/sparql", timeout=5)
    (line,) = caught.value.lines()
    assert "cannot reach the endpoint" in line and "offline" in line


def test_cut_off_answer_is_an_error_not_an_empty_result() -> None:
    """A server-side timeout can answer HTTP 200 with a truncated body: that must fail."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b'{"head":{"vars":["d","p","o"]},"results":{"bindings":[{"d":'
            body += b"The SPARQL operation has been cancelled"
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with pytest.raises(MeshEnrichError, match="not complete SPARQL JSON"):
            enrich(["D045164"], f"http://127.0.0.1:{httpd.server_address[1]}/sparql")
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_hierarchy_ancestors_handle_cycles() -> None:
    hierarchy = Hierarchy(broader={"D000001": {"D000002"}, "D000002": {"D000001"}})
    assert hierarchy.ancestors("D000001") == {"D000001", "D000002"}


@pytest.mark.server
def test_cli_mesh_enrich_writes_the_cache(endpoint: str, tmp_path: Path) -> None:
    output = tmp_path / "mesh-hierarchy.ttl"
    command = [
        sys.executable,
        "-m",
        "kg",
        "mesh",
        "enrich",
        "--descriptor",
        "D045164",
        "--endpoint",
        endpoint,
        "-o",
        str(output),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "6 triples" in done.stdout
    assert read_hierarchy(output).ancestors("D045164") == {"D033581", "D017690"}
    bad = subprocess.run([*command[:6], "X1"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: --descriptor X1: not a MeSH descriptor UI"
