"""Terms between rdflib and pyoxigraph: nothing is lost either way."""

from __future__ import annotations

import gc
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kg.paths import SHAPES_DIR
from kg.terms import TERM_CACHE_SIZE, ox_term, parse_turtle, rdflib_term
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


def test_terms_that_never_recur_are_not_all_kept() -> None:
    """Each record's own IRIs and texts are converted once: the caches must not hoard them.

    Kept, they are objects the cycle collector walks on every full collection, and a build
    worker slows down with every record it converts.
    """

    def convert(start: int, count: int) -> int:
        for i in range(start, start + count):
            ox_term(URIRef(f"https://example.org/record/{i}"))
            ox_term(Literal(f"a quote from document {i}"))
        gc.collect()
        return len(gc.get_objects())

    assert TERM_CACHE_SIZE < 5_000
    filled = convert(0, 5_000)
    after = convert(5_000, 20_000)
    assert after - filled < 200  # 40,000 more one-off terms, no more objects alive
