"""AIS grade changes: per-grade transitions and responder counts."""

from __future__ import annotations

import re
from typing import Any

from kg.extract.numbers import COUNT, count_value
from kg.extract.outcomes import measure_terms
from kg.extract.text import Evidence, Sentence, TextView
from kg.extract.timing import timepoint_in
from kg.extract.vocabulary import find_terms

__all__ = ["read_responders", "read_transitions"]

_GRADE = r"(?:AIS|ASIA|Frankel)(?:\s+(?:grade|score))?[\s-]*(?P<{name}>[A-E])\b"
_FRACTION = re.compile(r"\s*\(\s*(?P<a>\d{1,4})\s*/\s*(?P<b>\d{1,4})\s*\)")
_FROM = re.compile(_GRADE.format(name="g"))
_TARGET = re.compile(
    r"(?:\bto|reached|status of|became|converted(?:\s+to)?|into)\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    + _GRADE.format(name="t"),
    re.I,
)
# a count before the grades: "Five AIS C patients improved to D", "Two AIS As ... improved two
# levels to AIS C", "One patient who had an AIS grade C improved to grade D"
_COUNTED_CHANGE = re.compile(
    rf"\b(?P<n>{COUNT})\s+(?:of\s+(?:the\s+)?(?P<of>{COUNT})\s+)?"
    r"(?:(?:patients?|subjects?|participants?|cases?)\s+"
    r"(?:who\s+(?:had|was|were)\s+|with\s+)?(?:an?\s+)?)?"
    r"(?:AIS|ASIA)(?:\s+(?:grade|score))?\s+(?P<g>(?-i:[A-E]))(?:s\b|\b)"
    r"[^.;]{0,100}?\b(?:(?:improved|gained|converted|progressed|moved)\b[^.;]{0,30}?\bto"
    # "Two of the 7 ASIA A patients became ASIA C"
    r"|became)\s+(?:(?:AIS|ASIA)\s+)?(?:grade\s+)?(?P<t>(?-i:[A-E]))\b",
    re.I,
)
# a count with its own change: "5 of 19 improved, 2 (A → C) and 1 (A → B)", "Two patients
# improved from AIS A to C and two from AIS B to D"; only in a sentence that names the grades
_GRADE_WORDS = r"(?:(?:AIS|ASIA|Frankel)\s+)?(?:(?:grade|score)\s+)?"
_COUNTED_PAIR = re.compile(
    rf"\b(?P<n>{COUNT})\s*\(\s*{_GRADE_WORDS}(?P<g>(?-i:[A-E]))\s*(?:→|->|⟶|=>|to)\s*"
    rf"{_GRADE_WORDS}(?P<t>(?-i:[A-E]))\s*\)"
    # "The first two operated patients improved from ASIA A to ASIA C and ASIA B"
    # "Both patients improved from AIS A to AIS C"
    rf"|\b(?P<n2>{COUNT}|[Bb]oth)\s+(?:(?:[\w-]+\s+){{0,2}}?(?:patients?|subjects?|participants?|cases?)\s+)?"
    r"(?:(?:improved|converted|progressed|moved|changed|went)\s+)?from\s+"
    rf"{_GRADE_WORDS}(?P<g2>(?-i:[A-E]))\s+to\s+{_GRADE_WORDS}(?P<t2>(?-i:[A-E]))\b"
    # grade letters as nouns: "three As improved to B", "two Bs became Cs"
    rf"|\b(?P<n3>{COUNT})\s+(?P<g3>(?-i:[A-E]))s\s+(?:\w+\s+){{0,3}}?"
    r"(?:improved|converted|progressed|moved|became|changed)\s+(?:\w+\s+){0,2}?(?:to\s+)?"
    rf"{_GRADE_WORDS}(?P<t3>(?-i:[A-E]))s?\b"
    # the count after the change: "changed from A to C in two patients"
    rf"|\bfrom\s+{_GRADE_WORDS}(?P<g4>(?-i:[A-E]))\s+to\s+{_GRADE_WORDS}(?P<t4>(?-i:[A-E]))\s+in\s+"
    rf"(?P<n4>{COUNT})\s+(?:of\s+(?:the\s+)?(?P<of4>{COUNT})\s+)?(?:patients?|subjects?|participants?|cases?)\b",
    re.I,
)
_GRADE_SCALE = re.compile(r"\b(?:AIS|ASIA|Frankel)\b")
_LETTERS_AS_NOUNS = re.compile(r"\b[A-E]s\b")
# a further grade reached, with or without the scale's name: "to ASIA C and ASIA B", "to C and B"
_MORE_TARGET_LETTER = re.compile(
    r"\s*(?:,\s*)?(?:or|and|,)\s+(?:to\s+)?" + _GRADE_WORDS + r"(?P<t>(?-i:[A-E]))\b"
)
_MORE_TARGET = re.compile(r"\s*(?:,\s*)?(?:or|and|,)\s+(?:to\s+)?" + _GRADE.format(name="t"))


