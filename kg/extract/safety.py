"""Adverse events, how often and how serious, and the count of serious ones."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extract.numbers import COUNT, count_value
from kg.extract.text import Evidence, TextView
from kg.extract.vocabulary import find_terms

__all__ = ["read_adverse_events", "read_serious"]

_AE_CUE = re.compile(
    r"\b(?:adverse|side[- ]effects?|AEs?|SAEs?|complications?|toxicit\w*|tolerat\w*|reported|experienced|occurred|observed|events?|incidence|"
    r"(?:re)?hospitali[sz]ed|readmitted)\b",
    re.I,
)
# "two patients developed infections" (not "patients who had developed ARDS", their disease);
# run only on sentences with the verb, as the counts make it slow
_DEVELOPED = re.compile(
    rf"\b(?:{COUNT})\s+(?:\w+\s+){{0,2}}?(?:patients?|subjects?|participants?|of\s+them)\s+"
    r"(?:developed|contracted)\b",
    re.I,
)
_SAE_NONE = re.compile(
    # "No severe MSC-related adverse events", "no evidence of ... or other serious issues"
    r"\b(?:no|none|without|absence of|zero|free of|nor)\b[^.;\n]{0,60}?\b(?:serious|severe|major)\s+(?:[\w-]+[- ]related\s+)?(?:adverse\s+(?:events?|effects?|reactions?)|AEs?|side[- ]effects?|complications?|negative\s+effects?|harmful\s+effects?|safety\s+concerns?|events?|issues)"
    r"|\bno\s+evidence\s+of\b[^.;\n]{0,120}?\bor\s+other\s+serious\s+(?:issues|problems|events|complications)\b"
    # "No patients presented with adverse effects"
    r"|\bno\s+(?:patients?|subjects?|participants?)\s+(?:presented|had|developed|experienced|reported|"
    r"showed)\s+(?:with\s+)?(?:any\s+)?(?:adverse|side[- ]|serious)"
    # "No ADRs and SAEs related to stem cell treatment occurred"
    r"|\bno\s+(?:[A-Za-z]+\s+(?:and|or)\s+)?SAEs?\b|\b(?:no|without\s+any)\s+(?:(?:early\s+or\s+late|reported|observed|"
    r"treatment[- ]related)\s+"
    # "no surgical, medical, or neurological complications"
    r"|(?:(?:surgical|medical|neurological|procedural|local|systemic|infectious),?\s+(?:or\s+)?)+)?"
    r"(?:(?:adverse|untoward|undesirable|unwanted|negative)\s+"
    r"(?:events?|effects?|reactions?|symptoms?)|side[- ]effects?|AEs?|"
    # "no complications following implantation", "no complications connected with therapy"
    r"complications?)\b"
    # "the patient did not experience any severe adverse events"
    r"|\b(?:did|do|does|were|was)\s+not\s+(?:experience|have|develop|show|cause|observe|report)\w*\s+"
    r"(?:any\s+)?(?:serious|severe|major)\s+(?:adverse\s+(?:events?|effects?|reactions?)|AEs?|"
    r"side[- ]effects?|complications?)"
    # "none of the patients experienced any adverse reaction", "showed no signs of untoward
    # effects": none at all, so no serious one
    r"|\bnone\s+of\s+(?:the\s+)?(?:\w+\s+){0,8}?(?:experienced|had|developed|showed)\s+any\s+"
    r"(?:adverse|untoward|undesirable|unwanted)\s+(?:events?|effects?|reactions?)"
    r"|\bno\s+signs?\s+of\s+(?:any\s+)?(?:adverse|untoward|undesirable|unwanted)\s+"
    r"(?:events?|effects?|reactions?)"
    # "we have not seen any complications so far"
    r"|\bha(?:ve|s)\s+not\s+(?:seen|observed|had|found)\s+any\s+(?:[\w-]+\s+){0,2}?"
    r"(?:complications?|adverse\s+(?:events?|effects?)|side[- ]effects?)"
    # "did not have any major or minor side effects": none at all, so no serious one
    # "Participants had not shown any early-onset possible side effects"
    r"|\b(?:did|do|does|had|has|have)\s+not\s+(?:experience|have|develop|show|shown|had|"
    r"experienced|developed)\s+any\s+(?:[\w-]+\s+){0,3}?"
    r"(?:(?:adverse|untoward|undesirable|unwanted)\s+(?:events?|effects?|reactions?)|"
    r"side[- ]effects?|AEs?|complications?)",
    re.I,
)
_SAE_COUNT = re.compile(
    rf"\b(?P<n>{COUNT})\s+(?:\w+\s+)?(?:serious adverse events?|SAEs?)\b"
    # "only one participant needed surgical treatment for a serious adverse event"
    rf"|\b(?P<n2>{COUNT})\s+(?:participant|patient|subject)s?\s+(?:had|experienced|developed|"
    r"suffered|needed\s+[^.;]{0,40}?\bfor)\s+(?:an?\s+)?(?:serious adverse events?|SAEs?)\b",
    re.I,
)
_MILD = re.compile(
    r"\b(?:mild|minor|non-serious|transient|moderate|self-limit\w*|resolved)\b", re.I
)
# what the event came from or when, between it and its count: "wound pain from the surgical
# procedure (n = 9)"; never past another event ("and", "or") or a clause
_QUALIFIER = (
    r"(?:\s+(?:from|after|at|around|near|due\s+to|related\s+to|in\s+the)\s+"
    r"(?:(?!\b(?:and|or|in\s+\d)\b)[^,;:.()\d]){1,50}?)?"
)
_PERCENT_AFTER = re.compile(
    _QUALIFIER
    + r"\s*\(\s*(?:n\s*=\s*(?P<n>\d+)\s*[,;]\s*)?(?:(?P<a>\d+)\s*/\s*(?P<b>\d+)\s*[,;]\s*)?(?P<p>\d{1,3}(?:\.\d+)?)\s*%"
)
_COUNT_AFTER = re.compile(
    _QUALIFIER + r"\s*\(\s*(?:n\s*=\s*)?(?P<n>\d+)(?:\s*/\s*(?P<b>\d+))?\s*\)"
    r"|(?:\s+(?:occurred|was\s+(?:reported|observed|seen|noted)|were\s+(?:reported|observed)|developed))?"
    r"\s+in\s+(?P<n2>" + COUNT + r")(?:\s*(?:/|of|out of)\s*(?:the\s+)?(?P<b2>" + COUNT + r"))?"
    # "in one patient", "in one of the patients"
    r"\s+(?:of\s+the\s+)?(?:\w+\s+)?(?:patients?|subjects?|participants?|cases?)"
    r"(?:\s*\(\s*(?P<p2>\d{1,3}(?:\.\d+)?)\s*%\s*\))?",
    re.I,
)
# who had the event, written before it: "... experienced (transient) ", "... suffered from "
_HAD_EVENT = (
    r"(?:experienc\w*|had|developed|reported|presented(?:\s+with)?|suffered(?:\s+from)?|"
    r"was\s+(?:re)?(?:hospitali[sz]ed|admitted|readmitted)\s+(?:for|with))\s+"
    r"(?:\w+\s+){0,2}?$"
)
# "two patients experienced headache"
_COUNT_BEFORE = re.compile(
    rf"(?P<n>{COUNT})\s+(?:\w+\s+)?(?:patients?|subjects?|participants?)\s+(?:\w+\s+){{0,2}}?"
    + _HAD_EVENT,
    re.I,
)
# "2 cases of fever and 1 case of headache": a case is a patient's event
_CASES_OF = re.compile(rf"\b(?P<n>{COUNT})\s+cases?\s+of\s+(?:\w+\s+){{0,2}}?$", re.I)
# "There were 2 cases of nausea, 1 of abdominal pain": counted cases tell of events by themselves
# (told in the past, as what happened in the study, not a rate in general)
_COUNTED_CASES = re.compile(
    rf"\b(?:were|was|had|occurred|developed|observed|reported|noted|recorded)\b[^.;]*?"
    rf"\b(?:{COUNT})\s+cases?\s+of\b|\b(?:{COUNT})\s+cases?\s+of\b[^.;]*?\b(?:were|was|"
    r"occurred|developed|observed|reported|noted|recorded)\b",
    re.I,
)
# "with 8.9% experiencing allergic skin reactions"
_PERCENT_BEFORE = re.compile(
    r"(?P<p>\d{1,3}(?:\.\d+)?)\s*%\s+(?:of\s+(?:the\s+)?(?:patients|subjects|participants)\s+)?"
    + _HAD_EVENT,
    re.I,
)
# "there were not any adverse lesions such as hemorrhage or infections": no event at all, unless
# an exception or a new clause follows the negation ("no serious events, and mild fever in two")
_NEGATION = re.compile(
    r"\b(?:no|not|without|nor|neither|free\s+of|absence\s+of|"
    # "none of the patients had X", "none were found to have X": the verb belongs to the denial
    r"none\b(?:[^.;]{0,40}?\b(?:had|has|have|experienced|developed|reported|showed)\b)?)\b",
    re.I,
)
_EXCEPTION = re.compile(
    r"\b(?:except|other\s+than|apart\s+from|besides|but|however|although|whereas|while|"
    r"occurred|had|has|have|experienced|reported|developed|presented)\b|[;:]|,\s*(?:and|with)\b",
    re.I,
)


def _negated(text: str, sentence_start: int, term_start: int) -> bool:
    """Whether the words just before a term deny it, with no exception in between."""
    before = text[max(sentence_start, term_start - 100) : term_start]
    negations = list(_NEGATION.finditer(before))
    return bool(negations) and not _EXCEPTION.search(before, negations[-1].end())


# a protocol's plan ("fever and any other side effect will be assessed") reports no event
_TO_BE_ASSESSED = re.compile(
    r"\bwill\s+be\s+(?:assessed|measured|evaluated|recorded|monitored|collected|documented)\b", re.I
)
# a method's list of what was checked, with no event said to have happened
_WHAT_WAS_CHECKED = re.compile(
    r"\b(?:we|investigators|the\s+team)\s+(?:\w+\s+)?(?:evaluated|assessed|monitored|recorded|"
    r"documented|collected|measured|examined)\b",
    re.I,
)
_HAPPENED = re.compile(
    r"\b(?:occurred|had|has|have|experienced|developed|reported\s+in|presented|suffered|"
    r"was\s+(?:seen|observed|noted)|were\s+(?:seen|observed|noted)|in\s+\d+|\d+\s*%|no\b|none\b)",
    re.I,
)
# what someone was told or hoped before treatment, not what happened
_PROMISE = re.compile(
    r"\b(?:a\s+chance|(?:was|were)\s+told|learn(?:ed|t)\s+that|promis\w*|"
    r"hop(?:e|ed|es|ing)\s+(?:to|that))\b",
    re.I,
)
_MODIFIERS = re.compile(r"(?:\b(?:transient|mild|moderate|severe|slight|temporary)\s+)+$", re.I)


# a registry's outcome heading: the line under it defines a measure ("No side effects, including
# severe or mild ..."), it reports nothing
_OUTCOME_HEADING_ABOVE = re.compile(
    r"^[ \t]*(?:main|primary|secondary)\s+outcomes?(?:\s+(?:variables?|measures?))?[ \t]*:?"
    r"[\s\-•]*$",
    re.I,
)


# a denial said of some of them only: "In total, 18 of 19 ... procedures performed caused no"
_SOME_OF = re.compile(rf"\b(?:{COUNT})\s+(?:of|out\s+of)\s+(?:the\s+)?(?:{COUNT})\b", re.I)


def _under_outcome_heading(text: str, start: int) -> bool:
    """Whether the text at `start` opens the block under a registry's outcome heading."""
    line_start = text.rfind("\n", 0, start)
    previous = text[max(0, line_start - 200) : line_start].split("\n")
    lines = [line for line in previous if line.strip(" \t-•")]
    return bool(lines) and bool(_OUTCOME_HEADING_ABOVE.match(lines[-1]))


