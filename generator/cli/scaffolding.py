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
def init(directory: Path, force: bool) -> None:
    """Create a new roadmap repository in DIRECTORY: data, site settings, workflows."""
    from ..scaffold.init import init_repository, summary

    click.echo(summary(init_repository(directory, force=force)), err=True)


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
