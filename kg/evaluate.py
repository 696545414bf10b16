"""How well the reader reads: precision, recall and F1 per field against curated records.

Both records are turned into sets of facts (field, value...). A null value is no fact, so a
value the reader invents where the curated record has null counts against precision, and a
value it misses counts against recall. Free-text fields (arm labels, `as_written`,
preparation) and evidence are not scored; list items are matched by their code (an outcome by
its measure, an arm by product kind, source, route and role).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.record import StudyRecord

__all__ = ["FieldScore", "Score", "facts", "score_records"]

Fact = tuple[Any, ...]


def _norm(text: str) -> str:
    return " ".join(text.split()).lower().rstrip(".")


def facts(record: StudyRecord) -> set[Fact]:
    """The scored facts of a record."""
    out: set[Fact] = set()
    add = out.add
    add(("title", _norm(record.title)))
    add(("document.kind", record.document.kind))
    ids = record.identifiers
    if ids.doi:
        add(("identifiers.doi", ids.doi.lower()))
    if ids.pmid:
        add(("identifiers.pmid", ids.pmid))
    for registry_id in ids.registry:
        add(("identifiers.registry", registry_id.upper()))
    if record.year is not None:
        add(("year", record.year))
    if record.status:
        add(("status", record.status.lower()))
    for name, value in record.design.model_dump().items():
        if value is not None:
            add((f"design.{name}", value))
    for name, value in record.population.model_dump().items():
        if isinstance(value, list):
            out.update((f"population.{name}", item) for item in value)
        elif value is not None:
            add((f"population.{name}", value))
    for arm in record.arms:
        key = (arm.role, arm.product.kind, arm.product.source, arm.route)
        add(("arms", *key))
        if arm.product.cell_type:
            add(("arms.cell_type", *key, arm.product.cell_type))
        if arm.product.donor:
            add(("arms.donor", *key, arm.product.donor))
        if arm.dose:
            add(("arms.dose", *key, float(arm.dose.value), arm.dose.unit))
        if arm.administrations is not None:
            add(("arms.administrations", *key, arm.administrations))
        if arm.interval:
            add(("arms.interval", *key, arm.interval))
    out.update(("follow_up", value) for value in record.follow_up)
    for outcome in record.outcomes:
        add(("outcomes", outcome.measure))
        for name in ("primary", "timepoint", "direction", "significant"):
            value = getattr(outcome, name)
            if value is not None:
                add((f"outcomes.{name}", outcome.measure, value))
    for t in record.ais_transitions:
        add(("ais_transitions", t.from_, t.to, t.patients, t.of, t.timepoint))
    for r in record.responders:
        add(("responders", r.measure, r.patients, r.of))
        if r.timepoint:
            add(("responders.timepoint", r.measure, r.patients, r.timepoint))
    for ae in record.adverse_events:
        add(("adverse_events", ae.term))
        for name in ("percent", "patients", "serious"):
            value = getattr(ae, name)
            if value is not None:
                add((f"adverse_events.{name}", ae.term, value))
    if record.serious_adverse_events is not None:
        add(("serious_adverse_events", record.serious_adverse_events))
    for heading in record.mesh:
        add(("mesh", heading.descriptor, heading.qualifier, heading.major))
    return out


@dataclass
class FieldScore:
    """Counts for one field."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        """Share of the reader's facts that are right (1.0 when it gave none)."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of the curated facts the reader found (1.0 when there were none)."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    """Per-field and overall scores, with the facts that differ."""

    fields: dict[str, FieldScore] = field(default_factory=lambda: defaultdict(FieldScore))
    extra: list[Fact] = field(default_factory=list)
    missing: list[Fact] = field(default_factory=list)

    @property
    def total(self) -> FieldScore:
        """All fields together (micro-averaged)."""
        total = FieldScore()
        for item in self.fields.values():
            total.true_positives += item.true_positives
            total.false_positives += item.false_positives
            total.false_negatives += item.false_negatives
        return total

    def add(self, extracted: StudyRecord, curated: StudyRecord) -> None:
        """Count one document's facts."""
        found, expected = facts(extracted), facts(curated)
        for fact in found & expected:
            self.fields[fact[0]].true_positives += 1
        for fact in sorted(found - expected, key=repr):
            self.fields[fact[0]].false_positives += 1
            self.extra.append(fact)
        for fact in sorted(expected - found, key=repr):
            self.fields[fact[0]].false_negatives += 1
            self.missing.append(fact)


def score_records(pairs: list[tuple[StudyRecord, StudyRecord]]) -> Score:
    """Score (extracted, curated) pairs together."""
    score = Score()
    for extracted, curated in pairs:
        score.add(extracted, curated)
    return score
