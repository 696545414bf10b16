"""The bundled corpus: every seed document has a curated record whose evidence matches it."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from kg.paths import DATA_DIR, DOCUMENTS_DIR, STUDIES_DIR
from kg.record import StudyRecord, load_record, study_id_for

RECORD_FILES = sorted(STUDIES_DIR.glob("*.yaml"))
DOCUMENT_FILES = sorted(DOCUMENTS_DIR.glob("*.txt"))


def _records() -> dict[Path, StudyRecord]:
    return {path: load_record(path) for path in RECORD_FILES}


def _resolve(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer (RFC 6901 escapes) in plain record data; KeyError if absent."""
    node = data
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            index = int(part)
            if index >= len(node):
                raise KeyError(pointer)
            node = node[index]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise KeyError(pointer)
    return node


def _leaves(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(pointer, value) for every scalar in the data."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, f"{prefix}/{key}")]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, f"{prefix}/{i}")]
    return [(prefix, data)]


def _by_id() -> dict[str, StudyRecord]:
    return {record.id: record for record in _records().values()}


def test_every_document_has_exactly_one_record() -> None:
    assert DOCUMENT_FILES, "the corpus ships seed documents"
    described = sorted(Path(r.document.path).name for r in _records().values())
    assert described == sorted(p.name for p in DOCUMENT_FILES)
    # the record file is named after its document, so the two are easy to find together
    assert [p.stem for p in RECORD_FILES] == [p.stem for p in DOCUMENT_FILES]


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_record_matches_its_document(path: Path) -> None:
    record = load_record(path)
    document = DATA_DIR / record.document.path
    raw = document.read_bytes()
    assert record.document.sha256 == hashlib.sha256(raw).hexdigest()
    text = raw.decode("utf-8")
    assert record.evidence, "a curated record cites its document"
    for pointer, span in record.evidence.items():
        assert span.start is not None and span.end is not None, pointer
        assert text[span.start : span.end] == span.text, pointer


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_evidence_points_at_set_values(path: Path) -> None:
    record = load_record(path)
    data = record.to_data()
    for pointer in record.evidence:
        value = _resolve(data, pointer)
        assert value is not None and value != [], f"{pointer} cites a value the record leaves unset"


@pytest.mark.parametrize("path", RECORD_FILES, ids=lambda p: p.stem)
def test_every_stated_value_has_evidence(path: Path) -> None:
    record = load_record(path)
    data = record.to_data()
    cited = set(record.evidence)
    # bookkeeping fields are not read from the document text
    skip = ("/id", "/document/", "/evidence/", "/provenance/")
    missing = [
        pointer
        for pointer, value in _leaves(data)
        if value is not None
        and not pointer.startswith(skip)
        and not any(pointer == c or pointer.startswith(c + "/") for c in cited)
    ]
    assert not missing, f"values without evidence: {missing}"


def test_ids_are_unique_and_follow_the_identifiers() -> None:
    records = _records()
    ids = [r.id for r in records.values()]
    assert len(ids) == len(set(ids))
    for path, record in records.items():
        assert record.id == study_id_for(record.identifiers, path.stem)


def test_seed_adverse_event_percentages() -> None:
    percents = {
        record.id: {ae.term: ae.percent for ae in record.adverse_events}
        for record in _records().values()
    }
    matching = [
        terms
        for terms in percents.values()
        if terms.get("fever") == pytest.approx(14.1)
        and terms.get("headache") == pytest.approx(4.2)
        and terms.get("dizziness") == pytest.approx(1.3)
    ]
    assert len(matching) == 1


def test_seed_responder_counts() -> None:
    counts = {
        (resp.patients, resp.of)
        for record in _records().values()
        for resp in record.responders
        if resp.measure == "ais-grade"
    }
    assert {(7, 10), (12, 13)} <= counts
    owners = {
        record.id
        for record in _records().values()
        for resp in record.responders
        if (resp.patients, resp.of) in {(7, 10), (12, 13)}
    }
    assert len(owners) == 2, "the two responder counts come from two different studies"


def test_seed_ais_transitions_add_up() -> None:
    for record in _records().values():
        by_origin: dict[str, set[int | None]] = {}
        for step in record.ais_transitions:
            assert step.from_ < step.to, "a transition in these seeds is an improvement"
            assert step.of is None or step.patients <= step.of
            by_origin.setdefault(step.from_, set()).add(step.of)
        # one denominator per baseline grade
        assert all(len(denominators) == 1 for denominators in by_origin.values())


def test_seed_exosome_study_size() -> None:
    exosome_sizes = [
        {record.population.enrolled, record.population.analysed_safety}
        for record in _records().values()
        if any(arm.product.kind == "exosomes" for arm in record.arms)
    ]
    assert any(9 in sizes for sizes in exosome_sizes)


def test_registry_record_plans_its_arms() -> None:
    registry = [r for r in _records().values() if r.document.kind == "registry-record"]
    assert registry
    for record in registry:
        assert record.population.enrolment_type in ("anticipated", "actual")
        assert all(o.direction is None for o in record.outcomes), "a plan has no results"
        roles = {arm.role for arm in record.arms}
        assert roles <= {"experimental", "control"}
