"""The `roadmap` command line: each command parses its options and calls one library function."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from . import __version__
from .cli_options import PLAN_TODAY, plan_options, time_limit_option, today_option
from .cli_support import builder_option, data_option, handle_errors, report_diagnostics

if TYPE_CHECKING:
    from .site.build import Builder


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roadmap")
def main() -> None:
    """Validate, plan and publish a customer-service roadmap kept as YAML."""


@main.command()
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github prints workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def validate(data_dir: Path, fmt: str, strict: bool) -> None:
    """Check every data file against its schema and every cross-file reference."""
    from .data.validate import load_roadmap

    model, warnings = load_roadmap(data_dir, strict=strict)
    report_diagnostics(warnings, fmt)
    n_warn = sum(w.severity == "warning" for w in warnings)
    click.echo(
        f"{data_dir}: valid ({len(model.initiatives)} initiatives, {len(model.objectives)} "
        f"objectives, {n_warn} warning{'s' if n_warn != 1 else ''})",
        err=True,
    )


@main.command()
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@today_option(PLAN_TODAY)
@time_limit_option
@handle_errors
def plan(data_dir: Path, fmt: str, today: dt.datetime | None, time_limit: float | None) -> None:
    """Prioritise the initiatives and sequence them into the horizon's quarters."""
    from .data.validate import load_roadmap
    from .planning.planner import make_plan
    from .planning.progress import with_progress_risks
    from .planning.text import plan_as_text

    model, _ = load_roadmap(data_dir)
    options = plan_options(today, time_limit)
    result = with_progress_risks(model, make_plan(model, **options), options["today"])
    click.echo(result.dumps() if fmt == "json" else plan_as_text(model, result), nl=False)


@main.command()
@data_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the built site goes.",
)
@click.option(
    "--audience",
    type=click.Choice(["leadership", "team", "organisation", "all"]),
    default=None,
    help="The edition to build; all is the same as leadership.  [default: publish.audience "
    "in roadmap.yaml, else team]",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@today_option(
    "Build as if today were this date (YYYY-MM-DD): marks 'now', and in the horizon's first "
    "quarter only the days left are open to work not yet started.  [default: today, or "
    "SOURCE_DATE_EPOCH when set]"
)
@builder_option
@time_limit_option
@handle_errors
def build(
    data_dir: Path,
    site_dir: Path,
    audience: str | None,
    strict: bool,
    today: dt.datetime | None,
    builder: str,
    time_limit: float | None,
) -> None:
    """Validate, plan, render and build the static site (atomically)."""
    from .site.build import build_site

    built = build_site(
        data_dir,
        site_dir,
        audience=audience,
        strict=strict,
        builder=cast("Builder", builder),
        **plan_options(today, time_limit),
    )
    report_diagnostics(list(built.warnings))
    click.echo(f"built the {built.edition} edition in {built.site_dir}", err=True)


@main.command()
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@handle_errors
def okrs(data_dir: Path, fmt: str) -> None:
    """Show the scored OKR cascade, the calibration note and the KPI floors."""
    from .data.validate import load_roadmap
    from .okrs.text import okrs_as_json, okrs_as_text

    model, _ = load_roadmap(data_dir)
    click.echo(okrs_as_json(model) if fmt == "json" else okrs_as_text(model), nl=False)


@main.command()
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "ics"]),
    default="text",
    show_default=True,
    help="ics prints an iCalendar file.",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Mark events before this date (YYYY-MM-DD) as past.  [default: today]",
)
@handle_errors
def calendar(data_dir: Path, fmt: str, today: Any) -> None:
    """List the OKR setting windows, mid-quarter reviews, closings and roadmap reviews."""
    import datetime as dt

    from .data.validate import load_roadmap
    from .okrs.cadence import cadence_events, calendar_file_events, to_ics
    from .okrs.text import calendar_as_text

    model, _ = load_roadmap(data_dir)
    if fmt == "ics":
        ics = to_ics(calendar_file_events(model), f"{model.settings.title}: cadence")
        click.echo(ics, nl=False)
    else:
        events = cadence_events(model)
        day = today.date() if today is not None else dt.date.today()
        click.echo(calendar_as_text(model, events, day), nl=False)


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown suits a pull request's job summary.",
)
@handle_errors
def diff(base: str, head: str | None, data_dir: Path, fmt: str) -> None:
    """Show what changed in the plan from git revision BASE to HEAD (default: working tree)."""
    from .history.diff import diff_revisions
    from .history.report import FORMATS

    click.echo(FORMATS[fmt](diff_revisions(data_dir, base, head)), nl=False)


@main.group()
def new() -> None:
    """Start a new initiative or objective from a commented file that validates."""


@new.command("initiative")
@click.argument("initiative_id", metavar="ID")
@data_option
@click.option("--title", help="The initiative's title.  [default: from the id]")
@handle_errors
def new_initiative(initiative_id: str, data_dir: Path, title: str | None) -> None:
    """Write initiatives/ID.yaml (never over an existing file)."""
    from .scaffold import new_initiative as scaffold

    _created(scaffold(data_dir, initiative_id, title))


