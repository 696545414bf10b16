"""The RDF of a study record follows docs/data-model.md: stable IRIs, no blank nodes, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg import namespaces as ns
from kg.namespaces import DCTERMS, MESH, OA, RDF, SK, SKD, SKOS, record_iri, study_iri
from kg.paths import STUDIES_DIR
from kg.rdf import record_graph, record_rdf
from kg.rdf_terms import terms_from_graph
from kg.record import StudyRecord, load_record

RECORDS = Path(__file__).parent / "fixtures" / "records"
FILES = sorted(RECORDS.glob("*.yaml"))


def _load(stem: str) -> StudyRecord:
    return load_record(RECORDS / f"{stem}.yaml")


def _vocab():
    from kg.vocab import load_vocabulary

    return load_vocabulary()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_no_blank_nodes_and_all_nodes_are_data_iris(path: Path) -> None:
    graph = record_graph(load_record(path))
    assert len(graph) > 20
    for s, _p, o in graph:
        assert not isinstance(s, BNode) and not isinstance(o, BNode)
        assert str(s).startswith(str(SKD))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_iris_are_deterministic(path: Path) -> None:
    first = sorted(record_graph(load_record(path)).serialize(format="nt").splitlines())
    again = sorted(record_graph(load_record(path)).serialize(format="nt").splitlines())
    assert first == again
    assert any(f"/record/{path.stem}/" in line for line in first)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_evidence_pointer_has_a_node_supporting_its_value(path: Path) -> None:
    record = load_record(path)
    rdf = record_rdf(record)
    graph = rdf.graph
    assert record.evidence and not rdf.problems
    for pointer, span in record.evidence.items():
        nodes = list(graph.subjects(SK.recordPointer, Literal(pointer)))
        assert len(nodes) == 1, pointer
        ev = nodes[0]
        assert (ev, RDF.type, SK.Evidence) in graph
        holder = graph.value(ev, SK.supports)
        prop = graph.value(ev, SK.supportsProperty)
        assert graph.value(holder, prop) is not None, pointer
        quote = [s for s in graph.objects(ev, OA.hasSelector) if (s, OA.exact, None) in graph]
        assert graph.value(quote[0], OA.exact) == Literal(span.text)
        method = graph.value(ev, SK.provenanceMethod)
        assert method == _vocab().iri("provenance-method", record.provenance.method)


def test_evidence_pointer_to_unknown_field_is_a_problem() -> None:
    record = _load("fx-cells-it")
    data = record.to_data()
    data["evidence"]["/arms/7/route"] = {"start": 0, "end": 3, "text": "Rep"}
    rdf = record_rdf(StudyRecord.model_validate(data))
    assert rdf.problems == [("/evidence/arms/7/route", "names no field of the record")]


def test_arms_group_by_label_and_administrations_keep_record_order() -> None:
    record = _load("fx-two-routes")
    graph = record_graph(record)
    study = study_iri("fx-two-routes")
    arms = sorted(graph.objects(study, SK.hasArm))
    assert arms == [record_iri("fx-two-routes", "arm", 1), record_iri("fx-two-routes", "arm", 2)]
    admins = [record_iri("fx-two-routes", "arm", 1, "administration", n) for n in (1, 2)]
    assert set(graph.objects(arms[0], SK.hasAdministration)) == set(admins)
    vocab = _vocab()
    assert graph.value(admins[0], SK.route) == vocab.iri("route", "intraspinal")
    assert graph.value(admins[1], SK.route) == vocab.iri("route", "intrathecal")
    assert graph.value(admins[1], SK.administrationCount) == Literal(2, datatype=ns.XSD.integer)
    control = graph.value(arms[1], SK.armRole)
    assert control == vocab.iri("arm-role", "control")


def test_route_detail_is_a_narrower_concept_named_in_the_text() -> None:
    from kg.vocab import ontology_graph

    ontology = ontology_graph()
    for stem, arm in (("fx-cells-it", 1), ("fx-two-routes", 1)):
        graph = record_graph(_load(stem))
        admin = record_iri(stem, "arm", arm, "administration", 1)
        detail = graph.value(admin, SK.routeDetail)
        assert detail is not None, stem
        assert (detail, SKOS.broader, graph.value(admin, SK.route)) in ontology


def test_route_detail_matches_labels_and_prefers_the_longest() -> None:
    route, sub, lp, lumbar = (URIRef(f"urn:x:{n}") for n in ("it", "sub", "lp", "lumbar"))
    graph = Graph()
    for child, label in ((sub, "Subarachnoid"), (lp, "lumbar puncture"), (lumbar, "lumbar")):
        graph.add((child, SKOS.broader, route))
        graph.add((child, SKOS.altLabel, Literal(label)))
    terms = terms_from_graph(lambda _scheme, _code: route, graph)
    assert terms.route_detail("intrathecal", "subarachnoid injection") == sub
    assert terms.route_detail("intrathecal", "twice by Lumbar  Puncture") == lp
    assert terms.route_detail("intrathecal", "intravenous drip") is None
    assert terms.route_detail("intrathecal", "subarachnoidal") is None
    assert terms.route_detail(None, "subarachnoid") is None


def test_mesh_headings_from_document_and_derived() -> None:
    record = _load("fx-cells-it")
    graph = record_graph(record)
    study = study_iri(record.id)
    annotations = {
        graph.value(n, SK.descriptor): n for n in graph.objects(study, SK.hasMeshAnnotation)
    }
    therapy = record_iri(record.id, "mesh", "D013119-Q000628")
    assert graph.value(therapy, SK.annotationSource) == Literal("document")
    assert graph.value(therapy, SK.majorTopic) == Literal(True)
    assert graph.value(therapy, SK.qualifier) == MESH["Q000628"]
    assert MESH["D045164"] in annotations
    # every concept the arms use brings its MeSH heading, marked as derived
    from kg.vocab import ontology_graph

    ontology = ontology_graph()
    vocab = _vocab()
    used = [vocab.iri("product-kind", "cells"), vocab.iri("source", "umbilical-cord")]
    expected = {h for c in used for h in ontology.objects(c, SK.meshHeading)}
    assert expected, "the ontology gives MeSH headings for cells or umbilical cord"
    for heading in expected:
        assert (study, DCTERMS.subject, heading) in graph
        if heading not in (MESH["D013119"], MESH["D045164"]):
            assert graph.value(annotations[heading], SK.annotationSource) == Literal("derived")
    for item in FILES:
        other = load_record(item)
        assert (study_iri(other.id), DCTERMS.subject, MESH["D013119"]) in record_graph(other)


def test_literal_datatypes_follow_the_data_model() -> None:
    record = _load("fx-cells-it")
    graph = record_graph(record)
    dose = record_iri(record.id, "arm", 1, "administration", 1, "dose")
    assert graph.value(dose, SK.asWritten) == Literal("1 x 10^6 cells/kg")
    value = graph.value(dose, URIRef("http://qudt.org/schema/qudt/value"))
    assert value.datatype == ns.XSD.double and value.toPython() == 1e6
    percent = graph.value(record_iri(record.id, "adverse-event", 1), SK.percent)
    assert percent.datatype == ns.XSD.decimal and float(percent) == 16.7
    study = study_iri(record.id)
    assert set(graph.objects(study, SK.followUp)) == {
        Literal("P6M", datatype=ns.XSD.duration),
        Literal("P12M", datatype=ns.XSD.duration),
    }
    assert graph.value(study, SK.controlled) == Literal(False)
    assert graph.value(study, SK.phase) == _vocab().iri("phase", "1/2")


def test_pointer_of_maps_nodes_back_to_record_fields() -> None:
    record = _load("fx-two-routes")
    rdf = record_rdf(record)
    admin2 = record_iri(record.id, "arm", 1, "administration", 2)
    assert rdf.pointer_of(admin2, SK.route) == "/arms/1/route"
    assert rdf.pointer_of(admin2, SK.hasDose) == "/arms/1/dose"
    assert rdf.pointer_of(admin2, None) == "/arms/1"
    assert rdf.pointer_of(study_iri(record.id), DCTERMS.title) == "/title"
    assert rdf.pointer_of(record_iri(record.id, "adverse-event", 2), SK.patients) == (
        "/adverse_events/1/patients"
    )
    assert rdf.pointer_of(record_iri(record.id, "population"), SK.sciPhase) == (
        "/population/sci_phase"
    )
    assert rdf.pointer_of(study_iri(record.id), URIRef("urn:x:unknown")) == "(record)"


def test_doc_key_names_nodes_and_document() -> None:
    record = _load("fx-exo-iv")
    graph = record_graph(record, doc_key="other-key")
    assert (record_iri("other-key", "population"), RDF.type, SK.Population) in graph
    assert (study_iri("nct09999901"), SK.registryId, Literal("NCT09999901")) in graph
    document = graph.value(
        study_iri("nct09999901"), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    )
    assert str(document).endswith("/document/other-key")


_QUERY_GRAPH = Path(__file__).parent / "fixtures" / "query-graph"
_SHORTCUT_CHAINS = {
    SK.studyProductKind: "sk:hasArm/sk:hasAdministration/sk:hasProduct/sk:productKind",
    SK.studySourceTissue: "sk:hasArm/sk:hasAdministration/sk:hasProduct/sk:sourceTissue",
    SK.studyDonor: "sk:hasArm/sk:hasAdministration/sk:hasProduct/sk:donor",
    SK.studyRoute: "sk:hasArm/sk:hasAdministration/sk:route",
    SK.studySciPhase: "sk:hasPopulation/sk:sciPhase",
    SK.studyMeasure: "sk:hasOutcome/sk:measure",
}


def _pairs(graph: Graph, where: str) -> set[tuple[URIRef, URIRef]]:
    rows = graph.query(f"PREFIX sk: <{SK}> PREFIX skv: <{ns.SKV}> SELECT ?s ?o WHERE {{ {where} }}")
    return {(row[0], row[1]) for row in rows}  # type: ignore[index]


@pytest.mark.parametrize(
    "path",
    [*FILES, *sorted(_QUERY_GRAPH.glob("*.yaml")), *sorted(STUDIES_DIR.glob("*.yaml"))],
    ids=lambda p: p.stem,
)
def test_study_shortcuts_are_exactly_what_their_chains_reach(path: Path) -> None:
    graph = record_graph(load_record(path))
    for shortcut, chain in _SHORTCUT_CHAINS.items():
        stated = _pairs(graph, f"?s <{shortcut}> ?o")
        assert stated == _pairs(graph, f"?s a sk:Study ; {chain} ?o"), shortcut
    therapy = (
        "?s a sk:Study ; sk:hasArm/sk:hasAdministration ?a . ?a sk:route ?o ; "
        "sk:hasProduct/sk:productKind ?k FILTER(?k != skv:product-kind-none)"
    )
    assert _pairs(graph, "?s sk:therapyRoute ?o") == _pairs(graph, therapy)
    detail = therapy.replace("sk:route ?o", "sk:routeDetail ?o")
    assert _pairs(graph, "?s sk:therapyRouteDetail ?o") == _pairs(graph, detail)
    improved = (
        "?s a sk:Study ; sk:hasOutcome ?r . ?r sk:measure ?o ; sk:direction skv:direction-improved"
    )
    assert _pairs(graph, "?s sk:studyImprovedMeasure ?o") == _pairs(graph, improved)


def test_improved_measures_leave_out_measures_without_an_improvement() -> None:
    record = _load("fx-cells-it")
    outcomes = [
        record.outcomes[0].model_copy(update={"measure": "ais-grade", "direction": "improved"}),
        record.outcomes[0].model_copy(update={"measure": "scim", "direction": "no-change"}),
        record.outcomes[0].model_copy(update={"measure": "wisci", "direction": None}),
    ]
    graph = record_graph(record.model_copy(update={"outcomes": outcomes}))
    study = study_iri(record.id)
    measures = {_vocab().iri("measure", code) for code in ("ais-grade", "scim", "wisci")}
    assert set(graph.objects(study, SK.studyMeasure)) == measures
    improved = set(graph.objects(study, SK.studyImprovedMeasure))
    assert improved == {_vocab().iri("measure", "ais-grade")}


def test_therapy_routes_leave_out_the_routes_of_placebo_arms() -> None:
    record = _load("fx-exo-iv")
    placebo = record.arms[1].model_copy(
        update={"route": "intrathecal", "route_as_written": "lumbar puncture"}
    )
    record = record.model_copy(update={"arms": [record.arms[0], placebo]})
    graph = record_graph(record)
    study = study_iri(record.id)
    routes = {_vocab().iri("route", code) for code in ("intravenous", "intrathecal")}
    assert set(graph.objects(study, SK.studyRoute)) == routes
    assert set(graph.objects(study, SK.therapyRoute)) == {_vocab().iri("route", "intravenous")}
    lumbar = _vocab().iri("route", "lumbar-puncture")
    assert lumbar in set(graph.objects(None, SK.routeDetail))
    assert lumbar not in set(graph.objects(study, SK.therapyRouteDetail))
