"""What happened: follow-up, outcomes, AIS transitions, responders, adverse events.

Outcome directions come from result sentences only, and a decrease on a lower-is-better scale
(spasticity, pain, NBD) is an improvement.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extract.numbers import COUNT, count_value
from kg.extract.text import Evidence, Sentence, TextView
from kg.extract.vocabulary import Term, find_terms

__all__ = ["read_adverse_events", "read_follow_up", "read_outcomes", "read_transitions"]

_UNIT = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y"}
_UNIT_WORD = r"(?P<unit>hour|day|week|month|year)s?"
# at most 12 amounts, matched possessively: a long run of numbers must not make `re` backtrack
_AMOUNTS = rf"(?P<list>(?:{COUNT})(?:\s*+(?:,|and|or|&)\s*+(?:and\s+)?(?:{COUNT})){{0,12}}+)"
_DURATION = re.compile(rf"\b{_AMOUNTS}[\s-]+{_UNIT_WORD}\b", re.I)
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
_AT_TIME = re.compile(
    rf"(?<=\b(?:at|by) ){_AMOUNTS}[\s-]+{_UNIT_WORD}\b"
    r"(?!\s*(?:after|post|following|since|from)[- ]*(?:the\s+)?(?:spinal\s+cord\s+)?(?:injury|SCI|trauma|onset))",
    re.I,
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


def _durations(match: re.Match[str]) -> list[str]:
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


def sort_durations(values) -> list[str]:
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
    for match in _DURATION.finditer(text, sentence.start, sentence.end):
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
            found.append((_durations(match), match.start(), match.end()))
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
    for frame in _TIME_FRAME.finditer(view.text):  # a registry outcome's time frame
        for match in _DURATION.finditer(view.text, frame.start("frame"), frame.end("frame")):
            values.extend(_durations(match))
            if span is None:
                span = (match.start(), match.end())
    ordered = sort_durations(values)
    if ordered and span:
        ev.add("/follow_up", *span)
    return ordered


# --- outcomes --------------------------------------------------------------------------------
_LOWER_IS_BETTER = {
    "mas",
    "spasticity",
    "spasm",
    "vas",
    "neuropathic-pain",
    "nbd",
    "residual-urine-volume",
}
_UP = r"improv\w*|increas\w*|gain\w*|recover\w*|better|enhanc\w*|restor\w*|rais\w*"
_DOWN = r"decreas\w*|reduc\w*|lower\w*|declin\w*|diminish\w*|alleviat\w*|reliev\w*|drop\w*"
_CUE = re.compile(
    rf"(?P<none>\bno\s+(?:significant\s+|statistically\s+significant\s+)?(?:change|difference|improvement)s?\b|\bunchanged\b|\bdid\s+not\s+(?:change|improve|differ)\b|\bremained\s+(?:stable|unchanged)\b)"
    rf"|(?P<worse>\bworsen\w*|\bdeteriorat\w*|\baggravat\w*)"
    rf"|(?P<sig>\b(?:statistical(?:ly)?|significant(?:ly)?)\s+(?:significant\s+)?(?:\w+\s+)?(?:{_UP}|{_DOWN}))"
    rf"|(?P<sig2>\b(?:{_UP}|{_DOWN})\s+(?:\w+\s+){{0,2}}(?:statistically\s+)?significant(?:ly)?)"
    rf"|(?P<up>\b(?:{_UP}))|(?P<down>\b(?:{_DOWN}))",
    re.I,
)
_RESULT_VERB = re.compile(
    r"\b(?:showed|shown|show|revealed|demonstrated|observed|found|experienced|achieved|reached|improved|"
    r"was seen|were seen|displayed|exhibited|had|occurred|resulted|led to|leads to|there (?:was|were)|compared)\b",
    re.I,
)
# a change stated as a fact: "VAS improved at 12 months", "MAS did not change"
_STATED_CHANGE = re.compile(
    r"\b(?:improved|increased|decreased|reduced|declined|worsened|deteriorated|did not|remained|gained|"
    r"was (?:not )?(?:improved|increased|decreased|reduced|unchanged)|were (?:not )?(?:improved|increased|decreased|reduced|unchanged))\b",
    re.I,
)
_NOT_SIGNIFICANT = re.compile(
    r"\b(?:not\s+(?:statistically\s+)?significant(?:ly)?|non-?significant|no\s+significant|"
    r"did\s+not\s+reach\s+(?:statistical\s+)?significance)\b",
    re.I,
)


def sentence_span(sentence: Sentence) -> tuple[int, int]:
    return sentence.start, sentence.end


_METHOD_VERB = re.compile(
    r"\b(?:assess\w*|evaluat\w*|measur\w*|collect\w*|determin\w*|looked for|to check|to examine|"
    r"will|were used|was used|indicators?|to evaluate|to record)\b",
    re.I,
)
_PRIMARY = re.compile(
    r"\b(?P<kind>primary|secondary|main|principal)\s+(?:(?:efficacy|safety|clinical)\s+)?(?:outcomes?|end ?points?|objectives?|aims?|goals?)\b",
    re.I,
)
_CLAUSE = re.compile(r";|\bwhereas\b|\bwhile\b|\bbut\b")
# "pinprick, light touch, motor and sphincter scores", "scores of pinprick, ... motor and ...",
# "ASIA and IANR-SCIFRS total scores": a measure named once for several words
_ELLIPSIS = re.compile(
    r"\b(?P<w>motor|sensory|pinprick|light touch)\b(?=(?:\s*(?:,|and|/|or)\s*[\w -]{1,25}?){1,4}\s+scores?\b)"
    r"|(?<=\bscores of )(?:[\w -]{1,25}?(?:,|\band\b)\s*){0,4}?(?P<w2>motor|sensory)\b"
    r"|\b(?P<w3>ASIA|American Spinal Injury Association)(?:\s*\(ASIA\))?(?=\s+(?:and|,)\s[^.;:]{0,110}?\btotal\s+scores?\b)",
    re.I,
)
_SLASH = re.compile(r"\b(?P<a>[a-z]+)/(?P<b>[a-z]+)\s+(?P<noun>functions?|scores?)\b", re.I)
_PURPOSE = re.compile(
    r"\bto\s+(?:evaluate|assess|measure|record|determine)\s+(?:the\s+)?(?:\w+\s+of\s+)?$", re.I
)
_LAST_CELL = re.compile(r"\t(?P<frame>[^\t\n]*\d[^\t\n]*)$", re.M)
_TIME_FRAME = re.compile(r"\[\s*Time Frame\s*:\s*(?P<frame>[^\]]*)\]", re.I)


def _clause(text: str, sentence: Sentence, offset: int) -> tuple[int, int]:
    """The part of the sentence around `offset` between clause breaks ("; whereas ...")."""
    start, end = sentence.start, sentence.end
    for match in _clause_breaks(text, sentence.start, sentence.end):
        if match[1] <= offset:
            start = match[1]
        elif match[0] >= offset:
            end = match[0]
            break
    return start, end


@lru_cache(maxsize=4096)
def _clause_breaks(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in _CLAUSE.finditer(text, start, end))


def measure_terms(text: str, start: int, end: int) -> list[Term]:
    """Outcome measures in a span, reading "motor and sensory scores" as two scores."""
    found = list(find_terms("measure", text, start, end))
    for match in _ELLIPSIS.finditer(text, start, end):
        group = next(g for g in ("w", "w2", "w3") if match.group(g))
        where = match.start(group), match.end(group)
        if any(t.start <= where[0] < t.end for t in found):
            continue
        word = "ASIA total" if group == "w3" else match.group(group)
        extra = find_terms("measure", word + " score")
        if extra:
            found.append(Term(extra[0].code, extra[0].concept, *where, text[where[0] : where[1]]))
    for match in _SLASH.finditer(text, start, end):
        for part in ("a", "b"):
            phrase = f"{match.group(part)} {match.group('noun')}"
            extra = find_terms("measure", phrase)
            where = match.start(part)
            if extra and not any(t.start <= where < t.end for t in found):
                found.append(
                    Term(
                        extra[0].code,
                        extra[0].concept,
                        match.start(part),
                        match.end(part),
                        match.group(part),
                    )
                )
    return sorted(found, key=lambda t: t.start)


def _direction(text: str, clause: tuple[int, int], term: Term, code: str):
    """(direction, significant, start, end) from the cue nearest the measure in its clause."""
    best = None
    for match in _CUE.finditer(text, *clause):
        if match.start() < term.end and term.start < match.end():
            continue  # "Lower extremity motor score" names the measure, it is no change
        distance = (
            term.start - match.end() if match.end() <= term.start else match.start() - term.end
        )
        if best is None or distance < best[0]:
            best = (distance, match)
    if best is None:
        return None
    match = best[1]
    kind = match.lastgroup
    word = match.group(0).lower()
    significant = None
    if kind in ("sig", "sig2"):
        significant = True
    if kind == "none":
        direction = "no-change"
        if "significant" in word:
            significant = False
    elif kind == "worse":
        direction = "worsened"
    else:
        down = re.search(_DOWN, word) and not re.search(r"improv", word)
        if down:
            direction = "improved" if code in _LOWER_IS_BETTER else "worsened"
        else:
            direction = (
                "worsened"
                if code in _LOWER_IS_BETTER and not re.search(r"improv|recover|better|restor", word)
                else "improved"
            )
    return direction, significant, match.start(), match.end()


def _timepoint(view: TextView, sentence: Sentence, clause: tuple[int, int], follow_up: list[str]):
    text = view.text
    line_end = text.find("\n", clause[0])
    line_end = len(text) if line_end < 0 else line_end
    frame = _TIME_FRAME.search(text, sentence.start, max(line_end, sentence.end))
    if frame is None and "\t" in sentence.text:  # a registry table row: time frame last
        frame = _LAST_CELL.search(text, sentence.start, sentence.end)
    if frame:
        values = []
        for match in _DURATION.finditer(frame.group("frame")):
            values.extend(_durations(match))
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
    for match in _AT_TIME.finditer(text, *clause):
        values.extend(_durations(match))
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


_OUTCOME_HEADING = re.compile(
    r"^[ \t]*(?P<kind>Primary|Secondary|Other(?: Pre-specified)?) Outcome Measures?\b[^\n]*$",
    re.I | re.M,
)


def _heading_before(headings: list[re.Match[str]], offset: int) -> re.Match[str] | None:
    before = [h for h in headings if h.end() <= offset]
    return before[-1] if before else None


def read_outcomes(view: TextView, ev: Evidence, follow_up: list[str]) -> list[dict[str, Any]]:
    """Outcome measures with primary flag, time point, direction and significance."""
    text = view.text
    outcomes: dict[str, dict[str, Any]] = {}
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    headings = list(_OUTCOME_HEADING.finditer(text))
    for sentence in view.factual():
        terms = measure_terms(text, sentence.start, sentence.end)
        goal = _PRIMARY.search(sentence.text)
        if (
            goal
            and re.search(r"\bsafe(?:ty)?\b", sentence.text, re.I)
            and not any(t.code == "safety" for t in terms)
        ):
            where = re.search(r"\bsafe(?:ty)?\b", sentence.text, re.I)
            terms.append(
                Term(
                    "safety",
                    "safety",
                    sentence.start + where.start(),
                    sentence.start + where.end(),
                    where.group(0),
                )
            )
        if len({t.code for t in terms}) > 1:  # "MAS ... to evaluate spasticity": MAS is the measure
            terms = [
                t
                for t in terms
                if not _PURPOSE.search(text, max(sentence.start, t.start - 30), t.start)
            ]
        results = bool(_RESULT_VERB.search(sentence.text) or _STATED_CHANGE.search(sentence.text))
        for term in terms:
            code = term.code
            if code == "safety" and not goal:
                continue  # "safety" is an outcome only where the text names it as an end point
            outcome = outcomes.setdefault(
                code,
                {
                    "measure": code,
                    "primary": None,
                    "timepoint": None,
                    "direction": None,
                    "significant": None,
                    "as_written": None,
                },
            )
            where = spans.setdefault(code, {})
            where.setdefault("measure", (term.start, term.end))
            clause = _clause(text, sentence, term.start)
            if outcome["primary"] is None:
                marker = None
                for match in _PRIMARY.finditer(text, *clause):
                    if match.start() >= term.end:
                        marker = match
                        break
                    marker = match
                if marker is None:  # under a registry heading "Primary Outcome Measures"
                    marker = _heading_before(headings, term.start)
                if marker is not None:
                    outcome["primary"] = marker.group("kind").lower() in (
                        "primary",
                        "main",
                        "principal",
                    )
                    where["primary"] = (marker.start(), marker.end())
            if outcome["timepoint"] is None:
                found = _timepoint(view, sentence, clause, follow_up)
                if found:
                    outcome["timepoint"] = found[0]
                    where["timepoint"] = (found[1], found[2])
            if (
                outcome["direction"] is None
                and results
                and code not in ("adverse-events", "safety")
            ):
                found = _direction(text, clause, term, code)
                if found:
                    outcome["direction"] = found[0]
                    where["direction"] = (found[2], found[3])
                    if found[1] is not None:
                        outcome["significant"] = found[1]
                        where["significant"] = (found[2], found[3])
                    elif not_significant := _NOT_SIGNIFICANT.search(text, *sentence_span(sentence)):
                        outcome["significant"] = False
                        where["significant"] = not_significant.span()
    out = list(outcomes.values())
    for index, outcome in enumerate(out):
        for key, (start, end) in spans[outcome["measure"]].items():
            ev.add(f"/outcomes/{index}/{key}", start, end)
    return out


# --- AIS transitions and responders ---------------------------------------------------------
_GRADE = r"(?:AIS|ASIA|Frankel)(?:\s+grade)?[\s-]*(?P<{name}>[A-E])\b"
_FRACTION = re.compile(r"\s*\(\s*(?P<a>\d{1,4})\s*/\s*(?P<b>\d{1,4})\s*\)")
_FROM = re.compile(_GRADE.format(name="g"))
_TARGET = re.compile(
    r"(?:\bto|reached|status of|became|converted(?:\s+to)?|into)\s+(?:an?\s+)?(?:\w+\s+){0,2}?"
    + _GRADE.format(name="t"),
    re.I,
)
_MORE_TARGET = re.compile(r"\s*(?:,\s*)?(?:or|and|,)\s+(?:to\s+)?" + _GRADE.format(name="t"))
_FROM_TO = re.compile(
    r"\bfrom\s+" + _GRADE.format(name="f") + r"\s+to\s+" + _GRADE.format(name="t2"), re.I
)


def read_transitions(
    view: TextView, ev: Evidence, follow_up: list[str]
) -> tuple[list[dict[str, Any]], list[tuple[str, int, int]]]:
    """Per-grade changes ("improved to ASIA B (3/6)"); also the starting grades and spans."""
    text = view.text
    transitions: list[dict[str, Any]] = []
    starts: list[tuple[str, int, int]] = []
    last: tuple[str, int, int] | None = None
    for sentence in view.factual():
        own = _timepoint(view, sentence, (sentence.start, sentence.end), follow_up)
        time = own[0] if own else None
        segments = re.split(r"(?<=\)),\s*|;\s*", sentence.text)
        offset = sentence.start
        for segment in segments:
            seg_start = text.find(segment, offset)
            seg_end = seg_start + len(segment)
            offset = seg_end
            source = _FROM.search(text, seg_start, seg_end)
            if not source:
                continue
            before = text[max(seg_start, source.start() - 15) : source.start()]
            if re.search(r"\bto\s+$|of\s+$", before):
                continue
            first = _TARGET.search(text, source.end(), seg_end)
            targets = [first] if first else []
            while targets:  # "improved to ASIA B (3/6) or ASIA C (2/6)"
                fraction = _FRACTION.match(text, targets[-1].end())
                more = fraction and _MORE_TARGET.match(text, fraction.end(), seg_end)
                if not more:
                    break
                targets.append(more)
            made = False
            for target in targets:
                fraction = _FRACTION.match(text, target.end())
                if not fraction:
                    continue
                a, b = int(fraction.group("a")), int(fraction.group("b"))
                if a > b or target.group("t") <= source.group("g"):
                    continue
                index = len(transitions)
                transitions.append(
                    {
                        "from": source.group("g"),
                        "to": target.group("t"),
                        "patients": a,
                        "of": b,
                        "timepoint": time or (last[0] if last else None),
                    }
                )
                ev.add(f"/ais_transitions/{index}/from", source.start(), source.end())
                ev.add(f"/ais_transitions/{index}/to", target.start(), target.end())
                ev.add(f"/ais_transitions/{index}/patients", fraction.start("a"), fraction.end("a"))
                ev.add(f"/ais_transitions/{index}/of", fraction.start("b"), fraction.end("b"))
                when = own or last
                if when:
                    ev.add(f"/ais_transitions/{index}/timepoint", when[1], when[2])
                made = True
            if made:
                starts.append((source.group("g"), source.start(), source.end()))
        # a time point carries over only from the sentence just before, about AIS grades
        grades_here = any(
            t.code == "ais-grade" for t in find_terms("measure", text, sentence.start, sentence.end)
        )
        last = (own[0], own[1], own[2]) if own and grades_here else None
    return transitions, starts


_RESPONDERS = [
    # "seven of the ten patients experienced an improvement in AIS grade"
    re.compile(
        rf"\b(?P<n>{COUNT})\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?P<m>{COUNT})\s+(?:\w+\s+){{0,2}}?(?:patients|subjects|participants)\b",
        re.I,
    ),
    # "Four patients demonstrated recovery"
    re.compile(
        rf"(?<!of )(?<!of the )\b(?P<n>{COUNT})\s+(?:\w+\s+){{0,2}}?(?:patients|subjects|participants)\s+(?:\w+\s+){{0,2}}?(?:showed|demonstrated|experienced|had|achieved|gained|improved|displayed|exhibited)\b",
        re.I,
    ),
]
_IMPROVE = re.compile(r"\b(?:improv\w*|recover\w*|gain\w*|convert\w*|better)\b", re.I)


def read_responders(
    view: TextView, ev: Evidence, follow_up: list[str], enrolled: int | None
) -> list[dict[str, Any]]:
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
            if not n or (m is not None and n > m):
                continue
            measure = measures[0].code
            own = _timepoint(view, sentence, (sentence.start, sentence.end), follow_up)
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
                    match.start("m") if m else None,
                    match.end("m") if m else None,
                )
            elif item["of"] is None and m is not None:
                item["of"] = m
                spans[key] = (*spans[key][:2], match.start("m"), match.end("m"))
            break
    out = []
    for index, key in enumerate(order):
        a, b, c, d = spans[key]
        ev.add(f"/responders/{index}/patients", a, b)
        if c is not None:
            ev.add(f"/responders/{index}/of", c, d)
        out.append(found[key])
    return out


# --- adverse events ---------------------------------------------------------------------------
_AE_CUE = re.compile(
    r"\b(?:adverse|side[- ]effects?|AEs?|SAEs?|complications?|toxicit\w*|tolerat\w*|reported|experienced|occurred|observed|events?)\b",
    re.I,
)
_SAE_NONE = re.compile(
    r"\b(?:no|none|without|absence of|zero|free of|nor)\b[^.;\n]{0,40}?\b(?:serious|severe|major)\s+(?:adverse\s+(?:events?|effects?|reactions?)|AEs?|side[- ]effects?|complications?)"
    r"|\bno\s+SAEs?\b|\bno\s+(?:early\s+or\s+late\s+)?(?:adverse\s+(?:events?|effects?|reactions?)|side[- ]effects?|AEs?)\b",
    re.I,
)
_SAE_COUNT = re.compile(rf"\b(?P<n>{COUNT})\s+(?:\w+\s+)?(?:serious adverse events?|SAEs?)\b", re.I)
_MILD = re.compile(
    r"\b(?:mild|minor|non-serious|transient|moderate|self-limit\w*|resolved)\b", re.I
)
_PERCENT_AFTER = re.compile(
    r"\s*\(\s*(?:n\s*=\s*(?P<n>\d+)\s*[,;]\s*)?(?:(?P<a>\d+)\s*/\s*(?P<b>\d+)\s*[,;]\s*)?(?P<p>\d{1,3}(?:\.\d+)?)\s*%"
)
_COUNT_AFTER = re.compile(
    r"\s*\(\s*(?:n\s*=\s*)?(?P<n>\d+)(?:\s*/\s*(?P<b>\d+))?\s*\)"
    r"|(?:\s+(?:occurred|was\s+(?:reported|observed|seen|noted)|were\s+(?:reported|observed)|developed))?"
    r"\s+in\s+(?P<n2>" + COUNT + r")(?:\s*(?:/|of|out of)\s*(?:the\s+)?(?P<b2>" + COUNT + r"))?"
    r"\s+(?:\w+\s+)?(?:patients|subjects|participants|cases)"
    r"(?:\s*\(\s*(?P<p2>\d{1,3}(?:\.\d+)?)\s*%\s*\))?",
    re.I,
)
_COUNT_BEFORE = re.compile(
    rf"(?P<n>{COUNT})\s+(?:\w+\s+)?(?:patients|subjects|participants)\s+(?:\w+\s+){{0,2}}?(?:experienced|had|developed|reported|presented(?:\s+with)?|suffered(?:\s+from)?)\s+(?:\w+\s+){{0,2}}?$",
    re.I,
)
_MODIFIERS = re.compile(r"(?:\b(?:transient|mild|moderate|severe|slight|temporary)\s+)+$", re.I)


def read_serious(view: TextView, ev: Evidence) -> int | None:
    """0 where the text says there were no serious adverse events, a count where it gives one."""
    for sentence in view.factual():
        match = _SAE_NONE.search(sentence.text)
        if match:
            ev.add(
                "/serious_adverse_events",
                sentence.start + match.start(),
                sentence.start + match.end(),
            )
            return 0
        match = _SAE_COUNT.search(sentence.text)
        if match and count_value(match.group("n")) is not None:
            ev.add(
                "/serious_adverse_events",
                sentence.start + match.start(),
                sentence.start + match.end(),
            )
            return count_value(match.group("n"))
    return None


def read_adverse_events(
    view: TextView, ev: Evidence, serious_count: int | None
) -> list[dict[str, Any]]:
    """Adverse events with how often they happened, in sentences about adverse events."""
    text = view.text
    events: list[dict[str, Any]] = []
    seen: set[str] = set()
    for sentence in view.factual():
        if not _AE_CUE.search(sentence.text):
            continue
        for term in find_terms("ae-term", text, sentence.start, sentence.end):
            if term.code in seen:
                continue
            measure_here = [
                t
                for t in find_terms("measure", text, sentence.start, sentence.end)
                if t.start <= term.start < t.end
            ]
            if measure_here:
                continue
            seen.add(term.code)
            index = len(events)
            start = term.start
            modifier = _MODIFIERS.search(text, max(sentence.start, term.start - 40), term.start)
            if modifier:
                start = modifier.start()
            event: dict[str, Any] = {
                "term": term.code,
                "as_written": text[start : term.end],
                "percent": None,
                "patients": None,
                "serious": None,
            }
            ev.add(f"/adverse_events/{index}/term", term.start, term.end)
            ev.add(f"/adverse_events/{index}/as_written", start, term.end)
            after = _PERCENT_AFTER.match(text, term.end)
            if after:
                event["percent"] = float(after.group("p"))
                ev.add(f"/adverse_events/{index}/percent", after.start("p"), after.end("p"))
                n = after.group("n") or after.group("a")
                if n:
                    event["patients"] = int(n)
                    group = "n" if after.group("n") else "a"
                    ev.add(
                        f"/adverse_events/{index}/patients", after.start(group), after.end(group)
                    )
            else:
                count = _COUNT_AFTER.match(text, term.end)
                if count:
                    group = "n" if count.group("n") else "n2"
                    value = count_value(count.group(group))
                    if count.group("p2"):
                        event["percent"] = float(count.group("p2"))
                        ev.add(
                            f"/adverse_events/{index}/percent", count.start("p2"), count.end("p2")
                        )
                    if value is not None:
                        event["patients"] = value
                        ev.add(
                            f"/adverse_events/{index}/patients",
                            count.start(group),
                            count.end(group),
                        )
                    at_risk = count.group("b") or count.group("b2")
                    if at_risk and count_value(at_risk):
                        event["at_risk"] = count_value(at_risk)
                        where = "b" if count.group("b") else "b2"
                        ev.add(
                            f"/adverse_events/{index}/at_risk", count.start(where), count.end(where)
                        )
                else:
                    before = _COUNT_BEFORE.search(text, sentence.start, term.start)
                    if before and count_value(before.group("n")) is not None:
                        event["patients"] = count_value(before.group("n"))
                        ev.add(
                            f"/adverse_events/{index}/patients", before.start("n"), before.end("n")
                        )
            clause_text = sentence.text
            if (
                re.search(r"\bserious\b", clause_text, re.I)
                and not re.search(r"\b(?:no|non|not)[- ]serious\b", clause_text, re.I)
                and not _SAE_NONE.search(clause_text)
            ):
                event["serious"] = True
                ev.add(f"/adverse_events/{index}/serious", sentence.start, sentence.end)
            elif _MILD.search(clause_text):
                match = _MILD.search(clause_text)
                event["serious"] = False
                ev.add(
                    f"/adverse_events/{index}/serious",
                    sentence.start + match.start(),
                    sentence.start + match.end(),
                )
            elif serious_count == 0 and "/serious_adverse_events" in ev.spans:
                # "no serious adverse events": so none of those reported was serious
                span = ev.spans["/serious_adverse_events"]
                event["serious"] = False
                ev.add(f"/adverse_events/{index}/serious", span.start, span.end)
            events.append(event)
    return events
