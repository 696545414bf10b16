"""`scikg build`: documents and curated records -> RDF -> SHACL -> store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli._common import STORE_OPTION


@click.command(help="Documents and curated records -> RDF -> SHACL -> store.")
@click.option(
    "--docs",
    "docs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A corpus (with studies/ and documents/) or a folder of documents; repeatable. "
    "Default: the bundled data/.",
)
@STORE_OPTION
@click.option(
    "--report",
    "report",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write every disagreement between a curated record and the reader to this file "
    "('-' for stdout).",
)
@click.option(
    "--compare/--no-compare",
    default=True,
    show_default=True,
    help="Read curated documents with the reader too and count the disagreements.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def build(
    docs: tuple[Path, ...], store_path: Path, report: Path | None, compare: bool, quiet: bool
) -> None:
    """Build the store; exit 1 with one line per problem when the graph does not conform."""
    from kg.build import build as run_build

    if report is not None and not compare:
        raise click.UsageError("--report needs the comparison: drop --no-compare")
    result = run_build(docs, store_path, progress=not quiet, compare=compare)
    for line in result.warnings:
        click.echo(f"warning: {line}", err=True)
    if report is not None:
        text = "".join(f"{line}\n" for line in result.disagreements)
        if str(report) == "-":
            click.echo(text, nl=False)
        else:
            report.write_text(text, encoding="utf-8")
    if not quiet:
        hint = "" if report or not result.disagreements else " (list them with --report FILE)"
        compared = (
            f"curated/extracted disagreements: {len(result.disagreements)}{hint}  "
            if compare
            else ""
        )
        click.echo(
            f"studies: {result.studies}  documents: {result.documents}  "
            f"triples: {result.triples}  warnings: {len(result.warnings)}  "
            f"{compared}store: {result.store_path}"
        )
