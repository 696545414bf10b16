"""Export: the whole graph, byte-identical for the same store, parsing back to the same graph."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import store_from_records
from kg.export import FORMATS, export_bytes, graph_triples, to_rdflib
from kg.record import load_record

RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return store_from_records([load_record(p) for p in sorted(RECORDS.glob("*.yaml"))])


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_is_byte_identical_for_the_same_store(store: ox.Store, fmt: str) -> None:
    first = export_bytes(store, fmt)
    assert first == export_bytes(store, fmt)
    assert len(first) > 1000


def test_export_holds_every_triple_of_every_graph_once(store: ox.Store) -> None:
    union = {(q.subject, q.predicate, q.object) for q in store}
    lines = export_bytes(store, "ntriples").decode().splitlines()
    assert len(lines) == len(union) == len(set(lines))


def test_turtle_round_trips_through_rdflib_and_pyoxigraph(store: ox.Store) -> None:
    expected = to_rdflib(graph_triples(store))
    turtle = export_bytes(store, "turtle")
    assert turtle.startswith(b"@prefix ")
    assert b"@prefix sk: <https://w3id.org/scikg/ontology/>" in turtle
    assert isomorphic(Graph().parse(data=turtle, format="turtle"), expected)
    parsed = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert isomorphic(to_rdflib(parsed), expected)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_jsonld_and_rdfxml_parse_back_to_the_same_graph(
    store: ox.Store, fmt: str, rdflib_format: str
) -> None:
    data = export_bytes(store, fmt)
    if fmt == "jsonld":
        json.loads(data)
    parsed = Graph().parse(data=data, format=rdflib_format)
    assert isomorphic(parsed, to_rdflib(graph_triples(store)))


def test_blank_nodes_get_the_same_labels_in_two_stores() -> None:
    # the store labels blank nodes randomly on load; export must not depend on that
    turtle = """
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix ex: <http://example.org/> .
        ex:A owl:equivalentClass [ owl:intersectionOf ( ex:B ex:C [ owl:onProperty ex:p ;
            owl:someValuesFrom ex:D ] ) ] .
        ex:E owl:equivalentClass [ owl:intersectionOf ( ex:B ex:C ) ] .
    """
    exports = []
    for _ in range(2):
        store = ox.Store()
        store.load(turtle, ox.RdfFormat.TURTLE)
        exports.append(export_bytes(store, "turtle"))
    assert exports[0] == exports[1]
    assert isomorphic(
        Graph().parse(data=exports[0], format="turtle"), Graph().parse(data=turtle, format="turtle")
    )


def test_unknown_format_is_refused(store: ox.Store) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_bytes(store, "csv")


def _reference(store: ox.Store, fmt: str) -> bytes:
    """The export as the first implementation wrote it: Python-sorted triples, one serialize.

    Turtle is that, part by part: the graphs without a record (and any record graph with a
    blank node) merged, then each record graph alone, in order of graph IRI.
    """
    from kg.export import _OX_FORMATS
    from kg.namespaces import PREFIXES, is_record_graph

    if fmt != "turtle":
        return ox.serialize(graph_triples(store), format=_OX_FORMATS[fmt], prefixes=dict(PREFIXES))
    shared, own = ox.Store(), {}
    for quad in store:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        own.setdefault(name, []).append(quad) if is_record_graph(name) else shared.add(quad)
    for name, quads in list(own.items()):
        if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
            shared.extend(own.pop(name))
    parts = [graph_triples(shared)]
    for name in sorted(own):
        parts.append(sorted({q.triple for q in own[name]}, key=lambda t: tuple(map(str, t))))
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    body = [ox.serialize(p, format=ox.RdfFormat.TURTLE, prefixes=dict(PREFIXES)) for p in parts]
    return head.encode() + b"".join(
        b"".join(line + b"\n" for line in part.splitlines() if not line.startswith(b"@prefix "))
        for part in body
    )


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml"])
def test_streamed_export_equals_sorted_triples(store: ox.Store, fmt: str) -> None:
    assert export_bytes(store, fmt) == _reference(store, fmt)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml"])
def test_streamed_export_of_awkward_terms(fmt: str) -> None:
    trig = """
        @prefix ex: <http://example.org/> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        ex:a ex:p "x", "x y", "x"@en, "x"^^ex:dt, "quote \\" and \\\\ back", "line\\nbreak",
            "tab\\tand é ü 漢字 😀", "_:not a blank", 1, 1.5, true .
        ex:a ex:p ex:a, ex:ab, ex:a\\/b .
        ex:ab ex:p ex:a .
        ex:E owl:equivalentClass [ owl:intersectionOf ( ex:B ex:C ) ] .
        ex:g1 { ex:a ex:p "x" . ex:s ex:q [ ex:r "_:b1" ] . }
        ex:g2 { ex:a ex:p "x" . ex:a ex:q ex:b . }
        _:g3 { ex:c ex:p "in a graph named by a blank node" . }
        <https://w3id.org/scikg/data/graph/r2> { ex:r2 ex:p "record", 2.50 ; ex:q ex:a . }
        <https://w3id.org/scikg/data/graph/r1> { ex:r1 ex:p "record" . ex:a ex:p "x" . }
        <https://w3id.org/scikg/data/graph/r3> { ex:r3 ex:p [ ex:q "a record with a blank" ] . }
    """
    store = ox.Store()
    store.load(trig, ox.RdfFormat.TRIG)
    assert export_bytes(store, fmt) == _reference(store, fmt)
