"""`scikg query`: run a saved query or a `.rq` file, locally or against a SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli._common import STORE_OPTION
from kg.cli.queries_cmd import queries

__all__ = ["queries", "query"]

_FORMATS = ("table", "csv", "tsv", "json")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    from kg.query import QueryError

    params: dict[str, str] = {}
    problems = []
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(f"--param {item!r}: expected KEY=VALUE")
        elif key in params:
            problems.append(f"--param {key}: given twice")
        else:
            params[key] = value
    if problems:
        raise QueryError(*problems)
    return params


@click.command(help="Run a saved query (NAME, see `scikg queries`) or a .rq file.")
@click.argument("name")
@click.option(
    "--param",
    "param_values",
    multiple=True,
    metavar="KEY=VALUE",
    help="A query parameter (repeatable).",
)
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table", show_default=True)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Ask this SPARQL 1.1 endpoint instead of the local store.",
)
@STORE_OPTION
def query(
    name: str, param_values: tuple[str, ...], fmt: str, endpoint: str | None, store_path: Path
) -> None:
    """Print the result as a table, or as W3C SPARQL 1.1 CSV, TSV or JSON results."""
    import sys

    from kg.query import load_query, run_query, run_remote
    from kg.results import format_result, to_table, vocabulary_codes

    saved = load_query(name)
    params = _params(param_values)
    store = None
    if endpoint is not None:
        result = run_remote(endpoint, saved, params)
    else:
        from kg.store import open_store

        store = open_store(store_path)
        result = run_query(store, saved, params)
    if fmt != "table":
        text = format_result(result, fmt)
        # bytes, so CSV keeps its CRLF line ends on every platform
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
        return
    from rich.console import Console

    codes = vocabulary_codes(store, result) if store is not None else {}
    console = Console()
    console.print(to_table(result, codes, title=saved.title))
    console.print(f"{len(result)} row{'s' if len(result) != 1 else ''}", style="dim")
