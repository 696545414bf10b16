"""MeSH hierarchy enrichment: tree numbers and broader descriptors from NLM's SPARQL endpoint.

For the descriptors the graph uses, `enrich` asks the MeSH SPARQL endpoint (through
SPARQLWrapper) for `meshv:treeNumber` and `meshv:broaderDescriptor`, follows the broader
descriptors until no new ones appear (the transitive closure, computed here with plain
one-step queries so any SPARQL 1.1 endpoint answers them), and `write_hierarchy` stores the
result as sorted Turtle in `ontology/imports/mesh-hierarchy.ttl`, so builds stay offline.

Endpoint traps handled: a cancelled query on some servers still answers HTTP 200 with a cut-off
body, so an undecodable answer is an error, never an empty result; requests never use SERVICE;
each request has a client-side timeout.
"""

from __future__ import annotations

import json
import re
import urllib.error
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ScikgError
from kg.namespaces import MESH, MESHV
from kg.paths import ONTOLOGY_DIR

__all__ = [
    "HIERARCHY_FILE",
    "NLM_SPARQL",
    "Hierarchy",
    "MeshEnrichError",
    "descriptors_in_use",
    "enrich",
    "enrich_command",
    "read_hierarchy",
    "write_hierarchy",
]

NLM_SPARQL = "https://id.nlm.nih.gov/mesh/sparql"
HIERARCHY_FILE = ONTOLOGY_DIR / "imports" / "mesh-hierarchy.ttl"
BATCH = 40
"""Descriptors per request: keeps each query small for endpoints with row and size limits."""

_UI = re.compile(r"^D\d{6}(\d{3})?$")


class MeshEnrichError(ScikgError):
    """The endpoint could not be asked or gave an unusable answer."""


@dataclass
class Hierarchy:
    """Tree numbers and direct broader descriptors per descriptor UI."""

    tree_numbers: dict[str, set[str]] = field(default_factory=dict)
    broader: dict[str, set[str]] = field(default_factory=dict)

    @property
    def descriptors(self) -> set[str]:
        """Every descriptor the hierarchy mentions."""
        found = set(self.tree_numbers) | set(self.broader)
        for values in self.broader.values():
            found |= values
        return found

    def ancestors(self, ui: str) -> set[str]:
        """All broader descriptors of `ui`, transitively."""
        seen: set[str] = set()
        todo = [ui]
        while todo:
            for parent in self.broader.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


def _query(uis: list[str]) -> str:
    values = " ".join(f"mesh:{ui}" for ui in uis)
    return (
        f"PREFIX mesh: <{MESH}>\nPREFIX meshv: <{MESHV}>\n"
        "SELECT ?d ?p ?o WHERE {\n"
        f"  VALUES ?d {{ {values} }}\n"
        "  VALUES ?p { meshv:treeNumber meshv:broaderDescriptor }\n"
        "  ?d ?p ?o .\n"
        "}"
    )


