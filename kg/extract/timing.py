"""When: follow-up time points and the time point a statement is about."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.extract.numbers import COUNT, count_value
from kg.extract.text import Evidence, Sentence, TextView

__all__ = ["durations_of", "follow_up_matches", "read_follow_up", "sort_durations", "timepoint_in"]

_UNIT = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y"}
_UNIT_WORD = r"(?P<unit>hour|day|week|month|year)s?"
# at most 12 amounts, matched possessively: a long run of numbers must not make `re` backtrack
_AMOUNTS = rf"(?P<list>(?:{COUNT})(?:\s*+(?:,|and|or|&)\s*+(?:and\s+)?(?:{COUNT})){{0,12}}+)"
DURATION = re.compile(rf"\b{_AMOUNTS}[\s-]+{_UNIT_WORD}\b", re.I)
# "month 12", "weeks 2, 4 and 8": the unit first, as registries and visit schedules write it
UNIT_FIRST = re.compile(rf"\b{_UNIT_WORD}\s+{_AMOUNTS}(?![\d.])", re.I)
# Unit-first time points count as follow-up only right after a word of follow-up or assessment:
# "administered at months 1, 4 and 7" is a schedule, "followed until month 12" a follow-up.
_UNIT_FIRST_CUE = re.compile(
    r"(?:follow(?:ed)?[- ]?(?:up)?|assess(?:ed|ments?)|evaluat(?:ed|ions?)|examin(?:ed|ations?)|"
    r"measured|performed|visits?)\s+(?:until|to|through|at|on|in|up to)\s+(?:the\s+)?$",
    re.I,
)
_FOLLOW_CUE_AFTER = re.compile(
    r"^\s*(?:\)\s*)?(?:after|post|following|follow[- ]?up|later|from (?:the )?(?:injection|infusion|transplantation|treatment|administration))",
    re.I,
)
_FOLLOW_CUE_BEFORE = re.compile(
    r"(?:follow(?:ed)?[- ]?(?:up)?(?: period)?(?: of| for| at)?|(?:monitored|observed|followed up) (?:for|over)|\bat)\s*(?:a\s+)?$",
    re.I,
)
_INJURY_AFTER = re.compile(
    r"^\s*(?:after|post|following|since|from)[- ]*(?:the\s+)?(?:spinal\s+cord\s+)?(?:injury|SCI|trauma|onset|accident|lesion)",
    re.I,
)
_NOT_SINCE_INJURY = r"(?!\s*(?:after|post|following|since|from)[- ]*(?:the\s+)?(?:spinal\s+cord\s+)?(?:injury|SCI|trauma|onset))"
_AT_TIME = re.compile(rf"(?<=\b(?:at|by) ){_AMOUNTS}[\s-]+{_UNIT_WORD}\b" + _NOT_SINCE_INJURY, re.I)
_AT_UNIT_FIRST = re.compile(
    rf"(?<=\b(?:at|by) )(?:the\s+)?{_UNIT_WORD}\s+{_AMOUNTS}(?![\d.])" + _NOT_SINCE_INJURY, re.I
)
_ORDINAL = {
    "first": 0,
    "second": 1,
    "third": 2,
    "fourth": 3,
    "fifth": 4,
    "sixth": 5,
    "final": -1,
    "last": -1,
}


def durations_of(match: re.Match[str]) -> list[str]:
    """The ISO-8601 durations of a DURATION match ("1, 3 and 6 months" -> P1M, P3M, P6M)."""
    letter = _UNIT[match.group("unit").lower()]
    values = []
    for token in re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", match.group("list")):
        token = token.strip()
        if not token:
            continue
        number = count_value(token)
        if number:
            values.append(f"PT{number}H" if letter == "H" else f"P{number}{letter}")
    return values


def _days(value: str) -> float:
    number = int(re.sub(r"\D", "", value))
    return number * {"H": 1 / 24, "D": 1, "W": 7, "M": 30.44, "Y": 365.25}[value[-1]]


def sort_durations(values: Iterable[str]) -> list[str]:
    """Distinct durations, shortest first."""
    return sorted(set(values), key=lambda v: (_days(v), v))


def follow_up_matches(view: TextView, sentence: Sentence) -> list[tuple[list[str], int, int]]:
    """Time points after treatment stated in one sentence (remembered per span)."""
    key = (sentence.start, sentence.end)
    cached = view.memo.get(("follow-up", key))
    if cached is None:
        cached = view.memo[("follow-up", key)] = _follow_up_matches(view, sentence)
    return cached


def _follow_up_matches(view: TextView, sentence: Sentence) -> list[tuple[list[str], int, int]]:
    text = view.text
    found = []
    for match in DURATION.finditer(text, sentence.start, sentence.end):
        after = text[match.end() : match.end() + 40]
        before = text[max(sentence.start, match.start() - 30) : match.start()]
        if _INJURY_AFTER.match(after) or re.search(
            r"\b(?:within|over|more than|least|history|aged?|old)\s*$", before, re.I
        ):
            continue
        if re.match(r"\s*(?:old|of age|of disease|disease)", after, re.I):
            continue
        if _FOLLOW_CUE_AFTER.match(after) or (
            _FOLLOW_CUE_BEFORE.search(before)
            and re.search(r"follow|after|post|monitor|observ|assess|evaluat", sentence.text, re.I)
        ):
            found.append((durations_of(match), match.start(), match.end()))
    for match in UNIT_FIRST.finditer(text, sentence.start, sentence.end):
        before = text[max(sentence.start, match.start() - 40) : match.start()]
        if _UNIT_FIRST_CUE.search(before):
            found.append((durations_of(match), match.start(), match.end()))
    return found


def read_follow_up(view: TextView, ev: Evidence) -> list[str]:
    """Every follow-up time point the text states (sorted, each once)."""
    values: list[str] = []
    span: tuple[int, int] | None = None
    for sentence in view.factual():
        for durations, start, end in follow_up_matches(view, sentence):
            values.extend(durations)
            if span is None:
                span = (start, end)
    for frame in TIME_FRAME.finditer(view.text):  # a registry outcome's time frame
        for match in _durations_within(view.text, frame.start("frame"), frame.end("frame")):
            values.extend(durations_of(match))
            if span is None:
                span = (match.start(), match.end())
    ordered = sort_durations(values)
    if ordered and span:
        ev.add("/follow_up", *span)
    return ordered


def _durations_within(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Time points of a time frame, amount first ("12 months") or unit first ("Week 12")."""
    found = list(DURATION.finditer(text, start, end)) + list(UNIT_FIRST.finditer(text, start, end))
    return sorted(found, key=lambda match: match.start())


