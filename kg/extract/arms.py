"""Arms: one per product x route, from a registry's arm list or from running text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from operator import itemgetter
from typing import Any

from kg.extract.numbers import COUNT, DOSE, VOLUME_DOSE, count_value, dose_value
from kg.extract.text import ANIMAL_WORD, Evidence, Sentence, TextView
from kg.extract.vocabulary import Term, find_terms, label_table

__all__ = ["ArmDraft", "read_arms"]


@dataclass
class ArmDraft:
    """An arm being read: its values and the spans they came from (pointer suffix -> span)."""

    label: str
    role: str = "experimental"
    product: dict[str, Any] = field(default_factory=lambda: {"kind": "none"})
    route: str | None = None
    route_as_written: str | None = None
    dose: dict[str, Any] | None = None
    administrations: int | None = None
    interval: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """The arm as a record dict."""
        return {
            "label": self.label,
            "role": self.role,
            "product": self.product,
            "route": self.route,
            "route_as_written": self.route_as_written,
            "dose": self.dose,
            "administrations": self.administrations,
            "interval": self.interval,
        }


# a schedule of different doses: "the second injection ... at the dose of 3 million cells",
# "of 2 million, 4 million and 6 million cells", "dose escalation"
_STEPS = re.compile(
    r"\b(?:first|second|third|fourth|escalat\w*|increasing|ascending|rising)\b|"
    r"\b(?:low|high|medium|middle|intermediate)[- ]dose\b|"
    # "divided into low (1 × 10^6 cells/kg), intermediate (2 × 10^6 cells/kg) and high (...)"
    r"\b(?:low|high|medium|middle|intermediate)\s*\(\s*\d|"
    # two dose groups: "2 × 10^7 cells/disc (n = 5) or 4 × 10^7 cells/disc (n = 5)"
    r"\(\s*n\s*=\s*\d+\s*\)\s*(?:or|and|vs\.?|versus)\s+\d|"
    r"\d\s*(?:million|billion)?\s*,\s*\d[^.;]{0,30}\band\s+\d",
    re.I,
)


# another amount just before a dose: a list ("2 million, 4 million and 6 million cells", "20 ×
# 106 and 60 × 106 cells") or a range ("50 million to 200 million", "1–3 × 10^6/kg")
_LISTED_BEFORE = re.compile(
    r"\d[\d.]*\s*(?:[x×]\s*10\S*\s*|(?:million|billion|(?-i:M))\s*)?"
    r"(?:,\s*(?:and\s+|or\s+)?|\s*(?:and|or|to|-|–|~)\s*)$",
    re.I,
)


# Delivery into the cord itself, however it is phrased ("injected via 4 points in the edge of
# injured spinal cord", "transplanted into the lesion").
_INTO_CORD = re.compile(
    # "delivered directly to the site of injury" (not "to the spinal cord" by lumbar puncture)
    r"\b(?:inject|implant|transplant|administ|graft|deliver|place)\w*\s+(?:[\w(),-]+\s+){0,4}?"
    r"to\s+the\s+"
    r"(?:site\s+of\s+(?:the\s+)?(?:injury|lesion)|(?:injury|lesion)\s+site)\b|"
    # not where the cells went afterwards: "the administered cells gather at the site of injury"
    r"\b(?:inject|implant|transplant|administ|graft|deliver|place)\w*\s+"
    r"(?:(?!into\b|in\b|at\b|gather\w*|migrat\w*|accumulat\w*|hom(?:e|ed|es|ing)\b|travel\w*|"
    r"engraft\w*|settle\w*)[\w(),-]+\s+){0,10}?"
    # "into the damaged section of the patient's spinal cord"
    # (never an animal's: "into the rat's injured spinal cord")
    r"(?:into|in|at)\s+(?:the\s+)?(?:(?!(?:rats?|mice|mouse|dogs?|monkeys?|animals?)['’])[\w'’-]+\s+){0,5}?"
    r"(?:spinal cord(?!\s+injur)|cord parenchyma|"
    r"site\s+of\s+(?:the\s+)?(?:injury|lesion)|"
    # "into the cord", "into the injured cord"; never an umbilical cord or its blood
    r"(?<=the\s)cord(?!\s+(?:blood|injur))|(?:injured|damaged|lesioned)\s+cord(?!\s+(?:blood|injur))|"
    # "into the damaged cervical spine"
    r"(?:injured|damaged|lesioned)\s+(?:(?:cervical|thoracic|lumbar)\s+)?spine|"
    r"lesion(?:\s+site)?|(?:injury|SCI)\s+site|injured\s+(?:part|area|segment|site|region)|"
    # "directly into the region of the injury"
    r"(?:region|area)\s+of\s+(?:the\s+)?injury|"
    # what lies in the cord: "into the syrinx", "in the posterior horn"
    # (not "into the uterine cavity", "the joint cavity")
    r"syrinx|cyst|(?<!uterine\s)(?<!joint\s)(?<!abdominal\s)(?<!peritoneal\s)(?<!oral\s)cavity|"
    r"(?:posterior|anterior|dorsal|ventral)\s+horns?)\b",
    re.I,
)
_FLUID = re.compile(r"fluid|canal|subarachnoid|cerebrospinal|theca", re.I)
_ACTION = re.compile(
    r"\b(?:administ|inject|infus|transplant|deliver|implant|graft|receiv|treated with|given|dos|"
    # a lay page's "patients getting MSCs plus their usual treatment"
    r"getting\s+(?:\w+\s+){0,3}?(?:cells|MSCs?|exosomes)\b|"
    # "has treated the first person with an incomplete SCI ... with neural stem cells", "we
    # treated patients with chronic SCI with autologous MSCs"
    r"treat(?:ed|s|ing)?\s+[^.;]{0,120}?\bwith\s+(?:[\w-]+\s+){0,3}?(?:cells|MSCs?|exosomes)\b|"
    # "This trial will compare donor cord MSCs to placebo"
    r"compar(?:e|es|ing)\s+(?:[\w-]+\s+){0,6}?(?:cells|MSCs?|exosomes)\s+(?:to|with)\b|"
    # "he decided to undergo stem cell therapy"
    r"undergo(?:es|ing)?\s+(?:[\w-]+\s+){0,3}?(?:cell|MSC|exosome)s?\s+(?:therapy|treatment|"
    r"transplant\w*)|"
    # "the safety of using NSI-566 neural stem cells to repair chronic SCI"
    r"using\s+(?:[\w-]+\s+){0,6}?(?:cells|MSCs?|exosomes)\s+(?:to|for)\s+"
    r"(?:treat|repair|restor|regenerat|heal)|"
    # "randomized to MSC treatment or to the control group", "the MSC-treated patients"
    r"(?:randomi[sz]ed|assigned|allocated)\s+(?:in)?to\b|"
    # "an ASC sheet was applied on diabetic wounds"
    r"(?:applied|placed|sprayed)\s+(?:on(?:to)?|to|over)\s+(?:the\s+|their\s+|each\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:wounds?|ulcers?|skin|burns?)\b|"
    # "divided into an MSC + rehabilitation group and a rehabilitation group"
    r"(?:divided|split)\s+into\s+[^.;]{0,60}?\b(?:cells|MSCs?|exosomes)\b)|(?<=-)treated\b",
    re.I,
)
# what others have done so far: "Thus far, local intramuscular injections of MSCs have shown
# promising results in TAO"
_PRIOR_WORK = re.compile(
    r"\b(?:thus\s+far|to\s+date|so\s+far|in\s+previous\s+stud(?:y|ies))\b[^.;]*\b(?:have|has)\s+"
    r"(?:shown|been\s+shown|demonstrated|reported|proven)\b",
    re.I,
)
_CONTROL_WORDS = re.compile(
    r"\b(?:control|placebo|sham|saline|vehicle|standard (?:of )?care|conventional|rehabilitation only|no intervention)\b",
    re.I,
)


# where the cells went on their own: "the cells had engrafted (settled) into the bone", "homed to"
_CELLS_WENT = re.compile(
    r"\b(?:engraft\w*|settled|homed|homing|migrat\w*|incorporated|integrated)\s+(?:\([^()]{1,20}\)\s*)?"
    r"(?:in(?:to)?|to)?\s*$",
    re.I,
)


@lru_cache(maxsize=4)
def _names_the_cord(text: str) -> bool:
    return bool(re.search(r"\bspinal\b|\bT?SCI\b|\bcord\s+injur", text, re.I))


# a site the vocabulary does not list: "injected periurethrally", "transurethral injection",
# "injected around the urethra" are route other; "into the anal sphincter muscles" intramuscular
_SITE_ROUTE = re.compile(
    r"\b(?:inject|infus|implant|administ|deliver|transplant)\w*\s+(?:(?:directly|locally|slowly)\s+)?"
    r"(?:(?P<adverb>(?:peri|trans|intra|sub|endo)[a-z]{4,}ally)\b"
    # what was injected may stand between: "injected the cells around the urethra"
    r"|(?:[\w'’-]+\s+){0,8}?(?:(?P<around>around\s+(?:the|each|their|his|her)\s+(?:(?!site\b)\w+['’]?s?\s+)?"
    r"(?:site\s+of\s+(?:the\s+)?)?(?:[a-z]+\s+)?[a-z]{4,})"
    r"|(?P<muscle>into\s+the\s+(?:[\w-]+\s+){0,3}?muscles?)"
    # "injected into the facet joint space"
    r"|(?P<joint>into\s+the\s+(?:[\w-]+\s+){0,3}?joints?(?:\s+space)?))\b)"
    r"|\b(?P<adjective>(?:peri|trans|intra)[a-z]{4,}a[lr])\s+(?:injections?|administration|delivery|implantation)\b"
    # put on the body's surface: "an ASC sheet was applied on diabetic wounds weekly"
    r"|\b(?:applied|placed|sprayed|spread)\s+(?P<surface>(?:on(?:to)?|to|over)\s+(?:the\s+|their\s+|each\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:wounds?|ulcers?|skin|burns?))\b"
    # "Inject 3mL PRP+huMSCs into the edge and bottom of the wound"
    r"|\b(?:inject\w*|infus\w*)\s+(?:[^.;]{0,40}?\s)?(?P<wound>into\s+the\s+(?:[\w-]+\s+){0,4}?of\s+"
    r"the\s+(?:wounds?|ulcers?))\b",
    re.I,
)


def _site_routes(text: str, start: int, end: int, known: list[Term]) -> list[Term]:
    """Routes to sites the vocabulary does not list, where no known route stands."""
    found = []
    for match in _SITE_ROUTE.finditer(text, start, end):
        group = next(
            g
            for g in ("adverb", "around", "muscle", "joint", "adjective", "surface", "wound")
            if match.group(g)
        )
        where = match.span(group)
        if any(t.start < where[1] and where[0] < t.end for t in known):
            continue
        concept = "intramuscular" if group == "muscle" else "other"
        if group == "around" and re.search(r"site|injur|lesion", match.group(group), re.I):
            # "around the site of injury": around the cord's lesion only in a text about the cord
            concept = "perilesional" if _names_the_cord(text) else "other"
        # the record's code: perilesional is intraspinal, intramuscular other
        code = "other" if concept == "other" else label_table("route")[concept][0]
        found.append(Term(code, concept, *where, match.group(group)))
    return found


def _routes(view: TextView, start: int, end: int) -> list[Term]:
    text = view.text
    found = [
        # "into the lesion" is into the cord only in a text about the cord: a skin or fistula
        # lesion is route other
        Term("other", t.concept, t.start, t.end, t.text)
        if t.concept == "intralesional" and not _names_the_cord(text)
        else t
        for t in find_terms("route", text, start, end)
        if not _CELLS_WENT.search(text, max(0, t.start - 40), t.start)
    ]
    for match in _INTO_CORD.finditer(text, start, end):
        if _FLUID.search(match.group(0)) or any(
            t.start < match.end() and match.start() < t.end for t in found
        ):
            continue
        found.append(Term("intraspinal", "intraspinal", match.start(), match.end(), match.group(0)))
    found += _site_routes(text, start, end, found)
    return sorted(found, key=lambda t: t.start)


def _route_phrase(text: str, term: Term) -> tuple[int, int]:
    """The route as written: the term and the action noun right after it."""
    match = re.match(
        r"\s+(?:administrations?|injections?|infusions?|transplantations?|delivery|route|implantations?)",
        text[term.end : term.end + 40],
    )
    end = term.end + (match.end() if match else 0)
    return term.start, end


def _doses(view: TextView, start: int, end: int) -> list[tuple[float, str, int, int]]:
    found = []
    for match in DOSE.finditer(view.text, start, end):
        if re.match(r"\s*(?:/|per)\s*m[lL]\b", view.text[match.end() : match.end() + 10]):
            continue  # "1 million cells per ml": a concentration, not a dose
        value = dose_value(match)
        if value is not None:
            span_end = match.end()
            found.append((value[0], value[1], match.start(), span_end))
    return found


_ACTS = r"(?:injections?|infusions?|transfusions?|administrations?|transplantations?|implantations?|doses?|treatments?|courses?|applications?|deliveries)"
# "injected (3 times)", "infused three times": a count of the act after its verb, not a ratio
# ("3 times higher") nor a frequency ("three times a week")
# "once every month for three times": a count after the schedule
_FOR_N_TIMES = re.compile(rf"\bfor\s+(?P<n>{COUNT}|\d{{1,2}})\s+times\b", re.I)
# "three times of MSC infusion", as non-native English writes it (run only where " times of "
# stands: the counts make it slow)
_N_TIMES_OF = re.compile(
    rf"\b(?P<n>{COUNT}|\d{{1,2}})\s+times\s+of\s+(?:[\w-]+\s+){{0,3}}?{_ACTS}\b", re.I
)
_TIMES_AFTER_ACT = re.compile(
    # "randomized to receive UC-MSCs (n = 45) or placebo (n = 46) three times"
    r"\b(?:inject\w*|infus\w*|transfus\w*|administ\w*|transplant\w*|implant\w*|deliver\w*|given|"
    r"receiv\w*)\b"
    rf"[^.;]{{0,50}}?\(?\b(?:(?P<n>{COUNT})\s+times|(?P<n2>twice|thrice))\b"
    r"(?!\s+(?:a|an|per|every|each|daily|weekly|monthly|higher|more|greater|lower|less|as)\b)",
    re.I,
)
_SCHEDULE_COUNT = re.compile(
    # up to six words between ("Two intrathecal autologous bone marrow stem cell transplantation
    # of 1 ml"), never a
    # time unit, a multiplier ("100 million per dose") or the other end of a range ("15 and 30")
    # a hyphen only before the act itself: "single-dose", not "single-center treatment"
    # not the number ending a product's code: "NSI-566 transplantation"
    # nor a floor: "more than one dose", "at least two injections"
    # nor a total over patients: "76 patients receiving over 190 infusions"
    rf"(?<![A-Za-z]-)(?<!more than )(?<!at least )(?<!over )"
    rf"\b(?P<n>one-time|{COUNT}|a single|single|once|one\s+time)(?:-(?={_ACTS})|\s+)"
    # "4 rounds of triple-route administration"
    r"(?:rounds?\s+of\s+)?"
    # "three sequential escalating doses": dose levels, not acts
    r"(?!(?:\w+\s+)?(?:escalating|ascending|increasing|rising)\b)"
    # nor a time: "24 h after the transplantation"
    rf"(?:(?!(?:day|week|month|year|hour|h|hrs?|min|d|wks?|mos?)s?\b|after\b|before\b|"
    # "three stem cell injections": cells only after "stem"
    rf"(?:million|billion|thousand|per|(?<!stem )cells?|and|or|to|of|in|on|for|with|stud(?:y|ies)|trials?|"
    rf"groups?|arms?|cohorts?|"
    # "Three patients showed transplantation related mortality": patients, not acts
    rf"patients?|subjects?|participants?|people|cases?|children|child|adults?|infants?|"
    rf"men|women|boys|girls|volunteers?|individuals?|"
    rf"received|underwent|were|was|had|got|given)\b|\d(?![\d.]*[- ]?m[lL]\b))"
    # a volume may stand between: "a single 24-mL intralesional injection"; an abbreviation in
    # brackets too: "a single intravenous (IV) infusion"
    rf"[\w.-]+\s+(?:\([A-Za-z]{{1,6}}\)\s+)?){{0,6}}?{_ACTS}\b"
    # "one of three dose groups", "two dose levels": groups of patients, not acts
    # "given in three different dose amounts": levels, not acts
    r"(?!\s+(?:groups?|levels?|cohorts?|arms?|escalation|amounts?|strengths?))",
    re.I,
)
# "between 15 and 30 applications", "two or three injections": a range; "phase 2 study": no count
_RANGE_OR_PHASE_BEFORE = re.compile(
    r"(?:(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s*(?:and|to|or|-|–)|"
    # "an injection or two injections": a choice
    r"\bbetween|\bphase|\bor)\s*$",
    re.I,
)
# a choice after the count: "single-dose or double-dose", "three doses of X (2, 10 or 20
# million cells)": dose levels, not acts
_CHOICE_AFTER = re.compile(
    r"\s+or\s+(?:[\w-]+\s+){0,2}?(?:[\w]+-)?(?:doses?|injections?|infusions?)\b"
    r"|\s*(?:of\s+[^.;()]{1,40}?)?\(\s*[^()]*\d[^()]*\bor\b[^()]*\)"
    # "at 2 doses (1 × 10^6 and 5 × 10^5 cells/kg)": amounts of cells in the brackets
    r"|\s*\(\s*[^()]*\d[^()]*\band\b[^()]*(?:cells|/\s*kg|million|\b10\s*\^)[^()]*\)"
    # "three doses of X are being studied": levels compared, not acts
    r"|\s+(?:of\s+[^.;()]{1,40}?\s+)?(?:are|were|will\s+be)\s+(?:being\s+)?"
    r"(?:studied|tested|evaluated|compared|investigated)\b",
    re.I,
)
_PERIODIC = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "fortnightly": "P2W",
    "biweekly": "P2W",
    "yearly": "P1Y",
    "annually": "P1Y",
}
_UNIT_LETTER = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H"}


def _iso_duration(amount: int, unit: str) -> str:
    """ISO 8601: "P2W" for 2 weeks; hours go after the T, "PT24H"."""
    letter = _UNIT_LETTER[unit.lower()]
    return f"PT{amount}H" if letter == "H" else f"P{amount}{letter}"


_INTERVAL = re.compile(
    # "twice monthly" is no monthly interval
    r"\b(?:(?<!twice )(?<!times )(?P<word>daily|bi-?weekly|weekly|monthly|fortnightly)"
    r"(?!\s+(?:living|life|activit))"
    r"|once\s+(?:a|per|every)\s+(?P<unit1>day|week|month|year)"
    # "once in 4 weeks"
    r"|(?:every|once\s+in)\s+(?P<every>\d{1,2}|"
    + COUNT
    + r")?\s*(?P<unit2>day|week|month|year|hour)s?"
    # "at 3-month intervals", "with a 90-day interval", "at one calendar month intervals",
    # "(4-week intervals)"
    r"|(?:(?:at|with)\s+(?:an?\s+)?|(?<=\())(?P<gap>\d{1,3}|" + COUNT + r")[- ](?:calendar[- ])?"
    r"(?P<unit3>day|week|month|hour)s?\s+intervals?"
    r"|(?P<apart>\d{1,2}|" + COUNT + r"|an?)\s+(?P<unit4>day|week|month)s?\s+apart"
    # "with an interval of 6 months"; a registry's field "Interval between each injection: 1
    # month"
    r"|(?:(?:with|at)\s+an?\s+interval\s+of|interval\s+between\s+(?:each\s+|the\s+)?[\w-]+\s*:)\s+"
    r"(?P<of>\d{1,3}|" + COUNT + r")\s+(?P<unit5>day|week|month)s?)\b",
    re.I,
)
# "weekly for 3 weeks", "once a day for five days": one act per unit, so as many acts as units
_FOR_UNITS = re.compile(
    rf"\s+for\s+(?:a\s+total\s+of\s+)?(?P<n>\d{{1,2}}|{COUNT})\s+(?P<unit>day|week|wk|month|year)s?\b",
    re.I,
)
# "twice weekly", "three times a week": several acts per unit, so no one interval between them
_TIMES_PER_UNIT = re.compile(
    # a number needs "times": "3 weekly infusions" are three acts a week apart
    rf"\b(?P<n>twice|thrice|(?:{COUNT})(?=\s+times\b))\s+(?:times\s+)?(?:(?:a|per|each|every)\s+(?P<unit>day|week|month)"
    r"|(?P<unit_ly>dai|week|month)ly)\b",
    re.I,
)
_VISITS_BEFORE = re.compile(
    r"\b(?:visits?|follow(?:ed)?[- ]?(?:up)?|assess\w*|evaluat\w*|examin\w*|measur\w*|"
    r"tested|scored)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_CASES_BEFORE = re.compile(r"\bcases\b(?:\s+of\s+[^.;]{0,40}?)?\s*$", re.I)
_AT_UNITS = re.compile(
    r"\b(?:at|on)\s+(?P<unit>day|week|month)s?\s+(?P<list>\d{1,2}(?:\s*(?:,|and|&)\s*(?:and\s+)?\d{1,2}){1,12}+)(?![\d.]*\d)"
    # the unit after a list from 0: "at 0, 8, 16, 24 and 32 weeks" ("at 6 and 12 months" is a
    # time of follow-up)
    r"|\b(?:at|on)\s+(?P<list2>0(?:\s*(?:,|and|&)\s*(?:and\s+)?\d{1,2}){1,12}+)\s*(?P<unit2>day|week|month)s?\b",
    re.I,
)


def _times(token: str) -> int | None:
    """How many times: "twice" 2, "thrice" 3, "three" 3."""
    return {"twice": 2, "thrice": 3}.get(token.lower()) or count_value(token)


_ONE_ACT_WORDS = ("a single", "single", "once", "one time", "one-time")


def _schedule_items(view: TextView, sentences: list[Sentence]) -> list[tuple[str, Any, int, int]]:
    """(administrations|interval, value, start, end) for every schedule phrase in the sentences."""
    text = view.text
    items: list[tuple[str, Any, int, int]] = []
    for sentence in sentences:
        second = (
            list(_SECOND_ACT_LATER.finditer(text, sentence.start, sentence.end))
            if "second" in sentence.text and not _MORE_THAN_TWO.search(sentence.text)
            else []
        )
        for match in second:
            if amount := (1 if match["n"].lower() in ("a", "an") else count_value(match["n"])):
                items.append(("administrations", 2, match.start(), match.end()))
                items.append(("interval", _iso_duration(amount, match["unit"]), *match.span()))
        for match in _SCHEDULE_COUNT.finditer(text, sentence.start, sentence.end):
            token = match.group("n").lower()
            value = 1 if token in _ONE_ACT_WORDS else count_value(token)
            if value == 1 and second:
                continue  # "one infusion ... and a second infusion 4 weeks later": two
            if _SPLIT_INTO.search(text, max(0, match.start() - 24), match.start()):
                continue  # "The volume is divided into 4 equal injections": sites of one act
            if _RANGE_OR_PHASE_BEFORE.search(text, max(0, match.start() - 16), match.start()):
                continue
            if _CHOICE_AFTER.match(text, match.end()):
                continue
            if value:
                items.append(("administrations", value, match.start(), match.end()))
        if "occasion" in sentence.text:
            for match in _ON_OCCASIONS.finditer(text, sentence.start, sentence.end):
                token = match["n"].lower()
                if value := 1 if token in _ONE_ACT_WORDS else count_value(token):
                    items.append(("administrations", value, match.start(), match.end()))
        times_of = [_N_TIMES_OF] if " times of " in sentence.text else []
        for pattern in [_FOR_N_TIMES, *times_of]:
            for match in pattern.finditer(text, sentence.start, sentence.end):
                if value := count_value(match.group("n")):
                    items.append(("administrations", value, match.start(), match.end()))
        for match in _TIMES_AFTER_ACT.finditer(text, sentence.start, sentence.end):
            group = "n" if match.group("n") else "n2"
            value = _times(match.group(group))
            if value:
                items.append(("administrations", value, match.start(group), match.end()))
        for match in _INTERVAL.finditer(text, sentence.start, sentence.end):
            if _VISITS_BEFORE.search(text, max(sentence.start, match.start() - 40), match.start()):
                continue  # "followed up monthly for 6 months": visits, not doses
            if _CASES_BEFORE.search(text, max(sentence.start, match.start() - 60), match.start()):
                continue  # "around 500 cases of spinal cord injury every year": a caseload
            groups = match.groupdict()
            value = None
            if groups["word"]:
                value = _PERIODIC[groups["word"].lower().replace("-", "")]
            elif groups["unit1"]:
                value = f"P1{_UNIT_LETTER[groups['unit1'].lower()]}"
            elif groups["unit2"]:
                amount = count_value(groups["every"]) if groups["every"] else 1
                value = _iso_duration(amount, groups["unit2"]) if amount else None
            elif groups["gap"]:
                amount = count_value(groups["gap"])
                value = _iso_duration(amount, groups["unit3"]) if amount else None
            elif groups["apart"]:
                if _RANGE_OR_PHASE_BEFORE.search(text, max(0, match.start() - 16), match.start()):
                    continue  # "14 to 21 days apart": a range of gaps, no one interval
                amount = (
                    1 if groups["apart"].lower() in ("a", "an") else count_value(groups["apart"])
                )
                value = _iso_duration(amount, groups["unit4"]) if amount else None
            elif groups["of"]:
                amount = count_value(groups["of"])
                value = _iso_duration(amount, groups["unit5"]) if amount else None
            if value and value != "P0D":
                items.append(("interval", value, match.start(), match.end()))
                span = _FOR_UNITS.match(text, match.end(), sentence.end)
                # day, week or wk, month, year: the first letter is the ISO 8601 unit
                if span and value[1:-1] == "1" and span["unit"][0].upper() == value[-1]:
                    if times := count_value(span["n"]):
                        items.append(("administrations", times, match.start(), span.end()))
        for match in _TIMES_PER_UNIT.finditer(text, sentence.start, sentence.end):
            per_unit = _times(match["n"])
            if not per_unit or per_unit < 2:
                continue
            items.append(("interval", None, match.start(), match.end()))
            span = _FOR_UNITS.match(text, match.end(), sentence.end)
            unit = match["unit"] or match["unit_ly"]  # "dai" of "daily" starts as "day" does
            if (
                span
                and (units := count_value(span["n"]))
                and span["unit"][0].lower() == unit[0].lower()
            ):
                items.append(("administrations", per_unit * units, match.start(), span.end()))
        if not _ACTION.search(sentence.text):
            continue
        for match in _AT_UNITS.finditer(text, sentence.start, sentence.end):
            if _VISITS_BEFORE.search(text, max(sentence.start, match.start() - 40), match.start()):
                continue  # "follow-up visits at weeks 10, 20 and 30": visits, not doses
            points = [int(n) for n in re.findall(r"\d+", match["list"] or match["list2"])]
            items.append(("administrations", len(points), match.start(), match.end()))
            gaps = {b - a for a, b in pairwise(points)}
            if len(gaps) == 1 and next(iter(gaps)) > 0:
                unit = _UNIT_LETTER[(match["unit"] or match["unit2"]).lower()]
                items.append(("interval", f"P{gaps.pop()}{unit}", match.start(), match.end()))
    return items


_SPLIT_INTO = re.compile(r"\b(?:divided|split|distributed)\s+(?:in(?:to)?|among|between)\s+$", re.I)
# "injected by intravenous infusion on three occasions", "on a single occasion"
_ON_OCCASIONS = re.compile(
    rf"\bon\s+(?P<n>{COUNT}|a\s+single|one|single)\s+(?:separate\s+)?occasions?\b", re.I
)
# "received second infusion three months later", "a second dose was given one month later"
_SECOND_ACT_LATER = re.compile(
    rf"\b(?:a\s+|the\s+)?second\s+(?:[\w-]+\s+){{0,2}}?{_ACTS}\b[^.;]{{0,30}}?"
    rf"\b(?P<n>\d{{1,2}}|{COUNT}|an?)\s+(?P<unit>day|week|month|year)s?\s+later\b",
    re.I,
)
_MORE_THAN_TWO = re.compile(r"\b(?:third|fourth|further|more|additional|another)\b", re.I)
# "a further two injections", "another two doses", "two more infusions", "two additional doses"
_FURTHER_BEFORE = re.compile(r"\b(?:further|another|additional|an\s+extra)\s*$", re.I)
_FURTHER_WITHIN = re.compile(r"\s(?:more|further|additional|extra|booster)\s", re.I)


_ONE_ACT = re.compile(rf"\b(?:an?|one|the\s+first)\s+(?:[\w-]+\s+){{0,3}}?{_ACTS}\b", re.I)


def _one_act_before(text: str, start: int) -> tuple[int, int] | None:
    """The span of "an injection" told shortly before a count of further acts."""
    window = max(0, start - 400)
    found = list(_ONE_ACT.finditer(text, window, start))
    return found[-1].span() if found else None


def _adds_acts(text: str, start: int, end: int) -> bool:
    """Whether a count of acts comes on top of acts already told."""
    return bool(
        _FURTHER_BEFORE.search(text, max(0, start - 16), start)
        or _FURTHER_WITHIN.search(text, start, end)
    )


def _nearest_route(
    view: TextView, start: int, end: int, mentions: dict[str, list[Term]]
) -> str | None:
    """The route whose mention is nearest a value in the same sentence (or the only route)."""
    if len(mentions) == 1:
        return next(iter(mentions))
    sentence = view.sentence_at(start)
    best: tuple[int, str] | None = None
    for code, terms in mentions.items():
        for term in terms:
            if sentence is None or not sentence.start <= term.start < sentence.end:
                continue
            distance = start - term.end if term.end <= start else max(0, term.start - end)
            if best is None or distance < best[0]:
                best = (distance, code)
    return best[1] if best else None


_EACH_ROUTE = re.compile(
    r"\b(?:each|every|per)\s+(?:application\s+|administration\s+)?route\b|\bfor\s+all\s+routes\b",
    re.I,
)


def _build_arms(
    view: TextView,
    label: tuple[str, int, int] | None,
    role: str,
    product: dict[str, Any],
    spans: dict[str, tuple[int, int]],
    mentions: dict[str, list[Term]],
    sentences: list[Sentence],
    role_span: tuple[int, int] | None = None,
) -> list[ArmDraft]:
    """One arm per route; doses and schedules go to the route they are written next to."""
    text = view.text
    arms: dict[str | None, ArmDraft] = {}
    for code in list(mentions) or [None]:
        arm = ArmDraft(
            label=label[0] if label else _default_label(product),
            role=role,
            product=dict(product),
            spans=dict(spans),
        )
        if label:
            arm.spans["label"] = (label[1], label[2])
        if role_span:
            arm.spans["role"] = role_span
        if code is not None:
            first = mentions[code][0]
            arm.route = code
            start, end = _route_phrase(text, first)
            arm.route_as_written = text[start:end]
            arm.spans["route"] = (first.start, first.end)
            arm.spans["route_as_written"] = (start, end)
        arms[code] = arm
    stepped: set[int] = set()  # arms given rising (or falling) doses, one per administration
    for sentence in sentences:
        every_route = len(arms) > 1 and _EACH_ROUTE.search(sentence.text)
        for value, unit, start, end in _doses(view, sentence.start, sentence.end):
            if every_route:  # "each route receiving a dose of 1 × 106 cells/kg"
                targets = list(arms.values())
            else:
                code = _nearest_route(view, start, end, mentions) if mentions else None
                targets = [arms[code]] if code in arms else []
            listed = _LISTED_BEFORE.search(text, max(0, start - 30), start)
            for arm in targets:
                if listed:  # "of 2 million, 4 million and 6 million cells": the last of several
                    stepped.add(id(arm))
                if arm.dose is None:
                    _set_dose(arm, text, (value, unit, start, end))
                elif (
                    arm.dose["unit"] == unit
                    and arm.dose["value"] != value
                    and _STEPS.search(text, max(0, start - 120), end)
                ):
                    stepped.add(id(arm))
    for arm in arms.values():
        if (
            id(arm) in stepped
        ):  # "the first at 1 million cells, the second at 3 million": no one dose
            arm.dose = None
            arm.spans.pop("dose", None)
    # a volume only where no sentence gives the arm a count of cells or particles
    for sentence in sentences:
        for match in VOLUME_DOSE.finditer(text, sentence.start, sentence.end):
            start, end = match.span("volume")
            code = _nearest_route(view, start, end, mentions) if mentions else None
            arm = arms.get(code)
            if arm is not None and arm.dose is None:
                _set_dose(arm, text, (float(match.group("v")), "mL", start, end))
    claimed: set[tuple[int, str]] = set()  # the first schedule phrase of an arm decides
    # "a dose of 1x106/kg for each application route (twice a month for 2 months)"
    shared = [(s.start, s.end) for s in sentences if len(arms) > 1 and _EACH_ROUTE.search(s.text)]
    for kind, value, start, end in sorted(_schedule_items(view, sentences), key=itemgetter(2)):
        if any(a <= start < b for a, b in shared):
            targets = list(arms.values())
        else:
            code = _nearest_route(view, start, end, mentions) if mentions else None
            targets = [arms[code]] if code in arms else []
        for arm in targets:
            _schedule_arm(text, arm, claimed, (kind, value, start, end))
    return list(arms.values())


def _schedule_arm(
    text: str, arm: ArmDraft, claimed: set[tuple[int, str]], item: tuple[str, Any, int, int]
) -> None:
    """Give an arm a schedule phrase's count of acts or interval, unless one came first."""
    kind, value, start, end = item
    if kind == "administrations" and _adds_acts(text, start, end):
        # "one injection, then a further two": acts on top of those already counted; alone
        # it says only that there were more, so no count
        claimed.add((id(arm), kind))
        if re.search(r"\bthe\s+$", text[max(0, start - 6) : start], re.I):
            return  # "four doses, the first at birth and the three additional ones ..."
        if arm.administrations is None and (first := _one_act_before(text, start)):
            arm.administrations, arm.spans[kind] = 1, first  # "an injection ... a further two"
        if arm.administrations is not None and value is not None:
            arm.administrations += value
            arm.spans[kind] = (arm.spans[kind][0], end)
        return
    if getattr(arm, kind) is None and (id(arm), kind) not in claimed:
        claimed.add((id(arm), kind))
        if value is not None:  # None: the phrase states no one value ("twice weekly")
            setattr(arm, kind, value)
            arm.spans[kind] = (start, end)


