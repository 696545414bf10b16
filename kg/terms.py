"""rdflib terms as pyoxigraph terms and back, for loading record graphs into the store."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["TERM_CACHE_SIZE", "ox_term", "parse_turtle", "quads_of", "rdflib_term", "triples_of"]

TERM_CACHE_SIZE = 1024
"""Terms kept once made. The vocabulary, the properties and the evidence pointers recur in
every record and stay cached; a record's own IRIs and texts never recur. Caches big enough to
hold those too kept objects alive that the cycle collector walked on every full collection,
so a build worker slowed down with every record (figures: benchmarks/README.md)."""


def parse_turtle(graph: Graph, path: Path) -> Graph:
    """Add the triples of the Turtle file `path` to `graph` and return it.

    pyoxigraph parses; rdflib's own Turtle parser took 0.4 s for the ontology, on every build.
    Prefixes are not bound: `kg.namespaces.bind_prefixes` binds the project's.
    """
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


def rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as an rdflib term (literals keep their lexical form)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def quads_of(triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> list[ox.Quad]:
    """`triples` as quads of the named graph `graph`."""
    name = ox.NamedNode(str(graph))
    return [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in triples]  # type: ignore[arg-type]


def triples_of(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """`triples` as pyoxigraph triples."""
    return [ox.Triple(ox_term(s), ox_term(p), ox_term(o)) for s, p, o in triples]  # type: ignore[arg-type]


def ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (literals keep their lexical form)."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return _literal(term)
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=TERM_CACHE_SIZE)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@lru_cache(maxsize=TERM_CACHE_SIZE)
def _literal(term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return _as_stored(str(term), str(term.datatype))
    return ox.Literal(str(term))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PROBE = ox.NamedNode("urn:scikg:probe")


# larger than TERM_CACHE_SIZE: only typed values missed by `_literal` reach it (offsets, doses,
# durations), and each miss builds a scratch store (about 4 µs)
@lru_cache(maxsize=16384)
def _as_stored(value: str, datatype: str) -> ox.Literal:
    """The typed literal in the form the store gives it back.

    Oxigraph keeps valid numbers, booleans and durations as values and writes them in its
    own canonical form ("1000000.0"^^xsd:double comes back as "1000000", "P12M" as "P1Y"),
    so Turtle rendered from a record's terms matches Turtle rendered from the store.
    """
    scratch = ox.Store()
    scratch.add(ox.Quad(_PROBE, _PROBE, ox.Literal(value, datatype=_named(datatype))))
    return next(iter(scratch)).object
