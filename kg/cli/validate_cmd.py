"""`scikg validate`: the SHACL report for the store or for an RDF file."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli._common import STORE_OPTION


@click.command(help="SHACL report for the store or an RDF file (exit 0 conforms, 1 not).")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@STORE_OPTION
def validate(file: Path | None, store_path: Path) -> None:
    """Validate each record graph of the store, or the graph in FILE with the ontology."""
    from kg.build_shacl import Finding, check_record_graph, shapes_data_graph, store_record_graphs
    from kg.errors import EXIT_NOT_CONFORMING, ScikgError

    base = shapes_data_graph()
    findings: list[tuple[str, Finding]] = []
    if file is not None:
        findings += [(str(file), f) for f in check_record_graph(base, _read_rdf(file))]
        checked = f"{file}"
    else:
        from kg.store import open_store

        graphs = store_record_graphs(open_store(store_path))
        for key, graph in graphs.items():
            findings += [(key, f) for f in check_record_graph(base, graph)]
        checked = f"{len(graphs)} record graphs in {store_path}"
    violations = 0
    for where, finding in findings:
        violations += finding.is_violation
        click.echo(
            f"{finding.severity.lower()}: {where}: {_short(finding.focus_node)} "
            f"{_short(finding.path)}: {finding.message}",
            err=True,
        )
    warnings = len(findings) - violations
    summary = f"({violations} violations, {warnings} warnings)"
    if violations:
        # main() turns this into one stderr line and exit code 1
        raise ScikgError(f"{checked}: does not conform {summary}", exit_code=EXIT_NOT_CONFORMING)
    click.echo(f"{checked}: conforms {summary}")


def _read_rdf(path: Path):  # -> rdflib.Graph
    from rdflib import Graph
    from rdflib.util import guess_format

    from kg.errors import ScikgError

    graph = Graph()
    try:
        graph.parse(path, format=guess_format(str(path)) or "turtle")
    except FileNotFoundError as exc:
        raise ScikgError(f"{path}: (file): no such file") from exc
    except Exception as exc:  # rdflib raises many parser-specific types
        message = " ".join(str(exc).split())[:300]
        raise ScikgError(f"{path}: (file): not readable RDF: {message}") from exc
    return graph


def _short(term: object) -> str:
    from kg.namespaces import PREFIXES

    if term is None:
        return "-"
    text = str(term)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text
