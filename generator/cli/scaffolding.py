"""`roadmap new`, `roadmap init` and `roadmap schemas`: files to start from."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import click

from .options import REVIEW_KIND, data_option
from .output import created


@click.group()
def new() -> None:
    """Start a new initiative or objective from a commented file that validates."""


@new.command("initiative")
@click.argument("initiative_id", metavar="ID")
@data_option
@click.option("--title", help="The initiative's title.  [default: from the id]")
def new_initiative(initiative_id: str, data_dir: Path, title: str | None) -> None:
    """Write initiatives/ID.yaml (never over an existing file)."""
    from ..scaffold.new import new_initiative as scaffold

    created(scaffold(data_dir, initiative_id, title))


@new.command("objective")
@click.argument("objective_id", metavar="ID")
@data_option
@click.option("--title", help="The objective's title.  [default: from the id]")
@click.option("--period", help="A quarter (2027-Q2) or a year (2027).  [default: next quarter]")
def new_objective(objective_id: str, data_dir: Path, title: str | None, period: str | None) -> None:
    """Write okrs/ID.yaml with three example key results (never over an existing file)."""
    from ..scaffold.new import new_objective as scaffold

    created(scaffold(data_dir, objective_id, title, period))


@new.command("review")
@click.argument("day", metavar="[DATE]", required=False)
@data_option
@click.option(
    "--kind",
    type=REVIEW_KIND,
    help="The kind of review.  [default: that of the cadence review nearest to DATE]",
)
def new_review(day: str | None, data_dir: Path, kind: str | None) -> None:
    """Write reviews/DATE.yaml, the record of a review (DATE: YYYY-MM-DD, default today)."""
    from ..scaffold.new import new_review as scaffold
    from ..scaffold.new import parse_day

    created(scaffold(data_dir, parse_day(day), cast("Any", kind)))


@new.command("current-state")
@data_option
def new_current_state(data_dir: Path) -> None:
    """Write current-state.yaml, the friction points the roadmap starts from."""
    from ..scaffold.new import new_current_state as scaffold

    created(scaffold(data_dir))


@click.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Add the files to a folder that is not empty (existing files are kept).",
)
@click.option(
    "--tool-source",
    metavar="REQUIREMENT",
    default=None,
    help="The pip requirement the new repository installs the tool from, such as "
    "cs-roadmap==1.0.0 once released, or a git URL.  [default: a wheel of this tool, "
    "written into tools/]",
)
@click.option(
    "--refresh-tool",
    is_flag=True,
    help="In a repository made by init: write this tool's wheel into tools/, point "
    "requirements.txt at it and refresh schemas/.",
)
def init(directory: Path, force: bool, tool_source: str | None, refresh_tool: bool) -> None:
    """Create a new roadmap repository in DIRECTORY: data, site settings, workflows."""
    from ..errors import display_path
    from ..scaffold.init import init_repository, summary
    from ..scaffold.tool import refresh_tool as refresh
    from ..scaffold.tool import tool_source as source

    if refresh_tool:
        if force or tool_source:
            raise click.UsageError("--refresh-tool takes neither --force nor --tool-source")
        done = refresh(directory)
        shown = display_path(directory)
        click.echo(f"wrote {done.wheel} in {shown}; requirements.txt installs it", err=True)
        for old in done.removed:
            click.echo(f"removed {old}", err=True)
        if done.schemas:
            click.echo(f"refreshed {done.schemas} schemas in schemas/", err=True)
        return
    click.echo(summary(init_repository(directory, force=force, tool=source(tool_source))), err=True)


@click.command()
@click.option(
    "--write",
    "folder",
    type=click.Path(path_type=Path),
    metavar="DIR",
    default=None,
    help="Write (or refresh) the schema files into DIR, such as schemas/.",
)
def schemas(folder: Path | None) -> None:
    """The JSON Schemas of the data files, for editors; without --write, list them."""
    from ..errors import display_path
    from ..scaffold.schemas import SCHEMA_FILES, write_schemas

    if folder is None:
        click.echo("\n".join(SCHEMA_FILES))
        return
    written = write_schemas(folder)
    click.echo(f"wrote {len(written)} schemas to {display_path(folder)}", err=True)
