"""`scikg serve`: SPARQL 1.1 Protocol endpoint at /sparql plus the web pages."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli._common import STORE_OPTION


@click.command(help="SPARQL 1.1 endpoint at /sparql and web pages over the store (read-only).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run before it is stopped (HTTP 503).",
)
@click.option(
    "--max-rows",
    default=10000,
    show_default=True,
    type=click.IntRange(1),
    help="Largest answer (rows or triples); larger ones are refused (HTTP 413).",
)
@click.option(
    "--workers",
    default=0,
    type=click.IntRange(0, 64),
    help="Query worker processes (default: one per core, at least 2).",
)
@click.option(
    "--max-memory",
    "max_memory",
    default=4096,
    show_default=True,
    type=click.IntRange(0),
    help="Address-space limit of each query worker in MB (0: none); over it, HTTP 503.",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="HOST",
    help="Allow SERVICE calls to this host (repeatable); all are refused by default.",
)
@click.option(
    "--docs",
    "docs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Corpus folder whose documents the study pages show (default: the bundled data/).",
)
@STORE_OPTION
def serve(
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    workers: int,
    max_memory: int,
    allow_service: tuple[str, ...],
    docs: tuple[Path, ...],
    store_path: Path,
) -> None:
    """Serve the SPARQL endpoint and the web pages until Ctrl-C or SIGTERM."""
    from kg.serve.app import ServeOptions, serve_forever
    from kg.store import open_store

    open_store(store_path)  # a missing store is a readable error now, not a 503 later
    options = ServeOptions(
        store_path=store_path,
        docs=list(docs),
        timeout=timeout,
        max_rows=max_rows,
        workers=workers,
        max_memory_mb=max_memory,
        allow_service=frozenset(h.lower() for h in allow_service),
    )

    def ready(server: object) -> None:
        bound_host, bound_port = server.server_address[:2]  # type: ignore[attr-defined]
        click.echo(
            f"scikg serving {store_path} at http://{bound_host}:{bound_port}/ (SPARQL: /sparql)",
            err=True,
        )

    try:
        serve_forever(host, port, options, ready)
    except OSError as exc:
        from kg.errors import ScikgError

        raise ScikgError(f"{host}:{port}: cannot listen: {exc.strerror or exc}") from exc
