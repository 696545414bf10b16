"""The build: documents -> study records -> RDF -> SHACL -> a new store generation.

Each step is its own function so an incremental build can reuse them on a subset of records.
Records are converted and validated in worker processes (`kg.convert`) while the finished
batches are loaded into a new store generation; the generation is published atomically
(`kg.store`) only when every record graph conforms, so a failed build leaves the previous graph
answering queries.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import URIRef

from kg.convert import BatchResult, Converter
from kg.corpus import LoadedRecord, ReusedRecord, file_facts, load_corpus
from kg.errors import EXIT_NOT_CONFORMING, ScikgError
from kg.export import block_facts, graph_lines, patched_lines, read_block
from kg.incremental import (
    Manifest,
    environment_hash,
    graph_size,
    read_manifest,
    record_hash,
    store_matches,
    write_manifest,
)
from kg.namespaces import BASE_GRAPHS, RDF, SK, graph_iri
from kg.overlay import disagreements, reads_as_text
from kg.rdf import RecordRdf, record_rdf
from kg.record import StudyRecord
from kg.store import (
    block_file,
    block_folder,
    current_generation,
    inferred_file,
    new_generation,
    prune_blocks,
    publish,
    spool_path,
    write_block,
)
from kg.terms import quads_of

__all__ = [
    "BuildError",
    "BuildResult",
    "ParsedRecord",
    "build",
    "fill_store",
    "load_records",
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
    data_dirs: Iterable[Path | str] = (),
    known: Mapping[str, Mapping[str, object]] | None = None,
    left_out: list[str] | None = None,
) -> list[LoadedRecord | ReusedRecord]:
    """Step 1: the records and their documents; BuildError listing every problem.

    Without `known` every item is a LoadedRecord; with it, unchanged files are ReusedRecords.
    Documents that cannot be a spinal cord injury study are named in `left_out`.
    """
    loaded, problems = load_corpus(data_dirs, known, left_out)
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


def fill_store(store: ox.Store, parsed: Sequence[ParsedRecord], advance=None) -> None:
    """Ontology, MeSH and record graphs bulk-loaded, then the reasoning rules run."""
    load_base_graphs(store)
    # a generator: the bulk loader takes the quads as they are made, so they are never all
    # held as Python objects at once
    store.bulk_extend(_record_quads(parsed, advance))
    reason(store)


def load_base_graphs(store: ox.Store) -> None:
    """The ontology and MeSH graphs, which every generation holds besides the records."""
    from kg.mesh import mesh_graph
    from kg.vocab import ontology_graph

    store.bulk_extend(quads_of(ontology_graph(), graph_iri("ontology")))
    store.bulk_extend(quads_of(mesh_graph(), graph_iri("mesh")))


def _record_quads(parsed: Sequence[ParsedRecord], advance=None) -> Iterator[ox.Quad]:
    for item in parsed:
        yield from quads_of(item.rdf.triples, graph_iri(item.loaded.doc_key))
        if advance:
            advance()


def reason(store: ox.Store) -> None:
    """Materialise the ontology's rules into skd:graph/inferred."""
    from kg.reason import materialize_rules

    for update in materialize_rules():
        store.update(update)


