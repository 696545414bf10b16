"""Identifiers, title, year and the kind of document."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.text import text_view

__all__ = [
    "Found",
    "document_kind",
    "find_doi",
    "find_pmid",
    "find_registry_ids",
    "find_title",
    "find_year",
    "is_review",
]


@dataclass(frozen=True)
class Found:
    """A value read from the text and the span it was read from."""

    value: object
    start: int
    end: int


_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>|]+")
# (PubMed's MEDLINE export tags it "PMID- 35835295")
_PMID = re.compile(r"\bPMID\s*[:-]?\s*(\d{5,9})\b")
# registry identifiers as the registries print them
_REGISTRIES = re.compile(
    r"\b(?:NCT\d{8}|ChiCTR[-‐]?(?:[A-Z]{2,4}[-‐]?)?\d{6,12}|JMA[-‐]IIA\d{5}|KCT\d{7}"
    r"|ISRCTN\d{8}|IRCT\d{8,14}N\d{1,3}|UMIN\d{9}|ACTRN\d{14}|CTRI/\d{4}/\d{2,3}/\d{6}|jRCT[a-z]?\d{9,10}"
    r"|DRKS\d{8}|NTR\d{3,5}|\d{4}-\d{6}-\d{2}(?!\d))",
    re.IGNORECASE,
)
# the WHO registry platform's form of a EudraCT number, with the country of the record
_EUCTR = re.compile(r"(?<=EUCTR)\d{4}-\d{6}-\d{2}(?!\d)", re.IGNORECASE)
_EUDRACT_CONTEXT = re.compile(r"EudraCT", re.IGNORECASE)


def find_doi(text: str) -> Found | None:
    """The first DOI, without trailing punctuation or a URL prefix."""
    for match in _DOI.finditer(text):
        value = match.group(0).rstrip(".,;:)]}'")
        # a page's link text run into it: "10.1016/j.mayocp.2019.10.008Get rights and content"
        value = re.sub(r"(?<=\d)[A-Z][a-z]{2,}$", "", value)
        if value.count("(") < value.count(")"):
            value = value.rstrip(")")
        return Found(value, match.start(), match.start() + len(value))
    return None


def find_pmid(text: str) -> Found | None:
    """`PMID: 33234401` -> 33234401; never another work's, cited in passing ("e.g., PMID: ...")."""
    for match in _PMID.finditer(text):
        if not _CITED_BEFORE.search(text, max(0, match.start() - 12), match.start()):
            return Found(match.group(1), match.start(1), match.end(1))
    return None


_CITED_BEFORE = re.compile(r"(?:\be\.g\.|\bsee|\bcf\.|\bi\.e\.)[,:]?\s*(?:also\s+)?$", re.I)


def find_registry_ids(text: str) -> list[Found]:
    """Every trial-registry identifier, in order, each once (normalised to upper case)."""
    found: list[Found] = []
    seen: set[str] = set()
    matches = list(_REGISTRIES.finditer(text))
    if "EUCTR" in text or "euctr" in text:
        matches = sorted([*matches, *_EUCTR.finditer(text)], key=lambda m: m.start())
    for match in matches:
        raw = match.group(0)
        if re.fullmatch(r"\d{4}-\d{6}-\d{2}", raw):
            before = text[max(0, match.start() - 40) : match.start()]
            if not _EUDRACT_CONTEXT.search(before) and not before.upper().endswith("EUCTR"):
                continue  # a EudraCT number only where the text says it is one
            value = raw
        else:
            value = raw.upper().replace("‐", "-")
            if value.startswith("CHICTR"):
                value = "ChiCTR" + value[6:]
            elif value.startswith("JRCT"):  # jRCT2013230003, jRCTs031180000, jRCTb051200014
                value = "jRCT" + value[4:].lower()
        if _ANOTHER_TRIAL_BEFORE.search(text, max(0, match.start() - 200), match.start()):
            continue
        if value not in seen:
            seen.add(value)
            found.append(Found(value, match.start(), match.end()))
    return found


