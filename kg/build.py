"""The build: documents -> study records -> RDF -> SHACL -> a new store generation.

Each step is its own function so an incremental build can reuse them on a subset of records.
Nothing is written unless every record graph conforms; the published store is swapped in
atomically (`kg.store`), so a failed build leaves the previous graph answering queries.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.build_shacl import Finding, check_triples, shapes_data_graph
from kg.corpus import LoadedRecord, ReusedRecord, file_facts, load_corpus
from kg.errors import EXIT_NOT_CONFORMING, ScikgError
from kg.incremental import Manifest, environment_hash, read_manifest, record_hash, write_manifest
from kg.namespaces import RDF, SK, graph_iri
from kg.overlay import disagreements, reads_as_text
from kg.rdf import RecordRdf, record_rdf
from kg.record import StudyRecord
from kg.store import current_generation, new_generation, publish

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
    disagreements: list[str] = field(default_factory=list)
    """curated vs extracted, one line each (`file: field [key]: curated ...; extracted ...`)"""


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


def load_records(
    data_dirs: Iterable[Path | str] = (), known: Mapping[str, Mapping[str, object]] | None = None
) -> list[LoadedRecord | ReusedRecord]:
    """Step 1: the records and their documents; BuildError listing every problem.

    Without `known` every item is a LoadedRecord; with it, unchanged files are ReusedRecords.
    """
    loaded, problems = load_corpus(data_dirs, known)
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


PARALLEL_MIN_RECORDS = 400
"""Below this many records a process pool costs more than it saves."""

_POOL_PARSED: Sequence[ParsedRecord] = ()
"""The records a forked SHACL worker validates (inherited, so nothing is pickled to it)."""


def shacl_findings(parsed: Sequence[ParsedRecord], advance=None) -> tuple[list[str], list[str]]:
    """Step 3: SHACL on the record graphs -> (violation lines, warning lines)."""
    per_record, unowned = _shacl_by_record(parsed, advance)
    violations = [line for key in sorted(per_record) for line in per_record[key][0]]
    warnings = [line for key in sorted(per_record) for line in per_record[key][1]]
    return violations + unowned[0], warnings + unowned[1]


def _shacl_by_record(
    parsed: Sequence[ParsedRecord], advance=None
) -> tuple[dict[str, tuple[list[str], list[str]]], tuple[list[str], list[str]]]:
    """SHACL lines per record doc_key, plus lines no record owns.

    Records are validated in batches; no batch holds two records of one study, so every
    study-level constraint still sees exactly one record, as if each were checked alone. The
    shapes are study-local, so batches are independent and run in worker processes on every
    core when there are enough of them.
    """
    per_record: dict[str, tuple[list[str], list[str]]] = {
        item.loaded.doc_key: ([], []) for item in parsed
    }
    unowned: tuple[list[str], list[str]] = ([], [])
    batches = [[index for index, _ in batch] for batch in _batches(list(enumerate(parsed)))]
    for indices, findings in _run_batches(parsed, batches):
        owner = {node: parsed[i] for i in indices for node in parsed[i].rdf.nodes}
        for finding in findings:
            item = owner.get(finding.focus_node)  # type: ignore[arg-type]
            line = _finding_line(item, finding)
            lines = per_record[item.loaded.doc_key] if item is not None else unowned
            (lines[0] if finding.is_violation else lines[1]).append(line)
        if advance:
            advance(len(indices))
    return per_record, unowned


def _run_batches(
    parsed: Sequence[ParsedRecord], batches: list[list[int]]
) -> Iterator[tuple[list[int], list[Finding]]]:
    """(batch, findings) for every batch, in a forked process pool when worthwhile."""
    workers = os.cpu_count() or 1
    if workers < 2 or len(parsed) < PARALLEL_MIN_RECORDS or not _can_fork():
        base = shapes_data_graph()
        for indices in batches:
            yield indices, check_triples(base, _batch_triples(parsed, indices))
        return
    global _POOL_PARSED
    shapes_data_graph()  # load the ontology once, before forking, so workers inherit it
    _POOL_PARSED = parsed
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield from zip(batches, pool.map(_check_batch, batches, chunksize=4), strict=True)
    finally:
        _POOL_PARSED = ()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _batch_triples(parsed: Sequence[ParsedRecord], indices: list[int]) -> list:
    return [t for i in indices for t in parsed[i].rdf.triples]


def _check_batch(indices: list[int]) -> list[Finding]:
    """Worker: SHACL findings of one batch of the inherited records."""
    return check_triples(_worker_base(), _batch_triples(_POOL_PARSED, indices))


@lru_cache(maxsize=1)
def _worker_base() -> Graph:
    """The ontology graph, copied once per worker."""
    return shapes_data_graph()


def _batches(
    parsed: Sequence[tuple[int, ParsedRecord]],
) -> Iterator[list[tuple[int, ParsedRecord]]]:
    """Batches of at most SHACL_BATCH records with distinct study ids, in corpus order."""
    pending = list(parsed)
    while pending:
        batch: list[tuple[int, ParsedRecord]] = []
        studies: set[str] = set()
        rest: list[tuple[int, ParsedRecord]] = []
        for item in pending:
            study = item[1].loaded.record.id
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
    # a generator: the bulk loader takes the quads as they are made, so they are never all
    # held as Python objects at once (at 20k studies that list alone was several GB)
    store.bulk_extend(_record_quads(parsed, advance))
    reason(store)


def _record_quads(parsed: Sequence[ParsedRecord], advance=None) -> Iterator[ox.Quad]:
    for item in parsed:
        yield from _quads(item.rdf.triples, graph_iri(item.loaded.doc_key))
        if advance:
            advance()


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
    data_dirs: Iterable[Path | str] = (),
    store_path: Path | None = None,
    *,
    progress: bool = True,
    incremental: bool = True,
    compare: bool = True,
) -> BuildResult:
    """Build the store at `store_path` (None: validate only) from the corpus directories.

    With `incremental`, a record whose content hash (record, document, code, ontology, shapes)
    matches the current generation's manifest is neither converted nor validated again: the new
    generation starts as a copy of the current one and only the changed named graphs are
    replaced, which gives the same graph as a full build.

    With `compare`, each curated record's text document is also read by the reader and every
    disagreement is reported (`BuildResult.disagreements`); the curated values stay in the graph.
    """
    with _Steps(progress) as steps:
        with steps.step("load records"):
            environment = environment_hash()
            previous = _reusable(store_path, environment) if incremental else None
            reused = previous[1].graphs if previous else {}
            loaded = load_records(data_dirs, _known_files(reused, need_comparison=compare))
            hashes = {
                item.doc_key: (
                    _record_hash(item)
                    if isinstance(item, LoadedRecord)
                    else str(reused[item.doc_key]["hash"])
                )
                for item in loaded
            }
        todo = [
            item
            for item in loaded
            if isinstance(item, LoadedRecord)
            and reused.get(item.doc_key, {}).get("hash") != hashes[item.doc_key]
        ]
        found: dict[str, list[str] | None] = {}
        if compare:  # what changed, and what an earlier build did not compare
            changed = {item.doc_key for item in todo}
            unknown = [
                item
                for item in loaded
                if isinstance(item, LoadedRecord)
                and (
                    item.doc_key in changed
                    or reused.get(item.doc_key, {}).get("disagreements") is None
                )
            ]
            with steps.step("curated vs extracted", len(unknown)) as advance:
                for item in unknown:
                    found[item.doc_key] = compare_with_reader(item)
                    advance()
        with steps.step("records -> RDF", len(todo)) as advance:
            parsed = to_rdf(todo, advance)
        with steps.step("SHACL", len(parsed)) as advance:
            per_record, unowned = _shacl_by_record(parsed, advance)
        violations = [line for key in sorted(per_record) for line in per_record[key][0]]
        if violations or unowned[0]:
            raise BuildError(*violations, *unowned[0])
        record_warnings = {key: list(lines[1]) for key, lines in per_record.items()}
        for item in loaded:
            if item.doc_key not in record_warnings:
                record_warnings[item.doc_key] = list(reused[item.doc_key].get("warnings", []))
        warnings = [line for key in sorted(record_warnings) for line in record_warnings[key]]
        for item in loaded:
            if item.doc_key not in found:
                found[item.doc_key] = reused.get(item.doc_key, {}).get("disagreements")
        disagreements = [line for key in sorted(found) for line in found[key] or []]
        warnings += unowned[1]
        files = {
            item.doc_key: (
                file_facts(item)
                if isinstance(item, LoadedRecord)
                else reused[item.doc_key].get("files")
            )
            for item in loaded
        }
        triples = 0
        if store_path is not None:
            with steps.step("store", len(parsed)) as advance:
                copy_of = previous[0] if previous else None
                with new_generation(store_path, copy_of) as (store, generation):
                    if previous is None:
                        fill_store(store, parsed, advance)
                    else:
                        gone = set(reused) - {item.doc_key for item in loaded}
                        _replace_graphs(store, parsed, gone, advance)
                    store.flush()
                    triples = len(store)
                    graphs = {
                        key: {
                            "hash": hashes[key],
                            "warnings": record_warnings[key],
                            "disagreements": found[key],
                            "files": files[key],
                        }
                        for key in sorted(hashes)
                    }
                    write_manifest(generation, Manifest(environment, triples, graphs))
                publish(store_path, generation)
    return BuildResult(
        studies=len({_study_id(item) for item in loaded}),
        documents=len(loaded),
        triples=triples,
        warnings=warnings,
        store_path=store_path,
        seconds=steps.seconds,
        disagreements=disagreements,
    )


def compare_with_reader(item: LoadedRecord) -> list[str]:
    """What the reader says differently from a curated record about its text document."""
    if item.record.provenance.method != "curated" or item.document_text is None:
        return []
    if not reads_as_text(item.record.document.path):
        return []
    from kg.extract import ExtractionError, extract_text

    try:
        extracted = extract_text(item.document_text, item.record.document.path)
    except ExtractionError as exc:
        return [f"{item.source}: (document): the reader could not read it: {exc}"]
    return [f"{item.source}: {line}" for line in disagreements(item.record, extracted)]


def _study_id(item: LoadedRecord | ReusedRecord) -> str:
    return item.record.id if isinstance(item, LoadedRecord) else item.study_id


def _known_files(
    graphs: Mapping[str, Mapping[str, object]], *, need_comparison: bool
) -> dict[str, Mapping[str, object]]:
    """Record and document files an earlier build read, by path, for `load_records`.

    A graph whose comparison with the reader is still missing is left out when one is
    needed, so that its record is read in full and compared.
    """
    known: dict[str, Mapping[str, object]] = {}
    for key, entry in graphs.items():
        facts = entry.get("files")
        if not isinstance(facts, dict) or not facts.get("source"):
            continue
        if PurePosixPath(str(facts.get("document") or "")).stem != key:
            continue
        if need_comparison and entry.get("disagreements") is None:
            continue
        known[str(facts["source"])] = facts
    return known


def _record_hash(item: LoadedRecord) -> str:
    return record_hash(item.record.model_dump_json(), item.document_sha256, item.doc_key)


def _reusable(store_path: Path | None, environment: str) -> tuple[Path, Manifest] | None:
    """The current generation and its manifest, when a build may start from a copy of it.

    Anything doubtful (no manifest, a bad checksum, other code/ontology/shapes, a store whose
    size is not the one recorded) means a full build: the cache is never trusted blindly.
    """
    if store_path is None:
        return None
    generation = current_generation(store_path)
    if generation is None:
        return None
    manifest = read_manifest(generation)
    if manifest is None or manifest.environment != environment:
        return None
    try:
        store = ox.Store.read_only(str(generation))
        size = len(store)
        del store
    except OSError:
        return None
    return (generation, manifest) if size == manifest.quads else None


def _replace_graphs(
    store: ox.Store, parsed: Sequence[ParsedRecord], gone: set[str], advance=None
) -> None:
    """Swap the named graphs of changed and removed records, then re-derive what they touch.

    The hierarchy part of the inferred graph depends on the ontology only (kept by an
    incremental build); the class memberships of the studies and arms named in the old or new
    graphs are retracted and derived again, over every graph, since one study may be stated
    by several documents.
    """
    from kg.reason import materialize_rules, retract_memberships

    graphs = [graph_iri(key) for key in sorted(gone | {item.loaded.doc_key for item in parsed})]
    subjects = _study_and_arm_nodes(store, graphs)
    for graph in graphs:
        store.remove_graph(ox.NamedNode(str(graph)))
    store.bulk_extend(_record_quads(parsed, advance))
    subjects |= _study_and_arm_nodes(store, graphs)
    retract = retract_memberships(sorted(subjects))
    if retract:
        store.update(retract)
    for update in materialize_rules(sorted(subjects)):
        store.update(update)


def _study_and_arm_nodes(store: ox.Store, graphs: Sequence[URIRef]) -> set[str]:
    """IRIs of the studies and arms stated in `graphs`."""
    found: set[str] = set()
    classes = (ox.NamedNode(str(SK.Study)), ox.NamedNode(str(SK.Arm)))
    rdf_type = ox.NamedNode(str(RDF.type))
    for graph in graphs:
        name = ox.NamedNode(str(graph))
        for cls in classes:
            for quad in store.quads_for_pattern(None, rdf_type, cls, name):
                if isinstance(quad.subject, ox.NamedNode):
                    found.add(quad.subject.value)
    return found
