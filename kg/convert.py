"""Records -> RDF -> SHACL, batch by batch, in worker processes on every core.

Each batch of records is turned into triples, validated, and sent back as N-Quads bytes (and,
for a store, each record's Turtle block: `kg.export`) with its problem lines, so no rdflib
object crosses a process boundary and the build never holds the triples of the whole corpus.
The workers are forked before the caller opens its store, and results come back in corpus
order with only a few batches in flight, which bounds memory.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.build_shacl import Finding, check_triples, shapes_data_graph
from kg.corpus import LoadedRecord
from kg.export import turtle_block
from kg.namespaces import graph_iri
from kg.rdf import record_rdf
from kg.terms import triples_of

__all__ = ["PARALLEL_MIN_RECORDS", "SHACL_BATCH", "BatchResult", "Converter"]

SHACL_BATCH = 50
"""Records validated together: pyshacl has a large fixed cost per call."""

PARALLEL_MIN_RECORDS = 400
"""Below this many records a process pool costs more than it saves."""

IN_FLIGHT_PER_WORKER = 3
"""Batches handed to each worker ahead of the one the caller is reading."""

_POOL_ITEMS: Sequence[LoadedRecord] = ()
"""The records forked workers convert (inherited, so nothing is pickled to them)."""


@dataclass
class BatchResult:
    """One batch converted and validated: lines per record and the batch's N-Quads."""

    keys: list[str]
    problems: list[str] = field(default_factory=list)
    """Evidence that names no field (the record cannot be turned into RDF faithfully)."""
    violations: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    unowned: tuple[list[str], list[str]] = field(default_factory=lambda: ([], []))
    """Violation and warning lines whose focus node belongs to no record."""
    nquads: bytes = b""
    quads: dict[str, int] = field(default_factory=dict)
    """Quads per record's named graph (the manifest keeps them to check the store cheaply)."""
    turtle: dict[str, bytes] = field(default_factory=dict)
    """Each record graph's Turtle block (`kg.export.turtle_block`), when asked for."""


def convert_batch(
    items: Sequence[LoadedRecord], base: Graph, *, turtle: bool = False
) -> BatchResult:
    """Turn `items` into triples, validate them together against `base`, keep the lines.

    With `turtle`, each record graph's Turtle block is rendered too, here in the worker,
    so that exporting the store later need not read the graph back.
    """
    result = BatchResult([item.doc_key for item in items])
    owner: dict[object, tuple[LoadedRecord, object]] = {}
    triples: list = []
    nquads: list[bytes] = []
    for item in items:
        rdf = record_rdf(item.record, doc_key=item.doc_key, sha256=item.document_sha256)
        result.problems.extend(f"{item.source}: {f}: {m}" for f, m in rdf.problems)
        result.violations[item.doc_key] = []
        result.warnings[item.doc_key] = []
        for node in rdf.nodes:
            owner[node] = (item, rdf)
        triples.extend(rdf.triples)
        record_triples = triples_of(rdf.triples)
        ntriples = ox.serialize(record_triples, format=ox.RdfFormat.N_TRIPLES)
        nquads.append(in_graph(ntriples, graph_iri(item.doc_key)))
        if turtle:
            result.turtle[item.doc_key] = turtle_block(record_triples, ntriples)
        result.quads[item.doc_key] = len(rdf.triples)
    for finding in check_triples(base, triples):
        found = owner.get(finding.focus_node)
        line = finding_line(found, finding)
        if found is None:
            (result.unowned[0] if finding.is_violation else result.unowned[1]).append(line)
        else:
            lines = result.violations if finding.is_violation else result.warnings
            lines[found[0].doc_key].append(line)
    result.nquads = b"".join(nquads)
    return result


def in_graph(ntriples: bytes, graph: URIRef) -> bytes:
    """N-Triples as N-Quads of `graph`.

    A line ends in " ." and a newline, and nothing else does: N-Triples escapes the line
    breaks of literals. Making the quads from the lines the Turtle block is sorted by costs
    far less than building a quad object for every triple (2 µs each).
    """
    name = str(ox.NamedNode(str(graph)))  # checks the IRI, as the store's loader will not
    return ntriples.replace(b" .\n", f" {name} .\n".encode())


