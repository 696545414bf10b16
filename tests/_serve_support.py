"""Shared helpers for the serve, push and backend tests: a built fixture store and real servers.

Every server runs on 127.0.0.1 on a free port and is stopped by the context manager that
started it.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "records"


def make_corpus(root: Path) -> Path:
    """The fixture records laid out as a corpus (studies/ + documents/)."""
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "documents", corpus / "documents")
    (corpus / "studies").mkdir(parents=True)
    for path in FIXTURES.glob("*.yaml"):
        shutil.copy(path, corpus / "studies" / path.name)
    return corpus


def build_store(root: Path) -> tuple[Path, Path]:
    """Build the fixture corpus into `root/store`; (store path, corpus folder)."""
    from kg.build import build

    corpus = make_corpus(root)
    store = root / "store"
    build([corpus], store, progress=False)
    return store, corpus


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) without raising on HTTP errors."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def wait_for(url: str, timeout: float = 60.0, ok: tuple[int, ...] = (200,)) -> None:
    """Poll `url` until it answers one of `ok`."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            status, _, _ = http(url, timeout=2)
            if status in ok:
                return
            last = status
        except OSError as exc:
            last = exc
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not come up: {last}")


@contextmanager
def scikg_server(store: Path, docs: Path | None = None, **options: Any) -> Iterator[str]:
    """`scikg serve` in this process on a free port; yields the base URL."""
    from kg.serve.app import ServeOptions, make_server

    server = make_server(
        "127.0.0.1", 0, ServeOptions(store, docs=[docs] if docs else [], **options)
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def oxigraph_binary() -> str:
    """The `oxigraph` command of the PyPI `oxigraph` package in this environment."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    return found


@contextmanager
def oxigraph_server(root: Path) -> Iterator[str]:
    """An Oxigraph server (union default graph, like scikg's saved queries); base URL."""
    port = free_port()
    location = root / "oxigraph-data"
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/query?query=ASK%7B%7D", timeout=30)
        yield base
    finally:
        process.terminate()
        process.wait(10)


VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@contextmanager
def virtuoso_server(root: Path) -> Iterator[str]:
    """A private Virtuoso (Debian `virtuoso-opensource`) on loopback ports; base URL.

    The database lives in `root`; the DBA account is the package default dba/dba, which is
    acceptable only because both ports listen on 127.0.0.1 and the database is thrown away.
    """
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("Virtuoso is not installed: apt-get install virtuoso-opensource")
    home = root / "virtuoso"
    home.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text()
    ini = ini.replace("/var/lib/virtuoso-opensource-7/db", str(home))
    ini = re.sub(r"(?m)^ServerPort\s*=\s*1111\b.*$", f"ServerPort = 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort\s*=\s*8890\b.*$", f"ServerPort = 127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(?m)^DirsAllowed\s*=.*$", f"DirsAllowed = ., {home}", ini)
    config = home / "virtuoso.ini"
    config.write_text(ini)
    log = (home / "stdout.log").open("wb")
    process = subprocess.Popen(
        [binary, "+foreground", "+configfile", str(config)],
        cwd=home,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(base + "/sparql?query=ASK%7B%7D", timeout=90)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        log.close()


def sparql_json(endpoint: str, query: str, timeout: float = 60) -> dict[str, Any]:
    """POST a query (form-encoded) and return the SPARQL JSON answer."""
    from urllib.parse import urlencode

    status, _, body = http(
        endpoint,
        method="POST",
        data=urlencode({"query": query}).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json",
        },
        timeout=timeout,
    )
    if status != 200:
        raise AssertionError(f"{endpoint}: HTTP {status}: {body[:300]!r}")
    return json.loads(body)


_ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?$")


def norm_value(value: str | None, datatype: str | None = None) -> str | None:
    """A cell in a form every engine agrees on: numbers as canonical decimals.

    Engines print the same number differently (`1.0E6`, `1000000.0`, `1e6`; `37.50`), so numbers
    are compared by value, booleans by their canonical form. Virtuoso stores xsd:duration as a
    month count, so durations are compared as months.
    """
    if value is None:
        return None
    if datatype and datatype.endswith("#boolean"):
        # "1"/"0" are valid xsd:boolean lexical forms too (Virtuoso answers with them)
        return {"1": "true", "0": "false"}.get(value, value)
    if datatype and datatype.endswith("#duration"):
        match = _ISO_DURATION.match(value)
        if match:
            years, months = (int(g) if g else 0 for g in match.groups())
            return f"duration:{12 * years + months}"
        if re.fullmatch(r"\d+", value):
            return f"duration:{int(value)}"
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    if not number.is_finite():
        return value
    normal = number.normalize()
    text = format(normal, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def norm_rows(answer: dict[str, Any], columns: list[str]) -> list[tuple[str | None, ...]]:
    """SPARQL JSON rows as sorted tuples of normalised cells."""
    out = []
    for binding in answer["results"]["bindings"]:
        row = []
        for name in columns:
            cell = binding.get(name)
            row.append(None if cell is None else norm_value(cell["value"], cell.get("datatype")))
        out.append(tuple(row))
    return sorted(out, key=lambda r: tuple("" if v is None else v for v in r))


def norm_result(result: Any) -> list[tuple[str | None, ...]]:
    """A kg.query Result (pyoxigraph terms) normalised like `norm_rows`."""
    out = []
    for row in result.rows:
        cells = []
        for term in row:
            if term is None:
                cells.append(None)
                continue
            datatype = getattr(getattr(term, "datatype", None), "value", None)
            cells.append(norm_value(term.value, datatype))
        out.append(tuple(cells))
    return sorted(out, key=lambda r: tuple("" if v is None else v for v in r))
