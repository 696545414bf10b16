"""Structured sources: ClinicalTrials.gov (API v2 JSON, classic XML) and PubMed XML."""

from __future__ import annotations

from kg.sources._common import SourceError
from kg.sources.detect import STRUCTURED_SUFFIXES, is_structured, read_structured, require_sci

__all__ = ["STRUCTURED_SUFFIXES", "SourceError", "is_structured", "read_structured", "require_sci"]
