"""The whole graph (every named graph of the store merged) in a standard RDF syntax.

Output is byte-identical for the same store: triples are sorted and blank nodes (only the
ontology's OWL axioms and lists have them) are relabelled from their surroundings, so two
builds of the same inputs export the same bytes even though the store labels blank nodes
randomly.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

import pyoxigraph as ox
import rdflib

from kg.namespaces import PREFIXES, XSD, bind_prefixes

__all__ = ["FORMATS", "export_bytes", "graph_triples", "to_rdflib"]

FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")

# rdflib's RDF/XML writer walks subjects through a set (hash order), so RDF/XML comes from
# pyoxigraph's streaming writer, which keeps the sorted order; JSON-LD comes from rdflib.
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_RDFLIB_FORMATS = {"jsonld": "json-ld"}
_XSD_STRING = str(XSD.string)


def graph_triples(store: ox.Store) -> list[ox.Triple]:
    """The union of all graphs as sorted triples with stable blank-node labels."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    labels = _blank_labels(triples)
    if labels:
        triples = {_relabel(t, labels) for t in triples}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def export_bytes(store: ox.Store, fmt: str = "turtle") -> bytes:
    """The serialisation of the whole graph in `fmt` (one of FORMATS)."""
    if fmt in _OX_FORMATS:
        lines = sorted_ntriples_lines(store)
        if fmt == "ntriples":
            return b"".join(line + b"\n" for line in lines)
        triples = ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(triples, format=_OX_FORMATS[fmt], prefixes=dict(PREFIXES))
        return _sorted_prefix_lines(data) if fmt == "turtle" else data
    if fmt not in _RDFLIB_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    triples = graph_triples(store)
    graph = bind_prefixes(to_rdflib(triples))
    text = graph.serialize(format=_RDFLIB_FORMATS[fmt])
    if fmt == "jsonld":
        # rdflib's JSON-LD node order follows its store's internals; sort it to be sure.
        text = json.dumps(_canonical_json(json.loads(text)), indent=2, ensure_ascii=False)
        text += "\n"
    return text.encode("utf-8")


_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def sorted_ntriples_lines(store: ox.Store) -> list[bytes]:
    """The N-Triples lines (without newline) of `graph_triples(store)`, in the same order.

    The store writes the union of its graphs as N-Triples itself (no Python object per
    triple); only lines with blank nodes are parsed, to relabel them as `graph_triples` does.
    Sorting the lines as bytes gives the order of `graph_triples` (sorted by the N-Triples
    forms of subject, predicate, object): no complete term is a prefix of another term
    followed by a space or a control character, and UTF-8 byte order is code point order.
    """
    data = store.query(_UNION).serialize(format=ox.RdfFormat.N_TRIPLES)
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    maybe_blank = [i for i, line in enumerate(lines) if b"_:" in line]
    if maybe_blank:
        parsed = list(
            ox.parse(b"\n".join(lines[i] for i in maybe_blank), format=ox.RdfFormat.N_TRIPLES)
        )
        blank = {
            i: t
            for i, t in zip(maybe_blank, parsed, strict=True)
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
        }
        if blank:
            labels = _blank_labels(set(blank.values()))
            relabelled = {_relabel(t, labels) for t in blank.values()}
            text = ox.serialize(list(relabelled), format=ox.RdfFormat.N_TRIPLES)
            keep = [line for i, line in enumerate(lines) if i not in blank]
            lines = keep + text.split(b"\n")[:-1]
    lines.sort()
    # the same triple stated in several graphs is one line
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def _sorted_prefix_lines(data: bytes) -> bytes:
    """Put Turtle's leading @prefix lines in one fixed order, whatever the writer chose."""
    lines = data.split(b"\n")
    head = 0
    while head < len(lines) and lines[head].startswith(b"@prefix "):
        head += 1
    return b"\n".join(sorted(lines[:head]) + lines[head:])


def to_rdflib(triples: list[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph of the triples, inserted in the given order, blank labels kept."""
    graph = rdflib.Graph()
    for t in triples:
        graph.add((_rd(t.subject), _rd(t.predicate), _rd(t.object)))
    return graph


def _rd(term: Any) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))


def _blank_labels(triples: set[ox.Triple]) -> dict[str, ox.BlankNode]:
    """Label each blank node by a hash of its neighbourhood, refined until stable."""
    edges: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for t in triples:
        s, o = t.subject, t.object
        if isinstance(s, ox.BlankNode):
            edges[s.value].append(("out", str(t.predicate), _key(o)))
        if isinstance(o, ox.BlankNode):
            edges[o.value].append(("in", str(t.predicate), _key(s)))
    if not edges:
        return {}
    sig = dict.fromkeys(edges, "")
    distinct = 0
    for _ in range(64):
        # a blank neighbour contributes its previous signature, so chains (RDF lists,
        # nested restrictions) are told apart after as many rounds as they are deep
        sig = {
            b: _digest(
                sorted((d, p, sig[n[2:]] if n.startswith("_:") else n) for d, p, n in edges[b])
            )
            for b in edges
        }
        count = len(set(sig.values()))
        if count == distinct:
            break
        distinct = count
    ordered = sorted(edges, key=lambda b: (sig[b], b))
    return {b: ox.BlankNode(f"b{i:05d}") for i, b in enumerate(ordered)}


def _key(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term)


def _digest(items: list[tuple[str, str, str]]) -> str:
    return hashlib.sha256(repr(items).encode("utf-8")).hexdigest()[:24]


def _relabel(t: ox.Triple, labels: dict[str, ox.BlankNode]) -> ox.Triple:
    s, o = t.subject, t.object
    if isinstance(s, ox.BlankNode):
        s = labels[s.value]
    if isinstance(o, ox.BlankNode):
        o = labels[o.value]
    return ox.Triple(s, t.predicate, o)


def _canonical_json(value: Any, *, in_list: bool = False) -> Any:
    """Sort JSON-LD arrays (never `@list`, whose order is the data) and object keys."""
    if isinstance(value, dict):
        return {k: _canonical_json(v, in_list=k == "@list") for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        if in_list:
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value
