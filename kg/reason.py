"""Reasoning: HermiT (through owlready2) on the ontology, and its results made queryable.

`run_reasoner` proves the ontology consistent and lists unsatisfiable classes. The inferred
class hierarchy is cached in `ontology/inferred/scikg-inferred.ttl`, keyed by the SHA-256 of the
ontology sources, so it is computed once per ontology version. `materialize_rules` gives the
SPARQL updates a build runs on the store, so saved queries read hierarchies and defined-class
memberships from `skd:graph/inferred` instead of re-implementing them.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from kg.namespaces import OWL, RDF, RDFS, SK, XSD, bind_prefixes, graph_iri, sparql_prefixes
from kg.paths import ONTOLOGY_DIR
from kg.vocab import ontology_files

__all__ = [
    "ReasonerResult",
    "inferred_graph",
    "materialize_rules",
    "ontology_hash",
    "retract_memberships",
    "run_reasoner",
]

INFERRED_FILE = ONTOLOGY_DIR / "inferred" / "scikg-inferred.ttl"


@dataclass
class ReasonerResult:
    """What HermiT concluded about the ontology."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    subclass_pairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Consistent, and every named class can have instances."""
        return self.consistent and not self.unsatisfiable


def ontology_hash(files: list[Path] | None = None) -> str:
    """SHA-256 over the ontology source files, in load order."""
    digest = hashlib.sha256()
    for path in files or ontology_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _tbox(extra_turtle: str | None) -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    if extra_turtle:
        graph.parse(data=extra_turtle, format="turtle")
    # HermiT knows only the OWL 2 datatype map, which lacks xsd:duration; SHACL checks those.
    for prop in list(graph.subjects(RDFS.range, XSD.duration)):
        graph.remove((prop, RDFS.range, XSD.duration))
    return graph