# how the product was made, as the text says it ("culture-expanded", "cultured in auto-serum")
_PREPARATION = re.compile(
    r"\b(?:culture[- ]expanded|(?:auto[- ]?)?serum[- ]expanded|ex vivo expanded|"
    r"(?:cultured|expanded) in (?:auto[- ]?serum|autologous serum|(?:human )?platelet lysate|"
    r"serum[- ]free medi(?:um|a)|fetal bovine serum)|"
    r"(?:under )?Good Manufacturing Practice(?: \(GMP\))?(?: production| conditions)?|GMP[- ]grade|"
    r"cryopreserved|freshly (?:isolated|prepared))\b",
    re.I,
)


def _preparation(view: TextView, sentences: list[Sentence]) -> tuple[str, int, int] | None:
    """The preparation phrases of the product, joined as written; span of the first."""
    text = view.text
    found: list[re.Match[str]] = []
    for sentence in sentences:
        found += _PREPARATION.finditer(text, sentence.start, sentence.end)
    if not found:
        return None
    phrases: list[str] = []
    for match in found:
        if match.group(0).lower() not in (p.lower() for p in phrases):
            phrases.append(match.group(0))
    return ", ".join(phrases), found[0].start(), found[0].end()


def _product(
    view: TextView, start: int, end: int, *, prefer_title: tuple[int, int] | None = None
) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """Product kind, cell type, source, donor (and spans) from the terms in a span."""
    text = view.text
    product: dict[str, Any] = {
        "kind": None,
        "cell_type": None,
        "source": None,
        "donor": None,
        "preparation": None,
    }
    spans: dict[str, tuple[int, int]] = {}
    zones = [prefer_title, (start, end)] if prefer_title else [(start, end)]
    for scheme, key in (
        ("product-kind", "kind"),
        ("cell-type", "cell_type"),
        ("source", "source"),
        ("donor", "donor"),
    ):
        for zone in zones:
            terms = find_terms(scheme, text, *zone)
            if scheme == "donor":
                terms = [t for t in terms if _donor_of_the_cells(text, t, _THIRD_PARTY)]
            if scheme == "cell-type":
                # "hESC-derived mesenchymal stem cells": the cells made, not the ones made from
                terms = [t for t in terms if not _DERIVED_AFTER.match(text, t.end)] or terms
            if scheme == "product-kind":
                kinds = [t for t in terms if t.code in _CELL_FREE]
                terms = kinds or terms
                if zone is prefer_title and not kinds and _cell_free(text, start, end):
                    continue  # "Stem Cell Therapy for X" over a text that gives exosomes
                if find_terms("cell-type", text, *zone) or find_terms("source", text, *zone):
                    # "infusion of MSCs or placebo": the placebo is the other group's
                    terms = [t for t in terms if t.code != "none"]
            if not terms:
                continue
            counts = Counter(t.code for t in terms)
            best = max(
                counts, key=lambda c: (counts[c], -min(t.start for t in terms if t.code == c))
            )
            if scheme == "donor" and len(counts) > 1 and len(set(counts.values())) == 1:
                break  # as many autologous as allogeneic mentions: the text does not say
            term = next(t for t in terms if t.code == best)
            product[key] = best
            spans[f"product/{key}"] = (term.start, term.end)
            break
    if product["kind"] is None and (product["cell_type"] or product["source"]):
        product["kind"] = "cells"
        spans["product/kind"] = spans.get("product/cell_type") or spans["product/source"]
    # "PMSC-derived exosomes": the parent cells of exosomes and secretome too
    if product["kind"] in _OF_CELLS and product["cell_type"] is None and product["source"]:
        term = find_terms("source", text, *spans["product/source"])
        if term and re.search(r"MSC|mesenchymal|stromal", term[0].text, re.I):
            product["cell_type"] = "mesenchymal-stromal-cell"
            spans["product/cell_type"] = spans["product/source"]
    return product, spans


