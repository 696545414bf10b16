"""The study record: the structured form of one study as one document states it.

The shape follows the project contract (CONTRACT.md section 3). Unknown knowledge is `None`
or an empty list, never a guess. Vocabulary fields take lower-case codes; each code is the
`skos:notation` of one concept in the ontology (a test keeps the two in step).

Extensions beyond the contract are marked "extension" below; they are all optional.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    ValidationError,
    field_validator,
    model_validator,
)

from kg.errors import ScikgError

__all__ = [
    "AdverseEvent",
    "AisTransition",
    "Arm",
    "Design",
    "Document",
    "Dose",
    "EvidenceSpan",
    "Identifiers",
    "MeshHeading",
    "Outcome",
    "Population",
    "Product",
    "Provenance",
    "RecordError",
    "Responder",
    "StudyRecord",
    "load_record",
    "record_json_schema",
    "study_id_for",
]

DocumentKind = Literal["abstract", "registry-record", "summary", "full-text", "other"]
StudyType = Literal["interventional", "case-series", "observational"]
Allocation = Literal["randomized", "non-randomized", "single-arm"]
Masking = Literal["open-label", "single-blind", "double-blind"]
Centers = Literal["single", "multi"]
Phase = Literal["1", "1/2", "2", "2/3", "3", "not-applicable"]
SciPhase = Literal["acute", "subacute", "chronic"]
Completeness = Literal["complete", "incomplete", "mixed"]
AisGrade = Literal["A", "B", "C", "D", "E"]
ArmRole = Literal["experimental", "control"]
ProductKind = Literal["cells", "exosomes", "secretome", "none"]
CellType = Literal[
    "mesenchymal-stromal-cell",
    "bone-marrow-mononuclear-cell",
    "neural-stem-cell",
    "olfactory-ensheathing-cell",
    "schwann-cell",
    "other",
]
Source = Literal[
    "umbilical-cord", "umbilical-cord-blood", "adipose-tissue", "bone-marrow", "placenta", "other"
]
Donor = Literal["autologous", "allogeneic"]
Route = Literal["intrathecal", "intravenous", "intraspinal", "intra-arterial", "other"]
DoseUnit = Literal["cells/kg", "cells", "cells/uL", "ug", "particles", "mL"]
Measure = Literal[
    "ais-grade",
    "asia-motor",
    "asia-sensory",
    "asia-pinprick",
    "asia-light-touch",
    "asia-total",
    "scim",
    "ianr-scifrs",
    "wisci",
    "kls",
    "mas",
    "spasm",
    "spasticity",
    "vas",
    "neuropathic-pain",
    "nbd",
    "bladder-function",
    "bowel-function",
    "sphincter",
    "sexual-function",
    "autonomic-function",
    "residual-urine-volume",
    "urodynamics",
    "mri",
    "electrophysiology",
    "sensory-function",
    "motor-function",
    "muscle-strength",
    "frankel",
    "barthel-index",
    "adl",
    "functional-independence",
    "neurological-examination",
    "csf-neurotrophic-factors",
    "quality-of-life",
    "safety",
    "adverse-events",
]
Direction = Literal["improved", "no-change", "worsened"]
AeTerm = Literal[
    "fever",
    "headache",
    "dizziness",
    "muscle-tension-increase",
    "musculoskeletal-pain",
    "neuropathic-pain",
    "nausea",
    "vomiting",
    "infection",
    "injection-site-pain",
    "other",
]
ProvenanceMethod = Literal["curated", "extracted", "merged"]
EnrolmentType = Literal["actual", "anticipated"]

# ISO-8601 durations as the contract uses them: P1M, P6M, P12M, P1Y, P2W, P1D, PT24H ...
_DURATION = re.compile(r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$")


def _check_duration(value: str) -> str:
    if not _DURATION.match(value) or value in ("P", "PT") or value.endswith("T"):
        raise ValueError(f"{value!r} is not an ISO-8601 duration like P1M or P12M")
    return value


Duration = Annotated[
    str,
    Field(pattern=_DURATION.pattern, examples=["P1M", "P12M"]),
    AfterValidator(_check_duration),
]
_POINTER = re.compile(r"^(/[^/]+)+$")

CODE_FIELDS: dict[str, object] = {
    "document-kind": DocumentKind,
    "study-type": StudyType,
    "allocation": Allocation,
    "masking": Masking,
    "centers": Centers,
    "phase": Phase,
    "sci-phase": SciPhase,
    "completeness": Completeness,
    "ais-grade": AisGrade,
    "arm-role": ArmRole,
    "product-kind": ProductKind,
    "cell-type": CellType,
    "source": Source,
    "donor": Donor,
    "route": Route,
    "dose-unit": DoseUnit,
    "measure": Measure,
    "direction": Direction,
    "ae-term": AeTerm,
}
"""Vocabulary scheme name -> the Literal type of its codes (the scheme names the ontology uses)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True)


