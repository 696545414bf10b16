"""The SPARQL engine behind `scikg serve`: query checks, content negotiation, killable workers.

pyoxigraph has no query timeout and ignores signals while a query runs, so every query runs in
a worker process holding its own read-only handle on the store; a worker that overruns the time
limit is killed and replaced, and the other workers keep answering.
"""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "QueryRejected",
    "WorkerPool",
    "check_query",
    "negotiate",
    "query_form",
]

MAX_QUERY_BYTES = 64 * 1024
"""Longer queries are refused with 413: no real question about this graph needs more."""

# format key -> (media type, pyoxigraph format name)
RESULT_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("application/sparql-results+json", "JSON"),
    "xml": ("application/sparql-results+xml", "XML"),
    "csv": ("text/csv", "CSV"),
    "tsv": ("text/tab-separated-values", "TSV"),
}
GRAPH_FORMATS: dict[str, tuple[str, str]] = {
    "turtle": ("text/turtle", "TURTLE"),
    "ntriples": ("application/n-triples", "N_TRIPLES"),
    "jsonld": ("application/ld+json", "JSON_LD"),
    "rdfxml": ("application/rdf+xml", "RDF_XML"),
}
_ALIASES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "json": "json",
    "srj": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "xml": "xml",
    "srx": "xml",
    "text/csv": "csv",
    "csv": "csv",
    "text/tab-separated-values": "tsv",
    "tsv": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "turtle": "turtle",
    "ttl": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "application/ld+json": "jsonld",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "application/rdf+xml": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf": "rdfxml",
    "xml-rdf": "rdfxml",
}


