"""The embedded on-disk store (pyoxigraph), written whole and swapped in atomically.

Layout: `<store>` is a symlink to `<store>.d/<generation>`, a complete RocksDB store. A build
writes a new generation beside the current one and swaps the link with one `rename`, so a
failed or killed build never touches the graph that queries are answering from.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ScikgError

__all__ = [
    "StoreMissingError",
    "block_file",
    "block_folder",
    "current_generation",
    "inferred_file",
    "new_generation",
    "open_store",
    "prune_blocks",
    "publish",
    "store_generations",
    "write_block",
]


class StoreMissingError(ScikgError):
    """No store has been built at the given path."""


def _generations_dir(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".d")


def open_store(store_path: Path, *, read_only: bool = True) -> ox.Store:
    """Open the current generation of the store at `store_path`."""
    target = store_path.resolve()
    if not store_path.exists() or not (target / "CURRENT").exists():
        raise StoreMissingError(
            f"{store_path}: no graph store here; run `scikg build` first (or pass --store)"
        )
    try:
        return ox.Store.read_only(str(target)) if read_only else ox.Store(str(target))
    except OSError as exc:
        raise ScikgError(f"{store_path}: cannot open the store: {exc}") from exc


def current_generation(store_path: Path) -> Path | None:
    """The generation folder `store_path` points at, or None when there is no usable one."""
    if not store_path.is_symlink():
        return None
    target = store_path.resolve()
    return target if (target / "CURRENT").exists() else None


@contextmanager
def new_generation(
    store_path: Path, copy_of: Path | None = None
) -> Iterator[tuple[ox.Store, Path]]:
    """A fresh store beside the current one (empty, or a copy of generation `copy_of`).

    Deleted again if the block raises. The copy is a RocksDB checkpoint (hard links), so
    copying a large generation costs little.
    """
    generations = _generations_dir(store_path)
    generations.mkdir(parents=True, exist_ok=True)
    path = generations / f"{time.time_ns():020d}-{os.getpid()}"
    if copy_of is not None:
        source = ox.Store.read_only(str(copy_of))
        source.backup(str(path))
        del source
    store = ox.Store(str(path))
    try:
        yield store, path
    except BaseException:
        del store
        _remove_generation(path)
        raise


def _remove_generation(path: Path, attempts: int = 20) -> None:
    """Delete a half-filled generation, retrying while the store still writes files into it.

    The caller's frames (held by the exception) may keep the store open for a moment, and
    RocksDB's background work after a bulk load can add a file between rmtree's listing and
    its final rmdir.
    """
    inferred_file(path).unlink(missing_ok=True)
    for _ in range(attempts):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.05)


def publish(store_path: Path, generation: Path, *, keep: int = 1) -> None:
    """Point `store_path` at `generation` atomically and drop older generations."""
    link_tmp = store_path.with_name(f".{store_path.name}.{os.getpid()}.link")
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    link_tmp.symlink_to(os.path.relpath(generation, store_path.parent))
    if store_path.exists() and not store_path.is_symlink():
        raise ScikgError(f"{store_path}: exists and is not a scikg store link; move it away")
    os.replace(link_tmp, store_path)
    current = generation.resolve()
    old = [g for g in store_generations(store_path) if g.resolve() != current]
    for stale in old[: max(0, len(old) - keep)]:
        shutil.rmtree(stale, ignore_errors=True)
        # the build's manifest and inferred lines beside the generation go with it
        stale.with_name(stale.name + ".manifest.json").unlink(missing_ok=True)
        inferred_file(stale).unlink(missing_ok=True)
        for spool in spool_files(stale):  # left by a killed build
            spool.unlink(missing_ok=True)


def inferred_file(generation: Path) -> Path:
    """Where a build keeps the sorted N-Triples of `generation`'s inferred graph.

    Beside the generation, like its manifest, which holds the file's size and CRC-32: an
    export merges these lines instead of reading the inferred graph back out of the store.
    """
    return generation.with_name(generation.name + ".inferred.nt")


def spool_path(generation: Path, chunk: int) -> Path:
    """Where a build writes the N-Quads of chunk `chunk` before bulk-loading it."""
    return generation.with_name(f".{generation.name}.load-{chunk}.nq")


def spool_files(generation: Path) -> list[Path]:
    """Every spool file of `generation` still on disk (`spool_path` of any chunk)."""
    return sorted(generation.parent.glob(f".{generation.name}.load-*.nq"))


def store_generations(store_path: Path) -> list[Path]:
    """All generations on disk, oldest first."""
    generations = _generations_dir(store_path)
    if not generations.is_dir():
        return []
    # generation folders are named by creation time; `blocks` is not one
    return sorted(p for p in generations.iterdir() if p.is_dir() and p.name[:1].isdigit())


def _blocks_dir(store_path: Path) -> Path:
    return _generations_dir(store_path) / "blocks"


def block_folder(store_path: Path, environment: str) -> Path:
    """Where a build keeps the Turtle blocks of its record graphs (`block_file`).

    Blocks are grouped by the environment hash, since other code or ontology may render the
    same record differently.
    """
    return _blocks_dir(store_path) / environment[:16]


def block_file(folder: str | Path, record_hash: str) -> str:
    """The block of the record graph with `record_hash`.

    Named by content, so generations share it; a string, since an export looks up 20,000.
    """
    return os.path.join(folder, record_hash + _BLOCK_SUFFIX)


_BLOCK_SUFFIX = ".ttl"


def write_block(path: str | Path, data: bytes) -> None:
    """Write a block whole or not at all (temporary file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def prune_blocks(store_path: Path, environment: str, keep: set[str]) -> None:
    """Delete the blocks of other environments and those of no record hash in `keep`."""
    root = _blocks_dir(store_path)
    if not root.is_dir():
        return
    current = environment[:16]
    for folder in root.iterdir():
        if folder.name != current:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.removesuffix(_BLOCK_SUFFIX) not in keep:
                    os.unlink(entry.path)
