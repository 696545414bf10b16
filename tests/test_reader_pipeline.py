"""The reader inside the pipeline: build from documents alone, curation over extraction
(`scikg build --report`), `scikg extract` and `scikg evaluate` from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from _cli_support import run

from kg.paths import DATA_DIR
from kg.query import run_query
from kg.store import open_store


def answers(store: Path, name: str) -> set[tuple[str, ...]]:
    result = run_query(open_store(store), name)
    return {tuple("" if v is None else str(v) for v in row) for row in result.values()}


def test_documents_alone_build_a_graph_the_saved_queries_answer(tmp_path, capsys, monkeypatch):
    curated_store, extracted_store = tmp_path / "curated", tmp_path / "extracted"
    code, _, err = run(capsys, monkeypatch, "build", "-q", "--store", str(curated_store))
    assert code == 0, err
    documents = tmp_path / "documents"
    shutil.copytree(DATA_DIR / "documents", documents)
    code, _, err = run(
        capsys,
        monkeypatch,
        "build",
        "-q",
        "--docs",
        str(documents),
        "--store",
        str(extracted_store),
    )
    assert code == 0, err
    for name in (
        "studies",
        "cells-vs-exosomes",
        "adverse-events-by-route",
        "ais-improvement",
        "dose-by-route",
    ):
        extracted = answers(extracted_store, name)
        assert extracted, name
        assert extracted == answers(curated_store, name), name


def test_extracted_records_say_so_in_their_provenance(tmp_path, capsys, monkeypatch):
    documents = tmp_path / "documents"
    shutil.copytree(DATA_DIR / "documents", documents)
    store = tmp_path / "store"
    code, _, err = run(
        capsys, monkeypatch, "build", "-q", "--docs", str(documents), "--store", str(store)
    )
    assert code == 0, err
    query = (
        "PREFIX sk: <https://w3id.org/scikg/ontology/> PREFIX skv: <https://w3id.org/scikg/vocab/> "
        "SELECT (COUNT(*) AS ?n) { ?e sk:provenanceMethod ?m "
        "FILTER(?m != skv:provenance-method-extracted) }"
    )
    result = open_store(store).query(query, use_default_graph_as_union=True)
    assert int(next(iter(result))["n"].value) == 0


def test_build_report_lists_every_disagreement(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA_DIR, corpus)
    path = next((corpus / "studies").glob("000_*.yaml"))
    data = yaml.safe_load(path.read_text())
    fever = next(ae for ae in data["adverse_events"] if ae["term"] == "fever")
    fever["percent"] = 15.0  # the curator disagrees with the document's 14.1
    data["design"]["centers"] = None  # and leaves out what the document states
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    report = tmp_path / "report.txt"
    store = tmp_path / "store"
    code, out, err = run(
        capsys,
        monkeypatch,
        "build",
        "--docs",
        str(corpus),
        "--store",
        str(store),
        "--report",
        str(report),
    )
    assert code == 0, err
    lines = report.read_text().splitlines()
    assert any(
        "adverse_events.percent [fever]: curated 15.0; extracted 14.1" in line for line in lines
    ), lines
    assert any("design.centers: curated null; extracted single" in line for line in lines), lines
    assert all(line.startswith(str(path)) for line in lines)
    assert "curated/extracted disagreements: 2" in out
    # curated values win in the graph
    rows = answers(store, "adverse-events-by-route")
    assert any(row[1] == "fever" and float(row[3]) == 15.0 for row in rows), rows


def test_a_build_without_comparison_is_compared_later(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA_DIR, corpus)
    path = next((corpus / "studies").glob("003_*.yaml"))
    data = yaml.safe_load(path.read_text())
    data["population"]["enrolled"] = 11
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    store = tmp_path / "store"
    args = ("build", "--docs", str(corpus), "--store", str(store))
    code, out, err = run(capsys, monkeypatch, *args, "--no-compare")
    assert code == 0, err
    assert "disagreements" not in out
    code, out, err = run(capsys, monkeypatch, *args, "--report", "-")  # nothing changed since
    assert code == 0, err
    assert "population.enrolled: curated 11; extracted 10" in out


def test_unchanged_bundled_corpus_has_no_disagreements(tmp_path, capsys, monkeypatch):
    code, out, err = run(
        capsys, monkeypatch, "build", "--store", str(tmp_path / "s"), "--report", "-"
    )
    assert code == 0, err
    assert "curated/extracted disagreements: 0" in out


def test_extract_cli_reads_a_text_document(capsys, monkeypatch):
    path = next((DATA_DIR / "documents").glob("004_*.txt"))
    code, out, err = run(capsys, monkeypatch, "extract", str(path))
    assert code == 0, err
    record = json.loads(out)
    assert record["identifiers"]["registry"] == ["JMA-IIA00154"]
    assert record["provenance"]["method"] == "extracted"
    text = path.read_text()
    for span in record["evidence"].values():
        assert text[span["start"] : span["end"]] == span["text"]


def test_extract_cli_refuses_binary_in_one_line(tmp_path, capsys, monkeypatch):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _, err = run(capsys, monkeypatch, "extract", str(path))
    assert code != 0
    assert "Traceback" not in err and str(path) in err and "binary" in err


def test_evaluate_cli_reports_per_field_scores(capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, "evaluate", "--json")
    assert code == 0, err
    scores = json.loads(out)
    assert scores["documents"] == 5
    assert scores["overall"]["f1"] >= 0.95
    assert {"arms", "outcomes", "adverse_events", "design.phase"} <= set(scores["fields"])
    for item in scores["per_document"].values():
        assert item["f1"] >= 0.95


def test_a_document_without_curation_is_read_and_marked_extracted(tmp_path, capsys, monkeypatch):
    corpus = tmp_path / "corpus"
    shutil.copytree(DATA_DIR, corpus)
    removed = next((corpus / "studies").glob("004_*.yaml"))
    removed.unlink()
    store = tmp_path / "store"
    code, out, err = run(capsys, monkeypatch, "build", "--docs", str(corpus), "--store", str(store))
    assert code == 0, err
    assert "studies: 5" in out and "documents: 5" in out
    rows = answers(store, "studies")
    assert any(row[0].endswith("jma-iia00154") for row in rows), rows
    assert methods_for(store, "004_") == {"extracted"}
    assert methods_for(store, "000_") == {"curated"}


def methods_for(store: Path, document: str) -> set[str]:
    """The provenance methods of the evidence read from one document."""
    query = (
        "PREFIX sk: <https://w3id.org/scikg/ontology/> PREFIX oa: <http://www.w3.org/ns/oa#> "
        "SELECT DISTINCT ?m { ?e oa:hasSource ?doc ; sk:provenanceMethod ?m "
        f'FILTER(CONTAINS(STR(?doc), "{document}")) }}'
    )
    result = open_store(store).query(query, use_default_graph_as_union=True)
    return {row["m"].value.rsplit("-", 1)[-1] for row in result}


def test_documents_that_report_no_study_are_left_out_with_a_warning(tmp_path, capsys, monkeypatch):
    documents = tmp_path / "documents"
    shutil.copytree(DATA_DIR / "documents", documents)
    (documents / "review.txt").write_text(
        "REVIEW\n\nMesenchymal stromal cells for spinal cord injury\n\nTrials gave patients "
        "intrathecal umbilical cord MSCs, and the ASIA motor score improved.\n"
    )
    (documents / "rats.txt").write_text(
        "Bone marrow MSCs after experimental spinal cord injury\n\nThirty rats received "
        "intravenous MSCs (n = 10 rats per group) and the BBB score improved.\n"
    )
    (documents / "empty.txt").write_text("Meeting notes\n\nThe room is booked for Tuesday.\n")
    (documents / "knee.txt").write_text(
        "Twenty patients with knee osteoarthritis received intra-articular adipose MSCs.\n"
        "Exclusion Criteria:\n- spinal cord injury\n"
    )
    store = tmp_path / "store"
    code, out, err = run(
        capsys, monkeypatch, "build", "--docs", str(documents), "--store", str(store)
    )
    assert code == 0, err
    assert "studies: 5" in out
    left_out = sorted(line for line in err.splitlines() if "left out of the graph" in line)
    assert len(left_out) == 4, err
    assert "empty.txt: (document): the reader found no product or arm in it" in left_out[0]
    assert "knee.txt: (document): not a spinal cord injury study" in left_out[1]
    assert "rats.txt: (document): an animal study" in left_out[2]
    assert "review.txt: (document): a review" in left_out[3]
    assert len(answers(store, "studies")) == 5
