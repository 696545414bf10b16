"""Server-side SVG charts: horizontal bar charts and a log-axis dot plot, no JavaScript.

Each function takes plain rows and returns one `<svg>` element as text, sized from its data, so
pages and the self-contained report embed the same markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["PALETTE", "bar_chart", "log_dot_plot"]

PALETTE = ("#3b6fb6", "#e07b39", "#4d9a6a", "#b64a6f", "#7d62b3", "#8c7a3e", "#3a9aa8")
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _fmt(value: float) -> str:
    if value == int(value) and abs(value) < 1e6:
        return str(int(value))
    if abs(value) >= 1e4 or abs(value) < 1e-2:
        return f"{value:.2g}"
    return f"{value:.3g}"


def _clip(text: str, width: int = 30) -> str:
    """Text cut to fit a label column (the full text stays in the bar's tooltip)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exponent = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exponent:
            return step * exponent
    return 10 * exponent


def bar_chart(
    title: str,
    groups: Sequence[tuple[str, Sequence[tuple[str, float]]]],
    *,
    unit: str = "",
    series: Sequence[str] = (),
) -> str:
    """Horizontal bars: `groups` is [(group label, [(bar label, value), ...]), ...].

    Bars with the same label share a colour (its position in `series`, else first seen), so a
    legend ties e.g. the same adverse event across routes.
    """
    names = list(series)
    for _, bars in groups:
        for label, _value in bars:
            if label not in names:
                names.append(label)
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    if len(groups) == 1 and not series:
        # one group: every bar is its own category, so one colour and no legend
        colour = dict.fromkeys(names, PALETTE[0])
        names = names[:1]
    values = [v for _, bars in groups for _, v in bars]
    top = _nice_max(max(values, default=0.0))
    label_w, plot_w, bar_h, gap = 190, 420, 16, 10
    rows = sum(len(bars) for _, bars in groups)
    legend_h = 18 * ((len(names) + 3) // 4) if len(names) > 1 else 0
    height = 40 + rows * (bar_h + 3) + len(groups) * (gap + 16) + 30 + legend_h
    width = label_w + plot_w + 90
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" {_FONT}>',
        f"<title>{escape(title)}</title>",
        f'<text x="4" y="16" font-weight="bold" font-size="13">{escape(title)}</text>',
    ]
    y = 34
    for group, bars in groups:
        out.append(f'<text x="4" y="{y + 11}" font-weight="bold">{escape(_clip(group, 60))}</text>')
        y += 16
        for label, value in bars:
            w = 0 if top == 0 else max(0.0, value) / top * plot_w
            shown = escape(_clip(label))
            out.append(
                f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{shown}</text>'
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{colour[label]}"><title>{escape(group)}: {escape(label)} = '
                f"{_fmt(value)}{escape(unit)}</title></rect>"
                f'<text x="{label_w + w + 4:.1f}" y="{y + 12}">{_fmt(value)}{escape(unit)}</text>'
            )
            y += bar_h + 3
        y += gap
    axis_y = y
    out.append(
        f'<line x1="{label_w}" y1="30" x2="{label_w}" y2="{axis_y}" stroke="#555"/>'
        f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#555"/>'
    )
    for i in range(5):
        tick = top * i / 4
        x = label_w + plot_w * i / 4
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" stroke="#555"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">{_fmt(tick)}</text>'
        )
    if len(names) > 1:
        ly = axis_y + 30
        for i, name in enumerate(names):
            lx = 4 + (i % 4) * 170
            yy = ly + (i // 4) * 18
            out.append(
                f'<rect x="{lx}" y="{yy - 10}" width="12" height="12" fill="{colour[name]}"/>'
                f'<text x="{lx + 16}" y="{yy}">{escape(_clip(name, 22))}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def log_dot_plot(
    title: str, points: Sequence[tuple[str, float, str, str]], *, axis_label: str = ""
) -> str:
    """Dots on a log10 axis: points are (row label, value, colour key, tooltip).

    Used for doses, which span several orders of magnitude (micrograms to billions of cells).
    """
    positive = [p for p in points if p[1] > 0]
    rows: list[str] = []
    for label, *_ in positive:
        if label not in rows:
            rows.append(label)
    keys: list[str] = []
    for _, _, key, _ in positive:
        if key not in keys:
            keys.append(key)
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(keys)}
    if positive:
        lo = math.floor(math.log10(min(p[1] for p in positive)))
        hi = math.ceil(math.log10(max(p[1] for p in positive)))
    else:
        lo, hi = 0, 1
    hi = max(hi, lo + 1)
    label_w, plot_w, row_h = 190, 420, 24
    legend_h = 18 * ((len(keys) + 3) // 4)
    height = 40 + len(rows) * row_h + 44 + legend_h
    width = label_w + plot_w + 40
    axis_y = 34 + len(rows) * row_h

    def x_of(value: float) -> float:
        return label_w + (math.log10(value) - lo) / (hi - lo) * plot_w

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" {_FONT}>',
        f"<title>{escape(title)}</title>",
        f'<text x="4" y="16" font-weight="bold" font-size="13">{escape(title)}</text>',
    ]
    for exp in range(lo, hi + 1):
        x = x_of(10.0**exp)
        out.append(
            f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{axis_y}" stroke="#ddd"/>'
            f'<text x="{x:.1f}" y="{axis_y + 16}" text-anchor="middle">1e{exp}</text>'
        )
    for i, row in enumerate(rows):
        y = 34 + i * row_h + row_h / 2
        out.append(
            f'<text x="{label_w - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_clip(row))}</text>'
        )
    for label, value, key, tip in positive:
        y = 34 + rows.index(label) * row_h + row_h / 2
        out.append(
            f'<circle cx="{x_of(value):.1f}" cy="{y:.1f}" r="6" fill="{colour[key]}" '
            f'fill-opacity="0.8"><title>{escape(tip)}</title></circle>'
        )
    out.append(
        f'<line x1="{label_w}" y1="{axis_y}" x2="{label_w + plot_w}" y2="{axis_y}" stroke="#555"/>'
        f'<text x="{label_w + plot_w / 2:.1f}" y="{axis_y + 32}" text-anchor="middle">'
        f"{escape(axis_label)} (log scale)</text>"
    )
    for i, key in enumerate(keys):
        lx = 4 + (i % 4) * 170
        ly = axis_y + 52 + (i // 4) * 18
        out.append(
            f'<circle cx="{lx + 6}" cy="{ly - 4}" r="6" fill="{colour[key]}"/>'
            f'<text x="{lx + 16}" y="{ly}">{escape(_clip(key, 22))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
