"""Small OKR charts: a key result's check-ins over time, and a score bar."""

from __future__ import annotations

import math

from ...data.model import KeyResult
from .svg import svg_root

W, H, PAD = 460.0, 170.0, 34.0


def trend(kr: KeyResult) -> str:
    """Check-ins over time against the baseline and the target."""
    values = [c.value for c in kr.check_ins]
    refs = [v for v in (kr.baseline, kr.target) if v is not None]
    lo, hi = min(values + refs), max(values + refs)
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    n = max(1, len(values) - 1)

    def y(v: float) -> float:
        return H - PAD - (H - 2 * PAD) * (v - lo) / (hi - lo)

    out = []
    for label, v in (("baseline", kr.baseline), ("target", kr.target)):
        if v is not None:
            out.append(
                f'<line class="rm-ref rm-{label}" x1="{PAD}" x2="{W - PAD}" '
                f'y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
            )
            out.append(
                f'<text class="rm-small" x="{W - PAD}" y="{y(v) - 5:.1f}" '
                f'text-anchor="end">{label} {v:g}</text>'
            )
    points = [(PAD + (W - 2 * PAD) * k / n, y(c.value)) for k, c in enumerate(kr.check_ins)]
    if len(points) > 1:
        d = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        out.append(f'<polyline class="rm-line" points="{d}"/>')
    # Label every check-in while there is room, else every few, always the last one.
    stride = max(1, math.ceil(90 / ((W - 2 * PAD) / n)))
    last = len(points) - 1
    labelled = {k for k in range(0, last + 1, stride) if k == 0 or last - k >= stride} | {last}
    for k, ((px, py), c) in enumerate(zip(points, kr.check_ins, strict=True)):
        out.append(
            f'<circle class="rm-point" cx="{px:.1f}" cy="{py:.1f}" r="4">'
            f"<title>{c.date.isoformat()}: {c.value:g}</title></circle>"
        )
        if k not in labelled:
            continue
        out.append(
            f'<text class="rm-small" x="{px:.1f}" y="{H - 10}" text-anchor="middle">'
            f"{c.date.isoformat()[5:]}: {c.value:g}</text>"
        )
    desc = ", ".join(f"{c.date.isoformat()}: {c.value:g}" for c in kr.check_ins)
    return svg_root(W, H, f"Check-ins for {kr.title}", desc or "No check-ins yet.", out, "rm-trend")


def progress(score: float | None) -> str:
    """A small horizontal bar for a 0..1 score (the number is printed beside it)."""
    value = 0.0 if score is None else score
    label = "not scored" if score is None else f"{score:.2f}"
    return svg_root(
        120,
        14,
        f"Score {label}",
        f"Score {label} of 1.0",
        [
            '<rect class="rm-track" x="0" y="2" width="120" height="10" rx="5"/>',
            f'<rect class="rm-fill" x="0" y="2" width="{120 * value:.1f}" height="10" rx="5"/>',
        ],
        "rm-progress",
    )
