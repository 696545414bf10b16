"""Every MeSH UI the project uses exists in MeSH 2026 with the label the project gives it."""

from __future__ import annotations

from kg.mesh import MeshTerm, check_mesh, mesh_graph, mesh_terms, mesh_uis_in_use
from kg.namespaces import MESH, RDFS


def test_every_mesh_ui_in_use_is_listed_and_matches_mesh_2026() -> None:
    assert mesh_uis_in_use() >= {"D013119"}
    assert check_mesh() == []


def test_a_wrong_label_is_reported() -> None:
    problems = check_mesh([MeshTerm("D013119", "descriptor", "Spinal Cord Wounds")], set())
    assert problems == [
        "mesh_terms.tsv: D013119: label 'Spinal Cord Wounds' is 'Spinal Cord Injuries' in MeSH 2026"
    ]


def test_a_descriptor_that_does_not_exist_is_reported() -> None:
    problems = check_mesh([MeshTerm("D999999", "descriptor", "Nothing")], set())
    assert problems == ["mesh_terms.tsv: D999999: not a MeSH 2026 descriptor"]


def test_qualifier_labels_come_from_mesh_2026() -> None:
    assert check_mesh([MeshTerm("Q000628", "qualifier", "therapy")], set()) == []
    assert check_mesh([MeshTerm("Q000628", "qualifier", "treatment")], set()) != []


def test_a_used_ui_missing_from_the_list_is_reported() -> None:
    assert check_mesh([], {"D013119"}) == ["mesh_terms.tsv: D013119: used but not listed"]


def test_mesh_graph_labels_every_listed_term() -> None:
    graph = mesh_graph()
    for term in mesh_terms():
        assert str(graph.value(MESH[term.ui], RDFS.label)) == term.label
