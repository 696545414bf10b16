"""`scikg mesh`: MeSH checks against MeSH 2026 and hierarchy enrichment."""

from __future__ import annotations

import click

from kg.errors import EXIT_NOT_CONFORMING, ScikgError
from kg.mesh_enrich import enrich_command

__all__ = ["mesh"]


@click.group("mesh")
def mesh() -> None:
    """MeSH vocabulary checks and hierarchy enrichment."""


@mesh.command("check")
@click.option("--write", is_flag=True, help="Regenerate ontology/imports/mesh_terms.tsv first.")
def check(write: bool) -> None:
    """Every MeSH UI used exists in MeSH 2026 with the label the project gives it."""
    from kg.mesh import check_mesh, mesh_terms, write_mesh_terms

    try:
        terms = write_mesh_terms() if write else mesh_terms()
        problems = check_mesh(terms)
    except RuntimeError as exc:
        raise ScikgError(f"mesh: {exc}", exit_code=EXIT_NOT_CONFORMING) from None
    if problems:
        raise ScikgError(*problems, exit_code=EXIT_NOT_CONFORMING)
    click.echo(f"{len(terms)} MeSH terms checked against MeSH 2026: all exist, labels match")


mesh.add_command(enrich_command)
