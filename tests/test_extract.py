"""The reader: plain text -> study record, every value with an exact evidence span.

The bundled documents are scored against their curated records; the constructed documents in
tests/fixtures/reader/ and the inline snippets check the rules on wording the bundled corpus
does not use (number formats, identifiers, schedules, arms written next to their doses).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.corpus import load_curated
from kg.evaluate import score_records
from kg.extract import MAX_BYTES, ExtractionError, extract_document, extract_text
from kg.extract.numbers import DOSE, count_value, dose_value
from kg.extract.outcomes import measure_terms
from kg.extract.text import text_view, unwrapped
from kg.extract.vocabulary import find_terms
from kg.record import StudyRecord

READER = Path(__file__).parent / "fixtures" / "reader"
CURATED = load_curated()[0]


def assert_spans_exact(record: StudyRecord, text: str) -> None:
    for pointer, span in record.evidence.items():
        assert span.text == text[span.start : span.end], pointer
        assert span.method == "extracted"


# --- the bundled corpus ------------------------------------------------------------------------
@pytest.mark.parametrize("item", CURATED, ids=lambda i: Path(i.record.document.path).name)
def test_each_seed_reads_with_f1_of_at_least_095(item) -> None:
    extracted = extract_text(item.document_text, item.record.document.path)
    score = score_records([(extracted, item.record)])
    assert score.total.f1 >= 0.95, (score.extra, score.missing)
    assert_spans_exact(extracted, item.document_text)
    assert extracted.provenance.method == "extracted"


def test_every_value_has_evidence() -> None:
    item = next(i for i in CURATED if "000_" in i.record.document.path)
    record = extract_text(item.document_text, item.record.document.path)
    expected = [
        "/title",
        "/identifiers/doi",
        "/design/phase",
        "/arms/0/dose",
        "/arms/0/route",
        "/arms/0/administrations",
        "/arms/0/interval",
        "/follow_up",
        "/adverse_events/0/percent",
        "/serious_adverse_events",
    ]
    for pointer in expected:
        assert pointer in record.evidence, pointer


# --- numbers as people write them ------------------------------------------------------------
@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("1 × 106 cells/kg", 1e6, "cells/kg"),
        ("5×107 hUC-MSCs", 5e7, "cells"),
        ("1 × 108 cells", 1e8, "cells"),
        ("100 x 106 cells", 1e8, "cells"),
        ("1.2 x106 cells/kg", 1.2e6, "cells/kg"),
        ("10e8 cells", 1e8, "cells"),
        ("2.5e7 cells", 2.5e7, "cells"),
        ("20 million cells", 2e7, "cells"),
        ("2 x 10^6 cells per kilogram", 2e6, "cells/kg"),
        ("a dose of 106 cells/kg", 1e6, "cells/kg"),
        ("100,000 cells/μL", 1e5, "cells/uL"),
        ("100 µg", 100, "ug"),
        ("30 × 106 autologous bone marrow MSCs", 3e7, "cells"),
        ("4 x 107 human umbilical cord mesenchymal stem cells", 4e7, "cells"),
        ("a target dose of 1x106/kg", 1e6, "cells/kg"),
        ("30×10⁶ cells", 3e7, "cells"),
        ("1.5 × 10¹⁰ particles", 1.5e10, "particles"),
        ("30×10⁶±30% viable cells per dose", 3e7, "cells"),
        ("1.2 x106 MSCs/Kg body weight", 1.2e6, "cells/kg"),
        ("2 x 10^6 cells per Kilogram", 2e6, "cells/kg"),
        ("100 million autologous, adipose derived mesenchymal stem cells", 1e8, "cells"),
        ("at least 500 million mononuclear-enriched cells", 5e8, "cells"),
    ],
)
def test_dose_formats(written: str, value: float, unit: str) -> None:
    match = DOSE.search(written)
    assert match is not None
    assert dose_value(match) == pytest.approx((value, unit))


@pytest.mark.parametrize(
    "written", ["13 cells", "the 2020 cells", "6 patients", "12 autologous MSCs", "5 mg/kg", "5/kg"]
)
def test_small_counts_are_not_doses(written: str) -> None:
    match = DOSE.search(written)
    assert match is None or dose_value(match) is None


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("Nine", 9),
        ("twenty-one", 21),
        ("1,024", 1024),
        ("13", 13),
        ("x", None),
        ("Twenty-two (22)", 22),
        ("five (6)", None),  # word and digits disagree: no count
    ],
)
def test_counts(token: str, value: int | None) -> None:
    assert count_value(token) == value


def read(text: str) -> StudyRecord:
    record = extract_text(text)
    assert_spans_exact(record, text)
    return record


def test_a_number_word_with_its_digits() -> None:
    record = read(
        "Twenty-two (22) patients with chronic SCI were enrolled. Each received eleven (11) "
        "intravenous infusions of autologous adipose-derived MSCs."
    )
    assert record.population.enrolled == 22
    assert record.arms[0].administrations == 11


def test_words_ranges_and_counts() -> None:
    record = read(
        "Methods: Nine patients with chronic spinal cord injury aged 20-65 years received "
        "intrathecal injections of autologous BM-MSCs. Results: Five of six patients improved."
    )
    assert record.population.enrolled == 9
    assert (record.population.age_min, record.population.age_max) == (20, 65)
    assert record.population.sci_phase == ["chronic"]
    assert record.arms[0].product.source == "bone-marrow"
    assert record.arms[0].product.donor == "autologous"


def test_ais_transitions_and_responders() -> None:
    record = read(
        "There was neurologic improvement based on ASIA grade in 12 of the 13 patients at six "
        "months. Five of six patients classified as ASIA A improved to ASIA B (3/6) or ASIA C "
        "(2/6), two ASIA B patients improved to ASIA C (1/2) or ASIA D (1/2)."
    )
    pairs = {(t.from_, t.to, t.patients, t.of) for t in record.ais_transitions}
    assert pairs == {("A", "B", 3, 6), ("A", "C", 2, 6), ("B", "C", 1, 2), ("B", "D", 1, 2)}
    assert record.population.ais_baseline == ["A", "B"]
    assert [(r.measure, r.patients, r.of) for r in record.responders] == [("ais-grade", 12, 13)]


def test_a_counted_change_that_became_a_grade_is_an_improved_grade_outcome() -> None:
    record = read("Seven ASIA A patients got MSCs. Two of the 7 ASIA A patients became ASIA C.")
    assert [(t.from_, t.to, t.patients, t.of) for t in record.ais_transitions] == [("A", "C", 2, 7)]
    assert [(o.measure, o.direction) for o in record.outcomes] == [("ais-grade", "improved")]


def test_seven_of_the_ten() -> None:
    record = read(
        "At the final follow-up, seven of the ten patients experienced an improvement in AIS grade."
    )
    assert [(r.measure, r.patients, r.of) for r in record.responders] == [("ais-grade", 7, 10)]


@pytest.mark.parametrize(
    ("sentence", "administrations", "interval"),
    [
        ("Subjects received four subarachnoid transplantations of hUC-MSCs monthly.", 4, "P1M"),
        ("hUC-MSCs were given intrathecally once a month for 4 months.", 4, "P1M"),
        ("BM-MSCs were injected intrathecally at months 1, 4, 7 and 10.", 4, "P3M"),
        ("A single intravenous infusion of autologous MSCs was delivered.", 1, None),
        ("MSCs were infused intravenously every 2 weeks.", None, "P2W"),
        ("Two intrathecal injections of MSCs with a 90-day interval.", 2, "P90D"),
        ("Four intrathecal MSC transplantations at one calendar month intervals.", 4, "P1M"),
        ("MSCs were infused intravenously once per week for 3 wk.", 3, "P1W"),
        ("MSCs were infused intravenously weekly for three weeks.", 3, "P1W"),
        ("MSCs were infused intravenously daily for a total of 5 days.", 5, "P1D"),
        # no count where the span is not a whole number of gaps we can be sure of
        ("MSCs were infused intravenously every 2 weeks for 8 weeks.", None, "P2W"),
        ("MSCs were infused intravenously monthly for 6 weeks.", None, "P1M"),
        # several acts per unit: a count over the span, and no one interval (nor a later one)
        ("MSCs were infused intravenously twice weekly for 4 weeks, then weekly.", 8, None),
        ("MSCs were infused intravenously three times a week for two weeks.", 6, None),
        ("MSCs were infused intravenously Twice Weekly for 4 Weeks.", 8, None),
        ("MSCs were infused intravenously two times per month.", None, None),
        ("Two intravenous injections of MSCs were given at 24 hour intervals.", 2, "PT24H"),
        # dose levels and choices are no count of acts
        ("Patients get single-dose or double-dose intravenous UC-MSCs.", None, None),
        ("Three doses of intraspinal MSCs (2, 10 or 20 million cells) were given.", None, None),
        ("Three doses of intravenous MSCs are being studied.", None, None),
    ],
)
def test_schedules(sentence: str, administrations: int | None, interval: str | None) -> None:
    record = read(sentence)
    assert record.arms, sentence
    assert record.arms[0].administrations == administrations
    assert record.arms[0].interval == interval


def test_follow_up_time_points_but_not_time_since_injury() -> None:
    record = read(
        "Patients with injuries at least 12 months after the injury received intrathecal MSCs "
        "and were seen 1, 3, 6 and 12 months after the final administration."
    )
    assert record.follow_up == ["P1M", "P3M", "P6M", "P12M"]


def test_follow_up_written_unit_first_but_not_a_dosing_schedule() -> None:
    record = read(
        "Ten patients with chronic SCI received intrathecal MSCs at months 1, 4 and 7 and were "
        "followed until month 12. MRI was performed at months 6 and 12. At month 12 the ASIA "
        "motor score had improved."
    )
    assert record.follow_up == ["P6M", "P12M"]  # not the months of the injections
    motor = [o for o in record.outcomes if o.measure == "asia-motor"]
    assert motor[0].timepoint == "P12M"


def test_registry_time_frames_written_unit_first() -> None:
    record = read(
        "Umbilical cord MSCs for spinal cord injury\nEnrollment: 20 participants\n"
        "Intervention: intrathecal umbilical cord mesenchymal stem cells\n"
        "Primary Outcome Measures:\nASIA motor score [Time Frame: Baseline, Weeks 4, 12 and 24]\n"
        "Secondary Outcome Measures:\nSCIM III [Time Frame: Week 24]\n"
    )
    assert record.follow_up == ["P4W", "P12W", "P24W"]
    assert {o.measure: o.timepoint for o in record.outcomes} == {"asia-motor": None, "scim": "P24W"}


@pytest.mark.parametrize(
    "sentence",
    [
        "There was no serious AE.",
        "No serious adverse events occurred.",
        "No early or late adverse event (AE) was observed.",
        "The SCI patient given MSCs did not experience any severe adverse events.",
        "Thirteen SCI patients received MSCs, with no reported adverse events.",
        "The MSCs were given to SCI patients without any adverse event related to them.",
        "The SCI patient given MSCs had no serious negative effects.",
        "There were no complications connected with MSC therapy in the SCI patient.",
    ],
)
def test_no_serious_adverse_events_is_zero(sentence: str) -> None:
    assert read(sentence).serious_adverse_events == 0


def test_adverse_event_frequencies() -> None:
    record = read(
        "Mild AEs involving fever (14.1%), headache (4.2%) were observed. Dizziness occurred "
        "in 3 patients (7.5%)."
    )
    found = {(a.term, a.percent, a.patients, a.serious) for a in record.adverse_events}
    assert ("fever", 14.1, None, False) in found
    assert ("headache", 4.2, None, False) in found
    assert ("dizziness", 7.5, 3, None) in found
    record = read("Headache occurred in 3 of 10 patients. Nausea (2/10) was reported.")
    assert [(a.term, a.patients, a.at_risk) for a in record.adverse_events] == [
        ("headache", 3, 10),
        ("nausea", 2, 10),
    ]


# --- identifiers -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("registered at ClinicalTrials.gov (NCT04213131)", ["NCT04213131"]),
        ("Chinese Clinical Trial Registry ChiCTR-ONC-17013450.", ["ChiCTR-ONC-17013450"]),
        ("Japan Medical Association (JMA-IIA00154).", ["JMA-IIA00154"]),
        (
            "CRIS KCT0003091; ISRCTN12345678; IRCT2015052919405N1",
            ["KCT0003091", "ISRCTN12345678", "IRCT2015052919405N1"],
        ),
        ("EudraCT number 2016-001234-56 and UMIN000012345", ["2016-001234-56", "UMIN000012345"]),
        ("a grant 2016-001234-56 is not a trial", []),
    ],
)
def test_registry_identifiers(text: str, expected: list[str]) -> None:
    assert read(text).identifiers.registry == expected


def test_doi_and_pmid_from_a_source_line() -> None:
    record = read(
        "Cytotherapy. 2021 Jan;23(1):57-64. doi: 10.1016/j.jcyt.2020.09.012. PMID: 33234401."
    )
    assert record.identifiers.doi == "10.1016/j.jcyt.2020.09.012"
    assert record.identifiers.pmid == "33234401"
    assert record.year == 2021


# --- vocabulary from the ontology ----------------------------------------------------------------
def test_narrower_concepts_map_to_the_record_code() -> None:
    assert [
        t.code for t in find_terms("route", "via lumbar puncture and subarachnoid injection")
    ] == [
        "intrathecal",
        "intrathecal",
    ]
    assert find_terms("route", "an intramedullary injection")[0].code == "intraspinal"
    assert find_terms("source", "WJ-MSCs")[0].code == "umbilical-cord"


def test_bare_codes_and_case() -> None:
    assert find_terms("ais-grade", "a patient and a cohort") == []
    assert find_terms("phase", "1 of 2") == []
    assert find_terms("route", "it was given")[0:1] == []
    assert find_terms("route", "given IT and IV")[0].code == "intrathecal"


def _forget_vocabulary() -> None:
    from kg.extract import vocabulary

    for cached in (vocabulary.label_table, vocabulary._index, vocabulary._combined_index):
        cached.cache_clear()
    vocabulary._schemes.cache_clear()
    vocabulary.clear_caches()


def test_a_synonym_added_to_the_ontology_teaches_the_reader(monkeypatch) -> None:
    from rdflib import Graph, Literal

    from kg import vocab
    from kg.namespaces import SKOS, SKV

    text = "cells were given by the ependymal route"
    assert find_terms("route", text) == []
    graph = Graph()
    graph += vocab.ontology_graph()
    graph.add((SKV["route-intramedullary"], SKOS.altLabel, Literal("ependymal route", lang="en")))
    monkeypatch.setattr(vocab, "load_vocabulary", lambda: vocab.vocabulary_from_graph(graph))
    _forget_vocabulary()
    try:
        term = find_terms("route", text)[0]
        assert (term.code, term.concept, term.text) == (
            "intraspinal",
            "intramedullary",
            "ependymal route",
        )
    finally:
        monkeypatch.undo()
        _forget_vocabulary()


# --- constructed documents of unseen shapes -------------------------------------------------------
def test_abstract_with_two_routes_and_a_placebo_group() -> None:
    path = READER / "abstract-wj-two-routes.txt"
    record = extract_document(path)
    assert_spans_exact(record, path.read_text())
    arms = {(a.role, a.product.kind, a.route): a for a in record.arms}
    iv = arms[("experimental", "cells", "intravenous")]
    it = arms[("experimental", "cells", "intrathecal")]
    assert iv.product.source == "umbilical-cord"  # Wharton's jelly is part of the cord
    assert (iv.dose.value, iv.dose.unit) == (1.2e6, "cells/kg")
    assert (it.dose.value, it.dose.unit) == (2e7, "cells")
    assert (it.administrations, it.interval) == (4, "P1M")
    assert ("control", "none", None) in arms
    assert record.identifiers.registry == ["ChiCTR2000031234"]
    assert record.population.enrolled == 40
    assert record.design.masking == "double-blind"
    assert record.design.controlled is True
    assert record.population.completeness == "incomplete"
    outcomes = {o.measure: o for o in record.outcomes}
    assert outcomes["asia-motor"].direction == "improved"  # "Lower extremity" is no decrease
    assert outcomes["asia-motor"].significant is True
    assert outcomes["wisci"].direction == "no-change"


def test_registry_text_with_two_routes_in_one_arm() -> None:
    path = READER / "registry-kct.txt"
    record = extract_document(path)
    assert record.status == "Completed"
    assert record.identifiers.registry == ["NCT09999999", "KCT0001234"]
    assert record.design.phase == "1"  # not the "N/A" of the allocation row
    assert (record.population.enrolled, record.population.enrolment_type) == (16, "actual")
    routes = {a.route: a for a in record.arms}
    assert routes["intraspinal"].dose.value == 4e7
    assert routes["intrathecal"].dose is None
    assert (routes["intrathecal"].administrations, routes["intrathecal"].interval) == (4, "P3M")
    assert record.adverse_events == []  # "fever" and "headache" are exclusion criteria here


def test_registry_in_the_new_page_layout() -> None:
    record = extract_document(READER / "registry-new-layout.txt")
    assert record.status == "Recruiting"
    assert record.design.phase == "1/2"
    assert record.design.controlled is True  # an active comparator arm
    assert (record.population.enrolled, record.population.enrolment_type) == (60, "anticipated")
    assert (record.population.age_min, record.population.age_max) == (18, 60)
    assert record.population.ais_baseline == ["A", "B", "C"]  # from the inclusion criteria
    cells, control = record.arms
    assert (cells.route, cells.administrations, cells.interval) == ("intrathecal", 4, "P4W")
    assert cells.product.donor == "allogeneic"  # the summary names one donor for the study
    assert (control.role, control.product.kind) == ("control", "none")
    outcomes = {o.measure: o for o in record.outcomes}
    assert outcomes["adverse-events"].primary is True
    assert outcomes["scim"].primary is False and outcomes["scim"].timepoint == "P12M"
    assert outcomes["asia-motor"].direction is None  # "we expect ... will improve" is no result
    assert record.adverse_events == []


def test_lay_summary_page_with_navigation() -> None:
    path = READER / "lay-summary-portal.txt"
    record = extract_document(path)
    assert_spans_exact(record, path.read_text())
    assert record.title.startswith("Bone marrow stem cells given into a vein")
    assert (record.year, record.identifiers.doi) == (2022, "10.9999/jnr.2022.117")
    assert record.population.enrolled == 24  # "Twenty-four adults"
    (arm,) = record.arms
    assert (arm.product.source, arm.product.donor, arm.route) == (
        "bone-marrow",
        "autologous",
        "intravenous",
    )
    assert (arm.dose.value, arm.administrations, arm.interval) == (2e8, 2, "P3M")
    assert [(r.patients, r.of) for r in record.responders] == [(6, 24)]
    wisci = next(o for o in record.outcomes if o.measure == "wisci")
    assert wisci.significant is False
    assert record.serious_adverse_events == 0
    assert record.design.phase is None  # "larger controlled trials are needed" is no design
    assert record.design.controlled is None


def test_journal_portal_page_in_two_languages() -> None:
    path = READER / "portal-bilingual.txt"
    record = extract_document(path)
    assert_spans_exact(record, path.read_text())
    assert record.identifiers.registry == ["ISRCTN87654321"]
    assert (record.design.allocation, record.design.masking) == ("non-randomized", "open-label")
    assert record.design.phase == "1/2"
    assert record.population.completeness == "complete"
    assert record.follow_up == ["P6M", "P12M"]  # not the six weeks of lithium
    (arm,) = record.arms
    assert arm.product.source == "umbilical-cord-blood"
    assert arm.product.cell_type is None  # mononuclear cells of cord blood: no code, no guess
    assert arm.dose is None  # "(6.4 million)" names no unit
    pain = next(o for o in record.outcomes if o.measure == "neuropathic-pain")
    assert (pain.direction, pain.significant, pain.timepoint) == ("improved", True, "P12M")
    (event,) = record.adverse_events
    assert (event.term, event.patients, event.percent, event.serious) == (
        "musculoskeletal-pain",
        7,
        35.0,
        False,
    )


# --- null over guess ---------------------------------------------------------------------------
def test_a_source_the_text_leaves_out_stays_null() -> None:
    record = read("Autologous MSCs were infused intravenously in 13 patients.")
    assert record.arms[0].product.source is None
    assert record.arms[0].dose is None


def test_a_registry_hypothesis_is_no_result() -> None:
    record = read("We hypothesize that intrathecal MSCs will improve the ASIA motor score.")
    assert all(o.direction is None for o in record.outcomes)


def test_plans_for_future_trials_are_not_this_study() -> None:
    record = read(
        "Larger randomized controlled phase III trials are warranted. "
        "This single-arm study used MSCs."
    )
    assert record.design.phase is None
    assert record.design.allocation == "single-arm"


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("Open AccessPublished:March 02, 2019DOI:https://doi.org/10.1000/xyz.2019.1", 2019),
        ("Published online on: April 29, 2013  https://doi.org/10.1/x", 2013),
        ("Received 01 Jul 2023, Published online: 20 Oct 2023", 2023),
        ("Accepted: 2018. Patients received MSCs in 2015.", None),
        ("Stem Cells Transl Med 2019;8:504-511.", 2019),
        ("FRIDAY, Dec. 27, 2024 (HealthDay News) -- MSCs were approved.", 2024),
        ("Patients were seen 2019;8 times.", None),
    ],
)
def test_publication_lines_as_web_pages_write_them(line: str, year: int | None) -> None:
    assert read(line + "\n").year == year


@pytest.mark.parametrize("words", ["no change", "no interval change", "no obvious changes"])
def test_no_change_with_words_between(words: str) -> None:
    record = read(f"Eight patients received intrathecal MSCs. MRI showed {words} at 6 months.")
    assert [o.direction for o in record.outcomes if o.measure == "mri"] == ["no-change"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Forty patients were divided into two groups: intervention and control.",
        "Thirty patients were randomized to intrathecal MSCs or placebo.",
    ],
)
def test_patients_shared_out_with_a_control_group(sentence: str) -> None:
    record = read(f"{sentence} Autologous adipose MSCs were transplanted.")
    assert [a.role for a in record.arms] == ["experimental", "control"]
    assert record.design.controlled is True


def test_no_control_group_is_no_control_arm() -> None:
    record = read("This single-arm study had no control group. Patients received MSCs.")
    assert [a.role for a in record.arms] == ["experimental"]
    assert record.design.controlled is not True


def test_a_route_only_the_title_names_is_read() -> None:
    record = read(
        "Repeated intravenous infusions of adipose-derived mesenchymal stem cells in a patient "
        "with spinal cord injury: a case report\n\n"
        "We describe a man who was given twelve infusions of 100 million autologous cells.\n"
    )
    assert [a.route for a in record.arms] == ["intravenous"]


def test_a_count_of_responders_is_not_the_enrolment() -> None:
    record = read(
        "Bone marrow cells were given intravenously. Neurological improvement was observed in "
        "two patients who received multiple implantations."
    )
    assert record.population.enrolled is None


def test_an_unnamed_arm_is_labelled_by_its_product() -> None:
    record = read("Autologous bone marrow mesenchymal stromal cells were given to 9 patients.")
    assert record.arms[0].label == "bone marrow mesenchymal stromal cells"


def test_an_animal_study_gives_no_study_population() -> None:
    record = read(
        "Bone marrow MSCs after experimental spinal cord injury\n"
        "Thirty rats were divided into three groups: sham, control and MSCs injected "
        "intravenously (n = 10 rats each). The BBB score improved after 4 weeks."
    )
    assert record.arms == [] and record.outcomes == [] and record.population.enrolled is None
    assert record.design.controlled is None and record.follow_up == []
    assert record.title == "Bone marrow MSCs after experimental spinal cord injury"


def test_a_clinical_paper_citing_animal_work_is_read() -> None:
    record = read(
        "MSCs improved locomotion in rats. Twelve patients were enrolled and received "
        "intrathecal MSCs. The ASIA motor score improved."
    )
    assert record.population.enrolled == 12 and record.arms[0].route == "intrathecal"


@pytest.mark.parametrize(
    ("sentence", "grades"),
    [
        ("Patients with chronic SCI (AIS A-C grades) were included.", ["A", "B", "C"]),
        ("Twelve patients with ASIA A–D injury were enrolled.", ["A", "B", "C", "D"]),
        ("Patients with AIS grade A, B or D injury were enrolled.", ["A", "B", "D"]),
        ("Four patients improved from ASIA A to C.", ["A"]),  # a change, not the range A-C
        ("Ten patients with American Spinal Injury Association class A or B injury.", ["A", "B"]),
        ("Inclusion: patients with SCI, ASIA Impairment Scale A-C.", ["A", "B", "C"]),
        ("Twenty patients were enrolled (9 for AIS A, 6 for B, and 5 for C).", ["A", "B", "C"]),
        ("Included: AIS grade A (n = 7), C (n = 2) or D (n = 1) SCI.", ["A", "C", "D"]),
        ("The patients had ASIA A: 11, B: 3.", ["A", "B"]),
        ("Eight patients (ASIA A, 5 improved to C) were enrolled.", ["A"]),
    ],
)
def test_baseline_grades_in_ranges_and_lists(sentence: str, grades: list[str]) -> None:
    assert read(sentence).population.ais_baseline == grades


@pytest.mark.parametrize(
    "text",
    [
        "REVIEW\n\nStem cells for spinal cord injury\n\nTwelve patients received intrathecal "
        "MSCs in one trial, and the ASIA motor score improved.",
        "Intrathecal MSCs for spinal cord injury: a systematic review and meta-analysis\n\n"
        "Across trials, 240 patients were enrolled and the ASIA motor score improved.",
        "Cell therapy for SCI\n\nThis chapter covers trials in which patients received "
        "intravenous umbilical cord MSCs.",
    ],
)
def test_a_review_gives_no_study_facts(text: str) -> None:
    record = read(text)
    assert record.arms == [] and record.outcomes == [] and record.population.enrolled is None


def test_a_trial_that_reviewed_records_is_no_review() -> None:
    record = read(
        "We reviewed the charts of twelve patients who were treated with intrathecal MSCs. "
        "The ASIA motor score improved."
    )
    assert [a.route for a in record.arms] == ["intrathecal"]


def test_a_protocol_reads_its_target_enrolment_and_future_control_arm() -> None:
    record = read(
        "We will conduct a randomized trial. The trial plans to recruit 48 chronic SCI patients. "
        "Patients will undergo randomization to two arms: the cell group and the control group. "
        "Patients in the cell group will receive intrathecal umbilical cord MSCs. Patients in "
        "the control group will receive intrathecal saline. The American Spinal Injury "
        "Association (ASIA) total score will be the primary outcome; the SCI Functional Rating "
        "Scale is a secondary outcome."
    )
    assert (record.population.enrolled, record.population.enrolment_type) == (48, "anticipated")
    assert [(a.role, a.route) for a in record.arms] == [
        ("experimental", "intrathecal"),
        ("control", "intrathecal"),
    ]
    assert {o.measure for o in record.outcomes} >= {"asia-total", "ianr-scifrs"}


@pytest.mark.parametrize(
    ("text", "enrolled"),
    [
        ("SCI patients were randomised to intrathecal MSCs (n = 33) or saline (n = 30).", 63),
        ("Patients were divided into an MSC group (n=20) and a control group (n=18).", 38),
        # groups that need not be the whole study: no enrolment rather than one group's count
        ("Intrathecal MSCs helped in acute (n = 12) and in chronic SCI (n = 9).", None),
        ("SCI patients received intrathecal MSCs (n = 24).", 24),
        (
            "Thirty SCI subjects were randomly selected from those given MSCs. Another thirty "
            "subjects with SCI had conventional therapy only and served as the control group.",
            60,
        ),
        ("Another 20 SCI patients were included as controls.", None),
        ("A pilot study of 7 subjects in each group (total 21 subjects) with SCI.", 21),
        ("Seven SCI patients (aged 18 to 40, all ASIA A) were treated with MSCs.", 7),
        ("Ten SCI patients in the MSC group were injected with MSCs, ten with saline.", None),
    ],
)
def test_group_counts_add_up_only_where_the_patients_are_shared_out(
    text: str, enrolled: int | None
) -> None:
    assert read(text).population.enrolled == enrolled


@pytest.mark.parametrize(
    ("sentence", "enrolled"),
    [
        (
            "In this pilot study, we investigated intrathecal autologous MSCs in nine patients "
            "with SCI.",
            9,
        ),
        ("We report the safety of intrathecal MSCs in 10 patients suffering from SCI.", 10),
        ("Intrathecal MSCs were given. We observed an improvement in 5 patients with SCI.", None),
    ],
)
def test_the_study_saying_whom_it_is_about(sentence: str, enrolled: int | None) -> None:
    assert read(sentence).population.enrolled == enrolled


def test_text_wrapped_at_a_fixed_width_is_read_as_sentences() -> None:
    record = read(
        "Methods: We conducted an open, uncontrolled study in 16 patients of both sexes aging\n"
        "between 20 to 60 years, with chronic thoracic spinal cord injury graded by the\n"
        "scale of the American Spinal Injury Association\n"
        "(ASIA) A - complete injury. Autologous bone marrow mesenchymal stem cells were injected\n"
        "into the lesion. Results: Five patients improved from ASIA A to ASIA C - incomplete\n"
        "injury.\n"
    )
    assert record.population.enrolled == 16
    assert (record.population.age_min, record.population.age_max) == (20, 60)
    assert record.population.ais_baseline == ["A"]
    assert record.population.completeness == "complete"
    assert record.title == "text"  # no line of it is a title: each goes on below


def test_a_full_stop_without_its_space_still_ends_the_sentence() -> None:
    text = "Thirty patients will receive UC-MSCs. Any adverse events will be monitored.The primary "
    record = read(text + "outcome is the rate of healed skin lesions.")
    assert [(o.measure, o.primary) for o in record.outcomes] == [("adverse-events", None)]
    view = text_view("All were safe.Three improved. Given i.v.Twice at 2.5 mg.Dose")
    # dots inside abbreviations and numbers are no full stops
    assert [s.text for s in view.sentences] == [
        "All were safe",
        "Three improved",
        "Given i.v.Twice at 2.5 mg.Dose",
    ]


def test_criteria_printed_as_plain_lines_stay_in_the_eligibility_list() -> None:
    text = (
        "Brief Summary\nTwenty patients with cirrhosis will receive intravenous MSCs.\n"
        "Exclusion Criteria:\nActive infection.\nA tumour seen on CT or MRI examination.\n"
        "Outcome Measures\nLiver function [Time Frame: 6 months]\n"
    )
    view = text_view(text)
    zones = {s.text: s.eligibility for s in view.sentences}
    assert zones["A tumour seen on CT or MRI examination"] == "exclusion"
    assert zones["Outcome Measures"] is None  # a heading ends the list
    assert "mri" not in {o.measure for o in read(text).outcomes}
    numbered = text_view("Inclusion criteria:\nAge over 18.\n5) Intervention:\nMSCs given.\n")
    assert [s.eligibility for s in numbered.sentences][-2:] == [None, None]


def test_table_cells_and_fields_are_not_joined_to_the_next_line() -> None:
    text = "Experimental: hUC-MSCs lumbar administration group\nlumbar puncture of 1 mL of cells\n"
    assert unwrapped(text) == text
    prose = "Patients with chronic spinal cord injury were treated with intrathecal\ncells.\n"
    assert unwrapped(prose) == prose.replace("intrathecal\n", "intrathecal ")


def test_a_keyword_line_is_no_title_and_states_no_fact() -> None:
    record = read(
        "Abstract\n"
        "Forty patients received umbilical cord MSCs intrathecally. The ASIA motor score "
        "improved.\n"
        "Keywords: spinal cord injury, spasm, acute injury, mesenchymal stem cells\n"
    )
    assert not record.title.startswith("Keywords")
    assert {o.measure for o in record.outcomes} == {"asia-motor"}
    assert record.population.sci_phase == []


def test_a_keyword_list_under_a_heading_states_no_fact() -> None:
    record = read(
        "Twelve patients received umbilical cord MSCs intrathecally.\n\n"
        "Keywords\n\n  • spasm\n  • acute spinal cord injury patients\n\n"
        "Introduction\n\nThe ASIA motor score improved.\n"
    )
    assert {o.measure for o in record.outcomes} == {"asia-motor"}
    assert record.population.sci_phase == []


def test_the_injury_phase_of_a_background_sentence_is_not_this_study() -> None:
    background = (
        "Cell therapy may help recovery after acute spinal cord injury, as earlier treatment "
        "trials suggest. "
    )
    assert read(background + "Twelve patients were enrolled.").population.sci_phase == []
    aim = read(background + "This work evaluates MSC transplantation to treat acute SCI.")
    assert aim.population.sci_phase == ["acute"]
    own = read(background + "Twelve patients with chronic spinal cord injury were enrolled.")
    assert own.population.sci_phase == ["chronic"]


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("After treatment the latency of evoked potentials was shortened.", "improved"),
        ("After treatment the latency of evoked potentials was reduced.", "improved"),
        ("After treatment the amplitude of motor evoked potentials was reduced.", "worsened"),
        ("After treatment the somatosensory evoked potentials increased.", None),
        ("After treatment the somatosensory evoked potentials improved.", "improved"),
        ("After treatment the MRI lesion length decreased.", "improved"),
    ],
)
def test_a_change_in_a_measure_of_several_quantities_needs_the_quantity(
    sentence: str, direction: str | None
) -> None:
    record = read(f"Ten patients received intrathecal MSCs. {sentence}")
    assert [o.direction for o in record.outcomes if o.measure != "adverse-events"] == [direction]


def test_an_intramuscular_route_is_kept_as_other() -> None:
    record = read(
        "One patient received Wharton's jelly MSCs by intrathecal, intramuscular and intravenous "
        "administrations."
    )
    routes = [(a.route, a.route_as_written) for a in record.arms]
    assert ("other", "intramuscular") in routes
    assert {r for r, _ in routes} == {"intrathecal", "other", "intravenous"}


# --- bad input ------------------------------------------------------------------------------------
def test_off_topic_document_gives_an_empty_record() -> None:
    record = extract_document(READER / "off-topic.txt")
    assert record.arms == [] and record.outcomes == [] and record.adverse_events == []
    assert record.design.phase is None and record.population.enrolled is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "no text"),
        (b"\x00\x01\x02binary", "binary"),
        (b"caf\xe9 au lait", "not UTF-8"),
        (b"<!DOCTYPE html><html><body><p>MSC trial</p></body></html>", "HTML"),
    ],
)
def test_bad_input_is_one_readable_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractionError) as info:
        extract_document(path)
    text = str(info.value)
    assert message in text and str(path) in text and "\n" not in text


def test_a_20_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.seek(20 * 1024 * 1024)
        handle.write(b"x")
    with pytest.raises(ExtractionError, match="larger than"):
        extract_document(path)
    assert path.stat().st_size > MAX_BYTES


def test_a_long_document_is_read(tmp_path: Path) -> None:
    item = next(i for i in CURATED if "000_" in i.record.document.path)
    text = item.document_text * 200  # about 700 kB of repeated abstract
    record = extract_text(text)
    assert record.design.phase == "1/2"


@pytest.mark.parametrize(
    "unit",
    [
        "patients with ",
        "1, 2, 3 and ",
        "ASIA A to ASIA B (3/6) or ",
        "AIS grade A, B, C, D, ",
        "at months 1, 4, 7 and ",
        "injected via the the the ",
        "1,000,",
        "\t12 months\n",
    ],
)
def test_repetitive_text_is_read_in_linear_time(unit: str) -> None:
    """Long runs of one pattern once made `re` backtrack for minutes; now they take moments."""
    text = unit * (40_000 // len(unit))
    record = extract_text(text)
    assert isinstance(record, StudyRecord)
    for span in record.evidence.values():
        assert text[span.start : span.end] == span.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=400,
    )
    | st.lists(
        st.sampled_from(
            [
                "1 × 106 cells/kg",
                " intrathecal ",
                "hUC-MSCs",
                "ASIA A",
                " improved to ",
                "(3/6)",
                " fever (14.1%)",
                " 12 of the 13 patients ",
                "phase 1/2",
                "NCT04213131",
                "\n",
                ". ",
                "no serious adverse events",
                " once a month for 4 months",
                " at 6 months",
                "10e8",
                "Inclusion Criteria:",
                "- ",
                "Seven",
                " patients",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_any_text_gives_a_valid_record_with_exact_spans(text: str) -> None:
    try:
        record = extract_text(text)
    except ExtractionError as exc:  # "<html ..." is refused as a web page, as documented
        assert "HTML" in str(exc)
        return
    assert isinstance(record, StudyRecord)
    for span in record.evidence.values():
        assert text[span.start : span.end] == span.text


def test_synthetic_benchmark_documents_read_back_to_their_records() -> None:
    """The benchmark corpus states its records in the seeds' number formats; read them back."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synth import generate

    pairs = [(extract_text(s.text, s.name), s.record) for s in generate(150, seed=7)]
    score = score_records(pairs)
    assert score.total.f1 >= 0.95, (score.extra[:10], score.missing[:10])


