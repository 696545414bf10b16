"""The benchmark runner prints the contract's JSON object (section 5) on a tiny corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

RUNNER = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.mark.slow
def test_runner_json_last_line(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            "--studies",
            "15",
            "--json",
            "--repeats",
            "2",
            "--naive-timeout",
            "120",
            "--workdir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["studies"] == 15
    assert result["triples"] > 15
    assert result["peak_rss_mb"] > 0
    for name in ("build", "validate", "query", "export", "rebuild_one"):
        figure = result["figures"][name]
        assert figure["scikg_s"] > 0
        if figure.get("ratio_lower_bound"):
            assert figure["naive_s"] is None
        else:
            assert figure["ratio"] == pytest.approx(
                figure["naive_s"] / figure["scikg_s"], rel=0.05, abs=0.1
            )
    assert "figure" in out.stdout  # the human-readable table comes first


def test_naive_step_over_the_limit_is_null(tmp_path: Path) -> None:
    import run  # type: ignore[import-not-found]
    from synth import write_corpus

    corpus = write_corpus(tmp_path / "corpus", 3)
    figures = run._naive(corpus, [("q", "SELECT * WHERE { ?s ?p ?o }")], timeout=0.01)
    assert figures["load"] is None  # the child could not even load in 10 ms
    assert set(figures) >= {"load", "validate", "query:q", "export"}
    assert run._figure(2.0, None, 10.0) == {
        "scikg_s": 2.0,
        "naive_s": None,
        "ratio": 5.0,
        "ratio_lower_bound": True,
    }
