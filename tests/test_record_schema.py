"""The committed JSON Schema is the record model's, and the curated records satisfy it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from kg.paths import DATA_DIR
from kg.record import record_json_schema

SCHEMA = Path(__file__).parents[1] / "docs" / "study-record.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    # regenerate with: python -m kg.record > docs/study-record.schema.json
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == record_json_schema()


def test_curated_records_validate_against_the_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    files = sorted((DATA_DIR / "studies").glob("*.yaml"))
    assert files
    for path in files:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_schema_rejects_an_unknown_route_code() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    path = sorted((DATA_DIR / "studies").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["arms"][0]["route"] = "nasal"
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        assert "nasal" in exc.message
    else:
        raise AssertionError("an unknown route code passed the schema")