def test_document_kinds() -> None:
    article = "\n\n".join(
        [
            "A trial of MSCs",
            "Introduction\nText.",
            "Methods\nText.",
            "Discussion\nText.",
            "References\n1. X.",
        ]
    )
    assert read(article).document.kind == "full-text"
    abstract = "Background: SCI. Methods: MSCs were given. Results: None. Conclusions: Safe."
    assert read(abstract).document.kind == "abstract"
    headed = "Abstract\n\nBackground\n\nSCI.\n\nMethods\n\nMSCs were given.\n\nResults\n\nNone."
    assert read(headed).document.kind == "abstract"  # headings on lines of their own
    assert read("Some unrelated note about MSCs.").document.kind == "other"
    assert read("Results\nSome unrelated note about MSCs.").document.kind == "other"


def test_preparation_as_written() -> None:
    record = read(
        "Autologous culture-expanded BM-MSCs cultured in auto-serum were infused intravenously."
    )
    assert record.arms[0].product.preparation == "culture-expanded, cultured in auto-serum"


def test_mesh_list_reads_without_the_full_mesh_package(monkeypatch) -> None:
    """`pip install -e .` alone has no MeSH vocabulary package: the project's terms suffice."""
    from kg.sources import mesh_labels

    monkeypatch.setattr(mesh_labels, "_descriptors_by_label", dict)
    monkeypatch.setattr(mesh_labels, "_qualifiers_by_label", dict)
    item = next(i for i in CURATED if "000_" in i.record.document.path)
    record = extract_text(item.document_text, item.record.document.path)
    assert record.mesh == item.record.mesh


def test_lists_of_other_works_on_a_page_are_not_read() -> None:
    page = "\n".join(
        [
            "Study Results",
            "No results posted yet.",
            "Related Clinical Trials",
            "Intrathecal Bone Marrow Cells in Chronic Complete Spinal Cord Injury",
            "NCT09999991",
            "Umbilical Cord MSCs for Subacute Spinal Cord Injury, Phase 2",
            "NCT09999992",
            "Study Design",
            "Twelve patients with SCI will receive 50 million autologous adipose-derived MSCs "
            "by intrathecal injection.",
            "References",
            "1. Smith J. A phase 3 trial of cord blood cells in acute spinal cord injury. 2019.",
        ]
    )
    record = read(page)
    assert record.identifiers.registry == []
    assert record.design.phase is None
    assert record.population.sci_phase == [] and record.population.completeness is None
    assert record.population.enrolled == 12
    assert record.arms[0].product.source == "adipose-tissue"  # not the listed trials' sources
    assert record.arms[0].dose is not None and record.arms[0].dose.value == 5e7


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        ("This phase 2 trial of intrathecal MSCs in SCI follows on from a phase 1 trial.", "2"),
        ("This trial follows on from a phase 1 trial of intrathecal MSCs in SCI.", None),
        ("A previous phase I study showed that intrathecal MSCs are safe in SCI.", None),
        (
            "Study Type: | Interventional |\nRecruitment Status: | Completed |\n"
            "Allocation: | N/A |\nIntervention: intrathecal MSCs for spinal cord injury",
            None,
        ),
        (
            "Study Type: | Interventional |\nRecruitment Status: | Completed |\nPhase: | N/A |\n"
            "Intervention: intrathecal MSCs for spinal cord injury",
            "not-applicable",
        ),
    ],
)
def test_the_phase_is_this_studys_own(text: str, phase: str | None) -> None:
    assert read(text).design.phase == phase


def test_donor_named_only_in_the_aim_and_a_route_in_lay_words() -> None:
    record = read(
        "This study aims to test the safety of the patient's own bone marrow stem cells in "
        "chronic spinal cord injury. Twenty participants will be injected with cells grown from "
        "their bone marrow into the fluid surrounding the spinal cord."
    )
    arm = record.arms[0]
    assert (arm.product.donor, arm.route) == ("autologous", "intrathecal")


def test_randomly_divided_and_a_quality_of_life_instrument() -> None:
    record = read(
        "Forty patients with chronic SCI were randomly divided into an MSC group and a control "
        "group. The MSC group received intrathecal umbilical cord MSCs. WHOQOL-BREF scores "
        "improved significantly in the MSC group."
    )
    assert record.design.allocation == "randomized"
    qol = [o for o in record.outcomes if o.measure == "quality-of-life"]
    assert qol and (qol[0].direction, qol[0].significant) == ("improved", True)


def test_a_cue_written_as_a_noun_is_about_what_follows_it() -> None:
    record = read(
        "Twelve patients with SCI received intrathecal MSCs. Urodynamics showed an increase in "
        "maximum flow rate and bladder capacity, as well as a decrease in residual urine volume."
    )
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions["bladder-function"] == "improved"  # capacity rose; the decrease is in urine
    assert directions["residual-urine-volume"] == "improved"


@pytest.mark.parametrize(
    ("sentence", "follow_up"),
    [
        (
            "Twelve patients with SCI given MSCs were assessed at 6- and 12-month intervals.",
            ["P6M", "P12M"],
        ),
        (
            "Twelve SCI patients had MRI at baseline, 6 months, and 1 year after the infusion.",
            ["P6M", "P1Y"],
        ),
        (
            "Twelve SCI patients had a one-year follow-up; scores were assessed at 12 months.",
            ["P12M"],
        ),
        (
            "For SCI patients the follow-up is planned at day 7 and at 1 and 3 months.",
            ["P7D", "P1M", "P3M"],
        ),
        ("Scores of the SCI patients improved significantly after 12 months.", ["P12M"]),
        ("SCI patients were given MSCs after 6 months of rehabilitation.", []),
        ("SCI patients were treated at 6 months to 6.5 years after injury.", []),
        ("SCI patients were assessed at 6 to 12 months after transplantation.", ["P12M"]),
    ],
)
def test_follow_up_lists_hyphens_and_after(sentence: str, follow_up: list[str]) -> None:
    assert read(sentence).follow_up == follow_up


def test_a_time_frame_on_the_line_under_its_measure() -> None:
    record = read(
        "Wharton's jelly MSCs for chronic spinal cord injury\nOutcome measures\n"
        "Adverse events\nTime frame: 12 months\nASIA Impairment Scale\nTime frame: 6 months\n"
    )
    assert record.follow_up == ["P6M", "P12M"]
    timepoints = {o.measure: o.timepoint for o in record.outcomes}
    assert timepoints == {"adverse-events": "P12M", "ais-grade": "P6M"}


@pytest.mark.parametrize(
    ("text", "enrolled", "kind"),
    [
        ("Cells were made and given to all 12 enrolled participants with SCI.", 12, None),
        ("Twenty cases of SCI were randomly divided into two groups.", 20, None),
        ("This case series evaluated 48 patients with chronic SCI.", 48, None),
        (
            "Eight patients from 18 to 60 years of age with SCI will enter the study.",
            8,
            "anticipated",
        ),
        ("We conducted a trial involving 14 patients with chronic SCI (mean age, 40).", 14, None),
        ("We report the results of 16 patients who underwent MSC injection for SCI.", 16, None),
        ("A sample of 30 patients with SCI underwent intrathecal cell therapy.", 30, None),
        ("We transplanted cord blood cells into 21 patients with chronic SCI.", 21, None),
        (
            "15 patients with C4 SCI and aged 20 to 60 were intravenously infused with MSCs.",
            15,
            None,
        ),
        ("We present a phase 2 clinical trial in patients with SCI who received MSCs.", None, None),
    ],
)
def test_more_ways_to_state_the_enrolment(
    text: str, enrolled: int | None, kind: str | None
) -> None:
    population = read(text).population
    assert (population.enrolled, population.enrolment_type) == (enrolled, kind)


def test_a_pubmed_title_with_its_full_stop_but_not_a_sentence() -> None:
    title = "Umbilical cord MSCs in a man with chronic spinal cord injury: a case report."
    record = read(f"Send to\n{title}\nAuthor information\nTwenty patients with SCI were enrolled.")
    assert record.title == title[:-1]
    for sentence in (
        "This work evaluates intrathecal stem cell therapy in patients with spinal cord injury.",
        "Introduction: Stem cell transplantation is a promising therapy for spinal cord injury.",
        "Get a concise snapshot of the trial, including the study phase and enrollment targets.",
        "Intrathecal stem cells in patients with spinal cord injury led to gains in motor scores, "
        "researchers from two universities report in the Journal of Spinal Cord Studies today.",
    ):
        assert read(f"{sentence}\nTwenty patients with SCI were enrolled.").title != sentence


@pytest.mark.parametrize(
    ("text", "doi", "year"),
    [
        (
            "Mayo Clinic Proceedings\nVolume 95, Issue 2, February 2020, Pages 406-414\n"
            "https://doi.org/10.1016/j.mayocp.2019.10.008Get rights and content",
            "10.1016/j.mayocp.2019.10.008",
            2020,
        ),
        ("Publication Year :\n2016\nDOI: 10.1155/2016/6768274", "10.1155/2016/6768274", 2016),
    ],
)
def test_doi_and_year_of_journal_and_catalogue_pages(text: str, doi: str, year: int) -> None:
    record = read(text + "\nTwelve patients with SCI received intrathecal MSCs.")
    assert (record.identifiers.doi, record.year) == (doi, year)


def test_an_abbreviation_defined_inside_a_label_does_not_break_it() -> None:
    text = (
        "Nine patients with SCI received intrathecal MSCs. Measured by the American Spinal Injury "
        "Association (ASIA) scale, seven improved. The Spinal Cord Independence Measure (SCIM) III "
        "score improved. Cells were given by the (IV) route."
    )
    found = [(t.code, t.text) for t in find_terms("measure", text)]
    assert ("ais-grade", "American Spinal Injury Association (ASIA) scale") in found
    assert ("scim", "Spinal Cord Independence Measure (SCIM) III") in found
    # an abbreviation that does not spell the words before it is a word of its own
    assert [t.code for t in find_terms("route", text)] == ["intrathecal", "intravenous"]


@pytest.mark.parametrize(
    ("phrase", "codes"),
    [
        ("changes in motor and sensory function", ["motor-function", "sensory-function"]),
        ("recovery of the sensory and motor functions", ["sensory-function", "motor-function"]),
        (
            "ASIA scores (motor, light touch, and pinprick) rose",
            ["asia-total", "asia-motor", "asia-light-touch", "asia-pinprick"],
        ),
    ],
)
def test_a_noun_shared_by_several_measures(phrase: str, codes: list[str]) -> None:
    assert [t.code for t in measure_terms(phrase, 0, len(phrase))] == codes


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Eligibility: SCI patients, Age 18 to 65, both sexes.", (18, 65)),
        ("Thirteen SCI patients aged 21 to 66 received MSCs.", (21, 66)),
        ("SCI patients aged 20 to 30% of them female received MSCs.", (None, None)),
        ("Eight patients from 18 to 60 years of age with SCI will enter the study.", (18, 60)),
        ("Patients of either gender and 18-65 years old with SCI received MSCs.", (18, 65)),
        ("Inclusion: age more than 18 and less than 70 years; chronic SCI.", (18, 70)),
        ("SCI patients over 16 and under 60 years of age will receive MSCs.", (16, 60)),
        ("Inclusion: 20 years or older and 55 years or younger; SCI.", (20, 55)),
        ("Criteria: SCI; age >18 and <65.", (18, 65)),
        # bounds with neither years nor the word age are no ages
        ("SCI patients with more than 2 and less than 10 lesions received MSCs.", (None, None)),
    ],
)
def test_age_range_in_other_words(text: str, ages: tuple) -> None:
    population = read(text).population
    assert (population.age_min, population.age_max) == ages


def test_both_analysed_sets_in_one_sentence() -> None:
    population = read(
        "Twelve SCI patients received MSCs. Efficacy analysis was performed on nine patients, "
        "and safety analysis was performed on 11 patients."
    ).population
    assert (population.analysed_efficacy, population.analysed_safety) == (9, 11)


def test_more_labels_and_a_curly_apostrophe() -> None:
    record = read(
        "Ten SCI patients received MSCs prepared from the patients’ own bone marrow through "
        "lumbar tapping. They also showed electrophysiological improvement, and their life "
        "quality and sphincteric functions improved."
    )
    assert (record.arms[0].product.donor, record.arms[0].route) == ("autologous", "intrathecal")
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions["electrophysiology"] == "improved"
    assert directions["quality-of-life"] == "improved"
    assert directions["sphincter"] == "improved"


def test_a_placebo_named_as_the_alternative_is_a_control_arm() -> None:
    record = read(
        "Patients with subacute SCI will be treated with UC-MSC transplantation or placebo."
    )
    assert [arm.role for arm in record.arms] == ["experimental", "control"]
    assert record.design.controlled is True


@pytest.mark.parametrize(
    "text",
    [
        "Twenty patients received MSCs an average of 13 years after C5-T10 SCI.",
        "Seven SCI patients received two doses of MSCs, the second three months later by "
        "intrathecal injection.",
    ],
)
def test_time_since_injury_and_between_doses_is_no_follow_up(text: str) -> None:
    assert read(text).follow_up == []


def test_a_list_of_measures_whose_items_have_brackets() -> None:
    text = "Motor, walking index of SCI (WISCI), and SCIM scores did not change."
    assert [t.code for t in measure_terms(text, 0, len(text))] == ["asia-motor", "wisci", "scim"]


def test_grade_changes_written_with_the_count_first() -> None:
    record = read(
        "Twelve SCI patients received MSCs. Three AIS As (no motor or sensory function) improved "
        "one level to AIS B. One patient who had an AIS grade C improved to grade D. Four AIS B "
        "patients improved to C; two ASIA B patients did not change."
    )
    changes = [(t.from_, t.to, t.patients, t.of) for t in record.ais_transitions]
    assert changes == [("A", "B", 3, None), ("C", "D", 1, None), ("B", "C", 4, None)]
    assert record.population.ais_baseline == ["A", "B", "C"]


def test_registry_copy_masking_field_and_bracketed_time_frame() -> None:
    record = read(
        "Bone marrow cells for chronic spinal cord injury\nStudy Type:\nInterventional\n"
        "Masking:\nSingle (Outcomes Assessor)\nPrimary Outcome Measures:\n"
        "  1. Change in ASIA motor score from baseline. [12 months]\n"
    )
    assert record.design.masking == "single-blind"
    assert record.follow_up == ["P12M"]
    assert [(o.measure, o.timepoint) for o in record.outcomes] == [("asia-motor", "P12M")]


def test_an_allergic_reaction_with_its_share_written_first() -> None:
    record = read(
        "Forty SCI patients received intralesional MSCs. Complications were minimal, with 7.5% "
        "experiencing allergic skin reactions."
    )
    event = record.adverse_events[0]
    assert (event.term, event.as_written, event.percent) == (
        "other",
        "allergic skin reactions",
        7.5,
    )


def test_events_outside_the_record_codes_are_each_kept_as_other() -> None:
    record = read(
        "Twelve patients with chronic SCI were given allogeneic cord MSCs intravenously. Adverse "
        "events were a skin rash in 2 patients, graft-versus-host disease (n=1) and chills in "
        "3 patients. No CSF leak was seen."
    )
    assert [(e.term, e.as_written, e.patients) for e in record.adverse_events] == [
        ("other", "skin rash", 2),
        ("other", "graft-versus-host disease", 1),
        ("other", "chills", 3),
    ]


def test_shares_of_all_events_are_no_counts_of_patients() -> None:
    record = read(
        "Seven patients got intravenous MSCs. There were 20 AEs in total; the most common AEs "
        "were fever (6/20), pharyngitis (3/20) and headache (2/20)."
    )
    assert [(e.term, e.patients, e.at_risk) for e in record.adverse_events] == [
        ("fever", None, None),
        ("infection", None, None),
        ("headache", None, None),
    ]
    per_patient = read(
        "Ten patients got MSCs; 12 adverse events were seen. Fever occurred in 6/10 patients."
    )
    assert [(e.patients, e.at_risk) for e in per_patient.adverse_events] == [(6, 10)]


