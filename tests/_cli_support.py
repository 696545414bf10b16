"""Running the CLI in-process for tests."""

from __future__ import annotations

import sys

import pytest

from kg.cli import main


def run(capsys: pytest.CaptureFixture[str], monkeypatch, *args: str) -> tuple[int, str, str]:
    """Run `scikg ARGS` in-process through the real entry point; (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["scikg", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
