"""Static SVG charts, drawn at build time at their natural size.

They work with JavaScript off and offline, print, and carry a <title> and <desc> as
their text alternative. All text is XML-escaped; nothing from the data reaches the SVG
unescaped. Text is 12 px or more and is never scaled down: a chart wider than the
screen scrolls sideways inside its figure, which says so (`figure`).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..views.roadmap import ItemView, QuarterView
from .capacity import capacity
from .dependencies import dependencies
from .matrix import matrix
from .okr import progress, trend
from .svg import e
from .timeline import timeline

__all__ = [
    "PRINT_WIDTH",
    "capacity",
    "dependencies",
    "figure",
    "matrix",
    "progress",
    "timeline",
    "timeline_figure",
    "trend",
]
# A landscape A4 page less 10 mm margins, in CSS px: the timeline laid out for print.
PRINT_WIDTH = 1040.0

SCROLL_HINT = "Wider than the screen: scroll sideways to see all of it."


def figure(svg: str, label: str, css: str = "") -> Markup:
    """A chart in a figure that scrolls sideways when it is wider than the page.

    The figure is a labelled, focusable region so that keyboard users can scroll it
    too; its hint shows only while it can scroll (see roadmap.css).
    """
    extra = f" {css}" if css else ""
    return Markup(
        f'<div class="rm-figure{extra}" role="region" tabindex="0" aria-label="{e(label)}">'
        f'<p class="rm-hint" aria-hidden="true">{SCROLL_HINT}</p>{svg}</div>'
    )


def timeline_figure(
    items: Sequence[ItemView], quarters: Sequence[QuarterView], whose: str
) -> Markup:
    """The timeline for the screen, and a wider one for print that prints instead.

    Laid out for a landscape page, the print copy wraps less and so fits one page at a
    readable size; it is hidden on screen and from assistive technology.
    """
    title = f"Timeline of {whose} by quarter"
    screen = figure(timeline(items, quarters, title=title), title, "rm-screen-only")
    paper = timeline(items, quarters, title=title, width=PRINT_WIDTH)
    return Markup(f'{screen}<div class="rm-print-timeline" aria-hidden="true">{paper}</div>')
