"""Small pieces of inline HTML that say a state in words and in form, not by colour alone.

Templates use them as filters: `{{ item.initiative.status | status_badge }}`,
`{{ k | kpi_health }}`. `roadmap.css` gives each state its own outline or fill (proposed
dashed, planned outlined, in progress filled, done filled with a tick; breached filled
with a cross), so the state reads in greyscale too.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ..okrs.scoring import KPIStatus
from ..textsafe import md_text
from ..words import badge, bound

_CODE = re.compile(r"`([^`]+)`")


def status_badge(status: str) -> Markup:
    """`<span class="rm-status rm-status-planned">Planned</span>`, for any status."""
    return badge("status", status)


def pace_badge(state: str) -> Markup:
    """Ahead, on pace or behind (an objective or key result of a running period)."""
    return badge("pace", state)


def kpi_health(k: KPIStatus) -> Markup:
    """Healthy, breached or no reading: the same badge as on the KPI pages."""
    return badge("health", k.status)


def kpi_rule(k: KPIStatus) -> str:
    """The floor in words: "at least 4.3" or "at most 4 hours"."""
    return bound(k.kpi.direction, k.floor, k.kpi.unit)


def code_text(text: str) -> str:
    """Text for inside an HTML `<code>` in a Markdown page: the builder still reads
    Markdown there (`[x](...)`, `*a*{: ...}`), so every character but letters, digits
    and spaces is written as a character reference, which Markdown leaves alone."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in text)


def code_spans(text: str) -> Markup:
    """Plain text whose `backticked` parts show as code (messages the tool writes)."""
    out = []
    for n, part in enumerate(_CODE.split(text)):
        if n % 2:
            out.append(f"<code>{code_text(part)}</code>")
        elif part.strip():
            lead = " " if part[0].isspace() else ""
            trail = " " if part[-1].isspace() else ""
            out.append(lead + md_text(part) + trail)
        else:
            out.append(" " if part else "")
    return Markup("".join(out))


def nowrap(text: object) -> Markup:
    """Text kept on one line (names in narrow table columns)."""
    return Markup(f'<span class="rm-nowrap">{md_text(text)}</span>')
