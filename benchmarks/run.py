"""Benchmark: scikg's pipeline against the naive rdflib + pyshacl way, on one synthetic corpus.

    python benchmarks/run.py --studies 1000 [--json] [--repeats 5] [--naive-timeout 300]
        [--query-timeout S]

Every figure is measured in the same run on the same data. The scikg build runs in a child
process so its peak RSS is clean; every naive step runs in a child process that is killed when it
exceeds --naive-timeout (its figure is then null and the ratio a lower bound). With --json the
last stdout line is the JSON object of the contract (section 5).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # measure this checkout's kg, not another installed one

from synth import change_document, write_corpus  # noqa: E402

# -- child programs --------------------------------------------------------------------------
# Run with `python -c`; each prints one JSON line per finished step so a killed child still
# reports the steps it completed.

_BUILD_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from kg.build import build
start = time.perf_counter()
# the reader's own speed is measured apart ("extraction"); here curated records are built
store = None if sys.argv[2] == "-" else Path(sys.argv[2])  # "-": validate only, no store
result = build([Path(sys.argv[1])], store, progress=False, compare=False)
total = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so this child would inherit the
# peak of the benchmark process that started it. Workers are forked, not exec'd: theirs is true.
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
rss = max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({"total": total, "steps": result.seconds, "triples": result.triples,
                  "documents": result.documents, "peak_rss_mb": rss}), flush=True)
"""

_NAIVE_CHILD = r"""
import json, sys, time
from pathlib import Path
from rdflib import Dataset, Graph
from rdflib.namespace import NamespaceManager
skip = set(json.loads(sys.argv[2]))
def emit(name, seconds): print(json.dumps({"step": name, "s": seconds}), flush=True)
start = time.perf_counter()
from kg.build import load_records, to_rdf
from kg.build_shacl import shapes_data_graph, validate_data
from kg.namespaces import graph_iri
graph = shapes_data_graph()  # the ontology, as the naive validation needs it merged
parsed = to_rdf(load_records([Path(sys.argv[1])]))
for item in parsed:
    for triple in item.rdf.triples:
        graph.add(triple)
emit("load", time.perf_counter() - start)
if "validate" not in skip:
    start = time.perf_counter()
    validate_data(graph)
    emit("validate", time.perf_counter() - start)
if "export" not in skip:
    start = time.perf_counter()
    graph.serialize(format="turtle")
    emit("export", time.perf_counter() - start)
queries = [(n, t) for n, t in json.loads(sys.argv[3]) if "query:" + n not in skip]
if queries:
    # the saved queries name graphs, so the naive way needs the same named graphs in a Dataset
    start = time.perf_counter()
    ontology = graph
    del graph
    ds = Dataset(default_union=True)
    target = ds.graph(graph_iri("ontology"))
    for triple in shapes_data_graph():
        target.add(triple)
    for item in parsed:
        target = ds.graph(graph_iri(item.loaded.doc_key))
        for triple in item.rdf.triples:
            target.add(triple)
    emit("dataset", time.perf_counter() - start)
for name, text in queries:
    start = time.perf_counter()
    list(ds.query(text))
    emit("query:" + name, time.perf_counter() - start)
"""


def _child_env() -> dict[str, str]:
    """The environment of a child: this checkout's kg first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent), env.get("PYTHONPATH")]))
    return env


def _python(code: str, *args: str, timeout: float | None = None) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_child_env(),
    )
    if out.returncode != 0:
        raise RuntimeError(f"child failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def _naive(corpus: Path, queries: list[tuple[str, str]], timeout: float) -> dict[str, float | None]:
    """Naive figures per step; a step killed by the timeout is None and skipped on restart."""
    figures: dict[str, float | None] = {}
    failed.clear()
    expected = ["load", "validate", "export", "dataset", *(f"query:{n}" for n, _ in queries)]
    while any(s not in figures for s in expected):
        skip = [s for s in expected if s in figures and s not in ("load", "dataset")]
        args = [str(corpus), json.dumps(skip), json.dumps(queries)]
        proc = subprocess.Popen(
            [sys.executable, "-c", _NAIVE_CHILD, *args],
            stdout=subprocess.PIPE,
            text=True,
            env=_child_env(),
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(proc, lines), daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=timeout)  # each step gets the full limit
            except queue.Empty:
                proc.kill()
                proc.wait()
                step = next(s for s in expected if s not in figures)
                if step == "load":  # nothing else can run without the loaded graph
                    figures.update({s: None for s in expected if s not in figures})
                figures[step] = None  # out of time
                break
            if line is None:  # the child finished (or died): a missing step has no figure
                proc.wait()
                pending = [s for s in expected if s not in figures]
                if pending:
                    figures[pending[0]] = None
                    failed.add(pending[0])
                break
            if line.startswith("{"):
                step = json.loads(line)
                figures.setdefault(step["step"], step["s"])
    return figures


failed: set[str] = set()
"""Naive steps that raised (not timed out): they have no figure and no ratio."""


def _pump(proc: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)


def _saved_queries() -> list[tuple[str, str]]:
    """(name, SPARQL text) of every saved query, parameters left at their defaults."""
    try:
        from kg.query import saved_queries

        return [(q.name, q.text) for q in saved_queries()]
    except ImportError:
        root = HERE.parent / "queries"
        return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.rq"))]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


_QUERY_CHILD = r"""
import json, sys, time
from pathlib import Path
from kg.store import open_store
name, text, repeats = sys.argv[2], sys.argv[3], int(sys.argv[4])
store = open_store(Path(sys.argv[1]))
try:
    from kg.query import run_query
