"""`scikg serve`: the SPARQL 1.1 Protocol endpoint and the web pages, on the standard library.

One thread per connection (ThreadingHTTPServer); SPARQL from clients runs in the killable worker
processes of `kg.serve.sparql`, pages run their own trusted queries on a read-only store handle.
"""

from __future__ import annotations

import re
import signal
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from kg.errors import ScikgError
from kg.namespaces import SCIKG_BASE
from kg.serve.pages import NotFound
from kg.serve.sparql import (
    GRAPH_FORMATS,
    MAX_QUERY_BYTES,
    RESULT_FORMATS,
    Job,
    QueryRejected,
    WorkerPool,
    accept_entries,
    check_query,
    default_workers,
    media_type,
    negotiate,
)

__all__ = ["ServeOptions", "make_server"]

_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}
_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9._~:@!$&'()*+,;=-]+$")
_RDF_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "ntriples",
    "application/rdf+xml": "rdfxml",
}


@dataclass
class ServeOptions:
    """How the server runs."""

    store_path: Path
    docs: list[Path] = field(default_factory=list)
    timeout: float = 10.0
    max_rows: int = 10000
    workers: int = 0
    max_memory_mb: int = 4096
    allow_service: frozenset[str] = frozenset()


class ScikgServer(ThreadingHTTPServer):
    """The HTTP server with the worker pool and the page renderer attached."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], options: ServeOptions) -> None:
        from kg.serve.pages import Site

        self.options = options
        self.pool = WorkerPool(
            options.store_path,
            workers=options.workers or default_workers(),
            timeout=options.timeout,
            max_rows=options.max_rows,
            max_memory_mb=options.max_memory_mb,
        )
        self.site = Site(options.store_path, options.docs)
        try:
            super().__init__(address, Handler)
        except BaseException:
            self.pool.close()
            raise

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(host: str, port: int, options: ServeOptions) -> ScikgServer:
    """A server bound to host:port (port 0: any free port; see `server_address`)."""
    return ScikgServer((host, port), options)


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the endpoint, the pages and the IRI dereferencer."""

    server: ScikgServer
    protocol_version = "HTTP/1.1"
    server_version = "scikg"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet by default: the access log would drown a load test."""

    # -- plumbing -------------------------------------------------------------------------

    def _send(
        self,
        status: int,
        body: bytes | str,
        content_type: str = "text/plain; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in {**_CORS, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str) -> None:
        if self._wants_html():
            from kg.serve.pages import error_page

            self._send(status, error_page(status, message), "text/html; charset=utf-8")
        else:
            self._send(status, message + "\n")

    def _wants_html(self) -> bool:
        accept = self.headers.get("Accept", "")
        return "text/html" in accept and not self.path.startswith("/sparql")

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                self.close_connection = True
                raise QueryRejected(411, "send a Content-Length; chunked bodies are not accepted")
            return b""
        try:
            size = int(length)
        except ValueError:
            raise QueryRejected(400, "bad Content-Length") from None
        if size > 4 * MAX_QUERY_BYTES:
            self.close_connection = True  # the body stays unread
            raise QueryRejected(413, f"request body is longer than {4 * MAX_QUERY_BYTES} bytes")
        return self.rfile.read(size)

    def do_OPTIONS(self) -> None:
        """CORS pre-flight."""
        self._send(204, b"")

    def do_HEAD(self) -> None:
        """Like GET without a body."""
        self.do_GET()

    def do_GET(self) -> None:
        """Endpoint, pages and dereferencing."""
        self._dispatch("GET")

    def do_POST(self) -> None:
        """Endpoint queries only."""
        self._dispatch("POST")

    def do_PUT(self) -> None:
        """The graph is read-only."""
        self._refuse_write()

    def do_DELETE(self) -> None:
        """The graph is read-only."""
        self._refuse_write()

    def do_PATCH(self) -> None:
        """The graph is read-only."""
        self._refuse_write()

    def _refuse_write(self) -> None:
        self.close_connection = True
        self._send(405, "this endpoint is read-only\n", headers={"Allow": "GET, POST, OPTIONS"})

    def _dispatch(self, method: str) -> None:
        try:
            parts = urlsplit(self.path)
            path = _clean_path(parts.path)
            params = parse_qs(parts.query, keep_blank_values=True)
            if path == "/sparql":
                self._sparql(method, params)
            elif method != "GET" and method != "HEAD":
                self.close_connection = True  # its body stays unread
                self._send(405, "POST is only for /sparql\n", headers={"Allow": "GET"})
            else:
                self._page(path, params)
        except QueryRejected as exc:
            self._error(exc.status, exc.message)
        except NotFound as exc:
            self._error(404, str(exc))
        except ScikgError as exc:
            self._error(503, "; ".join(exc.lines()))
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:
            self.close_connection = True
            self._error(500, f"internal error: {type(exc).__name__}: {exc}")

    # -- the SPARQL endpoint --------------------------------------------------------------

    def _sparql(self, method: str, params: dict[str, list[str]]) -> None:
        if method == "POST":
            content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            body = self._body()
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    raise QueryRejected(400, "the form is not UTF-8") from None
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    raise QueryRejected(400, "the query is not UTF-8") from None
            elif content_type == "application/sparql-update":
                raise QueryRejected(403, "this endpoint is read-only: SPARQL Update is not allowed")
            else:
                raise QueryRejected(
                    415,
                    "POST a form (application/x-www-form-urlencoded) or application/sparql-query",
                )
        if "update" in params:
            raise QueryRejected(403, "this endpoint is read-only: SPARQL Update is not allowed")
        queries = params.get("query", [])
        if not queries:
            if method == "GET":
                self._service_description()
                return
            raise QueryRejected(400, "no query given")
        if len(queries) > 1:
            raise QueryRejected(400, "give exactly one query")
        answer, key = self.run_query(
            queries[0],
            accept=self.headers.get("Accept"),
            fmt=(params.get("format") or [None])[0],
            default_graphs=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
        )
        self._send(200, answer, media_type(key), {"Vary": "Accept"})

    def run_query(
        self,
        query: str,
        *,
        accept: str | None,
        fmt: str | None,
        default_graphs: list[str] = (),  # type: ignore[assignment]
        named_graphs: list[str] = (),  # type: ignore[assignment]
    ) -> tuple[bytes, str]:
        """Check, negotiate and run one untrusted query; (bytes, format key)."""
        options = self.server.options
        form = check_query(query, options.allow_service)
        key = negotiate(form, accept, fmt)
        job = Job(query, form, key, options.max_rows, list(default_graphs), list(named_graphs))
        return self.server.pool.run(job), key

    def _service_description(self) -> None:
        from kg.serve.pages import service_description

        accept = self.headers.get("Accept") or "text/turtle"
        key = next((k for m, k in _RDF_MEDIA.items() if m in accept), "turtle")
        host, port = self.server.server_address[:2]
        claimed = self.headers.get("Host") or ""
        # the Host header names the endpoint in the description; anything odd is not trusted
        authority = claimed if _HOST.match(claimed) else f"{host}:{port}"
        endpoint = f"http://{authority}"
        data = service_description(endpoint + "/sparql", key, RESULT_FORMATS, GRAPH_FORMATS)
        self._send(200, data, media_type(key))

    # -- pages and dereferencing ----------------------------------------------------------

    def _page(self, path: str, params: dict[str, list[str]]) -> None:
        site = self.server.site
        accept = self.headers.get("Accept", "")
        first = {k: v[0] for k, v in params.items() if v}
        html = "text/html; charset=utf-8"
        if path in ("/", "/index.html"):
            self._send(200, site.home(), html)
        elif path == "/studies":
            self._send(200, site.studies(first.get("sort"), first.get("dir")), html)
        elif path.startswith("/study/"):
            self._resource(SCIKG_BASE + "data" + path, accept, first.get("format"))
        elif path == "/comparisons":
            self._send(200, site.comparisons(first), html)
        elif path.startswith("/comparisons/") and path.endswith(".csv"):
            name = path[len("/comparisons/") : -len(".csv")]
            data = site.comparison_csv(name, first)
            self._send(
                200,
                data,
                "text/csv; charset=utf-8",
                {"Content-Disposition": f'attachment; filename="{name}.csv"'},
            )
        elif path == "/query":
            self._send(200, site.query_page(first, self), html)
        elif path.split("/")[1] in ("data", "ontology", "vocab"):
            self._resource(SCIKG_BASE + path[1:], accept, first.get("format"))
        elif path == "/favicon.ico":
            self._send(204, b"")
        else:
            raise QueryRejected(404, f"no page at {path}")

    def _resource(self, iri: str, accept: str, fmt: str | None) -> None:
        """An IRI of the graph: RDF for RDF clients, HTML for browsers."""
        site = self.server.site
        key = _RDF_MEDIA.get((fmt or "").lower()) or {
            "ttl": "turtle",
            "turtle": "turtle",
            "jsonld": "jsonld",
            "json-ld": "jsonld",
            "nt": "ntriples",
            "ntriples": "ntriples",
            "rdf": "rdfxml",
            "rdfxml": "rdfxml",
        }.get((fmt or "").lower())
        if key is None and fmt is None:
            key = _rdf_key(accept)
        for candidate in (iri, iri + "/"):  # namespace IRIs end in a slash the path lost
            try:
                if key is not None:
                    data = site.resource_rdf(candidate, key)
                    self._send(200, data, media_type(key), {"Vary": "Accept"})
                else:
                    page = site.resource_page(candidate)
                    self._send(200, page, "text/html; charset=utf-8", {"Vary": "Accept"})
                return
            except NotFound:
                if candidate.endswith("/"):
                    raise


def _rdf_key(accept: str) -> str | None:
    """The RDF format an Accept header prefers over HTML, if any."""
    best: tuple[float, int, str | None] = (0.0, 0, None)
    for q, index, media in accept_entries(accept):
        key = _RDF_MEDIA.get(media.lower())
        if media.lower() in ("text/html", "application/xhtml+xml"):
            key = "html"
        if key and (q > best[0] or (q == best[0] and index < best[1])):
            best = (q, index, key)
    return None if best[2] in (None, "html") else best[2]


def _clean_path(raw: str) -> str:
    """The decoded URL path, refusing anything that could climb out of its folder."""
    if "\\" in raw or "\x00" in raw:
        raise QueryRejected(400, "bad characters in the path")
    decoded = unquote(raw)
    segments = decoded.split("/")[1:]
    for segment in segments:
        if segment in (".", "..") or "\\" in segment or "\x00" in segment or "/" in segment:
            raise QueryRejected(400, "path traversal is not allowed")
        if segment and not _SAFE_SEGMENT.match(segment):
            raise QueryRejected(400, "bad characters in the path")
    if decoded.count("//"):
        raise QueryRejected(400, "empty path segment")
    return decoded.rstrip("/") or "/"


def serve_forever(host: str, port: int, options: ServeOptions, ready: Any = None) -> None:
    """Run the server until SIGINT or SIGTERM; `ready(server)` is called once it listens.

    Either signal stops it cleanly (workers stopped, exit status 0). Both are handled
    explicitly: a process started in the background by a script inherits an ignored SIGINT,
    and a service manager stops with SIGTERM.
    """
    server = make_server(host, port, options)
    previous = _stop_on_signals()
    if ready is not None:
        ready(server)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        server.server_close()


def _stop_on_signals() -> dict[int, Any]:
    """SIGINT and SIGTERM raise KeyboardInterrupt; the handlers they replace, to restore."""
    if threading.current_thread() is not threading.main_thread():
        return {}  # only the main thread may set handlers; its caller decides how to stop

    def interrupt(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    return {number: signal.signal(number, interrupt) for number in (signal.SIGINT, signal.SIGTERM)}
