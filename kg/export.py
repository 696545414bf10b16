"""The whole graph (every named graph of the store merged) in a standard RDF syntax.

Output is byte-identical for the same store: triples are sorted and blank nodes (only the
ontology's OWL axioms and lists have them) are relabelled from their surroundings, so two
builds of the same inputs export the same bytes even though the store labels blank nodes
randomly.

Turtle is written graph by graph: the prefixes, then the graphs that hold no record (ontology,
MeSH, inferred, and any other) merged and sorted, then one sorted block per record graph in
order of graph IRI. A build renders each record's block in its workers and keeps it by content
hash (`kg.store.block_file`), so exporting a built store copies those blocks instead of reading
millions of quads back out of the store. The build also keeps the inferred graph's sorted
N-Triples lines (`kg.store.inferred_file`), which the shared part merges instead of reading
tens of thousands of memberships out of the store. A triple stated in two graphs appears in
both parts.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
import rdflib

from kg.namespaces import PREFIXES, bind_prefixes, graph_iri, is_record_graph
from kg.terms import rdflib_term

__all__ = [
    "FORMATS",
    "KeptBlocks",
    "block_facts",
    "export_bytes",
    "graph_lines",
    "graph_triples",
    "kept_blocks",
    "patched_lines",
    "read_block",
    "to_rdflib",
    "turtle_block",
    "turtle_chunks",
    "write_export",
]

FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")

# rdflib's RDF/XML writer walks subjects through a set (hash order), so RDF/XML comes from
# pyoxigraph's streaming writer, which keeps the sorted order; JSON-LD comes from rdflib.
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_RDFLIB_FORMATS = {"jsonld": "json-ld"}
_PREFIXES = dict(PREFIXES)


def graph_triples(store: ox.Store) -> list[ox.Triple]:
    """The union of all graphs as sorted triples with stable blank-node labels."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store}
    labels = _blank_labels(triples)
    if labels:
        triples = {_relabel(t, labels) for t in triples}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def export_bytes(store: ox.Store, fmt: str = "turtle") -> bytes:
    """The serialisation of the whole graph in `fmt` (one of FORMATS)."""
    if fmt == "turtle":
        return b"".join(turtle_chunks(store))
    if fmt in _OX_FORMATS:
        lines = sorted_ntriples_lines(store)
        if fmt == "ntriples":
            return b"".join(line + b"\n" for line in lines)
        triples = ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)
        return ox.serialize(triples, format=_OX_FORMATS[fmt], prefixes=_PREFIXES)
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


def sorted_ntriples_lines(store: ox.Store, query: str = _UNION) -> list[bytes]:
    """The N-Triples lines (without newline) of `graph_triples(store)`, in the same order.

    The store writes the union of its graphs (or what `query` constructs) as N-Triples itself
    (no Python object per triple); only lines with blank nodes are parsed, to relabel them as
    `graph_triples` does. Sorting the lines as bytes gives the order of `graph_triples`
    (sorted by the N-Triples forms of subject, predicate, object): no complete term is a
    prefix of another term followed by a space or a control character, and UTF-8 byte order
    is code point order.
    """
    data = store.query(query).serialize(format=ox.RdfFormat.N_TRIPLES)
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
    return _distinct_sorted(lines)


def _distinct_sorted(lines: list[bytes]) -> list[bytes]:
    """The lines sorted, each once (the same triple may be stated in several graphs)."""
    lines.sort()
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def graph_lines(store: ox.Store, graph: str) -> bytes | None:
    """The sorted N-Triples of one named graph, each line once, or None if it has blank nodes.

    The store writes them itself (no Python object per triple). Blank nodes are refused
    because an export labels them over the union of graphs (`sorted_ntriples_lines`); a
    literal that merely contains `_:` is refused too, which only costs the shortcut.
    """
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return None if b"_:" in data else _joined(_distinct_sorted(data.splitlines()))


def patched_lines(old: bytes, store: ox.Store, graph: str, subjects: Iterable[str]) -> bytes | None:
    """`graph_lines(store, graph)` when only triples about `subjects` changed since `old`.

    The lines of `old` about other subjects are kept; those about `subjects` are read from the
    store again. An incremental build re-derives the memberships of a few studies this way
    instead of dumping the whole inferred graph.
    """
    wanted = {f"<{s}>".encode() for s in subjects}
    kept = [line for line in old.splitlines() if line[: line.find(b" ")] not in wanted]
    name = ox.NamedNode(graph)
    fresh = [
        q.triple
        for subject in sorted(wanted)
        for q in store.quads_for_pattern(ox.NamedNode(subject[1:-1].decode()), None, None, name)
    ]
    data = ox.serialize(fresh, format=ox.RdfFormat.N_TRIPLES) if fresh else b""
    if b"_:" in data:
        return None
    return _joined(_distinct_sorted(kept + data.splitlines()))