# the number of the trial that follows this one: "we are now conducting an additional larger
# and controlled phase II clinical trial focusing on infants at 23 to 24 GW (NCT03392467)"
_ANOTHER_TRIAL_BEFORE = re.compile(
    r"\b(?:an?\s+|the\s+)(?:additional|further|subsequent|follow-up|next|another|second)\b"
    r"[^.;()]{0,120}?\b(?:trial|study)\b[^.;()]{0,80}?\(\s*$",
    re.I,
)


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# (words one of which the text must hold, or None; the pattern): a guard spares a scan
_YEAR_PATTERNS: tuple[tuple[tuple[str, ...] | None, re.Pattern[str]], ...] = (
    # "Published: March 6, 2024", "Published online 2021"; on a page a link may run into it
    # ("Open AccessPublished:January 06, 2017")
    # a news page's "PUBLISHED: 18:06 EST, 22 September 2014": a clock time may come first
    (
        ("ublish", "ublication", "Epub", "UBLISHED", "Posted"),
        re.compile(
            rf"(?:\b|(?<=[a-z]))(?:(?:First )?(?:[Pp]ublished|PUBLISHED)(?:\s+[Dd]ate)?(?:\s+online)?(?:\s+on)?|(?<!First )(?<!Update )(?<!Results )(?<!Record )Posted(?=\s*:)|Publication [Dd]ate|Publication [Yy]ear|Epub)"
            # "Published: March 2021", "Published - 2024 Oct", a table's "Published | 2024"
            r"\s*[:|-]?\s*"
            r"(?:\d{1,2}:\d{2}\s*(?:[AP]M\s*)?(?:[A-Z]{2,4}\s*)?,?\s*)?"
            # "Posted: Monday, June 18, 2018"
            rf"(?:{_WEEKDAY},?\s+)?"
            # "Published: 28 August, 2018"
            rf"(?:{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?|\d{{1,2}}[\s-]{_MONTH},?[\s-])?((?:19|20)\d\d)(?!\d)"
        ),
    ),
    # PubMed's MEDLINE export: "DP  - 2022 Oct"
    (("DP",), re.compile(r"(?:^|\s)DP\s+-\s+((?:19|20)\d\d)\b", re.M)),
    # PubMed citation line: "Cytotherapy. 2021 Jan;23(1):57-64."
    ((";",), re.compile(rf"\.\s((?:19|20)\d\d)(?:\s+{_MONTH}(?:\s+\d{{1,2}})?)?;\s*\d")),
    # "Nature Communications, 2024 · DOI"
    (("doi", "DOI"), re.compile(r",\s((?:19|20)\d\d)\s*[·|]\s*(?:DOI|doi)")),
    # "J Regen Med. 2011." at the start of a citation line
    (
        None,
        re.compile(
            r"^[A-Z][\w&.,' -]{1,80}?\.\s((?:19|20)\d\d)\b(?=[.;:]|\s+(?:[A-Z][a-z]{2}\b|\d))", re.M
        ),
    ),
    # a library record's citation, the year after the pages: "J Med Virol; 96(6): e29757, 2024 Jun."
    (
        (";",),
        re.compile(
            r"(?:^|[\w.])[ \t]*;[ \t]*\d+[ \t]*(?:\(\d+\))?[ \t]*:[ \t]*[A-Za-z]?\d+(?:-[A-Za-z]?\d+)?,"
            r"[ \t]*((?:19|20)\d\d)\b",
            re.M,
        ),
    ),
    # "J Neurotrauma 2019;36(6):...", "Stem Cells Transl Med 2019;8:504-511"
    ((";",), re.compile(r"\s((?:19|20)\d\d)\s*;\s*\d+\s*(?:\(\d+\)|:\s*[A-Za-z]?\d+)")),
    # a newspaper's dateline, on a line of its own: "The Hindu, January 11, 2008"
    (
        None,
        _NEWSPAPER_DATELINE := re.compile(
            # "From the San Jose Mercury News, September 21, 2011:" above a quoted story
            rf"^[ \t]*(?:From\s+(?:the\s+)?)?[A-Z][\w .&'-]{{1,40}},\s+{_MONTH}\s+\d{{1,2}},\s+"
            r"((?:19|20)\d\d):?[ \t]*$",
            re.M,
        ),
    ),
    # a press release's dateline: "NEWARK, Calif., June 4, 2015 (GLOBE NEWSWIRE) --"
    (
        None,
        re.compile(
            rf"^[ \t]*[A-Z][A-Z .'-]{{2,30}},\s+(?:[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?,\s+)?{_MONTH}\s+"
            r"\d{1,2},\s+((?:19|20)\d\d)\s*(?:\(|/|--|–|—)",
            re.M,
        ),
    ),
    # a news agency's dateline led by the weekday: "FRIDAY, Dec. 27, 2024 (HealthDay News)"
    (
        None,
        _WEEKDAY_DATELINE := re.compile(
            rf"^[ \t]*{_WEEKDAY},\s+{_MONTH}\s+\d{{1,2}},\s+"
            r"((?:19|20)\d\d)\b",
            re.M | re.I,
        ),
    ),
    # a news page's stamp of date and time on a line of its own: "January 21, 2013 8:00 AM UTC"
    (
        (":",),
        _STAMP_DATELINE := re.compile(
            rf"^[ \t]*{_MONTH}\s+\d{{1,2}},?\s+((?:19|20)\d\d)\s+\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?"
            r"(?:\s+[A-Z]{2,4})?[ \t]*$",
            re.M,
        ),
    ),
    # a catalogue's citation: "Spinal Cord Series and Cases, Vol 15, Iss 1, Pp 1-9 (2024)"
    (
        ("Iss",),
        re.compile(
            r"\bVol\.?\s*\d+\s*,\s*Iss\.?\s*\d+\s*,\s*Pp?\.?\s*[\w-]+\s*\(((?:19|20)\d\d)\)"
        ),
    ),
    # a journal's header: "Vol.6 No.9(2013), Article ID:37094"
    (("Vol",), re.compile(r"\bVol\.?\s*\d+\s*,?\s*No\.?\s*\d+\s*\(((?:19|20)\d\d)\)")),
    # a journal that numbers its volumes by year: "Volume 2016, Article ID 9165267, 7 pages"
    (("Article ID",), re.compile(r"\bVolume\s+((?:19|20)\d\d)\s*,\s*Article\s+ID\b")),
    # "Received 8 July 2013; revised ...; accepted 26 August 2013"
    (
        ("ccepted",),
        re.compile(
            rf"\b[Aa]ccepted(?:\s+for\s+publication)?\s*:?\s*"
            rf"(?:{_MONTH}\s+\d{{1,2}},?\s+|\d{{1,2}}\s+{_MONTH}\s+)((?:19|20)\d\d)\b"
        ),
    ),
    # "Published in: Regenerative medicine (2023)"
    (("Published in",), re.compile(r"\bPublished in\s*:[^\n]{0,100}?\(((?:19|20)\d\d)\)")),
    # "Journal of Brain and Spine ›› 2026, Vol. 1 ›› Issue (1)", "Spinal Cord, 2019, Vol. 57"
    (("Vol",), re.compile(r"(?:,|››|»)\s*((?:19|20)\d\d)\s*,\s*Vol(?:ume|\.)?\s*\d")),
    # a journal header with the year first: "2021, Vol. 9 Issue (2)", "2016 Volume 25 Issue 12"
    (
        ("Vol",),
        re.compile(
            r"(?<!\d)((?:19|20)\d\d)\s*,?\s*Vol(?:ume|\.)?\s*\d+\s*,?\s*(?:Issue|No\.?)\s*\(?\d"
        ),
    ),
    # a numeric date under its label: "Publication Date\n6-23-2023"
    (
        ("Publication", "Published"),
        re.compile(
            r"\b(?:Publication [Dd]ate|Published)[ \t]*:?[ \t]*\n?(?:[ \t]*\n)?[ \t]*"
            r"\d{1,2}[-/.]\d{1,2}[-/.]((?:19|20)\d\d)\b"
        ),
    ),
    # an article-numbered journal's line: "volume 14, Article number: 174 (2023)"
    (
        ("Article number",),
        re.compile(r"\bArticle number\s*:?\s*[\w.-]+\s*\(((?:19|20)\d\d)\)"),
    ),
    # a journal citation: "Bone Marrow Transplantation (2009) 43, 447–454"
    (("(",), re.compile(r"\(((?:19|20)\d\d)\)\s*\d+\s*(?:\(\d+\)\s*)?[,:]\s*\d+\s*[-–]\s*\d+")),
    # a journal's running head: "Cell Transplantation, Vol. 22, pp. 1591–1612, 2013"
    (
        ("Vol",),
        re.compile(
            r"\bVol(?:ume|\.)?\s*\d+\s*,\s*(?:No\.?\s*\d+\s*,\s*)?pp?\.\s*\d+\s*[-–]\s*\d+\s*,\s*"
            r"((?:19|20)\d\d)\b"
        ),
    ),
    # a journal page: "Volume 95, Issue 2, February 2020, Pages 406-414"
    (
        ("Volume",),
        re.compile(
            rf"\bVolume\s*:?\s*\d+,?\s*Issue\s*:?\s*\d+,?\s*(?:{_MONTH}\s+)?((?:19|20)\d\d)\b"
        ),
    ),
    # a search engine's citation line: "J Hu, G Zhao - Experimental and ..., 2016 - spandidos.com"
    (
        (" - ",),
        re.compile(r",\s*((?:19|20)\d\d)\s*-\s*[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu)\b"),
    ),
    # a citation line of fields joined by middle dots: "PMC · DOI: 10.1371/x · PLOS One ·
    # 2026-02-27", "A. Giori, ... · CellR4 · 2015", "Urology Reports · 2021-05-04"
    (
        ("·",),
        re.compile(
            r"^[^\n]*?\S[ \t]+·[ \t]+(?:[^\n]*?·[ \t]+)?((?:19|20)\d\d)(?:-\d\d-\d\d)?[ \t]*$",
            re.M,
        ),
    ),
    # a journal page's header: "Year : 2019  |  Volume : 8  |  Issue : 3"
    (
        ("Year",),
        re.compile(r"^[ \t]*Year\s*:\s*((?:19|20)\d\d)\s*\|\s*Volume\b", re.M),
    ),
    # a journal citation after "Source:": "Source: Stem Cells Dev. May 2014, 23(20): 2482-2489"
    (
        ("Source",),
        re.compile(
            rf"\bSource\s*:\s*[^\n]{{1,80}}?\.\s+(?:{_MONTH}\s+)?((?:19|20)\d\d)\s*[,;]\s*\d+\s*\("
        ),
    ),
    # "Date of report : 2017-03-01", "Date of publication: 2019"
    (
        ("Date of",),
        re.compile(r"\bDate\s+of\s+(?:report|publication)\s*:\s*((?:19|20)\d\d)\b", re.I),
    ),
    # a news page's date on a line of its own under its byline: "By Samantha Jones\n\nApr 3, 2024"
    (
        ("By",),
        re.compile(
            rf"^[ \t]*By\s*[A-Z][\w .'-]{{1,40}}\n(?:[ \t]*\n)?[ \t]*{_MONTH}\s+\d{{1,2}},\s+"
            r"((?:19|20)\d\d)[ \t]*$",
            re.M,
        ),
    ),
)