except ImportError:
    run_query = None
print(json.dumps({"ready": True}), flush=True)
for _ in range(repeats):
    start = time.perf_counter()
    if run_query is not None:
        run_query(store, name)
    else:
        list(store.query(text, use_default_graph_as_union=True))
    print(json.dumps({"s": time.perf_counter() - start}), flush=True)
"""


def _time_queries(
    store_path: Path, queries: list[tuple[str, str]], repeats: int, timeout: float | None = None
) -> dict[str, dict[str, float]]:
    """p50/p95 of every saved query; each query runs in a child killed after `timeout` s.

    A query whose first run does not finish in time gets `timeout` as a lower bound
    (`"timed_out": true`); repetitions that do not fit in the limit are left out.
    """
    timings: dict[str, dict[str, float]] = {}
    for name, text in queries:
        proc = subprocess.Popen(
            [sys.executable, "-c", _QUERY_CHILD, str(store_path), name, text, str(repeats)],
            stdout=subprocess.PIPE,
            text=True,
            env=_child_env(),
        )
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(proc, lines), daemon=True).start()
        seconds: list[float] = []
        deadline = None  # the limit counts from the open store, not from Python's start
        while True:
            try:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                line = lines.get(timeout=left)
            except queue.Empty:
                proc.kill()
                break
            if line is None:
                break
            if line.startswith("{"):
                item = json.loads(line)
                if "s" in item:
                    seconds.append(item["s"])
                if timeout is not None:  # each repetition gets the full limit
                    deadline = time.monotonic() + timeout
        proc.wait()
        killed = timeout is not None and proc.returncode != 0 and len(seconds) < repeats
        if not seconds and not killed:
            raise RuntimeError(f"query {name} failed in its child process")
        runs = [round(x, 4) for x in seconds]
        if killed:
            # the repetition that was killed took at least `timeout`: it counts as a run of
            # unknown length above the limit, and any percentile landing on it is a lower bound
            seconds.append(math.inf)
        p50, p95 = statistics.median(seconds), _percentile(seconds, 0.95)
        timings[name] = {"p50": min(p50, timeout or p50), "p95": min(p95, timeout or p95)}
        timings[name]["runs_s"] = [*runs, *([None] if killed else [])]
        if killed and math.isinf(p50):
            timings[name]["timed_out"] = True
    return timings


def _extraction(corpus: Path) -> float:
    """Documents per second of the reader over the corpus's documents (one core)."""
    from kg.extract import extract_text

    docs = sorted((corpus / "documents").iterdir())
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in docs]
    start = time.perf_counter()
    for name, text in texts:
        extract_text(text, name)
    return len(texts) / max(time.perf_counter() - start, 1e-9)


def _export(store_path: Path) -> float:
    """`scikg export` to a file: the kept record blocks copied, the rest read from the store."""
    from kg.export import write_export

    target = store_path.with_name("export.ttl")
    start = time.perf_counter()
    with target.open("wb") as out:
        write_export(store_path, "turtle", out)
    seconds = time.perf_counter() - start
    target.unlink()
    return seconds


def _figure(scikg: float, naive: float | None, timeout: float, step: str = "") -> dict[str, Any]:
    if step in failed:
        return {"scikg_s": round(scikg, 4), "naive_s": None, "ratio": None, "naive_failed": True}
    if naive is None:
        return {
            "scikg_s": round(scikg, 4),
            "naive_s": None,
            "ratio": round(timeout / scikg, 1),
            "ratio_lower_bound": True,
        }
    return {
        "scikg_s": round(scikg, 4),
        "naive_s": round(naive, 4),
        "ratio": round(naive / max(scikg, 1e-9), 1),
    }


def _mark_timed_out(figure: dict[str, Any], timing: dict[str, float]) -> None:
    """A scikg query killed at the limit: its figure is a lower bound, its ratio an upper one."""
    if timing.get("timed_out"):
        figure["scikg_lower_bound"] = True
        if figure.get("ratio_lower_bound"):  # both sides killed: nothing is known
            figure["ratio"] = None
            del figure["ratio_lower_bound"]
        elif figure.get("ratio") is not None:
            figure["ratio_upper_bound"] = True