def test_a_scale_named_after_a_symptom_is_no_adverse_event() -> None:
    record = read(
        "Twenty patients with SCI received intrathecal MSCs. Fatigue Severity Scale scores "
        "improved, and no serious adverse events were reported."
    )
    assert record.adverse_events == []
    assert record.serious_adverse_events == 0


def test_a_registry_copy_with_fields_on_their_own_lines() -> None:
    record = read(
        "Exosomes for complete spinal cord injury\nStatus\nComplete\nTarget Recruitment\n60\n"
        "Study design\nRandomized\nInclusion criteria:\n"
        "- SCI, Asia Impairment Scale grade of A or B\n"
        "- 18 Years and older\nTrial end date:\n2024-01-01\nIntervention: intrathecal umbilical "
        "cord MSC-derived exosomes. Outcome: ASIA motor score. Timepoint: 6 months.\n"
    )
    assert record.document.kind == "registry-record"
    assert record.status == "Complete"
    population = record.population
    assert (population.enrolled, population.enrolment_type) == (60, "anticipated")
    assert (population.ais_baseline, population.age_min) == (["A", "B"], 18)
    assert [(o.measure, o.timepoint) for o in record.outcomes] == [("asia-motor", "P6M")]


def test_what_a_previous_report_found_is_not_this_studys_result() -> None:
    record = read(
        "In our previous report, 3 of 10 patients showed improvement in ADL. Sixteen chronic "
        "patients received intramedullary MSCs and were followed; outcome data were collected "
        "over 6 months. Motor function recovery was not observed."
    )
    assert record.responders == []
    assert record.follow_up == ["P6M"]
    assert {o.measure: o.direction for o in record.outcomes} == {"motor-function": "no-change"}


def test_compared_with_the_control_group_is_controlled() -> None:
    text = "Acute SCI patients will get intrathecal BM-MNCs and compare with the control group."
    assert read(text).design.controlled is True


def test_chronic_before_the_grade_and_cells_implanted_into_the_cord_area() -> None:
    record = read(
        "Chronic American Spinal Injury Association B status patients were selected. Surgeons "
        "implanted collagen scaffolds, loaded with bone marrow mononuclear cells (BMMCs), into "
        "the damaged spinal cord area."
    )
    assert record.population.sci_phase == ["chronic"]
    assert record.arms[0].route == "intraspinal"


def test_directions_from_regained_confirmed_from_to_and_not_a_lower_limb() -> None:
    record = read(
        "A patient with SCI received intrathecal WJ-MSCs. Muscle strength at the left lower "
        "extremity improved. The patient regained bladder control. Electrophysiological "
        "examinations confirmed the improvement. The ASIA total score changed from 112 to 231 "
        "points. The MAS score went from 3 to 1."
    )
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions["muscle-strength"] == "improved"
    assert directions["bladder-function"] == "improved"
    assert directions["electrophysiology"] == "improved"
    assert directions["asia-total"] == "improved"
    assert directions["mas"] == "improved"  # lower is better


def test_criteria_in_running_text_and_planned_assessments_report_nothing() -> None:
    record = read(
        "Thirty SCI patients will receive intrathecal MSCs. The inclusion criteria were "
        "MRI-confirmed complete SCI and no improvement within 6 months. Fever and any other side "
        "effect will be assessed."
    )
    assert record.adverse_events == []
    assert "mri" not in {o.measure for o in record.outcomes}


def test_a_dose_for_each_route_and_twice_monthly() -> None:
    record = read(
        "Ten patients with chronic SCI received intrathecal, intramuscular and intravenous "
        "WJ-MSCs twice monthly for 2 months, with each route receiving a dose of 1 × 106 cells/kg."
    )
    assert [(a.route, a.dose.value if a.dose else None) for a in record.arms] == [
        ("intrathecal", 1e6),
        ("other", 1e6),
        ("intravenous", 1e6),
    ]
    assert {a.interval for a in record.arms} == {None}  # twice a month is no monthly interval


def test_a_protocol_s_groups_in_words() -> None:
    record = read(
        "30 patients with spinal cord injury will be selected and will be divided randomly into "
        "two groups. 20 patients will receive intrathecal MSCs, and another 10 patients as a "
        "control group who accept neither stem cell therapy nor rehabilitation."
    )
    assert (record.population.enrolled, record.population.enrolment_type) == (30, "anticipated")
    assert record.design.allocation == "randomized"
    assert [a.role for a in record.arms] == ["experimental", "control"]


def test_placebo_after_a_bracketed_active_treatment_and_a_site_name_after_the_title() -> None:
    record = read(
        "Wharton's Jelly MSCs in Chronic Spinal Cord Injury: A Phase I Study | Newswise\n"
        "Patients were randomized to either the active treatment (2 doses of intrathecal WJ-MSC "
        "3 months apart) or to placebo."
    )
    assert record.title == "Wharton's Jelly MSCs in Chronic Spinal Cord Injury: A Phase I Study"
    assert [a.role for a in record.arms] == ["experimental", "control"]


def test_registry_copy_with_two_phases_and_a_status_in_capitals() -> None:
    record = read(
        "Bone marrow cells for spinal cord injury\nStudy Type:\nInterventional\n"
        "Status\nNOT_YET_RECRUITING\n"
        "Recruitment Status: see above\nPhase\nPhase 2\nPhase 1\n"
        "Intervention: intrathecal autologous bone marrow mononuclear cells\n"
    )
    assert (record.design.phase, record.status) == ("1/2", "Not yet recruiting")


def test_a_case_report_in_plain_words() -> None:
    record = read(
        "Abstract\nA 6-year-old girl with SCI received 2 doses of cell transplantation with "
        "autologous BMMNCs with an interval of 6 months. The patient did not have any major or "
        "minor side effects. Improved gait was seen as a result of better strength in the back "
        "extensors. MRI showed regeneration of the spinal cord, and sensory perception improved."
    )
    assert record.document.kind == "abstract"
    assert record.arms[0].interval == "P6M"
    assert record.serious_adverse_events == 0
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions["muscle-strength"] == "improved"
    assert directions["mri"] == "improved"
    assert directions["sensory-function"] == "improved"


def test_a_news_item_on_a_planned_trial() -> None:
    record = read(
        "Govt gives go-ahead for stem cell trials\nThe Hindu, January 11, 2008\n"
        "One group will get bone marrow cells extracted from the patient in the fluid around the "
        "spine, a second group into the spinal cord, and the third will be the control group. "
        "She was diagnosed after an X-ray, CT scan and MRI."
    )
    assert record.year == 2008
    assert {a.route for a in record.arms if a.role == "experimental"} == {
        "intrathecal",
        "intraspinal",
    }
    assert record.arms[0].product.donor == "autologous"
    assert "control" in {a.role for a in record.arms}
    assert "mri" not in {o.measure for o in record.outcomes}  # a test of the diagnosis


def test_uc_blood_and_weeks_after_the_spinal_injury() -> None:
    record = read(
        "Patients 3-52 weeks after their spinal injury received HLA-matched UC blood-derived "
        "stem cells intrathecally."
    )
    assert record.follow_up == []
    assert record.arms[0].product.source == "umbilical-cord-blood"


def test_a_registry_copy_in_bullets_and_an_estimated_size() -> None:
    record = read(
        "Bone marrow stem cells in spinal cord injury\n- Study Type\n- Interventional\n"
        "- Status\n- Open to Recruitment\n- Target Recruitment\n- 100\n"
        "Inclusion criteria: complete SCI (ASIA level A); no uncontrolled diabetes.\n"
        "Intervention: intrathecal autologous bone marrow cells.\n"
    )
    assert record.status == "Open to Recruitment"
    assert (record.population.enrolled, record.population.enrolment_type) == (100, "anticipated")
    assert record.population.ais_baseline == ["A"]
    assert (record.design.allocation, record.design.controlled) == (None, None)
    estimated = read(
        "This study of intrathecal MSCs in SCI plans 15 estimated patients."
    ).population
    assert (estimated.enrolled, estimated.enrolment_type) == (15, "anticipated")


def test_completeness_from_the_study_s_people_not_from_background() -> None:
    background = read(
        "Spinal cord injury can lead to partial or complete paraplegia. Ten patients with chronic "
        "SCI received intrathecal MSCs."
    )
    assert background.population.completeness is None
    mixed = read("Ten patients with either a partial or a full lesion received intrathecal MSCs.")
    assert mixed.population.completeness == "mixed"


def test_a_case_report_patient_and_an_aim_that_is_no_result() -> None:
    record = read(
        "A 33-year-old man who sustained an incomplete spinal cord injury was enrolled into a "
        "pilot study of intrathecal MSCs. He was then observed to see if his bowel and bladder "
        "dysfunction improved."
    )
    assert record.population.enrolled == 1
    assert {o.direction for o in record.outcomes} == {None}


def test_keyphrases_published_in_and_no_serious_safety_concerns() -> None:
    record = read(
        "Intrathecal MSCs in a man with chronic spinal cord injury\n"
        "Published in: Regenerative medicine (2023)\nKeyphrases\n• neuropathic pain\n"
        "A man with SCI received intrathecal MSCs. No serious safety concerns have occurred."
    )
    assert record.year == 2023
    assert "neuropathic-pain" not in {o.measure for o in record.outcomes}
    assert record.serious_adverse_events == 0


def test_an_adverse_event_the_text_denies_is_no_event() -> None:
    denied = read(
        "Twenty SCI patients received MSCs. MRI showed the injections were not associated with "
        "any adverse lesions such as hemorrhage or infections."
    )
    assert denied.adverse_events == []
    excepted = read(
        "Twenty SCI patients received MSCs. There were no adverse events except fever in two "
        "patients."
    )
    assert [ae.term for ae in excepted.adverse_events] == ["fever"]


@pytest.mark.parametrize(
    "text",
    [
        "Twenty SCI patients received intraspinal bone marrow cells. In the control group, all "
        "patients (n = 13) were treated only with decompression surgery.",
        "Ten SCI subjects received intrathecal MSCs, while the other 10 subjects received the "
        "standard care alone.",
        "Seventy SCI patients were treated with intrathecal cells or with physical therapy alone.",
        # the control named in passing
        "One group will receive intravenous MSCs; the other gets usual treatment (control group).",
        "Twenty patients received intrathecal MSCs and a control cohort of 10 patients was seen.",
        "Seven patients received intrathecal cells. Seven control subjects with the same injury "
        "would not receive any cells.",
    ],
)
def test_control_groups_named_by_what_they_got(text: str) -> None:
    record = read(text)
    assert [a.role for a in record.arms] == ["experimental", "control"]
    assert record.design.controlled is True


def test_a_trial_with_two_arms_and_what_animals_showed() -> None:
    record = read(
        "Journal of Spine Studies ›› 2024, Vol. 3 ›› Issue (1)\n"
        "This phase II trial with two arms, including treatment and control groups, gave "
        "intrathecal MSCs from the patients' own bone marrow. The cells resulted in increased "
        "motor scores in animal models."
    )
    assert record.year == 2024
    assert [a.role for a in record.arms] == ["experimental", "control"]
    assert record.arms[0].product.donor == "autologous"
    assert all(o.direction is None for o in record.outcomes)  # no result of this study


def test_years_since_a_fall_are_no_follow_up() -> None:
    text = (
        "A man paraplegic for the last nine years after a fall received MSCs; six weeks after "
        "the implant he walked."
    )
    assert read(text).follow_up == ["P6W"]


def test_an_event_after_a_denied_serious_one_is_still_read() -> None:
    record = read(
        "Twenty SCI patients received MSCs. There were no serious adverse events, and mild "
        "headache occurred in 3 patients."
    )
    assert [(ae.term, ae.patients) for ae in record.adverse_events] == [("headache", 3)]
    assert record.serious_adverse_events == 0


@pytest.mark.parametrize(
    ("text", "administrations"),
    [
        ("Ten SCI patients received three anatomically targeted intrathecal infusions of MSCs.", 3),
        ("SCI patients received between 15 and 30 applications of intrathecal MSCs.", None),
        ("Each SCI patient received two or three intrathecal injections of MSCs.", None),
        ("This phase 2 study of intravenous infusion of MSCs enrolled SCI patients.", None),
        ("Of 12 SCI patients, nine received an intravenous infusion of MSCs.", None),
        ("SCI patients were given a one time intravenous infusion of MSCs (4x10e8 cells).", 1),
    ],
)
def test_administration_counts_not_ranges_phases_or_people(
    text: str, administrations: int | None
) -> None:
    assert read(text).arms[0].administrations == administrations


def test_last_round_of_wordings() -> None:
    record = read(
        "By Jane Roe\n\nApr 3, 2024\n"
        "Abstract High-level quadriplegia is devastating. We report a woman with complete C2 SCI. "
        "The open-label study was conducted on 297 patients with SCI, who received intravenous "
        "4x10e8 cells from his bone marrow. There have been no complications following "
        "implantation. Motor and/or sensory functions improved, but no bladder function recovery "
        "was observed during the seven years of follow-up. Injuries at any level can cause "
        "increased muscle tone."
    )
    assert (record.year, record.document.kind) == (2024, "abstract")
    assert record.population.completeness == "complete"
    assert record.population.enrolled == 297
    assert record.arms[0].dose is not None and record.arms[0].dose.value == 4e8
    assert record.arms[0].product.donor == "autologous"
    assert record.serious_adverse_events == 0
    assert record.follow_up == ["P7Y"]
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions["motor-function"] == directions["sensory-function"] == "improved"
    assert directions["bladder-function"] == "no-change"
    assert "spasticity" not in directions and "mas" not in directions  # SCI in general


def test_a_protocol_population_that_will_consist_of_patients() -> None:
    population = read(
        "The study population will consist of 40 patients with complete SCI who will receive "
        "intraspinal bone marrow cells."
    ).population
    assert (population.enrolled, population.enrolment_type) == (40, "anticipated")


def test_into_the_spinal_canal_and_voluntary_movement() -> None:
    record = read(
        "Eight SCI patients received autologous bone marrow cells directly into the spinal canal. "
        "Voluntary movement improved in five of them."
    )
    assert record.arms[0].route == "intrathecal"
    assert {o.measure: o.direction for o in record.outcomes}["motor-function"] == "improved"


def test_a_score_that_was_higher_or_lower_is_a_change_but_a_higher_level_is_not() -> None:
    record = read(
        "Twelve patients with chronic SCI received intrathecal UC-MSCs. Motor function scores "
        "were higher after treatment. The MAS scores were significantly lower at 6 months. "
        "Patients with higher SCIM scores at baseline were also found in the control group."
    )
    directions = {o.measure: (o.direction, o.significant) for o in record.outcomes}
    assert directions["motor-function"] == ("improved", None)
    assert directions["mas"] == ("improved", True)  # lower is better
    assert directions["scim"] == (None, None)


def test_registry_copies_that_use_the_registry_field_names_or_a_status_and_phase_block() -> None:
    fields = read(
        "Umbilical cord MSCs for chronic spinal cord injury\n"
        "Overall Status: Recruiting\nEnrollment: 24\nStart Date: 2023-03\n"
        "Study Completion Date: 2026-12\nConditions: Spinal Cord Injuries\n"
    )
    assert (fields.document.kind, fields.status) == ("registry-record", "Recruiting")
    block = read(
        "Adipose MSCs in spinal cord injury\n\nStatus and phase\n\nTerminated\nPhase 1\n\n"
        "Study type\n\nInterventional\n"
    )
    assert (block.document.kind, block.status, block.design.phase) == (
        "registry-record",
        "Terminated",
        "1",
    )


def test_untoward_effects_denied_single_dose_and_a_two_dose_design() -> None:
    record = read(
        "Eight patients with SCI were treated. Single-dose (4 × 107) cells were given "
        "intrathecally in a single-center treatment programme. No untoward effects were noted."
    )
    assert record.serious_adverse_events == 0
    assert record.arms[0].administrations == 1
    crossover = read("A two-dose administration, placebo controlled trial of intrathecal MSCs.")
    assert crossover.arms[0].administrations == 2
    centre = read("Patients received a single-center treatment with intravenous MSCs.")
    assert centre.arms[0].administrations is None


def test_a_trial_that_seeks_to_enrol_and_a_eudract_number_in_the_who_form() -> None:
    record = read(
        "The trial, registered as EUCTR2019-004321-17-SE, seeks to enrol 30 patients who will "
        "receive intravenous MSCs."
    )
    assert (record.population.enrolled, record.population.enrolment_type) == (30, "anticipated")
    assert record.identifiers.registry == ["2019-004321-17"]


def test_lasting_recovery_and_what_the_cells_secrete() -> None:
    record = read(
        "A woman with SCI received cells secreting neurotrophic factors by intrathecal "
        "injection. She has lasting recovery of bladder function."
    )
    outcomes = {o.measure: o.direction for o in record.outcomes}
    assert outcomes == {"bladder-function": "improved"}


def test_a_volume_of_the_product_is_a_dose_only_without_a_cell_count() -> None:
    volume = read("One patient received 2.5 ml MSC suspension by intrathecal injection.")
    dose = volume.arms[0].dose
    assert (dose.value, dose.unit, dose.as_written) == (2.5, "mL", "2.5 ml")
    counted = read("Each patient received 4 mL of suspension holding 2 × 10^7 MSCs intravenously.")
    assert (counted.arms[0].dose.value, counted.arms[0].dose.unit) == (2e7, "cells")
    saline = read("Thirty mL of marrow was taken; MSCs in 5 ml of saline were given intravenously.")
    assert saline.arms[0].dose is None


@pytest.mark.parametrize(
    "result",
    [
        "At one year there was no sign of tumour, neurological deterioration or increased "
        "neuropathic pain or spasticity.",
        "At one year neuropathic pain and spasticity did not increase.",
        "At one year there was no increase in neuropathic pain or spasticity.",
    ],
)
def test_a_denied_worsening_is_no_change(result: str) -> None:
    record = read(
        "Twelve patients with SCI received intraspinal grafts of neural stem cells. " + result
    )
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions == {"neuropathic-pain": "no-change", "spasticity": "no-change"}


def test_a_negation_elsewhere_in_the_sentence_denies_no_change() -> None:
    record = read(
        "Ten patients received intrathecal MSCs. Although the study was not blinded, "
        "significant gains in quality of life were observed. Both patients with no motor "
        "function at baseline (no sensation either) improved in SCIM."
    )
    directions = {o.measure: o.direction for o in record.outcomes}
    assert directions["quality-of-life"] == "improved"
    assert directions["scim"] == "improved"


def test_enrolment_is_not_one_group_nor_more_patients_and_a_withdrawn_trial_enrolled_none() -> None:
    control = read(
        "In an open trial, neural stem cells were grafted into the lesion of eleven subjects "
        "with chronic SCI. In the control group, who received no cells, 9 patients were included."
    )
    assert control.population.enrolled == 11
    planned = read(
        "One patient received intraspinal iPSC-derived cells. The team plans to treat four "
        "more patients. We will enroll up to 3 participants in cohort 2."
    )
    assert planned.population.enrolled is None
    up_to = read("We will enroll up to 12 participants, who will receive intrathecal MSCs.")
    assert (up_to.population.enrolled, up_to.population.enrolment_type) == (12, "anticipated")
    withdrawn = read(
        "Recruitment Status : Withdrawn\nActual Enrollment : 0 participants\n"
        "Study Type : Interventional\nIntervention: intrathecal bone marrow cells\n"
    )
    assert (withdrawn.population.enrolled, withdrawn.population.enrolment_type) == (0, "actual")


@pytest.mark.parametrize(
    ("sentence", "completeness"),
    [
        (
            "Eight patients with neurologically complete, trauma-induced spinal lesions.",
            "complete",
        ),
        ("Eight patients with complete traumatic cord lesions took part.", "complete"),
        ("Of 14 patients, 10 were sensorimotor complete and 4 were incomplete.", "mixed"),
        (
            "Of 5 patients, 3 were complete and 2 were motor complete and sensory incomplete.",
            "mixed",
        ),
        ("The follow-up of all patients was complete.", None),
    ],
)
def test_completeness_with_words_between_or_said_of_the_patients(
    sentence: str, completeness: str | None
) -> None:
    record = read("Intraspinal Schwann cells were given in SCI. " + sentence)
    assert record.population.completeness == completeness


def test_non_placebo_control_only_counts_in_a_randomized_trial() -> None:
    open_label = read(
        "An open-label, non-randomized, non-placebo controlled study of Schwann cells."
    )
    assert open_label.design.controlled is None
    randomized = read("A randomized, non-placebo controlled trial of intrathecal MSCs in SCI.")
    assert randomized.design.controlled is True


def test_cells_into_the_cord_from_other_people_with_a_count_of_a_non_msc_type() -> None:
    record = read(
        "One patient with SCI had 3 million neural progenitor cells, made from other people's "
        "iPS cells, grafted into the injured cord."
    )
    arm = record.arms[0]
    assert (arm.route, arm.product.donor) == ("intraspinal", "allogeneic")
    assert (arm.dose.value, arm.dose.unit) == (3e6, "cells")
    umbilical = read("Cells were given to 8 patients with umbilical cord MSCs by IV infusion.")
    assert [a.route for a in umbilical.arms] == ["intravenous"]


def test_a_cue_is_judged_by_the_quantity_it_is_said_of() -> None:
    record = read(
        "Twenty patients with SCI received OEC grafts. Sympathetic skin response latencies "
        "were shorter and amplitudes increased after the grafts."
    )
    assert {o.measure: o.direction for o in record.outcomes} == {"electrophysiology": "improved"}
    smaller = read("Twenty SCI patients received MSCs. SSR amplitudes were smaller afterwards.")
    assert {o.measure: o.direction for o in smaller.outcomes} == {"electrophysiology": "worsened"}


@pytest.mark.parametrize(
    "result",
    [
        "The AIS grade improved in 5 of 16 patients, 3 (A → B) and 2 (C to D).",
        "Three patients improved from AIS A to B and two from ASIA C to D.",
    ],
)
def test_grade_changes_each_with_its_own_count(result: str) -> None:
    record = read("Sixteen patients with SCI received intrathecal MSCs. " + result)
    changes = [(t.from_, t.to, t.patients, t.of) for t in record.ais_transitions]
    assert changes == [("A", "B", 3, None), ("C", "D", 2, None)]
    assert record.population.ais_baseline == ["A", "C"]


def test_a_change_from_a_to_b_outside_a_grade_sentence_is_no_transition() -> None:
    record = read("Ten patients received MSCs. Two patients moved from ward A to B after surgery.")
    assert record.ais_transitions == []


def test_an_eligibility_heading_with_a_word_before_it() -> None:
    record = read(
        "Schwann cells for chronic SCI\nTen participants will receive autologous Schwann cells.\n"
        "Participant inclusion criteria:\n  • AIS grade A or B, tested on the ISNCSCI motor exam;\n"
        "  • a lesion shorter than 3 cm on MRI.\n"
        "Subject exclusion criteria (a selection):\n  • fever or infection.\n"
    )
    assert record.outcomes == [] and record.adverse_events == []
    assert record.population.ais_baseline == ["A", "B"]


def test_a_registry_arm_takes_its_route_from_the_intervention_beside_it() -> None:
    record = read(
        "Marrow cells in SCI\nStudy Type : | Interventional |\nRecruitment Status :\nRecruiting\n\n"
        "Arm | Intervention/treatment |\n---|---|\n"
        "Experimental: Cell group\nautologous marrow mononuclear cells\n|\n"
        "Biological: marrow mononuclear cells\nThe cells are infused intravenously. |\n"
        "No Intervention: Control\nRehabilitation only\n|\n"
    )
    assert [(a.role, a.route) for a in record.arms] == [
        ("experimental", "intravenous"),
        ("control", None),
    ]


def test_an_intervention_shared_by_all_arms_gives_no_arm_its_route() -> None:
    record = read(
        "MSCs in SCI\nStudy Type : | Interventional |\nRecruitment Status :\nRecruiting\n\n"
        "Arm | Intervention/treatment |\n---|---|\n"
        "Experimental: Group 1\numbilical cord MSCs\n|\n"
        "Other: cell therapy\nPatients receive MSCs intravenously or intrathecally. |\n"
    )
    assert [(a.role, a.route) for a in record.arms] == [("experimental", None)]


def test_no_title_from_a_keyword_line_or_a_lay_sentence_of_plans() -> None:
    keywords = read(
        "Journal of Cord Repair\n\nchronic spinal cord injury, glial cell grafting, safety, "
        "outcome\n\nForty patients with SCI received intraspinal cells.\n"
    )
    assert keywords.title == "text"
    plans = read(
        "Doctors have grafted stem cells into a man with SCI.\n"
        "The team plans to give the cell transplant to six more patients with spinal injury.\n"
    )
    assert plans.title == "text"
    listed = read("Safety, feasibility, and efficacy of stem cells in spinal cord injury\n")
    assert listed.title == "Safety, feasibility, and efficacy of stem cells in spinal cord injury"


def test_a_news_page_closing_headlines_of_other_stories_are_not_read() -> None:
    story = (
        "Surgeons grafted two million neural cells into a man with a spinal cord injury.\n"
        "The man is recovering well.\n\n"
    )
    headlines = (
        "Drug Maker Reports Strong Phase 3 Results in Lung Cancer\n"
        "Is the market ready? experts weigh the risks for investors\n"
        "Council Votes to Improve Muscle Strength Programmes in Schools\n"
        "Storm Closes Airports Across the North\nMarkets Sli"
    )
    record = read(story + headlines)
    assert record.design.phase is None
    assert record.outcomes == []
    closing_prose = read(story + headlines.replace("Markets Sli", "Phase 3 trials follow.\n"))
    assert closing_prose.design.phase == "3"  # not a closing run: prose follows it


def test_a_cell_type_outside_the_list_still_makes_an_arm_of_type_other() -> None:
    record = read(
        "A Study of Autologous Activated Macrophages in Complete Spinal Cord Injury\n"
        "The cells are being tested in acute complete SCI."
    )
    arm = record.arms[0]
    assert (arm.role, arm.product.kind, arm.product.cell_type, arm.product.donor) == (
        "experimental",
        "cells",
        "other",
        "autologous",
    )
    factor = read("Patients received bone marrow cells with granulocyte macrophage-colony factor.")
    assert factor.arms[0].product.cell_type is None


