"""rdflib terms as pyoxigraph terms, for loading record graphs into the store."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["ox_term", "quads_of"]


def quads_of(triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> list[ox.Quad]:
    """`triples` as quads of the named graph `graph`."""
    name = ox.NamedNode(str(graph))
    return [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in triples]  # type: ignore[arg-type]


def ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (literals keep their lexical form)."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return _literal(term)
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


@lru_cache(maxsize=65536)
def _literal(term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return _as_stored(str(term), str(term.datatype))
    return ox.Literal(str(term))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PROBE = ox.NamedNode("urn:scikg:probe")


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
