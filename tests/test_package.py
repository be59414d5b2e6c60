"""The tool as a package: the wheel and sdist carry everything, with complete metadata.

The distributions are built as the release workflow builds them (python -m build),
without network access (--no-isolation, with the test extra's hatchling); then the
wheel alone, unpacked onto the path, creates a repository that validates.
"""

from __future__ import annotations

import email.parser
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, run_roadmap

from generator import __version__


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_wheel_metadata_is_complete(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == f"cs_roadmap-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as z:
        meta_name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(z.read(meta_name).decode("utf-8"))
        names = set(z.namelist())
        entry_points = z.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    assert meta["Name"] == "cs-roadmap" and meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT" and meta["Requires-Python"] == ">=3.11"
    assert meta["Summary"] and meta["Author"] and meta["Keywords"]
    assert meta["Description-Content-Type"] == "text/markdown"
    assert "# CS roadmap publisher" in meta.get_payload()
    assert set(meta.get_all("Provides-Extra")) == {"zensical", "test", "bench"}
    assert "roadmap = generator.cli:main" in entry_points
    assert "roadmap = generator.site.mkdocs_plugin:RoadmapPlugin" in entry_points
    for needed in (
        "generator/py.typed",
        "generator/templates/team.md.j2",
        "generator/templates/roadmap.css",
        "generator/schemas/common.schema.json",
        "generator/scaffold/skeleton/dot-github/workflows/publish.yml",
        "generator/scaffold/skeleton/roadmap/roadmap.yaml",
        "generator/site/default-mkdocs.yml",
    ):
        assert needed in names, needed


def test_sdist_has_sources_templates_and_license(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
    for needed in ("LICENSE", "README.md", "pyproject.toml", "templates/team.md.j2"):
        assert needed in names, needed
    assert "generator/scaffold/skeleton/dot-gitignore" in names
    assert not [n for n in names if n.startswith((".venv/", "site/"))]


def test_the_wheel_alone_makes_a_repository_that_validates(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(installed)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run(
        [sys.executable, "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(installed))  # the wheel's copy, not this checkout
    made = run_roadmap("init", "ours", cwd=tmp_path, env=env)
    assert made.returncode == 0, made.stderr
    checked = run_roadmap("validate", "--strict", cwd=tmp_path / "ours", env=env)
    assert checked.returncode == 0, checked.stderr
