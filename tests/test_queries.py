"""Saved queries: headers, answers on a hand-made graph, parameter binding, result formats.

The graph is built from tests/fixtures/query-graph/ exactly as a build loads records. Each saved
query's answer is compared with tests/queries/expected/<name>.csv (regenerate with
`pytest --update-expected`, then check the CSVs against the fixture records by hand).
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest

import kg
from kg.build import store_from_records
from kg.errors import ScikgError
from kg.namespaces import MESH, PREFIXES
from kg.query import (
    Param,
    QueryError,
    Result,
    load_query,
    result_from_json,
    run_query,
    run_remote,
    saved_queries,
    to_term,
    with_values,
)
from kg.record import load_record
from kg.results import json_data, to_csv, to_json, to_table, to_tsv

HERE = Path(__file__).parent
RECORDS = HERE / "fixtures" / "query-graph"
EXPECTED = HERE / "queries" / "expected"

CONTRACT_COLUMNS = {
    "studies": "study title year phase allocation enrolled",
    "cells-vs-exosomes": "productKind studies patients routes",
    "adverse-events-by-route": "route event studies percent",
    "outcomes-by-source": "source measure studies improved",
    "ais-improvement": "study improved of",
    "dose-by-route": "study route productKind doseValue doseUnit administrations",
    "studies-by-mesh": "study title",
}
MORE_QUESTIONS = (
    "autologous-vs-allogeneic",
    "outcomes-by-route",
    "studies-by-sci-phase",
    "follow-up",
    "measures-by-study",
    "studies-by-source",
    "adverse-events-by-source",
)
ALL_STUDIES = ["qg-bm-two-routes", "qg-exo-iv", "qg-uc-it"]


def fixture_store() -> ox.Store:
    """An in-memory store of the query fixture records."""
    return store_from_records([load_record(p) for p in sorted(RECORDS.glob("*.yaml"))])


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return fixture_store()


def column(result: Result, name: str) -> list:
    index = result.columns.index(name)
    return [row[index] for row in result.values()]


# -- headers -------------------------------------------------------------------------------
@pytest.mark.parametrize("saved", saved_queries(), ids=lambda q: q.name)
def test_every_query_has_a_header_and_project_prefixes(saved) -> None:
    assert saved.title and saved.description, saved.path
    assert saved.text.lstrip().startswith("# title:"), "the header opens the file"
    for prefix, namespace in re.findall(r"^PREFIX\s+(\w*):\s*<([^>]*)>", saved.text, re.M):
        assert PREFIXES.get(prefix) == namespace, f"{saved.name}: PREFIX {prefix}:"


def test_the_contract_queries_and_the_comparisons_exist() -> None:
    names = {q.name for q in saved_queries()}
    assert set(CONTRACT_COLUMNS) <= names
    assert set(MORE_QUESTIONS) <= names
    assert [p.name for p in load_query("studies-by-mesh").params] == ["descriptor"]


# -- answers -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(CONTRACT_COLUMNS))
def test_contract_columns(store, name: str) -> None:
    columns = run_query(store, name).columns
    assert set(CONTRACT_COLUMNS[name].split()) <= set(columns)


@pytest.mark.parametrize("saved", saved_queries(), ids=lambda q: q.name)
def test_answer_matches_expected_csv(store, saved, update_expected: bool) -> None:
    result = run_query(store, saved)
    text = to_csv(result)
    path = EXPECTED / f"{saved.name}.csv"
    if update_expected:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.is_file(), f"no expected answer {path}; run pytest --update-expected"
    assert text == path.read_bytes().decode("utf-8")
    assert result.rows, f"{saved.name} answers nothing on the fixture graph"
    # deterministic: a second run gives the same bytes
    assert to_csv(run_query(store, saved)) == text


def test_numbers_are_numbers_and_codes_are_codes(store) -> None:
    dose = run_query(store, "dose-by-route").records()
    given = [r for r in dose if r["doseValue"] is not None]
    assert given and all(isinstance(r["doseValue"], int | float) for r in given)
    assert {r["route"] for r in dose} == {"intrathecal", "intravenous", "intraspinal"}
    assert {r["productKind"] for r in dose} == {"cells", "exosomes"}  # the placebo has none
    kinds = run_query(store, "cells-vs-exosomes").records()
    assert all(isinstance(r["patients"], int) and isinstance(r["studies"], int) for r in kinds)


def test_percent_is_the_highest_stated_when_another_study_states_none(tmp_path: Path) -> None:
    # qg-bm-two-routes (bone marrow; intrathecal and intraspinal) also reports headache, with no
    # number: the highest stated percentage (qg-uc-it: 1 of 12) must still be given
    changed = tmp_path / "qg-bm-two-routes.yaml"
    text = (RECORDS / changed.name).read_text(encoding="utf-8")
    extra = "adverse_events:\n- {term: headache, as_written: headache}\n"
    changed.write_text(text.replace("adverse_events:\n", extra, 1), encoding="utf-8")
    paths = [changed if p.name == changed.name else p for p in sorted(RECORDS.glob("*.yaml"))]
    result = run_query(
        store_from_records([load_record(p) for p in paths]), "adverse-events-by-route"
    )
    rows = {(r["route"], r["event"]): r for r in result.records()}
    assert rows["intrathecal", "headache"]["studies"] == 2
    assert rows["intrathecal", "headache"]["percent"] == pytest.approx(8.3)


def test_a_study_with_two_documents_counts_once(store) -> None:
    studies = run_query(store, "studies")
    assert column(studies, "study") == ALL_STUDIES
    # the two documents of qg-uc-it say 12 and 14: the larger figure is the study's
    assert dict(zip(column(studies, "study"), column(studies, "enrolled"), strict=True)) == {
        "qg-bm-two-routes": None,
        "qg-exo-iv": 40,
        "qg-uc-it": 14,
    }


# -- parameters ----------------------------------------------------------------------------
def studies_for(store, descriptor: str) -> list[str]:
    return column(run_query(store, "studies-by-mesh", {"descriptor": descriptor}), "study")


def test_mesh_parameter_changes_the_rows(store) -> None:
    everything = studies_for(store, "D013119")
    assert everything == ALL_STUDIES  # every study is indexed with Spinal Cord Injuries
    assert studies_for(store, "D005500") == ["qg-bm-two-routes"]
    assert studies_for(store, "D000000") == []
    # the three spellings of one descriptor bind the same term
    for spelling in ("mesh:D005500", str(MESH["D005500"]), f"<{MESH['D005500']}>"):
        assert studies_for(store, spelling) == ["qg-bm-two-routes"]
    assert (
        run_query(store, "studies-by-mesh").rows
        == run_query(store, "studies-by-mesh", {"descriptor": "D013119"}).rows
    )  # the declared default
    assert "descriptor" not in run_query(store, "studies-by-mesh").columns


def test_mesh_parameter_follows_the_mesh_hierarchy() -> None:
    store = fixture_store()
    before = len(store)
    # a made-up narrower descriptor under D005500: studies indexed with it count for D005500
    broader = ox.NamedNode(PREFIXES["meshv"] + "broaderDescriptor")
    narrow, wide = ox.NamedNode(str(MESH["D999991"])), ox.NamedNode(str(MESH["D005500"]))
    study = ox.NamedNode("https://w3id.org/scikg/data/study/qg-exo-iv")
    subject = ox.NamedNode("http://purl.org/dc/terms/subject")
    store.add(ox.Quad(narrow, broader, wide, ox.NamedNode("https://w3id.org/scikg/data/graph/t")))
    store.add(ox.Quad(study, subject, narrow, ox.NamedNode("https://w3id.org/scikg/data/graph/t")))
    assert len(store) == before + 2
    assert studies_for(store, "D005500") == ["qg-bm-two-routes", "qg-exo-iv"]
    assert studies_for(store, "D999991") == ["qg-exo-iv"]


@pytest.mark.parametrize(
    "value",
    [
        "D013119> } ; DROP ALL ; #",
        "mesh:D013119> } }",
        'http://id.nlm.nih.gov/mesh/D013119> } INSERT DATA { <a> <b> "c" } #',
        "D013119 UNION",
        "",
    ],
)
def test_injection_is_rejected(store, value: str) -> None:
    before = len(store)
    with pytest.raises(QueryError) as caught:
        run_query(store, "studies-by-mesh", {"descriptor": value})
    assert "descriptor" in str(caught.value)
    assert len(store) == before


def test_a_string_parameter_is_bound_as_a_harmless_literal(store, tmp_path: Path) -> None:
    path = tmp_path / "by-title.rq"
    path.write_text(
        "# title: By title\n# description: Studies with exactly this title.\n"
        "# param: title (string): the title\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "PREFIX sk: <https://w3id.org/scikg/ontology/>\n"
        "SELECT DISTINCT ?s ?title WHERE { ?s a sk:Study ; dcterms:title ?title }\n",
        encoding="utf-8",
    )
    before = len(store)
    nasty = '" } ; DROP ALL ; SELECT * { ?s ?p "'
    assert run_query(store, path, {"title": nasty}).rows == []
    assert len(store) == before
    title = run_query(store, "studies").records()[1]["title"]
    assert len(run_query(store, str(path), {"title": title}).rows) == 1


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("integer", "42", ox.Literal("42", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer"))),
        ("decimal", "1.50", ox.Literal("1.50", datatype=ox.NamedNode(PREFIXES["xsd"] + "decimal"))),
        ("boolean", "TRUE", ox.Literal("true", datatype=ox.NamedNode(PREFIXES["xsd"] + "boolean"))),
        ("string", "a > b", ox.Literal("a > b")),
        ("iri", "skv:route-intrathecal", ox.NamedNode(PREFIXES["skv"] + "route-intrathecal")),
    ],
)
def test_parameter_values_become_typed_terms(kind: str, text: str, expected) -> None:
    assert to_term(Param("x", kind, None, ""), text) == expected


@pytest.mark.parametrize(
    ("kind", "text"), [("integer", "4 2"), ("decimal", "1e"), ("boolean", "y")]
)
def test_bad_parameter_values(kind: str, text: str) -> None:
    with pytest.raises(QueryError, match="param x"):
        to_term(Param("x", kind, None, ""), text)


def test_unknown_and_missing_parameters(store, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="not a parameter of this query"):
        run_query(store, "studies", {"descriptor": "D013119"})
    path = tmp_path / "needs.rq"
    path.write_text(
        "# title: Needs\n# description: A required parameter.\n# param: y (integer): a year\n"
        "PREFIX sk: <https://w3id.org/scikg/ontology/>\n"
        "SELECT ?s ?y WHERE { ?s sk:year ?y }\n",
        encoding="utf-8",
    )
    with pytest.raises(QueryError, match="param y: required"):
        run_query(store, path)
    assert len(run_query(store, path, {"y": "2024"}).rows) == 1


def test_values_binding_gives_the_engine_binding_answer(store) -> None:
    """The remote path (VALUES block) and the local one (substitutions) agree."""
    saved = load_query("studies-by-mesh")
    for code in ("D013119", "D005500"):
        term = to_term(saved.params[0], code)
        text = with_values(saved.text, {"descriptor": term})
        assert f"VALUES (?descriptor) {{ (<{MESH[code]}>) }}" in text
        local = run_query(store, saved, {"descriptor": code})
        answer = store.query(text, use_default_graph_as_union=True)
        remote_rows = sorted(str(s["study"].value) for s in answer)  # type: ignore[index]
        assert remote_rows == column(local, "study")


# -- files ---------------------------------------------------------------------------------
def test_unknown_name_lists_the_known_queries() -> None:
    with pytest.raises(QueryError) as caught:
        load_query("no-such-query")
    message = str(caught.value)
    assert "no-such-query" in message and "cells-vs-exosomes" in message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }\n", "no `# title:`"),
        ("# title: T\nSELECT ?s WHERE { ?s ?p ?o }\n", "no `# description:`"),
        ("# title: T\n# description: D\nSELECT ?s WHERE { ?s ?p \n", "invalid SPARQL"),
        ("# title: T\n# description: D\n# param: x (colour): c\nSELECT ?x {}\n", "colour"),
        ("# title: T\n# description: D\n# param: x: oops\nSELECT ?x {}\n", "# param:"),
        ("# title: T\n# description: D\n# param: z (iri): z\nSELECT ?s { ?s ?p ?o }\n", "?z"),
    ],
)
def test_invalid_query_files_name_the_file(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "broken.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        load_query(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_missing_query_file(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="no such query file"):
        load_query(tmp_path / "gone.rq")


# -- formats -------------------------------------------------------------------------------
def test_csv_format(store) -> None:
    result = run_query(store, "adverse-events-by-route")
    text = to_csv(result)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == result.columns and len(rows) == len(result) + 1
    iri = to_csv(Result(["s"], [(ox.NamedNode("http://x.org/a,b"),)]))
    assert iri == 's\r\n"http://x.org/a,b"\r\n'  # IRIs bare, RFC 4180 quoting


def test_tsv_format(store) -> None:
    result = run_query(store, "dose-by-route")
    lines = to_tsv(result).splitlines()
    assert lines[0].split("\t") == [f"?{c}" for c in result.columns]
    assert len(lines) == len(result) + 1
    cells = to_tsv(
        Result(
            ["a", "b", "c", "d"],
            [
                (
                    ox.NamedNode("http://x.org/a"),
                    ox.Literal("t\tab"),
                    ox.Literal("7", datatype=ox.NamedNode(PREFIXES["xsd"] + "integer")),
                    None,
                )
            ],
        )
    )
    assert cells.splitlines()[1] == '<http://x.org/a>\t"t\\tab"\t7\t'


def test_json_format_round_trips(store) -> None:
    for name in ("studies", "dose-by-route", "cells-vs-exosomes"):
        result = run_query(store, name)
        data = json.loads(to_json(result))
        assert data["head"]["vars"] == result.columns
        assert len(data["results"]["bindings"]) == len(result)
        back = result_from_json(data)
        assert back.columns == result.columns and back.rows == result.rows
    # unbound cells are absent from a binding, as the format requires
    bindings = json_data(run_query(store, "studies"))["results"]["bindings"]
    assert "enrolled" not in bindings[0] and bindings[1]["enrolled"]["type"] == "literal"


def test_table_shows_vocabulary_iris_as_codes() -> None:
    from rich.console import Console

    iri = PREFIXES["skv"] + "route-intrathecal"
    table = to_table(Result(["route"], [(ox.NamedNode(iri),)]), {iri: "intrathecal"})
    console = Console(width=80, record=True)
    console.print(table)
    shown = console.export_text()
    assert "intrathecal" in shown and iri not in shown


# -- the Python API and a remote endpoint ----------------------------------------------------
def test_kg_query_convenience(store) -> None:
    rows = kg.query("cells-vs-exosomes", store=store)
    assert [r["productKind"] for r in rows] == ["cells", "exosomes"]
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ScikgError, match="pandas"):
            kg.query("studies", store=store, dataframe=True)
    else:
        frame = kg.query("studies", store=store, dataframe=True)
        assert list(frame.columns) == run_query(store, "studies").columns


class _Endpoint(BaseHTTPRequestHandler):
    """A minimal SPARQL 1.1 Protocol endpoint over a pyoxigraph store (POST form queries)."""

    store: ox.Store

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        text = form["query"][0]
        solutions = self.store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        rows = [tuple(s[i] for i in range(len(names))) for s in solutions]  # type: ignore[union-attr]
        body = to_json(Result(names, rows)).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def endpoint(store) -> Iterator[str]:
    handler = type("Handler", (_Endpoint,), {"store": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def test_remote_endpoint_gives_the_local_answer(store, endpoint: str) -> None:
    for name, params in (("dose-by-route", {}), ("studies-by-mesh", {"descriptor": "D005500"})):
        remote = run_remote(endpoint, name, params)
        local = run_query(store, name, params)
        assert remote.columns == local.columns
        assert remote.values() == local.values()


def test_unreachable_endpoint_is_a_readable_error() -> None:
    with pytest.raises(QueryError, match="could not answer"):
        run_remote("http://127.0.0.1:9/sparql", "studies", timeout=2)