@pytest.mark.parametrize(
    ("sentence", "dose"),
    [
        ("Patients got MSCs (3 × 10(7) /injection) intrathecally.", (3e7, "cells")),
        ("MSCs were given intravenously at 5 × 10 4 /µl.", (5e4, "cells/uL")),
        ("MSCs were given intravenously; platelets were 150 /µl.", None),
    ],
)
def test_a_dose_with_its_cells_left_unsaid(sentence: str, dose: tuple | None) -> None:
    arm = read("Ten patients with SCI took part. " + sentence).arms[0]
    assert (arm.dose.value, arm.dose.unit) == dose if dose else arm.dose is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Forty adults were randomly assigned to either one intravenous infusion of MSCs or "
        "normal saline.",
        "One intravenous infusion of MSCs or placebo will be given at the first visit.",
        "Patients were randomized to intravenous MSCs or standard of care.",
    ],
)
def test_a_comparison_group_given_saline_placebo_or_standard_care(sentence: str) -> None:
    record = read("A trial in spinal cord injury. " + sentence)
    assert record.design.controlled is True
    assert [(a.role, a.product.kind, a.route) for a in record.arms] == [
        ("experimental", "cells", "intravenous"),
        ("control", "none", "intravenous" if "infusion" in sentence else None),
    ]


def test_controls_compared_sites_and_an_age_range_field() -> None:
    record = read(
        "Intravenous MSCs in Children With SCI Compared With Historical and Untreated Controls\n"
        "The study runs at six sites in Europe. Each child is injected at 12 sites.\n"
        "Age Range: 4-16\n"
    )
    assert record.design.controlled is True
    assert record.design.centers == "multi"
    assert (record.population.age_min, record.population.age_max) == (4, 16)
    body_sites = read("Intravenous MSCs for SCI. MSCs were injected at 12 sites of the back.")
    assert body_sites.design.centers is None
    around = read("Intravenous MSCs for SCI. Cells went in at six sites (2 above the lesion).")
    assert around.design.centers is None
    units = read("MSCs for SCI were tested at five centres in the spinal injury units of Spain.")
    assert units.design.centers == "multi"


def test_a_volume_before_the_act_an_n_patient_study_and_a_result_at_a_time_point() -> None:
    record = read(
        "In the 14-patient study, each received a single 20-mL intrathecal injection of MSCs. "
        "At 24 weeks, 9 of 14 patients had improved SCIM scores."
    )
    assert record.population.enrolled == 14
    assert record.arms[0].administrations == 1
    assert record.follow_up == ["P24W"]
    dosing = read("Ten patients received IV MSCs. At 2 weeks, patients received a second dose.")
    assert dosing.follow_up == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Patients inhaled nebulized MSC exosomes daily for 5 days.",
        "MSC exosomes were given intranasally twice a week.",
        "MSCs were injected into the brain by stereotactic surgery.",
    ],
)
def test_a_route_outside_the_list_is_other(sentence: str) -> None:
    record = read("An open-labelled pilot study in 8 patients with SCI. " + sentence)
    assert [a.route for a in record.arms] == ["other"]
    assert record.design.masking == "open-label"


def test_an_abbreviation_the_text_defines_as_another_concept() -> None:
    record = read(
        "Forty patients received either one intra-articular (IA) injection of MSCs or saline. "
        "The IA injection was well tolerated."
    )
    assert {a.route for a in record.arms} == {"other"}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # bare initials that name no tissue: a university, a disease
        ("A trial at UC Irvine gave autologous bone marrow MSCs intrathecally.", "bone-marrow"),
        ("Ten patients with active UC received intravenous MSCs.", None),
        ("Patients at UCB Berkeley received adipose MSCs.", "adipose-tissue"),
        # initials that qualify the cells, or that the text defines
        ("Patients received UC MSCs intravenously.", "umbilical-cord"),
        ("BM-derived MSCs were injected intrathecally.", "bone-marrow"),
        ("Twelve patients had an autologous BM transplant by lumbar puncture.", "bone-marrow"),
    ],
)
def test_a_source_named_by_bare_initials_only_where_it_qualifies_the_cells(
    text: str, source: str | None
) -> None:
    assert {a.product.source for a in read(text).arms} == {source}


def test_a_baseline_grade_names_no_outcome() -> None:
    assert read("Ten patients with AIS A injuries received intrathecal MSCs.").outcomes == []
    changed = read("Ten patients with AIS A injuries got MSCs. Two improved to AIS C.")
    assert [(o.measure, o.direction) for o in changed.outcomes] == [("ais-grade", "improved")]
    named = read("Ten SCI patients got MSCs. The primary outcome is the AIS grade.")
    assert [(o.measure, o.primary) for o in named.outcomes] == [("ais-grade", True)]


def test_a_measured_source_tissue_is_not_the_cells_source() -> None:
    record = read(
        "Allogeneic MSCs will be infused intravenously.\nOutcome: change of peripheral blood "
        "B and T cells [Time Frame: 3 months]\n"
    )
    assert record.arms[0].product.source is None


def test_bare_source_initials_the_text_defines_are_that_source() -> None:
    text = "MSCs from umbilical cord (UC) were used; UC was chosen for its yield."
    found = [(t.code, t.text) for t in find_terms("source", text)]
    assert found == [("umbilical-cord", "umbilical cord"), ("umbilical-cord", "UC")]


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("2.0 × 10^8 nano vesicles", 2e8),
        ("1 × 10^10 exosomes", 1e10),
        ("5 × 10^9 EVs", 5e9),
    ],
)
def test_exosome_doses_counted_in_vesicles_are_particles(written: str, value: float) -> None:
    record = read(f"Eight SCI patients received {written} of MSC exosomes intravenously.")
    assert (record.arms[0].dose.value, record.arms[0].dose.unit) == (value, "particles")


def test_a_registry_copy_with_a_blank_line_after_status_and_a_results_badge() -> None:
    record = read(
        "MSC exosomes in SCI\nBrief Summary\nA pilot study.\nDetailed Description\nMore.\n"
        "Status\n\nCompleted No Results Posted\n"
    )
    assert (record.document.kind, record.status) == ("registry-record", "Completed")


def test_treatment_after_onset_and_a_number_ending_a_name_are_no_follow_up() -> None:
    record = read(
        "Patients will receive 100 microgram of MSC exosomes loaded with miR-21, two weeks "
        "after the bleed, by intramuscular injection."
    )
    assert record.follow_up == []


@pytest.mark.parametrize(
    ("sentence", "phase"),
    [("This phase I & II trial tested MSCs.", "1/2"), ("A phase II and III trial of MSCs.", "2/3")],
)
def test_two_phases_joined_by_and(sentence: str, phase: str) -> None:
    assert read(sentence).design.phase == phase


def test_a_control_group_named_after_its_count_and_no_doses_from_groups_or_visits() -> None:
    record = read(
        "Twelve adults received intravenous MSCs in one of three dose groups, and had follow-up "
        "visits at weeks 10, 20 and 30; 10 underwent sham infusion as a control group."
    )
    assert record.design.controlled is True
    assert [(a.role, a.administrations) for a in record.arms] == [
        ("experimental", None),
        ("control", None),
    ]


def test_a_route_from_earlier_literature_is_not_this_studys() -> None:
    record = read(
        "Based on previous literature, intravenous MSC exosomes improve recovery. Patients "
        "will receive 200 microgram of MSC exosomes by intracerebral injection."
    )
    assert [a.route for a in record.arms] == ["other"]


def test_registry_rows_take_the_titles_one_route_and_keep_a_row_the_page_cut() -> None:
    record = read(
        "Intravenous Dental Pulp Stem Cells in Chronic Spinal Cord Injury\n"
        "Study Type : | Interventional |\nRecruitment Status :\nRecruiting\n\n"
        "Arm | Intervention/treatment |\n---|---|\n"
        "Experimental: Low dose\ndental pulp MSCs, 1 million per kg\n|\n"
        "Biological: DP-MSC\nOne dose. |\n"
        "Experimental: High dose\ndental pulp MSCs, 3 million per kg, given"
    )
    assert [(a.label, a.route, a.product.source) for a in record.arms] == [
        ("Low dose", "intravenous", "other"),
        ("High dose", "intravenous", "other"),
    ]


@pytest.mark.parametrize(
    ("sentence", "direction"),
    [
        ("The sensation level decreased from T12 to L2.", "improved"),
        ("The level of sensation rose from T10 to T8 in one patient.", "worsened"),
    ],
)
def test_a_level_that_moves_down_the_cord_is_a_gain(sentence: str, direction: str) -> None:
    record = read("Ten SCI patients received intrathecal MSCs. " + sentence)
    assert {o.measure: o.direction for o in record.outcomes} == {"sensory-function": direction}


def test_grade_letters_as_nouns_in_a_text_that_names_the_scale() -> None:
    record = read(
        "Twelve patients with AIS A-C SCI received MSCs.\n"
        "  • Three As improved to B.\n  • Two Bs became Cs.\n"
    )
    assert [(t.from_, t.to, t.patients) for t in record.ais_transitions] == [
        ("A", "B", 3),
        ("B", "C", 2),
    ]
    unnamed = read("Ten patients received MSCs. Three As improved to B.")
    assert unnamed.ais_transitions == []


def test_a_measure_in_the_patients_state_before_treatment_is_no_outcome() -> None:
    record = read(
        "Ten patients with SCI received intravenous MSCs. Their symptoms involved sensory loss "
        "and bladder dysfunction. One patient presented with spasticity, which improved."
    )
    assert {o.measure: o.direction for o in record.outcomes} == {"spasticity": "improved"}


def test_a_common_abbreviation_does_not_end_a_sentence() -> None:
    record = read(
        "Twenty patients with SCI (subacute vs. chronic injury) received intrathecal MSCs."
    )
    assert record.population.sci_phase == ["subacute", "chronic"]


def test_counts_of_times_and_transfusions_and_controls_named_by_heading_or_placebo() -> None:
    times = read("Patients with SCI were injected (3 times) with intrathecal MSCs.")
    assert times.arms[0].administrations == 3
    frequency = read("MSCs were infused intrathecally three times a week in SCI.")
    assert frequency.arms[0].administrations is None
    transfusions = read("Patients with SCI received four transfusions of intravenous MSCs.")
    assert transfusions.arms[0].administrations == 4
    placebo = read(
        "Intravenous MSCs for SCI\nPatients receive intravenous umbilical cord MSCs.\n"
        "intravenous placebo solution of the same look as the cells.\n"
    )
    assert [(a.role, a.route) for a in placebo.arms] == [
        ("experimental", "intravenous"),
        ("control", "intravenous"),
    ]
    heading = read(
        "Experimental Group\nPatients receive intramuscular hUC-MSCs.\n"
        "Conventional therapy group\nBlood glucose management only.\n"
    )
    assert [a.role for a in heading.arms] == ["experimental", "control"]


def test_a_title_of_msc_words_and_no_title_from_a_line_of_prose_ending_in_a_semicolon() -> None:
    record = read(
        "Allogeneic MSCs shown as safe in a cerebral palsy trial\n\n"
        "Ten patients will be enrolled, of which 5 will receive stem cells;\n"
    )
    assert record.title == "Allogeneic MSCs shown as safe in a cerebral palsy trial"
    prose = read("Ten patients will be enrolled, of which 5 will receive stem cells;\n")
    assert prose.title == "text"


def test_a_registry_of_the_who_platform_prints_its_fields_run_together() -> None:
    record = read(
        "Cells for SCI\nJRCT ID: jRCT2031220004\nRecruitment status Recruiting\n"
        "Date of first enrollment01/03/2023\nTarget sample size24\n"
        "Inclusion: patients aged between 18 and 70 at the time of consent.\n"
    )
    assert record.document.kind == "registry-record"
    assert (record.identifiers.registry, record.status) == (["jRCT2031220004"], "Recruiting")
    assert (record.population.enrolled, record.population.enrolment_type) == (24, "anticipated")
    assert (record.population.age_min, record.population.age_max) == (18, 70)


def test_time_after_sustaining_the_injury_serious_events_completely_and_a_running_head() -> None:
    record = read(
        "Spinal Repair, Vol. 9, pp. 101–112, 2015\n"
        "Patients with completely spinal cord injury were included six to eight weeks after "
        "sustaining trauma and received intraspinal grafts of olfactory ensheathing cells. "
        "There were no reported serious events."
    )
    assert record.year == 2015
    assert record.follow_up == []
    assert record.population.completeness == "complete"
    assert record.serious_adverse_events == 0


def test_a_registry_listing_two_products_without_arm_rows_gives_two_arms() -> None:
    record = read(
        "Scaffolds with cells in chronic SCI\nStudy Type: Interventional\nRecruitment Status: "
        "Unknown\nInterventions\nBiological: collagen scaffold/neural stem cells transplantation\n"
        "Biological: collagen scaffold/mesenchymal stem cells transplantation\n"
    )
    assert [a.product.cell_type for a in record.arms] == [
        "neural-stem-cell",
        "mesenchymal-stromal-cell",
    ]
    one = read(
        "MSCs in chronic SCI\nStudy Type: Interventional\nRecruitment Status: Unknown\n"
        "Interventions\nBiological: intrathecal mesenchymal stem cells\n"
    )
    assert [(a.product.cell_type, a.route) for a in one.arms] == [
        ("mesenchymal-stromal-cell", "intrathecal")
    ]


def test_an_event_that_brought_a_patient_back_to_hospital() -> None:
    record = read(
        "Ten SCI patients received intrathecal MSCs. One patient was readmitted with headache "
        "and vomiting."
    )
    assert [(e.term, e.patients) for e in record.adverse_events] == [
        ("headache", 1),
        ("vomiting", 1),
    ]


@pytest.mark.parametrize(
    "schedule",
    [
        "The first intrathecal injection holds 2 million MSCs, the second 4 million MSCs.",
        "Patients get three intrathecal injections of MSCs, of 2 million, 4 million and 6 million "
        "cells.",
    ],
)
def test_rising_doses_give_no_one_dose(schedule: str) -> None:
    record = read("Nine patients with SCI took part. " + schedule)
    assert record.arms[0].dose is None


def test_one_dose_per_kg_with_its_total_stays() -> None:
    record = read("Patients received intrathecal MSCs at 1 × 10^6 cells/kg (total 7 × 10^7 cells).")
    assert (record.arms[0].dose.value, record.arms[0].dose.unit) == (1e6, "cells/kg")


def test_criteria_numbered_one_dot_stay_inside_their_list() -> None:
    record = read(
        "Cells after stroke\nRegistration Number\nCTRI/2099/01/000001\nTarget Recruitment\n60\n"
        "Inclusion Criteria\n1. Age 30 to 75 years\n2. A brain scan with MRI shows the infarct.\n"
        "3. Barthel index of 40 or less at entry.\nExclusion Criteria\n"
        "1. Needs help with activities of daily living.\n"
    )
    assert record.outcomes == []
    assert (record.population.age_min, record.population.age_max) == (30, 75)


def test_a_lay_page_of_an_ms_trial_by_vein_with_a_sham_group() -> None:
    record = read(
        "A team has reported a phase 2 trial of stem cell therapy in MS. Forty people with MS "
        "took part. One group received MSCs by vein and one group received a sham treatment."
    )
    assert record.population.enrolled == 40
    assert record.design.controlled is True
    assert [(a.role, a.route) for a in record.arms] == [
        ("experimental", "intravenous"),
        ("control", None),
    ]


def test_doses_of_dose_groups_an_interval_in_brackets_and_eye_routes() -> None:
    record = read(
        "Nine patients received three repeated intravitreal injections of MSCs (4-week intervals): "
        "three at a low dose (1 × 10^7 cells) and six at a high dose (3 × 10^7 cells)."
    )
    arm = record.arms[0]
    assert (arm.route, arm.interval, arm.dose) == ("other", "P4W", None)
    status = read(
        "MSCs in ALS\nStudy Type: Interventional\nRecruitment Status: Active/not recruiting\n"
        "Target enrollment: 20\n"
    )
    assert status.status == "Active/not recruiting"


def test_the_country_code_ending_a_registry_number_is_no_route() -> None:
    record = read("The trial EUCTR2012-000518-13-IT tested intravenous MSCs in ALS.")
    assert [a.route for a in record.arms] == ["intravenous"]


@pytest.mark.parametrize(
    ("sentence", "measure", "direction"),
    [
        ("His bladder function was restored.", "bladder-function", "improved"),
        ("The spasms disappeared.", "spasm", "improved"),
        ("His neuropathic pain was gone.", "neuropathic-pain", "improved"),
        ("He progressed from ASIA Grade A to ASIA Grade C.", "ais-grade", "improved"),
        ("He began to get back sensation in his legs.", "sensory-function", "improved"),
        ("Improvement in ASIA motor score was detected in 4 of 6.", "asia-motor", "improved"),
        ("A rise in SCIM III scores was noted.", "scim", "improved"),
    ],
)
def test_lay_words_of_change(sentence: str, measure: str, direction: str) -> None:
    record = read("A man with SCI received intrathecal MSCs. " + sentence)
    assert {o.measure: o.direction for o in record.outcomes}[measure] == direction


def test_a_long_term_follow_up_of_paraplegics_given_donated_fetal_cells() -> None:
    record = read(
        "This observational study will follow 12 paraplegics who received intraspinal "
        "transplants of cells made from donated foetal tissue. It is a long-term follow-up of "
        "the participants in the Phase I/II trial of those cells. They will be monitored for "
        "complications for a further six years."
    )
    assert (record.population.enrolled, record.population.enrolment_type) == (12, "anticipated")
    assert record.design.phase is None
    assert record.arms[0].product.donor == "allogeneic"
    assert record.follow_up == ["P6Y"]


def test_lay_words_for_measures_sources_and_sites() -> None:
    record = read(
        "Patients with American Spinal Cord Injury Association (ASIA) Grade A injury received "
        "CD34+ stem cells from leukapheresis, taken from their own body and injected into the "
        "injured area. Control of urination improved over the first 12 post-operative months."
    )
    arm = record.arms[0]
    assert (arm.product.cell_type, arm.product.source, arm.product.donor, arm.route) == (
        "other",
        "other",
        "autologous",
        "intraspinal",
    )
    assert record.population.ais_baseline == ["A"]
    assert {o.measure: o.direction for o in record.outcomes} == {"bladder-function": "improved"}
    assert record.follow_up == ["P12M"]


def test_exosomes_of_named_parent_cells_with_placebo_infusions_and_design_words() -> None:
    record = read(
        "Publication Date\n\n6-23-2023\n\nIn this triple-blinded, single-institution trial, 33 "
        "veterans were treated with infusions of placebo or of PMSC-derived exosomes given 14 "
        "to 21 days apart; 58 knees (n=58) were examined."
    )
    assert record.year == 2023
    assert (record.design.masking, record.design.centers) == ("double-blind", "single")
    assert record.population.enrolled == 33
    arms = [(a.role, a.product.kind, a.product.cell_type, a.interval) for a in record.arms]
    assert arms == [
        ("experimental", "exosomes", "mesenchymal-stromal-cell", None),
        ("control", "none", None, None),
    ]


def test_a_journal_citation_year_and_parental_donors() -> None:
    record = read(
        "Bone Marrow Transplantation (2009) 43, 447–454; published online 27 October 2008\n"
        "Children received MSCs from parental donors by intravenous infusion."
    )
    assert record.year == 2009
    assert record.arms[0].product.donor == "allogeneic"


def test_a_journal_page_with_a_year_first_header_and_a_lower_case_abstract_heading() -> None:
    record = read(
        "Journal of Cord Repair\u00a0 2021, Vol. 9 Issue (2): 106-116\n"
        "Olfactory cells in chronic spinal cord injury\n\nabstract\n"
        "Observation was done on 13 patients with olfactory cell transplantation into the "
        "syrinx, and the 6 mo follow-up showed improved ASIA classification."
    )
    assert (record.year, record.document.kind) == (2021, "abstract")
    assert record.population.enrolled == 13
    assert record.arms[0].route == "intraspinal"
    assert record.follow_up == ["P6M"]


def test_stem_cell_counts_a_control_line_allografts_and_roman_phases() -> None:
    record = read(
        "A Phase Ⅱ trial of cord blood cell allografts in acute contusion spinal cord injury\n"
        "Patients received three stem cell injections into the cord.\nControl group\n"
        "Rehabilitation only.\n"
    )
    assert record.design.phase == "2"
    assert record.population.sci_phase == ["acute"]
    assert [(a.role, a.administrations) for a in record.arms] == [
        ("experimental", 3),
        ("control", None),
    ]
    assert record.arms[0].product.donor == "allogeneic"
    twice = read("Inclusion criteria: adults.\nInclusion criteria: SCI.\nMSCs were given.")
    assert twice.document.kind != "registry-record"  # one field name written twice


def test_baseline_grades_joined_by_a_slash() -> None:
    record = read("Ten patients with chronic SCI (ASIA A/B) received intrathecal MSCs.")
    assert record.population.ais_baseline == ["A", "B"]


def test_two_products_of_different_sources_given_together_are_two_products() -> None:
    record = read(
        "The study assesses autologous bone marrow mononuclear cells and allogeneic umbilical "
        "cord-derived mesenchymal stem cells administered to 20 subjects with SCI. The cells are "
        "given intrathecally and intravenously."
    )
    arms = {(a.product.cell_type, a.product.source, a.product.donor, a.route) for a in record.arms}
    assert arms == {
        ("bone-marrow-mononuclear-cell", "bone-marrow", "autologous", "intrathecal"),
        ("bone-marrow-mononuclear-cell", "bone-marrow", "autologous", "intravenous"),
        ("mesenchymal-stromal-cell", "umbilical-cord", "allogeneic", "intrathecal"),
        ("mesenchymal-stromal-cell", "umbilical-cord", "allogeneic", "intravenous"),
    }


def test_two_cell_types_of_one_source_or_a_method_step_stay_one_product() -> None:
    one_source = read(
        "Co-transplantation of autologous bone marrow-derived MSCs and Schwann cells was done "
        "by intrathecal injection."
    )
    assert len(one_source.arms) == 1
    method = read(
        "Bone marrow mononuclear cells were isolated and umbilical cord MSCs were expanded; the "
        "MSCs were injected intrathecally."
    )
    assert len(method.arms) == 1


def test_cells_named_by_a_product_code_and_a_planned_total() -> None:
    record = read(
        "Five patients with complete thoracic SCI were administered two million AST-OPC1 cells "
        "at the injury site. The study lacks a control group."
    )
    assert record.population.enrolled == 5
    assert (record.arms[0].dose.value, record.arms[0].route) == (2e6, "intraspinal")
    assert record.design.controlled is False
    planned = read("A total of 18 subjects with chronic SCI will be randomized to UCBMNC groups.")
    assert (planned.population.enrolled, planned.population.enrolment_type) == (18, "anticipated")
    code = read("Patients had NSI-566 transplantation of neural stem cells into the SCI site.")
    assert [(a.route, a.administrations) for a in code.arms] == [("intraspinal", None)]


def test_a_smaller_cyst_is_an_mri_gain_and_a_choice_of_injections_is_no_count() -> None:
    record = read(
        "Ten SCI patients received intraspinal MSCs by an injection or two injections. MRI showed "
        "a reduction in cyst volume."
    )
    assert record.arms[0].administrations is None
    assert {o.measure: o.direction for o in record.outcomes} == {"mri": "improved"}


def test_control_words_an_aim_line_an_accrual_and_a_first_published_line() -> None:
    record = read(
        "To determine the safety of repeated intravenous doses of cord tissue MSCs in infants\n"
        "First published: 12 March 2019\n"
        "We project an accrual of 6 infants. Outcomes of MSCs vs control were compared. The "
        "cells did not cause any severe side effects."
    )
    assert record.title == "text"
    assert record.year == 2019
    assert (record.population.enrolled, record.population.enrolment_type) == (6, "anticipated")
    assert record.design.controlled is True
    assert record.serious_adverse_events == 0


def test_a_route_between_the_count_and_its_cells() -> None:
    record = read("Each patient received 36 million intravenous UC-MSCs in SCI.")
    assert (record.arms[0].dose.value, record.arms[0].route) == (3.6e7, "intravenous")


def test_a_labelled_title_no_complications_seen_donated_marrow_and_centres() -> None:
    record = read(
        "Public title: Donated bone marrow cells in chronic spinal cord injury\n"
        "The cells, derived from donated bone marrow, were given intrathecally at over two dozen "
        "medical centers, following the completion of the Phase I/II study. We have not seen any "
        "complications so far."
    )
    assert record.title == "Donated bone marrow cells in chronic spinal cord injury"
    assert record.arms[0].product.donor == "allogeneic"
    assert (record.design.centers, record.design.phase) == ("multi", None)
    assert record.serious_adverse_events == 0


@pytest.mark.parametrize("route", ["intradiscal", "intraovarian", "intramyocardial"])
def test_injections_into_other_organs_are_route_other(route: str) -> None:
    record = read(f"Ten patients received {route} injections of bone marrow MSCs.")
    assert [a.route for a in record.arms] == ["other"]
    fat = read("MSCs isolated from subcutaneous fat were given intravenously.")
    assert [a.route for a in fat.arms] == ["intravenous"]


def test_floors_concentrations_and_walking_on_his_own() -> None:
    record = read(
        "Patients with SCI received more than one dose of intrathecal MSCs at a concentration of "
        "1 million cells per ml. One man now walks on his own, and the therapy improves the "
        "quality of life. They were followed up for an average of 14 months."
    )
    arm = record.arms[0]
    assert (arm.administrations, arm.dose, arm.product.donor) == (None, None, None)
    assert {o.measure: o.direction for o in record.outcomes}["quality-of-life"] == "improved"
    assert record.follow_up == ["P14M"]
    kls = read("Ten SCI patients received MSCs. The Kunming Walking Score improved.")
    assert {o.measure: o.direction for o in kls.outcomes} == {"kls": "improved"}


def test_a_category_line_is_no_title_and_names_no_outcome() -> None:
    record = read(
        "Category\nCell Therapy, Finished Projects, Quality of Life Change\n"
        "A trial of intravenous MSCs in spinal cord injury\n"
        "Twelve patients received intravenous MSCs.\n"
    )
    assert record.title == "A trial of intravenous MSCs in spinal cord injury"
    assert [o.measure for o in record.outcomes] == []


