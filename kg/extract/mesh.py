"""MeSH headings listed on a PubMed page ("MeSH terms": `Spinal Cord Injuries / therapy*`)."""

from __future__ import annotations

import re
from typing import Any

from kg.extract.text import Evidence
from kg.mesh import CHECK_TAGS

__all__ = ["read_mesh"]

_CHECK_TAGS = {label.lower(): ui for ui, label in CHECK_TAGS.items()}
_HEAD = re.compile(r"^\s*MeSH terms\s*$", re.I | re.M)
_ITEM = re.compile(r"^[ \t]*[•*·-][ \t]*(?P<body>[^\n]+?)[ \t]*$", re.M)


def _qualifier(label: str) -> str | None:
    from kg.sources.mesh_labels import qualifier_for_label

    return qualifier_for_label(label)


def read_mesh(text: str, ev: Evidence) -> list[dict[str, Any]]:
    """Descriptor (and qualifier) UIs of the listed headings, looked up in the MeSH vocabulary.

    A heading whose label is not a MeSH descriptor is left out rather than guessed.
    """
    from kg.sources.mesh_labels import descriptor_for_label

    head = _HEAD.search(text)
    if not head:
        return []
    headings: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    position = head.end()
    while True:
        match = (
            _ITEM.match(text, text.find("\n", position) + 1)
            if text.find("\n", position) >= 0
            else None
        )
        if match is None:
            gap = re.match(r"\n[ \t]*(?=\n)", text[position:])
            if gap and position < len(text):
                position += gap.end()
                if re.match(r"\n[ \t]*[•*·-]", text[position:]):
                    continue
            break
        body = match.group("body")
        parts = [p.strip() for p in body.split(" / ")]
        major = any(p.endswith("*") for p in parts)
        descriptor_label = parts[0].rstrip("*").strip()
        descriptor = descriptor_for_label(descriptor_label) or _CHECK_TAGS.get(
            descriptor_label.lower()
        )
        position = match.end()
        if descriptor is None:
            continue
        qualifier = None
        if len(parts) > 1:
            qualifier = _qualifier(parts[1].rstrip("*").strip())
        key = (descriptor, qualifier)
        if key in seen:
            continue
        seen.add(key)
        index = len(headings)
        headings.append({"descriptor": descriptor, "qualifier": qualifier, "major": major})
        ev.add(f"/mesh/{index}", match.start("body"), match.end("body"))
    return headings
