"""PubMed XML -> citations and study records; unsafe XML is refused (real fixtures)."""

from __future__ import annotations

import time
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest

from kg.record import StudyRecord
from kg.sources import SourceError, read_structured
from kg.sources._common import parse_xml
from kg.sources.pubmed import parse_pubmed

SOURCES = Path(__file__).parent / "fixtures" / "sources"


def articles(name: str):
    path = SOURCES / name
    return parse_pubmed(parse_xml(path.read_bytes(), path), path)


def test_structured_abstract_and_bibliography() -> None:
    (article,) = articles("pubmed-29768149.xml")
    assert article.pmid == "29768149"
    assert article.doi == "10.1056/NEJMoa1715274"
    assert article.journal == "The New England journal of medicine"
    assert article.year == 2018
    labels = [s.label for s in article.abstract]
    assert labels == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert "\u03bcg" in article.abstract[1].text  # &#956; decoded
    assert article.abstract_text.startswith("BACKGROUND: ")
    assert ("D016449", "Randomized Controlled Trial") in article.publication_types
    assert len(article.publication_types) == 6
    assert article.registry[0] == (
        "NCT02149199",
        "/PubmedArticleSet/PubmedArticle[1]/MedlineCitation/Article/DataBankList/DataBank[1]"
        "/AccessionNumberList/AccessionNumber[1]",
    )


def test_mesh_headings_with_qualifiers_and_major_flags() -> None:
    (article,) = articles("pubmed-29768149.xml")
    assert len(article.mesh) == 23
    qualifiers = [q for topic in article.mesh for q in topic.qualifiers]
    assert len(qualifiers) == 10
    assert any(major for _ui, _name, major in qualifiers)
    record = article.record()
    assert record.id == "nct02149199"  # the DataBank NCT number joins paper and registry
    assert record.identifiers.pmid == "29768149"
    assert record.document.kind == "abstract"
    with_q = [h for h in record.mesh if h.qualifier]
    assert len(with_q) == 10
    assert all(h.qualifier.startswith("Q") for h in with_q)  # type: ignore[union-attr]
    assert record.design.allocation == "randomized"
    assert record.design.phase == "3"
    assert record.design.centers == "multi"


def test_article_sets_and_edge_cases() -> None:
    first, second = articles("pubmed-biopython-pubmed2.xml")
    assert first.mesh and "Copyright" not in first.abstract_text
    assert second.status == "PubMed-not-MEDLINE"
    assert second.mesh == []
    records = read_structured(SOURCES / "pubmed-biopython-pubmed1.xml")
    assert isinstance(records, list) and len(records) == 2
    assert all(isinstance(r, StudyRecord) for r in records)
    assert {r.identifiers.pmid for r in records} == {
        a.pmid for a in articles("pubmed-biopython-pubmed1.xml")
    }
    no_abstract = [a for a in articles("pubmed-biopython-pubmed1.xml") if not a.abstract]
    assert no_abstract  # the fixture has an article without an abstract
    keywords = [k for a in articles("pubmed-biopython-pubmed1.xml") for k in a.keywords]
    assert keywords


def test_evidence_locators_are_xpaths_into_the_file() -> None:
    path = SOURCES / "pubmed-29768149.xml"
    record = read_structured(path)
    assert isinstance(record, StudyRecord)
    root = SafeET.parse(path, forbid_dtd=False).getroot()
    for pointer in ("/identifiers/pmid", "/identifiers/doi", "/title", "/mesh/0/descriptor"):
        locator = record.evidence[pointer].locator
        assert locator and locator.startswith("/PubmedArticleSet/PubmedArticle[1]/")
        relative = locator.removeprefix("/PubmedArticleSet/PubmedArticle[1]/")
        element = root.find(f"PubmedArticle/{relative}")
        assert element is not None, locator


def test_search_result_is_not_a_study() -> None:
    with pytest.raises(SourceError, match="not a study"):
        read_structured(SOURCES / "eutils-esearch-pubmed-biopython-esearch1.xml")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>
