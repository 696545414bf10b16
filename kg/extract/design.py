"""Study design and population: type, allocation, masking, phase, size, ages, AIS grades."""

from __future__ import annotations

import re
from typing import Any

from kg.extract.identifiers import Found
from kg.extract.numbers import COUNT, count_value
from kg.extract.text import Evidence, Sentence, TextView
from kg.extract.vocabulary import Term, find_terms

__all__ = ["about_animals", "read_design", "read_population"]


_OUTSIDE = re.compile(r"\boutside\s+(?:of\s+)?(?:the\s+)?(?:context\s+of\s+)?(?:an?\s+)?$", re.I)
# a study named in a sentence that gives a product: "In a prospective study, patients were
# injected with ...", "has started a clinical research to transplant neural progenitor cells"
_STUDY_NAMED = re.compile(
    # "a prospective, uncontrolled pilot study of ... implanting olfactory mucosal autografts"
    r"\b(?:this|our|the\s+present|the\s+current|an?|in\s+the)\s+(?:(?:prospective|pilot|open|"
    r"open-label|single-arm|single-center|small|uncontrolled|non-?randomi[sz]ed),?\s+){0,4}"
    r"(?P<w>study|clinical\s+(?:research|test))\b",
    re.I,
)
_GIVEN_TO = re.compile(
    r"\b(?:were|was)\s+(?:\w+\s+)?(?:injected|infused|transplanted|grafted|implanted|given|treated\s+with)\b"
    r"|\b(?:received|underwent)\s+(?:\w+\s+){0,4}?(?:injections?|infusions?|transplantation|cells|MSCs?)\b"
    r"|\bto\s+(?:transplant|inject|infuse|implant)\s+(?:[\w-]+\s+){0,6}?(?:cells|MSCs?)\b"
    r"|\bof\s+(?:implanting|transplanting|injecting|infusing|grafting)\s+[^.;]{0,80}?\bin\s+\d+\s+"
    r"(?:patients|subjects|participants)\b",
    re.I,
)
_EXPANDED_ACCESS = re.compile(r"\bexpanded\s+access\b", re.I)
_EXPANDED_ACCESS_SELF = re.compile(
    r"\b(?:this|the)\s+(?:study|protocol|program(?:me)?|request)\s+is\s+(?:an\s+)?expanded\s+access\b"
    r"|\bthis\s+is\s+an\s+expanded\s+access\b|\bStudy\s+Type\s*:?\s*\|?\s*Expanded\s+Access\b",
    re.I,
)
# a cited paper's title: "...: a case report co-authored by our founder references them"
# other work told of: "several trials have reported the use of BMMSCs"
_OTHERS_REPORTED = re.compile(
    r"\s+(?:have|has)\s+(?:\w+\s+)?(?:reported|shown|demonstrated|suggested|found|described)\b",
    re.I,
)
_CITED_AFTER = re.compile(r"\s*(?:co-?authored|authored|written|published)\s+(?:by|in)\b", re.I)


def _terms_in(scheme: str, view: TextView, sentences: list[Sentence]) -> list[Term]:
    found: list[Term] = []
    for sentence in sentences:
        found.extend(find_terms(scheme, view.text, sentence.start, sentence.end))
    return found


def _pick(
    scheme: str, view: TextView, title: Found | None, sentences: list[Sentence]
) -> Term | None:
    """The title's term if it has one, else the first term in the factual sentences.

    A term the text denies ("was not double-blinded") is none.
    """
    text = view.text
    if title is not None:
        in_title = _not_denied(text, find_terms(scheme, text, title.start, title.end))
        if in_title:
            return in_title[0]
    found = [
        t
        for t in _not_denied(text, _terms_in(scheme, view, sentences))
        if not _PARENT_STUDY.search(text, max(0, t.start - 80), t.start)
    ]
    return found[0] if found else None


# the study a follow-up study continues: "a multi-year observational study following the
# completion of the open-label, single dose Phase I/II study": its design is that one's
_PARENT_STUDY = re.compile(
    r"\b(?:(?:following|after)\s+(?:the\s+)?completion\s+of|extension\s+(?:study\s+)?of|"
    r"long-term\s+follow-?up\s+(?:study\s+)?of)\s+(?:the\s+|an?\s+|their\s+)?(?:[\w/-]+,?\s+){0,5}?$",
    re.I,
)


def _not_denied(text: str, terms: list[Term]) -> list[Term]:
    return [t for t in terms if not _DENIED.search(text, max(0, t.start - 30), t.start)]


# "was not double-blinded", "do not require double-blinded studies"; not "not randomized but"
_DENIED = re.compile(
    # "without randomization", an IRCT design line's "Non-randomized, without randomization"
    r"\b(?:not|never)\s+(?:(?!but\b|and\b|or\b)\w+\s+){0,2}$|\bwithout\s+$",
    re.I,
)


_REGISTRY_FIELD = r"\s*:?\s*\|?\s*(?:[-•*]\s+)?"  # "- Target Recruitment\n- 100" too
_CONTROLLED = re.compile(
    # "non-randomized, non-placebo controlled" says only that no placebo was given; a
    # randomized one still compares its groups
    # "a controlled and open-label phase 2 clinical trial"
    r"\ban?\s+controlled\s+and\s+(?:[\w-]+\s+){0,4}?(?:trial|study)\b|"
    r"\b(?:(?<![Nn]on-)(?<![Nn]o )placebo[- ]controlled|(?<![Nn]on-)randomi[sz]ed[^.\n]{0,40}?"
    r"(?<![Nn]on-)controlled|"
    # "a phase 2, controlled, randomized trial"
    r"(?<![Nn]on-)controlled,?\s+(?:double[- ]blind(?:ed)?,?\s+)?randomi[sz]ed|"
    r"(?<![Nn]on-)(?<![Nn]on-placebo )(?<![Nn]on-placebo-)controlled (?:clinical )?(?:trial|study)|"
    r"compar\w*\s+(?:\w+\s+){0,3}?with\s+(?:an?\s+|the\s+)?control\s+(?:group|arm)s?|"
    # "compared with a combination of historical and untreated prospective controls"
    r"compar\w*\s+(?:with|to)\s+(?:[\w-]+\s+){0,6}?controls|"
    # "the single-blinded controlled arm"
    r"(?<![Nn]on-)(?<![Uu]n)controlled\s+(?:arm|part|cohort|group)|"
    # "MSCs vs control", "a controlled experiment", "relative to those given a placebo"
    r"(?:vs\.?|versus)\s+(?:the\s+)?(?:controls?|placebo)|controlled\s+(?:experiment|design)|"
    r"(?:compared|relative)\s+(?:with|to)\s+(?:those|patients|participants)\s+"
    r"(?:given|receiving|who\s+received)\s+(?:a\s+)?placebo|"
    # "This trial will compare donor cord MSCs to placebo"
    r"compar(?:e|es|ing)\s+[^.;]{0,100}?\s(?:to|with|against)\s+(?:a\s+)?placebo)\b",
    re.I,
)
_UNCONTROLLED = re.compile(
    # "an open-label, non-controlled, dose-escalation trial": more adjectives may follow
    # "A retrospective and noncomparative review"
    r"\b(?:(?:uncontrolled|non-controlled|non-?comparative)(?:,?\s+[\w-]+){0,3}?,?\s+"
    r"(?:study|trial|design|series|pilot|review|analysis)|"
    # "the study was not controlled"
    r"(?:study|trial)\s+(?:was|is)\s+not\s+controlled\b|"
    # "no control group", not "no control ability of urination"
    r"absence of (?:a )?control(?: group)?s?|no control(?: groups?| arms?|s)\b|no control(?=\s*[.,;)])|"
    r"without (?:a )?control(?: group| arm)?s?|"
    # "the study lacks a control group"
    r"lack(?:s|ed|ing)?\s+(?:of\s+)?(?:an?\s+)?(?:\w+\s+)?control(?: group| arm)?s?)",
    re.I,
)


# "follows on from a phase 1 trial", "a previous phase I study": the phase of another trial
_OTHER_TRIAL = re.compile(
    r"\b(?:previous(?:ly)?|prior|earlier|preceding|completed|follows?\s+on\s+from|"
    # "a long-term follow-up of the participants in the Phase I/II trial"
    r"builds?\s+on|extension\s+of|(?:participants|patients|subjects)\s+(?:in|of)|"
    r"completion\s+of)\s+"
    r"(?:an?\s+|the\s+|our\s+|its\s+)?$",
    re.I,
)


def _header_row_start(text: str, line_start: int) -> int:
    """Where the line above starts, passing over a table's "---|---" separator row."""
    start = line_start
    for _ in range(2):
        start = text.rfind("\n", 0, max(start - 1, 0)) + 1
        if not re.fullmatch(r"[\s|:-]*", text[start:line_start]):
            break
    return start