@new.command("objective")
@click.argument("objective_id", metavar="ID")
@data_option
@click.option("--title", help="The objective's title.  [default: from the id]")
@click.option("--period", help="A quarter (2027-Q2) or a year (2027).  [default: next quarter]")
@handle_errors
def new_objective(objective_id: str, data_dir: Path, title: str | None, period: str | None) -> None:
    """Write okrs/ID.yaml with three example key results (never over an existing file)."""
    from .scaffold import new_objective as scaffold

    _created(scaffold(data_dir, objective_id, title, period))


@new.command("review")
@click.argument("day", metavar="[DATE]", required=False)
@data_option
@click.option(
    "--kind",
    type=click.Choice(["roadmap", "mid-quarter", "okr-close"]),
    help="The kind of review.  [default: that of the cadence review nearest to DATE]",
)
@handle_errors
def new_review(day: str | None, data_dir: Path, kind: str | None) -> None:
    """Write reviews/DATE.yaml, the record of a review (DATE: YYYY-MM-DD, default today)."""
    from .scaffold_living import new_review as scaffold
    from .scaffold_living import parse_day

    _created(scaffold(data_dir, parse_day(day), cast("Any", kind)))


@new.command("current-state")
@data_option
@handle_errors
def new_current_state(data_dir: Path) -> None:
    """Write current-state.yaml, the friction points the roadmap starts from."""
    from .scaffold_living import new_current_state as scaffold

    _created(scaffold(data_dir))


def _created(result: Any) -> None:
    from .errors import display_path

    report_diagnostics(list(result.warnings))
    click.echo(
        f"created {display_path(result.path)}: fill it in, then run `roadmap validate`", err=True
    )


@main.command()
@data_option
@click.option(
    "--audience",
    type=click.Choice(["leadership", "team", "organisation", "all"]),
    default=None,
    help="The edition to serve; all is the same as leadership.  [default: publish.audience "
    "in roadmap.yaml, else team]",
)
@click.option(
    "--dev-addr",
    metavar="HOST:PORT",
    default=None,
    help="Address to serve on (default: mkdocs.yml's dev_addr if it is a loopback "
    "address, else 127.0.0.1:8000). Only this option can serve to the network.",
)
@builder_option
@handle_errors
def serve(data_dir: Path, audience: str | None, dev_addr: str | None, builder: str) -> None:
    """Serve the site locally, rebuilding on edits to the data and templates."""
    from .data.validate import load_roadmap
    from .site.build import serve_site

    load_roadmap(data_dir)  # fail fast, with the usual messages, on invalid data
    serve_site(data_dir, audience, dev_addr=dev_addr, builder=cast("Builder", builder))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Add the files to a folder that is not empty (existing files are kept).",
)
@handle_errors
def init(directory: Path, force: bool) -> None:
    """Create a new roadmap repository in DIRECTORY: data, site settings, workflows."""
    from .repository.init import init_repository, summary

    click.echo(summary(init_repository(directory, force=force)), err=True)


@main.command()
@click.option(
    "--write",
    "folder",
    type=click.Path(path_type=Path),
    metavar="DIR",
    default=None,
    help="Write (or refresh) the schema files into DIR, such as schemas/.",
)
@handle_errors
def schemas(folder: Path | None) -> None:
    """The JSON Schemas of the data files, for editors; without --write, list them."""
    from .errors import display_path
    from .repository.schemas import SCHEMA_FILES, write_schemas

    if folder is None:
        click.echo("\n".join(SCHEMA_FILES))
        return
    written = write_schemas(folder)
    click.echo(f"wrote {len(written)} schemas to {display_path(folder)}", err=True)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@data_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@today_option(PLAN_TODAY)
@time_limit_option
@handle_errors
def propose(
    file: Path, data_dir: Path, fmt: str, today: dt.datetime | None, time_limit: float | None
) -> None:
    """Evaluate a new initiative FILE against the current plan: what it would displace."""
    from .data.validate import load_roadmap
    from .planning.propose import proposal_as_text, propose

    model, _ = load_roadmap(data_dir)
    result = propose(model, file, **plan_options(today, time_limit))
    click.echo(result.dumps() if fmt == "json" else proposal_as_text(model, result), nl=False)


@main.group()
def export() -> None:
    """Export a view as a file to use elsewhere (slides, print)."""


@export.command("timeline")
@data_option
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(path_type=Path),  # checked by export_timeline, which exits 1 with a reason
    help="The SVG file to write.",
)
@click.option("--team", metavar="ID", help="Only this team's work (a team id in people.yaml).")
@today_option(PLAN_TODAY)
@time_limit_option
@handle_errors
def export_timeline(
    data_dir: Path,
    output: Path,
    team: str | None,
    today: dt.datetime | None,
    time_limit: float | None,
) -> None:
    """Write the team timeline as a standalone SVG (its own colours) for slides."""
    from .errors import display_path
    from .site.export import export_timeline as write

    written = write(data_dir, output, team=team, **plan_options(today, time_limit))
    click.echo(f"wrote the timeline to {display_path(written)}", err=True)
