"""scikg: a knowledge graph of MSC and MSC-exosome clinical studies for spinal cord injury."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