_OTHER_GRAFT_AFTER = re.compile(
    r"[\s-]+(?:[\w-]+\s+){0,2}?(?:ha?ematopoietic|blood\s+stem|HSCT?\b|peripheral\s+blood\s+stem|"
    r"(?:kidney|renal|liver|hepatic|organ|heart|lung|cornea[l]?)\s+(?:transplant|graft|donor))",
    re.I,
)
# what befalls a transplanted organ: "the incidence of allograft rejection", "allograft survival"
_ORGAN_GRAFT_FATE = re.compile(
    r"\s+(?:rejection|survival|loss|failure|function|dysfunction|recipients?|biopsy|biopsies)\b",
    re.I,
)
_CELL_FREE = ("exosomes", "secretome")
_OF_CELLS = ("cells", *_CELL_FREE)
# the cells another cell type is made from: "hESC-derived MSCs", "hESC-MSCs"
_DERIVED_AFTER = re.compile(
    r"(?:\s*\([^()]{1,12}\)|\))?[\s‐–-]*derived\b|[‐-](?=MSCs?\b|mesenchymal\b)", re.I
)


def _cell_free(text: str, start: int, end: int) -> bool:
    """Whether a span names a cell-free product (exosomes, a secretome)."""
    return any(t.code in _CELL_FREE for t in find_terms("product-kind", text, start, end))


