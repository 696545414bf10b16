"""The worker pool of records -> RDF -> SHACL: what it does to the cyclic collector."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from synth import write_corpus

from kg import convert
from kg.build import load_records
from kg.convert import Converter


@pytest.fixture
def items(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "PARALLEL_MIN_RECORDS", 2)
    monkeypatch.setattr(convert, "SHACL_BATCH", 2)
    return load_records([write_corpus(tmp_path / "corpus", 6)])


def _freeze_counts(tmp_path: Path, monkeypatch) -> Path:
    """Make every conversion write its process id and frozen-object count to a file."""
    seen = tmp_path / "frozen"
    real = convert.record_rdf

    def spying(record, **kwargs):
        with seen.open("a") as handle:
            handle.write(f"{os.getpid()} {gc.get_freeze_count()}\n")
        return real(record, **kwargs)

    monkeypatch.setattr(convert, "record_rdf", spying)
    return seen


def test_the_collector_is_frozen_while_the_pool_runs_and_thawed_after(items, tmp_path, monkeypatch):
    seen = _freeze_counts(tmp_path, monkeypatch)
    assert gc.get_freeze_count() == 0
    with Converter(items, lambda item: item.study_id) as converted:
        assert converted.parallel
        frozen_here = gc.get_freeze_count()
        results = list(converted)
    assert sum(len(result.keys) for result in results) == len(items)
    assert frozen_here > 0
    assert gc.get_freeze_count() == 0  # later garbage of the caller is collected again
    workers = [line.split() for line in seen.read_text().splitlines()]
    assert {pid for pid, _ in workers} - {str(os.getpid())}  # converted in the workers
    assert all(int(count) > frozen_here for _, count in workers)  # and their ontology copy


def test_objects_the_caller_froze_stay_frozen(items):
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with Converter(items, lambda item: item.study_id) as converted:
            list(converted)
        assert gc.get_freeze_count() >= before
    finally:
        gc.unfreeze()
