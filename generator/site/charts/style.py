"""Colour and status classes shared by the charts, and the stylesheet of a standalone chart.

On the site, `roadmap.css` styles these classes (text outside the boxes follows the
light or dark theme); an exported chart carries `STANDALONE_CSS` instead, so it looks
the same on a slide with no theme around it. Box fills are fixed colours on which white
text has a contrast of at least 4.5:1. Proposed work is drawn white with a dashed
outline and dark text, and every box also says its status in words, so status never
rests on colour alone.
"""

from __future__ import annotations

QUADRANT_CLASS = {
    "quick-win": "rm-qw",
    "strategic": "rm-st",
    "fill-in": "rm-fi",
    "ballast": "rm-ba",
}
# Committed work is drawn solid; anything else pale with a dashed outline.
SOLID = frozenset({"planned", "in-progress", "done"})


def quadrant_class(quadrant: str) -> str:
    """The quadrant's colour; without one (editions that leave scores out) a neutral one."""
    return QUADRANT_CLASS.get(quadrant, "rm-key")


def status_classes(status: str) -> str:
    """How a status is drawn: solid or pale, plus its own class (in progress: heavy)."""
    fill = "rm-solid" if status in SOLID else "rm-pale"
    return f"{fill} rm-s-{status}"


def box_classes(quadrant: str, status: str) -> str:
    """Classes of an item's box: its quadrant colour and how its status is drawn."""
    return f"{quadrant_class(quadrant)} {status_classes(status)}"


def text_class(status: str) -> str:
    """Text on a solid box is white; on a pale one it is dark."""
    return "rm-on-solid" if status in SOLID else "rm-on-pale"


# The quadrant colours, and a neutral one for keys that explain a style, not a colour.
_COLOURS = {
    "rm-qw": "#2e7d32",
    "rm-st": "#3949ab",
    "rm-fi": "#795548",
    "rm-ba": "#616161",
    "rm-key": "#37474f",
}


def _box_rules() -> str:
    rules = []
    for cls, colour in _COLOURS.items():
        rules.append(f".{cls}.rm-solid{{fill:{colour};stroke:{colour};}}")
        rules.append(f".{cls}.rm-pale{{fill:#fff;stroke:{colour};}}")
        rules.append(f".rm-swatch.{cls}{{fill:{colour};}}")
    return "".join(rules)


# The whole look of a chart that travels on its own (roadmap export timeline).
STANDALONE_CSS = (
    ".rm-chart{font-family:Arial,'Liberation Sans',Helvetica,sans-serif;}"
    "text{fill:#1f1f1f;font-size:13px;}"
    ".rm-bg{fill:#fff;}"
    ".rm-b,.rm-head,.rm-group{font-weight:700;}"
    ".rm-small{font-size:12px;}"
    ".rm-heading{font-size:18px;}"
    ".rm-muted{fill:#4a4a4a;}"
    ".rm-col{fill:none;stroke:#bdbdbd;}"
    ".rm-now{fill:#e3f2fd;stroke:#bdbdbd;}"
    ".rm-rule{stroke:#9e9e9e;stroke-width:1;}"
    ".rm-box{stroke-width:2;}"
    ".rm-pale{stroke-dasharray:6 4;}"
    "text.rm-on-solid{fill:#fff;}"
    "text.rm-on-pale{fill:#1f1f1f;}"
    + _box_rules()
    + ".rm-box.rm-solid.rm-s-in-progress{stroke:#000;stroke-width:4;}"
)