def _label_near(text: str, start: int, end: int, kind: str | None) -> tuple[str, int, int] | None:
    """The product as the text names it: an abbreviation such as hUC-MSCs or AD-MSCs."""
    tokens = list(
        re.finditer(r"[A-Za-z][\w/-]*(?:MSC|Exo|EV|MNC|NSC|OEC|SC)[\w/-]*", text[start:end])
    )
    if kind == "exosomes":
        exo = [
            t
            for t in tokens
            if re.search(r"exo|EV", t.group(0), re.I) and re.search(r"MSC", t.group(0))
        ]
        tokens = exo or tokens
    counts = Counter(t.group(0).rstrip("-/") for t in tokens)
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c] + (2 if "-" in c else 0), len(c)))
    token = next(t for t in tokens if t.group(0).rstrip("-/") == best)
    return best, start + token.start(), start + token.start() + len(best)


# a drug's dose by weight or body surface: "fludarabine 30 mg/m2 (IV) for 5 days"
_DRUG_DOSE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg|g|mcg|µg|IU|units?)\s*(?:/|per\s+)\s*(?:kg|m2|m²|day)\b", re.I
)


def _another_drug(text: str, sentence: Sentence) -> bool:
    """Whether a sentence doses another drug and names no cells ("busulfan 0.8 mg/kg (IV)")."""
    if not _DRUG_DOSE.search(sentence.text):
        return False
    return not any(
        find_terms(scheme, text, sentence.start, sentence.end)
        for scheme in ("product-kind", "cell-type", "source")
    )


def _text_arms(view: TextView, title: tuple[int, int] | None) -> list[ArmDraft]:
    """Arms of a paper or summary: the product and each route of delivery it names."""
    text = view.text
    factual = view.factual()
    acting = [
        s
        for s in factual
        if (_ACTION.search(s.text) or find_terms("route", text, s.start, s.end))
        and not _another_drug(text, s)
        and not _PRIOR_WORK.search(s.text)
    ]
    zone_start = min((s.start for s in acting), default=0)
    zone_end = max((s.end for s in acting), default=0)
    product, spans = _product(view, zone_start, zone_end, prefer_title=title)
    if product["kind"] in (None, "none"):
        return []  # no product named, or only the placebo ("X or placebo" with X unknown)
    mentions: dict[str, list[Term]] = {}
    in_title = _routes(view, *title) if title else []
    in_text = [t for s in acting for t in _routes(view, s.start, s.end)]
    # the title line is often one of the acting sentences too: each mention counts once
    for term in dict.fromkeys(in_title + in_text):
        mentions.setdefault(term.code, []).append(term)
    for code, terms in mentions.items():  # a mention in the text explains the route best
        body = [t for t in terms if not (title and title[0] <= t.start < title[1])]
        mentions[code] = body + [t for t in terms if t not in body] if body else terms
    label = _label_near(text, zone_start, zone_end, product["kind"])
    preparation = _preparation(
        view, ([Sentence(*title, text[title[0] : title[1]])] if title else []) + acting
    )
    if preparation:
        product["preparation"] = preparation[0]
        spans["product/preparation"] = preparation[1:]
    groups = _enumerated_groups(view, factual)
    if groups:
        _fill_from_document(view, groups)
        has_control = any(arm.role == "control" for arm in groups)
        return groups + ([] if has_control else _control_arms(view, factual))
    products = _given_together(view, acting) or [(product, spans, label)]
    arms = []
    for each, each_spans, each_label in products:
        if preparation and not each.get("preparation"):
            each["preparation"] = product["preparation"]
            each_spans["product/preparation"] = spans["product/preparation"]
        arms += _build_arms(view, each_label, "experimental", each, each_spans, mentions, acting)
    _fill_from_document(view, arms)
    return arms + _control_arms(view, factual)


# a group named by its number and what it got: "The third group will receive conventional
# therapy", "group II received saline"; a cohort is a dose step, not a group of its own
_ORDINALS = "first|second|third|fourth|fifth|sixth"
_GROUP_GETS = re.compile(
    rf"\b(?P<label>the\s+(?P<ordinal>{_ORDINALS})\s+(?:group|arm)|"
    rf"(?:group|arm)\s+(?P<name>[IVX]{{1,4}}|\d|[A-F])\b)"
    r"[^.;:]{0,40}?\b(?:will\s+(?:receive|get|undergo|be\s+given|be\s+treated\s+with)|"
    r"received|receives|got|gets|underwent|undergoes|(?:(?:was|were)\s+)?treated\s+with|"
    r"(?:was|were)\s+given)\b",
    re.I,
)


