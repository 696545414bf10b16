"""The corpus: curated study records with the documents they were read from.

A corpus directory holds `studies/*.yaml|*.json` and `documents/`; a record's `document.path`
is relative to that directory. Problems come back as readable lines (`file: field: message`)
so a build can report every one of them at once instead of stopping at the first.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from kg.paths import DATA_DIR
from kg.record import RecordError, StudyRecord, load_record

__all__ = [
    "RECORD_SUFFIXES",
    "LoadedRecord",
    "ReusedRecord",
    "check_evidence",
    "file_facts",
    "load_corpus",
    "load_curated",
]

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
RACY_NS = 2_000_000_000
"""A file whose status changed this close to (or after) the moment a build looked at it may have
been edited again within one timestamp tick: it is hashed next time, not trusted by status."""


@dataclass(frozen=True)
class LoadedRecord:
    """A record, the file it came from and the text of its document (None when unreadable).

    The record is kept as its JSON text and parsed again whenever `record` is read: a parsed
    record takes about 47 kB, its JSON about 5 kB, and CPython does not give the memory of
    freed records back to the system, so a corpus held parsed would stay in the build's
    RSS (0.9 GB at 20,000 studies) however early it was let go.
    """

    record_json: str
    """`StudyRecord.model_dump_json()`: also what the record's content hash is of."""
    source: Path
    document_text: str | None
    document_sha256: str | None = None
    source_sha256: str | None = None
    """Of the record file's bytes (None when the record was read from the document itself)."""
    source_stat: list[int] | None = None
    document_stat: list[int] | None = None
    seen_ns: int | None = None
    """When the files' status was taken, just before they were read (see `RACY_NS`)."""
    study_id: str = ""
    document_path: str = ""

    @classmethod
    def of(
        cls, record: StudyRecord, source: Path, document_text: str | None, **facts: object
    ) -> LoadedRecord:
        """Keep `record` (as JSON) with its source file, document text and file facts."""
        return cls(
            record.model_dump_json(),
            source,
            document_text,
            study_id=record.id,
            document_path=record.document.path,
            **facts,  # type: ignore[arg-type]
        )

    @property
    def record(self) -> StudyRecord:
        """The record, parsed from its JSON (a new object on every call: keep it if reused)."""
        return StudyRecord.model_validate_json(self.record_json)

    @property
    def doc_key(self) -> str:
        """The document file stem: the key of the record's nodes and named graph."""
        return _stem(self.document_path)


@dataclass(frozen=True)
class ReusedRecord:
    """A record an earlier build read, whose file and document bytes have not changed since.

    An incremental build neither parses nor checks it again; its graph is already in the store.
    """

    source: str
    """The record file as the corpus listing names it (a string: 20,000 paths cost 0.3 s)."""
    doc_key: str
    study_id: str
    document_path: str
    refreshed: dict[str, object] | None = None
    """New file statuses, when the old ones were too close to their look to be trusted and the
    bytes were hashed instead: remembered, the next build need not hash them again."""


def file_facts(item: LoadedRecord) -> dict[str, object]:
    """What a build remembers of a loaded record so that the next one can skip reading it."""
    return {
        "source": str(item.source.parent.resolve() / item.source.name),
        "source_sha256": item.source_sha256,
        "source_stat": item.source_stat,
        "document": item.document_path,
        "document_sha256": item.document_sha256,
        "document_stat": item.document_stat,
        "seen_ns": item.seen_ns,
        "study": item.study_id,
    }


