"""`roadmap build`, `roadmap serve` and `roadmap export`: the site and the files made from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from ..words import plural
from .options import (
    PLAN_TODAY,
    LazyChoice,
    audience_option,
    builder_option,
    data_option,
    output_option,
    plan_settings,
    strict_option,
    time_limit_option,
    today_option,
)
from .output import report_diagnostics

if TYPE_CHECKING:
    from ..data.tables import TableFormat
    from ..site.build import Builder


@click.command()
@data_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes.",
)
@audience_option("build")
@strict_option
@today_option(
    "Build as if today were this date (YYYY-MM-DD): marks 'now', and in the horizon's first "
    "quarter only the days left are open to work not yet started.  [default: today, or "
    "SOURCE_DATE_EPOCH when set]"
)
@builder_option
@time_limit_option
def build(
    data_dir: Path,
    site_dir: Path,
    audience: str | None,
    strict: bool,
    today: dt.date | None,
    builder: str,
    time_limit: float | None,
) -> None:
    """Validate, plan, render and build the static site (atomically)."""
    from ..site.build import build_site

    settings = plan_settings(today, time_limit)
    built = build_site(
        data_dir,
        site_dir,
        audience=audience,
        strict=strict,
        builder=cast("Builder", builder),
        today=settings.today,
        time_limit=settings.time_limit,
    )
    report_diagnostics(built.warnings)
    click.echo(f"built the {built.edition} edition in {built.site_dir}", err=True)
    if built.data_warnings:
        click.echo(
            f"the data has {plural(built.data_warnings, 'warning')} (`roadmap validate` lists "
            "them); a build with --strict, as in the workflows, fails on them",
            err=True,
        )


@click.command()
@data_option
@audience_option("serve")
@click.option(
    "--dev-addr",
    metavar="HOST:PORT",
    default=None,
    help="Address to serve on (default: mkdocs.yml's dev_addr if it is a loopback "
    "address, else 127.0.0.1:8000). Only this option can serve to the network.",
)
@builder_option
def serve(data_dir: Path, audience: str | None, dev_addr: str | None, builder: str) -> None:
    """Serve the site locally, rebuilding on edits to the data and templates."""
    from ..data.validate import load_roadmap
    from ..site.build import serve_site

    load_roadmap(data_dir)  # fail fast, with the usual messages, on invalid data
    serve_site(data_dir, audience, dev_addr=dev_addr, builder=cast("Builder", builder))


@click.group()
def export() -> None:
    """Export a view as a file to use elsewhere (slides, print)."""


@export.command("timeline")
@data_option
@output_option("The SVG file to write.")
@click.option("--team", metavar="ID", help="Only this team's work (a team id in people.yaml).")
@today_option(PLAN_TODAY)
@time_limit_option
def export_timeline(
    data_dir: Path,
    output: Path,
    team: str | None,
    today: dt.date | None,
    time_limit: float | None,
) -> None:
    """Write the team timeline as a standalone SVG (its own colours) for slides."""
    from ..errors import display_path
    from ..site.export import export_timeline as write

    settings = plan_settings(today, time_limit)
    written = write(
        data_dir, output, team=team, today=settings.today, time_limit=settings.time_limit
    )
    click.echo(f"wrote the timeline to {display_path(written)}", err=True)


def _table_formats() -> tuple[str, ...]:
    from ..data.tables import TABLE_FORMATS

    return TABLE_FORMATS


@export.command("plan")
@data_option
@click.option(
    "--format",
    "fmt",
    type=LazyChoice(_table_formats),
    required=True,
    help="The file's format: csv (UTF-8, for any spreadsheet) or xlsx (Excel).",
)
@output_option("The file to write (ending in .csv or .xlsx, as --format says).")
@audience_option("export")
@today_option(PLAN_TODAY)
@time_limit_option
def export_plan(
    data_dir: Path,
    fmt: str,
    output: Path,
    audience: str | None,
    today: dt.date | None,
    time_limit: float | None,
) -> None:
    """Write the plan as a table, one row per initiative, with the columns the edition shows."""
    from ..errors import display_path
    from ..site.export import export_plan as write

    settings = plan_settings(today, time_limit)
    written, edition, rows = write(
        data_dir,
        output,
        cast("TableFormat", fmt),
        audience=audience,
        today=settings.today,
        time_limit=settings.time_limit,
    )
    n = f"{rows} initiative{'s' if rows != 1 else ''}"
    click.echo(f"wrote the {edition} edition's plan ({n}) to {display_path(written)}", err=True)


@export.command("pack")
@data_option
@output_option("The PDF file to write.")
@audience_option("export")
@today_option(PLAN_TODAY)
@time_limit_option
def export_pack(
    data_dir: Path,
    output: Path,
    audience: str | None,
    today: dt.date | None,
    time_limit: float | None,
) -> None:
    """Write the slides of present mode as a PDF review pack, one slide a page."""
    from ..errors import display_path
    from ..site.export import export_pack as write

    settings = plan_settings(today, time_limit)
    written, edition, slides = write(
        data_dir, output, audience=audience, today=settings.today, time_limit=settings.time_limit
    )
    n = f"{slides} slide{'s' if slides != 1 else ''}"
    click.echo(
        f"wrote the {edition} edition's review pack ({n}) to {display_path(written)}", err=True
    )