def test_a_registry_copy_written_in_markdown() -> None:
    text = (
        "# Intravenous MSCs in Chronic Spinal Cord Injury\n\n"
        "**NCT ID:** NCT01234567\n\n## Key Facts\n\n- **Status:** RECRUITING\n"
        "- **Study Type:** INTERVENTIONAL\n- **Target Enrollment:** 40\n\n"
        "## Brief Summary\n\nPatients will receive intravenous MSCs.\n"
    )
    record = read(text)
    assert record.title == "Intravenous MSCs in Chronic Spinal Cord Injury"
    assert (record.status, record.population.enrolled) == ("Recruiting", 40)
    assert all(text[e.start : e.end] == e.text for e in record.evidence.values())


def test_the_placebo_of_the_next_trial_is_no_control_arm() -> None:
    record = read(
        "Ten patients received intravenous MSCs. The team next wants to do a phase II trial in "
        "which some patients would be assigned to placebo."
    )
    assert [a.role for a in record.arms] == ["experimental"]


def _field(record: StudyRecord, path: str) -> object:
    """A record's value at a dotted path: "arms.0.product.donor"."""
    found: object = record
    for step in path.split("."):
        found = found[int(step)] if step.isdigit() else getattr(found, step)
    return found


# wordings found by review round 15
_ROUND_15 = [
    ("A phase 1b trial of intravenous MSCs.", "design.phase", "1"),
    ("A Phase Ib/IIa study of intravenous MSCs.", "design.phase", "1/2"),
    (
        "In a single-arm study, patients received intravenous MSCs.",
        "design.type",
        "interventional",
    ),
    (
        "Patients were randomly divided to get intravenous MSCs or not.",
        "design.type",
        "interventional",
    ),
    ("Patients aged 18~65 years received intravenous MSCs.", "population.age_max", 65),
    (
        "Patients got human central nervous system stem cells.",
        "arms.0.product.cell_type",
        "neural-stem-cell",
    ),
    ("MSCs were infused via the hepatic artery.", "arms.0.route", "intra-arterial"),
    (
        "Patients with spinal cord injury got cells injected into the injured site.",
        "arms.0.route",
        "intraspinal",
    ),
    ("Patients received donated MSCs intravenously.", "arms.0.product.donor", "allogeneic"),
    ("Surgeons put the cells into the patient's spinal cord.", "arms.0.route", "intraspinal"),
    ("The trial proposes to enrol 30 patients.", "population.enrolled", 30),
    (
        "Olfactory mucosa autografts went into the spinal cord.",
        "arms.0.product.source",
        "other",
    ),
    ("Olfactory mucosa autografts went into the spinal cord.", "arms.0.label", "cells"),
]
# wordings found by review round 16
_ROUND_16 = [
    # denied: no value
    (
        "SCI patients got MSCs. None of them had adverse effects such as infection.",
        "adverse_events",
        [],
    ),
    (
        "SCI patients got MSCs. None were found to have any adverse effects such as infection.",
        "adverse_events",
        [],
    ),
    ("The SCI trial was not double-blinded; patients got MSCs.", "design.masking", None),
    ("Rules do not require double-blinded trials; patients got MSCs.", "design.masking", None),
    (
        "The trial was not randomized but double-blind; patients got MSCs.",
        "design.masking",
        "double-blind",
    ),
    # a range of amounts is no one dose
    (
        "Patients received intravenous MSCs at 50 million to 200 million cells.",
        "arms.0.dose",
        None,
    ),
    ("Patients received intravenous MSCs at 1–3×10^6 cells/kg.", "arms.0.dose", None),
    ("Patients received 20 × 10^6 and 60 × 10^6 intramuscular cells.", "arms.0.dose", None),
    ("SCI patients got intravenous MSCs 40 days after their injuries.", "follow_up", []),
    ("Cells were injected subarachnoidally in SCI patients.", "arms.0.route", "intrathecal"),
    ("MSCs were infused into his veins.", "arms.0.route", "intravenous"),
    ("MSCs were applied topically to the ulcers.", "arms.0.route", "other"),
    ("MSCs were injected into the corpus cavernosum.", "arms.0.route", "other"),
    (
        "The men were given their own stem cells intravenously.",
        "arms.0.product.donor",
        "autologous",
    ),
    (
        "MSCs were given intravenously. Adverse events: 2 cases of fever.",
        "adverse_events.0.patients",
        2,
    ),
    ("The unpublished study comprised 13 people with SCI.", "population.enrolled", 13),
    ("A study recruiting 10 adults to get intravenous MSCs began.", "population.enrolled", 10),
    ("Minimum age: 18 Years\nMaximum age: 65 Years\nMSCs given.", "population.age_max", 65),
    ("Minimum Age: 18 Years\nMaximum Age: 65 Years\nMSCs given.", "population.age_min", 18),
    ("Stem Cell Res volume 14, Article number: 174 (2023)\nMSCs given.", "year", 2023),
    (
        "P-MSCs were delivered intramuscularly twice, two months apart.",
        "arms.0.administrations",
        2,
    ),
    # visits, not doses
    (
        "MSCs were infused intravenously; patients were followed up monthly.",
        "arms.0.interval",
        None,
    ),
    ("Ten patients received intravenous MSCs compared to placebo.", "arms.1.role", "control"),
    (
        "Fifteen patients with acute, complete SCI received MSCs.",
        "population.sci_phase",
        ["acute"],
    ),
    (
        "Twelve SCI patients got MSCs. Gastrointestinal function improved.",
        "outcomes.0.measure",
        "bowel-function",
    ),
    (
        "Twelve SCI patients got MSCs. MRI did not show any visible changes.",
        "outcomes.0.direction",
        "no-change",
    ),
    (
        "Twelve SCI patients got MSCs. MRI did not show any improvement.",
        "outcomes.0.direction",
        "no-change",
    ),
    (
        "SCI patients got MSCs. ASIA motor scores improved in 5 of 12 men.",
        "responders.0.of",
        12,
    ),
    (
        "Of the four SCI patients, only one patient with incomplete SCI showed motor improvement.",
        "responders.0.patients",
        1,
    ),
]
# wordings found by review round 17
_ROUND_17 = [
    ("Patients with ARCO stages III and IV received MSCs.", "arms.0.route", None),
    ("Patients with stage IV disease received IV MSCs.", "arms.0.route", "intravenous"),
    ("MSCs were given intratracheally to 12 preterm infants.", "arms.0.route", "other"),
    (
        "Blood was drawn 24 h after the transplantation of intravenous MSCs.",
        "arms.0.administrations",
        None,
    ),
    ("We retrospectively reviewed 40 patients given MSCs.", "design.type", "observational"),
    (
        "Patients got intracoronary MSCs or saline (CTRL group, n = 20).",
        "arms.1.role",
        "control",
    ),
    (
        "The placebo will be normal saline. Patients get intravenous MSCs.",
        "arms.1.role",
        "control",
    ),
    ("A placebo-controlled trial of intravenous MSCs.", "arms.1.label", "placebo"),
    ("A phase one trial of intrathecal MSCs in SCI.", "design.phase", "1"),
    ("Phases 1/2 trial of intrathecal MSCs in SCI.", "design.phase", "1/2"),
    ("SCI patients over the age of 18 received MSCs.", "population.age_min", 18),
    ("NSI-566 cells were given by spinal cord implantation.", "arms.0.route", "intraspinal"),
    ("SCI patients got MSCs. Strengths of the study include its length.", "outcomes", []),
    (
        "SCI patients got MSCs, as shown before (e.g., PMID: 12345678).",
        "identifiers.pmid",
        None,
    ),
    (
        "SCI patients got intravenous MSCs.\nExclusion Criteria:\nPregnancy.\n"
        "A contraindication to an MRI exa",
        "outcomes",
        [],
    ),
]
# wordings found by review round 18
_ROUND_18 = [
    ("PUBLISHED: 18:06 EST, 22 September 2014 | UPDATED: 23 September\nMSCs.", "year", 2014),
    ("MSCs were given transvenously.", "arms.0.route", "intravenous"),
    ("Allocation\nNON_RANDOMIZED\nPatients got MSCs.", "design.allocation", "non-randomized"),
    (
        "MSCs were given. We evaluated visual acuity and other adverse events.",
        "adverse_events",
        [],
    ),
    (
        "MSCs were given. We recorded adverse events; fever occurred in 2.",
        "adverse_events.0.term",
        "fever",
    ),
    (
        "SCI patients got MSCs. None of the patients in either group experienced any adverse "
        "reaction.",
        "serious_adverse_events",
        0,
    ),
    (
        "SCI patients got MSCs and showed no signs of untoward effects.",
        "serious_adverse_events",
        0,
    ),
    (
        "SCI patients got MSCs. 7 patients out of 20 (35%) showed ASIA motor gains.",
        "responders.0.of",
        20,
    ),
    ("SCI patients got MSCs. Kunming locomotor scales improved.", "outcomes.0.measure", "kls"),
    (
        "Eight SCI patients received human embryonic stem cells.",
        "arms.0.product.cell_type",
        "other",
    ),
    (
        "Cells drawn from her own blood went into her spinal fluid.",
        "arms.0.route",
        "intrathecal",
    ),
    (
        "Cells drawn from her own blood went into her spinal fluid.",
        "arms.0.product.donor",
        "autologous",
    ),
]


# wordings that rounds 15 to 18 left, read since
_LEFT_BY_ROUNDS = [
    (
        "Sixty were randomized to intracoronary bone marrow mononuclear cells or bone marrow MSCs.",
        "arms.1.product.cell_type",
        "mesenchymal-stromal-cell",
    ),
    (
        "Sixty were randomized to intracoronary bone marrow mononuclear cells or bone marrow MSCs.",
        "arms.0.label",
        "intracoronary bone marrow mononuclear cells",
    ),
    ("Patients got 10^6 cells/kg of MSCs intravenously.", "arms.0.dose.value", 1e6),
    ("Patients got 10(6) MSCs/kg intravenously.", "arms.0.dose.unit", "cells/kg"),
    ("Patients got 10^6 to 10^7 cells/kg of MSCs intravenously.", "arms.0.dose", None),
    ("Ten patients with complete (ASIA A) SCI got MSCs.", "population.completeness", "complete"),
    ("Ten with incomplete AIS B-D injuries got MSCs.", "population.completeness", "incomplete"),
    (
        "Patients got an intravenous injection of MSCs, then a further two injections.",
        "arms.0.administrations",
        3,
    ),
    ("Patients got one intrathecal dose of MSCs and two more doses.", "arms.0.administrations", 3),
    (
        "Patients got MSCs intravenously. Another two infusions followed.",
        "arms.0.administrations",
        None,
    ),
    (
        "Patients got four intravenous doses of MSCs, the first at birth and the three "
        "additional doses at 4, 8 and 12 months.",
        "arms.0.administrations",
        4,
    ),
    (
        "SCI patients got MSCs. Motor scores improved during the 12-month period.",
        "follow_up",
        ["P12M"],
    ),
    ("SCI patients got MSCs and were followed over a 2-year period.", "follow_up", ["P2Y"]),
    ("Over a 2-year period, 40 SCI patients were enrolled; scores improved.", "follow_up", []),
    ("MSCs were given after a 3-month period of rehabilitation; scores improved.", "follow_up", []),
    (
        "SCI patients got MSCs. The ASIA score changed from A to C in two patients.",
        "outcomes.0.measure",
        "ais-grade",
    ),
    (
        "SCI patients got MSCs. The ASIA score rose from 112 to 130.",
        "outcomes.0.measure",
        "asia-total",
    ),
    ("SCI patients with ASIA score A got MSCs.", "population.ais_baseline", ["A"]),
    (
        "SCI patients got MSCs. The AIS grade changed from A to B in 3 of the 10 patients.",
        "ais_transitions.0.of",
        10,
    ),
]


# wordings found by review round 19
_ROUND_19 = [
    (
        "MSCs in SCI patients\nRECRUITING\nStudy Type\nINTERVENTIONAL\nMSCs are given.\n"
        "Time frame: 12 months",
        "status",
        "Recruiting",
    ),
    (
        "A scaffold with BM cells given into the cord, compared to the treatment of surgical "
        "decompression only.",
        "arms.1.label",
        "surgical decompression",
    ),
    ("MSCs with a scaffold went into the cord, compared to MSCs alone.", "design.controlled", None),
    (
        "Patients got MSCs. We recorded American Spinal Injury Association (ASIA) and Functional "
        "Independence Measure scoring.",
        "outcomes.0.measure",
        "asia-total",
    ),
    (
        "EudraCT number\n2011-000000-24\nGlobal end of trial date\n2014\nMSCs were given.",
        "document.kind",
        "registry-record",
    ),
    ("MSCs were given IV. Phase 1 trials on adults are not public.", "design.phase", None),
    ("MSCs were given IV. Like other Phase I studies, this one was small.", "design.phase", "1"),
    (
        "Thursday, April 2, 2020\n\nStem cells help\n\nPublished: October 24, 2003\n\nHe got MSCs.",
        "year",
        2003,
    ),
    ("Patients got MSCs intrathecally. We're 12 months out.", "follow_up", ["P12M"]),
    (
        "Primary outcome: ASIA scores at 6 months Improvement: Patient whose ASIA score improves. "
        "MSCs were given intrathecally.",
        "outcomes.0.direction",
        None,
    ),
    (
        "The share of patients whose quality of life improved after MSCs was 90%.",
        "outcomes.0.direction",
        "improved",
    ),
    (
        "The study will assess primary safety and secondary efficacy endpoints of IV MSCs.",
        "outcomes.0.primary",
        True,
    ),
    (
        "SCI patients classified as A or B on the ASIA impairment scale got MSCs.",
        "population.ais_baseline",
        ["A", "B"],
    ),
    (
        "Of the SCI patients, 80% were in ASIA score A and 20% score B; all got MSCs.",
        "population.ais_baseline",
        ["A", "B"],
    ),
    (
        "SCI patients got MSCs. Nine presented improvement in AIS grade.",
        "outcomes.0.direction",
        "improved",
    ),
    (
        "Nine patients presented improvement in AIS grade (9/20, 45%) after MSCs.",
        "responders.0.of",
        20,
    ),
    ("After his MSC injection he is regaining sensation.", "outcomes.0.direction", "improved"),
    ("He underwent a fetal cell transplant for his SCI.", "arms.0.product.kind", "cells"),
    (
        "Clinical Trials Information System (CTIS)\n"
        "MSCs given intrathecally in spinal cord injury\n"
        "Patients got MSCs intrathecally.",
        "title",
        "MSCs given intrathecally in spinal cord injury",
    ),
    (
        "Masking\nNONE\nEnrollment\n40\nInjection of cord mesenchymal stem cells in patients\n"
        "Patients got MSCs.",
        "title",
        "text",  # no title line: the document's name
    ),
    (
        "Masking\nNONE\nOfficial Title: A trial of stem cells in patients\nPatients got MSCs.",
        "title",
        "A trial of stem cells in patients",
    ),
    (
        "Exclusion criteria: Age up to 12 months; Patient with sensory loss; other cell therapy;\n"
        "Patients got MSCs.",
        "title",
        "text",  # no title line: the document's name
    ),
    (
        "Stem Cell Therapy for Asthma\nThey got conditioned medium from cord MSCs intranasally.",
        "arms.0.product.kind",
        "secretome",
    ),
    (
        "Patients got trophic factors from cord MSCs intranasally.",
        "arms.0.product.kind",
        "secretome",
    ),
    (
        "Patients got MSCs intrathecally. Stem cells could deliver trophic factors to neurons.",
        "arms.0.product.kind",
        "cells",
    ),
    (
        "We tested clonal MSCs (kcMSCs) in eczema. Intravenous kcMSCs at 10^6 cells/kg were safe.",
        "arms.0.product.cell_type",
        "mesenchymal-stromal-cell",
    ),
    (
        "Ten patients were enrolled and received MSCs intravenously.",
        "design.type",
        "interventional",
    ),
    (
        "Intravenous MSCs at 2 doses (1 × 10^6 and 5 × 10^5 cells/kg) were safe.",
        "arms.0.administrations",
        None,
    ),
    ("Patients got 3 weekly intravenous infusions of MSCs.", "arms.0.interval", "P1W"),
    ("MSCs were given intravenously three times weekly for 2 weeks.", "arms.0.administrations", 6),
    ("Ten got intravenous infusions of MSCs on Days 0, 7, and 14.", "arms.0.administrations", 3),
    ("MSCs were given. On day 14, 2.8 ml of MSCs was infused IV.", "arms.0.administrations", None),
    ("JRCT ID: jRCTb051200014. MSCs were given.", "identifiers.registry", ["jRCTb051200014"]),
    (
        "Patients got bone marrow stromal cells IV.",
        "arms.0.product.cell_type",
        "mesenchymal-stromal-cell",
    ),
    ("Patients got their own cultured Schwann cells.", "arms.0.product.donor", "autologous"),
    ("MSCs were given IV. In one arm he could lift his hand.", "design.allocation", None),
    ("A one-arm study of MSCs given IV.", "design.allocation", "single-arm"),
    ("Patients in the 20 million cell cohort got MSCs intravenously.", "arms.0.dose.value", 2e7),
    (
        "Patients will receive MSCs intravenously. An earlier phase II study showed that a "
        "single injection of 6 million cells helped.",
        "arms.0.administrations",
        None,
    ),
    ("A trial.\nJ Med Virol\n; 96(6): e29757, 2024 Jun.\nTen got MSCs.", "year", 2024),
    ("J Clin Cell Med; 12(3): e1234, 2023 May.\nTen got MSCs.", "year", 2023),
    ("Journal: Skin Res Lett\nPublished: March 2021\nTen got MSCs.", "year", 2021),
    ("Publication status | Published - 2024 Oct |\nTen got MSCs.", "year", 2024),
    (
        "Abstract\nTen got MSCs.\n\nCiting Articles\n\nA minipig work.\nXiao T. Stem Cell Res "
        "Ther. 2025; 16(1):102.",
        "year",
        None,
    ),
    ("A trial of MSCs.\nABSTRACT\nTen patients got MSCs.", "document.kind", "abstract"),
    ("Patients were randomized to intra-aortic MSCs or placebo.", "arms.0.route", "intra-arterial"),
    ("ASCs were injected into the salivary glands.", "arms.0.route", "other"),
    ("MSCs were given intra-nasally.", "arms.0.route_as_written", "intra-nasally"),
    ("MSCs were given IV. Outcome: rate of complications.", "outcomes.0.measure", "adverse-events"),
    ("MSCs were given IV. SCI has lifelong complications.", "outcomes", []),
]


# wordings found by review round 20
_ROUND_20 = [
    (
        "MSCs were given. There were no surgical, medical, or neurological complications.",
        "outcomes.0.measure",
        "adverse-events",
    ),
    (
        "Repeated Doses in a Mouse Model of ALS\nMSCs slowed the loss of strength in mice.\n"
        "Results in Patients\nThirteen SCI patients got MSCs IV; motor function improved.",
        "outcomes.0.measure",
        "motor-function",
    ),
    (
        "MSCs may decrease inflammation, resulting in improved quality of life. Patients got MSCs "
        "intravenously.",
        "outcomes.0.direction",
        None,
    ),
    (
        "Patients got MSCs intravenously. MRI scans indicated that reduced cavitation may have "
        "occurred.",
        "outcomes.0.direction",
        "improved",
    ),
    ("MSCs were given 4 to 8 months after they had suffered a SCI.", "follow_up", []),
    (
        "MSCs were given intrathecally.\n- Primary Outcome Measures\nAdverse events at 12 months",
        "outcomes.0.primary",
        True,
    ),
    (
        "The trial will test NSI-566 cells in up to 8 patients with SCI. The first 4 patients will "
        "receive injections into the cord.",
        "population.enrolled",
        8,
    ),
    (
        "NSI-566 goes to patients with SCI classified as American Spinal Injury Association "
        "Impairment Scale (AIS) level A.",
        "outcomes",
        [],
    ),
    (
        "Stem cells help in SCI.\nMSCs went into the cord. He said. “These data are encouraging "
        "and suggest that spinal cord-derived neural stem cells may provide benefit to patients",
        "title",
        "text",
    ),
    ("News\nJanuary 21, 2013 8:00 AM UTC\nMSCs were given.", "year", 2013),
    ("A journal\nVol.6 No.9(2013), Article ID:37094\nMSCs were given.", "year", 2013),
    ("Received 8 July 2013; accepted 26 August 2013\nMSCs were given.", "year", 2013),
    (
        "Patients got MSCs IV and were followed until the 24 months study visit.",
        "follow_up",
        ["P24M"],
    ),
    (
        "Children got umbilical cord tissue MSCs intravenously, instead of cord blood cells.",
        "arms.0.product.source",
        "umbilical-cord",
    ),
    (
        "Patients were randomized to receive either MSCs (Prochymal; Osiris Inc) intravenously or "
        "vehicle control.",
        "design.controlled",
        True,
    ),
]


# wordings found by review round 21
_ROUND_21 = [
    ("A phase 2, controlled, randomized trial of MSCs given IV.", "design.controlled", True),
    ("Patients 21-55 y old got MSCs intravenously.", "population.age_max", 55),
    ("Patients at least 18 years of age got MSCs IV.", "population.age_min", 18),
    ("MSCs were given intravenously twice, a week apart.", "arms.0.interval", "P1W"),
    ("MSCs were injected transendocardially.", "arms.0.route", "other"),
    (
        "Two intravenous infusions of 0.5 to 2 ×10^6 MSCs/kg a week apart will be used.",
        "design.type",
        "interventional",
    ),
    (
        "Stem Cells Transl Med logoLink to Stem Cells Transl Med\nMSCs were given to patients.",
        "title",
        "text",
    ),
    (
        "Stem cells eased symptoms of 75% of people with MS in a Phase 1 trial, say researchers.\n"
        "MSCs were given.",
        "title",
        "text",
    ),
    (
        "Fifty-four patients were randomized to receive HUC-MSCs (23×10^6) (n=26) or BM-MNCs "
        "(70×10^7) (n=12) with surgery. The control patients (n=16) received no cells.",
        "arms.2.role",
        "control",
    ),
    (
        "Fifty-four patients were randomized to receive HUC-MSCs (n=26) or BM-MNCs (n=12) "
        "intracoronary. We compared HUC-MSCs with autologous bone marrow mononuclear cells.",
        "arms.0.product.donor",
        None,
    ),
    (
        "Nine SCI patients got MSCs. None of the patients demonstrated improvement in their motor "
        "scores.",
        "outcomes.0.direction",
        "no-change",
    ),
    (
        "Treatments outside of clinical trials were reviewed in SCI patients given MSCs.",
        "design.type",
        None,
    ),
    ("Of the 12 patients in the study, 8 received MSCs intravenously.", "population.enrolled", 12),
    (
        "Adverse events included two cases of pulmonary embolism after MSCs were given.",
        "population.enrolled",
        None,
    ),
    (
        "Thirty-four cases of thoracolumbar spinal cord injury were randomly divided and given "
        "MSCs.",
        "population.enrolled",
        34,
    ),
    ("8 males and 1 female with chronic SCI received MSCs.", "population.sci_phase", ["chronic"]),
    (
        "Public title: Cord Blood Cells vs. Rehabilitation Alone in Chronic SCI\nCells were given.",
        "title",
        "Cord Blood Cells vs. Rehabilitation Alone in Chronic SCI",
    ),
    (
        "Study design:  Allocation: Randomized. Intervention model: Parallel Assignment. Masking: "
        "Double (Participant, Outcomes Assessor).\nMSCs were given.",
        "design.masking",
        "double-blind",
    ),
    (
        "Public title: Cord Blood Cells vs. Rehabilitation Alone in Chronic SCI\nPatients got cord "
        "blood cells intrathecally.",
        "arms.1.label",
        "Rehabilitation Alone",
    ),
    (
        "Early versus late transplantation of MSCs in SCI\nPatients got MSCs IV.",
        "design.controlled",
        None,
    ),
    (
        "All eight SCI patients were ASIA A before the cells. Three recovered motor function (ASIA "
        "Grade C status).",
        "population.ais_baseline",
        ["A"],
    ),
    ("MSCs were given to repair chronic spinal cord injury.", "population.sci_phase", ["chronic"]),
    (
        "A man who was AIS-A complete, quadriplegic, got MSCs.",
        "population.completeness",
        "complete",
    ),
    (
        "MSCs were given intrathecally. Two had minor sensory changes.",
        "outcomes.0.measure",
        "sensory-function",
    ),
    (
        "MSCs were given. These and other adverse events were judged unrelated.",
        "adverse_events",
        [],
    ),
    (
        "A biopharmaceutical company, Celltech develops nervous system therapies from stem cells.\n"
        "It gave MSCs to SCI patients.",
        "title",
        "text",
    ),
]


# wordings found by review round 22
_ROUND_22 = [
    ("Four patients received 2M cells intrathecally.", "arms.0.dose.value", 2e6),
    ("Patients received either 10M or 20M cells intrathecally.", "arms.0.dose", None),
    ("The team raised 2M dollars; patients got MSCs.", "arms.0.dose", None),
    (
        "Patients got MSCs in the subacute period after cervical SCI.",
        "population.sci_phase",
        ["subacute"],
    ),
    ("Of the 25 treated patients with SCI who got MSCs, most improved.", "population.enrolled", 25),
    ("MSCs were delivered to 4 spinal cord injured patients.", "population.enrolled", 4),
    ("Participants\n10 (8 males, 2 females)\nMSCs were given.", "population.enrolled", 10),
    ("A P1 trial of MSCs given intrathecally.", "design.phase", "1"),
    (
        "This was a nonrandomized, nonblinded, single-arm study of MSCs.",
        "design.allocation",
        "single-arm",
    ),
    ("The study was not controlled and gave MSCs intrathecally.", "design.controlled", False),
    ("MSCs were given. Motor scores improved at month 12.", "follow_up", ["P12M"]),
    ("MSCs were given. Scores improved a year after injection.", "follow_up", ["P1Y"]),
    ("MSCs were given. At the Day 365 follow-up visit, scores improved.", "follow_up", ["P365D"]),
    ("MSCs were given at month 1 and month 3.", "follow_up", []),
    ("MSCs were given. His motor skills improved.", "outcomes.0.measure", "motor-function"),
    ("MSCs were transplanted into the uterine cavity.", "arms.0.route", "other"),
    ("MSCs were injected into the lacrimal gland.", "arms.0.route", "other"),
    ("MSCs were given intravenously at 0,8,16,24,32 week.", "arms.0.administrations", 5),
    (
        "MSCs were given intravenously and motor scores improved at 6 and 12 months.",
        "arms.0.administrations",
        None,
    ),
    (
        "MSCs were given IV. Three patients showed transplantation related mortality.",
        "arms.0.administrations",
        None,
    ),
    ("Patients got haploidentical MSCs intravenously.", "arms.0.product.donor", "allogeneic"),
    ("She lost a pregnancy at 25 weeks' gestation; MSCs went into the uterus.", "follow_up", []),
    (
        "MSCs went into the lacrimal gland of 7 patients. A randomized placebo-controlled trial "
        "of MSCs is currently underway.",
        "design.controlled",
        None,
    ),
    ("The study followed 20 patients who got MSCs by knee injection.", "population.enrolled", 20),
    (
        "Patients got hESC-derived mesenchymal stem cells intravenously.",
        "arms.0.product.cell_type",
        "mesenchymal-stromal-cell",
    ),
    ("MSCs were injected in a volume as determined on MRI.", "outcomes", []),
]


