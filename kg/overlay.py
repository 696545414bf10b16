"""Curation over extraction: where a curated record and the reader disagree.

The curated record wins; each fact on which the reader says something else is reported as
one line (`file: field [key]: curated ...; extracted ...`), so nothing the reader found is
silently dropped and every curation decision stays visible.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.evaluate import Fact, facts
from kg.record import StudyRecord

__all__ = ["disagreements", "reads_as_text"]

_STRUCTURED = (".json", ".xml")
# facts whose last item is the value; the items before it say which thing it belongs to
_KEYED = {
    "arms.cell_type", "arms.donor", "arms.administrations", "arms.interval",
    "outcomes.primary", "outcomes.timepoint", "outcomes.direction", "outcomes.significant",
    "adverse_events.percent", "adverse_events.patients", "adverse_events.serious",
    "responders.timepoint",
}  # fmt: skip
_SINGLE = {"title", "document.kind", "identifiers.doi", "identifiers.pmid", "year", "status",
           "serious_adverse_events"}  # fmt: skip


def reads_as_text(path: str | Path) -> bool:
    """Whether the reader (not a structured-source parser) reads this document."""
    return Path(path).suffix.lower() not in _STRUCTURED


def _split(fact: Fact) -> tuple[tuple, object]:
    name = fact[0]
    if name in _KEYED:
        return (name, *fact[1:-1]), fact[-1]
    if name in _SINGLE or (
        name.startswith(("design.", "population."))
        and name
        not in (
            "population.sci_phase",
            "population.ais_baseline",
        )
    ):
        return (name,), fact[1]
    if name == "arms.dose":
        return (name, *fact[1:-2]), f"{fact[-2]:g} {fact[-1]}"
    return (name,), fact[1:] if len(fact) > 2 else fact[1]


def _show(values: list[object]) -> str:
    if not values:
        return "null"
    return ", ".join(sorted(str(v) for v in values))


def disagreements(curated: StudyRecord, extracted: StudyRecord) -> list[str]:
    """One line per field (and item) where the two records differ, sorted."""
    ours, theirs = facts(curated), facts(extracted)
    grouped: dict[tuple, tuple[list[object], list[object]]] = defaultdict(lambda: ([], []))
    for fact in ours - theirs:
        key, value = _split(fact)
        grouped[key][0].append(value)
    for fact in theirs - ours:
        key, value = _split(fact)
        grouped[key][1].append(value)
    lines = []
    for key in sorted(grouped, key=repr):
        cur, ext = grouped[key]
        where = key[0] + (" [" + " ".join(str(k) for k in key[1:]) + "]" if len(key) > 1 else "")
        lines.append(f"{where}: curated {_show(cur)}; extracted {_show(ext)}")
    return lines
