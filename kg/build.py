"""The build: documents -> study records -> RDF -> SHACL -> a new store generation.

Each step is its own function so an incremental build can reuse them on a subset of records.
Nothing is written unless every record graph conforms; the published store is swapped in
atomically (`kg.store`), so a failed build leaves the previous graph answering queries.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.build_shacl import Finding, check_triples, shapes_data_graph
from kg.corpus import LoadedRecord, load_corpus
from kg.errors import EXIT_NOT_CONFORMING, ScikgError
from kg.namespaces import graph_iri
from kg.rdf import RecordRdf, record_rdf
from kg.record import StudyRecord
from kg.store import new_generation, publish

__all__ = [
    "BuildError",
    "BuildResult",
    "ParsedRecord",
    "build",
    "fill_store",
    "load_records",
    "shacl_findings",
    "store_from_records",
    "to_rdf",
]


class BuildError(ScikgError):
    """The corpus has problems or its graph does not conform: nothing was written."""

    exit_code = EXIT_NOT_CONFORMING


@dataclass
class ParsedRecord:
    """One record with its RDF and the file it came from."""

    loaded: LoadedRecord
    rdf: RecordRdf

    @property
    def graph_name(self) -> str:
        """The IRI of the record's named graph."""
        return str(graph_iri(self.loaded.doc_key))


@dataclass
class BuildResult:
    """What a build wrote."""

    studies: int
    documents: int
    triples: int
    warnings: list[str]
    store_path: Path | None
    seconds: dict[str, float] = field(default_factory=dict)


class _Steps:
    """Times each step and drives a progress bar on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.seconds: dict[str, float] = {}
        self.progress = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("{task.description:<22}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    @contextmanager
    def step(self, name: str, total: int = 1) -> Iterator[callable]:
        start = time.perf_counter()
        task = self.progress.add_task(name, total=total) if self.progress else None

        def advance(n: int = 1) -> None:
            if self.progress is not None and task is not None:
                self.progress.advance(task, n)

        try:
            yield advance
        finally:
            self.seconds[name] = round(time.perf_counter() - start, 4)
            if self.progress is not None and task is not None:
                self.progress.update(task, completed=total)

    def __enter__(self) -> _Steps:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


def load_records(data_dirs: Iterable[Path | str] = ()) -> list[LoadedRecord]:
    """Step 1: the records and their documents; BuildError listing every problem."""
    loaded, problems = load_corpus(data_dirs)
    if problems:
        raise BuildError(*problems)
    return loaded


def to_rdf(loaded: Sequence[LoadedRecord], advance=None) -> list[ParsedRecord]:
    """Step 2: each record as a graph; BuildError for evidence that names no field."""
    parsed, problems = [], []
    for item in loaded:
        rdf = record_rdf(item.record, doc_key=item.doc_key, sha256=item.document_sha256)
        problems.extend(f"{item.source}: {f}: {m}" for f, m in rdf.problems)
        parsed.append(ParsedRecord(item, rdf))
        if advance:
            advance()
    if problems:
        raise BuildError(*problems)
    return parsed


SHACL_BATCH = 50
"""Records validated together: pyshacl has a large fixed cost per call."""


def shacl_findings(parsed: Sequence[ParsedRecord], advance=None) -> tuple[list[str], list[str]]:
    """Step 3: SHACL on the record graphs -> (violation lines, warning lines).

    Records are validated in batches; no batch holds two records of one study, so every
    study-level constraint still sees exactly one record, as if each were checked alone.
    """
    base = shapes_data_graph()
    violations: list[str] = []
    warnings: list[str] = []
    for batch in _batches(parsed):
        owner = {node: item for item in batch for node in item.rdf.nodes}
        triples = [t for item in batch for t in item.rdf.triples]
        for finding in check_triples(base, triples):
            item = owner.get(finding.focus_node)  # type: ignore[arg-type]
            line = _finding_line(item, finding)
            (violations if finding.is_violation else warnings).append(line)
        if advance:
            advance(len(batch))
    return violations, warnings


def _batches(parsed: Sequence[ParsedRecord]) -> Iterator[list[ParsedRecord]]:
    """Batches of at most SHACL_BATCH records with distinct study ids, in corpus order."""
    pending = list(parsed)
    while pending:
        batch: list[ParsedRecord] = []
        studies: set[str] = set()
        rest: list[ParsedRecord] = []
        for item in pending:
            study = item.loaded.record.id
            if len(batch) < SHACL_BATCH and study not in studies:
                batch.append(item)
                studies.add(study)
            else:
                rest.append(item)
        yield batch
        pending = rest


def _finding_line(item: ParsedRecord | None, finding: Finding) -> str:
    value = f" (value {finding.value})" if finding.value is not None else ""
    if item is None:
        return f"(graph): {finding.focus_node} {finding.path}: {finding.message}{value}"
    pointer = item.rdf.pointer_of(finding.focus_node, finding.path)
    return f"{item.loaded.source}: {pointer}: {finding.message}{value}"


def fill_store(store: ox.Store, parsed: Sequence[ParsedRecord], advance=None) -> None:
    """Step 4: ontology, MeSH and record graphs bulk-loaded, then the reasoning rules run."""
    from kg.mesh import mesh_graph
    from kg.vocab import ontology_graph

    store.bulk_extend(_quads(ontology_graph(), graph_iri("ontology")))
    store.bulk_extend(_quads(mesh_graph(), graph_iri("mesh")))
    quads: list[ox.Quad] = []
    for item in parsed:
        quads.extend(_quads(item.rdf.triples, graph_iri(item.loaded.doc_key)))
        if advance:
            advance()
    store.bulk_extend(quads)
    reason(store)


def reason(store: ox.Store) -> None:
    """Materialise the ontology's rules into skd:graph/inferred."""
    from kg.reason import materialize_rules

    for update in materialize_rules():
        store.update(update)


