"""A KPI's measurements over time against its threshold and any raised floor (SVG).

Time runs left to right in proportion to the dates. The threshold is a dashed line and
a floor raised by an achieved key result a solid one, each labelled at its end; the
side of the line that breaches is shaded, and each measurement on it is drawn as a
cross instead of a dot, so the breach does not rest on colour alone. A key above the plot
names the shaded band, the cross and the dot.
"""

from __future__ import annotations

from ...data.model import KPI
from ...words import number, quantity
from .svg import KEY_WIDTH, e, svg_root, text_width

W, H = 560.0, 250.0
LEFT, RIGHT, TOP, BOTTOM = 48.0, 150.0, 56.0, 34.0
KEY = (("band", "Worse than the floor"), ("cross", "Breaches"), ("dot", "Meets the floor"))
MAX_VALUE_LABELS = 8


def _cross(px: float, py: float, tip: str = "") -> str:
    return (
        f'<path class="rm-breach-mark" d="M{px - 5:.1f},{py - 5:.1f}L{px + 5:.1f},{py + 5:.1f}'
        f'M{px - 5:.1f},{py + 5:.1f}L{px + 5:.1f},{py - 5:.1f}">{tip}</path>'
    )


def _key() -> list[str]:
    """The key: what the band, the cross and the dot mean, above the plot, in rows no
    wider than a phone's column (the chart scrolls there; its key stays in view)."""
    out, x, y = ['<g class="rm-legend">'], 0.0, 0.0
    for shape, label in KEY:
        w = 26 + text_width(label, 12) + 18
        if x and x + w > KEY_WIDTH:
            x, y = 0.0, y + 24
        if shape == "band":
            out.append(
                f'<rect class="rm-breach-zone" x="{x:.1f}" y="{y + 6}" width="18" height="14"/>'
            )
        elif shape == "cross":
            out.append(_cross(x + 9, y + 13))
        else:
            out.append(f'<circle class="rm-point" cx="{x + 9:.1f}" cy="{y + 13}" r="4"/>')
        out.append(f'<text class="rm-small" x="{x + 26:.1f}" y="{y + 18}">{e(label)}</text>')
        x += w
    return [*out, "</g>"]


def kpi_trend(kpi: KPI, floor: float) -> str:
    """The chart of `kpi.history`; `floor` is the KPI's floor now (the threshold, or raised)."""
    readings = kpi.history
    values = [r.value for r in readings]
    lo, hi = min([*values, kpi.threshold, floor]), max([*values, kpi.threshold, floor])
    span = hi - lo or max(abs(hi), 1.0)
    lo, hi = lo - span * 0.15, hi + span * 0.15
    first = readings[0].date
    days = max((readings[-1].date - first).days, 1)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(day_index: int) -> float:
        return LEFT + plot_w * day_index / days if len(readings) > 1 else LEFT + plot_w / 2

    def y(v: float) -> float:
        return TOP + plot_h * (hi - v) / (hi - lo)

    def breached(v: float) -> bool:
        return not (v == floor or kpi.better(v, floor))

    out = _key()
    out.append(f'<rect class="rm-plot" x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}"/>')
    # the breaching side of the floor, shaded
    edge = y(floor)
    top, bottom = (edge, TOP + plot_h) if kpi.direction == "higher" else (TOP, edge)
    out.append(
        f'<rect class="rm-breach-zone" x="{LEFT}" y="{top:.1f}" width="{plot_w}" '
        f'height="{max(bottom - top, 0):.1f}"/>'
    )
    lines = [("rm-threshold", kpi.threshold, f"threshold {number(kpi.threshold)}")]
    if floor != kpi.threshold:
        lines.append(("rm-floor", floor, f"floor {number(floor)} (raised)"))
    for css, value, label in lines:
        out.append(
            f'<line class="{css}" x1="{LEFT}" x2="{LEFT + plot_w}" '
            f'y1="{y(value):.1f}" y2="{y(value):.1f}"/>'
        )
        out.append(
            f'<text class="rm-small" x="{LEFT + plot_w + 6}" '
            f'y="{y(value) + 4:.1f}">{e(label)}</text>'
        )
    points = [(x((r.date - first).days), y(r.value)) for r in readings]
    if len(points) > 1:
        d = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        out.append(f'<polyline class="rm-line" points="{d}"/>')
    for (px, py), r in zip(points, readings, strict=True):
        state = "breached" if breached(r.value) else "met"
        tip = f"<title>{r.date.isoformat()}: {e(quantity(r.value, kpi.unit))} ({state})</title>"
        if state == "breached":
            out.append(_cross(px, py, tip))
        else:
            out.append(f'<circle class="rm-point" cx="{px:.1f}" cy="{py:.1f}" r="4">{tip}</circle>')
    last = len(readings) - 1
    # Every value while there is room, else the first and the last; dates at both ends.
    valued = range(last + 1) if len(readings) <= MAX_VALUE_LABELS else (0, last)
    for k in valued:
        (px, py), reading = points[k], readings[k]
        anchor = "middle" if 0 < k < last or last == 0 else ("start" if k == 0 else "end")
        out.append(
            f'<text class="rm-small rm-value" x="{px:.1f}" y="{py - 9:.1f}" '
            f'text-anchor="{anchor}">{number(reading.value)}</text>'
        )
    for k in sorted({0, last}):
        px, reading = points[k][0], readings[k]
        anchor = "middle" if last == 0 else ("start" if k == 0 else "end")
        out.append(
            f'<text class="rm-small" x="{px:.1f}" y="{H - 12}" text-anchor="{anchor}">'
            f"{reading.date.isoformat()}</text>"
        )
    better = "higher" if kpi.direction == "higher" else "lower"
    desc = (
        f"{kpi.name}, {better} is better; threshold {number(kpi.threshold)}"
        + (f", floor raised to {number(floor)}" if floor != kpi.threshold else "")
        + ". "
        + "; ".join(
            f"{r.date.isoformat()}: {number(r.value)}{' (breached)' if breached(r.value) else ''}"
            for r in readings
        )
        + "."
    )
    return svg_root(W, H, f"{kpi.name} over time against its floor", desc, out, "rm-kpi-trend")