def run_reasoner(extra_turtle: str | None = None) -> ReasonerResult:
    """Run HermiT on the ontology (plus `extra_turtle`, for tests and experiments)."""
    import owlready2

    graph = _tbox(extra_turtle)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "scikg.nt"
        graph.serialize(source, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(source.as_uri()).load()
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerResult(consistent=False)
        unsatisfiable = sorted(
            c.iri
            for c in world.inconsistent_classes()
            if isinstance(c, owlready2.ThingClass) and c is not owlready2.Nothing
        )
        pairs = sorted(
            {
                (cls.iri, parent.iri)
                for cls in world.classes()
                for parent in cls.ancestors(include_self=False)
                if isinstance(parent, owlready2.ThingClass) and parent is not owlready2.Thing
            }
        )
    return ReasonerResult(consistent=True, unsatisfiable=unsatisfiable, subclass_pairs=pairs)


def _inferred_to_graph(result: ReasonerResult, digest: str) -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    doc = URIRef(str(SK) + "inferred")
    graph.add((doc, RDF.type, OWL.Ontology))
    graph.add((doc, SK.sourceHash, Literal(digest)))
    for child, parent in result.subclass_pairs:
        graph.add((URIRef(child), RDFS.subClassOf, URIRef(parent)))
    return graph


def _cached(path: Path, digest: str) -> Graph | None:
    """The cache when it parses and was computed from these sources; else None."""
    if not path.is_file():
        return None
    try:
        graph = Graph().parse(path, format="turtle")
    except Exception:  # a corrupt cache is rebuilt, never trusted
        return None
    recorded = {str(o) for o in graph.objects(None, SK.sourceHash)}
    return graph if recorded == {digest} else None


def inferred_graph(path: Path = INFERRED_FILE, *, refresh: bool = False) -> Graph:
    """The inferred class hierarchy, recomputed only when the ontology changed."""
    digest = ontology_hash()
    graph = None if refresh else _cached(path, digest)
    if graph is not None:
        return graph
    result = run_reasoner()
    if not result.ok:
        problems = ", ".join(result.unsatisfiable) or "the ontology is inconsistent"
        raise RuntimeError(f"reasoner: {problems}")
    graph = _inferred_to_graph(result, digest)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    header = "# Generated by `scikg reason` from the ontology sources; do not edit.\n"
    tmp.write_text(header + graph.serialize(format="turtle"), encoding="utf-8")
    tmp.replace(path)
    return graph


# Defined classes: (class, property from the instance, concept it must reach). The study-level
# shortcuts stand for the property chains the ontology's definitions use (tests/test_rdf.py).
_DEFINED = (
    ("ExosomeStudy", "sk:studyProductKind", "skv:product-kind-exosomes"),
    ("CellTherapyStudy", "sk:studyProductKind", "skv:product-kind-cells"),
    ("SecretomeStudy", "sk:studyProductKind", "skv:product-kind-secretome"),
    ("IntrathecalStudy", "sk:studyRoute", "skv:route-intrathecal"),
    ("IntravenousStudy", "sk:studyRoute", "skv:route-intravenous"),
    ("IntraspinalStudy", "sk:studyRoute", "skv:route-intraspinal"),
)


def materialize_rules(subjects: Sequence[str] | None = None) -> list[str]:
    """SPARQL updates filling `skd:graph/inferred` (run after the data is loaded).

    With `subjects` (study and arm IRIs), only their defined-class memberships are derived:
    the hierarchy part depends on the ontology alone, which an incremental build keeps.
    Built only from constants of this module, the ontology and IRIs of the store.
    """
    inferred = f"<{graph_iri('inferred')}>"
    prefixes = sparql_prefixes()
    updates: list[str] = []
    if subjects is None:
        hierarchy = inferred_graph()
        subclass = " ".join(
            f"<{s}> rdfs:subClassOf <{o}> ."
            for s, o in sorted(hierarchy.subject_objects(RDFS.subClassOf))
        )
        if subclass:
            updates.append(f"{prefixes}\nINSERT DATA {{ GRAPH {inferred} {{ {subclass} }} }}")
        # reflexive-transitive closure of the vocabulary hierarchies
        updates.append(
            f"""{prefixes}
INSERT {{ GRAPH {inferred} {{ ?c sk:broaderTransitive ?b }} }}
WHERE {{ GRAPH ?g {{ ?c a skos:Concept . ?c skos:broader* ?b }} }}"""
        )
        only = ""
    elif not subjects:
        return []
    else:
        only = "VALUES ?s { " + " ".join(f"<{_iri(s)}>" for s in sorted(subjects)) + " }"
    for cls, path, concept in _DEFINED:
        updates.append(
            f"""{prefixes}
INSERT {{ GRAPH {inferred} {{ ?s a sk:{cls} }} }}
WHERE {{ {only} GRAPH ?g {{ ?s a sk:Study ; {path} ?c }}
        GRAPH {inferred} {{ ?c sk:broaderTransitive {concept} }} }}"""
        )
    updates.append(
        f"""{prefixes}
INSERT {{ GRAPH {inferred} {{ ?s a ?cls }} }}
WHERE {{
  {only}
  GRAPH ?g {{ ?s a sk:Arm ; sk:hasAdministration/sk:hasProduct ?p .
             ?p sk:productKind skv:product-kind-cells ; sk:donor ?d }}
  VALUES (?d ?cls) {{ (skv:donor-allogeneic sk:AllogeneicCellTherapyArm)
                     (skv:donor-autologous sk:AutologousCellTherapyArm) }}
}}"""  # noqa: S608
    )
    return updates


def retract_memberships(subjects: Sequence[str]) -> str | None:
    """A SPARQL update removing the derived class memberships of `subjects`."""
    if not subjects:
        return None
    values = " ".join(f"<{_iri(s)}>" for s in sorted(subjects))
    return f"""DELETE {{ GRAPH <{graph_iri("inferred")}> {{ ?s a ?cls }} }}
WHERE {{ VALUES ?s {{ {values} }} GRAPH <{graph_iri("inferred")}> {{ ?s a ?cls }} }}"""


def _iri(value: str) -> str:
    """`value` checked to be safe inside <...> (store IRIs always are; anything else is a bug)."""
    if any(ch in value for ch in '<>"{}|^`\\ ') or any(ord(ch) < 0x21 for ch in value):
        raise ValueError(f"not an IRI: {value!r}")
    return value
