"""The corpus: curated study records with the documents they were read from.

A corpus directory holds `studies/*.yaml|*.json` and `documents/`; a record's `document.path`
is relative to that directory. Problems come back as readable lines (`file: field: message`)
so a build can report every one of them at once instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kg.paths import DATA_DIR
from kg.record import RecordError, StudyRecord, load_record

__all__ = [
    "RECORD_SUFFIXES",
    "LoadedRecord",
    "check_evidence",
    "load_corpus",
    "load_curated",
]

RECORD_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class LoadedRecord:
    """A record, the file it came from and the text of its document (None when unreadable)."""

    record: StudyRecord
    source: Path
    document_text: str | None
    document_sha256: str | None = None

    @property
    def doc_key(self) -> str:
        """The document file stem: the key of the record's nodes and named graph."""
        return PurePosixPath(self.record.document.path).stem


def load_curated(
    data_dir: Path | str = DATA_DIR,
    *,
    document_dirs: Sequence[Path] = (),
    claimed: set[str] | None = None,
) -> tuple[list[LoadedRecord], list[str]]:
    """Every record under `data_dir/studies`, with its document; plus problem lines.

    `claimed` collects the document stems the records name, loaded or not, so that a document
    whose curated record has a problem is not quietly read by the reader instead.
    """
    data_dir = Path(data_dir)
    studies = data_dir / "studies"
    problems: list[str] = []
    if not studies.is_dir():
        return [], [f"{data_dir}: (corpus): no studies/ folder here"]
    loaded: list[LoadedRecord] = []
    for path in sorted(p for p in studies.iterdir() if p.suffix in RECORD_SUFFIXES):
        try:
            record = load_record(path)
        except RecordError as exc:
            problems.extend(exc.lines())
            continue
        if claimed is not None:
            claimed.add(PurePosixPath(record.document.path).stem)
        item, more = _with_document(record, path, [data_dir, *document_dirs])
        problems.extend(more)
        if item is not None:
            loaded.append(item)
    return loaded, problems


def load_corpus(dirs: Iterable[Path | str] = ()) -> tuple[list[LoadedRecord], list[str]]:
    """Records from several directories (default: the bundled `data/`).

    A directory with a `studies/` folder is a corpus; any other directory is a folder of
    documents, which also serves to find the documents of the corpora's records.
    """
    dirs = [Path(d) for d in dirs] or [DATA_DIR]
    problems = [f"{d}: (corpus): no such directory" for d in dirs if not d.is_dir()]
    corpora = [d for d in dirs if (d / "studies").is_dir()]
    document_dirs = [d for d in dirs if d.is_dir() and d not in corpora]
    loaded: list[LoadedRecord] = []
    claimed: set[str] = set()
    for corpus in corpora:
        items, more = load_curated(corpus, document_dirs=document_dirs, claimed=claimed)
        loaded.extend(items)
        problems.extend(more)
    covered = {item.doc_key for item in loaded} | claimed
    # a corpus's documents that no curated record describes are read by the reader
    for folder in [c / "documents" for c in corpora if (c / "documents").is_dir()] + document_dirs:
        items, more = _extract_folder(folder, covered)
        loaded.extend(items)
        problems.extend(more)
    problems.extend(_duplicates(loaded))
    return loaded, problems


def check_evidence(record: StudyRecord, document_text: str) -> list[tuple[str, str]]:
    """(field, message) for every evidence span whose text is not the document's text there."""
    problems: list[tuple[str, str]] = []
    for pointer, span in sorted(record.evidence.items()):
        if span.start is None or span.end is None or span.text is None:
            continue
        found = document_text[span.start : span.end]
        if found != span.text:
            problems.append(
                (
                    f"/evidence{pointer}",
                    f"span {span.start}-{span.end} is {found!r} in the document, not {span.text!r}",
                )
            )
    return problems


def _with_document(
    record: StudyRecord, source: Path, roots: Sequence[Path]
) -> tuple[LoadedRecord | None, list[str]]:
    """Find and read the record's document and check its evidence and checksum."""
    rel = PurePosixPath(record.document.path)
    candidates = [roots[0] / rel] + [root / rel.name for root in roots[1:]]
    document = next((c for c in candidates if c.is_file()), None)
    if document is None:
        return None, [f"{source}: /document/path: document not found: {record.document.path}"]
    try:
        raw = document.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{source}: /document/path: cannot read {record.document.path}: {exc}"]
    digest = hashlib.sha256(raw).hexdigest()
    problems = [f"{source}: {f}: {m}" for f, m in check_evidence(record, text)]
    if record.document.sha256 and record.document.sha256 != digest:
        problems.append(f"{source}: /document/sha256: does not match {record.document.path}")
    if problems:
        return None, problems
    return LoadedRecord(record, source, text, digest), []


def _extract_folder(folder: Path, covered: set[str]) -> tuple[list[LoadedRecord], list[str]]:
    """Records read by the extractor from documents that no curated record covers."""
    documents = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    todo = [p for p in documents if p.stem not in covered and p.name not in _NOT_DOCUMENTS]
    if not todo:
        return [], []
    structured = [p for p in todo if p.suffix.lower() in (".json", ".xml")]
    todo = [p for p in todo if p not in structured]
    loaded, problems = _read_structured(structured)
    if not todo:
        return loaded, problems
    try:
        from kg.extract import extract_document
    except ImportError:
        missing = [f"{p}: (document): no curated record and no extractor installed" for p in todo]
        return loaded, problems + missing
    for path in todo:
        try:
            record = extract_document(path)
            raw = path.read_bytes()
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: (document): cannot extract: {exc}")
            continue
        text = raw.decode("utf-8", errors="replace")
        loaded.append(LoadedRecord(record, path, text, hashlib.sha256(raw).hexdigest()))
    return loaded, problems


_NOT_DOCUMENTS = {"manifest.json", "manifest.tsv"}  # written by `scikg fetch` beside documents


def _read_structured(paths: list[Path]) -> tuple[list[LoadedRecord], list[str]]:
    """Records of registry and PubMed files (kg.sources); one problem line per bad file."""
    from kg.errors import ScikgError
    from kg.sources import read_structured, require_sci

    loaded: list[LoadedRecord] = []
    problems: list[str] = []
    for path in paths:
        try:
            found = read_structured(path)
            records = found if isinstance(found, list) else [found] if found else []
            records = [require_sci(record, path) for record in records]
            raw = path.read_bytes()
        except ScikgError as exc:
            problems.extend(exc.lines())
            continue
        except OSError as exc:
            problems.append(f"{path}: (document): cannot read: {exc}")
            continue
        text = raw.decode("utf-8", errors="replace")
        digest = hashlib.sha256(raw).hexdigest()
        loaded.extend(LoadedRecord(record, path, text, digest) for record in records)
    return loaded, problems


def _duplicates(loaded: list[LoadedRecord]) -> list[str]:
    """Two records of one document would write the same named graph."""
    first: dict[str, Path] = {}
    problems = []
    for item in loaded:
        if item.doc_key in first:
            problems.append(
                f"{item.source}: /document/path: document {item.record.document.path} "
                f"is already described by {first[item.doc_key]}"
            )
        first.setdefault(item.doc_key, item.source)
    return problems
