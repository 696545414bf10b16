"""Turtle blocks kept by the build: exporting copies them, and never trusts a damaged one."""

from __future__ import annotations

import inspect
import io
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from _cli_support import run
from synth import change_document, write_corpus

import kg.export
from kg.build import build, load_records
from kg.build_shacl import shapes_data_graph
from kg.convert import convert_batch, in_graph
from kg.export import export_bytes, graph_lines, write_export
from kg.incremental import read_manifest
from kg.namespaces import graph_iri
from kg.rdf import record_rdf
from kg.store import (
    block_file,
    block_folder,
    current_generation,
    inferred_file,
    open_store,
    store_generations,
)
from kg.terms import quads_of


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = write_corpus(tmp_path / "corpus", 6)
    store = tmp_path / "store"
    build([corpus], store, progress=False, compare=False)
    return corpus, store


def _export(store: Path) -> bytes:
    out = io.BytesIO()
    write_export(store, "turtle", out)
    return out.getvalue()


def _blocks(store: Path) -> list[Path]:
    """The block file of every record of the current generation, in record order."""
    manifest = read_manifest(current_generation(store))  # type: ignore[arg-type]
    assert manifest is not None
    return [
        Path(block_file(block_folder(store, manifest.environment), str(entry["hash"])))
        for _key, entry in sorted(manifest.graphs.items())
    ]


def _calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[dict[str, Any]]:
    """Record the arguments (defaults included) of each call to `kg.export.<name>`."""
    calls: list[dict[str, Any]] = []
    real = getattr(kg.export, name)
    signature = inspect.signature(real)

    def recording(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        calls.append(dict(bound.arguments))
        return real(*args, **kwargs)

    monkeypatch.setattr(kg.export, name, recording)
    return calls


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The record graphs the export renders from the store instead of copying."""
    return _calls(monkeypatch, "turtle_block")


def test_export_copies_every_block_and_equals_the_store_rendering(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus, store = built
    expected = export_bytes(open_store(store), "turtle")
    assert all(path.is_file() for path in _blocks(store))
    rendered = _rendered(monkeypatch)
    assert _export(store) == expected
    assert rendered == []  # no record graph was read back out of the store


def test_missing_truncated_or_altered_blocks_are_rendered_from_the_store(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus, store = built
    expected = export_bytes(open_store(store), "turtle")
    missing, truncated, altered = _blocks(store)[:3]
    missing.unlink()
    truncated.write_bytes(truncated.read_bytes()[:-10])
    data = altered.read_bytes()
    altered.write_bytes(data.replace(b"sk:", b"sx:", 1))  # same size, other content
    assert len(altered.read_bytes()) == len(data)
    rendered = _rendered(monkeypatch)
    assert _export(store) == expected
    assert len(rendered) == 3


def test_blocks_of_replaced_records_go_once_their_generation_has_gone(
    built: tuple[Path, Path],
) -> None:
    corpus, store = built
    first = set(_blocks(store))
    stale = Path(block_file(block_folder(store, "0" * 64), "0" * 64))  # another environment's
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x")
    change_document(corpus, 1)
    build([corpus], store, progress=False, compare=False)
    second = set(_blocks(store))
    assert len(second - first) == 1
    assert all(path.exists() for path in first)  # the previous generation is still on disk
    assert not stale.parent.exists()
    change_document(corpus, 2)
    build([corpus], store, progress=False, compare=False)
    third = set(_blocks(store))
    on_disk = set(_blocks(store)[0].parent.iterdir())
    assert on_disk == second | third
    assert _export(store) == export_bytes(open_store(store), "turtle")


INFERRED = str(graph_iri("inferred"))


def test_export_merges_the_kept_inferred_lines_and_distrusts_damaged_ones(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _corpus, store = built
    expected = export_bytes(open_store(store), "turtle")
    kept = inferred_file(current_generation(store))  # type: ignore[arg-type]
    assert kept.read_bytes() == graph_lines(open_store(store), INFERRED)
    reads = _calls(monkeypatch, "sorted_ntriples_lines")  # the shared part's store queries
    assert _export(store) == expected
    queries = [read["query"] for read in reads]
    assert queries and not any(INFERRED in q for q in queries)  # not read from the store
    data = kept.read_bytes()
    # a membership of another class: same size, other content
    kept.write_bytes(data.replace(b"ExosomeStudy", b"ExosomeStudx", 1))
    assert kept.read_bytes() != data
    reads.clear()
    assert _export(store) == expected
    assert any(INFERRED in read["query"] for read in reads)
    kept.unlink()
    assert _export(store) == expected


def test_an_incremental_build_patches_the_inferred_lines_to_the_graph_it_derives(
    built: tuple[Path, Path],
) -> None:
    corpus, store = built
    first = inferred_file(current_generation(store)).read_bytes()  # type: ignore[arg-type]
    # one study removed, record and document: its memberships must leave the inferred graph
    (corpus / "studies" / "synthetic-000000.json").unlink()
    (corpus / "documents" / "synthetic-000000.txt").unlink()
    change_document(corpus, 2)
    build([corpus], store, progress=False, compare=False)
    second = inferred_file(current_generation(store)).read_bytes()  # type: ignore[arg-type]
    assert second != first
    assert second == graph_lines(open_store(store), INFERRED)
    assert _export(store) == export_bytes(open_store(store), "turtle")
    # damaged lines are not patched but read again whole; the previous generation's lines
    # stay with it, and go when it goes
    damaged = inferred_file(current_generation(store))  # type: ignore[arg-type]
    damaged.write_bytes(second.replace(b"Study", b"Stud_", 1))
    change_document(corpus, 3)
    build([corpus], store, progress=False, compare=False)
    assert inferred_file(current_generation(store)).read_bytes() == graph_lines(  # type: ignore[arg-type]
        open_store(store), INFERRED
    )
    generations = store_generations(store)
    lines = sorted(p.name for p in store.with_name("store.d").glob("*.inferred.nt"))
    assert lines == sorted(inferred_file(g).name for g in generations)


def test_export_to_a_file_replaces_it_whole(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    built: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    _corpus, store = built
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    code, _out, err = run(capsys, monkeypatch, "export", "-o", str(target), "--store", str(store))
    assert code == 0, err
    assert target.read_bytes() == export_bytes(open_store(store), "turtle")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_batch_nquads_are_each_record_graph_in_its_named_graph(tmp_path: Path) -> None:
    items = load_records([write_corpus(tmp_path / "corpus", 4)])
    result = convert_batch(items, shapes_data_graph(), turtle=True)
    expected = {
        quad
        for item in items
        for quad in quads_of(
            record_rdf(item.record, doc_key=item.doc_key, sha256=item.document_sha256).triples,
            graph_iri(item.doc_key),
        )
    }
    assert set(ox.parse(result.nquads, format=ox.RdfFormat.N_QUADS)) == expected
    assert len(expected) == sum(result.quads.values())
    # a literal that holds " ." and a line break stays one line of the right graph
    tricky = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("a .\nb"))
    lines = in_graph(ox.serialize([tricky], format=ox.RdfFormat.N_TRIPLES), graph_iri("k"))
    assert list(ox.parse(lines, format=ox.RdfFormat.N_QUADS)) == [
        ox.Quad(tricky.subject, tricky.predicate, tricky.object, ox.NamedNode(str(graph_iri("k"))))
    ]
    with pytest.raises(ValueError):
        in_graph(lines, "not an iri")  # type: ignore[arg-type]