<Article><ArticleTitle>&leak;</ArticleTitle></Article></MedlineCitation></PubmedArticle>
</PubmedArticleSet>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE clinical_study [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
<!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;"><!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<clinical_study><id_info><nct_id>NCT00000001</nct_id></id_info>
<brief_title>&i;</brief_title></clinical_study>"""


@pytest.mark.parametrize(("content", "entity"), [(XXE, "leak"), (LAUGHS, "a")])
def test_unsafe_xml_is_refused_quickly(tmp_path: Path, content: bytes, entity: str) -> None:
    path = tmp_path / "attack.xml"
    path.write_bytes(content)
    start = time.perf_counter()
    with pytest.raises(SourceError) as caught:
        read_structured(path)
    assert time.perf_counter() - start < 2
    (line,) = caught.value.lines()
    assert str(path) in line
    assert f"entity {entity!r}" in line and "refused" in line
    assert "root:" not in line  # nothing of the local file leaked into the message


def test_abstract_facts_come_from_the_text_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's study facts fill the record; its spans become locators into the abstract."""
    import sys
    import types

    seen: list[str] = []

    def extract_text(text: str) -> StudyRecord:
        seen.append(text)
        start = text.index("3849")
        return StudyRecord.model_validate(
            {
                "id": "x",
                "title": "x",
                "document": {"path": "documents/x.txt", "kind": "abstract"},
                "population": {"enrolled": 3849},
                "evidence": {
                    "/population/enrolled": {"start": start, "end": start + 4, "text": "3849"}
                },
            }
        )

    monkeypatch.setitem(sys.modules, "kg.extract", types.SimpleNamespace(extract_text=extract_text))
    record = read_structured(SOURCES / "pubmed-29768149.xml")
    assert isinstance(record, StudyRecord)
    (text,) = seen
    assert text.startswith("BACKGROUND: ") and "RESULTS: A total of 3849" in text
    assert record.population.enrolled == 3849
    locator = record.evidence["/population/enrolled"].locator
    start = text.index("3849")
    assert locator == (
        f"/PubmedArticleSet/PubmedArticle[1]/MedlineCitation/Article/Abstract"
        f"#char={start},{start + 4}"
    )
    assert record.identifiers.pmid == "29768149"  # bibliographic fields untouched


def test_the_real_reader_reads_the_abstract() -> None:
    """No stand-in: the abstract goes through kg.extract and its spans point into the text."""
    path = SOURCES / "pubmed-29768149.xml"
    record = read_structured(path)
    assert isinstance(record, StudyRecord)
    (article,) = parse_pubmed(parse_xml(path.read_bytes(), path), path)
    text = article.abstract_text
    assert record.population.enrolled == 3849
    assert record.design.masking == "double-blind"  # stated in the abstract only
    for pointer in ("/population/enrolled", "/design/masking"):
        span = record.evidence[pointer]
        assert span.method == "extracted"
        start, end = map(int, span.locator.rsplit("#char=", 1)[1].split(","))
        assert text[start:end].lower() in ("3849", "double-blind")


@pytest.mark.parametrize(
    ("name", "pmid", "why"),
    [
        ("pubmed-biopython-pubmed1.xml", "12091962", "a review"),  # publication type Review
        ("pubmed-biopython-pubmed2.xml", "11748933", "an animal study"),  # Animals, not Humans
        ("pubmed-biopython-pubmed2.xml", "11700088", None),  # no MeSH headings at all
        ("pubmed-29768149.xml", "29768149", None),  # a randomized trial in people
    ],
)
def test_reviews_and_animal_studies_are_told_by_their_indexing(
    name: str, pmid: str, why: str | None
) -> None:
    from kg.sources.pubmed import reports_no_patients

    (item,) = [i for i in articles(name) if i.pmid == pmid]
    assert reports_no_patients(item) == why


@pytest.mark.parametrize(("pmid", "read"), [("11748933", False), ("11700088", True)])
def test_an_animal_study_abstract_is_not_read(
    monkeypatch: pytest.MonkeyPatch, pmid: str, read: bool
) -> None:
    import sys
    import types

    from kg.sources.pubmed import _to_record

    (item,) = [i for i in articles("pubmed-biopython-pubmed2.xml") if i.pmid == pmid]
    seen: list[str] = []

    def extract_text(text: str) -> StudyRecord:
        seen.append(text)
        raise ValueError("stand-in reader")  # the bibliographic record stands

    monkeypatch.setitem(sys.modules, "kg.extract", types.SimpleNamespace(extract_text=extract_text))
    _to_record(item)
    assert bool(seen) is read
