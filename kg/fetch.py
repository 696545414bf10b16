"""Download registry records and PubMed citations into the corpus, politely and resumably.

Sources: the ClinicalTrials.gov API v2 (`/studies/{NCT}`, `/studies?query.term=`) and NCBI
E-utilities (`esearch`, `efetch`; a DOI is searched as `"<doi>"[doi]`). Each document is
checked to be what was asked for, written atomically, and listed in `manifest.json` and
`manifest.tsv` with its source URL, retrieval time and SHA-256; a second run skips documents
whose file still matches the manifest. Problems with one target are reported and the rest of
the batch continues.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import re
import socket
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.errors import ScikgError
from kg.paths import DOCUMENTS_DIR

__all__ = [
    "CTGOV_URL",
    "EUTILS_URL",
    "MANIFEST_NAMES",
    "FetchError",
    "FetchResult",
    "Fetcher",
    "ManifestEntry",
    "Target",
    "fetch",
]

CTGOV_URL = "https://clinicaltrials.gov/api/v2"
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
MANIFEST_NAMES = ("manifest.json", "manifest.tsv")
USER_AGENT = "scikg-fetch (+https://w3id.org/scikg)"
TOOL = "scikg"

TargetKind = str  # "nct" | "pmid" | "doi" | "ctgov" | "pubmed"


class FetchError(ScikgError):
    """A download that failed: one line per target, naming the source."""


@dataclass(frozen=True)
class Target:
    """One thing to fetch: an identifier or a search query."""

    kind: TargetKind
    value: str

    def __str__(self) -> str:
        return f"--{self.kind} {self.value}"


@dataclass
class ManifestEntry:
    """One downloaded document."""

    file: str
    source: str
    identifier: str
    url: str
    retrieved: str
    sha256: str
    bytes: int


@dataclass
class FetchResult:
    """What a fetch run did."""

    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    requests: int = 0


class _UnavailableError(Exception):
    """A request failed for good (after retries); message is the readable reason."""


class Fetcher:
    """Downloads documents into one folder and keeps its manifest."""

    def __init__(
        self,
        into: Path | str = DOCUMENTS_DIR,
        *,
        api_key: str | None = None,
        ctgov_url: str = CTGOV_URL,
        eutils_url: str = EUTILS_URL,
        retries: int = 4,
        backoff: float = 1.0,
        timeout: float = 30.0,
        max_results: int = 100,
        rate: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.into = Path(into)
        self.api_key = api_key
        self.ctgov_url = ctgov_url.rstrip("/")
        self.eutils_url = eutils_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.timeout = timeout
        self.max_results = max_results
        # NCBI allows 3 requests/s without an API key and 10 with one
        self.interval = 1.0 / (rate or (10.0 if api_key else 3.0))
        self.sleep = sleep
        self._last_request = 0.0
        self.requests = 0
        self.manifest = self._read_manifest()

    # -- manifest --------------------------------------------------------------------------
    def _read_manifest(self) -> dict[str, ManifestEntry]:
        path = self.into / MANIFEST_NAMES[0]
        if not path.is_file():
            return {}
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            return {row["file"]: ManifestEntry(**row) for row in rows}
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise FetchError(f"{path}: (manifest): cannot read: {exc}") from exc

    def _write_manifest(self) -> None:
        rows = [asdict(self.manifest[name]) for name in sorted(self.manifest)]
        _atomic_write(self.into / MANIFEST_NAMES[0], (json.dumps(rows, indent=2) + "\n").encode())
        columns = list(ManifestEntry.__dataclass_fields__)
        lines = ["\t".join(columns)] + ["\t".join(str(row[c]) for c in columns) for row in rows]
        _atomic_write(self.into / MANIFEST_NAMES[1], ("\n".join(lines) + "\n").encode())

    def is_current(self, name: str) -> bool:
        """Whether `name` is in the manifest and the file on disk still has its checksum."""
        entry = self.manifest.get(name)
        path = self.into / name
        if entry is None or not path.is_file():
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256

    def save(self, name: str, data: bytes, *, source: str, identifier: str, url: str) -> None:
        """Write one document atomically and record it in the manifest."""
        self.into.mkdir(parents=True, exist_ok=True)
        _atomic_write(self.into / name, data)
        self.manifest[name] = ManifestEntry(
            file=name,
            source=source,
            identifier=identifier,
            url=_redact(url),
            retrieved=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            sha256=hashlib.sha256(data).hexdigest(),
            bytes=len(data),
        )
        self._write_manifest()

    # -- HTTP ------------------------------------------------------------------------------
    def get(self, url: str, params: dict[str, str] | None = None) -> bytes:
        """GET with politeness delay, retries on 429/5xx/timeouts (Retry-After honoured)."""
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        attempt = 0
        while True:
            wait = self._last_request + self.interval - time.monotonic()
            if wait > 0:
                self.sleep(wait)
            self._last_request = time.monotonic()
            self.requests += 1
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
            retry_after: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    return response.read()
            except urllib.error.HTTPError as exc:
                if exc.code != 429 and exc.code < 500:
                    raise _UnavailableError(
                        f"HTTP {exc.code} {exc.reason} from {_redact(url)}"
                    ) from exc
                reason = f"HTTP {exc.code} {exc.reason}"
                retry_after = _retry_after(exc.headers.get("Retry-After"))
            except urllib.error.URLError as exc:
                if _offline(exc.reason):
                    host = urllib.parse.urlsplit(url).netloc
                    raise _UnavailableError(
                        f"cannot reach {host} ({_reason(exc.reason)}): are you offline?"
                    ) from exc
                reason = _reason(exc.reason)
            except TimeoutError as exc:
                reason = f"timed out after {self.timeout:g} s"
                if attempt >= self.retries:
                    raise _UnavailableError(f"{reason} from {_redact(url)}") from exc
            except (ConnectionError, OSError) as exc:
                reason = _reason(exc)
            if attempt >= self.retries:
                raise _UnavailableError(
                    f"{reason} from {_redact(url)} (gave up after {attempt + 1} attempts)"
                )
            delay = self.backoff * (2**attempt)
            self.sleep(max(delay, retry_after or 0.0))
            attempt += 1

    # -- sources ---------------------------------------------------------------------------
    def ctgov_study(self, nct: str, result: FetchResult) -> None:
        """One registry record by NCT number, as API v2 JSON."""
        nct = nct.strip().upper()
        if not re.fullmatch(r"NCT\d{8}", nct):
            raise _UnavailableError(f"{nct!r} is not an NCT number (NCT and 8 digits)")
        name = f"{nct}.json"
        if self.is_current(name):
            result.skipped.append(name)
            return
        url = f"{self.ctgov_url}/studies/{urllib.parse.quote(nct)}"
        data = self.get(url, {"format": "json"})
        _check_ctgov(data, url, nct)
        self.save(name, data, source="clinicaltrials.gov", identifier=nct, url=f"{url}?format=json")
        result.written.append(name)

    def ctgov_search(self, query: str, result: FetchResult) -> Iterator[None]:
        """Every study a registry search finds (pages followed), one file per study."""
        token: str | None = None
        count = 0
        while count < self.max_results:
            params = {
                "query.term": query,
                "format": "json",
                "pageSize": str(min(100, self.max_results - count)),
            }
            if token:
                params["pageToken"] = token
            url = f"{self.ctgov_url}/studies"
            data = self.get(url, params)
            page = _json(data, f"{url}?{urllib.parse.urlencode(params)}")
            studies = page.get("studies") if isinstance(page, dict) else None
            if not isinstance(studies, list):
                raise _UnavailableError(f"{url}: the answer is not a page of studies")
            for study in studies:
                nct = _nct_of(study)
                if nct is None:
                    continue
                count += 1
                name = f"{nct}.json"
                if self.is_current(name):
                    result.skipped.append(name)
                else:
                    text = json.dumps(study, indent=2, ensure_ascii=False) + "\n"
                    page_url = f"{url}?{urllib.parse.urlencode(params)}"
                    self.save(
                        name,
                        text.encode(),
                        source="clinicaltrials.gov",
                        identifier=nct,
                        url=page_url,
                    )
                    result.written.append(name)
                yield
            token = page.get("nextPageToken")
            if not token or not studies:
                break

    def pubmed_article(self, pmid: str, result: FetchResult) -> None:
        """One PubMed citation as efetch XML."""
        pmid = pmid.strip()
        if not pmid.isdigit():
            raise _UnavailableError(f"{pmid!r} is not a PMID (digits only)")
        name = f"pubmed-{pmid}.xml"
        if self.is_current(name):
            result.skipped.append(name)
            return
        url = f"{self.eutils_url}/efetch.fcgi"
        params = self._ncbi({"db": "pubmed", "id": pmid, "retmode": "xml"})
        data = self.get(url, params)
        _check_pubmed(data, url, pmid)
        full = f"{url}?{urllib.parse.urlencode(params)}"
        self.save(name, data, source="pubmed", identifier=pmid, url=full)
        result.written.append(name)

    def pubmed_search(self, term: str) -> list[str]:
        """PMIDs an E-utilities search finds (at most `max_results`)."""
        url = f"{self.eutils_url}/esearch.fcgi"
        params = self._ncbi({"db": "pubmed", "term": term, "retmax": str(self.max_results)})
        data = self.get(url, params)
        return _esearch_ids(data, url)[: self.max_results]

    def _ncbi(self, params: dict[str, str]) -> dict[str, str]:
        params = {**params, "tool": TOOL}
        if self.api_key:
            params["api_key"] = self.api_key
        return params

    # -- a batch ---------------------------------------------------------------------------
    def run(self, targets: Sequence[Target], *, progress: bool = False) -> FetchResult:
        """Fetch every target; a failing target is reported and the others still run."""
        result = FetchResult()
        with _Progress(progress) as bar:
            for target in targets:
                bar.describe(str(target))
                try:
                    self._one(target, result, bar)
                except _UnavailableError as exc:
                    result.problems.append(f"{target}: {exc}")
                except ScikgError as exc:
                    result.problems.extend(f"{target}: {line}" for line in exc.lines())
        result.requests = self.requests
        return result

    def _one(self, target: Target, result: FetchResult, bar: _Progress) -> None:
        if target.kind == "nct":
            bar.total(1)
            self.ctgov_study(target.value, result)
            bar.advance()
        elif target.kind == "ctgov":
            bar.total(None)
            for _ in self.ctgov_search(target.value, result):
                bar.advance()
        elif target.kind == "pmid":
            bar.total(1)
            self.pubmed_article(target.value, result)
            bar.advance()
        elif target.kind in ("pubmed", "doi"):
            term = f'"{target.value}"[doi]' if target.kind == "doi" else target.value
            ids = self.pubmed_search(term)
            if not ids:
                raise _UnavailableError("PubMed finds nothing for this")
            bar.total(len(ids))
            for pmid in ids:
                try:
                    self.pubmed_article(pmid, result)
                except _UnavailableError as exc:
                    result.problems.append(f"{target}: PMID {pmid}: {exc}")
                bar.advance()
        else:
            raise _UnavailableError(f"unknown source {target.kind!r}")


def fetch(
    targets: Sequence[Target], into: Path | str = DOCUMENTS_DIR, **options: Any
) -> FetchResult:
    """Fetch `targets` into `into` (see `Fetcher` for the options)."""
    progress = bool(options.pop("progress", False))
    return Fetcher(into, **options).run(targets, progress=progress)


# --- checks of what came back ---------------------------------------------------------------
def _json(data: bytes, url: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _UnavailableError(
            f"{_redact(url)}: the answer is not JSON ({_first_line(data)})"
        ) from exc


def _nct_of(study: Any) -> str | None:
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return str(value).upper() if value else None


def _check_ctgov(data: bytes, url: str, nct: str) -> None:
    study = _json(data, url)
    found = _nct_of(study)
    if found is None:
        raise _UnavailableError(f"{_redact(url)}: the answer is not a study record")
    if found != nct:
        raise _UnavailableError(f"{_redact(url)}: asked for {nct}, the registry answered {found}")


def _xml_root(data: bytes, url: str) -> Any:
    from kg.sources._common import SourceError, parse_xml

    try:
        return parse_xml(data, _redact(url))
    except SourceError as exc:
        raise _UnavailableError(exc.lines()[0]) from exc


def _check_pubmed(data: bytes, url: str, pmid: str) -> None:
    root = _xml_root(data, url)
    if root.tag != "PubmedArticleSet":
        raise _UnavailableError(
            f"{_redact(url)}: the answer is <{root.tag}>, not a PubMed article set"
        )
    pmids = [e.text for e in root.findall("PubmedArticle/MedlineCitation/PMID")]
    if pmid not in pmids:
        raise _UnavailableError(f"PMID {pmid} not found in PubMed")


def _esearch_ids(data: bytes, url: str) -> list[str]:
    root = _xml_root(data, url)
    if root.tag != "eSearchResult":
        raise _UnavailableError(
            f"{_redact(url)}: the answer is <{root.tag}>, not an esearch result"
        )
    error = root.findtext("ERROR")
    if error:
        raise _UnavailableError(f"PubMed search error: {error.strip()}")
    return [e.text.strip() for e in root.findall("IdList/Id") if e.text and e.text.strip()]


# --- helpers --------------------------------------------------------------------------------
def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so a cut-off run leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _offline(reason: object) -> bool:
    """Errors that mean no network path to the host: retrying will not help."""
    if isinstance(reason, socket.gaierror | ConnectionRefusedError):
        return True
    return isinstance(reason, OSError) and reason.errno in (101, 111, 113)  # unreachable/refused


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return " ".join(str(reason).split()) or type(reason).__name__


def _redact(url: str) -> str:
    """The URL without an API key, for messages and the manifest."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "api_key"]
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _first_line(data: bytes) -> str:
    text = data[:200].decode("utf-8", errors="replace")
    return " ".join(text.split())[:80] or "empty"


class _Progress:
    """A rich progress bar on stderr (a no-op when disabled)."""

    def __init__(self, enabled: bool) -> None:
        self.bar = None
        self.task = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )

    def __enter__(self) -> _Progress:
        if self.bar is not None:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def describe(self, text: str) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task(text[:60], total=None)

    def total(self, total: int | None) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, total=total)

    def advance(self) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task)
