"""Capacity per quarter, pool by pool: a row per pool (the function pool and each team
pool), a column per quarter, and in each cell the pool's points used as a bar inside its
points available, with the numbers in words ("9 of 9: full"). A last row gives all pools
together. One row per pool, not only the sum: a team whose pool is full is visible at
first look even when the function as a whole still has room."""

from __future__ import annotations

from collections.abc import Sequence

from ..views.leadership import LoadLane
from ..views.roadmap import QuarterView
from .svg import block, e, legend, svg_root

LABEL_W, CELL_W, PAD, HEAD_H, BAR_H, SIZE, SMALL = 192.0, 124.0, 8.0, 30.0, 14.0, 13.0, 12.0


def capacity(quarters: Sequence[QuarterView], lanes: Sequence[LoadLane]) -> str:
    """The grid of pools and quarters; `lanes` come from `views.leadership.capacity_lanes`."""
    width = LABEL_W + CELL_W * len(quarters)
    out = []
    for k, q in enumerate(quarters):
        mid = LABEL_W + k * CELL_W + CELL_W / 2
        out.append(
            f'<text class="rm-head" x="{mid:.1f}" y="{HEAD_H - 10}" text-anchor="middle">'
            f"{e(q.label)}{' (now)' if q.is_now else ''}</text>"
        )
    y = HEAD_H
    out.append(f'<line class="rm-rule" x1="0" x2="{width:.1f}" y1="{y}" y2="{y}"/>')
    for lane in lanes:
        total = lane.kind == "total"
        name = block(lane.name, LABEL_W - 2 * PAD, SIZE, bold=total, css="rm-b" if total else "")
        labels = [
            block(c.label, CELL_W - 2 * PAD, SMALL, bold=c.state != "open", css=_text_css(c.state))
            for c in lane.cells
        ]
        cell_h = BAR_H + 6 + max(b.height for b in labels)
        height = max(name.height, cell_h) + 2 * PAD
        if total:
            out.append(f'<line class="rm-rule" x1="0" x2="{width:.1f}" y1="{y}" y2="{y}"/>')
        out.append(name.svg(0, y + PAD))
        for k, (cell, label) in enumerate(zip(lane.cells, labels, strict=True)):
            x = LABEL_W + k * CELL_W + PAD
            track = CELL_W - 2 * PAD
            share = 1.0 if cell.available <= 0 else min(cell.used / cell.available, 1.0)
            used_w = track * share if cell.used > 0 else 0.0
            out.append(
                f'<rect class="rm-avail" x="{x:.1f}" y="{y + PAD:.1f}" width="{track:.1f}" '
                f'height="{BAR_H}"/>'
            )
            if used_w:
                red = " rm-over" if cell.state == "over" else ""
                out.append(
                    f'<rect class="rm-used{red}" x="{x:.1f}" y="{y + PAD:.1f}" '
                    f'width="{used_w:.1f}" height="{BAR_H}"/>'
                )
            out.append(label.svg(x, y + PAD + BAR_H + 4))
        y += height
    out.append(f'<line class="rm-rule" x1="0" x2="{width:.1f}" y1="{y}" y2="{y}"/>')
    desc = "; ".join(
        f"{q.label}: "
        + ", ".join(f"{lane.name} {lane.cells[k].label}" for lane in lanes if k < len(lane.cells))
        for k, q in enumerate(quarters)
    )
    over = any(c.state == "over" for lane in lanes for c in lane.cells)
    key, key_h = legend(
        [
            ("rm-used", "Points used"),
            *([("rm-used rm-over", "Used beyond capacity")] if over else []),
            ("rm-avail", "Points available"),
        ],
        width,
    )
    body = [key, f'<g transform="translate(0 {key_h:.1f})">', *out, "</g>"]
    return svg_root(
        width,
        y + 4 + key_h,
        "Capacity used per quarter, pool by pool",
        desc,
        body,
        "rm-capacity",
    )


def _text_css(state: str) -> str:
    return "rm-small rm-alert" if state == "over" else "rm-small"
