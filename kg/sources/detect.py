"""Recognise a structured source file by its content and read it into study records."""

from __future__ import annotations

import re
from pathlib import Path

from kg.record import StudyRecord
from kg.sources._common import SourceError, parse_xml
from kg.sources.ctgov import load_json, parse_ctgov_json, parse_ctgov_xml
from kg.sources.pubmed import parse_pubmed

__all__ = [
    "SCI_MENTION",
    "STRUCTURED_SUFFIXES",
    "is_structured",
    "read_structured",
    "require_sci",
]

STRUCTURED_SUFFIXES = (".json", ".xml")


def is_structured(path: Path | str) -> bool:
    """Whether the file is one the structured readers handle (by suffix)."""
    return Path(path).suffix.lower() in STRUCTURED_SUFFIXES


def read_structured(path: Path | str) -> StudyRecord | list[StudyRecord] | None:
    """The study record(s) of a registry or PubMed file; None for a non-structured file.

    One record for a single study or citation, a list for a page or article set of several.
    Anything unreadable raises `SourceError` with one line naming the file.
    """
    path = Path(path)
    if not is_structured(path):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from exc
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        records = parse_ctgov_json(load_json(data, path), path)
    elif head == b"<":
        records = _xml_records(data, path)
    else:
        raise SourceError(path, "neither JSON nor XML")
    return records[0] if len(records) == 1 else records


def _xml_records(data: bytes, path: Path) -> list[StudyRecord]:
    root = parse_xml(data, path)
    if root.tag == "clinical_study":
        return parse_ctgov_xml(root, path)
    if root.tag == "PubmedArticleSet":
        return [article.record() for article in parse_pubmed(root, path)]
    if root.tag.lower() in ("html", "error", "eresult", "esearchresult"):
        detail = " ".join("".join(root.itertext()).split())[:160]
        raise SourceError(path, f"an error or search page (<{root.tag}>), not a study: {detail}")
    raise SourceError(
        path,
        f"not a study record: XML root <{root.tag}> is neither "
        "<clinical_study> nor <PubmedArticleSet>",
    )


def require_sci(record: StudyRecord, path: Path | str) -> StudyRecord:
    """The record, or SourceError when it is not about spinal cord injury.

    The graph states every study's condition as spinal cord injury, so a record of another
    condition must not enter the corpus. Only what the source gives as the study's subject
    counts (title, conditions, keywords, MeSH headings, abstract), not eligibility text, where
    "no spinal cord injury" is a common exclusion.
    """
    from kg.rdf import SPINAL_CORD_INJURIES

    if any(heading.descriptor == SPINAL_CORD_INJURIES for heading in record.mesh):
        return record
    texts = [record.title, *_subject_texts(Path(path), record)]
    if any(SCI_MENTION.search(text) for text in texts):
        return record
    name = record.identifiers.registry[0] if record.identifiers.registry else record.id
    raise SourceError(
        path,
        f"{name}: not a spinal cord injury study (no spinal cord injury condition, keyword, "
        "MeSH heading or title): left out of the graph",
    )


SCI_MENTION = re.compile(r"(?i:spinal[\s-]+cord[\s-]+injur|tetrapleg|parapleg|quadripleg)|\bSCI\b")
"""Words that name spinal cord injury as a study's condition."""


def _subject_texts(path: Path, record: StudyRecord) -> list[str]:
    """What the source names as the study's subject, for the record's study in the file."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if path.suffix.lower() == ".json":
        page = load_json(data, path)
        studies = page.get("studies", [page]) if isinstance(page, dict) else []
        texts: list[str] = []
        for study in studies:
            protocol = study.get("protocolSection", {}) if isinstance(study, dict) else {}
            ident = protocol.get("identificationModule", {})
            if ident.get("nctId") not in record.identifiers.registry:
                continue
            conditions = protocol.get("conditionsModule", {})
            texts += [ident.get("briefTitle", ""), ident.get("officialTitle", "")]
            texts += conditions.get("conditions", []) + conditions.get("keywords", [])
            browse = study.get("derivedSection", {}).get("conditionBrowseModule", {})
            texts += [m.get("term", "") for m in browse.get("meshes", [])]
        return [str(t) for t in texts]
    root = parse_xml(data, path)
    if root.tag == "clinical_study":
        tags = (
            "brief_title",
            "official_title",
            "condition",
            "keyword",
            "condition_browse/mesh_term",
        )
        return ["".join(e.itertext()) for tag in tags for e in root.findall(tag)]
    texts = []
    for article in root.findall("PubmedArticle"):
        citation = article.find("MedlineCitation")
        if citation is None or citation.findtext("PMID") != record.identifiers.pmid:
            continue
        for xpath in (
            "Article/ArticleTitle",
            "Article/Abstract/AbstractText",
            "MeshHeadingList/MeshHeading/DescriptorName",
            "KeywordList/Keyword",
        ):
            texts += ["".join(e.itertext()) for e in citation.findall(xpath)]
    return texts
