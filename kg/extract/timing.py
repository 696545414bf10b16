"""When: follow-up time points and the time point a statement is about."""

from __future__ import annotations

import re

from kg.extract.numbers import COUNT, count_value
from kg.extract.text import Evidence, Sentence, TextView
from kg.sources._common import sort_durations  # one rule for every reader: 1 year = 12 months

__all__ = ["durations_of", "follow_up_matches", "read_follow_up", "sort_durations", "timepoint_in"]

_UNIT = {"hour": "H", "day": "D", "week": "W", "month": "M", "mo": "M", "year": "Y"}
_UNIT_WORD = r"(?P<unit>hour|day|week|month|mo(?=s?\b)|year)s?"  # "6 mo follow-up"
# at most 12 amounts, matched possessively: a long run of numbers must not make `re` backtrack
# ("6- and 12-month": an amount may keep the hyphen of a unit it shares with the next)
# a calendar year is no amount: "until 2014, two years after"
_AMOUNT = rf"(?!(?:19|20)\d\d\b)(?:{COUNT})"
_AMOUNTS = rf"(?P<list>{_AMOUNT}(?:-?\s*+(?:,|and|or|&)\s*+(?:and\s+)?{_AMOUNT}){{0,12}}+)"
# not the digits that end a name: "loaded with miR-21, two weeks after"
# "12 post-operative months": a time after the treatment by its own words
_AFTER_TREATMENT = r"post[- ]?(?:operative|transplant(?:ation)?|treatment|injection|infusion)"
DURATION = re.compile(
    rf"(?<![A-Za-z]-)\b{_AMOUNTS}[\s-]+(?P<post>{_AFTER_TREATMENT}\s+)?{_UNIT_WORD}\b", re.I
)
# "month 12", "weeks 2, 4 and 8": the unit first, as registries and visit schedules write it
_UNIT_FIRST = re.compile(rf"\b{_UNIT_WORD}\s+{_AMOUNTS}(?![\d.])", re.I)
# Unit-first time points count as follow-up only right after a word of follow-up or assessment:
# "administered at months 1, 4 and 7" is a schedule, "followed until month 12" a follow-up.
_UNIT_FIRST_CUE = re.compile(
    r"(?:follow(?:ed)?[- ]?(?:up)?|assess(?:ed|ments?)|evaluat(?:ed|ions?)|examin(?:ed|ations?)|"
    r"measured|performed|visits?)"
    r"(?:\s+(?:is|are|was|were|will\s+be)\s+(?:planned|scheduled|done|performed|conducted))?"
    r"\s+(?:until|to|through|at|on|in|up to)\s+(?:the\s+)?$",
    re.I,
)
# what stands between two time points of one list: "6, 12 and 24 months", "month 6 and month 12"
_LIST_GAP = re.compile(r"\s*,?\s*(?:and|or)?\s*")
_CUE_IN_BRACKET = re.compile(
    r"\b(?:assessment|follow[- ]?up|evaluation|visit|examination)\s*\(\s*$", re.I
)
_BRACKET_CLOSES = re.compile(r"\s*\)")
_FOLLOW_CUE_AFTER = re.compile(
    r"^\s*(?:\)\s*)?(?:after|post|following|follow[- ]?up|of\s+follow[- ]?up|later|observation\s+period|from (?:the )?(?:injection|infusion|transplantation|treatment|administration)"
    # "At the 12-month stage of the study", "at the 6-month visit"
    r"|(?:stage|visit|assessment)\s+of\s+the\s+(?:study|trial)\b|visit\b"
    # "we're 12 months out", "six months out from surgery"
    r"|out\b(?!\s+of\b)"
    # "responded to therapy at 6 months timepoint"
    r"|time[- ]?points?\b)",
    re.I,
)
_FOLLOW_CUE_BEFORE = re.compile(
    # "Follow-up lasted 88 weeks"
    r"(?:follow(?:ed)?[- ]?(?:up)?(?: period)?(?: of| for| at| until(?: the)?| lasted| was)?|"
    # "The team followed up the participants for 48 weeks"
    # "The study, which followed four patients with chronic spinal cord injuries for five years"
    # ("followed by oral lithium for 6 weeks" is what came next)
    r"followed(?:[- ]up)?\s+(?!by\b)(?:the\s+|all\s+|these\s+|those\s+)?(?:[\w-]+\s+){0,8}?for|(?:monitored|observed|followed up|collected|assessed|evaluated) (?:for|over)|\bat|\bby|"
    # "patients were monitored 1 year"
    r"\bmonitored|"
    # "an observation period of 1 year"
    r"observation(?:al)?\s+period\s+of|"
    # "monitored for complications ... for a further six years"
    r"\bfor\s+(?:a\s+)?further)\s*(?:a\s+|an\s+)?"
    # "followed for up to 24 months", "evaluated for a maximum of 12 weeks"
    r"(?:further\s+|total\s+of\s+|average\s+of\s+|mean\s+of\s+|median\s+of\s+|the\s+next\s+|up\s+to\s+|"
    r"maximum\s+of\s+)?$",
    re.I,
)
_A_UNIT_AFTER = re.compile(
    r"\ban?\s+(?P<unit>year|month|week)\s+(?:after|post|following)\s+(?:the\s+|their\s+|his\s+|her\s+)?"
    r"(?:injection|infusion|transplant\w*|treatment|administration|therapy|surgery|implantation)"
    # "They were checked a year later to make sure there weren't any serious side effects"
    r"|\b(?:checked|examined|assessed|evaluated|re-?evaluated|seen|tested)\s+(?:again\s+)?"
    r"an?\s+(?P<unit2>year|month|week)\s+later\b",
    re.I,
)
_DOSING = re.compile(r"\b(?:dose[sd]?|inject\w*|infus\w*|administ\w*|transplant\w*)\b", re.I)
_RESULT_WORD = re.compile(
    r"\b(?:improv\w*|evaluat\w*|assess\w*|recover\w*|observ\w*|measur\w*|scores?|results?)\b",
    re.I,
)
# "during the 12-month period", "over a 6-month observation period" (not "a period of rehabilitation")
_PERIOD_AFTER = re.compile(
    r"^[\s-]*(?:(?:study|observation(?:al)?|follow[- ]?up|monitoring|evaluation|trial)\s+)?"
    r"period\b(?!\s+(?:of\s+(?!follow|observ|monitor)|before|prior))",
    re.I,
)
_PERIOD_BEFORE = re.compile(r"\b(?:during|over|throughout|in)\s+(?:a|an|the|this)\s*$", re.I)
_WATCH_WORD = re.compile(
    r"\b(?:adverse|side[- ]effects?|complications?|safety|safe|follow\w*|monitor\w*)\b", re.I
)
_RECRUITING = re.compile(
    r"\b(?:enrol\w*|recruit\w*|included|admitted|screened|identified|operated|reviewed)\b", re.I
)
# "after the injury", "after C5-T10 SCI", "post-injury": time since injury, not follow-up
_INJURY_AFTER = re.compile(
    # "after they had suffered a spinal cord injury"
    r"^\s*(?:\)\s*)?(?:after|post|following|since|from)[- ]*(?:(?:they|he|she|patients|subjects)\s+)?"
    r"(?:(?:had|have|has)\s+)?(?:(?:sustaining|suffering|having|sustained|suffered|had)\s+)?"
    # "2-5 years after the end of radiotherapy"
    r"(?:the\s+end\s+of\s+(?:the\s+|their\s+)?)?(?:the\s+|their\s+|his\s+|her\s+|an?\s+)?"
    r"(?:[CTLS]\d{1,2}(?:\s*[-–]\s*[CTLS]?\d{1,2})?\s+)?(?:spinal\s+(?:cord\s+)?)?"
    r"(?:injury|injuries|T?SCI(?:\s+incident)?|trauma|onset|accident|lesion|an?\s+fall|the\s+fall|"
    # the time of treatment after another illness began: "one month after the attack"
    r"attack|stroke|bleed(?:ing)?|ha?emorrhage|symptoms?|diagnosis|birth|"
    # "subacute (defined between 3 to 6 months after the event)"
    r"event|insult|"
    # "8 to 12 months post-radiation"
    r"radiation|radiotherapy|irradiation|chemotherapy)",
    re.I,
)
_NOT_SINCE_INJURY = r"(?!\s*(?:after|post|following|since|from|of)[- ]*(?:the\s+)?(?:spinal\s+cord\s+)?(?:injury|SCI|trauma|onset))"
# "at 12 months", "by 6 months", "after 12 months" (of follow-up, not of injury); "at month 12".
# The span read is the time point itself, from the `when` group on.
_AT_TIME = re.compile(
    rf"\b(?:at|by|after) (?P<when>{_AMOUNTS}[\s-]+{_UNIT_WORD})\b" + _NOT_SINCE_INJURY, re.I
)
_AT_UNIT_FIRST = re.compile(
    rf"\b(?:at|by) (?:the\s+)?(?P<when>{_UNIT_WORD}\s+{_AMOUNTS})(?![\d.])" + _NOT_SINCE_INJURY,
    re.I,
)
_ORDINAL_FOLLOW_UP = re.compile(
    r"\b(?:at|by)\s+(?:the\s+)?(?P<o>first|second|third|fourth|fifth|sixth|final|last)\s+follow[- ]?ups?\b"
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
        token = token.strip().rstrip("-")  # "6- and 12-month"
        if not token:
            continue
        number = count_value(token)
        if number:
            values.append(f"PT{number}H" if letter == "H" else f"P{number}{letter}")
    return values


def follow_up_matches(view: TextView, sentence: Sentence) -> list[tuple[list[str], int, int]]:
    """Time points after treatment stated in one sentence (remembered per span)."""
    key = (sentence.start, sentence.end)
    cached = view.memo.get(("follow-up", key))
    if cached is None:
        cached = view.memo[("follow-up", key)] = _follow_up_matches(view, sentence)
    return cached


_RANGE_FAR_END = re.compile(r"\s*(?:to|-|–|and)\s*[\d.]+\s*(?:[a-z]+\b)?", re.I)


_VISIT_WORD = re.compile(
    r"\b(?:assess\w*|evaluat\w*|measur\w*|examin\w*|scor\w*|visits?|follow[- ]?up|"
    r"followed\s+(?:up|for))\b",
    re.I,
)


def _dosing_interval(sentence: Sentence, after: str) -> bool:
    """The gap between doses, in a sentence of doses and no visits.

    "infusions at 18-week intervals", "two doses 4 weeks apart"; not "assessed at 6- and
    12-month intervals".
    """
    return bool(
        re.match(r"[\s-]*(?:intervals?|apart)\b", after, re.I)
        and _DOSING.search(sentence.text)
        and not _VISIT_WORD.search(sentence.text)
    )


_EVENT_BEFORE = re.compile(
    r"\b(?:developed|caught|contracted|suffered|died|relapsed)\b[^.;,]{0,40}$", re.I
)


def _not_follow_up(text: str, sentence: Sentence, match: re.Match[str]) -> bool:
    """Time since injury, an age, a disease's duration: no follow-up time point."""
    after = text[match.end() : match.end() + 60]
    before = text[max(sentence.start, match.start() - 30) : match.start()]
    # "at 6 months to 6.5 years after injury": the range's far end comes first
    far_end = _RANGE_FAR_END.match(after)
    return bool(
        _INJURY_AFTER.match(after[far_end.end() :] if far_end else after)
        # "Time frame: every three month": how often, not how long
        or re.search(
            r"\b(?:within|more than|least|history|aged?|old|last|past|every)\s*$", before, re.I
        )
        or (re.search(r"\bover\s*$", before, re.I) and not _FOLLOW_CUE_BEFORE.search(before))
        or _dosing_interval(sentence, after)
        # "two patients developed infections one and 4 months after injection": when an event
        # happened, not a visit
        or _EVENT_BEFORE.search(text, max(sentence.start, match.start() - 60), match.start())
        or re.match(
            r"\s*(?:old|of age|of disease|disease|of (?:injury|SCI|trauma)|['’]?\s*(?:of\s+)?gestation)",
            after,
            re.I,
        )
    )


# a study named by how long it lasted: "A 12-Month, Open-Label, Prospective Controlled Trial"
_STUDY_LASTING = re.compile(r"(?:,?\s+[\w-]+){0,4}?,?\s+(?:trial|study)\b", re.I)


def _cued(text: str, sentence: Sentence, match: re.Match[str]) -> bool:
    """A word of follow-up after ("6 months after the injection") or before ("followed for")."""
    if match.groupdict().get("post"):
        return True  # "over the first 12 post-operative months"
    after = text[match.end() : match.end() + 40]
    # long enough for "followed four patients with chronic spinal cord injuries for"
    before = text[max(sentence.start, match.start() - 100) : match.start()]
    if (
        re.fullmatch(r"\s*After\s*", text[sentence.start : match.start()])
        and re.match(r"\s*,", after)
        and not _DOSING.search(sentence.text)  # "After 2 weeks, a second dose was given"
    ):
        return True  # "After 1 year, the patients' visual acuity ranged from 20/200 to ..."
    if "-" in match.group(0) and _STUDY_LASTING.match(text, match.end(), match.end() + 80):
        return True  # "A 12-Month, Open-Label, Prospective Controlled Trial"
    if _FOLLOW_CUE_AFTER.match(after):
        # "the second dose three months later": a dosing schedule, not a visit
        return not (re.match(r"\s*later\b", after, re.I) and _DOSING.search(sentence.text))
    if _FOLLOW_CUE_BEFORE.search(before):
        # "At 24 weeks, 11 of 14 patients had responded": a result told at a time point
        opens_result = (
            re.fullmatch(r"\s*(?:at|by)\s*", text[sentence.start : match.start()], re.I)
            and re.match(r"\s*,", after)
            and not _DOSING.search(sentence.text)
        )
        return bool(
            opens_result
            or re.search(
                r"follow|after|post|monitor|observ|assess|evaluat|collect", sentence.text, re.I
            )
        )
    if _PERIOD_AFTER.match(after) and _PERIOD_BEFORE.search(before):
        # "improved during the 12-month period"; "over a 2-year period, 40 were enrolled" is the
        # time taken to recruit
        return bool(
            (_RESULT_WORD.search(sentence.text) or _WATCH_WORD.search(sentence.text))
            and not _RECRUITING.search(sentence.text)
        )
    # "improvements were observed after 12 months"; "given after 6 months of rehabilitation" is not
    return bool(re.search(r"\bafter\s*$", before, re.I) and _RESULT_WORD.search(sentence.text))


def _names_a_time_unit(text: str, start: int, end: int) -> bool:
    """Whether a span has a unit of time at all: most sentences do not, and need no pattern."""
    low = text[start:end].lower()
    return any(unit in low for unit in _UNIT)


def _follow_up_matches(view: TextView, sentence: Sentence) -> list[tuple[list[str], int, int]]:
    text = view.text
    if not _names_a_time_unit(text, sentence.start, sentence.end):
        return []
    matches = [
        m
        for m in DURATION.finditer(text, sentence.start, sentence.end)
        if not _not_follow_up(text, sentence, m)
    ]
    cued = [_cued(text, sentence, m) for m in matches]
    # "at baseline, 6 months, and 1 year after the intervention": a list shares its cue
    for index in range(len(matches) - 2, -1, -1):
        between = text[matches[index].end() : matches[index + 1].start()]
        if cued[index + 1] and _LIST_GAP.fullmatch(between):
            cued[index] = True
    found = [
        (durations_of(m), m.start(), m.end()) for m, ok in zip(matches, cued, strict=True) if ok
    ]
    last_end = -1  # the end of the last unit-first time point read: a list shares its cue
    for match in _UNIT_FIRST.finditer(text, sentence.start, sentence.end):
        before = text[max(sentence.start, match.start() - 40) : match.start()]
        if (
            _UNIT_FIRST_CUE.search(before)
            # "at month 6 and month 12"
            or (last_end >= 0 and _LIST_GAP.fullmatch(text, last_end, match.start()))
            # "Mid-term assessment (month 6)"; a window "(weeks 1-12)" is no time point
            or (_CUE_IN_BRACKET.search(before) and _BRACKET_CLOSES.match(text, match.end()))
            # "At the Day 365 follow-up visit"
            or re.match(r"\s+follow[- ]?up\b", text[match.end() : match.end() + 12], re.I)
            # "scores improved at month 12"
            or (
                re.search(r"\bat\s+(?:the\s+)?$", before, re.I)
                and _RESULT_WORD.search(sentence.text)
            )
        ):
            found.append((durations_of(match), match.start(), match.end()))
            last_end = match.end()
    # "a year after injection"
    for match in _A_UNIT_AFTER.finditer(text, sentence.start, sentence.end):
        group = "unit" if match.group("unit") else "unit2"
        unit = _UNIT[match.group(group).lower()]
        found.append(([f"P1{unit}"], match.start(), match.end(group)))
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
    frames = [
        *TIME_FRAME.finditer(view.text),
        *_TIME_FRAME_LINE.finditer(view.text),
        *_BRACKET_FRAME.finditer(view.text),
    ]
    for frame in frames:  # a registry outcome's time frame
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
    found = list(DURATION.finditer(text, start, end)) + list(_UNIT_FIRST.finditer(text, start, end))
    # "Time frame: every three month" is how often, not when
    kept = [
        m
        for m in found
        if not re.search(r"\bevery\s*$", text[max(start, m.start() - 8) : m.start()], re.I)
    ]
    return sorted(kept, key=lambda match: match.start())


_LAST_CELL = re.compile(r"\t(?P<frame>[^\t\n]*\d[^\t\n]*)$", re.M)
TIME_FRAME = re.compile(r"\[\s*Time Frame\s*:\s*(?P<frame>[^\]]*)\]", re.I)
# a registry copy may give it bare, in brackets closing the measure's line: "... by MRI. [18 months]"
_BRACKET_FRAME = re.compile(
    r"\[\s*(?P<frame>[^\[\]\n]{0,30}?\d{1,4}[\s-]*(?:hours?|days?|weeks?|months?|years?)\b[^\[\]\n]{0,30}?)"
    r"\s*\][ \t]*$",
    re.I | re.M,
)
# a registry page's copy puts it on a line of its own, under the measure: "Time frame: 6 months"
_TIME_FRAME_LINE = re.compile(
    r"(?:^|(?<=[.;] ))[ \t]*Time\s*(?:frame|point)\s*:[ \t]*(?P<frame>[^.\n]+)", re.I | re.M
)


def timepoint_in(
    view: TextView, sentence: Sentence, clause: tuple[int, int], follow_up: list[str]
) -> tuple[str, int, int] | None:
    """The one time point a clause is about, with its span; None for none or several.

    A registry time frame, "at the fourth follow-up" (a point of `follow_up`), "at 12 months".
    """
    text = view.text
    line_end = text.find("\n", clause[0])
    line_end = len(text) if line_end < 0 else line_end
    frame_end = max(line_end, sentence.end)
    frame = None
    if text.find("[", sentence.start, frame_end) >= 0:
        frame = TIME_FRAME.search(text, sentence.start, frame_end) or _BRACKET_FRAME.search(
            text, sentence.start, frame_end
        )
    if frame is None and text.find("ime", sentence.start, frame_end) >= 0:
        frame = _TIME_FRAME_LINE.search(
            text, sentence.start, frame_end
        )  # "... Timepoint: 1 Month."
    if frame is None and line_end < len(text) and sentence.end >= line_end - 1:
        frame = _TIME_FRAME_LINE.match(text, line_end + 1)  # on the line under the measure
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
    low = text[clause[0] : clause[1]].lower()
    match = "follow" in low and _ORDINAL_FOLLOW_UP.search(low)
    if match and follow_up:
        index = _ORDINAL[match.group("o").lower()]
        if index < len(follow_up):
            return follow_up[index], clause[0] + match.start(), clause[0] + match.end()
    if not any(unit in low for unit in _UNIT):
        return None
    values = []
    spans = []
    for pattern in (_AT_TIME, _AT_UNIT_FIRST):
        for match in pattern.finditer(text, *clause):
            values.extend(durations_of(match))
            spans.append((match.start("when"), match.end("when")))
    for durations, start, end in follow_up_matches(
        view, Sentence(clause[0], clause[1], text[clause[0] : clause[1]])
    ):
        values.extend(durations)
        spans.append((start, end))
    values = sort_durations(values)
    if len(values) == 1:
        return values[0], *spans[0]
    return None
