"""Where scikg finds its ontology, shapes, queries and bundled corpus, and where it writes."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "DOCUMENTS_DIR",
    "MESH_TERMS",
    "ONTOLOGY_DIR",
    "QUERIES_DIR",
    "REPO_ROOT",
    "SHAPES_DIR",
    "STUDIES_DIR",
    "default_store_path",
]

_PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_root() -> Path:
    """The checkout root when running from source, else the copy bundled in the wheel."""
    checkout = _PACKAGE_DIR.parent
    if (checkout / "ontology").is_dir() and (checkout / "queries").is_dir():
        return checkout
    return _PACKAGE_DIR / "_bundled"


REPO_ROOT = _resource_root()
ONTOLOGY_DIR = REPO_ROOT / "ontology"
SHAPES_DIR = REPO_ROOT / "shapes"
QUERIES_DIR = REPO_ROOT / "queries"
DATA_DIR = REPO_ROOT / "data"
DOCUMENTS_DIR = DATA_DIR / "documents"
STUDIES_DIR = DATA_DIR / "studies"
MESH_TERMS = ONTOLOGY_DIR / "imports" / "mesh_terms.tsv"


def default_store_path() -> Path:
    """The embedded store that `scikg build` writes: `$SCIKG_STORE`, else `./.scikg/store`."""
    env = os.environ.get("SCIKG_STORE")
    if env:
        return Path(env)
    return Path.cwd() / ".scikg" / "store"
