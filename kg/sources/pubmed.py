"""PubMed XML (`<PubmedArticleSet>`, efetch output) -> citations -> study records.

`parse_pubmed` gives every bibliographic field as a `PubmedArticle`; `PubmedArticle.record`
turns one into the contract's study record (the abstract's study facts come from the text
reader when it is installed). Every value carries an XPath locator into the file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.errors import ScikgError
from kg.record import (
    Design,
    Document,
    Identifiers,
    MeshHeading,
    Provenance,
    StudyRecord,
    study_id_for,
)
from kg.sources._common import Evidence, SourceError, mesh_descriptor

__all__ = [
    "AbstractSection",
    "MeshTopic",
    "PubmedArticle",
    "parse_pubmed",
    "pubmed_records",
]

_NCT = re.compile(r"\bNCT\d{8}\b")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


@dataclass(frozen=True)
class AbstractSection:
    """One part of a structured abstract (label None for an unstructured abstract)."""

    label: str | None
    category: str | None
    text: str
    locator: str


@dataclass(frozen=True)
class MeshTopic:
    """One MeSH heading: descriptor with its qualifiers, each with its major-topic flag."""

    descriptor: str
    name: str
    major: bool
    qualifiers: tuple[tuple[str, str, bool], ...]  # (UI, name, major)
    locator: str


@dataclass
class PubmedArticle:
    """The bibliographic record of one PubMed citation."""

    path: Path
    locator: str
    pmid: str
    title: str
    journal: str | None = None
    journal_abbreviation: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    doi: str | None = None
    status: str | None = None
    abstract: list[AbstractSection] = field(default_factory=list)
    publication_types: list[tuple[str | None, str]] = field(default_factory=list)
    mesh: list[MeshTopic] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    registry: list[tuple[str, str]] = field(default_factory=list)  # (NCT id, locator)
    locators: dict[str, str] = field(default_factory=dict)

    @property
    def abstract_text(self) -> str:
        """The abstract as plain text, sections labelled as PubMed shows them."""
        parts = [f"{s.label}: {s.text}" if s.label else s.text for s in self.abstract]
        return "\n\n".join(parts)

    def record(self) -> StudyRecord:
        """The study record this citation describes."""
        return _to_record(self)


def parse_pubmed(root: ET.Element, path: Path | str) -> list[PubmedArticle]:
    """Every article of a parsed `<PubmedArticleSet>`."""
    path = Path(path)
    if root.tag != "PubmedArticleSet":
        raise SourceError(path, f"not a PubMed article set (root element <{root.tag}>)")
    articles = []
    for index, element in enumerate(root.findall("PubmedArticle"), 1):
        articles.append(_article(element, path, f"/PubmedArticleSet/PubmedArticle[{index}]"))
    if not articles:
        raise SourceError(path, "the PubMed article set holds no <PubmedArticle>")
    return articles


def pubmed_records(root: ET.Element, path: Path | str) -> list[StudyRecord]:
    """The study records of a `<PubmedArticleSet>`."""
    return [article.record() for article in parse_pubmed(root, path)]


def _text(element: ET.Element | None) -> str:
    """All text inside an element (inline markup like <sub>, <i> kept as text)."""
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _article(element: ET.Element, path: Path, at: str) -> PubmedArticle:
    citation = element.find("MedlineCitation")
    if citation is None:
        raise SourceError(path, f"{at} has no MedlineCitation", at)
    cit = f"{at}/MedlineCitation"
    art = f"{cit}/Article"
    article = citation.find("Article")
    pmid = _text(citation.find("PMID"))
    title = _text(article.find("ArticleTitle")) if article is not None else ""
    item = PubmedArticle(path=path, locator=at, pmid=pmid, title=title)
    item.status = citation.get("Status")
    item.locators["pmid"] = f"{cit}/PMID"
    item.locators["title"] = f"{art}/ArticleTitle"
    if article is not None:
        _journal(article, item, art)
        _abstract(article, item, art)
        for kind in article.findall("PublicationTypeList/PublicationType"):
            item.publication_types.append((kind.get("UI"), _text(kind)))
            item.locators.setdefault("publication_types", f"{art}/PublicationTypeList")
        for d, bank in enumerate(article.findall("DataBankList/DataBank"), 1):
            if _text(bank.find("DataBankName")).lower() != "clinicaltrials.gov":
                continue
            numbers = bank.findall("AccessionNumberList/AccessionNumber")
            for n, number in enumerate(numbers, 1):
                value = _text(number).upper()
                if _NCT.fullmatch(value):
                    locator = (
                        f"{art}/DataBankList/DataBank[{d}]/AccessionNumberList/AccessionNumber[{n}]"
                    )
                    item.registry.append((value, locator))
        for i, eloc in enumerate(article.findall("ELocationID"), 1):
            if eloc.get("EIdType") == "doi" and item.doi is None:
                item.doi = _text(eloc)
                item.locators["doi"] = f"{art}/ELocationID[{i}]"
    for i, article_id in enumerate(element.findall("PubmedData/ArticleIdList/ArticleId"), 1):
        if article_id.get("IdType") == "doi":
            # the PubmedData id list is the canonical place; it wins over ELocationID
            item.doi = _text(article_id)
            item.locators["doi"] = f"{at}/PubmedData/ArticleIdList/ArticleId[{i}]"
            break
    for h, heading in enumerate(citation.findall("MeshHeadingList/MeshHeading"), 1):
        name = heading.find("DescriptorName")
        descriptor = mesh_descriptor(name.get("UI")) if name is not None else None
        if descriptor is None or name is None:
            continue
        qualifiers = tuple(
            (q.get("UI", ""), _text(q), q.get("MajorTopicYN") == "Y")
            for q in heading.findall("QualifierName")
            if re.fullmatch(r"Q\d{6,9}", q.get("UI", ""))
        )
        item.mesh.append(
            MeshTopic(
                descriptor=descriptor,
                name=_text(name),
                major=name.get("MajorTopicYN") == "Y",
                qualifiers=qualifiers,
                locator=f"{cit}/MeshHeadingList/MeshHeading[{h}]",
            )
        )
    for keyword in citation.findall("KeywordList/Keyword"):
        if _text(keyword):
            item.keywords.append(_text(keyword))
    # trial numbers cited only in the abstract text count too (after the DataBank entries)
    known = {number for number, _ in item.registry}
    for section in item.abstract:
        for number in _NCT.findall(section.text):
            if number not in known:
                known.add(number)
                item.registry.append((number, section.locator))
    return item


def _journal(article: ET.Element, item: PubmedArticle, art: str) -> None:
    journal = article.find("Journal")
    if journal is None:
        return
    item.journal = _text(journal.find("Title")) or None
    item.journal_abbreviation = _text(journal.find("ISOAbbreviation")) or None
    date = journal.find("JournalIssue/PubDate")
    locator = f"{art}/Journal/JournalIssue/PubDate"
    if date is None or not _text(date.find("Year")):
        date = article.find("ArticleDate")
        locator = f"{art}/ArticleDate"
    if date is None:
        return
    year = _text(date.find("Year")) or _text(date.find("MedlineDate"))[:4]
    if year.isdigit():
        item.year = int(year)
        item.locators["year"] = locator
    month = _text(date.find("Month")).lower()
    item.month = int(month) if month.isdigit() else _MONTHS.get(month[:3])
    day = _text(date.find("Day"))
    item.day = int(day) if day.isdigit() else None


def _abstract(article: ET.Element, item: PubmedArticle, art: str) -> None:
    sections = article.findall("Abstract/AbstractText")
    for i, section in enumerate(sections, 1):
        locator = (
            f"{art}/Abstract/AbstractText[{i}]"
            if len(sections) > 1
            else (f"{art}/Abstract/AbstractText")
        )
        item.abstract.append(
            AbstractSection(
                label=section.get("Label"),
                category=section.get("NlmCategory"),
                text=_text(section),
                locator=locator,
            )
        )


# PubMed publication types (MeSH publication-type descriptors) -> design facts they imply
_TYPE_DESIGN: dict[str, dict[str, str]] = {
    # Randomized Controlled Trial
    "D016449": {"type": "interventional", "allocation": "randomized"},
    "D016430": {"type": "interventional"},  # Clinical Trial
    "D017426": {"type": "interventional", "phase": "1"},  # Clinical Trial, Phase I
    "D017427": {"type": "interventional", "phase": "2"},  # Clinical Trial, Phase II
    "D017428": {"type": "interventional", "phase": "3"},  # Clinical Trial, Phase III
    "D016431": {"type": "interventional"},  # Controlled Clinical Trial
    "D002363": {"type": "case-series"},  # Case Reports
    "D064888": {"type": "observational"},  # Observational Study
}
_MULTICENTER = "D016448"


def _to_record(item: PubmedArticle) -> StudyRecord:
    ev = Evidence()
    registry = [number for number, _ in item.registry]
    for index, (_number, locator) in enumerate(item.registry):
        ev.add(f"/identifiers/registry/{index}", locator)
    identifiers = Identifiers(doi=item.doi, pmid=item.pmid or None, registry=registry)
    ev.add("/identifiers/pmid", item.locators.get("pmid"))
    if item.doi:
        ev.add("/identifiers/doi", item.locators.get("doi"))
    ev.add("/title", item.locators["title"])
    if item.year is not None:
        ev.add("/year", item.locators.get("year"))
    design: dict[str, Any] = {}
    types = f"{item.locator}/MedlineCitation/Article/PublicationTypeList"
    for ui, _name in item.publication_types:
        for key, value in _TYPE_DESIGN.get(ui or "", {}).items():
            design.setdefault(key, value)
            ev.add(f"/design/{key}", types)
        if ui == _MULTICENTER:
            design["centers"] = "multi"
            ev.add("/design/centers", types)
    mesh: list[MeshHeading] = []
    for topic in item.mesh:
        entries = [(q, topic.major or major) for q, _n, major in topic.qualifiers] or [
            (None, topic.major)
        ]
        for qualifier, major in entries:
            at = f"/mesh/{len(mesh)}"
            mesh.append(MeshHeading(descriptor=topic.descriptor, qualifier=qualifier, major=major))
            ev.add(f"{at}/descriptor", topic.locator)
            ev.add(f"{at}/major", topic.locator)
            if qualifier:
                ev.add(f"{at}/qualifier", topic.locator)
    fallback = f"pmid-{item.pmid}" if item.pmid else item.path.stem
    document_path = f"documents/{item.path.name}"
    try:
        record = StudyRecord(
            id=study_id_for(identifiers, fallback),
            title=item.title or f"PubMed {item.pmid}",
            document=Document(path=document_path, kind="abstract"),
            identifiers=identifiers,
            year=item.year,
            design=Design(**design),
            mesh=mesh,
            evidence=ev.spans,
            provenance=Provenance(method="extracted", tool="kg.sources.pubmed"),
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = "/" + "/".join(str(p) for p in first["loc"])
        raise SourceError(item.path, f"cannot make a study record: {first['msg']}", where) from exc
    return _with_abstract_facts(record, item)


# what PubMed's indexers say of an article that reports no study of patients
_REVIEW_TYPES = {"Review", "Systematic Review", "Meta-Analysis", "Scoping Review"}
_ANIMALS, _HUMANS = "D000818", "D006801"


def reports_no_patients(item: PubmedArticle) -> str | None:
    """Why the article reports no study of patients: "a review" or "an animal study"."""
    if any(name in _REVIEW_TYPES for _ui, name in item.publication_types):
        return "a review"
    headings = {topic.descriptor for topic in item.mesh}
    if _ANIMALS in headings and _HUMANS not in headings:
        return "an animal study"
    return None


def _with_abstract_facts(record: StudyRecord, item: PubmedArticle) -> StudyRecord:
    """Fill what the bibliographic fields leave empty from the abstract text, via the reader.

    Spans the reader finds in `abstract_text` become locators `<Abstract XPath>#char=a,b`
    (RFC 5147 offsets into `abstract_text`), since the file's text is XML, not the abstract.
    A review or an animal study keeps its bibliographic record only: the trials a review cites
    are not one study, and animals are no study population.
    """
    if not item.abstract or reports_no_patients(item):
        return record
    try:
        from kg.extract import extract_text
    except ImportError:
        return record
    try:
        found = extract_text(item.abstract_text)
    except (TypeError, ValueError, ScikgError):
        # the reader could not read this abstract: the bibliographic record still stands
        return record
    if not isinstance(found, StudyRecord):
        return record
    data = record.to_data()
    locator = f"{item.locator}/MedlineCitation/Article/Abstract"
    merged = _merge(data, found.to_data(), locator)
    if not merged:
        return record
    try:
        return StudyRecord.model_validate(data)
    except ValidationError:
        return record  # the reader's facts do not fit together: keep the bibliographic record


_TEXT_FIELDS = (
    "population",
    "arms",
    "follow_up",
    "outcomes",
    "ais_transitions",
    "responders",
    "adverse_events",
    "serious_adverse_events",
)


def _merge(data: dict[str, Any], found: dict[str, Any], locator: str) -> bool:
    """Copy the reader's study facts into empty fields of `data`; True when anything came."""
    changed = False
    evidence = found.get("evidence", {})
    for name in _TEXT_FIELDS:
        if data.get(name) in (None, [], {}) or (
            name == "population" and not any(v not in (None, []) for v in data[name].values())
        ):
            value = found.get(name)
            if value in (None, [], {}):
                continue
            data[name] = value
            changed = True
            for pointer, span in evidence.items():
                if pointer.startswith(f"/{name}") and span.get("start") is not None:
                    data["evidence"][pointer] = {
                        "locator": f"{locator}#char={span['start']},{span['end']}",
                        "method": "extracted",
                    }
    for key, value in (found.get("design") or {}).items():
        if value is not None and data["design"].get(key) is None:
            data["design"][key] = value
            changed = True
            span = evidence.get(f"/design/{key}")
            if span and span.get("start") is not None:
                data["evidence"][f"/design/{key}"] = {
                    "locator": f"{locator}#char={span['start']},{span['end']}",
                    "method": "extracted",
                }
    return changed
