"""What an incremental build may reuse: content hashes stored beside each store generation.

A generation `<store>.d/<gen>` gets a manifest `<store>.d/<gen>.manifest.json` holding the hash
of everything a record graph depends on besides the record (code, ontology, shapes), and per
named graph the hash of its record and document plus its SHACL warnings. The manifest carries a
checksum of its own body and the quad count of every named graph: a missing, half-written or
edited manifest, or a store that does not match it, is reported as unusable and the build starts
over.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.paths import ONTOLOGY_DIR, SHAPES_DIR

__all__ = [
    "MANIFEST_VERSION",
    "Manifest",
    "environment_hash",
    "graph_size",
    "manifest_path",
    "read_manifest",
    "record_hash",
    "store_matches",
    "write_manifest",
]

MANIFEST_VERSION = 3
SAMPLED_GRAPHS = 64
"""Record graphs whose size is counted again before a generation is reused (besides the list
of graph names and every graph that holds no record)."""
_PACKAGE_DIR = Path(__file__).resolve().parent


def _tree_hash(digest: hashlib._Hash, root: Path, suffixes: tuple[str, ...]) -> None:
    if not root.is_dir():
        digest.update(f"missing:{root.name}\0".encode())
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in suffixes):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def environment_hash() -> str:
    """Hash of the code, ontology and shapes: when it changes, nothing is reused."""
    digest = hashlib.sha256(f"manifest-v{MANIFEST_VERSION}\0".encode())
    _tree_hash(digest, _PACKAGE_DIR, (".py",))
    _tree_hash(digest, ONTOLOGY_DIR, (".ttl", ".owl", ".rdf", ".nt", ".yaml", ".json", ".tsv"))
    _tree_hash(digest, SHAPES_DIR, (".ttl", ".yaml", ".json"))
    return digest.hexdigest()


def record_hash(record_json: str, document_sha256: str | None, doc_key: str) -> str:
    """Hash of one record's content, its document and its graph name."""
    digest = hashlib.sha256()
    for part in (doc_key, document_sha256 or "-", record_json):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


@dataclass
class Manifest:
    """Hashes of one store generation's inputs."""

    environment: str
    quads: int
    graphs: dict[str, dict[str, object]] = field(default_factory=dict)
    """doc_key -> {"hash": record hash, "quads": quads in its named graph, "warnings": [lines],
    "disagreements": [lines] or None, "files": what `kg.corpus.file_facts` remembers of the
    record and document files}"""
    base: dict[str, int] = field(default_factory=dict)
    """Graph IRI -> quads, for the named graphs that hold no record (ontology, MeSH, inferred)."""
    inferred: dict[str, int] | None = None
    """`kg.export.block_facts` of the generation's inferred lines (`kg.store.inferred_file`),
    or None when the build kept none."""


def manifest_path(generation: Path) -> Path:
    """Where the manifest of `generation` lives (beside it, not inside RocksDB's folder)."""
    return generation.with_name(generation.name + ".manifest.json")


_HEAD = '{"checksum":"'
_BODY = '","body":'
"""A manifest file is `{"checksum":"<sha256 of the body text>","body":<body>}`."""


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_manifest(generation: Path, manifest: Manifest) -> None:
    """Write the manifest atomically (temporary file, fsync, rename)."""
    body = {
        "version": MANIFEST_VERSION,
        "environment": manifest.environment,
        "quads": manifest.quads,
        "graphs": manifest.graphs,
        "base": manifest.base,
        "inferred": manifest.inferred,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # the body goes in as written, not as an escaped string: reading checks the exact text the
    # checksum is of and parses it once (escaping 13 MB at 20,000 studies cost 0.2 s each way)
    data = f"{_HEAD}{_checksum(text)}{_BODY}{text}}}"
    target = manifest_path(generation)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)


def read_manifest(generation: Path) -> Manifest | None:
    """The manifest of `generation`, or None when it is missing, damaged or of another version."""
    try:
        data = manifest_path(generation).read_text(encoding="utf-8")
        start = len(_HEAD) + 64 + len(_BODY)
        if not (data.startswith(_HEAD) and data[start - len(_BODY) : start] == _BODY):
            return None
        text = data[start:-1]
        if not data.endswith("}") or data[len(_HEAD) : len(_HEAD) + 64] != _checksum(text):
            return None
        body = _json_without_gc(text)
        if body["version"] != MANIFEST_VERSION:
            return None
        base = {str(k): int(v) for k, v in dict(body["base"]).items()}
        facts = body.get("inferred")
        inferred = {str(k): int(v) for k, v in dict(facts).items()} if facts else None
        return Manifest(
            str(body["environment"]), int(body["quads"]), dict(body["graphs"]), base, inferred
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _json_without_gc(text: str) -> Any:
    """`json.loads` with the cyclic collector paused.

    A manifest is tens of thousands of small dicts, none in a cycle; the collector walked them
    again and again while they were made (20,000 studies: 0.13 s, 0.07 s without it).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text)
    finally:
        if enabled:
            gc.enable()


def graph_size(store: ox.Store, graph: str) -> int:
    """The number of quads in one named graph, counted inside the store."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    solution = next(iter(store.query(query)))  # type: ignore[arg-type]
    return int(solution[0].value)  # type: ignore[index,union-attr]


def store_matches(store: ox.Store, manifest: Manifest, graph_of: Callable[[str], str]) -> bool:
    """Whether `store` is the generation `manifest` describes, checked without a full scan.

    The per-graph counts must add up to the manifest's total, the store must hold exactly the
    manifest's named graphs, and every graph without a record plus a random sample of record
    graphs must have the recorded size. Counting every quad took seconds at 10 M quads, on
    every rebuild; RocksDB checksums its blocks, so damage inside a graph is found on reading.
    """
    sizes: dict[str, int] = {}
    for key, entry in manifest.graphs.items():
        count = entry.get("quads")
        if not isinstance(count, int) or isinstance(count, bool):
            return False
        sizes[graph_of(key)] = count
    if set(sizes) & set(manifest.base):
        return False
    sizes.update(manifest.base)
    if sum(sizes.values()) != manifest.quads:
        return False
    names = {graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode)}
    # a graph emptied by an update may stay listed; one with quads must be there
    if not names <= set(sizes) or any(n and g not in names for g, n in sizes.items()):
        return False
    records = sorted(set(sizes) - set(manifest.base))
    sample = random.sample(records, min(SAMPLED_GRAPHS, len(records)))
    return all(graph_size(store, graph) == sizes[graph] for graph in [*manifest.base, *sample])
