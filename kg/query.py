"""Saved SPARQL queries: reading `queries/*.rq`, binding parameters, running them.

A saved query is a `.rq` file whose leading comment lines describe it:

    # title: Studies by MeSH descriptor
    # description: Studies annotated with a MeSH descriptor ...   (may repeat; lines are joined)
    # param: descriptor (iri, default mesh:D013119): the MeSH descriptor

Parameter values are turned into typed RDF terms and bound by the engine (pyoxigraph
substitutions), never pasted into the query text. pyoxigraph binds a substitution at the top
level of the query and only for a projected variable, so a parameter must be selected and used
in the top-level WHERE group; the parameter columns are left out of the result. For a remote
endpoint, which has no such API, the term is serialised in RDF term syntax into a `VALUES`
block opening the top-level WHERE group, which means the same.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import ScikgError
from kg.namespaces import MESH, PREFIXES, XSD
from kg.paths import QUERIES_DIR

__all__ = [
    "PARAM_TYPES",
    "Param",
    "QueryError",
    "Result",
    "SavedQuery",
    "load_query",
    "parse_header",
    "query",
    "run_query",
    "run_remote",
    "saved_queries",
    "to_python",
    "to_term",
    "values_block",
    "with_values",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal

PARAM_TYPES = ("iri", "string", "integer", "decimal", "boolean")
"""The parameter types a `# param:` line may declare."""

_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"\(\s*(?P<type>[a-z]+)\s*(?:,\s*default\s+(?P<default>[^)]*?)\s*)?\)\s*:\s*(?P<text>.*)$"
)
_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*)$")
_MESH_UI = re.compile(r"^[DQCM]\d{6,9}$")
_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
_FULL_IRI = re.compile(r"^(https?|urn|ftp|file):\S+$", re.IGNORECASE)
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class QueryError(ScikgError):
    """A saved query or a parameter that cannot be used."""


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    default: str | None
    description: str

    @property
    def required(self) -> bool:
        """True when the caller must give a value (no default declared)."""
        return self.default is None


@dataclass(frozen=True)
class SavedQuery:
    """A query file with its parsed header."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path | None

    def param(self, name: str) -> Param | None:
        """The declared parameter called `name`, if any."""
        return next((p for p in self.params if p.name == name), None)


@dataclass
class Result:
    """A SELECT result: variable names and rows of RDF terms (None for an unbound cell)."""

    columns: list[str]
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)

    def values(self) -> list[tuple[Any, ...]]:
        """The rows as Python values (numbers, booleans, strings; IRIs as strings)."""
        return [tuple(to_python(term) for term in row) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of Python values, keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.values()]

    def __len__(self) -> int:
        return len(self.rows)


# -- reading query files -------------------------------------------------------------------
def parse_header(text: str, source: str) -> tuple[str, str, tuple[Param, ...]]:
    """(title, description, params) from the leading comment lines; QueryError if incomplete."""
    title = ""
    description: list[str] = []
    params: list[Param] = []
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.match(stripped)
        if match is None:
            continue  # an ordinary comment
        key, value = match["key"], match["value"].strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        elif key == "param":
            param = _parse_param(value)
            if param is None:
                problems.append(
                    f"{source}: line {number}: `# param:` must read "
                    "`name (type, default VALUE): meaning`"
                )
            elif param.type not in PARAM_TYPES:
                problems.append(
                    f"{source}: line {number}: parameter type {param.type!r} is not one of "
                    + ", ".join(PARAM_TYPES)
                )
            else:
                params.append(param)
    if not title:
        problems.append(f"{source}: header: no `# title:` comment line")
    if not description:
        problems.append(f"{source}: header: no `# description:` comment line")
    if problems:
        raise QueryError(*problems)
    return title, " ".join(description), tuple(params)


def _parse_param(value: str) -> Param | None:
    match = _PARAM_LINE.match(value)
    if match is None:
        return None
    default = match["default"]
    return Param(match["name"], match["type"], default or None, match["text"].strip())


