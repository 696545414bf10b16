"""The document text as the reader sees it: sentences, zones and evidence spans.

Every offset is into the original text, so an evidence span is always `text[start:end]`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

MAX_SENTENCE = 2000
"""Longer runs without a full stop (tables pasted as text, say) are read in pieces."""

__all__ = [
    "ANIMAL_WORD",
    "Evidence",
    "Sentence",
    "TextView",
    "clean_span",
    "text_view",
    "unwrapped",
    "without_markup",
    "without_other_works",
]

# A sentence ends at . ! ? followed by white space, or at a line break. A decimal point
# ("14.1%") and the dots inside "i.v." are not followed by white space, so they stay inside.
# The dot of a common abbreviation ("vs.", "e.g.", "et al.", "Dr.") ends no sentence either; it
# is looked back at only once a dot is found. A page that drops the space after a full stop
# ("were safe.Three patients") still ends a sentence between a word and a capitalised word.
_SENTENCE = re.compile(
    r"[^\n]*?(?:[.!?](?<!\bvs\.)(?<!\bVs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bal\.)(?<!\bDr\.)"
    r"(?<!\bFig\.)(?<!\bcf\.)(?<!\bapprox\.)(?=\s)|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]+\b)|\n|$)"
)
_ELIGIBILITY_HEAD = re.compile(
    r"^\s*(?:(?:key|main|major|subject|participant|patient)\s+)?"
    r"(?:inclusion|exclusion|eligibility)\s+criteria\b|^\s*eligibility\b|"
    r"^\s*(?P<finder>included\s+participants|who\s+(?:can|may)\s+(?:join|participate|take\s+part)|"
    r"who\s+is\s+eligible)\b",
    re.IGNORECASE,
)
# a trial finder lists who may join as fields with values on lines of their own ("Injury
# level" / "C1 - S5", "Severity (AIS)" / "AIS-A"), up to its next section
_FINDER_SECTION = re.compile(
    r"^\s*(?:what[’']s\s+involved|details|about\s+this\s+(?:trial|study)|interventions?|"
    r"outcomes?|locations?|contacts?|potential\s+benefits|study\s+design|sponsors?)\s*:?\s*$",
    re.IGNORECASE,
)
_FINDER_LINES = 30
# "The inclusion criteria were ...", "major eligibility criteria: ... must not have fever": the
# criteria in running text, one sentence
_INLINE_CRITERIA = re.compile(
    r"\b(?P<kind>inclusion|exclusion|eligibility)\s+(?:criteria|requirements)\s*"
    r"(?::|were\b|was\b|are\b|is\b|included\b|including\b)",
    re.IGNORECASE,
)
_ENROLLED_SAID = re.compile(r"\b(?:were|was)\s+(?:enrolled|randomi[sz]ed|recruited)\b", re.I)
_CRITERIA_LINES = 12  # plain lines read as criteria after a heading, at most
# a bullet, "1." or "1)", or a circled number ("① older than 75 years")
_LIST_ITEM = re.compile(r"^\s*(?:[-•*·]|\d{1,2}[.)])\s+|^\s*[\u2460-\u2473]\s*")
# A keyword or subject-heading line names the topics of the paper, not facts of the study: its
# "spasm" is no outcome measure and its "acute SCI" no population.
_TOPICS = (
    r"^\s*(?:key\s*words?|key\s*phrases?|index\s+terms|mesh\s+(?:terms|headings)|subject\s+headings|"
    r"abbreviations|categor(?:y|ies)|tags?|topics)"
)
_TOPIC_LINE = re.compile(_TOPICS + r"\s*[:.]", re.IGNORECASE)
_TOPIC_HEAD = re.compile(_TOPICS + r"\s*:?\s*$", re.IGNORECASE)  # a list follows on its lines
# Sentences about studies still to be done, or done before ("In our previous report, ..."),
# describe other trials, not this one.
_OTHER_STUDY = re.compile(
    r"\b(?:future|warranted|are (?:highly )?required|is (?:highly )?required|call(?:s)? for|"
    r"should be|needed to|further (?:investigation|studies|research|trials)|will be needed|"
    # "A larger, randomized controlled trial is needed", "additional clinical trials are needed"
    r"(?:trials?|stud(?:y|ies))\s+(?:is|are)\s+(?:still\s+)?needed|"
    # the team's next trial: "next wants to do a phase II trial"
    r"next\s+(?:wants?|plans?|hopes?|aims?)\s+to|"
    r"(?:in|from)\s+(?:our|a|the)\s+(?:previous|prior|earlier)\s+(?:report|study|trial|work|paper)|"
    # "Recent research indicates ...", "It was found that MSCs ...", "in the late planning stages
    # for a multicenter, double-blind study"
    r"recent\s+(?:research|studies|work|evidence|data)\s+(?:indicates?|shows?|suggests?|has\s+shown|"
    r"ha(?:s|ve)\s+(?:shown|suggested|demonstrated|reported))|"
    # "These results need to be confirmed in randomized clinical trials"
    r"(?:need|needs|have|has|must)\s+to\s+be\s+confirmed|(?:should|must|will)\s+be\s+confirmed|"
    r"it\s+(?:was|has\s+been)\s+found\s+that|planning\s+stages?\s+(?:for|of)|"
    # claims about other work: "MSCs have been reported to improve ASIA scores"
    r"\b(?:have|has)\s+been\s+(?:reported|shown|demonstrated|found)\s+to\b|"
    # work in animals: "in animals", "rats transplanted with", "an animal study"
    r"\bin\s+(?:animals|rats|mice|rodents|dogs|monkeys|pigs)\b|"
    r"\b(?:rats|mice|dogs|monkeys)\s+(?:transplanted|treated|injected|given|receiving|that\s+received)\b|"
    r"\banimal\s+(?:stud(?:y|ies)|experiments?|models?)\b|"
    # "An earlier Phase II study showed that ..."
    r"(?:an?|the|our)\s+(?:previous|prior|earlier)\s+(?:phase\s+[\w/]+\s+)?(?:study|trial)\s+"
    r"(?:showed|found|demonstrated|reported|suggested)|"
    # "This leads the way for a larger randomised controlled trial", "Our next study will ..."
    # ("part of a larger multicenter trial" is this one)
    r"(?:way|path|stage)\s+for\s+(?:a\s+)?larger\s+(?:[\w-]+\s+){0,3}?(?:trial|study)\b|"
    r"(?:our|the|a)\s+next\s+(?:[\w-]+\s+){0,3}?(?:trial|study)\b|"
    # the group's next trial: "A randomized placebo-controlled trial ... is currently underway"
    r"^(?:A|An|Another)\s+[^.;]{0,160}?\b(?:trial|study)\b[^.;]{0,120}?\b(?:is|are)\s+(?:currently\s+|now\s+)?"
    r"(?:underway|ongoing|planned)|"
    # "Based on previous literature, ...", "Earlier studies have shown ..."
    r"based\s+on\s+(?:the\s+)?(?:previous|prior|earlier|published)\s+(?:literature|reports|studies|"
    r"findings|data)|(?:previous|prior|earlier|other)\s+studies\s+have\s+(?:shown|reported|"
    r"demonstrated|found)|"
    # "According to some studies worldwide, ...", "according to recent research"
    r"according\s+to\s+(?:(?:some|several|many|recent|other|previous|published)\s+)+"
    r"(?:studies|research|reports|trials|literature)|"
    # a next phase the results support: "supporting further clinical development in randomized,
    # double-blind, placebo-controlled phase II trials"
    r"further\s+(?:clinical\s+)?development\s+in\b|"
    # what animals showed: "resulted in increased motor scores in animal models"
    r"in\s+(?:animal|rodent|rat|mouse|preclinical)\s+(?:models?|studies|experiments))\b",
    re.IGNORECASE,
)


# a review page's next study opens its paragraph ("An additional case series from China (Lee
# 2015) reported ..."): the whole paragraph is that study's
_NEXT_STUDY = re.compile(
    r"(?:An?\s+|One\s+)?(?:additional|further|second|another|other)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:case\s+series|trial|study|report)(?:\s+[\w-]+){0,3}\s*\([^()]{0,40}\d{4}\)",
    re.I,
)


# a page's section on an animal model ("Repeated Doses Slow ALS in a Rodent Model"): its
# results are no patient's, up to a heading of the study again ("Results", "Clinical study")
_HEADING_LINE = re.compile(r"[A-Z][^.!?:;]{2,118}")
ANIMAL_WORD = re.compile(
    r"\b(?:rodents?|mouse|mice|rats?|murine|porcine|pigs?|minipigs?|canine|dogs?|primates?|"
    r"monkeys?|rabbits?|sheep|animal\s+models?|preclinical)\b",
    re.I,
)
_HUMAN_SECTION = re.compile(
    r"^\s*(?:abstract|background|methods?|results?|conclusions?|discussion|introduction)\b|"
    r"\b(?:patients?|clinical|human|humans|trial|participants|people)\b",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or one line of a table or list) and where it sits in the document."""

    start: int
    end: int
    text: str
    eligibility: str | None = None  # "inclusion" or "exclusion" inside an eligibility list
    other_study: bool = False  # about a study still to be done, an earlier one or animals
    topics: bool = False  # a keyword or subject-heading line