# a phase said of trials in general, in the plural
_TRIALS_IN_GENERAL = re.compile(r"^\S+\s+\S+(?:\s+clinical)?\s+(?:trials|studies)\b", re.I)
_JOINED_PHASES = {frozenset({"1", "2"}): "1/2", frozenset({"2", "3"}): "2/3"}


def _pick_phase(view: TextView, title: Found | None, factual: list[Sentence]) -> Term | None:
    """The study's own phase: the title's, else the first named in the factual sentences.

    A bare "N/A" is a phase only on a line about the phase or under a header naming it (a
    registry's "Allocation: N/A" is not). The phase of an earlier trial is not this study's.
    """
    text = view.text
    in_title = find_terms("phase", text, title.start, title.end) if title else []
    candidates = in_title + _terms_in("phase", view, factual)
    own = []
    for term in candidates:
        line_start = text.rfind("\n", 0, term.start) + 1
        if _OTHER_TRIAL.search(text, max(line_start, term.start - 40), term.start):
            continue
        if _PARENT_STUDY.search(text, max(line_start, term.start - 80), term.start):
            continue
        if (
            term not in in_title
            and _TRIALS_IN_GENERAL.search(term.text + text[term.end : term.end + 20])
            and not re.search(r"\bother\s+$", text[max(0, term.start - 8) : term.start], re.I)
        ):
            continue  # "Phase 1 trials conducted on adults are not public"; "like other phase I studies"
        if term.code == "not-applicable" and not re.search(
            r"phase", text[_header_row_start(text, line_start) : term.end], re.I
        ):
            continue
        own.append(term)
    named = [t for t in own if t.code != "not-applicable"]
    if len(named) >= 2:  # a registry listing "Phase 2" and "Phase 1" for a phase 1/2 trial
        joined = _JOINED_PHASES.get(frozenset({named[0].code, named[1].code}))
        if joined and abs(named[1].start - named[0].end) < 40:
            first, second = sorted(named[:2], key=lambda t: t.start)
            return Term(joined, joined, first.start, second.end, text[first.start : second.end])
        # the study's two parts told in turn: "Phase 1 used three dose tiers. Phase 2 was ..."
        parts = [t for t in named if _PHASE_AS_PART.match(text, t.end)]
        codes = frozenset(t.code for t in parts)
        if len(codes) == 2 and (joined := _JOINED_PHASES.get(codes)):
            first = parts[0]
            return Term(joined, joined, first.start, first.end, first.text)
    return (named or own or [None])[0]


# a phase as a part of the study, the subject of its sentence: "Phase 1 used ...", "In phase 1
# (n=15), ..."
_PHASE_AS_PART = re.compile(
    r"\s*(?:\(\s*n\s*=\s*\d+\s*\)\s*,?|used|was|were|enrolled|included|consisted|tested)\b", re.I
)


# a medical specialty in an affiliation: "Clinic of Restorative and Interventional Neurology"
_SPECIALTY_AFTER = re.compile(
    r"\s+(?:neuro\w*|radiology|cardiology|pain|oncology|pulmonology|gastroenterology|nephrology|"
    r"spine|psychiatry|medicine|surgery|therapy\s+(?:department|unit|cent(?:er|re)))\b",
    re.I,
)


# ClinicalTrials.gov's masking field: "Masking: | None (Open Label) |", "Masking:\nSingle (...)";
# other sites' copies call it "Blinding" or "Blinding Strategy", the value after a blank line
_MASKING_FIELD = re.compile(
    # also run into a line of fields: "Study design: Allocation: Randomized. ... Masking: Double"
    r"(?:^[ \t]*|(?<=[.;] )|(?<=[.;]  ))(?:Masking|Blinding(?:\s+Strategy)?)\s*:?[ \t|]*"
    r"(?:\n[ \t|]*){0,2}"
    r"(None|Single|Double|Triple|Quadruple)\b",
    re.I | re.M,
)
_MASKING_CODES = {
    "none": "open-label",
    "single": "single-blind",
    "double": "double-blind",
    "triple": "double-blind",
    "quadruple": "double-blind",
}


def read_design(
    view: TextView,
    title: Found | None,
    ev: Evidence,
    *,
    registry: bool,
    control_arm: tuple[int, int] | None,
) -> dict[str, Any]:
    """The design block: study type, allocation, masking, controlled, centers, phase."""
    text = view.text
    factual = view.factual()
    design: dict[str, Any] = {}

    study_type = None
    if registry:
        match = re.search(
            r"Study Type" + _REGISTRY_FIELD + r"(Interventional|Observational)", text, re.I
        )
        if match:
            study_type = Term(
                match.group(1).lower(), "", match.start(1), match.end(1), match.group(1)
            )
    # expanded access (an "Individual Patient Expanded Access IND") is treatment outside a
    # trial: no study type of the code list fits, whatever "trial" words the page holds
    in_title = text[title.start : title.end] if title else ""
    expanded = bool(_EXPANDED_ACCESS.search(in_title) or _EXPANDED_ACCESS_SELF.search(text))
    if study_type is None and not expanded:
        study_type = _pick("study-type", view, title, [])
    if study_type is None and not expanded:
        found = [  # "stem cell treatments outside of clinical trials": no trial of this study
            t
            for t in _terms_in("study-type", view, factual)
            if not _OUTSIDE.search(text, max(0, t.start - 20), t.start)
            and not _CITED_AFTER.match(text, t.end)
            and not _SPECIALTY_AFTER.match(text, t.end)
            and not _OTHERS_REPORTED.match(text, t.end)
        ]
        codes = [t.code for t in found]
        for code in ("case-series", "interventional", "observational"):
            if code in codes:
                study_type = next(t for t in found if t.code == code)
                break
    if study_type is None and not expanded:
        # "In a prospective study, patients were injected with ...": a study that gives a product
        for sentence in factual:
            named = _STUDY_NAMED.search(sentence.text)
            if named and _GIVEN_TO.search(sentence.text):
                start = sentence.start + named.start("w")
                study_type = Term("interventional", "", start, start + len(named.group("w")), "")
                break
    if study_type is not None:
        design["type"] = study_type.code
        ev.add("/design/type", study_type.start, study_type.end)

    field = _MASKING_FIELD.search(text)
    if field:  # a registry's "Masking: Single (Outcomes Assessor)"
        design["masking"] = _MASKING_CODES[field.group(1).lower()]
        ev.add("/design/masking", field.start(1), field.end(1))
    for scheme, key in (
        ("allocation", "allocation"),
        ("masking", "masking"),
        ("centers", "centers"),
    ):
        if key in design:
            continue
        term = _pick(scheme, view, title, factual)
        if term is not None and term.code == "non-randomized":
            # "a nonrandomized, nonblinded, single-arm study": single-arm says more
            line_end = text.find("\n", term.end)
            near = find_terms(scheme, text, term.start, line_end if line_end >= 0 else len(text))
            term = next((t for t in near if t.code == "single-arm"), term)
        if term is not None:
            design[key] = term.code
            ev.add(f"/design/{key}", term.start, term.end)

    if "centers" not in design and (listed := _LOCATIONS_COUNT.search(text)):
        # a registry copy's "Locations (1)" over its list of sites
        design["centers"] = "single" if listed.group(1) == "1" else "multi"
        ev.add("/design/centers", listed.start(), listed.end())
    if "centers" not in design:
        for sentence in factual:  # "conducted at nine sites in Europe"
            sites = _SITES.search(text, sentence.start, sentence.end)
            injected = sites and _ACT_BEFORE.search(
                text, max(sentence.start, sites.start() - 50), sites.start()
            )
            body = (
                sites and sites[0].endswith("sites") and _BODY_SITES_AFTER.match(text, sites.end())
            )
            several = sites and (sites["some"] or (count_value(sites["n"]) or 0) > 1)
            if several and not injected and not body:
                design["centers"] = "multi"
                ev.add("/design/centers", sites.start(), sites.end())
                break

    phase = _pick_phase(view, title, factual)
    if phase is not None and (phase.code != "not-applicable" or registry):
        design["phase"] = phase.code
        ev.add("/design/phase", phase.start, phase.end)
        if "type" not in design:  # a trial phase is only ever given to an interventional study
            design["type"] = "interventional"
            ev.add("/design/type", phase.start, phase.end)
    # a trial that randomises, or gives everyone the one intervention, assigns it
    if "type" not in design and design.get("allocation") in ("randomized", "single-arm"):
        design["type"] = "interventional"
        span = ev.spans["/design/allocation"]
        ev.add("/design/type", span.start, span.end)
    if "type" not in design:  # patients enrolled to be given the treatment: assigned to it
        for sentence in factual:
            if ("enrol" in sentence.text or "will" in sentence.text) and (
                match := _ENROLLED_AND_GIVEN.search(sentence.text)
            ):
                design["type"] = "interventional"
                ev.add("/design/type", sentence.start + match.start(), sentence.start + match.end())
                break

    if "type" not in design and (heading := _INTERVENTION_GROUPS.search(text)):
        design["type"] = "interventional"  # a registry page's heading over what each group gets
        ev.add("/design/type", heading.start(1), heading.end(1))

    controlled = None
    for sentence in (
        [] if title is None else [Sentence(title.start, title.end, text[title.start : title.end])]
    ) + factual:
        match = _UNCONTROLLED.search(text, sentence.start, sentence.end)
        if match:
            controlled = (False, match.start(), match.end())
            break
        match = _CONTROLLED.search(text, sentence.start, sentence.end)
        if match:
            controlled = (True, match.start(), match.end())
            break
    if controlled is None and design.get("allocation") == "single-arm":
        span = ev.spans["/design/allocation"]
        controlled = (False, span.start, span.end)
    if controlled is None and control_arm:
        controlled = (True, *control_arm)
    if controlled is not None and controlled[1] is not None:
        design["controlled"] = controlled[0]
        ev.add("/design/controlled", controlled[1], controlled[2])
    return design