class Document(_Model):
    """The source document the record was read from."""

    path: str = Field(description="Path of the document, relative to the corpus `data/` folder")
    kind: DocumentKind
    sha256: str | None = Field(default=None, description="extension: checksum of the document")


class Identifiers(_Model):
    """Bibliographic and registry identifiers."""

    doi: str | None = None
    pmid: str | None = None
    registry: list[str] = Field(default_factory=list)


class Design(_Model):
    """How the study was designed."""

    type: StudyType | None = None
    allocation: Allocation | None = None
    masking: Masking | None = None
    controlled: bool | None = None
    centers: Centers | None = None
    phase: Phase | None = None


class Population(_Model):
    """Who took part."""

    enrolled: NonNegativeInt | None = None
    enrolment_type: EnrolmentType | None = Field(default=None, description="extension")
    analysed_safety: NonNegativeInt | None = None
    analysed_efficacy: NonNegativeInt | None = None
    sci_phase: list[SciPhase] = Field(default_factory=list)
    completeness: Completeness | None = None
    ais_baseline: list[AisGrade] = Field(default_factory=list)
    age_min: NonNegativeInt | None = None
    age_max: NonNegativeInt | None = None


class Product(_Model):
    """What was given."""

    kind: ProductKind
    cell_type: CellType | None = None
    source: Source | None = None
    donor: Donor | None = None
    preparation: str | None = None


class Dose(_Model):
    """One administration's dose as a number and a unit."""

    value: float = Field(gt=0)
    unit: DoseUnit
    as_written: str


class Arm(_Model):
    """One product x route of one group (a group given two routes is two entries)."""

    label: str
    role: ArmRole
    product: Product
    route: Route | None = None
    route_as_written: str | None = None
    dose: Dose | None = None
    administrations: NonNegativeInt | None = None
    interval: Duration | None = None


class Outcome(_Model):
    """A measure the study reported or planned, with its result when one is stated."""

    measure: Measure
    primary: bool | None = None
    timepoint: Duration | None = None
    direction: Direction | None = None
    significant: bool | None = None
    as_written: str | None = Field(default=None, description="extension")


