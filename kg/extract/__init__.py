"""The reader: plain-text study documents -> evidenced study records.

`extract_document(path)` reads a file (refusing binary, oversized or non-UTF-8 input with one
readable line); `extract_text(text)` reads text already in memory (a PubMed abstract, say).
Vocabulary comes from the ontology (kg.extract.vocabulary); values the text does not state
stay null.
"""

from __future__ import annotations

from pathlib import Path

from kg.errors import ScikgError
from kg.extract.reader import (
    READER_VERSION,
    about_sci,
    not_a_study,
    record_from_text,
    study_id,
)
from kg.record import StudyRecord

__all__ = [
    "MAX_BYTES",
    "READER_VERSION",
    "ExtractionError",
    "about_sci",
    "extract_document",
    "extract_text",
    "not_a_study",
    "study_id",
]

MAX_BYTES = 5 * 1024 * 1024
"""Larger files are refused: a study document is a few hundred kilobytes at most."""


class ExtractionError(ScikgError, ValueError):
    """A document the reader cannot read: one line naming the file and the problem."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: (document): {message}")


def _check_text(text: str, path: Path | str) -> str:
    if "\x00" in text:
        raise ExtractionError(path, "binary content (NUL bytes), not a text document")
    stripped = text.lstrip()
    if (
        stripped[:200].lower().startswith(("<!doctype html", "<html"))
        or "<body" in stripped[:2000].lower()
    ):
        raise ExtractionError(
            path, "HTML, not plain text: save the page as text (or pass the registry JSON/XML)"
        )
    return text


def extract_text(
    text: str, path: Path | str | None = None, *, document_path: str | None = None
) -> StudyRecord:
    """The study record the reader finds in `text` (an empty record when it finds nothing)."""
    name = Path(path).name if path else "text"
    _check_text(text, path or name)
    stem = Path(name).stem
    rel = document_path or (f"documents/{name}" if path else name)
    try:
        return record_from_text(text, rel, stem)
    except ValueError as exc:
        raise ExtractionError(path or name, str(exc)) from exc


def extract_document(path: Path | str, *, document_path: str | None = None) -> StudyRecord:
    """Read one text document; ExtractionError for empty, binary, huge or non-UTF-8 files."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(path, f"cannot read: {exc.strerror or exc}") from exc
    if size == 0:
        raise ExtractionError(path, "empty file")
    if size > MAX_BYTES:
        raise ExtractionError(
            path,
            f"{size / 1e6:.1f} MB is larger than the {MAX_BYTES // (1024 * 1024)} MB a study document can be",
        )
    raw = path.read_bytes()
    if b"\x00" in raw[:8192]:
        raise ExtractionError(path, "binary content (NUL bytes), not a text document")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractionError(
            path, f"not UTF-8 text (byte {exc.start}: {raw[exc.start : exc.start + 1]!r})"
        ) from exc
    if not text.strip():
        raise ExtractionError(path, "no text (only white space)")
    return extract_text(text, path, document_path=document_path)
