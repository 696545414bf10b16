"""HermiT proves the ontology consistent; the build makes its conclusions queryable."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import store_from_records
from kg.namespaces import SK, graph_iri
from kg.reason import _cached, inferred_graph, ontology_hash, run_reasoner
from kg.record import load_record

FIXTURES = Path(__file__).parent / "fixtures" / "records"
BAD_CLASS = """
@prefix sk: <https://w3id.org/scikg/ontology/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
sk:CellExosomeHybrid a owl:Class ; rdfs:subClassOf sk:CellProduct, sk:ExosomeProduct .
"""


@pytest.mark.reasoner
def test_ontology_is_consistent_with_no_unsatisfiable_class() -> None:
    result = run_reasoner()
    assert result.consistent
    assert result.unsatisfiable == []
    assert (str(SK.ExosomeStudy), str(SK.Study)) in result.subclass_pairs


@pytest.mark.reasoner
def test_a_class_under_two_disjoint_classes_is_reported_unsatisfiable() -> None:
    result = run_reasoner(BAD_CLASS)
    assert not result.ok
    assert result.unsatisfiable == [str(SK.CellExosomeHybrid)]


@pytest.mark.reasoner
def test_inferred_cache_is_keyed_by_ontology_hash(tmp_path: Path) -> None:
    cache = tmp_path / "inferred.ttl"
    graph = inferred_graph(cache)
    assert _cached(cache, ontology_hash()) is not None
    assert _cached(cache, "0" * 64) is None
    cache.write_text("this is not turtle {", encoding="utf-8")
    assert _cached(cache, ontology_hash()) is None
    assert len(inferred_graph(cache)) == len(graph)


def _ask(store: ox.Store, pattern: str) -> bool:
    query = f"PREFIX sk: <{SK}> PREFIX skv: <https://w3id.org/scikg/vocab/> ASK {{ {pattern} }}"
    return bool(store.query(query))


def test_defined_classes_and_hierarchies_are_materialised() -> None:
    records = [load_record(p) for p in sorted(FIXTURES.glob("*.yaml"))]
    store = store_from_records(records)
    inferred = f"<{graph_iri('inferred')}>"
    kinds = {r.id: {a.product.kind for a in r.arms} for r in records}
    for record in records:
        study = f"<https://w3id.org/scikg/data/study/{record.id}>"
        expected = "exosomes" in kinds[record.id]
        assert _ask(store, f"GRAPH {inferred} {{ {study} a sk:ExosomeStudy }}") == expected
    assert _ask(
        store,
        f"GRAPH {inferred} {{ skv:route-subarachnoid sk:broaderTransitive skv:route-intrathecal }}",
    )
    assert not _ask(
        store,
        f"GRAPH {inferred} {{ skv:route-intrathecal sk:broaderTransitive skv:route-subarachnoid }}",
    )