class QueryRejected(Exception):  # noqa: N818 - an HTTP answer, not a programming error
    """A query the endpoint will not run: carries the HTTP status and a readable reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# ---------------------------------------------------------------------------------------------
# Lexical checks. The engine parses the query itself; these checks only need the keywords that
# appear outside comments, strings and IRIs, which a small tokenizer finds reliably.

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()\[\];,.<>]*)?|:[^\s{}()\[\];,.<>]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "construct", "DESCRIBE": "describe"}


def _tokens(text: str) -> list[tuple[str, str]]:
    # SPARQL allows \u escapes anywhere in a query; decode them first so that an escaped
    # keyword (\u0053ERVICE) cannot slip past the checks below
    decoded = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return [
        (m.lastgroup or "other", m.group())
        for m in _TOKEN.finditer(decoded)
        if m.lastgroup not in ("comment", "string")
    ]


def _prefixes(tokens: list[tuple[str, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for i, (kind, value) in enumerate(tokens[:-2]):
        if kind == "word" and value.upper() == "PREFIX" and tokens[i + 2][0] == "iri":
            found[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
    return found


def query_form(text: str) -> str | None:
    """'select', 'ask', 'construct' or 'describe': the first query keyword of `text`."""
    for kind, value in _tokens(text):
        if kind == "word" and value.upper() in _FORMS:
            return _FORMS[value.upper()]
    return None


def check_query(text: str, allow_service: frozenset[str] | set[str] = frozenset()) -> str:
    """The query form of a query the endpoint may run; QueryRejected (413/403/400) otherwise.

    Updates are refused with 403 (the endpoint is read-only); SERVICE is refused with 403
    unless its endpoint's host is in `allow_service`, so no query makes the server call out.
    """
    if len(text.encode("utf-8")) > MAX_QUERY_BYTES:
        raise QueryRejected(413, f"query is longer than {MAX_QUERY_BYTES} bytes")
    tokens = _tokens(text)
    words = [value.upper() for kind, value in tokens if kind == "word"]
    form = next((_FORMS[w] for w in words if w in _FORMS), None)
    if form is None:
        if any(w in _UPDATE_WORDS for w in words):
            raise QueryRejected(403, "this endpoint is read-only: SPARQL Update is not allowed")
        raise QueryRejected(400, "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    if ";" in {v for k, v in tokens if k == "other"} and any(w in _UPDATE_WORDS for w in words):
        # `SELECT ...; INSERT ...` is an update request in disguise
        raise QueryRejected(403, "this endpoint is read-only: SPARQL Update is not allowed")
    prefixes = _prefixes(tokens)
    for i, (kind, value) in enumerate(tokens):
        if kind != "word" or value.upper() != "SERVICE":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][1].upper() == "SILENT":
            j += 1
        target = tokens[j] if j < len(tokens) else ("other", "")
        host = _service_host(target, prefixes)
        if host is None or host not in allow_service:
            shown = target[1] or "(nothing)"
            raise QueryRejected(
                403, f"SERVICE {shown}: federated queries to this endpoint are not allowed"
            )
    return form


def _service_host(token: tuple[str, str], prefixes: dict[str, str]) -> str | None:
    kind, value = token
    if kind == "iri":
        iri = value[1:-1]
    elif kind == "word" and ":" in value:
        prefix, _, local = value.partition(":")
        if prefix not in prefixes:
            return None
        iri = prefixes[prefix] + local
    else:
        return None  # a variable or anything else: cannot know where it would go
    parts = urlsplit(iri)
    if parts.scheme not in ("http", "https"):
        return None
    return (parts.hostname or "").lower() or None


# ---------------------------------------------------------------------------------------------
# Content negotiation.


def negotiate(form: str, accept: str | None, fmt: str | None) -> str:
    """The format key for a query form from `format=` (wins) or the Accept header."""
    wanted = GRAPH_FORMATS if form in ("construct", "describe") else RESULT_FORMATS
    default = "turtle" if form in ("construct", "describe") else "json"
    if fmt:
        key = _ALIASES.get(fmt.strip().lower())
        if key is None or key not in wanted:
            raise QueryRejected(
                406, f"format {fmt!r} is not available for {form.upper()}; use {', '.join(wanted)}"
            )
        return key
    if not accept:
        return default
    ranked = [(-q, index, media) for q, index, media in accept_entries(accept)]
    for neg_q, _index, media in sorted(ranked):
        if neg_q == 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return default
        key = _ALIASES.get(media)
        if key == "json" and wanted is GRAPH_FORMATS:
            key = "jsonld"  # a client asking a graph query for plain JSON gets JSON-LD
        if key in wanted:
            return key
    if any(media == "text/html" for _, _, media in ranked):
        return default  # a browser following a link: show the default rather than refuse
    raise QueryRejected(406, f"cannot answer {form.upper()} as {accept}; use {', '.join(wanted)}")


def media_type(key: str) -> str:
    """The media type (with charset where textual) sent for a format key."""
    media = {**RESULT_FORMATS, **GRAPH_FORMATS}[key][0]
    return media if media.endswith("json") or "xml" in media else f"{media}; charset=utf-8"


# ---------------------------------------------------------------------------------------------
# Workers.


@dataclass
class Job:
    """One query for a worker."""

    query: str
    form: str
    fmt: str
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _worker_main(conn: Connection) -> None:
    """Worker loop: open the store named by each job read-only, run the query, send bytes."""
    import pyoxigraph as ox

    stores: dict[str, Any] = {}
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        store_dir, job = message
        try:
            store = stores.get(store_dir)
            if store is None:
                stores.clear()  # a rebuild published a new generation: drop the old handle
                store = stores[store_dir] = ox.Store.read_only(store_dir)
            conn.send(("ok", _run(ox, store, Job(**job))))
        except QueryRejected as exc:
            conn.send(("rejected", (exc.status, exc.message)))
        except SyntaxError as exc:
            conn.send(("rejected", (400, f"syntax error: {exc}")))
        except MemoryError:
            conn.send(("rejected", (503, "the query needed more memory than allowed")))
        except Exception as exc:
            conn.send(("rejected", (500, f"query failed: {type(exc).__name__}: {exc}")))


def _run(ox: Any, store: Any, job: Job) -> bytes:
    options: dict[str, Any] = {}
    if job.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    result = store.query(job.query, **options)
    if isinstance(result, ox.QueryBoolean):
        return result.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[job.fmt][1]))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = _take(result, job.max_rows, "rows")
        data = _results_json(variables, rows)
        if job.fmt == "json":
            return data
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[job.fmt][1]))
    triples = _take(result, job.max_rows, "triples")
    from kg.namespaces import PREFIXES

    fmt = getattr(ox.RdfFormat, GRAPH_FORMATS[job.fmt][1])
    prefixes = dict(PREFIXES) if job.fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


def _take(items: Any, limit: int, what: str) -> list[Any]:
    taken = []
    for item in items:
        if len(taken) >= limit:
            raise QueryRejected(
                413, f"the result has more than {limit} {what}; add a LIMIT or narrow the query"
            )
        taken.append(item)
    return taken


def _results_json(variables: list[str], rows: list[Any]) -> bytes:
    """SPARQL 1.1 Query Results JSON for solutions (W3C term encoding)."""
    out = []
    for row in rows:
        binding: dict[str, Any] = {}
        for name in variables:
            term = row[name]
            if term is not None:
                binding[name] = _term_json(term)
        out.append(binding)
    return json.dumps(
        {"head": {"vars": variables}, "results": {"bindings": out}}, ensure_ascii=False
    ).encode("utf-8")


def _term_json(term: Any) -> dict[str, str]:
    kind = type(term).__name__
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Literal":
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # RDF-star triples: shown as text


class _Worker:
    """A worker process on the other end of a socket pair.

    Started as `python -m kg.serve.sparql FD` rather than through multiprocessing, so it never
    re-imports the caller's main module (a console script, pytest or an embedding program).
    """

    def __init__(self, max_memory_mb: int = 0) -> None:
        parent, child = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serve.sparql", str(child.fileno()), str(max_memory_mb)],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
        )
        child.close()
        self.conn = Connection(parent.detach())

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class WorkerPool:
    """Worker processes answering queries over the store at `store_path`, each killable."""

    def __init__(
        self,
        store_path: Path,
        *,
        workers: int = 2,
        timeout: float = 10.0,
        max_rows: int = 10000,
        max_memory_mb: int = 0,
    ) -> None:
        self.store_path = Path(store_path)
        self.max_memory_mb = max_memory_mb
        self.timeout = timeout
        self.max_rows = max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, workers)):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self.max_memory_mb)
        with self._lock:
            self._all.append(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            closed = self._closed
        if not closed:
            self._add()

    def run(self, job: Job) -> bytes:
        """The serialised answer to `job`, or QueryRejected (400/413/500, 503 on timeout)."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryRejected(503, "all query workers are busy; try again shortly") from None
        store_dir = str(self.store_path.resolve())
        try:
            worker.conn.send((store_dir, asdict(job)))
            if not worker.conn.poll(max(0.05, deadline - time.monotonic())):
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                worker = None
                raise QueryRejected(
                    503, f"the query ran longer than the time limit of {self.timeout:g} s"
                )
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if worker is not None:
                threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
                worker = None
            raise QueryRejected(
                503, "the query worker stopped (the query may have needed too much memory)"
            ) from None
        finally:
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload
        raise QueryRejected(*payload)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
        for worker in workers:
            worker.kill()


def default_workers() -> int:
    """Two workers, or one per core when there are more."""
    return max(2, os.cpu_count() or 1)


def _limit_memory(megabytes: int) -> None:
    """Cap the worker's address space, so a query that explodes in memory kills only it."""
    if megabytes > 0:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


if __name__ == "__main__":
    _limit_memory(int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    _worker_main(Connection(int(sys.argv[1])))


def accept_entries(accept: str) -> list[tuple[float, int, str]]:
    """(quality, position, lower-case media type) for each entry of an Accept header."""
    entries: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        entries.append((q, index, media.lower()))
    return entries
