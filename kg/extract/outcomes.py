"""Outcome measures: which were assessed, primary or not, when, and what changed.

Directions come from result sentences only, and a decrease on a lower-is-better scale
(spasticity, pain, NBD) is an improvement.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kg.extract.text import Evidence, Sentence, TextView
from kg.extract.timing import (
    timepoint_in,
)
from kg.extract.vocabulary import Term, find_terms

__all__ = ["measure_terms", "read_outcomes"]

_LOWER_IS_BETTER = {
    "mas",
    "spasticity",
    "spasm",
    "vas",
    "neuropathic-pain",
    "nbd",
    "residual-urine-volume",
}
# Measures of several quantities, each with its own good direction: a bare "increased" or
# "reduced" says which way only when the clause names the quantity (a shorter latency is better,
# a smaller amplitude worse); without one only improved/worsened/unchanged are read.
_DEPENDS_ON_QUANTITY = {"electrophysiology", "mri", "urodynamics"}
_LOWER_IS_BETTER_QUANTITY = re.compile(
    r"\b(?:latenc\w*|latent\s+periods?|lesion\w*|cavit\w*|syrinx\w*|cysts?\b|o?edema\w*)", re.I
)
_HIGHER_IS_BETTER_QUANTITY = re.compile(r"\b(?:amplitudes?|conduction\s+velocit\w*)", re.I)
# a comparative said of the measure ("were shorter"): the word first, then a look back at the
# verb, so the cue scan is not slowed by a look-behind tried at every position
_AFTER_A_VERB = (
    r"(?:(?<=\bwas\s{word})|(?<=\bwere\s{word})|(?<=\bbecame\s{word})|"
    r"(?<=significantly\s{word}))"
)
_UP = (
    r"improv\w*|increas\w*|gain\w*|regain\w*|recover\w*|better|enhanc\w*|restor\w*|rais\w*|"
    r"regenerat\w*|g[eo]t\s+back|came\s+back|rose\b|"
    # "experienced muscle movement in previously paralyzed areas": function that had been lost
    r"previously\s+(?:paraly[sz]ed|insensate|denervated)\b|"
    # "a rise in SCIM", not "gave rise to"
    r"(?<!gave )(?<!give )(?<!gives )(?<!giving )ris(?:e|es|en|ing)\b|"
    # a score "was higher" than before or than the control; not "higher doses", "a higher level"
    + r"|".join(f"{word}{_AFTER_A_VERB.format(word=word)}" for word in ("higher", "greater"))
)
_DOWN = (
    r"decreas\w*|reduc\w*|shorten\w*|declin\w*|diminish\w*|alleviat\w*|reliev\w*|drop\w*|"
    # gone altogether: "the spasms disappeared" (better), "sensation was gone" (worse)
    r"disappear\w*|(?:was|were)\s+gone|resolved|resolution\s+of|"
    + r"|".join(f"{word}{_AFTER_A_VERB.format(word=word)}" for word in ("shorter", "smaller"))
    + r"|"
    # "lower" of a score, not of a body part: "the lower extremity improved"
    r"lower(?:ed|ing|s)?(?!\s+(?:extremit|limb|leg|bod|back|half|part|urinary|lumbar|motor|thoracic))"
)
_CUE = re.compile(
    rf"(?P<none>\bno\s+(?:(?:significant|statistically|clinically|obvious|apparent|marked|major|interval)\s+){{0,2}}(?:change|difference|improvement)s?\b|\bunchanged\b|\bdid\s+not\s+(?:change|improve|differ)\b|\bremained\s+(?:stable|unchanged)\b"
    # "functions that are hardly recovered": next to no recovery
    r"|\b(?:hardly|seldom|rarely|barely)\s+(?:ever\s+)?(?:be\s+)?(?:recover\w*|improv\w*|regain\w*|restor\w*)"
    # "none of the patients demonstrated improvement in their motor scores"
    r"|\bnone\s+of\s+(?:the\s+|them\b)(?:\w+\s+){0,3}?(?:showed|demonstrated|had|experienced|achieved|"
    r"displayed|exhibited)\s+(?:any\s+)?(?:\w+\s+)?(?:change|improvement|recovery|gain|benefit)s?\b"
    # "motor function recovery was not observed"
    r"|\b(?:recovery|improvement|change)\s+(?:was|were)\s+not\s+(?:observed|seen|found|noted|detected)\b"
    # "the MRI did not show any visible changes", "did not show any improvement"
    r"|\bdid\s+not\s+(?:show|reveal|demonstrate)\s+(?:any\s+)?(?:\w+\s+)?"
    r"(?:change|difference|improvement|recovery|benefit)s?\b)"
    rf"|(?P<worse>\bworsen\w*|\bdeteriorat\w*|\baggravat\w*)"
    rf"|(?P<sig>\b(?:statistical(?:ly)?|significant(?:ly)?)\s+(?:significant\s+)?(?:\w+\s+)?(?:{_UP}|{_DOWN}))"
    rf"|(?P<sig2>\b(?:{_UP}|{_DOWN})\s+(?:\w+\s+){{0,2}}(?:statistically\s+)?significant(?:ly)?)"
    rf"|(?P<up>\b(?:{_UP}))|(?P<down>\b(?:{_DOWN}))",
    re.I,
)
_RESULT_VERB = re.compile(
    r"\b(?:showed|shown|show|revealed|demonstrated|indicated|(?<!-)confirmed|observed|found|experienced|achieved|reached|improved|regained|"
    # "9 patients presented improvement", "he is regaining movement"
    r"presented|(?:is|are)\s+regaining|"
    # "the patient reported an increase in grip strength"
    r"reported\s+(?:an?\s+)?(?:\w+\s+)?(?:increase|improvement|decrease|reduction|gain|resolution)|"
    r"was seen|were seen|(?:was|were) (?:noted|detected|recorded)|displayed|exhibited|had|occurred|"
    r"resulted|led to|leads to|there (?:was|were)|compared|"
    # "The improvement in motor scores was statistically significant"
    r"(?:was|were)\s+(?:statistically\s+)?significant|"
    # "he has sustained recovery", "both have partial improvement"
    r"(?:has|have)\s+(?:[a-z]+\s+)?(?:recovery|improvement))\b",
    re.I,
)
# a change stated as a fact: "VAS improved at 12 months", "MAS did not change"
_STATED_CHANGE = re.compile(
    r"\b(?:improved|increased|decreased|reduced|shortened|declined|worsened|deteriorated|did not|"
    r"changed\s+from|went\s+from|rose\s+from|fell\s+from|got\s+back|came\s+back|"
    r"remained|gained|was (?:not )?(?:improved|increased|decreased|reduced|shortened|unchanged)|"
    r"were (?:not )?(?:improved|increased|decreased|reduced|shortened|unchanged)|"
    r"(?:was|were) (?:(?:significantly|markedly|slightly|statistically significantly) )?"
    r"(?:higher|greater|lower|better|shorter|smaller)|"
    r"(?:was|were|been) (?:fully |partly |partially )?(?:restored|recovered|resolved|gone)|"
    r"recovered|disappeared|progressed\s+from|began\s+to\s+(?:get\s+back|regain|recover|improve)|"
    r"(?:is|are)\s+regaining|"
    # a finding in the present tense: "the therapy improves the quality of life"
    r"improves|increases|decreases|reduces)\b",
    re.I,
)
# a finding told as a headline, with no verb: "Improvement in upper extremity motor function
# through 9 months in cohort 2"; not a plan ("Improvement in X will be assessed")
_HEADLINE_FINDING = re.compile(
    r"^\W*(?:(?:significant|sustained|marked|meaningful|clinically\s+meaningful|further)\s+)?"
    r"(?:improvements?|gains?)\s+in\b(?![^.;]*\b(?:will|would|to\s+be|expected|hypothes\w*)\b)",
    re.I,
)
_FRAME_FOLLOWS = re.compile(r"[\s.]*(?:\[[^\]\n]{0,40}\]\s*)?(?:Time\s*frame|Timepoint)", re.I)
# a hypothesis, not a finding (lower case: "In May 2020" is a date)
_HEDGE = re.compile(r"\b(?:may|might)\b(?!\s+have\b)")
# a protocol's criterion, not a result: "Improvement: patient whose ASIA score decreases ..."
_DEFINITION = re.compile(
    r"(?:^|\s)\w+\s*:\s*(?:an?\s+|the\s+)?(?:patients?|subjects?|participants?)\s+whose\b"
    r"|\bdefined\s+as\b",
    re.I,
)
_ENDPOINTS_INCLUDE = re.compile(
    r"\b(?:end ?points?|outcomes?|outcome\s+measures?)\s+(?:will\s+)?include[sd]?\b", re.I
)
# the first of two kinds of end point named together: "primary safety and secondary efficacy
# endpoints" makes safety primary
_PAIRED_KINDS = re.compile(
    r"\b(?P<kind>primary|secondary)\s+(?P<w>\w+)\s+and\s+(?:primary|secondary)\s+\w+\s+"
    r"(?:outcomes?|end ?points?|objectives?)\b",
    re.I,
)
_AIM = re.compile(
    r"\bto\s+(?:see|determine|assess|evaluate|examine|test|learn|find\s+out)\s+(?:if|whether)\b",
    re.I,
)
# "Injuries at any level can cause: increased muscle tone, loss of bladder control ..."
_GENERAL_HARM = re.compile(
    r"\b(?:can|may|could)\s+(?:cause|lead\s+to|result\s+in)\b"
    # "Damage to the spinal cord usually results in loss of muscle movement and sensation"
    r"|\b(?:injur(?:y|ies)|damage|SCI|lesions?)\b[^.;]{0,80}?[\s,](?:(?:usually|often|typically|"
    r"commonly|generally|frequently)\s+)?(?:results?\s+in|leads?\s+to|causes?)\s+"
    # "SCI causes a variety of severe issues such as loss of bowel faculties"
    r"(?:\w+\s+){0,7}?(?:loss|impairments?|dysfunction|paralysis|deficits?)\b"
    # "The repercussions of SCI ... include loss of bowel and bladder faculties"; "SCI is a
    # devastating disease characterized by ..., leading to ... muscle spasms"
    r"|\b(?:repercussions|consequences|sequelae|effects)\s+of\s+(?:an?\s+|the\s+)?(?:spinal\s+cord\s+)?"
    r"(?:injur(?:y|ies)|SCI)\b[^.;]{0,80}?\binclud(?:e|es|ing)\b"
    r"|\b(?:is|are)\s+an?\s+(?:\w+\s+){0,2}?(?:disease|disorder|condition|injury)\s+"
    r"(?:characteri[sz]ed\s+by|that\s+(?:causes|leads\s+to))\b"
    # "Bowel leakage harms quality of life a great deal": what a disease does, in the present
    r"|\b(?:affects|harms|impairs|diminishes|lowers|reduces|worsens)\s+(?:(?!improv)\w+\s+){0,2}?"
    r"quality\s+of\s+life\b"
    # "an autoimmune condition with unpredictable progression, negatively impacting the quality
    # of life"
    r"|\bnegatively\s+(?:impact|affect)(?:s|ing|ed)?\s+(?:the\s+)?(?:\w+\s+)?quality\s+of\s+life\b"
    # "has a serious impact on the health and quality of life of patients"
    r"|\b(?:serious|significant|great|major|negative|profound)\s+(?:impact|effect|burden)\s+on\s+"
    r"(?:the\s+)?(?:(?:\w+\s+){1,3}and\s+)?quality\s+of\s+life\b"
    # "For patients with complete SCI, the sensory and motor functions ... are completely lost"
    r"|\bfor\s+(?:patients|people|persons|those)\s+with\b[^.;]{0,100}?\b(?:are|is)\s+(?:\w+\s+)?lost\b",
    re.I,
)
# "transplanted ... into rat, canine or monkey models of complete transection SCI"
_ANIMAL_MODELS = re.compile(
    r"\b(?:rats?|mice|mouse|murine|rodents?|canine|dogs?|monkeys?|primates?|porcine|pigs?|animals?)"
    r"\s+models?\b|\bmodels?\s+of\s+(?:\w+\s+){0,2}?(?:in\s+)?(?:rats?|mice|dogs?|monkeys?)\b",
    re.I,
)
# what a grade means: "Grade A means a person has no motor or sensory function below the lesion"
_GRADE_DEFINED = re.compile(
    r"\b(?:AIS|ASIA|Frankel|grade)\s+(?:grade\s+)?(?-i:[A-E])\b[^.;]{0,30}?"
    r"\b(?:means|refers?\s+to|is\s+defined\s+as|indicates|denotes)\b",
    re.I,
)
# a benefit hoped for, not measured: "The graft could offer a new option, possibly restoring
# movement and improving quality of life"
_HEDGED_BEFORE = re.compile(
    r"\b(?:potentially|possibly|could\s+(?:offer|help|lead|provide|open)|"
    r"may\s+(?:help|offer|lead|provide|open))\b[^.;]{0,70}$"
    # "Cell transplantation may promote neurofunctional recovery and improve the quality of life"
    r"|\bmay\s+[^.;]{0,60}?\b(?:improve|enhance|increase|restore)\s+(?:the\s+)?$"
    # a benefit inferred from the results: "..., thus improving patients' quality of life"
    r"|\b(?:thus|thereby|hence)\s+(?:improving|enhancing|increasing|restoring)\s+(?:[\w'’-]+\s+){0,2}$",
    re.I,
)
# the deficit the patients have, not a measure: "patients with no motor or sensory function
# below the injury"; "no motor function recovery below the level" is a finding
_DEFICIT_BEFORE = re.compile(
    r"\b(?:no|without|absent|absence\s+of|loss\s+of|lack\s+of)\s+(?:[\w-]+\s+(?:or|and|nor)\s+)?$",
    re.I,
)
_LEVEL_AFTER = re.compile(
    r"(?:(?!recover|improv|gain|chang|return|restor)[^.;]){0,50}?\b(?:below|beneath|caudal\s+to)\b",
    re.I,
)
_DIAGNOSIS = re.compile(r"\b(?:was|were)\s+diagnosed\b|\bdiagnosis\s+(?:of|was)\b", re.I)
# the patient's state before treatment: "symptoms involved ... bladder dysfunction", "presented
# with spasticity"; a measure named there is no outcome unless the sentence tells of a change
_BEFORE_TREATMENT = re.compile(
    # "the participants experienced symptoms such as impaired motor function"
    r"\b(?:presented\s+with|symptoms?\s+(?:included|involved|were|consisted\s+of|such\s+as)|"
    r"complain(?:ed|ing|s)?\s+of|suffer(?:ed|ing|s)?\s+from|(?:a|his|her|their)\s+history\s+of|"
    r"(?:on|at)\s+admission)\b",
    re.I,
)
# the change said significant after the measure: "The improvement in X was statistically
# significant"
_WAS_SIGNIFICANT = re.compile(r"\b(?:was|were)\s+(?:statistically\s+)?significant\b", re.I)
# a p-value after the change it qualifies: "improved from 12.9 to 18 (p < 0.05)"
_P_VALUE = re.compile(r"\b[Pp]\s*(?P<op>[<≤=>])\s*(?P<v>0?\.\d+)\b")


def _significant_at(match: re.Match[str]) -> bool | None:
    """Whether a p-value marks a change significant at the usual 0.05 level."""
    op, value = match.group("op"), float(match.group("v"))
    if (op in "<≤" and value <= 0.05) or (op == "=" and value < 0.05):
        return True
    if op in "=>" and value > 0.05:
        return False
    return None


_NOT_SIGNIFICANT = re.compile(
    r"\b(?:not\s+(?:statistically\s+)?significant(?:ly)?|non-?significant|no\s+significant|"
    r"did\s+not\s+(?:reach|achieve)\s+(?:statistical\s+)?significance|"
    # "failed to show a significant difference", "was not significantly different"
    r"failed\s+to\s+(?:show|reach|demonstrate|achieve)\s+(?:a\s+|any\s+)?(?:statistically\s+)?significan\w*|"
    r"not\s+significantly\s+different)\b",
    re.I,
)


def sentence_span(sentence: Sentence) -> tuple[int, int]:
    """(start, end) of a sentence, for `re` search bounds."""
    return sentence.start, sentence.end


_PRIMARY = re.compile(
    r"\b(?P<kind>primary|secondary|main|principal)\s+(?:(?:efficacy|safety|clinical)\s+)?(?:outcomes?|end ?points?|objectives?|aims?|goals?)\b",
    re.I,
)
# a grade letter right after the scale's name: "AIS A", "ASIA grade B"
_GRADE_NAMED = re.compile(
    # "Impairment Scale [AIS] grade A", "Frankel classification B1 and B2"
    r"[)\]]?(?:\s*[(\[](?:AIS|ASIA)[)\]])?(?:\s+(?:grade|level|class|classification|score))?"
    r"[\s-]*(?-i:[A-E])\d?\b",
    re.I,
)
# words of a change between grades: "improved", "converted", "from A to C", "became"
_GRADE_CHANGE = re.compile(
    r"\b(?:improv\w*|convert\w*|conversion|progress\w*|became|gain\w*|worsen\w*|"
    r"declin\w*|changed?|recover\w*|to\s+(?:AIS|ASIA|grade|[A-E]\b))",
    re.I,
)
# "a strength of the study", "strengths of this trial": merits, not muscle strength
_STUDY_STRENGTH = re.compile(
    r"strengths?\s+of\s+(?:the|this|our)\s+(?:study|trial|work|analysis|report|design)\b", re.I
)
# what the product makes, not what was measured: "stromal cells secreting neurotrophic factors"
_MADE_BY_PRODUCT = re.compile(
    r"\b(?:(?:secret|releas|produc|(?:over)?express)ing|"
    r"(?:that|which)\s+(?:secrete|release|produce|(?:over)?express)s?)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
_CLAUSE = re.compile(r";|\bwhereas\b|\bwhile\b|\bbut\b")
# "pinprick, light touch, motor and sphincter scores", "scores of pinprick, ... motor and ...",
# "motor and sensory functions", "ASIA scores (motor, light touch, and pinprick)",
# "ASIA and IANR-SCIFRS total scores": a measure named once for several words
# an imaging that sets the dose, not an outcome: "a volume as determined on MRI"
_SETS_THE_DOSE = re.compile(
    r"\b(?:volume|dose|amount|number\s+of\s+cells|size)\b[^.;]{0,60}?\b(?:as\s+)?"
    r"(?:determined|calculated|estimated|guided)\s+(?:on|by|with|using|from)\s+(?:the\s+)?$",
    re.I,
)
_ELLIPSIS = re.compile(
    r"\b(?P<w>motor|sensory|pinprick|light touch)\b"
    r"(?=(?:\s*(?:,|\band/or\b|\band\b|/|\bor\b)\s*[\w ()-]{1,40}?){1,4}\s+"
    r"(?P<noun>scores?|functions?|(?:functional\s+)?improvements?|recovery)\b)"
    # "ASIA scores (motor, light touch, and pinprick)"
    r"|(?<=\bscores \()(?:[\w -]{1,25}?(?:,|\band\b)\s*){0,4}?(?P<w4>motor|sensory|light touch|pinprick)\b"
    # "sensory and motor improvements": the last word before the noun, as a function
    r"|\b(?P<w5>motor|sensory)(?=\s+(?:functional\s+)?(?:improvements?|recovery)\b)"
    r"|(?<=\bscores of )(?:[\w -]{1,25}?(?:,|\band\b)\s*){0,4}?(?P<w2>motor|sensory)\b"
    r"|\b(?P<w3>ASIA|American Spinal Injury Association)(?:\s*\(ASIA\))?(?=\s+(?:and|,)\s[^.;:]{0,110}?\btotal\s+scores?\b|\s+and\s+(?:[A-Z][\w-]*\s+){1,4}scor(?:es?|ing)\b)",
    re.I,
)
# complications the treatment did not cause: "no late complications", "without any surgical
# complications" (a disease's "lifelong complications" are no outcome)
_NO_COMPLICATIONS = re.compile(
    r"\b(?:no|without(?:\s+any)?)\s+(?:[\w-]+\s+|[\w-]+,\s+|or\s+){0,4}?(?P<c>complications?)\b",
    re.I,
)
_SLASH = re.compile(r"\b(?P<a>[a-z]+)/(?P<b>[a-z]+)\s+(?P<noun>functions?|scores?)\b", re.I)
_PURPOSE = re.compile(
    r"\bto\s+(?:evaluate|assess|measure|record|determine)\s+(?:the\s+)?(?:\w+\s+of\s+)?$", re.I
)


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


def _measure_named(phrase: str, text: str, start: int, end: int) -> Term | None:
    """The measure a phrase names ("motor score"), placed where the text implies it."""
    named = find_terms("measure", phrase)
    return Term(named[0].code, named[0].concept, start, end, text[start:end]) if named else None


# "ISNCSCI motor score" is the motor score, not the total too
_SUB_SCORE_AFTER = re.compile(r"\s+(?:motor|sensory|light[\s-]touch|pin[\s-]?prick)\b", re.I)
# "feeling" is sensation in lay texts ("regained some feeling"), except for a mood or an
# opinion: "feeling better", "a feeling of hope", "feeling that the trial helped", "an
# incredible feeling"
_A_MOOD = re.compile(
    r"\s+(?:better|worse|well|good|bad|tired|fine|hopeful|happy|of|that|like|as\s+if)\b", re.I
)
_AN_EMOTION = re.compile(r"\ban?\s+(?:[\w-]+\s+)?$", re.I)


def _a_mood(text: str, start: int, term: Term) -> bool:
    """Whether the word "feeling" names a mood or an opinion, not sensation."""
    return term.text.lower() == "feeling" and bool(
        _A_MOOD.match(text, term.end)
        or _AN_EMOTION.search(text, max(start, term.start - 25), term.start)
    )


def measure_terms(text: str, start: int, end: int) -> list[Term]:
    """Outcome measures in a span, reading "motor and sensory scores" as two scores."""
    found = list(find_terms("measure", text, start, end))
    for match in _ELLIPSIS.finditer(text, start, end):
        group = next(g for g in ("w", "w2", "w3", "w4", "w5") if match.group(g))
        where = match.start(group), match.end(group)
        if any(t.start <= where[0] < t.end for t in found):
            continue
        word = "ASIA total" if group == "w3" else match.group(group)
        noun = (match.group("noun") or ("function" if group == "w5" else "score")).lower()
        noun = "score" if noun.startswith("score") else "function"
        if extra := _measure_named(f"{word} {noun}", text, *where):
            found.append(extra)
    complications = "omplication" in text[start:end]
    for match in _NO_COMPLICATIONS.finditer(text, start, end) if complications else ():
        where = match.span("c")
        events = _measure_named("adverse events", text, *where)
        if events and not any(t.start < where[1] and where[0] < t.end for t in found):
            found.append(events)
    for match in _SLASH.finditer(text, start, end):
        for part in ("a", "b"):
            phrase = f"{match.group(part)} {match.group('noun')}"
            extra = _measure_named(phrase, text, *match.span(part))
            if extra and not any(t.start <= extra.start < t.end for t in found):
                found.append(extra)
    return sorted(
        (
            read
            for t in found
            if not _MADE_BY_PRODUCT.search(text, max(start, t.start - 40), t.start)
            and not _STUDY_STRENGTH.match(text, t.start)
            and not _SETS_THE_DOSE.search(text, max(start, t.start - 100), t.start)
            and not (t.code == "asia-total" and _SUB_SCORE_AFTER.match(text, t.end))
            and not _a_mood(text, start, t)
            for read in _as_grade(text, t)
        ),
        key=lambda t: t.start,
    )


# "ASIA score A", "the ASIA score changed from A to C": a grade letter, not a total of points
_GRADE_LETTER_AFTER = re.compile(
    r"\s+(?:(?:of|was|were|is|from|changed\s+from|improved\s+from)\s+)?(?-i:[A-E])\b(?![-'’])"
)


def _as_grade(text: str, term: Term) -> list[Term]:
    """The AIS grade for a score named with a grade letter after it.

    The total stays where the same clause gives points too ("from A to C and from 112 to 231
    points").
    """
    if term.code != "asia-total" or not _GRADE_LETTER_AFTER.match(text, term.end):
        return [term]
    grade = _measure_named("AIS grade", text, term.start, term.end)
    if grade is None:
        return [term]
    points = re.match(r"[^.;]{0,80}?\bpoints?\b", text[term.end : term.end + 90])
    return [grade, term] if points else [grade]


def _about_what_follows(text: str, cue: re.Match[str]) -> bool:
    """A cue written as a noun with its object after it: "a decrease in", "reduction of".

    A verb ("improved in two patients") still tells of the measure named before it.
    """
    if not re.match(r"\s+(?:in|of)\b", text[cue.end() : cue.end() + 4], re.I):
        return False
    noun = re.search(r"(?:ment|tion)s?$", cue.group(0), re.I)
    article = re.search(
        r"\b(?:an?|the)\s+(?:\w+\s+)?$", text[max(0, cue.start() - 30) : cue.start()], re.I
    )
    return bool(noun or article)


# "changed from 112 to 231 points", "from A/B to C/D": the values say which way it went
_FROM_TO = re.compile(
    r"\bfrom\s+(?:(?P<a>\d+(?:\.\d+)?)|(?:(?:AIS|ASIA)\s+)?(?:grade\s+)?(?P<ga>(?-i:[A-E]))(?:/(?-i:[A-E]))?)"
    r"\s*(?:points?\s+)?to\s+(?:(?P<b>\d+(?:\.\d+)?)|(?:(?:AIS|ASIA)\s+)?(?:grade\s+)?(?P<gb>(?-i:[A-E])))\b",
    re.I,
)


def _from_to(text: str, clause: tuple[int, int], term: Term, code: str):
    """(direction, None, start, end) from "from X to Y" after the measure, when no word says."""
    if code in _DEPENDS_ON_QUANTITY:
        return None
    # from just before the measure: "from ASIA Grade A to ASIA Grade C" holds its own term
    for match in _FROM_TO.finditer(text, max(clause[0], term.start - 6), clause[1]):
        if match.group("a") is not None and match.group("b") is not None:
            a, b = float(match.group("a")), float(match.group("b"))
        elif match.group("ga") and match.group("gb") and code == "ais-grade":
            a, b = ord(match.group("ga")), ord(match.group("gb"))  # E is the best grade
        else:
            continue
        if a == b:
            return None
        better = (b < a) if code in _LOWER_IS_BETTER else (b > a)
        return ("improved" if better else "worsened"), None, match.start(), match.end()
    return None


# "no motor function recovery was observed": the denial wraps the measure
_NONE_AROUND = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,4}?(?:recovery|improvement|change)\s+(?:was|were)\s+"
    r"(?:observed|seen|found|noted|detected)\b",
    re.I,
)


# "not" and "never" deny the word right after them ("did not increase", "was not blinded");
# "no", "without" and the rest deny a whole list ("no tumour, deterioration or increased pain")
_NEGATION = re.compile(
    r"\b(?:(?:not|never)(?=\s+(?:(?:significantly|statistically|further|markedly|clearly)\s+)?"
    # ("No matter MMSE score or Barthel index, the difference ... was significant")
    rf"(?:{_UP}|{_DOWN}|worsen\w*|deteriorat\w*|aggravat\w*)\b)|no(?!\s+matter\b)|without|nor|neither|"
    r"absence\s+of|free\s+of)\b",
    re.I,
)
# what ends a denial before the cue: a new clause, or the verb that closed the denied phrase
# ("no adverse events were observed and SCIM improved")
_DENIAL_ENDS = re.compile(
    r"\b(?:but|however|although|though|whereas|while|except|yet|reported|observed|occurred|"
    r"seen|noted|found|detected)\b|[;:)]|,\s*(?:and|with|but)\b",
    re.I,
)


def _denied(text: str, clause_start: int, cue_start: int) -> bool:
    """Whether a change cue stands under a negation earlier in its clause."""
    before_start = max(clause_start, cue_start - 120)
    # searched past the cue: "not" looks ahead at the word it denies
    negations = [
        m for m in _NEGATION.finditer(text, before_start, cue_start + 40) if m.end() <= cue_start
    ]
    return bool(negations) and not _DENIAL_ENDS.search(text, negations[-1].end(), cue_start)


def _quantity_of(text: str, clause: tuple[int, int], cue_start: int) -> str | None:
    """Which way is better for the quantity a cue is said of: the one named last before it.

    "latencies were shorter and amplitudes increased": "increased" is said of amplitudes.
    """
    named = [
        (m.start(), better)
        for pattern, better in (
            (_LOWER_IS_BETTER_QUANTITY, "lower"),
            (_HIGHER_IS_BETTER_QUANTITY, "higher"),
        )
        for m in pattern.finditer(text, *clause)
    ]
    if not named:
        return None
    before = [n for n in named if n[0] < cue_start]
    return max(before)[1] if before else min(named)[1]


# a sensory or motor level that moves: down the cord (C5 to C7) is a gain, whatever the verb
_LEVEL_CHANGE = re.compile(
    r"\blevels?\b[^.;]{0,60}?\bfrom\s+(?:the\s+)?(?P<a>[CTLS]\d{1,2})\s+(?:level\s+)?to\s+"
    r"(?:the\s+)?(?P<b>[CTLS]\d{1,2})\b"
)
_SEGMENTS_ABOVE = {"C": 0, "T": 8, "L": 20, "S": 25}


def _level_order(level: str) -> int:
    """Segments counted down the cord: C1 = 1 ... T1 = 9 ... S5 = 30."""
    return _SEGMENTS_ABOVE[level[0]] + int(level[1:])


def _direction(text: str, clause: tuple[int, int], term: Term, code: str):
    """(direction, significant, start, end) from the cue nearest the measure in its clause."""
    moved = _LEVEL_CHANGE.search(text, *clause)
    if moved and moved.group("a") != moved.group("b"):
        down = _level_order(moved.group("b")) > _level_order(moved.group("a"))
        return ("improved" if down else "worsened"), None, moved.start("a"), moved.end("b")
    for match in _NONE_AROUND.finditer(text, *clause):
        if match.start() <= term.start and term.end <= match.end():
            return "no-change", None, match.start(), match.end()
    best = None
    cues = list(_CUE.finditer(text, *clause))
    governed = any(m.end() <= term.start for m in cues)  # "an increase in X and Y"
    for match in cues:
        if match.start() < term.end and term.start < match.end():
            continue  # "Lower extremity motor score" names the measure, it is no change
        if governed and match.start() >= term.end and _about_what_follows(text, match):
            continue  # "an increase in X, and a decrease in Y": that cue is about Y
        distance = (
            term.start - match.end() if match.end() <= term.start else match.start() - term.end
        )
        if best is None or distance < best[0]:
            best = (distance, match)
    if best is None:
        return _from_to(text, clause, term, code)
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
        # the comparatives of _DOWN look behind the cue ("were shorter"), so a bare cue is
        # judged by the group that matched it
        down = kind == "down" or (re.search(_DOWN, word) and not re.search(r"improv", word))
        lower_is_better = code in _LOWER_IS_BETTER
        if code in _DEPENDS_ON_QUANTITY and not re.search(
            r"improv|recover|better|restor|regenerat", word
        ):
            quantity = _quantity_of(text, clause, match.start())
            if quantity is None:
                return None
            lower_is_better = quantity == "lower"
        if down:
            direction = "improved" if lower_is_better else "worsened"
        else:
            direction = (
                "worsened"
                if lower_is_better and not re.search(r"improv|recover|better|restor", word)
                else "improved"
            )
    if kind != "none" and _denied(text, clause[0], match.start()):
        # "no evidence of ... deterioration or increased pain", "spasticity did not increase"
        return "no-change", (False if significant else None), match.start(), match.end()
    return direction, significant, match.start(), match.end()


_OUTCOME_HEADING = re.compile(
    r"^[ \t]*(?:[-•*#]+[ \t]+)?(?P<kind>Primary|Secondary|Main|Other(?: Pre-specified)?) Outcome "
    r"(?:Measures?|variables?)\b[^\n]*$",
    re.I | re.M,
)


# between a kind of end point and the measure it names: "outcome of the study was "
_NAMES_WHAT = re.compile(
    r"[^.;,]{0,40}?\b(?:was|were|is|are|included?|includes)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"|\s*:\s*(?:[\w-]+\s+){0,3}?",
    re.I,
)
# a measure used to plan or guide, not measured as a result: "the injected volume was 50% of
# the gland's volume as determined on magnetic resonance imaging"
_USED_TO_PLAN = re.compile(
    r"\b(?:as\s+(?:determined|calculated|estimated)|guided|planned|localized|localised)\s+(?:on|by|with|using|"
    r"under)\s+(?:[\w-]+\s+){0,4}?(?:\(\s*)?$",
    re.I,
)
# what a product is meant to do, not what was measured: "The therapy is intended to reverse the
# loss of motor and sensory function"
_PURPOSE_OF_THERAPY = re.compile(
    r"\b(?:therapy|treatment|product|drug|procedure|cells?)\s+(?:is|are|was|were)\s+(?:being\s+)?"
    r"(?:intended|designed|developed|meant)\s+to\s+(?:reverse|restore|repair|regenerate|treat|prevent)\b",
    re.I,
)
# a condition named after a symptom: "hemifacial spasm" is the disease treated
_CONDITION_NAMED_BEFORE = re.compile(r"\b(?:hemifacial|facial|vaso)\s*$", re.I)


_SAFETY_ITEM = re.compile(r"\s*(?:\d{1,2}\.\s*)?(?:safety|safe)\b", re.I)


def _significance(
    text: str, sentence: Sentence, clause: tuple[int, int], term: Term, found: tuple
) -> tuple[bool, tuple[int, int]] | None:
    """Whether the change `found` of a measure was significant, and the words that say so."""
    if found[1] is not None:  # "improved significantly"
        return found[1], (found[2], found[3])
    if said := _WAS_SIGNIFICANT.search(text, term.end, clause[1]):
        return True, said.span()  # "The improvement in FIM scores was statistically significant"
    if (p_value := _P_VALUE.search(text, found[2], clause[1])) and (
        verdict := _significant_at(p_value)
    ) is not None:
        return verdict, p_value.span()  # "improved from 12.9 to 18 (p < 0.05)"
    if not_significant := _NOT_SIGNIFICANT.search(text, *sentence_span(sentence)):
        return False, not_significant.span()
    return None


def _heading_before(headings: list[re.Match[str]], offset: int) -> re.Match[str] | None:
    before = [h for h in headings if h.end() <= offset]
    return before[-1] if before else None


def read_outcomes(view: TextView, ev: Evidence, follow_up: list[str]) -> list[dict[str, Any]]:
    """Outcome measures with primary flag, time point, direction and significance."""
    text = view.text
    outcomes: dict[str, dict[str, Any]] = {}
    spans: dict[str, dict[str, tuple[int, int]]] = {}
    headings = list(_OUTCOME_HEADING.finditer(text))
    # a registry's outcome names read like headlines ("Improvements in SSEP / Time frame: 24
    # months"): they are plans
    plans_listed = bool(headings) or bool(re.search(r"time\s*frame|timepoint", text, re.I))
    for sentence in view.factual():
        if (
            _DIAGNOSIS.search(sentence.text)
            or _GENERAL_HARM.search(sentence.text)
            or _ANIMAL_MODELS.search(sentence.text)
            or _GRADE_DEFINED.search(sentence.text)
            or _PURPOSE_OF_THERAPY.search(sentence.text)
        ):
            continue  # tests of a diagnosis; what SCI "can cause" in general; animal work
        if _BEFORE_TREATMENT.search(sentence.text) and not _CUE.search(sentence.text):
            continue
        terms = measure_terms(text, sentence.start, sentence.end)
        goal = _PRIMARY.search(sentence.text) or (
            # "Primary Outcome Measures / 1. Safety of autologous BM transplant measured by ..."
            _SAFETY_ITEM.match(sentence.text) and _heading_before(headings, sentence.start)
        )
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
        results = bool(
            (
                _RESULT_VERB.search(sentence.text)
                or _STATED_CHANGE.search(sentence.text)
                or (not plans_listed and _HEADLINE_FINDING.match(sentence.text))
            )
            and not _AIM.search(sentence.text)  # "observed to see if their symptoms improved"
            # a registry outcome's description over its time frame: "Evidence of improvement in
            # AIS as confirmed by examination / Time frame: Four years" is a plan
            and not (plans_listed and _FRAME_FOLLOWS.match(text, sentence.end))
            and not _DEFINITION.search(sentence.text)
            # "Secondary endpoints include average improvement in MMT": what will be measured
            and not _ENDPOINTS_INCLUDE.search(sentence.text)
            and not _HEDGE.search(sentence.text)  # "MSCs may decrease it, resulting in ..."
        )
        for term in terms:
            code = term.code
            if code == "safety" and not goal:
                continue  # "safety" is an outcome only where the text names it as an end point
            if _HEDGED_BEFORE.search(text, max(sentence.start, term.start - 80), term.start):
                continue  # "could offer a new option, possibly ... improving quality of life"
            if _USED_TO_PLAN.search(text, max(sentence.start, term.start - 80), term.start):
                continue
            if code == "spasm" and _CONDITION_NAMED_BEFORE.search(
                text, max(sentence.start, term.start - 12), term.start
            ):
                continue
            if _DEFICIT_BEFORE.search(
                text, max(sentence.start, term.start - 30), term.start
            ) and _LEVEL_AFTER.match(text, term.end):
                continue
            if (
                code in ("ais-grade", "frankel")
                and _GRADE_NAMED.match(text, term.end)
                and not (goal or _CUE.search(sentence.text) or _GRADE_CHANGE.search(sentence.text))
            ):
                continue  # "patients with AIS A injuries": who was treated, not what was measured
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
                        # "Primary outcome of the study was safety, secondary outcome was
                        # efficacy": the kind named before the measure governs it
                        if not (marker and _NAMES_WHAT.fullmatch(text, marker.end(), term.start)):
                            marker = match
                        break
                    marker = match
                paired = _PAIRED_KINDS.search(text, *clause)
                if paired and paired.start("w") <= term.start < paired.end("w"):
                    marker = paired  # "primary safety and secondary efficacy endpoints"
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
                found = timepoint_in(view, sentence, clause, follow_up)
                if found:
                    outcome["timepoint"] = found[0]
                    where["timepoint"] = (found[1], found[2])
            if not results or code in ("adverse-events", "safety"):
                continue
            if outcome["direction"] is None:
                found = _direction(text, clause, term, code)
                if found:
                    outcome["direction"] = found[0]
                    where["direction"] = (found[2], found[3])
                    if said := _significance(text, sentence, clause, term, found):
                        outcome["significant"], where["significant"] = said
            elif (
                outcome["significant"] is None
                and (found := _direction(text, clause, term, code))
                and found[0] == outcome["direction"]
                and found[1] is not None
            ):
                # a later sentence tells the same change was significant: "... improved in
                # terms of bladder function." ... "neurogenic bladder improved significantly"
                outcome["significant"] = found[1]
                where["significant"] = (found[2], found[3])
    out = list(outcomes.values())
    for index, outcome in enumerate(out):
        for key, (start, end) in spans[outcome["measure"]].items():
            ev.add(f"/outcomes/{index}/{key}", start, end)
    return out
