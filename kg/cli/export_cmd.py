"""`scikg export`: the whole graph in a standard RDF syntax."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli._common import STORE_OPTION

_FORMATS = ("turtle", "ntriples", "jsonld", "rdfxml")


@click.command(help="Write the whole graph (ontology, data, MeSH, inferred) in one RDF syntax.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="turtle", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="File (default stdout)."
)
@STORE_OPTION
def export(fmt: str, output: Path | None, store_path: Path) -> None:
    """Export the union of the store's graphs; the same store always gives the same bytes."""
    from kg.errors import ScikgError
    from kg.export import write_export

    if output is None:
        write_export(store_path, fmt, sys.stdout.buffer)
        sys.stdout.flush()
        return
    # written beside the target and renamed, so a failed export leaves an earlier file whole
    tmp = output.with_name(f".{output.name}.tmp")
    try:
        with tmp.open("wb") as handle:
            write_export(store_path, fmt, handle)
        tmp.replace(output)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ScikgError(f"{output}: cannot write: {exc.strerror or exc}") from exc
        raise
