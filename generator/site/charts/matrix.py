"""The impact/effort matrix: every open initiative as a numbered marker on two scales.

Impact is a level (1-5), drawn as a band; effort is a number of points on a linear
axis with ticks. The thresholds are labelled lines. Markers that would overlap are
spread: first up and down inside their impact band (which does not change the value
read off), then sideways, and never across the effort threshold, so a marker always
sits in its own quadrant. The numbers refer to the table printed with the chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from ...words import QUADRANT
from ..views.roadmap import ItemView
from .style import quadrant_class
from .svg import e, legend, svg_root

SIZE, SMALL = 13.0, 12.0
LEFT, RIGHT, TOP = 64.0, 16.0, 64.0
PLOT_W, BAND = 560.0, 92.0
LEVELS = 5
R = 12.0  # marker radius; R + 2 for three-digit numbers
SPACING = 3.0  # at least this much air between two markers


def _nice_step(span: float) -> float:
    raw = span / 8
    for step in (1, 2, 2.5, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= raw:
            return float(step)
    return float(10 ** math.ceil(math.log10(raw)))


def matrix(items: Sequence[ItemView], impact_threshold: int, effort_threshold: float) -> str:
    """Markers numbered in the order of `items` (the table below the chart uses it too)."""
    top_effort = max([effort_threshold * 2, *(i.initiative.effort for i in items)])
    step = _nice_step(top_effort)
    axis_max = math.ceil(top_effort * 1.02 / step) * step
    radius = R + 2 if len(items) >= 100 else R

    def x(effort: float) -> float:
        return LEFT + PLOT_W * effort / axis_max

    tx = x(effort_threshold)
    # A band grows until its markers fit without overlapping (a crowded level). Start
    # from what the most crowded level and side needs in area, packed loosely.
    crowd: dict[tuple[int, bool], int] = {}
    for item in items:
        key = (item.initiative.impact, item.quadrant in ("strategic", "ballast"))
        crowd[key] = crowd.get(key, 0) + 1
    side = min(tx - LEFT, LEFT + PLOT_W - tx) - 2 * radius
    need = max(crowd.values(), default=0) * (2 * radius + SPACING) ** 2 * 1.6 / max(side, 1.0)
    band = max(BAND, need)
    placed, complete = _place(items, x, tx, radius, band)
    for _ in range(8):
        if complete:
            break
        band *= 1.5
        placed, complete = _place(items, x, tx, radius, band)
    plot_h = band * LEVELS
    bottom = TOP + plot_h

    def band_centre(impact: int) -> float:
        return TOP + (LEVELS - impact + 0.5) * band

    ty = TOP + (LEVELS - impact_threshold + 1) * band
    out = [
        f'<rect class="rm-plot" x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{plot_h}"/>',
        f'<rect class="rm-hi" x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{ty - TOP:.1f}"/>',
    ]
    # Impact bands and their scale.
    for level in range(1, LEVELS + 1):
        cy = band_centre(level)
        if level > 1:
            y0 = cy + band / 2
            out.append(
                f'<line class="rm-grid" x1="{LEFT}" x2="{LEFT + PLOT_W}" y1="{y0:.1f}" '
                f'y2="{y0:.1f}"/>'
            )
        out.append(
            f'<text class="rm-tick" x="{LEFT - 10}" y="{cy + 4.5:.1f}" text-anchor="end">'
            f"{level}</text>"
        )
    # Effort scale.
    value = 0.0
    while value <= axis_max + 1e-9:
        px = x(value)
        out.append(
            f'<line class="rm-grid" x1="{px:.1f}" x2="{px:.1f}" y1="{TOP}" y2="{bottom + 5}"/>'
        )
        out.append(
            f'<text class="rm-tick" x="{px:.1f}" y="{bottom + 20}" text-anchor="middle">'
            f"{value:g}</text>"
        )
        value += step
    out.append(
        f'<text class="rm-axis" x="{LEFT + PLOT_W / 2}" y="{bottom + 42}" text-anchor="middle">'
        "Effort (capacity points)</text>"
    )
    out.append(
        f'<text class="rm-axis" x="18" y="{TOP + plot_h / 2}" text-anchor="middle" '
        f'transform="rotate(-90 18 {TOP + plot_h / 2})">Impact (1-5)</text>'
    )
    # Thresholds, labelled where they start.
    out.append(
        f'<line class="rm-threshold" x1="{tx:.1f}" x2="{tx:.1f}" y1="{TOP - 8}" y2="{bottom}"/>'
    )
    out.append(
        f'<text class="rm-small" x="{tx + 4:.1f}" y="{TOP - 12}">'
        f"more than {effort_threshold:g} points: high effort</text>"
    )
    out.append(
        f'<line class="rm-threshold" x1="{LEFT - 4}" x2="{LEFT + PLOT_W}" y1="{ty:.1f}" '
        f'y2="{ty:.1f}"/>'
    )
    label = f"impact {impact_threshold} or more: high impact"
    out.append(
        f'<text class="rm-small" x="{LEFT + PLOT_W - 4}" y="{ty - 6:.1f}" text-anchor="end">'
        f"{e(label)}</text>"
    )
    # Quadrant names outside the plot, so no marker can cover them.
    for name, qx, qy, anchor in (
        ("Quick wins", LEFT, TOP - 34, "start"),
        ("Strategic", LEFT + PLOT_W, TOP - 34, "end"),
        ("Fill-ins", LEFT, bottom + 62, "start"),
        ("Ballast", LEFT + PLOT_W, bottom + 62, "end"),
    ):
        out.append(
            f'<text class="rm-b" x="{qx:.1f}" y="{qy:.1f}" text-anchor="{anchor}">{name}</text>'
        )
    for n, (item, (cx, cy)) in enumerate(zip(items, placed, strict=True), 1):
        i = item.initiative
        scheduled = item.placement is not None
        fill = "rm-solid" if scheduled else "rm-pale"
        text = "rm-on-solid" if scheduled else "rm-on-pale"
        state = item.when if scheduled else "not scheduled"
        out.append(
            f'<g class="rm-marker" data-id="{e(item.id)}"><title>{n}. {e(i.title)}: impact '
            f"{i.impact}, effort {i.effort:g}, {e(state)}</title>"
            f'<circle class="rm-box {quadrant_class(item.quadrant)} {fill}" cx="{cx:.1f}" '
            f'cy="{cy:.1f}" r="{radius}"/>'
            f'<text class="{text} rm-num" x="{cx:.1f}" y="{cy + 4.5:.1f}" '
            f'text-anchor="middle">{n}</text></g>'
        )
    width = LEFT + PLOT_W + RIGHT
    desc = "; ".join(
        f"{n}. {i.initiative.title}: impact {i.initiative.impact}, effort "
        f"{i.initiative.effort:g}, {QUADRANT.get(i.quadrant, i.quadrant)}"
        for n, i in enumerate(items, 1)
    )
    chart_key, key_h = legend(
        [
            *(
                (f"rm-swatch {quadrant_class(q)}", QUADRANT[q])
                for q in QUADRANT
                if any(i.quadrant == q for i in items)
            ),
            ("rm-box rm-key rm-solid", "Scheduled: filled"),
            ("rm-box rm-key rm-pale", "Not scheduled: dashed outline"),
        ],
        width,
    )
    out = [chart_key, f'<g transform="translate(0 {key_h:.1f})">', *out, "</g>"]
    return svg_root(
        width,
        bottom + 70 + key_h,
        "Impact and effort of every open initiative",
        desc or "No initiatives.",
        out,
        "rm-matrix",
    )


def _place(
    items: Sequence[ItemView],
    x: Callable[[float], float],
    threshold_x: float,
    radius: float,
    band: float,
) -> tuple[list[tuple[float, float]], bool]:
    """Marker centres as close to the true position as they can be without overlapping.

    The flag says whether every marker found a free spot inside its band.
    """
    lo, hi = LEFT + radius + 1, LEFT + PLOT_W - radius - 1
    min_d = 2 * radius + SPACING
    step = min_d / 2
    # Candidate offsets, cheapest first: vertical moves inside the band cost less than
    # sideways ones, which shift the effort read off the scale.
    reach_y = int((band / 2 - radius - 2) // step)
    offsets = sorted(
        ((dx * step, dy * step) for dx in range(-40, 41) for dy in range(-reach_y, reach_y + 1)),
        key=lambda o: (abs(o[0]) * 3 + abs(o[1]), o[0], o[1]),
    )
    grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
    full: set[tuple[int, bool]] = set()  # bands (and sides) with no free spot left

    def free(cx: float, cy: float) -> bool:
        gx, gy = int(cx // min_d), int(cy // min_d)
        return all(
            (cx - px) ** 2 + (cy - py) ** 2 >= min_d**2
            for ox in (-1, 0, 1)
            for oy in (-1, 0, 1)
            for px, py in grid.get((gx + ox, gy + oy), ())
        )

    placed: list[tuple[float, float]] = []
    for item in items:
        i = item.initiative
        high_effort = item.quadrant in ("strategic", "ballast")
        left, right = lo, hi
        if high_effort:
            left = max(lo, threshold_x + radius + 2)
        else:
            right = min(hi, threshold_x - radius - 2)
        ideal_x = min(max(x(i.effort), left), right)
        cy0 = TOP + (LEVELS - i.impact + 0.5) * band
        spot = (ideal_x, cy0)  # when the band is full, overlap rather than misplace
        if (i.impact, high_effort) not in full:
            for dx, dy in offsets:
                cx, cy = ideal_x + dx, cy0 + dy
                if left <= cx <= right and free(cx, cy):
                    spot = (cx, cy)
                    break
            else:
                full.add((i.impact, high_effort))
        grid.setdefault((int(spot[0] // min_d), int(spot[1] // min_d)), []).append(spot)
        placed.append(spot)
    return placed, not full