# --- population ----------------------------------------------------------------------------
_PEOPLE = (
    # "two cases of pulmonary embolism" are events, "34 cases of thoracolumbar spinal cord injury"
    # and "two cases of Caucasian women" people
    r"(?:patients|subjects|participants|individuals|volunteers|persons|people|"
    # "the first patient", "the first person": one of them
    r"(?<=first\s)(?:patient|person|participant|subject)|"
    r"cases(?!\s+of\s+(?![^.;]{0,40}?\b(?:injur\w*|SCI|spinal|\w*plegi\w*|disease|women|men|"
    r"patients|children|adults|people)\b))|"
    r"adults|men|women|males|females|boys|girls|children|paraplegics|tetraplegics|quadriplegics|"
    r"veterans|infants|neonates|recipients|players|athletes)"
)
_PEOPLE_WORD = re.compile(rf"\b{_PEOPLE}\b", re.I)  # not the "men" of "treatment"
# a sentence that speaks of the study itself ("This work evaluates ... acute SCI")
_THIS_STUDY = re.compile(
    r"\b(?:we|our|here(?:in)?|(?:this|the present|the current)\s+"
    r"(?:study|work|trial|report|paper|series|pilot))\b",
    re.I,
)
# words between a count and its people ("12 consecutive male patients"); never a preposition or
# a study word, or "a phase 2 clinical trial in patients" would count 2 patients
_ADJ = (
    # "20 male and female subjects"
    r"(?:(?:male|female)\s+and\s+(?:male|female)\s+)?"
    r"(?:(?!(?:of|with|who|and|were|was|in|on|at|for|to|from|by|after|before|since|than|trials?|"
    r"stud(?:y|ies))\b)"
    # "12 PM/DM patients", "four Asian traumatic optic neuropathy patients", "fifty six chronic
    # cervical spinal cord injury patients"
    r"[\w-]+(?:/[\w-]+)?\s+){0,5}?"
)
# a word of giving the cells: "transplanted", "injection", "infused", "grafts"
_GIVING = r"\b(?:inject|infus|administ|implant|transplant|graft)\w*"
# "Participants were 48 people with progressive MS", "Forty people ... took part", "the
# 18-patient study"
_PARTICIPANTS_WERE = re.compile(
    rf"\b(?:participants|subjects|patients)\s+were\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b", re.I
)
_TOOK_PART = re.compile(
    # "Ten Patients (5 male, 8 bilateral, median age 40 [30–59] years) participated"
    rf"(?<![Oo]f )\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b[^.;]{{0,120}}?\b(?:took\s+part|participated)\b",
    re.I,
)
_N_PATIENT_STUDY = re.compile(
    rf"\b(?:an?|the|this|our)\s+(?P<n>{COUNT})[- ](?:patient|subject|participant|person)\s+"
    r"(?:\w+\s+)?(?:study|trial|series|cohort)\b",
    re.I,
)
# "(n = 24)", not the count of knees, eyes or lesions: "58 knees (n=58)"
_N_EQUALS = re.compile(
    r"(?<!knees )(?<!knees \()(?<!eyes \()(?<!joints \()(?<!lesions \()(?<!limbs \()"
    r"\b[Nn]\s*=\s*(?P<n>\d{1,5})\b"
    # "(3 tiers, n=5 each)": one group's count
    r"(?!\s*(?:each|per\s+(?:group|arm|cohort|tier|dose)))"
)
# a sentence that shares the patients out: its groups' counts add up to the enrolment
_SHARED_OUT = re.compile(
    r"\b(?:randomi[sz]ed|randomly|divided|allocated|assigned|split|categori[sz]ed|grouped)\b", re.I
)
# people named by an abbreviation: "Forty-five PwP were enrolled" (persons with PD)
_ABBREVIATED_PEOPLE = re.compile(
    rf"(?<![Oo]f )(?<![Oo]f the )\b(?!(?:19|20)\d\d\b)(?P<n>{COUNT})\s+"
    r"(?-i:[A-Z][A-Za-z]{1,5})\s+(?:were|was)\s+"
    r"(?:enrolled|recruited|randomi[sz]ed)\b",
    re.I,
)
# the words a sentence must hold before these are worth running
_ENROLLED_NEEDS = {
    _PARTICIPANTS_WERE: " were ",
    _TOOK_PART: "part",  # "took part", "participated"
    _N_PATIENT_STUDY: "-",
    _ABBREVIATED_PEOPLE: " were ",
}
_SEXES = r"(?:men|males?|women|females?|boys|girls)"
_ENROLLED = [
    # "A total of 5 men and 5 women were enrolled": the two counts add up
    re.compile(
        rf"\b(?P<n>{COUNT})\s+{_SEXES}\s+and\s+(?P<n_sum>{COUNT})\s+{_SEXES}\b[^.;]{{0,60}}?"
        r"\b(?:were|was)\s+(?:enrolled|included|recruited|randomi[sz]ed|treated)\b",
        re.I,
    ),
    re.compile(
        # "16 patients have been enrolled in the trial"
        # a clause between commas of any length: "Ten patients, who had the injury one to four
        # years ago and now suffered either an incomplete or a complete lesion, were enrolled"
        rf"(?<![Oo]f )(?<![Oo]f the )\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b(?:\s*,\s*who\b[^.;,]{{0,240}},)?"
        # (a decimal may stand between: "Ten VaD patients (average age, 73.88 years old) were")
        r"(?:[^.;]|\.\d){0,100}?\b(?:were|was|ha(?:ve|s)\s+been)\s+"
        r"(?:enrolled|included|recruited|randomi[sz]ed|registered|"
        # "randomly divided", "sequentially assigned"
        r"(?:\w+ly\s+)?(?:divided|allocated|assigned|selected)|"
        r"(?:\w+ly\s+)?(?:infused|injected|transplanted|administered|treated))\b",
        re.I,
    ),
    _ABBREVIATED_PEOPLE,
    # "products were delivered to all 10 enrolled participants"
    re.compile(
        rf"\b(?:all|the)\s+(?P<n>{COUNT})\s+(?:enrolled|included|recruited|randomi[sz]ed|treated|"
        rf"transplanted|injected|infused)\s+{_PEOPLE}",
        re.I,
    ),
    # "MSCs were delivered to 4 spinal cord injured patients", "X was used to treat five patients"
    re.compile(rf"\b(?:used|given)\s+to\s+treat\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b", re.I),
    re.compile(
        rf"\b(?:delivered|given|administered)\s+to\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b", re.I
    ),
    # a participants line: "10 (8 males, 2 females)"
    re.compile(
        r"^[ \t]*(?P<n>\d{1,4})\s*\(\s*\d{1,4}\s+(?:males?|men|women|females?|boys|girls)\b",
        re.I | re.M,
    ),
    re.compile(
        rf"(?<!of )(?<!of the )\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:were|was)\s+(?:\w+ly\s+)?"
        r"(?:enrolled|included|recruited|treated|randomi[sz]ed|registered|infused|injected|"
        r"transplanted|given)",
        re.I,
    ),
    # "Twelve patients received intravenous MSCs" at the start of a sentence: the study's people
    re.compile(
        rf"(?:^|(?<=[.;:] ))(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:received|underwent|got)\s+"
        r"(?:\w+\s+){0,4}?(?:cells|MSCs?|infusions?|injections?|transplantation|exosomes)\b",
        re.I | re.M,
    ),
    re.compile(
        rf"\b(?:enrolled|included|recruited|randomi[sz]ed|involved|involving|enrolling|delivered\s+(?:\w+\s+){{0,3}}?in|administered(?:\s+to)?|treated|"
        # "We selected 12 patients for the study"
        r"selected(?=\s+\d+\s+\w+\s+for\s+(?:the|this|our)\s+(?:study|trial))|"
        # "The current study evaluated 30 patients", "We retrospectively reviewed 100 patients"
        # "The study, which followed four patients with chronic SCI for five years"
        rf"(?:study|trial)\s*,?\s+(?:which\s+)?(?:evaluated|assessed|studied|followed)|"
        r"\bwe\s+retrospectively\s+"
        r"(?:reviewed|analy[sz]ed|evaluated|studied))\s+(?:a\s+total\s+of\s+)?"
        rf"(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}",
        re.I,
    ),
    re.compile(rf"^(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:with|who|had|aged)\b", re.I | re.M),
    re.compile(
        rf"(?<![Oo]f )(?<![Oo]f the )(?<![Oo]f all )\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}"
        # their ages aside, or a bracket: "Eight women, ages 41 to 66, with ...", "Fourteen
        # patients (16 knees, 12/2 males/females) with ..."
        r"(?:\s*,\s*(?:ages?|aged)\b[^,.;]{1,30},|\s*\([^()]{1,60}\))?\s+"
        r"(?:with|who|aged)\b[^.;]{0,120}?\b(?:received|underwent|were (?:treated|given|injected|infused))\b",
        re.I,
    ),
    # "32 patients have agreed to participate"
    re.compile(
        rf"\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:have|had)\s+agreed\s+to\s+"
        r"(?:participate|take\s+part|join|enrol+)\b",
        re.I,
    ),
    # "the 24 patients who participated"
    re.compile(
        rf"\bthe\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+who\s+(?:participated|took\s+part|were\s+enrolled)\b",
        re.I,
    ),
    # "Of the eight patients in the study, three recovered ..."
    re.compile(
        rf"\b[Oo]f\s+the\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:enrolled\s+|included\s+)?"
        r"in\s+(?:the|this|our)\s+(?:study|trial)\b",
        re.I,
    ),
    # "a total of 21 patients", "(total 21 subjects)", "in total, 21 patients"
    re.compile(rf"\b(?:a\s+)?total(?:\s+of|,)?\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}", re.I),
    _PARTICIPANTS_WERE,
    _TOOK_PART,
    _N_PATIENT_STUDY,
    # "The trial is set to have 40 total patients"
    re.compile(
        rf"\bset\s+to\s+(?:have|enrol+)\s+(?P<n>{COUNT})\s+(?:total\s+)?{_ADJ}{_PEOPLE}\b", re.I
    ),
    # "In the 12 patients enrolled in the study", "tested in 8 patients", "the team studied 6
    # patients"
    re.compile(
        rf"\b(?:in|of)\s+the\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:enrolled|included)\s+in\b",
        re.I,
    ),
    re.compile(rf"\b(?:tested|studied|evaluated)\s+in\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b", re.I),
    re.compile(
        rf"\b(?:team|investigators|researchers|authors)\s+(?:studied|followed|treated)\s+"
        rf"(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b",
        re.I,
    ),
    # "a small trial with six participants" (not "a study of 7 subjects in each group")
    re.compile(
        rf"\b(?:trial|study)\s+(?:with|of|involving|on)\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b"
        r"(?!\s+(?:in|of|from)\s+(?:each|every|either|one|the|a)\s+(?:\w+\s+)?(?:group|arm|cohort))",
        re.I,
    ),
    # "Between 2016 and 2024, 20 patients underwent this program"
    re.compile(rf"(?<![Oo]f )\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+underwent\b", re.I),
    # a case report's one patient: "A 33-year-old man ... was enrolled into a pilot study"
    re.compile(
        r"\b(?P<n>An?)\s+\d{1,2}[- ]years?[- ]old\s+(?:\w+\s+){0,2}?(?:man|woman|boy|girl|male|female|"
        r"patient)\b[^.;]{0,160}?\b(?:was|were)\s+enrolled\b",
        re.I,
    ),
    # a case report opening on its patient: "A 3-year-old female presented with heritable PAH ...
    # and was treated for 6 months with serial infusions"
    re.compile(
        r"(?:^|(?<=[.!?]\s))(?P<n>An?)\s+\d{1,2}[- ](?:years?|months?)[- ]old\s+(?:\w+\s+){0,2}?"
        r"(?:man|woman|boy|girl|male|female|patient|child|infant)\b[^.;]{0,160}?\b(?:was\s+"
        r"(?:treated|given|injected|transplanted|infused)|received|underwent)\b",
        re.I | re.M,
    ),
    # "we reported on a 29-year-old man who was treated with WJ-MSCs", "we report a 45-year-old
    # woman who received MSCs"
    re.compile(
        r"\bwe\s+(?:report(?:ed)?|describe[ds]?|present(?:ed)?)\s+(?:on\s+|here\s+)?(?P<n>an?)\s+"
        r"\d{1,2}[- ]years?[- ]old\s+(?:\w+\s+){0,2}?(?:man|woman|boy|girl|male|female|patient)\b"
        r"[^.;]{0,60}?\b(?:was\s+(?:treated|given|injected|transplanted)|received|underwent)\b",
        re.I,
    ),
    # "the long-term results of 10 patients who underwent", "a sample of 110 patients"
    re.compile(
        r"\b(?:(?:results|outcomes|data|experience)\s+(?:of|from|in)|(?:sample|cohort|series)\s+of|"
        r"(?:study|trial)\s+(?:of|in|involving|comprised|comprising|recruiting|enrolling|followed)|"
        r"conducted\s+(?:on|in|with)|"
        # "Cotransplantation of haplo-HSCs and UC-MSCs was performed in 24 SAA patients"
        r"(?:done|performed|carried\s+out)\s+(?:on|in))"
        rf"\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b",
        re.I,
    ),
    # "we transplanted UCB-MNCs into 28 patients"
    re.compile(
        rf"{_GIVING}\b[^.;]{{0,60}}?"
        r"\b(?:into|to|of|in)\s+"
        rf"(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b",
        re.I,
    ),
    # the study saying whom it is about: "we investigated the safety of ... in nine patients"
    re.compile(
        r"\b(?:we|this (?:pilot )?(?:study|trial|report|(?:case\s+)?series))\s+(?:\w+\s+){0,2}?"
        r"(?:investigated|investigate|report(?:ed)?|evaluated|evaluate|assessed|studied|"
        r"describe[ds]?|present(?:ed)?|examined|analy[sz]ed|conducted|performed|carried\s+out)\b"
        r"(?:[^.;]{0,160}?\b(?:in|of|on))?\s+"
        rf"(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b",
        re.I,
    ),
    # "Here, we present a case of medically refractory rheumatoid arthritis"
    re.compile(
        r"\bwe\s+(?:present|report|describe)\s+(?P<n>a)\s+(?:rare\s+|unique\s+)?case\s+of\b", re.I
    ),
    # a news story's one patient among them: "He was one of four people in a groundbreaking study"
    re.compile(
        rf"\bone\s+of\s+(?:the\s+)?(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\s+(?:in|enrolled\s+in|who\s+"
        r"(?:took\s+part|participated)\s+in)\s+(?:a|an|the|this)\s+(?:[\w-]+\s+){0,3}?(?:study|trial)\b",
        re.I,
    ),
    _N_EQUALS,
]
# the injury the treatment is for: "given to repair chronic spinal cord injury"
_TO_TREAT = re.compile(
    r"\b(?:to\s+(?:treat|repair|heal)|as\s+an?\s+(?:\w+\s+)?treatment\s+for|"
    r"(?:for|in)\s+the\s+treatment\s+of)\s+(?:\w+\s+){0,2}?(?:sub-?)?(?:acute|chronic)\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:(?:plans?|aims?|intends?|expects?|seeks?|hopes?|proposes?|is\s+expected|are\s+expected|"
    # "The trial sought to recruit 27 subjects"
    r"sought|aimed|planned|intended)"
    r"\s+to|will|"
    # "we project an accrual of 40 patients"
    r"project\s+an)\s+"
    rf"(?:recruit(?:ed)?|enrol?l|include|randomi[sz]e|follow|treat|work\s+with|accrual\s+of)\s+"
    rf"(?:a\s+total\s+of\s+|up\s+to\s+)?(?P<n>{COUNT})\s+"
    rf"{_ADJ}{_PEOPLE}\b",
    re.I,
)
_PLAN_WORD = re.compile(
    r"\b(?:plan|aim|intend|expect|seek|sought|hope|propose|estimated|anticipated|project|up\s+to)",
    re.I,
)
# a registry copy's "15 estimated patients"
_ESTIMATED = re.compile(
    rf"\b(?P<n>{COUNT})\s+(?:estimated|anticipated|expected)\s+{_PEOPLE}\b", re.I
)
# "10 patients from 18 to 65 years of age ... will enter the study"
_WILL_ENTER = re.compile(
    # not a cohort of them: "The first 4 patients will receive ..."
    rf"(?<![Oo]f )(?<!first )(?<!next )(?<!second )(?<!third )(?<!last )(?<!remaining )"
    rf"\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b[^.;]{{0,120}}?\bwill\s+"
    r"(?:enter|participate|receive|undergo|be\s+(?:enrolled|included|recruited|randomi[sz]ed|selected|"
    # "40 patients will be divided into 3 groups"
    r"divided|allocated|assigned|split|placed))\b",
    re.I,
)
# "The study population will consist of 40 patients"
_WILL_CONSIST = re.compile(
    rf"\bwill\s+(?:(?:consist|be\s+composed)\s+of|comprise|include|involve)\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b",
    re.I,
)
# "a Phase I trial to evaluate 6 injections ... in up to 8 patients"
_UP_TO = re.compile(rf"\b(?:in|of|on|to|with)\s+up\s+to\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b", re.I)
# the ways a protocol or registry states the size it plans
_ANTICIPATED = (_PLANNED, _WILL_ENTER, _ESTIMATED, _WILL_CONSIST, _UP_TO)
# "improvement was observed in two patients who received ...": those are responders
_RESULT_IN = re.compile(
    r"\b(?:observed|seen|found|noted|occurred|reported|detected|shown|demonstrated|improved|"
    r"improvement|recovery|worsened)\s+in\s+$",
    re.I,
)
_ENROLMENT_FIELD = re.compile(
    r"(?P<kind>Estimated|Actual|Anticipated|Target(?:ed)?|Expected(?:\s+Total)?)?\s*"
    r"(?:Enrol?lment|(?<=Target )Recruitment|(?<=Target )sample size)"
    r"\s*(?:\((?P<kind2>Estimated|Actual|Anticipated)\))?"
    + _REGISTRY_FIELD
    # not a date: "Date of first enrollment 01/03/2023"
    + r"(?P<n>\d{1,6})(?!\d|[/.\-]\d)"
    # the kind after the count: "20 (Estimated)", "20 estimated patients"
    r"(?:\s*[(\[]?\s*(?P<kind3>Estimated|Actual|Anticipated)\b)?",
    re.I,
)
_ANALYSED = re.compile(
    rf"(?P<what>safety|efficacy)(?:\s+and\s+(?P<what2>safety|efficacy))?\s+(?:assessments?|analys[ie]s|evaluations?|populations?)"
    rf"\s+(?:were\s+|was\s+)?(?:performed|conducted|carried out|included|comprised)?\s*(?:on|in|of)?\s*"
    rf"(?P<n>{COUNT})(?:\s+and\s+(?P<n2>{COUNT}))?\s+{_ADJ}{_PEOPLE}",
    re.I,
)
_AGE_RANGE = re.compile(
    # "the ages of the patients range from 20 to 60 years"
    r"\b(?:aged?|aging|ages?(?: eligible for study)?|age range|between the ages of)\b[^.\d]{0,40}?"
    r"(?P<lo>\d{1,2})\s*(?:years?|yrs?)?\s*(?:-|–|~|to|and)\s*(?P<hi>\d{1,3})\s*(?:years?|yrs?|y\b)"
    # "18-65 years old"; a registry's "18 Years - 65 Years (Adult, Older Adult)"
    r"|\b(?P<lo3>\d{1,2})\s*(?:-|–|~|to)\s*(?P<hi3>\d{1,3})\s*(?:years?|y)\s+old\b"
    r"|(?<![\d.])\b(?P<lo4>\d{1,2})\s+(?-i:Years)\s*(?:-|–|to)\s*(?P<hi4>\d{1,3})\s+(?-i:Years)\b"
    # "Age 18 to 65", "aged 21 to 66": right after the word, the years may go unsaid
    # "between the ages of 14 and 50 who are scheduled"
    r"|\b(?:aged?|ages?|age\s+range)\s*:?\s*(?:between\s+|of\s+)?(?P<lo2>\d{1,2})\s*(?:-|–|~|to|and)\s*"
    r"(?P<hi2>\d{1,3})\b"
    r"(?!\s*(?:%|percent|mg|kg|cm|mm|months?|weeks?|days?|hours?|points?)|[.,]\d)",
    re.I,
)
# bounds in words, before the number ("more than 18") or after it ("18 years or older"):
# "age more than 18 and less than 70 years", "over 18 and under 65 years of age"
_AGED = r"(?:\s*(?:years?|yrs?)(?:\s+old|\s+of\s+age)?)?"
_AGE_BOUNDS = re.compile(
    # (a Markdown copy escapes the signs: "aged \\>= 20 and \\< 40")
    rf"(?:(?:(?:more|older|greater)\s+than|over|above|at\s+least|≥|\\?>=?)\s*(?P<lo>\d{{1,2}}){_AGED}"
    rf"|(?P<lo_after>\d{{1,2}}){_AGED}\s+or\s+(?:older|over|above))\s*(?:,|and|but)?\s*"
    rf"(?:(?:(?:less|younger)\s+than|under|below|up\s+to|≤|\\?<=?)\s*(?P<hi>\d{{1,3}}){_AGED}"
    rf"|(?P<hi_after>\d{{1,3}}){_AGED}\s+or\s+(?:younger|under|below))",
    re.I,
)
# bounds in words are ages only where years or the word age go with them
_IN_YEARS = re.compile(r"\b(?:years?|yrs?)\b", re.I)
_AGE_WORD = re.compile(r"\bage[ds]?\b[^.\d]{0,25}$", re.I)
_LOCATIONS_COUNT = re.compile(r"^[ \t]*(?:Trial\s+)?Locations\s*\((\d{1,3})\)[ \t]*$", re.M)
_SITES = re.compile(
    # "at nine sites", "at over two dozen medical centers", "one of a handful of medical centers"
    rf"\b(?:at|in|across|from|one\s+of)\s+(?:more\s+than\s+|over\s+)?"
    rf"(?:(?P<n>{COUNT})|(?P<some>a\s+handful\s+of|several|many))"
    r"\s+(?:dozen\s+)?(?:\w+\s+)?"
    r"(?:sites|cent(?:er|re)s|hospitals|institutions|clinics)\b",
    re.I,
)
# "at six sites (2 above the lesion ...)", "at 4 sites around the injury": sites of the body
# (centres and hospitals never are)
_BODY_SITES_AFTER = re.compile(
    r"[^.;]{0,30}?\b(?:lesion|injury|cord|spin\w*|vertebra\w*|segments?|above|below)\b", re.I
)
# "injected at 24 sites": sites of the body, not of the study
_ACT_BEFORE = re.compile(rf"{_GIVING}\s+(?:\w+\s+){{0,3}}$", re.I)
# a registry's age fields on lines of their own: "Minimum age: 18 Years" ... "Maximum age: 65"
_AGE_FIELDS = re.compile(
    r"^[ \t]*Minimum\s+age\s*:?\s*(?P<lo>\d{1,2})\s*(?:years?)?[ \t]*\n"
    r"(?:[ \t]*\n)?[ \t]*Maximum\s+age\s*:?\s*(?P<hi>\d{1,3})\b",
    re.I | re.M,
)
# "over the age of 18", "above the age of 16 years", "at least 18 years of age"
_OVER_THE_AGE = re.compile(
    # "age above 18 years", "age over 16 years", "Age ≥ 18 years"
    # "≥18 years of age" (a sign has no word boundary before it)
    r"(?:(?<![\w>≥])(?:≥|>=?)\s*(?=\d{1,2}\s*years?\s+of\s+age\b)|"
    r"\b(?:ages?\s+(?:above|over|older\s+than)\s+(?=\d{1,2}\s*(?:years?|yrs?)\b)|"
    # "Age >18 years"
    r"aged?s?\s*(?:≥|>=?)\s*(?=\d{1,2}\b)|"
    # a trial finder's "Age: 18+", "Ages / 19+ years old"
    r"ages?\s*:\s*(?=\d{1,2}\s*\+)|(?<![\d.])(?=\d{1,2}\+\s*years?\s+old\b)|"
    r"(?:over|above|older\s+than)\s+the\s+age\s+of\s+|(?:at\s+least|over|above)\s+(?=\d{1,2}\s*years?\s+"
    r"(?:of\s+age|old)\b)|older\s+than\s+(?=\d{1,2}\s*years?\b)))(?P<lo>\d{1,2})\b",
    re.I,
)
# ages an exclusion list shuts out: "older than 75 years old or less than 18 years old" leaves
# 18 to 75
_EXCLUDED_AGES = re.compile(
    r"\b(?:older|more)\s+than\s+(?P<hi>\d{1,3})\s*(?:years?(?:\s+old)?)?\s*,?\s*or\s+"
    r"(?:(?:less|younger)\s+than|under|below)\s+(?P<lo>\d{1,2})\b"
    # "Patient who is under 19 years and over 70years"
    r"|\b(?:(?:less|younger)\s+than|under|below)\s+(?P<lo2>\d{1,2})\s*(?:years?(?:\s+old)?)?\s*,?\s*"
    r"(?:or|and)\s+(?:(?:older|more)\s+than|over|above)\s+(?P<hi2>\d{1,3})(?=\s*years?\b|\b)",
    re.I,
)
# a registry's lower bound alone: "18 Years and older", "Ages Eligible for Study: 18 Years"
_AGE_AND_OLDER = re.compile(
    r"\b(?P<lo>\d{1,2})\s*years?\s+(?:and|or)\s+(?:older|over|above)\b"
    r"|\bAges?\s+Eligible\s+for\s+Study\s*:?[ \t|]*(?P<lo2>\d{1,2})\s*Years?[ \t|]*$",
    re.I | re.M,
)
# "patients from 18 to 65 years of age"
_AGE_FROM_TO = re.compile(
    r"\b(?:from|between)\s+(?P<lo>\d{1,2})\s*(?:years?)?\s*(?:-|–|to|and)\s*(?P<hi>\d{1,3})\s*"
    r"(?:years?|yrs?)\s+(?:of\s+age|old)\b",
    re.I,
)
_SCI_PHASE_CONTEXT = re.compile(
    # "acute, complete SCI": the adjectives may stand in a list
    r",?\s+(?:(?:and|or|to|vs\.?|versus)\s+\w+\s+)?"
    r"(?:(?:complete|incomplete|traumatic|cervical|thoracic|contusion|contusive|compression),?\s+)*"
    # "in the subacute period after cervical SCI"
    # ("chronic complete SC injury", spinal cord written SC)
    r"(?:SCI|spinal|injur|(?-i:SC)\s+injur|phase|stage|patients|paraplegi|tetraplegi|American|ASIA|AIS|"
    r"period\s+(?:after|following|of)\s+(?:\w+\s+){0,2}?(?:SCI|spinal|injur))",
    re.I,
)
# "partial" and "full" lesions are incomplete and complete ones
# "Ten patients were enrolled and received intravenous infusions of MSCs"; a protocol's
# "Two infusions of MSCs will be used in patients with ..."
_ENROLLED_AND_GIVEN = re.compile(
    r"\benrol(?:l)?ed\s+and\s+(?:then\s+)?(?:received|were\s+given|were\s+treated|were\s+injected|"
    r"were\s+infused|underwent)\b"
    r"|\b(?:infusions?|injections?|doses?|transplantations?)\s+of\b(?:[^.;]|\.\d){0,60}?\bwill\s+be\s+"
    r"(?:used|given|administered|injected|infused|delivered|transplanted)\b",
    re.I,
)
_COMPLETENESS_WORD = {"partial": "incomplete", "full": "complete"}
_COMPLETE = re.compile(
    r"\b(?P<w>complete|incomplete|partial|full)(?:ly)?(?:,?\s+(?:acute|subacute|sub-acute|chronic|"
    r"traumatic|trauma-induced|cervical|thoracic|lumbar|spinal|cord|[CTLS]\d{1,2}|"
    # "complete (ASIA A) SCI", "complete AIS grade A injuries"
    r"\(?(?:AIS|ASIA|American\s+Spinal\s+Injury\s+Association(?:\s+\(ASIA\))?"
    r"(?:\s+impairment\s+scale)?(?:\s+\(AIS\))?)(?:\s+(?:grades?|scores?))?\s+(?-i:[A-E])"
    r"(?:\s*(?:,|or|and|-|–|/)\s*(?-i:[A-E])\b)*\)?|"
    r"(?:and|or)\s+(?:an?\s+)?(?:incomplete|complete|partial|full)))*"
    # "an injury that caused complete paralysis below it"
    r",?\s+(?:T?SCI|spinal cord injur|(?-i:SC)\s+injur|injur|lesion|paraplegi|tetraplegi|quadriplegi|"
    # "18 patients, with complete motor deficits and paraplegia"
    r"paraly[sz]|motor\s+deficits?)",
    re.I,
)
# said of the people or their injuries: "17 were sensorimotor complete and 2 were motor
# complete and sensory incomplete", "the injury was complete" (not "the follow-up of all
# patients was complete")
_COMPLETE_SAID = re.compile(
    r"(?<!\bof )(?<!\bof all )(?<!\bof the )(?<!\bof both )"
    r"\b(?:\d{1,4}|patients?|subjects?|participants?|injur(?:y|ies)|lesions?|cases?|others?|"
    r"rest|all|both)\s+(?:were|was)\s+(?:(?:neurologically|clinically|sensorimotor|motor|"
    r"sensory)\s+)?(?P<w>complete|incomplete)\b",
    re.I,
)
# one of the study's people singled out: "Of the four patients, only one patient with"
_ONE_OF_THEM = re.compile(
    r"\b(?:only\s+(?:one|two|three|\d)|one\s+of\s+(?:the|them|these))\s+(?:[\w-]+\s+){0,2}?"
    r"(?:patients?|subjects?|participants?|cases?)\s+with\s+(?:an?\s+)?$",
    re.I,
)
_CONVERTED_TO = re.compile(
    r"\b(?:improv\w*|convert\w*|conversion|progress\w*|changed)\b[^.;]{0,80}\bto\b[^.;]{0,30}$",
    re.I,
)
# Counts may sit between the grades of a baseline list: "A (n = 12), B (n = 1)", "A: 12, B: 1",
# "12 for ASIA A, 1 for B, and 1 for D".
_GRADE_COUNT = r"(?:\s*\((?:n\s*=\s*)?\d+\)|\s*:\s*\d+)?"
# "12 for ASIA A", "and 30% score B", "and 25% AIS B"
_COUNT_FOR = (
    r"(?:\d+\s+(?:for|with|in|as|had)\s+|\d+(?:\.\d+)?\s*%\s+(?:(?:were|had)\s+)?(?:in\s+)?"
    r"(?:(?:AIS|ASIA)\s+)?(?:score\s+)?)?"
)
_GRADE_LIST = re.compile(
    r"\b(?:AIS|ASIA|Asia|American Spinal (?:Cord )?Injury Association(?: Impairment Scale)?)(?:\s*\((?:AIS|ASIA)\))?"
    r"(?:[\s-]+(?:[Gg]rades?(?:\s+of)?|[Ss]cale|[Ii]mpairment [Ss]cale(?:\s+[Gg]rades?(?:\s+of)?)?|"
    r"[Ii]mpairment [Gg]rades?|"
    r"[Cc]lass(?:es)?|[Ll]evel|[Cc]ategor(?:y|ies)|[Ss]cores?(?:\s+of)?))?[\s-]+(?P<g>[A-E])(?P<more>(?:"
    + _GRADE_COUNT
    + r"\s*(?:,\s*(?:and|or)\b|,|;|or|and|to|-|–|~|/)\s*"
    + _COUNT_FOR
    + r"(?:grade\s+)?[A-E]\b){0,5}+)"
    r"|\bgrades?\s+(?P<g2>[A-E])(?P<more2>(?:"
    + _GRADE_COUNT
    + r"\s*(?:,\s*(?:and|or)\b|,|;|or|and|-|–)\s*"
    + _COUNT_FOR
    + r"[A-E]\b){0,5}+)"
    # the letters before the scale: "classified as A or B on the ASIA impairment scale"
    r"|\bclassified\s+as\s+(?:grades?\s+)?(?P<g3>[A-E])(?P<more3>(?:\s*(?:,|or|and)\s*[A-E]\b){0,4}+)"
    r"(?=\s+(?:on|by|according\s+to|in)\s+the\s+(?:ASIA|AIS|American\s+Spinal))"
)
_RECOVERED_BEFORE = re.compile(
    r"\b(?:recovered|regained|reached|achieved|attained)\b[^.;]{0,40}\(?\s*$", re.I
)
# the Iranian registry's heading over the interventions, a line of its own
_INTERVENTION_GROUPS = re.compile(r"^[ \t]*(Intervention groups?)[ \t]*$", re.M)
_TARGET_CUE = re.compile(
    # (a "current neurological status of ASIA grade A" is the baseline)
    r"(?:\bto|reached|(?<!neurological )(?<!current )status of|became|converted(?: to)?|into)"
    r"\s*(?:an?\s+)?(?:\w+\s+){0,2}$"
    # the second grade reached: "improved from ASIA A to ASIA C and ASIA B"
    r"|\bto\s+(?:(?:AIS|ASIA|Frankel)\s+)?(?:grade\s+)?[A-E]\s*(?:,|and|or)\s*$",
    re.I,
)