_LAST_CELL = re.compile(r"\t(?P<frame>[^\t\n]*\d[^\t\n]*)$", re.M)
TIME_FRAME = re.compile(r"\[\s*Time Frame\s*:\s*(?P<frame>[^\]]*)\]", re.I)


def timepoint_in(
    view: TextView, sentence: Sentence, clause: tuple[int, int], follow_up: list[str]
) -> tuple[str, int, int] | None:
    """The one time point a clause is about, with its span; None for none or several.

    A registry time frame, "at the fourth follow-up" (a point of `follow_up`), "at 12 months".
    """
    text = view.text
    line_end = text.find("\n", clause[0])
    line_end = len(text) if line_end < 0 else line_end
    frame = TIME_FRAME.search(text, sentence.start, max(line_end, sentence.end))
    if frame is None and "\t" in sentence.text:  # a registry table row: time frame last
        frame = _LAST_CELL.search(text, sentence.start, sentence.end)
    if frame:
        values = []
        for match in _durations_within(text, frame.start("frame"), frame.end("frame")):
            values.extend(durations_of(match))
        values = sort_durations(values)
        if len(values) == 1:
            return values[0], frame.start(), frame.end()
        return None
    match = re.search(
        r"\b(?:at|by)\s+(?:the\s+)?(?P<o>first|second|third|fourth|fifth|sixth|final|last)\s+follow[- ]?ups?\b",
        text[clause[0] : clause[1]],
        re.I,
    )
    if match and follow_up:
        index = _ORDINAL[match.group("o").lower()]
        if index < len(follow_up):
            return follow_up[index], clause[0] + match.start(), clause[0] + match.end()
    values = []
    spans = []
    for pattern in (_AT_TIME, _AT_UNIT_FIRST):
        for match in pattern.finditer(text, *clause):
            values.extend(durations_of(match))
            spans.append((match.start(), match.end()))
    for durations, start, end in follow_up_matches(
        view, Sentence(clause[0], clause[1], text[clause[0] : clause[1]])
    ):
        values.extend(durations)
        spans.append((start, end))
    values = sort_durations(values)
    if len(values) == 1:
        return values[0], *spans[0]
    return None
