"""The `scikg` command line: one command per pipeline step, each in its own module.

Commands are imported only when called, so `scikg --help` starts fast and offline.
"""

from __future__ import annotations

import importlib
import sys

import click

from kg import __version__
from kg.errors import ScikgError

__all__ = ["main", "scikg"]

# command name -> "module:attribute" of its click command
COMMANDS: dict[str, str] = {
    "build": "kg.cli.build_cmd:build",
    "extract": "kg.cli.extract_cmd:extract",
    "evaluate": "kg.cli.evaluate_cmd:evaluate",
    "validate": "kg.cli.validate_cmd:validate",
    "queries": "kg.cli.queries_cmd:queries",
    "query": "kg.cli.query_cmd:query",
    "export": "kg.cli.export_cmd:export",
    "reason": "kg.cli.reason_cmd:reason",
    "mesh": "kg.cli.mesh_cmd:mesh",
    "fetch": "kg.cli.fetch_cmd:fetch",
    "serve": "kg.cli.serve_cmd:serve",
    "push": "kg.cli.push_cmd:push",
    "report": "kg.cli.report_cmd:report",
}

_HELP = {
    "build": "Documents and curated records -> RDF -> SHACL -> store.",
    "extract": "Read one document into a study record with evidence.",
    "evaluate": "Score the reader against the curated records (P/R/F1).",
    "validate": "SHACL report for the store or an RDF file.",
    "queries": "List the saved queries.",
    "query": "Run a saved query or a .rq file.",
    "export": "Write the whole graph in a standard RDF syntax.",
    "reason": "Check the ontology with HermiT and cache the inferences.",
    "mesh": "MeSH vocabulary checks and hierarchy enrichment.",
    "fetch": "Download documents from ClinicalTrials.gov and PubMed.",
    "serve": "SPARQL endpoint and web pages.",
    "push": "Load the graph into another SPARQL engine.",
    "report": "The comparisons as one self-contained HTML file.",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when the command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return click.Command(cmd_name, help=f"{_HELP[cmd_name]} (not available in this build)")
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, _HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scikg")
def scikg() -> None:
    """scikg: a knowledge graph of MSC and MSC-exosome studies for spinal cord injury."""


def main() -> None:
    """Entry point: run the CLI, turning user errors into readable lines and an exit code."""
    try:
        scikg.main(standalone_mode=False)
    except ScikgError as exc:
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
