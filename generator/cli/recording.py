"""`roadmap checkin`, `record`, `import` and `intake`: adding to the data in place.

Each appends entries to one file and leaves the rest of it as it was, or (`import
initiatives`) adds new files; nothing is written unless the whole roadmap stays valid
with the change in it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import (
    PLAN_TODAY,
    Number,
    PlanSettings,
    data_option,
    date_option,
    plan_settings,
    time_limit_option,
    today,
    today_option,
)
from .output import report_diagnostics

if TYPE_CHECKING:
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


@click.command()
@click.argument("form", type=click.Path(path_type=Path), metavar="FORM.md")
@click.option(
    "--write",
    is_flag=True,
    help="Add it to the data: the request as a new initiative (status proposed), the "
    "check-in or the reading as checkin and record do.  [default: only evaluate]",
)
@data_option
@today_option(PLAN_TODAY)
@time_limit_option
def intake(
    form: Path, write: bool, data_dir: Path, today: dt.date | None, time_limit: float | None
) -> None:
    """Read the body of an issue filed with one of the issue forms (a request, a progress
    check-in, a KPI reading) and print what it would do, as Markdown for a comment."""
    from ..errors import RoadmapError, display_path

    shown = display_path(form)
    try:
        body = form.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RoadmapError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise RoadmapError(f"{shown} is not UTF-8 text; it cannot be an issue body") from None
    click.echo(
        intake_report(data_dir, body, shown, write, plan_settings(today, time_limit)), nl=False
    )


def intake_report(
    data_dir: Path, body: str, shown: str, write: bool, settings: PlanSettings
) -> str:
    """What the submitted form in `body` does, as Markdown; written to the data if `write`."""
    from ..data.edit import check_in, new_initiative, record_reading
    from ..data.issue_forms import (
        answer,
        answer_date,
        answer_number,
        forms_folder,
        load_forms,
        read_answers,
        request_fields,
    )
    from ..data.validate import load_roadmap, require_data_dir
    from ..errors import display_path
    from ..planning.propose import INTAKE_MARK, evaluate, proposal_as_markdown
    from ..scaffold.schemas import schema_comment_for
    from ..textsafe import md_text
    from ..words import INTAKE_HOW_TO_ADD, PROGRESS, number

    require_data_dir(data_dir)
    answers = read_answers(body, load_forms(forms_folder(data_dir.parent)), shown)
    kind = answers.form.kind
    if kind == "request":
        model, _ = load_roadmap(data_dir)
        folder = data_dir / "initiatives"
        taken = {i.id for i in model.initiatives} | {p.stem for p in folder.glob("*")}
        fields = request_fields(answers, taken)
        new = new_initiative(
            data_dir,
            fields,
            first_line=lambda path: schema_comment_for(path, data_dir, "initiative"),
        )
        proposal = evaluate(
            model,
            new.model,
            fields["id"],
            False,
            today=settings.today,
            time_limit=settings.time_limit,
        )
        written = display_path(new.write()) if write else None
        return proposal_as_markdown(proposal, fields["title"], written=written)
    day = answer_date(answers, "date") or settings.today
    note = answer(answers, "note") if kind == "checkin" else answers.get("note")
    if kind == "checkin":
        initiative_id = answer(answers, "initiative").strip()
        status = answer(answers, "status").strip()
        percent = answer_number(answers, "percent", 0, 100)
        added = check_in(
            data_dir,
            initiative_id,
            day=day,
            status=status,
            note=" ".join((note or "").split()),
            percent=percent,
            write=write,
        )
        done = f", {number(percent)}% done" if percent is not None else ""
        head = f"## Check-in: `{initiative_id}`"  # an id the data holds: check_in made sure
        said = f"**{PROGRESS.get(status, md_text(status))}**{done}, on {day.isoformat()}: "
        said += md_text(note or "")
        what = "check-in"
    else:
        kpi = answer(answers, "kpi").strip()
        value = answer_number(answers, "value", float("-inf"), float("inf"))
        if value is None:  # pragma: no cover - answer_number with a required answer
            raise AssertionError("no value")
        added = record_reading(
            data_dir,
            kpi,
            value,
            day=day,
            note=" ".join(note.split()) if note else None,
            write=write,
        )
        head = f"## KPI reading: `{kpi}`"  # likewise a known KPI id
        said = f"**{number(value)}** on {day.isoformat()}"
        said += f": {md_text(note)}" if note else ""
        what = "reading"
    path = display_path(added.path)
    if not added.changed:
        outcome = f"`{path}` already holds this {what}; nothing changed."
    elif write:
        outcome = f"Added to `{path}` at line {added.line}."
    else:
        outcome = f"It fits `{path}`; nothing is written yet: {INTAKE_HOW_TO_ADD}."
    return f"{INTAKE_MARK}\n{head}\n\n{said}\n\n{outcome}\n"