def _read(path: Path, name: str) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query: {exc}") from exc
    title, description, params = parse_header(text, str(path))
    try:
        # parsing against an empty store checks the syntax without touching any data
        ox.Store().query(text, substitutions=_placeholders(params))
    except SyntaxError as exc:
        first = " ".join(str(exc).split())[:200]
        raise QueryError(f"{path}: invalid SPARQL: {first}") from exc
    except RuntimeError as exc:  # a substituted parameter that is not projected
        names = ", ".join(p.name for p in params)
        raise QueryError(
            f"{path}: params ({names}) must be SELECTed and used in the top-level WHERE group: "
            + " ".join(str(exc).split())
        ) from exc
    for param in params:
        if not re.search(rf"[?$]{param.name}\b", _body(text)):
            raise QueryError(f"{path}: param {param.name}: the query never uses ?{param.name}")
        if param.default is not None:
            to_term(param, param.default, source=f"{path}: param {param.name}: default")
    return SavedQuery(name, title, description, params, text, path)


def _placeholders(params: Iterable[Param]) -> dict[ox.Variable, Term]:
    return {ox.Variable(p.name): ox.Literal("") for p in params}


@lru_cache(maxsize=256)
def _cached(path: Path, name: str, mtime_ns: int) -> SavedQuery:
    return _read(path, name)


def _load(path: Path, name: str) -> SavedQuery:
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise QueryError(f"{path}: cannot read the query: {exc}") from exc
    return _cached(path, name, mtime)


def saved_queries(directory: Path | None = None) -> list[SavedQuery]:
    """Every saved query in `directory` (default: the project's `queries/`), sorted by name."""
    folder = directory or QUERIES_DIR
    return [_load(path, path.stem) for path in sorted(folder.glob("*.rq"), key=lambda p: p.stem)]


def query_names(directory: Path | None = None) -> list[str]:
    """The names of the saved queries (file stems), sorted."""
    return sorted(path.stem for path in (directory or QUERIES_DIR).glob("*.rq"))


def load_query(name_or_path: str | Path, directory: Path | None = None) -> SavedQuery:
    """A saved query by name (`studies`) or a `.rq` file path; QueryError if unknown or invalid."""
    text = str(name_or_path)
    folder = directory or QUERIES_DIR
    if text.endswith(".rq") or "/" in text or isinstance(name_or_path, Path):
        path = Path(name_or_path)
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return _load(path, path.stem)
    path = folder / f"{text}.rq"
    if not path.is_file():
        known = ", ".join(query_names(folder)) or "(none)"
        raise QueryError(f"{text}: no saved query of that name; known queries: {known}")
    return _load(path, text)


# -- parameters ----------------------------------------------------------------------------
def to_term(param: Param, value: str, *, source: str | None = None) -> Term:
    """The RDF term for a parameter value given as text; QueryError when it does not fit."""
    where = source or f"param {param.name}"
    raw = value.strip()
    try:
        if param.type == "iri":
            return _iri(raw, where)
        if param.type == "string":
            return ox.Literal(value)
        if param.type == "integer":
            if not _INTEGER.match(raw):
                raise ValueError("not an integer")
            return ox.Literal(str(int(raw)), datatype=ox.NamedNode(str(XSD.integer)))
        if param.type == "decimal":
            if not _DECIMAL.match(raw):
                raise ValueError("not a decimal number")
            return ox.Literal(str(Decimal(raw)), datatype=ox.NamedNode(str(XSD.decimal)))
        if param.type == "boolean":
            if raw.lower() not in ("true", "false"):
                raise ValueError("not true or false")
            return ox.Literal(raw.lower(), datatype=ox.NamedNode(str(XSD.boolean)))
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(f"{where}: {value!r} is {_what(param.type)} ({exc})") from exc
    raise QueryError(f"{where}: unknown parameter type {param.type!r}")


