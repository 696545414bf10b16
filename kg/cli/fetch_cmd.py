"""`scikg fetch`: download registry records and PubMed citations into the corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import ScikgError
from kg.paths import DOCUMENTS_DIR

__all__ = ["fetch"]


@click.command("fetch")
@click.option("--nct", "ncts", multiple=True, metavar="ID", help="ClinicalTrials.gov NCT number.")
@click.option("--pmid", "pmids", multiple=True, metavar="ID", help="PubMed id.")
@click.option("--doi", "dois", multiple=True, metavar="DOI", help="DOI, looked up in PubMed.")
@click.option("--ctgov", "ctgov", multiple=True, metavar="QUERY", help="ClinicalTrials.gov search.")
@click.option("--pubmed", "pubmed", multiple=True, metavar="QUERY", help="PubMed search.")
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=DOCUMENTS_DIR,
    show_default="data/documents",
    help="Folder to write documents and the manifest into.",
)
@click.option("--api-key", envvar="NCBI_API_KEY", help="NCBI API key (10 requests/s instead of 3).")
@click.option(
    "--max",
    "max_results",
    type=click.IntRange(1, 10000),
    default=100,
    show_default=True,
    help="At most this many results per search.",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 10),
    default=4,
    show_default=True,
    help="Retries on HTTP 429/5xx and timeouts (exponential backoff).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for one answer.",
)
@click.option("--ctgov-url", envvar="SCIKG_CTGOV_URL", default=None, hidden=True)
@click.option("--eutils-url", envvar="SCIKG_EUTILS_URL", default=None, hidden=True)
def fetch(
    ncts: tuple[str, ...],
    pmids: tuple[str, ...],
    dois: tuple[str, ...],
    ctgov: tuple[str, ...],
    pubmed: tuple[str, ...],
    into: Path,
    api_key: str | None,
    max_results: int,
    retries: int,
    timeout: float,
    ctgov_url: str | None,
    eutils_url: str | None,
) -> None:
    """Download documents from ClinicalTrials.gov and PubMed, with a manifest."""
    from kg.fetch import CTGOV_URL, EUTILS_URL, FetchError, Target
    from kg.fetch import fetch as run_fetch

    targets = [
        *(Target("nct", v) for v in ncts),
        *(Target("pmid", v) for v in pmids),
        *(Target("doi", v) for v in dois),
        *(Target("ctgov", v) for v in ctgov),
        *(Target("pubmed", v) for v in pubmed),
    ]
    if not targets:
        raise ScikgError("fetch: give at least one of --nct, --pmid, --doi, --ctgov, --pubmed")
    result = run_fetch(
        targets,
        into,
        api_key=api_key,
        ctgov_url=ctgov_url or CTGOV_URL,
        eutils_url=eutils_url or EUTILS_URL,
        retries=retries,
        timeout=timeout,
        max_results=max_results,
        progress=sys.stderr.isatty(),
    )
    click.echo(
        f"fetched {len(result.written)} document(s), {len(result.skipped)} already current, "
        f"{len(result.problems)} problem(s), {result.requests} request(s) -> {into}"
    )
    if result.problems:
        raise FetchError(*result.problems)