def read_transitions(
    view: TextView, ev: Evidence, follow_up: list[str]
) -> tuple[list[dict[str, Any]], list[tuple[str, int, int]]]:
    """Per-grade changes ("improved to ASIA B (3/6)"); also the starting grades and spans."""
    text = view.text
    transitions: list[dict[str, Any]] = []
    starts: list[tuple[str, int, int]] = []
    last: tuple[str, int, int] | None = None
    for sentence in view.factual():
        own = timepoint_in(view, sentence, (sentence.start, sentence.end), follow_up)
        segments = re.split(r"(?<=\)),\s*|;\s*", sentence.text)
        offset = sentence.start
        for segment in segments:
            seg_start = text.find(segment, offset)
            seg_end = seg_start + len(segment)
            offset = seg_end
            source = _FROM.search(text, seg_start, seg_end)
            before = text[max(seg_start, source.start() - 15) : source.start()] if source else ""
            made = False
            if source and not re.search(r"\bto\s+$|of\s+$", before):
                for target, fraction in _targets(text, source.end(), seg_end):
                    a, b = int(fraction.group("a")), int(fraction.group("b"))
                    if a > b or target.group("t") <= source.group("g"):
                        continue
                    _add_transition(
                        transitions,
                        ev,
                        (source.group("g"), source.start(), source.end()),
                        (target.group("t"), target.start(), target.end()),
                        (a, fraction.start("a"), fraction.end("a")),
                        (b, fraction.start("b"), fraction.end("b")),
                        own or last,
                    )
                    made = True
            if made:
                starts.append((source.group("g"), source.start(), source.end()))
            else:
                counted = _counted_change(text, seg_start, seg_end, transitions, ev, own or last)
                if counted:
                    starts.append(counted)
        if not any(start >= sentence.start for _, start, _ in starts):
            starts += _counted_pairs(text, sentence, transitions, ev, own or last)
        # a time point carries over only from the sentence just before, about AIS grades
        grades_here = any(
            t.code == "ais-grade" for t in find_terms("measure", text, sentence.start, sentence.end)
        )
        last = (own[0], own[1], own[2]) if own and grades_here else None
    return transitions, starts


def _counted_change(
    text: str,
    start: int,
    end: int,
    transitions: list[dict[str, Any]],
    ev: Evidence,
    when: tuple[str, int, int] | None,
) -> tuple[str, int, int] | None:
    """A transition written with its count first ("Five AIS C patients improved to D").

    Returns the starting grade and its span, as the baseline grades want it.
    """
    segment = text[start:end].lower()
    if (" to " not in segment and "became" not in segment) or (
        "ais" not in segment and "asia" not in segment
    ):
        return None  # the common case, decided without the pattern
    match = _COUNTED_CHANGE.search(text, start, end)
    if not match or match.group("t") <= match.group("g"):
        return None
    count = count_value(match.group("n"))
    if count is None:
        return None
    start_grade = (match.group("g"), match.start("g"), match.end("g"))
    target = (match.group("t"), match.start("t"), match.end("t"))
    patients = (count, match.start("n"), match.end("n"))
    of_count = count_value(match.group("of")) if match.group("of") else None
    of = (of_count, match.start("of"), match.end("of")) if of_count else None
    _add_transition(transitions, ev, start_grade, target, patients, of, when)
    return start_grade