_VALIDATE_STEP = "records -> RDF -> SHACL"


def run(
    studies: int,
    repeats: int,
    naive_timeout: float,
    workdir: Path,
    query_timeout: float | None = None,
) -> dict[str, Any]:
    """Generate the corpus, measure scikg and the naive baseline, return the JSON object."""
    corpus = workdir / "corpus"
    store = workdir / "store"
    start = time.perf_counter()
    write_corpus(corpus, studies)
    print(
        f"corpus: {studies} studies written in {time.perf_counter() - start:.1f}s", file=sys.stderr
    )
    extraction = _extraction(corpus)
    build = _python(_BUILD_CHILD, str(corpus), str(store))[-1]
    validation = _python(_BUILD_CHILD, str(corpus), "-")[-1]
    queries = _saved_queries()
    query_times = _time_queries(store, queries, repeats, query_timeout)
    export_s = _export(store)
    print(f"scikg build: {build}\nexport: {export_s:.3f}s", file=sys.stderr)
    for name, t in query_times.items():
        print(f"query {name}: p50 {t['p50']:.4f}s p95 {t['p95']:.4f}s", file=sys.stderr)
    change_document(corpus, studies // 2)
    rebuild = _python(_BUILD_CHILD, str(corpus), str(store))[-1]
    print(f"scikg rebuild after one change: {rebuild}", file=sys.stderr)
    naive = _naive(corpus, queries, naive_timeout)

    steps = build["steps"]
    # records -> RDF -> SHACL without a store: conversion included, so the ratio errs low
    validate_s = float(validation["steps"][_VALIDATE_STEP])
    naive_load, naive_val = naive.get("load"), naive.get("validate")
    naive_build = None if naive_load is None or naive_val is None else naive_load + naive_val
    slowest = max(query_times, key=lambda n: query_times[n]["p50"]) if query_times else None
    figures: dict[str, Any] = {
        "build": _figure(build["total"], naive_build, naive_timeout),
        "validate": _figure(validate_s, naive_val, naive_timeout, "validate"),
        "export": _figure(export_s, naive.get("export"), naive_timeout, "export"),
        "rebuild_one": _figure(rebuild["total"], naive_build, naive_timeout),
    }
    if slowest is not None:
        figures["query"] = _figure(
            query_times[slowest]["p50"], naive.get(f"query:{slowest}"), naive_timeout
        )
        figures["query"]["name"] = slowest
        _mark_timed_out(figures["query"], query_times[slowest])
    for name, t in query_times.items():
        figures[f"query:{name}"] = _figure(
            t["p50"], naive.get(f"query:{name}"), naive_timeout, f"query:{name}"
        )
        figures[f"query:{name}"]["p95_s"] = round(t["p95"], 4)
        figures[f"query:{name}"]["runs_s"] = t["runs_s"]
        _mark_timed_out(figures[f"query:{name}"], t)
    for step, seconds in steps.items():
        figures[f"step:{step}"] = {"scikg_s": seconds}
    figures["extraction"] = {"documents_per_s": round(extraction, 1)}
    return {
        "studies": studies,
        "triples": build["triples"],
        "figures": figures,
        "peak_rss_mb": round(build["peak_rss_mb"], 1),
    }


def _table(result: dict[str, Any]) -> str:
    lines = [
        f"studies: {result['studies']}  triples: {result['triples']}  "
        f"peak RSS of the build: {result['peak_rss_mb']} MB",
        f"{'figure':<40}{'scikg s':>10}{'naive s':>10}{'ratio':>10}",
    ]
    for name, f in result["figures"].items():
        if "scikg_s" not in f:
            lines.append(f"{name:<40}{json.dumps(dict(f.items()))}")
            continue
        naive = f.get("naive_s")
        ratio = f.get("ratio")
        bound = ">" if f.get("ratio_lower_bound") else "<" if f.get("ratio_upper_bound") else ""
        ratio_text = "" if ratio is None else bound + str(ratio)
        naive_text = "" if "naive_s" not in f else ("timeout" if naive is None else f"{naive}")
        naive_text = "failed" if f.get("naive_failed") else naive_text
        scikg_text = (">" if f.get("scikg_lower_bound") else "") + str(f["scikg_s"])
        lines.append(f"{name:<40}{scikg_text:>10}{naive_text:>10}{ratio_text:>10}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--naive-timeout", type=float, default=300.0)
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=None,
        help="Kill a scikg saved query after this many seconds (its figure is then a bound).",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="Keep the corpus and store here (default: a temporary folder).",
    )
    args = parser.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        result = run(
            args.studies, args.repeats, args.naive_timeout, args.workdir, args.query_timeout
        )
    else:
        with tempfile.TemporaryDirectory(prefix="scikg-bench-") as tmp:
            result = run(
                args.studies, args.repeats, args.naive_timeout, Path(tmp), args.query_timeout
            )
    print(_table(result))
    if args.json:
        print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