_GROUP_WORD = re.compile(r"[Gg]roup|[Aa]rm\b|\b[Ee]ither\b")
# the groups of a list in one sentence: "3 groups: (1) ADAS alone, (2) scaffold without ADAS,
# and (3) ...", "will receive either 1) intravenous injections ..., 2) ..., or 4) saline"
_ITEM_MARK = re.compile(r"(?:(?<=\s)|(?<=:))\(?([1-6])\)\s+")
_LISTS_GROUPS = re.compile(r"\b(?:groups?|arms?|either)\b", re.I)
# an item given the carrier but not the cells: "scaffold without ADAS", "without cells"
_WITHOUT_PRODUCT = re.compile(
    r"\b(?:without|devoid\s+of|free\s+of)\s+(?:the\s+)?(?:[\w-]+\s+)?"
    r"[\w-]*?(?:cells|MSCs?|ADAS|ADSCs?|stem\s+cells|exosomes)\b",
    re.I,
)


def _numbered_items(text: str, sentences: list[Sentence]) -> list[tuple[str, int, int, int, int]]:
    """A numbered list's groups: (number, its words' span as label, its whole span as given)."""
    for sentence in sentences:
        if not _LISTS_GROUPS.search(sentence.text):
            continue
        marks = list(_ITEM_MARK.finditer(text, sentence.start, sentence.end))
        if len(marks) < 2 or [m.group(1) for m in marks] != [str(n + 1) for n in range(len(marks))]:
            continue
        items = []
        for index, mark in enumerate(marks):
            end = marks[index + 1].start() if index + 1 < len(marks) else sentence.end
            words = text[mark.end() : end].rstrip(" ,;.").removesuffix(" or").removesuffix(" and")
            items.append((mark.group(1), mark.end(), mark.end() + len(words), mark.end(), end))
        return items
    return []


def _enumerated_groups(view: TextView, sentences: list[Sentence]) -> list[ArmDraft]:
    """Arms of groups named by number, each with what it got, where they are not dose steps.

    A group given no product is a control; groups that all get the same product are one arm.
    """
    text = view.text
    if not _GROUP_WORD.search(text):
        return []  # most texts name no group: no pattern to run
    # (name, the label's span, the span of what the group got)
    found: list[tuple[str, int, int, int, int]] = []
    for sentence in sentences:
        matches = list(_GROUP_GETS.finditer(text, sentence.start, sentence.end))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else sentence.end
            name = (match.group("ordinal") or match.group("name")).lower()
            found.append((name, *match.span("label"), match.end(), end))
    if len({name for name, *_ in found}) < 2:
        found = _numbered_items(text, sentences)
    if len({name for name, *_ in found}) < 2:
        return []
    arms: list[ArmDraft] = []
    seen: set[str] = set()
    for name, label_start, label_end, start, end in found:
        if name in seen:
            continue
        seen.add(name)
        own, own_spans = _product(view, start, end)
        label = (text[label_start:label_end], label_start, label_end)
        if own["kind"] in (None, "none") or _WITHOUT_PRODUCT.search(text, start, end):
            arms += _build_arms(view, label, "control", dict(_NO_PRODUCT), {}, {}, [])
            continue
        mentions: dict[str, list[Term]] = {}
        for term in _routes(view, start, end):
            mentions.setdefault(term.code, []).append(term)
        arms += _build_arms(
            view,
            label,
            "experimental",
            own,
            own_spans,
            mentions,
            [Sentence(start, end, text[start:end])],
        )
    given = [arm for arm in arms if arm.role == "experimental"]
    products = {tuple(sorted((k, str(v)) for k, v in arm.product.items())) for arm in given}
    if not given or (len(products) == 1 and len(given) == len(arms)):
        return []
    return arms


# two cell products named together and given together: "autologous bone marrow mononuclear
# cells and allogeneic umbilical cord-derived mesenchymal stem cells administered to ..."; only
# words of the products may stand between them, not a verb ("BMMCs were isolated and MSCs ...")
_JOINED_BY_AND = re.compile(r"^[\s,]*(?:\([^()]{1,30}\)\s*){0,2},?\s*and\s+(?:[\w'’-]+\s+){0,5}?$")
# two cell products offered as alternatives: "randomized to bone marrow mononuclear cells or
# bone marrow MSCs"; each is its own arm even from one source
_JOINED_BY_OR = re.compile(
    # the dose and the group's size may stand in brackets: "HUC-MSCs (23×106) (n=26) or BM-MNCs"
    # a bracketed abbreviation may end the first: "... stem cells (BM-MSC) or umbilical cord ..."
    r"^\)?[\s,]*(?:\([^()]{1,30}\)\s*){0,2},?\s*(?:or|versus|vs\.?)\s+(?:[\w'’-]+\s+){0,5}?$"
)


def _given_together(
    view: TextView, sentences: list[Sentence]
) -> list[tuple[dict[str, Any], dict[str, tuple[int, int]], tuple[str, int, int] | None]]:
    """The best described pair of products given together ("and") or as alternatives ("or").

    Products joined by "and" are split only where their sources differ: "MSCs and Schwann cells"
    of one source are given together, as one product.
    """
    text = view.text
    pairs: list[list[tuple[dict[str, Any], dict[str, tuple[int, int]], tuple[str, int, int]]]] = []
    for sentence in sentences:
        types = find_terms("cell-type", text, sentence.start, sentence.end)
        for first, second in pairwise(types):
            between = text[first.end : second.start]
            alternatives = _JOINED_BY_OR.match(between)
            # one cell type twice is two products only as alternatives from two sources:
            # "either umbilical cord MSCs or bone marrow MSCs"
            same_type = first.code == second.code
            if same_type and not alternatives:
                continue
            if not alternatives and not _JOINED_BY_AND.match(between):
                continue
            word = re.search(r"\b(?:and|or|versus|vs\.?)\s", between)
            joint = first.end + (word.end() if word else 0)
            bounds = (
                (_phrase_start(text, sentence.start, first.start), first.end),
                (joint, second.end),
            )
            found = []
            for start, end in bounds:
                start += len(text[start:end]) - len(text[start:end].lstrip())
                product, spans = _product(view, start, end)
                found.append((product, spans, (text[start:end], start, end)))
            sources = [product["source"] for product, _, _ in found]
            if (not alternatives or same_type) and (None in sources or sources[0] == sources[1]):
                continue
            pairs.append(found)
        pairs += _sources_sharing_cells(view, sentence, types)
    # the best described pair: the most values known, the first of equals
    best = max(pairs, key=_values_known, default=[])
    return best if best and _values_known(best) > 0 else []


def _values_known(pair: list[tuple[dict[str, Any], Any, Any]]) -> int:
    return sum(v is not None for product, _, _ in pair for v in product.values())


# two sources sharing one cell noun as alternatives: "bone marrow or umbilical cord MSCs"
_SOURCES_OR = re.compile(r"\s*,?\s*or\s+$")


def _sources_sharing_cells(
    view: TextView, sentence: Sentence, types: list[Term]
) -> list[list[tuple[dict[str, Any], dict[str, tuple[int, int]], tuple[str, int, int]]]]:
    """Two products for "bone marrow or umbilical cord MSCs": one per source, the cells shared."""
    text = view.text
    pairs = []
    sources = find_terms("source", text, sentence.start, sentence.end)
    for first, second in pairwise(sources):
        if first.code == second.code or not _SOURCES_OR.fullmatch(text, first.end, second.start):
            continue
        # the cells after the second source, or inside its label ("umbilical cord MSCs")
        cells = next((t for t in types if second.start <= t.start <= second.end + 20), None)
        if cells is None:
            continue
        product, spans = _product(view, second.start, cells.end)
        if product["source"] != second.code:
            continue
        other = dict(product, source=first.code)
        other_spans = dict(spans)
        other_spans["product/source"] = (first.start, first.end)
        pairs.append(
            [
                (other, other_spans, (first.text, first.start, first.end)),
                (product, spans, (text[second.start : cells.end], second.start, cells.end)),
            ]
        )
    return pairs


def _phrase_start(text: str, sentence_start: int, term_start: int) -> int:
    """Where the noun phrase of a cell type begins: after "of", "with", a comma or a verb."""
    before = text[sentence_start:term_start]
    cut = max(
        (
            m.end()
            for m in re.finditer(
                r"\b(?:of|with|and|to|either|received|receive|receiving)\b|[,;:(]", before
            )
        ),
        default=0,
    )
    return sentence_start + cut


_CONTROL_ARM = re.compile(
    r"\b(?:the\s+)?(?P<label>(?:placebo|sham|control|saline)\s+(?:group|arm|patients|subjects|participants))\b"
    r"[^.;]{0,60}?\b(?:received|receive|will receive|was given|were given|(?:will\s+)?be given|"
    r"underwent|(?:will\s+)?undergo|had|accepts?|accepted|(?:were|was)\s+(?:\w+\s+)?treated)\b[^.;]*",
    re.I,
)
# patients shared out between groups, one of them a control: "divided into two groups:
# intervention and control", "randomized to MSCs or placebo"
_SPLIT_WITH_CONTROL = re.compile(
    r"\b(?:divided|randomi[sz](?:ed|ation)|allocated|allocation|assigned|split|categori[sz]ed|"
    r"grouped)\b[^.;]{0,40}?\b(?:in)?to\b[^.;]{0,80}?"
    r"\b(?P<label>(?:placebo|sham|control)(?:\s+(?:group|arm))?|"
    # "into an MSC group and a rehabilitation group"; "an MSC + rehabilitation group" is the
    # cells' group
    r"(?<!\+ )(?<!\+)(?<!plus )(?<!with )(?:rehabilitation|physiotherapy|(?:conventional|standard|"
    r"usual)\s+(?:care|therapy|treatment))\s+(?:group|arm))\b",
    re.I,
)