# wordings found by review round 23
_ROUND_23 = [
    (
        "Patients were treated with 2 million transplanted cells into the cord.",
        "arms.0.dose.value",
        2e6,
    ),
    (
        "MSCs were injected into the cord, with an observation period of 1 year.",
        "follow_up",
        ["P1Y"],
    ),
    (
        "We administered fifty six spinal cord injury patients with bone marrow cells.",
        "population.enrolled",
        56,
    ),
    (
        "Patients with a current neurological status of ASIA impairment grade A get MSCs.",
        "population.ais_baseline",
        ["A"],
    ),
    (
        "Our hospital is one of a handful of medical centers in the MSC trial.",
        "design.centers",
        "multi",
    ),
    ("Patients must be older than 18 years to get MSCs.", "population.age_min", 18),
    (
        "Patients got MSCs. The improvement in ASIA motor scores was statistically significant.",
        "outcomes.0.direction",
        "improved",
    ),
    ("Patients got MSCs. Possible side effects may include infection.", "adverse_events", []),
    ("Patients got MSCs. Fever occurred in one of the patients.", "adverse_events.0.patients", 1),
    (
        "Patients got OECs. The International Association of Neurorestoratology (IANR) Functional "
        "Rating Scale improved.",
        "outcomes.0.measure",
        "ianr-scifrs",
    ),
    (
        "MSCs were injected. Graft survival was determined by MRI at 12 months.",
        "outcomes.0.measure",
        "mri",
    ),
    ("Patients got amniotic MSCs injected into the tendon.", "arms.0.product.source", "other"),
    ("Patients got amniotic MSCs injected into the tendon.", "arms.0.route", "other"),
    ("Patients got MSCs. Pneumonia occurred in one patient.", "adverse_events.0.term", "infection"),
    ("Patients got MSCs. EQ-5D scores improved.", "outcomes.0.measure", "quality-of-life"),
    ("Ten got MSCs intravenously and ten received saline as controls.", "design.controlled", True),
    (
        "Patients who were not given MSCs served as the blank control group; 20 patients got MSCs.",
        "design.controlled",
        True,
    ),
    (
        "Patients got MSCs (1×10^6/kg cells, once every month for three times) intravenously.",
        "arms.0.administrations",
        3,
    ),
    (
        "MSCs were injected into the tendon. This leads the way for a larger randomised controlled "
        "trial.",
        "design.allocation",
        None,
    ),
    (
        "Fessler is part of a larger multicenter trial of MSCs injected into the spinal cord.",
        "design.centers",
        "multi",
    ),
]


# wordings found by review round 24
_ROUND_24 = [
    (
        "The trial tests neural stem cells as a treatment for chronic SCI in patients.",
        "population.sci_phase",
        ["chronic"],
    ),
    ("Patients with SCI of AIS A~C got MSCs.", "population.ais_baseline", ["A", "B", "C"]),
    ("A multi-national trial of MSCs in SCI patients.", "design.centers", "multi"),
    (
        "Scientific Title A trial of stem cells in spinal cord injury patients\nMSCs were given.",
        "title",
        "A trial of stem cells in spinal cord injury patients",
    ),
    ("MSCs were given intrathecally, with a 1-year observation period.", "follow_up", ["P1Y"]),
    (
        "MSCs were injected into the rectum. Recent research indicates that MSCs given "
        "intravenously heal it.",
        "arms.0.route",
        None,
    ),
    (
        "MSCs were given. The team is in the planning stages for a multicenter, double-blind "
        "study.",
        "design.masking",
        None,
    ),
    (
        "MSCs were given intravenously 8 to 12 months post-radiation; patients were monitored over "
        "the next 24 months.",
        "follow_up",
        ["P24M"],
    ),
    (
        "The team reported that the 24 patients who participated got MSCs.",
        "population.enrolled",
        24,
    ),
    (
        "MSCs were given to 20 patients; control MSA patients (n=18) were followed.",
        "design.controlled",
        True,
    ),
    (
        "Study Type\nINTERVENTIONAL\nAllocation\nNA\nMasking\nNONE\nMSCs given.",
        "document.kind",
        "registry-record",
    ),
]


_ROUND_25 = [
    (
        "Cord cells for SCI\nBlinding Strategy\n\nSINGLE\n\nOutcome Assessors\nMSCs were given.",
        "design.masking",
        "single-blind",
    ),
    ("Cord cells for SCI\nBlinding: Double\nMSCs were given.", "design.masking", "double-blind"),
    (
        "Cord cells for SCI\nTargeted Enrollment:\n30\nMSCs.",
        "population.enrolment_type",
        "anticipated",
    ),
    (
        "The trial gives MSCs to 6 patients whose injury caused complete paralysis below it.",
        "population.completeness",
        "complete",
    ),
    ("SCI causes complete paralysis. MSCs were given.", "population.completeness", None),
    (
        "MSCs were given to 20 patients with colitis; IBDQ scores improved at 6 months.",
        "outcomes.0.measure",
        "quality-of-life",
    ),
    ("Recipients got cord MSCs via a peripheral vein.", "arms.0.route", "intravenous"),
    ("Recipients got cord MSCs into the renal artery.", "arms.0.route", "intra-arterial"),
    (
        "Patients got three MSC infusions at 12-week intervals. Follow-up lasted 60 weeks.",
        "follow_up",
        ["P60W"],
    ),
    (
        "Patients got MSCs; scores were taken at 6- and 12-month intervals post-injection.",
        "follow_up",
        ["P6M", "P12M"],
    ),
    ("Methods: MSCs were given. Results: Thirty PwMS were enrolled.", "population.enrolled", 30),
    ("Twelve kidney transplant recipients were enrolled and got MSCs.", "population.enrolled", 12),
    ("In 2019 MSCs were enrolled in a bank.", "population.enrolled", None),
    (
        "Abstract\nBackground\nKnee pain limits adults.\nMethods\n"
        "Nine adults with knee pain got monthly intravenous stem cell infusions.\n",
        "title",
        "text",
    ),
    (
        "Earlier work in injured mice demonstrated that the grafted stem cells formed neurons "
        "across the spinal cord gap.\nMSCs were given.",
        "title",
        "text",
    ),
    (
        "[HTML][PDF] Safety of mesenchymal stem cell infusion in ulcerative colitis\nMSCs.",
        "title",
        "Safety of mesenchymal stem cell infusion in ulcerative colitis",
    ),
    (
        "MSCs in type 1 diabetes\n© 2015 by the American Diabetes Association. Readers may use it.",
        "year",
        2015,
    ),
    ("MSCs in colitis\nCopyright (C) 2021 The Authors.", "year", 2021),
    ("MSCs in colitis\n© 2025 Stem Cell Clinic. All rights reserved.", "year", None),
    (
        "MSCs in colitis\nJ Hu, G Li - Experimental and Clinical Medicine, 2016 - example.com",
        "year",
        2016,
    ),
    (
        "MSCs for brittle bones\nA clinic page.\n1. Le Roux K, Smith C. Fetal cells in bone. "
        "Transplantation. 2005;79(11):1607-14.",
        "year",
        None,
    ),
    (
        "MSCs were safe and well tolerated in 15 patients with severe sepsis; no serious adverse "
        "events were reported.",
        "adverse_events",
        [],
    ),
    (
        "Adverse events were mild: wound pain (n = 9) and postoperative delirium (n = 3).",
        "adverse_events.1.patients",
        3,
    ),
    ("The current study evaluated 12 patients with lupus given MSCs.", "population.enrolled", 12),
    (
        "Patients got MSCs intravenously. The team followed up the participants for 48 weeks.",
        "follow_up",
        ["P48W"],
    ),
    (
        "Patients got 2 Million MSCs per kg intravenously.",
        "arms.0.dose.value",
        2_000_000.0,
    ),
    (
        "Patients were randomized to receive cord MSCs (n = 40) or placebo (n = 41) three times "
        "intravenously.",
        "arms.0.administrations",
        3,
    ),
    ("A trial gave eight children two infusions of MSCs.", "arms.0.administrations", 2),
    (
        "Nine patients with dementia got stereotactic brain injection of cord MSCs into the "
        "hippocampi.",
        "arms.0.route",
        "other",
    ),
    (
        "Six children got two infusions of MSCs. The cells had engrafted (settled) into the bone.",
        "arms.0.route",
        None,
    ),
    (
        "Fifteen patients got intravenous MSCs, split into low (1 × 106 cells/kg), intermediate "
        "(2 × 106 cells/kg) and high (3 × 106 cells/kg) dosing cohorts.",
        "arms.0.dose",
        None,
    ),
    (
        "Ten SCI patients got intrathecal MSCs. The first one treated had a complete injury "
        "(American Spinal Injury Association Impairment Scale [AIS] grade A).",
        "outcomes",
        [],
    ),
    (
        "Ten SCI patients got intrathecal MSCs. Patients with modified Frankel classification B1 "
        "and B2 were included.",
        "outcomes",
        [],
    ),
    (
        "The first patient was treated in the company's clinical study of cells.",
        "design.type",
        "interventional",
    ),
    ("Patients got a one-time intravenous infusion of MSCs.", "arms.0.administrations", 1),
    ("Neural cells were delivered directly to the site of injury.", "arms.0.route", "intraspinal"),
    ("MSCs were delivered to the spinal cord via lumbar puncture.", "arms.0.route", "intrathecal"),
    (
        "Sixteen patients have been enrolled in the trial of intrathecal marrow cells.",
        "population.enrolled",
        16,
    ),
    ("Cells for SCI. This trial is currently recruiting participants.", "status", "Recruiting"),
    (
        "The trial treats patients with complete American Spinal Injury Association impairment "
        "scale grade A injuries.",
        "population.completeness",
        "complete",
    ),
    ("Patients with SCI got intravenous donor Muse cells.", "arms.0.product.cell_type", "other"),
    ("Pharma News\n08-Sep-2023\n\nA company completes its SCI trial", "year", 2023),
    ("Trial of MSCs\nFirst Posted\nMay 15, 2015\n", "year", None),
    ("Spinal Cord Cases, Vol 15, Iss 1, Pp 1-9 (2024)\nMuse cells in SCI", "year", 2024),
    (
        "Cells for SCI\nStudy Type\nOBSERVATIONAL\nAIS Improvement\nEvidence of improvement in "
        "AIS grade as confirmed by examination\nTime frame: Four years\n",
        "outcomes.0.direction",
        None,
    ),
    (
        "Thirty patients with heart failure were enrolled: 15 will get MSCs injected into the "
        "heart through a catheter, while 15 will be given a placebo.",
        "design.controlled",
        True,
    ),
    ("Patients got MSCs injected into the heart through a catheter.", "arms.0.route", "other"),
    (
        "It was a small trial with six participants who got MSCs intravenously.",
        "population.enrolled",
        6,
    ),
    (
        "He got an injection of cells grown from his own nose tissue.",
        "arms.0.product.donor",
        "autologous",
    ),
    (
        "Ten stroke patients got MSCs. The motor sub-score improved at 12 months.",
        "outcomes.0.measure",
        "motor-function",
    ),
    ("Heart News\nFriday, 06 June, 2008\nStem cells injected into hearts", "year", 2008),
    (
        "Adverse events were mild: infusion site irritation in 2 patients.",
        "adverse_events.0.as_written",
        "infusion site irritation",
    ),
    (
        "Individual Patient Expanded Access IND of Adipose MSCs for Spinal Cord Injury\nThe "
        "patient does not qualify for any current clinical trials and got MSCs intravenously.",
        "design.type",
        None,
    ),
    (
        "Cells for SCI\nAbout this trial\nPatients get cord MSCs intrathecally.\nIncluded "
        "participants\nAge\n20 - 65 years\nSeverity (AIS)\nAIS-A\nAIS-B\nWhat's involved\nDetails",
        "population.ais_baseline",
        ["A", "B"],
    ),
    (
        "She had no control ability of urination before therapy with intrathecal MSCs.",
        "design.controlled",
        None,
    ),
    (
        "Patients got either 1) intravenous cord MSCs, 2) cord MSCs injected into the fluid "
        "around the lower spinal cord, or 3) a placebo injection.",
        "arms.1.route",
        "intrathecal",
    ),
    (
        "Patients with stroke got intravenous MSCs in 3 tiers (n=5 each). At baseline, subjects "
        "(n=36) were 61 years old on average.",
        "population.enrolled",
        36,
    ),
    (
        "Phase 1 used three dose tiers of intravenous MSCs. Phase 2 was an expanded safety cohort.",
        "design.phase",
        "1/2",
    ),
    ("A phase 1 trial of intravenous MSCs. Phase 2 trials are warranted.", "design.phase", "1"),
    (
        "Ten patients got intravenous MSCs. These results need to be confirmed in randomized "
        "clinical trials.",
        "design.allocation",
        None,
    ),
    (
        "Recent studies have suggested that mesenchymal stromal cells heal wounds. Ten patients "
        "got injections of fat-derived regenerative cells.",
        "arms.0.product.cell_type",
        None,
    ),
    (
        "The trial will treat patients with NeuroCells or placebo by intrathecal injection.",
        "arms",
        [],
    ),
    (
        "The study compares patients getting cord MSCs plus usual care to those getting a "
        "placebo plus usual care; each gets one intravenous dose.",
        "arms.1.role",
        "control",
    ),
    ("Patients got subcutaneous injections of MSCs.", "arms.0.route", "other"),
    (
        "Patients got MSCs intrathecally. Fat came from subcutaneous tissue.",
        "arms.0.route",
        "intrathecal",
    ),
    (
        "A disease that attacks its own tissues. Patients got intravenous umbilical cord MSCs.",
        "arms.0.product.donor",
        None,
    ),
    (
        "MSCs for lichen\nStudy Type: Interventional\nStudy Status: Recruiting\nEligibility "
        "Criteria\nAdults.",
        "status",
        "Recruiting",
    ),
    (
        "Ten SCI patients got MSCs intrathecally. SCI is a serious injury, which leads to partial "
        "or complete loss of sensory and motor functions.",
        "outcomes",
        [],
    ),
    (
        "Ten SCI patients got MSCs intrathecally. In rat and monkey models of SCI the cells "
        "promoted recovery of motor function.",
        "outcomes",
        [],
    ),
    (
        "Ten SCI patients got MSCs intrathecally. For patients with complete SCI, motor functions "
        "below the injury are completely lost and hardly recovered.",
        "outcomes",
        [],
    ),
    ("03/02/2026\nStem cell trial for SCI starts", "year", 2026),
    ("News\nPublished: 11-Nov-2021\nCells for SCI", "year", 2021),
    (
        "NEWARK, Calif., June 4, 2015 (GLOBE NEWSWIRE) -- A company said patients got cells.",
        "year",
        2015,
    ),
    (
        "Cells for periodontitis\nA Correction to this article was published on 12 May 2018.\n"
        "Patients got MSCs.",
        "year",
        None,
    ),
    ("Patients got MSCs intrathecally (6-8 weeks) after the TSCI incident.", "follow_up", []),
    (
        "At the 12-month stage of the study, patients given MSCs had better motor scores.",
        "follow_up",
        ["P12M"],
    ),
    ("Patients with (sub) acute SCI got MSCs intrathecally.", "population.sci_phase", ["subacute"]),
    (
        "Cells for SCI\nExpected Total Enrollment: 40\nStudy Type: Interventional\n",
        "population.enrolment_type",
        "anticipated",
    ),
    (
        "The trial is set to have 40 total patients who get MSCs intrathecally.",
        "population.enrolled",
        40,
    ),
    (
        "Patients with incomplete (AIS grade B or C) TSCI got MSCs intrathecally.",
        "population.completeness",
        "incomplete",
    ),
    (
        "The placebo group forms the single-blinded controlled arm of the trial.",
        "design.controlled",
        True,
    ),
    (
        "Cells for SCI\nAges Eligible for Study: 18 Years\nStudy Type: Interventional\n",
        "population.age_min",
        18,
    ),
    (
        "Ten patients were randomly chosen to get MSCs intravenously; the others received a "
        "placebo IV.",
        "design.controlled",
        True,
    ),
    (
        "Thirty subjects were randomly selected from seventy treated with cord blood cells.",
        "design.allocation",
        None,
    ),
    ("Patients got 1 × 108 cultured ADSCs by injection.", "arms.0.dose.value", 100_000_000.0),
    (
        "Forty patients who met the inclusion and exclusion criteria were randomized to MSCs or "
        "placebo intravenously.",
        "population.enrolled",
        40,
    ),
    (
        "Patients got periodontal ligament stem cells in the defects.",
        "arms.0.product.source",
        "other",
    ),
    (
        "Patients got intrathecal MSCs plus rehabilitation; patients who only receive "
        "rehabilitation serve for comparison.",
        "design.controlled",
        True,
    ),
    (
        "Ten patients got MSCs intrathecally, compared with patients who accept neither MSCs nor "
        "surgery.",
        "arms.1.role",
        "control",
    ),
    (
        "Forty patients will be divided into 2 groups to get MSCs intrathecally.",
        "population.enrolment_type",
        "anticipated",
    ),
    ("The trial will comprise 30 patients given MSCs intrathecally.", "population.enrolled", 30),
    (
        "Patients with SCI got intrathecal umbilical cord MSCs. SCI disturbs the autologous "
        "adjustment of blood pressure.",
        "arms.0.product.donor",
        None,
    ),
    (
        "Ten patients got MSCs intrathecally. In animals, the cells improved motor function.",
        "outcomes",
        [],
    ),
    (
        "Ten patients got MSCs. No patients presented with adverse effects.",
        "serious_adverse_events",
        0,
    ),
    ("An open pilot study of intravenous MSCs in ten patients.", "design.masking", "open-label"),
    ("Mayo blog\nPosted: Monday, June 18, 2018\nCells", "year", 2018),
    ("Trial of MSCs\nFirst Posted: May 15, 2015\nCells", "year", None),
    (
        "MSCs were given intravenously in three different dose amounts.",
        "arms.0.administrations",
        None,
    ),
    (
        "Ten men got MSCs; erectile function improved at 6 months.",
        "outcomes.0.measure",
        "sexual-function",
    ),
    (
        "In a prospective study, patients with Peyronie's disease were injected with MSCs.",
        "design.type",
        "interventional",
    ),
    ("In the 12 patients enrolled in the study, MSCs were safe.", "population.enrolled", 12),
    (
        "Patients with Crohn's fistula got an intralesional injection of MSCs.",
        "arms.0.route",
        "other",
    ),
    ("Patients with SCI got an intralesional injection of MSCs.", "arms.0.route", "intraspinal"),
    ("Patients got MSCs implanted into the corneal stroma.", "arms.0.route", "other"),
    (
        "The patient was followed until 2014, two years after the MSC injection.",
        "follow_up",
        ["P2Y"],
    ),
    ("Patients got MSCs and were monitored 1 year.", "follow_up", ["P1Y"]),
    (
        "Study design: Non-randomized, without randomization, without blinding, parallel, phase 2 "
        "trial on 60 patients given MSCs intrathecally.",
        "design.masking",
        "open-label",
    ),
    (
        "Study design: without randomization, parallel, phase 2 trial on 60 patients given MSCs.",
        "design.allocation",
        None,
    ),
    (
        "Study design: phase 2 trial on 60 patients given MSCs intrathecally.",
        "population.enrolled",
        60,
    ),
    (
        "Twelve patients with lung fibrosis were sequentially assigned to two dose groups of MSCs.",
        "population.enrolled",
        12,
    ),
    (
        "There were no procedure or stem cell-related adverse events or serious adverse events.",
        "serious_adverse_events",
        0,
    ),
    (
        "100 million new MSCs grown in a dish were injected into his spine.",
        "arms.0.dose.value",
        1e8,
    ),
    (
        "The nose cells taken from his nose were transplanted into the spinal cord.",
        "arms.0.product.donor",
        "autologous",
    ),
    (
        "Seven of ten improved on the American Spinal Injury Association's Impairment Scale after "
        "MSCs.",
        "outcomes.0.measure",
        "ais-grade",
    ),
    (
        "The cells were injected directly into the region of the injury.",
        "arms.0.route",
        "intraspinal",
    ),
    (
        "Patients get three sequential escalating doses of MSCs intrathecally.",
        "arms.0.administrations",
        None,
    ),
    ("2019/03/08\nKeio starts a cell trial for SCI", "year", 2019),
    (
        "Twelve patients received intravenous MSCs for steroid-refractory GVHD.",
        "population.enrolled",
        12,
    ),
    ("40 patients were given umbilical cord MSCs.", "population.enrolled", 40),
    (
        "76 patients receiving over 190 infusions of MSCs were analysed.",
        "arms.0.administrations",
        None,
    ),
    (
        "Neither the patients nor the doctors will know which group got MSCs.",
        "design.masking",
        "double-blind",
    ),
    (
        "We retrospectively assessed a cohort of 40 patients given MSCs.",
        "design.type",
        "observational",
    ),
    (
        "MSCs have been reported to improve ASIA sensory and motor scores. Ten SCI patients got "
        "intrathecal MSCs.",
        "outcomes",
        [],
    ),
    (
        "Patients with disc pain got intradiscal MSCs: 2 × 10^7 cells/disc (n = 5) or 4 × 10^7 "
        "cells/disc (n = 5).",
        "arms.0.dose",
        None,
    ),
    ("The cells were tested in 8 patients with kidney disease.", "population.enrolled", 8),
    (
        "Ten patients, who had the injury one to four years ago and now have either an incomplete "
        "or a complete lesion of the cervical or thoracic cord, were enrolled and got MSCs.",
        "population.enrolled",
        10,
    ),
    (
        "Cells for HD\nCondition or disease | Intervention/treatment | Phase |\nHuntington "
        "Disease | Biological: Pulp cells low dose Biological: Pulp cells high dose Other: "
        "Placebo | Phase 2 |\nStudy Type : | Interventional (Clinical Trial) |\nIntravenous "
        "dental pulp stem cells were given.",
        "design.controlled",
        True,
    ),
    (
        "Ten SCI patients got intrathecal MSCs. An injury of the cord usually leads to loss of "
        "muscle movement and sensation.",
        "outcomes",
        [],
    ),
    (
        "Cells at our clinic. Safety of cell therapy in SCI: a case report written by our "
        "director lists such studies.",
        "design.type",
        None,
    ),
    (
        "Neural cells for SCI\nStudy Groups\n\nNeural stem cells\n\nIntramedullary grafting of "
        "neural stem cells\n\nGroup Type EXPERIMENTAL\n\nno-graft arm\n\nno-graft arm\n\n"
        "Group Type NO_INTERVENTION\n\nNo interventions assigned to this group\n",
        "arms.1.label",
        "no-graft arm",
    ),
    (
        "Ten SCI patients got intrathecal MSCs. Improvement in hand motor function through 6 "
        "months in cohort 1.",
        "outcomes.0.direction",
        "improved",
    ),
    (
        "Ten SCI patients got intrathecal MSCs. Improvement in hand motor function will be "
        "assessed.",
        "outcomes.0.direction",
        None,
    ),
    (
        "MSCs for SCI\nPrimary Outcome Measures\nImprovements in motor function\nTime frame: 24 "
        "months\nIntrathecal MSCs were given.",
        "outcomes.0.direction",
        None,
    ),
    (
        "Twelve SCI patients got MSCs. Eight out of the twelve patients experienced muscle "
        "movement in previously paralysed legs.",
        "responders.0.patients",
        8,
    ),
    (
        "Twelve SCI patients got MSCs. Two of three patients with complete injuries regained "
        "some sensation.",
        "responders.0.measure",
        "sensory-function",
    ),
    (
        "Twenty patients were included in group I and got MSCs, and twenty\u2011two patients were "
        "in group II and got saline.",
        "population.enrolled",
        42,
    ),
    (
        "Twenty patients were enrolled and given MSCs. They were split into group A and group B.",
        "population.enrolled",
        20,
    ),
    (
        "MSCs in colitis. Published: March 2019\n© 2020 Elsevier Inc. All rights reserved.",
        "year",
        2019,
    ),
]

