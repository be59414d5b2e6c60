"""Capacity per quarter: the points available as an outline, the points used as a bar."""

from __future__ import annotations

from collections.abc import Sequence

from ..views.roadmap import QuarterView
from .svg import e, legend, svg_root

COL, BAR_W, PLOT_H, TOP = 140.0, 84.0, 150.0, 30.0


def capacity(quarters: Sequence[QuarterView]) -> str:
    """One column per quarter, labelled with used / available and the load in words."""
    peak = max([1.0, *(max(q.load.available, q.load.used) for q in quarters)])
    scale = PLOT_H / peak
    base = TOP + PLOT_H
    out = [f'<line class="rm-rule" x1="0" x2="{COL * len(quarters):.1f}" y1="{base}" y2="{base}"/>']
    for k, q in enumerate(quarters):
        x = k * COL + (COL - BAR_W) / 2
        mid = k * COL + COL / 2
        a_h, u_h = q.load.available * scale, q.load.used * scale
        over = q.load.used > q.load.available + 1e-9
        out.append(
            f'<rect class="rm-avail" x="{x:.1f}" y="{base - a_h:.1f}" width="{BAR_W}" '
            f'height="{a_h:.1f}"/>'
        )
        out.append(
            f'<rect class="rm-used{" rm-over" if over else ""}" x="{x + 12:.1f}" '
            f'y="{base - u_h:.1f}" width="{BAR_W - 24}" height="{u_h:.1f}"/>'
        )
        label = f"{q.load.used:g} of {q.load.available:g}"
        out.append(
            f'<text class="rm-small" x="{mid:.1f}" y="{base - max(a_h, u_h) - 8:.1f}" '
            f'text-anchor="middle">{e(label)}</text>'
        )
        out.append(
            f'<text class="rm-head" x="{mid:.1f}" y="{base + 20}" text-anchor="middle">'
            f"{e(q.label)}{' (now)' if q.is_now else ''}</text>"
        )
        load = "over capacity" if over else f"{q.percent}% used"
        out.append(
            f'<text class="rm-small{" rm-alert" if over else ""}" x="{mid:.1f}" '
            f'y="{base + 38}" text-anchor="middle">{load}</text>'
        )
    desc = "; ".join(
        f"{q.label}: {q.load.used:g} of {q.load.available:g} points used" for q in quarters
    )
    over = any(q.load.used > q.load.available + 1e-9 for q in quarters)
    key, key_h = legend(
        [
            ("rm-used", "Points used"),
            *([("rm-used rm-over", "Used beyond capacity")] if over else []),
            ("rm-avail", "Points available"),
        ],
        COL * len(quarters),
    )
    out = [key, f'<g transform="translate(0 {key_h:.1f})">', *out, "</g>"]
    return svg_root(
        COL * len(quarters),
        base + 46 + key_h,
        "Capacity used per quarter",
        desc,
        out,
        "rm-capacity",
    )
