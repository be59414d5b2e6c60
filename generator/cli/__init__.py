"""The `roadmap` command line: the group, its one error boundary, and dispatch.

The commands live in one module per concern (checking, planning, okrs, recording,
site, scaffolding); each parses its options and calls one function. The exit status is
0 on success, 1 for invalid data or a failed build, 2 for a command line that cannot
be read (click's usage errors), and 3 for a bug in the tool.
"""

from __future__ import annotations

import traceback
from typing import Any

import click

from .. import __version__
from ..errors import DataError, RoadmapError, printable
from .checking import validate
from .okrs import calendar, okrs
from .output import REPORTING, Reporting, report_diagnostics
from .planning import compare, diff, plan, propose
from .recording import checkin, import_, intake, record
from .scaffolding import init, new, schemas
from .site import build, export, serve

EXIT_INVALID = 1  # invalid data, or a build that failed: the message says why
EXIT_BUG = 3  # pre-commit's code for a bug; 2 is click's, for a command line it cannot read


class RoadmapGroup(click.Group):
    """A click group that runs every command inside the one error boundary."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            how: Reporting = ctx.meta.get(REPORTING, Reporting())
            report_diagnostics(exc.diagnostics, how)
            n = sum(
                d.severity == "error" or (how.strict and d.severity == "warning")
                for d in exc.diagnostics
            )
            click.echo(f"{n} error{'s' if n != 1 else ''}: the roadmap data is invalid", err=True)
            ctx.exit(EXIT_INVALID)
        except RoadmapError as exc:
            found = getattr(exc, "diagnostics", None)  # e.g. refusals in mkdocs.yml
            if found:
                report_diagnostics(found)
            else:
                click.echo(f"error: {printable(str(exc))}", err=True)
            ctx.exit(EXIT_INVALID)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click reports these itself, usage errors with exit status 2
        except Exception:
            traceback.print_exc()
            click.echo(
                f"\nThis is a bug in roadmap, not a problem with your data. Please report it "
                f"where cs-roadmap is developed, with the traceback above, the command you ran "
                f"and the version (roadmap {__version__}).",
                err=True,
            )
            ctx.exit(EXIT_BUG)


@click.group(cls=RoadmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roadmap")
def main() -> None:
    """Validate, plan and publish a customer-service roadmap kept as YAML."""


for command in (
    validate,
    plan,
    propose,
    diff,
    compare,
    okrs,
    calendar,
    checkin,
    record,
    import_,
    intake,
    build,
    serve,
    export,
    new,
    init,
    schemas,
):
    main.add_command(command)
