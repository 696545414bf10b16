"""Server-rendered pages: home, studies, one study with its evidence, comparisons, query form.

Pages are plain HTML with inline CSS and SVG: they work without JavaScript, and the report
(`kg.report`) embeds the same comparison sections in one self-contained file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from kg.namespaces import (
    OA,
    PREFIXES,
    PROV,
    RDF,
    SCIKG_BASE,
    SK,
    graph_iri,
    sparql_prefixes,
    study_iri,
)
from kg.serve import charts
from kg.serve.saved import SavedQuery, Table, cell_text, run_saved, saved_list, saved_text

__all__ = [
    "CSS",
    "Site",
    "comparison_section",
    "error_page",
    "layout",
    "service_description",
]

CSS = """
body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa;line-height:1.4}
header{background:#24476b;color:#fff;padding:.6em 1.2em}
header a{color:#fff;margin-right:1.2em;text-decoration:none;font-weight:600}
main{padding:1em 1.5em;max-width:1200px}
table{border-collapse:collapse;margin:.6em 0;background:#fff;font-size:14px}
th,td{border:1px solid #ccd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#e8eef5}th a{color:#123;text-decoration:none}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.doc{white-space:pre-wrap;background:#fff;border:1px solid #ccd;padding:1em;font-size:14px;
max-width:60em}
mark{background:#ffe27a;padding:0 1px}
mark:target,a.anchor:target+mark{background:#ff9b3d;outline:2px solid #c05500}
.muted{color:#666;font-size:90%}.err{color:#a00000;font-weight:600}
textarea{width:100%;font-family:ui-monospace,monospace;font-size:13px}
section.cmp{margin:1.5em 0;padding-bottom:1em;border-bottom:1px solid #ccd}
.stats span{display:inline-block;margin-right:2em;font-size:120%}
code{background:#eef;padding:0 .2em}
.pair{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);gap:1.2em;
align-items:start}
.pair table{width:100%;table-layout:fixed;overflow-wrap:anywhere}
.pair th:first-child{width:22%}.pair th:last-child{width:12%}
tr.has-ev td{background:#fffbe6}
"""

_EXCLUDED_GRAPHS = {str(graph_iri(n)) for n in ("ontology", "inferred", "mesh")}
_SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NUMERIC = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def layout(title: str, body: str, *, nav: bool = True) -> str:
    """A complete HTML page."""
    links = (
        '<header><a href="/">scikg</a><a href="/studies">Studies</a>'
        '<a href="/comparisons">Comparisons</a><a href="/query">Query</a>'
        '<a href="/sparql">SPARQL endpoint</a></header>'
        if nav
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body>{links}<main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )


def error_page(status: int, message: str) -> str:
    """A small HTML page for an HTTP error."""
    return layout(f"{status}", f'<p class="err">{escape(message)}</p><p><a href="/">Home</a></p>')


def short(iri: str) -> str:
    """A compact name: prefixed form for known namespaces, else the IRI."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def local_href(iri: str) -> str | None:
    """The path this server answers an IRI at (None when it is not one of ours)."""
    if not iri.startswith(SCIKG_BASE):
        return None
    rest = iri[len(SCIKG_BASE) :]
    if rest.startswith("data/study/"):
        return "/study/" + quote(rest[len("data/study/") :], safe="/-._~")
    return "/" + quote(rest, safe="/-._~")


def display(value: Any) -> str:
    """Display text for a query cell: our IRIs by their last segment, codes as they are."""
    if value is None:
        return ""
    text = cell_text(value)
    if text.startswith(SCIKG_BASE):
        return text.rsplit("/", 1)[-1]
    return text


def _is_number(value: Any) -> bool:
    if isinstance(value, ox.Literal):
        return (
            value.datatype.value.startswith("http://www.w3.org/2001/XMLSchema#")
            and bool(_NUMERIC.match(value.value))
            and value.datatype.value != _XSD_STRING
        )
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell_html(value: Any) -> str:
    if value is None:
        return "<td></td>"
    text = cell_text(value)
    ours = isinstance(value, ox.NamedNode) or text.startswith(SCIKG_BASE)
    href = local_href(text) if ours else None
    if href:
        return f'<td><a href="{escape(href)}">{escape(display(value))}</a></td>'
    if _is_number(value):
        return f'<td class="num">{escape(text)}</td>'
    return f"<td>{escape(text)}</td>"


def table_html(table: Table, *, limit: int | None = None) -> str:
    """An HTML table of a query answer."""
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    rows = table.rows if limit is None else table.rows[:limit]
    body = "".join("<tr>" + "".join(_cell_html(v) for v in row) + "</tr>" for row in rows)
    more = (
        f'<p class="muted">{len(table.rows) - limit} more rows not shown</p>'
        if limit is not None and len(table.rows) > limit
        else ""
    )
    return f'<table class="results"><tr>{head}</tr>{body}</table>{more}'


def table_csv(table: Table) -> str:
    """W3C SPARQL 1.1 CSV (the same writer as `scikg query --format csv`)."""
    from kg.query import Result
    from kg.results import to_csv

    return to_csv(Result(list(table.columns), [tuple(row) for row in table.rows]))


# ---------------------------------------------------------------------------------------------
# Charts for the comparisons: chosen by the columns a saved query returns, so a new saved query
# with a label and a number column gets a bar chart without code changes.


def chart_for(name: str, title: str, table: Table) -> str:
    """An SVG chart suited to the columns of `table` ('' when there is nothing to plot)."""
    cols = set(table.columns)
    if not table.rows:
        return ""
    if {"route", "event"} <= cols and ({"percent"} & cols or {"studies"} & cols):
        use_percent = any(table.number(r, "percent") is not None for r in table.rows)
        metric = "percent" if use_percent else "studies"
        groups = _grouped(table, "route", "event", metric)
        return charts.bar_chart(
            f"Adverse events by route ({'% of patients' if use_percent else 'studies'})",
            groups,
            unit="%" if use_percent else "",
        )
    if {"productKind", "studies", "patients"} <= cols:
        groups = [
            (
                table.text(r, "productKind") or "(none)",
                [
                    ("studies", table.number(r, "studies") or 0.0),
                    ("patients", table.number(r, "patients") or 0.0),
                ],
            )
            for r in table.rows
        ]
        return charts.bar_chart("Studies and patients per product kind", groups)
    if {"study", "improved", "of"} <= cols:
        bars = []
        for r in table.rows:
            improved, of = table.number(r, "improved"), table.number(r, "of")
            if improved is None or not of:
                continue
            label = f"{display(r[table.columns.index('study')])} ({improved:g}/{of:g})"
            bars.append((label, 100.0 * improved / of))
        if not bars:
            return ""
        return charts.bar_chart(
            "Patients gaining at least one AIS grade", [("per study", bars)], unit="%"
        )
    if {"route", "doseValue", "doseUnit"} <= cols:
        points = []
        for r in table.rows:
            value = table.number(r, "doseValue")
            if value is None:
                continue
            route = table.text(r, "route") or "(unknown)"
            unit = table.text(r, "doseUnit") or "(no unit)"
            kind = table.text(r, "productKind")
            study = display(r[table.columns.index("study")]) if "study" in cols else ""
            tip = f"{study}: {value:g} {unit} {kind}".strip()
            points.append((route, value, unit, tip))
        if not points:
            return ""
        return charts.log_dot_plot("Dose per route (colour: unit)", points, axis_label="dose")
    if {"source", "measure", "improved"} <= cols:
        groups = _grouped(table, "source", "measure", "improved")
        return charts.bar_chart("Improved outcome measures by cell source (studies)", groups)
    # generic: the first text column against the first numeric column
    numeric = [
        c
        for c in table.columns
        if all(v is None or _is_number(v) for v in (r[table.columns.index(c)] for r in table.rows))
        and any(r[table.columns.index(c)] is not None for r in table.rows)
    ]
    numeric = [c for c in numeric if c.lower() != "year"] or []  # years are not quantities

    def short_text(column: str) -> bool:
        cells = [display(r[table.columns.index(column)]) for r in table.rows]
        return sum(len(c) for c in cells) / max(1, len(cells)) <= 40  # titles make no labels

    text_cols = [c for c in table.columns if c not in numeric and short_text(c)]
    if not numeric or not text_cols or len(table.rows) > 40:
        return ""
    value_col = numeric[0]
    firsts = [display(r[table.columns.index(text_cols[0])]) for r in table.rows]
    if len(text_cols) >= 2 and len(set(firsts)) < len(firsts):
        groups: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for r in table.rows:
            groups[display(r[table.columns.index(text_cols[0])])].append(
                (display(r[table.columns.index(text_cols[1])]), table.number(r, value_col) or 0.0)
            )
        return charts.bar_chart(
            f"{title}: {value_col} by {text_cols[0]} and {text_cols[1]}", sorted(groups.items())
        )
    bars = [
        (display(r[table.columns.index(text_cols[0])]), table.number(r, value_col) or 0.0)
        for r in table.rows
    ]
    return charts.bar_chart(f"{title}: {value_col} by {text_cols[0]}", [("", bars)])


def _grouped(
    table: Table, group_col: str, label_col: str, value_col: str
) -> list[tuple[str, list[tuple[str, float]]]]:
    groups: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in table.rows:
        value = table.number(r, value_col)
        if value is None:
            continue
        groups[table.text(r, group_col) or "(unknown)"].append(
            (table.text(r, label_col) or "(unknown)", value)
        )
    return sorted(groups.items())


def comparison_section(query: SavedQuery, table: Table, *, csv_href: str | None) -> str:
    """One saved query as a heading, description, chart and table."""
    chart = chart_for(query.name, query.title, table)
    download = f' <a href="{escape(csv_href)}">CSV</a>' if csv_href else ""
    return (
        f'<section class="cmp" id="{escape(query.name)}"><h2>{escape(query.title)}</h2>'
        f'<p class="muted"><code>{escape(query.name)}</code> · {len(table.rows)} rows{download}</p>'
        f"<p>{escape(query.description)}</p>"
        f'<div class="chart-box">{chart}</div>{table_html(table, limit=200)}</section>'
    )


# ---------------------------------------------------------------------------------------------
# Service description.


def service_description(
    endpoint: str, key: str, result_formats: Mapping[str, Any], graph_formats: Mapping[str, Any]
) -> bytes:
    """An sd:Service for the endpoint in the RDF format `key`."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    formats = "http://www.w3.org/ns/formats/"
    names = {
        "json": "SPARQL_Results_JSON",
        "xml": "SPARQL_Results_XML",
        "csv": "SPARQL_Results_CSV",
        "tsv": "SPARQL_Results_TSV",
        "turtle": "Turtle",
        "ntriples": "N-Triples",
        "jsonld": "JSON-LD",
        "rdfxml": "RDF_XML",
    }
    node = ox.NamedNode(endpoint)
    triples = [
        ox.Triple(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(sd + "Service")),
        ox.Triple(node, ox.NamedNode(sd + "endpoint"), node),
        ox.Triple(node, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        ox.Triple(node, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")),
    ]
    for fmt in [*result_formats, *graph_formats]:
        triples.append(
            ox.Triple(node, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(formats + names[fmt]))
        )
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
    }[key]
    prefixes = {"sd": sd, "formats": formats} if key in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


# ---------------------------------------------------------------------------------------------
# The site: pages over a read-only store handle, reopened when a build publishes a new graph.


class NotFound(Exception):  # noqa: N818 - maps to HTTP 404
    """No such page or resource."""


class Site:
    """Renders every page from the store at `store_path`; documents are read from `docs`."""

    def __init__(self, store_path: Path, docs: list[Path] | None = None) -> None:
        from kg.paths import DATA_DIR

        self.store_path = Path(store_path)
        self.docs = [Path(d) for d in (docs or [DATA_DIR])]
        self._lock = threading.Lock()
        self._store: ox.Store | None = None
        self._generation: str | None = None
        self._cache: dict[str, Any] = {}
        self._labels: dict[str, tuple[str | None, str | None]] | None = None

    # -- store -------------------------------------------------------------------------

    def store(self) -> ox.Store:
        """The current generation of the store (reopened after a rebuild)."""
        from kg.store import open_store

        generation = str(self.store_path.resolve())
        with self._lock:
            if self._store is None or generation != self._generation:
                self._store = open_store(self.store_path)
                self._generation = generation
                self._cache = {}
                self._labels = None
            return self._store

    def _cached(self, key: str, make: Callable[[], Any]) -> Any:
        self.store()
        value = self._cache.get(key)
        if value is None:
            value = make()
            self._cache[key] = value
        return value

    def select(self, query: str, **options: Any) -> list[ox.QuerySolution]:
        """Rows of a trusted query over the union of all graphs."""
        if "default_graph" not in options:
            options["use_default_graph_as_union"] = True
        return list(self.store().query(sparql_prefixes() + query, **options))

    def labels(self) -> dict[str, tuple[str | None, str | None]]:
        """IRI -> (notation, label) for every term that has one."""
        if self._labels is None:
            found: dict[str, list[str | None]] = defaultdict(lambda: [None, None])
            for row in self.select(
                "SELECT ?t ?n ?l { { ?t skos:notation ?n } UNION "
                "{ ?t rdfs:label ?l FILTER(LANG(?l) = '' || LANGMATCHES(LANG(?l), 'en')) } }"
            ):
                entry = found[row["t"].value]
                if row["n"] is not None and entry[0] is None:
                    entry[0] = row["n"].value
                if row["l"] is not None and entry[1] is None:
                    entry[1] = row["l"].value
            self._labels = {k: (v[0], v[1]) for k, v in found.items()}
        return self._labels

    def term_html(self, term: Any) -> str:
        """A term as HTML: linked IRIs with their code or label, literals as text."""
        if isinstance(term, ox.NamedNode):
            notation, label = self.labels().get(term.value, (None, None))
            text = notation or label or short(term.value)
            href = local_href(term.value) or term.value
            tip = f' title="{escape(label or term.value)}"'
            return f'<a href="{escape(href)}"{tip}>{escape(text)}</a>'
        if isinstance(term, ox.BlankNode):
            return f"<i>_:{escape(term.value)}</i>"
        return escape(term.value)

    # -- home ------------------------------------------------------------------------------

    def home(self) -> str:
        """What the graph holds, with links."""
        return self._cached("home", self._home)

    def _home(self) -> str:
        store = self.store()
        count = self.select(
            "SELECT (COUNT(DISTINCT ?s) AS ?studies) (COUNT(DISTINCT ?d) AS ?docs) "
            "{ { ?s a sk:Study } UNION { ?d a sk:Document } }"
        )[0]
        generation = self.store_path.resolve()
        stamp = generation.name.split("-")[0]
        try:
            built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(int(stamp) / 1e9))
        except ValueError:
            built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(generation.stat().st_mtime))
        graphs = sum(1 for _ in store.named_graphs())
        stats = (
            f'<p class="stats"><span><b id="n-studies">{count["studies"].value}</b> studies</span>'
            f'<span><b id="n-documents">{count["docs"].value}</b> documents</span>'
            f'<span><b id="n-triples">{len(store)}</b> triples</span>'
            f"<span><b>{graphs}</b> named graphs</span>"
            f'<span>last build <b id="built">{built}</b></span></p>'
        )
        items = "".join(
            f'<li><a href="/comparisons#{escape(q.name)}">{escape(q.title)}</a> '
            f'<span class="muted">(<a href="/query?saved={escape(q.name)}">{escape(q.name)}</a>)'
            "</span></li>"
            for q in saved_list()
        )
        body = (
            "<p>An open knowledge graph of clinical studies of mesenchymal stromal cell (MSC) and "
            "MSC-exosome therapies for spinal cord injury: every fact linked to the sentence it "
            "was read from.</p>"
            f"{stats}<h2>Browse</h2><ul>"
            '<li><a href="/studies">All studies</a> (sortable table)</li>'
            '<li><a href="/comparisons">Comparisons</a> (tables and charts, CSV)</li>'
            '<li><a href="/query">SPARQL query form</a></li>'
            '<li><a href="/sparql">SPARQL 1.1 endpoint</a> at <code>/sparql</code> '
            "(JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD, RDF/XML)</li></ul>"
            f"<h2>Saved queries</h2><ul>{items}</ul>"
        )
        return layout("scikg: MSC therapies for spinal cord injury", body)

    # -- studies -------------------------------------------------------------------------

    STUDY_COLUMNS = (
        ("study", "Study"),
        ("year", "Year"),
        ("design", "Design"),
        ("phase", "Phase"),
        ("n", "n"),
        ("source", "Source"),
        ("product", "Product"),
        ("route", "Route"),
        ("followup", "Follow-up"),
    )

    def study_rows(self) -> list[dict[str, Any]]:
        """One dict per study with the columns of the studies table."""
        return self._cached("study_rows", self._study_rows)

    def _study_rows(self) -> list[dict[str, Any]]:
        rows = self.select("""
SELECT ?study (SAMPLE(?id0) AS ?id) (SAMPLE(?t0) AS ?title) (MIN(?y0) AS ?year)
  (GROUP_CONCAT(DISTINCT ?type0; separator=", ") AS ?type)
  (GROUP_CONCAT(DISTINCT ?alloc0; separator=", ") AS ?alloc)
  (GROUP_CONCAT(DISTINCT ?mask0; separator=", ") AS ?mask)
  (GROUP_CONCAT(DISTINCT ?phase0; separator=", ") AS ?phase) (MAX(?n0) AS ?n)
WHERE {
  ?study a sk:Study .
  OPTIONAL { ?study dcterms:identifier ?id0 }
  OPTIONAL { ?study dcterms:title ?t0 }
  OPTIONAL { ?study sk:year ?y0 }
  OPTIONAL { ?study sk:studyType/skos:notation ?type0 }
  OPTIONAL { ?study sk:allocation/skos:notation ?alloc0 }
  OPTIONAL { ?study sk:masking/skos:notation ?mask0 }
  OPTIONAL { ?study sk:phase/skos:notation ?phase0 }
  OPTIONAL { ?study sk:hasPopulation/sk:enrolled ?n0 }
} GROUP BY ?study""")
        arms = self.select("""
SELECT ?study ?kind ?source ?route {
  ?study a sk:Study ; sk:hasArm/sk:hasAdministration ?adm .
  OPTIONAL { ?adm sk:route/skos:notation ?route }
  OPTIONAL { ?adm sk:hasProduct ?p .
             OPTIONAL { ?p sk:productKind/skos:notation ?kind }
             OPTIONAL { ?p sk:sourceTissue/skos:notation ?source } }
}""")
        follow = self.select("SELECT DISTINCT ?study ?f { ?study a sk:Study ; sk:followUp ?f }")
        per: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for row in arms:
            for col in ("kind", "source", "route"):
                if row[col] is not None and row[col].value != "none":
                    per[row["study"].value][col].add(row[col].value)
        for row in follow:
            per[row["study"].value]["followup"].add(row["f"].value)
        out = []
        for row in rows:
            iri = row["study"].value
            design = ", ".join(
                v.value
                for v in (row["type"], row["alloc"], row["mask"])
                if v is not None and v.value
            )
            extra = per.get(iri, {})
            out.append(
                {
                    "iri": iri,
                    "id": row["id"].value if row["id"] is not None else iri.rsplit("/", 1)[-1],
                    "title": row["title"].value if row["title"] is not None else "",
                    "year": int(row["year"].value) if row["year"] is not None else None,
                    "design": design,
                    "phase": row["phase"].value if row["phase"] is not None else "",
                    "n": int(float(row["n"].value)) if row["n"] is not None else None,
                    "source": ", ".join(sorted(extra.get("source", ()))),
                    "product": ", ".join(sorted(extra.get("kind", ()))),
                    "route": ", ".join(sorted(extra.get("route", ()))),
                    "followup": ", ".join(sorted(extra.get("followup", ()), key=_duration_months)),
                    "followup_max": max(
                        map(_duration_months, extra.get("followup", ())), default=None
                    ),
                }
            )
        return sorted(out, key=lambda r: r["id"])

    def studies(self, sort: str | None = None, direction: str | None = None) -> str:
        """The sortable table of all studies (sorting by links, no script)."""
        rows = list(self.study_rows())
        keys = [k for k, _ in self.STUDY_COLUMNS]
        sort = sort if sort in keys else "study"
        descending = direction == "desc"
        field = {"study": "id", "followup": "followup_max"}.get(sort, sort)

        def sort_key(r: dict[str, Any]) -> tuple[int, Any]:
            value = r[field]
            missing = value is None or value == ""
            return (1 if missing else 0, "" if missing else value)

        rows.sort(key=sort_key, reverse=descending)
        if descending:  # keep blanks last either way
            rows.sort(key=lambda r: r[field] is None or r[field] == "")
        head = ""
        for key, label in self.STUDY_COLUMNS:
            new_dir = "asc" if key != sort or descending else "desc"
            arrow = (" ▼" if descending else " ▲") if key == sort else ""
            head += (
                f'<th><a href="/studies?{urlencode({"sort": key, "dir": new_dir})}">'
                f"{escape(label)}{arrow}</a></th>"
            )
        body = ""
        for r in rows:
            href = local_href(r["iri"]) or r["iri"]
            body += (
                f'<tr><td><a href="{escape(href)}">{escape(r["id"])}</a>'
                f'<div class="muted">{escape(r["title"])}</div></td>'
                f'<td class="num">{r["year"] or ""}</td><td>{escape(r["design"])}</td>'
                f'<td>{escape(r["phase"])}</td><td class="num">{"" if r["n"] is None else r["n"]}'
                f"</td><td>{escape(r['source'])}</td><td>{escape(r['product'])}</td>"
                f"<td>{escape(r['route'])}</td><td>{escape(r['followup'])}</td></tr>"
            )
        table = f'<table id="studies"><tr>{head}</tr>{body}</table>'
        return layout(f"Studies ({len(rows)})", table)

    # -- one study -----------------------------------------------------------------------

    def study_graphs(self, iri: str) -> list[str]:
        """The record graphs (one per document) that describe study `iri`."""
        rows = self.select(
            f"SELECT DISTINCT ?g {{ GRAPH ?g {{ <{iri}> a sk:Study }} }}",
            use_default_graph_as_union=False,
        )
        return sorted(r["g"].value for r in rows if r["g"].value not in _EXCLUDED_GRAPHS)

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        """The triples of one named graph, sorted."""
        quads = self.store().quads_for_pattern(None, None, None, ox.NamedNode(graph))
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def study_page(self, iri: str) -> str:
        """Every fact about the study, per document, each linked to its highlighted span."""
        graphs = self.study_graphs(iri)
        if not graphs:
            raise NotFound(f"no study {iri}")
        sections = [self._document_section(iri, g, i) for i, g in enumerate(graphs, 1)]
        title_rows = self.select(f"SELECT ?t {{ <{iri}> dcterms:title ?t }} LIMIT 1")
        title = title_rows[0]["t"].value if title_rows else iri.rsplit("/", 1)[-1]
        head = (
            f'<p class="muted">IRI <code>{escape(iri)}</code> · as '
            f'<a href="?format=ttl">Turtle</a>, <a href="?format=jsonld">JSON-LD</a> · '
            f"{len(graphs)} document(s)</p>"
        )
        return layout(title, head + "".join(sections))

    def _document_section(self, study: str, graph: str, index: int) -> str:
        triples = self.graph_triples(graph)
        by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
        for t in triples:
            by_subject[t.subject.value].append(t)
        types = {
            s: {t.object.value for t in ts if t.predicate.value == str(RDF.type)}
            for s, ts in by_subject.items()
        }
        evidence = self._evidence(by_subject, types)
        doc_iri = next(
            (
                t.object.value
                for t in by_subject.get(study, ())
                if t.predicate.value == str(PROV.wasDerivedFrom)
            ),
            None,
        )
        doc_props = {t.predicate.value: t.object.value for t in by_subject.get(doc_iri or "", ())}
        prefix = f"d{index}-"
        text, note = self._document_text(doc_props)
        # (node, property) -> evidence anchors
        links: dict[tuple[str, str], list[int]] = defaultdict(list)
        for k, ev in enumerate(evidence):
            links[(ev["supports"], ev["property"])].append(k)
        hidden = {str(SK.Evidence), str(OA.TextPositionSelector), str(OA.TextQuoteSelector)}
        nodes = (s for s in by_subject if s != study and not types.get(s, set()) & hidden)
        subjects = [study, *sorted(nodes, key=_natural)]
        rows = []
        for s in subjects:
            node_name = "study" if s == study else _node_name(s)
            first = True
            for t in by_subject.get(s, ()):
                p = t.predicate.value
                marks = links.get((s, p), [])
                ev_html = " ".join(
                    f'<a class="ev-link" href="#{prefix}ev-{k}" '
                    f'title="{escape(evidence[k]["exact"] or "")}">evidence</a>'
                    for k in marks
                )
                node_cell = (
                    f'<td id="{prefix}{escape(node_name)}">{escape(node_name)}</td>'
                    if first
                    else "<td></td>"
                )
                first = False
                value = t.object
                if isinstance(value, ox.NamedNode) and value.value in by_subject:
                    inner = escape(_node_name(value.value))
                    val = f'<a href="#{prefix}{inner}">{inner}</a>'
                else:
                    val = self.term_html(value)
                css = ' class="has-ev"' if marks else ""
                rows.append(
                    f"<tr{css}>{node_cell}<td>{escape(short(p))}</td><td>{val}</td>"
                    f"<td>{ev_html}</td></tr>"
                )
        facts = (
            '<table class="facts"><tr><th>node</th><th>property</th><th>value</th>'
            f"<th>evidence</th></tr>{''.join(rows)}</table>"
        )
        doc_title = doc_props.get(str(SK.path)) or doc_iri or graph
        if text is not None:
            document = f'<div class="doc">{_highlight(text, evidence, prefix)}</div>'
        else:
            quotes = "".join(
                f'<li id="{prefix}ev-{k}"><mark>{escape(ev["exact"] or "")}</mark> '
                f'<span class="muted">{escape(ev["pointer"] or "")}</span></li>'
                for k, ev in enumerate(evidence)
            )
            document = f"<ul>{quotes}</ul>"
        return (
            f'<section class="document"><h2>Document {index}: {escape(doc_title)}</h2>'
            f'<p class="muted">graph <code>{escape(graph)}</code>{escape(note)}</p>'
            f'<div class="pair"><div><h3>Facts</h3>{facts}</div>'
            f"<div><h3>Source text</h3>{document}</div></div></section>"
        )

    def _evidence(
        self, by_subject: Mapping[str, list[ox.Triple]], types: Mapping[str, set[str]]
    ) -> list[dict[str, Any]]:
        out = []
        for s, ts in by_subject.items():
            if str(SK.Evidence) not in types.get(s, set()):
                continue
            props: dict[str, list[str]] = defaultdict(list)
            for t in ts:
                props[t.predicate.value].append(t.object.value)
            ev: dict[str, Any] = {
                "iri": s,
                "supports": (props.get(str(SK.supports)) or [""])[0],
                "property": (props.get(str(SK.supportsProperty)) or [""])[0],
                "pointer": (props.get(str(SK.recordPointer)) or [None])[0],
                "start": None,
                "end": None,
                "exact": None,
            }
            for selector in props.get(str(OA.hasSelector), []):
                for t in by_subject.get(selector, ()):
                    name = t.predicate.value
                    if name == str(OA.start):
                        ev["start"] = int(t.object.value)
                    elif name == str(OA.end):
                        ev["end"] = int(t.object.value)
                    elif name == str(OA.exact):
                        ev["exact"] = t.object.value
            out.append(ev)
        return sorted(out, key=lambda e: (e["start"] is None, e["start"] or 0, e["iri"]))

    def _document_text(self, props: Mapping[str, str]) -> tuple[str | None, str]:
        """The document's text from the corpus folders, if found and unchanged."""
        rel = props.get(str(SK.path))
        if not rel:
            return None, " · no document path recorded"
        for base in self.docs:
            root = base.resolve()
            candidate = (root / rel).resolve()
            if not candidate.is_relative_to(root) or not candidate.is_file():
                continue  # never read outside a corpus folder
            raw = candidate.read_bytes()
            expected = props.get(str(SK.sha256))
            if expected and hashlib.sha256(raw).hexdigest() != expected:
                return None, " · the document changed since the build; quotes shown instead"
            return raw.decode("utf-8", errors="replace"), ""
        return None, " · document text not available here; quotes shown instead"

    # -- dereferencing --------------------------------------------------------------------

    def resource_page(self, iri: str) -> str:
        """HTML for one of our IRIs: the study page, or its triples in and out."""
        if iri.startswith(str(study_iri("x"))[:-1]):
            return self.study_page(iri)
        node = f"<{ox.NamedNode(iri).value}>"  # our IRIs: checked path segments only
        out_rows = self.select(
            f"SELECT DISTINCT ?p ?o ?g {{ GRAPH ?g {{ {node} ?p ?o }} }} ORDER BY ?p ?o LIMIT 2000",
            use_default_graph_as_union=False,
        )
        in_rows = self.select(f"SELECT DISTINCT ?s ?p {{ ?s ?p {node} }} ORDER BY ?p ?s LIMIT 500")
        if not out_rows and not in_rows:
            raise NotFound(f"nothing is known about {iri}")
        notation, label = self.labels().get(iri, (None, None))
        title = label or notation or short(iri)
        rows = "".join(
            f"<tr><td>{self.term_html(r['p'])}</td><td>{self.term_html(r['o'])}</td>"
            f'<td class="muted">{escape(display(r["g"]))}</td></tr>'
            for r in out_rows
        )
        incoming = "".join(
            f"<tr><td>{self.term_html(r['s'])}</td><td>{self.term_html(r['p'])}</td></tr>"
            for r in in_rows
        )
        body = (
            f'<p class="muted">IRI <code>{escape(iri)}</code> · as '
            f'<a href="?format=ttl">Turtle</a>, <a href="?format=jsonld">JSON-LD</a></p>'
            f"<table><tr><th>property</th><th>value</th><th>graph</th></tr>{rows}</table>"
        )
        if incoming:
            body += (
                "<h2>Used by</h2><table><tr><th>subject</th><th>property</th></tr>"
                f"{incoming}</table>"
            )
        return layout(title, body)

    def resource_rdf(self, iri: str, key: str) -> bytes:
        """RDF about one of our IRIs: a study's record graphs, else the IRI's own triples."""
        triples: list[ox.Triple] = []
        if iri.startswith(str(study_iri("x"))[:-1]):
            for graph in self.study_graphs(iri):
                triples.extend(self.graph_triples(graph))
        else:
            node = ox.NamedNode(iri)
            triples = sorted(
                {
                    ox.Triple(q.subject, q.predicate, q.object)
                    for q in self.store().quads_for_pattern(node, None, None, None)
                },
                key=lambda t: (str(t.predicate), str(t.object)),
            )
        if not triples:
            raise NotFound(f"nothing is known about {iri}")
        fmt = {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML,
        }[key]
        prefixes = dict(PREFIXES) if key in ("turtle", "rdfxml") else None
        return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""

    # -- comparisons ----------------------------------------------------------------------

    def comparison_tables(
        self, params: Mapping[str, str] | None = None
    ) -> list[tuple[SavedQuery, Table | None, str]]:
        """Every saved query with its answer (None and a note when it needs a parameter)."""
        out = []
        for q in saved_list():
            given = {
                p: (params or {}).get(f"{q.name}.{p}") or default for p, default in q.params.items()
            }
            missing = [p for p, v in given.items() if not v]
            if missing:
                out.append((q, None, f"needs parameter(s): {', '.join(missing)}"))
                continue
            values = {k: v for k, v in given.items() if v}
            try:
                out.append((q, run_saved(self.store(), q.name, values), ""))
            except Exception as exc:
                out.append((q, None, f"failed: {type(exc).__name__}: {exc}"))
        return out

    def comparisons(self, params: Mapping[str, str] | None = None) -> str:
        """Every saved query as a table and a chart, with CSV download links."""
        if params:  # only the default page is cached: arbitrary parameters must not grow memory
            return self._comparisons(params)
        return self._cached("comparisons", lambda: self._comparisons(None))

    def _comparisons(self, params: Mapping[str, str] | None) -> str:
        sections = []
        toc = []
        for q, table, note in self.comparison_tables(params):
            toc.append(f'<li><a href="#{escape(q.name)}">{escape(q.title)}</a></li>')
            if table is None:
                inputs = "".join(
                    f'<label>{escape(p)} <input name="{escape(q.name)}.{escape(p)}"></label> '
                    for p in q.params
                )
                if not q.params:
                    inputs = ""
                sections.append(
                    f'<section class="cmp" id="{escape(q.name)}"><h2>{escape(q.title)}</h2>'
                    f'<p class="muted">{escape(note)}</p><form method="get" action="/comparisons">'
                    f"{inputs}<button>Run</button></form></section>"
                )
                continue
            qs = {
                p.split(".", 1)[1]: v
                for p, v in (params or {}).items()
                if p.startswith(q.name + ".")
            }
            href = f"/comparisons/{q.name}.csv" + (f"?{urlencode(qs)}" if qs else "")
            sections.append(comparison_section(q, table, csv_href=href))
        body = f"<ul>{''.join(toc)}</ul>{''.join(sections)}"
        return layout("Comparisons", body)

    def comparison_csv(self, name: str, params: Mapping[str, str] | None = None) -> str:
        """One saved query's answer as W3C CSV."""
        known = {q.name: q for q in saved_list()}
        if name not in known:
            raise NotFound(f"no saved query {name!r}")
        values = {p: (params or {}).get(p) or d for p, d in known[name].params.items()}
        return table_csv(run_saved(self.store(), name, {k: v for k, v in values.items() if v}))

    # -- query form -----------------------------------------------------------------------

    def query_page(self, params: Mapping[str, str], handler: Any) -> str:
        """A SPARQL form pre-filled with a saved query; runs through the endpoint's workers."""
        from kg.serve.sparql import QueryRejected

        saved = saved_list()
        text = params.get("query")
        chosen = params.get("saved")
        if text is None:
            names = {q.name for q in saved}
            chosen = chosen if chosen in names else ("studies" if "studies" in names else None)
            text = saved_text(chosen) if chosen else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
        picker = " · ".join(
            f'<a href="/query?saved={escape(q.name)}" title="{escape(q.title)}">'
            f"{escape(q.name)}</a>"
            for q in saved
        )
        result = ""
        if "query" in params:
            try:
                data, _ = handler.run_query(text, accept=None, fmt="json")
                table = _table_from_json(json.loads(data))
                result = f"<h2>Results ({len(table.rows)} rows)</h2>{table_html(table, limit=1000)}"
            except QueryRejected as exc:
                result = f'<p class="err">HTTP {exc.status}: {escape(exc.message)}</p>'
            except ValueError:
                result = '<p class="muted">This query returns RDF; use the endpoint for it.</p>'
        form = (
            f'<p>Saved queries: {picker}</p><form method="get" action="/query">'
            f'<textarea name="query" rows="18">{escape(text)}</textarea>'
            '<p><button type="submit">Run</button> <span class="muted">The default graph is the '
            "union of all graphs. Results come from <code>/sparql</code>.</span></p></form>"
        )
        return layout("SPARQL query", form + result)


def _table_from_json(data: Mapping[str, Any]) -> Table:
    if "boolean" in data:
        return Table(["boolean"], [[ox.Literal(str(data["boolean"]).lower())]])
    names = list(data["head"]["vars"])
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for n in names:
            cell = binding.get(n)
            if cell is None:
                row.append(None)
            elif cell["type"] == "uri":
                row.append(ox.NamedNode(cell["value"]))
            elif cell["type"] == "bnode":
                row.append(ox.BlankNode(cell["value"]))
            elif "xml:lang" in cell:
                row.append(ox.Literal(cell["value"], language=cell["xml:lang"]))
            elif "datatype" in cell:
                row.append(ox.Literal(cell["value"], datatype=ox.NamedNode(cell["datatype"])))
            else:
                row.append(ox.Literal(cell["value"]))
        rows.append(row)
    return Table(names, rows)


def _duration_months(value: str) -> float:
    """An ISO-8601 duration in months, roughly, for sorting (P1W < P1M < P1Y)."""
    match = re.fullmatch(
        r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?"
        r"(?:(\d+(?:\.\d+)?)D)?(?:T.*)?",
        value,
    )
    if not match:
        return float("inf")
    y, m, w, d = (float(g) if g else 0.0 for g in match.groups())
    return 12 * y + m + w * 7 / 30.44 + d / 30.44


def _natural(iri: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri)]


def _node_name(iri: str) -> str:
    """A record node's path below its record (`arm/1/administration/1`)."""
    marker = "/data/record/"
    if marker in iri:
        tail = iri.split(marker, 1)[1]
        return tail.split("/", 1)[1] if "/" in tail else tail
    return iri.rsplit("/", 1)[-1]


def _highlight(text: str, evidence: list[dict[str, Any]], prefix: str) -> str:
    """The document with every evidence span in <mark>; each span's start carries its anchor."""
    spans = [
        (k, ev["start"], ev["end"])
        for k, ev in enumerate(evidence)
        if isinstance(ev["start"], int)
        and isinstance(ev["end"], int)
        and 0 <= ev["start"] < ev["end"] <= len(text)
    ]
    cuts = sorted({0, len(text), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    out = []
    for a, b in itertools.pairwise(cuts):
        covering = [k for k, s, e in spans if s <= a and b <= e]
        piece = escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        starting = [k for k, s, _ in spans if s == a]
        anchors = "".join(f'<a class="anchor" id="{prefix}ev-{k}"></a>' for k in starting[:-1])
        mark_id = f' id="{prefix}ev-{starting[-1]}"' if starting else ""
        tip = "; ".join(evidence[k]["pointer"] or "" for k in covering)
        out.append(f'{anchors}<mark{mark_id} title="{escape(tip)}">{piece}</mark>')
    return "".join(out)