def read_serious(view: TextView, ev: Evidence) -> int | None:
    """0 where the text says there were no serious adverse events, a count where it gives one."""
    for sentence in view.factual():
        match = _SAE_NONE.search(sentence.text)
        if match and _PROMISE.search(sentence.text):
            continue  # "he learnt there was a chance to get cured with no major side effects"
        if match and _under_outcome_heading(view.text, sentence.start):
            continue  # a measure defined under its heading, no report of what happened
        if match and _SOME_OF.search(sentence.text, 0, match.start()):
            continue  # "18 of 19 procedures caused no adverse events": the 19th did
        if match:
            ev.add(
                "/serious_adverse_events",
                sentence.start + match.start(),
                sentence.start + match.end(),
            )
            return 0
        match = _SAE_COUNT.search(sentence.text)
        count = count_value(match.group("n") or match.group("n2")) if match else None
        if match and count is not None:
            ev.add(
                "/serious_adverse_events",
                sentence.start + match.start(),
                sentence.start + match.end(),
            )
            return count
    return None


_RISKS = re.compile(
    r"\b(?:may|might|could|can)\s+(?:include|cause|occur|lead\s+to)\b|\b(?:possible|potential)\s+"
    r"(?:side[- ]effects|risks|complications|adverse\s+events)\b",
    re.I,
)
# "There were 16 AEs in total": a share out of 16 is of events, not of patients
_EVENT_TOTAL = re.compile(
    rf"\b(?P<n>{COUNT})\s+(?:\w+\s+){{0,2}}?(?:AEs|adverse\s+(?:events|reactions|effects)|"
    r"side[- ]effects|events)\b",
    re.I,
)


