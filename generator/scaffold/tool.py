"""How a repository made by `roadmap init` installs the tool: its requirement, and the wheel.

Until a release is on a package index, a pinned `cs-roadmap==VERSION` cannot install in
a fresh CI runner. So by default `roadmap init` writes the running tool itself as a
wheel into the new repository (`tools/cs_roadmap-VERSION-py3-none-any.whl`), and
`requirements.txt` names it by relative path: `pip install -r requirements.txt` then
needs an index only for the tool's dependencies. The wheel is written from the
installed package's own files (an editable install included), with fixed timestamps,
so the same version always gives the same bytes. `--tool-source REQUIREMENT` names
any pip requirement instead (a version pin once a release exists, a git URL), and no
wheel is written.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .. import __version__
from ..errors import RoadmapError, display_path
from ..paths import linked_part

DISTRIBUTION = "cs-roadmap"
TOOLS = "tools"  # the folder of a new repository that holds the wheel
WHEEL_NAME = f"cs_roadmap-{__version__}-py3-none-any.whl"
_DIST_INFO = f"cs_roadmap-{__version__}.dist-info"
_WHEEL_LINE = re.compile(r"^\.?/?tools/cs_roadmap-[^/\s]+\.whl\s*$", re.MULTILINE)
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip file can hold: reproducible bytes


@dataclass(frozen=True)
class ToolSource:
    """Where a new repository installs the tool from: the wheel in tools/, or a requirement."""

    requirement: str | None = None  # None: the wheel in tools/

    @property
    def wheel(self) -> str | None:
        """The wheel's path in the repository, when the tool comes from one."""
        return None if self.requirement else f"{TOOLS}/{WHEEL_NAME}"

    @property
    def line(self) -> str:
        """The line of requirements.txt that installs the tool."""
        return self.requirement or f"./{TOOLS}/{WHEEL_NAME}"

    def placeholders(self) -> dict[str, str]:
        """The skeleton's `__TOOL_...__` and `__HOOK_INSTALL__` texts for this source."""
        if self.requirement:
            note = (
                "# The roadmap tool: the workflows install exactly this. To upgrade, change it\n"
                "# here and in .pre-commit-config.yaml, then run `roadmap schemas --write schemas`."
            )
            quoted = self.requirement.replace("\\", "\\\\").replace('"', '\\"')
            hook = (
                "        language: python\n"
                f'        additional_dependencies: ["{quoted}"]  # as in requirements.txt'
            )
        else:
            note = (
                "# The roadmap tool, as a wheel kept in tools/ (no package index needed): the\n"
                "# workflows install exactly this. To upgrade, install the new version and run\n"
                "# `roadmap init . --refresh-tool` (a new wheel, this line and the schemas)."
            )
            hook = (
                "        # the roadmap that `pip install -r requirements.txt` installed: activate\n"
                "        # that environment (such as .venv) before committing\n"
                "        language: system"
            )
        return {"__TOOL_NOTE__": note, "__TOOL_REQUIREMENT__": self.line, "__HOOK_INSTALL__": hook}


def tool_source(requirement: str | None) -> ToolSource:
    """The source `--tool-source` names (None: the wheel), refusing what pip cannot read."""
    if requirement is None:
        return ToolSource()
    text = requirement.strip()
    if not text or "\n" in text or "\r" in text or text.startswith(("#", "-")):
        raise RoadmapError(
            f"--tool-source {requirement!r} is not a pip requirement; pass one line such as "
            f"'{DISTRIBUTION}=={__version__}' or 'cs-roadmap @ git+https://...@v{__version__}'"
        )
    return ToolSource(text)


