"""Every base IRI and prefix scikg uses, defined once.

Shapes, saved queries, the ontology and exports take their prefixes from `PREFIXES`;
tests check that the PREFIX lines of every `.rq` file agree with it.
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = [
    "BASE_GRAPHS",
    "DCTERMS",
    "MESH",
    "MESHV",
    "NCIT",
    "OA",
    "OBO",
    "OWL",
    "PREFIXES",
    "PROV",
    "QUDT",
    "RDF",
    "RDFS",
    "SCIKG_BASE",
    "SH",
    "SK",
    "SKD",
    "SKOS",
    "SKV",
    "UNIT",
    "XSD",
    "bind_prefixes",
    "concept_iri",
    "document_iri",
    "graph_iri",
    "is_record_graph",
    "record_iri",
    "slug",
    "sparql_prefixes",
    "study_iri",
]

SCIKG_BASE = "https://w3id.org/scikg/"

SK = Namespace(SCIKG_BASE + "ontology/")
"""Ontology terms: classes (CamelCase) and properties (lowerCamel)."""
SKV = Namespace(SCIKG_BASE + "vocab/")
"""Controlled vocabularies: SKOS concepts named `<scheme>-<code>`."""
SKD = Namespace(SCIKG_BASE + "data/")
"""Instance data: studies, records, documents, named graphs."""

MESH = Namespace("http://id.nlm.nih.gov/mesh/")
MESHV = Namespace("http://id.nlm.nih.gov/mesh/vocab#")
"""NLM's MeSH RDF vocabulary: meshv:treeNumber, meshv:broaderDescriptor."""
OBO = Namespace("http://purl.obolibrary.org/obo/")
NCIT = Namespace("http://purl.obolibrary.org/obo/NCIT_")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "sk": str(SK),
    "skv": str(SKV),
    "skd": str(SKD),
    "mesh": str(MESH),
    "meshv": str(MESHV),
    "obo": str(OBO),
    "ncit": str(NCIT),
    "qudt": str(QUDT),
    "unit": str(UNIT),
    "oa": str(OA),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sh": str(SH),
}

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(text: str) -> str:
    """An IRI-safe, stable path segment: runs of unsafe characters become one hyphen."""
    cleaned = _UNSAFE.sub("-", text.strip()).strip("-")
    if not cleaned:
        raise ValueError(f"cannot make an IRI segment from {text!r}")
    return cleaned


def concept_iri(scheme: str, code: str) -> URIRef:
    """The IRI convention for a vocabulary concept, e.g. ('route', 'intrathecal').

    Code look-ups should go through the ontology (`kg.vocab`); this is the naming rule the
    ontology follows, used to mint and to check IRIs.
    """
    return SKV[f"{scheme}-{slug(code.replace('/', '-'))}"]


def study_iri(study_id: str) -> URIRef:
    """The study node: one per trial, shared by every document about it."""
    return SKD[f"study/{slug(study_id)}"]


def record_iri(doc_key: str, *path: str | int) -> URIRef:
    """A node read from one document's record, e.g. record_iri(key, 'arm', 1)."""
    tail = "".join(f"/{slug(str(part))}" for part in path)
    return SKD[f"record/{slug(doc_key)}{tail}"]


def document_iri(doc_key: str) -> URIRef:
    """The source document."""
    return SKD[f"document/{slug(doc_key)}"]


def graph_iri(name: str) -> URIRef:
    """A named graph: one per document record, plus `ontology`, `inferred`, `mesh`."""
    return SKD[f"graph/{slug(name)}"]


BASE_GRAPHS = ("ontology", "mesh", "inferred")
"""The named graphs that hold no record: the ontology, MeSH and the reasoning results."""

_BASE_GRAPH_IRIS = frozenset(str(graph_iri(name)) for name in BASE_GRAPHS)


def is_record_graph(iri: str) -> bool:
    """Whether the named graph `iri` is one document record's (not a base graph, not foreign)."""
    return iri.startswith(str(SKD) + "graph/") and iri not in _BASE_GRAPH_IRIS


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every scikg prefix on `graph` (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prefixes(*names: str) -> str:
    """PREFIX declarations for the named prefixes (all of them when none are named)."""
    chosen = names or tuple(PREFIXES)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in chosen)
