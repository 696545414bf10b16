"""The saved queries as the pages and the report use them: a thin layer over `kg.query`.

`kg.query` owns the query files, their parameters and their execution; this module only turns
its answers into (columns, rows of plain values) for tables and charts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

__all__ = ["SavedQuery", "Table", "cell_text", "run_saved", "saved_list", "saved_text"]


@dataclass(frozen=True)
class SavedQuery:
    """One saved query: name (file stem), title, description and parameters with defaults."""

    name: str
    title: str
    description: str = ""
    params: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Table:
    """A query answer: column names and rows of terms (None for unbound)."""

    columns: list[str]
    rows: list[list[Any]]

    def number(self, row: list[Any], column: str) -> float | None:
        """The numeric value of a cell, or None."""
        value = row[self.columns.index(column)] if column in self.columns else None
        if value is None:
            return None
        try:
            return float(cell_text(value))
        except ValueError:
            return None

    def text(self, row: list[Any], column: str) -> str:
        """The text of a cell ('' when unbound or absent)."""
        if column not in self.columns:
            return ""
        value = row[self.columns.index(column)]
        return "" if value is None else cell_text(value)


def cell_text(value: Any) -> str:
    """A term or Python value as display text (IRIs in full, literals by lexical form)."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value.value
    if isinstance(value, Mapping) and "value" in value:
        return str(value["value"])
    if hasattr(value, "toPython") and not isinstance(value, str):
        return str(value)
    return str(value)


def _attr(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def saved_list() -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    from kg import query as kq

    out = []
    for item in _loadable(kq):
        raw = _attr(item, "params", None) or _attr(item, "parameters", None) or {}
        params: dict[str, str | None] = {}
        if isinstance(raw, Mapping):
            for key, value in raw.items():
                params[str(key)] = _default_of(value)
        else:
            for value in raw:
                params[str(_attr(value, "name", value))] = _default_of(value)
        out.append(
            SavedQuery(
                name=str(_attr(item, "name")),
                title=str(_attr(item, "title", "") or _attr(item, "name")),
                description=str(_attr(item, "description", "") or ""),
                params=params,
            )
        )
    return sorted(out, key=lambda q: q.name)


def _loadable(kq: Any) -> list[Any]:
    """Every saved query that loads; one broken file must not hide the others."""
    names = getattr(kq, "query_names", None)
    if names is None:
        return list(kq.saved_queries())
    found = []
    for name in names():
        try:
            found.append(kq.load_query(name))
        except Exception as exc:
            BROKEN[name] = f"{type(exc).__name__}: {exc}"
    return found


BROKEN: dict[str, str] = {}
"""Saved queries that failed to load, with the reason (shown on the comparisons page)."""


def _default_of(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    default = _attr(value, "default", None)
    return None if default is None else str(default)


def saved_text(name: str) -> str:
    """The SPARQL text of a saved query."""
    from kg import query as kq

    loaded = kq.load_query(name)
    if isinstance(loaded, str):
        return loaded
    for attr in ("text", "sparql", "query", "source"):
        value = _attr(loaded, attr)
        if isinstance(value, str):
            return value
    return str(loaded)


def run_saved(store: ox.Store, name: str, params: Mapping[str, str] | None = None) -> Table:
    """Run the saved query `name` on `store` with `params` (defaults for the rest)."""
    from kg import query as kq

    loaded = kq.load_query(name)
    result = kq.run_query(store, loaded, dict(params or {}))
    return to_table(result)


def to_table(result: Any) -> Table:
    """Whatever `kg.query.run_query` returns, as a Table."""
    columns = _attr(result, "columns") or _attr(result, "variables") or _attr(result, "vars")
    rows = _attr(result, "rows")
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return Table(names, [[s[n] for n in names] for s in result])
    if columns is not None and rows is not None:
        names = [c.value if isinstance(c, ox.Variable) else str(c) for c in columns]
        return Table(names, [_row(r, names) for r in rows])
    items = list(result)
    if items and isinstance(items[0], Mapping):
        names = list(items[0].keys())
        return Table(names, [[item.get(n) for n in names] for item in items])
    return Table([], [])


def _row(row: Any, names: list[str]) -> list[Any]:
    if isinstance(row, Mapping):
        return [row.get(n) for n in names]
    if isinstance(row, ox.QuerySolution):
        return [row[n] for n in names]
    return list(row)
