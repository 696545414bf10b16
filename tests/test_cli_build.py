"""`scikg build`, `validate` and `export` from the command line, above all on bad input.

Every bad corpus under tests/fixtures/bad/ holds one record with one mistake. The build must
print one readable line naming the file and the field, exit 1, print no traceback, and leave
the previously built store answering queries.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _cli_support import run
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.namespaces import sparql_prefixes
from kg.store import open_store

FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = FIXTURES / "records"
BAD = FIXTURES / "bad"
STUDY_COUNT = sparql_prefixes("sk") + "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a sk:Study }"


@pytest.fixture
def built(tmp_path: Path, capsys, monkeypatch) -> tuple[Path, Path]:
    """A corpus of the fixture records and a store built from it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(RECORDS / "documents", corpus / "documents")
    (corpus / "studies").mkdir()
    for path in RECORDS.glob("*.yaml"):
        shutil.copy(path, corpus / "studies" / path.name)
    store = tmp_path / "store"
    code, out, err = run(capsys, monkeypatch, "build", "--docs", str(corpus), "--store", str(store))
    assert code == 0, err
    assert "studies: 3" in out and "documents: 3" in out and str(store) in out
    return corpus, store


def studies_in(store: Path) -> int:
    result = open_store(store).query(STUDY_COUNT, use_default_graph_as_union=True)
    return int(next(iter(result))["n"].value)


def assert_bad_build(capsys, monkeypatch, built, case: str, field: str) -> list[str]:
    corpus, store = built
    args = ("build", "-q", "--docs", str(corpus), "--docs", str(BAD / case), "--store", str(store))
    code, out, err = run(capsys, monkeypatch, *args)
    assert code == 1, err
    assert "Traceback" not in err and "Traceback" not in out
    lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert lines, err
    hits = [line for line in lines if f"bad-{case}." in line and f": {field}" in line]
    assert hits, f"no line names bad-{case} and {field}: {err}"
    assert studies_in(store) == 3, "the previous store still answers"
    return hits


def test_wrong_type(capsys, monkeypatch, built) -> None:
    assert_bad_build(capsys, monkeypatch, built, "wrong-type", "/population/enrolled")


def test_unknown_code(capsys, monkeypatch, built) -> None:
    hits = assert_bad_build(capsys, monkeypatch, built, "unknown-code", "/arms/0/route")
    assert "intrathecal" in hits[0]  # the message lists the codes that are allowed


def test_negative_count(capsys, monkeypatch, built) -> None:
    assert_bad_build(capsys, monkeypatch, built, "negative-count", "/adverse_events/0/patients")


def test_ae_patients_above_enrolment(capsys, monkeypatch, built) -> None:
    assert_bad_build(capsys, monkeypatch, built, "ae-above-enrolment", "/adverse_events/0")


def test_malformed_doi(capsys, monkeypatch, built) -> None:
    assert_bad_build(capsys, monkeypatch, built, "malformed-doi", "/identifiers/doi")


def test_invalid_yaml(capsys, monkeypatch, built) -> None:
    hits = assert_bad_build(capsys, monkeypatch, built, "invalid-yaml", "(file)")
    assert "invalid yaml" in hits[0]


def test_evidence_span_not_in_document(capsys, monkeypatch, built) -> None:
    assert_bad_build(capsys, monkeypatch, built, "evidence-mismatch", "/evidence/arms/0/route")


def test_missing_document(capsys, monkeypatch, built) -> None:
    assert_bad_build(capsys, monkeypatch, built, "missing-document", "/document/path")


def test_validate_store_conforms(capsys, monkeypatch, built) -> None:
    _corpus, store = built
    code, out, err = run(capsys, monkeypatch, "validate", "--store", str(store))
    assert code == 0, err
    assert "3 record graphs" in out and "conforms" in out


def test_validate_file_that_does_not_conform(capsys, monkeypatch, built, tmp_path) -> None:
    _corpus, store = built
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        sparql_prefixes("sk", "skd").replace("PREFIX", "@prefix").replace(">\n", "> .\n")
        + 'skd:study\\/x a sk:Study ; sk:year "soon" .\n'
    )
    code, _out, err = run(capsys, monkeypatch, "validate", str(bad), "--store", str(store))
    assert code == 1, err
    assert "violation:" in err and "bad.ttl" in err and "Traceback" not in err


def test_validate_unreadable_file_is_one_line(capsys, monkeypatch, tmp_path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle")
    code, _out, err = run(capsys, monkeypatch, "validate", str(broken))
    assert code == 2
    assert err.count("\n") == 1 and "broken.ttl: (file): not readable RDF" in err


def test_export_to_file_is_deterministic_and_parses(capsys, monkeypatch, built, tmp_path) -> None:
    _corpus, store = built
    outputs = []
    for name in ("a.ttl", "b.ttl"):
        target = tmp_path / name
        code, _out, err = run(
            capsys, monkeypatch, "export", "-o", str(target), "--store", str(store)
        )
        assert code == 0, err
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    code, out, _err = run(
        capsys, monkeypatch, "export", "--format", "ntriples", "--store", str(store)
    )
    assert code == 0
    assert isomorphic(
        Graph().parse(data=outputs[0], format="turtle"), Graph().parse(data=out, format="nt")
    )


def test_export_without_a_store_is_one_line(capsys, monkeypatch, tmp_path) -> None:
    code, _out, err = run(capsys, monkeypatch, "export", "--store", str(tmp_path / "none"))
    assert code == 2
    assert "no graph store here" in err and "Traceback" not in err