# a journal's copyright line, read only when no publication line gives the year: "© 2015 by the
# American Diabetes Association", "(C) 2019 Elsevier B.V."; a site's footer ("© 2025 Clinic
# Name") is no publication date
_COPYRIGHT = re.compile(
    r"(?:©|\(C\)|Copyright\s*©?)\s*((?:19|20)\d\d)\b,?\s+(?:by\s+)?(?:the\s+)?"
    r"(?:[\w.&-]+\s+){0,5}?(?:Authors?\b|Author\(s\)|Elsevier|Wiley|Springer|Karger|"
    r"SAGE|Taylor|Wolters|Lippincott|Thieme|Liebert|MDPI|Frontiers|Spandidos|BMJ|"
    r"Oxford\s+University\s+Press|AlphaMed|Association|Society|Academy|College|Federation)",
    re.I,
)


_DATELINES = (_NEWSPAPER_DATELINE, _WEEKDAY_DATELINE, _STAMP_DATELINE)


# an entry of a numbered reference list: "1. Le Blanc K, Gotherstrom C, ... Transplantation.
# 2005;79(11):1607-14." cites another paper
_REFERENCE_ENTRY = re.compile(
    r"[ \t]*\[?\d{1,3}[.)\]][ \t]+(?:[A-Z][\w'’-]+[ \t]+){1,3}[A-Z]{1,3}[,.]"
)


