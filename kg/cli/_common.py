"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import click

from kg.paths import default_store_path

__all__ = ["STORE_OPTION"]

STORE_OPTION = click.option(
    "--store",
    "store_path",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The embedded store (default: $SCIKG_STORE or ./.scikg/store).",
    callback=lambda _ctx, _param, value: value if value is not None else default_store_path(),
)