def store_from_records(records: Sequence[StudyRecord]) -> ox.Store:
    """An in-memory store of `records`, loaded exactly as a build loads them (no SHACL)."""
    parsed = [
        ParsedRecord(LoadedRecord.of(r, Path(r.document.path), None), record_rdf(r))
        for r in records
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
            left_out: list[str] = []
            known = _known_files(reused, need_comparison=compare)
            loaded = load_records(data_dirs, known, left_out)
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
        files = {item.doc_key: _remembered_files(item, reused) for item in loaded}
        checked = _Checked()
        blocks: dict[str, dict[str, int]] = {}  # doc_key -> facts of the Turtle block written
        folder = block_folder(store_path, environment) if store_path else None
        triples = 0
        # records -> RDF -> SHACL run in worker processes, batch by batch, while this process
        # loads the finished batches into the new generation: the triples of the whole corpus
        # are never in memory at once. Nothing is published unless every batch conforms.
        with (
            steps.step(
                "records -> RDF -> SHACL" + (" -> store" if store_path else ""), len(todo)
            ) as advance,
            Converter(todo, _study_id, turtle=store_path is not None) as converted,
        ):
            if store_path is None:
                for result in converted:
                    checked.add(result)
                    advance(len(result.keys))
                checked.raise_problems()
            else:
                with new_generation(store_path, previous[0] if previous else None) as (
                    store,
                    generation,
                ):
                    if previous is None:
                        load_base_graphs(store)
                    else:
                        gone = set(reused) - {item.doc_key for item in loaded}
                        changed = [graph_iri(k) for k in sorted(gone | {i.doc_key for i in todo})]
                        touched = _remove_graphs(store, changed)
                    with _Loader(store, generation, len(todo)) as loader:
                        for result in converted:
                            checked.add(result)
                            if checked.clean:
                                loader.add(result.nquads, len(result.keys))
                                for key, block in result.turtle.items():
                                    write_block(block_file(folder, hashes[key]), block)
                                    blocks[key] = block_facts(block)
                            advance(len(result.keys))
                        loader.finish()
                    checked.raise_problems()
                    start = time.perf_counter()
                    if previous is None:
                        reason(store)
                        lines = graph_lines(store, str(graph_iri("inferred")))
                    else:
                        subjects = _rederive(store, changed, touched)
                        lines = _patched_inferred(store, previous, subjects)
                    store.flush()
                    inferred = None
                    if lines is not None:
                        write_block(inferred_file(generation), lines)
                        inferred = block_facts(lines)
                    reasoned = time.perf_counter()
                    if previous is None:
                        # each bulk-loaded chunk is a sorted run of its own, and a scan reads
                        # them all: merged into one, the saved queries at 20,000 studies ran
                        # up to 3x faster. An incremental build changes too little to pay.
                        store.optimize()
                    # parts of the step above, for the benchmark's breakdown
                    steps.seconds["bulk load"] = round(loader.seconds, 4)
                    steps.seconds["reasoning"] = round(reasoned - start, 4)
                    steps.seconds["compaction"] = round(time.perf_counter() - reasoned, 4)
                    sizes = {
                        key: checked.quads[key]
                        if key in checked.quads
                        else int(reused[key]["quads"])  # type: ignore[call-overload]
                        for key in hashes
                    }
                    base = {g: graph_size(store, g) for g in map(str, map(graph_iri, BASE_GRAPHS))}
                    # counted per graph: counting every quad of a large store took seconds
                    triples = sum(sizes.values()) + sum(base.values())
                    record_warnings = checked.warnings_with(reused, loaded)
                    found = _disagreements(found, reused, loaded)
                    entries = {
                        key: {
                            "hash": hashes[key],
                            "quads": sizes[key],
                            "warnings": record_warnings[key],
                            "disagreements": found[key],
                            "files": files[key],
                            "turtle": blocks.get(key, reused.get(key, {}).get("turtle")),
                        }
                        for key in sorted(hashes)
                    }
                    write_manifest(
                        generation, Manifest(environment, triples, entries, base, inferred)
                    )
                publish(store_path, generation)
                # the previous generation stays on disk (publish keeps one), and so do its blocks
                kept = {str(entry["hash"]) for entry in reused.values()}
                prune_blocks(store_path, environment, kept | set(hashes.values()))
        record_warnings = checked.warnings_with(reused, loaded)
        found = _disagreements(found, reused, loaded)
        warnings = [line for key in sorted(record_warnings) for line in record_warnings[key]]
        warnings += checked.unowned[1] + left_out
        disagreements = [line for key in sorted(found) for line in found[key] or []]
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
    record = item.record
    if record.provenance.method != "curated" or item.document_text is None:
        return []
    if not reads_as_text(record.document.path):
        return []
    from kg.extract import ExtractionError, extract_text

    try:
        extracted = extract_text(item.document_text, record.document.path)
    except ExtractionError as exc:
        return [f"{item.source}: (document): the reader could not read it: {exc}"]
    return [f"{item.source}: {line}" for line in disagreements(record, extracted)]


def _remembered_files(
    item: LoadedRecord | ReusedRecord, reused: Mapping[str, Mapping[str, object]]
) -> object:
    """What the manifest keeps of the item's files (`kg.corpus.file_facts`)."""
    if isinstance(item, LoadedRecord):
        return file_facts(item)
    files = reused[item.doc_key].get("files")
    if isinstance(files, dict) and item.refreshed:
        return {**files, **item.refreshed}
    return files


def _study_id(item: LoadedRecord | ReusedRecord) -> str:
    return item.study_id


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
    return record_hash(item.record_json, item.document_sha256, item.doc_key)


def _reusable(store_path: Path | None, environment: str) -> tuple[Path, Manifest] | None:
    """The current generation and its manifest, when a build may start from a copy of it.

    Anything doubtful (no manifest, a bad checksum, other code/ontology/shapes, a store whose
    graphs are not the ones recorded, `kg.incremental.store_matches`) means a full build: the
    cache is never trusted blindly.
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
        matches = store_matches(store, manifest, lambda key: str(graph_iri(key)))
        del store
    except OSError:
        return None
    return (generation, manifest) if matches else None


class _Checked:
    """Problem and warning lines gathered from the converted batches."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.violations: dict[str, list[str]] = {}
        self.warnings: dict[str, list[str]] = {}
        self.unowned: tuple[list[str], list[str]] = ([], [])
        self.quads: dict[str, int] = {}

    @property
    def clean(self) -> bool:
        """No problem so far: the batches may still be loaded."""
        return not self.problems and not any(self.violations.values()) and not self.unowned[0]

    def add(self, result: BatchResult) -> None:
        self.problems.extend(result.problems)
        self.violations.update(result.violations)
        self.warnings.update(result.warnings)
        self.unowned[0].extend(result.unowned[0])
        self.unowned[1].extend(result.unowned[1])
        self.quads.update(result.quads)

    def raise_problems(self) -> None:
        """BuildError with every problem of every record, in corpus order of files."""
        violations = [line for key in sorted(self.violations) for line in self.violations[key]]
        if self.problems or violations or self.unowned[0]:
            raise BuildError(*self.problems, *violations, *self.unowned[0])

    def warnings_with(
        self, reused: Mapping[str, Mapping[str, object]], loaded: Sequence[object]
    ) -> dict[str, list[str]]:
        """Warning lines per graph: this build's, else those the reused graph had."""
        lines = {key: list(found) for key, found in self.warnings.items()}
        for item in loaded:
            key = item.doc_key  # type: ignore[attr-defined]
            if key not in lines:
                lines[key] = list(reused[key].get("warnings", []))  # type: ignore[arg-type]
        return lines


def _disagreements(
    found: dict[str, list[str] | None],
    reused: Mapping[str, Mapping[str, object]],
    loaded: Sequence[LoadedRecord | ReusedRecord],
) -> dict[str, list[str] | None]:
    """Reader disagreements per graph: this build's, else those the reused graph had."""
    merged = dict(found)
    for item in loaded:
        if item.doc_key not in merged:
            merged[item.doc_key] = reused.get(item.doc_key, {}).get("disagreements")  # type: ignore[assignment]
    return merged


LOAD_CHUNK_BYTES = 128 * 1024 * 1024
"""Most N-Quads gathered before one bulk load: larger loads are faster, smaller use less disk."""
LOAD_TAIL_BYTES = 8 * 1024 * 1024
"""Least N-Quads gathered before one bulk load, towards the end of the conversion."""


class _Loader:
    """Bulk-loads N-Quads into the store in chunks, in a thread, while batches keep coming.

    Batches are written to a spool file beside the generation instead of being gathered in
    memory (at 20,000 studies a chunk in memory, its joined copy and the next chunk were
    about 0.3 GB of the build's RSS); the store's loader then reads the file itself. Its bulk
    loader releases the GIL, so this process goes on reading the workers' results during a
    load. At most one chunk is being loaded and one written.

    The last chunk is loaded after the conversion has ended, with nothing to overlap it. So a
    chunk is cut at half of what the records still to come are expected to add (from the
    bytes per record so far), between LOAD_TAIL_BYTES and LOAD_CHUNK_BYTES: chunks shrink
    towards the end, and the last is small (1,000 studies, runs interleaved: 13.0 s down to
    10.6 s).
    """

    def __init__(self, store: ox.Store, generation: Path, records: int = 0) -> None:
        self.store = store
        self.generation = generation
        self.records_left = records
        self.records_seen = 0
        self.bytes_seen = 0
        self.chunks = 0
        self.spool: BinaryIO | None = None
        self.spool_at: Path | None = None
        self.size = 0
        self.seconds = 0.0
        self.thread = ThreadPoolExecutor(1, thread_name_prefix="scikg-load")
        self.loading: Future[float] | None = None

    def __enter__(self) -> _Loader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.shutdown(wait=True)
        if self.spool is not None:  # a failed build: its chunk is not loaded
            self.spool.close()
            if self.spool_at is not None:
                self.spool_at.unlink(missing_ok=True)
            self.spool = self.spool_at = None

    def add(self, nquads: bytes, records: int = 1) -> None:
        """Spool the N-Quads of `records` records; start a load once the chunk is full."""
        if self.spool is None:
            self.chunks += 1
            self.spool_at = spool_path(self.generation, self.chunks)
            self.spool = self.spool_at.open("wb")
        self.spool.write(nquads)
        self.size += len(nquads)
        self.records_seen += records
        self.bytes_seen += len(nquads)
        self.records_left = max(0, self.records_left - records)
        if self.size >= self._chunk_target():
            self._start()

    def _chunk_target(self) -> float:
        expected = self.records_left * self.bytes_seen / max(self.records_seen, 1)
        return min(LOAD_CHUNK_BYTES, max(LOAD_TAIL_BYTES, expected / 2))

    def finish(self) -> None:
        """Load what is left and wait for every load to end (errors surface here)."""
        self._start()
        self._wait()

    def _start(self) -> None:
        self._wait()
        if self.spool is not None:
            self.spool.close()
            path, self.spool, self.spool_at, self.size = self.spool_at, None, None, 0
            self.loading = self.thread.submit(self._load, path)

    def _wait(self) -> None:
        if self.loading is not None:
            self.seconds += self.loading.result()
            self.loading = None

    def _load(self, path: Path) -> float:
        start = time.perf_counter()
        try:
            # lenient: every IRI was checked when its term was made (ox.NamedNode validates),
            # and skipping the second check makes the load about 10% faster
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
        finally:
            path.unlink(missing_ok=True)
        return time.perf_counter() - start


def _remove_graphs(store: ox.Store, graphs: Sequence[URIRef]) -> set[str]:
    """Drop the named graphs of changed and removed records; the studies and arms they named."""
    touched = _study_and_arm_nodes(store, graphs)
    for graph in graphs:
        store.remove_graph(ox.NamedNode(str(graph)))
    return touched


def _rederive(store: ox.Store, graphs: Sequence[URIRef], touched: set[str]) -> set[str]:
    """Derive again the class memberships of the studies and arms a change touched; their IRIs.

    The hierarchy part of the inferred graph depends on the ontology only (kept by an
    incremental build); memberships are retracted and derived again over every graph, since
    one study may be stated by several documents.
    """
    from kg.reason import materialize_rules, retract_memberships

    subjects = touched | _study_and_arm_nodes(store, graphs)
    retract = retract_memberships(sorted(subjects))
    if retract:
        store.update(retract)
    for update in materialize_rules(sorted(subjects)):
        store.update(update)
    return subjects


def _patched_inferred(
    store: ox.Store, previous: tuple[Path, Manifest], subjects: set[str]
) -> bytes | None:
    """The inferred graph's lines: the previous generation's, with `subjects` read again.

    When the previous lines are missing or damaged, the whole graph is read instead.
    """
    generation, manifest = previous
    graph = str(graph_iri("inferred"))
    facts = manifest.inferred
    old = read_block(str(inferred_file(generation)), facts) if facts is not None else None
    if old is None:
        return graph_lines(store, graph)
    return patched_lines(old, store, graph, subjects)


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