# "A Correction to this article was published on 12 May 2018", "A Commentary to this article
# was published on ...": a notice or another paper, not this paper's date
_NOTICE = re.compile(r"\b(?:correction|erratum|corrigendum|retraction|commentary)\b", re.I)


# a criterion's source: "(according to the criteria defined by the international autoimmune
# hepatitis Group ,Hepatology, 2008;48:169-176)"
_CRITERIA_SOURCE = re.compile(r"\b(?:according\s+to|criteria|defined\s+by|classification)\b", re.I)


def _cites_other(line: str) -> bool:
    """Whether a line dates another publication: a reference entry or a correction notice."""
    return bool(
        _REFERENCE_ENTRY.match(line) or _NOTICE.search(line) or _CRITERIA_SOURCE.search(line)
    )


def _line_of(text: str, match: re.Match[str]) -> str:
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.start())
    return text[start : end if end >= 0 else len(text)]


# a page's date on a line of its own at the top: "08-Sep-2023", "8 September 2023", "Sep 8, 2023",
# "Friday, 06 June, 2008", "03/02/2026", "2019/03/08"
_TOP_DATE_LINE = re.compile(
    rf"[ \t]*(?:{_WEEKDAY},?\s+)?"
    rf"(?:(?:\d{{1,2}}[ -]{_MONTH},?[ -]|{_MONTH}\s+\d{{1,2}},?\s+|\d{{1,2}}[/.]\d{{1,2}}[/.])"
    r"((?:19|20)\d\d)|((?:19|20)\d\d)[/.-]\d{1,2}[/.-]\d{1,2})[ \t]*"
)
# the label of a registry's date above its value: "First Posted" / "May 15, 2015"
_DATE_LABEL = re.compile(
    r"date|posted|updated?|registered|submitted|start|completion|received", re.I
)


