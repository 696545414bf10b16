"""Every shape passes a valid example and fails an invalid one for the stated reason.

The valid example is the RDF of a fixture record; each invalid example changes one triple of
it, so a failure can only come from the shape under test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
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
