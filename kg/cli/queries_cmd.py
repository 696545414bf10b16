"""`scikg queries`: the saved queries with their titles and parameters."""

from __future__ import annotations

import click


@click.command(help="List the saved queries: name, title and parameters.")
@click.option("--long", "long_", is_flag=True, help="Also print each query's description.")
def queries(long_: bool) -> None:
    """One line per saved query (tab-separated when piped), sorted by name."""
    from rich.console import Console
    from rich.table import Table

    from kg.query import saved_queries

    found = saved_queries()
    console = Console()
    if not console.is_terminal:
        # plain, stable text for scripts: name, title, params
        for saved in found:
            params = ", ".join(_param_text(p) for p in saved.params)
            fields = [saved.name, saved.title, params]
            if long_:
                fields.append(saved.description)
            click.echo("\t".join(fields).rstrip("\t"))
        return
    table = Table(header_style="bold")
    for column in ("name", "title", "params") + (("description",) if long_ else ()):
        table.add_column(column, overflow="fold")
    for saved in found:
        params = ", ".join(_param_text(p) for p in saved.params)
        row = [saved.name, saved.title, params] + ([saved.description] if long_ else [])
        table.add_row(*row)
    console.print(table)


def _param_text(param) -> str:
    default = f"={param.default}" if param.default is not None else " (required)"
    return f"{param.name}:{param.type}{default}"
