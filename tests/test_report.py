"""`scikg report`: one self-contained HTML file with every comparison as table and chart."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _serve_support import build_store

from kg.query import load_query, run_query, saved_queries
from kg.report import render_report
from kg.store import open_store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_store(tmp_path_factory.mktemp("report"))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in ("meta", "br", "img", "input", "link", "rect", "line", "circle"):
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("rect", "line", "circle"):
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.open[-3:]})")
        else:
            self.open.pop()


def test_report_is_self_contained_and_has_every_comparison(built) -> None:
    store = open_store(built[0])
    html = render_report(store)
    parser = Tags()
    parser.feed(html)
    assert parser.errors == [] and parser.open == []
    for tag, attrs in parser.tags:
        assert tag not in ("script", "link", "img", "iframe"), tag
        for name in ("src", "href"):
            assert not attrs.get(name, "").startswith(("http:", "https:", "//")), attrs
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)  # no fetched CSS assets
    runnable = [q for q in saved_queries() if all(p.default is not None for p in q.params)]
    sections = {a["id"] for t, a in parser.tags if t == "section"}
    assert {q.name for q in runnable} <= sections
    assert sum(1 for t, _ in parser.tags if t == "svg") >= 4
    # each table holds exactly the rows of its saved query
    for q in runnable:
        expected = run_query(store, load_query(q.name))
        block = html.split(f'<section class="cmp" id="{q.name}">', 1)[1].split("</section>", 1)[0]
        shown = min(len(expected.rows), 200)
        assert block.count("<tr>") == shown + 1, q.name


def test_report_command_writes_the_file(built, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "kg", "report", "-o", str(out), "--store", str(built[0])],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("<!DOCTYPE html>") and "<svg" in out.read_text()
    bad = subprocess.run(
        [sys.executable, "-m", "kg", "report", "-o", str(tmp_path / "no" / "dir.html"),
         "--store", str(built[0])],
        capture_output=True, text=True, timeout=120,
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "cannot write" in bad.stderr
