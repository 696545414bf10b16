"""Load: 16 concurrent clients against `scikg serve` on loopback, mixed queries and pages.

Runs for $SCIKG_LOAD_SECONDS (default 10; the issue's figure is for 30). Prints latency
percentiles so a run's numbers can be quoted.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from _serve_support import build_store, http, scikg_server

from kg.query import bind_params, load_query, saved_queries, with_values

pytestmark = [pytest.mark.server, pytest.mark.slow]
CLIENTS = 16


def test_sixteen_clients_get_no_errors(tmp_path: Path) -> None:
    seconds = float(os.environ.get("SCIKG_LOAD_SECONDS", "10"))
    store, corpus = build_store(tmp_path)
    queries = []
    for q in saved_queries():
        if all(p.default is not None for p in q.params):
            queries.append(with_values(q.text, bind_params(load_query(q.name), None)))
    pages = ["/", "/studies", "/comparisons", "/study/fx-cells-it", "/vocab/route-intrathecal"]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    with scikg_server(store, corpus, timeout=10.0) as base:
        deadline = time.monotonic() + seconds

        def client(index: int) -> None:
            i = index
            while time.monotonic() < deadline:
                i += 1
                if i % 3 == 0:
                    path, kwargs = pages[i % len(pages)], {}
                else:
                    path = "/sparql"
                    kwargs = {
                        "method": "POST",
                        "data": urlencode({"query": queries[i % len(queries)]}).encode(),
                        "headers": {"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+json"},
                    }
                start = time.perf_counter()
                try:
                    status, _, _ = http(base + path, timeout=30, **kwargs)
                except OSError as exc:
                    status = repr(exc)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    if status != 200:
                        errors.append(f"{path}: {status}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 60)
    latencies.sort()
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"\nload: {CLIENTS} clients, {seconds:g} s, {len(latencies)} requests "
        f"({len(latencies) / seconds:.0f}/s), errors {len(errors)}, "
        f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, "
        f"p99 {cuts[98] * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms"
    )
    assert errors == []
    assert len(latencies) > CLIENTS * seconds  # more than one request per client per second