def _ask(endpoint: str, query: str, timeout: float) -> list[dict[str, dict[str, str]]]:
    """One SELECT through SPARQLWrapper; MeshEnrichError with a readable line on failure."""
    from SPARQLWrapper import GET, JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint, agent="scikg-mesh-enrich")
    client.setQuery(query)
    client.setMethod(GET)
    client.setReturnFormat(JSON)
    client.setTimeout(int(max(1, timeout)))
    client.addParameter("format", "JSON")  # NLM's endpoint picks its format from this parameter
    try:
        raw = client.query().response.read()
    except SPARQLWrapperException as exc:
        message = " ".join(str(exc).split())[:200]
        raise MeshEnrichError(
            f"{endpoint}: (mesh enrich): the endpoint refused: {message}"
        ) from exc
    except urllib.error.HTTPError as exc:
        raise MeshEnrichError(f"{endpoint}: (mesh enrich): HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise MeshEnrichError(
            f"{endpoint}: (mesh enrich): cannot reach the endpoint ({reason}): are you offline?"
        ) from exc
    except TimeoutError as exc:
        raise MeshEnrichError(f"{endpoint}: (mesh enrich): no answer within {timeout:g} s") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
        return list(data["results"]["bindings"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        tail = " ".join(raw[-120:].decode("utf-8", errors="replace").split())
        raise MeshEnrichError(
            f"{endpoint}: (mesh enrich): the answer is not complete SPARQL JSON (a server-side "
            f"timeout cuts answers short); it ends with: {tail!r}"
        ) from exc


def _local(iri: str, prefix: str) -> str | None:
    return iri[len(prefix) :] if iri.startswith(prefix) else None


def enrich(
    descriptors: Iterable[str], endpoint: str = NLM_SPARQL, *, timeout: float = 60.0
) -> Hierarchy:
    """Tree numbers and broader descriptors of `descriptors` and all their ancestors."""
    wanted = sorted({d for d in descriptors if _UI.match(d)})
    hierarchy = Hierarchy()
    asked: set[str] = set()
    todo = wanted
    while todo:
        for start in range(0, len(todo), BATCH):
            batch = todo[start : start + BATCH]
            asked.update(batch)
            for row in _ask(endpoint, _query(batch), timeout):
                subject = _local(row["d"]["value"], str(MESH))
                value = _local(row["o"]["value"], str(MESH))
                if subject is None or value is None:
                    continue
                if row["p"]["value"] == str(MESHV.treeNumber):
                    hierarchy.tree_numbers.setdefault(subject, set()).add(value)
                elif row["p"]["value"] == str(MESHV.broaderDescriptor) and _UI.match(value):
                    hierarchy.broader.setdefault(subject, set()).add(value)
        todo = sorted(hierarchy.descriptors - asked)
    return hierarchy


def write_hierarchy(hierarchy: Hierarchy, path: Path = HIERARCHY_FILE, *, source: str = "") -> int:
    """Write the hierarchy as sorted Turtle (same input, same bytes); returns the triple count."""
    lines = [
        "# MeSH hierarchy for the descriptors the scikg graph uses: tree numbers and broader",
        "# descriptors (meshv:broaderDescriptor, closed transitively). Generated by",
        "# `scikg mesh enrich`; do not edit by hand.",
    ]
    if source:
        lines.append(f"# source: {source}")
    lines += ["", f"@prefix mesh: <{MESH}> .", f"@prefix meshv: <{MESHV}> .", ""]
    count = 0
    for ui in sorted(set(hierarchy.tree_numbers) | set(hierarchy.broader)):
        objects = [
            f"meshv:broaderDescriptor mesh:{b}" for b in sorted(hierarchy.broader.get(ui, ()))
        ]
        objects += [
            f"meshv:treeNumber <{MESH}{t}>" for t in sorted(hierarchy.tree_numbers.get(ui, ()))
        ]
        count += len(objects)
        lines.append(f"mesh:{ui}\n    " + " ;\n    ".join(objects) + " .\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
    temp.replace(path)
    return count


def read_hierarchy(path: Path = HIERARCHY_FILE) -> Hierarchy:
    """The cached hierarchy (empty when the file does not exist)."""
    from rdflib import Graph

    hierarchy = Hierarchy()
    if not path.is_file():
        return hierarchy
    graph = Graph().parse(path, format="turtle")
    for subject, predicate, value in graph:
        ui = _local(str(subject), str(MESH))
        target = _local(str(value), str(MESH))
        if ui is None or target is None:
            continue
        if predicate == MESHV.treeNumber:
            hierarchy.tree_numbers.setdefault(ui, set()).add(target)
        elif predicate == MESHV.broaderDescriptor:
            hierarchy.broader.setdefault(ui, set()).add(target)
    return hierarchy


def descriptors_in_use() -> list[str]:
    """The descriptor UIs the graph uses (kg.mesh), sorted."""
    try:
        from kg.mesh import mesh_uis_in_use
    except ImportError as exc:
        raise MeshEnrichError(
            "(mesh enrich): cannot list the descriptors in use (kg.mesh is missing); "
            "name them with --descriptor"
        ) from exc
    return sorted(ui for ui in mesh_uis_in_use() if _UI.match(ui))


def _command() -> Any:
    """The `scikg mesh enrich` click command (built lazily so importing this stays light)."""
    import click

    @click.command("enrich")
    @click.option(
        "--descriptor",
        "descriptors",
        multiple=True,
        metavar="UI",
        help="Descriptor UI to enrich (default: every descriptor the graph uses).",
    )
    @click.option("--endpoint", default=NLM_SPARQL, show_default=True, help="MeSH SPARQL endpoint.")
    @click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        default=HIERARCHY_FILE,
        show_default="ontology/imports/mesh-hierarchy.ttl",
        help="Turtle file to write.",
    )
    @click.option(
        "--timeout",
        type=click.FloatRange(1),
        default=60.0,
        show_default=True,
        help="Seconds to wait for each answer.",
    )
    def enrich_command(
        descriptors: tuple[str, ...], endpoint: str, output: Path, timeout: float
    ) -> None:
        """Cache MeSH tree numbers and broader descriptors from NLM's SPARQL endpoint."""
        wanted = [d.strip().upper() for d in descriptors] or descriptors_in_use()
        bad = [d for d in wanted if not _UI.match(d)]
        if bad:
            raise MeshEnrichError(*(f"--descriptor {d}: not a MeSH descriptor UI" for d in bad))
        hierarchy = enrich(wanted, endpoint, timeout=timeout)
        count = write_hierarchy(hierarchy, output, source=endpoint)
        click.echo(
            f"{len(wanted)} descriptor(s) -> {len(hierarchy.descriptors)} in the hierarchy, "
            f"{count} triples -> {output}"
        )

    return enrich_command


enrich_command = _command()
"""`scikg mesh enrich`: added to the `mesh` command group."""
