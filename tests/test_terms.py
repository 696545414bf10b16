"""Terms between rdflib and pyoxigraph: nothing is lost either way."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.paths import SHAPES_DIR
from kg.terms import ox_term, parse_turtle, rdflib_term
from kg.vocab import ontology_files

TURTLE_FILES = [*ontology_files(), *sorted(SHAPES_DIR.glob("*.ttl"))]


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_parse_turtle_gives_the_graph_rdflib_parses(path: Path) -> None:
    fast = parse_turtle(Graph(), path)
    assert len(fast) > 10
    assert isomorphic(fast, Graph().parse(path, format="turtle"))


@pytest.mark.parametrize(
    "literal",
    [
        Literal("x"),
        Literal("x", lang="en"),
        Literal("line\nbreak é"),
        Literal("14", datatype=XSD.integer),
        Literal("abc", datatype=XSD.integer),  # ill-typed: kept as written
        Literal("2020", datatype=XSD.gYear),
    ],
)
def test_literals_round_trip(literal: Literal) -> None:
    assert rdflib_term(ox_term(literal)) == literal


@pytest.mark.parametrize(
    ("written", "datatype", "stored"),
    [
        ("1000000.0", XSD.double, "1000000"),
        ("14.10", XSD.decimal, "14.1"),
        ("P12M", XSD.duration, "P1Y"),
        ("1", XSD.boolean, "true"),
    ],
)
def test_typed_literals_take_the_form_the_store_gives_back(
    written: str, datatype: str, stored: str
) -> None:
    term = ox_term(Literal(written, datatype=datatype))
    assert term.value == stored
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), term)
    )
    assert next(iter(store)).object == term