def _quads(triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> list[ox.Quad]:
    name = ox.NamedNode(str(graph))
    return [ox.Quad(_ox(s), _ox(p), _ox(o), name) for s, p, o in triples]  # type: ignore[arg-type]


@lru_cache(maxsize=65536)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (literals keep their lexical form)."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return _literal(term)
    raise TypeError(f"not an RDF term: {term!r}")


@lru_cache(maxsize=65536)
def _literal(term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=_named(str(term.datatype)))
    return ox.Literal(str(term))


def store_from_records(records: Sequence[StudyRecord]) -> ox.Store:
    """An in-memory store of `records`, loaded exactly as a build loads them (no SHACL)."""
    parsed = [
        ParsedRecord(LoadedRecord(r, Path(r.document.path), None), record_rdf(r)) for r in records
    ]
    store = ox.Store()
    fill_store(store, parsed)
    return store


def build(
    data_dirs: Iterable[Path | str] = (), store_path: Path | None = None, *, progress: bool = True
) -> BuildResult:
    """Build the store at `store_path` (None: validate only) from the corpus directories."""
    with _Steps(progress) as steps:
        with steps.step("load records"):
            loaded = load_records(data_dirs)
        with steps.step("records -> RDF", len(loaded)) as advance:
            parsed = to_rdf(loaded, advance)
        with steps.step("SHACL", len(parsed)) as advance:
            violations, warnings = shacl_findings(parsed, advance)
        if violations:
            raise BuildError(*violations)
        triples = 0
        if store_path is not None:
            with steps.step("store", len(parsed)) as advance:
                with new_generation(store_path) as (store, generation):
                    fill_store(store, parsed, advance)
                    store.flush()
                    triples = len(store)
                publish(store_path, generation)
    return BuildResult(
        studies=len({item.loaded.record.id for item in parsed}),
        documents=len(parsed),
        triples=triples,
        warnings=warnings,
        store_path=store_path,
        seconds=steps.seconds,
    )
