"""The controlled vocabularies, read from the ontology (`ontology/vocabularies.ttl`).

Every code -> IRI look-up and every synonym the text reader knows goes through here, so adding
a concept or a `skos:altLabel` to the ontology is all it takes to teach the project a term.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef

from kg.namespaces import RDFS, SK, SKOS, SKV, bind_prefixes
from kg.paths import ONTOLOGY_DIR
from kg.terms import parse_turtle

__all__ = ["Concept", "Vocabulary", "load_vocabulary", "ontology_files", "ontology_graph"]

ONTOLOGY_FILES = ("scikg.ttl", "vocabularies.ttl")


@dataclass(frozen=True)
class Concept:
    """One vocabulary concept: a record code of one scheme."""

    scheme: str
    code: str
    iri: URIRef
    label: str
    alt_labels: tuple[str, ...]
    broader: URIRef | None
    mesh: tuple[str, ...]


def ontology_files() -> list:
    """The ontology source files, in load order."""
    return [ONTOLOGY_DIR / name for name in ONTOLOGY_FILES if (ONTOLOGY_DIR / name).is_file()]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology and its vocabularies as one graph (cached: do not mutate it)."""
    graph = Graph()
    bind_prefixes(graph)
    for path in ontology_files():
        parse_turtle(graph, path)
    return graph


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


class Vocabulary:
    """Look-ups between record codes, concept IRIs and labels."""

    def __init__(self, concepts: list[Concept]) -> None:
        self._by_code = {(c.scheme, c.code): c for c in concepts}
        self._by_iri = {c.iri: c for c in concepts}
        self._schemes = sorted({c.scheme for c in concepts})

    def schemes(self) -> list[str]:
        """The scheme names, sorted."""
        return list(self._schemes)

    def concepts(self, scheme: str) -> list[Concept]:
        """The concepts of a scheme, sorted by code."""
        return sorted(
            (c for c in self._by_code.values() if c.scheme == scheme), key=lambda c: c.code
        )

    def iri(self, scheme: str, code: str) -> URIRef:
        """The concept IRI of a record code; KeyError naming the scheme for an unknown code."""
        try:
            return self._by_code[(scheme, str(code))].iri
        except KeyError:
            known = ", ".join(c.code for c in self.concepts(scheme)) or "none"
            raise KeyError(f"unknown {scheme} code {code!r} (known: {known})") from None

    def concept(self, iri: URIRef) -> Concept | None:
        """The concept with this IRI, if it is one."""
        return self._by_iri.get(URIRef(str(iri)))

    def code(self, iri: URIRef) -> tuple[str, str]:
        """(scheme, code) of a concept IRI."""
        concept = self.concept(iri)
        if concept is None:
            raise KeyError(f"not a vocabulary concept: {iri}")
        return concept.scheme, concept.code

    def labels(self, scheme: str) -> dict[str, str]:
        """Every lower-cased label and synonym of a scheme -> its code.

        A synonym shared by two concepts of one scheme is ambiguous and left out, so the
        reader never picks one of them at random.
        """
        table: dict[str, str] = {}
        ambiguous: set[str] = set()
        for concept in self.concepts(scheme):
            for text in {concept.label, concept.code, *concept.alt_labels}:
                key = _norm(text)
                if key in table and table[key] != concept.code:
                    ambiguous.add(key)
                table.setdefault(key, concept.code)
        return {k: v for k, v in sorted(table.items()) if k not in ambiguous}


def vocabulary_from_graph(graph: Graph) -> Vocabulary:
    """Read the SKOS concepts of `graph` (concepts need a scheme under skv: and a notation)."""
    concepts = []
    for iri, scheme in graph.subject_objects(SKOS.inScheme):
        if not isinstance(iri, URIRef) or not str(scheme).startswith(str(SKV)):
            continue
        notation = graph.value(iri, SKOS.notation)
        if notation is None:
            continue
        label = graph.value(iri, SKOS.prefLabel) or graph.value(iri, RDFS.label) or notation
        broader = graph.value(iri, SKOS.broader)
        concepts.append(
            Concept(
                scheme=str(scheme).removeprefix(str(SKV)),
                code=str(notation),
                iri=iri,
                label=str(label),
                alt_labels=tuple(sorted(str(a) for a in graph.objects(iri, SKOS.altLabel))),
                broader=broader if isinstance(broader, URIRef) else None,
                mesh=tuple(
                    sorted(str(m).rsplit("/", 1)[-1] for m in graph.objects(iri, SK.meshHeading))
                ),
            )
        )
    return Vocabulary(concepts)


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The project's vocabularies (cached)."""
    return vocabulary_from_graph(ontology_graph())