def _joined(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


@dataclass
class KeptBlocks:
    """What a generation's manifest lists: its record graphs with their blocks, and the rest."""

    records: dict[str, tuple[str, dict[str, int]] | None]
    """Record graph IRI -> (block file, its block_facts), or None when no block was kept."""
    shared: list[str]
    """The named graphs that hold no record."""
    inferred: tuple[str, dict[str, int]] | None = None
    """(file, its block_facts) of the inferred graph's lines, when the build kept them."""


def write_export(store_path: Path, fmt: str, out: BinaryIO) -> None:
    """Write the export of the store at `store_path` to `out`.

    Turtle copies the record blocks the build kept; a block that is missing or whose size or
    CRC-32 differs from its manifest's is rendered from the store again: the bytes are the same.
    """
    from kg.store import open_store

    store = open_store(store_path)
    if fmt != "turtle":
        out.write(export_bytes(store, fmt))
        return
    for chunk in turtle_chunks(store, kept_blocks(store_path)):
        out.write(chunk)


def block_facts(block: bytes) -> dict[str, int]:
    """What the manifest keeps of a block to check it before an export trusts it."""
    return {"bytes": len(block), "crc32": zlib.crc32(block)}


def kept_blocks(store_path: Path) -> KeptBlocks | None:
    """The blocks of the current generation, or None when it has no usable manifest.

    A published generation is never written to again, so its graphs are the ones its manifest
    lists (a rebuild checks that, `kg.incremental.store_matches`); each block is checked
    against its facts when it is read.
    """
    from kg.incremental import read_manifest
    from kg.store import block_file, block_folder, current_generation, inferred_file

    generation = current_generation(store_path)
    manifest = read_manifest(generation) if generation is not None else None
    if manifest is None:
        return None
    folder = block_folder(store_path, manifest.environment)
    records: dict[str, tuple[str, dict[str, int]] | None] = {}
    for key, entry in manifest.graphs.items():
        facts, digest = entry.get("turtle"), entry.get("hash")
        ok = isinstance(facts, dict) and isinstance(digest, str)
        records[str(graph_iri(key))] = (block_file(folder, digest), facts) if ok else None
    inferred = None
    if manifest.inferred is not None and generation is not None:
        inferred = (str(inferred_file(generation)), manifest.inferred)
    return KeptBlocks(records, sorted(manifest.base), inferred)


def turtle_chunks(store: ox.Store, kept: KeptBlocks | None = None) -> Iterator[bytes]:
    """The Turtle export of `store` in pieces; `kept` lists the blocks a build rendered."""
    shared, records = (kept.shared, kept.records) if kept else _partition(store)
    inferred = read_block(*kept.inferred) if kept and kept.inferred else None
    if inferred is not None:
        shared = [g for g in shared if g != str(graph_iri("inferred"))]
    yield turtle_header()
    yield _union_body(store, shared, inferred)
    for name in sorted(records):
        block = records[name]
        data = read_block(*block) if block is not None else None
        if data is None:
            graph = ox.NamedNode(name)
            data = turtle_block(q.triple for q in store.quads_for_pattern(None, None, None, graph))
        yield data


def turtle_header() -> bytes:
    """The @prefix lines every Turtle export starts with, in a fixed order."""
    lines = [f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(_PREFIXES.items())]
    return "".join(lines).encode("utf-8")


def turtle_block(triples: Iterable[ox.Triple], ntriples: bytes | None = None) -> bytes:
    """One record graph's triples as sorted Turtle without @prefix lines (see turtle_header).

    `ntriples`, when the caller has it already, is `triples` serialised as N-Triples.
    """
    triples = list(triples)
    if ntriples is None:
        ntriples = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    # sorted by their N-Triples lines: comparing bytes is several times faster than term keys
    lines = ntriples.split(b"\n")
    ordered = [t for _, t in sorted(zip(lines, triples, strict=False), key=itemgetter(0))]
    data = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    return _without_prefix_lines(data)


def _partition(store: ox.Store) -> tuple[list[str], dict[str, None]]:
    """(graphs merged into the shared part, record graphs) of a store without a manifest.

    Graphs named by blank nodes are merged into the shared part, named "" there.
    """
    shared, records = [], {}
    for graph in store.named_graphs():
        if not isinstance(graph, ox.NamedNode):
            shared.append("")
        elif is_record_graph(graph.value) and not _has_blank_node(store, graph):
            records[graph.value] = None
        else:  # blank nodes may be shared between graphs: they are labelled over the union
            shared.append(graph.value)
    return shared, records


def _has_blank_node(store: ox.Store, graph: ox.NamedNode) -> bool:
    return any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        for q in store.quads_for_pattern(None, None, None, graph)
    )


def _union_body(store: ox.Store, graphs: list[str], lines: bytes | None = None) -> bytes:
    """The default graph, `graphs` and N-Triples `lines` merged and sorted, as Turtle.

    Without @prefix lines; `lines` must hold no blank node (`graph_lines`).
    """
    values = " ".join(sorted({f"<{g}>" for g in graphs if g}))
    named = f" UNION {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}" if values else ""
    if "" in graphs:
        named += " UNION { GRAPH ?g { ?s ?p ?o } FILTER(isBlank(?g)) }"
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }}{named} }}"
    merged = sorted_ntriples_lines(store, query)
    if lines:
        merged.extend(lines.splitlines())
        merged = _distinct_sorted(merged)
    triples = ox.parse(b"\n".join(merged), format=ox.RdfFormat.N_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    return _without_prefix_lines(data)


def read_block(path: str, facts: dict[str, int]) -> bytes | None:
    """The block at `path` if it is whole and unchanged (CRC-32: 0.2 s for 540 MB)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data if block_facts(data) == facts else None


def _without_prefix_lines(data: bytes) -> bytes:
    """Turtle without the @prefix lines pyoxigraph writes first."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]


def to_rdflib(triples: list[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph of the triples, inserted in the given order, blank labels kept."""
    graph = rdflib.Graph()
    for t in triples:
        graph.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
    return graph


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