@lru_cache(maxsize=4)
def _event_totals(text: str) -> frozenset[int]:
    """The numbers of events a text states in all ("There were 16 AEs in total")."""
    counts = (count_value(m.group("n")) for m in _EVENT_TOTAL.finditer(text))
    return frozenset(c for c in counts if c is not None)


# "The incidence of acute GVHD was 50%"
_INCIDENCE_BEFORE = re.compile(r"\b(?:incidence|rate)\s+of\s+(?:[\w-]+\s+){0,2}?$", re.I)
_RATE_AFTER = re.compile(r"\s+(?:was|were)\s+(?P<p>\d{1,3}(?:\.\d+)?)\s*%")
_RATE_OF = re.compile(
    r"\b(?:rates?|incidences?|numbers?|frequenc(?:y|ies)|proportions?)\s+of\s+$", re.I
)
_THESE_AND = re.compile(r"\b(?:these|those|this|the\s+above)\s+and\s+$", re.I)
# "well tolerated in 15 patients with severe sepsis": the condition treated, not an event
_CONDITION_BEFORE = re.compile(
    r"\b(?:patients|subjects|participants|people|persons|children|adults|infants|those)\s+"
    r"(?:\w+\s+)?with\s+(?:(?:severe|acute|chronic|mild|moderate|refractory|septic|active|"
    r"recurrent|persistent|early|advanced)\s+){0,2}$",
    re.I,
)
# "Fatigue Severity Scale scores improved": the name of an instrument, not an event
_INSTRUMENT_AFTER = re.compile(
    r"[\s-]+(?:(?:severity|impact|intensity|rating|visual\s+analog(?:ue)?)\s+)?"
    r"(?:scales?|scores?|index|indices|questionnaires?|inventory|grading|VAS)\b",
    re.I,
)


