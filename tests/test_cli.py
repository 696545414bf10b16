"""The command line starts offline, lists every contract command and never shows a traceback."""

from __future__ import annotations

import subprocess
import sys

CONTRACT_COMMANDS = ["build", "extract", "validate", "queries", "query", "export", "serve"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120
    )


def test_help_lists_contract_commands() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for command in CONTRACT_COMMANDS:
        assert command in result.stdout


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from kg.cli import scikg; "
        "from click.testing import CliRunner; CliRunner().invoke(scikg, ['--help']); "
        "heavy = [m for m in ('pyshacl', 'owlready2', 'SPARQLWrapper') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_unknown_command_is_a_usage_error_without_traceback() -> None:
    result = _run("no-such-command")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