_NOT_CELLS = r"(?!cells?\b|MSCs?\b|stem\b|exosomes?\b|baseline\b)"
# a comparison group named by what it got alone: "the other 10 subjects received the standard
# care alone", "treated with MSCs or with physical therapy alone"
_CARE_ALONE = re.compile(
    r"\b(?:received|receiving|with|underwent|undergoing|got)\s+(?:the\s+|only\s+)?"
    r"(?P<label>(?:standard|conventional|usual|routine)\s+(?:care|treatment|therapy|rehabilitation)|"
    r"physical\s+therapy|physiotherapy|rehabilitation(?:\s+therapy)?)\s+(?:alone|only)\b"
    # "compared to the treatment of surgical decompression and adhesiolysis only"; a product of
    # cells alone is no control ("compared to MSCs alone")
    r"|\bcompared\s+(?:to|with)\s+(?:the\s+)?(?:treatment\s+(?:of|with)\s+)?"
    rf"(?P<label2>{_NOT_CELLS}[\w-]+(?:\s+{_NOT_CELLS}[\w-]+){{0,5}}?)\s+(?:alone|only)\b"
    # "patients who only receive rehabilitation", "patients who accept neither X nor Y"
    r"|\b(?P<label3>(?:patients|subjects|participants)\s+who\s+(?:only\s+(?:receive|received|get|got|"
    r"undergo|underwent)\s+(?:[\w-]+\s+){0,2}?(?:rehabilitation|care|therapy|treatment)|"
    r"accept(?:ed)?\s+neither))\b",
    re.I,
)
# "6 patients with complete, thoracic paraplegia and a control group"
_PATIENTS_AND_CONTROL = re.compile(
    rf"\b(?:{COUNT})\s+(?:[\w-]+\s+){{0,2}}?(?:patients|subjects|participants)\b[^.;]{{0,80}}?"
    r"\band\s+an?\s+(?P<label>control\s+(?:group|arm|cohort))\b",
    re.I,
)
# "a phase II trial with two arms, including treatment and control groups"
_ARMS_WITH_CONTROL = re.compile(
    r"\b(?:two|2|three|3)\s+(?:arms|groups)\b[^.;]{0,60}?\b(?P<label>control\s+(?:group|arm))s?\b",
    re.I,
)
# "one group received sham treatment", "the other group was given saline"
_OTHER_GROUP_GOT = re.compile(
    r"\b(?:(?:one|another|the\s+other|a\s+second|the\s+second|a\s+third|the\s+third)\s+group|"
    # "the others received a placebo IV"
    r"the\s+(?:others|rest|remaining(?:\s+\w+)?))\s+"
    r"(?:received|got|underwent|(?:was|were)\s+given|(?:was|were)\s+treated\s+with)\s+(?:a\s+|an\s+)?"
    r"(?P<label>sham|placebo|(?:normal\s+)?saline|vehicle)\b",
    re.I,
)
# "15 will get MSCs, while 15 will be given a placebo": a group named by its size
_COUNT_GOT_PLACEBO = re.compile(
    rf"\b(?:{COUNT})\s+(?:[\w-]+\s+){{0,2}}?(?:will\s+(?:be\s+given|get|receive)|received|got|"
    r"(?:were|was)\s+given)\s+(?:an?\s+|the\s+)?"
    r"(?P<label>placebo|sham|(?:normal\s+)?saline|vehicle)\b",
    re.I,
)
# "the third will be the control group", "ten patients served as a control group", "15
# underwent sham surgery as a control group"
_IS_CONTROL = re.compile(
    r"\b(?:will\s+be|was|were|(?:served\s+|serve\s+)?as)\s+(?:the|a)\s+(?:blank\s+|untreated\s+)?"
    r"(?P<label>control\s+(?:group|arm))\b"
    # "ten received saline as controls"
    r"|\b(?:received|got|were\s+given)\s+(?P<label2>(?:normal\s+)?saline|placebo|vehicle)\s+as\s+controls?\b"
    # "six patients who received a similar injection using saline served as a historic control"
    r"|\bserved?\s+as\s+(?:the\s+|an?\s+)?(?P<label3>(?:historic(?:al)?\s+|external\s+|matched\s+)?"
    r"controls?(?:\s+(?:group|arm|cohort))?)\b",
    re.I,
)
# guards, matched against the lower-cased sentence: case-insensitive alternations are slow
_SHAM_OR_PLACEBO = re.compile(r"placebo|sham|saline|vehicle|standard|usual")
# what a comparison group gets instead of the cells
_INSTEAD = (
    r"(?P<label>placebo|sham|(?:normal\s+|physiological\s+)?saline|vehicle|"
    r"(?:standard|usual)\s+(?:of\s+)?care)\b"
)
# "treated with UC-MSC transplantation or placebo", "MSCs versus sham surgery", "to receive
# either one intravenous infusion of MSCs or normal saline"
_VERSUS_CONTROL = re.compile(
    # a bracket may hold a brand and its maker: "either MSCs (Prochymal; Osiris Inc) or vehicle"
    r"\b(?:treat\w*|receiv\w*|given|randomi[sz]\w*|compar\w*|assign\w*|allocat\w*)\b"
    r"(?:[^.;()]|\((?:[^()]|\([^()]{0,8}\)){0,60}\)){0,80}?"
    r"\b(?:or|versus|vs\.?|compared\s+(?:to|with)|"
    # "compare patients getting MSCs ... to those getting a placebo"
    r"to\s+(?:those|patients|participants|people)\s+(?:getting|receiving|given))"
    r"\s+(?:to\s+)?(?:a\s+|the\s+)?" + _INSTEAD,
    re.I,
)
# "This trial will compare donor umbilical cord MSCs to placebo"
_COMPARED_TO_CONTROL = re.compile(
    # "That trial will test two doses of stem cells compared to placebo"
    r"\bcompar(?:e|es|ed|ing)\s+(?:[^.;]{0,100}?\s)?(?:to|with|against)\s+(?:a\s+|the\s+)?"
    + _INSTEAD,
    re.I,
)
# placebo named as one of the infusions: "with infusions of placebo, 10 mL of X, or 15 mL of X"
_PLACEBO_ACTS = re.compile(
    r"\b(?:[\w-]+\s+)?(?:infusions?|injections?|doses?)\s+of\s+(?:a\s+)?(?P<label>placebo)\b",
    re.I,
)
# the act first, the verb after: "One intravenous infusion of stem cells or placebo will be given"
_ACT_OR_CONTROL = re.compile(
    r"\b(?:[\w-]+\s+)?(?:infusions?|injections?|transplantations?|administrations?|implantations?)\s+of\b"
    r"[^.;]{0,60}?\b(?:or|versus|vs\.?)\s+(?:a\s+|the\s+)?" + _INSTEAD,
    re.I,
)


# a comparison group named by its own heading or product: "Conventional therapy group",
# "intravenous placebo solution with the same appearance"
_CONTROL_NAMED = re.compile(
    r"\b(?P<label>(?:conventional|standard|usual)\s+(?:therapy|treatment|care)\s+(?:group|arm))\b"
    # a group heading on a line of its own: "Control group"
    r"|^[ \t]*(?P<label3>Control\s+(?:group|arm))[ \t]*:?[ \t]*$"
    r"|\b(?:[\w-]+\s+)?(?P<label2>placebo\s+(?:solution|suspension|injections?|infusions?))\b",
    re.I | re.M,
)


# a group the text calls the control in passing: "the other group gets usual care (control
# group)", "(CTRL group, n = 20)", "a control cohort of ten patients", "control subjects who
# would not receive cells"
_CONTROL_ASIDE = re.compile(
    r"\(\s*(?P<label>(?:control|CTRL)\s+(?:group|arm|cohort))\s*[),;]"
    # "The placebo will be normal saline"
    r"|\bthe\s+(?P<label4>placebo)\s+(?:will\s+be|was|is|consist(?:s|ed)?\s+of)\s"
    rf"|\b(?:an?|the)\s+(?P<label2>control\s+(?:group|arm|cohort))\s+of\s+(?:\d+|{COUNT})\s"
    # "control ... patients (n=18)"
    r"|\b(?P<label5>control\s+(?:[\w-]+\s+){0,2}?(?:subjects|patients|participants))\s*\(\s*n\s*=\s*\d"
    r"|\b(?P<label3>control(?:led)?\s+(?:subjects|patients|participants))\b[^.;]{0,60}?"
    r"\b(?:would|will|did|do|does)\s+not\s+(?:receive|get|undergo)\b",
    re.I,
)
# a group named for what it did not get: "five patients in no MSC group", "the non-MSC group";
# no act as the last of the options: "intrathecal, intralesional or no injection"
_NO_PRODUCT_GROUP = re.compile(
    r"\b(?:in|into|to|the)\s+(?:the\s+)?(?P<label>(?:no|non)[- ](?:MSCs?|cells?|stem[- ]cells?|"
    r"[A-Za-z-]*MSCs?|transplant(?:ation)?|treatment|injection)\s+(?:group|arm))\b"
    r"|,?\s+or\s+(?P<label2>no\s+(?:injection|infusion|transplantation|treatment|cells))\b",
    re.I,
)
# "a case series with an untreated control", "four controls were recruited"
_UNTREATED_CONTROL = re.compile(
    r"\bwith\s+an?\s+(?P<label>(?:untreated|concurrent|matched)\s+control(?:\s+(?:group|arm|cohort))?)\b"
    rf"|\b(?:{COUNT})\s+(?P<label2>(?:untreated\s+|matched\s+)?controls)\s+were\s+"
    r"(?:recruited|enrolled|included)\b",
    re.I,
)
_MIMICS = re.compile(r"\b(?:placebo|sham|saline|vehicle)\b", re.I)
# a group's own verb between the route and the control: "by vein and one group received a sham"
_ITS_OWN_VERB = re.compile(r"\b(?:received|receive|got|given|underwent|had)\b", re.I)
_NO_OR_NON = re.compile(r"\b(?:no|non)[- ]")
_NAMED_CONTROL_WORDS = re.compile(r"placebo|conventional|standard|usual|control (?:group|arm)")
_CONTROL_WORD = re.compile(r"control|ctrl|placebo")
_PLACEBO_WORD = re.compile(r"placebo")
# a placebo-controlled design names its comparison group even where no sentence describes it
# ("nonrandomized, no placebo-controlled" had none)
_PLACEBO_DESIGN = re.compile(
    r"(?<![Nn]on-)(?<![Nn]on )(?<![Nn]o )\b(?P<label>placebo)[- ]controlled\b", re.I
)


# a registry copy that prints ClinicalTrials.gov's codes: "non-surgery arm / Group Type
# NO_INTERVENTION / No interventions assigned to this group"; the arm's name is the line above
_GROUP_TYPE_CONTROL = re.compile(
    r"\bGroup\s+Type\s*:?\s*(?P<label>NO_INTERVENTION|PLACEBO_COMPARATOR|SHAM_COMPARATOR)\b"
)
_GROUP_TYPE_WORD = re.compile(r"group type")
# a registry's interventions cell: "Biological: X lower dose Biological: X higher dose Other:
# Placebo"
_LISTED_PLACEBO = re.compile(
    r"\b(?:Other|Drug|Biological|Procedure)\s*:\s*(?P<label>Placebo|(?:Normal\s+)?Saline|Sham)\b",
    re.I,
)