def read_adverse_events(
    view: TextView, ev: Evidence, serious_count: int | None
) -> list[dict[str, Any]]:
    """Adverse events with how often they happened, in sentences about adverse events."""
    text = view.text
    events: list[dict[str, Any]] = []
    seen: set[str] = set()
    for sentence in view.factual():
        if not (
            _AE_CUE.search(sentence.text)
            or (
                ("developed" in sentence.text or "contracted" in sentence.text)
                and _DEVELOPED.search(sentence.text)
            )
            or ("case" in sentence.text and _COUNTED_CASES.search(sentence.text))
        ) or _TO_BE_ASSESSED.search(sentence.text):
            continue
        if _WHAT_WAS_CHECKED.search(sentence.text) and not _HAPPENED.search(sentence.text):
            continue  # "We evaluated visual acuity and other adverse events": a method
        if _RISKS.search(sentence.text):
            continue  # "Possible side effects may include infection": risks, not events
        for term in find_terms("ae-term", text, sentence.start, sentence.end):
            # one event per concept: a rash and a haematoma are both reported as "other"
            if term.concept in seen:
                continue
            if term.concept == "other" and _THESE_AND.search(
                text, max(0, term.start - 12), term.start
            ):
                continue  # "These and other adverse events": the events named before, and more
            if term.concept == "other" and _RATE_OF.search(
                text, max(0, term.start - 20), term.start
            ):
                continue  # "Rates of other adverse events did not differ": the rest, compared
            measure_here = [
                t
                for t in find_terms("measure", text, sentence.start, sentence.end)
                if t.start <= term.start < t.end
            ]
            if measure_here or _negated(text, sentence.start, term.start):
                continue
            if _INSTRUMENT_AFTER.match(text, term.end):
                continue
            after = _PERCENT_AFTER.match(text, term.end) or (
                _INCIDENCE_BEFORE.search(text, max(sentence.start, term.start - 40), term.start)
                and _RATE_AFTER.match(text, term.end)
            )
            count = None if after else _COUNT_AFTER.match(text, term.end)
            if not (after or count) and _CONDITION_BEFORE.search(
                text, max(sentence.start, term.start - 80), term.start
            ):
                continue
            seen.add(term.concept)
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
            if after:
                event["percent"] = float(after.group("p"))
                ev.add(f"/adverse_events/{index}/percent", after.start("p"), after.end("p"))
                counts = after.groupdict()  # "The incidence of fever was 12%" gives none
                n = counts.get("n") or counts.get("a")
                if n:
                    event["patients"] = int(n)
                    group = "n" if counts.get("n") else "a"
                    ev.add(
                        f"/adverse_events/{index}/patients", after.start(group), after.end(group)
                    )
            else:
                at_risk = count and (count.group("b") or count.group("b2"))
                if at_risk and count_value(at_risk) in _event_totals(text):
                    count = None  # "fevers (5/16)" of 16 events: no count of patients
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
                elif share := _PERCENT_BEFORE.search(text, sentence.start, start):
                    event["percent"] = float(share.group("p"))
                    ev.add(f"/adverse_events/{index}/percent", share.start("p"), share.end("p"))
                else:
                    before = _COUNT_BEFORE.search(
                        text, sentence.start, term.start
                    ) or _CASES_OF.search(text, max(sentence.start, term.start - 40), term.start)
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