def _counted_pairs(
    text: str,
    sentence: Sentence,
    transitions: list[dict[str, Any]],
    ev: Evidence,
    when: tuple[str, int, int] | None,
) -> list[tuple[str, int, int]]:
    """Changes each written with its own count; returns their starting grades and spans."""
    if not any(word in sentence.text for word in (" to ", "→", "->", "became")):
        return []  # every form of the change names where it went
    named_here = _GRADE_SCALE.search(sentence.text)
    # letters as nouns ("three As improved to B") say "grade" enough where the text names AIS
    if not named_here and not (
        _LETTERS_AS_NOUNS.search(sentence.text) and _GRADE_SCALE.search(text)
    ):
        return []
    starts = []
    for match in _COUNTED_PAIR.finditer(text, sentence.start, sentence.end):
        n, g, t = next(
            (f"n{k}", f"g{k}", f"t{k}") for k in ("", "2", "3", "4") if match.group(f"n{k}")
        )
        if not named_here and n != "n3":
            continue
        count = 2 if match.group(n).lower() == "both" else count_value(match.group(n))
        if not count or match.group(t) <= match.group(g):
            continue
        start_grade = (match.group(g), match.start(g), match.end(g))
        target = (match.group(t), match.start(t), match.end(t))
        whole = count_value(match["of4"]) if match["of4"] else None
        of = (whole, *match.span("of4")) if whole else None
        targets = [target]
        if n == "n2":  # "two patients improved from A to C and B": one patient each
            more = _MORE_TARGET_LETTER.match(text, match.end(t), sentence.end)
            while more and len(targets) < count:
                targets.append((more.group("t"), more.start("t"), more.end("t")))
                more = _MORE_TARGET_LETTER.match(text, more.end(), sentence.end)
            if len(targets) > 1 and len(targets) != count:
                continue  # "three improved from A to C and B": how many went where is unknown
        each = 1 if len(targets) > 1 else count
        for grade in targets:
            if grade[0] > start_grade[0]:
                _add_transition(
                    transitions,
                    ev,
                    start_grade,
                    grade,
                    (each, match.start(n), match.end(n)),
                    of,
                    when,
                )
        starts.append(start_grade)
    return starts


def _targets(text: str, start: int, end: int) -> list[tuple[re.Match[str], re.Match[str]]]:
    """The grades a change went to, each with its "(a/b)" ("to ASIA B (3/6) or ASIA C (2/6)")."""
    found = []
    target = _TARGET.search(text, start, end)
    while target:
        fraction = _FRACTION.match(text, target.end())
        if not fraction:
            break
        found.append((target, fraction))
        target = _MORE_TARGET.match(text, fraction.end(), end)
    return found


def _add_transition(
    transitions: list[dict[str, Any]],
    ev: Evidence,
    start_grade: tuple[str, int, int],
    target: tuple[str, int, int],
    patients: tuple[int, int, int],
    of: tuple[int, int, int] | None,
    when: tuple[str, int, int] | None,
) -> None:
    """One transition with its evidence: each value with the span it was read from."""
    index = len(transitions)
    transitions.append(
        {
            "from": start_grade[0],
            "to": target[0],
            "patients": patients[0],
            "of": of[0] if of else None,
            "timepoint": when[0] if when else None,
        }
    )
    ev.add(f"/ais_transitions/{index}/from", *start_grade[1:])
    ev.add(f"/ais_transitions/{index}/to", *target[1:])
    ev.add(f"/ais_transitions/{index}/patients", *patients[1:])
    if of:
        ev.add(f"/ais_transitions/{index}/of", *of[1:])
    if when:
        ev.add(f"/ais_transitions/{index}/timepoint", *when[1:])