# the ways a text names a comparison group, most telling first, each with the words a sentence
# must hold before the pattern is worth running
_CONTROL_GROUPS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (_CONTROL_ARM, None),
    (_GROUP_TYPE_CONTROL, _GROUP_TYPE_WORD),
    (_LISTED_PLACEBO, _SHAM_OR_PLACEBO),
    (_SPLIT_WITH_CONTROL, None),
    (_VERSUS_CONTROL, _SHAM_OR_PLACEBO),
    (_COMPARED_TO_CONTROL, _SHAM_OR_PLACEBO),
    (_OTHER_GROUP_GOT, _SHAM_OR_PLACEBO),
    (_COUNT_GOT_PLACEBO, _SHAM_OR_PLACEBO),
    (_ACT_OR_CONTROL, _SHAM_OR_PLACEBO),
    (_PLACEBO_ACTS, _SHAM_OR_PLACEBO),
    (_IS_CONTROL, None),
    (_NO_PRODUCT_GROUP, _NO_OR_NON),
    (_UNTREATED_CONTROL, _CONTROL_WORD),
    (_CARE_ALONE, None),
    (_ARMS_WITH_CONTROL, None),
    (_PATIENTS_AND_CONTROL, _CONTROL_WORD),
    (_CONTROL_NAMED, _NAMED_CONTROL_WORDS),
    (_CONTROL_ASIDE, _CONTROL_WORD),
    (_PLACEBO_DESIGN, _PLACEBO_WORD),
)


def _control_arms(view: TextView, sentences: list[Sentence]) -> list[ArmDraft]:
    """A comparison group the text describes ("the placebo group received saline")."""
    text = view.text
    # a preclinical part's groups are no arms: "in the rat retina ... compared with the sham group"
    sentences = [s for s in sentences if not ANIMAL_WORD.search(s.text)]
    # what the control group was given says most (its route); a mere split says it exists
    lowered = [sentence.text.lower() for sentence in sentences]
    found = (
        (pattern.search(text, sentence.start, sentence.end), sentence)
        for pattern, needs in _CONTROL_GROUPS
        for sentence, low in zip(sentences, lowered, strict=True)
        if needs is None or needs.search(low)
    )
    for match, sentence in found:
        if not match:
            continue
        group = next(
            g for g in ("label", "label2", "label3", "label4", "label5") if match.groupdict().get(g)
        )
        label_text = match.group(group)
        # care goes by no route of the cells; a placebo or saline is given the cells' way
        care = bool(re.search(r"care\b", label_text, re.I))
        routes = [] if care else _routes(view, *match.span())
        if not routes and not care and _MIMICS.search(sentence.text):
            # "randomized to intracoronary infusion of BMMC (...) or BMSC (...) or equal volume
            # normal saline (CTRL group, n = 20)": a placebo goes the one way the sentence names
            named = _routes(view, sentence.start, sentence.end)
            between = text[named[0].end : match.start()] if named else ""
            shared = (
                len({t.code for t in named}) == 1
                and named[0].end <= match.start()
                and re.search(r"\bor\b", between)
                and not _ITS_OWN_VERB.search(between)
            )
            routes = named if shared else []
        mentions: dict[str, list[Term]] = {}
        for term in routes:
            mentions.setdefault(term.code, []).append(term)
        label = (label_text, match.start(group), match.end(group))
        if match.re is _GROUP_TYPE_CONTROL and (above := _line_above(text, match.start())):
            label = above
        arms = _control_arm(view, label, mentions)
        if match.re in (_VERSUS_CONTROL, _ACT_OR_CONTROL):
            # "two intravenous injections of AtMSCs or placebo at 4-week intervals": a placebo
            # offered instead of the cells keeps the schedule of the acts it stands in for
            start = text.rfind(";", sentence.start, match.start()) + 1 or sentence.start
            end = text.find(";", match.end(), sentence.end)
            stop = end if end >= 0 else sentence.end
            clause = Sentence(start, stop, text[start:stop])
            claimed: set[tuple[int, str]] = set()
            for item in sorted(_schedule_items(view, [clause]), key=itemgetter(2)):
                for arm in arms:
                    _schedule_arm(text, arm, claimed, item)
        return arms
    return []


def _control_arm(
    view: TextView, label: tuple[str, int, int], mentions: dict[str, list[Term]] | None = None
) -> list[ArmDraft]:
    """A comparison group given no product, its role read from its label."""
    return _build_arms(view, label, "control", dict(_NO_PRODUCT), {}, mentions or {}, [], label[1:])


def _line_above(text: str, offset: int) -> tuple[str, int, int] | None:
    """The nearest line with words above the line at an offset, and its span."""
    end = text.rfind("\n", 0, offset)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        words = text[start:end].strip()
        if words:
            first = text.index(words, start)
            return words, first, first + len(words)
        end = start - 1
    return None


def _default_label(product: dict[str, Any]) -> str:
    """A label made from the product: "bone marrow mesenchymal stromal cells", "cells"."""
    cell_type = product.get("cell_type")
    named = cell_type not in (None, "other") and product["kind"] == "cells"
    what = f"{cell_type}s" if named else product["kind"]
    source = product.get("source") or ""
    if source == "other" or (source and what.startswith(source)):
        source = ""  # "other" names no tissue; "bone-marrow-mononuclear-cells" names its own
    return " ".join(p for p in (source, what) if p).replace("-", " ")


def _set_dose(arm: ArmDraft, text: str, dose: tuple[float, str, int, int]) -> None:
    value, unit, start, end = dose
    if arm.product.get("kind") == "none":
        return
    arm.dose = {"value": value, "unit": unit, "as_written": text[start:end]}
    arm.spans["dose"] = (start, end)


# --- registry arm lists ---------------------------------------------------------------------
_ROLE_PREFIX = re.compile(
    r"^(?P<role>Experimental|Active Comparator|Placebo Comparator|Sham Comparator|No Intervention)\s*:\s*(?P<label>.+?)\s*\|?\s*$",
    re.I | re.M,
)
_ARM_TABLE = re.compile(r"^\s*Arm\s*\|\s*Intervention/treatment\s*\|?\s*$", re.I | re.M)


def _registry_cells(text: str) -> list[tuple[int, int, int]]:
    """Rows of a registry arms table ("Arm | Intervention/treatment").

    Each row is (start, end of the arm's cell, end of the intervention cell beside it).
    """
    header = _ARM_TABLE.search(text)
    if not header:
        return []
    start = header.end()
    rule = re.match(r"\s*-{2,}\|[-|]*\s*\n", text[start:])
    if rule:
        start += rule.end()
    stop = re.search(r"\n\s*\n|\n- ", text[start:])
    end = start + stop.start() if stop else len(text)
    cells = []
    cursor = start
    for separator in re.finditer(r"\|[ \t]*(?:\n|$)", text[start:end]):
        cells.append((cursor, start + separator.start()))
        cursor = start + separator.end()
    if text[cursor:end].strip():  # the last cell, when the page stops before its "|"
        cells.append((cursor, end))
    return [
        (*arm, (cells[index + 1] if index + 1 < len(cells) else arm)[1])
        for index, arm in enumerate(cells)
        if index % 2 == 0
    ]


_NO_PRODUCT = {
    "kind": "none",
    "cell_type": None,
    "source": None,
    "donor": None,
    "preparation": None,
}
_ROLE_STOP = re.compile(
    r"\n\s*\n|\n(?:Experimental|Active Comparator|Placebo Comparator|Sham Comparator|"
    r"No Intervention|Drug|Biological|Procedure|Device|Other)\s*:"
)


def _registry_arms(view: TextView) -> list[ArmDraft]:
    """Arms of a registry record: each arm's label, role and description."""
    text = view.text
    blocks: list[tuple[int, int, int]] = _registry_cells(text)
    if not blocks:
        for match in _ROLE_PREFIX.finditer(text):
            stop = _ROLE_STOP.search(text, match.end())
            end = stop.start() if stop else len(text)
            blocks.append((match.start(), end, end))
    arms: list[ArmDraft] = []
    for start, end, row_end in blocks:
        while start < end and text[start] in " \n\t":
            start += 1
        line_end = text.find("\n", start, end)
        line_end = end if line_end < 0 else line_end
        first = text[start:line_end].rstrip(" |")
        prefix = _ROLE_PREFIX.match(first)
        label_start = start + (prefix.start("label") if prefix else 0)
        label = prefix.group("label").strip() if prefix else first.strip()
        if not label:
            continue
        role = "experimental"
        if prefix and re.search(r"comparator|no intervention", prefix.group("role"), re.I):
            role = "control"
        if _CONTROL_WORDS.search(label):
            role = "control"
        product, spans = _product(view, start, end)
        if product["kind"] is None and role == "experimental" and row_end > end:
            # the cells named only in the intervention beside the arm: "Experimental: AST-OPC1"
            # beside "One injection of 2 million ... AST-OPC1 cells"
            product, spans = _product(view, end, row_end)
        no_cells = not find_terms("cell-type", text, start, end)
        if product["kind"] is None or (role == "control" and no_cells):
            role, product, spans = "control", dict(_NO_PRODUCT), {}
        mentions: dict[str, list[Term]] = {}
        for term in _routes(view, start, end):
            mentions.setdefault(term.code, []).append(term)
        if not mentions and product["kind"] != "none":
            # the route written only in the intervention beside the arm ("injected
            # intrathecally"); an intervention shared by all arms names several, and says none
            beside = _routes(view, end, row_end)
            if len({t.code for t in beside}) == 1:
                mentions[beside[0].code] = beside
        role_span = (
            (start + prefix.start("role"), start + prefix.end("role"))
            if prefix
            else (label_start, label_start + len(label))
        )
        sentences = [s for s in view.sentences if start <= s.start < end]
        arms += _build_arms(
            view,
            (label, label_start, label_start + len(label)),
            role,
            product,
            spans,
            mentions,
            sentences,
            role_span,
        )
    _fill_from_document(view, arms)
    return arms


# a registry copy that prints its arm table as columns of lines: "Arms of the Study", then
# "Arm 1", "Arm 2", then each arm's role, then each arm's label, then each arm's description
_ARM_COLUMNS_HEAD = re.compile(
    r"^[ \t]*(?:Arms of the Study|Study Arms|Arms and Interventions)[ \t]*$", re.I | re.M
)
_ARM_NUMBER_LINE = re.compile(r"(?:Arm|Group|Cohort)\s*\d{1,2}", re.I)
_ROLE_LINE = re.compile(
    r"Experimental|Active Comparator|Placebo Comparator|Sham Comparator|No Intervention|Other",
    re.I,
)
_LINE = re.compile(r"^[ \t]*(\S[^\n]*?)[ \t]*$", re.M)
# "a collagen fleece ... devoid of stem cells": an arm without cells
_WITHOUT_CELLS = re.compile(r"\b(?:devoid\s+of|without|free\s+of)\s+(?:\w+\s+)?cells\b", re.I)


_Span = tuple[int, int]


def _arm_columns(text: str) -> list[tuple[_Span, _Span, _Span | None]]:
    """(role, label, description) spans of each arm of a column-printed arm table."""
    head = _ARM_COLUMNS_HEAD.search(text)
    if not head:
        return []
    lines = [m.span(1) for _, m in zip(range(64), _LINE.finditer(text, head.end()), strict=False)]
    count = 0
    while count < len(lines) and _ARM_NUMBER_LINE.fullmatch(text, *lines[count]):
        count += 1
    roles = lines[count : 2 * count]
    labels = lines[2 * count : 3 * count]
    if count < 2 or len(labels) < count:
        return []
    if not all(_ROLE_LINE.fullmatch(text, *span) for span in roles):
        return []
    # descriptions, where the page has them (a cut page may stop inside them)
    found = lines[3 * count : 4 * count]
    details: list[_Span | None] = [
        (found[k] if k < len(found) and found[k][1] - found[k][0] >= 25 else None)
        for k in range(count)
    ]
    return list(zip(roles, labels, details, strict=True))