_ROUND_33 = [
    (
        "Ten patients with SCI got intrathecal cord MSCs at a dose of 1 \\* 10\\^7 cells.",
        "arms.0.dose.value",
        1e7,
    ),
    (
        "Ten SCI patients got intrathecal cord MSCs. Adverse events were wound pain from the "
        "surgery (n = 4) and headache (n = 2).",
        "adverse_events.0.patients",
        4,
    ),
    (
        "Ten SCI patients got intrathecal cord MSCs. Adverse events were fever in the first week "
        "and headache (n = 2).",
        "adverse_events.0.patients",
        None,
    ),
    (
        "Cord MSCs for SCI\nEnrollment\n20 estimated patients\nMSCs were given.",
        "population.enrolment_type",
        "anticipated",
    ),
    ("Cord MSCs for SCI\nEnrollment: 12 (Actual)\nMSCs.", "population.enrolment_type", "actual"),
    (
        "A firm will give neural stem cells to people with complete SCI. Grade A means a person "
        "has no motor or sensory function below the lesion.",
        "outcomes",
        [],
    ),
    (
        "The trial takes patients with no motor or sensory function below the injury; they get "
        "intrathecal MSCs.",
        "outcomes",
        [],
    ),
    (
        "After MSCs there was no motor function recovery below the level of injury.",
        "outcomes.0.direction",
        "no-change",
    ),
    (
        "Firm Wins Approval for Chronic SCI Trial\n\nBOSTON, May 2 -- The firm will give neural "
        "stem cells to eight patients.",
        "title",
        "Firm Wins Approval for Chronic SCI Trial",
    ),
    ("This open-label, multi-site study gives MSCs to SCI patients.", "design.centers", "multi"),
    (
        "A month after the surgery to inject 10 million XY-PC1 stem cells the man improved.",
        "arms.0.dose.value",
        1e7,
    ),
    (
        "The trial tests the safety of using XY-12 neural stem cells to repair chronic SCI.",
        "arms.0.product.cell_type",
        "neural-stem-cell",
    ),
    (
        "The stem cell trial was then widened to include a new cohort of five patients with "
        "AIS A injuries.",
        "population.enrolled",
        None,
    ),
    (
        "After intrathecal MSCs, two of the patients regained some feeling in their feet.",
        "outcomes.0.measure",
        "sensory-function",
    ),
    ("After intrathecal MSCs, the patients said they were feeling better.", "outcomes", []),
    ("Five million MSCs were injected periurethrally in 9 women.", "arms.0.route", "other"),
    ("Doctors injected the cells around each woman's urethra.", "arms.0.route", "other"),
    (
        "Cells from their fat were injected into the anal sphincter muscles of six adults.",
        "arms.0.route_as_written",
        "into the anal sphincter muscles",
    ),
    (
        "In 8 patients with chronic SCI, MSCs were implanted around the site of injury.",
        "arms.0.route",
        "intraspinal",
    ),
    (
        "Ten adults, all candidates for allogeneic blood stem cell grafting, got bone marrow MSCs "
        "before the graft.",
        "arms.0.product.donor",
        None,
    ),
    (
        "Ten adults were enrolled. All got drug Q 2 mg/kg every 8 hours (IV) for 4 days. Bone "
        "marrow MSCs were then given to them.",
        "arms.0.interval",
        None,
    ),
    (
        "This randomized trial took adults with a torn sphincter. They were categorized into a "
        "cell group (n = 6) and a control group (n = 6). Fat MSCs or saline were given.",
        "population.enrolled",
        12,
    ),
    (
        "MSCs were infused in six patients; six patients were in no MSC group.",
        "arms.1.role",
        "control",
    ),
    (
        "Twelve were screened. A total of 6 men and 4 women were enrolled and got MSCs.",
        "population.enrolled",
        10,
    ),
    (
        "Nine women, ages 40 to 70, with incontinence received the cell treatment at a clinic.",
        "population.enrolled",
        9,
    ),
    (
        "Doctors took stem cells from each man's own thigh muscle.",
        "arms.0.product.donor",
        "autologous",
    ),
    (
        "Lupus makes the immune system attack its own tissues. MSCs were given.",
        "arms.0.product.donor",
        None,
    ),
    (
        "Cell shots for a leaky bladder\n\nUrology Notes · 2021-05-04\n\nMSCs were given.",
        "year",
        2021,
    ),
    ("MSC trial\nDate of report : 2017-03-01\nTen patients got MSCs.", "year", 2017),
    (
        "MSC trial\nA Commentary to this article was published on 25 April 2018\nMSCs.",
        "year",
        None,
    ),
    (
        "Cord MSCs for knees\nExclusion Criteria:\n① older than 70 years old or less than 20 years "
        "old, or pregnant; ② HIV. -\nArm 1\nInject cord MSCs.",
        "population.age_max",
        70,
    ),
    (
        "Wexner scores did not differ between the cell group and the control group.",
        "outcomes.0.measure",
        "bowel-function",
    ),
    ("MSCs gave a clear gain in cough test results.", "outcomes.0.measure", "bladder-function"),
    ("Leakage of stool harms quality of life a lot. Six adults got fat MSCs.", "outcomes", []),
    (
        "Fat Tissue Injection Restores Bowel Control in Six Patients\n\nSurgeons injected fat "
        "into the sphincter of six adults.",
        "title",
        "Fat Tissue Injection Restores Bowel Control in Six Patients",
    ),
    (
        "The cell therapy also proved safe, with no infusion-related serious events.\nMSCs.",
        "title",
        "text",
    ),
]
_ROUND_34 = [
    (
        "According to several studies abroad, MSCs improve motor function. Ten SCI patients got "
        "MSCs.",
        "outcomes",
        [],
    ),
    (
        "The results support further clinical development in randomized, double-blind trials. "
        "Ten patients got MSCs.",
        "design.allocation",
        None,
    ),
    (
        "One rule is that the ages of the patients range from 18 to 55 years. Patients got MSCs.",
        "population.age_max",
        55,
    ),
    (
        "The clinic sees about 300 cases of spinal cord injury every year, and 80 of them are "
        "treated with stem cell transplants.",
        "arms.0.interval",
        None,
    ),
    ("Patients got intrathecal MSCs bi-weekly for 8 weeks.", "arms.0.interval", "P2W"),
    (
        "The doctors told him there was a chance to walk again with no major side effects. He "
        "got MSCs.",
        "serious_adverse_events",
        None,
    ),
    (
        "Retrospective Study\nJ. Doe, Clinic of Interventional Neurology, Moscow\nTen SCI "
        "patients got MSCs.",
        "design.type",
        "observational",
    ),
    (
        "Ten patients were given fat MSCs. We never share your data with a third party.",
        "arms.0.product.donor",
        None,
    ),
    ("Eight patients got third-party MSCs intravenously.", "arms.0.product.donor", "allogeneic"),
    ("Cord MSC therapy was used to treat six patients with azoospermia.", "population.enrolled", 6),
    (
        "Twelve patients (14 knees, 9/3 males/females) with tendinopathy underwent injection of "
        "fat MSCs.",
        "population.enrolled",
        12,
    ),
    (
        "Five men got intratesticular injection of bone marrow MSCs.",
        "arms.0.route_as_written",
        "intratesticular injection",
    ),
    ("Ataxia patients got MSCs; sensory organization testing scores improved.", "outcomes", []),
    (
        "Thirty men were allocated to receive either umbilical cord MSCs or bone marrow MSCs.",
        "arms.1.product.source",
        "bone-marrow",
    ),
]
_ROUND_35 = [
    (
        "Bone cells for a broken spine\n\nYear : 2020  |  Volume : 9  |  Issue : 2\n\nSix "
        "patients with SCI got intrathecal marrow cells.",
        "year",
        2020,
    ),
    (
        "Inclusion: age above 16 years; chronic SCI. Patients get intrathecal MSCs.",
        "population.age_min",
        16,
    ),
    (
        "A trial gave patients with acute SCI intrathecal or intralesional marrow cells, or no "
        "injection.",
        "arms.2.role",
        "control",
    ),
    (
        "A case report tells of a man with complete SCI who got a nasal graft. The graft could "
        "offer a new option, possibly restoring movement and improving quality of life.",
        "outcomes",
        [],
    ),
    (
        "Marrow cells after SCI\n\nOne trial gave intrathecal marrow cells to 30 people.\n\nA "
        "further case series from Spain (Ruiz 2016) gave marrow at surgery to eight people. At "
        "eight weeks, three people showed better AIS sensory scores.",
        "follow_up",
        [],
    ),
    (
        "MSCs from a third-party donor were infused in 7 patients.",
        "arms.0.product.donor",
        "allogeneic",
    ),
    (
        "MSCs were injected into the facet joint space of one patient.",
        "arms.0.route_as_written",
        "into the facet joint space",
    ),
    (
        "This was a case series with an untreated control. Ten patients were given MSCs.",
        "design.controlled",
        True,
    ),
    ("Ten patients were given MSCs, and four controls were recruited.", "arms.1.role", "control"),
    (
        "After the MSC injection the patient reported an increase in grip strength.",
        "outcomes.0.direction",
        "improved",
    ),
    (
        "After the MSC injection there was complete resolution of the back spasms.",
        "outcomes.0.direction",
        "improved",
    ),
]
_ROUND_36 = [
    (
        "Inclusion Criteria\n- Age ≥ 21 years\n- Confirmed chronic SCI\nPatients get MSCs.",
        "population.age_min",
        21,
    ),
    (
        "Inclusion Criteria\n- Age ≥ 21 years\n- Confirmed chronic SCI\nPatients get MSCs.",
        "population.sci_phase",
        ["chronic"],
    ),
    ("Twenty patients have agreed to take part and will get MSCs.", "population.enrolled", 20),
    ("Patients got 3 rounds of dual-route MSC administration.", "arms.0.administrations", 3),
    ("MSCs in PBC\nPublished: 3 May, 2019 | Volume 4\nTen patients got MSCs.", "year", 2019),
    (
        "MSCs in PBC\nSource: Cell Res J. June 2015, 12(3): 20-29\nTen patients got MSCs.",
        "year",
        2015,
    ),
    (
        "Ten patients got MSCs. A larger, randomized controlled trial is needed.",
        "design.controlled",
        None,
    ),
    (
        "Ten patients got MSCs. Three patients developed infections 2 and 5 months after the "
        "infusion.",
        "follow_up",
        [],
    ),
    (
        "Ten patients got MSCs. Three patients developed infections 2 and 5 months after the "
        "infusion.",
        "adverse_events.0.patients",
        3,
    ),
    ("Patients received four times of MSC infusion (once in 2 weeks).", "arms.0.interval", "P2W"),
    (
        "Patients received four times of MSC infusion (once in 2 weeks).",
        "arms.0.administrations",
        4,
    ),
    ("MSCs were injected into the antecubital vein of 6 patients.", "arms.0.route", "intravenous"),
    ("We selected 14 patients for the trial and gave them MSCs.", "population.enrolled", 14),
    (
        "Ten patients got intrathecal MSCs. They were assessed at month 3 and month 9.",
        "follow_up",
        ["P3M", "P9M"],
    ),
    (
        "Ten patients got MSCs. Early follow-up (weeks 1-8): safety. Late assessment (month 9): "
        "outcomes.",
        "follow_up",
        ["P9M"],
    ),
    (
        "After months of rehabilitation the woman decided to undergo stem cell therapy at our "
        "centre. Later she could stand.",
        "arms.0.product.kind",
        "cells",
    ),
    (
        "Doctors took his fat cells, grew them and gave them back into his own body by infusion.",
        "arms.0.product.donor",
        "autologous",
    ),
]
_ROUND_37 = [
    (
        "This trial will compare donor cord MSCs to placebo in adults with myositis.",
        "design.controlled",
        True,
    ),
    (
        "The study was a first in human, open-label, non-controlled, dose-escalation trial.",
        "design.controlled",
        False,
    ),
    ("Donor cord MSCs were infused intravenously in 12 PM/DM patients.", "population.enrolled", 12),
    (
        "Nine patients with myositis were given a single intravenous (IV) infusion of cord MSCs.",
        "arms.0.administrations",
        1,
    ),
    ("After MSCs, the manual muscle test scores rose.", "outcomes.0.measure", "muscle-strength"),
    (
        "The trial gives cord MSCs intravenously. Secondary endpoints include average improvement "
        "in manual muscle testing.",
        "outcomes.0.direction",
        None,
    ),
    (
        "Bone marrow derived MSCs (BM-MSC) or umbilical cord derived MSCs (UC-MSC) were given "
        "intravenously to 12 adults.",
        "arms.1.product.source",
        "umbilical-cord",
    ),
    (
        "The study is not yet accepting participants; it will give MSCs.",
        "status",
        "Not yet recruiting",
    ),
    ("This PhaseI/II trial gives MSCs to SCI patients.", "design.phase", "1/2"),
    (
        "The trial gives spinal cord stem cells to 4 SCI patients by injection.",
        "arms.0.product.cell_type",
        "neural-stem-cell",
    ),
    (
        "Surgeons injected the cells into the damaged cervical spine of the man.",
        "arms.0.route",
        "intraspinal",
    ),
    (
        "The firm has treated the first person with a complete spinal cord injury (SCI) in its "
        "trial in chronic SCI with neural stem cells.",
        "population.sci_phase",
        ["chronic"],
    ),
    (
        "The firm has treated the first person with a complete spinal cord injury (SCI) in its "
        "trial in chronic SCI with neural stem cells.",
        "arms.0.product.cell_type",
        "neural-stem-cell",
    ),
    (
        "Patients with subacute SCI (defined as 2 to 5 months after the event) get intrathecal "
        "MSCs and are followed for 12 months.",
        "follow_up",
        ["P12M"],
    ),
]
_ROUND_38 = [
    (
        "Ten SCI patients got intrathecal MSCs and were assessed over 36 weeks.",
        "follow_up",
        ["P36W"],
    ),
    (
        "They injected 3 million of such cells into the damaged section of the man's spinal cord.",
        "arms.0.dose.value",
        3e6,
    ),
    (
        "They injected 3 million of such cells into the damaged section of the man's spinal cord.",
        "arms.0.route",
        "intraspinal",
    ),
    (
        "Cells were put into the rat's injured spinal cord in the lab. Patients got intrathecal "
        "neural stem cells.",
        "arms.0.route",
        "intrathecal",
    ),
    (
        "The cells were derived from a healthy person and given intravenously to 5 patients.",
        "arms.0.product.donor",
        "allogeneic",
    ),
    (
        "Introduction\nStem Cell Injection Helps Paralysed Man Walk Again\n\nDoctors gave the man "
        "intrathecal MSCs.",
        "title",
        "Stem Cell Injection Helps Paralysed Man Walk Again",
    ),
    (
        "A university has started a clinical research to transplant neural progenitor cells into "
        "patients with SCI.",
        "design.type",
        "interventional",
    ),
    ("Clinical research has shown that MSCs help. Patients got MSCs.", "design.type", None),
    (
        "Stem Cell Therapy for Shoulder Arthritis. (SCTSA)\nBrief Summary\nPatients get MSCs.",
        "title",
        "Stem Cell Therapy for Shoulder Arthritis",
    ),
    (
        "Bone Marrow Concentrate for Jaw Joint Arthritis\n\nDoctors injected BMC into the joint.",
        "title",
        "Bone Marrow Concentrate for Jaw Joint Arthritis",
    ),
]

# round 39: wordings met while its documents were read
_ROUND_39 = [
    (
        "We treated patients with chronic spinal cord injury with autologous bone marrow MSCs.",
        "arms.0.product.source",
        "bone-marrow",
    ),
    (
        "Twenty patients were divided into an MSC + rehabilitation group and a rehabilitation "
        "group.",
        "arms.1.label",
        "rehabilitation group",
    ),
    (
        "Twenty patients were divided into an MSC group and a rehabilitation group. MSCs were "
        "injected intrathecally.",
        "arms.1.role",
        "control",
    ),
    (
        "Forty patients were randomized into a conventional therapy group and an MSC group.",
        "arms.1.label",
        "conventional therapy group",
    ),
    (
        "Spinal cord injury (SCI), damage to any part of the spinal cord or nerves, often causes "
        "permanent neurofunction deficit, including strength, sensation and other body functions. "
        "Patients got intrathecal MSCs.",
        "outcomes",
        [],
    ),
    (
        "Men got an intracavernous injection of MSCs. IIEF-5 scores improved from 12.9 at "
        "baseline to 18 at follow-up (p < 0.05).",
        "outcomes.0.significant",
        True,
    ),
    (
        "Patients got MSCs. The ASIA motor score improved from 40 to 45 (p = 0.21).",
        "outcomes.0.significant",
        False,
    ),
    (
        "Twenty men received a one-time intra-penile injection of acellular stem cell-derived "
        "bioactive molecules.",
        "arms.0.product.kind",
        "secretome",
    ),
    (
        "Twenty men received MSC secretome. Six men who received a similar injection using saline "
        "served as a historic control.",
        "arms.1.label",
        "historic control",
    ),
    (
        "Patients got intravenous MSCs. In terms of safety, 163 adverse effects were reported. "
        "There were 2 cases of nausea, 1 of abdominal pain and 1 of bradycardia.",
        "adverse_events.0.patients",
        2,
    ),
    ("There are 5 cases of fever per year in the ward. Patients got MSCs.", "adverse_events", []),
    (
        "Patients got MSC sheets. These wounds were evaluated for a maximum of 12 weeks.",
        "follow_up",
        ["P12W"],
    ),
    ("Patients got MSCs and were followed for up to 24 months.", "follow_up", ["P24M"]),
    ("Primary outcome: mRSS\nTime frame: every three month", "follow_up", []),
    (
        "Patients got olfactory cells. The first two operated patients improved from ASIA A to "
        "ASIA C and ASIA B.",
        "population.ais_baseline",
        ["A"],
    ),
    (
        "Patients got MSCs. Three patients improved from AIS A to C and B.",
        "ais_transitions",
        [],
    ),
    (
        "Title\nStem Cells Transl Med. 2021 Aug;10(8):1129-1137. doi: 10.1002/sctm.20-0330.\n\n"
        "Preterm infants got MSCs.\n\nKeywords: stem cells; infants.",
        "document.kind",
        "abstract",
    ),
    ("Cells for SCI\n\nLay summary\nPatients got MSCs.", "document.kind", "summary"),
    (
        "-\nStudy aim\n-\nSafety of MSCs\n-\nIntervention groups\n-\nInjection material: MSCs\n"
        "Interval between each injection: 1 month\n-\nMain outcome variables\n-\nNo side "
        "effects, including severe or mild, related to cell therapy",
        "document.kind",
        "registry-record",
    ),
    (
        "-\nStudy aim\n-\nSafety of MSCs\n-\nIntervention groups\n-\nInjection material: MSCs\n"
        "Interval between each injection: 1 month\n-\nMain outcome variables\n-\nNo side "
        "effects, including severe or mild, related to cell therapy",
        "design.type",
        "interventional",
    ),
    (
        "Injection material: MSCs\nInjection method: Intravenous/ 3 times\nInterval between each "
        "injection: 1 month",
        "arms.0.interval",
        "P1M",
    ),
    (
        "Intervention groups\n-\nMSCs were given intravenously.\n-\nMain outcome variables\n-\n"
        "No side effects, including short-term and long-term, and severe or mild",
        "serious_adverse_events",
        None,
    ),
    (
        "Main outcome variables\n-\nAdverse events (1 week and 6 months after the injection)\n"
        "Patients got MSCs.",
        "outcomes.0.primary",
        True,
    ),
    (
        "Patients got intravenous MSCs (single dose, 10\\^6 cells/kg body weight).",
        "arms.0.dose.value",
        1e6,
    ),
    (
        "Open Access Transplantation of Autologous Olfactory Ensheathing Cells in Human SCI\n\n"
        "Patients got cells.",
        "title",
        "Transplantation of Autologous Olfactory Ensheathing Cells in Human SCI",
    ),
    (
        "Preterm infants got MSCs. We are now conducting an additional larger phase II clinical "
        "trial focusing on infants at 23 to 24 GW (NCT03392467). identifier: NCT01828957.",
        "identifiers.registry",
        ["NCT01828957"],
    ),
    (
        "Here, we reported on a 29-year-old man who was treated with WJ-MSCs.",
        "population.enrolled",
        1,
    ),
    (
        "Either an allogeneic ASC sheet or polyurethane film was applied on diabetic wounds "
        "weekly.",
        "arms.0.route",
        "other",
    ),
    (
        "Either an allogeneic ASC sheet or polyurethane film was applied on diabetic wounds "
        "weekly.",
        "arms.0.interval",
        "P1W",
    ),
    (
        "Patients got MSCs; outcomes were scored by blinded assessors.",
        "design.masking",
        "single-blind",
    ),
]

# round 40: the documents of both reviewers
_ROUND_40 = [
    ("Title of the page\n摘要\nPatients with heart failure got MSCs.", "document.kind", "abstract"),
    (
        "PRESS RELEASES\n\nStem cell therapy after meniscus surgery\n\nNo safety issues\n\n"
        "2014-01-16\nPatients got MSCs.",
        "year",
        2014,
    ),
    (
        "To date, several trials have reported the use of BMMSCs for ONFH. We retrospectively "
        "reviewed 100 patients with ONFH who had been treated by CD alone and CD + BMMSC "
        "implantation.",
        "design.type",
        "observational",
    ),
    (
        "To date, several trials have reported the use of BMMSCs for ONFH. We retrospectively "
        "reviewed 100 patients with ONFH who had been treated by CD alone and CD + BMMSC "
        "implantation.",
        "population.enrolled",
        100,
    ),
    (
        "Patients got intra-aortic MSCs or placebo. Rates of other adverse events did not differ "
        "between groups.",
        "adverse_events",
        [],
    ),
    (
        "Patients got MSCs. For the long-term follow-up, only one participant needed surgical "
        "treatment for a serious adverse event.",
        "serious_adverse_events",
        1,
    ),
    (
        "Patients got MSCs. Analysis of subsequent treatment results indicated significant "
        "improvements in sensory, motor and autonomic nerve function.",
        "outcomes.1.direction",
        "improved",
    ),
    (
        "The repercussions of spinal cord injury (SCI), regardless of origin, are often severe and "
        "include loss of bowel and bladder faculties. Patients got MSCs.",
        "outcomes",
        [],
    ),
    (
        "Spinal cord injury (SCI) is a devastating disease characterized by extensive cellular "
        "death, leading to lifelong disability, muscle spasms, sensory deficits, and autonomic "
        "disturbances. Patients will get MSCs.",
        "outcomes",
        [],
    ),
    (
        "Patients got Schwann cells. There were no surgical, medical, or neurological "
        "complications to indicate that the procedure was unsafe.",
        "serious_adverse_events",
        0,
    ),
    (
        "Patients got Schwann cells. There were no negative events related to the cell therapy.",
        "serious_adverse_events",
        0,
    ),
    (
        "Mesenchymal Stromal Cells| Volume 19, ISSUE 3, P349-359, March 2017\nRepeated "
        "subarachnoid administrations of autologous MSCs improve quality of life in SCI\n\nTen "
        "patients got MSCs.",
        "title",
        "Repeated subarachnoid administrations of autologous MSCs improve quality of life in SCI",
    ),
    (
        "The trial sought to recruit 27 subjects with spinal cord injury. Patients got MSCs.",
        "population.enrolment_type",
        "anticipated",
    ),
    (
        "Inclusion Criteria: Both sexes over 18 years old; ASIA A. Patients got MSCs.",
        "population.age_min",
        18,
    ),
    (
        "Arm: Two intrathecal autologous bone marrow stem cell transplantation of 1 ml solution "
        "containing MSCs each.",
        "arms.0.administrations",
        2,
    ),
    (
        "The trial enrolled 14 participants, categorized into three groups based on a single dose "
        "intravitreal BM-MSC injection.",
        "arms.0.administrations",
        1,
    ),
    (
        "Cord MSC therapy for PAH. A 3-year-old female presented with heritable PAH and was "
        "treated for 6 months with serial infusions of MSC exosomes.",
        "population.enrolled",
        1,
    ),
    (
        "Three patients were treated with MSCs. A 45-year-old man received two infusions.",
        "population.enrolled",
        3,
    ),
]

# round 41: the documents of both reviewers
_ROUND_41 = [
    (
        "Patients got ADSCs. Participants had not shown any early-onset possible side effects and "
        "secondary complications during follow-up.",
        "serious_adverse_events",
        0,
    ),
    (
        "Patients got MSCs. No severe MSC-related adverse events were observed during the trial.",
        "serious_adverse_events",
        0,
    ),
    (
        "Patients got MSCs. There was no evidence of adverse proliferation, tumorigenicity, severe "
        "inflammation or other serious issues during the 12-month follow-up period.",
        "serious_adverse_events",
        0,
    ),
    (
        "Patients got MSCs. Neither study had any serious problems with recruitment.",
        "serious_adverse_events",
        None,
    ),
    (
        "Cotransplantation of haplo-HSCs and UC-MSCs was performed in 24 SAA patients.",
        "population.enrolled",
        24,
    ),
    (
        "We conducted a Phase I, open label, single center, nonrandomized clinical trial in four "
        "Asian traumatic optic neuropathy patients who got MSCs.",
        "population.enrolled",
        4,
    ),
    ("Age: 18+\nPatients got MSCs.", "population.age_min", 18),
    (
        "Liver transplant recipients got MSCs intravenously. The incidence of allograft rejection "
        "was evaluated.",
        "arms.0.product.donor",
        None,
    ),
    (
        "Ten patients got intrathecal MSCs. In a parallel rat study, the sham group received "
        "saline.",
        "design.controlled",
        None,
    ),
    (
        "Patients got MSCs. Upon follow-up for a median of 13 months, 5 of the 24 patients were "
        "dead.",
        "follow_up",
        ["P13M"],
    ),
    (
        "Ten patients with pressure ulcers got umbilical cord MSCs injected into the edge and "
        "bottom of the ulcer.",
        "arms.0.route",
        "other",
    ),
    (
        "Patients got neural stem cells. The study, which followed four patients with chronic "
        "spinal cord injuries for five years, found that two patients showed durable improvement.",
        "follow_up",
        ["P5Y"],
    ),
    (
        "Patients got neural stem cells. The study, which followed four patients with chronic "
        "spinal cord injuries for five years, found that two patients showed durable improvement.",
        "population.enrolled",
        4,
    ),
    (
        "Umbilical cord blood cells were injected intrathecally, followed by oral lithium for 6 "
        "weeks. Patients were assessed at 6 and 12 months.",
        "follow_up",
        ["P6M", "P12M"],
    ),
    (
        "Patients got macrophages or standard care. The AIS grade showed an improvement that did "
        "not achieve statistical significance (P=0.053).",
        "outcomes.0.significant",
        False,
    ),
    (
        "Patients got BMNCs. In total, 18 of 19 intraspinal and intravenous BMNC transplantation "
        "procedures performed caused no adverse events. One case was connected with bradycardia.",
        "serious_adverse_events",
        None,
    ),
    (
        "Participants: 6 patients with complete, thoracic paraplegia and a control group. Three "
        "patients received autologous olfactory ensheathing cells.",
        "arms.1.label",
        "control group",
    ),
    (
        "Patients got MSCs. The incidence of fever was 12.5%.",
        "adverse_events.0.percent",
        12.5,
    ),
    (
        "Eight children with chronic complete SC injury received multiple BMNC implantations.",
        "population.sci_phase",
        ["chronic"],
    ),
    (
        "Eight children with chronic complete SC injury received multiple BMNC implantations.",
        "population.completeness",
        "complete",
    ),
]

