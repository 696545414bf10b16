"""ClinicalTrials.gov API v2 JSON and classic XML -> study records (real fixtures)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.corpus import load_corpus
from kg.errors import ScikgError
from kg.record import StudyRecord
from kg.sources import SourceError, read_structured, require_sci
from kg.sources._common import age_years, durations_in, mesh_descriptor

SOURCES = Path(__file__).parent / "fixtures" / "sources"


def one(name: str) -> StudyRecord:
    record = read_structured(SOURCES / name)
    assert isinstance(record, StudyRecord)
    return record


def resolve_pointer(data: object, pointer: str) -> object:
    for part in pointer.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        data = data[int(part)] if isinstance(data, list) else data[part]  # type: ignore[index]
    return data


def test_v2_design_enrolment_and_identifiers() -> None:
    record = one("ctgov-v2-NCT03064438-results-ae.json")
    assert record.id == "nct03064438"
    assert record.identifiers.registry == ["NCT03064438"]
    assert record.document.kind == "registry-record"
    assert record.status == "Completed"
    assert record.year == 2017
    assert record.design.type == "interventional"
    assert record.design.allocation == "randomized"
    assert record.design.masking == "double-blind"
    assert record.design.phase == "2"
    assert record.design.controlled is True
    assert record.population.enrolled == 40
    assert record.population.enrolment_type == "actual"
    assert record.population.age_min == 18
    assert record.population.age_max is None
    assert record.mesh[0].descriptor == "D012393"  # zero-padded D000012393 in the file


def test_v2_anticipated_enrolment_and_observational() -> None:
    record = one("ctgov-v2-NCT06171568.json")
    assert record.design.type == "observational"
    assert record.design.allocation is None
    assert record.population.enrolled == 400
    assert record.population.enrolment_type == "anticipated"
    assert record.follow_up == ["P1Y"]


def test_v2_arm_groups_join_interventions() -> None:
    record = one("ctgov-v2-NCT00763412-results.json")
    labels = [arm.label for arm in record.arms]
    assert labels == ["1 Placebo", "2. repaglinide"]
    roles = {arm.label: arm.role for arm in record.arms}
    assert roles == {"1 Placebo": "control", "2. repaglinide": "experimental"}
    assert record.design.phase == "not-applicable"
    assert record.population.age_min == 12 and record.population.age_max == 24


def test_v2_adverse_events_with_denominators() -> None:
    record = one("ctgov-v2-NCT03064438-results-ae.json")
    data = json.loads((SOURCES / "ctgov-v2-NCT03064438-results-ae.json").read_text("utf-8"))
    other = data["resultsSection"]["adverseEventsModule"]["otherEvents"]
    assert len(record.adverse_events) == sum(len(e["stats"]) for e in other)
    vomiting = [ae for ae in record.adverse_events if ae.as_written == "Vomiting"]
    assert {(ae.arm, ae.patients, ae.at_risk) for ae in vomiting} == {
        ("ACU-D1 Ointment", 1, 27),
        ("ACU-D1 Ointment Vehicle", 0, 13),
    }
    first = next(ae for ae in vomiting if ae.at_risk == 27)
    assert first.percent == pytest.approx(100 / 27, abs=0.01)
    assert first.serious is False
    assert all(ae.term in ("vomiting", "other") for ae in vomiting)
    assert record.serious_adverse_events == 0  # both groups: seriousNumAffected 0


def test_v2_event_groups_without_event_lists() -> None:
    record = one("ctgov-v2-NCT00763412-results.json")
    assert record.adverse_events == []
    assert record.serious_adverse_events == 0


def test_v2_evidence_locators_point_at_the_values() -> None:
    path = SOURCES / "ctgov-v2-NCT03064438-results-ae.json"
    record = one(path.name)
    data = json.loads(path.read_text("utf-8"))
    assert record.evidence
    assert resolve_pointer(data, record.evidence["/population/enrolled"].locator) == 40
    registry = record.evidence["/identifiers/registry/0"].locator
    assert resolve_pointer(data, registry) == "NCT03064438"
    ae_locator = record.evidence["/adverse_events/0/patients"].locator
    assert "numAffected" in resolve_pointer(data, ae_locator)  # type: ignore[operator]
    for pointer, span in record.evidence.items():
        assert span.locator and span.locator.startswith("/"), pointer
        resolve_pointer(data, span.locator)  # every locator resolves


def test_studies_page_envelope() -> None:
    record = one("ctgov-v2-studies-page-NCT06388018.json")
    assert record.identifiers.registry[0] == "NCT06388018"
    assert record.evidence["/population/enrolled"].locator.startswith("/studies/0/")
    assert record.status == "Recruiting"
    assert record.population.enrolment_type == "anticipated"
    assert len({arm.label for arm in record.arms}) == 3


def test_time_frames_become_durations() -> None:
    record = one("ctgov-v2-NCT04207047.json")
    assert record.follow_up == ["PT2H", "P14D"]
    assert durations_in("Baseline, Week 12") == ["P12W"]
    assert durations_in("6 and 18 months post-vector administration") == ["P6M", "P18M"]
    assert durations_in("at the end of the study") == []
    # the unit written once before a list of amounts, as registry time frames often do
    assert durations_in("Baseline; Weeks 2, 4, 8, and 12") == ["P2W", "P4W", "P8W", "P12W"]
    assert durations_in("Months 3, 6 and 12 after treatment") == ["P3M", "P6M", "P12M"]
    # the same rule as the text reader: "1 year" and "12 months" are one time point
    assert durations_in("Baseline, 6 months, 12 months (1 year)") == ["P6M", "P12M"]
    weeks = one("ctgov-v2-NCT03064438-results-ae.json")
    assert weeks.follow_up == ["P2W", "P4W", "P8W", "P12W", "P14W"]


def test_classic_xml() -> None:
    record = one("ctgov-classic-NCT00151216.xml")
    assert record.id == "nct00151216"
    assert record.design.phase == "1"
    assert record.design.allocation == "non-randomized"
    assert record.design.masking == "open-label"
    assert record.population.enrolled == 10
    assert record.population.enrolment_type == "actual"
    assert record.follow_up == ["P6M", "P18M"]
    assert [arm.label for arm in record.arms] == [
        "Group A-Severe Stages of LINCL",
        "Group B-Moderate Stages of LINCL",
    ]
    assert record.evidence["/design/phase"].locator == "/clinical_study/phase"
    label = record.evidence["/arms/1/label"].locator
    assert label == "/clinical_study/arm_group[2]/arm_group_label"


def test_classic_xml_mesh_terms_by_label() -> None:
    record = one("ctgov-classic-NCT00001177.xml")
    assert record.design.type == "observational"
    assert record.year == 1981
    assert record.mesh  # <mesh_term> labels resolved to descriptor UIs
    assert all(h.descriptor.startswith("D") for h in record.mesh)


def test_mesh_ui_normalisation() -> None:
    assert mesh_descriptor("D000003550") == "D003550"
    assert mesh_descriptor("D000069079") == "D000069079"  # a real nine-digit UI stays
    assert mesh_descriptor("C000603933") is None
    assert age_years("6 Months") == 0 and age_years("N/A") is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"studies": [', "malformed JSON"),
        (b'{"error": "Study not found"}', "API error response"),
        (b"<html><body>502 Bad Gateway</body></html>", "not a study"),
        (b"<clinical_study><id_info>", "malformed XML"),
        (b"\x00\x01binary", "neither JSON nor XML"),
    ],
)
def test_bad_files_are_one_readable_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / ("bad.xml" if content.startswith(b"<") else "bad.json")
    path.write_bytes(content)
    with pytest.raises(SourceError) as caught:
        read_structured(path)
    lines = caught.value.lines()
    assert len(lines) == 1
    assert str(path) in lines[0] and message in lines[0]


def test_unrelated_condition_is_refused_for_the_graph() -> None:
    path = SOURCES / "ctgov-v2-NCT04207047.json"
    with pytest.raises(ScikgError, match="not a spinal cord injury study"):
        require_sci(one(path.name), path)


def test_corpus_reads_structured_documents(tmp_path: Path) -> None:
    docs = tmp_path / "documents"
    docs.mkdir()
    shutil.copy(SOURCES / "ctgov-v2-NCT03064438-results-ae.json", docs)
    (docs / "manifest.json").write_text("[]", encoding="utf-8")  # fetch's manifest: not a doc
    (docs / "broken.json").write_text("{", encoding="utf-8")
    left_out: list[str] = []
    loaded, problems = load_corpus([docs], left_out=left_out)
    assert loaded == []  # rosacea is not spinal cord injury: left out, and said so
    assert len(problems) == 1 and "broken.json" in problems[0] and "malformed JSON" in problems[0]
    assert len(left_out) == 1 and "not a spinal cord injury study" in left_out[0]
    assert "ctgov-v2-NCT03064438-results-ae.json" in left_out[0]


def test_page_of_several_studies_gives_several_records(tmp_path: Path) -> None:
    studies = [
        json.loads((SOURCES / name).read_text("utf-8"))
        for name in ("ctgov-v2-NCT04207047.json", "ctgov-v2-NCT06171568.json")
    ]
    page = tmp_path / "page.json"
    page.write_text(json.dumps({"studies": studies}), encoding="utf-8")
    records = read_structured(page)
    assert isinstance(records, list)
    assert [r.identifiers.registry[0] for r in records] == ["NCT04207047", "NCT06171568"]
    assert records[1].evidence["/title"].locator.startswith("/studies/1/protocolSection/")


def test_corpus_keeps_structured_records_with_their_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.sources

    docs = tmp_path / "documents"
    docs.mkdir()
    shutil.copy(SOURCES / "ctgov-classic-NCT00151216.xml", docs)
    monkeypatch.setattr(kg.sources, "require_sci", lambda record, path: record)
    loaded, problems = load_corpus([docs])
    assert problems == []
    (item,) = loaded
    assert item.record.id == "nct00151216"
    assert item.doc_key == "ctgov-classic-NCT00151216"
    assert item.document_text is not None and "<clinical_study>" in item.document_text
    assert item.document_sha256 is not None and len(item.document_sha256) == 64


def test_arm_vocabulary_matches_point_at_their_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route and product come from arm and intervention texts through the vocabulary labels."""
    import kg.sources._common as common

    labels = {
        "route": (("twice-daily application", "other"),),
        "product-kind": (("placebo comparator", "none"),),
    }
    monkeypatch.setattr(common, "_labels", lambda scheme: labels.get(scheme, ()))
    monkeypatch.setitem(__import__("sys").modules, "kg.extract.vocabulary", None)
    path = SOURCES / "ctgov-v2-NCT03064438-results-ae.json"
    record = one(path.name)
    data = json.loads(path.read_text("utf-8"))
    first, second = record.arms
    assert (first.route, first.route_as_written) == ("other", "Twice-daily application")
    route_at = record.evidence["/arms/0/route"].locator
    assert route_at == "/protocolSection/armsInterventionsModule/armGroups/0/description"
    assert resolve_pointer(data, route_at).startswith("Twice-daily application")  # type: ignore[union-attr]
    kind_at = record.evidence["/arms/1/product/kind"].locator
    assert resolve_pointer(data, kind_at) == "Placebo Comparator"  # the intervention's text
    assert second.role == "control"


def test_sci_relevance_reads_conditions_not_eligibility(tmp_path: Path) -> None:
    study = json.loads((SOURCES / "ctgov-v2-NCT04207047.json").read_text("utf-8"))
    eligibility = study["protocolSection"].setdefault("eligibilityModule", {})
    eligibility["eligibilityCriteria"] = "Exclusion Criteria: spinal cord injury"
    excluded = tmp_path / "excluded.json"
    excluded.write_text(json.dumps(study), encoding="utf-8")
    with pytest.raises(SourceError, match="not a spinal cord injury study"):
        require_sci(read_structured(excluded), excluded)  # type: ignore[arg-type]
    study["protocolSection"]["conditionsModule"]["conditions"] = ["Spinal Cord Injuries"]
    about = tmp_path / "about.json"
    about.write_text(json.dumps(study), encoding="utf-8")
    record = read_structured(about)
    assert require_sci(record, about) is record  # type: ignore[arg-type]
