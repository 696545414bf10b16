"""Shared pytest options and fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# the synthetic corpus (`synth`) and the benchmark runner (`run`) live with the benchmarks;
# several tests build stores from that corpus
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-expected",
        action="store_true",
        default=False,
        help="Rewrite expected answers from the current code instead of comparing.",
    )


@pytest.fixture(scope="session")
def update_expected(request: pytest.FixtureRequest) -> bool:
    """True when the run should regenerate expected answers."""
    return bool(request.config.getoption("--update-expected"))
