"""The build: corpus loading, SHACL per record, atomic store generations, the bundled corpus."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from pydantic import BaseModel

import kg.build as kg_build
from kg.build import BuildError, build, store_from_records
from kg.corpus import load_corpus, load_curated
from kg.namespaces import graph_iri, sparql_prefixes
from kg.paths import DATA_DIR
from kg.record import load_record
from kg.store import open_store, spool_path, store_generations

FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = FIXTURES / "records"
STUDY_COUNT = sparql_prefixes("sk") + "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a sk:Study }"


def make_corpus(root: Path) -> Path:
    """The fixture records laid out as a corpus (studies/ + documents/)."""
    corpus = root / "corpus"
    shutil.copytree(RECORDS / "documents", corpus / "documents")
    (corpus / "studies").mkdir()
    for path in RECORDS.glob("*.yaml"):
        shutil.copy(path, corpus / "studies" / path.name)
    return corpus


def count_studies(store) -> int:
    return int(next(iter(store.query(STUDY_COUNT, use_default_graph_as_union=True)))["n"].value)


def test_load_curated_reads_records_with_their_documents(tmp_path: Path) -> None:
    loaded, problems = load_curated(make_corpus(tmp_path))
    assert problems == []
    assert [item.doc_key for item in loaded] == sorted(p.stem for p in RECORDS.glob("*.yaml"))
    for item in loaded:
        raw = (RECORDS / item.record.document.path).read_bytes()
        assert item.document_text == raw.decode()
        assert item.document_sha256 == hashlib.sha256(raw).hexdigest()


def test_loaded_records_are_kept_as_json_that_gives_the_record_back() -> None:
    # a corpus held parsed stays in the build's memory; its JSON is a tenth of the size
    loaded, problems = load_curated(DATA_DIR)
    assert problems == [] and loaded
    for item in loaded:
        held = [getattr(item, f.name) for f in dataclasses.fields(item)]
        assert not any(isinstance(value, BaseModel) for value in held)
        assert item.record == load_record(item.source)
        assert item.study_id == item.record.id
        assert item.document_path == item.record.document.path


def test_corpus_problems_name_file_and_field(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path)
    (corpus / "documents" / "fx-exo-iv.txt").unlink()
    text = (corpus / "documents" / "fx-cells-it.txt").read_text()
    (corpus / "documents" / "fx-cells-it.txt").write_text("X" + text)
    shutil.copy(corpus / "studies" / "fx-two-routes.yaml", corpus / "studies" / "copy.json")
    (corpus / "studies" / "copy.json").write_text(
        load_record(corpus / "studies" / "fx-two-routes.yaml").to_json()
    )
    loaded, problems = load_corpus([corpus])
    assert any("fx-exo-iv.yaml: /document/path: document not found" in p for p in problems)
    assert any("fx-cells-it.yaml: /evidence/arms/0/route:" in p for p in problems)
    assert any("fx-two-routes.yaml: /document/path:" in p and "copy.json" in p for p in problems)
    assert all(p.count(": ") >= 2 for p in problems)
    assert [item.doc_key for item in loaded] == ["fx-two-routes", "fx-two-routes"]


def test_missing_corpus_directory_is_one_line(tmp_path: Path) -> None:
    loaded, problems = load_corpus([tmp_path / "nope"])
    assert loaded == [] and problems == [f"{tmp_path / 'nope'}: (corpus): no such directory"]


def test_build_writes_a_store_with_one_graph_per_record(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    result = build([make_corpus(tmp_path)], store_path, progress=False)
    assert (result.studies, result.documents) == (3, 3)
    store = open_store(store_path)
    assert result.triples == len(store) > 400
    names = {g.value for g in store.named_graphs()}
    for key in ("fx-cells-it", "fx-exo-iv", "fx-two-routes", "ontology", "mesh"):
        assert str(graph_iri(key)) in names
    assert count_studies(store) == 3
    assert {"load records", "records -> RDF -> SHACL -> store", "bulk load"} <= set(result.seconds)


def test_failed_build_leaves_the_previous_store_answering(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    corpus = make_corpus(tmp_path)
    build([corpus], store_path, progress=False)
    before = store_generations(store_path)
    (corpus / "studies" / "fx-exo-iv.yaml").write_text("id: [unclosed\n")
    with pytest.raises(BuildError) as caught:
        build([corpus], store_path, progress=False)
    assert caught.value.exit_code == 1
    assert any("fx-exo-iv.yaml: (file): invalid yaml" in line for line in caught.value.lines())
    assert store_generations(store_path) == before
    assert count_studies(open_store(store_path)) == 3


def test_spooled_chunks_are_loaded_and_removed_even_after_a_killed_build(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(kg_build, "LOAD_CHUNK_BYTES", 1)  # a spool file and a load per batch
    store_path = tmp_path / "store"
    corpus = make_corpus(tmp_path)
    killed = tmp_path / "store.d" / f"{1:020d}-1"  # what a build killed mid-load leaves
    killed.mkdir(parents=True)
    spool_path(killed, 1).write_bytes(b"<a> <b> <c> .\n")
    for _ in range(2):
        result = build([corpus], store_path, progress=False)
    store = open_store(store_path)
    assert result.triples == len(store) and count_studies(store) == 3
    assert not killed.exists()
    assert list((tmp_path / "store.d").glob(".*")) == []


class _SizeStore:
    """Stands in for the store: remembers the size of every chunk it is asked to load."""

    def __init__(self) -> None:
        self.loads: list[int] = []

    def bulk_load(self, *, path: str, **_: object) -> None:
        self.loads.append(Path(path).stat().st_size)


def test_load_chunks_shrink_towards_the_end_and_load_everything(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(kg_build, "LOAD_CHUNK_BYTES", 4000)
    monkeypatch.setattr(kg_build, "LOAD_TAIL_BYTES", 100)
    store = _SizeStore()
    with kg_build._Loader(store, tmp_path, records=1000) as loader:  # type: ignore[arg-type]
        for _ in range(100):  # batches of 10 records, 10 bytes each
            loader.add(b"x" * 100, 10)
        loader.finish()
    assert sum(store.loads) == 10_000
    # cut where the chunk reaches half of what is still expected (3,400 of 6,600 bytes)
    assert store.loads[0] == 3400
    assert store.loads == sorted(store.loads, reverse=True)
    assert store.loads[-1] <= 200
    assert not list(tmp_path.iterdir())  # spool files removed after their load


def test_rebuild_swaps_generations_and_keeps_one_old(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    corpus = make_corpus(tmp_path)
    for _ in range(3):
        build([corpus], store_path, progress=False)
    assert len(store_generations(store_path)) == 2
    assert count_studies(open_store(store_path)) == 3


def test_store_from_records_loads_like_a_build(tmp_path: Path) -> None:
    records = [load_record(p) for p in sorted(RECORDS.glob("*.yaml"))]
    memory = store_from_records(records)
    assert count_studies(memory) == 3
    built_path = tmp_path / "store"
    build([make_corpus(tmp_path)], built_path, progress=False)
    built = open_store(built_path)
    # the build adds only the documents' checksums
    sha = "<https://w3id.org/scikg/ontology/sha256>"
    checksums = built.query(f"SELECT * {{ ?d {sha} ?x }}", use_default_graph_as_union=True)
    assert len(built) - len(memory) == len(list(checksums)) == 3


def test_shacl_sees_every_record_and_never_two_of_one_study(tmp_path: Path, monkeypatch) -> None:
    import kg.build_shacl as shacl
    import kg.convert as convert
    from kg.namespaces import RDF, SK

    corpus = make_corpus(tmp_path)
    # a second document of the same study must be validated in another batch
    second = load_record(corpus / "studies" / "fx-exo-iv.yaml").to_data()
    second["document"]["path"] = "documents/fx-exo-iv-copy.txt"
    shutil.copy(corpus / "documents" / "fx-exo-iv.txt", corpus / "documents" / "fx-exo-iv-copy.txt")
    (corpus / "studies" / "copy.json").write_text(__import__("json").dumps(second))
    monkeypatch.setattr(convert, "SHACL_BATCH", 2)
    seen: list[list[str]] = []
    real = shacl.validate_data

    def spy(graph):
        seen.append(sorted(str(s) for s in graph.subjects(RDF.type, SK.Study)))
        return real(graph)

    monkeypatch.setattr(shacl, "validate_data", spy)
    monkeypatch.setattr(shacl, "fast_check", lambda: None)  # batching is tested: always pySHACL
    result = build([corpus], None, progress=False)
    assert result.documents == 4 and result.studies == 3
    assert sum(len(batch) for batch in seen) == 4
    assert all(len(batch) == len(set(batch)) <= 2 for batch in seen)


def test_bundled_corpus_builds_and_conforms(tmp_path: Path) -> None:
    files = sorted((DATA_DIR / "studies").glob("*.yaml")) + sorted(
        (DATA_DIR / "studies").glob("*.json")
    )
    assert files, "data/studies holds the curated records"
    result = build([DATA_DIR], tmp_path / "store", progress=False)
    assert result.documents == len(files)
    assert count_studies(open_store(tmp_path / "store")) == result.studies


def test_parallel_streaming_build_equals_sequential_and_refuses_a_late_violation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from synth import write_corpus

    import kg.build as build_module
    import kg.convert as convert
    from kg.export import export_bytes

    corpus = write_corpus(tmp_path / "corpus", 12)
    sequential, parallel = tmp_path / "seq", tmp_path / "par"
    build([corpus], sequential, progress=False, compare=False)

    pids = tmp_path / "pids"
    real = convert.record_rdf

    def spying(record, **kwargs):
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        rdf = real(record, **kwargs)
        if broken and kwargs.get("doc_key") == broken:
            for triple in [t for t in rdf.triples if str(t[1]).endswith("/title")]:
                del rdf.triples[triple]  # every study needs a title
        return rdf

    broken = ""
    monkeypatch.setattr(convert, "record_rdf", spying)
    monkeypatch.setattr(convert, "PARALLEL_MIN_RECORDS", 2)
    monkeypatch.setattr(convert, "SHACL_BATCH", 3)
    monkeypatch.setattr(build_module, "LOAD_CHUNK_BYTES", 1)  # one bulk load per batch
    build([corpus], parallel, progress=False, compare=False)
    assert str(os.getpid()) not in pids.read_text().split()  # converted in worker processes
    assert export_bytes(open_store(parallel), "ntriples") == export_bytes(
        open_store(sequential), "ntriples"
    )

    before = store_generations(parallel)
    broken = "synthetic-000011"  # the last batch, after earlier batches were loaded
    with pytest.raises(BuildError) as caught:
        build([corpus], parallel, progress=False, compare=False, incremental=False)
    assert any("synthetic-000011" in line and "title" in line for line in caught.value.lines())
    assert store_generations(parallel) == before  # the half-filled generation is gone
    assert export_bytes(open_store(parallel), "ntriples") == export_bytes(
        open_store(sequential), "ntriples"
    )