class AisTransition(_Model):
    """Patients moving from one AIS grade to another."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: AisGrade = Field(alias="from")
    to: AisGrade
    patients: NonNegativeInt
    of: NonNegativeInt | None = None
    timepoint: Duration | None = None


class Responder(_Model):
    """extension: 'seven of the ten patients improved' without per-grade detail."""

    measure: Measure
    patients: NonNegativeInt
    of: NonNegativeInt | None = None
    timepoint: Duration | None = None


class AdverseEvent(_Model):
    """An adverse event term with how often it occurred."""

    term: AeTerm
    as_written: str
    percent: float | None = Field(default=None, ge=0, le=100)
    patients: NonNegativeInt | None = None
    serious: bool | None = None
    at_risk: NonNegativeInt | None = Field(default=None, description="extension")
    arm: str | None = Field(default=None, description="extension: arm label")


class MeshHeading(_Model):
    """A MeSH heading the document assigns, or one derived from the record."""

    descriptor: str = Field(pattern=r"^D\d{6,9}$")
    qualifier: str | None = Field(default=None, pattern=r"^Q\d{6,9}$")
    major: bool = False


class EvidenceSpan(_Model):
    """Where a value was read.

    In a text document: `text == document_text[start:end]`. In a structured source (registry
    JSON/XML, PubMed XML) `locator` is a JSON pointer or XPath into the source file, and the span
    fields may be null.
    """

    start: NonNegativeInt | None = None
    end: NonNegativeInt | None = None
    text: str | None = None
    locator: str | None = Field(default=None, description="extension: JSON pointer or XPath")
    method: ProvenanceMethod | None = Field(default=None, description="extension")

    @model_validator(mode="after")
    def _consistent(self) -> EvidenceSpan:
        spans = (self.start, self.end, self.text)
        if all(part is None for part in spans):
            if self.locator is None:
                raise ValueError("evidence needs start/end/text or a locator")
            return self
        if any(part is None for part in spans):
            raise ValueError("start, end and text go together")
        if self.end < self.start:  # type: ignore[operator]
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.end - self.start != len(self.text):  # type: ignore[operator,arg-type]
            raise ValueError("text length does not match end - start")
        return self


class Provenance(_Model):
    """extension: how the record was made."""

    method: ProvenanceMethod = "curated"
    tool: str | None = None


class StudyRecord(_Model):
    """One study as one document describes it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    document: Document
    identifiers: Identifiers = Field(default_factory=Identifiers)
    year: int | None = Field(default=None, ge=1900, le=2100)
    status: str | None = Field(default=None, description="extension: registry status")
    design: Design = Field(default_factory=Design)
    population: Population = Field(default_factory=Population)
    arms: list[Arm] = Field(default_factory=list)
    follow_up: list[Duration] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    ais_transitions: list[AisTransition] = Field(default_factory=list)
    responders: list[Responder] = Field(default_factory=list, description="extension")
    adverse_events: list[AdverseEvent] = Field(default_factory=list)
    serious_adverse_events: NonNegativeInt | None = None
    mesh: list[MeshHeading] = Field(default_factory=list)
    evidence: dict[str, EvidenceSpan] = Field(default_factory=dict)
    provenance: Provenance = Field(default_factory=Provenance)

    @field_validator("evidence")
    @classmethod
    def _pointers(cls, value: dict[str, EvidenceSpan]) -> dict[str, EvidenceSpan]:
        for pointer in value:
            if not _POINTER.match(pointer):
                raise ValueError(f"{pointer!r} is not a JSON pointer like /arms/0/route")
        return value

    def to_data(self) -> dict[str, Any]:
        """The record as plain JSON-ready data with contract key names (`from`, not `from_`)."""
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self) -> str:
        """Canonical JSON: two-space indent, keys in model order."""
        return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"

    def to_yaml(self) -> str:
        """Canonical YAML, as curated files are stored."""
        return yaml.safe_dump(
            self.to_data(), sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
        )


class RecordError(ScikgError):
    """A record file that cannot be read: one line per problem, naming file and field."""

    def __init__(self, path: Path | str, problems: list[tuple[str, str]]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__(*(f"{self.path}: {field}: {message}" for field, message in problems))


def _field_name(loc: tuple[int | str, ...]) -> str:
    return "/" + "/".join(str(part) for part in loc) if loc else "(record)"


def load_record(path: Path | str) -> StudyRecord:
    """Read a curated record from YAML or JSON; raise `RecordError` on any problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(path, [("(file)", f"cannot read: {exc}")]) from exc
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        message = " ".join(str(exc).split())
        kind = path.suffix.lstrip(".") or "file"
        raise RecordError(path, [("(file)", f"invalid {kind}: {message}")]) from exc
    if not isinstance(data, dict):
        raise RecordError(path, [("(file)", "expected a mapping with the study record fields")])
    try:
        return StudyRecord.model_validate(data)
    except ValidationError as exc:
        problems = [(_field_name(err["loc"]), err["msg"]) for err in exc.errors()]
        raise RecordError(path, problems) from exc


def record_json_schema() -> dict[str, Any]:
    """The JSON Schema of the study record (committed as docs/study-record.schema.json)."""
    return StudyRecord.model_json_schema(by_alias=True)


def study_id_for(identifiers: Identifiers, fallback: str) -> str:
    """The stable study id: first registry id, else DOI, else PMID, else `fallback`.

    The same trial read from a registry record and from a paper citing its NCT number gets
    the same id, which is how documents of one trial meet in one study node.
    """
    if identifiers.registry:
        return _id_slug(identifiers.registry[0])
    if identifiers.doi:
        return "doi-" + _id_slug(identifiers.doi)
    if identifiers.pmid:
        return "pmid-" + _id_slug(identifiers.pmid)
    return _id_slug(fallback)


def _id_slug(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned or "study"


if __name__ == "__main__":
    import json

    print(json.dumps(record_json_schema(), indent=2, sort_keys=True, ensure_ascii=False))