def _stat(path: str | Path) -> list[int] | None:
    """Size, modification and change times and inode: what changes when the bytes change."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _same_bytes(path: str | Path, stat: object, sha256: object, seen_ns: object) -> bool:
    """Whether `path` still holds the bytes an earlier build hashed to `sha256`.

    As git and make do, an unchanged status is trusted without reading the file, unless the
    status changed within `RACY_NS` of the moment it was taken; then the bytes are hashed.
    """
    return _trusted(_stat(path), stat, seen_ns) or _sha256(path) == sha256


def _trusted(now: list[int] | None, stat: object, seen_ns: object) -> bool:
    """Whether the status `now` is the remembered `stat`, taken long enough after its change."""
    if now is None or now != stat or not isinstance(seen_ns, int):
        return False
    return max(now[1], now[2]) < seen_ns - RACY_NS


def load_curated(
    data_dir: Path | str = DATA_DIR,
    *,
    document_dirs: Sequence[Path] = (),
    claimed: set[str] | None = None,
    known: Mapping[str, Mapping[str, object]] | None = None,
) -> tuple[list[LoadedRecord | ReusedRecord], list[str]]:
    """Every record under `data_dir/studies`, with its document; plus problem lines.

    `claimed` collects the document stems the records name, loaded or not, so that a document
    whose curated record has a problem is not quietly read by the reader instead. `known` maps
    record files to their `file_facts` from an earlier build: a file whose bytes and document
    bytes still match comes back as a `ReusedRecord`, unread.
    """
    data_dir = Path(data_dir)
    studies = data_dir / "studies"
    problems: list[str] = []
    if not studies.is_dir():
        return [], [f"{data_dir}: (corpus): no studies/ folder here"]
    loaded: list[LoadedRecord | ReusedRecord] = []
    roots = [data_dir, *document_dirs]
    listing = _Listing()
    resolved = str(studies.resolve())  # once: `file_facts` keys files by resolved folder
    listed = str(studies)
    for name in _file_names(studies, RECORD_SUFFIXES):
        facts = known.get(os.path.join(resolved, name)) if known else None
        # strings until a file must be read: this runs for every record on every rebuild
        reused = _unchanged(os.path.join(listed, name), facts, roots, listing) if facts else None
        if reused is not None:
            if claimed is not None:
                claimed.add(reused.doc_key)
            loaded.append(reused)
            continue
        path = studies / name
        try:
            # status and hash taken before parsing: a file edited in between looks changed
            seen_ns, source_stat = time.time_ns(), _stat(path)
            source_sha256 = _sha256(path)
            record = load_record(path)
        except OSError as exc:
            problems.append(f"{path}: (file): cannot read: {exc}")
            continue
        except RecordError as exc:
            problems.extend(exc.lines())
            continue
        if claimed is not None:
            claimed.add(PurePosixPath(record.document.path).stem)
        item, more = _with_document(record, path, roots, listing)
        problems.extend(more)
        if item is not None:
            loaded.append(
                replace(item, source_sha256=source_sha256, source_stat=source_stat, seen_ns=seen_ns)
            )
    return loaded, problems


def load_corpus(
    dirs: Iterable[Path | str] = (),
    known: Mapping[str, Mapping[str, object]] | None = None,
    left_out: list[str] | None = None,
) -> tuple[list[LoadedRecord | ReusedRecord], list[str]]:
    """Records from several directories (default: the bundled `data/`).

    A directory with a `studies/` folder is a corpus; any other directory is a folder of
    documents, which also serves to find the documents of the corpora's records. With `known`
    (see `load_curated`), files unchanged since an earlier build come back as `ReusedRecord`.
    Documents that cannot be a spinal cord injury study in the graph (a review, an animal study,
    another condition, no arm) are named in `left_out`: a warning, not a problem.
    """
    left_out = [] if left_out is None else left_out
    dirs = [Path(d) for d in dirs] or [DATA_DIR]
    problems = [f"{d}: (corpus): no such directory" for d in dirs if not d.is_dir()]
    corpora = [d for d in dirs if (d / "studies").is_dir()]
    document_dirs = [d for d in dirs if d.is_dir() and d not in corpora]
    loaded: list[LoadedRecord | ReusedRecord] = []
    claimed: set[str] = set()
    for corpus in corpora:
        items, more = load_curated(
            corpus, document_dirs=document_dirs, claimed=claimed, known=known
        )
        loaded.extend(items)
        problems.extend(more)
    covered = {item.doc_key for item in loaded} | claimed
    # a corpus's documents that no curated record describes are read by the reader
    for folder in [c / "documents" for c in corpora if (c / "documents").is_dir()] + document_dirs:
        items, more = _extract_folder(folder, covered, known or {}, left_out)
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


def _unchanged(
    path: str, facts: Mapping[str, object], roots: Sequence[Path], listing: _Listing
) -> ReusedRecord | None:
    """`path` as a ReusedRecord when its bytes and its document's bytes are those of `facts`."""
    rel = str(facts.get("document") or "")
    document = _document_of(rel, roots, listing) if rel else None
    if document is None:
        return None
    seen, looked = facts.get("seen_ns"), time.time_ns()
    source_stat, document_stat = _stat(path), _stat(document)
    trusted = _trusted(source_stat, facts.get("source_stat"), seen) and _trusted(
        document_stat, facts.get("document_stat"), seen
    )
    refreshed = None
    if not trusted:
        try:
            if _sha256(path) != facts.get("source_sha256"):
                return None
            if _sha256(document) != facts.get("document_sha256"):
                return None
        except OSError:
            return None  # read again the normal way, which reports the problem
        # the statuses were taken before the bytes were hashed, so they are safe to remember
        refreshed = {"source_stat": source_stat, "document_stat": document_stat, "seen_ns": looked}
    return ReusedRecord(path, _stem(rel), str(facts.get("study")), rel, refreshed)


