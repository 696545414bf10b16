"""`scikg report`: the comparisons with tables and charts as one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli._common import STORE_OPTION


@click.command(help="Write every comparison (table + SVG chart) into one self-contained HTML file.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The HTML file to write.",
)
@click.option("--title", default="scikg comparisons", show_default=True)
@STORE_OPTION
def report(output: Path, title: str, store_path: Path) -> None:
    """Render the report and say where it went."""
    from kg.report import write_report
    from kg.store import open_store

    size = write_report(open_store(store_path), output, title=title)
    click.echo(f"wrote {output} ({size} bytes)", err=True)
