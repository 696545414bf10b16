"""`scikg queries` and `scikg query` through the real entry point: formats and user mistakes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from _cli_support import run

from kg.query import run_query, saved_queries
from kg.record import load_record
from kg.results import to_csv

RECORDS = Path(__file__).parent / "fixtures" / "query-graph"


@pytest.fixture(scope="module")
def memory_store() -> ox.Store:
    from kg.build import store_from_records

    return store_from_records([load_record(p) for p in sorted(RECORDS.glob("*.yaml"))])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, memory_store: ox.Store) -> Path:
    """The fixture graph as an on-disk store, as `scikg build` leaves one."""
    path = tmp_path_factory.mktemp("query-cli") / "store"
    disk = ox.Store(str(path))
    disk.bulk_extend(list(memory_store.quads_for_pattern(None, None, None, None)))
    disk.flush()
    del disk
    return path


def test_queries_lists_names_titles_and_params(capsys, monkeypatch) -> None:
    code, out, err = run(capsys, monkeypatch, "queries")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(q.name for q in saved_queries())
    mesh = next(line for line in lines if line.startswith("studies-by-mesh\t"))
    assert "Studies by MeSH descriptor" in mesh and "descriptor:iri=mesh:D013119" in mesh


def test_query_csv_is_the_w3c_csv(capsys, monkeypatch, store_path, memory_store) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        "query",
        "cells-vs-exosomes",
        "--format",
        "csv",
        "--store",
        str(store_path),
    )
    assert code == 0, err
    # capsys decodes with universal newlines off for bytes written to the buffer
    assert out.replace("\r\n", "\n") == to_csv(
        run_query(memory_store, "cells-vs-exosomes")
    ).replace("\r\n", "\n")
    header = next(csv.reader(io.StringIO(out)))
    assert header == ["productKind", "studies", "patients", "routes"]


def test_query_json_with_param(capsys, monkeypatch, store_path) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        "query",
        "studies-by-mesh",
        "--param",
        "descriptor=mesh:D005500",
        "--format",
        "json",
        "--store",
        str(store_path),
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["head"]["vars"] == ["study", "title"]
    assert [b["study"]["value"] for b in data["results"]["bindings"]] == ["qg-bm-two-routes"]


def test_query_tsv_and_table(capsys, monkeypatch, store_path) -> None:
    code, out, err = run(
        capsys, monkeypatch, "query", "dose-by-route", "--format", "tsv", "--store", str(store_path)
    )
    assert code == 0, err
    assert out.splitlines()[0].startswith("?study\t?route\t?productKind")
    code, out, err = run(capsys, monkeypatch, "query", "studies", "--store", str(store_path))
    assert code == 0, err
    assert "qg-exo-iv" in out and "3 rows" in out


def test_query_file(capsys, monkeypatch, store_path, tmp_path: Path) -> None:
    path = tmp_path / "count.rq"
    path.write_text(
        "# title: Count\n# description: Studies in the graph.\n"
        "PREFIX sk: <https://w3id.org/scikg/ontology/>\n"
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a sk:Study }\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, monkeypatch, "query", str(path), "--format", "csv", "--store", str(store_path)
    )
    assert code == 0, err
    assert out.split() == ["n", "3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "no-such-query"], "known queries: "),
        (["query", "studies-by-mesh", "--param", "descriptor"], "expected KEY=VALUE"),
        (["query", "studies-by-mesh", "--param", "colour=red"], "param colour: not a parameter"),
        (["query", "studies-by-mesh", "--param", "descriptor=D1> } DROP ALL"], "param descriptor"),
        (["query", "missing.rq"], "missing.rq: no such query file"),
    ],
)
def test_query_mistakes_are_readable(capsys, monkeypatch, store_path, args, message) -> None:
    code, out, err = run(capsys, monkeypatch, *args, "--store", str(store_path))
    assert code == 2
    assert message in err and "Traceback" not in err and out == ""


def test_missing_store_says_to_build(capsys, monkeypatch, tmp_path: Path) -> None:
    code, _out, err = run(
        capsys, monkeypatch, "query", "studies", "--store", str(tmp_path / "none")
    )
    assert code == 2
    assert "scikg build" in err and "Traceback" not in err


def test_bad_format_is_a_usage_error(capsys, monkeypatch, store_path) -> None:
    code, _, err = run(
        capsys, monkeypatch, "query", "studies", "--format", "xml", "--store", str(store_path)
    )
    assert code == 2 and "xml" in err
