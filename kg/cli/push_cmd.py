"""`scikg push`: load the graph into another SPARQL engine, one named graph per document."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kg.cli._common import STORE_OPTION


@click.command(
    help="Replace the store's named graphs in another engine through its SPARQL 1.1 Update "
    "endpoint (--update) or its Graph Store Protocol endpoint (--gsp)."
)
@click.option("--update", metavar="URL", help="SPARQL 1.1 Update endpoint.")
@click.option("--gsp", metavar="URL", help="Graph Store Protocol endpoint (PUT ?graph=IRI).")
@click.option(
    "--graph",
    "graphs",
    multiple=True,
    metavar="IRI",
    help="Push only this named graph (repeatable; default: every named graph).",
)
@click.option("--user", help="User for HTTP Basic/Digest authentication.")
@click.option(
    "--password",
    help="Password (default: $SCIKG_PUSH_PASSWORD).",
    default=lambda: os.environ.get("SCIKG_PUSH_PASSWORD"),
    show_default=False,
)
@click.option(
    "--chunk",
    default=5000,
    show_default=True,
    type=click.IntRange(1),
    help="Triples per INSERT DATA request.",
)
@STORE_OPTION
def push(
    update: str | None,
    gsp: str | None,
    graphs: tuple[str, ...],
    user: str | None,
    password: str | None,
    chunk: int,
    store_path: Path,
) -> None:
    """Push and print a one-line summary on stderr."""
    from kg.namespaces import graph_iri
    from kg.push import PushError, push_graphs
    from kg.store import open_store

    if (update is None) == (gsp is None):
        raise PushError("give exactly one of --update URL or --gsp URL")
    # a bare name (`fx-cells-it`, `ontology`) means that scikg graph
    wanted = [g if ":" in g else str(graph_iri(g)) for g in graphs]
    result = push_graphs(
        open_store(store_path),
        update=update,
        gsp=gsp,
        graphs=wanted,
        user=user,
        password=password,
        chunk=chunk,
    )
    click.echo(
        f"pushed {len(result.graphs)} graphs, {result.triples} triples to {result.endpoint} "
        f"in {result.requests} requests, {result.seconds:.2f} s",
        err=True,
    )