def _what(kind: str) -> str:
    return {
        "iri": "not an IRI, a prefixed name like mesh:D013119 or a MeSH ID like D013119",
        "integer": "not an integer",
        "decimal": "not a decimal number",
        "boolean": "not true or false",
    }.get(kind, f"not a valid {kind}")


def _iri(raw: str, where: str) -> ox.NamedNode:
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if _MESH_UI.match(raw):
        return ox.NamedNode(str(MESH[raw]))
    prefix, sep, local = raw.partition(":")
    if sep and prefix in PREFIXES and _LOCAL.match(local):
        return ox.NamedNode(PREFIXES[prefix] + local)
    if _FULL_IRI.match(raw):
        # the constructor rejects spaces, <, >, quotes, braces and other non-IRI characters
        return ox.NamedNode(raw)
    raise ValueError("expected a full IRI, a known prefix or a MeSH ID")


def bind_params(saved: SavedQuery, params: Mapping[str, str | Term] | None) -> dict[str, Term]:
    """The parameter terms (declared defaults filled in); QueryError for unknown or missing ones."""
    given = dict(params or {})
    unknown = sorted(set(given) - {p.name for p in saved.params})
    problems = []
    for name in unknown:
        declared = ", ".join(p.name for p in saved.params) or "none"
        problems.append(f"{saved.name}: param {name}: not a parameter of this query ({declared})")
    bound: dict[str, Term] = {}
    for param in saved.params:
        value = given.get(param.name, param.default)
        if value is None:
            problems.append(f"{saved.name}: param {param.name}: required ({param.description})")
            continue
        if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
            bound[param.name] = value
            continue
        try:
            bound[param.name] = to_term(
                param, str(value), source=f"{saved.name}: param {param.name}"
            )
        except QueryError as exc:
            problems.extend(exc.lines())
    if problems:
        raise QueryError(*problems)
    return bound


def _saved(q: SavedQuery | str | Path) -> SavedQuery:
    return q if isinstance(q, SavedQuery) else load_query(q)


