"""`roadmap okrs` and `roadmap calendar`: the scored OKR tree and the cadence around it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .options import data_option, format_option, today_option
from .options import today as default_today


@click.command()
@data_option
@format_option("text", "json")
@today_option(
    "Judge pace as if today were this date (YYYY-MM-DD).  [default: today, or "
    "SOURCE_DATE_EPOCH when set]"
)
def okrs(data_dir: Path, fmt: str, today: dt.date | None) -> None:
    """Show each period's health, the scored OKR cascade with pace, and the KPI floors."""
    from ..data.validate import load_roadmap
    from ..okrs.text import okrs_as_json, okrs_as_text

    model, _ = load_roadmap(data_dir)
    day = today or default_today()
    click.echo(okrs_as_json(model, day) if fmt == "json" else okrs_as_text(model, day), nl=False)


@click.command()
@data_option
@format_option("text", "ics", help="ics prints an iCalendar file.")
@today_option("Mark events before this date (YYYY-MM-DD) as past.  [default: today]")
def calendar(data_dir: Path, fmt: str, today: dt.date | None) -> None:
    """List the OKR setting windows, reviews and closings, and the events of calendar.yaml."""
    # Today by the clock, as --help says: SOURCE_DATE_EPOCH is for reproducible builds.
    click.echo(calendar_report(data_dir, fmt, today or dt.date.today()), nl=False)


def calendar_report(data_dir: Path, fmt: str, today: dt.date) -> str | bytes:
    """The cadence as text (past events marked as of `today`) or as an iCalendar file."""
    from ..data.validate import load_roadmap
    from ..okrs.cadence import calendar_file_events, to_ics
    from ..okrs.text import calendar_as_text

    model, _ = load_roadmap(data_dir)
    if fmt == "ics":
        return to_ics(calendar_file_events(model), f"{model.settings.title}: cadence")
    return calendar_as_text(model, calendar_file_events(model), today)
