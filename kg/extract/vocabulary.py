"""Find the ontology's terms in text: every label and synonym of a SKOS scheme.

Labels come from `ontology/vocabularies.ttl` through kg.vocab, so a new `skos:altLabel` teaches
the reader a new way of writing a concept. A concept whose code is not a record code (a
subarachnoid route, Wharton's jelly) is reported under the nearest broader concept that is
one (intrathecal, umbilical cord), keeping what was written in the matched text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

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
        return found

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


_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_DASHES = {"-", "‐", "–"}


def _tokens(text: str) -> list[re.Match[str]]:
    """Words and punctuation marks; hyphens are dropped so "single-arm" reads "single arm"."""
    return [m for m in _TOKEN.finditer(text) if m.group(0) not in _DASHES]


def _keys(label: str, sensitive: bool) -> list[tuple[str, ...]]:
    """How a label may be written: its words, with a plural, or run together ("ADMSC")."""
    tokens = _tokens(label)
    _, words = _without_defined_abbreviations(label, tokens, [t.group(0) for t in tokens])
    if not sensitive:
        words = [w.lower() for w in words]
    keys = [tuple(words)]
    if words and words[-1][-1:].isalpha():
        keys += [(*words[:-1], words[-1] + "s"), (*words[:-1], words[-1] + "es")]
    if 1 < len(words) <= 3 and all(w.isalnum() for w in words):
        keys.append(("".join(words),))
    if len(words) == 1 and (prefix := _PREFIX.match(words[0])):
        keys.append((prefix.group(0), words[0][prefix.end() :]))  # "intranasal": "intra-nasal"
    return keys


# a prefix people write with or without a hyphen ("intra-nasally", "sub-cutaneous")
_PREFIX = re.compile(r"(?:intra|inter|sub|peri|trans|epi|extra)(?=[a-z]{4})", re.I)


@cache
def _index(scheme: str) -> dict[str, list[tuple[int, tuple[str, ...], bool, tuple[str, str]]]]:
    """First word (lower case) -> [(length, key, case-sensitive, codes)], longest first."""
    index: dict[str, list[tuple[int, tuple[str, ...], bool, tuple[str, str]]]] = {}
    for label, value in label_table(scheme).items():
        exact = _case_sensitive(label)
        for key in _keys(label, exact):
            if key:
                index.setdefault(key[0].lower(), []).append((len(key), key, exact, value))
    for entries in index.values():
        entries.sort(key=lambda e: (-e[0], not e[2]))
    return index


_MINOR_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "with"})


def _defines_abbreviation(words: list[str], open_at: int) -> bool:
    """Whether "( ABBR )" at `open_at` spells the initials of the words just before it.

    "American Spinal Injury Association (ASIA) scale": yes; "intravenous (IV)": no.
    """
    abbreviation = words[open_at + 1]
    letters = re.sub(r"[^A-Za-z]", "", abbreviation)
    if letters.endswith("s") and letters[:-1].isupper():
        letters = letters[:-1]  # "MSCs"
    if not (2 <= len(letters) <= 8 and letters.isupper()):
        return False
    initials = []
    index = open_at - 1
    while index >= 0 and len(initials) < len(letters):
        word = words[index]
        if not word[:1].isalpha():
            return False
        if word.lower() not in _MINOR_WORDS:
            initials.append(word[0].upper())
        index -= 1
    return "".join(reversed(initials)) == letters


# a bracketed word with more words after it: where an abbreviation may be defined in passing
_BRACKETED = re.compile(r"\(\s*[A-Za-z][\w-]{1,10}\s*\)\s*[A-Za-z]")


def _without_defined_abbreviations(
    text: str, tokens: list[re.Match[str]], words: list[str]
) -> tuple[list[re.Match[str]], list[str]]:
    """The words without an abbreviation defined in passing ("... Association (ASIA) scale").

    The long form and the words after it then read as one label, in a text as in a label.
    """
    drop: set[int] = set()
    starts: list[int] | None = None
    for match in _BRACKETED.finditer(text):
        starts = starts if starts is not None else [t.start() for t in tokens]
        i = bisect_left(starts, match.start())
        if (
            0 < i < len(words) - 3
            and words[i] == "("
            and words[i + 2] == ")"
            and _defines_abbreviation(words, i)
        ):
            drop.update((i, i + 1, i + 2))
    if not drop:
        return tokens, words
    keep = [k for k in range(len(tokens)) if k not in drop]
    return [tokens[k] for k in keep], [words[k] for k in keep]


@lru_cache(maxsize=32)
def _token_view(text: str) -> tuple[list[re.Match[str]], list[str], list[str]]:
    tokens = _tokens(text)
    words = [t.group(0) for t in tokens]
    tokens, words = _without_defined_abbreviations(text, tokens, words)
    if "’" in text:  # "patient’s own" as "patient's own"
        words = [w.replace("’", "'") for w in words]
    return tokens, words, [w.lower() for w in words]


@cache
def _schemes() -> tuple[str, ...]:
    from kg.vocab import load_vocabulary

    return tuple(load_vocabulary().schemes())


@cache
def _combined_index() -> dict[str, list[tuple[str, int, tuple[str, ...], bool, tuple[str, str]]]]:
    """First word -> [(scheme, length, key, case-sensitive, codes)] over every scheme."""
    combined: dict[str, list[tuple[str, int, tuple[str, ...], bool, tuple[str, str]]]] = {}
    for scheme in _schemes():
        for first, entries in _index(scheme).items():
            combined.setdefault(first, []).extend((scheme, *entry) for entry in entries)
    return combined


@lru_cache(maxsize=64)
def _scan(text: str) -> dict[str, tuple[Term, ...]]:
    """Every scheme's terms in one pass over the words: leftmost-longest within each scheme."""
    index = _combined_index()
    tokens, words, lower = _token_view(text)
    found: dict[str, list[Term]] = {}
    free_from: dict[str, int] = {}  # per scheme, the first token not inside a match yet
    count = len(tokens)
    for i in range(count):
        entries = index.get(lower[i])
        if not entries:
            continue
        done: set[str] = set()
        for scheme, n, key, exact, value in entries:
            if scheme in done or free_from.get(scheme, 0) > i or i + n > count:
                continue
            if tuple((words if exact else lower)[i : i + n]) == key:
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                found.setdefault(scheme, []).append(
                    Term(value[0], value[1], start, end, text[start:end])
                )
                free_from[scheme] = i + n
                done.add(scheme)
    if "source" in found:
        found["source"] = _sources_in_use(text, found)
    if "route" in found:
        found["route"] = _routes_in_use(text, found["route"])
    if "cell-type" in found:
        found["cell-type"] = _with_defined_abbreviations(text, found["cell-type"])
    return {
        scheme: _without_redefined(text, _outside_identifiers(text, terms))
        for scheme, terms in found.items()
    }


