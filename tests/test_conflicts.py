"""One trial, several documents: one study node, and the saved query `conflicts`."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import store_from_records
from kg.namespaces import study_iri
from kg.paths import QUERIES_DIR
from kg.record import StudyRecord, study_id_for
from kg.sources import read_structured

SOURCES = Path(__file__).parent / "fixtures" / "sources"
QUERY = QUERIES_DIR / "conflicts.rq"
COLUMNS = ["study", "property", "valueA", "documentA", "valueB", "documentB"]


def registry_record() -> StudyRecord:
    record = read_structured(SOURCES / "ctgov-v2-NCT03064438-results-ae.json")
    assert isinstance(record, StudyRecord)
    return record


def paper_of(registry: StudyRecord) -> StudyRecord:
    """A paper about the same trial (its DataBank cites the NCT number) that disagrees."""
    vomiting = next(
        ae for ae in registry.adverse_events if ae.as_written == "Vomiting" and ae.at_risk == 27
    )
    data = {
        "id": "placeholder",
        "title": "A paper reporting the trial",
        "document": {"path": "documents/paper.txt", "kind": "abstract"},
        "identifiers": {"pmid": "1", "registry": list(registry.identifiers.registry)},
        "design": {**registry.design.model_dump(), "phase": "3"},
        "population": {"enrolled": 38},
        "adverse_events": [
            {**vomiting.model_dump(), "patients": 2, "percent": 7.41},
        ],
    }
    paper = StudyRecord.model_validate(data)
    paper.id = study_id_for(paper.identifiers, "paper")
    return paper


def rows(store: ox.Store) -> list[dict[str, str]]:
    result = store.query(QUERY.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    assert [v.value for v in result.variables] == COLUMNS
    return [
        {name: (row[name].value if row[name] is not None else None) for name in COLUMNS}
        for row in result
    ]


def test_header_comments() -> None:
    text = QUERY.read_text(encoding="utf-8")
    assert re.search(r"^# title: \S", text, re.MULTILINE)
    assert re.search(r"^# description: \S", text, re.MULTILINE)


def test_documents_of_one_trial_share_one_study_node() -> None:
    registry = registry_record()
    paper = paper_of(registry)
    assert paper.id == registry.id
    store = store_from_records([registry, paper])
    study = ox.NamedNode(str(study_iri(registry.id)))
    quads = list(store.quads_for_pattern(study, None, None))
    documents = {q.object for q in quads if q.predicate.value.endswith("wasDerivedFrom")}
    assert len(documents) == 2
    graphs = {q.graph_name for q in quads}
    assert len(graphs) == 2  # each document's statements stay in its own named graph


def test_conflicts_lists_each_disagreement_once() -> None:
    registry = registry_record()
    store = store_from_records([registry, paper_of(registry)])
    found = rows(store)
    by_property = {row["property"]: row for row in found}
    assert by_property["phase"]["valueA"] == "2" and by_property["phase"]["valueB"] == "3"
    assert by_property["phase"]["documentA"] == "documents/ctgov-v2-NCT03064438-results-ae.json"
    assert by_property["phase"]["documentB"] == "documents/paper.txt"
    assert by_property["enrolled"]["valueA"] == "40" and by_property["enrolled"]["valueB"] == "38"
    ae = [row for row in found if row["property"].startswith("adverse event")]
    assert {(row["property"].rsplit(": ", 1)[1], row["valueA"], row["valueB"]) for row in ae} == {
        ("patients", "1", "2"),
        ("percent", "3.7", "7.41"),
    }
    assert all("ACU-D1 Ointment)" in row["property"] for row in ae)  # same arm only
    assert "masking" not in by_property and "allocation" not in by_property  # agreeing
    assert {row["study"] for row in found} == {registry.id}
    assert len(found) == len({tuple(row.values()) for row in found})


def test_routes_compared_as_sets() -> None:
    def record(path: str, routes: list[str]) -> StudyRecord:
        return StudyRecord.model_validate(
            {
                "id": "nct00000001",
                "title": path,
                "document": {"path": f"documents/{path}", "kind": "abstract"},
                "identifiers": {"registry": ["NCT00000001"]},
                "arms": [
                    {
                        "label": "MSC",
                        "role": "experimental",
                        "product": {"kind": "cells"},
                        "route": route,
                    }
                    for route in routes
                ],
            }
        )

    same = store_from_records([record("a.txt", ["intrathecal"]), record("b.txt", ["intrathecal"])])
    assert [r for r in rows(same) if r["property"] == "route"] == []
    store = store_from_records(
        [
            record("a.txt", ["intrathecal", "intravenous"]),
            record("b.txt", ["intrathecal"]),
        ]
    )
    (route,) = [r for r in rows(store) if r["property"] == "route"]
    assert sorted(route["valueA"].split(", ")) == ["intrathecal", "intravenous"]
    assert route["valueB"] == "intrathecal"


@pytest.mark.parametrize("other", [None, "documents/registry-copy.json"])
def test_a_single_document_has_no_conflicts(other: str | None) -> None:
    registry = registry_record()
    records = [registry]
    if other is not None:  # a second document that states the same facts
        copy = registry.model_copy(deep=True)
        copy.document.path = other
        records.append(copy)
    assert rows(store_from_records(records)) == []