# round 42: the documents of both reviewers
_ROUND_42 = [
    (
        "Ten Patients (5 male, 8 bilateral, median [interquartile range] age 40 [30-59] years, 3 "
        "BOS2, 7 BOS3) participated. They got intravenous MSCs.",
        "population.enrolled",
        10,
    ),
    (
        "Patients between the ages of 14 and 50 who are scheduled to have ACL reconstruction get "
        "MSCs.",
        "population.age_max",
        50,
    ),
    (
        "Ten patients received intra-articular MSCs. Stem cell tissue will be harvested from "
        "each participant.",
        "arms.0.product.donor",
        "autologous",
    ),
    (
        "Patients got MSCs. 61.7% patients responded at 6 months timepoint; 76.5% by 12 months "
        "timepoint.",
        "follow_up",
        ["P6M", "P12M"],
    ),
    (
        "Patients got MSCs. Primary outcome of the study was safety, secondary outcome was "
        "efficacy in terms of seizure frequency reduction.",
        "outcomes.0.primary",
        True,
    ),
    (
        "Patients got ASCs. The injected volume was maximally 50% of the gland volume as "
        "determined on magnetic resonance imaging (MRI).",
        "outcomes",
        [],
    ),
    (
        "Autologous Adipose Stem Cell Therapy in the Treatment of Patients With Hemifacial Spasm. "
        "Patients got fat stem cells.",
        "outcomes",
        [],
    ),
    (
        "Safety of Human Embryonic Stem Cell (hESC)-Derived Mesenchymal Stem Cells in Cystitis\n"
        "Patients got a submucosal injection of hESC-MSCs.",
        "arms.0.product.cell_type",
        "mesenchymal-stromal-cell",
    ),
    (
        "Participants received two intravenous injections of AtMSCs or placebo at 4-week "
        "intervals.",
        "arms.1.interval",
        "P4W",
    ),
    (
        "Ten patients got four intrathecal MSC injections; the sham group underwent one lumbar "
        "puncture.",
        "arms.1.administrations",
        None,
    ),
    (
        "The authors report a prospective, uncontrolled pilot study of the safety and outcomes of "
        "implanting olfactory mucosal autografts (OMA) in 20 patients with chronic SCI.",
        "design.type",
        "interventional",
    ),
    (
        "Four men got neural cells. They were checked a year later to make sure there weren't any "
        "serious side effects.",
        "follow_up",
        ["P1Y"],
    ),
    (
        "He was one of four people in a groundbreaking study that got neural stem cells.",
        "population.enrolled",
        4,
    ),
    (
        "This study will evaluate human central nervous system stem cell transplantation into "
        "patients with cervical SCI.",
        "arms.0.product.cell_type",
        "neural-stem-cell",
    ),
    (
        "Four patients got MSCs. Of the four patients, only one patient with incomplete SCI "
        "showed motor and sensory improvement.",
        "population.completeness",
        None,
    ),
]

# round 43: the documents of both reviewers
_ROUND_43 = [
    (
        "A Study of TH-SC01 in the Treatment of Radiation-induced Rectal Injury\nInterventions\n"
        "Biological: TH-SC01(Umbilical cord mesenchymal stem cells)\nThe purpose of this study is "
        "to evaluate the efficacy and safety of allogeneic umbilical cord MSCs in rectal injury.",
        "arms.0.product.source",
        "umbilical-cord",
    ),
    (
        "This is a multi-year observational study following the completion of the open-label, "
        "single dose Phase I/II study involving transplantation of HuCNS-SC cells in SCI.",
        "design.masking",
        None,
    ),
    (
        "This is a multi-year observational study following the completion of the open-label, "
        "single dose Phase I/II study involving transplantation of HuCNS-SC cells in SCI.",
        "design.phase",
        None,
    ),
    (
        "Radiation injury: severe complications, most of which occur 2-5 years after the end of "
        "radiotherapy. Patients got MSCs.",
        "follow_up",
        [],
    ),
    (
        "A retrospective and noncomparative review was performed on four patients who got MSCs.",
        "design.controlled",
        False,
    ),
    (
        "The incidence of radiation rectal injury is high, which has a serious impact on the "
        "health and quality of life of patients. Patients got MSCs.",
        "outcomes",
        [],
    ),
    (
        "At 1 week following transplantation all 3 patients showed improvement in the muscle "
        "force of the limbs, muscle size and daily activity.",
        "outcomes.1.measure",
        "adl",
    ),
    (
        "ProCord is a therapy for SCI. The therapy is intended to reverse the loss of motor and "
        "sensory function. Patients got macrophages.",
        "outcomes",
        [],
    ),
    (
        "Stem Cells International\nVolume 2016, Article ID 9165267, 7 pages\nReceived 28 April "
        "2015; Revised 31 July 2015; Accepted 6 August 2015\nTen JIA patients got UC-MSCs.",
        "year",
        2016,
    ),
    (
        "A total of 18 patients, with complete motor deficits and paraplegia caused by thoracic "
        "spine trauma, got BM-MNCs.",
        "population.completeness",
        "complete",
    ),
    (
        "Ten JIA patients were treated with UC-MSCs and received second infusion three months "
        "later.",
        "arms.0.interval",
        "P3M",
    ),
    (
        "Patients got one intravenous infusion of MSCs and a second infusion 4 weeks later.",
        "arms.0.administrations",
        2,
    ),
    (
        "Patients got MSCs; a second infusion 4 weeks later and a third one 8 weeks later.",
        "arms.0.administrations",
        None,
    ),
    ("This 2008 study followed 8 patients given bone marrow cells.", "year", 2008),
    (
        "For the first time, we report eight case studies of SCI treated with bone marrow cells.",
        "design.type",
        "case-series",
    ),
]

# round 44: the documents of both reviewers
_ROUND_44 = [
    (
        "Patients got HUC-MSCs. The MMSE improved, thus improving patients' quality of life.",
        "outcomes",
        [],
    ),
    (
        "Eighteen Tennis players with chronic LET underwent evaluation before intervention. They "
        "got intratendinous ASCs.",
        "population.enrolled",
        18,
    ),
    (
        "Ten VaD patients (average age, 73.88 years old) were treated with HUC-MSCs.",
        "population.enrolled",
        10,
    ),
    (
        "Here, we present a case of medically refractory rheumatoid arthritis that improved "
        "following administration of autologous AdMSCs.",
        "population.enrolled",
        1,
    ),
    (
        "Eligibility Criteria\n18 Years - 65 Years (Adult, Older Adult)All Sexes\nPatients get "
        "UC-MSCs.",
        "population.age_max",
        65,
    ),
    (
        "Seven patients with chronic SCI (ranging from 1.3 years to 27 years after the onset of "
        "SCI) got MSCs.",
        "population.age_min",
        None,
    ),
    ("Ages\n19+ years old\nPatients get MSCs.", "population.age_min", 19),
    (
        "PMID- 35835295\nOWN - NLM\nDP  - 2022 Oct\nTI  - A clinical research of 11 cases of cord "
        "MSCs for vascular dementia.\nPG  - 101669\nAB  - Ten patients got MSCs.",
        "title",
        "A clinical research of 11 cases of cord MSCs for vascular dementia",
    ),
    (
        "PMID- 35835295 OWN - NLM DP - 2022 Oct TI - A clinical research of 11 cases of cord MSCs "
        "for vascular dementia. PG - 101669 AB - Ten patients got MSCs.",
        "year",
        2022,
    ),
    (
        "PMID- 35835295 OWN - NLM DP - 2022 Oct TI - A clinical research of 11 cases of cord MSCs "
        "for vascular dementia. PG - 101669 AB - Ten patients got MSCs.",
        "identifiers.pmid",
        "35835295",
    ),
    (
        "Received Date: 12 September, 2018; Published Date: 25 September, 2018\nA patient got "
        "AdMSCs.",
        "year",
        2018,
    ),
    (
        "Inclusion: Autoimmune hepatitis (according to the criteria defined by the international "
        "autoimmune hepatitis Group ,Hepatology, 2008;48:169-176)\nPatients get UC-MSCs.",
        "year",
        None,
    ),
    (
        "The patients received an intra-tendon injection of allogeneic adipose-derived MSCs.",
        "arms.0.route",
        "other",
    ),
    (
        "The cultivated HUCMSCs (10(6) /kg) were injected by intravenous (i.v.) infusion on three "
        "occasions.",
        "arms.0.administrations",
        3,
    ),
    (
        "Bone Marrow Concentrate for Low Back Pain: A 12-Month, Open-Label, Prospective "
        "Controlled Trial\nPatients got BMC injections.",
        "follow_up",
        ["P12M"],
    ),
    (
        "In spring 2022, an inpatient Phase II Clinical Trial has been started to study safety and "
        "efficacy of\nNeuro-Cells treatment for spinal cord injury.",
        "title",
        "Neuro-Cells treatment for spinal cord injury",
    ),
    (
        "Patients got MSCs. SCI causes a variety of severe issues such as loss of bowel "
        "faculties, sensory and motor function impairment.",
        "outcomes",
        [],
    ),
    (
        "Patients got ADSCs. All patients had improved in terms of motor function and bladder "
        "function. Neurogenic bladder function was improved significantly after transplantation.",
        "outcomes.1.significant",
        True,
    ),
    (
        "Bone marrow derived autologous cell(100 million per dose) given intrathecally.",
        "arms.0.dose.value",
        1e8,
    ),
]

# round 45: the documents of both reviewers
_ROUND_45 = [
    (
        "Three patients got intravitreal fat stem cells. After 1 year, the patients' visual "
        "acuity ranged from 20/200 to no light perception.",
        "follow_up",
        ["P1Y"],
    ),
    (
        "Patients got MSCs. After 2 weeks, a second dose was given intravenously.",
        "follow_up",
        [],
    ),
    (
        "Trial Locations\n\nLocations (1)\n\nInstitute of Biophysics, Minsk\nPatients get MSCs.",
        "design.centers",
        "single",
    ),
    (
        "Patients got MSC injections into the gingiva. The volume of the mixture is divided into 4 "
        "equal injections in the gingival region of one tooth.",
        "arms.0.administrations",
        None,
    ),
    (
        "Patients got MSC injections into the gingiva. The volume of the mixture is divided into 4 "
        "equal injections in the gingival region of one tooth.",
        "arms.0.route",
        "other",
    ),
    ("Inclusion: women aged \\>= 20 and \\< 40. Patients get MSCs.", "population.age_max", 40),
    (
        "Inclusion: male or female patient aged ≥18 years. Patients get MSCs.",
        "population.age_min",
        18,
    ),
    (
        "The trial will test two doses of stem cells compared to placebo.",
        "arms.1.label",
        "placebo",
    ),
    (
        "9 subjects will be placed in 3 cohorts of 3, and receive an ascending dosage of MSCs.",
        "population.enrolled",
        9,
    ),
    (
        "Achilles tendinopathy and MSCs\nBackground\nTendons heal poorly.\nMethod\nNine "
        "subjects got MSC injections.",
        "document.kind",
        "abstract",
    ),
    (
        "Two acute SCI patients got MSCs and scaffolds. Both patients improved from AIS A to "
        "AIS C.",
        "ais_transitions.0.patients",
        2,
    ),
    (
        "Exclusion Criteria:\n1. Patient who is under 19 years and over 70years\nPatients get "
        "MSCs.",
        "population.age_max",
        70,
    ),
    (
        "Primary Outcome Measures\n1. Safety of autologous BM transplant measured by absence of "
        "infections. [18 months]\nPatients get bone marrow cells.",
        "outcomes.0.measure",
        "safety",
    ),
    (
        "Patients got MSCs. During 1 year follow up, no obvious adverse symptoms related to the "
        "implantation were found.",
        "outcomes.0.measure",
        "adverse-events",
    ),
    (
        "Patients got MSCs. Nine subjects had improvements in urologic function.",
        "outcomes.0.measure",
        "bladder-function",
    ),
    (
        "Patients got MSCs. All subjects displayed variable improvements in tactile sensitivity.",
        "outcomes.0.measure",
        "sensory-function",
    ),
    (
        "Pain rating was performed using a visual analogue score scale. Patients got MSCs.",
        "outcomes.0.measure",
        "vas",
    ),
]

# round 46: the documents of both reviewers
_ROUND_46 = [
    (
        "Fifty-six chronic cervical spinal cord injury patients received autologous bone marrow "
        "cells.",
        "population.enrolled",
        56,
    ),
    (
        "Patients got MSCs. As a result of the injury, the participants experienced symptoms such "
        "as impaired motor function, sensory loss, and bladder and bowel dysfunction.",
        "outcomes",
        [],
    ),
    (
        "Patients got cells. Cell transplantation may promote neurofunctional recovery and improve "
        "the quality of life of the patients.",
        "outcomes",
        [],
    ),
    (
        "Patients got cells. The improvement in Functional Independence Measure (FIM) scores was "
        "statistically significant using Wilcoxon Signed Rank test.",
        "outcomes.0.significant",
        True,
    ),
    ("Inclusion: Age >18 years. Patients get MSCs.", "population.age_min", 18),
    ("Inclusion: ≥18 years of age. Patients get MSCs.", "population.age_min", 18),
    ("Injury duration >18 years. Patients got MSCs.", "population.age_min", None),
    (
        "Scleroderma digital ulcers have a major impact on hand function and quality of life. "
        "Patients get ADSCs.",
        "outcomes",
        [],
    ),
]

# round 47: the documents of both reviewers
_ROUND_47 = [
    (
        "In a prospective, nonrandomized, no placebo-controlled, phase I/II trial, patients got "
        "intramuscular ADSCs.",
        "design.controlled",
        None,
    ),
    (
        "Patients got MSC Supernatant + Standard Care. Participants will receive MSC supernatant "
        "as a mouthwash.",
        "arms.0.product.kind",
        "secretome",
    ),
    (
        "Patients got autologous gingiva-derived mesenchymal stem cells by local injection.",
        "arms.0.product.source",
        "other",
    ),
    (
        "Patients got intramuscular ADSCs. No ADRs and SAEs related to stem cell treatment "
        "occurred during the 6-month follow-up.",
        "serious_adverse_events",
        0,
    ),
    (
        "Alopecia areata is an autoimmune condition, negatively impacting the quality of life. "
        "Two patients got exosomes.",
        "outcomes",
        [],
    ),
    (
        "Adipose Tissue-Derived Exosomes as a Novel Therapeutic Approach for Alopecia Areata: A "
        "Report of Two Cases\n\nTwo patients got intradermal exosomes.",
        "title",
        "Adipose Tissue-Derived Exosomes as a Novel Therapeutic Approach for Alopecia Areata: A "
        "Report of Two Cases",
    ),
    (
        "MSCs for SCI\nRecruitment Status\n:\nRecruiting\nStudy Type : Interventional\nPatients "
        "get MSCs.",
        "status",
        "Recruiting",
    ),
    (
        "From the San Jose Mercury News, September 21, 2011:\nGeron gave cells to a patient.",
        "year",
        2011,
    ),
    (
        "This study is a controlled and open-label phase 2 clinical trial on 90 patients who get "
        "MSCs.",
        "design.controlled",
        True,
    ),
]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    _ROUND_15
    + _ROUND_16
    + _ROUND_17
    + _ROUND_18
    + _LEFT_BY_ROUNDS
    + _ROUND_19
    + _ROUND_20
    + _ROUND_21
    + _ROUND_22
    + _ROUND_23
    + _ROUND_24
    + _ROUND_25
    + _ROUND_33
    + _ROUND_34
    + _ROUND_35
    + _ROUND_36
    + _ROUND_37
    + _ROUND_38
    + _ROUND_39
    + _ROUND_40
    + _ROUND_41
    + _ROUND_42
    + _ROUND_43
    + _ROUND_44
    + _ROUND_45
    + _ROUND_46
    + _ROUND_47,
)
def test_wordings_found_by_review_rounds(text: str, field: str, value: object) -> None:
    assert _field(read(text), field) == value


def test_a_named_sub_score_of_the_exam_is_no_total_score() -> None:
    record = read("After MSCs, the ISNCSCI motor score improved.")
    assert [(o.measure, o.direction) for o in record.outcomes] == [("asia-motor", "improved")]


def test_two_sources_sharing_one_cell_noun_as_alternatives_are_two_arms() -> None:
    record = read("Bone marrow or umbilical cord MSCs were given intravenously to 12 adults.")
    assert [arm.product.source for arm in record.arms] == ["bone-marrow", "umbilical-cord"]
    assert {arm.product.cell_type for arm in record.arms} == {"mesenchymal-stromal-cell"}
    assert {arm.route for arm in record.arms} == {"intravenous"}


def test_one_cell_type_from_one_source_offered_twice_is_one_arm() -> None:
    record = read(
        "Thirty men were allocated to receive either umbilical cord MSCs or umbilical cord MSCs "
        "grown in a bank."
    )
    assert [arm.product.source for arm in record.arms] == ["umbilical-cord"]


def test_a_vein_named_for_a_catheter_is_no_route() -> None:
    record = read("Patients got cord MSCs intrathecally; a peripheral vein catheter was placed.")
    assert [arm.route for arm in record.arms] == ["intrathecal"]


def _arm_roles_and_sources(record) -> list[tuple[str, str, str | None, str | None]]:
    return [(a.role, a.product.kind, a.product.source, a.route) for a in record.arms]


def test_groups_named_by_number_are_arms_with_what_each_got() -> None:
    record = read(
        "The aim is to test mesenchymal stem cells from cord blood in liver failure. Eighty "
        "patients will be split into four groups. The first group will receive standard "
        "therapy. The second group will receive cord blood stem cells intravenously. The third "
        "group will receive standard therapy and plasma exchange. The fourth group will receive "
        "standard therapy, cord blood stem cells and plasma exchange."
    )
    assert _arm_roles_and_sources(record) == [
        ("control", "none", None, None),
        ("experimental", "cells", "umbilical-cord-blood", "intravenous"),
        ("control", "none", None, None),
        ("experimental", "cells", "umbilical-cord-blood", None),
    ]
    assert [a.product.cell_type for a in record.arms if a.role == "experimental"] == [
        "mesenchymal-stromal-cell"
    ] * 2
    assert record.design.controlled is True


def test_lettered_groups_with_saline_make_a_control_arm() -> None:
    record = read(
        "Twenty patients with SCI were enrolled. Group A received intrathecal umbilical cord MSCs, "
        "and group B received normal saline."
    )
    assert _arm_roles_and_sources(record) == [
        ("experimental", "cells", "umbilical-cord", "intrathecal"),
        ("control", "none", None, None),
    ]
    assert [a.label for a in record.arms] == ["Group A", "group B"]


def test_groups_given_one_product_stay_one_arm() -> None:
    record = read(
        "Twenty SCI patients got intrathecal cord MSCs. Group 1 received the cells once and "
        "group 2 received the cells twice."
    )
    assert len(record.arms) == 1


def test_groups_given_cells_of_two_sources_are_two_arms() -> None:
    record = read(
        "Patients will be split into 2 groups. The first group will be treated with autologous "
        "BM-MSCs, while the second group will be treated with autologous AT-MSCs."
    )
    assert [a.product.source for a in record.arms] == ["bone-marrow", "adipose-tissue"]


def test_randomized_to_a_treatment_or_a_control_group_makes_both_arms() -> None:
    record = read(
        "Twenty adults with type 1 diabetes were randomized to autologous MSC treatment or to "
        "the control group."
    )
    assert [(a.role, a.product.kind) for a in record.arms] == [
        ("experimental", "cells"),
        ("control", "none"),
    ]


def test_where_given_cells_gather_is_no_route() -> None:
    record = read(
        "Patients got MSCs intravenously. The administered cells gather at the injury site."
    )
    assert [arm.route for arm in record.arms] == ["intravenous"]


def test_unicode_hyphens_read_as_plain_ones_and_values_keep_them() -> None:
    text = (
        "Bone marrow\u2010derived MSCs for chronic spinal cord injury: a phase 1 trial\n"
        "Ten patients got intrathecal MSCs. No tumours were found during the 6 months "
        "follow\u2010up."
    )
    record = read(text)
    assert record.follow_up == ["P6M"]
    assert (
        record.title
        == "Bone marrow\u2010derived MSCs for chronic spinal cord injury: a phase 1 trial"
    )
    span = record.evidence["/title"]
    assert text[span.start : span.end] == record.title


def test_a_numbered_list_of_groups_makes_one_arm_each() -> None:
    record = read(
        "Patients will receive either 1) intravenous injections of cord MSCs, 2) cord MSCs "
        "injected into the fluid around the lower spinal cord, or 3) an intravenous injection of "
        "saline as a placebo control."
    )
    assert [(a.role, a.route) for a in record.arms] == [
        ("experimental", "intravenous"),
        ("experimental", "intrathecal"),
        ("control", None),
    ]


def test_a_group_given_the_carrier_without_the_cells_is_a_control() -> None:
    record = read(
        "The study tests autologous adipose-derived MSCs (AD-MSCs). 3 groups will be included: "
        "(1) transplantation of AD-MSCs alone, (2) transplantation of a scaffold without "
        "AD-MSCs, and (3) transplantation of AD-MSCs on a scaffold."
    )
    assert [a.role for a in record.arms] == ["experimental", "control", "experimental"]


def test_two_cell_types_of_one_source_are_two_arms_only_as_alternatives() -> None:
    given_together = read("Patients got bone marrow MSCs and Schwann cells intrathecally.")
    offered = read("Patients got either bone marrow MSCs or Schwann cells intrathecally.")
    assert len(given_together.arms) == 1
    assert [arm.product.cell_type for arm in offered.arms] == [
        "mesenchymal-stromal-cell",
        "schwann-cell",
    ]


_COLUMNS = (
    "Title: Cord cells for liver scarring\nStudy Type\nINTERVENTIONAL\nTime frame: 12 months\n"
    "Arms of the Study\nArm 1\nArm 2\nArm 3\n{roles}\n{labels}\n{details}\n"
)


def _column_table(roles: str, labels: str, details: str) -> StudyRecord:
    return read(_COLUMNS.format(roles=roles, labels=labels, details=details))


def test_an_arm_table_printed_as_columns_of_lines() -> None:
    record = _column_table(
        "Experimental\nExperimental\nActive Comparator",
        "standard care plus cord MSCs\nstandard care plus placebo\nGroup C",
        "Adults will receive standard care and one infusion of umbilical cord MSCs.\n"
        "Adults will receive standard care and a placebo infusion.\n"
        "Adults will receive open surgery of the pocket and nothing more.",
    )
    arms = [(arm.label, arm.role, arm.product.kind) for arm in record.arms]
    assert arms == [
        ("standard care plus cord MSCs", "experimental", "cells"),
        ("standard care plus placebo", "control", "none"),
        ("Group C", "control", "none"),
    ]
    assert record.design.controlled is True


def test_column_arms_without_cells_or_with_the_documents_product() -> None:
    record = _column_table(
        "Experimental\nExperimental\nNo Intervention",
        "Group A\nGroup B\nGroup C",
        "Group A will receive autologous bone marrow mesenchymal stem cells in a fleece.\n"
        "Group B will receive a fleece with fibrin glue devoid of stem cells.\n"
        "Group C will be followed with the usual visits only.",
    )
    assert [(arm.role, arm.product.kind) for arm in record.arms] == [
        ("experimental", "cells"),
        ("control", "none"),
        ("control", "none"),
    ]


def test_column_arms_that_are_all_comparators_are_the_studys_groups() -> None:
    record = read(
        "Bone marrow MSCs for chronic SCI\nStudy Type\nINTERVENTIONAL\nTime frame: 12 months\n"
        "Patients receive autologous bone marrow MSCs intrathecally.\n"
        "Arms of the Study\nArm 1\nArm 2\nActive Comparator\nActive Comparator\n"
        "patients with complete injuries\npatients with incomplete injuries\n"
    )
    assert [(arm.role, arm.product.kind) for arm in record.arms] == [
        ("experimental", "cells"),
        ("experimental", "cells"),
    ]
    assert record.design.controlled is not True


def test_a_section_on_an_animal_model_adds_no_outcome() -> None:
    record = read(
        "Stemirac for SCI\nThirteen SCI patients got one IV infusion of MSCs; ASIA scores "
        "improved.\nRepeated Doses in a Mouse Model of ALS\nRepeated MSC doses slowed the loss "
        "of motor function."
    )
    assert [outcome.measure for outcome in record.outcomes] == ["asia-total"]


def test_two_patients_reaching_two_grades_are_one_each() -> None:
    record = read(
        "Six patients with ASIA A were enrolled and got olfactory cells. The first two operated "
        "patients improved from ASIA A to ASIA C and ASIA B."
    )
    assert [(t.from_, t.to, t.patients) for t in record.ais_transitions] == [
        ("A", "C", 1),
        ("A", "B", 1),
    ]


def test_a_schedule_said_of_each_route_goes_to_every_route() -> None:
    record = read(
        "He underwent intrathecal, intramuscular, and intravenous administrations of WJ-MSCs at "
        "a target dose of 1x106/kg for each application route (twice a month for 2 months)."
    )
    assert [(arm.route, arm.administrations) for arm in record.arms] == [
        ("intrathecal", 4),
        ("other", 4),
        ("intravenous", 4),
    ]


def test_a_placebo_goes_the_one_way_its_sentence_names() -> None:
    record = read(
        "Fifty-three patients with heart failure were randomized to intracoronary infusion of bone "
        "marrow mononuclear cells (BMMC group, n = 16) or bone marrow MSCs (BMSC group, n = 17) or "
        "equal volume normal saline (CTRL group, n = 20)."
    )
    control = [arm for arm in record.arms if arm.role == "control"]
    assert [(arm.label, arm.route) for arm in control] == [("CTRL group", "other")]


def test_an_experimental_arm_takes_its_cells_from_the_intervention_beside_it() -> None:
    record = read(
        "Study Start Date : | March 2015 |\nActual Study Completion Date : | December 2018 |\n\n"
        "Arm | Intervention/treatment |\n---|---|\nExperimental: AST-OPC1\nOpen label, dose "
        "escalation cohort of subjects who receive an injection of AST-OPC1\n|\nBiological: "
        "AST-OPC1\nOne injection of 2 million or 10 million AST-OPC1 cells |\n"
    )
    assert [(arm.role, arm.product.kind) for arm in record.arms] == [("experimental", "cells")]


def test_no_matter_which_measure_is_no_denial_of_a_change() -> None:
    record = read(
        "Patients got HUCMSCs. No matter MMSE score or Barthel index, the scores improved "
        "significantly after treatment (P < 0.001)."
    )
    assert {(o.measure, o.direction) for o in record.outcomes} == {("barthel-index", "improved")}


def test_a_route_others_have_used_so_far_makes_no_arm() -> None:
    record = read(
        "Thus far, local intramuscular injections of MSCs have shown promising results in TAO. We "
        "treated a patient with four intravenous infusions of MSCs."
    )
    assert [arm.route for arm in record.arms] == ["intravenous"]