def _stem(rel_path: str) -> str:
    """`PurePosixPath(rel_path).stem`, without building a path."""
    return os.path.splitext(rel_path.rpartition("/")[2])[0]


def _unchanged_document(path: Path, facts: Mapping[str, object]) -> ReusedRecord | None:
    """A document the reader read in an earlier build, when its bytes are still the same."""
    rel = str(facts.get("document") or "")
    try:
        same = bool(rel) and facts.get("source_sha256") is None
        stat, sha256 = facts.get("document_stat"), facts.get("document_sha256")
        if not same or not _same_bytes(path, stat, sha256, facts.get("seen_ns")):
            return None
    except OSError:
        return None
    return ReusedRecord(str(path), _stem(rel), str(facts.get("study")), rel)


def _sha256(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class _Listing:
    """File names per folder, listed once: a corpus of 20,000 records asks for each document."""

    def __init__(self) -> None:
        self._names: dict[str, frozenset[str]] = {}

    def has_file(self, folder: str, name: str) -> bool:
        if folder not in self._names:
            try:
                with os.scandir(folder) as entries:
                    self._names[folder] = frozenset(e.name for e in entries if e.is_file())
            except OSError:
                self._names[folder] = frozenset()
        return name in self._names[folder]


def _file_names(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """The names of the files of `folder` (not hidden), sorted; `suffixes` keeps those only."""
    with os.scandir(folder) as entries:
        return sorted(
            e.name
            for e in entries
            if e.is_file()
            and not e.name.startswith(".")
            and (suffixes is None or os.path.splitext(e.name)[1] in suffixes)
        )


def _document_of(rel_path: str, roots: Sequence[Path], listing: _Listing) -> str | None:
    """The document a record names: under its corpus, else by file name in the other folders."""
    # strings, not paths: this runs once per record of the corpus on every build
    head, _, name = rel_path.rpartition("/")
    folders = [os.path.join(roots[0], head) if head else str(roots[0])]
    folders += [str(root) for root in roots[1:]]
    found = next((folder for folder in folders if listing.has_file(folder, name)), None)
    return None if found is None else os.path.join(found, name)


def _with_document(
    record: StudyRecord, source: Path, roots: Sequence[Path], listing: _Listing
) -> tuple[LoadedRecord | None, list[str]]:
    """Find and read the record's document and check its evidence and checksum."""
    document = _document_of(record.document.path, roots, listing)
    if document is None:
        return None, [f"{source}: /document/path: document not found: {record.document.path}"]
    try:
        stat = _stat(document)
        raw = Path(document).read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{source}: /document/path: cannot read {record.document.path}: {exc}"]
    digest = hashlib.sha256(raw).hexdigest()
    problems = [f"{source}: {f}: {m}" for f, m in check_evidence(record, text)]
    if record.document.sha256 and record.document.sha256 != digest:
        problems.append(f"{source}: /document/sha256: does not match {record.document.path}")
    if problems:
        return None, problems
    return LoadedRecord.of(record, source, text, document_sha256=digest, document_stat=stat), []


def _extract_folder(
    folder: Path,
    covered: set[str],
    known: Mapping[str, Mapping[str, object]],
    left_out: list[str],
) -> tuple[list[LoadedRecord | ReusedRecord], list[str]]:
    """Records read by the extractor from documents that no curated record covers.

    A document that gives no spinal cord injury study (a review, an animal study, a text without
    a product or about another condition) is left out and named in `left_out`: one such file
    must not stop the build of the others.
    """
    names = [
        name
        for name in _file_names(folder)
        if os.path.splitext(name)[0] not in covered and name not in _NOT_DOCUMENTS
    ]
    if not names:
        return [], []
    structured = [folder / n for n in names if os.path.splitext(n)[1].lower() in (".json", ".xml")]
    todo = [folder / n for n in names if os.path.splitext(n)[1].lower() not in (".json", ".xml")]
    structured_records, problems = _read_structured(structured, left_out)
    loaded: list[LoadedRecord | ReusedRecord] = list(structured_records)
    if not todo:
        return loaded, problems
    try:
        from kg.extract import about_sci, extract_document, not_a_study
    except ImportError:
        missing = [f"{p}: (document): no curated record and no extractor installed" for p in todo]
        return loaded, problems + missing
    resolved = str(folder.resolve())
    for path in todo:
        facts = known.get(os.path.join(resolved, path.name)) if known else None
        reused = _unchanged_document(path, facts) if facts else None
        if reused is not None:
            loaded.append(reused)
            continue
        try:
            # before reading: an edit in between looks changed next time
            seen_ns, stat = time.time_ns(), _stat(path)
            raw = path.read_bytes()
            record = extract_document(path)
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: (document): cannot extract: {exc}")
            continue
        text = raw.decode("utf-8", errors="replace")
        why = None
        if not record.arms:  # no study the graph can hold (SHACL asks for an arm)
            why = not_a_study(text) or "the reader found no product or arm in it"
        elif not about_sci(text):  # the graph states every study's condition as SCI
            why = "not a spinal cord injury study (the text names none)"
        if why:
            left_out.append(f"{path}: (document): {why}: left out of the graph")
            continue
        digest = hashlib.sha256(raw).hexdigest()
        loaded.append(
            LoadedRecord.of(
                record, path, text, document_sha256=digest, document_stat=stat, seen_ns=seen_ns
            )
        )
    return loaded, problems


_NOT_DOCUMENTS = {"manifest.json", "manifest.tsv"}  # written by `scikg fetch` beside documents


def _read_structured(
    paths: list[Path], left_out: list[str]
) -> tuple[list[LoadedRecord], list[str]]:
    """Records of registry and PubMed files (kg.sources); one problem line per bad file.

    A record of another condition than spinal cord injury is named in `left_out`.
    """
    from kg.errors import ScikgError
    from kg.sources import read_structured, require_sci

    loaded: list[LoadedRecord] = []
    problems: list[str] = []
    for path in paths:
        try:
            found = read_structured(path)
            raw = path.read_bytes()
        except ScikgError as exc:
            problems.extend(exc.lines())
            continue
        except OSError as exc:
            problems.append(f"{path}: (document): cannot read: {exc}")
            continue
        records = found if isinstance(found, list) else [found] if found else []
        text = raw.decode("utf-8", errors="replace")
        digest = hashlib.sha256(raw).hexdigest()
        for record in records:
            try:
                require_sci(record, path)
            except ScikgError as exc:
                left_out.extend(exc.lines())
                continue
            if not record.arms:  # a review, an animal study, an abstract without a product
                left_out.append(
                    f"{path}: (document): {record.id}: no arm or product in the record: "
                    "left out of the graph"
                )
                continue
            loaded.append(LoadedRecord.of(record, path, text, document_sha256=digest))
    return loaded, problems


def _duplicates(loaded: Sequence[LoadedRecord | ReusedRecord]) -> list[str]:
    """Two records of one document would write the same named graph."""
    first: dict[str, str | Path] = {}
    problems = []
    for item in loaded:
        if item.doc_key in first:
            problems.append(
                f"{item.source}: /document/path: document {_document_path(item)} "
                f"is already described by {first[item.doc_key]}"
            )
        first.setdefault(item.doc_key, item.source)
    return problems


def _document_path(item: LoadedRecord | ReusedRecord) -> str:
    return item.document_path
