"""Shared pieces of the structured-source readers: safe XML, durations, vocabulary, evidence."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from kg.errors import ScikgError
from kg.record import CODE_FIELDS, EvidenceSpan

__all__ = [
    "Evidence",
    "SourceError",
    "VocabMatch",
    "age_years",
    "durations_in",
    "match_vocabulary",
    "mesh_descriptor",
    "parse_xml",
    "sort_durations",
]


class SourceError(ScikgError):
    """A structured source that cannot be read: one line naming the file and the problem."""

    def __init__(self, path: Path | str, message: str, field: str = "(document)") -> None:
        self.path = str(path)
        super().__init__(f"{path}: {field}: {message}")


def parse_xml(data: bytes, path: Path | str) -> ET.Element:
    """Parse XML with defusedxml: entity declarations (XXE, entity expansion) are refused.

    DOCTYPE lines are allowed because every PubMed and classic registry file carries one; the
    external DTD it names is never fetched.
    """
    try:
        return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden as exc:
        raise SourceError(
            path,
            f"refused: the XML declares entity {exc.name!r} (entity declarations are not "
            "accepted: they enable external-entity reads and entity-expansion attacks)",
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise SourceError(path, f"refused: unsafe XML ({exc})") from exc
    except ET.ParseError as exc:
        raise SourceError(path, f"malformed XML: {exc}") from exc


# --- durations ------------------------------------------------------------------------------
_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y"}
_WORD = r"(hour|hr|day|week|wk|month|mo|year|yr)s?"
_AMOUNT_UNIT = re.compile(rf"\b(\d{{1,4}})[\s-]*{_WORD}\b", re.IGNORECASE)
# "Week 12", "Weeks 2, 4, 8, and 12": the unit first, then one amount or a list of them
_UNIT_AMOUNT = re.compile(
    rf"\b{_WORD}\s*(\d{{1,4}}(?:\s*(?:,\s*(?:and\s+)?|and|or|&)\s*\d{{1,4}}\b)*)\b", re.IGNORECASE
)
# "6 and 18 months", "1, 3, 6 and 12 months": several amounts sharing one unit
_LIST_UNIT = re.compile(
    rf"\b(\d{{1,4}}(?:\s*(?:,\s*(?:and\s+)?|and|or|&)\s*\d{{1,4}})+)[\s-]*{_WORD}\b",
    re.IGNORECASE,
)
_ALIASES = {"hr": "hour", "wk": "week", "mo": "month", "yr": "year"}
_DAYS = {"H": 1 / 24, "D": 1, "W": 7, "M": 30.4375, "Y": 365.25}


def _duration(amount: str, unit: str) -> str | None:
    unit = unit.lower()
    unit = _ALIASES.get(unit, unit)
    number = int(amount)
    if number <= 0:
        return None
    letter = _UNITS[unit]
    return f"PT{number}H" if letter == "H" else f"P{number}{letter}"


def duration_days(value: str) -> float:
    """Approximate length of a contract duration (P12M, PT2H ...) in days, for sorting."""
    match = re.fullmatch(r"PT?(\d+)([HDWMY])", value)
    return int(match.group(1)) * _DAYS[match.group(2)] if match else 0.0


def durations_in(text: str | None) -> list[str]:
    """Every time point a time-frame text states ("Baseline, Week 12", "2 years"), sorted."""
    if not text:
        return []
    found: set[str] = set()
    for match in _AMOUNT_UNIT.finditer(text):
        value = _duration(match.group(1), match.group(2))
        if value:
            found.add(value)
    for match in _LIST_UNIT.finditer(text):
        for amount in re.findall(r"\d+", match.group(1)):
            value = _duration(amount, match.group(2))
            if value:
                found.add(value)
    for match in _UNIT_AMOUNT.finditer(text):
        for amount in re.findall(r"\d+", match.group(2)):
            value = _duration(amount, match.group(1))
            if value:
                found.add(value)
    return sort_durations(found)


def sort_durations(values: Iterable[str]) -> list[str]:
    """Distinct durations, shortest first (ties by text, so the order is stable).

    "1 year" and "12 months" are one time point, kept in months.
    """
    distinct = set(values)
    distinct -= {
        v for v in distinct if re.fullmatch(r"P\d+Y", v) and f"P{int(v[1:-1]) * 12}M" in distinct
    }
    return sorted(distinct, key=lambda v: (duration_days(v), v))


def age_years(text: str | None) -> int | None:
    """'18 Years' -> 18, '6 Months' -> 0; 'N/A' or nothing -> None."""
    if not text:
        return None
    match = re.match(r"\s*(\d+)\s*(year|month|week|day|hour|minute)s?", text, re.IGNORECASE)
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    per_year = {"year": 1, "month": 12, "week": 52, "day": 365, "hour": 8766, "minute": 525960}
    return number // per_year[unit]


# NLM moved from six-digit descriptor UIs (last one D066331) to nine-digit ones (first one
# D000066388); registries zero-pad the old UIs to nine digits (D000003550 = D003550).
_LAST_SIX_DIGIT_UI = 66331


def mesh_descriptor(ui: str | None) -> str | None:
    """A MeSH descriptor UI in its canonical form, or None for anything else (C..., blank)."""
    if not ui:
        return None
    ui = ui.strip().upper()
    match = re.fullmatch(r"D(\d{6}|\d{9})", ui)
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 9 and digits.startswith("000") and int(digits) <= _LAST_SIX_DIGIT_UI:
        return "D" + digits[3:]
    return ui


# --- vocabulary -----------------------------------------------------------------------------
@dataclass(frozen=True)
class VocabMatch:
    """A vocabulary label found in a text."""

    code: str
    start: int
    end: int
    text: str


@cache
def _labels(scheme: str) -> tuple[tuple[str, str], ...]:
    """(lower-case label, code) pairs of one scheme, longest label first.

    Labels come from the ontology (prefLabel, altLabel and notation) through kg.vocab.
    """
    try:
        from kg.vocab import load_vocabulary
    except ImportError:
        return ()
    raw = load_vocabulary().labels(scheme)
    codes = set(_literal_codes(scheme))
    pairs: set[tuple[str, str]] = set()
    items = raw.items() if hasattr(raw, "items") else raw
    for key, value in items:
        labels = [value] if isinstance(value, str) else list(value)
        if isinstance(value, str) and value not in codes and key in codes:
            key, labels = value, [key]  # a code -> label mapping
        for label in labels:
            code, text = (key, label) if key in codes or not codes else (label, key)
            if codes and code not in codes:
                continue
            pairs.add((str(text).lower(), str(code)))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0], p[1])))


def _literal_codes(scheme: str) -> tuple[str, ...]:
    kind = CODE_FIELDS.get(scheme)
    return tuple(getattr(kind, "__args__", ()))


def match_vocabulary(scheme: str, text: str | None) -> list[VocabMatch]:
    """Non-overlapping word-boundary matches of the scheme's labels, longest first, in order."""
    if not text:
        return []
    try:
        from kg.extract.vocabulary import find_terms  # the reader's matcher, when installed
    except ImportError:
        find_terms = None
    if find_terms is not None:
        try:
            found = [
                VocabMatch(m.code, m.start, m.end, text[m.start : m.end])
                for m in find_terms(scheme, text)
            ]
            return sorted(found, key=lambda m: m.start)
        except (TypeError, AttributeError, KeyError):
            pass  # a different matcher interface: use the ontology labels directly below
    lower = text.lower()
    taken: list[tuple[int, int]] = []
    found: list[VocabMatch] = []
    for label, code in _labels(scheme):
        if not label.strip():
            continue
        pattern = re.compile(r"(?<![\w-])" + re.escape(label) + r"(?![\w-])")
        for match in pattern.finditer(lower):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            found.append(VocabMatch(code, start, end, text[start:end]))
    return sorted(found, key=lambda m: m.start)


def first_code(scheme: str, *texts: str | None) -> VocabMatch | None:
    """The first match of the scheme in the first text that has one."""
    for text in texts:
        found = match_vocabulary(scheme, text)
        if found:
            return found[0]
    return None


# --- evidence -------------------------------------------------------------------------------
@dataclass
class Evidence:
    """Collects record pointer -> locator pairs while a reader fills a record."""

    spans: dict[str, EvidenceSpan] = field(default_factory=dict)

    def add(self, pointer: str, locator: str | None) -> None:
        """Note that the record field at `pointer` was read at `locator` in the source."""
        if locator is not None and pointer not in self.spans:
            self.spans[pointer] = EvidenceSpan(locator=locator, method="extracted")


def json_pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from path parts."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "/" + "/".join(escaped)
