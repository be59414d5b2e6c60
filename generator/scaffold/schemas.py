"""The JSON Schemas, as files for editors.

Every data file starts with `# yaml-language-server: $schema=<relative path>`; the YAML
language server in an editor follows that path to complete and check the file. The
schemas refer to each other by file name (`common.schema.json#/$defs/...`), so they
are always written together into one folder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePath

from ..data.schema import SCHEMA_NAMES, schema_text
from ..errors import RoadmapError, display_path

SCHEMA_FILES = tuple(f"{name}.schema.json" for name in ("common", *SCHEMA_NAMES))
FOLDER = "schemas"  # where `roadmap init` puts them, beside roadmap/
_PREFIX = "# yaml-language-server: $schema="
_LINE = re.compile(r"^" + re.escape(_PREFIX) + r"(\S+)\s*$")


def schema_comment(file: PurePath, folder: PurePath, name: str) -> str:
    """The first line of the data file `file`: the relative path to schema `name` in `folder`.

    Every `$schema` line that `roadmap new` and `roadmap init` write comes from here.
    Both paths are taken as they are: both absolute, or both relative to one root.
    """
    target = os.path.relpath(folder / f"{name}.schema.json", file.parent)
    return _PREFIX + PurePath(target).as_posix()


def schema_files() -> dict[str, str]:
    """File name -> JSON text of every schema."""
    return {f"{name}.schema.json": schema_text(name) for name in ("common", *SCHEMA_NAMES)}


def write_schemas(folder: Path) -> list[Path]:
    """Write (or refresh) every schema into `folder`; return the files written."""
    if folder.exists() and not folder.is_dir():
        raise RoadmapError(f"{display_path(folder)} is a file; pass a folder to write into")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def schema_line(path: Path) -> str | None:
    """The `$schema` target named on the first line of the file at `path`, if any."""
    try:
        with path.open(encoding="utf-8") as f:
            first = f.readline()
    except (OSError, UnicodeDecodeError):
        return None
    m = _LINE.match(first)
    return m.group(1) if m else None


def schema_folder(data_dir: Path) -> Path:
    """Where this roadmap's schemas live.

    The folder that roadmap.yaml's own `$schema` line points into, so new files follow
    the repository's convention; without that line, `schemas/` or `generator/schemas/`
    beside the data folder when either holds them; else `schemas/` (what `roadmap init`
    creates and `roadmap schemas --write schemas` fills).
    """
    settings = data_dir / "roadmap.yaml"
    target = schema_line(settings)
    if target:
        return (settings.parent / target).parent
    project = data_dir.parent
    for folder in (project / FOLDER, project / "generator" / "schemas"):
        if (folder / "roadmap.schema.json").is_file():
            return folder
    return project / FOLDER


def schema_comment_for(file: Path, data_dir: Path, name: str) -> str:
    """The `$schema` line of a new `file` in this roadmap, towards its schema `name`."""
    return schema_comment(
        file.parent.resolve() / file.name, schema_folder(data_dir).resolve(), name
    )
