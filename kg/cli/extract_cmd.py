"""`scikg extract FILE`: the study record the project reads from one document."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.errors import ScikgError


@click.command(help="Print the study record read from one document (changes no store).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml", "turtle"]),
    default="json",
    show_default=True,
)
def extract(file: Path, fmt: str) -> None:
    """Registry JSON/XML and PubMed XML are parsed; any other file goes through the reader."""
    if not file.is_file():
        raise ScikgError(f"{file}: (document): no such file")
    from kg.sources.detect import read_structured

    found = read_structured(file)
    if isinstance(found, list):
        records = found
    elif found is not None:
        records = [found]
    else:
        from kg.extract import extract_document

        records = [extract_document(file)]
    if fmt == "json":
        data = [r.to_data() for r in records]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    elif fmt == "yaml":
        click.echo("---\n".join(r.to_yaml() for r in records), nl=False)
    else:
        from kg.rdf import record_graph

        for r in records:
            click.echo(record_graph(r).serialize(format="turtle"), nl=False)
