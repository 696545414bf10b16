"""scikg: a knowledge graph of MSC and MSC-exosome clinical studies for spinal cord injury."""

from __future__ import annotations

from typing import Any

__all__ = ["__version__", "query"]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # imported on first use, so `import kg` stays fast; the module itself is callable
    if name == "query":
        import importlib

        return importlib.import_module("kg.query")
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
