"""The `roadmap` command line: each command parses its options and calls one library function."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import DataError, Diagnostic, RoadmapError

F = TypeVar("F", bound=Callable[..., Any])

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("roadmap"),
    show_default=True,
    help="The roadmap data directory.",
)


def _report(diagnostics: list[Diagnostic], fmt: str = "text", strict: bool = False) -> None:
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
            _report(exc.diagnostics, kwargs.get("fmt", "text"), kwargs.get("strict", False))
            n = sum(d.severity == "error" or (kwargs.get("strict") and d.severity == "warning")
                    for d in exc.diagnostics)
            click.echo(f"{n} error{'s' if n != 1 else ''}: the roadmap data is invalid",
                       err=True)
            sys.exit(1)
        except RoadmapError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit,
                KeyboardInterrupt):
            raise
        except Exception:
            traceback.print_exc()
            click.echo(
                "\nThis is a bug in roadmap, not a problem with your data. Please report it "
                "with the traceback above.", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="roadmap")
def main() -> None:
    """Validate, plan and publish a customer-service roadmap kept as YAML."""


@main.command()
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text",
              show_default=True, help="github prints workflow annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def validate(data_dir: Path, fmt: str, strict: bool) -> None:
    """Check every data file against its schema and every cross-file reference."""
    from .validate import load_roadmap

    model, warnings = load_roadmap(data_dir, strict=strict)
    _report(warnings, fmt)
    n_warn = sum(w.severity == "warning" for w in warnings)
    click.echo(
        f"{data_dir}: valid ({len(model.initiatives)} initiatives, {len(model.objectives)} "
        f"objectives, {n_warn} warning{'s' if n_warn != 1 else ''})",
        err=True,
    )


@main.command()
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@handle_errors
def plan(data_dir: Path, fmt: str) -> None:
    """Prioritise the initiatives and sequence them into the horizon's quarters."""
    from .planner import make_plan
    from .plan_text import plan_as_text
    from .validate import load_roadmap

    model, _ = load_roadmap(data_dir)
    result = make_plan(model)
    click.echo(result.dumps() if fmt == "json" else plan_as_text(model, result), nl=False)


@main.command()
@data_option
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="Where the built site goes.")
@click.option("--audience", type=click.Choice(["all", "leadership", "team", "organisation"]),
              default="all", show_default=True, help="Which views the site contains.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@handle_errors
def build(data_dir: Path, site_dir: Path, audience: str, strict: bool) -> None:
    """Validate, plan, render and build the static site (atomically)."""
    from .site import build_site

    out = build_site(data_dir, site_dir, audience=audience, strict=strict)
    click.echo(f"built {audience} site in {out}", err=True)
