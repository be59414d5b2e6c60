"""Stage one: read the data directory, check it, and build the model.

Order matters (mkdocs' config validation works the same way): each file is parsed and
checked against its own schema; only when every file passed are the cross-file
reference checks and the lints run, so one broken file never cascades into false
errors elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Diagnostic, RoadmapError, display_path
from .build import build_model, review_date
from .checks import check_model
from .loader import Document, LoadError, load_file, load_text
from .model import Roadmap
from .schema import check_document

OPTIONAL_FILES = {
    "calendar.yaml": "calendar",
    "people.yaml": "people",
    "kpis.yaml": "kpis",
    "current-state.yaml": "current-state",
}
FOLDERS = {
    "initiatives": "initiative",
    "okrs": "okrs",
    "reviews": "review",
    "scenarios": "scenario",
}


@dataclass(frozen=True)
class Validation:
    model: Roadmap | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def _files(data_dir: Path) -> tuple[list[tuple[Path, str]], list[Diagnostic]]:
    """Every data file with its schema kind, plus problems with the layout itself."""
    problems: list[Diagnostic] = []
    shown_dir = display_path(data_dir)

    def shown(p: Path) -> str:  # the link's own name, where display_path would resolve it
        return _below(shown_dir, p.relative_to(data_dir))

    files: list[tuple[Path, str]] = [(data_dir / "roadmap.yaml", "roadmap")]
    for name, kind in OPTIONAL_FILES.items():
        if (data_dir / name).exists():
            files.append((data_dir / name, kind))
    for name in ("roadmap.yaml", *OPTIONAL_FILES):  # `people.yml` would be skipped silently
        misnamed = data_dir / name.replace(".yaml", ".yml")
        if misnamed.exists():
            problems.append(
                Diagnostic(
                    shown(misnamed),
                    1,
                    1,
                    "warning",
                    f"ignored: data files end in .yaml, not .yml; rename it to {name}",
                )
            )
    root = data_dir.resolve()
    for folder, kind in FOLDERS.items():
        directory = data_dir / folder
        if not directory.is_dir():
            continue
        if directory.is_symlink() and not directory.resolve().is_relative_to(root):
            problems.append(
                Diagnostic(
                    shown(directory),
                    1,
                    1,
                    "error",
                    "symbolic link to a folder outside the data directory; "
                    "copy the files in instead",
                )
            )
            continue
        for p in sorted(directory.iterdir()):
            if p.suffix == ".yaml":
                files.append((p, kind))
            elif p.suffix == ".yml":
                problems.append(
                    Diagnostic(
                        shown(p), 1, 1, "warning", "ignored: data files end in .yaml, not .yml"
                    )
                )
    kept = []
    for p, kind in files:
        if p.is_symlink() and not p.resolve().is_relative_to(root):
            problems.append(
                Diagnostic(
                    shown(p),
                    1,
                    1,
                    "error",
                    "symbolic link to a file outside the data directory; copy the file in instead",
                )
            )
        elif p.exists() and not p.is_file():
            problems.append(Diagnostic(shown(p), 1, 1, "error", "not a regular file"))
        else:
            kept.append((p, kind))
    return kept, problems


def require_data_dir(data_dir: Path) -> None:
    """Raise a RoadmapError that says what is wrong when `data_dir` is not a folder."""
    if data_dir.is_file():
        raise RoadmapError(
            f"{display_path(data_dir)} is a file; --data takes the data folder "
            f"that holds roadmap.yaml, such as {display_path(data_dir.parent)}"
        )
    if not data_dir.is_dir():
        raise RoadmapError(
            f"{display_path(data_dir)}: no such data directory; "
            "pass --data DIR or run from a folder that has roadmap/"
        )


def validate(
    data_dir: Path,
    texts: Mapping[Path, str | Document] | None = None,
    today: dt.date | None = None,
    *,
    future_check_ins: bool = False,
) -> Validation:
    """Check every file under `data_dir` and, when nothing is wrong, build the model.

    `texts` stands in for the files it names (paths as `data_dir / ...`), or adds them
    when they do not exist yet (`data_dir / "initiatives" / "new.yaml"`): the data is
    checked as it would be with those texts written, and nothing is written. A text may
    be given already loaded (a `Document` of `load_text`), so that a caller that loaded
    it to check it does not pay for parsing it twice.
    """
    texts = texts or {}
    require_data_dir(data_dir)
    files, diagnostics = _files(data_dir)
    listed = {p for p, _ in files}
    for path in texts:  # a file not written yet, in a folder of the data
        folder = FOLDERS.get(path.parent.name)
        if path not in listed and folder and path.parent.parent == data_dir:
            files.append((path, folder))
    if not (data_dir / "roadmap.yaml").exists():
        diagnostics.append(
            Diagnostic(
                display_path(data_dir / "roadmap.yaml"),
                1,
                1,
                "error",
                "missing roadmap.yaml: every roadmap needs its settings (title, horizon, capacity)",
            )
        )
        files = [f for f in files if f[1] != "roadmap"]
    # Resolving every file's path for its display name costs a few syscalls per path
    # component; resolve the directory once and name the files below it.
    shown_dir = display_path(data_dir)
    docs: list[tuple[Document, str]] = []
    for path, kind in files:
        try:
            shown = _below(shown_dir, path.relative_to(data_dir))
            given = texts.get(path)
            if isinstance(given, Document):
                doc = given
            elif given is not None:
                doc = load_text(given, path, shown)
            else:
                doc = load_file(path, shown)
        except LoadError as exc:
            diagnostics.append(exc.diagnostic)
            continue
        diagnostics += doc.warnings
        schema_problems = check_document(doc, kind)
        if kind == "review" and review_date(doc) is None:
            schema_problems.append(
                Diagnostic(
                    doc.display,
                    1,
                    1,
                    "error",
                    "a review record is named by the day the review was held, such as "
                    f"2027-03-15.yaml; rename {doc.path.name}",
                )
            )
        diagnostics += schema_problems
        if not schema_problems:
            docs.append((doc, kind))
    if any(d.severity == "error" for d in diagnostics):
        return Validation(None, sorted(diagnostics))

    model = build_model(docs)
    diagnostics += check_model(model, today, future_check_ins=future_check_ins)
    ok = not any(d.severity == "error" for d in diagnostics)
    return Validation(model if ok else None, sorted(set(diagnostics)))


def _below(shown_dir: str, relative: Path) -> str:
    return os.fspath(relative) if shown_dir == "." else os.path.join(shown_dir, relative)


def load_roadmap(
    data_dir: Path,
    *,
    strict: bool = False,
    texts: Mapping[Path, str] | None = None,
    today: dt.date | None = None,
    future_check_ins: bool = False,
) -> tuple[Roadmap, list[Diagnostic]]:
    """Validate and return the model with its warnings and notes; raise DataError if invalid.

    `texts`, as for `validate`, stands in for files not (yet) written.
    """
    result = validate(data_dir, texts, today, future_check_ins=future_check_ins)
    failing = [
        d
        for d in result.diagnostics
        if d.severity == "error" or (strict and d.severity == "warning")
    ]
    if failing or result.model is None:
        raise DataError(result.diagnostics)
    return result.model, [d for d in result.diagnostics if d.severity != "error"]
