"""Every shape passes a valid example and fails an invalid one for the stated reason.

Two sets of examples: the RDF of a fixture record with one triple changed per case, and the
hand-written Turtle files under tests/shapes/ (valid/ conform; each invalid/ file breaks one
constraint family, named by the file), validated with pySHACL directly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.namespaces import DCTERMS, MESH, OA, QUDT, RDF, SH, SK, SKV
from kg.rdf import record_graph
from kg.record import load_record
from kg.validate import shapes_graph, validate_graph
from kg.vocab import ontology_graph

FIXTURE = Path(__file__).parent / "fixtures" / "records" / "fx-cells-it.yaml"
SKS = "https://w3id.org/scikg/shapes/"


def _valid() -> Graph:
    graph = Graph()
    for triple in ontology_graph():
        graph.add(triple)
    graph += record_graph(load_record(FIXTURE))
    return graph


def _one(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(graph.subjects(RDF.type, cls))[0]


def _set(prop: URIRef, cls: URIRef, value) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        node = _one(graph, cls)
        graph.remove((node, prop, None))
        graph.add((node, prop, value))

    return mutate


def _drop(prop: URIRef, cls: URIRef) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.remove((_one(graph, cls), prop, None))

    return mutate


def _add(prop: URIRef, cls: URIRef, value) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        graph.add((_one(graph, cls), prop, value))

    return mutate


def _both(*steps: Callable[[Graph], None]) -> Callable[[Graph], None]:
    def mutate(graph: Graph) -> None:
        for step in steps:
            step(graph)

    return mutate


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


AE, POP, STUDY, ADMIN = SK.AdverseEventResult, SK.Population, SK.Study, SK.Administration
# shape -> (mutation, message substring)
INVALID = {
    "StudyShape:title": (_drop(DCTERMS.title, STUDY), "exactly one title"),
    "StudyShape:doi": (_set(SK.doi, STUDY, Literal("doi:10/abc")), "DOI must look like"),
    "StudyShape:pmid": (_set(SK.pmid, STUDY, Literal("PMID123")), "PMID must be"),
    "StudyShape:registry": (_add(SK.registryId, STUDY, Literal("NCT123")), "registry id"),
    "StudyShape:phase": (_set(SK.phase, STUDY, SKV["route-intrathecal"]), "phase code"),
    "StudyShape:arm": (_drop(SK.hasArm, STUDY), "at least one arm"),
    "StudyShape:sae": (
        _set(SK.seriousAdverseEventCount, STUDY, _int(-1)),
        "serious adverse events must be a count",
    ),
    "PopulationShape:enrolled": (_set(SK.enrolled, POP, _int(-3)), "enrolled must be a count"),
    "PopulationShape:age": (_set(SK.ageMin, POP, _int(300)), "age_min must be an age"),
    "AdministrationShape:route": (
        _set(SK.route, ADMIN, SKV["product-kind-cells"]),
        "route must be one route code",
    ),
    "AdministrationShape:count": (
        _set(SK.administrationCount, ADMIN, _int(0)),
        "administrations must be an integer >= 1",
    ),
    "ProductShape:kind": (_drop(SK.productKind, SK.Product), "product kind must be one of"),
    "DoseShape:value": (
        _set(QUDT.value, SK.Dose, Literal(-1.0, datatype=XSD.double)),
        "dose value must be one number > 0",
    ),
    "AdverseEventShape:percent": (
        _set(SK.percent, AE, Literal("140.5", datatype=XSD.decimal)),
        "percent must be a number from 0 to 100",
    ),
    "AdverseEventShape:term": (_drop(SK.aeTerm, AE), "needs one term code"),
    "AdverseEventCountRule:size": (
        _both(_set(SK.enrolled, POP, _int(5)), _set(SK.patients, AE, _int(6))),
        "adverse event patients (6) exceed the study size (5)",
    ),
    "AdverseEventCountRule:risk": (
        _both(_set(SK.patients, AE, _int(4)), _set(SK.atRisk, AE, _int(3))),
        "exceed those at risk (3)",
    ),
    "PopulationRule:analysed": (
        _both(_set(SK.enrolled, POP, _int(5)), _set(SK.analysedSafety, POP, _int(8))),
        "analysed (8) exceeds enrolled (5)",
    ),
    "PopulationRule:age": (
        _both(_set(SK.ageMin, POP, _int(70)), _set(SK.ageMax, POP, _int(20))),
        "age_min (70) is above age_max (20)",
    ),
    "MeshAnnotationShape:descriptor": (
        _set(SK.descriptor, SK.MeshAnnotation, MESH["X013119"]),
        "MeSH descriptor must be",
    ),
    "DocumentShape:kind": (_drop(SK.documentKind, SK.Document), "one document-kind code"),
    "EvidenceShape:pointer": (_drop(SK.recordPointer, SK.Evidence), "JSON pointer"),
    "PositionSelectorShape:order": (
        _set(OA.start, OA.TextPositionSelector, _int(10**6)),
        "evidence start must be before its end",
    ),
}


def _messages(graph: Graph) -> list[tuple[str, str, str]]:
    report = validate_graph(graph)
    return [
        (str(r.source_shape), r.message, str(r.severity))
        for r in report.results
        if r.severity == SH.Violation
    ]


def test_the_valid_example_conforms() -> None:
    assert _messages(_valid()) == []


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_example_fails_for_the_stated_reason(case: str) -> None:
    mutate, expected = INVALID[case]
    graph = _valid()
    mutate(graph)
    found = _messages(graph)
    owners = {str(shape) for shape, message, _sev in found if expected in message}
    assert owners, found
    node_shape = URIRef(SKS + case.split(":")[0])
    shapes = shapes_graph()
    # a property shape is a blank node under its node shape; a SPARQL rule reports the node shape
    allowed = {str(node_shape)} | {str(p) for p in shapes.objects(node_shape, SH.property)}
    assert owners <= allowed, (owners, node_shape)


def test_missing_follow_up_is_a_warning_not_a_violation() -> None:
    graph = _valid()
    graph.remove((_one(graph, STUDY), SK.followUp, None))
    report = validate_graph(graph)
    warnings = [r.message for r in report.results if r.severity == SH.Warning]
    assert "no follow-up time point is stated" in warnings
    assert not [r for r in report.results if r.severity == SH.Violation]


def test_every_constraint_has_a_message() -> None:
    shapes = shapes_graph()
    for holder in set(shapes.subjects(SH.path, None)) | set(shapes.objects(None, SH.sparql)):
        assert shapes.value(holder, SH.message) is not None, holder


def test_every_node_class_the_builder_emits_has_a_shape() -> None:
    targeted = set(shapes_graph().objects(None, SH.targetClass))
    emitted = {o for o in _valid().objects(None, RDF.type) if str(o).startswith(str(SK))}
    ontology_only = set(ontology_graph().objects(None, RDF.type))
    data_classes = emitted - ontology_only - {SK.MeshDescriptor, SK.MeshQualifier}
    assert data_classes - targeted == set()


EXAMPLES = Path(__file__).parent / "shapes"
# invalid example file -> (severity, constraint component, result path, message substring)
EXPECTED = {
    "administration-count-zero": ("Violation", "MinInclusive", SK.administrationCount, ">= 1"),
    "administration-route-not-a-route": ("Violation", "Class", SK.route, "route code"),
    "adverse-event-percent-over-100": ("Violation", "MaxInclusive", SK.percent, "0 to 100"),
    "dose-value-not-double": ("Violation", "Datatype", QUDT.value, "dose value"),
    "evidence-source-missing": ("Violation", "MinCount", OA.hasSource, "source document"),
    "mesh-descriptor-not-mesh-iri": ("Violation", "Pattern", SK.descriptor, "MeSH descriptor"),
    "outcome-measure-missing": ("Violation", "MinCount", SK.measure, "one measure code"),
    "population-enrolled-negative": ("Violation", "MinInclusive", SK.enrolled, "enrolled must"),
    "product-kind-missing": ("Violation", "MinCount", SK.productKind, "product kind"),
    "rule-ae-patients-exceed-enrolled": (
        "Violation",
        "SPARQL",
        SK.patients,
        "patients (6) exceed the study size (5)",
    ),
    "rule-age-min-above-age-max": ("Violation", "SPARQL", SK.ageMin, "(70) is above age_max (20)"),
    "rule-analysed-exceeds-enrolled": (
        "Violation",
        "SPARQL",
        SK.analysedEfficacy,
        "analysed (8) exceeds enrolled (5)",
    ),
    "rule-responder-patients-exceed-of": (
        "Violation",
        "SPARQL",
        SK.patients,
        "patients (9) exceed the denominator (8)",
    ),
    "rule-transition-patients-exceed-of": (
        "Violation",
        "SPARQL",
        SK.patients,
        "patients (7) exceed the denominator (6)",
    ),
    "study-doi-bad-pattern": ("Violation", "Pattern", SK.doi, "DOI must look like"),
    "study-no-follow-up-warning": ("Warning", "MinCount", SK.followUp, "no follow-up"),
    "study-phase-not-a-phase-concept": ("Violation", "Class", SK.phase, "phase code"),
    "study-pmid-not-a-number": ("Violation", "Pattern", SK.pmid, "PMID must be"),
    "study-registry-id-unknown-format": ("Violation", "Pattern", SK.registryId, "registry id"),
    "study-serious-ae-count-negative": (
        "Violation",
        "MinInclusive",
        SK.seriousAdverseEventCount,
        "serious adverse events",
    ),
    "study-title-missing": ("Violation", "MinCount", DCTERMS.title, "exactly one title"),
    "study-two-populations": ("Violation", "MaxCount", SK.hasPopulation, "exactly one population"),
    "transition-grade-not-ais": ("Violation", "Class", SK.fromGrade, "from grade"),
}


def _example_results(path: Path) -> tuple[bool, list[tuple[str, str, object, str]]]:
    """pySHACL on one example file alone: (conforms, [(severity, component, path, message)])."""
    conforms, report, _text = validate(
        Graph().parse(path, format="turtle"), shacl_graph=shapes_graph(), inference="none"
    )
    results = [
        (
            str(report.value(node, SH.resultSeverity)).removeprefix(str(SH)),
            str(report.value(node, SH.sourceConstraintComponent))
            .removeprefix(str(SH))
            .removesuffix("ConstraintComponent"),
            report.value(node, SH.resultPath),
            str(report.value(node, SH.resultMessage)),
        )
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return bool(conforms), results


def test_every_invalid_example_file_has_an_expectation() -> None:
    assert {p.stem for p in (EXAMPLES / "invalid").glob("*.ttl")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_example_file_breaks_only_what_its_name_says(name: str) -> None:
    severity, component, path, text = EXPECTED[name]
    conforms, results = _example_results(EXAMPLES / "invalid" / f"{name}.ttl")
    assert not conforms
    assert any(r == (severity, component, path, r[3]) and text in r[3] for r in results), results
    # every other result is about the same field, so the file breaks one thing only
    assert {(r[0], r[2]) for r in results} == {(severity, path)}, results


@pytest.mark.parametrize("path", sorted((EXAMPLES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_example_file_conforms_without_warnings(path: Path) -> None:
    assert _example_results(path) == (True, [])
