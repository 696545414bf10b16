"""Query results in the W3C SPARQL 1.1 result formats, and as a table for people.

- CSV (SPARQL 1.1 Query Results CSV and TSV Formats, section 2): RFC 4180, CRLF line ends,
  IRIs bare, literals as their lexical form, blank nodes as `_:label`, unbound cells empty.
- TSV (same document, section 3): header `?var`, terms in Turtle/N-Triples syntax
  (integers, decimals, doubles and booleans in their short form), unbound cells empty.
- JSON (`application/sparql-results+json`, SPARQL 1.1 Query Results JSON Format).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from kg.namespaces import PREFIXES, SKV, XSD
from kg.query import Result

__all__ = ["FORMATS", "MEDIA_TYPES", "format_result", "to_csv", "to_json", "to_table", "to_tsv"]

FORMATS = ("table", "csv", "tsv", "json")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "json": "application/sparql-results+json",
}

_XSD = str(XSD)
_STRING = _XSD + "string"
# short Turtle forms are allowed only when the lexical form is what the grammar accepts
_SHORT = {
    _XSD + "integer": re.compile(r"^[+-]?\d+$"),
    _XSD + "decimal": re.compile(r"^[+-]?\d*\.\d+$"),
    _XSD + "double": re.compile(r"^[+-]?(\d+\.\d*|\.?\d+)[eE][+-]?\d+$"),
    _XSD + "boolean": re.compile(r"^(true|false)$"),
}


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def to_csv(result: Result) -> str:
    """SPARQL 1.1 results CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_cell(term) for term in row])
    return out.getvalue()


def _tsv_cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        pattern = _SHORT.get(term.datatype.value)
        if pattern is not None and pattern.match(term.value):
            return term.value
    # str() of a pyoxigraph term is its N-Triples form, with tabs and newlines escaped
    return str(term)


def to_tsv(result: Result) -> str:
    """SPARQL 1.1 results TSV."""
    lines = ["\t".join(f"?{name}" for name in result.columns)]
    lines.extend("\t".join(_tsv_cell(term) for term in row) for row in result.rows)
    return "".join(line + "\n" for line in lines)


def _json_cell(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != _STRING:
        cell["datatype"] = term.datatype.value
    return cell


def json_data(result: Result) -> dict[str, Any]:
    """The result as `application/sparql-results+json` data."""
    bindings = [
        {
            name: _json_cell(term)
            for name, term in zip(result.columns, row, strict=True)
            if term is not None
        }
        for row in result.rows
    ]
    return {"head": {"vars": list(result.columns)}, "results": {"bindings": bindings}}


def to_json(result: Result) -> str:
    """SPARQL 1.1 results JSON."""
    return json.dumps(json_data(result), indent=2, ensure_ascii=False) + "\n"


def _short(iri: str, codes: Mapping[str, str]) -> str:
    if iri in codes:
        return codes[iri]
    if iri.startswith(str(SKV)):
        return iri  # a vocabulary IRI whose code is unknown stays whole, never guessed
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if iri.startswith(namespace) and re.match(r"^[\w.\-]*$", iri[len(namespace) :]):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def display_value(term: Any, codes: Mapping[str, str] | None = None) -> str:
    """A cell for people: vocabulary IRIs as their code, other IRIs as prefixed names."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return _short(term.value, codes or {})
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def to_table(result: Result, codes: Mapping[str, str] | None = None, title: str | None = None):
    """A rich Table; `codes` maps vocabulary IRIs to their skos:notation."""
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    numeric = [_numeric_column(result, i) for i in range(len(result.columns))]
    for name, right in zip(result.columns, numeric, strict=True):
        table.add_column(name, justify="right" if right else "left", overflow="fold")
    for row in result.rows:
        table.add_row(*(display_value(term, codes) for term in row))
    return table


def _numeric_column(result: Result, index: int) -> bool:
    terms = [row[index] for row in result.rows if row[index] is not None]
    numbers = set(_SHORT) - {_XSD + "boolean"}
    return bool(terms) and all(
        isinstance(t, ox.Literal) and t.datatype.value in numbers for t in terms
    )


def vocabulary_codes(store: ox.Store, result: Result) -> dict[str, str]:
    """skos:notation of every vocabulary IRI in `result`, read from the store's ontology."""
    iris = sorted(
        {
            term.value
            for row in result.rows
            for term in row
            if isinstance(term, ox.NamedNode) and term.value.startswith(str(SKV))
        }
    )
    if not iris:
        return {}
    # the IRIs come from the store's own answer; each is re-serialised as an N-Triples term
    values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
    text = (
        "SELECT ?c (MIN(STR(?n)) AS ?code) WHERE { VALUES ?c { "
        + values
        + " } ?c <http://www.w3.org/2004/02/skos/core#notation> ?n } GROUP BY ?c"
    )
    answer = store.query(text, use_default_graph_as_union=True)
    return {row["c"].value: row["code"].value for row in answer}  # type: ignore[index,union-attr]


def format_result(result: Result, fmt: str) -> str:
    """csv, tsv or json text for `result`."""
    if fmt == "csv":
        return to_csv(result)
    if fmt == "tsv":
        return to_tsv(result)
    if fmt == "json":
        return to_json(result)
    raise ValueError(f"no text format {fmt!r}; use one of csv, tsv, json")
