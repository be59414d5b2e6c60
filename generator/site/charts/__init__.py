"""Static SVG charts, drawn at build time at their natural size.

They work with JavaScript off and offline, print, and carry a <title> and <desc> as
their text alternative. All text is XML-escaped; nothing from the data reaches the SVG
unescaped. Text is 12 px or more and is never scaled down: a chart wider than the
screen scrolls sideways inside its figure, which says so (`figure`).
"""

from __future__ import annotations

from markupsafe import Markup

from .capacity import capacity
from .dependencies import dependencies
from .matrix import matrix
from .okr import progress, trend
from .svg import e
from .timeline import timeline

__all__ = ["capacity", "dependencies", "figure", "matrix", "progress", "timeline", "trend"]

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
