"""The words and numbers people read come from one module: the same value reads the same
on every page and in every message."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator import words
from generator.data.validate import load_roadmap
from generator.planning.planner import make_plan
from generator.site.render import render_site

EXAMPLE = Path(__file__).resolve().parents[1] / "roadmap"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (68, "%", "68%"),
        (91.5, "%", "91.5%"),
        (1, "hours", "1 hour"),
        (1.5, "hours", "1.5 hours"),
        (4, "hours", "4 hours"),
        (1, "days", "1 day"),
        (4.3, "score", "4.3 score"),
        (1, "ms", "1 ms"),  # not a plural word: left as written
        (1, "CSAT", "1 CSAT"),
        (2.456, "", "2.46"),
    ],
)
def test_a_quantity_reads_as_people_write_it(value: float, unit: str, expected: str) -> None:
    assert words.quantity(value, unit) == expected


def test_plurals_and_differences() -> None:
    assert words.plural(1, "objective") == "1 objective"
    assert words.plural(0, "objective") == "0 objectives"
    assert words.plural(2, "key result") == "2 key results"
    assert words.points(1) == "1 point"
    assert words.points(2.5) == "2.5 points"
    assert words.difference(1, "%") == "1 percentage point"
    assert words.difference(3.5, "%") == "3.5 percentage points"
    assert words.difference(1, "hours") == "1 hour"
    assert words.bound("higher", 72, "%") == "at least 72%"
    assert words.bound("lower", 1, "hours") == "at most 1 hour"
    assert words.score(None) == "–"
    assert words.score(0.7) == "0.70"
    assert words.percent(1 / 3) == "33%"


def test_one_badge_builder_for_every_state() -> None:
    assert words.badge("status", "in-progress") == (
        '<span class="rm-status rm-status-in-progress">In progress</span>'
    )
    assert words.badge("health", "no data") == (
        '<span class="rm-health rm-health-none">No reading</span>'
    )
    assert words.badge("progress", None) == (
        '<span class="rm-signal rm-signal-none">No check-in yet</span>'
    )
    assert words.badge("progress", "late") == '<span class="rm-signal rm-signal-late">Late</span>'


def _kpi_row(page: str, name: str) -> str:
    """The table row (or the line) of one KPI on a rendered Markdown page."""
    rows = [line for line in page.splitlines() if f"[{name}]" in line and line.startswith("|")]
    assert rows, f"no row for {name}"
    return rows[0]


def test_one_kpi_renders_the_same_on_every_page_that_shows_it() -> None:
    """Home, leadership, OKRs, the KPI list and the KPI's own page: one value, one floor,
    one health badge. (They once read "68 %" on some pages and "68%" on others, and a
    missing reading was "No reading" on one and "No data" on the other.)"""
    model, _ = load_roadmap(EXAMPLE)
    day = dt.date(2027, 5, 10)
    files = render_site(model, make_plan(model, today=day), "leadership", today=day).files
    kpi = next(k for k in model.kpis if k.id == "fcr")
    assert kpi.unit == "%" and kpi.current is not None
    current, floor = f"{kpi.current:g}%", f"{kpi.threshold:g}%"
    rows = {
        name: _kpi_row(str(files[name]), kpi.name.replace("-", "\\-"))
        for name in ("index.md", "leadership.md", "kpis/index.md", "okrs/index.md")
    }
    badges = set()
    for name, row in rows.items():
        assert f"| {current} |" in row, (name, row)
        assert f"{floor} |" in row, (name, row)
        assert not re.search(r"\d %", row), (name, row)
        badges.add(re.search(r'<span class="rm-health[^>]*>[^<]*</span>', row).group(0))  # type: ignore[union-attr]
    assert len(badges) == 1, badges
    for name in ("index.md", "leadership.md", "kpis/index.md"):
        assert f"at least {floor} |" in rows[name], (name, rows[name])
    own = str(files[f"kpis/{kpi.id}.md"])
    assert own.count(badges.pop()) == 1
    assert f"Currently {current}; the floor is at least {floor} " in own


def test_a_kpi_without_a_reading_reads_no_reading_everywhere(make_roadmap) -> None:  # type: ignore[no-untyped-def]
    kpis = {
        "kpis": [
            {"id": "csat", "name": "CSAT", "unit": "%", "direction": "higher", "threshold": 80}
        ]
    }
    data = make_roadmap({"id": "a"}, files={"kpis.yaml": kpis})
    model, _ = load_roadmap(data)
    day = dt.date(2027, 2, 1)
    files = render_site(model, make_plan(model, today=day), "leadership", today=day).files
    for name in ("index.md", "leadership.md", "kpis/index.md", "okrs/index.md"):
        row = _kpi_row(str(files[name]), "CSAT")
        assert ">No reading<" in row, (name, row)
        assert "No data" not in str(files[name])
    assert ">No reading<" in str(files["kpis/csat.md"])
