"""`scikg reason`: HermiT on the ontology; refreshes the cached inferred hierarchy."""

from __future__ import annotations

import click

from kg.errors import EXIT_NOT_CONFORMING, ScikgError


@click.command(help="Run HermiT on the ontology: consistency, unsatisfiable classes, hierarchy.")
def reason() -> None:
    """Exit 1 when the ontology is inconsistent or a class is unsatisfiable."""
    from kg.reason import inferred_graph, run_reasoner

    result = run_reasoner()
    if not result.consistent:
        raise ScikgError("ontology: inconsistent (HermiT)", exit_code=EXIT_NOT_CONFORMING)
    if result.unsatisfiable:
        raise ScikgError(
            *(f"ontology: {iri}: unsatisfiable class" for iri in result.unsatisfiable),
            exit_code=EXIT_NOT_CONFORMING,
        )
    inferred_graph(refresh=True)
    click.echo(
        f"consistent; no unsatisfiable class; {len(result.subclass_pairs)} subclass axioms inferred"
    )
