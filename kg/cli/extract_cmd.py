"""`scikg extract FILE`: the study record the project reads from one document."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.errors import ScikgError


def _curated_record(path: Path):
    """The curated record whose document is `path` (by file name), if the corpus has one."""
    from kg.corpus import load_curated

    loaded, _problems = load_curated()
    for item in loaded:
        if Path(item.record.document.path).name == path.name:
            return item.record
    return None


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
    """Registry JSON/XML and PubMed XML are parsed; text documents give their curated record."""
    if not file.is_file():
        raise ScikgError(f"{file}: (document): no such file")
    from kg.sources.detect import read_structured

    record = read_structured(file)
    if isinstance(record, list):
        records = record
    elif record is not None:
        records = [record]
    else:
        curated = _curated_record(file)
        if curated is None:
            raise ScikgError(
                f"{file}: (document): no curated record describes this document, and this version "
                "reads only ClinicalTrials.gov JSON/XML and PubMed XML without one"
            )
        records = [curated]
    if fmt == "json":
        data = [r.to_data() for r in records]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))
    elif fmt == "yaml":
        click.echo("---\n".join(r.to_yaml() for r in records), nl=False)
    else:
        from kg.rdf import record_graph

        for r in records:
            click.echo(record_graph(r).serialize(format="turtle"), nl=False)