def _count_in(match: re.Match[str], group: str = "n") -> int | None:
    token = match.group(group)
    if token is None:
        return None
    if re.fullmatch(r"\d+\.\d+", token):
        return None
    if token.lower() in ("a", "an"):  # "A 33-year-old man ... was enrolled"
        return 1
    if re.match(r"\s+(?:more|additional|further|other)\b", match.string[match.end(group) :]):
        return None  # "four more patients": some of the study's people, not all
    value = count_value(token)
    if value is not None and "n_sum" in match.re.groupindex and match.group("n_sum"):
        more = count_value(match.group("n_sum"))
        return value + more if more is not None else None
    return value


# "another 30 patients", "an additional 6 patients", "a new cohort of four patients": one
# group's count, not the study's
_ANOTHER_BEFORE = re.compile(
    r"\b(?:(?:an)?other|additional|further|(?:new|second|third|next|final)\s+(?:cohort|group)\s+of)"
    r"\s+$",
    re.I,
)
# a second group counted in a sentence of its own: "Another thirty subjects with SCI ..."
_ANOTHER_GROUP = re.compile(rf"(?:An)?other\s+(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b", re.I)
# "34 patients were included in group I ... and 36 patients were in group II": the groups of
# one sentence add up
_NAMED_GROUP_COUNT = re.compile(
    rf"\b(?P<n>{COUNT})\s+{_ADJ}{_PEOPLE}\b[^.;]{{0,60}}?\b(?:in|into|to|as|formed)\s+(?:the\s+)?"
    r"group\s+(?P<g>[IVX]{1,4}|\d|[A-D])\b",
    re.I,
)


