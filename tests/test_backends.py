"""Compliance: every saved query gives the same answer on the embedded store, on an Oxigraph
server and on Virtuoso, after `scikg push` loaded the graph into each (numbers compared by value).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _serve_support import (
    build_store,
    norm_result,
    norm_rows,
    oxigraph_server,
    sparql_json,
    virtuoso_server,
)

from kg.push import push_graphs, store_graphs
from kg.query import bind_params, load_query, run_query, saved_queries, with_values
from kg.store import open_store

pytestmark = [pytest.mark.server, pytest.mark.slow]
DBA = ("dba", "dba")  # the package default, used only for the throwaway loopback instance

NAMES = [q.name for q in saved_queries() if all(p.default is not None for p in q.params)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_store(tmp_path_factory.mktemp("backends"))


@pytest.fixture(scope="module")
def oxigraph(built, tmp_path_factory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        push_graphs(open_store(built[0]), gsp=base + "/store")
        yield base + "/query"


@pytest.fixture(scope="module")
def virtuoso(built, tmp_path_factory) -> Iterator[str]:
    store = open_store(built[0])
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as base:
        # GSP first, then Update over it: the second push must replace every graph
        push_graphs(store, gsp=base + "/sparql-graph-crud-auth", user=DBA[0], password=DBA[1])
        push_graphs(store, update=base + "/sparql-auth", user=DBA[0], password=DBA[1], chunk=300)
        yield base + "/sparql"


def remote_text(name: str) -> str:
    saved = load_query(name)
    return with_values(saved.text, bind_params(saved, None))


def graph_sizes(endpoint: str, graphs: list[str]) -> dict[str, int]:
    values = " ".join(f"<{g}>" for g in graphs)
    answer = sparql_json(
        endpoint,
        f"SELECT ?g (COUNT(*) AS ?n) {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?g",
    )
    return {b["g"]["value"]: int(b["n"]["value"]) for b in answer["results"]["bindings"]}


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_push_loads_every_graph_exactly(built, engine, request) -> None:
    endpoint = request.getfixturevalue(engine)
    store = open_store(built[0])
    graphs = store_graphs(store)
    expected = {g: sum(1 for _ in store.quads_for_pattern(None, None, None, _node(g)))
                for g in graphs}
    assert graph_sizes(endpoint, graphs) == expected


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_saved_query_same_answer_on_every_engine(built, engine, name, request) -> None:
    endpoint = request.getfixturevalue(engine)
    expected = run_query(open_store(built[0]), load_query(name))
    answer = sparql_json(endpoint, remote_text(name))
    assert set(expected.columns) <= set(answer["head"]["vars"])
    assert norm_rows(answer, expected.columns) == norm_result(expected)


def _node(iri: str):
    import pyoxigraph as ox

    return ox.NamedNode(iri)
