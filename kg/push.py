"""Load the store's named graphs into another SPARQL engine, replacing what was there.

Two protocols, each one named graph at a time (one per document record, plus the ontology,
MeSH and inferred graphs), so re-pushing replaces a graph instead of duplicating it:

- Graph Store Protocol: `PUT <endpoint>?graph=<iri>` with the graph as N-Triples.
- SPARQL 1.1 Update: `DROP SILENT GRAPH <iri>` then `INSERT DATA` in chunks. Triples with blank
  nodes (OWL axioms of the ontology) go together into one `INSERT {...} WHERE {}`, so their
  blank nodes stay connected; some engines (Virtuoso) refuse blank nodes in `INSERT DATA`.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import ScikgError

__all__ = ["PushError", "PushResult", "push_graphs", "store_graphs"]

CHUNK = 5000
"""Triples per INSERT DATA request: small enough for any engine's request-size limit."""


class PushError(ScikgError):
    """The target engine refused or could not be reached."""


@dataclass
class PushResult:
    """What a push sent."""

    endpoint: str
    graphs: list[str] = field(default_factory=list)
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0


def store_graphs(store: ox.Store, only: Sequence[str] = ()) -> list[str]:
    """The store's named graphs to push, sorted; PushError for a requested graph it lacks."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if not only:
        return names
    missing = [g for g in only if g not in names]
    if missing:
        raise PushError(*(f"--graph {g}: the store has no such named graph" for g in missing))
    return sorted(set(only))


def push_graphs(
    store: ox.Store,
    *,
    update: str | None = None,
    gsp: str | None = None,
    graphs: Sequence[str] = (),
    user: str | None = None,
    password: str | None = None,
    chunk: int = CHUNK,
    timeout: float = 120.0,
) -> PushResult:
    """Replace each named graph of `store` (or only `graphs`) in the target engine."""
    if (update is None) == (gsp is None):
        raise PushError("give exactly one of --update URL or --gsp URL")
    endpoint = update or gsp or ""
    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise PushError(f"{endpoint}: not an http(s) URL")
    client = _Client(endpoint, user, password, timeout)
    result = PushResult(endpoint)
    start = time.perf_counter()
    for name in store_graphs(store, graphs):
        triples = sorted(
            (
                ox.Triple(q.subject, q.predicate, q.object)
                for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))
            ),
            key=str,
        )
        if gsp is not None:
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            client.send("PUT", _with_graph(gsp, name), body, "application/n-triples")
        else:
            for request in update_requests(name, triples, chunk):
                client.send("POST", endpoint, request.encode("utf-8"), "application/sparql-update")
        result.graphs.append(name)
        result.triples += len(triples)
    result.requests = client.requests
    result.seconds = round(time.perf_counter() - start, 3)
    return result


def update_requests(graph: str, triples: Sequence[ox.Triple], chunk: int = CHUNK) -> list[str]:
    """SPARQL Update requests that replace `graph` with `triples`."""
    plain = [t for t in triples if not _has_blank(t)]
    blank = [t for t in triples if _has_blank(t)]
    target = f"<{graph}>"
    requests = []
    first = f"DROP SILENT GRAPH {target}"
    pieces = [plain[i : i + chunk] for i in range(0, len(plain), chunk)] or [[]]
    for i, piece in enumerate(pieces):
        body = _ntriples(piece)
        insert = f"INSERT DATA {{ GRAPH {target} {{\n{body}}} }}" if piece else ""
        requests.append(" ;\n".join(x for x in (first if i == 0 else "", insert) if x))
    if blank:
        requests.append(f"INSERT {{ GRAPH {target} {{\n{_ntriples(blank)}}} }} WHERE {{}}")
    return requests


def _has_blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _ntriples(triples: Iterable[ox.Triple]) -> str:
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    return data.decode("utf-8")


def _with_graph(url: str, graph: str) -> str:
    parts = urlsplit(url)
    query = "&".join(x for x in (parts.query, urlencode({"graph": graph})) if x)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


class _Client:
    """urllib with Basic and Digest authentication (Virtuoso's -auth endpoints use Digest)."""

    def __init__(self, endpoint: str, user: str | None, password: str | None, timeout: float):
        handlers: list[urllib.request.BaseHandler] = []
        if user is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, endpoint, user, password or "")
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        self.opener = urllib.request.build_opener(*handlers)
        self.timeout = timeout
        self.requests = 0

    def send(self, method: str, url: str, body: bytes, content_type: str) -> None:
        request = urllib.request.Request(  # noqa: S310 - the scheme was checked to be http(s)
            url, data=body, method=method, headers={"Content-Type": content_type}
        )
        self.requests += 1
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            hint = " (check --user/--password)" if exc.code in (401, 403) else ""
            first = detail[0][:300] if detail else exc.reason
            raise PushError(f"{url}: HTTP {exc.code}{hint}: {first}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PushError(f"{url}: cannot reach the endpoint: {reason}") from exc