def _groups_adding_up(text: str, sentence: Sentence, found: re.Match[str]) -> list[re.Match[str]]:
    """The named groups of the sentence a count was found in, when it is the first of them."""
    groups = list(_NAMED_GROUP_COUNT.finditer(text, sentence.start, sentence.end))
    if (
        len({g.group("g").upper() for g in groups}) > 1
        and groups[0].start("n") == found.start("n")
        and all(count_value(g.group("n")) for g in groups)
    ):
        return groups
    return []


def _group_counts(text: str, sentence: Sentence) -> list[re.Match[str]]:
    """The "(n = X)" of each group where a sentence gives more than one; else none."""
    counts = list(_N_EQUALS.finditer(text, sentence.start, sentence.end))
    return counts if len(counts) > 1 else []


# "10 patients in the MSC group were treated", "7 subjects in each group": one group's count
_IN_A_GROUP = re.compile(
    r"\b(?:in|of|from)\s+(?:the|each|every|either|one|a|this)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:group|arm|cohort)s?\b",
    re.I,
)
_N_PATIENT = re.compile(r"-(?:patient|subject|participant)\b")  # "the 18-patient study"
# "In the control group, ..., 15 patients were included", "up to 4 participants ... in
# cohort 1": that count is one group's
_ONE_GROUP = re.compile(
    r"\b(?:control|placebo|sham|comparison)\s+(?:group|arm|cohort)s?\b|\bcontrols\b|"
    r"\bcohort\s+(?:\d|[A-Z]\b|one|two|three)|\b(?:first|second|third)\s+(?:cohort|group)\b",
    re.I,
)
_ANIMALS = re.compile(
    r"\b(?:rats?|mice|mouse|murine|rodents?|dogs?|canine|cats?|feline|rabbits?|(?:mini)?pigs?|"
    r"swine|porcine|sheep|ovine|monkeys?|macaques?|primates?|animals?)\b",
    re.I,
)
_HUMANS = re.compile(
    rf"\b(?:{_PEOPLE}|patient|participant|subject|volunteer|man|woman|child|boy|girl)\b", re.I
)


