"""The study record model: contract shape, codes, evidence spans and readable errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.record import (
    EvidenceSpan,
    Identifiers,
    RecordError,
    StudyRecord,
    load_record,
    study_id_for,
)

MINIMAL = {
    "id": "nct00000001",
    "title": "A study",
    "document": {"path": "documents/x.txt", "kind": "abstract"},
}


def test_minimal_record_has_contract_defaults() -> None:
    record = StudyRecord.model_validate(MINIMAL)
    data = record.to_data()
    assert data["population"]["enrolled"] is None
    assert data["arms"] == []
    assert data["identifiers"] == {"doi": None, "pmid": None, "registry": []}
    assert data["design"]["phase"] is None


def test_transition_uses_contract_key_from() -> None:
    record = StudyRecord.model_validate(
        {**MINIMAL, "ais_transitions": [{"from": "A", "to": "B", "patients": 3, "of": 6}]}
    )
    assert record.to_data()["ais_transitions"][0]["from"] == "A"
    assert json.loads(record.to_json())["ais_transitions"][0]["to"] == "B"


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"design": {"phase": "4"}}, "/design/phase"),
        ({"population": {"enrolled": -3}}, "/population/enrolled"),
        ({"follow_up": ["12 months"]}, "/follow_up/0"),
        ({"arms": [{"label": "x", "role": "experimental", "product": {"kind": "pills"}}]}, "kind"),
        ({"evidence": {"not-a-pointer": {"start": 0, "end": 1, "text": "a"}}}, "/evidence"),
    ],
)
def test_bad_values_name_the_field(tmp_path: Path, patch: dict[str, object], field: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({**MINIMAL, **patch}), encoding="utf-8")
    with pytest.raises(RecordError) as info:
        load_record(path)
    lines = info.value.lines()
    assert lines and all(line.startswith(str(path)) for line in lines)
    assert any(field in line for line in lines)


def test_invalid_yaml_is_one_readable_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecordError) as info:
        load_record(path)
    assert len(info.value.lines()) == 1
    assert "invalid yaml" in info.value.lines()[0]


def test_evidence_span_must_match_its_length() -> None:
    assert EvidenceSpan(start=3, end=5, text="ab").text == "ab"
    with pytest.raises(ValueError, match="length"):
        EvidenceSpan(start=3, end=9, text="ab")
    with pytest.raises(ValueError, match="locator"):
        EvidenceSpan()
    assert EvidenceSpan(locator="/protocolSection/identificationModule/nctId").locator


def test_study_id_prefers_registry_then_doi_then_pmid() -> None:
    assert study_id_for(Identifiers(registry=["NCT04213131"], doi="10.1/x"), "f") == "nct04213131"
    assert study_id_for(Identifiers(doi="10.1038/s41467-024-46259-y"), "f") == (
        "doi-10-1038-s41467-024-46259-y"
    )
    assert study_id_for(Identifiers(pmid="33189571"), "f") == "pmid-33189571"
    assert study_id_for(Identifiers(), "000_ABC") == "000-abc"
