"""`roadmap init` and `roadmap schemas`: a roadmap repository of its own, ready at once.

A new repository is created in a temporary folder, then validated and built with both
builders exactly as its owner would, with no other step.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, RunCli, cli

from generator import __version__
from generator.data.schema import schema_text
from generator.scaffold.init import (
    horizon_note,
    init_repository,
    skeleton_files,
    starting_quarter,
)
from generator.scaffold.schemas import SCHEMA_FILES, schema_line
from generator.site.config import load_site_config

TODAY = dt.date(2027, 5, 10)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One repository made by `roadmap init`, shared by the read-only checks."""
    parent = tmp_path_factory.mktemp("init")
    result = cli("init", parent / "our-roadmap")
    assert result.exit_code == 0, result.output
    return parent / "our-roadmap"


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if ".github" not in p.parts)


def test_init_prints_what_it_made_and_what_comes_next(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "ours")
    assert result.exit_code == 0
    assert result.stdout == ""
    n = len(skeleton_files(dt.date.today())) + 1  # and the tool's wheel
    assert result.stderr == (
        f"created a roadmap repository in ours ({n} files)\n"
        f"{horizon_note(dt.date.today())}\n"
        "next:\n"
        "  cd ours && roadmap validate && roadmap build    # check the data, build site/\n"
        "  edit roadmap/ (start with roadmap.yaml), then git init, commit and push to GitHub;\n"
        "  README.md says how to publish the site with GitHub Pages\n"
    )


