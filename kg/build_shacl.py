"""SHACL for the build: one record graph at a time against the project's shapes.

The ontology and vocabularies are read once and merged into every data graph (so `sh:class`
sees the concepts' types and the class hierarchy) together with the record triples checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.term import Node

__all__ = [
    "Finding",
    "check_record_graph",
    "check_triples",
    "shapes_data_graph",
    "store_record_graphs",
    "validate_data",
]


@dataclass(frozen=True)
class Finding:
    """One SHACL result, reduced to what a report line needs."""

    severity: str
    focus_node: Node | None
    path: Node | None
    value: Node | None
    message: str

    @property
    def is_violation(self) -> bool:
        """Violations fail a build; warnings and infos are only reported."""
        return self.severity == "Violation"


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    from rdflib.namespace import RDF, RDFS

    from kg.vocab import ontology_graph

    # Shapes need only the concepts' types (sh:class) and the class hierarchy; leaving the
    # rest of the ontology out keeps every pySHACL run small.
    graph = Graph()
    for prop in (RDF.type, RDFS.subClassOf):
        for triple in ontology_graph().triples((None, prop, None)):
            graph.add(triple)
    return graph


def shapes_data_graph() -> Graph:
    """A fresh graph holding the ontology and vocabularies, to add record triples to."""
    base = Graph()
    for triple in _ontology():
        base.add(triple)
    return base


def check_record_graph(base: Graph, record: Graph) -> list[Finding]:
    """SHACL findings for one record graph validated together with `base`."""
    return check_triples(base, record)


def check_triples(base: Graph, triples: Iterable[tuple[Node, Node, Node]]) -> list[Finding]:
    """SHACL findings for `triples` validated together with `base` (left unchanged).

    A fresh graph per call: copying the ontology is cheaper than removing a batch of record
    triples from a shared graph again.
    """
    data = Graph()
    for triple in base:
        data.add(triple)
    for triple in triples:
        data.add(triple)
    return validate_data(data)


def validate_data(data: Graph) -> list[Finding]:
    """Run the project's shapes over `data` (kg.validate) and return its findings."""
    from kg.validate import validate_graph

    report = validate_graph(data)
    return sorted(
        (
            Finding(
                severity=_local_name(result.severity),
                focus_node=result.focus_node,
                path=result.path,
                value=result.value,
                message=" ".join(str(result.message or "").split()),
            )
            for result in report.results
        ),
        key=lambda f: (str(f.focus_node), str(f.path), f.message),
    )


def _local_name(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def store_record_graphs(store: object) -> dict[str, Graph]:
    """Each record's named graph (`skd:graph/<docKey>`) of a pyoxigraph store as rdflib graphs."""
    import pyoxigraph as ox

    from kg.export import to_rdflib
    from kg.namespaces import graph_iri

    reserved = {str(graph_iri(name)) for name in ("ontology", "mesh", "inferred")}
    prefix = str(graph_iri("x"))[:-1]
    graphs: dict[str, Graph] = {}
    for name in sorted(store.named_graphs(), key=str):  # type: ignore[attr-defined]
        if not isinstance(name, ox.NamedNode) or name.value in reserved:
            continue
        if not name.value.startswith(prefix):
            continue
        quads = store.quads_for_pattern(None, None, None, name)  # type: ignore[attr-defined]
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        graphs[name.value.removeprefix(prefix)] = to_rdflib(triples)
    return graphs
