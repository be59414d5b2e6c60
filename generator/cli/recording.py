"""`roadmap checkin`, `roadmap record` and `roadmap import`: adding to the data in place.

Each appends entries to one file and leaves the rest of it as it was, or (`import
initiatives`) adds new files; nothing is written unless the whole roadmap stays valid
with the change in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import Number, data_option, date_option, today
from .output import report_diagnostics

if TYPE_CHECKING:
    import datetime as dt

    from ..data.edit import Added

STATUSES = ("on-track", "at-risk", "off-track")  # the model's ProgressStatus


@click.command()
@click.argument("initiative_id", metavar="ID")
@click.option("--status", type=click.Choice(STATUSES), required=True, help="How the work stands.")
@click.option("--note", required=True, help="What happened and what comes next, in a sentence.")
@click.option(
    "--percent",
    type=Number(0, 100),
    default=None,
    metavar="N",
    help="How much of the work is done, 0 to 100.",
)
@date_option("The day of the check-in.  [default: today, or SOURCE_DATE_EPOCH when set]")
@data_option
def checkin(
    initiative_id: str,
    status: str,
    note: str,
    percent: float | None,
    day: dt.date | None,
    data_dir: Path,
) -> None:
    """Add a progress check-in to initiatives/ID.yaml (the rest of the file stays as it is)."""
    from ..data.edit import check_in

    added = check_in(
        data_dir, initiative_id, day=day or today(), status=status, note=note, percent=percent
    )
    _said(added, "check-in")


@click.command()
@click.argument("kpi_id", metavar="KPI-ID")
@click.argument("value", type=Number(), metavar="VALUE")
@date_option("The day of the measurement.  [default: today, or SOURCE_DATE_EPOCH when set]")
@click.option("--note", default=None, help="What explains the value (optional).")
@data_option
def record(
    kpi_id: str, value: float, day: dt.date | None, note: str | None, data_dir: Path
) -> None:
    """Add a reading of KPI-ID to its history in kpis.yaml (a negative VALUE after `--`)."""
    from ..data.edit import record_reading

    _said(record_reading(data_dir, kpi_id, value, day=day or today(), note=note), "reading")


def _said(added: Added, what: str) -> None:
    from ..errors import display_path

    report_diagnostics(added.notes)
    shown = display_path(added.path)
    if added.changed:
        click.echo(f"added the {what} to {shown} at line {added.line}", err=True)
    else:
        click.echo(f"{shown} already holds this {what}; nothing changed", err=True)


@click.group("import")
def import_() -> None:
    """Add data from a file exported elsewhere (a spreadsheet's CSV or XLSX)."""


@import_.command("kpis")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@data_option
def import_kpis(file: Path, data_dir: Path) -> None:
    """Add the KPI readings of a CSV file (date,kpi,value rows) that kpis.yaml lacks."""
    from ..data.edit import import_readings
    from ..errors import display_path

    added = import_readings(data_dir, file)
    report_diagnostics(added.notes)
    shown = display_path(added.path)
    there = f" ({added.present} already there)" if added.present else ""
    if added.changed:
        n = added.entries
        click.echo(f"added {n} reading{'s' if n != 1 else ''} to {shown}{there}", err=True)
    else:
        click.echo(f"{shown} already holds every reading of the file; nothing changed", err=True)


@import_.command("initiatives")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE")
@click.option(
    "--sheet",
    metavar="NAME",
    default=None,
    help="The sheet of an XLSX workbook to read.  [default: the first]",
)
@data_option
def import_initiatives(file: Path, sheet: str | None, data_dir: Path) -> None:
    """Add an initiatives/ID.yaml for each row of a CSV or XLSX table (columns named as
    the fields); rows whose file already holds the same values are left alone."""
    from ..data.edit import import_initiatives as add
    from ..errors import display_path
    from ..scaffold.schemas import schema_comment_for

    done = add(
        data_dir,
        file,
        sheet=sheet,
        first_line=lambda path: schema_comment_for(path, data_dir, "initiative"),
    )
    report_diagnostics(done.notes)
    there = f" ({len(done.unchanged)} already there)" if done.unchanged else ""
    if done.written:
        n = len(done.written)
        folder = display_path(done.written[0].parent)
        click.echo(f"added {n} initiative{'s' if n != 1 else ''} to {folder}{there}", err=True)
    else:
        click.echo(
            f"{display_path(file)}: every initiative is already there; nothing changed", err=True
        )
