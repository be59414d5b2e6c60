"""The hand-written guide: the files in docs/, published under guide/.

docs/ is part of the repository a pull request can change, so a file there may only
publish what the repository holds: a symbolic link that leads outside the project (to
/proc/self/environ, say, which holds the build's secrets) is refused. The same goes
for templates/, whose files are read into the pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import BuildError, display_path, printable
from ..textsafe import html_escape

GUIDE = "guide"


def _inside(path: Path, project: Path) -> bool:
    return path.resolve().is_relative_to(project)


def refuse_links_outside(folder: Path, project: Path) -> None:
    """A BuildError if `folder`, or a link below it, leads outside `project`."""
    if not folder.is_dir():
        return
    if not _inside(folder, project):
        raise BuildError(f"{display_path(folder)} leads outside the project; refusing to use it")
    outside = sorted(p for p in folder.rglob("*") if p.is_symlink() and not _inside(p, project))
    if outside:
        raise BuildError(
            f"{display_path(outside[0])} is a link to {outside[0].resolve()}, outside the "
            "project; only files of the repository are used (remove the link)"
        )


def guide_pages(project: Path) -> tuple[dict[str, str | bytes], list[Any]]:
    """The files in docs/, under guide/, with a nav entry for each Markdown page."""
    project = project.resolve()
    docs = project / "docs"
    files: dict[str, str | bytes] = {}
    nav: list[Any] = []
    if not docs.is_dir():
        return files, nav
    refuse_links_outside(docs, project)
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        rel = path.relative_to(docs).as_posix()
        if printable(rel) != rel:
            raise BuildError(
                f"docs/{printable(rel)}: a file name with a control character is refused "
                "(it would reach logs and pages as it is); rename the file"
            )
        files[f"{GUIDE}/{rel}"] = path.read_bytes()
        if path.suffix == ".md":
            first = next(
                (
                    ln
                    for ln in path.read_text("utf-8", errors="replace").splitlines()
                    if ln.startswith("# ")
                ),
                f"# {path.stem}",
            )
            # the theme prints navigation titles as HTML
            nav.append({html_escape(first[2:].strip()): f"{GUIDE}/{rel}"})
    return files, nav
