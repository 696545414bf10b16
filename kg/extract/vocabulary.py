"""Find the ontology's terms in text: every label and synonym of a SKOS scheme.

Labels come from `ontology/vocabularies.ttl` through kg.vocab, so a new `skos:altLabel` teaches
the reader a new way of writing a concept. A concept whose code is not a record code (a
subarachnoid route, Wharton's jelly) is reported under the nearest broader concept that is
one (intrathecal, umbilical cord), keeping what was written in the matched text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.record import CODE_FIELDS

__all__ = ["Term", "find_terms", "first_term", "label_table"]


@dataclass(frozen=True)
class Term:
    """A vocabulary term found in a text: record code, concept code and span."""

    code: str
    concept: str
    start: int
    end: int
    text: str


def _case_sensitive(label: str) -> bool:
    """Short abbreviations (IT, IV, UC, MAS) and grade letters (ASIA A) keep their case."""
    if not any(ch.isupper() for ch in label):
        return False
    return len(label) <= 5 or bool(re.search(r"(?:^|[\s-])[A-E]$", label))


def _record_codes(scheme: str) -> set[str]:
    return set(getattr(CODE_FIELDS.get(scheme), "__args__", ()))


@cache
def label_table(scheme: str) -> dict[str, tuple[str, str]]:
    """Label as written in the ontology -> (record code, concept code).

    Bare codes are not labels ("a" is not AIS grade A). A label two concepts share goes to the
    narrower one when one is broader than the other, and to neither otherwise.
    """
    from kg.vocab import load_vocabulary

    vocabulary = load_vocabulary()
    concepts = vocabulary.concepts(scheme)
    by_iri = {c.iri: c for c in concepts}
    record_codes = _record_codes(scheme)

    def record_code(concept) -> str | None:
        seen = set()
        while concept is not None and concept.iri not in seen:
            if not record_codes or concept.code in record_codes:
                return concept.code
            seen.add(concept.iri)
            concept = by_iri.get(concept.broader)
        return None

    def ancestors(concept) -> set[str]:
        found = set()
        while concept is not None and concept.broader in by_iri and concept.code not in found:
            found.add(concept.code)
            concept = by_iri[concept.broader]
            found.add(concept.code)
        return found - {concept.code} if False else found

    table: dict[str, tuple[str, str]] = {}
    owner: dict[str, object] = {}
    dropped: set[str] = set()
    for concept in concepts:
        code = record_code(concept)
        if code is None:
            continue
        for label in {concept.label, *concept.alt_labels}:
            key = label if _case_sensitive(label) else label.lower()
            if key in dropped:
                continue
            if key in table and table[key][1] != concept.code:
                other = owner[key]
                if other.code in ancestors(concept):  # type: ignore[attr-defined]
                    table[key], owner[key] = (code, concept.code), concept
                elif concept.code in ancestors(other):
                    continue
                else:
                    dropped.add(key)
                    del table[key]
                continue
            table[key], owner[key] = (code, concept.code), concept
    return table


def _pattern(labels: list[str], flags: int) -> re.Pattern[str] | None:
    if not labels:
        return None
    # longest first: at one position the regex engine takes the first alternative that fits
    alternatives = []
    for label in sorted(labels, key=lambda s: (-len(s), s)):
        body = r"\s+".join(re.escape(part) for part in label.split())
        body = body.replace("\\-", r"[\s-]?") if "-" in label and len(label) > 5 else body
        plural = r"(?:s|es)?" if label[-1].isalpha() else ""
        alternatives.append(body + plural)
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(alternatives) + r")(?![A-Za-z0-9])", flags)


@cache
def _matchers(scheme: str) -> tuple[tuple[re.Pattern[str], dict[str, tuple[str, str]]], ...]:
    table = label_table(scheme)
    sensitive = [k for k in table if _case_sensitive(k)]
    insensitive = [k for k in table if not _case_sensitive(k)]
    result = []
    pattern = _pattern(sensitive, 0)
    if pattern is not None:
        result.append((pattern, {k: table[k] for k in sensitive}))
    pattern = _pattern(insensitive, re.IGNORECASE)
    if pattern is not None:
        result.append((pattern, {k: table[k] for k in insensitive}))
    return tuple(result)


def _lookup(
    found: str, table: dict[str, tuple[str, str]], sensitive: bool
) -> tuple[str, str] | None:
    key = " ".join(found.split())
    candidates = [key, re.sub(r"(?:es|s)$", "", key)]
    for candidate in candidates:
        probe = candidate if sensitive else candidate.lower()
        if probe in table:
            return table[probe]
        if "-" not in probe:
            for label, value in table.items():  # "WJ MSC" written for the label "WJ-MSC"
                if re.sub(r"[\s-]", "", label) == re.sub(r"[\s-]", "", probe):
                    return value
    return None


def find_terms(scheme: str, text: str, start: int = 0, end: int | None = None) -> list[Term]:
    """Every term of `scheme` in `text[start:end]`, longest match winning, in text order."""
    end = len(text) if end is None else end
    found: list[Term] = []
    for pattern, table in _matchers(scheme):
        sensitive = not pattern.flags & re.IGNORECASE
        for match in pattern.finditer(text, start, end):
            value = _lookup(match.group(0), table, sensitive)
            if value is not None:
                found.append(Term(value[0], value[1], match.start(), match.end(), match.group(0)))
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    kept: list[Term] = []
    for term in found:
        if all(term.end <= k.start or k.end <= term.start for k in kept):
            kept.append(term)
    return sorted(kept, key=lambda t: t.start)


def first_term(scheme: str, text: str, start: int = 0, end: int | None = None) -> Term | None:
    """The first term of `scheme` in the span, if any."""
    terms = find_terms(scheme, text, start, end)
    return terms[0] if terms else None
