"""Helpers for the tests that read pages rendered in memory (no MkDocs).

The example roadmap is read on 2027-05-10 (the `prepared` fixture in conftest.py holds
its three editions): the S1 escalation path is back on track, the QA scorecard redesign
is at risk, late and stale, four KPIs breach their floors, three reviews were held, and
one friction point has no work against it.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.site.build import Prepared

TODAY = dt.date(2027, 5, 10)

AT_RISK = '<span class="rm-signal rm-signal-at-risk">At risk</span>'
ON_TRACK = '<span class="rm-signal rm-signal-on-track">On track</span>'
LATE = '<span class="rm-signal rm-signal-late">Late</span>'
STALE = '<span class="rm-signal rm-signal-stale">Stale</span>'
BREACHED = '<span class="rm-health rm-health-breached">Breached</span>'
QA_NOTE = "Sign\\-off moves to March because two team leads still want the compliance items"
HEALTHY = '<span class="rm-health rm-health-healthy">Healthy</span>'
CDA_NOTE = (
    "Top 25 drivers ranked, each with an owner; the report goes to Product and the knowledge "
    "team in May"
)


def page(prepared: dict[str, Prepared], path: str, edition: str = "leadership") -> str:
    """The page's Markdown after its front matter and the leadership edition's banner."""
    text = prepared[edition].files[path]
    assert isinstance(text, str)
    if text.startswith("---\n"):
        text = text[text.index("\n---\n", 4) + 5 :].lstrip("\n")
    if text.startswith('<div class="rm-edition-banner"'):
        text = text[text.index("</div>\n") + 7 :].lstrip("\n")
    return text


def lines(text: str) -> list[str]:
    return text.splitlines()


def section(text: str, heading: str) -> list[str]:
    """The lines under `heading` up to the next heading of the same or a higher level."""
    out, inside = [], False
    level = heading.split(" ")[0]
    for line in text.splitlines():
        if line == heading:
            inside = True
            continue
        if inside and re.match(rf"^#{{1,{len(level)}}} ", line):
            break
        if inside and line:
            out.append(line)
    return out