_AIS_NAMED = re.compile(r"\b(?:AIS|ASIA)\b")


def about_animals(view: TextView) -> bool:
    """An animal study: its sentences speak of animals and never of people.

    A clinical paper that cites animal work still speaks of its patients somewhere.
    """
    if not _ANIMALS.search(view.text):  # most documents name no animal at all
        return False
    sentences = view.describing_population()
    return any(_ANIMALS.search(s.text) for s in sentences) and not any(
        _HUMANS.search(s.text) for s in sentences
    )


def _read_analysed(match: re.Match[str], population: dict[str, Any], ev: Evidence) -> None:
    """The safety and/or efficacy set sizes of one "safety analysis ... N patients" match."""
    whats = [match.group("what").lower()] + (
        [match.group("what2").lower()] if match.group("what2") else []
    )
    counts = [("n", _count_in(match, "n"))] + (
        [("n2", _count_in(match, "n2"))] if match.group("n2") else []
    )
    if len(counts) == 1:
        counts = counts * len(whats)
    for what, (group, value) in zip(whats, counts, strict=False):
        key = f"analysed_{what}"
        if value is not None and key not in population:
            population[key] = value
            ev.add(f"/population/{key}", match.start(group), match.end(group))


def _set_age_range(
    population: dict[str, Any], ev: Evidence, match: re.Match[str], lo: str, hi: str
) -> bool:
    """Take a match's two bounds as the age range when they make one."""
    if not int(match.group(lo)) < int(match.group(hi)) <= 120:
        return False
    population["age_min"] = int(match.group(lo))
    population["age_max"] = int(match.group(hi))
    ev.add("/population/age_min", match.start(lo), match.end(lo))
    ev.add("/population/age_max", match.start(hi), match.end(hi))
    return True