def test_the_files_of_a_new_repository(repo: Path) -> None:
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    assert files == sorted(
        [
            ".github/CODEOWNERS",
            ".github/ISSUE_TEMPLATE/checkin.yml",
            ".github/ISSUE_TEMPLATE/reading.yml",
            ".github/ISSUE_TEMPLATE/request.yml",
            ".github/workflows/intake.yml",
            ".github/workflows/publish.yml",
            ".github/workflows/pull-request.yml",
            ".gitignore",
            ".pre-commit-config.yaml",
            "README.md",
            "mkdocs.yml",
            "requirements.txt",
            "roadmap/calendar.yaml",
            "roadmap/initiatives/contact-reasons.yaml",
            "roadmap/initiatives/help-center-refresh.yaml",
            "roadmap/initiatives/reply-templates.yaml",
            "roadmap/kpis.yaml",
            "roadmap/okrs/objectives.yaml",
            "roadmap/people.yaml",
            "roadmap/roadmap.yaml",
            *(f"schemas/{name}" for name in SCHEMA_FILES),
            f"tools/cs_roadmap-{__version__}-py3-none-any.whl",
        ]
    )


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_validate_and_build_pass_at_once(
    run_cli: RunCli, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builder: str
) -> None:
    project = tmp_path / "copy"
    shutil.copytree(repo, project)
    monkeypatch.chdir(project)
    result = run_cli("validate", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == "roadmap: valid (3 initiatives, 1 objective, 0 warnings)\n"
    # As the workflows build: the published edition, then the leadership one.
    for site, edition in (("site", ()), ("leadership-site", ("--audience", "leadership"))):
        result = run_cli("build", "--strict", "--builder", builder, "--site-dir", site, *edition)
        assert result.exit_code == 0, result.output
        assert (project / site / "index.html").is_file()
        assert (project / site / "initiatives/contact-reasons/index.html").is_file()


def test_every_schema_line_resolves_and_the_schema_accepts_the_file(repo: Path) -> None:
    _check_schema_lines(repo / "roadmap", expect=repo / "schemas")


def test_the_example_data_has_schema_lines_that_resolve() -> None:
    _check_schema_lines(ROOT / "roadmap", expect=ROOT / "generator" / "schemas")


def _check_schema_lines(data: Path, expect: Path) -> None:
    """Every file names a schema that exists where the line says, as an editor reads it,
    and an independent validator (check-jsonschema, reading the schema from that path)
    accepts the file."""
    by_schema: dict[Path, list[Path]] = defaultdict(list)
    for path in _yaml_files(data):
        target = schema_line(path)
        assert target is not None, f"{path} has no $schema line"
        schema = (path.parent / target).resolve()
        assert schema.is_file(), f"{path}: {target} does not resolve"
        assert schema.parent == expect.resolve()
        by_schema[schema].append(path)
    core = {f"{k}.schema.json" for k in ("roadmap", "initiative", "calendar", "people", "kpis")}
    assert core | {"okrs.schema.json"} <= {s.name for s in by_schema}  # every kind is there
    tool = Path(sys.executable).parent / "check-jsonschema"
    for schema, paths in sorted(by_schema.items()):
        result = subprocess.run(
            [str(tool), "--schemafile", str(schema), *map(str, paths)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_horizon_starts_now_or_next_quarter() -> None:
    assert str(starting_quarter(dt.date(2027, 5, 10))) == "2027-Q2"
    assert str(starting_quarter(dt.date(2027, 5, 20))) == "2027-Q2"  # 42 days left
    # With under six weeks left there is no room to plan the quarter: start at the next.
    assert str(starting_quarter(dt.date(2027, 5, 21))) == "2027-Q3"
    assert str(starting_quarter(dt.date(2026, 12, 2))) == "2027-Q1"
    assert str(starting_quarter(dt.date(2027, 12, 31))) == "2028-Q1"
    assert horizon_note(dt.date(2027, 5, 10)) == (
        "the horizon starts at the current quarter: 2027-Q2 to 2028-Q1"
    )
    assert horizon_note(dt.date(2026, 12, 2)) == (
        "4 weeks of 2026-Q4 are left (under 6 weeks), so the horizon starts at the next "
        "quarter: 2027-Q1 to 2027-Q4; to start elsewhere, change horizon.start in "
        "roadmap/roadmap.yaml"
    )
    assert horizon_note(dt.date(2027, 12, 31)).startswith("1 day of 2027-Q4 is left")
    settings = yaml.safe_load(skeleton_files(TODAY)["roadmap/roadmap.yaml"])
    assert settings["horizon"] == {"start": "2027-Q2", "quarters": 4}
    assert settings["review"] == {"every_months": 3, "next": dt.date(2027, 7, 1)}
    (objective,) = yaml.safe_load(skeleton_files(TODAY)["roadmap/okrs/objectives.yaml"])[
        "objectives"
    ]
    assert objective["period"] == "2027-Q2"


def test_no_names_from_the_example_roadmap(repo: Path) -> None:
    people = yaml.safe_load((ROOT / "roadmap/people.yaml").read_text("utf-8"))
    names = {p["id"] for p in people["people"]} | {t["id"] for t in people["teams"]}
    names |= {p["name"].split()[0] for p in people["people"]}
    names |= {"payroll", "zendesk"}
    assert len(names) > 6
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b", re.I)
    for path in repo.rglob("*"):
        if path.is_file() and path.parent.name not in ("schemas", "tools"):
            found = pattern.findall(path.read_text("utf-8"))
            assert not found, f"{path.relative_to(repo)} names {found}"


def test_workflows_install_the_tool_from_the_wheel_in_tools(repo: Path) -> None:
    wheel = f"tools/cs_roadmap-{__version__}-py3-none-any.whl"
    lines = (repo / "requirements.txt").read_text("utf-8").splitlines()
    assert [ln for ln in lines if not ln.startswith("#")] == [f"./{wheel}"]
    assert (repo / wheel).is_file()
    for name in ("publish.yml", "pull-request.yml"):
        workflow = yaml.safe_load((repo / ".github/workflows" / name).read_text("utf-8"))
        runs = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
        installs = [r for r in runs if "pip install" in r]
        assert installs == ["pip install -r requirements.txt"], name
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = hooks["repos"][0]["hooks"]
    # the roadmap requirements.txt installed; pre-commit cannot install a path of the repository
    assert hook["language"] == "system" and "additional_dependencies" not in hook
    assert hook["entry"] == "roadmap validate"


def test_the_wheel_holds_the_whole_tool_and_is_the_same_each_time(
    repo: Path, tmp_path: Path
) -> None:
    import zipfile

    from generator.scaffold.tool import wheel_bytes

    wheel = repo / f"tools/cs_roadmap-{__version__}-py3-none-any.whl"
    assert wheel.read_bytes() == wheel_bytes()
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        metadata = z.read(f"cs_roadmap-{__version__}.dist-info/METADATA").decode()
        entry_points = z.read(f"cs_roadmap-{__version__}.dist-info/entry_points.txt").decode()
    for name in (
        "generator/cli/__init__.py",
        "generator/schemas/initiative.schema.json",
        "generator/templates/home.md.j2",
        "generator/scaffold/skeleton/requirements.txt",
        "generator/site/default-mkdocs.yml",
        f"cs_roadmap-{__version__}.dist-info/RECORD",
    ):
        assert name in names, name
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert f"Version: {__version__}\n" in metadata and "Requires-Dist: click" in metadata
    assert "roadmap = generator.cli:main" in entry_points


def test_tool_source_names_a_requirement_instead_of_the_wheel(tmp_path: Path) -> None:
    pin = "cs-roadmap==9.9.9"
    assert cli("init", tmp_path / "r", "--tool-source", pin).exit_code == 0
    assert not (tmp_path / "r" / "tools").exists()
    lines = (tmp_path / "r/requirements.txt").read_text("utf-8").splitlines()
    assert [ln for ln in lines if not ln.startswith("#")] == [pin]
    hooks = yaml.safe_load((tmp_path / "r/.pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = hooks["repos"][0]["hooks"]
    assert hook["language"] == "python" and hook["additional_dependencies"] == [pin]
    result = cli("init", tmp_path / "s", "--tool-source", "-e .")
    assert result.exit_code == 1 and "is not a pip requirement" in result.stderr


def test_refresh_tool_replaces_the_wheel_and_the_requirement(tmp_path: Path) -> None:
    assert cli("init", tmp_path / "r", "--tool-source", "cs-roadmap==0.0.1").exit_code == 0
    old = tmp_path / "r/tools/cs_roadmap-0.0.1-py3-none-any.whl"
    old.parent.mkdir()
    old.write_bytes(b"old")
    (tmp_path / "r/schemas/kpis.schema.json").write_text("{}", "utf-8")
    result = cli("init", tmp_path / "r", "--refresh-tool")
    assert result.exit_code == 0, result.output
    wheel = f"tools/cs_roadmap-{__version__}-py3-none-any.whl"
    assert f"wrote {wheel}" in result.stderr and "removed tools/cs_roadmap-0.0.1" in result.stderr
    assert not old.exists() and (tmp_path / "r" / wheel).is_file()
    lines = (tmp_path / "r/requirements.txt").read_text("utf-8").splitlines()
    assert [ln for ln in lines if not ln.startswith("#")] == [f"./{wheel}"]
    assert (tmp_path / "r/schemas/kpis.schema.json").read_text("utf-8") != "{}"
    result = cli("init", tmp_path / "empty", "--refresh-tool")
    assert result.exit_code == 1 and "has no requirements.txt" in result.stderr
    assert cli("init", tmp_path / "r", "--refresh-tool", "--force").exit_code == 2


@pytest.mark.slow
def test_a_new_repository_installs_the_tool_with_no_release(repo: Path, tmp_path: Path) -> None:
    """What a fresh CI runner does: a new venv, `pip install -r requirements.txt`, validate,
    build. No index has cs-roadmap, so the tool can only come from the wheel in tools/."""
    project = tmp_path / "repo"
    shutil.copytree(repo, project)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    pip = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "-r", "requirements.txt"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert Path(where).resolve().is_relative_to(venv.resolve())  # the wheel, not this checkout
    for args in (
        ["validate", "--strict"],
        ["build", "--strict", "--site-dir", "site"],
        ["record", "csat", "4.2", "--date", "2027-05-31"],  # ruamel.yaml came along
    ):
        result = subprocess.run(
            [str(bin_dir / "roadmap"), *args],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site/index.html").is_file()


def test_the_workflows_match_this_repositorys_apart_from_the_install(repo: Path) -> None:
    for form in ("checkin.yml", "reading.yml", "request.yml"):
        ours = (ROOT / ".github/ISSUE_TEMPLATE" / form).read_bytes()
        assert (repo / ".github/ISSUE_TEMPLATE" / form).read_bytes() == ours
    for name in ("publish.yml", "pull-request.yml", "intake.yml"):
        ours = (ROOT / ".github/workflows" / name).read_text("utf-8")
        theirs = (repo / ".github/workflows" / name).read_text("utf-8")
        ours = ours.replace("pip install -e .", "pip install -r requirements.txt")
        ours = ours.replace(
            "cache-dependency-path: pyproject.toml", "cache-dependency-path: requirements.txt"
        )
        theirs = theirs.replace(
            "      # The tool as requirements.txt names it (the wheel in tools/, or a release).\n",
            "",
        )
        # Only this repository pins the day: its roadmap is the example, told as of a date.
        start = ours.find("# This repository's roadmap is the example")
        if start != -1:
            ours = ours[:start] + ours[ours.index("\n\n", start) + 2 :]
        assert theirs == ours, (
            f"generator/scaffold/skeleton/dot-github/workflows/{name} must follow "
            f".github/workflows/{name} (apart from installing the pinned tool)"
        )


def test_site_settings_match_this_repositorys_and_are_the_defaults(repo: Path) -> None:
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    theirs = yaml.safe_load((repo / "mkdocs.yml").read_text("utf-8"))
    assert theirs == ours, "generator/site/default-mkdocs.yml must follow mkdocs.yml"
    assert theirs["theme"]["palette"][1]["scheme"] == "slate"  # dark mode comes along
    # A project without mkdocs.yml gets the same settings, dark mode included.
    assert load_site_config(repo / "roadmap").settings == theirs


def test_git_ignores_the_built_site_and_build_staging(repo: Path, tmp_path: Path) -> None:
    project = tmp_path / "repo"
    shutil.copytree(repo, project)
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    ignored = ["site/index.html", ".site.building-x1y2/docs/a.md", ".site.old-123/index.html"]
    ignored.append("leadership-site/index.html")
    result = subprocess.run(
        ["git", "check-ignore", *ignored, "roadmap/roadmap.yaml", "schemas/okrs.schema.json"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ignored


def test_refuses_a_folder_that_is_not_empty(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ours").mkdir()
    (tmp_path / "ours/notes.txt").write_text("mine", "utf-8")
    result = run_cli("init", "ours")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: ours is not empty (notes.txt); pick a new or empty folder, or pass --force "
        "to add the missing files (existing files are kept)\n"
    )
    assert [p.name for p in (tmp_path / "ours").iterdir()] == ["notes.txt"]


def test_force_adds_the_missing_files_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Our team\n", "utf-8")
    created = init_repository(tmp_path, force=True, today=TODAY)
    assert created.kept == ("README.md",)
    assert (tmp_path / "README.md").read_text("utf-8") == "# Our team\n"
    assert (tmp_path / "roadmap/roadmap.yaml").is_file()


def test_refuses_a_file(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("taken").write_text("", "utf-8")
    result = run_cli("init", "taken")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: taken is a file; pass a folder for the new roadmap repository\n"
    )


def test_new_files_in_a_new_repository_point_at_its_schemas(
    run_cli: RunCli, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "copy"
    shutil.copytree(repo, project)
    monkeypatch.chdir(project)
    assert run_cli("new", "initiative", "chat-handover").exit_code == 0
    assert run_cli("new", "objective", "faster-answers").exit_code == 0
    for path in ("roadmap/initiatives/chat-handover.yaml", "roadmap/okrs/faster-answers.yaml"):
        target = schema_line(project / path)
        assert target is not None and (project / path).parent.joinpath(target).is_file(), path
    assert run_cli("validate").exit_code == 0


def test_schemas_write_refreshes_the_editor_schemas(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("schemas").mkdir()
    Path("schemas/okrs.schema.json").write_text("{}", "utf-8")  # from an older version
    result = run_cli("schemas", "--write", "schemas")
    assert result.exit_code == 0
    assert result.stderr == f"wrote {len(SCHEMA_FILES)} schemas to schemas\n"
    assert len(SCHEMA_FILES) >= 7
    for name in SCHEMA_FILES:
        assert Path("schemas", name).read_text("utf-8") == schema_text(name.split(".")[0])
    listing = run_cli("schemas")
    assert listing.stdout.split() == list(SCHEMA_FILES)


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"roadmap, version {__version__}\n"
