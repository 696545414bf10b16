"""`scikg evaluate`: precision, recall and F1 of the reader against curated records."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.errors import ScikgError


@click.command(help="Score the reader against the curated records (precision, recall, F1).")
@click.option(
    "--docs",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="A corpus with studies/ and documents/ (default: the bundled data/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="Also list every fact that differs.")
def evaluate(data_dir: Path | None, as_json: bool, details: bool) -> None:
    """Read each curated record's document with the reader and compare the two records."""
    from kg.corpus import load_curated
    from kg.evaluate import score_records
    from kg.extract import extract_text
    from kg.overlay import reads_as_text
    from kg.paths import DATA_DIR

    loaded, problems = load_curated(data_dir or DATA_DIR)
    if problems:
        raise ScikgError(*problems)
    pairs = []
    per_document = {}
    for item in loaded:
        record = item.record
        if item.document_text is None or not reads_as_text(record.document.path):
            continue
        extracted = extract_text(item.document_text, record.document.path)
        pairs.append((extracted, record))
        per_document[record.document.path] = score_records([(extracted, record)])
    if not pairs:
        raise ScikgError(f"{data_dir or DATA_DIR}: (corpus): no curated text documents to score")
    score = score_records(pairs)
    if as_json:
        payload = {
            "documents": len(pairs),
            "overall": _numbers(score.total),
            "fields": {name: _numbers(f) for name, f in sorted(score.fields.items())},
            "per_document": {doc: _numbers(s.total) for doc, s in sorted(per_document.items())},
        }
        click.echo(json.dumps(payload, indent=2))
        return
    click.echo(f"{'field':44} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for name, f in sorted(score.fields.items()):
        click.echo(_row(name, f))
    click.echo(_row("overall", score.total))
    click.echo("")
    for doc, s in sorted(per_document.items()):
        click.echo(_row(doc, s.total))
        if details:
            for fact in s.extra:
                click.echo(f"    + {fact}")
            for fact in s.missing:
                click.echo(f"    - {fact}")


def _numbers(f) -> dict[str, float | int]:
    return {
        "precision": round(f.precision, 4),
        "recall": round(f.recall, 4),
        "f1": round(f.f1, 4),
        "tp": f.true_positives,
        "fp": f.false_positives,
        "fn": f.false_negatives,
    }


def _row(name: str, f) -> str:
    return (
        f"{name[:44]:44} {f.precision:6.3f} {f.recall:6.3f} {f.f1:6.3f} "
        f"{f.true_positives:4d} {f.false_positives:4d} {f.false_negatives:4d}"
    )