# A line break inside a sentence, as in text copied from a PDF or a fixed-width page: a long
# line that does not end a sentence, and a next line that goes on in lower case ("... in 14
# subjects of both\n genders") or with a bracket ("American Spinal Injury Association\n(ASIA) A").
# Short lines are left alone (table cells), and so are short "Label: value" lines (a registry's
# "Experimental: hUC-MSCs lumbar administration group"); a structured abstract's long "Methods:
# We conducted ..." line is prose.
_WRAPPED = re.compile(r"(?<=[\w,;)\]%-])[ \t]*\n(?=[ \t]*[a-z(])")
_FIELD_LINE = re.compile(r"[ \t]*[A-Z][\w /()-]{0,40}:\s")
WRAP_MIN_LINE = 50
FIELD_MAX_LINE = 80


# A web page lists other works under headings of its own ("Related Clinical Trials", "Similar
# articles", "Cited by", "References"): their titles, identifiers and phases are not this study's.
_OTHER_WORKS_HEAD = re.compile(
    r"^[ \t]*(?:(?:related|similar)(?:\s+clinical)?\s+(?:trials?|studies|articles|publications|"
    r"records)|cited\s+by|citing\s+(?:articles|publications)|articles\s+citing\s+this(?:\s+\w+)?|"
    r"references|see\s+also|recommended\s+articles|more\s+like\s+this)"
    r"[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# The list ends where the page goes on with a section of the study itself.
_OWN_SECTION_HEAD = re.compile(
    r"^[ \t]*(?:abstract|background|objectives?|aims?|(?:materials\s+and\s+)?methods|results|"
    r"conclusions?|introduction|discussion|overview|(?:brief\s+)?summary|"
    r"(?:detailed\s+)?description|conditions?|(?:study\s+)?design|study\s+groups|"
    r"arms?(?:\s+and\s+interventions)?|interventions?|eligibility(?:\s+criteria)?|"
    r"(?:(?:primary|secondary)\s+)?outcomes?(?:\s+measures?)?|locations?|contacts?|sponsors?|"
    r"publication\s+types?|mesh\s+terms|substances|grants\s+and\s+funding)[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


# A news page ends with its other stories' headlines, under no heading: a run of title-case
# lines with no full stop after the story, none of them about the study's subject.
_STUDY_SUBJECT = re.compile(
    r"spinal|\bcord\b|stem\s+cell|stromal|mesenchymal|exosome|vesicle|\bSCI\b|\bMSCs?\b|"
    r"parapleg|tetrapleg|quadripleg|paraly",
    re.IGNORECASE,
)
_HEADLINES_MIN = 3


def _headline_kind(line: str) -> int:
    """2 for a title-case headline, 1 for another short line with no full stop, else 0."""
    words = line.split()
    if not 3 <= len(words) <= 25 or line.rstrip()[-1] in ".:;,|" or _STUDY_SUBJECT.search(line):
        return 0
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    return 2 if capitalised * 2 >= len(words) else 1


def _trailing_headlines(text: str) -> int | None:
    """Where a closing run of other stories' headlines starts, if the page ends with one."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    index = len(lines) - 1
    if index >= 0 and len(lines[index].split()) < 4:
        index -= 1  # the page may stop inside its last headline
    headlines = 0
    while index >= 0:
        if lines[index].strip():  # blank lines may stand between the headlines
            kind = _headline_kind(lines[index])
            if not kind:
                break
            headlines += kind == 2
        index -= 1
    story_before = index >= 0 and lines[index].rstrip().endswith(".")
    return offsets[index + 1] if headlines >= _HEADLINES_MIN and story_before else None


# Markdown's marks around a page's words ("**Status:** COMPLETED", "# Title"): read as blanks
_MARKUP = re.compile(r"\*\*|^[ \t]*#{1,6}(?=[ \t])", re.M)


def without_markup(text: str) -> str:
    """The text with Markdown emphasis and heading marks blanked (same length and offsets)."""
    if "**" not in text and "#" not in text:
        return text
    return _MARKUP.sub(lambda match: " " * len(match.group(0)), text)


@lru_cache(maxsize=4)
def without_other_works(text: str) -> str:
    """The text with lists of other works blanked out: same length, so every offset holds."""
    headlines = _trailing_headlines(text)
    if headlines is not None:
        text = text[:headlines] + re.sub(r"[^\n]", " ", text[headlines:])
    if not _OTHER_WORKS_HEAD.search(text):  # most documents have no such list
        return text
    pieces = []
    position = 0
    for head in _OTHER_WORKS_HEAD.finditer(text):
        if head.start() < position:
            continue  # inside a list already blanked
        own = _OWN_SECTION_HEAD.search(text, head.end())
        end = own.start() if own else len(text)
        # the heading stays: it names no work, and says the page is a full article
        pieces += [text[position : head.end()], re.sub(r"[^\n]", " ", text[head.end() : end])]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def unwrapped(text: str) -> str:
    """The text with wrapped line breaks made spaces: same length, so every offset holds."""

    def join(match: re.Match[str]) -> str:
        line_start = text.rfind("\n", 0, match.start()) + 1
        length = match.start() - line_start
        field = length < FIELD_MAX_LINE and _FIELD_LINE.match(text, line_start)
        wrapped = length >= WRAP_MIN_LINE and not field
        return " " * len(match.group(0)) if wrapped else match.group(0)

    return _WRAPPED.sub(join, text)


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding white space and trailing punctuation."""
    while start < end and text[start] in " \t\r\n|":
        start += 1
    while end > start and text[end - 1] in " \t\r\n|,;:.":
        end -= 1
    return start, end


class TextView:
    """A document's text split into sentences, with the eligibility zones marked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.flow = unwrapped(text)  # where sentences end; same offsets as `text`
        self.sentences = list(self._split())
        self._starts = [s.start for s in self.sentences]
        self.memo: dict[tuple, object] = {}  # per-document results the reader asks for often

    def _pieces(self):
        """Sentence spans; a run-on "sentence" is cut at white space every MAX_SENTENCE chars."""
        for match in _SENTENCE.finditer(self.flow):
            start, end = match.span()
            while end - start > MAX_SENTENCE:
                cut = self.text.rfind(" ", start + 1, start + MAX_SENTENCE)
                cut = start + MAX_SENTENCE if cut <= start else cut
                yield start, cut
                start = cut
            yield start, end

    def _split(self):
        animals = False  # under a heading about an animal model, up to the next study heading
        next_study = False  # in a paragraph a review page gives to another study
        zone: str | None = None
        criteria_lines = 0
        finder = False  # the zone is a trial finder's list of fields
        topics_line = -1  # start of the line that is a keyword list, if in one
        topic_list = False  # inside the list under a "Keywords" heading
        topics_follow = False  # the line just under such a heading: "Category\nCell Therapy, ..."
        for raw_start, raw_end in self._pieces():
            start, end = clean_span(self.text, raw_start, raw_end)
            if end <= start:
                continue
            chunk = self.text[start:end]
            line_start = self.text.rfind("\n", 0, start) + 1
            at_line_start = not self.text[line_start:start].strip()
            if at_line_start:
                next_study = bool(_NEXT_STUDY.match(chunk))
                # the whole line: "1. Age 30 to 75 years" splits into "1" and the item
                line_end = self.text.find("\n", start)
                line = self.text[line_start : line_end if line_end >= 0 else None]
                item = _LIST_ITEM.match(line)
                if head := _ELIGIBILITY_HEAD.match(chunk):
                    zone = "exclusion" if re.search(r"exclu", head.group(0), re.I) else "inclusion"
                    criteria_lines = 0
                    finder = bool(head.group("finder"))
                elif zone and finder:
                    criteria_lines += 1
                    if _FINDER_SECTION.match(line) or criteria_lines > _FINDER_LINES:
                        zone = None
                elif zone and line.rstrip().endswith(":"):
                    zone = None  # the next section's heading, numbered or not: "5) Intervention:"
                elif zone and not item:
                    # criteria a registry copy prints as plain lines, each ending in a full stop,
                    # up to the next heading (a line with no stop)
                    criteria_lines += 1
                    # the text's last line may be cut short ("... contraindication to MR")
                    stops = line.rstrip().endswith((".", ";")) or line_end < 0
                    if not stops or criteria_lines > _CRITERIA_LINES:
                        zone = None
                # a heading has no stop (it may wrap over lines)
                raw = self.text[raw_start:raw_end].rstrip()
                if _HEADING_LINE.fullmatch(chunk.strip()) and not raw.endswith((".", "!", "?")):
                    if ANIMAL_WORD.search(chunk):
                        animals = True
                    elif _HUMAN_SECTION.search(chunk):
                        animals = False
                if _TOPIC_HEAD.match(chunk):
                    topic_list = True
                    topics_follow = True  # the first line under the heading, item or not
                elif topic_list and not item and not topics_follow:
                    topic_list = False
                else:
                    topics_follow = False
                if _TOPIC_LINE.match(chunk) or topic_list:
                    topics_line = line_start
            # "40 patients who met the inclusion and exclusion criteria were randomized": a fact
            inline = (
                None if zone or _ENROLLED_SAID.search(chunk) else _INLINE_CRITERIA.search(chunk)
            )
            if inline:
                inline_zone = (
                    "exclusion" if inline.group("kind").lower() == "exclusion" else "inclusion"
                )
            yield Sentence(
                start,
                end,
                chunk,
                eligibility=zone or (inline_zone if inline else None),
                other_study=animals or next_study or bool(_OTHER_STUDY.search(chunk)),
                topics=line_start == topics_line,
            )

    def factual(self) -> list[Sentence]:
        """Sentences that state facts of this study (no eligibility lists, no future plans)."""
        return [s for s in self.sentences if not (s.eligibility or s.other_study or s.topics)]

    def describing_population(self) -> list[Sentence]:
        """Factual sentences and inclusion criteria (who the study is about)."""
        return [
            s
            for s in self.sentences
            if s.eligibility != "exclusion" and not (s.other_study or s.topics)
        ]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding a character offset."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None


@lru_cache(maxsize=4)
def text_view(text: str) -> TextView:
    """The view of a text, made once for the reader's steps that each need it."""
    return TextView(text)


class Span(NamedTuple):
    """Where a value was read: `text == document[start:end]`."""

    start: int
    end: int
    text: str

    def as_evidence(self) -> dict[str, object]:
        """The record's evidence entry for this span."""
        return {"start": self.start, "end": self.end, "text": self.text, "method": "extracted"}


@dataclass
class Evidence:
    """Record pointer -> span of the document it was read from."""

    text: str
    spans: dict[str, Span] = field(default_factory=dict)

    def add(self, pointer: str, start: int, end: int) -> None:
        """Keep the first span found for a pointer."""
        if pointer in self.spans or end <= start:
            return
        self.spans[pointer] = Span(start, end, self.text[start:end])
