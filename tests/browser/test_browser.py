"""Headless Chromium (Debian `chromium`) loads the pages: the studies table renders, a chart is
drawn, a study page highlights its evidence. Screenshots go to the test's tmp dir (and to
$SCIKG_SCREENSHOTS when set) so a person can look at them."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from _serve_support import build_store, scikg_server

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.slow]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RuntimeError("headless Chromium is not installed: apt-get install chromium")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store, corpus = build_store(tmp_path_factory.mktemp("browser"))
    with scikg_server(store, corpus, workers=1) as url:
        yield url


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    return subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=90,
    )


def dom(tmp_path: Path, url: str) -> str:
    done = run_chromium(tmp_path, "--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(tmp_path: Path, url: str, name: str, size: str = "1280,1400") -> Path:
    target = tmp_path / f"{name}.png"
    done = run_chromium(tmp_path, f"--screenshot={target}", f"--window-size={size}", url)
    assert done.returncode == 0 and target.exists(), done.stderr[-2000:]
    extra = os.environ.get("SCIKG_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(target, Path(extra) / target.name)
    return target


def png_colours(path: Path) -> dict[tuple[int, ...], int]:
    """Pixel colour counts of an 8-bit RGB/RGBA PNG (Chromium's screenshot format)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour_type = header[0], header[1], header[2], header[3]
    assert depth == 8 and colour_type in (2, 6)
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    counts: dict[tuple[int, ...], int] = {}
    for y in range(height):
        row_start = y * (stride + 1)
        kind = raw[row_start]
        line = bytearray(raw[row_start + 1 : row_start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - upper_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else upper_left
                line[i] = (line[i] + pred) & 255
        previous = line
        if y % 4 == 0:  # sampling every 4th row is plenty to see what was drawn
            for x in range(0, stride, channels * 2):
                pixel = tuple(line[x : x + 3])
                counts[pixel] = counts.get(pixel, 0) + 1
    return counts


def has_colour(counts: dict[tuple[int, ...], int], rgb: tuple[int, int, int], min_px: int) -> bool:
    near = sum(
        n for c, n in counts.items() if all(abs(a - b) <= 12 for a, b in zip(c, rgb, strict=False))
    )
    return near >= min_px


def test_studies_table_renders(base, tmp_path: Path) -> None:
    page = dom(tmp_path, base + "/studies")
    assert '<table id="studies">' in page and page.count("<tr>") >= 4
    shot = png_colours(screenshot(tmp_path, base + "/studies", "studies"))
    assert has_colour(shot, (0x24, 0x47, 0x6B), 200)  # the header bar
    assert has_colour(shot, (0xE8, 0xEE, 0xF5), 100)  # the table's header row


def test_comparisons_draw_svg_charts(base, tmp_path: Path) -> None:
    page = dom(tmp_path, base + "/comparisons")
    assert page.count("<svg") >= 4 and "<rect" in page
    shot = png_colours(screenshot(tmp_path, base + "/comparisons", "comparisons", "1280,2400"))
    assert has_colour(shot, (0x3B, 0x6F, 0xB6), 100)  # bars in the first palette colour


def test_study_page_highlights_evidence(base, tmp_path: Path) -> None:
    url = base + "/study/fx-cells-it"
    page = dom(tmp_path, url)
    assert page.count("<mark") >= 5 and 'class="ev-link"' in page
    shot = png_colours(screenshot(tmp_path, url, "study", "1400,1200"))
    assert has_colour(shot, (0xFF, 0xE2, 0x7A), 50)  # highlighted spans