def wheel_bytes() -> bytes:
    """The running tool as a wheel, from the installed package's files."""
    try:
        dist = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        raise RoadmapError(
            f"cannot write the tool's wheel: {DISTRIBUTION} is not installed (pip install .); "
            "or pass --tool-source with a pip requirement"
        ) from None
    files: dict[str, bytes] = {}
    package = Path(str(resources.files("generator")))
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files["generator/" + path.relative_to(package).as_posix()] = path.read_bytes()
    if not (package / "templates").is_dir():  # an editable install: the repository's folder
        from ..site.render import packaged_templates

        for path in sorted(packaged_templates().iterdir()):
            if path.is_file():
                files[f"generator/templates/{path.name}"] = path.read_bytes()
    metadata = dist.read_text("METADATA") or f"Metadata-Version: 2.1\nName: {DISTRIBUTION}\n"
    metadata = re.sub(r"^Version: .*$", f"Version: {__version__}", metadata, count=1, flags=re.M)
    files[f"{_DIST_INFO}/METADATA"] = metadata.encode("utf-8")
    files[f"{_DIST_INFO}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: roadmap init\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entry_points = dist.read_text("entry_points.txt")
    if entry_points:
        files[f"{_DIST_INFO}/entry_points.txt"] = entry_points.encode("utf-8")
    licence = dist.read_text("licenses/LICENSE")
    if licence:
        files[f"{_DIST_INFO}/licenses/LICENSE"] = licence.encode("utf-8")
    record = "".join(f"{name},{_hash(data)},{len(data)}\n" for name, data in files.items())
    files[f"{_DIST_INFO}/RECORD"] = (record + f"{_DIST_INFO}/RECORD,,\n").encode()
    return _zip(files)


def _hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
    return "sha256=" + digest.decode("ascii")


def _zip(files: dict[str, bytes]) -> bytes:
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


@dataclass(frozen=True)
class Refreshed:
    wheel: str
    removed: tuple[str, ...]  # older wheels of the tool taken out of tools/
    schemas: int  # editor schemas rewritten


def refresh_tool(root: Path) -> Refreshed:
    """Put the running tool's wheel into `root`'s tools/ and point requirements.txt at it.

    Older `cs_roadmap-*.whl` files there are removed; the editor schemas in schemas/
    are refreshed too, as they belong to the tool's version.
    """
    from .schemas import FOLDER, write_schemas

    requirements = root / "requirements.txt"
    if not requirements.is_file():
        raise RoadmapError(
            f"{display_path(root)} has no requirements.txt; --refresh-tool works in a "
            "repository made by `roadmap init`"
        )
    for rel in ("requirements.txt", TOOLS, f"{TOOLS}/{WHEEL_NAME}", FOLDER):
        linked = linked_part(root, rel)
        if linked is not None:
            raise RoadmapError(
                f"{display_path(root)}: {linked} is a symbolic link; --refresh-tool writes "
                "only into real files and folders of the repository (remove the link)"
            )
    data = wheel_bytes()
    tools = root / TOOLS
    tools.mkdir(exist_ok=True)
    (tools / WHEEL_NAME).write_bytes(data)
    removed = []
    for old in sorted(tools.glob("cs_roadmap-*.whl")):
        if old.name != WHEEL_NAME:
            old.unlink()
            removed.append(f"{TOOLS}/{old.name}")
    line = ToolSource().line
    text = requirements.read_text("utf-8")
    pinned = re.compile(r"^cs[-_]roadmap\s*(==|@|>=|~=).*$", re.MULTILINE | re.IGNORECASE)
    if _WHEEL_LINE.search(text):
        text = _WHEEL_LINE.sub(line, text, count=1)
    elif pinned.search(text):
        text = pinned.sub(line, text, count=1)
    else:
        text = text + ("" if text.endswith("\n") or not text else "\n") + line + "\n"
    requirements.write_text(text, encoding="utf-8", newline="\n")
    schemas = len(write_schemas(root / FOLDER)) if (root / FOLDER).is_dir() else 0
    return Refreshed(f"{TOOLS}/{WHEEL_NAME}", tuple(removed), schemas)
