"""SVG building blocks shared by the charts: escaping, text measuring and wrapping.

Charts are laid out at build time, so text has to be measured without a browser. The
advance widths below are those of Arial (Liberation Sans and Helvetica share them);
the charts ask for that font family first, and every measure is padded by `SLACK` so
that a wider fallback font (DejaVu Sans is about 6% wider) still fits its box.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

SLACK = 1.1
FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif"

# Advance widths in 1/1000 em for the printable ASCII characters (32..126).
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667,
    667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722,
    667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
    556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278,
    556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722,
    722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722,
    667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556,
    611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333,
    611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
)  # fmt: skip


def e(text: object) -> str:
    """Text escaped for SVG element content and attribute values."""
    return escape(str(text), {'"': "&quot;"})


def _advance(ch: str, bold: bool) -> int:
    code = ord(ch)
    if 32 <= code <= 126:
        return (_BOLD if bold else _REGULAR)[code - 32]
    if code >= 0x2E80:  # CJK and other full-width scripts
        return 1000
    return 620 if bold else 580  # accented Latin, Greek, Cyrillic, punctuation


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The rendered width of `text` at `size` px, padded for fallback fonts."""
    return sum(_advance(ch, bold) for ch in text) * size / 1000 * SLACK


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to `width` px; a word longer than a line is split where it must be."""
    lines: list[str] = []
    line, used = "", 0.0
    space = text_width(" ", size, bold)
    for word in text.split():
        w = text_width(word, size, bold)
        if line and used + space + w <= width:
            line, used = f"{line} {word}", used + space + w
            continue
        if not line and w <= width:
            line, used = word, w
            continue
        if line:
            lines.append(line)
        while w > width:
            cut = max(1, _fit(word, width, size, bold))
            lines.append(word[:cut])
            word = word[cut:]
            w = text_width(word, size, bold)
        line, used = word, w
    if line:
        lines.append(line)
    return lines or [""]


def _fit(word: str, width: float, size: float, bold: bool) -> int:
    total = 0.0
    for n, ch in enumerate(word):
        total += _advance(ch, bold) * size / 1000 * SLACK
        if total > width:
            return n
    return len(word)


def clamp_lines(lines: list[str], limit: int, width: float, size: float, bold: bool) -> list[str]:
    """At most `limit` lines; a cut ends in an ellipsis (callers keep the whole in <title>)."""
    if len(lines) <= limit:
        return lines
    last = lines[limit - 1]
    while last and text_width(last + "…", size, bold) > width:
        last = last[:-1].rstrip()
    return [*lines[: limit - 1], last + "…"]


@dataclass(frozen=True)
class TextBlock:
    """Lines of one size and weight, wrapped to a width."""

    lines: tuple[str, ...]
    size: float
    bold: bool = False
    css: str = ""
    cut: bool = False

    @property
    def line_height(self) -> float:
        return round(self.size * 1.3, 1)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    def svg(self, x: float, top: float, anchor: str = "start") -> str:
        """<text> elements, one per line, the first line's box starting at `top`."""
        out = []
        for n, line in enumerate(self.lines):
            baseline = top + n * self.line_height + self.size * 0.95
            anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
            out.append(
                f'<text class="{self.css}" x="{x:.1f}" y="{baseline:.1f}"{anchor_attr}>'
                f"{e(line)}</text>"
            )
        return "".join(out)


def block(
    text: str, width: float, size: float, *, bold: bool = False, css: str = "", limit: int = 99
) -> TextBlock:
    lines = wrap(text, width, size, bold)
    shown = clamp_lines(lines, limit, width, size, bold)
    return TextBlock(tuple(shown), size, bold, css, cut=len(shown) < len(lines))


def svg_root(
    width: float,
    height: float,
    title: str,
    desc: str,
    body: Iterable[str],
    css_class: str,
    *,
    style: str = "",
) -> str:
    """A whole chart, drawn at its natural size (one line: Markdown raw HTML has no blanks)."""
    w, h = round(width), round(height)
    inner = "".join(body)
    head = f"<style>{style}</style>" if style else ""
    return (
        f'<svg class="rm-chart {css_class}" role="img" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{e(title)}</title><desc>{e(desc)}</desc>{head}{inner}</svg>"
    )


# A key never wider than a phone's column: a chart that scrolls sideways there still
# shows its whole key without scrolling.
KEY_WIDTH = 340.0


def legend(entries: Iterable[tuple[str, str]], width: float) -> tuple[str, float]:
    """A key of (swatch classes, label) pairs, wrapped to `width` (at most KEY_WIDTH);
    returns it and its height.

    A swatch class starting with `rm-arrow` draws an arrow instead of a box.
    """
    width = min(width, KEY_WIDTH)
    out, x, y = [], 0.0, 0.0
    items = list(entries)
    for cls, label in items:
        mark = 36.0 if cls.startswith("rm-arrow") else 18.0
        w = mark + 8 + text_width(label, 12) + 16
        if x and x + w > width:
            x, y = 0.0, y + 24
        if cls.startswith("rm-arrow"):
            out.append(
                f'<path class="{cls}" d="M {x + 2:.1f} {y + 11} L {x + mark:.1f} {y + 11}" '
                'marker-end="url(#rm-deps-arrow)"/>'
            )
        else:
            out.append(
                f'<rect class="{cls}" x="{x + 2:.1f}" y="{y + 4}" width="{mark}" height="14" '
                'rx="3"/>'
            )
        out.append(f'<text class="rm-small" x="{x + mark + 8:.1f}" y="{y + 16}">{e(label)}</text>')
        x += w
    height = y + 28 if items else 0.0
    return f'<g class="rm-legend">{"".join(out)}</g>', height