def _top_date(text: str) -> Found | None:
    """The year of a date line among a page's first eight lines, unless a label stands above it."""
    offset = 0
    previous = ""
    for line in text.split("\n", 8)[:8]:
        match = _TOP_DATE_LINE.fullmatch(line)
        if match and not _DATE_LABEL.search(previous):
            group = 1 if match.group(1) else 2  # "2019/03/08": the year first
            return Found(
                int(match.group(group)), offset + match.start(group), offset + match.end(group)
            )
        offset += len(line) + 1
        previous = line if line.strip() else previous
    return None


def find_year(text: str) -> Found | None:
    """The publication year from a citation or publication line, never from other dates.

    The first such line decides, but a page's date widget at the top ("Thursday, April 2,
    2020") gives way to a "Published:" line anywhere.
    """
    best: Found | None = None
    best_is_dateline = False
    labelled: Found | None = None
    for index, (guard, pattern) in enumerate(_YEAR_PATTERNS):
        if guard is not None and not any(word in text for word in guard):
            continue
        match = next(
            (m for m in pattern.finditer(text) if not _cites_other(_line_of(text, m))),
            None,
        )
        if not match:
            continue
        found = Found(int(match.group(1)), match.start(1), match.end(1))
        if index == 0:
            labelled = found
        if best is None or found.start < best.start:
            best, best_is_dateline = found, pattern in _DATELINES
    if best is not None and best_is_dateline and labelled is not None:
        return labelled
    if best is None and (top := _top_date(text)):
        return top
    if best is None and (match := _COPYRIGHT.search(text)):
        return Found(int(match.group(1)), match.start(1), match.end(1))
    if best is None and (match := _THIS_YEARS_STUDY.search(text)):
        return Found(int(match.group(1)), match.start(1), match.end(1))
    return best


# a lay page's own words for when the study it tells of came out: "This 2008 study followed 8
# patients"
_THIS_YEARS_STUDY = re.compile(r"\bThis\s+((?:19|20)\d\d)\s+(?:study|trial|paper|report)\b")


