"""The vocabularies in the ontology cover every record code and teach the reader synonyms."""

from __future__ import annotations

import shutil
from typing import get_args

import pytest
from rdflib import Graph, Literal

from kg.namespaces import RDFS, SKOS, concept_iri
from kg.paths import ONTOLOGY_DIR
from kg.record import CODE_FIELDS
from kg.vocab import load_vocabulary, ontology_graph, vocabulary_from_graph


def _codes(literal_type: object) -> list[str]:
    return [str(c) for c in get_args(literal_type)]


@pytest.mark.parametrize("scheme", sorted(CODE_FIELDS))
def test_every_record_code_has_exactly_one_concept(scheme: str) -> None:
    vocabulary = load_vocabulary()
    for code in _codes(CODE_FIELDS[scheme]):
        iri = vocabulary.iri(scheme, code)
        assert iri == concept_iri(scheme, code)
        assert vocabulary.code(iri) == (scheme, code)


def test_every_concept_has_label_definition_and_notation() -> None:
    graph = ontology_graph()
    vocabulary = load_vocabulary()
    for scheme in vocabulary.schemes():
        for concept in vocabulary.concepts(scheme):
            assert graph.value(concept.iri, RDFS.label) is not None, concept.iri
            assert graph.value(concept.iri, SKOS.definition) is not None, concept.iri
            assert graph.value(concept.iri, SKOS.notation) == Literal(concept.code), concept.iri


def test_unknown_code_names_scheme_and_known_codes() -> None:
    with pytest.raises(KeyError, match=r"unknown route code 'nasal'.*intrathecal"):
        load_vocabulary().iri("route", "nasal")


def test_abbreviations_reach_their_codes() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.labels("route")["intrathecal"] == "intrathecal"
    assert vocabulary.labels("product-kind")["extracellular vesicles"] == "exosomes"
    sources = vocabulary.labels("source")
    assert sources["adipose"] == "adipose-tissue" or sources.get("ad-msc") == "adipose-tissue"


def test_narrower_routes_point_to_their_broader_route() -> None:
    vocabulary = load_vocabulary()
    subarachnoid = vocabulary.concept(concept_iri("route", "subarachnoid"))
    assert subarachnoid is not None
    assert subarachnoid.broader == concept_iri("route", "intrathecal")


def test_a_synonym_added_to_the_ontology_is_learnt(tmp_path) -> None:
    copy = tmp_path / "vocabularies.ttl"
    shutil.copy(ONTOLOGY_DIR / "vocabularies.ttl", copy)
    graph = Graph().parse(copy)
    graph.add(
        (concept_iri("route", "intrathecal"), SKOS.altLabel, Literal("via the CSF", lang="en"))
    )
    assert vocabulary_from_graph(graph).labels("route")["via the csf"] == "intrathecal"
    assert "via the csf" not in load_vocabulary().labels("route")


def test_a_synonym_shared_by_two_concepts_is_not_guessed() -> None:
    graph = Graph()
    for target in (ontology_graph(),):
        for triple in target:
            graph.add(triple)
    for code in ("intrathecal", "intravenous"):
        graph.add((concept_iri("route", code), SKOS.altLabel, Literal("by needle", lang="en")))
    assert "by needle" not in vocabulary_from_graph(graph).labels("route")