_WHO = r"(?:patients|subjects|participants|people|individuals|adults|children|men|women)"
_SHOWED = r"(?:showed|demonstrated|experienced|had|achieved|gained|improved|displayed|exhibited|presented)"
_RESPONDERS = [
    # "seven of the ten patients experienced an improvement in AIS grade"
    re.compile(
        rf"\b(?P<n>{COUNT})\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<m>{COUNT})\s+(?:\w+\s+){{0,2}}?{_WHO}\b",
        re.I,
    ),
    # "Four patients demonstrated recovery"
    re.compile(
        rf"(?<!of )(?<!of the )\b(?P<n>{COUNT})\s+(?:\w+\s+){{0,2}}?{_WHO}\s+(?:\w+\s+){{0,2}}?{_SHOWED}\b",
        re.I,
    ),
    # "7 patients out of 20 (35%) showed improvement"
    re.compile(
        rf"\b(?P<n>{COUNT})\s+{_WHO}\s+out\s+of\s+(?P<m>{COUNT})\b(?:\s*\(\s*[\d.]+\s*%\s*\))?"
        rf"\s+(?:\w+\s+){{0,2}}?{_SHOWED}\b",
        re.I,
    ),
    # "Of the four patients, only one patient showed an improvement"
    re.compile(
        rf"\bof\s+(?:the\s+|all\s+)?(?P<m>{COUNT})\s+(?:\w+\s+){{0,2}}?{_WHO}\s*,\s*(?:only\s+)?"
        rf"(?P<n>{COUNT})\s+(?:\w+\s+){{0,4}}?{_SHOWED}\b",
        re.I,
    ),
]
# the share a count is of, in brackets after it: "(9/20, 45%)"
_SHARE_AFTER = re.compile(r"\(\s*(?P<n>\d{1,4})\s*/\s*(?P<m>\d{1,4})\s*[,;)]")
# "experienced muscle movement in previously paralyzed areas" is a gain too
_IMPROVE = re.compile(
    r"\b(?:improv\w*|recover\w*|(?:re)?gain\w*|convert\w*|better|"
    r"previously\s+(?:paraly[sz]ed|insensate|denervated))\b",
    re.I,
)


def read_responders(view: TextView, ev: Evidence, follow_up: list[str]) -> list[dict[str, Any]]:
    """Patients who improved on a measure ("seven of the ten patients ... AIS grade")."""
    text = view.text
    found: dict[tuple[str, int], dict[str, Any]] = {}
    order: list[tuple[str, int]] = []
    spans: dict[tuple[str, int], tuple[int, int, int | None, int | None]] = {}
    for sentence in view.factual():
        if not _IMPROVE.search(sentence.text) or re.search(r"\(\d+/\d+\)", sentence.text):
            continue
        measures = [
            t
            for t in measure_terms(text, sentence.start, sentence.end)
            if t.code not in ("adverse-events", "safety")
        ]
        if not measures:
            continue
        for pattern in _RESPONDERS:
            match = pattern.search(text, sentence.start, sentence.end)
            if not match:
                continue
            n = count_value(match.group("n"))
            m = (
                count_value(match.group("m"))
                if "m" in match.groupdict() and match.group("m")
                else None
            )
            m_span = match.span("m") if m else None
            if m is None and (share := _SHARE_AFTER.search(text, match.end(), sentence.end)):
                if count_value(share.group("n")) == n:  # "9 patients improved (9/20, 45%)"
                    m, m_span = count_value(share.group("m")), share.span("m")
            if not n or (m is not None and n > m):
                continue
            measure = measures[0].code
            own = timepoint_in(view, sentence, (sentence.start, sentence.end), follow_up)
            key = (measure, n)
            item = found.get(key)
            if item is None:
                item = {
                    "measure": measure,
                    "patients": n,
                    "of": m,
                    "timepoint": own[0] if own else None,
                }
                found[key] = item
                order.append(key)
                spans[key] = (
                    match.start("n"),
                    match.end("n"),
                    m_span[0] if m_span else None,
                    m_span[1] if m_span else None,
                )
            elif item["of"] is None and m is not None and m_span:
                item["of"] = m
                spans[key] = (*spans[key][:2], *m_span)
            break
    out = []
    for index, key in enumerate(order):
        a, b, c, d = spans[key]
        ev.add(f"/responders/{index}/patients", a, b)
        if c is not None:
            ev.add(f"/responders/{index}/of", c, d)
        out.append(found[key])
    return out
