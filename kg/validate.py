"""SHACL validation with pySHACL against the project's shapes (`shapes/*.ttl`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pyshacl import validate
from rdflib import Graph
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.namespaces import RDF, SH, bind_prefixes
from kg.paths import SHAPES_DIR
from kg.terms import parse_turtle

__all__ = ["PreparedQueryGraph", "Report", "Result", "shapes_graph", "validate_graph"]


@dataclass(frozen=True)
class Result:
    """One validation result."""

    severity: Node
    focus_node: Node | None
    path: Node | None
    value: Node | None
    message: str
    source_shape: Node | None
    component: Node | None


@dataclass
class Report:
    """The results of one validation run."""

    conforms: bool
    results: list[Result] = field(default_factory=list)


class PreparedQueryGraph(Graph):
    """A Graph that parses each SPARQL text once and reuses the prepared query.

    pySHACL runs every `sh:sparql` constraint once per focus node with the same text (the
    focus node is passed as a binding), and rdflib parses the text again each time: parsing
    was most of the SHACL time. Evaluation of a prepared query is the same as of its text.
    """

    def query(
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,  # noqa: N803
        initBindings=None,  # noqa: N803
        use_store_provided=True,
        **kwargs,
    ):
        """Graph.query, with SPARQL texts parsed once per process."""
        if isinstance(query_object, str) and processor == "sparql":
            # as Graph.query does: the graph's own prefixes when none are given
            init_ns = initNs or dict(self.namespaces())
            query_object = _prepared(query_object, kwargs.get("base"), _ns_key(init_ns))
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


def _ns_key(init_ns) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in (init_ns or {}).items()))


@lru_cache(maxsize=256)
def _prepared(text: str, base: str | None, init_ns: tuple[tuple[str, str], ...]) -> Query:
    return translateQuery(parseQuery(text), base, dict(init_ns))


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Every shapes file under `shapes/`, as one graph (cached: do not mutate)."""
    graph = Graph()
    bind_prefixes(graph)
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        parse_turtle(graph, path)
    return graph


def validate_graph(data: Graph, shapes: Graph | None = None) -> Report:
    """Validate `data` (which carries the ontology's concept types for `sh:class`)."""
    conforms, report, _text = validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    results = [
        Result(
            severity=report.value(node, SH.resultSeverity),
            focus_node=report.value(node, SH.focusNode),
            path=report.value(node, SH.resultPath),
            value=report.value(node, SH.value),
            message=str(report.value(node, SH.resultMessage) or ""),
            source_shape=report.value(node, SH.sourceShape),
            component=report.value(node, SH.sourceConstraintComponent),
        )
        for node in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return Report(conforms=bool(conforms), results=results)
