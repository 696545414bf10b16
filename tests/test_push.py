"""`scikg push`: the update requests rebuild each graph exactly; pushing twice replaces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from _serve_support import build_store, free_port, oxigraph_server, sparql_json

from kg.namespaces import graph_iri
from kg.push import PushError, push_graphs, store_graphs, update_requests
from kg.store import open_store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_store(tmp_path_factory.mktemp("push"))


def graph_triples(store: ox.Store, name: str) -> list[ox.Triple]:
    quads = store.quads_for_pattern(None, None, None, ox.NamedNode(name))
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def test_update_requests_replace_the_graph_and_keep_blank_nodes_together() -> None:
    g = "https://example.org/g"
    node = ox.BlankNode()
    triples = [
        ox.Triple(ox.NamedNode(f"https://example.org/s{i}"), ox.NamedNode("https://example.org/p"),
                  ox.Literal(str(i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
        for i in range(25)
    ] + [
        ox.Triple(
            ox.NamedNode("https://example.org/c"), ox.NamedNode("https://example.org/r"), node
        ),
        ox.Triple(node, ox.NamedNode("https://example.org/q"), ox.Literal("x \"quoted\"\n")),
    ]
    requests = update_requests(g, triples, chunk=10)
    assert requests[0].startswith(f"DROP SILENT GRAPH <{g}>")
    assert len(requests) == 4 and "WHERE {}" in requests[-1] and "_:" in requests[-1]
    assert all("_:" not in r for r in requests[:-1])
    target = ox.Store()
    stale = ox.Quad(ox.NamedNode("https://example.org/old"), ox.NamedNode("https://example.org/p"),
                    ox.Literal("stale"), ox.NamedNode(g))
    target.add(stale)
    for request in requests:
        target.update(request)
    got = graph_triples(target, g)
    assert stale.triple not in got and len(got) == len(triples)
    linked = [t for t in got if isinstance(t.object, ox.BlankNode)]
    assert len(linked) == 1
    assert any(t.subject == linked[0].object for t in got)  # the blank node stayed connected


def test_every_graph_of_a_built_store_round_trips_through_updates(built) -> None:
    source = open_store(built[0])
    target = ox.Store()
    for name in store_graphs(source):
        for request in update_requests(name, graph_triples(source, name), chunk=200):
            target.update(request)
    assert len(target) == len(source)
    assert sorted(g.value for g in target.named_graphs()) == store_graphs(source)


def test_unknown_graph_and_bad_target_are_readable_errors(built) -> None:
    store = open_store(built[0])
    with pytest.raises(PushError, match="no such named graph"):
        store_graphs(store, ["https://example.org/none"])
    with pytest.raises(PushError, match="exactly one"):
        push_graphs(store)
    with pytest.raises(PushError, match="cannot reach"):
        push_graphs(store, gsp=f"http://127.0.0.1:{free_port()}/store")
    with pytest.raises(PushError, match="not an http"):
        push_graphs(store, update="file:///etc/passwd")


@pytest.mark.server
@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_push_to_oxigraph_server_and_push_again_replaces(built, tmp_path, protocol) -> None:
    store_path, _ = built
    local = open_store(store_path)
    with oxigraph_server(tmp_path) as base:
        url = f"{base}/store" if protocol == "gsp" else f"{base}/update"
        for _ in range(2):  # the second push must replace, not add
            done = subprocess.run(
                [sys.executable, "-m", "kg", "push", f"--{protocol}", url, "--store",
                 str(store_path)],
                capture_output=True, text=True, timeout=120,
            )
            assert done.returncode == 0, done.stderr
            assert f"pushed {len(store_graphs(local))} graphs" in done.stderr
        count = sparql_json(base + "/query", "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
        assert int(count["results"]["bindings"][0]["n"]["value"]) == len(local)
        one = str(graph_iri("fx-cells-it"))
        done = subprocess.run(
            [sys.executable, "-m", "kg", "push", f"--{protocol}", url, "--graph", "fx-cells-it",
             "--store", str(store_path)],
            capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0 and "pushed 1 graphs" in done.stderr
        answer = sparql_json(
            base + "/query", f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{one}> {{ ?s ?p ?o }} }}"
        )
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == len(graph_triples(local, one))


def test_push_cli_error_is_one_line(built) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "push", "--gsp", f"http://127.0.0.1:{free_port()}/store",
         "--store", str(built[0])],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
