"""The vocabulary facts the RDF builder needs, read once from the ontology.

Code -> concept IRIs come from `kg.vocab`; narrower routes, MeSH headings and QUDT units
are read from the ontology graph, so adding a concept to `ontology/vocabularies.ttl` is
enough for the builder to use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef

from kg.namespaces import MESH, RDFS, SK, SKOS, UNIT

__all__ = ["VocabularyTerms", "vocabulary_terms"]


@dataclass
class VocabularyTerms:
    """Look-ups over the controlled vocabularies."""

    iri: Callable[[str, str], URIRef]
    """(scheme, code) -> concept IRI."""
    narrower: dict[URIRef, list[tuple[URIRef, tuple[str, ...]]]] = field(default_factory=dict)
    """concept -> its narrower concepts with their lower-cased labels and altLabels."""
    mesh: dict[URIRef, tuple[str, ...]] = field(default_factory=dict)
    """concept -> MeSH descriptor codes (`sk:meshHeading`)."""
    units: dict[URIRef, URIRef] = field(default_factory=dict)
    """dose-unit concept -> QUDT unit."""

    def route_detail(self, route: str | None, as_written: str | None) -> URIRef | None:
        """The narrower route concept whose label or altLabel the written route names."""
        if route is None or not as_written:
            return None
        text = " ".join(as_written.lower().split())
        best: tuple[int, str, URIRef] | None = None
        for concept, labels in self.narrower.get(self.iri("route", route), []):
            for label in labels:
                if re.search(rf"(?<![a-z0-9]){re.escape(label)}(?![a-z0-9])", text):
                    # the longest label wins ("lumbar puncture" over "lumbar"); ties by IRI
                    candidate = (-len(label), str(concept), concept)
                    best = candidate if best is None or candidate < best else best
        return best[2] if best else None

    def mesh_headings(self, concept: URIRef) -> tuple[str, ...]:
        """The MeSH descriptors a study using `concept` is indexed with."""
        return self.mesh.get(concept, ())

    def qudt_unit(self, concept: URIRef) -> URIRef | None:
        """The QUDT unit a dose-unit concept matches exactly."""
        return self.units.get(concept)


@lru_cache(maxsize=1)
def vocabulary_terms() -> VocabularyTerms:
    """The vocabulary look-ups, built once per process."""
    from kg.vocab import load_vocabulary, ontology_graph

    vocabulary = load_vocabulary()
    return terms_from_graph(vocabulary.iri, ontology_graph())


def terms_from_graph(iri: Callable[[str, str], URIRef], graph: Graph) -> VocabularyTerms:
    """Read narrower routes, MeSH headings and QUDT units from an ontology graph."""
    terms = VocabularyTerms(iri=iri)
    for child, parent in graph.subject_objects(SKOS.broader):
        if not isinstance(child, URIRef) or not isinstance(parent, URIRef):
            continue
        labels = {
            " ".join(str(label).lower().split())
            for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
            for label in graph.objects(child, prop)
        }
        terms.narrower.setdefault(parent, []).append((child, tuple(sorted(labels))))
    for concept, heading in graph.subject_objects(SK.meshHeading):
        code = str(heading).removeprefix(str(MESH))
        if isinstance(concept, URIRef) and code != str(heading):
            terms.mesh[concept] = tuple(sorted({*terms.mesh.get(concept, ()), code}))
    for concept, match in graph.subject_objects(SKOS.exactMatch):
        if isinstance(concept, URIRef) and str(match).startswith(str(UNIT)):
            terms.units[concept] = URIRef(str(match))
    for children in terms.narrower.values():
        children.sort(key=lambda pair: str(pair[0]))
    return terms