# -- running -------------------------------------------------------------------------------
def run_query(
    store: ox.Store, q: SavedQuery | str | Path, params: Mapping[str, str | Term] | None = None
) -> Result:
    """Run a saved query on a pyoxigraph store (default graph = union of all graphs)."""
    saved = _saved(q)
    bound = bind_params(saved, params)
    substitutions = {ox.Variable(name): term for name, term in bound.items()}
    try:
        solutions = store.query(
            saved.text, substitutions=substitutions, use_default_graph_as_union=True
        )
    except SyntaxError as exc:
        raise QueryError(f"{saved.path or saved.name}: invalid SPARQL: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"{saved.name}: the store could not answer: {exc}") from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"{saved.path or saved.name}: only SELECT queries can be saved queries")
    names = [variable.value for variable in solutions.variables]
    keep = [i for i, name in enumerate(names) if name not in bound]
    rows = [tuple(solution[i] for i in keep) for solution in solutions]
    return Result([names[i] for i in keep], rows)  # type: ignore[arg-type]


def values_block(bound: Mapping[str, Term]) -> str:
    """`VALUES (?a ?b) { (<term> "lit") }` for bound parameters, terms in N-Triples syntax."""
    if not bound:
        return ""
    names = sorted(bound)
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(str(bound[name]) for name in names)  # str() of a term is N-Triples
    return f"VALUES ({variables}) {{ ({terms}) }}"


def with_values(text: str, bound: Mapping[str, Term]) -> str:
    """The query with a VALUES block opening its top-level WHERE group."""
    block = values_block(bound)
    if not block:
        return text
    body_start = len(text) - len(_body(text))
    match = re.search(r"\bWHERE\s*\{", text[body_start:], re.IGNORECASE) or re.search(
        r"\{", text[body_start:]
    )
    if match is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    at = body_start + match.end()
    return f"{text[:at]}\n  {block}\n{text[at:]}"


def _body(text: str) -> str:
    """The query text after its leading comment and PREFIX/BASE lines."""
    lines = text.splitlines(keepends=True)
    index = 0
    for index, line in enumerate(lines):  # noqa: B007 - index is used after the loop
        stripped = line.strip()
        if (
            stripped
            and not stripped.startswith("#")
            and not re.match(r"(PREFIX|BASE)\b", stripped, re.IGNORECASE)
        ):
            break
    else:
        index = len(lines)
    return "".join(lines[index:])


def run_remote(
    endpoint: str,
    q: SavedQuery | str | Path,
    params: Mapping[str, str | Term] | None = None,
    *,
    timeout: float = 60.0,
) -> Result:
    """Run a saved query against a SPARQL 1.1 endpoint (parameters bound with VALUES)."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    saved = _saved(q)
    bound = bind_params(saved, params)
    text = with_values(saved.text, bound)
    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        answer = client.query().convert()
    except Exception as exc:  # network and HTTP errors of any kind
        message = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise QueryError(
            f"{endpoint}: the endpoint could not answer {saved.name}: {message}"
        ) from exc
    if not isinstance(answer, dict) or "head" not in answer:
        raise QueryError(f"{endpoint}: the answer is not SPARQL JSON results")
    result = result_from_json(answer)
    keep = [i for i, name in enumerate(result.columns) if name not in bound]
    return Result(
        [result.columns[i] for i in keep], [tuple(row[i] for i in keep) for row in result.rows]
    )


def result_from_json(answer: Mapping[str, Any]) -> Result:
    """A Result from `application/sparql-results+json` data."""
    columns = list(answer["head"].get("vars", []))
    rows = []
    for binding in answer.get("results", {}).get("bindings", []):
        rows.append(tuple(_json_term(binding.get(name)) for name in columns))
    return Result(columns, rows)


def _json_term(cell: Mapping[str, str] | None) -> Term | None:
    if cell is None:
        return None
    kind, value = cell.get("type"), cell.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in cell:
            return ox.Literal(value, language=cell["xml:lang"])
        if "datatype" in cell:
            return ox.Literal(value, datatype=ox.NamedNode(cell["datatype"]))
        return ox.Literal(value)
    raise QueryError(f"unknown SPARQL JSON term type {kind!r}")


# -- Python values -------------------------------------------------------------------------
_XSD = str(XSD)
_INTEGER_TYPES = {
    _XSD + t
    for t in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip


def to_python(term: Term | None) -> Any:
    """A term as a Python value: numbers and booleans as such, everything else as a string."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype == _XSD + "decimal":
                number = Decimal(term.value)
                return int(number) if number == number.to_integral_value() else float(number)
            if datatype in (_XSD + "double", _XSD + "float"):
                return float(term.value)
            if datatype == _XSD + "boolean":
                return term.value in ("true", "1")
        except (ValueError, InvalidOperation):
            return term.value
        return term.value
    return term.value


def query(
    name: str | Path,
    params: Mapping[str, str] | None = None,
    store: ox.Store | Path | str | None = None,
    dataframe: bool = False,
) -> Any:
    """Run a saved query; rows as dicts of Python values, or a pandas DataFrame.

    `store` is an open pyoxigraph store, a store path, or None for the default store.
    """
    from kg.paths import default_store_path
    from kg.store import open_store

    if store is None or isinstance(store, Path | str):
        store = open_store(Path(store) if store is not None else default_store_path())
    result = run_query(store, name, params)
    if not dataframe:
        return result.records()
    try:
        import pandas as pd
    except ImportError as exc:
        raise ScikgError("dataframe=True needs pandas: pip install pandas") from exc
    return pd.DataFrame(result.values(), columns=result.columns)


class _CallableModule(types.ModuleType):
    """`kg.query` is both this module and the `query` function: calling the module runs it."""

    def __call__(
        self,
        name: str | Path,
        params: Mapping[str, str] | None = None,
        store: ox.Store | Path | str | None = None,
        dataframe: bool = False,
    ) -> Any:
        return query(name, params, store, dataframe)


# importing kg.query makes the attribute `kg.query` this module, so the module must be callable
sys.modules[__name__].__class__ = _CallableModule
