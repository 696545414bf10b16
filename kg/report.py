"""`scikg report`: every comparison as a table and an SVG chart in one self-contained HTML file.

No scripts, fonts, stylesheets or images are fetched: CSS is inline and charts are inline SVG,
so the file can go into a paper's supplement or an email and still render offline.
"""

from __future__ import annotations

import time
from html import escape
from pathlib import Path

import pyoxigraph as ox

from kg.errors import ScikgError
from kg.namespaces import sparql_prefixes

__all__ = ["render_report", "write_report"]


def render_report(store: ox.Store, *, title: str = "scikg comparisons") -> str:
    """The report as one HTML document."""
    from kg.serve.pages import CSS, comparison_section
    from kg.serve.saved import BROKEN, run_saved, saved_list

    counts = next(
        iter(
            store.query(
                sparql_prefixes("sk")
                + "SELECT (COUNT(DISTINCT ?s) AS ?studies) (COUNT(DISTINCT ?d) AS ?docs) "
                "{ { ?s a sk:Study } UNION { ?d a sk:Document } }",
                use_default_graph_as_union=True,
            )
        )
    )
    sections, toc, skipped = [], [], []
    for query in saved_list():
        if any(default is None for default in query.params.values()):
            skipped.append(f"{query.name} (needs parameters)")
            continue
        values = {k: v for k, v in query.params.items() if v is not None}
        try:
            table = run_saved(store, query.name, values)
        except ScikgError as exc:
            skipped.append(f"{query.name} ({'; '.join(exc.lines())})")
            continue
        toc.append(f'<li><a href="#{escape(query.name)}">{escape(query.title)}</a></li>')
        sections.append(comparison_section(query, table, csv_href=None))
    skipped += [f"{name} ({reason})" for name, reason in sorted(BROKEN.items())]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    notes = f'<p class="muted">Not included: {escape(", ".join(skipped))}</p>' if skipped else ""
    body = (
        f'<p class="muted">{counts["studies"].value} studies, {counts["docs"].value} documents, '
        f"{len(store)} triples · generated {stamp}. Each table is the answer of a saved SPARQL "
        "query; codes are the project's vocabulary notations.</p>"
        f"<ul>{''.join(toc)}</ul>{notes}{''.join(sections)}"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main><h1>{escape(title)}</h1>{body}</main></body></html>\n"
    )


def write_report(store: ox.Store, output: Path, *, title: str = "scikg comparisons") -> int:
    """Write the report to `output`; returns its size in bytes."""
    data = render_report(store, title=title).encode("utf-8")
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise ScikgError(f"{output}: cannot write: {exc.strerror or exc}") from exc
    return len(data)
