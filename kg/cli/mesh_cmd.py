"""`scikg mesh`: MeSH vocabulary commands (hierarchy enrichment)."""

from __future__ import annotations

import click

from kg.mesh_enrich import enrich_command

__all__ = ["mesh"]


@click.group("mesh")
def mesh() -> None:
    """MeSH vocabulary checks and hierarchy enrichment."""


mesh.add_command(enrich_command)
