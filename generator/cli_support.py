"""What the `roadmap` commands share: the common options and the one error boundary.

The planner's own options live in cli_options.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import DataError, Diagnostic, RoadmapError, printable

F = TypeVar("F", bound=Callable[..., Any])

builder_option = click.option(
    "--builder",
    type=click.Choice(["mkdocs", "zensical"]),
    default="mkdocs",
    show_default=True,
    help="The static-site builder; zensical needs the `zensical` extra installed.",
)

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),  # checked by validate(), which explains a wrong path
    default=Path("roadmap"),
    show_default=True,
    help="The roadmap data directory.",
)


def report_diagnostics(
    diagnostics: list[Diagnostic], fmt: str = "text", strict: bool = False
) -> None:
    for d in diagnostics:
        if strict and d.severity == "warning":
            d = Diagnostic(d.path, d.line, d.col, "error", d.message)
        click.echo(d.format_github() if fmt == "github" else d.format(), err=True)


def handle_errors(fn: F) -> F:
    """The one boundary: expected problems exit 1 cleanly; anything else is a bug."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DataError as exc:
            report_diagnostics(
                exc.diagnostics, kwargs.get("fmt", "text"), bool(kwargs.get("strict"))
            )
            strict = bool(kwargs.get("strict", False))
            n = sum(
                d.severity == "error" or (strict and d.severity == "warning")
                for d in exc.diagnostics
            )
            click.echo(f"{n} error{'s' if n != 1 else ''}: the roadmap data is invalid", err=True)
            sys.exit(1)
        except RoadmapError as exc:
            found = getattr(exc, "diagnostics", None)  # e.g. refusals in mkdocs.yml
            if found:
                report_diagnostics(list(found))
            else:
                click.echo(f"error: {printable(str(exc))}", err=True)
            sys.exit(1)
        except (
            click.ClickException,
            click.exceptions.Exit,
            click.Abort,
            SystemExit,
            KeyboardInterrupt,
        ):
            raise
        except Exception:
            traceback.print_exc()
            click.echo(
                "\nThis is a bug in roadmap, not a problem with your data. Please report it "
                "with the traceback above.",
                err=True,
            )
            sys.exit(2)

    return wrapper  # type: ignore[return-value]