# the Roman numeral IV of a stage, grade or list ("ARCO stages III and IV"), not intravenous
_NUMERAL_IV = re.compile(
    r"(?:\b(?i:stages?|grades?|class(?:es)?|types?|phases?|levels?)\s+"
    r"|\b[IVX]{1,4}\s*(?:,|and|or|to|-|–|/)\s*)$"
)


def _routes_in_use(text: str, routes: list[Term]) -> list[Term]:
    """Routes, without the numeral IV of a stage or a list ("stages III and IV")."""
    return [
        t
        for t in routes
        if not (t.text == "IV" and _NUMERAL_IV.search(text, max(0, t.start - 20), t.start))
    ]


# "UC", "BM", "hUCB": a source named by its bare initials; "ASC" and "BMSC" name the cells too
_BARE_SOURCE = re.compile(r"h?[A-Z]{2,3}(?<!SC)")
_GAP = re.compile(r"[\s‐–-]*")
_CELL_WORD = re.compile(
    r"[\s‐–-]*(?:derived|cells?|stem|stromal|mesenchymal|mononuclear|tissue|concentrate|MNCs?|MSCs?"
    r"|transplant\w*|graft\w*|aspirat\w*)\b",
    re.I,
)


# "Change of peripheral blood B and T cells", "levels of bone marrow ...": a quantity measured
_MEASURED_BEFORE = re.compile(
    r"\b(?:changes?|levels?|counts?|numbers?|percentages?|proportions?|ratios?|frequenc(?:y|ies))"
    r"\s+(?:of|in)\s+(?:the\s+)?$",
    re.I,
)


# the source the cells did not come from: "cord tissue MSCs, rather than cord blood"
_NOT_THIS_SOURCE = re.compile(r"\b(?:instead\s+of|rather\s+than|unlike)\s+(?:the\s+)?$", re.I)


def _sources_in_use(text: str, found: dict[str, list[Term]]) -> list[Term]:
    """Sources, with bare initials kept only where they name the cells' source.

    A source that is measured ("change of peripheral blood B cells") is none.

    "UC-MSCs", "BM derived", "BM transplant" and a text that defines "umbilical cord (UC)" do;
    alone the initials may name a university ("UC Irvine") or a disease (ulcerative colitis).
    """
    sources = [
        t
        for t in found["source"]
        if not _MEASURED_BEFORE.search(text, max(0, t.start - 40), t.start)
        and not _NOT_THIS_SOURCE.search(text, max(0, t.start - 20), t.start)
    ]
    cells_at = {t.start for scheme in ("cell-type", "product-kind") for t in found.get(scheme, ())}
    ends = {t.end: t for t in sources}
    kept = []
    for term in sources:
        if _BARE_SOURCE.fullmatch(term.text):
            defined = any(
                (long := ends.get(m.start() - skip)) is not None and long.code == term.code
                for m in re.finditer(rf"\(\s*{term.text}\s*\)", text)
                for skip in (0, 1, 2)
            )
            qualifies = _GAP.match(text, term.end).end() in cells_at or _CELL_WORD.match(
                text, term.end
            )
            if not (defined or qualifies):
                continue
        kept.append(term)
    return kept


