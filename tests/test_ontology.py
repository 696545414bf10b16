"""Every ontology term is declared, labelled and defined; external mappings avoid known traps."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import URIRef

from kg.namespaces import OWL, RDF, RDFS, SK, SKOS
from kg.paths import ONTOLOGY_DIR
from kg.vocab import ontology_graph

DECLARED = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme)


def _terms() -> set[URIRef]:
    graph = ontology_graph()
    return {
        s
        for kind in DECLARED
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith("https://w3id.org/scikg/")
    }


def test_every_term_has_a_label_and_a_definition() -> None:
    graph = ontology_graph()
    terms = _terms()
    assert len(terms) > 150
    for term in sorted(terms):
        assert graph.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
        assert graph.value(term, SKOS.definition) is not None, f"{term} has no skos:definition"


def test_every_concept_carries_its_code_as_notation() -> None:
    graph = ontology_graph()
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        notation = graph.value(concept, SKOS.notation)
        assert notation is not None, concept
        assert str(concept).endswith("-" + str(notation).replace("/", "-")), concept


def test_every_term_the_rdf_builder_uses_is_declared() -> None:
    source = (Path(__file__).parents[1] / "kg" / "rdf.py").read_text(encoding="utf-8")
    used = {SK[name] for name in re.findall(r"\bSK\.([A-Za-z0-9]+)", source)}
    declared = {s for kind in DECLARED for s in ontology_graph().subjects(RDF.type, kind)}
    assert used - declared == set()


def test_known_mapping_traps_are_avoided() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ONTOLOGY_DIR.glob("*.ttl")))
    assert "C38253" not in text  # NCIt bone-marrow cavity, not the spinal cord
    assert "C38277" not in text  # NCIt intraventricular, not intrathecal
    assert "D044982" not in text  # stale MeSH id of mesenchymal stem cells
    assert "C38267" in text  # NCIt intrathecal route


def test_defined_classes_are_equivalent_to_restrictions() -> None:
    graph = ontology_graph()
    for name in ("ExosomeStudy", "IntrathecalStudy", "AllogeneicCellTherapyArm"):
        assert graph.value(SK[name], OWL.equivalentClass) is not None, name