def finding_line(found: tuple[LoadedRecord, object] | None, finding: Finding) -> str:
    """`file: field: message (value v)`, the field found through the record's pointer table."""
    value = f" (value {finding.value})" if finding.value is not None else ""
    if found is None:
        return f"(graph): {finding.focus_node} {finding.path}: {finding.message}{value}"
    item, rdf = found
    pointer = rdf.pointer_of(finding.focus_node, finding.path)  # type: ignore[attr-defined]
    return f"{item.source}: {pointer}: {finding.message}{value}"


class Converter:
    """Batch results of `items` in order; a forked pool when there are enough of them.

    Use as a context manager: entering forks the workers and hands them the first batches,
    so open a store only after entering (a fork must not copy a live store).
    """

    def __init__(
        self,
        items: Sequence[LoadedRecord],
        study_of: Callable[[LoadedRecord], str],
        *,
        turtle: bool = False,
    ):
        self.items = items
        self.turtle = turtle
        self.batches = list(batches([(i, study_of(item)) for i, item in enumerate(items)]))
        self.workers = os.cpu_count() or 1
        self.parallel = (
            self.workers >= 2
            and len(items) >= PARALLEL_MIN_RECORDS
            and "fork" in multiprocessing.get_all_start_methods()
        )
        self.pool: ProcessPoolExecutor | None = None
        self.thaw = False
        self.pending: deque[Future[BatchResult]] = deque()
        self.next_batch = 0

    def __enter__(self) -> Converter:
        global _POOL_ITEMS
        shapes_data_graph()  # load the ontology once, before forking, so workers inherit it
        if self.parallel:
            _POOL_ITEMS = self.items
            # the records and the ontology live as long as the pool: frozen, the collector
            # stops walking them in every process and the workers stop writing to the pages
            # they share with this one (validation -14% at 1,000 records, build -11% at
            # 20,000). A caller's own frozen objects stay frozen: unfreeze takes all or none.
            self.thaw = gc.get_freeze_count() == 0
            gc.freeze()
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=context,
                initializer=_die_with_parent,
                initargs=(os.getpid(),),
            )
            self._top_up()
        return self

    def __exit__(self, *exc: object) -> None:
        global _POOL_ITEMS
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.thaw:
            gc.unfreeze()
            self.thaw = False
        _POOL_ITEMS = ()

    def _top_up(self) -> None:
        if self.pool is None:
            return
        while (
            self.next_batch < len(self.batches)
            and len(self.pending) < self.workers * IN_FLIGHT_PER_WORKER
        ):
            batch = self.batches[self.next_batch]
            self.pending.append(self.pool.submit(_convert_inherited, batch, self.turtle))
            self.next_batch += 1

    def __iter__(self) -> Iterator[BatchResult]:
        if self.pool is None:
            base = shapes_data_graph()
            for indices in self.batches:
                yield convert_batch([self.items[i] for i in indices], base, turtle=self.turtle)
            return
        while self.pending:
            result = self.pending.popleft().result()
            self._top_up()
            yield result


def batches(items: Sequence[tuple[int, str]]) -> Iterator[list[int]]:
    """Indices in batches of at most SHACL_BATCH records with distinct study ids, in order.

    `items` are (index, study id) pairs. No batch holds two records of one study, so every
    study-level constraint sees exactly one record, as if each were checked alone.
    """
    pending = list(items)
    while pending:
        batch: list[int] = []
        studies: set[str] = set()
        rest: list[tuple[int, str]] = []
        for index, study in pending:
            if len(batch) < SHACL_BATCH and study not in studies:
                batch.append(index)
                studies.add(study)
            else:
                rest.append((index, study))
        yield batch
        pending = rest


def _die_with_parent(parent: int) -> None:
    """Worker start: end when the build process ends, even by SIGKILL.

    Forked workers hold both ends of the pool's queue, so they would otherwise wait forever,
    each with a copy of the build's memory.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown still applies
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _convert_inherited(indices: list[int], turtle: bool) -> BatchResult:
    """Worker: one batch of the records inherited from the parent."""
    return convert_batch([_POOL_ITEMS[i] for i in indices], _worker_base(), turtle=turtle)


@lru_cache(maxsize=1)
def _worker_base() -> Graph:
    """The ontology graph, copied once per worker (and frozen, as in `Converter.__enter__`)."""
    base = shapes_data_graph()
    gc.freeze()
    return base