# "clonal MSCs (hcMSCs)": an abbreviation of the study's own, defined right after a term
_DEFINED_AFTER = re.compile(r"\s*\(\s*([A-Za-z][\w-]{1,14})\s*\)")


def _with_defined_abbreviations(text: str, terms: list[Term]) -> list[Term]:
    """Terms, plus every use of an abbreviation the text defines for one of them."""
    taken = {(t.start, t.end) for t in terms}
    added: list[Term] = []
    for term in terms:
        match = _DEFINED_AFTER.match(text, term.end)
        if match is None or match.group(1).islower() or match.group(1) == term.text:
            continue
        abbreviation = match.group(1)
        uses = re.compile(rf"(?<![\w-]){re.escape(abbreviation)}(?![\w-])")
        for use in uses.finditer(text, match.end()):
            if not any(s < use.end() and use.start() < e for s, e in taken):
                added.append(Term(term.code, term.concept, use.start(), use.end(), abbreviation))
                taken.add(use.span())
    return sorted([*terms, *added], key=lambda t: t.start) if added else terms


_DIGIT_DASH = re.compile(r"\d-")


def _outside_identifiers(text: str, terms: list[Term]) -> list[Term]:
    """Drop an abbreviation that is the tail of an identifier: the "IT" of "2012-000518-13-IT"."""
    return [
        t
        for t in terms
        if not (
            len(t.text) <= 3
            and t.text.isupper()
            and _DIGIT_DASH.fullmatch(text, t.start - 2, t.start)
        )
    ]


def _without_redefined(text: str, terms: list[Term]) -> tuple[Term, ...]:
    """An abbreviation the text defines as another concept stands for that concept.

    "intra-articular (IA)" makes every later "IA" the joint, not the intra-arterial route.
    """
    meaning: dict[tuple[str, str], Term | None] = {}
    ends: dict[int, Term] | None = None
    for term in terms:
        key = (term.text, term.code)
        if key in meaning or not re.fullmatch(r"[A-Z]{2,5}", term.text):
            continue
        if ends is None:
            ends = {t.end: t for t in terms}
        defined_as = {
            ends[m.start() - gap]
            for m in re.finditer(rf"\(\s*{term.text}\s*\)", text)
            for gap in (0, 1, 2)
            if m.start() - gap in ends and ends[m.start() - gap].text != term.text
        }
        if defined_as and term.code not in {t.code for t in defined_as}:
            codes = {(t.code, t.concept) for t in defined_as}
            meaning[key] = next(iter(defined_as)) if len(codes) == 1 else None
    if not meaning:
        return tuple(terms)
    out = []
    for term in terms:
        key = (term.text, term.code)
        if key not in meaning:
            out.append(term)
        elif (defined := meaning[key]) is not None:
            out.append(Term(defined.code, defined.concept, term.start, term.end, term.text))
    return tuple(out)


def _all_terms(scheme: str, text: str) -> tuple[Term, ...]:
    """Every term of `scheme` in the text, leftmost-longest (memoised per text)."""
    if scheme not in _schemes():
        return _scan_one(scheme, text)
    return _scan(text).get(scheme, ())


def _scan_one(scheme: str, text: str) -> tuple[Term, ...]:
    index = _index(scheme)
    tokens, words, lower = _token_view(text)
    found: list[Term] = []
    i, count = 0, len(tokens)
    while i < count:
        step = 1
        for n, key, exact, value in index.get(lower[i], ()):
            if i + n <= count and tuple((words if exact else lower)[i : i + n]) == key:
                start, end = tokens[i].start(), tokens[i + n - 1].end()
                found.append(Term(value[0], value[1], start, end, text[start:end]))
                step = n
                break
        i += step
    return _without_redefined(text, _outside_identifiers(text, found))


def clear_caches() -> None:
    """Forget memoised scans and text views (benchmarks read every document from scratch)."""
    from kg.extract.text import text_view, without_other_works

    _scan.cache_clear()
    _token_view.cache_clear()
    text_view.cache_clear()
    without_other_works.cache_clear()


def find_terms(scheme: str, text: str, start: int = 0, end: int | None = None) -> list[Term]:
    """Every term of `scheme` in `text[start:end]`, longest match winning, in text order."""
    terms = _all_terms(scheme, text)
    if start == 0 and end is None:
        return list(terms)
    end = len(text) if end is None else end
    first = bisect_left(terms, start, key=lambda t: t.start)
    out = []
    for term in terms[first:]:
        if term.start >= end:
            break
        if term.end <= end:
            out.append(term)
    return out


def first_term(scheme: str, text: str, start: int = 0, end: int | None = None) -> Term | None:
    """The first term of `scheme` in the span, if any."""
    terms = find_terms(scheme, text, start, end)
    return terms[0] if terms else None
