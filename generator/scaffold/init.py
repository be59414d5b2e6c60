"""`roadmap init DIR`: a complete, valid, data-only roadmap repository.

The starting files live in `skeleton/` beside this module. A path component named
`dot-x` becomes `.x` (so the package holds no `.github/` or `.gitignore` of its own),
`__NAME__` placeholders take dates derived from today, the tool's version and how the
repository installs the tool (`tool.py`: the running tool's wheel in tools/, or a pip
requirement), and a first line `__SCHEMA_KIND__` becomes the file's `$schema` line for
schema `kind`. All
files are prepared in memory first; nothing is written until the target is known to
be usable, and an existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from .. import __version__
from ..data.model import Quarter
from ..errors import RoadmapError, display_path
from ..paths import linked_part
from ..site.config import DEFAULT_SETTINGS_FILE
from ..words import is_are, plural
from .schemas import FOLDER, schema_comment, schema_files
from .tool import ToolSource, wheel_bytes

QUARTERS = 4  # the horizon of a new roadmap
# With less than this left of the current quarter (the OKR-setting window of the last
# two weeks included), a new roadmap starts at the next quarter: there is no room to
# plan, set objectives for and review what remains.
LATE_START_DAYS = 6 * 7
_PLACEHOLDER = re.compile(r"__[A-Z_]+__")
_SCHEMA = re.compile(r"__SCHEMA_([A-Z_]+)__$", re.MULTILINE)


@dataclass(frozen=True)
class Created:
    root: Path
    written: tuple[str, ...]  # relative paths, in order
    kept: tuple[str, ...]  # existing files left as they were (with force)
    horizon: str = ""  # where the horizon starts and why, from `horizon_note`


def _days_left(today: dt.date) -> int:
    """Days of the current quarter from today to its last day, both included."""
    return (Quarter.of(today).last_day - today).days + 1


def starting_quarter(today: dt.date) -> Quarter:
    """The current quarter, or the next one when less than six weeks of it remain."""
    q = Quarter.of(today)
    return q + 1 if _days_left(today) < LATE_START_DAYS else q


def horizon_note(today: dt.date) -> str:
    """Where a new roadmap's horizon starts, said to the person who ran `roadmap init`."""
    start, current = starting_quarter(today), Quarter.of(today)
    last = start + (QUARTERS - 1)
    if start == current:
        return f"the horizon starts at the current quarter: {start} to {last}"
    left = _days_left(today)
    n, unit = (left // 7, "week") if left >= 7 else (left, "day")
    return (
        f"{plural(n, unit)} of {current} {is_are(n)} left (under {LATE_START_DAYS // 7} "
        f"weeks), so the horizon starts at the next quarter: {start} to {last}; to start "
        "elsewhere, change horizon.start in roadmap/roadmap.yaml"
    )


def placeholders(today: dt.date, tool: ToolSource | None = None) -> dict[str, str]:
    start = starting_quarter(today)
    return {
        **(tool or ToolSource()).placeholders(),
        "__START__": str(start),
        "__NEXT__": str(start + 1),
        "__LATER__": str(start + 2),
        "__LAST__": str(start + (QUARTERS - 1)),
        "__REVIEW__": (start + 1).first_day.isoformat(),
        "__CHECK_IN__": (start.first_day + dt.timedelta(days=40)).isoformat(),
        "__VERSION__": __version__,
    }


def _skeleton() -> Path:
    return Path(str(resources.files("generator"))) / "scaffold" / "skeleton"


def skeleton_files(today: dt.date, tool: ToolSource | None = None) -> dict[str, str]:
    """Relative path -> text of every text file of a new repository (pure: no writing).

    The tool's wheel, when `tool` installs from one, is the one file not listed here.
    """
    values = placeholders(today, tool)
    root = _skeleton()
    files: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            continue
        rel = "/".join(
            "." + part[4:] if part.startswith("dot-") else part
            for part in path.relative_to(root).parts
        )
        text = path.read_text("utf-8")
        schema = _SCHEMA.match(text)
        if schema:
            text = _schema_comment(rel, schema.group(1)) + text[schema.end() :]
        for key, value in values.items():
            text = text.replace(key, value)
        left = _PLACEHOLDER.search(text)
        if left:  # a typo in the skeleton: a bug, caught by the tests
            raise AssertionError(f"unknown placeholder {left.group(0)} in {rel}")
        files[rel] = text
    files["mkdocs.yml"] = DEFAULT_SETTINGS_FILE.read_text("utf-8")
    for name, text in schema_files().items():
        files[f"{FOLDER}/{name}"] = text
    return dict(sorted(files.items()))


def _schema_comment(rel: str, kind: str) -> str:
    return schema_comment(PurePosixPath(rel), PurePosixPath(FOLDER), kind.lower().replace("_", "-"))


def init_repository(
    target: Path,
    *,
    force: bool = False,
    today: dt.date | None = None,
    tool: ToolSource | None = None,
) -> Created:
    """Write a new roadmap repository into `target` (created when missing).

    A folder that already holds files is refused unless `force`; even then an
    existing file is kept, never overwritten.
    """
    tool = tool or ToolSource()
    today = today or dt.date.today()
    files: dict[str, str | bytes] = {**skeleton_files(today, tool)}
    if tool.wheel:
        files[tool.wheel] = wheel_bytes()
    shown = display_path(target)
    if target.exists() and not target.is_dir():
        raise RoadmapError(f"{shown} is a file; pass a folder for the new roadmap repository")
    if target.is_dir() and not force:
        present = sorted(p.name for p in target.iterdir())
        if present:
            listed = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise RoadmapError(
                f"{shown} is not empty ({listed}); pick a new or empty folder, or pass "
                "--force to add the missing files (existing files are kept)"
            )
    for rel in files:
        linked = linked_part(target, rel)
        if linked is not None:
            raise RoadmapError(
                f"{display_path(target)}: {linked} is a symbolic link; `roadmap init` writes "
                "only into real folders of the new repository (remove the link)"
            )
    written, kept = [], []
    for rel, text in files.items():
        path = target / rel
        if path.exists():
            kept.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        written.append(rel)
    return Created(target, tuple(written), tuple(kept), horizon_note(today))


def summary(created: Created) -> str:
    """What was created and what to do next, for the person who ran `roadmap init`."""
    shown = display_path(created.root)
    lines = [f"created a roadmap repository in {shown} ({len(created.written)} files)"]
    if created.kept:
        lines.append(f"kept {len(created.kept)} existing files: {', '.join(created.kept)}")
    if created.horizon:
        lines.append(created.horizon)
    go = "" if shown in (".", "") else f"cd {shown} && "
    lines += [
        "next:",
        f"  {go}roadmap validate && roadmap build    # check the data, build site/",
        "  edit roadmap/ (start with roadmap.yaml), then git init, commit and push to GitHub;",
        "  README.md says how to publish the site with GitHub Pages",
    ]
    return "\n".join(lines)
