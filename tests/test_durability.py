"""A build killed at any moment leaves the previous store answering, and the next build works."""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from synth import change_document, write_corpus

from kg.export import export_bytes, write_export
from kg.store import open_store, store_generations

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _build(corpus: Path, store: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "--docs", str(corpus), "--store", str(store), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _answers(store: Path) -> int:
    """The number of quads the published store reports through SPARQL (opens it afresh)."""
    solutions = open_store(store).query(COUNT)
    return int(next(iter(solutions))["n"].value)


def _kill_loop(tmp_path: Path, studies: int, kills: int, seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - kill timings, not security
    corpus = write_corpus(tmp_path / "corpus", studies)
    store = tmp_path / "store"
    start = time.monotonic()
    first = _build(corpus, store)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode() if first.stderr else ""
    duration = time.monotonic() - start
    before = _answers(store)
    assert before > 0
    for round_ in range(kills):
        if round_ % 3 == 0:  # some rounds are incremental rebuilds, some rebuild nothing
            change_document(corpus, rng.randrange(studies))
        proc = _build(corpus, store)
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # whatever moment the kill hit, a complete generation answers
        assert _answers(store) > 0
    final = _build(corpus, store)
    assert final.wait(timeout=300) == 0, final.stderr.read().decode() if final.stderr else ""
    assert _answers(store) > 0
    assert len(store_generations(store)) <= 2  # killed generations are cleaned up by later builds
    # the Turtle blocks the builds kept, killed or not, give what the store itself gives
    kept = io.BytesIO()
    write_export(store, "turtle", kept)
    assert kept.getvalue() == export_bytes(open_store(store), "turtle")


def test_sigkill_during_builds_short(tmp_path: Path) -> None:
    _kill_loop(tmp_path, studies=8, kills=20, seed=1)


@pytest.mark.slow
def test_sigkill_during_builds_long(tmp_path: Path) -> None:
    _kill_loop(tmp_path, studies=60, kills=25, seed=2)


_SLOW_PARALLEL_BUILD = r"""
import sys, time
import kg.convert as convert
from pathlib import Path
from kg.build import build
real = convert.record_rdf
def slow(record, **kwargs):
    time.sleep(0.2)
    return real(record, **kwargs)
convert.record_rdf = slow
convert.PARALLEL_MIN_RECORDS = 2
convert.SHACL_BATCH = 1
build([Path(sys.argv[1])], Path(sys.argv[2]), progress=False, compare=False)
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process tables from /proc")
def test_workers_end_with_a_killed_build(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", 12)
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_PARALLEL_BUILD, str(corpus), str(tmp_path / "store")]
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build did not start its worker processes"
    time.sleep(0.5)  # let the workers reach their first batch
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "worker processes outlived the killed build"