@dataclass
class _ColumnArm:
    """One arm of a column-printed arm table, as its own words give it."""

    role: str  # the registry's role, lower case: "experimental", "placebo comparator" ...
    role_span: _Span
    label_span: _Span
    own: list[_Span]  # its label, and its description where the page has one
    product: dict[str, Any]
    spans: dict[str, _Span]

    @property
    def named(self) -> bool:
        return self.product["kind"] in _OF_CELLS

    def gets_nothing(self, text: str) -> bool:
        """A placebo, sham or no-intervention arm, or one naming only care or placebo."""
        words = " ".join(text[a:b] for a, b in self.own)
        return (
            self.product["kind"] == "none"
            or any(w in self.role for w in ("placebo", "sham", "no intervention"))
            or (not self.named and bool(_CONTROL_WORDS.search(words)))
        )


def _read_column(view: TextView, role: _Span, label: _Span, detail: _Span | None) -> _ColumnArm:
    text = view.text
    own = [label, detail] if detail else [label]
    product, spans = _product(view, *own[-1])
    if product["kind"] is None:
        product, spans = _product(view, *label)
    if _WITHOUT_CELLS.search(" ".join(text[a:b] for a, b in own)):
        product, spans = dict(_NO_PRODUCT), {}
    return _ColumnArm(text[role[0] : role[1]].lower(), role, label, own, product, spans)


def _column_arms(view: TextView, title: tuple[int, int] | None) -> list[ArmDraft]:
    """Arms of a registry copy whose arm table is printed as columns of lines.

    An experimental arm whose own words name no product gets the one the document describes,
    and so does a comparator the page cuts off before its description; a placebo, sham or
    no-intervention arm, one naming only care or placebo, and a comparator whose description
    names no product get none. Comparators alone are the study's groups.
    """
    text = view.text
    columns = [_read_column(view, *spans) for spans in _arm_columns(text)]
    nothing = [column.gets_nothing(text) for column in columns]
    groups_only = all("comparator" in c.role for c in columns) and not any(nothing)
    described: list[ArmDraft] | None = None
    arms: list[ArmDraft] = []
    for column, gets_nothing in zip(columns, nothing, strict=True):
        product, spans = column.product, column.spans
        control = gets_nothing or ("comparator" in column.role and not groups_only)
        silent = "experimental" in column.role or len(column.own) == 1
        if not column.named and not gets_nothing and silent:
            if described is None:
                described = [a for a in _text_arms(view, title) if a.role == "experimental"]
            if described:  # "Pilot group": the study's product
                product, spans = dict(described[0].product), {}
        if product["kind"] not in _OF_CELLS:
            product, spans, control = dict(_NO_PRODUCT), {}, True
        mentions: dict[str, list[Term]] = {}
        for a, b in column.own:
            for term in _routes(view, a, b):
                mentions.setdefault(term.code, []).append(term)
        sentences = [s for s in view.sentences if any(a <= s.start < b for a, b in column.own)]
        label = (text[column.label_span[0] : column.label_span[1]], *column.label_span)
        role = "control" if control else "experimental"
        arms += _build_arms(
            view, label, role, product, spans, mentions, sentences, column.role_span
        )
    _fill_from_document(view, arms)
    return arms


# a donor word that says whose cells: "autologous bone marrow", not "autologous adjustment of
# blood pressure"
_DONOR_OF_PRODUCT = re.compile(
    r"[\s,-]+(?:[\w-]+[\s,]+){0,4}?(?:cells?|MSCs?|stem|marrow|bone|fat|adipose|tissue|mesenchymal|"
    r"stromal|umbilical|transplant\w*|"
    r"grafts?|products?|cord|donors?|[A-Za-z]*SCs?|[A-Za-z]*MNCs?)\b",
    re.I,
)
# "third parties" in a site's privacy note donate nothing
_THIRD_PARTY = {"third party", "third-party"}
_BARE_DONOR = {"autologous", "allogeneic", "allogenic", *_THIRD_PARTY}


def _donor_of_the_cells(text: str, term: Term, bare: set[str]) -> bool:
    """Whether a donor word says whose cells these are.

    Never another graft's ("candidates for allogeneic haematopoietic stem cell
    transplantation"); a bare word only before a word of the product ("autologous bone marrow").
    """
    if _OTHER_GRAFT_AFTER.match(text, term.end) or _ORGAN_GRAFT_FATE.match(text, term.end):
        return False
    return " ".join(term.text.lower().split()) not in bare or bool(
        _DONOR_OF_PRODUCT.match(text, term.end)
    )


def _fill_from_document(view: TextView, arms: list[ArmDraft]) -> None:
    """A donor, source or cell type an arm's own text leaves out, when the document names one.

    Registry arm descriptions often say "UC-MSC" while the summary says "allogeneic umbilical
    cord MSCs", and a text may name the donor or the cell type only where it states the aim
    ("the patient's own cells", "mesenchymal stem cells from cord blood" before "the second
    group will receive cord blood stem cells"); with one in the whole study there is nothing
    to choose.
    """
    text = view.text
    factual = {s.start for s in view.factual()}
    for scheme, key in (("donor", "donor"), ("source", "source"), ("cell-type", "cell_type")):
        terms = [
            t
            for t in find_terms(scheme, text)
            if (sentence := view.sentence_at(t.start))
            and sentence.start in factual
            and (scheme != "donor" or _donor_of_the_cells(text, t, _BARE_DONOR))
        ]
        if len({t.code for t in terms}) != 1:
            continue
        for arm in arms:
            if (
                arm.product.get("kind") in _OF_CELLS
                and not arm.product.get(key)
                and not _said_of_another(view, terms, arm)
            ):
                arm.product[key] = terms[0].code
                arm.spans[f"product/{key}"] = (terms[0].start, terms[0].end)


def _said_of_another(view: TextView, terms: list[Term], arm: ArmDraft) -> bool:
    """Whether every mention qualifies cells of another type ("HUC-MSCs with autologous BM-MNCs")."""
    own = arm.product.get("cell_type")
    if own is None:
        return False
    for term in terms:
        after = find_terms("cell-type", view.text, term.end, min(len(view.text), term.end + 60))
        if not after or after[0].code == own:
            return False
    return True


def read_arms(view: TextView, title: tuple[int, int] | None, *, registry: bool) -> list[ArmDraft]:
    """The arms of the study: the registry's arm list when there is one, else the text's."""
    arms: list[ArmDraft] = []
    if registry:
        arms = _column_arms(view, title) or _registry_arms(view) or _intervention_arms(view)
        if arms:
            _route_from_title(view, title, arms)
    if arms and not any(arm.role == "control" for arm in arms):
        arms += _listed_placebo(view)  # "Other: Placebo" beside the listed products
    # a registry copy whose only word of the product is its interventions list ("Biological:
    # TH-SC01(Umbilical cord mesenchymal stem cells)"), its sentences naming no act
    arms = arms or _text_arms(view, title) or _intervention_arms(view, at_least=1)
    if arms and title and not any(arm.role == "control" for arm in arms):
        arms += _title_comparator(view, title)
    return arms


def _listed_placebo(view: TextView) -> list[ArmDraft]:
    """A placebo a registry lists among its interventions, as a control arm."""
    match = _LISTED_PLACEBO.search(view.text)
    if not match:
        return []
    label = (match.group("label"), match.start("label"), match.end("label"))
    return _control_arm(view, label)


# a title that sets the product against something else: "... Cells Transplantation vs.
# Intradural Decompression and Adhesiolysis in SCI"
_TITLE_VERSUS = re.compile(
    r"\b(?:vs\.?|versus)\s+(?P<label>[^.;:()]{3,80}?)(?=\s+(?:in|for|among|on|after)\s|\s*[.;:(]|$)",
    re.I,
)


def _title_comparator(view: TextView, title: tuple[int, int]) -> list[ArmDraft]:
    """The comparison group a title names, where it is given no cells and is no other schedule."""
    text = view.text
    match = _TITLE_VERSUS.search(text, *title)
    if not match:
        return []
    start, end = match.span("label")
    names_product = find_terms("product-kind", text, title[0], match.start()) or find_terms(
        "cell-type", text, title[0], match.start()
    )
    if (
        not names_product
        or _product(view, start, end)[0]["kind"] is not None
        or _ACTION.search(match.group("label"))
    ):
        return []
    return _control_arm(view, (match.group("label"), start, end))


# a registry's interventions, one per line: "Biological: NeuroRegen scaffold/MSC transplantation"
_INTERVENTION_LINE = re.compile(
    r"^[ \t]*(?:Biological|Drug|Procedure|Genetic|Combination Product|Device)[ \t]*:[ \t]*"
    r"(?P<label>\S[^\n|]*?)[ \t|]*$",
    re.M,
)


def _intervention_arms(view: TextView, *, at_least: int = 2) -> list[ArmDraft]:
    """One arm per listed intervention, when a registry lists `at_least` products that differ.

    A record without arm rows may still list "Biological: ... neural stem cells" and
    "Biological: ... mesenchymal stem cells": two products, so two arms. One product listed
    (or the same one twice) says nothing the text's own reading does not, unless the text
    gives no arm of its own.
    """
    text = view.text
    found = []
    for match in _INTERVENTION_LINE.finditer(text):
        product, spans = _product(view, match.start("label"), match.end("label"))
        if product["kind"] not in (None, "none"):
            found.append((match, product, spans))
    kinds = {(p["kind"], p["cell_type"], p["source"]) for _, p, _ in found}
    if len(kinds) < at_least:
        return []
    arms: list[ArmDraft] = []
    for match, product, spans in found:
        mentions: dict[str, list[Term]] = {}
        for term in _routes(view, match.start("label"), match.end("label")):
            mentions.setdefault(term.code, []).append(term)
        label = (match.group("label"), match.start("label"), match.end("label"))
        arms += _build_arms(view, label, "experimental", product, spans, mentions, [], label[1:])
    _fill_from_document(view, arms)
    return arms


def _route_from_title(view: TextView, title: tuple[int, int] | None, arms: list[ArmDraft]) -> None:
    """The one route a registry's title names, for product arms whose rows name none."""
    if title is None or any(arm.route for arm in arms):
        return
    routes = _routes(view, *title)
    if len({t.code for t in routes}) != 1:
        return
    term = routes[0]
    start, end = _route_phrase(view.text, term)
    for arm in arms:
        if arm.product.get("kind") != "none":
            arm.route = term.code
            arm.route_as_written = view.text[start:end]
            arm.spans["route"] = (term.start, term.end)
            arm.spans["route_as_written"] = (start, end)


def write_arms(arms: list[ArmDraft], ev: Evidence) -> list[dict[str, Any]]:
    """Arm dicts for the record, with their evidence under /arms/i/..."""
    out = []
    for index, arm in enumerate(arms):
        for key, (start, end) in arm.spans.items():
            ev.add(f"/arms/{index}/{key}", start, end)
        out.append(arm.data())
    return out
