"""Incremental builds give exactly the graph a full build gives, and reuse what did not change."""

from __future__ import annotations

import io
import json
import os
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest

import kg.build
import kg.convert
import kg.corpus
import kg.extract
from kg.build import _reusable, build
from kg.export import export_bytes, write_export
from kg.extract import extract_document
from kg.incremental import environment_hash, manifest_path, read_manifest, write_manifest
from kg.namespaces import SK, graph_iri
from kg.rdf import RecordRdf, record_rdf
from kg.record import StudyRecord, load_record
from kg.store import current_generation, open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synth import change_document, write_corpus


def _nquads(store_path: Path) -> list[str]:
    """Sorted N-Quads of every record graph (they hold no blank nodes)."""
    store = open_store(store_path)
    lines = sorted(str(q) for q in store if "/graph/synthetic" in str(q.graph_name))
    assert lines
    return lines


def _turtle(store_path: Path) -> bytes:
    """The Turtle export as `scikg export` writes it (from the blocks the builds kept)."""
    out = io.BytesIO()
    write_export(store_path, "turtle", out)
    return out.getvalue()


def _count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the build hashes from now on, in order."""
    hashed: list[str] = []
    sha256 = kg.corpus._sha256

    def counting_hash(path: str | Path) -> str:
        hashed.append(Path(path).name)
        return sha256(path)

    monkeypatch.setattr(kg.corpus, "_sha256", counting_hash)
    return hashed


def _same_graph(a: Path, b: Path) -> None:
    assert _nquads(a) == _nquads(b)
    # the export relabels blank nodes canonically: equal bytes = isomorphic union graphs
    assert export_bytes(open_store(a), "ntriples") == export_bytes(open_store(b), "ntriples")
    # blocks reused by an incremental build = blocks of a full build = Turtle of the store
    assert _turtle(a) == _turtle(b) == export_bytes(open_store(a), "turtle")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", 12)


def test_rebuild_after_one_change_equals_full_build(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incremental, full = tmp_path / "inc", tmp_path / "full"
    build([corpus], incremental, progress=False)
    change_document(corpus, 3)
    converted: list[str] = []

    def counting(record: StudyRecord, **kwargs: object) -> RecordRdf:
        converted.append(record.id)
        return record_rdf(record, **kwargs)

    monkeypatch.setattr(kg.convert, "record_rdf", counting)
    build([corpus], incremental, progress=False)
    monkeypatch.undo()
    assert converted == ["nct90000003"]  # only the changed record was converted again
    build([corpus], full, progress=False, incremental=False)
    _same_graph(incremental, full)
    assert any("traumatic spinal cord injury" in q for q in _nquads(incremental))


def test_changed_donor_moves_the_arm_to_the_other_defined_class(
    corpus: Path, tmp_path: Path
) -> None:
    """Class memberships of a changed record are derived again, and the stale ones go."""
    incremental, full = tmp_path / "inc", tmp_path / "full"
    build([corpus], incremental, progress=False)
    path = sorted((corpus / "studies").glob("*.json"))[0]
    record = json.loads(path.read_text(encoding="utf-8"))
    cell_arms = [a for a in record["arms"] if (a.get("product") or {}).get("kind") == "cells"]
    old = cell_arms[0]["product"]["donor"]
    new = "allogeneic" if old == "autologous" else "autologous"
    for arm in cell_arms:
        arm["product"]["donor"] = new
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    build([corpus], incremental, progress=False)
    build([corpus], full, progress=False, incremental=False)
    _same_graph(incremental, full)
    memberships = {
        q.object.value
        for q in open_store(incremental)
        if q.graph_name.value == str(graph_iri("inferred")) and path.stem in q.subject.value
    }
    assert str(SK[f"{new.capitalize()}CellTherapyArm"]) in memberships
    assert str(SK[f"{old.capitalize()}CellTherapyArm"]) not in memberships


def test_unchanged_files_are_not_read_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    build([corpus], store, progress=False)
    parsed: list[str] = []

    def counting(path: Path) -> StudyRecord:
        parsed.append(Path(path).stem)
        return load_record(path)

    monkeypatch.setattr(kg.corpus, "load_record", counting)
    # the same bytes written again (a new mtime) are still the same content
    first = sorted((corpus / "studies").glob("*.json"))[0]
    first.write_bytes(first.read_bytes())
    result = build([corpus], store, progress=False)
    assert parsed == []
    assert (result.documents, result.studies) == (12, 12)
    change_document(corpus, 5)
    build([corpus], store, progress=False)
    assert parsed == ["synthetic-000005"]
    monkeypatch.undo()
    full = tmp_path / "full"
    build([corpus], full, progress=False, incremental=False)
    _same_graph(store, full)


def _same_size_edit(path: Path) -> None:
    """Change one byte, keeping the size and the modification time (as `cp -p` or rsync do)."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    at = data.index(b'"as_written": "') + len(b'"as_written": "')
    data[at : at + 1] = data[at : at + 1].swapcase()
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_unchanged_status_is_trusted_and_a_same_size_edit_is_not(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # files written long before the build: their status alone may vouch for their bytes
    monkeypatch.setattr(kg.corpus, "RACY_NS", 0)
    store = tmp_path / "store"
    build([corpus], store, progress=False)
    hashed = _count_hashes(monkeypatch)
    parsed: list[str] = []
    load = kg.corpus.load_record

    def counting_load(path: Path) -> StudyRecord:
        parsed.append(Path(path).stem)
        return load(path)

    monkeypatch.setattr(kg.corpus, "load_record", counting_load)
    build([corpus], store, progress=False)
    assert (hashed, parsed) == ([], [])
    # same size, same mtime, other bytes: the change time gives it away, the hash decides
    _same_size_edit(corpus / "studies" / "synthetic-000004.json")
    build([corpus], store, progress=False)
    assert parsed == ["synthetic-000004"]
    monkeypatch.undo()
    full = tmp_path / "full"
    build([corpus], full, progress=False, incremental=False)
    _same_graph(store, full)


def test_a_file_changed_just_before_the_build_is_hashed_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    build([corpus], store, progress=False)  # every file is younger than RACY_NS
    hashed = _count_hashes(monkeypatch)
    build([corpus], store, progress=False)
    assert len(hashed) == 24  # 12 records and their documents, by hash, not by status


def test_hashed_files_are_remembered_with_the_status_they_had_when_hashed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    build([corpus], store, progress=False)  # every file is younger than RACY_NS
    # the next builds look at the files well after their last change
    later = time.time_ns() + 10 * kg.corpus.RACY_NS
    monkeypatch.setattr(kg.corpus, "time", SimpleNamespace(time_ns=lambda: later))
    hashed = _count_hashes(monkeypatch)
    build([corpus], store, progress=False)
    assert len(hashed) == 24  # too recent at the first look: hashed
    hashed.clear()
    build([corpus], store, progress=False)
    assert hashed == []  # the statuses taken before hashing now vouch for the bytes
    _same_size_edit(corpus / "studies" / "synthetic-000004.json")
    build([corpus], store, progress=False)
    assert "synthetic-000004.json" in hashed


def test_documents_read_by_the_reader_are_not_read_again(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = corpus / "documents"
    store = tmp_path / "store"
    first = build([documents], store, progress=False)
    read: list[str] = []

    def counting(path: Path) -> StudyRecord:
        read.append(Path(path).stem)
        return extract_document(path)

    monkeypatch.setattr(kg.extract, "extract_document", counting)
    again = build([documents], store, progress=False)
    assert read == []
    assert (again.documents, again.studies, again.triples) == (
        first.documents,
        first.studies,
        first.triples,
    )
    path = documents / "synthetic-000002.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nIt was a phase 2 trial.\n", "utf-8")
    build([documents], store, progress=False)
    assert read == ["synthetic-000002"]
    monkeypatch.undo()
    full = tmp_path / "full"
    build([documents], full, progress=False, incremental=False)
    _same_graph(store, full)


def test_removed_and_added_records(corpus: Path, tmp_path: Path) -> None:
    incremental, full = tmp_path / "inc", tmp_path / "full"
    build([corpus], incremental, progress=False)
    studies = sorted((corpus / "studies").glob("*.json"))
    studies[0].unlink()  # with its document: a document alone would be read by the reader
    (corpus / "documents" / f"{studies[0].stem}.txt").unlink()
    extra = write_corpus(tmp_path / "extra", 14)
    for name in ("synthetic-000013",):
        (corpus / "studies" / f"{name}.json").write_bytes(
            (extra / "studies" / f"{name}.json").read_bytes()
        )
        (corpus / "documents" / f"{name}.txt").write_bytes(
            (extra / "documents" / f"{name}.txt").read_bytes()
        )
    result = build([corpus], incremental, progress=False)
    assert result.documents == 12
    build([corpus], full, progress=False, incremental=False)
    _same_graph(incremental, full)
    assert not any("synthetic-000000" in q.split()[-2] for q in _nquads(incremental))


def _graph_sizes(store_path: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for quad in open_store(store_path):
        sizes[quad.graph_name.value] = sizes.get(quad.graph_name.value, 0) + 1
    return sizes


def _assert_manifest_counts(store: Path) -> None:
    """The manifest's total and per-graph counts are those of the store, quad by quad."""
    generation = current_generation(store)
    assert generation is not None
    manifest = read_manifest(generation)
    assert manifest is not None
    recorded = {str(graph_iri(k)): e["quads"] for k, e in manifest.graphs.items()}
    recorded.update(manifest.base)
    assert {g: n for g, n in recorded.items() if n} == _graph_sizes(store)
    assert manifest.quads == len(open_store(store)) == sum(recorded.values())


def test_manifest_records_every_graph(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([corpus], store, progress=False)
    generation = current_generation(store)
    assert generation is not None
    manifest = read_manifest(generation)
    assert manifest is not None
    assert len(manifest.graphs) == 12
    assert set(manifest.base) == {str(graph_iri(g)) for g in ("ontology", "mesh", "inferred")}
    _assert_manifest_counts(store)
    # counted without a full scan on an incremental build, the counts must still be exact
    change_document(corpus, 2)
    (corpus / "studies" / "synthetic-000004.json").unlink()
    build([corpus], store, progress=False)
    _assert_manifest_counts(store)


@pytest.mark.parametrize(
    "damage", ["truncate", "edit", "delete", "count", "graph-count", "graph-missing"]
)
def test_damaged_manifest_is_not_trusted(corpus: Path, tmp_path: Path, damage: str) -> None:
    store, full = tmp_path / "store", tmp_path / "full"
    build([corpus], store, progress=False)
    generation = current_generation(store)
    assert generation is not None
    path = manifest_path(generation)
    raw = path.read_text(encoding="utf-8")
    if damage == "truncate":
        path.write_text(raw[: len(raw) // 2], encoding="utf-8")
    elif damage == "delete":
        path.unlink()
    elif damage == "edit":  # a hash changed without its checksum: must be refused
        graphs = json.loads(raw)["body"]["graphs"]
        stated = graphs[sorted(graphs)[0]]["hash"]
        path.write_text(raw.replace(stated, "0" * 64), encoding="utf-8")
    elif damage == "graph-missing":  # a store that lost a graph its manifest names
        damaged = open_store(store, read_only=False)
        damaged.remove_graph(ox.NamedNode(str(graph_iri("synthetic-000007"))))
        damaged.flush()
        del damaged
    else:  # a well-formed manifest that does not describe the store beside it
        manifest = read_manifest(generation)
        assert manifest is not None
        if damage == "count":
            manifest.quads += 1
        else:  # one graph's size and the total changed together; the base graphs are counted
            manifest.base[str(graph_iri("inferred"))] += 1
            manifest.quads += 1
        write_manifest(generation, manifest)
    assert _reusable(store, environment_hash()) is None
    change_document(corpus, 5)
    build([corpus], store, progress=False)
    build([corpus], full, progress=False, incremental=False)
    _same_graph(store, full)