# matched against the lower-cased text: case-insensitive alternations are slow in `re`
_REGISTRY_MARKERS = re.compile(
    r"clinicaltrials\.gov identifier|study type[ \t]*(?::|\n)|recruitment status|estimated enrollment|"
    r"actual enrollment|expected total enrollment|intervention model|primary outcome measure|eligibility criteria|"
    r"inclusion criteria|registration number|date of registration|public title|scientific title|"
    # the same fields as copies of registry records on other sites name them
    r"target enrollment|target recruitment|trial end date|participant gender|expanded access status|"
    r"primary completion date|study start date|study completion date|overall status|"
    r"primary purpose|status and phase|funder types?[ \t]*\n|detailed description|"
    r"brief summary|time frame|"
    # the WHO trial registration data set, as the registries of its platform print it
    r"target sample size|date of first enrol?lment|nct number|"
    # ClinicalTrials.gov's design labels, each on a line of its own
    r"allocation[ \t]*\n|masking[ \t]*\n|"
    # the EU Clinical Trials Register
    r"eudract number|global end of trial date|sponsor protocol code|"
    # the Iranian registry's English page, its headings each on a line of its own
    r"(?m:^[ \t]*(?:study aim|settings and conduct|intervention groups|main outcome variables)[ \t]*$)"
)
# a page's own heading that says what it is, on a line of its own
_SUMMARY_HEADING = re.compile(
    r"^[ \t]*(?:lay|plain[- ]language|patient)\s+summary[ \t]*:?[ \t]*$", re.I | re.M
)
# an abstract's page without the heading: its keywords under a journal citation or a DOI
_KEYWORDS_LINE = re.compile(r"^[ \t]*Key ?words\s*:", re.I | re.M)
_CITATION = re.compile(
    r"\b(?:19|20)\d\d(?:\s+[A-Z][a-z]{2})?\s*;\s*\d+\s*(?:\([\w-]+\))?\s*:\s*[A-Za-z]?\d|\bdoi\s*:\s*10\.",
    re.I,
)
# PubMed's MEDLINE export: its abstract field "AB  - ..." under "PMID- 35835295"
_MEDLINE_ABSTRACT = re.compile(r"(?:^|\s)(AB)\s+-\s")
_PMID_TAG = re.compile(r"(?:^|\s)PMID\s*-\s*\d")
_SUMMARY_MARKERS = re.compile(
    r"simple explanation|plain[- ]language summary|lay summary|key findings|in a nutshell|"
    r"research summary|practical implications|was this summary helpful"
)
# a structured abstract's labels: "Methods:", or a heading on a line of its own ("Methods")
_ABSTRACT_MARKERS = re.compile(
    r"(?:^|[.!?] )[ \t]*(?:Background|Objectives?|Aims?|Background aims|Introduction|Methods?|"
    r"Results?|Conclusions?|Purpose|Study design|Design)[ \t]*:"
    r"|^[ \t]*(?:Background|Objectives?|Methods?|Results?|Conclusions?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


# "Abstract" on a line of its own, or run into the first sentence ("Abstract High-level ...")
_ABSTRACT_HEADING = re.compile(
    # (a Chinese site's copy heads it "摘要")
    r"^[ \t\u00a0]*([Aa]bstract|ABSTRACT|摘要)(?:[ \t\u00a0]*[:：]?[ \t\u00a0]*$|[ \t\u00a0]+(?=[A-Z][a-z]))",
    re.M,
)
# the sections of a whole article, each a heading line of its own
_FULL_TEXT_SECTIONS = re.compile(
    r"^[ \t]*(?:\d+\.?[ \t]+)?(Introduction|Discussion|References)[ \t]*$", re.I | re.M
)


def document_kind(text: str) -> Found:
    """registry-record, summary, abstract or other, with the marker that decided it."""
    lower = text[:50_000].lower()
    registry = list(_REGISTRY_MARKERS.finditer(lower))
    summary = list(_SUMMARY_MARKERS.finditer(lower))
    abstract = list(_ABSTRACT_MARKERS.finditer(text, 0, 50_000))
    if len({m.group(0) for m in registry}) >= 2:  # two field names, not one written twice
        return Found("registry-record", registry[0].start(), registry[0].end())
    sections = {m.group(1).lower(): m for m in _FULL_TEXT_SECTIONS.finditer(text)}
    if {"introduction", "discussion", "references"} <= set(sections):
        match = sections["references"]
        return Found("full-text", match.start(1), match.end(1))
    if len(summary) >= 2:
        return Found("summary", summary[0].start(), summary[0].end())
    if said := _SUMMARY_HEADING.search(text, 0, 50_000):
        return Found("summary", said.start(), said.end())
    if len({m.group(0).strip(" \t\n.!?:").lower() for m in abstract}) >= 2:
        match = abstract[0]
        body = match.group(0)
        lead = len(body) - len(body.lstrip(".!? \t\n"))
        start = match.start() + lead
        return Found("abstract", start, match.end())
    heading = _ABSTRACT_HEADING.search(text, 0, 50_000)  # an unstructured abstract's page
    if heading:
        return Found("abstract", heading.start(1), heading.end(1))
    if (tag := _MEDLINE_ABSTRACT.search(text, 0, 50_000)) and _PMID_TAG.search(text, 0, 2_000):
        return Found("abstract", tag.start(1), tag.end(1))
    keywords = _KEYWORDS_LINE.search(text, 0, 50_000)
    if keywords and _CITATION.search(text, 0, keywords.start()):
        return Found("abstract", keywords.start(), keywords.end())
    return Found("other", 0, 0)


# at the start of a word ("System" has no stem cells), but "hMSCs" names MSCs
_TITLE_WORDS = re.compile(
    r"(?<![a-z])(?:spinal|cord|stem|stromal|cell|exosome|vesicle|trial|study|injur|transplant|"
    r"therapy|therapeutic|treatment|patient|safety|efficacy|intrathecal|intravenous|mesenchymal|"
    r"secretome|injection|adipose|"
    r"infusion|marrow|concentrate)|MSC"
    r"|(?-i:\bT?SCI\b)",
    re.IGNORECASE,
)
# a registry copy's fields, each label over its value ("Enrollment" over "40", "Masking" over
# "NONE"): the lines after them are values too (interventions, outcomes), titled only by a label
_FIELD_AND_VALUE = re.compile(
    r"^[ \t]*[A-Z][a-z]+(?:[ \t]+[A-Za-z]+){0,2}[ \t]*\n[ \t]*(?:\d[\d,]*|[A-Z][A-Z_]+)[ \t]*$",
    re.M,
)
# A line ending in a full stop is a sentence of prose, not a title, when it opens like one
# ("This work evaluates", "Introduction: The ...", "Get a snapshot") or has a finite verb.
_PROSE = re.compile(
    r"^(?:this|these|we|our|here|in\s+this|it|there|get|see|click|explore|review|read|check)\b"
    r"|^(?:introduction|background|objectives?|aims?|purpose|context|methods?|results?|"
    r"conclusions?|summary)\s*:"
    r"|\b(?:is|are|was|were|has|have|had|can|could|may|might|will|would|should|remains?|"
    r"showed|shows|leads?|causes?|affects?|evaluates|describes|reports|investigates|presents|"
    r"explores|demonstrates|suggests|provides|includes|aims|led|according|"
    # a lay or news sentence: "The team plans to ...", "The group hopes to ..."
    r"plans|hopes|intends|expects|believes|wants|seeks|say|says|said|told|began|started|received|"
    # a company described: "A biopharmaceutical company, X develops ..."
    r"underwent|develops|announced|announces|offers|produces|manufactures|proved|appeared|"
    r"seemed)\b"
    # a finding told: "Studies in rats demonstrated that the cells ..."
    r"|\b(?:demonstrated|revealed|indicated|suggested|found|reported|concluded|noted|observed|"
    r"confirmed|proved)\s+that\b",
    re.I,
)
# a keyword line that has lost its "Keywords:" label: "chronic spinal cord injury, olfactory
# ensheathing cell transplantation, safety, efficacy"; a title joins its words with of, for, in
# an aim in running words, with or without its full stop: "To determine the safety of ..."
# (a registry title writes its words in capitals: "To Study the Safety and Efficacy of ...")
_AIM_LINE = re.compile(
    r"^[Tt]o\s+(?:determine|assess|evaluate|investigate|examine|compare|test|explore|study)\b"
)
_TOPIC_LIST = re.compile(
    r"^(?:[\w'’/-]+(?: [\w'’/-]+){0,4}, ){2,}(?:and )?[\w'’/-]+(?: [\w'’/-]+){0,4}$"
)
_JOINING_WORD = re.compile(
    r"\b(?:of|for|in|with|on|after|by|to|from|versus|vs|using|via|into|among)\b", re.I
)
# a full stop between sentences (not the dot of "vs." or "et al."), a quote may follow it
_SENTENCE_BREAK = re.compile(
    r"[.!?](?<!\bvs\.)(?<!\bVs\.)(?<!\bv\.)(?<!\bal\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bDr\.)"
    r"[\"”’]?\s+[\"“‘(]?[A-Z]"
)
_TRAILING_ACRONYM = re.compile(r"\.\s*\([A-Z][A-Za-z0-9-]{1,15}\)\s*$")
_TITLE_LABEL = re.compile(
    # "Public title: ...", and a registry's "Scientific Title X" with no colon
    r"(?:(?:public|scientific|official|brief)\s+)?title\s*:\s*(?:\|\s*)?"
    r"|(?:public|scientific|official|brief)\s+title\s+(?=[A-Z])",
    re.I,
)
_NOT_TITLE = re.compile(
    # a journal's logo link: "Stem Cells Transl Med logoLink to Stem Cells Transl Med"
    r"^[^\n]*\blogoLink\b|"
    r"^\s*(?:\d+\.\s|[-•*]|©|home\b|about\b|contact\b|subscribe\b|menu\b|skip to\b|search\b|"
    r"(?:inclusion|exclusion|eligibility)\s+criteria\b|"
    r"(?:next|previous)\s+article\b|"
    r"log ?in\b|sign ?in\b|back to\b|share\b|cite\b|"
    # the labelled lines around an article's text
    r"(?:key\s*words?|index terms|mesh terms|abbreviations|funding|correspondence|citation|"
    r"copyright|received|accepted|published|trial registration)\s*[:.])",
    re.IGNORECASE,
)


# an abstract's first heading: a title stands above it
_BODY_BEGINS = re.compile(
    r"(?:Abstract|ABSTRACT|Background|BACKGROUND|Introduction|INTRODUCTION)[ \t]*:?[ \t]*$"
)


# the document says it is a review of other studies, not the report of one
_REVIEW_LINE = re.compile(
    r"^[ \t]*(?:(?:narrative|systematic|scoping|mini[- ]?)?review(?:\s+article)?|"
    r"systematic review and meta-analysis|meta-analysis)[ \t]*$",
    re.I | re.M,
)
_REVIEW_SELF = re.compile(
    r"\b(?:this|the present|our)\s+(?:(?:narrative|systematic|scoping|mini-?)\s*)?"
    r"(?:review|chapter|meta-analysis)\b|\b(?:a|this)\s+(?:systematic|narrative|scoping)\s+review\b|"
    r"\bmeta-analysis\b",
    re.I,
)


def is_review(text: str, title: Found | None) -> bool:
    """Whether the document reviews other studies (a review, chapter or meta-analysis)."""
    head = text[:3000]
    if _REVIEW_LINE.search(head):
        return True
    if title is not None and _REVIEW_SELF.search(str(title.value)):
        return True
    return bool(re.search(r"\b(?:this|the present)\s+(?:review|chapter)\b", text[:20_000], re.I))


# a journal page's issue line: "Mesenchymal Stromal Cells| Volume 19, ISSUE 3, P349-359"
_ISSUE_HEADER = re.compile(r"\bVol(?:ume|\.)?\s*\d+\s*,\s*(?:Issue|No\.?)\s*\d+", re.I)


# PubMed's MEDLINE export, its fields tagged on one line or on lines of their own: "TI  - A
# clinical research of 11cases of ... PG  - 101669"
_MEDLINE_TITLE = re.compile(
    r"(?:^|\s)PMID\s*-\s*\d.{0,600}?\sTI\s+-\s+(?P<t>[^\n]+?)(?=\s+[A-Z]{2,4}\s+-\s|\n|$)",
    re.S,
)


# a line that stops on a word that needs what follows: no title ends so
_CUT_AFTER = re.compile(r"\s(?:of|to|and|or|the|a|an|for|in|with|by|from|on|at|that|which)$", re.I)


def find_title(text: str) -> Found | None:
    """The title: the first line that reads like a study title.

    A title line has several words, several of them on the topic, and is not a sentence of
    running text (no full stop inside), a list item, a navigation link or a citation.
    """
    if medline := _MEDLINE_TITLE.search(text):
        title = medline.group("t").rstrip(" .")
        return Found(title, medline.start("t"), medline.start("t") + len(title))
    offset = 0
    view = text_view(text)
    flow = view.flow
    fields = _FIELD_AND_VALUE.search(text)
    fields_from = fields.start() if fields else None
    body_begun = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip().rstrip("|").strip()
        line_start = offset
        start = offset + line.find(stripped) if stripped else offset
        offset += len(line)
        # the title comes before the body: only a labelled line after it; a lone section word
        # opening the page ("Introduction" over a news headline) begins no body yet
        if _BODY_BEGINS.match(stripped) and line_start > len(text) - len(text.lstrip()):
            body_begun = True
        if not stripped or len(stripped) < 25 or len(stripped) > 400:
            continue
        if body_begun and not _TITLE_LABEL.match(stripped):
            continue
        if (line.endswith("\n") and flow[offset - 1] == " ") or (
            line_start > 0 and flow[line_start - 1] == " "
        ):
            continue  # a line of wrapped prose: it goes on below, or goes on from above
        if _NOT_TITLE.match(stripped) or _DOI.search(stripped) or _ISSUE_HEADER.search(stripped):
            continue
        # a registry title's acronym after its full stop: "Cells for Shoulder Arthritis. (CSA)"
        if acronym := _TRAILING_ACRONYM.search(stripped):
            stripped = stripped[: acronym.start()]
        if _SENTENCE_BREAK.search(stripped) or stripped.endswith(":"):
            continue  # sentences: "... patients. “These data ..."
        if _CUT_AFTER.search(stripped):
            continue  # a sentence cut by the line's end: "... to study safety and efficacy of"
        if stripped.endswith((".", ";")) and (len(stripped) > 200 or _PROSE.search(stripped)):
            continue  # a sentence; a title may end with a full stop, as PubMed prints them
        if (
            len(stripped.split()) < 5
            or len({m.group(0).lower() for m in _TITLE_WORDS.finditer(stripped)}) < 2
        ):
            continue
        if _TOPIC_LIST.match(stripped) and not _JOINING_WORD.search(stripped):
            continue
        if (sentence := view.sentence_at(start)) is not None and sentence.topics:
            continue  # the line under a "Category" or "Keywords" heading
        if _AIM_LINE.match(stripped):
            continue
        stripped = stripped.removesuffix(".")
        label = _TITLE_LABEL.match(stripped)
        if not label and fields_from is not None and line_start > fields_from:
            continue
        if label:  # "Public title: Cell therapy in ..."
            start += label.end()
            stripped = stripped[label.end() :]
        # a search engine's format tags before a title: "[HTML][HTML] Safety of ..."
        # and a publisher's access badge run into it: "Open Access Transplantation of ..."
        if tags := re.match(
            r"(?:\[(?:HTML|PDF|CITATION|BOOK)\]\s*)+|(?:Open\s+Access|Free\s+Access)\s+(?=[A-Z])",
            stripped,
        ):
            start += tags.end()
            stripped = stripped[tags.end() :]
        if " | " in stripped:  # a page title: "Study title | Site name"
            part = max(stripped.split(" | "), key=len)
            start += stripped.index(part)
            stripped = part
        return Found(stripped, start, start + len(stripped))
    return None