def read_population(
    view: TextView,
    ev: Evidence,
    transitions_from: list[tuple[str, int, int]],
    title_span: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """Size, analysed sets, SCI phase, completeness, baseline AIS grades, age range.

    The SCI phase is read from the title and from sentences about people or about the study
    itself: a background sentence such as "cells promote recovery after acute SCI" says nothing
    of this study's patients.
    """
    text = view.text
    population: dict[str, Any] = {"sci_phase": [], "ais_baseline": []}
    about = view.describing_population()
    factual = view.factual()

    match = _ENROLMENT_FIELD.search(text)
    kinds = ("kind", "kind2", "kind3")
    kind = next((match.group(k) for k in kinds if match.group(k)), "").lower() if match else ""
    # "Target enrollment: 0" is a blank form; "Actual Enrollment: 0" a withdrawn trial
    if match and (int(match.group("n")) > 0 or kind == "actual"):
        population["enrolled"] = int(match.group("n"))
        if kind:
            population["enrolment_type"] = "actual" if kind == "actual" else "anticipated"
            ev.add("/population/enrolment_type", match.start(), match.end())
        ev.add("/population/enrolled", match.start("n"), match.end("n"))

    analysed_spans: list[tuple[int, int]] = []
    for sentence in factual:
        for match in _ANALYSED.finditer(text, sentence.start, sentence.end):
            analysed_spans.append((sentence.start, sentence.end))
            _read_analysed(match, population, ev)

    # a protocol's target: "the trial plans to recruit 66 patients"
    if "enrolled" not in population:
        for sentence in factual:
            if "will" not in sentence.text and not _PLAN_WORD.search(sentence.text):
                continue
            if _ONE_GROUP.search(sentence.text):
                continue
            found_in = (p.search(text, sentence.start, sentence.end) for p in _ANTICIPATED)
            match = next((m for m in found_in if m), None)
            if match and _count_in(match):
                population["enrolled"] = _count_in(match)
                population["enrolment_type"] = "anticipated"
                ev.add("/population/enrolled", match.start("n"), match.end("n"))
                ev.add("/population/enrolment_type", match.start(), match.end())
                break

    if "enrolled" not in population:
        found = None
        found_in: Sentence | None = None  # the sentence the count was found in
        shared: list[re.Match[str]] = []
        counted = [  # only sentences that count people can say how many were enrolled
            s
            for s in factual
            if (
                _PEOPLE_WORD.search(s.text)
                or "=" in s.text
                or "old" in s.text
                or "case of" in s.text  # "we present a case of ..."
                or _N_PATIENT.search(s.text)
                or any(w in s.text for w in ("were enrolled", "were recruited", "were randomi"))
            )
            and not any(a <= s.start < b for a, b in analysed_spans)
        ]
        for pattern in _ENROLLED:
            needs = _ENROLLED_NEEDS.get(pattern)
            for sentence in counted:
                if needs and needs not in sentence.text:
                    continue
                if pattern is _N_EQUALS and (groups := _group_counts(text, sentence)):
                    if _SHARED_OUT.search(sentence.text):
                        shared = groups
                        break
                    continue  # one group's count is not the study's
                match = pattern.search(text, sentence.start, sentence.end)
                if (
                    match
                    and _count_in(match)
                    and not re.match(r"\s*(?:of|/)\b", text[match.end("n") :])
                    and not _RESULT_IN.search(text, max(0, match.start() - 40), match.start())
                    and not _ONE_GROUP.search(text, sentence.start, match.start("n"))
                    and not _IN_A_GROUP.search(text, match.end("n"), match.end())
                    and not _ANOTHER_BEFORE.search(
                        text, max(0, match.start("n") - 25), match.start("n")
                    )
                ):
                    found, found_in = match, sentence
                    break
            if found or shared:
                break
        if shared:
            population["enrolled"] = sum(int(m.group("n")) for m in shared)
            ev.add("/population/enrolled", shared[0].start("n"), shared[-1].end("n"))
        elif found:
            population["enrolled"] = _count_in(found)
            last = "n_sum" if found.groupdict().get("n_sum") else "n"
            ev.add("/population/enrolled", found.start("n"), found.end(last))
            # "Thirty subjects ... were selected. Another thirty subjects ... as the control group"
            later = (s for s in factual if s.start > found.end())
            other = next(
                (
                    (s, m)
                    for s in later
                    if (m := _ANOTHER_GROUP.match(s.text)) and count_value(m.group("n"))
                ),
                None,
            )
            if other:
                sentence, group = other
                population["enrolled"] += count_value(group.group("n"))
                ev.add("/population/enrolled", found.start("n"), sentence.start + group.end("n"))
            elif found_in and (groups := _groups_adding_up(text, found_in, found)):
                population["enrolled"] = sum(count_value(g.group("n")) or 0 for g in groups)
                ev.add("/population/enrolled", groups[0].start("n"), groups[-1].end("n"))
            # "A total of 40 patients ... will be randomized": a size planned, not reached
            will = re.search(r"\bwill\b", text[found.end("n") : text.find(".", found.end("n"))])
            if will:
                population["enrolment_type"] = "anticipated"
                start = found.end("n") + will.start()
                ev.add("/population/enrolment_type", start, start + 4)

    phases: list[str] = []
    for sentence in about:
        in_title = title_span is not None and title_span[0] <= sentence.start < title_span[1]
        if not (
            in_title
            or sentence.eligibility == "inclusion"  # "Radiologically confirmed chronic SCI"
            or _PEOPLE_WORD.search(sentence.text)
            or _THIS_STUDY.search(sentence.text)
            or _TO_TREAT.search(sentence.text)
        ):
            continue
        for term in find_terms("sci-phase", text, sentence.start, sentence.end):
            bare = " " not in term.text.strip()
            if bare and not _SCI_PHASE_CONTEXT.match(text, term.end):
                continue
            if term.code not in phases:
                ev.add(f"/population/sci_phase/{len(phases)}", term.start, term.end)
                phases.append(term.code)
    population["sci_phase"] = phases

    kinds: dict[str, tuple[int, int]] = {}
    for sentence in about:
        in_title = title_span is not None and title_span[0] <= sentence.start < title_span[1]
        about_them = (
            in_title
            or sentence.eligibility == "inclusion"
            or _HUMANS.search(sentence.text)
            or _THIS_STUDY.search(sentence.text)
            or _AIS_NAMED.search(sentence.text)  # "(ASIA) A - complete injury"
        )
        if not about_them:
            continue  # "SCI can lead to partial or complete paraplegia" is background
        said = (
            list(_COMPLETE_SAID.finditer(text, sentence.start, sentence.end))
            if "complete" in sentence.text
            else []
        )
        for match in sorted(
            [*_COMPLETE.finditer(text, sentence.start, sentence.end), *said],
            key=lambda m: m.start(),
        ):
            if _CONVERTED_TO.search(text, sentence.start, match.start()):
                continue  # "improved to AIS C - incomplete injury": a result, not the baseline
            if _ONE_OF_THEM.search(text, max(sentence.start, match.start() - 40), match.start()):
                continue  # "only one patient with incomplete SCI showed improvement"
            word = match.group("w").lower()
            kinds.setdefault(_COMPLETENESS_WORD.get(word, word), match.span("w"))
            # "2 were motor complete and sensory incomplete"
            more = re.match(r"\s+and\s+(?:\w+\s+)?(complete|incomplete)\b", text[match.end() :])
            if match.re is _COMPLETE_SAID and more:
                other = more.group(1).lower()
                start = match.end() + more.start(1)
                kinds.setdefault(other, (start, start + len(other)))
            for other in re.findall(
                r"(?:and|or)\s+(?:an?\s+)?(incomplete|complete|partial|full)", match.group(0), re.I
            ):  # "complete and incomplete SCI", "a partial or a full lesion"
                other = other.lower()
                kinds.setdefault(_COMPLETENESS_WORD.get(other, other), (match.start(), match.end()))
    if kinds:
        value = "mixed" if len(kinds) == 2 else next(iter(kinds))
        population["completeness"] = value
        start, end = kinds.get(
            value, (min(s for s, _ in kinds.values()), max(e for _, e in kinds.values()))
        )
        ev.add("/population/completeness", start, end)

    grades: dict[str, tuple[int, int]] = {}
    for grade, start, end in transitions_from:
        grades.setdefault(grade, (start, end))
    for sentence in about:
        about_people = re.search(_PEOPLE + r"|\binjury\b|\binclu|\bbaseline\b", sentence.text, re.I)
        if not about_people and sentence.eligibility != "inclusion":
            continue
        for match in _GRADE_LIST.finditer(text, sentence.start, sentence.end):
            before = text[max(sentence.start, match.start() - 40) : match.start()]
            if _TARGET_CUE.search(before) or re.match(r"\s*\(\d+/\d+\)", text[match.end() :]):
                continue
            if _RECOVERED_BEFORE.search(before):
                continue  # "three recovered motor function (ASIA Grade C status)": a result
            if re.search(r"\bimprov|\bconver|\bgain", text[match.end() : match.end() + 3]):
                continue
            more = match.group("more") or match.group("more2") or match.group("more3") or ""
            if re.search(r"\bto\b", more):
                continue  # "A to B" is a change of grade, not the grades at baseline
            letters = [match.group("g") or match.group("g2") or match.group("g3")]
            for dash, letter in re.findall(r"([-–~]?)\s*(?:grade\s+)?([A-E])\b", more):
                if dash:  # "AIS A-C" is a range: A, B and C
                    letters += [chr(c) for c in range(ord(letters[-1]) + 1, ord(letter))]
                letters.append(letter)
            for letter in letters:
                grades.setdefault(letter, (match.start(), match.end()))
    ordered = sorted(grades)
    population["ais_baseline"] = ordered
    for index, letter in enumerate(ordered):
        ev.add(f"/population/ais_baseline/{index}", *grades[letter])

    starts = {s.start for s in about}
    ranges = list(_AGE_RANGE.finditer(text))  # may run over a line break ("Ages ...\n18 Years")
    if " of age" in text or " old" in text:
        ranges += _AGE_FROM_TO.finditer(text)
    ranges += (
        match
        for match in _AGE_BOUNDS.finditer(text)
        if _IN_YEARS.search(match.group(0)) or _AGE_WORD.search(text[: match.start()][-40:])
    )
    if "aximum" in text:  # "Maximum age", "Maximum Age"
        ranges += _AGE_FIELDS.finditer(text)
    ranges.sort(key=lambda m: m.start())
    for match in ranges:
        groups = match.groupdict()
        lo = next(g for g in ("lo", "lo2", "lo3", "lo4", "lo_after") if groups.get(g))
        hi = next(g for g in ("hi", "hi2", "hi3", "hi4", "hi_after") if groups.get(g))
        sentence = view.sentence_at(match.start())
        if sentence is None or sentence.start not in starts:
            continue
        if _set_age_range(population, ev, match, lo, hi):
            break
    if "age_min" not in population:
        for match in _EXCLUDED_AGES.finditer(text):
            sentence = view.sentence_at(match.start())
            if sentence is None or sentence.eligibility != "exclusion":
                continue
            lo, hi = ("lo", "hi") if match.group("lo") else ("lo2", "hi2")
            if _set_age_range(population, ev, match, lo, hi):
                break
    if "age_min" not in population:
        for match in [*_AGE_AND_OLDER.finditer(text), *_OVER_THE_AGE.finditer(text)]:
            sentence = view.sentence_at(match.start())
            # (an exclusion list's "older than 75" is no lower bound: its sentences are not here)
            if sentence is not None and sentence.start in starts:
                group = "lo" if match.group("lo") else "lo2"
                population["age_min"] = int(match.group(group))
                ev.add("/population/age_min", match.start(group), match.end(group))
                break
    return population
